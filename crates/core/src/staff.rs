//! Staff profiles (issue #11): who may act on the office's devices, in which roles, and who
//! keeps that list. Nobody "becomes" the renovation supervisor by picking a role: the role of
//! every event must be one the actor's profile holds, and only an office administrator
//! adds staff or changes their roles.
//!
//! Profiles are events like any other, so they travel in bundles and every device agrees on
//! who may do what. A PIN is never stored: only its PBKDF2-SHA256 hash with a per-person salt,
//! computed by the browser (WebCrypto), whose parameters core checks here.

use serde::{Deserialize, Serialize};

use crate::feedback::Department;
use crate::role::Role;
use crate::EntityId;

/// The shortest PIN a person may choose: six digits, like a bank card or payment PIN.
pub const PIN_MIN_DIGITS: usize = 6;
/// The longest PIN a person may choose.
pub const PIN_MAX_DIGITS: usize = 8;
/// The only PIN hash algorithm, as named in stored hashes.
pub const PIN_ALGORITHM: &str = "PBKDF2-SHA256";
/// PBKDF2 iterations for a new PIN hash (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
pub const PIN_HASH_ITERATIONS: u32 = 600_000;
/// The fewest iterations a stored hash may have: a device cannot weaken the office's hashes.
pub const PIN_MIN_ITERATIONS: u32 = 600_000;
/// Bytes of random salt per PIN hash.
pub const PIN_SALT_BYTES: usize = 16;
/// Bytes of derived key kept as the hash.
pub const PIN_HASH_BYTES: usize = 32;
/// Wrong PINs in a row before a profile is locked.
pub const LOCKOUT_AFTER_FAILURES: u32 = 5;
/// The first lock lasts this long; each further wrong PIN doubles it.
pub const FIRST_LOCK_MS: i64 = 30_000;
/// No lock lasts longer than this (an hour): the administrator can still reset the PIN.
pub const LONGEST_LOCK_MS: i64 = 3_600_000;

/// What is wrong with a chosen PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    NotDigits,
    TooShort,
    TooLong,
}

/// Checks a PIN before it is hashed: 6 to 8 digits (issue #21: a 4-digit PIN in an exported
/// hash falls in minutes; a million PINs at 600,000 iterations each do not). PINs chosen
/// before keep working until changed.
pub fn pin_problem(pin: &str) -> Option<PinProblem> {
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        Some(PinProblem::NotDigits)
    } else if pin.len() < PIN_MIN_DIGITS {
        Some(PinProblem::TooShort)
    } else if pin.len() > PIN_MAX_DIGITS {
        Some(PinProblem::TooLong)
    } else {
        None
    }
}

/// A stored PIN: the PBKDF2 output and how it was made, base64 encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PinHash {
    pub algorithm: String,
    pub iterations: u32,
    pub salt: String,
    pub hash: String,
}

/// What makes a stored PIN hash unacceptable: a device cannot weaken the office's hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PinHashProblem {
    /// Not PBKDF2-SHA256.
    WrongAlgorithm,
    /// Fewer iterations than [`PIN_MIN_ITERATIONS`].
    TooFewIterations,
    /// A salt shorter than [`PIN_SALT_BYTES`].
    ShortSalt,
    /// A hash not [`PIN_HASH_BYTES`] long.
    WrongHashLength,
}

impl PinHash {
    /// Why this hash is not acceptable for a profile: weak parameters or a malformed value.
    pub fn problems(&self) -> Vec<PinHashProblem> {
        use base64::Engine;
        let decoded_len = |text: &str| {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map(|bytes| bytes.len())
                .unwrap_or(0)
        };
        let mut problems = Vec::new();
        if self.algorithm != PIN_ALGORITHM {
            problems.push(PinHashProblem::WrongAlgorithm);
        }
        if self.iterations < PIN_MIN_ITERATIONS {
            problems.push(PinHashProblem::TooFewIterations);
        }
        if decoded_len(&self.salt) < PIN_SALT_BYTES {
            problems.push(PinHashProblem::ShortSalt);
        }
        if decoded_len(&self.hash) != PIN_HASH_BYTES {
            problems.push(PinHashProblem::WrongHashLength);
        }
        problems
    }
}

