//! Hybrid logical clocks: wall milliseconds, a counter, and the device id as the tie-break.
//! They order events from devices whose clocks disagree, deterministically and the same
//! everywhere. The wall time is passed in (`now_ms`); core never reads a clock.

use serde::{Deserialize, Serialize};

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

    /// Takes in a timestamp from another device, so the next local event sorts after it.
    pub fn observe(&mut self, remote: &Hlc) {
        if (remote.wall_ms, remote.counter) > (self.wall_ms, self.counter) {
            self.wall_ms = remote.wall_ms;
            self.counter = remote.counter;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
