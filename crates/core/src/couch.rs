//! Live sync through CouchDB (issue #18): the documents Estate Desk keeps on a server that
//! speaks CouchDB's replication protocol, and every decision about them, without I/O. The app
//! (`src/sync/couch.rs`) does the HTTP; what it pulls is admitted here, then taken in through
//! exactly the path of a bundle import ([`crate::bundle::validate`], the merge, one
//! transaction).
//!
//! - An event is one immutable document: `_id` is the event id, `event` is the bundle's wire
//!   event with its chain hash, and `signed_by` is the pushing device's signature over that
//!   hash. Its revision is derived from the hash, so every device pushes the same revision and
//!   `_revs_diff` finds what the server lacks.
//! - A photo is a document with one attachment, keyed by its SHA-256.
//! - The server is not trusted. A pulled document whose hash, chain or signature does not hold
//!   is refused with its reason ([`DocProblem`]), never applied.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::bundle::{
    is_hex_hash, Body, Bundle, Header, Scope, Source, WireAttachment, WireEvent, FORMAT,
};
use crate::chain::{chain_hash, sha256_hex};
use crate::device::{DeviceChange, EnrolledDevice, SIGNATURE_ALGORITHM};
use crate::event::{Change, EntityId};

/// The `type` of an event document.
pub const EVENT_DOC_TYPE: &str = "estate-desk-event";
/// The `type` of a photo document.
pub const PHOTO_DOC_TYPE: &str = "estate-desk-photo";
/// The layout of the documents this build writes and reads.
pub const DOC_SCHEMA_VERSION: u32 = 1;
/// The name of a photo document's one attachment.
pub const PHOTO_ATTACHMENT: &str = "photo";
/// The design document whose `validate_doc_update` guards the office database
/// (`docs/couchdb/guard.js`).
pub const GUARD_DESIGN_DOC: &str = "_design/estate-desk-guard";

/// The pushing device's signature over an event's chain hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSignature {
    pub device_id: String,
    /// Always `ECDSA-P256-SHA256`.
    pub algorithm: String,
    /// The uncompressed SEC1 point, base64.
    pub public_key: String,
    /// `r || s`, base64, over [`event_signing_input`].
    pub value: String,
}

/// An event as a CouchDB document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDoc {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_rev")]
    pub rev: String,
    /// Always [`EVENT_DOC_TYPE`].
    #[serde(rename = "type")]
    pub doc_type: String,
    pub schema_version: u32,
    pub event: WireEvent,
    pub signed_by: EventSignature,
}

impl EventDoc {
    pub fn new(event: WireEvent, signed_by: EventSignature) -> EventDoc {
        EventDoc {
            id: event.id.clone(),
            rev: revision_of(&event.hash),
            doc_type: EVENT_DOC_TYPE.into(),
            schema_version: DOC_SCHEMA_VERSION,
            event,
            signed_by,
        }
    }
}

/// The one revision of an immutable document: generation 1, and the first 32 hex digits of
/// its content hash, so that every device pushing it names the same revision.
pub fn revision_of(hash: &str) -> String {
    format!("1-{}", &hash[..hash.len().min(32)])
}

/// The bytes a device signs for an event it pushes: the event's chain hash, which covers its
/// content and its link to the chain.
pub fn event_signing_input(hash: &str) -> Vec<u8> {
    format!("estate-desk-event:{hash}").into_bytes()
}

/// The document id of a photo.
pub fn photo_doc_id(sha256: &str) -> String {
    format!("photo:{sha256}")
}

/// A photo as a CouchDB document with its bytes as an inline attachment.
pub fn photo_doc(photo: &WireAttachment) -> Value {
    json!({
        "_id": photo_doc_id(&photo.sha256),
        "_rev": revision_of(&photo.sha256),
        "type": PHOTO_DOC_TYPE,
        "schema_version": DOC_SCHEMA_VERSION,
        "sha256": photo.sha256,
        "_attachments": {
            PHOTO_ATTACHMENT: { "content_type": photo.mime, "data": photo.data_base64 },
        },
    })
}

/// Why a pulled document is refused. Each names the document, so the sync report can list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocProblem {
    /// Not shaped like an event or photo document of this version.
    Malformed(String),
    /// A `type` this app does not keep in the office database.
    UnknownType(String),
    /// A layout newer than this build.
    UnknownVersion(u32),
    /// Its content does not match its hash: it was edited on the server.
    Edited,
    /// Another event with this id is held here.
    DiffersFromHeld,
    /// Its signature does not match, or is of an algorithm this app does not accept.
    BadSignature,
    /// Signed by a device not enrolled in this office.
    SignerNotEnrolled { device: String },
    /// Signed with another key than the one the device is enrolled with.
    SignerKeyMismatch { device: String },
    /// Signed by a revoked device.
    SignerRevoked { device: String },
    /// The event before it in its device's chain never arrived, or was refused.
    ChainBroken,
    /// A photo whose bytes do not match its SHA-256.
    PhotoDamaged,
}