/// A change to the staff list. The entity is the person's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum StaffChange {
    /// A person joins. The first profile of an office is its administrator, added by themself.
    Added {
        name: String,
        roles: Vec<Role>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        department: Option<Department>,
        administrator: bool,
        pin: PinHash,
    },
    /// The administrator changed what the person may do.
    RolesChanged {
        roles: Vec<Role>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        department: Option<Department>,
        administrator: bool,
    },
    /// The administrator set a new PIN (a forgotten PIN, or a locked profile).
    PinReset { pin: PinHash },
    /// The person left; their past events stay theirs.
    Removed,
    /// The profile was the same person made a second time (two devices set up apart, issue
    /// #22). It is retired like `Removed`, and names the profile the person keeps using: its
    /// past events stay as they were signed.
    MergedInto { into: EntityId },
}

/// A person's profile as the staff events leave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub name: String,
    pub roles: Vec<Role>,
    pub department: Option<Department>,
    pub administrator: bool,
    pub pin: PinHash,
    pub removed: bool,
    /// The profile this one was merged into, when it was a duplicate.
    pub merged_into: Option<EntityId>,
}

impl StaffMember {
    /// Whether this person may act now in `role`.
    pub fn may_act_as(&self, role: Role) -> bool {
        !self.removed && self.roles.contains(&role)
    }

    /// Whether this person may manage the staff list now.
    pub fn administers(&self) -> bool {
        !self.removed && self.administrator
    }

    /// The profile after `change`; `None` for a change that needs an existing profile.
    pub fn after(current: Option<&StaffMember>, change: &StaffChange) -> Option<StaffMember> {
        match (current, change) {
            (
                _,
                StaffChange::Added {
                    name,
                    roles,
                    department,
                    administrator,
                    pin,
                },
            ) => Some(StaffMember {
                name: name.clone(),
                roles: roles.clone(),
                department: *department,
                administrator: *administrator,
                pin: pin.clone(),
                removed: false,
                merged_into: None,
            }),
            (
                Some(member),
                StaffChange::RolesChanged {
                    roles,
                    department,
                    administrator,
                },
            ) => Some(StaffMember {
                roles: roles.clone(),
                department: *department,
                administrator: *administrator,
                ..member.clone()
            }),
            (Some(member), StaffChange::PinReset { pin }) => Some(StaffMember {
                pin: pin.clone(),
                ..member.clone()
            }),
            (Some(member), StaffChange::Removed) => Some(StaffMember {
                removed: true,
                ..member.clone()
            }),
            (Some(member), StaffChange::MergedInto { into }) => Some(StaffMember {
                removed: true,
                merged_into: Some(into.clone()),
                ..member.clone()
            }),
            (None, _) => None,
        }
    }
}

/// The wrong PINs of one profile on one device, and the lock they earned. Kept per device:
/// a thief with one tablet cannot reset the count by trying another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinLockout {
    pub failures: u32,
    pub locked_until_ms: Option<i64>,
}

impl PinLockout {
    /// Until when the profile is locked at `now_ms`, if it is.
    pub fn locked_until(&self, now_ms: i64) -> Option<i64> {
        self.locked_until_ms.filter(|until| *until > now_ms)
    }

    /// After a wrong PIN at `now_ms`: the fifth in a row locks for 30 s, and each further one
    /// doubles the lock, up to an hour.
    pub fn after_failure(self, now_ms: i64) -> PinLockout {
        let failures = self.failures + 1;
        let locked_until_ms = if failures >= LOCKOUT_AFTER_FAILURES {
            let doublings = (failures - LOCKOUT_AFTER_FAILURES).min(16);
            let lock = (FIRST_LOCK_MS << doublings).min(LONGEST_LOCK_MS);
            Some(now_ms + lock)
        } else {
            self.locked_until_ms
        };
        PinLockout {
            failures,
            locked_until_ms,
        }
    }

