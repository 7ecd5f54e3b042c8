//! Who is signed in, proven rather than stored (issue #21).
//!
//! A stored staff id that anyone can edit signs no one in. After the PIN check, the browser
//! signs a [`SessionClaim`] with the device's non-extractable key and keeps it for this tab
//! only; a reload checks the signature here. The wrong-PIN counts ([`LockoutBook`]) are signed
//! the same way, so editing them locks rather than frees. This module only states what is
//! signed and checks it: the signing itself is WebCrypto's, in the app.

use std::collections::BTreeMap;

use base64::Engine as _;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::Signature;
use serde::{Deserialize, Serialize};

use crate::device::verifying_key;
use crate::staff::{PinLockout, LOCKOUT_AFTER_FAILURES};

/// What a tab's sign-in proves: this person, on this device, last active at `active_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionClaim {
    pub device: String,
    pub staff: String,
    /// Renewed while the person works, so a reload after the idle time asks for the PIN.
    pub active_ms: i64,
}

impl SessionClaim {
    /// The bytes the device key signs; the prefix keeps a session signature from ever passing
    /// for a bundle's or a lockout book's.
    pub fn signing_input(&self) -> Vec<u8> {
        format!(
            "estate-desk session v1\n{}\n{}\n{}",
            self.device, self.staff, self.active_ms
        )
        .into_bytes()
    }

    /// Whether the claim still holds at `now_ms` under an idle lock of `idle_ms`.
    pub fn is_current(&self, now_ms: i64, idle_ms: i64) -> bool {
        self.active_ms <= now_ms && now_ms - self.active_ms < idle_ms
    }
}

/// Whether `signature` (base64 `r || s`) is the device key `public_key`'s over `input`.
pub fn signed_by(public_key: &str, input: &[u8], signature: &str) -> bool {
    let Ok(key) = verifying_key(public_key) else {
        return false;
    };
    let Some(signature) = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
    else {
        return false;
    };
    key.verify(input, &signature).is_ok()
}

/// Failures a tampered book counts for everyone: ten, a lock of 16 minutes that doubles.
pub const TAMPERED_FAILURES: u32 = LOCKOUT_AFTER_FAILURES + 5;

/// The wrong-PIN counts of every profile on this device, signed as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutBook {
    pub lockouts: BTreeMap<String, PinLockout>,
    /// Set when the stored book failed its signature: every profile is then locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tampered_at_ms: Option<i64>,
}

impl LockoutBook {
    /// The bytes the device key signs for `text`, the book as stored.
    pub fn signing_input(device: &str, text: &str) -> Vec<u8> {
        format!("estate-desk lockouts v1\n{device}\n{text}").into_bytes()
    }