impl std::fmt::Display for DocProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocProblem::Malformed(reason) => write!(f, "not an Estate Desk document: {reason}"),
            DocProblem::UnknownType(kind) => write!(f, "unknown document type {kind}"),
            DocProblem::UnknownVersion(version) => {
                write!(f, "document version {version} is newer than this app")
            }
            DocProblem::Edited => write!(f, "edited on the server: its hash does not match"),
            DocProblem::DiffersFromHeld => write!(f, "differs from the event held here"),
            DocProblem::BadSignature => write!(f, "its signature does not match"),
            DocProblem::SignerNotEnrolled { device } => {
                write!(
                    f,
                    "signed by device {device}, which is not enrolled in this office"
                )
            }
            DocProblem::SignerKeyMismatch { device } => {
                write!(
                    f,
                    "signed by device {device} with a key it is not enrolled with"
                )
            }
            DocProblem::SignerRevoked { device } => {
                write!(f, "signed by device {device}, which was revoked")
            }
            DocProblem::ChainBroken => {
                write!(
                    f,
                    "the event before it in its device's chain is missing or was refused"
                )
            }
            DocProblem::PhotoDamaged => write!(f, "the photo does not match its SHA-256"),
        }
    }
}

/// A document the sync refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedDoc {
    pub id: String,
    pub problem: DocProblem,
}

/// A pulled document, read.
#[derive(Debug, Clone, PartialEq)]
pub enum PulledDoc {
    Event(Box<EventDoc>),
    Photo(WireAttachment),
    /// The guard or another design document: not data, and not refused.
    Design,
}

/// Reads one document as the server sent it.
pub fn read_doc(doc: &Value) -> Result<PulledDoc, DocProblem> {
    let id = doc.get("_id").and_then(Value::as_str).unwrap_or_default();
    if id.starts_with("_design/") {
        return Ok(PulledDoc::Design);
    }
    let version = doc
        .get("schema_version")
        .and_then(Value::as_u64)
        .ok_or_else(|| DocProblem::Malformed("no schema_version".into()))?;
    if version != u64::from(DOC_SCHEMA_VERSION) {
        return Err(DocProblem::UnknownVersion(
            u32::try_from(version).unwrap_or(u32::MAX),
        ));
    }
    match doc.get("type").and_then(Value::as_str) {
        Some(EVENT_DOC_TYPE) => {
            let event = EventDoc::deserialize(doc)
                .map_err(|error| DocProblem::Malformed(error.to_string()))?;
            if event.id != event.event.id {
                return Err(DocProblem::Malformed("_id is not the event's id".into()));
            }
            Ok(PulledDoc::Event(Box::new(event)))
        }
        Some(PHOTO_DOC_TYPE) => {
            let sha256 = doc
                .get("sha256")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let attachment = doc
                .get("_attachments")
                .and_then(|attachments| attachments.get(PHOTO_ATTACHMENT));
            let (Some(mime), Some(data)) = (
                attachment
                    .and_then(|a| a.get("content_type"))
                    .and_then(Value::as_str),
                attachment
                    .and_then(|a| a.get("data"))
                    .and_then(Value::as_str),
            ) else {
                return Err(DocProblem::Malformed(
                    "the photo's bytes are missing".into(),
                ));
            };
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .map_err(|_| DocProblem::PhotoDamaged)?;
            if id != photo_doc_id(sha256) || sha256_hex(&bytes) != sha256 {
                return Err(DocProblem::PhotoDamaged);
            }
            Ok(PulledDoc::Photo(WireAttachment::new(
                sha256.to_owned(),
                mime.to_owned(),
                &bytes,
            )))
        }
        Some(other) => Err(DocProblem::UnknownType(other.to_owned())),
        None => Err(DocProblem::Malformed("no type".into())),
    }
}

/// Checks that an enrolled, unrevoked device signed `doc` with its enrolled key.
pub fn check_event_signature(
    doc: &EventDoc,
    devices: &BTreeMap<EntityId, EnrolledDevice>,
) -> Result<(), DocProblem> {
    let signed = &doc.signed_by;
    let device =
        devices
            .get(signed.device_id.as_str())
            .ok_or_else(|| DocProblem::SignerNotEnrolled {
                device: signed.device_id.clone(),
            })?;
    if device.public_key != signed.public_key {
        return Err(DocProblem::SignerKeyMismatch {
            device: device.name.clone(),
        });
    }
    if device.revoked_at.is_some() {
        return Err(DocProblem::SignerRevoked {
            device: device.name.clone(),
        });
    }
    let signature_holds = signed.algorithm == SIGNATURE_ALGORITHM
        && crate::session::signed_by(
            &signed.public_key,
            &event_signing_input(&doc.event.hash),
            &signed.value,
        );
    if signature_holds {
        Ok(())
    } else {
        Err(DocProblem::BadSignature)
    }
}

