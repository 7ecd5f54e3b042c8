//! Prints the good bundle the bad-bundle corpus is derived from (see
//! `scripts/make-bad-bundles.mjs`): a tablet's renovation case with two photos and a complaint.
//!
//!     cargo run -q -p estate-core --example fixture_bundle > tests/fixtures/bad-bundles/good.json

use chrono::{DateTime, Duration, Utc};
use estate_core::bundle::{self, Scope, Source, WireAttachment};
use estate_core::chain::sha256_hex;
use estate_core::feedback::{Channel, FeedbackChange, FeedbackKind};
use estate_core::party::{Contractor, Occupancy, Resident, UnitRef};
use estate_core::record::chain_records;
use estate_core::renovation::{Document, Evidence, RenovationChange as R};
use estate_core::scenario::Scenario;
use estate_core::{Change, Role};

fn main() {
    let at = |minutes| {
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minutes)
    };
    let mut device = Scenario::new("tablet-1");
    let desk = device.actor("赵巡", Role::FrontDesk);
    let photos: Vec<Vec<u8>> = vec![b"\xFF\xD8photo-one".to_vec(), b"\xFF\xD8photo-two".to_vec()];
    let hashes: Vec<String> = photos.iter().map(|bytes| sha256_hex(bytes)).collect();
    let resident = Resident {
        name: "陈先生".into(),
        occupancy: Occupancy::Owner,
        phone: "13800000000".into(),
    };
    let steps = [
        (
            "ren-1",
            Change::Renovation(R::Opened {
                unit: UnitRef::new("3", "2", "1201"),
                resident: resident.clone(),
                commercial_unit: false,
                number: None,
            }),
        ),
        (
            "ren-1",
            Change::Renovation(R::ContractorSet {
                contractor: Contractor {
                    name: "安居装饰".into(),
                    phone: "021-1234".into(),
                },
            }),
        ),
        (
            "ren-1",
            Change::Renovation(R::DocumentReceived {
                document: Document::ResidentPhotos,
                evidence: Evidence {
                    attachments: hashes.clone(),
                    paper_copies: 1,
                    stamped: false,
                },
            }),
        ),
        (
            "fb-1",
            Change::Feedback(FeedbackChange::Received {
                kind: FeedbackKind::Complaint,
                channel: Channel::Patrol,
                resident,
                unit: UnitRef::new("3", "2", "1101"),
                what: "夜间施工噪音".into(),
                happened_at: None,
                acknowledged: true,
                number: None,
            }),
        ),
    ];
    for (minute, (entity, change)) in steps.into_iter().enumerate() {
        device
            .run(&desk, entity, change, at(minute as i64))
            .expect("valid step");
    }
    let attachments = photos
        .iter()
        .zip(&hashes)
        .map(|(bytes, sha)| WireAttachment::new(sha.clone(), "image/jpeg".into(), bytes))
        .collect();
    let source = Source {
        device_id: "tablet-1".into(),
        device_name: "巡视平板 1".into(),
        person: "赵巡".into(),
    };
    let bundle = bundle::build(
        &chain_records(device.log()),
        attachments,
        source,
        at(60),
        Scope::Full,
        "0.1.0",
    )
    .expect("bundle");
    println!(
        "{}",
        serde_json::to_string_pretty(&bundle).expect("serializes")
    );
}