    /// The stored text of the book.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).expect("a lockout book always serializes")
    }

    /// Reads a stored book. Text that fails its signature or does not parse means someone
    /// edited it: every profile is then locked as after [`TAMPERED_FAILURES`] wrong PINs.
    pub fn from_stored(
        device: &str,
        public_key: &str,
        text: &str,
        signature: &str,
        now_ms: i64,
    ) -> LockoutBook {
        let genuine = signed_by(
            public_key,
            &LockoutBook::signing_input(device, text),
            signature,
        );
        match serde_json::from_str::<LockoutBook>(text) {
            Ok(book) if genuine => book,
            _ => LockoutBook {
                lockouts: BTreeMap::new(),
                tampered_at_ms: Some(now_ms),
            },
        }
    }

    /// The lockout of `profile`: its own count since the book was last trusted, or else the
    /// tampered lock.
    pub fn lockout_of(&self, profile: &str) -> PinLockout {
        if let Some(own) = self.lockouts.get(profile) {
            return *own;
        }
        match self.tampered_at_ms {
            Some(at) => (0..TAMPERED_FAILURES).fold(PinLockout::default(), |lockout, _| {
                lockout.after_failure(at)
            }),
            None => PinLockout::default(),
        }
    }

    /// Records the count of `profile` after a PIN was tried.
    pub fn set(&mut self, profile: &str, lockout: PinLockout) {
        self.lockouts.insert(profile.to_owned(), lockout);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::SigningKey;

    fn key() -> SigningKey {
        SigningKey::from_slice(&[7; 32]).unwrap()
    }

    fn public_key(key: &SigningKey) -> String {
        base64::engine::general_purpose::STANDARD
            .encode(key.verifying_key().to_encoded_point(false).as_bytes())
    }

    fn sign(key: &SigningKey, input: &[u8]) -> String {
        let signature: Signature = key.sign(input);
        base64::engine::general_purpose::STANDARD.encode(signature.to_bytes())
    }

    /// Finding 4: a stored staff id signs no one in; only the device's signature does, and it
    /// covers the person, the device and the time.
    #[test]
    fn x_1_a_session_is_proven_by_the_device_signature_not_by_a_stored_id() {
        let claim = SessionClaim {
            device: "desk-pc".into(),
            staff: "staff-zhao".into(),
            active_ms: 1_000,
        };
        let signature = sign(&key(), &claim.signing_input());
        assert!(signed_by(
            &public_key(&key()),
            &claim.signing_input(),
            &signature
        ));
        let as_administrator = SessionClaim {
            staff: "staff-wang".into(),
            ..claim.clone()
        };
        assert!(!signed_by(
            &public_key(&key()),
            &as_administrator.signing_input(),
            &signature
        ));
        let other_device = SessionClaim {
            device: "tablet-1".into(),
            ..claim.clone()
        };
        assert!(!signed_by(
            &public_key(&key()),
            &other_device.signing_input(),
            &signature
        ));
        let another_key = SigningKey::from_slice(&[9; 32]).unwrap();
        assert!(!signed_by(
            &public_key(&another_key),
            &claim.signing_input(),
            &signature
        ));
        assert!(!signed_by(
            &public_key(&key()),
            &claim.signing_input(),
            "not base64"
        ));
        assert!(claim.is_current(1_000 + 59_999, 60_000));
        assert!(!claim.is_current(1_000 + 60_000, 60_000), "idle too long");
        assert!(!claim.is_current(999, 60_000), "from the future");
    }

    /// Finding 4: editing or replacing the signed wrong-PIN counts locks every profile
    /// instead of lifting a lock.
    #[test]
    fn x_1_an_edited_lockout_book_locks_everyone() {
        let mut book = LockoutBook::default();
        let mut locked = PinLockout::default();
        for _ in 0..LOCKOUT_AFTER_FAILURES {
            locked = locked.after_failure(5_000);
        }
        book.set("staff-wang", locked);
        let text = book.to_text();
        let signature = sign(&key(), &LockoutBook::signing_input("desk-pc", &text));
        let public = public_key(&key());
        let read = LockoutBook::from_stored("desk-pc", &public, &text, &signature, 6_000);
        assert_eq!(read, book);
        assert_eq!(
            read.lockout_of("staff-wang").locked_until(6_000),
            Some(35_000)
        );

        let lifted = LockoutBook::default().to_text();
        let read = LockoutBook::from_stored("desk-pc", &public, &lifted, &signature, 6_000);
        assert_eq!(read.tampered_at_ms, Some(6_000));
        for profile in ["staff-wang", "staff-zhao"] {
            let lockout = read.lockout_of(profile);
            assert_eq!(lockout.failures, TAMPERED_FAILURES);
            assert!(lockout.locked_until(6_000 + 15 * 60_000).is_some());
        }
        let read = LockoutBook::from_stored("tablet-1", &public, &text, &signature, 6_000);
        assert!(read.tampered_at_ms.is_some(), "another device's book");
        let mut after_right_pin = read.clone();
        after_right_pin.set("staff-zhao", PinLockout::after_success());
        assert_eq!(
            after_right_pin.lockout_of("staff-zhao"),
            PinLockout::default()
        );
        assert_eq!(
            after_right_pin.lockout_of("staff-wang").failures,
            TAMPERED_FAILURES
        );
    }
}
