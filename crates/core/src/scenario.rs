//! A device in a box: a desk, its event log, an HLC clock and an id counter. Tests, benchmarks
//! and fixture generators drive the domain through it exactly as the app does (decide, stamp,
//! apply), with time and ids supplied by the caller.

use chrono::{DateTime, Utc};

use crate::desk::Desk;
use crate::event::{Actor, Change, EntityId, Event, EventId};
use crate::hlc::DeviceId;
use crate::local_device::{LocalDevice, PreparedAbsorb};
use crate::merge::merge;
use crate::record::chain_records;
use crate::role::Role;
use crate::violation::Violation;

/// One simulated device: the production [`LocalDevice`] with an id counter, whose writes
/// always succeed.
#[derive(Debug, Clone)]
pub struct Scenario {
    device: LocalDevice,
    next_id: u64,
}

impl Scenario {
    /// A device with the default policy and the official calendar.
    pub fn new(device: &str) -> Scenario {
        Scenario {
            device: LocalDevice::new(DeviceId(device.to_owned())),
            next_id: 0,
        }
    }

    /// A device that keeps a snapshot of its desk every `every` events, so that tests reach
    /// the merges that fold on from one (issue #19).
    pub fn with_snapshot_every(device: &str, every: usize) -> Scenario {
        Scenario {
            device: LocalDevice::new(DeviceId(device.to_owned())).with_snapshot_every(every),
            next_id: 0,
        }
    }

    /// The folded state.
    pub fn desk(&self) -> &Desk {
        self.device.desk()
    }

    /// Every event held, in replay order.
    pub fn log(&self) -> &[Event] {
        self.device.log()
    }

    /// The production device inside, for planning imports against it.
    pub fn device(&self) -> &LocalDevice {
        &self.device
    }

    /// Commits a planned import, as the app does once its store has written it.
    pub fn absorb(&mut self, plan: crate::local_device::PreparedAbsorb) {
        self.device.confirm_absorb(plan);
    }

    /// An actor on this device.
    pub fn actor(&self, name: &str, role: Role) -> Actor {
        Actor {
            name: name.to_owned(),
            role,
            device: self.device.device().clone(),
            staff: None,
        }
    }

    /// Decides `change` by `actor` at `now`; on success the events are recorded.
    pub fn run(
        &mut self,
        actor: &Actor,
        entity: &str,
        change: Change,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Vec<Violation>> {
        self.run_batch(actor, vec![(EntityId(entity.to_owned()), change)], now)
    }

    /// Decides several steps as one command, as a form that records several steps does.
    pub fn run_batch(
        &mut self,
        actor: &Actor,
        steps: Vec<(EntityId, Change)>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Vec<Violation>> {
        let device = self.device.device().0.clone();
        let counter = &mut self.next_id;
        let prepared = self.device.prepare(actor, steps, now, || {
            *counter += 1;
            EventId(format!("{device}-{counter:08}"))
        })?;
        let events = prepared.events.clone();
        self.device.confirm(prepared);
        Ok(events)
    }

    /// Takes in another device's log, as an import does: merge, then fold. Says where the
    /// fold started.
    pub fn receive(&mut self, events: &[Event]) -> crate::local_device::FoldedFrom {
        let plan = self.plan_receiving(events, usize::MAX);
        let folded_from = plan.folded_from();
        self.device.confirm_absorb(plan);
        folded_from
    }

    /// Plans taking in another device's log as [`Scenario::receive`] does, folding the merged
    /// desk `fold_slice` events a step ([`LocalDevice::start_absorb`]).
    pub fn plan_receiving(&self, events: &[Event], fold_slice: usize) -> PreparedAbsorb {
        let merged = merge([self.device.log(), events]).events;
        let held: std::collections::BTreeSet<&EventId> =
            self.device.log().iter().map(|event| &event.id).collect();
        let incoming: Vec<Event> = merged
            .iter()
            .filter(|event| !held.contains(&event.id))
            .cloned()
            .collect();
        // Chain per device as the sender stored them; the records' hashes are not checked
        // here (bundles are), so a fresh chain of the incoming events is enough.
        let records = chain_records(&incoming);
        let now = incoming
            .iter()
            .map(crate::desk::event_time)
            .max()
            .unwrap_or_default();
        let mut planning = self.device.start_absorb(records, incoming);
        while !planning.step(&self.device, fold_slice) {}
        planning.finish(&self.device, now)
    }
}

/// A walk-in complaint about a leak in `room` of building 1, unit 1: the simplest event tests
/// need when the case itself does not matter.
pub fn walk_in_complaint(room: &str) -> Change {
    use crate::feedback::{Channel, FeedbackChange, FeedbackKind};
    use crate::party::{Occupancy, Resident, UnitRef};
    Change::Feedback(FeedbackChange::Received {
        kind: FeedbackKind::Complaint,
        channel: Channel::Visit,
        resident: Resident {
            name: "住户".into(),
            occupancy: Occupancy::Owner,
            phone: "1".into(),
        },
        unit: UnitRef::new("1", "1", room),
        what: format!("{room} 漏水"),
        happened_at: None,
        acknowledged: true,
        number: None,
    })
}

/// A renovation opened by an owner for `room` of building 1, unit 1: the simplest start of a
/// renovation case in tests.
pub fn renovation_opened(room: &str) -> crate::renovation::RenovationChange {
    use crate::party::{Occupancy, Resident, UnitRef};
    crate::renovation::RenovationChange::Opened {
        unit: UnitRef::new("1", "1", room),
        resident: Resident {
            name: "陈先生".into(),
            occupancy: Occupancy::Owner,
            phone: "1".into(),
        },
        commercial_unit: false,
        number: None,
    }
}

/// [`renovation_opened`], then the resident's photos (`photos`, by SHA-256) received: the
/// simplest case whose events refer to photos.
pub fn renovation_with_photos(room: &str, photos: Vec<String>) -> Vec<Change> {
    use crate::renovation::{Document, Evidence, RenovationChange};
    let received = RenovationChange::DocumentReceived {
        document: Document::ResidentPhotos,
        evidence: Evidence {
            attachments: photos,
            paper_copies: 0,
            stamped: false,
        },
    };
    vec![
        Change::Renovation(renovation_opened(room)),
        Change::Renovation(received),
    ]
}

/// A PIN hash with the required parameters (its bytes are made up): for profiles in tests.
pub fn test_pin_hash() -> crate::staff::PinHash {
    use base64::Engine as _;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    crate::staff::PinHash {
        algorithm: crate::staff::PIN_ALGORITHM.into(),
        iterations: crate::staff::PIN_HASH_ITERATIONS,
        salt: b64(&[1; crate::staff::PIN_SALT_BYTES]),
        hash: b64(&[2; crate::staff::PIN_HASH_BYTES]),
    }
}
