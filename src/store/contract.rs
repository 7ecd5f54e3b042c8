//! The storage contract suite: one set of checks, run on every backend (memory natively,
//! IndexedDB in headless Chromium), so both behave the same.

use chrono::{DateTime, Utc};
use estate_core::feedback::{Channel, FeedbackChange, FeedbackKind};
use estate_core::party::{Occupancy, Resident, UnitRef};
use estate_core::record::{chain_records, project};
use estate_core::scenario::Scenario;
use estate_core::{Change, EntityId, Role};

use super::{Attachment, Store, WriteBatch};
#[cfg(any(test, feature = "fault-injection"))]
use super::{Fault, FaultInjection, StoreError};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("test time")
        .with_timezone(&Utc)
}

/// Three feedback cases received on one device, as a commit would write them.
pub fn sample_batch() -> (Scenario, WriteBatch) {
    let mut device = Scenario::new("contract-device");
    let desk = device.actor("王芳", Role::FrontDesk);
    for (index, room) in ["101", "102", "103"].into_iter().enumerate() {
        let change = Change::Feedback(FeedbackChange::Received {
            kind: FeedbackKind::Complaint,
            channel: Channel::Phone,
            resident: Resident {
                name: format!("住户{index}"),
                occupancy: Occupancy::Owner,
                phone: "1".into(),
            },
            unit: UnitRef::new("1", "1", room),
            what: "<img src=x onerror=alert(1)> 漏水".into(),
            happened_at: None,
            acknowledged: true,
            number: None,
        });
        device
            .run(
                &desk,
                &format!("fb-{index}"),
                change,
                at("2026-03-02T09:00:00+08:00"),
            )
            .expect("valid");
    }
    let now = at("2026-03-02T10:00:00+08:00");
    let batch = WriteBatch {
        events: chain_records(device.log()),
        entities: device
            .desk()
            .feedback
            .keys()
            .filter_map(|id| project(device.desk(), id, now))
            .collect(),
        attachments: Vec::new(),
        meta: vec![("device_id".into(), serde_json::json!("contract-device"))],
        events_before: None,
    };
    (device, batch)
}

/// Opening reads the events in batches (issue #19: memory): every event comes exactly once,
/// no batch is larger than [`super::EVENT_BATCH`], and a batch refused by the reader stops
/// the read with its error.
pub async fn events_in_batches_are_every_event_once(store: &impl Store) {
    let office = estate_core::sample::office(60, 5);
    let records = chain_records(office.log());
    assert!(records.len() > super::EVENT_BATCH, "more than one batch");
    store
        .commit(&WriteBatch {
            events: records.clone(),
            ..WriteBatch::default()
        })
        .await
        .expect("commit");
    let mut read = Vec::new();
    let mut batches = 0;
    store
        .each_event_batch(&mut |batch| {
            assert!(batch.len() <= super::EVENT_BATCH);
            batches += 1;
            read.extend_from_slice(batch);
            Ok(())
        })
        .await
        .expect("read in batches");
    assert!(batches >= 2, "{batches} batches");
    estate_core::sorting::sort_by(&mut read, |a, b| a.hlc_key.cmp(&b.hlc_key));
    assert_eq!(read, store.events().await.expect("events"));
    assert_eq!(read.len(), records.len());
    let mut calls = 0;
    let refused = store
        .each_event_batch(&mut |_| {
            calls += 1;
            Err(super::StoreError::Record("unreadable".into()))
        })
        .await;
    assert_eq!(refused, Err(super::StoreError::Record("unreadable".into())));
    assert_eq!(calls, 1, "the first refusal stops the read");
}

/// What is written is read back: events in HLC order, projections and meta.
pub async fn round_trip(store: &impl Store) {
    let (_, batch) = sample_batch();
    store.commit(&batch).await.expect("commit");
    let events = store.events().await.expect("events");
    assert_eq!(
        events, batch.events,
        "events come back whole and in HLC order"
    );
    let mut entities = store.entities().await.expect("entities");
    estate_core::sorting::sort_by(&mut entities, |a, b| a.id.cmp(&b.id));
    assert_eq!(entities, batch.entities);
    let received = store
        .entities_with_status("feedback", "received")
        .await
        .expect("by status");
    assert_eq!(received.len(), 3);
    assert!(store
        .entities_with_status("feedback", "closed")
        .await
        .expect("by status")
        .is_empty());
    assert_eq!(
        store.meta("device_id").await.expect("meta"),
        Some(serde_json::json!("contract-device"))
    );
    assert_eq!(store.meta("missing").await.expect("meta"), None);
}

/// Issue #21, finding 5: a commit that continues the chain from a count of events another
/// writer has already moved on from is refused whole, and one from the true count lands.
pub async fn a_second_writer_from_the_same_head_is_refused(store: &impl Store) {
    let (_, batch) = sample_batch();
    let first = WriteBatch {
        events: batch.events[..1].to_vec(),
        events_before: Some(0),
        ..WriteBatch::default()
    };
    store.commit(&first).await.expect("the first writer lands");
    let second = WriteBatch {
        events: batch.events[1..].to_vec(),
        entities: batch.entities.clone(),
        events_before: Some(0),
        ..WriteBatch::default()
    };
    let refused = store.commit(&second).await;
    assert!(
        matches!(refused, Err(super::StoreError::Stale)),
        "{refused:?}"
    );
    assert_eq!(store.events().await.expect("events").len(), 1);
    assert!(store.entities().await.expect("entities").is_empty());
    store
        .commit(&WriteBatch {
            events_before: Some(1),
            ..second
        })
        .await
        .expect("decided again on the true count, it lands");
    assert_eq!(store.events().await.expect("events").len(), 3);
}

