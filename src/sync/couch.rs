//! Live sync with a CouchDB server (issue #18): CouchDB's replication protocol over HTTP, one
//! push and one pull per round. Core decides ([`estate_core::couch`]); this module reads the
//! store, talks to the server through a [`CouchTransport`], and takes every pulled batch in
//! through the bundle import's own path ([`super::preview_import`], [`super::commit_import`]).

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use chrono::{DateTime, Utc};
use estate_core::bundle::{self, BundleError, Source, WireAttachment, WireEvent};
use estate_core::couch::{
    self, admit, bundle_of, photo_doc, photo_doc_id, read_doc, replication_id, resume_from,
    revision_of, Admission, Checkpoint, EventDoc, EventSignature, Holdings, PulledDoc, RefusedDoc,
    Resume, StartReason,
};
use serde_json::{json, Value};

use crate::desk_service::DeskService;
use crate::store::{Store, StoreError};

/// Documents per `_revs_diff` / `_bulk_docs` request when pushing.
pub const PUSH_BATCH: usize = 250;
/// Changes per `_changes` request when pulling.
pub const PULL_BATCH: usize = 500;
/// How long a caught-up pull waits on the server for the next change, in milliseconds.
pub const LONGPOLL_MS: u32 = 2_000;

/// The office database on a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouchTarget {
    /// `https://…` (or `http://localhost…`), without a trailing slash.
    pub server: String,
    pub database: String,
}

impl CouchTarget {
    fn path(&self, rest: &str) -> String {
        format!("{}/{}", urlencode(&self.database), rest)
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Whether a server address may carry credentials: HTTPS, or plain HTTP to this machine.
pub fn is_allowed_server(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") {
        return lower.len() > "https://".len();
    }
    ["http://localhost", "http://127.0.0.1", "http://[::1]"]
        .iter()
        .any(|local| {
            lower
                .strip_prefix(local)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        })
}

/// A server's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct CouchAnswer {
    pub status: u16,
    pub body: Value,
}

/// Why a sync round stopped. Nothing is half-written: a failed round leaves the checkpoints
/// where the last complete batch put them.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncError {
    /// The server could not be reached: offline, or down.
    Unreachable(String),
    /// 401: the name or password is wrong, or the session ended; sign in again.
    Unauthorized,
    /// 403 or 404 on the database: it does not exist, or this user is not a member.
    NoDatabase(u16),
    /// Another answer the protocol does not expect.
    Server {
        status: u16,
        reason: String,
    },
    /// The server refused documents this device pushed (its guard, or a 409).
    PushRefused(Vec<(String, String)>),
    /// A pulled batch failed the bundle checks as a whole: nothing of it was applied.
    PulledBatchInvalid(Vec<BundleError>),
    Store(StoreError),
    /// This device could not sign what it pushes.
    Signing(String),
    /// The server holds no event this device could join the office by.
    NothingToJoin,
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Unreachable(detail) => write!(f, "server unreachable: {detail}"),
            SyncError::Unauthorized => write!(f, "401: sign in again"),
            SyncError::NoDatabase(status) => {
                write!(f, "{status}: no such database, or not a member")
            }
            SyncError::Server { status, reason } => write!(f, "{status}: {reason}"),
            SyncError::PushRefused(refused) => {
                let list: Vec<String> = refused
                    .iter()
                    .map(|(id, reason)| format!("{id} ({reason})"))
                    .collect();
                write!(f, "the server refused {}", list.join(", "))
            }
            SyncError::PulledBatchInvalid(problems) => {
                let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                write!(f, "pulled batch refused: {}", list.join("; "))
            }
            SyncError::Store(error) => write!(f, "{}", error.detail()),
            SyncError::Signing(detail) => write!(f, "signing failed: {detail}"),
            SyncError::NothingToJoin => write!(f, "the database holds no office to join"),
        }
    }
}

impl From<StoreError> for SyncError {
    fn from(error: StoreError) -> SyncError {
        SyncError::Store(error)
    }
}

/// HTTP to the server: `fetch` in the browser, a fake in tests.
pub trait CouchTransport {
    /// `path` is relative to the server (`office/_changes?since=0`).
    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> impl Future<Output = Result<CouchAnswer, SyncError>>;

    /// A GET that may hold until the server has news (a longpoll `_changes`). CouchDB answers
    /// when its `timeout` runs out, but not every server does (express-pouchdb holds the
    /// request open), so the browser's transport also gives up after `ms` and reports
    /// `Unreachable(WAIT_OVER)`, which the pull takes as "nothing new".
    fn wait(&self, path: &str, ms: u32) -> impl Future<Output = Result<CouchAnswer, SyncError>> {
        let _ = ms;
        self.request("GET", path, None)
    }
}

impl SyncError {
    /// Whether this is a wait for changes that ran out (see [`CouchTransport::wait`]).
    fn is_wait_over(&self) -> bool {
        matches!(self, SyncError::Unreachable(detail) if detail == WAIT_OVER)
    }
}

/// What [`CouchTransport::wait`] reports when its time ran out.
pub const WAIT_OVER: &str = "wait over";

/// Signs the events this device pushes (the device key in the browser).
pub trait EventSigner {
    fn sign_event(&self, hash: &str) -> impl Future<Output = Result<EventSignature, SyncError>>;
}

