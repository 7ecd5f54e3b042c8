//! This tab's sign-in (issue #21): proven by the PIN check, never by a stored id.
//!
//! After the PIN is accepted, the device key signs a [`SessionClaim`] that lives in this
//! tab's sessionStorage. A reload keeps it if the signature holds and the idle time has not
//! passed; a new tab, an edited id or a copied token from another device asks for the PIN.

use estate_core::session::{signed_by, SessionClaim};
use gloo_storage::{SessionStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::desk_service::DeskService;
use crate::device_key::DeviceKey;
use crate::store::indexed_db::IndexedDbStore;

const SESSION_KEY: &str = "estate-desk.session";

/// The stored form of a signed claim.
#[derive(Debug, Serialize, Deserialize)]
struct SessionRecord {
    claim: SessionClaim,
    signature: String,
}

async fn sign(desk: &DeskService<IndexedDbStore>, claim: SessionClaim) -> Option<()> {
    let key = DeviceKey::of(desk).await.ok()?;
    let signature = key.sign_bytes(&claim.signing_input()).await.ok()?;
    let record = SessionRecord {
        claim,
        signature: base64::Engine::encode(&base64::engine::general_purpose::STANDARD, signature),
    };
    SessionStorage::set(SESSION_KEY, record).ok()
}

/// Starts this tab's session for `staff`, whose PIN was just checked. `None` when the device
/// key or sessionStorage is unavailable: the person is then signed in until the next reload.
pub async fn open_session(desk: &DeskService<IndexedDbStore>, staff: &str) -> Option<()> {
    let claim = SessionClaim {
        device: desk.device().0.clone(),
        staff: staff.to_owned(),
        active_ms: js_sys::Date::now() as i64,
    };
    sign(desk, claim).await
}

/// Moves the session's last activity to `active_ms`, so a reload soon after work does not
/// ask for the PIN again.
pub async fn renew_session(desk: &DeskService<IndexedDbStore>, active_ms: i64) {
    let Ok(record) = SessionStorage::get::<SessionRecord>(SESSION_KEY) else {
        return;
    };
    let claim = SessionClaim {
        active_ms,
        ..record.claim
    };
    let _ = sign(desk, claim).await;
}

/// When this tab's session was last renewed, if it has one.
pub fn session_active_ms() -> Option<i64> {
    SessionStorage::get::<SessionRecord>(SESSION_KEY)
        .ok()
        .map(|record| record.claim.active_ms)
}

/// The staff profile this tab's session proves, if its signature is this device's and it was
/// active within `idle_ms`.
pub async fn restored_session(desk: &DeskService<IndexedDbStore>, idle_ms: i64) -> Option<String> {
    let record = SessionStorage::get::<SessionRecord>(SESSION_KEY).ok()?;
    let now_ms = js_sys::Date::now() as i64;
    if record.claim.device != desk.device().0 || !record.claim.is_current(now_ms, idle_ms) {
        return None;
    }
    let key = DeviceKey::of(desk).await.ok()?;
    signed_by(
        &key.public_key,
        &record.claim.signing_input(),
        &record.signature,
    )
    .then_some(record.claim.staff)
}

/// Ends this tab's session: the lock screen, switching user, erasing the device.
pub fn end_session() {
    SessionStorage::delete(SESSION_KEY);
}
