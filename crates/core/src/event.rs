//! Events: every change to a case, ticket or patrol. History is only ever appended to;
//! state is the deterministic fold of an entity's events in HLC order.

use crate::device::DeviceChange;
use crate::staff::StaffChange;
use serde::{Deserialize, Serialize};

use crate::calendar::{DayRule, YearEntered};
use crate::feedback::FeedbackChange;
use crate::hlc::{DeviceId, Hlc, HlcClock};
use crate::patrol::{PatrolRecord, RectificationChange};
use crate::policy::PolicyChange;
use crate::renovation::RenovationChange;
use crate::role::Role;

/// An entity (case, ticket, patrol), named by an id made outside core.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct EntityId(pub String);

/// Maps keyed by entity are searched with a device's or a profile's id text, without
/// allocating an `EntityId` per event (issue #19). The derived `Ord` is the text's.
impl std::borrow::Borrow<str> for EntityId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// An event, named by an id made outside core (UUID v7 in the app).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct EventId(pub String);

/// Who did it: the signed-in person, in which role, on which device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Actor {
    pub name: String,
    pub role: Role,
    pub device: DeviceId,
    /// The signed-in staff profile (issue #11). Events from before profiles have none, and
    /// their hashes stay as they were because the field is then left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<EntityId>,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "entity_kind", content = "change")]
pub enum Change {
    Renovation(RenovationChange),
    Feedback(FeedbackChange),
    /// A completed patrol (REN-33).
    Patrol(PatrolRecord),
    /// A rectification ticket opened by a patrol violation (REN-33).
    Rectification(RectificationChange),
    /// A held conflict was reviewed and settled by a person.
    ConflictReviewed {
        event: EventId,
        note: String,
        /// Set when the reviewer chose the held side (issue #21): this event, the one in
        /// effect, is set aside, and the held `event` takes its place in the history.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        set_aside: Option<EventId>,
    },
    /// The office changed its policy; devices agree because it is an event.
    Policy(Box<PolicyChange>),
    /// The office marked a day of the working-day calendar, or undid its mark (REN-31).
    Calendar(DayRule),
    /// The office entered a year's official holidays (REN-31).
    CalendarYear(YearEntered),
    /// The staff list changed: who may act, in which roles.
    Staff(StaffChange),
    /// A device was enrolled with its public key, or revoked (issue #11).
    Device(DeviceChange),
}

/// One recorded change: id, entity, time, actor, and the change itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    pub id: EventId,
    pub entity: EntityId,
    pub hlc: Hlc,
    pub actor: Actor,
    pub change: Change,
}

impl Event {
    /// The replay order: HLC, then id, so equal stamps still sort the same everywhere.
    pub fn order_key(&self) -> (&Hlc, &EventId) {
        (&self.hlc, &self.id)
    }
}

/// Turns the changes a command produced into events, with fresh ids and HLC stamps. The ids
/// and `now_ms` come from the caller: core makes neither.
pub fn stamp(
    entity: &EntityId,
    changes: Vec<Change>,
    actor: &Actor,
    clock: &mut HlcClock,
    now_ms: i64,
    mut next_id: impl FnMut() -> EventId,
) -> Vec<Event> {
    changes
        .into_iter()
        .map(|change| Event {
            id: next_id(),
            entity: entity.clone(),
            hlc: clock.tick(now_ms),
            actor: actor.clone(),
            change,
        })
        .collect()
}
