//! The command path: UI → command → core decides → events → one store commit → views re-read.
//! The service keeps this device's [`LocalDevice`] in memory, so a command is decided without
//! reading the database. Every write is lock → prepare (core) → commit (one transaction) →
//! confirm, or abort when the commit fails: memory never runs ahead of the disk.

use std::cell::RefCell;
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use estate_core::hlc::DeviceId;
use estate_core::local_device::{LocalDevice, PreparedAbsorb, ReloadFold, StoredEvents};
use estate_core::record::EntityRecord;
use estate_core::violation::Violation;
use estate_core::{Actor, Change, Desk, EntityId, Event, EventId};
use futures::lock::Mutex;

use crate::store::{Attachment, Store, StoreError, WriteBatch};
use crate::timing::Span;

/// Why a command did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The manual forbids it: every broken rule, each naming its ID.
    Refused(Vec<Violation>),
    /// It was allowed but could not be saved; nothing was written.
    Store(StoreError),
}

/// Makes ids for new events and devices (UUID v7 in the browser, a counter in tests).
pub type IdMaker = Box<dyn Fn() -> String>;

/// The desk of this device over a store.
pub struct DeskService<S: Store> {
    store: S,
    new_id: IdMaker,
    device: RefCell<LocalDevice>,
    writing: Mutex<()>,
    /// The projections an import changed, written after its events (see
    /// [`DeskService::write_pending_projections`]).
    pending_projections: RefCell<Option<PendingProjections>>,
}

/// Projections an import changed that are not written yet. They are a cache of the events:
/// an import's one critical transaction holds its events and marks the projections pending
/// (meta [`PROJECTIONS_PENDING_KEY`]); a second transaction writes them and clears the mark,
/// and opening a device whose mark is still set rebuilds every projection (issue #19).
struct PendingProjections {
    /// The entities the imports touched.
    touched: BTreeSet<EntityId>,
    /// Their projections as the import computed them, and the length of the log they were
    /// computed on: after any later write they are projected again.
    computed: Option<(usize, Vec<EntityRecord>)>,
    now: DateTime<Utc>,
}

/// How often a write is decided again after another tab of this device wrote first.
const WRITE_ATTEMPTS: u32 = 3;

const DEVICE_ID_KEY: &str = "device_id";
const HLC_KEY: &str = "hlc";
/// The meta entry recording the last export.
pub const LAST_EXPORT_KEY: &str = "last_export";
/// The meta entry that is `true` while an import's projections are not written yet.
pub const PROJECTIONS_PENDING_KEY: &str = "projections_pending";

fn unreadable(error: impl ToString) -> StoreError {
    StoreError::Record(error.to_string())
}

/// The meta entry marking an import's projections as pending (`true`) or written.
fn pending_mark(pending: bool) -> (String, serde_json::Value) {
    (
        PROJECTIONS_PENDING_KEY.to_owned(),
        serde_json::Value::Bool(pending),
    )
}

/// The projection of every entity `device` holds events of, at `now`.
fn every_projection(device: &LocalDevice, now: DateTime<Utc>) -> Vec<EntityRecord> {
    let ids: BTreeSet<&EntityId> = device.log().iter().map(|event| &event.entity).collect();
    ids.into_iter()
        .filter_map(|id| estate_core::record::project(device.desk(), id, now))
        .collect()
}

/// Every stored event, decoded a batch at a time (issue #19: memory), telling `decoded` how
/// many are decoded after each batch.
async fn read_stored_events(
    store: &impl Store,
    decoded: &mut impl FnMut(usize),
) -> Result<StoredEvents, StoreError> {
    let mut stored = StoredEvents::default();
    store
        .each_event_batch(&mut |batch| {
            stored.add(batch).map_err(unreadable)?;
            decoded(stored.len());
            Ok(())
        })
        .await?;
    Ok(stored)
}

/// How many stored events a fold takes between two looks at the clock: a few milliseconds
/// in the browser.
const RELOAD_FOLD_STEP: usize = 1_000;

/// Folds stored events a slice at a time, the page getting a turn once a turn's time is up
/// (issue #19: opening a 10k-case office folded its 125k events in one task of about two
/// seconds), telling `folded` how many are folded before each turn.
async fn fold_by_turns(mut fold: ReloadFold, folded: &mut impl FnMut(usize)) -> ReloadFold {
    while !crate::timing::Turn::start().take_steps(|| fold.step(RELOAD_FOLD_STEP)) {
        folded(fold.folded());
        crate::timing::yield_to_page().await;
    }
    fold
}

