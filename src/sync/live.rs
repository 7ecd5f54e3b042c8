//! Continuous sync in the browser (issue #18): the server settings, the sealed password, the
//! `fetch` transport, and the loop that pushes and pulls while sync runs. The protocol itself
//! is in [`super::couch`]; the state shown in the header is [`LiveSync`].

use std::rc::Rc;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use estate_core::couch::{EventSignature, StartReason};
use estate_core::device::SIGNATURE_ALGORITHM;
use gloo_storage::{LocalStorage, Storage};
use js_sys::{Array, Object, Reflect, Uint8Array};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use super::couch::{
    self, CouchAnswer, CouchTarget, CouchTransport, EventSigner, PullState, SyncError, SyncProgress,
};
use crate::desk_service::DeskService;
use crate::device_key::DeviceKey;
use crate::services::Services;
use crate::store::indexed_db::IndexedDbStore;
use crate::timing::{sleep_ms, yield_to_page};
use crate::web_crypto::{self, WebCryptoError};

/// The localStorage key of the server settings. The password is never in it in plain text.
pub const SETTINGS_KEY: &str = "estate-desk.sync-server";
/// The meta entry of the AES-GCM key that seals the password: made non-extractable, so it
/// can encrypt and decrypt on this device and never be read out.
const SEAL_KEY_ENTRY: &str = "sync_seal_key";

/// The office database this device syncs with, as kept in localStorage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ServerSettings {
    pub server: String,
    pub database: String,
    pub user: String,
    /// The password, AES-GCM-sealed with this device's seal key: base64 IV and ciphertext.
    pub sealed_password: Option<(String, String)>,
    /// Whether sync runs (it starts again on the next visit).
    pub running: bool,
}

impl ServerSettings {
    pub fn load() -> Option<ServerSettings> {
        LocalStorage::get(SETTINGS_KEY).ok()
    }

    pub fn save(&self) {
        let _ = LocalStorage::set(SETTINGS_KEY, self);
    }

    pub fn target(&self) -> CouchTarget {
        CouchTarget {
            server: self.server.trim().trim_end_matches('/').to_owned(),
            database: self.database.trim().to_owned(),
        }
    }
}

fn object(entries: &[(&str, JsValue)]) -> Result<Object, WebCryptoError> {
    let object = Object::new();
    for (name, value) in entries {
        Reflect::set(&object, &JsValue::from_str(name), value)?;
    }
    Ok(object)
}

async fn seal_key(store: &IndexedDbStore) -> Result<CryptoKey, WebCryptoError> {
    let unavailable = |error: crate::store::StoreError| WebCryptoError(error.detail().to_owned());
    if let Some(entry) = store
        .keyed_entry(SEAL_KEY_ENTRY)
        .await
        .map_err(unavailable)?
    {
        if let Ok(key) = Reflect::get(&entry, &"key_material".into())?.dyn_into::<CryptoKey>() {
            return Ok(key);
        }
    }
    let params = object(&[("name", "AES-GCM".into()), ("length", 256.into())])?;
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let key: CryptoKey =
        JsFuture::from(web_crypto::subtle()?.generate_key_with_object(&params, false, &usages)?)
            .await?
            .unchecked_into();
    let entry = object(&[("key_material", key.clone().into())])?;
    store
        .put_keyed_entry(SEAL_KEY_ENTRY, &entry)
        .await
        .map_err(unavailable)?;
    Ok(key)
}

/// Seals `password` with this device's seal key.
pub async fn seal_password(
    desk: &DeskService<IndexedDbStore>,
    password: &str,
) -> Result<(String, String), WebCryptoError> {
    let key = seal_key(desk.store()).await?;
    let iv = web_crypto::random_bytes(12)?;
    let params = web_sys::AesGcmParams::new("AES-GCM", &Uint8Array::from(iv.as_slice()));
    let sealed = JsFuture::from(web_crypto::subtle()?.encrypt_with_object_and_u8_array(
        &params,
        &key,
        password.as_bytes(),
    )?)
    .await?;
    let engine = base64::engine::general_purpose::STANDARD;
    Ok((
        engine.encode(&iv),
        engine.encode(Uint8Array::new(&sealed).to_vec()),
    ))
}

async fn unseal_password(
    store: &IndexedDbStore,
    (iv, sealed): &(String, String),
) -> Result<String, WebCryptoError> {
    let engine = base64::engine::general_purpose::STANDARD;
    let bad = |_| WebCryptoError("sealed password damaged".into());
    let iv = engine.decode(iv).map_err(bad)?;
    let sealed = engine.decode(sealed).map_err(bad)?;
    let key = seal_key(store).await?;
    let params = web_sys::AesGcmParams::new("AES-GCM", &Uint8Array::from(iv.as_slice()));
    let opened = JsFuture::from(
        web_crypto::subtle()?.decrypt_with_object_and_u8_array(&params, &key, &sealed)?,
    )
    .await?;
    String::from_utf8(Uint8Array::new(&opened).to_vec())
        .map_err(|_| WebCryptoError("sealed password damaged".into()))
}