/// A commit whose second write of three fails leaves nothing written, and the store works
/// afterwards.
#[cfg(any(test, feature = "fault-injection"))]
pub async fn atomic_failure_of_the_second_of_three_writes(store: &(impl Store + FaultInjection)) {
    let (_, batch) = sample_batch();
    let events_only = WriteBatch {
        events: batch.events.clone(),
        ..WriteBatch::default()
    };
    assert_eq!(events_only.events.len(), 3);
    store.arm_fault(Fault::FailWrite(2));
    let failed = store.commit(&events_only).await;
    assert!(matches!(failed, Err(StoreError::Failed(_))), "{failed:?}");
    assert!(
        store.events().await.expect("events").is_empty(),
        "nothing of the failed commit was written"
    );
    store
        .commit(&events_only)
        .await
        .expect("the next commit works");
    assert_eq!(store.events().await.expect("events").len(), 3);
}

/// A large commit, written a chunk at a time (issue #19), is still all or nothing: a failure
/// at its last write, chunks after the first already written, leaves nothing stored.
#[cfg(any(test, feature = "fault-injection"))]
pub async fn a_large_commit_failing_at_its_last_write_writes_nothing(
    store: &(impl Store + FaultInjection),
) {
    let office = estate_core::sample::office(120, 9);
    let large = WriteBatch {
        events: chain_records(office.log()),
        ..WriteBatch::default()
    };
    assert!(large.events.len() > 1_200, "three chunks or more");
    store.arm_fault(Fault::FailWrite(large.events.len()));
    let failed = store.commit(&large).await;
    assert!(matches!(failed, Err(StoreError::Failed(_))), "{failed:?}");
    assert_eq!(store.event_count().await.expect("count"), 0);
    store.commit(&large).await.expect("the next commit works");
    assert_eq!(store.events().await.expect("events"), large.events);
}

/// A full disk fails the commit with a quota error and writes nothing.
#[cfg(any(test, feature = "fault-injection"))]
pub async fn quota_error_writes_nothing(store: &(impl Store + FaultInjection)) {
    let (_, batch) = sample_batch();
    store.arm_fault(Fault::QuotaExceeded);
    assert_eq!(store.commit(&batch).await, Err(StoreError::QuotaExceeded));
    assert!(store.events().await.expect("events").is_empty());
    assert!(store.entities().await.expect("entities").is_empty());
    assert_eq!(store.meta("device_id").await.expect("meta"), None);
}

/// The same photo is stored once.
pub async fn attachment_dedup_by_hash(store: &impl Store) {
    let photo = Attachment {
        sha256: "ab".repeat(32),
        mime: "image/jpeg".into(),
        bytes: vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3],
    };
    assert!(store
        .put_attachment(photo.clone())
        .await
        .expect("first put"));
    assert!(
        !store
            .put_attachment(photo.clone())
            .await
            .expect("second put"),
        "already stored"
    );
    assert_eq!(
        store.attachment(&photo.sha256).await.expect("get"),
        Some(photo.clone())
    );
    assert_eq!(store.attachment(&"cd".repeat(32)).await.expect("get"), None);
    let second = Attachment {
        sha256: "ef".repeat(32),
        mime: "image/jpeg".into(),
        bytes: vec![9, 8, 7],
    };
    store
        .commit(&WriteBatch {
            attachments: vec![second.clone(), photo.clone()],
            ..WriteBatch::default()
        })
        .await
        .expect("a commit carries photos too");
    assert_eq!(
        store.attachment(&second.sha256).await.expect("get"),
        Some(second.clone())
    );
    let keys = store.attachment_keys().await.expect("keys");
    assert_eq!(
        keys.into_iter().collect::<Vec<_>>(),
        vec![photo.sha256.clone(), second.sha256.clone()]
    );
}

/// Rebuilding projections from the stored events gives the projections that were written.
pub async fn rebuild_from_events_gives_identical_projections(store: &impl Store) {
    let (_device, batch) = sample_batch();
    store.commit(&batch).await.expect("commit");
    store
        .replace_entities(Vec::new())
        .await
        .expect("wipe projections");
    assert!(store.entities().await.expect("entities").is_empty());

    let events: Vec<_> = store
        .events()
        .await
        .expect("events")
        .iter()
        .map(|record| record.to_event().expect("event"))
        .collect();
    let desk = estate_core::local_device::fresh_desk().replay(&events);
    let now = at("2026-03-02T10:00:00+08:00");
    let rebuilt: Vec<_> = desk
        .feedback
        .keys()
        .filter_map(|id: &EntityId| project(&desk, id, now))
        .collect();
    store.replace_entities(rebuilt).await.expect("rebuild");
    let mut entities = store.entities().await.expect("entities");
    estate_core::sorting::sort_by(&mut entities, |a, b| a.id.cmp(&b.id));
    assert_eq!(entities, batch.entities);
}

/// Erasing the device leaves no event, projection, photo or meta entry behind.
pub async fn erase_leaves_nothing(store: &impl Store) {
    let (_, mut batch) = sample_batch();
    batch.attachments.push(Attachment {
        sha256: "ab".repeat(32),
        mime: "image/jpeg".into(),
        bytes: vec![1, 2, 3],
    });
    store.commit(&batch).await.expect("the sample commits");
    assert!(!store.events().await.unwrap().is_empty());
    store.erase_everything().await.expect("erases");
    assert!(store.events().await.unwrap().is_empty());
    assert!(store.entities().await.unwrap().is_empty());
    assert!(store.attachment_keys().await.unwrap().is_empty());
    assert_eq!(store.meta("device_id").await.unwrap(), None);
}