/// What this device holds, for admitting pulled documents.
#[derive(Debug, Clone, Copy)]
pub struct Holdings<'a> {
    /// Event id → chain hash.
    pub event_hashes: &'a BTreeMap<String, String>,
    pub attachments: &'a BTreeSet<String>,
    pub devices: &'a BTreeMap<EntityId, EnrolledDevice>,
}

/// The outcome of admitting a pulled batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Admission {
    /// New events whose hash, chain and signature hold, in HLC order: they go on to the
    /// bundle checks and the merge.
    pub events: Vec<WireEvent>,
    /// New photos whose bytes match their SHA-256.
    pub photos: Vec<WireAttachment>,
    /// Events whose chain predecessor or photo has not arrived yet: kept for the next batch.
    pub waiting: Vec<EventDoc>,
    pub refused: Vec<RefusedDoc>,
    /// Documents already held here.
    pub already_held: usize,
}

/// Admits a pulled batch, with the events still waiting from earlier batches.
///
/// Every event's hash is recomputed. An event is admitted when its chain links to an event
/// held here or admitted with it, and when the photos it refers to are here. Signatures are
/// checked on the newest admitted event of each chain: its hash covers its predecessor's, so
/// one good signature vouches for the segment it ends. An event whose signature fails is
/// refused, and the one before it is checked in its place.
pub fn admit(docs: Vec<PulledDoc>, waiting: Vec<EventDoc>, held: Holdings<'_>) -> Admission {
    let mut admission = Admission::default();
    let mut candidates: Vec<(EventDoc, Vec<String>)> = Vec::new();
    let mut photos: BTreeMap<String, WireAttachment> = BTreeMap::new();
    let pulled: Vec<EventDoc> = docs
        .into_iter()
        .filter_map(|doc| match doc {
            PulledDoc::Event(event) => Some(*event),
            PulledDoc::Photo(photo) => {
                if !held.attachments.contains(&photo.sha256) {
                    photos.insert(photo.sha256.clone(), photo);
                }
                None
            }
            PulledDoc::Design => None,
        })
        .collect();
    let mut seen = BTreeSet::new();
    for doc in waiting.into_iter().chain(pulled) {
        if !seen.insert(doc.id.clone()) {
            continue;
        }
        match held.event_hashes.get(&doc.event.id) {
            Some(hash) if *hash == doc.event.hash => {
                admission.already_held += 1;
                continue;
            }
            Some(_) => {
                admission.refused.push(RefusedDoc {
                    id: doc.id,
                    problem: DocProblem::DiffersFromHeld,
                });
                continue;
            }
            None => {}
        }
        match decoded_whole(&doc) {
            Some(event) => candidates.push((doc, crate::bundle::referenced_photos(&event))),
            None => admission.refused.push(RefusedDoc {
                id: doc.id,
                problem: DocProblem::Edited,
            }),
        }
    }
    // A device's chain runs in HLC order, so one pass in that order admits every event that
    // links to one held here or admitted before it.
    crate::sorting::sort_by(&mut candidates, |(a, _), (b, _)| {
        hlc_order(&a.event, &b.event)
    });
    let linked_to = candidates
        .iter()
        .filter_map(|(doc, _)| doc.event.prev_hash.as_deref())
        .collect();
    let mut linked_hashes: BTreeSet<String> =
        crate::bundle::held_among(held.event_hashes, linked_to)
            .into_iter()
            .map(str::to_owned)
            .collect();
    let mut admitted: BTreeMap<String, EventDoc> = BTreeMap::new();
    let mut still_waiting = Vec::new();
    for (doc, referenced) in candidates {
        let linked = doc
            .event
            .prev_hash
            .as_ref()
            .is_none_or(|prev| linked_hashes.contains(prev));
        let photos_here = referenced
            .iter()
            .all(|sha256| held.attachments.contains(sha256) || photos.contains_key(sha256));
        if linked && photos_here {
            linked_hashes.insert(doc.event.hash.clone());
            admitted.insert(doc.id.clone(), doc);
        } else {
            still_waiting.push(doc);
        }
    }
    // Signatures, from the newest of each chain segment back. A device enrolled by an event
    // admitted here (its enrolment signed by a device already enrolled) vouches too, so a
    // tablet's events may come in the batch that brings its enrolment.
    let mut devices = std::borrow::Cow::Borrowed(held.devices);
    let mut unenrolled: Vec<EventDoc> = Vec::new();
    loop {
        vouch(
            &mut admitted,
            &devices,
            &mut unenrolled,
            &mut admission.refused,
        );
        let enrolments = enrolments_in(admitted.values());
        let now_enrolled = unenrolled.iter().any(|doc| {
            enrolments.iter().any(|(device, change)| {
                device.0 == doc.signed_by.device_id
                    && matches!(change, DeviceChange::Enrolled { .. })
            })
        });
        for (device, change) in enrolments {
            if let Some(after) = EnrolledDevice::after(devices.get(&device), &change) {
                devices.to_mut().insert(device, after);
            }
        }
        if !now_enrolled {
            break;
        }
        admitted.extend(unenrolled.drain(..).map(|doc| (doc.id.clone(), doc)));
    }
    // Events signed by a device not enrolled here wait: its enrolment may come later, from
    // another device's chain, and nothing may be lost meanwhile.
    still_waiting.extend(unenrolled);
    let mut events: Vec<WireEvent> = admitted.into_values().map(|doc| doc.event).collect();
    crate::sorting::sort_by(&mut events, hlc_order);
    admission.events = events;
    admission.photos = photos.into_values().collect();
    admission.waiting = still_waiting;
    admission
}