    /// After the right PIN: the count starts again.
    pub fn after_success() -> PinLockout {
        PinLockout::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn hash(iterations: u32, salt_bytes: usize, hash_bytes: usize) -> PinHash {
        let b64 = |n| base64::engine::general_purpose::STANDARD.encode(vec![7u8; n]);
        PinHash {
            algorithm: PIN_ALGORITHM.into(),
            iterations,
            salt: b64(salt_bytes),
            hash: b64(hash_bytes),
        }
    }

    #[test]
    fn x_1_a_pin_is_six_to_eight_digits() {
        assert_eq!(pin_problem("123"), Some(PinProblem::TooShort));
        assert_eq!(pin_problem("1234"), Some(PinProblem::TooShort), "issue #21");
        assert_eq!(pin_problem("12345"), Some(PinProblem::TooShort));
        assert_eq!(pin_problem("123456"), None);
        assert_eq!(pin_problem("12345678"), None);
        assert_eq!(pin_problem("123456789"), Some(PinProblem::TooLong));
        assert_eq!(pin_problem("12a4"), Some(PinProblem::NotDigits));
        assert_eq!(pin_problem("１２３４"), Some(PinProblem::NotDigits));
    }

    #[test]
    fn x_1_pin_hashes_need_pbkdf2_sha256_600k_iterations_and_a_16_byte_salt() {
        assert!(hash(PIN_HASH_ITERATIONS, 16, 32).problems().is_empty());
        assert_eq!(hash(100_000, 16, 32).problems().len(), 1);
        assert_eq!(hash(PIN_HASH_ITERATIONS, 8, 32).problems().len(), 1);
        assert_eq!(hash(PIN_HASH_ITERATIONS, 16, 20).problems().len(), 1);
        let mut other = hash(PIN_HASH_ITERATIONS, 16, 32);
        other.algorithm = "SHA-1".into();
        assert_eq!(other.problems().len(), 1);
        other.salt = "not base64!".into();
        assert_eq!(other.problems().len(), 2, "{:?}", other.problems());
    }

    #[test]
    fn x_1_five_wrong_pins_lock_the_profile_for_a_growing_delay() {
        let start = 1_000_000;
        let mut lockout = PinLockout::default();
        for attempt in 1..=4 {
            lockout = lockout.after_failure(start + attempt);
            assert_eq!(
                lockout.locked_until(start + attempt),
                None,
                "attempt {attempt}"
            );
        }
        lockout = lockout.after_failure(start + 5);
        assert_eq!(lockout.locked_until(start + 5), Some(start + 5 + 30_000));
        assert_eq!(
            lockout.locked_until(start + 5 + 29_999),
            Some(start + 30_005)
        );
        assert_eq!(
            lockout.locked_until(start + 5 + 30_000),
            None,
            "the lock ends"
        );

        let later = start + 60_000;
        lockout = lockout.after_failure(later);
        assert_eq!(lockout.locked_until(later), Some(later + 60_000), "doubled");
        lockout = lockout.after_failure(later + 60_000);
        assert_eq!(lockout.locked_until(later + 60_000), Some(later + 180_000));
        for step in 0..20 {
            lockout = lockout.after_failure(later + step);
        }
        assert_eq!(
            lockout.locked_until(later + 19),
            Some(later + 19 + LONGEST_LOCK_MS),
            "capped at an hour"
        );
        assert_eq!(PinLockout::after_success().locked_until(later), None);
    }

    #[test]
    fn x_1_a_removed_person_may_no_longer_act_or_administer() {
        let added = StaffChange::Added {
            name: "赵巡".into(),
            roles: vec![Role::Inspector],
            department: None,
            administrator: true,
            pin: hash(PIN_HASH_ITERATIONS, 16, 32),
        };
        let member = StaffMember::after(None, &added).unwrap();
        assert!(member.may_act_as(Role::Inspector));
        assert!(!member.may_act_as(Role::RenovationSupervisor));
        assert!(member.administers());
        let removed = StaffMember::after(Some(&member), &StaffChange::Removed).unwrap();
        assert!(!removed.may_act_as(Role::Inspector));
        assert!(!removed.administers());
        assert_eq!(StaffMember::after(None, &StaffChange::Removed), None);
    }
}