/// How far opening the office has come: each stored event counts once when decoded and once
/// when folded, so `total` is twice the events stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningProgress {
    pub done: usize,
    pub total: usize,
}

/// `device` after every stored event, read and folded a turn at a time, telling `report` how
/// far it has come.
async fn load_by_turns(
    store: &impl Store,
    device: DeviceId,
    report: &mut impl FnMut(OpeningProgress),
) -> Result<LocalDevice, StoreError> {
    let events = usize::try_from(store.event_count().await?).unwrap_or(usize::MAX);
    let total = events.saturating_mul(2);
    let stored = read_stored_events(store, &mut |decoded| {
        report(OpeningProgress {
            done: decoded.min(events),
            total,
        });
    })
    .await?;
    let mut loaded = LocalDevice::new(device);
    let fold = fold_by_turns(loaded.start_reload(stored), &mut |folded| {
        report(OpeningProgress {
            done: events.saturating_add(folded).min(total),
            total,
        });
    })
    .await;
    loaded.finish_reload(fold);
    Ok(loaded)
}

impl<S: Store> DeskService<S> {
    /// Loads every stored event and folds it. A first start also gives the device its id.
    pub async fn load(store: S, new_id: IdMaker) -> Result<DeskService<S>, StoreError> {
        DeskService::load_reporting(store, new_id, |_| {}).await
    }

    /// [`DeskService::load`], telling `report` how far it has come, for the opening screen.
    pub async fn load_reporting(
        store: S,
        new_id: IdMaker,
        mut report: impl FnMut(OpeningProgress),
    ) -> Result<DeskService<S>, StoreError> {
        let device = match store.meta(DEVICE_ID_KEY).await? {
            Some(serde_json::Value::String(id)) => DeviceId(id),
            _ => {
                let id = new_id();
                let meta = vec![(
                    DEVICE_ID_KEY.to_owned(),
                    serde_json::Value::String(id.clone()),
                )];
                store
                    .commit(&WriteBatch {
                        meta,
                        ..WriteBatch::default()
                    })
                    .await?;
                DeviceId(id)
            }
        };
        let device = load_by_turns(&store, device, &mut report).await?;
        let service = DeskService {
            store,
            new_id,
            device: RefCell::new(device),
            writing: Mutex::new(()),
            pending_projections: RefCell::new(None),
        };
        if service.store.meta(PROJECTIONS_PENDING_KEY).await? == Some(serde_json::Value::Bool(true))
        {
            // An import's events were written, its projections not (the tab closed between
            // the two transactions): project every entity again.
            service.write_all_projections(Utc::now()).await?;
        }
        Ok(service)
    }

    /// Writes every entity's projection from the desk in memory and clears the pending mark,
    /// in one transaction.
    async fn write_all_projections(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        let projections = self.with_device(|device| every_projection(device, now));
        self.store
            .commit(&WriteBatch {
                entities: projections,
                meta: vec![pending_mark(false)],
                ..WriteBatch::default()
            })
            .await
    }

    /// Writes the projections the last imports changed, if any are pending, and clears the
    /// pending mark: the import's second transaction. The import screen calls it once its
    /// report is shown; a failure leaves them pending, and opening the device writes them.
    pub async fn write_pending_projections(&self) -> Result<(), StoreError> {
        let _one_at_a_time = self.writing.lock().await;
        let Some(pending) = self.pending_projections.borrow_mut().take() else {
            return Ok(());
        };
        let _writing = Span::start("import.write_projections");
        let entities = self.with_device(|device| match &pending.computed {
            Some((log_len, computed)) if *log_len == device.log().len() => computed.clone(),
            _ => pending
                .touched
                .iter()
                .filter_map(|id| estate_core::record::project(device.desk(), id, pending.now))
                .collect(),
        });
        let written = self
            .store
            .commit(&WriteBatch {
                entities,
                meta: vec![pending_mark(false)],
                ..WriteBatch::default()
            })
            .await;
        if written.is_err() {
            *self.pending_projections.borrow_mut() = Some(pending);
        }
        written
    }

    /// This device's id, for the actor of every event made here.
    pub fn device(&self) -> DeviceId {
        self.device.borrow().device().clone()
    }