/// The document's event, if its chain hash holds: otherwise it was edited somewhere.
fn decoded_whole(doc: &EventDoc) -> Option<crate::event::Event> {
    doc.event.to_event().ok().filter(|event| {
        doc.event.prev_hash.as_deref().is_none_or(is_hex_hash)
            && chain_hash(event, doc.event.prev_hash.as_deref()) == doc.event.hash
    })
}

/// Checks signatures on the tips of `admitted` until every segment is vouched for: a tip that
/// fails is refused (or, signed by a device not enrolled, set aside in `unenrolled`), and the
/// event before it becomes a tip.
fn vouch(
    admitted: &mut BTreeMap<String, EventDoc>,
    devices: &BTreeMap<EntityId, EnrolledDevice>,
    unenrolled: &mut Vec<EventDoc>,
    refused: &mut Vec<RefusedDoc>,
) {
    let mut vouched: BTreeSet<String> = BTreeSet::new();
    loop {
        let predecessors: BTreeSet<&str> = admitted
            .values()
            .filter_map(|doc| doc.event.prev_hash.as_deref())
            .collect();
        let tips: Vec<&EventDoc> = admitted
            .values()
            .filter(|doc| {
                !predecessors.contains(doc.event.hash.as_str()) && !vouched.contains(&doc.id)
            })
            .collect();
        let mut failed = Vec::new();
        for doc in tips {
            match check_event_signature(doc, devices) {
                Ok(()) => {
                    vouched.insert(doc.id.clone());
                }
                Err(problem) => failed.push((doc.id.clone(), problem)),
            }
        }
        if failed.is_empty() {
            return;
        }
        for (id, problem) in failed {
            let Some(doc) = admitted.remove(&id) else {
                continue;
            };
            match problem {
                DocProblem::SignerNotEnrolled { .. } => unenrolled.push(doc),
                problem => refused.push(RefusedDoc { id, problem }),
            }
        }
    }
}

/// The device changes among `docs`, in HLC order.
fn enrolments_in<'a>(docs: impl Iterator<Item = &'a EventDoc>) -> Vec<(EntityId, DeviceChange)> {
    let mut changes: Vec<(&WireEvent, EntityId, DeviceChange)> = docs
        .filter(|doc| doc.event.change.get("entity_kind").and_then(Value::as_str) == Some("device"))
        .filter_map(|doc| match doc.event.to_event().ok()?.change {
            Change::Device(change) => {
                Some((&doc.event, EntityId(doc.event.entity.clone()), change))
            }
            _ => None,
        })
        .collect();
    crate::sorting::sort_by(&mut changes, |(a, ..), (b, ..)| hlc_order(a, b));
    changes
        .into_iter()
        .map(|(_, device, change)| (device, change))
        .collect()
}

/// The devices a pulled office enrols, for a device joining it through the server: it holds
/// no enrolment yet, so it takes the office's own, on an administrator's PIN, as a device
/// joining by bundle takes the bundle's (issue #22). Only events whose hash holds count.
pub fn devices_enrolled_in(docs: &[PulledDoc]) -> BTreeMap<EntityId, EnrolledDevice> {
    let events = docs.iter().filter_map(|doc| match doc {
        PulledDoc::Event(doc) => decoded_whole(doc).map(|_| &**doc),
        _ => None,
    });
    let mut devices = BTreeMap::new();
    for (device, change) in enrolments_in(events) {
        if let Some(after) = EnrolledDevice::after(devices.get(&device), &change) {
            devices.insert(device, after);
        }
    }
    devices
}

