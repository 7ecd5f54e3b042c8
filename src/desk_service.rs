//! The command path: UI → command → core decides → events → one store commit → views re-read.
//! The service keeps the folded desk in memory, so a command is decided without reading the
//! database, and writes the command's events and projections in one transaction.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use estate_core::event::stamp;
use estate_core::hlc::{DeviceId, HlcClock};
use estate_core::record::{project, EventRecord};
use estate_core::violation::Violation;
use estate_core::{Actor, Change, Desk, EntityId, Event, EventId, Policy, WorkingCalendar};
use futures::lock::Mutex;

use crate::store::{Store, StoreError, WriteBatch};
use crate::timing::Span;

/// Why a command did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The manual forbids it: every broken rule, each naming its ID.
    Refused(Vec<Violation>),
    /// It was allowed but could not be saved; nothing was written.
    Store(StoreError),
}

struct Loaded {
    desk: Desk,
    log: Vec<Event>,
    clock: HlcClock,
    /// The hash of each device's latest event: where its chain continues.
    chain_heads: BTreeMap<DeviceId, String>,
    /// The arrival number the next stored event gets.
    next_arrival: u64,
}

fn next_arrival(records: &[EventRecord]) -> u64 {
    records
        .iter()
        .map(|record| record.arrival + 1)
        .max()
        .unwrap_or(0)
}

fn chain_heads(records: &[EventRecord]) -> BTreeMap<DeviceId, String> {
    let mut heads = BTreeMap::new();
    // Records come in HLC order, so the last one seen per device is its head.
    for record in records {
        if let Ok(event) = record.to_event() {
            heads.insert(event.hlc.device, record.hash.clone());
        }
    }
    heads
}

/// The chain heads that imported events move: for each device they come from, its latest
/// event in the merged log, when that event is one of the imported ones.
fn heads_after_merge(
    merged: &[Event],
    incoming: &[Event],
    records: &[EventRecord],
) -> BTreeMap<DeviceId, String> {
    let hash_of: BTreeMap<&EventId, &str> = incoming
        .iter()
        .zip(records)
        .map(|(event, record)| (&event.id, record.hash.as_str()))
        .collect();
    let devices: BTreeSet<&DeviceId> = incoming.iter().map(|event| &event.hlc.device).collect();
    let mut latest: BTreeMap<&DeviceId, &EventId> = BTreeMap::new();
    for event in merged {
        if devices.contains(&event.hlc.device) {
            latest.insert(&event.hlc.device, &event.id);
        }
    }
    latest
        .into_iter()
        .filter_map(|(device, id)| {
            hash_of
                .get(id)
                .map(|hash| (device.clone(), (*hash).to_owned()))
        })
        .collect()
}

/// Makes ids for new events and devices (UUID v7 in the browser, a counter in tests).
pub type IdMaker = Box<dyn Fn() -> String>;

/// The desk of this device over a store.
pub struct DeskService<S: Store> {
    store: S,
    device: DeviceId,
    new_id: IdMaker,
    state: RefCell<Loaded>,
    writing: Mutex<()>,
}

const DEVICE_ID_KEY: &str = "device_id";
const HLC_KEY: &str = "hlc";

/// The domain events of stored records; a record this build cannot read is an error.
fn decode(records: &[EventRecord]) -> Result<Vec<Event>, StoreError> {
    records
        .iter()
        .map(|record| {
            record
                .to_event()
                .map_err(|error| StoreError::Record(error.to_string()))
        })
        .collect()
}

fn fresh_desk() -> Desk {
    Desk::new(Policy::default(), WorkingCalendar::china_official())
}

impl<S: Store> DeskService<S> {
    /// Loads every stored event and folds it. A first start also gives the device its id.
    pub async fn load(store: S, new_id: IdMaker) -> Result<DeskService<S>, StoreError> {
        let device = match store.meta(DEVICE_ID_KEY).await? {
            Some(serde_json::Value::String(id)) => DeviceId(id),
            _ => {
                let id = new_id();
                let meta = vec![(
                    DEVICE_ID_KEY.to_owned(),
                    serde_json::Value::String(id.clone()),
                )];
                store
                    .commit(WriteBatch {
                        meta,
                        ..WriteBatch::default()
                    })
                    .await?;
                DeviceId(id)
            }
        };
        let records = store.events().await?;
        let log = decode(&records)?;
        let mut clock = HlcClock::new(device.clone());
        for event in &log {
            clock.observe(&event.hlc);
        }
        let desk = fresh_desk().replay(&log);
        let chain_heads = chain_heads(&records);
        let next_arrival = next_arrival(&records);
        Ok(DeskService {
            store,
            device,
            new_id,
            state: RefCell::new(Loaded {
                desk,
                log,
                clock,
                chain_heads,
                next_arrival,
            }),
            writing: Mutex::new(()),
        })
    }