    /// The store, for the service modules that read and write it for the screens (sync, the
    /// device key) and for tests. Architecture invariant: pages and components never call it;
    /// they use the narrow methods below.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Reads the current desk.
    pub fn with_desk<T>(&self, read: impl FnOnce(&Desk) -> T) -> T {
        read(self.device.borrow().desk())
    }

    /// Reads this device's state: its log, chain heads and arrival numbers.
    pub fn with_device<T>(&self, read: impl FnOnce(&LocalDevice) -> T) -> T {
        read(&self.device.borrow())
    }

    /// Takes in events from another device, as planned at the preview: stores them with the
    /// photos they bring in one transaction, then keeps the merged desk. The projections they
    /// change are left pending, for [`DeskService::write_pending_projections`]. A plan made
    /// before another write here is made again first. Returns the ids of the entities
    /// touched.
    pub async fn absorb(
        &self,
        plan: PreparedAbsorb,
        mut attachments: Vec<Attachment>,
        now: DateTime<Utc>,
    ) -> Result<BTreeSet<EntityId>, StoreError> {
        let _one_at_a_time = self.writing.lock().await;
        // A bundle this device already holds whole writes nothing at all (issue #19).
        if plan.records.is_empty() && plan.projections.is_empty() && attachments.is_empty() {
            return Ok(BTreeSet::new());
        }
        let mut plan = plan;
        let mut attempts_left = WRITE_ATTEMPTS;
        loop {
            plan = {
                let device = self.device.borrow();
                if device.is_current(&plan) {
                    plan
                } else {
                    let _replanning = Span::start("import.merge_replay_project");
                    device.replan(plan, now)
                }
            };
            // The records move into the batch and back: a 10k-case import's records are
            // 60 MB of text, and copying them was the longest task of its commit (issue #19).
            // The critical transaction holds the events and photos only; the projections
            // follow in a second one (issue #19).
            let batch = WriteBatch {
                events: std::mem::take(&mut plan.records),
                entities: Vec::new(),
                attachments: std::mem::take(&mut attachments),
                meta: vec![pending_mark(true)],
                events_before: Some(self.device.borrow().log().len() as u64),
            };
            let writing = Span::start("import.write");
            let written = self.store.commit(&batch).await;
            drop(writing);
            plan.records = batch.events;
            attachments = batch.attachments;
            match written {
                Ok(()) => break,
                // Another tab wrote first: plan again on what it wrote (arrival numbers are
                // this device's, so two tabs must not hand out the same ones).
                Err(StoreError::Stale) if attempts_left > 1 => {
                    attempts_left -= 1;
                    self.reload_from_store().await?;
                }
                Err(error) => return Err(error),
            }
        }
        let touched = plan.touched.clone();
        let projections = std::mem::take(&mut plan.projections);
        // The written records go into the device's maps in a task of their own, before the
        // confirm and the report drawn after it (issue #19: no task over 200 ms). Nothing has
        // changed in memory yet, and the write lock is held.
        let written = plan.gather_held();
        crate::timing::yield_to_page().await;
        self.device.borrow_mut().confirm_absorb(plan);
        let log_len = self.event_count();
        let earlier = self.pending_projections.borrow_mut().take();
        *self.pending_projections.borrow_mut() = Some(match earlier {
            None => PendingProjections {
                touched: touched.clone(),
                computed: Some((log_len, projections)),
                now,
            },
            // An earlier import's are still pending: project both imports' entities again
            // when they are written.
            Some(earlier) => PendingProjections {
                touched: earlier.touched.union(&touched).cloned().collect(),
                computed: None,
                now,
            },
        });
        crate::timing::release_in_slices(written).await;
        Ok(touched)
    }

    /// Re-reads every stored event after another tab of this browser wrote some, so that this
    /// tab shows the same state, decides its next command on it, and continues the same chain.
    pub async fn refresh(&self) -> Result<(), StoreError> {
        let _one_at_a_time = self.writing.lock().await;
        self.reload_from_store().await
    }

    /// Re-reads the stored events only if another tab stored some since this one last read:
    /// the import preview, the export and the live push work from memory, and a count of the
    /// stored events is all it takes to know that memory is whole (issue #19).
    pub async fn catch_up(&self) -> Result<(), StoreError> {
        if self.store.event_count().await? != self.event_count() as u64 {
            self.refresh().await?;
        }
        Ok(())
    }

    /// How many events were made on this device (not received from others).
    pub fn own_event_count(&self) -> usize {
        self.device.borrow().own_event_count()
    }

