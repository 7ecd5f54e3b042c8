//! PIN hashing through WebCrypto (issue #11): PBKDF2-SHA256 with a fresh 16-byte salt per
//! person and the iteration count core requires. The PIN itself is never stored or sent.

use base64::Engine as _;
use estate_core::staff::{
    PinHash, PinLockout, LOCKOUT_AFTER_FAILURES, PIN_ALGORITHM, PIN_HASH_BYTES,
    PIN_HASH_ITERATIONS, PIN_SALT_BYTES,
};
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen_futures::JsFuture;

use estate_core::session::LockoutBook;
use wasm_bindgen::JsValue;

use crate::desk_service::DeskService;
use crate::device_key::DeviceKey;
use crate::device_settings::take_legacy_lockouts;
use crate::store::indexed_db::IndexedDbStore;
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

const BOOK_FIELD: &str = "lockouts";
const BOOK_SIGNATURE_FIELD: &str = "lockouts_signature";

/// The wrong-PIN counts of this device, kept beside its key in IndexedDB and signed by it
/// (issue #21): deleting or editing them locks every profile instead of lifting a lock. A key
/// entry without a book is from before the book existed: the counts localStorage held then
/// are taken over once.
async fn lockout_book(desk: &DeskService<IndexedDbStore>) -> Option<LockoutBook> {
    let key = DeviceKey::of(desk).await.ok()?;
    let entry = desk.store().device_key_entry().await.ok()??;
    let field = |name: &str| {
        js_sys::Reflect::get(&entry, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.as_string())
    };
    Some(match (field(BOOK_FIELD), field(BOOK_SIGNATURE_FIELD)) {
        (Some(text), Some(signature)) => LockoutBook::from_stored(
            &desk.device().0,
            &key.public_key,
            &text,
            &signature,
            js_sys::Date::now() as i64,
        ),
        _ => LockoutBook {
            lockouts: take_legacy_lockouts(),
            tampered_at_ms: None,
        },
    })
}

/// Signs and stores `book` beside the device key.
async fn store_lockout_book(desk: &DeskService<IndexedDbStore>, book: &LockoutBook) -> Option<()> {
    let key = DeviceKey::of(desk).await.ok()?;
    let text = book.to_text();
    let signature = key
        .sign_bytes(&LockoutBook::signing_input(&desk.device().0, &text))
        .await
        .ok()?;
    let entry: js_sys::Object = desk.store().device_key_entry().await.ok()??.into();
    let b64 = base64::engine::general_purpose::STANDARD;
    js_sys::Reflect::set(&entry, &BOOK_FIELD.into(), &text.into()).ok()?;
    js_sys::Reflect::set(
        &entry,
        &BOOK_SIGNATURE_FIELD.into(),
        &b64.encode(signature).into(),
    )
    .ok()?;
    desk.store().put_device_key_entry(&entry).await.ok()
}

/// Checks `pin` against any of `hashes` under the lockout kept as `lockout_key`: the sign-in
/// screen counts per person, the import screen's administrator PIN on its own. When the
/// signed counts cannot be read or kept, no PIN is tried: a lock must not fail open.
pub async fn check_pin(
    desk: &DeskService<IndexedDbStore>,
    lockout_key: &str,
    pin: &str,
    hashes: &[PinHash],
) -> PinCheck {
    let Some(mut book) = lockout_book(desk).await else {
        return PinCheck::Unavailable;
    };
    let lockout = book.lockout_of(lockout_key);
    let now = js_sys::Date::now() as i64;
    if let Some(until) = lockout.locked_until(now) {
        if book.tampered_at_ms.is_some() {
            // Keep the tampered lock signed, so a reload does not start it again.
            book.set(lockout_key, lockout);
            let _ = store_lockout_book(desk, &book).await;
        }
        return PinCheck::LockedUntil(until);
    }
    let mut accepted = false;
    for hash in hashes {
        match pin_matches(pin, hash).await {
            Err(_) => return PinCheck::Unavailable,
            Ok(true) => {
                accepted = true;
                break;
            }
            Ok(false) => {}
        }
    }
    let after = if accepted {
        PinLockout::after_success()
    } else {
        lockout.after_failure(now)
    };
    // A right PIN with no wrong ones before it changes nothing: nothing is written, so that
    // accepting a bundle everyone already holds writes no record at all (issue #19).
    if after != lockout || book.tampered_at_ms.is_some() {
        book.set(lockout_key, after);
        if store_lockout_book(desk, &book).await.is_none() {
            return PinCheck::Unavailable;
        }
    }
    if accepted {
        return PinCheck::Accepted;
    }
    match after.locked_until(now) {
        Some(until) => PinCheck::LockedUntil(until),
        None => PinCheck::Wrong {
            attempts_left: LOCKOUT_AFTER_FAILURES.saturating_sub(after.failures),
        },
    }
}