/// HTTP through `fetch`, with basic authentication.
pub struct FetchTransport {
    server: String,
    authorization: String,
}

impl FetchTransport {
    pub fn new(server: &str, user: &str, password: &str) -> FetchTransport {
        FetchTransport {
            server: server.trim_end_matches('/').to_owned(),
            authorization: format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            ),
        }
    }
}

fn unreachable(error: JsValue) -> SyncError {
    SyncError::Unreachable(
        error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_else(|| format!("{error:?}")),
    )
}

impl CouchTransport for FetchTransport {
    async fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<CouchAnswer, SyncError> {
        self.fetch(method, path, body, None).await
    }

    async fn wait(&self, path: &str, ms: u32) -> Result<CouchAnswer, SyncError> {
        self.fetch("GET", path, None, Some(ms)).await
    }
}

impl FetchTransport {
    /// One request; with `give_up_ms`, aborted after that long and reported as
    /// `Unreachable(WAIT_OVER)`.
    async fn fetch(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        give_up_ms: Option<u32>,
    ) -> Result<CouchAnswer, SyncError> {
        let init = web_sys::RequestInit::new();
        let abort = match give_up_ms {
            Some(ms) => {
                let controller = web_sys::AbortController::new().map_err(unreachable)?;
                init.set_signal(Some(&controller.signal()));
                let on_time = Closure::once_into_js(move || controller.abort());
                if let Some(window) = web_sys::window() {
                    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                        on_time.unchecked_ref(),
                        i32::try_from(ms).unwrap_or(i32::MAX),
                    );
                }
                true
            }
            None => false,
        };
        let answered = self.fetch_now(method, path, body, init).await;
        match answered {
            Err(SyncError::Unreachable(detail))
                if abort && detail.to_lowercase().contains("abort") =>
            {
                Err(SyncError::Unreachable(couch::WAIT_OVER.into()))
            }
            other => other,
        }
    }

    async fn fetch_now(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        init: web_sys::RequestInit,
    ) -> Result<CouchAnswer, SyncError> {
        init.set_method(method);
        let headers = web_sys::Headers::new().map_err(unreachable)?;
        headers
            .set("Authorization", &self.authorization)
            .map_err(unreachable)?;
        headers
            .set("Accept", "application/json")
            .map_err(unreachable)?;
        if let Some(body) = body {
            headers
                .set("Content-Type", "application/json")
                .map_err(unreachable)?;
            init.set_body(&JsValue::from_str(&body.to_string()));
        }
        init.set_headers(&headers);
        let url = format!("{}/{}", self.server, path);
        let window = web_sys::window().ok_or_else(|| SyncError::Unreachable("no window".into()))?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(&url, &init))
                .await
                .map_err(unreachable)?
                .unchecked_into();
        let text = JsFuture::from(response.text().map_err(unreachable)?)
            .await
            .map_err(unreachable)?
            .as_string()
            .unwrap_or_default();
        Ok(CouchAnswer {
            status: response.status(),
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        })
    }
}

/// The device key, naming this device in each signature.
struct DeviceSigner {
    key: DeviceKey,
    device_id: String,
}

impl EventSigner for DeviceSigner {
    async fn sign_event(&self, hash: &str) -> Result<EventSignature, SyncError> {
        let value = self
            .key
            .sign_bytes(&estate_core::couch::event_signing_input(hash))
            .await
            .map_err(|error| SyncError::Signing(error.0))?;
        Ok(EventSignature {
            device_id: self.device_id.clone(),
            algorithm: SIGNATURE_ALGORITHM.into(),
            public_key: self.key.public_key.clone(),
            value: base64::engine::general_purpose::STANDARD.encode(value),
        })
    }
}

/// What the header shows of live sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncPhase {
    /// No server configured, or sync stopped.
    Off,
    Paused,
    Connecting,
    /// Pushing or pulling: how many of how many.
    Syncing {
        done: usize,
        total: usize,
    },
    Connected,
    /// The server cannot be reached; sync tries again by itself.
    Offline,
    /// 401: the administrator must sign in to the server again.
    SignInAgain,
    Error(String),
}

/// The live sync state, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct LiveSync {
    pub phase: RwSignal<SyncPhase>,
    pub last_sync: RwSignal<Option<DateTime<Utc>>>,
    /// Documents refused so far in this session.
    pub refused: RwSignal<Vec<(String, String)>>,
    /// Set when a pull started over (server restored or wiped), for the report.
    pub started_over: RwSignal<Option<StartReason>>,
    /// Bumped to end the running loop: a loop runs while its generation is current.
    generation: RwSignal<u64>,
}