    /// This device's id, for the actor of every event made here.
    pub fn device(&self) -> &DeviceId {
        &self.device
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// Reads the current desk.
    pub fn with_desk<T>(&self, read: impl FnOnce(&Desk) -> T) -> T {
        read(&self.state.borrow().desk)
    }

    /// Every event this device holds, in HLC order.
    pub fn events(&self) -> Vec<Event> {
        self.state.borrow().log.clone()
    }

    /// Takes in events from another device (already validated): stores them with the photos
    /// they bring and the projections they change, in one transaction, then folds them. Returns
    /// the ids of the entities touched.
    pub async fn absorb(
        &self,
        records: Vec<EventRecord>,
        attachments: Vec<crate::store::Attachment>,
        now: DateTime<Utc>,
    ) -> Result<BTreeSet<EntityId>, StoreError> {
        let _one_at_a_time = self.writing.lock().await;
        let merging = Span::start("import.merge_replay_project");
        let incoming = decode(&records)?;
        let (log, desk, touched, batch) = {
            let state = self.state.borrow();
            let mut records = records;
            for (offset, record) in records.iter_mut().enumerate() {
                record.arrival = state.next_arrival + offset as u64;
            }
            let merged =
                estate_core::merge::merge([state.log.as_slice(), incoming.as_slice()]).events;
            let desk = fresh_desk().replay(&merged);
            // Projections of the entities the new events touch, and of any entity now held for
            // review, so lists show "needs review" at once.
            let mut touched: BTreeSet<EntityId> =
                incoming.iter().map(|event| event.entity.clone()).collect();
            touched.extend(
                desk.open_conflicts()
                    .map(|conflict| conflict.entity.clone()),
            );
            let entities = touched
                .iter()
                .filter_map(|id| project(&desk, id, now))
                .collect();
            let batch = WriteBatch {
                events: records,
                entities,
                attachments,
                meta: Vec::new(),
            };
            (merged, desk, touched, batch)
        };
        let new_heads = heads_after_merge(&log, &incoming, &batch.events);
        let stored_count = batch.events.len() as u64;
        drop(merging);
        let writing = Span::start("import.write");
        self.store.commit(batch).await?;
        drop(writing);
        // The chain heads and arrival numbers follow from what was just written: re-reading
        // every stored event here cost more than the write itself on a large import.
        let mut state = self.state.borrow_mut();
        for event in &incoming {
            state.clock.observe(&event.hlc);
        }
        state.chain_heads.extend(new_heads);
        state.next_arrival += stored_count;
        state.desk = desk;
        state.log = log;
        Ok(touched)
    }

    /// Re-reads every stored event after another tab of this browser wrote some, so that this
    /// tab shows the same state, decides its next command on it, and continues the same chain.
    pub async fn refresh(&self) -> Result<(), StoreError> {
        let _one_at_a_time = self.writing.lock().await;
        let records = self.store.events().await?;
        let log = decode(&records)?;
        let desk = fresh_desk().replay(&log);
        let mut state = self.state.borrow_mut();
        for event in &log {
            state.clock.observe(&event.hlc);
        }
        state.desk = desk;
        state.chain_heads = chain_heads(&records);
        state.next_arrival = next_arrival(&records);
        state.log = log;
        Ok(())
    }

    /// Where each device's chain ends and the next arrival number, to check that what an
    /// import keeps in memory matches what a reload would compute.
    #[cfg(test)]
    pub(crate) fn chain_state(&self) -> (BTreeMap<DeviceId, String>, u64) {
        let state = self.state.borrow();
        (state.chain_heads.clone(), state.next_arrival)
    }

    /// The store, for tests that reload from it.
    #[cfg(test)]
    pub(crate) fn into_store(self) -> S {
        self.store
    }

    /// How many events were made on this device (not received from others).
    pub fn own_event_count(&self) -> usize {
        let state = self.state.borrow();
        state
            .log
            .iter()
            .filter(|event| event.hlc.device == self.device)
            .count()
    }

    /// How many events this device holds.
    pub fn event_count(&self) -> usize {
        self.state.borrow().log.len()
    }

    /// The event with `id`, for showing both sides of a conflict.
    pub fn event(&self, id: &EventId) -> Option<Event> {
        self.state
            .borrow()
            .log
            .iter()
            .find(|event| event.id == *id)
            .cloned()
    }

    /// The events of one entity in the order they apply, for its timeline.
    pub fn events_of(&self, entity: &EntityId) -> Vec<Event> {
        let mut events: Vec<Event> = self
            .state
            .borrow()
            .log
            .iter()
            .filter(|event| event.entity == *entity)
            .cloned()
            .collect();
        events.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        events
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
        let (events, batch) = {
            let mut state = self.state.borrow_mut();
            let mut events = Vec::new();
            for (entity, change) in steps {
                let decided = match state.desk.decide(&entity, change, actor, now) {
                    Ok(decided) => decided,
                    Err(violations) => {
                        if !events.is_empty() {
                            // Undo the steps folded so far: the log is the truth.
                            let desk = fresh_desk().replay(&state.log);
                            state.desk = desk;
                        }
                        return Err(CommandError::Refused(violations));
                    }
                };
                let new_id = &self.new_id;
                let stamped = stamp(
                    &entity,
                    decided,
                    actor,
                    &mut state.clock,
                    now.timestamp_millis(),
                    || EventId(new_id()),
                );
                for event in &stamped {
                    state.desk.apply(event);
                }
                events.extend(stamped);
            }
            let touched: BTreeSet<&EntityId> = events.iter().map(|event| &event.entity).collect();
            let entities = touched
                .into_iter()
                .filter_map(|id| project(&state.desk, id, now))
                .collect();
            let clock = serde_json::to_value(&state.clock).expect("clocks serialize");
            let mut head = state.chain_heads.get(&self.device).cloned();
            let records: Vec<EventRecord> = events
                .iter()
                .zip(state.next_arrival..)
                .map(|(event, arrival)| {
                    let mut record = EventRecord::chained(event, head.as_deref());
                    record.arrival = arrival;
                    head = Some(record.hash.clone());
                    record
                })
                .collect();
            let batch = WriteBatch {
                attachments: Vec::new(),
                events: records,
                entities,
                meta: vec![(HLC_KEY.to_owned(), clock)],
            };
            (events, batch)
        };
        let batch_head = batch.events.last().map(|record| record.hash.clone());
        match self.store.commit(batch).await {
            Ok(()) => {
                let mut state = self.state.borrow_mut();
                if let Some(last) = batch_head {
                    state.chain_heads.insert(self.device.clone(), last);
                }
                state.next_arrival += events.len() as u64;
                state.log.extend(events.iter().cloned());
                Ok(events)
            }
            Err(error) => {
                // Undo the in-memory fold: the log on disk is the truth.
                let mut state = self.state.borrow_mut();
                let desk = fresh_desk().replay(&state.log);
                state.desk = desk;
                Err(CommandError::Store(error))
            }
        }
    }

    /// Replays the stored events and rewrites every projection: the repair tool.
    pub async fn rebuild_projections(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let _one_at_a_time = self.writing.lock().await;
        let records = self.store.events().await?;
        let log = decode(&records)?;
        let desk = fresh_desk().replay(&log);
        let ids: BTreeSet<&EntityId> = log.iter().map(|event| &event.entity).collect();
        let projections: Vec<_> = ids
            .into_iter()
            .filter_map(|id| project(&desk, id, now))
            .collect();
        let count = projections.len();
        self.store.replace_entities(projections).await?;
        let mut state = self.state.borrow_mut();
        state.desk = desk;
        state.log = log;
        state.chain_heads = chain_heads(&records);
        state.next_arrival = next_arrival(&records);
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::memory::MemoryStore;
    use crate::store::Fault;
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
            assert_eq!(events[0].actor.device, *service.device());
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