    /// How many events this device holds.
    pub fn event_count(&self) -> usize {
        self.device.borrow().log().len()
    }

    /// The event with `id`, for showing both sides of a conflict.
    pub fn event(&self, id: &EventId) -> Option<Event> {
        self.device
            .borrow()
            .log()
            .iter()
            .find(|event| event.id == *id)
            .cloned()
    }

    /// The events of one entity in the order they apply, for its timeline.
    pub fn events_of(&self, entity: &EntityId) -> Vec<Event> {
        self.device
            .borrow()
            .log()
            .iter()
            .filter(|event| event.entity == *entity)
            .cloned()
            .collect()
    }

    /// Decides `change`, then writes its events and the projections they touch in one commit.
    /// On a refusal or a failed write nothing changes, in memory or on disk.
    pub async fn execute(
        &self,
        actor: &Actor,
        entity: &EntityId,
        change: Change,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        self.execute_all(actor, entity, vec![change], now).await
    }

    /// Decides `changes` to one entity in order; see [`DeskService::execute_batch`].
    pub async fn execute_all(
        &self,
        actor: &Actor,
        entity: &EntityId,
        changes: Vec<Change>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        let steps = changes
            .into_iter()
            .map(|change| (entity.clone(), change))
            .collect();
        self.execute_batch(actor, steps, now).await
    }

