//! Estate Desk domain core.
//!
//! Architecture invariant: this crate knows nothing of the browser, the clock or randomness.
//! Everything that varies between runs (`now`, ids, the working-day calendar) is passed in, so
//! every rule of the office manual can be tested natively and replayed deterministically.

// Money is integer fen and counts are exact (FEE-6): no cast may silently truncate.
#![warn(clippy::cast_possible_truncation)]

pub mod bundle;
pub mod calendar;
pub mod calendar_file;
pub mod canonical;
pub mod chain;
pub mod couch;
pub mod dashboard;
pub mod deadline;
pub mod desk;
pub mod device;
pub mod event;
pub mod feedback;
pub mod feedback_list;
pub mod hlc;
pub mod ledger;
pub mod local_device;
pub mod merge;
pub mod money;
pub mod numbering;
pub mod party;
pub mod patrol;
pub mod patrol_route;
pub mod policy;
pub mod record;
pub mod renovation;
pub mod renovation_list;
pub mod report;
pub mod role;
pub mod rule;
pub mod sample;
pub mod scenario;
pub mod session;
pub mod sorting;
pub mod staff;
pub mod step;
pub mod ticket;
pub mod violation;

/// A count as the `u32` the domain keeps, saturating: no office holds four billion of anything,
/// and a count must never wrap.
pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub use calendar::WorkingCalendar;
pub use desk::Desk;
pub use event::{Actor, Change, EntityId, Event, EventId};
pub use money::Money;
pub use policy::Policy;
pub use role::Role;
pub use rule::RuleId;
