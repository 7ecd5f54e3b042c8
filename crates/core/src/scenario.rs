//! A device in a box: a desk, its event log, an HLC clock and an id counter. Tests, benchmarks
//! and fixture generators drive the domain through it exactly as the app does (decide, stamp,
//! apply), with time and ids supplied by the caller.

use chrono::{DateTime, Utc};

use crate::calendar::WorkingCalendar;
use crate::desk::Desk;
use crate::event::{stamp, Actor, Change, EntityId, Event, EventId};
use crate::hlc::{DeviceId, HlcClock};
use crate::merge::merge;
use crate::policy::Policy;
use crate::role::Role;
use crate::violation::Violation;

/// One simulated device.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub desk: Desk,
    pub log: Vec<Event>,
    clock: HlcClock,
    device: DeviceId,
    next_id: u64,
}

impl Scenario {
    /// A device with the default policy and the official calendar.
    pub fn new(device: &str) -> Scenario {
        Scenario {
            desk: Desk::new(Policy::default(), WorkingCalendar::china_official()),
            log: Vec::new(),
            clock: HlcClock::new(DeviceId(device.to_owned())),
            device: DeviceId(device.to_owned()),
            next_id: 0,
        }
    }

    /// An actor on this device.
    pub fn actor(&self, name: &str, role: Role) -> Actor {
        Actor {
            name: name.to_owned(),
            role,
            device: self.device.clone(),
            staff: None,
        }
    }

    /// Decides `change` by `actor` at `now`; on success the events are appended and applied.
    pub fn run(
        &mut self,
        actor: &Actor,
        entity: &str,
        change: Change,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Vec<Violation>> {
        let entity = EntityId(entity.to_owned());
        let changes = self.desk.decide(&entity, change, actor, now)?;
        let device = self.device.0.clone();
        let counter = &mut self.next_id;
        let events = stamp(
            &entity,
            changes,
            actor,
            &mut self.clock,
            now.timestamp_millis(),
            || {
                *counter += 1;
                EventId(format!("{device}-{counter:08}"))
            },
        );
        for event in &events {
            self.desk.apply(event);
        }
        self.log.extend(events.iter().cloned());
        Ok(events)
    }

    /// Takes in another device's log: merge, then replay from scratch.
    pub fn receive(&mut self, events: &[Event]) {
        for event in events {
            self.clock.observe(&event.hlc);
        }
        let merged = merge([self.log.as_slice(), events]);
        self.log = merged.events;
        self.desk = self.fresh_desk().replay(&self.log);
    }

    /// The desk before any event, to replay into.
    pub fn fresh_desk(&self) -> Desk {
        Desk::new(Policy::default(), WorkingCalendar::china_official())
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
    })
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
