//! Hybrid logical clocks: wall milliseconds, a counter, and the device id as the tie-break.
//! They order events from devices whose clocks disagree, deterministically and the same
//! everywhere. The wall time is passed in (`now_ms`); core never reads a clock.

use serde::{Deserialize, Serialize};

/// How far ahead of the receiver's clock an incoming event may be stamped by default (issue
/// #21; the office may change it as `Policy::max_clock_lead_hours`): a tablet whose clock runs
/// fast is refused beyond this, so it can neither drag this device's clock into the future nor
/// put deadlines a year out.
pub const MAX_CLOCK_LEAD_MS: i64 = 24 * 60 * 60 * 1000;

/// No event of this app can be older than 2020-01-01: an earlier stamp is a broken clock.
pub const EARLIEST_WALL_MS: i64 = 1_577_836_800_000;

/// The largest integer JavaScript holds exactly (2^53 − 1): every integer on the wire and in
/// IndexedDB must fit, or a later save fails to serialise.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Why an event's wall time cannot be taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum ClockProblem {
    /// Stamped this far ahead of the receiver's clock, beyond the allowed lead.
    Ahead { by_ms: i64 },
    /// Before 2020 or beyond what JavaScript can hold: no clock of this app wrote it.
    Implausible,
}

/// Checks an incoming event's wall time against the receiver's clock `now_ms` (when known),
/// allowing it to be at most `max_lead_ms` ahead.
pub fn check_wall_time(
    wall_ms: i64,
    now_ms: Option<i64>,
    max_lead_ms: i64,
) -> Result<(), ClockProblem> {
    if !(EARLIEST_WALL_MS..=MAX_SAFE_INTEGER).contains(&wall_ms) {
        return Err(ClockProblem::Implausible);
    }
    match now_ms {
        Some(now_ms) if wall_ms - now_ms > max_lead_ms => Err(ClockProblem::Ahead {
            by_ms: wall_ms - now_ms,
        }),
        _ => Ok(()),
    }
}

/// A device, named by an id made outside core (a UUID in the app).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct DeviceId(pub String);

/// A hybrid logical clock timestamp. Ordered by wall time, then counter, then device.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Hlc {
    pub wall_ms: i64,
    pub counter: u32,
    pub device: DeviceId,
}

/// One device's clock state: the last timestamp it issued or saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HlcClock {
    device: DeviceId,
    wall_ms: i64,
    counter: u32,
}

impl HlcClock {
    pub fn new(device: DeviceId) -> HlcClock {
        HlcClock {
            device,
            wall_ms: i64::MIN,
            counter: 0,
        }
    }

    /// A timestamp for a local event, later than every timestamp issued or seen so far, even if
    /// the wall clock went backwards.
    pub fn tick(&mut self, now_ms: i64) -> Hlc {
        if now_ms > self.wall_ms {
            self.wall_ms = now_ms;
            self.counter = 0;
        } else {
            self.counter += 1;
        }
        Hlc {
            wall_ms: self.wall_ms,
            counter: self.counter,
            device: self.device.clone(),
        }
    }

    /// Takes in a timestamp from another device, so the next local event sorts after it. A
    /// time beyond what JavaScript can hold never moves the clock, so one bad stamp that got
    /// stored cannot make every later save fail.
    pub fn observe(&mut self, remote: &Hlc) {
        if remote.wall_ms > MAX_SAFE_INTEGER {
            return;
        }
        if (remote.wall_ms, remote.counter) > (self.wall_ms, self.counter) {
            self.wall_ms = remote.wall_ms;
            self.counter = remote.counter;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Issue #21: a wall time is taken in exactly when it is plausible and at most a day
        /// ahead of the receiver; the clock never moves to an implausible time.
        #[test]
        fn x_1_wall_times_are_bounded_around_the_receivers_clock(
            wall_ms in any::<i64>(),
            now_ms in EARLIEST_WALL_MS..4_102_444_800_000i64,
            lead_hours in 1i64..=168,
        ) {
            let max_lead_ms = lead_hours * 3_600_000;
            let checked = check_wall_time(wall_ms, Some(now_ms), max_lead_ms);
            let plausible = (EARLIEST_WALL_MS..=MAX_SAFE_INTEGER).contains(&wall_ms);
            let ahead = plausible && wall_ms - now_ms > max_lead_ms;
            prop_assert_eq!(checked.is_ok(), plausible && !ahead);
            if ahead {
                prop_assert_eq!(checked, Err(ClockProblem::Ahead { by_ms: wall_ms - now_ms }));
            }
            let mut clock = HlcClock::new(device("desk"));
            clock.tick(now_ms);
            clock.observe(&Hlc { wall_ms, counter: 0, device: device("tablet") });
            let next = clock.tick(now_ms);
            prop_assert!(next.wall_ms <= MAX_SAFE_INTEGER);
            prop_assert!(next.wall_ms >= now_ms);
        }
    }

    fn device(name: &str) -> DeviceId {
        DeviceId(name.into())
    }

    #[test]
    fn ticks_are_strictly_increasing_even_when_the_wall_clock_goes_back() {
        let mut clock = HlcClock::new(device("tablet"));
        let first = clock.tick(1_000);
        let second = clock.tick(1_000);
        let third = clock.tick(900);
        assert!(first < second && second < third);
        let fourth = clock.tick(2_000);
        assert_eq!((fourth.wall_ms, fourth.counter), (2_000, 0));
    }

    #[test]
    fn observing_a_remote_stamp_orders_later_local_events_after_it() {
        let mut desk = HlcClock::new(device("desk"));
        let mut tablet = HlcClock::new(device("tablet"));
        let remote = tablet.tick(5_000);
        desk.observe(&remote);
        let local = desk.tick(4_000); // the desk's clock is behind
        assert!(local > remote);
    }

    #[test]
    fn equal_times_are_ordered_by_device() {
        let a = HlcClock::new(device("a")).tick(7);
        let b = HlcClock::new(device("b")).tick(7);
        assert!(a < b);
    }
}