async fn call<T: CouchTransport>(
    transport: &T,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Result<Value, SyncError> {
    call_answer(transport.request(method, path, body).await?, path)
}

/// The body of a successful answer, or the error its status means.
fn call_answer(answer: CouchAnswer, path: &str) -> Result<Value, SyncError> {
    match answer.status {
        200..=299 => Ok(answer.body),
        401 => Err(SyncError::Unauthorized),
        403 | 404 if !path.contains("/_local/") => Err(SyncError::NoDatabase(answer.status)),
        status => Err(SyncError::Server {
            status,
            reason: answer.body["reason"]
                .as_str()
                .or(answer.body["error"].as_str())
                .unwrap_or("unexpected answer")
                .to_owned(),
        }),
    }
}

/// Checks that the database answers with these credentials; returns its document count.
pub async fn test_connection<T: CouchTransport>(
    transport: &T,
    target: &CouchTarget,
) -> Result<u64, SyncError> {
    let info = call(transport, "GET", &urlencode(&target.database), None).await?;
    Ok(info["doc_count"].as_u64().unwrap_or(0))
}

const LOCAL_META_PREFIX: &str = "couch_checkpoint:";
/// The meta entry listing the documents the sync refused, with their reasons.
pub const REFUSED_KEY: &str = "couch_refused";
/// The meta entry with what the server has confirmed of this device's own events.
pub const CONFIRMED_KEY: &str = "couch_confirmed";

/// The `_local` checkpoint document of `id`, or `None` where the server has none.
async fn remote_checkpoint<T: CouchTransport>(
    transport: &T,
    target: &CouchTarget,
    id: &str,
) -> Result<(Option<Checkpoint>, Option<String>), SyncError> {
    let answer = transport
        .request("GET", &target.path(&format!("_local/{id}")), None)
        .await?;
    match answer.status {
        200 => {
            let rev = answer.body["_rev"].as_str().map(str::to_owned);
            Ok((serde_json::from_value(answer.body).ok(), rev))
        }
        404 => Ok((None, None)),
        401 => Err(SyncError::Unauthorized),
        status => Err(SyncError::Server {
            status,
            reason: "checkpoint unreadable".into(),
        }),
    }
}

async fn local_checkpoint<S: Store>(store: &S, id: &str) -> Result<Option<Checkpoint>, StoreError> {
    Ok(store
        .meta(&format!("{LOCAL_META_PREFIX}{id}"))
        .await?
        .and_then(|value| serde_json::from_value(value).ok()))
}

/// Writes a checkpoint on the server, then here: both sides agree, or the next round starts
/// over (which is safe).
async fn save_checkpoint<S: Store, T: CouchTransport>(
    store: &S,
    transport: &T,
    target: &CouchTarget,
    id: &str,
    remote_rev: &mut Option<String>,
    checkpoint: &Checkpoint,
    mut also: Vec<(String, Value)>,
) -> Result<(), SyncError> {
    let path = target.path(&format!("_local/{id}"));
    let put = |rev: Option<&String>| {
        let mut doc = serde_json::to_value(checkpoint).expect("a checkpoint serializes");
        if let Some(rev) = rev {
            doc["_rev"] = Value::String(rev.clone());
        }
        transport.request("PUT", &path, Some(doc))
    };
    let mut answer = put(remote_rev.as_ref()).await?;
    if answer.status == 409 {
        // Another writer (this device's other tab) moved the checkpoint on since it was read:
        // write over its revision. Both wrote what they had taken in, so either is right.
        let (_, current) = remote_checkpoint(transport, target, id).await?;
        answer = put(current.as_ref()).await?;
    }
    let written = call_answer(answer, &path)?;
    *remote_rev = written["rev"].as_str().map(str::to_owned);
    also.push((format!("{LOCAL_META_PREFIX}{id}"), json!(checkpoint)));
    store
        .commit(&crate::store::WriteBatch {
            meta: also,
            ..Default::default()
        })
        .await?;
    Ok(())
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    pub events_sent: usize,
    pub photos_sent: usize,
    pub started_over: Option<StartReason>,
    /// The arrival number the server now holds everything up to; `None` when nothing is
    /// stored here.
    pub pushed_through: Option<u64>,
}

/// How far a round got, for the header's "syncing N", and where the page may run between
/// the steps of a batch.
pub trait SyncProgress {
    fn report(&self, done: usize, total: usize) -> impl Future<Output = ()>;

    /// Lets the page handle input and paint before the next step (in the browser, a task of
    /// its own), so that no step of a large pull holds the main thread long.
    fn pause(&self) -> impl Future<Output = ()> {
        std::future::ready(())
    }
}

impl SyncProgress for () {
    async fn report(&self, _done: usize, _total: usize) {}
}

/// Which of `revs` (id → revision) the server lacks.
async fn missing<T: CouchTransport>(
    transport: &T,
    target: &CouchTarget,
    revs: &BTreeMap<String, String>,
) -> Result<BTreeSet<String>, SyncError> {
    if revs.is_empty() {
        return Ok(BTreeSet::new());
    }
    let query: serde_json::Map<String, Value> = revs
        .iter()
        .map(|(id, rev)| (id.clone(), json!([rev])))
        .collect();
    let answer = call(
        transport,
        "POST",
        &target.path("_revs_diff"),
        Some(Value::Object(query)),
    )
    .await?;
    Ok(answer
        .as_object()
        .map(|missing| missing.keys().cloned().collect())
        .unwrap_or_default())
}

/// Writes documents as they are (`new_edits: false`). A document the server refuses but now
/// holds (another device pushed it meanwhile) is fine; any other refusal stops the push.
async fn bulk_write<T: CouchTransport>(
    transport: &T,
    target: &CouchTarget,
    docs: Vec<Value>,
) -> Result<(), SyncError> {
    let revs: BTreeMap<String, String> = docs
        .iter()
        .map(|doc| {
            (
                doc["_id"].as_str().unwrap_or_default().to_owned(),
                doc["_rev"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let answer = call(
        transport,
        "POST",
        &target.path("_bulk_docs"),
        Some(json!({ "docs": docs, "new_edits": false })),
    )
    .await?;
    let refused: Vec<(String, String)> = answer
        .as_array()
        .into_iter()
        .flatten()
        .filter(|result| result.get("error").is_some())
        .map(|result| {
            (
                result["id"].as_str().unwrap_or_default().to_owned(),
                result["reason"]
                    .as_str()
                    .or(result["error"].as_str())
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    let asked: BTreeMap<String, String> = refused
        .iter()
        .filter_map(|(id, _)| revs.get(id).map(|rev| (id.clone(), rev.clone())))
        .collect();
    let still_missing = missing(transport, target, &asked).await?;
    let refused: Vec<(String, String)> = refused
        .into_iter()
        .filter(|(id, _)| still_missing.contains(id))
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(SyncError::PushRefused(refused))
    }
}

/// Pushes every event stored here that the server has not confirmed, with the photos they
/// refer to: `_revs_diff`, then `_bulk_docs` with `new_edits: false`, batch by batch, each
/// batch checkpointed. Photos go before the events that refer to them.
pub async fn push<S: Store, T: CouchTransport, G: EventSigner>(
    desk: &DeskService<S>,
    transport: &T,
    signer: &G,
    target: &CouchTarget,
    session_id: &str,
    progress: &impl SyncProgress,
) -> Result<PushReport, SyncError> {
    let store = desk.store();
    let device = desk.device().0;
    let id = replication_id(&device, &target.server, &target.database, "push");
    let local = local_checkpoint(store, &id).await?;
    let (remote, mut remote_rev) = remote_checkpoint(transport, target, &id).await?;
    let mut report = PushReport::default();
    // The newest arrival number the server holds, by both checkpoints; `None` to send all.
    let after: Option<u64> = match resume_from(local.as_ref(), remote.as_ref(), None) {
        Resume::After(seq) => seq.as_u64(),
        Resume::FromStart(reason) => {
            report.started_over = Some(reason);
            None
        }
    };
    // Nothing stored since the checkpoint both sides agree on: nothing to read or send. This
    // is every round of an idle device, so it must not read the whole log.
    let next_arrival = desk.with_device(|device| device.next_arrival());
    if after.is_some_and(|after| after + 1 >= next_arrival) || next_arrival == 0 {
        report.pushed_through = after;
        return Ok(report);
    }
    // The events are in memory (issue #19: reading and parsing the whole log was most of a
    // push).
    desk.catch_up().await?;
    let from = after.map_or(0, |after| after + 1);
    let (pending, mut own_confirmed, newest) = desk.with_device(|device| {
        let mut pending = Vec::new();
        let mut own_confirmed = 0u64;
        let mut newest = None;
        for held in device.held_events(0..u64::MAX) {
            let own = held.event.hlc.device == *device.device();
            let arrival = held.link.arrival;
            newest = newest.max(Some(arrival));
            if arrival < from {
                own_confirmed += u64::from(own);
            } else {
                let wire =
                    WireEvent::from_event(held.event, held.link.prev_hash.as_deref(), held.hash);
                pending.push(PendingEvent {
                    arrival,
                    own,
                    photos: bundle::referenced_photos(held.event),
                    wire,
                });
            }
        }
        estate_core::sorting::sort_by_key(&mut pending, |pending| pending.arrival);
        (pending, own_confirmed, newest)
    });
    let total = pending.len();
    let mut pending = pending.into_iter();
    for index in 0.. {
        let batch: Vec<PendingEvent> = pending.by_ref().take(PUSH_BATCH).collect();
        if batch.is_empty() {
            break;
        }
        progress.report(index * PUSH_BATCH, total).await;
        // Photos first, so that a puller finds them before the events that refer to them.
        let photos: BTreeSet<&String> = batch.iter().flat_map(|event| &event.photos).collect();
        let photo_revs: BTreeMap<String, String> = photos
            .iter()
            .map(|sha256| (photo_doc_id(sha256), revision_of(sha256)))
            .collect();
        let lacking = missing(transport, target, &photo_revs).await?;
        let mut photo_docs = Vec::new();
        for sha256 in &photos {
            if lacking.contains(&photo_doc_id(sha256)) {
                if let Some(photo) = store.attachment(sha256).await? {
                    photo_docs.push(photo_doc(&WireAttachment::new(
                        photo.sha256,
                        photo.mime,
                        &photo.bytes,
                    )));
                }
            }
        }
        report.photos_sent += photo_docs.len();
        if !photo_docs.is_empty() {
            bulk_write(transport, target, photo_docs).await?;
        }
        let event_revs: BTreeMap<String, String> = batch
            .iter()
            .map(|event| (event.wire.id.clone(), revision_of(&event.wire.hash)))
            .collect();
        let lacking = missing(transport, target, &event_revs).await?;
        let last = batch.last().map_or(0, |event| event.arrival);
        own_confirmed += batch.iter().filter(|event| event.own).count() as u64;
        let mut docs = Vec::new();
        for event in batch
            .into_iter()
            .filter(|event| lacking.contains(&event.wire.id))
        {
            let signature = signer.sign_event(&event.wire.hash).await?;
            docs.push(
                serde_json::to_value(EventDoc::new(event.wire, signature))
                    .expect("a document serializes"),
            );
        }
        report.events_sent += docs.len();
        if !docs.is_empty() {
            bulk_write(transport, target, docs).await?;
        }
        let checkpoint = Checkpoint {
            session_id: session_id.to_owned(),
            last_seq: json!(last),
            own_events: Some(own_confirmed),
        };
        // What the server confirmed of this device's own events, for "not yet exported",
        // kept in the same write as the checkpoint.
        let confirmed = (
            CONFIRMED_KEY.to_owned(),
            json!({ "own_events": own_confirmed }),
        );
        save_checkpoint(
            store,
            transport,
            target,
            &id,
            &mut remote_rev,
            &checkpoint,
            vec![confirmed],
        )
        .await?;
    }
    progress.report(total, total).await;
    report.pushed_through = newest.or(after);
    Ok(report)
}

/// A held event the server has not confirmed, as a push sends it.
struct PendingEvent {
    arrival: u64,
    /// Made on this device, for the count of own events the server holds.
    own: bool,
    photos: Vec<String>,
    wire: WireEvent,
}

/// One round of live sync: a push, then a pull.
///
/// When everything stored since the push came from the server, the push checkpoint moves
/// over it: the server holds it already, and otherwise the next push would read the whole
/// log, on the main thread, only to find nothing to send (a long task after a large pull).
#[allow(clippy::too_many_arguments)]
pub async fn sync_round<S: Store, T: CouchTransport, G: EventSigner>(
    desk: &DeskService<S>,
    transport: &T,
    signer: &G,
    target: &CouchTarget,
    state: &mut PullState,
    now: DateTime<Utc>,
    wait: bool,
    progress: &impl SyncProgress,
) -> Result<(PushReport, PullReport), SyncError> {
    let session_id = state.session_id.clone();
    let pushed = push(desk, transport, signer, target, &session_id, progress).await?;
    let before = desk.with_device(|device| device.next_arrival());
    let caught_up = pushed
        .pushed_through
        .map_or(before == 0, |through| through + 1 == before);
    let pulled = pull(desk, transport, target, state, now, wait, progress).await?;
    let after = desk.with_device(|device| device.next_arrival());
    if caught_up && pulled.events_taken > 0 && after - before == pulled.events_taken as u64 {
        skip_pulled(desk, transport, target, &session_id, after - 1).await?;
    }
    Ok((pushed, pulled))
}

/// Moves the push checkpoint to `through`: every event stored after the last push came from
/// the server. What the server confirmed of this device's own events stays as it was.
async fn skip_pulled<S: Store, T: CouchTransport>(
    desk: &DeskService<S>,
    transport: &T,
    target: &CouchTarget,
    session_id: &str,
    through: u64,
) -> Result<(), SyncError> {
    let id = replication_id(&desk.device().0, &target.server, &target.database, "push");
    let own_events = local_checkpoint(desk.store(), &id)
        .await?
        .map_or(Some(0), |checkpoint| checkpoint.own_events);
    let checkpoint = Checkpoint {
        session_id: session_id.to_owned(),
        last_seq: json!(through),
        own_events,
    };
    save_checkpoint_once(desk.store(), transport, target, &id, &checkpoint).await
}

/// [`save_checkpoint`] outside a replication's loop: reads the server's revision first.
async fn save_checkpoint_once<S: Store, T: CouchTransport>(
    store: &S,
    transport: &T,
    target: &CouchTarget,
    id: &str,
    checkpoint: &Checkpoint,
) -> Result<(), SyncError> {
    let (_, mut remote_rev) = remote_checkpoint(transport, target, id).await?;
    save_checkpoint(
        store,
        transport,
        target,
        id,
        &mut remote_rev,
        checkpoint,
        Vec::new(),
    )
    .await
}

/// How many of this device's own events the server has confirmed.
pub async fn confirmed_own_events<S: Store>(desk: &DeskService<S>) -> Option<usize> {
    desk.store()
        .meta(CONFIRMED_KEY)
        .await
        .ok()
        .flatten()
        .and_then(|entry| entry["own_events"].as_u64())
        .map(|count| count as usize)
}

/// What carries over from one pull to the next while sync runs.
#[derive(Debug, Clone, Default)]
pub struct PullState {
    /// This sync session's id, written into its checkpoints.
    pub session_id: String,
    /// Events whose predecessor or photo has not arrived yet.
    pub waiting: Vec<EventDoc>,
    /// The sequence read so far, when it is ahead of the saved checkpoint (events waiting).
    pub since: Option<Value>,
}

/// What a pull did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PullReport {
    pub events_taken: usize,
    pub photos_taken: usize,
    pub conflicts: usize,
    pub refused: Vec<RefusedDoc>,
    pub waiting: usize,
    pub started_over: Option<StartReason>,
}

/// One `_changes` batch and the documents of it this device lacks.
struct PulledBatch {
    docs: Vec<PulledDoc>,
    /// Documents the server sent that are not readable as ours.
    refused: Vec<RefusedDoc>,
    last_seq: Value,
    /// How many changes the batch listed: fewer than [`PULL_BATCH`] means caught up.
    changes: usize,
}

/// Reads the changes after `since` and fetches, with `_bulk_get`, the documents among them
/// this device does not hold. With `longpoll`, waits on the server for news; `None` when the
/// wait ran out with nothing new.
async fn pull_batch<S: Store, T: CouchTransport>(
    desk: &DeskService<S>,
    transport: &T,
    target: &CouchTarget,
    since: &Value,
    longpoll: bool,
    attachments: &BTreeSet<String>,
) -> Result<Option<PulledBatch>, SyncError> {
    let mut path = format!(
        "_changes?style=all_docs&limit={PULL_BATCH}&since={}",
        urlencode(&seq_text(since))
    );
    let changes = if longpoll {
        path.push_str(&format!("&feed=longpoll&timeout={LONGPOLL_MS}"));
        match transport
            .wait(&target.path(&path), LONGPOLL_MS + 1_000)
            .await
        {
            Err(error) if error.is_wait_over() => return Ok(None),
            Ok(answer) if (200..300).contains(&answer.status) => answer.body,
            Ok(answer) => call_answer(answer, &path)?,
            Err(error) => return Err(error),
        }
    } else {
        call(transport, "GET", &target.path(&path), None).await?
    };
    let results = changes["results"].as_array().cloned().unwrap_or_default();
    let wanted: Vec<Value> = desk.with_device(|device| {
        let held = device.held_hashes();
        results
            .iter()
            .filter_map(|change| {
                let doc_id = change["id"].as_str()?;
                let rev = change["changes"][0]["rev"].as_str()?;
                let already = doc_id.starts_with("_design/")
                    || held.contains_key(doc_id)
                    || doc_id
                        .strip_prefix("photo:")
                        .is_some_and(|sha256| attachments.contains(sha256));
                (!already).then(|| json!({ "id": doc_id, "rev": rev }))
            })
            .collect()
    });
    let mut batch = PulledBatch {
        docs: Vec::new(),
        refused: Vec::new(),
        last_seq: changes["last_seq"].clone(),
        changes: results.len(),
    };
    if wanted.is_empty() {
        return Ok(Some(batch));
    }
    let fetched = call(
        transport,
        "POST",
        &target.path("_bulk_get?revs=false&attachments=true"),
        Some(json!({ "docs": wanted })),
    )
    .await?;
    for result in fetched["results"].as_array().into_iter().flatten() {
        let doc_id = result["id"].as_str().unwrap_or_default();
        for found in result["docs"].as_array().into_iter().flatten() {
            match found.get("ok").map(read_doc) {
                Some(Ok(doc)) => batch.docs.push(doc),
                Some(Err(problem)) => batch.refused.push(RefusedDoc {
                    id: doc_id.to_owned(),
                    problem,
                }),
                None => {}
            }
        }
    }
    Ok(Some(batch))
}

/// Takes admitted events and photos in through the bundle import's path: the checks, the
/// merge and one transaction. Adds what was taken to `report`.
async fn take_in<S: Store>(
    desk: &DeskService<S>,
    target: &CouchTarget,
    admission: &Admission,
    now: DateTime<Utc>,
    report: &mut PullReport,
    progress: &impl SyncProgress,
) -> Result<(), SyncError> {
    if admission.events.is_empty() && admission.photos.is_empty() {
        return Ok(());
    }
    let preview = preview_admission(desk, target, admission, now).await?;
    progress.pause().await;
    let taken = super::commit_unseen_import(desk, preview, now)
        .await?
        .release_checked()
        .await;
    desk.write_pending_projections().await?;
    report.events_taken += taken.imported_by_kind.values().sum::<usize>();
    report.conflicts += taken.conflicts_by_kind.values().sum::<usize>();
    report.photos_taken += taken.photos_stored;
    Ok(())
}

/// The bundle import's preview of what was admitted, as a bundle from the server.
async fn preview_admission<S: Store>(
    desk: &DeskService<S>,
    target: &CouchTarget,
    admission: &Admission,
    now: DateTime<Utc>,
) -> Result<super::ImportPreview, SyncError> {
    let server = Source {
        device_id: "couchdb".into(),
        device_name: format!("{}/{}", target.server, target.database),
        person: String::new(),
    };
    let text =
        serde_json::to_string(&bundle_of(admission, server, now)).expect("a bundle serializes");
    super::preview_import(desk, &text, now)
        .await
        .map_err(|error| match error {
            super::PreviewError::Invalid(problems) => SyncError::PulledBatchInvalid(problems),
            super::PreviewError::Store(error) => SyncError::Store(error),
        })
}

/// Pulls what the server has and this device does not: `_changes` from the checkpoint, then
/// the documents with `_bulk_get`, admitted by core and taken in like a bundle. With
/// `wait`, a caught-up pull waits on the server (longpoll) for the next change.
pub async fn pull<S: Store, T: CouchTransport>(
    desk: &DeskService<S>,
    transport: &T,
    target: &CouchTarget,
    state: &mut PullState,
    now: DateTime<Utc>,
    wait: bool,
    progress: &impl SyncProgress,
) -> Result<PullReport, SyncError> {
    let session_id = state.session_id.clone();
    let store = desk.store();
    let device = desk.device().0;
    let id = replication_id(&device, &target.server, &target.database, "pull");
    let info = call(transport, "GET", &urlencode(&target.database), None).await?;
    let local = local_checkpoint(store, &id).await?;
    let (remote, mut remote_rev) = remote_checkpoint(transport, target, &id).await?;
    let mut report = PullReport::default();
    let mut since = match resume_from(local.as_ref(), remote.as_ref(), info.get("update_seq")) {
        Resume::After(seq) => state.since.clone().unwrap_or(seq),
        // Before the first checkpoint, a pull that has events waiting carries on from where
        // it read to; any other start over begins at 0, which is safe.
        Resume::FromStart(StartReason::FirstTime) => state.since.clone().unwrap_or(json!(0)),
        Resume::FromStart(reason) => {
            report.started_over = Some(reason);
            state.waiting.clear();
            state.since = None;
            json!(0)
        }
    };
    let total = info["update_seq"].as_u64().unwrap_or(0) as usize;
    // Read once; each batch adds the photos it stored.
    let mut attachments = store.attachment_keys().await?;
    let mut first = true;
    loop {
        // Only the first request waits: the later ones read on while there is more. Events
        // still waiting (for a predecessor or an enrolment) come in with later news, so they
        // wait on the server too, rather than ask again at once.
        let longpoll = wait && first;
        first = false;
        let Some(batch) =
            pull_batch(desk, transport, target, &since, longpoll, &attachments).await?
        else {
            break;
        };
        if batch.changes == 0 {
            break;
        }
        progress
            .report(seq_number_or(&batch.last_seq, 0), total.max(batch.changes))
            .await;
        report.refused.extend(batch.refused);
        progress.pause().await;
        let waiting = std::mem::take(&mut state.waiting);
        let admission = desk.with_device(|device| {
            admit(
                batch.docs,
                waiting,
                Holdings {
                    event_hashes: device.held_hashes(),
                    attachments: &attachments,
                    devices: &device.desk().devices,
                },
            )
        });
        report.refused.extend(admission.refused.iter().cloned());
        progress.pause().await;
        take_in(desk, target, &admission, now, &mut report, progress).await?;
        attachments.extend(admission.photos.iter().map(|photo| photo.sha256.clone()));
        state.waiting = admission.waiting;
        since = batch.last_seq.clone();
        if state.waiting.is_empty() {
            let checkpoint = Checkpoint {
                session_id: session_id.clone(),
                last_seq: batch.last_seq,
                own_events: None,
            };
            save_checkpoint(
                store,
                transport,
                target,
                &id,
                &mut remote_rev,
                &checkpoint,
                Vec::new(),
            )
            .await?;
            state.since = None;
        } else {
            // The checkpoint stays before the waiting events, so a reload reads them again.
            state.since = Some(since.clone());
        }
        if batch.changes < PULL_BATCH {
            break;
        }
    }
    report.waiting = state.waiting.len();
    if !report.refused.is_empty() {
        remember_refused(store, &report.refused).await?;
    }
    Ok(report)
}

/// A device joining the office through the server, before anything is written: the whole
/// office read and checked, for an administrator to approve with their PIN.
pub struct JoinPlan {
    /// The bundle import's preview: its desk names the administrators who may approve.
    pub preview: super::ImportPreview,
    last_seq: Value,
    refused: Vec<RefusedDoc>,
    /// Events left waiting (a chain with a gap on the server): read again by the next pull.
    waiting: usize,
}

/// Reads the whole office from the server for a device that holds no enrolment yet. Its
/// signatures are checked against the devices the office itself enrols
/// ([`couch::devices_enrolled_in`]); the administrator's PIN vouches for that, as for a
/// first bundle. Writes nothing: [`finish_join`] does, once approved.
pub async fn plan_join<S: Store, T: CouchTransport>(
    desk: &DeskService<S>,
    transport: &T,
    target: &CouchTarget,
    now: DateTime<Utc>,
    progress: &impl SyncProgress,
) -> Result<JoinPlan, SyncError> {
    let info = call(transport, "GET", &urlencode(&target.database), None).await?;
    let total = info["update_seq"].as_u64().unwrap_or(0) as usize;
    let attachments = desk.store().attachment_keys().await?;
    let mut since = json!(0);
    let mut docs = Vec::new();
    let mut refused = Vec::new();
    loop {
        let batch = pull_batch(desk, transport, target, &since, false, &attachments)
            .await?
            .expect("a read without longpoll always answers");
        progress
            .report(seq_number_or(&batch.last_seq, 0), total.max(batch.changes))
            .await;
        docs.extend(batch.docs);
        refused.extend(batch.refused);
        since = batch.last_seq;
        if batch.changes < PULL_BATCH {
            break;
        }
    }
    let devices = couch::devices_enrolled_in(&docs);
    let admission = desk.with_device(|device| {
        admit(
            docs,
            Vec::new(),
            Holdings {
                event_hashes: device.held_hashes(),
                attachments: &attachments,
                devices: &devices,
            },
        )
    });
    if admission.events.is_empty() {
        return Err(SyncError::NothingToJoin);
    }
    refused.extend(admission.refused.iter().cloned());
    Ok(JoinPlan {
        preview: preview_admission(desk, target, &admission, now).await?,
        last_seq: since,
        refused,
        waiting: admission.waiting.len(),
    })
}

/// Takes the approved office in (one transaction, as a bundle), and checkpoints the pull so
/// that live sync carries on from there.
pub async fn finish_join<S: Store, T: CouchTransport>(
    desk: &DeskService<S>,
    transport: &T,
    target: &CouchTarget,
    plan: &JoinPlan,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<PullReport, SyncError> {
    let before = desk.with_device(|device| device.next_arrival());
    let taken = super::commit_import(desk, &plan.preview, now).await?;
    desk.write_pending_projections().await?;
    let report = PullReport {
        events_taken: taken.imported_by_kind.values().sum(),
        photos_taken: taken.photos_stored,
        conflicts: taken.conflicts_by_kind.values().sum(),
        refused: plan.refused.clone(),
        waiting: plan.waiting,
        started_over: None,
    };
    let store = desk.store();
    if plan.waiting == 0 {
        let id = replication_id(&desk.device().0, &target.server, &target.database, "pull");
        let checkpoint = Checkpoint {
            session_id: session_id.to_owned(),
            last_seq: plan.last_seq.clone(),
            own_events: None,
        };
        save_checkpoint_once(store, transport, target, &id, &checkpoint).await?;
    }
    // A device that held nothing has nothing to push: all it holds came from the server.
    let after = desk.with_device(|device| device.next_arrival());
    if before == 0 && after == report.events_taken as u64 && after > 0 {
        skip_pulled(desk, transport, target, session_id, after - 1).await?;
    }
    if !report.refused.is_empty() {
        remember_refused(store, &report.refused).await?;
    }
    Ok(report)
}

fn seq_text(seq: &Value) -> String {
    match seq {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn seq_number_or(seq: &Value, fallback: usize) -> usize {
    couch::seq_number(seq).map_or(fallback, |number| number as usize)
}

/// Adds refused documents to the sync report kept in meta (the newest 200).
async fn remember_refused<S: Store>(store: &S, refused: &[RefusedDoc]) -> Result<(), StoreError> {
    let mut list = refused_documents(store).await;
    for doc in refused {
        let entry = (doc.id.clone(), doc.problem.to_string());
        if !list.contains(&entry) {
            list.push(entry);
        }
    }
    let keep_from = list.len().saturating_sub(200);
    let list: Vec<(String, String)> = list.split_off(keep_from);
    store
        .commit(&crate::store::WriteBatch {
            meta: vec![(REFUSED_KEY.to_owned(), json!(list))],
            ..Default::default()
        })
        .await
}

/// The documents the sync refused, with their reasons, oldest first.
pub async fn refused_documents<S: Store>(store: &S) -> Vec<(String, String)> {
    store
        .meta(REFUSED_KEY)
        .await
        .ok()
        .flatten()
        .and_then(|value| serde_json::from_value(value).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    //! Push and pull against an in-memory server that answers like CouchDB (and like the
    //! guard: a stored document is never written again), with the faults of issue #18.
    use super::*;
    use crate::store::memory::MemoryStore;
    use base64::Engine as _;
    use estate_core::device::{DeviceChange, SIGNATURE_ALGORITHM};
    use estate_core::scenario::{renovation_with_photos, test_pin_hash, walk_in_complaint};
    use estate_core::staff::StaffChange;
    use estate_core::{Actor, Change, EntityId, Role};
    use futures::executor::block_on;
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::{Signature, SigningKey};
    use std::cell::RefCell;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:30:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[derive(Debug, Clone, Default)]
    struct ServerState {
        docs: BTreeMap<String, (u64, Value)>,
        update_seq: u64,
        locals: BTreeMap<String, Value>,
        /// Writes refused because the document was stored already: a document sent twice.
        rewrites: usize,
        /// Requests answered before the server goes down.
        requests_left: Option<usize>,
        unauthorized: bool,
        /// How many of the next written documents another device pushes first (409).
        pushed_meanwhile: usize,
        /// 409 answers given.
        conflicts: usize,
        /// How many of the next `_local` writes another tab gets in just before.
        other_tab_writes: usize,
        /// `_revs_diff` requests answered.
        revs_diffs: usize,
    }

    #[derive(Default)]
    struct FakeCouch(RefCell<ServerState>);

    fn answer(status: u16, body: Value) -> Result<CouchAnswer, SyncError> {
        Ok(CouchAnswer { status, body })
    }

    impl CouchTransport for FakeCouch {
        async fn request(
            &self,
            method: &str,
            path: &str,
            body: Option<Value>,
        ) -> Result<CouchAnswer, SyncError> {
            let mut server = self.0.borrow_mut();
            match server.requests_left {
                Some(0) => return Err(SyncError::Unreachable("connection refused".into())),
                Some(left) => server.requests_left = Some(left - 1),
                None => {}
            }
            if server.unauthorized {
                return answer(401, json!({ "error": "unauthorized" }));
            }
            let (route, query) = path.split_once('?').unwrap_or((path, ""));
            let rest = route.split_once('/').map(|(_, rest)| rest);
            let param = |name: &str| {
                query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
                    .map(str::to_owned)
            };
            let body = body.unwrap_or(Value::Null);
            match (method, rest) {
                ("GET", None) => answer(
                    200,
                    json!({ "doc_count": server.docs.len(), "update_seq": server.update_seq }),
                ),
                ("GET", Some(local)) if local.starts_with("_local/") => {
                    match server.locals.get(local) {
                        Some(doc) => answer(200, doc.clone()),
                        None => answer(404, json!({ "error": "not_found" })),
                    }
                }
                ("PUT", Some(local)) if local.starts_with("_local/") => {
                    if server.other_tab_writes > 0 {
                        // Another tab of the device wrote the checkpoint just before.
                        server.other_tab_writes -= 1;
                        if let Some(doc) = server.locals.get_mut(local) {
                            doc["_rev"] = json!("0-99");
                        }
                    }
                    // As CouchDB: a document that exists is written only over its revision.
                    let current = server.locals.get(local).map(|doc| doc["_rev"].clone());
                    if current.as_ref().is_some_and(|rev| *rev != body["_rev"]) {
                        server.conflicts += 1;
                        return answer(409, json!({ "error": "conflict" }));
                    }
                    let generation = current
                        .and_then(|rev| rev.as_str()?.strip_prefix("0-")?.parse::<u64>().ok())
                        .unwrap_or(0);
                    let mut doc = body;
                    let rev = format!("0-{}", generation + 1);
                    doc["_rev"] = json!(rev);
                    server.locals.insert(local.to_owned(), doc);
                    answer(201, json!({ "ok": true, "rev": rev }))
                }
                ("POST", Some("_revs_diff")) => {
                    server.revs_diffs += 1;
                    let mut missing = serde_json::Map::new();
                    for (id, revs) in body.as_object().unwrap() {
                        let have = server.docs.get(id).map(|(_, doc)| doc["_rev"].clone());
                        let lacking: Vec<Value> = revs
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter(|rev| Some(*rev) != have.as_ref())
                            .cloned()
                            .collect();
                        if !lacking.is_empty() {
                            missing.insert(id.clone(), json!({ "missing": lacking }));
                        }
                    }
                    answer(200, Value::Object(missing))
                }
                ("POST", Some("_bulk_docs")) => {
                    assert_eq!(body["new_edits"], json!(false));
                    let mut errors = Vec::new();
                    for doc in body["docs"].as_array().unwrap() {
                        let id = doc["_id"].as_str().unwrap().to_owned();
                        if server.pushed_meanwhile > 0 && !server.docs.contains_key(&id) {
                            // Another device pushed the same event between this device's
                            // `_revs_diff` and its write: the server holds it, and says 409.
                            server.pushed_meanwhile -= 1;
                            server.update_seq += 1;
                            let seq = server.update_seq;
                            server.docs.insert(id.clone(), (seq, doc.clone()));
                            server.conflicts += 1;
                            errors.push(json!({ "id": id, "error": "conflict", "reason": "Document update conflict." }));
                            continue;
                        }
                        if server.docs.contains_key(&id) {
                            server.rewrites += 1;
                            errors.push(
                                json!({ "id": id, "error": "forbidden", "reason": "immutable" }),
                            );
                            continue;
                        }
                        server.update_seq += 1;
                        let seq = server.update_seq;
                        server.docs.insert(id, (seq, doc.clone()));
                    }
                    answer(201, Value::Array(errors))
                }
                ("GET", Some("_changes")) => {
                    let since: u64 = param("since").and_then(|s| s.parse().ok()).unwrap_or(0);
                    let limit: usize = param("limit")
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(usize::MAX);
                    let mut changes: Vec<(u64, &String, &Value)> = server
                        .docs
                        .iter()
                        .map(|(id, (seq, doc))| (*seq, id, doc))
                        .filter(|(seq, _, _)| *seq > since)
                        .collect();
                    estate_core::sorting::sort_by_key(&mut changes, |(seq, _, _)| *seq);
                    changes.truncate(limit);
                    let last = changes.last().map_or(since, |(seq, _, _)| *seq);
                    let results: Vec<Value> = changes
                        .into_iter()
                        .map(|(seq, id, doc)| json!({ "seq": seq, "id": id, "changes": [{ "rev": doc["_rev"] }] }))
                        .collect();
                    answer(200, json!({ "results": results, "last_seq": last }))
                }
                ("POST", Some("_bulk_get")) => {
                    let results: Vec<Value> = body["docs"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|wanted| {
                            let id = wanted["id"].as_str().unwrap();
                            let doc = server.docs.get(id).map(|(_, doc)| doc.clone());
                            json!({ "id": id, "docs": [doc.map_or(json!({ "error": {} }), |doc| json!({ "ok": doc }))] })
                        })
                        .collect();
                    answer(200, json!({ "results": results }))
                }
                _ => answer(400, json!({ "error": "bad_request", "reason": path })),
            }
        }
    }

    struct TestSigner {
        key: SigningKey,
        device_id: String,
    }

    impl EventSigner for TestSigner {
        async fn sign_event(&self, hash: &str) -> Result<EventSignature, SyncError> {
            let signature: Signature = self.key.sign(&couch::event_signing_input(hash));
            Ok(EventSignature {
                device_id: self.device_id.clone(),
                algorithm: SIGNATURE_ALGORITHM.into(),
                public_key: public_key(&self.key),
                value: base64::engine::general_purpose::STANDARD.encode(signature.to_bytes()),
            })
        }
    }

    fn public_key(key: &SigningKey) -> String {
        base64::engine::general_purpose::STANDARD
            .encode(key.verifying_key().to_encoded_point(false).as_bytes())
    }

    struct Device {
        desk: DeskService<MemoryStore>,
        signer: TestSigner,
        state: PullState,
    }

    /// The administrator who set the device up: each device's own profile.
    fn actor(desk: &DeskService<MemoryStore>) -> Actor {
        Actor {
            name: "王芳".into(),
            role: Role::FrontDesk,
            device: desk.device(),
            staff: Some(EntityId(format!("staff-{}", desk.device().0))),
        }
    }

    /// Two devices that enrolled each other, as an office's devices have.
    async fn office() -> (Device, Device) {
        let mut devices = Vec::new();
        for (name, seed) in [("desk", 3u8), ("tablet", 5u8)] {
            let counter = std::cell::Cell::new(0);
            let desk = DeskService::load(
                MemoryStore::new(),
                Box::new(move || {
                    counter.set(counter.get() + 1);
                    format!("{name}-{:04}", counter.get())
                }),
            )
            .await
            .unwrap();
            let signer = TestSigner {
                key: SigningKey::from_slice(&[seed; 32]).unwrap(),
                device_id: desk.device().0,
            };
            devices.push(Device {
                desk,
                signer,
                state: PullState {
                    session_id: "session-1".into(),
                    ..PullState::default()
                },
            });
        }
        let keys: Vec<(String, String)> = devices
            .iter()
            .map(|device| {
                (
                    device.signer.device_id.clone(),
                    public_key(&device.signer.key),
                )
            })
            .collect();
        for device in &devices {
            let admin = actor(&device.desk);
            let mut steps = vec![(
                admin.staff.clone().unwrap(),
                Change::Staff(StaffChange::Added {
                    name: admin.name.clone(),
                    roles: vec![Role::FrontDesk],
                    department: None,
                    administrator: true,
                    pin: test_pin_hash(),
                }),
            )];
            for (id, key) in &keys {
                steps.push((
                    EntityId(id.clone()),
                    Change::Device(DeviceChange::Enrolled {
                        name: format!("{id} 设备"),
                        public_key: key.clone(),
                        code: None,
                    }),
                ));
            }
            device
                .desk
                .execute_batch(&admin, steps, now())
                .await
                .unwrap();
        }
        let tablet = devices.pop().unwrap();
        (devices.pop().unwrap(), tablet)
    }

    async fn complain(device: &Device, entity: &str, room: &str) {
        device
            .desk
            .execute(
                &actor(&device.desk),
                &EntityId(entity.into()),
                walk_in_complaint(room),
                now(),
            )
            .await
            .unwrap();
    }

    fn target() -> CouchTarget {
        CouchTarget {
            server: "http://127.0.0.1:5984".into(),
            database: "office".into(),
        }
    }

    async fn push_from(device: &Device, server: &FakeCouch) -> Result<PushReport, SyncError> {
        push(
            &device.desk,
            server,
            &device.signer,
            &target(),
            "session-1",
            &(),
        )
        .await
    }

    async fn pull_into(device: &mut Device, server: &FakeCouch) -> Result<PullReport, SyncError> {
        pull(
            &device.desk,
            server,
            &target(),
            &mut device.state,
            now(),
            false,
            &(),
        )
        .await
    }

    fn event_ids(device: &Device) -> BTreeSet<String> {
        device
            .desk
            .with_device(|local| local.held_hashes().keys().cloned().collect())
    }

    #[test]
    fn x_1_two_devices_converge_through_the_server_and_an_idle_round_moves_nothing() {
        block_on(async {
            let server = FakeCouch::default();
            let (mut desk, mut tablet) = office().await;
            complain(&tablet, "fb-1", "601").await;
            complain(&desk, "fb-2", "602").await;
            for device in [&desk, &tablet] {
                push_from(device, &server).await.unwrap();
            }
            for device in [&mut desk, &mut tablet] {
                let pulled = pull_into(device, &server).await.unwrap();
                assert!(pulled.refused.is_empty(), "{pulled:?}");
                assert!(pulled.events_taken > 0, "{pulled:?}");
            }
            assert_eq!(event_ids(&desk), event_ids(&tablet));
            // Both complaints are cases on both devices.
            assert_eq!(desk.desk.store().entities().await.unwrap().len(), 2);
            assert_eq!(tablet.desk.store().entities().await.unwrap().len(), 2);
            let docs = server.0.borrow().docs.len();
            assert_eq!(docs, event_ids(&desk).len());

            let idle = push_from(&tablet, &server).await.unwrap();
            assert_eq!(idle.events_sent, 0);
            let again = pull_into(&mut desk, &server).await.unwrap();
            assert_eq!((again.events_taken, again.started_over), (0, None));
            assert_eq!(server.0.borrow().rewrites, 0);
            // The server confirmed the tablet's own events: none is "not yet exported".
            assert_eq!(
                confirmed_own_events(&tablet.desk).await,
                Some(tablet.desk.own_event_count())
            );
        });
    }

    /// A push sends the photos its events refer to, once, and a device that pulls them ends
    /// with the photos and the events. The events come from memory (issue #19), the photos
    /// from the store.
    #[test]
    fn x_1_a_push_sends_the_photos_its_events_refer_to() {
        block_on(async {
            let server = FakeCouch::default();
            let (mut desk, tablet) = office().await;
            let mut photos = Vec::new();
            for bytes in [b"photo-1".to_vec(), b"photo-2".to_vec()] {
                let sha256 = crate::photo::sha256_hex(&bytes);
                let mime = "image/jpeg".to_owned();
                let attachment = crate::store::Attachment {
                    sha256: sha256.clone(),
                    mime,
                    bytes,
                };
                tablet.desk.put_attachment(attachment).await.unwrap();
                photos.push(sha256);
            }
            let steps = renovation_with_photos("601", photos.clone());
            let renovation = EntityId("ren-1".into());
            let admin = actor(&tablet.desk);
            tablet
                .desk
                .execute_all(&admin, &renovation, steps, now())
                .await
                .unwrap();
            let pushed = push_from(&tablet, &server).await.unwrap();
            assert_eq!(pushed.photos_sent, 2);
            let again = push_from(&tablet, &server).await.unwrap();
            assert_eq!((again.photos_sent, again.events_sent), (0, 0));

            let pulled = pull_into(&mut desk, &server).await.unwrap();
            assert!(pulled.refused.is_empty(), "{pulled:?}");
            for sha256 in &photos {
                assert!(desk.desk.attachment(sha256).await.unwrap().is_some());
            }
            assert!(event_ids(&tablet).is_subset(&event_ids(&desk)));
        });
    }

    /// Issue #18: the server going down in the middle of a push loses nothing, and the resumed
    /// push sends nothing twice.
    #[test]
    fn x_1_a_push_cut_off_midway_resumes_and_sends_nothing_twice() {
        block_on(async {
            let server = FakeCouch::default();
            let (desk, tablet) = office().await;
            for index in 0..PUSH_BATCH + 40 {
                complain(
                    &tablet,
                    &format!("fb-{index}"),
                    &format!("{}", 100 + index % 50),
                )
                .await;
            }
            // Down after the first batch and its checkpoint, in the middle of the second.
            // Four requests: the checkpoint, then the first batch's diff, write and checkpoint.
            // The fifth (the second batch's diff) is answered, the write is not.
            server.0.borrow_mut().requests_left = Some(5);
            let cut = push_from(&tablet, &server).await;
            assert!(matches!(cut, Err(SyncError::Unreachable(_))), "{cut:?}");
            let stored_before = server.0.borrow().docs.len();
            assert!(stored_before >= PUSH_BATCH && stored_before < event_ids(&tablet).len());
            server.0.borrow_mut().requests_left = None;
            push_from(&tablet, &server).await.unwrap();
            assert_eq!(server.0.borrow().docs.len(), event_ids(&tablet).len());
            assert_eq!(server.0.borrow().rewrites, 0, "nothing was sent twice");
            drop(desk);
        });
    }

    /// A server restored from an old backup, its checkpoint ahead of its data, is replicated
    /// again from 0, and both sides end whole.
    #[test]
    fn x_1_a_server_restored_from_an_old_backup_is_replicated_again_from_zero() {
        block_on(async {
            let server = FakeCouch::default();
            let (mut desk, tablet) = office().await;
            complain(&tablet, "fb-1", "601").await;
            push_from(&tablet, &server).await.unwrap();
            pull_into(&mut desk, &server).await.unwrap();
            let backup = server.0.borrow().clone();
            complain(&tablet, "fb-2", "602").await;
            push_from(&tablet, &server).await.unwrap();
            pull_into(&mut desk, &server).await.unwrap();

            *server.0.borrow_mut() = backup;
            let pushed = push_from(&tablet, &server).await.unwrap();
            assert_eq!(pushed.started_over, Some(StartReason::CheckpointsDisagree));
            assert_eq!(pushed.events_sent, 1, "only what the backup lacks");
            let pulled = pull_into(&mut desk, &server).await.unwrap();
            assert!(pulled.started_over.is_some());
            assert_eq!(pulled.events_taken, 0, "the desk already held it");
            assert!(event_ids(&tablet).is_subset(&event_ids(&desk)));
            assert_eq!(server.0.borrow().docs.len(), event_ids(&tablet).len());
            assert_eq!(server.0.borrow().rewrites, 0);

            // A server whose data went back while its checkpoint documents did not.
            let newest = {
                let mut state = server.0.borrow_mut();
                let newest = state.update_seq;
                state.update_seq = 1;
                state.docs.retain(|_, (seq, _)| *seq <= 1);
                newest
            };
            let pulled = pull_into(&mut desk, &server).await.unwrap();
            assert_eq!(
                pulled.started_over,
                Some(StartReason::ServerBehindCheckpoint)
            );
            assert!(newest > 1);
        });
    }

    /// A document edited on the server is refused, reported with its reason, and never
    /// applied; 401 asks to sign in again.
    #[test]
    fn x_1_a_document_edited_on_the_server_is_refused_and_reported() {
        block_on(async {
            let server = FakeCouch::default();
            let (mut desk, tablet) = office().await;
            complain(&tablet, "fb-1", "601").await;
            push_from(&tablet, &server).await.unwrap();
            let edited_id = {
                let mut state = server.0.borrow_mut();
                let (id, (_, doc)) = state
                    .docs
                    .iter_mut()
                    .find(|(_, (_, doc))| doc["event"]["entity"] == "fb-1")
                    .unwrap();
                doc["event"]["actor"]["name"] = json!("冒名");
                id.clone()
            };
            let pulled = pull_into(&mut desk, &server).await.unwrap();
            assert_eq!(pulled.refused.len(), 1);
            assert_eq!(pulled.refused[0].id, edited_id);
            assert!(!event_ids(&desk).contains(&edited_id));
            assert_eq!(
                refused_documents(desk.desk.store()).await,
                vec![(
                    edited_id,
                    "edited on the server: its hash does not match".to_owned()
                )]
            );

            server.0.borrow_mut().unauthorized = true;
            assert_eq!(
                pull_into(&mut desk, &server).await.unwrap_err(),
                SyncError::Unauthorized
            );
        });
    }

    /// Issue #18, 409: a document another device pushed between this device's `_revs_diff`
    /// and its write is on the server, so it counts as pushed; a checkpoint another tab of
    /// this device moved on is written over its new revision. Nothing is lost or sent twice.
    #[test]
    fn x_1_a_409_from_the_server_loses_nothing_and_stops_nothing() {
        block_on(async {
            let server = FakeCouch::default();
            let (mut desk, tablet) = office().await;
            complain(&tablet, "fb-1", "601").await;
            server.0.borrow_mut().pushed_meanwhile = 2;
            push_from(&tablet, &server).await.unwrap();
            assert_eq!(server.0.borrow().conflicts, 2);
            assert_eq!(server.0.borrow().docs.len(), event_ids(&tablet).len());

            // Another tab's push moves the checkpoint on behind this one's back.
            let before = server.0.borrow().conflicts;
            server.0.borrow_mut().other_tab_writes = 1;
            complain(&tablet, "fb-2", "602").await;
            let pushed = push_from(&tablet, &server).await.unwrap();
            assert!(pushed.events_sent > 0);
            assert_eq!(server.0.borrow().conflicts, before + 1, "the 409 path ran");
            assert_eq!(server.0.borrow().docs.len(), event_ids(&tablet).len());
            assert_eq!(server.0.borrow().rewrites, 0);
            let pulled = pull_into(&mut desk, &server).await.unwrap();
            assert!(pulled.refused.is_empty());
            assert!(event_ids(&tablet).is_subset(&event_ids(&desk)));
        });
    }

    /// Issue #18: a device that holds nothing of the office (no profile, no enrolment) joins
    /// through the server: it reads the whole office, the office's own administrators may
    /// approve it, and then it syncs like any other device.
    #[test]
    fn x_1_a_fresh_device_joins_the_office_through_the_server() {
        block_on(async {
            let server = FakeCouch::default();
            let (desk, tablet) = office().await;
            complain(&tablet, "fb-1", "601").await;
            complain(&desk, "fb-2", "602").await;
            push_from(&desk, &server).await.unwrap();
            push_from(&tablet, &server).await.unwrap();

            let fresh = DeskService::load(MemoryStore::new(), Box::new(|| "new-0001".to_owned()))
                .await
                .unwrap();
            // An ordinary pull takes nothing: no device of the office is enrolled here.
            let mut state = PullState::default();
            let pulled = pull(&fresh, &server, &target(), &mut state, now(), false, &())
                .await
                .unwrap();
            assert_eq!(pulled.events_taken, 0);
            assert!(pulled.refused.is_empty(), "nothing is refused for good");

            let plan = plan_join(&fresh, &server, &target(), now(), &())
                .await
                .unwrap();
            assert!(
                !crate::sync::approving_administrators(
                    &fresh.with_desk(Clone::clone),
                    &plan.preview
                )
                .is_empty(),
                "the office's administrators approve"
            );
            assert!(
                fresh.store().entities().await.unwrap().is_empty(),
                "nothing written yet"
            );
            finish_join(&fresh, &server, &target(), &plan, "session-1", now())
                .await
                .unwrap();
            let mut office_events = event_ids(&desk);
            office_events.extend(event_ids(&tablet));
            assert_eq!(
                fresh.with_device(|local| local
                    .held_hashes()
                    .keys()
                    .cloned()
                    .collect::<BTreeSet<_>>()),
                office_events
            );
            assert_eq!(fresh.store().entities().await.unwrap().len(), 2);

            // From the join's checkpoint on, an ordinary pull takes what is new.
            complain(&tablet, "fb-3", "603").await;
            push_from(&tablet, &server).await.unwrap();
            let mut state = PullState::default();
            let pulled = pull(&fresh, &server, &target(), &mut state, now(), false, &())
                .await
                .unwrap();
            assert!(
                pulled.events_taken > 0 && pulled.refused.is_empty(),
                "{pulled:?}"
            );
            assert_eq!(fresh.store().entities().await.unwrap().len(), 3);
        });
    }

    /// A server with no office on it has nothing to join.
    #[test]
    fn x_1_joining_an_empty_database_says_so() {
        block_on(async {
            let fresh = DeskService::load(MemoryStore::new(), Box::new(|| "new-0001".to_owned()))
                .await
                .unwrap();
            let refused = plan_join(&fresh, &FakeCouch::default(), &target(), now(), &()).await;
            assert!(matches!(refused, Err(SyncError::NothingToJoin)));
        });
    }

    async fn round_of(device: &mut Device, server: &FakeCouch) -> (PushReport, PullReport) {
        sync_round(
            &device.desk,
            server,
            &device.signer,
            &target(),
            &mut device.state,
            now(),
            false,
            &(),
        )
        .await
        .unwrap()
    }

    /// Issue #18: after a round that pulled, the next push does not read the log to offer the
    /// server what it sent: the push checkpoint moved over the pulled events. What is made
    /// here afterwards is still pushed.
    #[test]
    fn x_1_a_push_after_a_pull_does_not_offer_the_server_its_own_events() {
        block_on(async {
            let server = FakeCouch::default();
            let (mut desk, tablet) = office().await;
            for index in 0..5 {
                complain(&tablet, &format!("fb-{index}"), "601").await;
            }
            push_from(&tablet, &server).await.unwrap();
            let (_, pulled) = round_of(&mut desk, &server).await;
            assert!(pulled.events_taken > 0);
            let diffs = server.0.borrow().revs_diffs;
            let (pushed, pulled) = round_of(&mut desk, &server).await;
            assert_eq!((pushed.events_sent, pulled.events_taken), (0, 0));
            assert_eq!(server.0.borrow().revs_diffs, diffs, "nothing was offered");

            complain(&desk, "fb-desk", "602").await;
            let (pushed, _) = round_of(&mut desk, &server).await;
            assert!(pushed.events_sent > 0);
            assert_eq!(server.0.borrow().docs.len(), {
                let mut all = event_ids(&desk);
                all.extend(event_ids(&tablet));
                all.len()
            });
        });
    }
}
