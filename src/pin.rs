//! PIN hashing through WebCrypto (issue #11): PBKDF2-SHA256 with a fresh 16-byte salt per
//! person and the iteration count core requires. The PIN itself is never stored or sent.

use base64::Engine as _;
use estate_core::staff::{
    PinHash, PinLockout, LOCKOUT_AFTER_FAILURES, PIN_ALGORITHM, PIN_HASH_BYTES,
    PIN_HASH_ITERATIONS, PIN_SALT_BYTES,
};
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen_futures::JsFuture;

use crate::device_settings::{load_lockout, store_lockout};
use crate::web_crypto::{self, WebCryptoError};

async fn derive(pin: &str, salt: &[u8], iterations: u32) -> Result<Vec<u8>, WebCryptoError> {
    let base = web_crypto::pbkdf2_base_key(pin, "deriveBits").await?;
    let params = web_crypto::pbkdf2_params(salt, iterations);
    let bits = web_crypto::subtle()?.derive_bits_with_object(
        &params,
        &base,
        (PIN_HASH_BYTES * 8) as u32,
    )?;
    let buffer: ArrayBuffer = JsFuture::from(bits).await?.into();
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The stored form of a newly chosen PIN.
pub async fn hash_new_pin(pin: &str) -> Result<PinHash, WebCryptoError> {
    let salt = web_crypto::random_bytes(PIN_SALT_BYTES)?;
    let hash = derive(pin, &salt, PIN_HASH_ITERATIONS).await?;
    let b64 = base64::engine::general_purpose::STANDARD;
    Ok(PinHash {
        algorithm: PIN_ALGORITHM.into(),
        iterations: PIN_HASH_ITERATIONS,
        salt: b64.encode(salt),
        hash: b64.encode(hash),
    })
}

/// Whether `pin` is the one `stored` was made from.
pub async fn pin_matches(pin: &str, stored: &PinHash) -> Result<bool, WebCryptoError> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let (Ok(salt), Ok(expected)) = (b64.decode(&stored.salt), b64.decode(&stored.hash)) else {
        return Ok(false);
    };
    let derived = derive(pin, &salt, stored.iterations).await?;
    // Compare every byte, so the time taken says nothing about how much matched.
    Ok(derived.len() == expected.len()
        && derived
            .iter()
            .zip(&expected)
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0)
}

/// What a typed PIN came to, counting wrong ones on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    Accepted,
    Wrong {
        attempts_left: u32,
    },
    /// Five wrong in a row: no PIN is even tried until this time (ms since the epoch).
    LockedUntil(i64),
    /// WebCrypto could not hash the PIN.
    Unavailable,
}

/// Checks `pin` against any of `hashes` under the lockout kept as `lockout_key`: the sign-in
/// screen counts per person, the import screen's administrator PIN on its own.
pub async fn check_pin(lockout_key: &str, pin: &str, hashes: &[PinHash]) -> PinCheck {
    let lockout = load_lockout(lockout_key);
    let now = js_sys::Date::now() as i64;
    if let Some(until) = lockout.locked_until(now) {
        return PinCheck::LockedUntil(until);
    }
    for hash in hashes {
        match pin_matches(pin, hash).await {
            Err(_) => return PinCheck::Unavailable,
            Ok(true) => {
                let _ = store_lockout(lockout_key, PinLockout::after_success());
                return PinCheck::Accepted;
            }
            Ok(false) => {}
        }
    }
    let after = lockout.after_failure(now);
    let _ = store_lockout(lockout_key, after);
    match after.locked_until(now) {
        Some(until) => PinCheck::LockedUntil(until),
        None => PinCheck::Wrong {
            attempts_left: LOCKOUT_AFTER_FAILURES.saturating_sub(after.failures),
        },
    }
}