fn hlc_order(a: &WireEvent, b: &WireEvent) -> std::cmp::Ordering {
    (a.hlc.wall_ms, a.hlc.counter, &a.hlc.device, &a.id).cmp(&(
        b.hlc.wall_ms,
        b.hlc.counter,
        &b.hlc.device,
        &b.id,
    ))
}

/// The admitted events and photos as a bundle from the server, for the same checks, merge and
/// transaction as a bundle file. Its signature is left off: each event's was checked in
/// [`admit`], so the app takes the bundle in as vouched for by the devices that signed them.
pub fn bundle_of(admission: &Admission, server: Source, pulled_at: DateTime<Utc>) -> Bundle {
    let mut entities: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for event in &admission.events {
        let kind = event
            .change
            .get("entity_kind")
            .and_then(Value::as_str)
            .unwrap_or_default();
        entities
            .entry(kind.to_owned())
            .or_default()
            .insert(&event.entity);
    }
    let body = Body {
        events: admission.events.clone(),
        attachments: admission.photos.clone(),
    };
    Bundle {
        header: Header {
            format: FORMAT.into(),
            version: crate::bundle::VERSION,
            app_version: String::new(),
            source: server,
            created_at: pulled_at,
            scope: Scope::Full,
            counts: entities
                .into_iter()
                .map(|(kind, ids)| (kind, ids.len() as u64))
                .collect(),
            body_sha256: crate::bundle::body_sha256(&body),
            signature: None,
        },
        body,
    }
}

/// Where one direction of a replication got to, kept as `_local/<replication id>` on the
/// server and in this device's meta, as the protocol says. Both copies are written with the
/// same session; they must agree for the replication to resume from them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub session_id: String,
    /// The server's sequence (pull), or this device's arrival number (push): opaque to the
    /// protocol, so kept as the server wrote it.
    pub last_seq: Value,
    /// Push only: how many of this device's own events the server had confirmed, for "not yet
    /// exported".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_events: Option<u64>,
}

/// Where a replication starts, and why it starts over.
#[derive(Debug, Clone, PartialEq)]
pub enum Resume {
    /// Both checkpoints agree: carry on after this sequence.
    After(Value),
    /// From the beginning. Safe at any time: what is already held is skipped.
    FromStart(StartReason),
}

/// Why a replication starts from the beginning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartReason {
    /// Never replicated with this server.
    FirstTime,
    /// The two checkpoints disagree, or the server's is gone: it was wiped or restored.
    CheckpointsDisagree,
    /// The checkpoint is ahead of the server's own data: it was restored from an old backup.
    ServerBehindCheckpoint,
}

/// The leading number of a CouchDB sequence (`42` or `"42-g1AAAA…"`), to tell whether a
/// server is behind a checkpoint. Sequences of a cluster are only roughly ordered, so this is
/// used only to notice a server that went back in time.
pub fn seq_number(seq: &Value) -> Option<u64> {
    match seq {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.split('-').next()?.parse().ok(),
        _ => None,
    }
}

/// Where to resume, from this device's checkpoint, the server's, and (for a pull) the
/// server's current `update_seq`.
pub fn resume_from(
    local: Option<&Checkpoint>,
    remote: Option<&Checkpoint>,
    server_update_seq: Option<&Value>,
) -> Resume {
    let (local, remote) = match (local, remote) {
        (None, _) => return Resume::FromStart(StartReason::FirstTime),
        (Some(_), None) => return Resume::FromStart(StartReason::CheckpointsDisagree),
        (Some(local), Some(remote)) => (local, remote),
    };
    if local.session_id != remote.session_id || local.last_seq != remote.last_seq {
        return Resume::FromStart(StartReason::CheckpointsDisagree);
    }
    let behind = server_update_seq
        .and_then(seq_number)
        .zip(seq_number(&local.last_seq))
        .is_some_and(|(server, checkpoint)| server < checkpoint);
    if behind {
        return Resume::FromStart(StartReason::ServerBehindCheckpoint);
    }
    Resume::After(local.last_seq.clone())
}