impl LiveSync {
    /// Provides the state, and starts the loop if sync was running on the last visit.
    pub fn provide(services: Services) -> LiveSync {
        let live = LiveSync {
            phase: RwSignal::new(SyncPhase::Off),
            last_sync: RwSignal::new(None),
            refused: RwSignal::new(Vec::new()),
            started_over: RwSignal::new(None),
            generation: RwSignal::new(0),
        };
        provide_context(live);
        if ServerSettings::load().is_some_and(|settings| settings.running) {
            live.start(services);
        }
        live
    }

    pub fn expect() -> LiveSync {
        expect_context::<LiveSync>()
    }

    /// Starts (or restarts) continuous sync with the saved settings.
    pub fn start(self, services: Services) {
        let Some(mut settings) = ServerSettings::load() else {
            return;
        };
        settings.running = true;
        settings.save();
        let generation = self.generation.get_untracked() + 1;
        self.generation.set(generation);
        self.phase.set(SyncPhase::Connecting);
        wasm_bindgen_futures::spawn_local(async move {
            run(self, services, settings, generation).await;
        });
    }

    /// Pauses sync until it is started again; the settings stay.
    pub fn pause(self) {
        self.halt(SyncPhase::Paused);
    }

    /// Stops sync and forgets the password; the address stays for next time.
    pub fn stop(self) {
        if let Some(mut settings) = ServerSettings::load() {
            settings.sealed_password = None;
            settings.save();
        }
        self.halt(SyncPhase::Off);
    }

    fn halt(self, phase: SyncPhase) {
        if let Some(mut settings) = ServerSettings::load() {
            settings.running = false;
            settings.save();
        }
        self.generation.update(|generation| *generation += 1);
        self.phase.set(phase);
    }

    fn is_current(self, generation: u64) -> bool {
        self.generation.try_get_untracked() == Some(generation)
    }
}

/// The transport for `settings`, with the password unsealed.
pub async fn transport_for(
    desk: &DeskService<IndexedDbStore>,
    settings: &ServerSettings,
) -> Result<FetchTransport, SyncError> {
    let store = desk.store();
    let sealed = settings
        .sealed_password
        .as_ref()
        .ok_or(SyncError::Unauthorized)?;
    let password = unseal_password(store, sealed)
        .await
        .map_err(|_| SyncError::Unauthorized)?;
    Ok(FetchTransport::new(
        &settings.server,
        &settings.user,
        &password,
    ))
}

struct PhaseProgress(LiveSync);

impl SyncProgress for PhaseProgress {
    async fn report(&self, done: usize, total: usize) {
        self.0.phase.try_set(SyncPhase::Syncing { done, total });
        // Let the page paint between batches.
        yield_to_page().await;
    }

    async fn pause(&self) {
        yield_to_page().await;
    }
}

async fn run(live: LiveSync, services: Services, settings: ServerSettings, generation: u64) {
    let desk: Rc<DeskService<IndexedDbStore>> = services.desk();
    let target = settings.target();
    let session_id = uuid::Uuid::now_v7().to_string();
    let mut state = PullState {
        session_id,
        ..PullState::default()
    };
    while live.is_current(generation) {
        match round(&live, &desk, &settings, &target, &mut state).await {
            Ok(taken) => {
                if !live.is_current(generation) {
                    break;
                }
                live.phase.try_set(SyncPhase::Connected);
                live.last_sync.try_set(Some(Utc::now()));
                if taken {
                    services.changed();
                }
            }
            Err(error) => {
                if !live.is_current(generation) {
                    break;
                }
                match error {
                    SyncError::Unauthorized => {
                        live.halt(SyncPhase::SignInAgain);
                        break;
                    }
                    SyncError::Unreachable(_) => {
                        live.phase.try_set(SyncPhase::Offline);
                    }
                    other => {
                        live.phase.try_set(SyncPhase::Error(other.to_string()));
                    }
                }
                sleep_ms(3_000).await;
            }
        }
    }
}

/// One push and one pull. Returns whether anything was taken in.
async fn round(
    live: &LiveSync,
    desk: &DeskService<IndexedDbStore>,
    settings: &ServerSettings,
    target: &CouchTarget,
    state: &mut PullState,
) -> Result<bool, SyncError> {
    let transport = transport_for(desk, settings).await?;
    let key = DeviceKey::of(desk)
        .await
        .map_err(|error| SyncError::Signing(error.0))?;
    let signer = DeviceSigner {
        key,
        device_id: desk.device().0,
    };
    let progress = PhaseProgress(*live);
    let (_, pulled) = couch::sync_round(
        desk,
        &transport,
        &signer,
        target,
        state,
        Utc::now(),
        true,
        &progress,
    )
    .await?;
    if pulled.started_over.is_some() {
        live.started_over.try_set(pulled.started_over);
    }
    if !pulled.refused.is_empty() {
        live.refused
            .try_set(couch::refused_documents(desk.store()).await);
    }
    Ok(pulled.events_taken > 0 || pulled.photos_taken > 0)
}