    /// Decides `steps` in order, each against the state the ones before it leave, and writes
    /// all their events in one commit: a form that records several steps (a new application:
    /// opened, contractor, declared changes; a patrol and the tickets its violations open)
    /// lands whole or not at all.
    pub async fn execute_batch(
        &self,
        actor: &Actor,
        steps: Vec<(EntityId, Change)>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, CommandError> {
        let _one_at_a_time = self.writing.lock().await;
        let mut attempts_left = WRITE_ATTEMPTS;
        loop {
            let events_before = self.device.borrow().log().len() as u64;
            let prepared = self
                .device
                .borrow_mut()
                .prepare(actor, steps.clone(), now, || EventId((self.new_id)()))
                .map_err(CommandError::Refused)?;
            let clock = serde_json::to_value(&prepared.clock).expect("clocks serialize");
            let batch = WriteBatch {
                attachments: Vec::new(),
                events: prepared.records.clone(),
                entities: prepared.projections.clone(),
                meta: vec![(HLC_KEY.to_owned(), clock)],
                events_before: Some(events_before),
            };
            match self.store.commit(&batch).await {
                Ok(()) => {
                    let events = prepared.events.clone();
                    self.device.borrow_mut().confirm(prepared);
                    return Ok(events);
                }
                Err(StoreError::Stale) if attempts_left > 1 => {
                    // Another tab wrote first: decide again on what it wrote, then retry.
                    self.device.borrow_mut().abort();
                    attempts_left -= 1;
                    self.reload_from_store()
                        .await
                        .map_err(CommandError::Store)?;
                }
                Err(error) => {
                    self.device.borrow_mut().abort();
                    return Err(CommandError::Store(error));
                }
            }
        }
    }

    /// Re-reads every stored event into memory; the caller holds the write lock.
    async fn reload_from_store(&self) -> Result<(), StoreError> {
        let stored = read_stored_events(&self.store, &mut |_| {}).await?;
        let fold = self.with_device(|device| device.start_reload(stored));
        let fold = fold_by_turns(fold, &mut |_| {}).await;
        self.device.borrow_mut().finish_reload(fold);
        Ok(())
    }

    /// Replays the stored events and rewrites every projection: the repair tool. Clears any
    /// pending import projections, which it rewrites too.
    pub async fn rebuild_projections(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let _one_at_a_time = self.writing.lock().await;
        let device = load_by_turns(&self.store, self.device(), &mut |_| {}).await?;
        let projections = every_projection(&device, now);
        let count = projections.len();
        self.store.replace_entities(projections).await?;
        self.store
            .commit(&WriteBatch {
                meta: vec![pending_mark(false)],
                ..WriteBatch::default()
            })
            .await?;
        *self.pending_projections.borrow_mut() = None;
        *self.device.borrow_mut() = device;
        Ok(count)
    }

    /// Stores a photo or scan, once per SHA-256.
    pub async fn put_attachment(&self, attachment: Attachment) -> Result<bool, StoreError> {
        self.store.put_attachment(attachment).await
    }

    /// A stored photo or scan.
    pub async fn attachment(&self, sha256: &str) -> Result<Option<Attachment>, StoreError> {
        self.store.attachment(sha256).await
    }

    /// What the last export recorded: when, and how many of this device's own changes it held.
    pub async fn last_export(&self) -> Result<Option<serde_json::Value>, StoreError> {
        self.store.meta(LAST_EXPORT_KEY).await
    }

    /// Deletes every record, photo and meta entry of this device in one transaction.
    pub async fn erase_everything(&self) -> Result<(), StoreError> {
        let _one_at_a_time = self.writing.lock().await;
        self.store.erase_everything().await
    }

    /// Where each device's chain ends and the next arrival number, to check that what an
    /// import keeps in memory matches what a reload would compute.
    #[cfg(test)]
    pub(crate) fn chain_state(&self) -> (std::collections::BTreeMap<DeviceId, String>, u64) {
        let device = self.device.borrow();
        (device.chain_heads().clone(), device.next_arrival())
    }

    /// The store, for tests that reload from it.
    #[cfg(test)]
    pub(crate) fn into_store(self) -> S {
        self.store
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::memory::MemoryStore;
    use crate::store::{Fault, FaultInjection};
    use estate_core::feedback::{Channel, FeedbackChange, FeedbackKind};
    use estate_core::party::{Occupancy, Resident, UnitRef};
    use estate_core::{Role, RuleId};
    use futures::executor::block_on;
    use std::cell::Cell;

    fn counter_ids() -> IdMaker {
        let next = Cell::new(0u32);
        Box::new(move || {
            next.set(next.get() + 1);
            format!("id-{:04}", next.get())
        })
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn complaint(name: &str) -> Change {
        Change::Feedback(FeedbackChange::Received {
            kind: FeedbackKind::Complaint,
            channel: Channel::Visit,
            resident: Resident {
                name: name.into(),
                occupancy: Occupancy::Owner,
                phone: "138".into(),
            },
            unit: UnitRef::new("1", "1", "101"),
            what: "电梯停运".into(),
            happened_at: None,
            acknowledged: true,
            number: None,
        })
    }

    fn actor(service: &DeskService<MemoryStore>, role: Role) -> Actor {
        Actor {
            name: "王芳".into(),
            role,
            device: service.device().clone(),
            staff: None,
        }
    }

    #[test]
    fn x_1_a_command_is_stored_with_its_projection_and_survives_a_reload() {
        block_on(async {
            let service = DeskService::load(MemoryStore::new(), counter_ids())
                .await
                .unwrap();
            assert_eq!(
                service.device().0,
                "id-0001",
                "a first start names the device"
            );
            let events = service
                .execute(
                    &actor(&service, Role::FrontDesk),
                    &EntityId("fb-1".into()),
                    complaint("刘女士"),
                    now(),
                )
                .await
                .unwrap();
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].actor.device, service.device());
            let received = service
                .store()
                .entities_with_status("feedback", "received")
                .await
                .unwrap();
            assert_eq!(received.len(), 1);

            let store = service.store;
            let reloaded = DeskService::load(store, counter_ids()).await.unwrap();
            assert_eq!(reloaded.device().0, "id-0001", "the device keeps its id");
            assert_eq!(reloaded.event_count(), 1);
            assert!(reloaded.with_desk(|desk| desk.feedback.contains_key(&EntityId("fb-1".into()))));
        });
    }

    /// Issue #19: opening a large office takes turns with the page and says how far it has
    /// come, each stored event counted once decoded and once folded; it opens the same office.
    #[test]
    fn x_1_opening_reports_its_progress_and_opens_the_same_office() {
        block_on(async {
            let office = estate_core::sample::office(300, 3);
            let records = estate_core::record::chain_records(office.log());
            let store = MemoryStore::new();
            store
                .commit(&WriteBatch {
                    events: records.clone(),
                    ..WriteBatch::default()
                })
                .await
                .unwrap();
            let mut reports = Vec::new();
            let service =
                DeskService::load_reporting(store, counter_ids(), |now| reports.push(now))
                    .await
                    .unwrap();
            let events = records.len();
            assert!(
                events > 2 * RELOAD_FOLD_STEP,
                "{events} events take several folds"
            );
            assert!(reports.iter().all(|now| now.total == 2 * events));
            assert!(
                reports.windows(2).all(|pair| pair[0].done <= pair[1].done),
                "never goes back: {reports:?}"
            );
            assert!(
                reports.iter().any(|now| now.done < events),
                "decoding is told"
            );
            assert!(
                reports.iter().any(|now| now.done > events),
                "folding is told"
            );
            assert_eq!(
                service.with_desk(Clone::clone),
                estate_core::local_device::fresh_desk().replay(office.log())
            );
        });
    }

    #[test]
    fn x_2_a_refused_command_writes_nothing_and_names_its_rules() {
        block_on(async {
            let service = DeskService::load(MemoryStore::new(), counter_ids())
                .await
                .unwrap();
            let blank = Change::Feedback(FeedbackChange::Received {
                kind: FeedbackKind::Complaint,
                channel: Channel::Visit,
                resident: Resident {
                    name: String::new(),
                    occupancy: Occupancy::Owner,
                    phone: String::new(),
                },
                unit: UnitRef::new("1", "1", "101"),
                what: "x".into(),
                happened_at: None,
                acknowledged: false,
                number: None,
            });
            let refused = service
                .execute(
                    &actor(&service, Role::FrontDesk),
                    &EntityId("fb-1".into()),
                    blank,
                    now(),
                )
                .await;
            let Err(CommandError::Refused(violations)) = refused else {
                panic!("{refused:?}")
            };
            let rules: Vec<_> = violations.iter().map(|v| v.rule).collect();
            assert_eq!(rules, vec![RuleId::Fb01, RuleId::Fb01, RuleId::Fb02]);
            assert!(service.store().events().await.unwrap().is_empty());
        });
    }

    #[test]
    fn ren_10_a_multi_step_command_refused_at_a_later_step_writes_nothing() {
        use estate_core::renovation::RenovationChange;
        block_on(async {
            let service = DeskService::load(MemoryStore::new(), counter_ids())
                .await
                .unwrap();
            let case = EntityId("ren-1".into());
            let opened = Change::Renovation(RenovationChange::Opened {
                unit: UnitRef::new("1", "1", "101"),
                resident: Resident {
                    name: "陈先生".into(),
                    occupancy: Occupancy::Owner,
                    phone: "138".into(),
                },
                commercial_unit: false,
                number: None,
            });
            // Acceptance cannot be requested of a draft: the whole command is refused.
            let refused = service
                .execute_all(
                    &actor(&service, Role::FrontDesk),
                    &case,
                    vec![
                        opened.clone(),
                        Change::Renovation(RenovationChange::AcceptanceRequested),
                    ],
                    now(),
                )
                .await;
            let Err(CommandError::Refused(violations)) = refused else {
                panic!("{refused:?}")
            };
            assert_eq!(violations[0].rule, RuleId::Ren40);
            assert!(service.store().events().await.unwrap().is_empty());
            assert!(service.with_desk(|desk| desk.renovations.is_empty()));
            let both = service
                .execute_all(
                    &actor(&service, Role::FrontDesk),
                    &case,
                    vec![
                        opened,
                        Change::Renovation(RenovationChange::ChangesDeclared {
                            changes: Default::default(),
                        }),
                    ],
                    now(),
                )
                .await
                .unwrap();
            assert_eq!(both.len(), 2);
            assert_eq!(service.store().events().await.unwrap().len(), 2);
        });
    }

    #[test]
    fn a_failed_write_leaves_memory_and_disk_unchanged() {
        block_on(async {
            let service = DeskService::load(MemoryStore::new(), counter_ids())
                .await
                .unwrap();
            service.store().arm_fault(Fault::QuotaExceeded);
            let failed = service
                .execute(
                    &actor(&service, Role::FrontDesk),
                    &EntityId("fb-1".into()),
                    complaint("甲"),
                    now(),
                )
                .await;
            assert_eq!(failed, Err(CommandError::Store(StoreError::QuotaExceeded)));
            assert!(!service.with_desk(|desk| desk.feedback.contains_key(&EntityId("fb-1".into()))));
            assert!(service.store().events().await.unwrap().is_empty());
            service
                .execute(
                    &actor(&service, Role::FrontDesk),
                    &EntityId("fb-1".into()),
                    complaint("甲"),
                    now(),
                )
                .await
                .expect("works once space is freed");
        });
    }

    #[test]
    fn x_1_events_made_here_extend_this_devices_hash_chain_across_reloads() {
        block_on(async {
            let service = DeskService::load(MemoryStore::new(), counter_ids())
                .await
                .unwrap();
            service
                .execute(
                    &actor(&service, Role::FrontDesk),
                    &EntityId("fb-1".into()),
                    complaint("甲"),
                    now(),
                )
                .await
                .unwrap();
            let store = service.store;
            let reloaded = DeskService::load(store, counter_ids()).await.unwrap();
            let mut change = complaint("乙");
            if let Change::Feedback(FeedbackChange::Received { unit, .. }) = &mut change {
                *unit = UnitRef::new("1", "1", "102");
            }
            reloaded
                .execute(
                    &actor(&reloaded, Role::FrontDesk),
                    &EntityId("fb-2".into()),
                    change,
                    now(),
                )
                .await
                .unwrap();
            let records = reloaded.store().events().await.unwrap();
            assert_eq!(records[0].prev_hash, None);
            assert_eq!(records[1].prev_hash.as_ref(), Some(&records[0].hash));
            let second = records[1].to_event().unwrap();
            assert_eq!(
                records[1].hash,
                estate_core::chain::chain_hash(&second, Some(&records[0].hash))
            );
        });
    }

    /// Issue #21, finding 5: two tabs of one device record at the same instant. The second
    /// to write finds the chain moved on inside its transaction, decides again on what the
    /// first wrote and continues the chain from there: no fork, nothing lost.
    #[test]
    fn x_1_two_tabs_recording_at_once_never_fork_the_device_chain() {
        block_on(async {
            let first_tab = DeskService::load(MemoryStore::new(), counter_ids())
                .await
                .unwrap();
            // Each tab makes its own ids (UUID v7 in the browser).
            let second_tab_ids = Cell::new(0u32);
            let second_tab = DeskService::load(
                first_tab.store().second_connection(),
                Box::new(move || {
                    second_tab_ids.set(second_tab_ids.get() + 1);
                    format!("tab2-{:04}", second_tab_ids.get())
                }),
            )
            .await
            .unwrap();
            assert_eq!(first_tab.device(), second_tab.device());
            let room = |room: &str| {
                let mut change = complaint("甲");
                if let Change::Feedback(FeedbackChange::Received { unit, .. }) = &mut change {
                    *unit = UnitRef::new("1", "1", room);
                }
                change
            };
            first_tab
                .execute(
                    &actor(&first_tab, Role::FrontDesk),
                    &EntityId("fb-a".into()),
                    room("101"),
                    now(),
                )
                .await
                .unwrap();
            // The second tab has not re-read yet: it still thinks the chain is empty.
            assert_eq!(second_tab.event_count(), 0);
            second_tab
                .execute(
                    &actor(&second_tab, Role::FrontDesk),
                    &EntityId("fb-b".into()),
                    room("102"),
                    now(),
                )
                .await
                .unwrap();
            assert_eq!(second_tab.event_count(), 2, "it caught up before writing");

            let mut records = first_tab.store().events().await.unwrap();
            assert_eq!(records.len(), 2);
            estate_core::sorting::sort_by_key(&mut records, |record| record.arrival);
            assert_eq!(records[0].prev_hash, None);
            assert_eq!(
                records[1].prev_hash.as_ref(),
                Some(&records[0].hash),
                "the second write continues the first"
            );
            assert_ne!(records[0].arrival, records[1].arrival);
            let reloaded = DeskService::load(first_tab.store().second_connection(), counter_ids())
                .await
                .unwrap();
            assert!(reloaded.with_desk(|desk| desk.feedback.len() == 2));
        });
    }

    #[test]
    fn rebuild_rewrites_every_projection_from_the_events() {
        block_on(async {
            let service = DeskService::load(MemoryStore::new(), counter_ids())
                .await
                .unwrap();
            for index in 0..3 {
                let mut change = complaint("乙");
                if let Change::Feedback(FeedbackChange::Received { unit, .. }) = &mut change {
                    *unit = UnitRef::new("1", "1", &format!("20{index}"));
                }
                service
                    .execute(
                        &actor(&service, Role::FrontDesk),
                        &EntityId(format!("fb-{index}")),
                        change,
                        now(),
                    )
                    .await
                    .unwrap();
            }
            let before = service.store().entities().await.unwrap();
            service.store().replace_entities(Vec::new()).await.unwrap();
            assert_eq!(service.rebuild_projections(now()).await.unwrap(), 3);
            assert_eq!(service.store().entities().await.unwrap(), before);
        });
    }
}