/// The id of a replication between this device and an office database, one per direction,
/// as the `_local/` document's name: the same device, server and database always find the
/// same checkpoint.
pub fn replication_id(device: &str, server: &str, database: &str, direction: &str) -> String {
    sha256_hex(format!("estate-desk\n{device}\n{server}\n{database}\n{direction}").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::EnrolledDevice;
    use crate::event::Actor;
    use crate::record::chain_records;
    use crate::scenario::{walk_in_complaint, Scenario};
    use crate::{EntityId, Role};
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::{Signature, SigningKey};

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_slice(&[seed; 32]).unwrap()
    }

    fn public_key(key: &SigningKey) -> String {
        base64::engine::general_purpose::STANDARD
            .encode(key.verifying_key().to_encoded_point(false).as_bytes())
    }

    fn signed(event: WireEvent, device: &str, key: &SigningKey) -> EventDoc {
        let signature: Signature = key.sign(&event_signing_input(&event.hash));
        EventDoc::new(
            event,
            EventSignature {
                device_id: device.into(),
                algorithm: SIGNATURE_ALGORITHM.into(),
                public_key: public_key(key),
                value: base64::engine::general_purpose::STANDARD.encode(signature.to_bytes()),
            },
        )
    }

    /// Three complaints recorded on the tablet, as wire events in chain order.
    fn tablet_events() -> Vec<WireEvent> {
        let mut tablet = Scenario::new("tablet");
        let actor = tablet.actor("赵巡", Role::Inspector);
        for room in ["101", "102", "103"] {
            tablet
                .run(
                    &actor,
                    &format!("fb-{room}"),
                    walk_in_complaint(room),
                    DateTime::parse_from_rfc3339("2026-03-02T09:30:00+08:00")
                        .unwrap()
                        .with_timezone(&Utc),
                )
                .unwrap();
        }
        chain_records(tablet.log())
            .iter()
            .map(|record| WireEvent::from_record(record).unwrap())
            .collect()
    }

    fn enrolled(devices: &[(&str, &SigningKey)]) -> BTreeMap<EntityId, EnrolledDevice> {
        devices
            .iter()
            .map(|(id, key)| {
                (
                    EntityId((*id).into()),
                    EnrolledDevice {
                        name: format!("{id} 的设备"),
                        public_key: public_key(key),
                        code: None,
                        revoked_at: None,
                    },
                )
            })
            .collect()
    }

    fn docs(events: &[WireEvent], key: &SigningKey) -> Vec<PulledDoc> {
        events
            .iter()
            .map(|event| PulledDoc::Event(Box::new(signed(event.clone(), "tablet", key))))
            .collect()
    }

    fn admit_fresh(
        docs: Vec<PulledDoc>,
        devices: &BTreeMap<EntityId, EnrolledDevice>,
    ) -> Admission {
        admit(
            docs,
            Vec::new(),
            Holdings {
                event_hashes: &BTreeMap::new(),
                attachments: &BTreeSet::new(),
                devices,
            },
        )
    }

    #[test]
    fn x_1_an_event_document_round_trips_and_its_revision_comes_from_its_hash() {
        let event = tablet_events().remove(0);
        let doc = signed(event.clone(), "tablet", &key(1));
        assert_eq!(doc.rev, format!("1-{}", &event.hash[..32]));
        let value = serde_json::to_value(&doc).unwrap();
        assert_eq!(value["_id"], event.id.as_str());
        assert_eq!(value["type"], EVENT_DOC_TYPE);
        assert_eq!(read_doc(&value), Ok(PulledDoc::Event(Box::new(doc))));
    }

    #[test]
    fn x_1_signed_events_of_an_enrolled_device_are_admitted_in_hlc_order() {
        let events = tablet_events();
        let mut pulled = docs(&events, &key(1));
        pulled.reverse();
        let admission = admit_fresh(pulled, &enrolled(&[("tablet", &key(1))]));
        assert_eq!(admission.events, events);
        assert!(admission.refused.is_empty() && admission.waiting.is_empty());
    }

    /// Issue #18: a document edited on the server is refused and reported, never applied; the
    /// events after it in its chain wait, since their chain is broken there.
    #[test]
    fn x_1_a_document_edited_on_the_server_is_refused_and_its_successors_wait() {
        let events = tablet_events();
        let mut pulled = docs(&events, &key(1));
        let PulledDoc::Event(middle) = &mut pulled[1] else {
            unreachable!()
        };
        middle.event.actor.name = "冒名".into();
        let admission = admit_fresh(pulled, &enrolled(&[("tablet", &key(1))]));
        assert_eq!(admission.events, events[..1]);
        assert_eq!(
            admission.refused,
            vec![RefusedDoc {
                id: events[1].id.clone(),
                problem: DocProblem::Edited
            }]
        );
        assert_eq!(admission.waiting.len(), 1);
        assert_eq!(admission.waiting[0].id, events[2].id);
    }

    /// The newest event's signature vouches for the chain it ends; a forged one is refused and
    /// the event before it is checked instead.
    #[test]
    fn x_1_signatures_are_checked_from_the_newest_event_of_a_chain_back() {
        let events = tablet_events();
        let devices = enrolled(&[("tablet", &key(1))]);
        let mut pulled = docs(&events, &key(1));
        pulled[2] = PulledDoc::Event(Box::new(signed(events[2].clone(), "tablet", &key(9))));
        let admission = admit_fresh(pulled, &devices);
        assert_eq!(admission.events, events[..2]);
        assert_eq!(
            admission.refused,
            vec![RefusedDoc {
                id: events[2].id.clone(),
                problem: DocProblem::SignerKeyMismatch {
                    device: "tablet 的设备".into()
                }
            }]
        );
        // A device not enrolled here is not refused: its enrolment may still come.
        let strangers = admit_fresh(docs(&events, &key(2)), &enrolled(&[("desk", &key(2))]));
        assert!(strangers.events.is_empty() && strangers.refused.is_empty());
        assert_eq!(strangers.waiting.len(), 3);
    }

    /// The front desk's administrator, who enrols the desk's own key and then the tablet's,
    /// as events signed by the desk.
    fn desk_enrolling_the_tablet() -> Vec<PulledDoc> {
        let mut desk = Scenario::new("desk");
        let admin = Actor {
            staff: Some(EntityId("staff-desk".into())),
            ..desk.actor("钱前台", Role::FrontDesk)
        };
        let at = DateTime::parse_from_rfc3339("2026-03-01T09:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let enrol = |device: &str, seed: u8| {
            (
                EntityId(device.into()),
                Change::Device(DeviceChange::Enrolled {
                    name: format!("{device} 的设备"),
                    public_key: public_key(&key(seed)),
                    code: None,
                }),
            )
        };
        desk.run_batch(
            &admin,
            vec![
                (
                    EntityId("staff-desk".into()),
                    Change::Staff(crate::staff::StaffChange::Added {
                        name: "钱前台".into(),
                        roles: vec![Role::FrontDesk],
                        department: None,
                        administrator: true,
                        pin: crate::scenario::test_pin_hash(),
                    }),
                ),
                enrol("desk", 2),
            ],
            at,
        )
        .unwrap();
        desk.run_batch(&admin, vec![enrol("tablet", 1)], at)
            .unwrap();
        chain_records(desk.log())
            .iter()
            .map(|record| {
                PulledDoc::Event(Box::new(signed(
                    WireEvent::from_record(record).unwrap(),
                    "desk",
                    &key(2),
                )))
            })
            .collect()
    }

    /// Issue #18: a tablet's events may reach the server before the desk pushes the
    /// tablet's enrolment. They wait, and come in with the batch that brings it; in one batch
    /// together they come in at once. Nothing is lost either way.
    #[test]
    fn x_1_events_of_a_device_wait_for_its_enrolment_and_come_in_with_it() {
        let events = tablet_events();
        let desk_only = enrolled(&[("desk", &key(2))]);
        let first = admit_fresh(docs(&events, &key(1)), &desk_only);
        assert!(first.events.is_empty() && first.refused.is_empty());
        assert_eq!(first.waiting.len(), 3);
        let second = admit(
            desk_enrolling_the_tablet(),
            first.waiting,
            Holdings {
                event_hashes: &BTreeMap::new(),
                attachments: &BTreeSet::new(),
                devices: &desk_only,
            },
        );
        assert!(second.refused.is_empty() && second.waiting.is_empty());
        assert_eq!(second.events.len(), desk_enrolling_the_tablet().len() + 3);

        let mut together = desk_enrolling_the_tablet();
        together.extend(docs(&events, &key(1)));
        let at_once = admit_fresh(together, &desk_only);
        assert_eq!(at_once.events, second.events);
        assert!(at_once.waiting.is_empty() && at_once.refused.is_empty());
    }

    /// A device that enrols itself vouches for nothing: only an enrolled device's enrolment
    /// of it counts.
    #[test]
    fn x_1_a_device_enrolling_itself_is_not_taken_on_its_own_word() {
        // The desk's chain enrols the desk's own key, which signs it; nothing here enrolled
        // the desk.
        let admission = admit_fresh(desk_enrolling_the_tablet(), &BTreeMap::new());
        assert!(admission.events.is_empty());
        assert_eq!(admission.waiting.len(), 3);
    }

    /// A device joining through the server takes the office's enrolments (on an
    /// administrator's PIN, in the app), and with them every event of the office.
    #[test]
    fn x_1_a_joining_device_takes_the_office_s_enrolled_devices() {
        let mut pulled = desk_enrolling_the_tablet();
        pulled.extend(docs(&tablet_events(), &key(1)));
        let devices = devices_enrolled_in(&pulled);
        assert_eq!(
            devices.keys().map(|id| id.0.as_str()).collect::<Vec<_>>(),
            ["desk", "tablet"]
        );
        assert_eq!(
            devices[&EntityId("tablet".into())].public_key,
            public_key(&key(1))
        );
        let count = pulled.len();
        let admission = admit_fresh(pulled, &devices);
        assert_eq!(admission.events.len(), count);
        // An enrolment whose hash does not hold enrols no one.
        let mut edited = desk_enrolling_the_tablet();
        let PulledDoc::Event(last) = edited.last_mut().unwrap() else {
            unreachable!()
        };
        last.event.actor.name = "冒名".into();
        assert!(!devices_enrolled_in(&edited).contains_key(&EntityId("tablet".into())));
    }

    /// Events whose predecessor comes in a later batch wait for it, and are admitted then;
    /// what is already held is skipped, not refused.
    #[test]
    fn x_1_events_wait_for_their_predecessor_and_held_ones_are_skipped() {
        let events = tablet_events();
        let devices = enrolled(&[("tablet", &key(1))]);
        let pulled = docs(&events, &key(1));
        let first = admit_fresh(pulled[1..].to_vec(), &devices);
        assert!(first.events.is_empty());
        assert_eq!(first.waiting.len(), 2);
        let held: BTreeMap<String, String> =
            [(events[0].id.clone(), events[0].hash.clone())].into();
        let second = admit(
            pulled[..1].to_vec(),
            first.waiting,
            Holdings {
                event_hashes: &held,
                attachments: &BTreeSet::new(),
                devices: &devices,
            },
        );
        assert_eq!(second.events, events[1..]);
        assert_eq!(second.already_held, 1);
    }

    #[test]
    fn x_1_a_photo_document_is_checked_against_its_sha256() {
        let photo = WireAttachment::new(
            sha256_hex(b"jpeg bytes"),
            "image/jpeg".into(),
            b"jpeg bytes",
        );
        let doc = photo_doc(&photo);
        assert_eq!(read_doc(&doc), Ok(PulledDoc::Photo(photo.clone())));
        let mut damaged = doc.clone();
        damaged["_attachments"]["photo"]["data"] = base64::engine::general_purpose::STANDARD
            .encode(b"other")
            .into();
        assert_eq!(read_doc(&damaged), Err(DocProblem::PhotoDamaged));
        let mut unknown = doc;
        unknown["type"] = "note".into();
        assert_eq!(
            read_doc(&unknown),
            Err(DocProblem::UnknownType("note".into()))
        );
    }

    /// The admitted events make a bundle that passes every check of a bundle file.
    #[test]
    fn x_1_admitted_events_pass_the_bundle_checks() {
        let events = tablet_events();
        let admission = admit_fresh(docs(&events, &key(1)), &enrolled(&[("tablet", &key(1))]));
        let bundle = bundle_of(
            &admission,
            Source {
                device_id: "couchdb".into(),
                device_name: "office".into(),
                person: String::new(),
            },
            DateTime::parse_from_rfc3339("2026-03-02T09:30:00+08:00")
                .unwrap()
                .with_timezone(&Utc),
        );
        let text = serde_json::to_string(&bundle).unwrap();
        let valid = crate::bundle::validate(&text, &crate::bundle::LocalKnowledge::default())
            .unwrap_or_else(|problems| panic!("{problems:?}"));
        assert_eq!(valid.events.len(), 3);
        assert_eq!(bundle.header.counts.get("feedback"), Some(&3));
    }

    fn checkpoint(session: &str, seq: Value) -> Checkpoint {
        Checkpoint {
            session_id: session.into(),
            last_seq: seq,
            own_events: None,
        }
    }

    /// Issue #18: a replication resumes only where both checkpoints agree; a server restored
    /// from an old backup, with its checkpoint ahead of its data, is replicated from 0.
    #[test]
    fn x_1_a_replication_resumes_only_where_both_checkpoints_agree() {
        let ours = checkpoint("s1", json!("12-abc"));
        assert_eq!(
            resume_from(None, None, None),
            Resume::FromStart(StartReason::FirstTime)
        );
        assert_eq!(
            resume_from(Some(&ours), None, Some(&json!(20))),
            Resume::FromStart(StartReason::CheckpointsDisagree)
        );
        assert_eq!(
            resume_from(Some(&ours), Some(&checkpoint("s0", json!("12-abc"))), None),
            Resume::FromStart(StartReason::CheckpointsDisagree)
        );
        assert_eq!(
            resume_from(Some(&ours), Some(&ours.clone()), Some(&json!("7-xyz"))),
            Resume::FromStart(StartReason::ServerBehindCheckpoint)
        );
        assert_eq!(
            resume_from(Some(&ours), Some(&ours.clone()), Some(&json!("12-abc"))),
            Resume::After(json!("12-abc"))
        );
        assert_ne!(
            replication_id("tablet", "http://127.0.0.1:5984", "office", "pull"),
            replication_id("tablet", "http://127.0.0.1:5984", "office", "push")
        );
    }
}
