//! Sync bundles: the wire format devices exchange as files, its validation, and the import plan.
//! The wire types here are separate from the domain types and versioned; `docs/bundle-format.md`
//! describes them and `docs/bundle.schema.json` is generated from them.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::chain::{chain_hash, sha256_hex};
use crate::device::{check_signature, EnrolledDevice, SignatureProblem, Signer};
use crate::event::{Change, EntityId, Event};
use crate::local_device::{HeldEvent, LocalDevice, PreparedAbsorb};
use crate::record::{entity_kind, EventRecord};

/// The `format` of every bundle.
pub const FORMAT: &str = "estate-desk-bundle";
/// The bundle version this build writes and reads.
pub const VERSION: u32 = 1;
/// Larger files are refused before parsing.
pub const MAX_BUNDLE_BYTES: usize = 200 * 1024 * 1024;
/// Longer strings are refused (no field of ours is anywhere near).
pub const MAX_STRING_BYTES: usize = 1024 * 1024;

/// A bundle file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Estate Desk sync bundle, version 1")]
pub struct Bundle {
    pub header: Header,
    pub body: Body,
}

/// Who made the bundle, when, of what, and the hash of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always `"estate-desk-bundle"`.
    pub format: String,
    /// Always `1` for this layout.
    pub version: u32,
    /// The version of the app that wrote it.
    pub app_version: String,
    pub source: Source,
    pub created_at: DateTime<Utc>,
    pub scope: Scope,
    /// Entities per kind in the body (`renovation`, `feedback`, …).
    pub counts: BTreeMap<String, u64>,
    /// SHA-256 (hex) of the body in canonical JSON.
    pub body_sha256: String,
    /// The exporting device's signature over the rest of this header (issue #11). Absent from
    /// bundles of apps before signing, which import only with the administrator's PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<crate::device::BundleSignature>,
}

/// The exporting device and person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub device_id: String,
    pub device_name: String,
    pub person: String,
}

/// Everything, or what changed since the last export to a named peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Scope {
    Full,
    SinceLastExport {
        peer: String,
        /// When the previous export to that peer was made; null for the first.
        since: Option<DateTime<Utc>>,
    },
}

/// The events and the photos they refer to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// In HLC order.
    pub events: Vec<WireEvent>,
    /// In SHA-256 order.
    pub attachments: Vec<WireAttachment>,
}

/// An event on the wire: the event as recorded, with its place in its device's hash chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WireEvent {
    pub id: String,
    pub entity: String,
    pub hlc: WireHlc,
    pub actor: WireActor,
    /// `{ "entity_kind": …, "change": { "type": …, … } }`.
    #[schemars(with = "Change")]
    pub change: Value,
    /// The `hash` of the same device's previous event; null for its first.
    pub prev_hash: Option<String>,
    /// SHA-256 (hex) of this object without `hash`, in canonical JSON.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WireHlc {
    pub wall_ms: i64,
    pub counter: u32,
    pub device: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WireActor {
    pub name: String,
    /// `front_desk`, `renovation_supervisor`, `inspector`, `cs_manager` or `department_head`.
    pub role: String,
    pub device: String,
    /// The actor's staff profile, on events made since profiles exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
}

/// A photo or scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WireAttachment {
    pub sha256: String,
    pub size: u64,
    pub mime: String,
    /// Standard base64 with padding.
    pub data_base64: String,
}

impl WireAttachment {
    pub fn new(sha256: String, mime: String, bytes: &[u8]) -> WireAttachment {
        WireAttachment {
            sha256,
            size: bytes.len() as u64,
            mime,
            data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    /// The decoded bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, BundleError> {
        base64::engine::general_purpose::STANDARD
            .decode(&self.data_base64)
            .map_err(|_| BundleError::AttachmentCorrupt {
                sha256: self.sha256.clone(),
                damage: AttachmentDamage::NotBase64,
            })
    }
}

impl WireEvent {
    /// The wire form of a stored event.
    pub fn from_record(record: &EventRecord) -> Result<WireEvent, BundleError> {
        /// A stored event's text: the wire event less its chain, read straight into place
        /// rather than through a `Value` of the whole (issue #19).
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Stored {
            id: String,
            entity: String,
            hlc: WireHlc,
            actor: WireActor,
            change: Value,
        }
        let stored: Stored =
            serde_json::from_str(&record.event).map_err(|error| BundleError::MalformedEvent {
                id: record.id.clone(),
                reason: DecodeProblem::of(&error),
            })?;
        Ok(WireEvent {
            id: stored.id,
            entity: stored.entity,
            hlc: stored.hlc,
            actor: stored.actor,
            change: stored.change,
            prev_hash: record.prev_hash.clone(),
            hash: record.hash.clone(),
        })
    }

    /// The wire form of a held event with its chain `hash` and link, written from the typed
    /// event: [`WireEvent::to_event`] reads it back into the same event, and the chain hash
    /// is taken over that event, so it still matches.
    pub fn from_event(event: &Event, prev_hash: Option<&str>, hash: &str) -> WireEvent {
        WireEvent {
            id: event.id.0.clone(),
            entity: event.entity.0.clone(),
            hlc: WireHlc {
                wall_ms: event.hlc.wall_ms,
                counter: event.hlc.counter,
                device: event.hlc.device.0.clone(),
            },
            actor: WireActor {
                name: event.actor.name.clone(),
                role: event.actor.role.wire_name().to_owned(),
                device: event.actor.device.0.clone(),
                staff: event.actor.staff.as_ref().map(|staff| staff.0.clone()),
            },
            change: serde_json::to_value(&event.change).expect("events serialize"),
            prev_hash: prev_hash.map(str::to_owned),
            hash: hash.to_owned(),
        }
    }

    /// The domain event, or why this build cannot read it.
    pub fn to_event(&self) -> Result<Event, BundleError> {
        if let Some(kind) = self.change.get("entity_kind").and_then(Value::as_str) {
            const KNOWN: [&str; 10] = [
                "renovation",
                "feedback",
                "patrol",
                "rectification",
                "conflict_reviewed",
                "policy",
                "calendar",
                "calendar_year",
                "staff",
                "device",
            ];
            if !KNOWN.contains(&kind) {
                return Err(BundleError::UnknownEventKind {
                    id: self.id.clone(),
                    kind: kind.to_owned(),
                });
            }
        }
        // Decoded part by part, without building the whole event as a `Value` again (issue
        // #19), in the order the whole would be (its keys sorted): actor, then change.
        let malformed = |error: serde_json::Error| BundleError::MalformedEvent {
            id: self.id.clone(),
            reason: DecodeProblem::of(&error),
        };
        let role = crate::Role::deserialize(serde_json::Value::String(self.actor.role.clone()))
            .map_err(malformed)?;
        let change = crate::Change::deserialize(&self.change).map_err(malformed)?;
        Ok(Event {
            id: crate::EventId(self.id.clone()),
            entity: EntityId(self.entity.clone()),
            hlc: crate::hlc::Hlc {
                wall_ms: self.hlc.wall_ms,
                counter: self.hlc.counter,
                device: crate::hlc::DeviceId(self.hlc.device.clone()),
            },
            actor: crate::Actor {
                name: self.actor.name.clone(),
                role,
                device: crate::hlc::DeviceId(self.actor.device.clone()),
                staff: self.actor.staff.clone().map(EntityId),
            },
            change,
        })
    }

    /// The stored form, keeping the chain as received.
    pub fn to_record(&self) -> Result<EventRecord, BundleError> {
        Ok(self.record_of(&self.to_event()?))
    }

    /// [`WireEvent::to_record`] for an event already decoded from this wire event: decoding
    /// again cost as much as the rest of an import's plan.
    pub fn record_of(&self, event: &Event) -> EventRecord {
        EventRecord::with_hash(event, self.prev_hash.as_deref(), self.hash.clone())
    }
}

/// The SHA-256 of a body in canonical JSON.
///
/// The canonical text is written straight from the typed body, with each object's members in
/// key order, instead of building a `Value` of the whole body first: for 100k events that tree
/// cost as much as the hash (issue #19). `body_hash_is_the_canonical_json_of_the_body` checks
/// that both give the same text.
pub fn body_sha256(body: &Body) -> String {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    canonical_body(body, |text| hasher.update(text));
    crate::chain::lowercase_hex(&hasher.finalize())
}

/// How much canonical text is written before it is handed on: the hash takes the body in
/// pieces this size, rather than a copy of all of it (60 MB for 10k cases, issue #19).
const CANONICAL_PIECE: usize = 64 * 1024;

/// `canonical_json(&serde_json::to_value(body))`, written directly and handed to `take` in
/// pieces of about [`CANONICAL_PIECE`] bytes.
fn canonical_body(body: &Body, mut take: impl FnMut(&[u8])) {
    fn text(out: &mut Vec<u8>, value: &str) {
        serde_json::to_writer(&mut *out, value).expect("a string serializes");
    }
    fn key(out: &mut Vec<u8>, first: bool, name: &str) {
        if !first {
            out.push(b',');
        }
        text(out, name);
        out.push(b':');
    }
    let mut out = Vec::with_capacity(2 * CANONICAL_PIECE);
    let mut hand_on = |out: &mut Vec<u8>| {
        if out.len() >= CANONICAL_PIECE {
            take(out);
            out.clear();
        }
    };
    out.extend_from_slice(b"{\"attachments\":[");
    for (index, attachment) in body.attachments.iter().enumerate() {
        hand_on(&mut out);
        if index > 0 {
            out.push(b',');
        }
        out.push(b'{');
        key(&mut out, true, "data_base64");
        text(&mut out, &attachment.data_base64);
        key(&mut out, false, "mime");
        text(&mut out, &attachment.mime);
        key(&mut out, false, "sha256");
        text(&mut out, &attachment.sha256);
        key(&mut out, false, "size");
        out.extend_from_slice(attachment.size.to_string().as_bytes());
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"events\":[");
    for (index, wire) in body.events.iter().enumerate() {
        hand_on(&mut out);
        if index > 0 {
            out.push(b',');
        }
        out.push(b'{');
        key(&mut out, true, "actor");
        out.push(b'{');
        key(&mut out, true, "device");
        text(&mut out, &wire.actor.device);
        key(&mut out, false, "name");
        text(&mut out, &wire.actor.name);
        key(&mut out, false, "role");
        text(&mut out, &wire.actor.role);
        if let Some(staff) = &wire.actor.staff {
            key(&mut out, false, "staff");
            text(&mut out, staff);
        }
        out.push(b'}');
        key(&mut out, false, "change");
        crate::chain::write_canonical(&wire.change, &mut out);
        key(&mut out, false, "entity");
        text(&mut out, &wire.entity);
        key(&mut out, false, "hash");
        text(&mut out, &wire.hash);
        key(&mut out, false, "hlc");
        out.push(b'{');
        key(&mut out, true, "counter");
        out.extend_from_slice(wire.hlc.counter.to_string().as_bytes());
        key(&mut out, false, "device");
        text(&mut out, &wire.hlc.device);
        key(&mut out, false, "wall_ms");
        out.extend_from_slice(wire.hlc.wall_ms.to_string().as_bytes());
        out.push(b'}');
        key(&mut out, false, "id");
        text(&mut out, &wire.id);
        key(&mut out, false, "prev_hash");
        match &wire.prev_hash {
            Some(prev) => text(&mut out, prev),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    take(&out);
}

/// Builds a bundle from stored events and the attachments they refer to. The body depends only
/// on the set of events and attachments, so two devices holding the same data export the same
/// body.
pub fn build(
    records: &[EventRecord],
    attachments: Vec<WireAttachment>,
    source: Source,
    created_at: DateTime<Utc>,
    scope: Scope,
    app_version: &str,
) -> Result<Bundle, BundleError> {
    let mut ordered: Vec<&EventRecord> = records.iter().collect();
    ordered.sort_by(|a, b| (&a.hlc_key, &a.id).cmp(&(&b.hlc_key, &b.id)));
    let events = ordered
        .into_iter()
        .map(WireEvent::from_record)
        .collect::<Result<Vec<_>, _>>()?;
    let counts = kind_counts(
        records
            .iter()
            .map(|record| (record.entity_kind.as_str(), record.entity.as_str())),
    );
    Ok(assemble(
        events,
        attachments,
        counts,
        source,
        created_at,
        scope,
        app_version,
    ))
}

/// The bundle [`build`] makes of these events' stored records, written from the events this
/// device holds in memory: an export neither reads nor re-parses the stored text (issue #19).
/// `x_1_a_bundle_of_held_events_is_the_bundle_of_their_records` checks that both agree.
pub fn build_held(
    held: Vec<HeldEvent<'_>>,
    attachments: Vec<WireAttachment>,
    source: Source,
    created_at: DateTime<Utc>,
    scope: Scope,
    app_version: &str,
) -> Bundle {
    let mut held = held;
    held.sort_by(|a, b| a.event.order_key().cmp(&b.event.order_key()));
    let counts = kind_counts(held.iter().map(|held| {
        (
            entity_kind(&held.event.change),
            held.event.entity.0.as_str(),
        )
    }));
    let events = held
        .into_iter()
        .map(|held| WireEvent::from_event(held.event, held.link.prev_hash.as_deref(), held.hash))
        .collect();
    assemble(
        events,
        attachments,
        counts,
        source,
        created_at,
        scope,
        app_version,
    )
}

/// How many entities of each kind the events touch, as the header counts them.
fn kind_counts<'a>(
    kinds_and_entities: impl Iterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, u64> {
    let mut entities: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (kind, entity) in kinds_and_entities {
        entities.entry(kind).or_default().insert(entity);
    }
    entities
        .into_iter()
        .map(|(kind, ids)| (kind.to_owned(), ids.len() as u64))
        .collect()
}

/// The bundle of `events` (in replay order) and `attachments`, with its header.
fn assemble(
    events: Vec<WireEvent>,
    mut attachments: Vec<WireAttachment>,
    counts: BTreeMap<String, u64>,
    source: Source,
    created_at: DateTime<Utc>,
    scope: Scope,
    app_version: &str,
) -> Bundle {
    attachments.sort_by(|a, b| a.sha256.cmp(&b.sha256));
    attachments.dedup_by(|a, b| a.sha256 == b.sha256);
    let body = Body {
        events,
        attachments,
    };
    Bundle {
        header: Header {
            format: FORMAT.into(),
            version: VERSION,
            app_version: app_version.into(),
            source,
            created_at,
            scope,
            counts,
            body_sha256: body_sha256(&body),
            signature: None,
        },
        body,
    }
}

/// The photos an event refers to, by SHA-256.
pub fn referenced_photos(event: &Event) -> Vec<String> {
    use crate::renovation::RenovationChange;
    match &event.change {
        Change::Renovation(RenovationChange::DocumentReceived { evidence, .. }) => {
            evidence.attachments.clone()
        }
        Change::Patrol(record) => record.photos.clone(),
        _ => Vec::new(),
    }
}

/// What a JSON text holds at the top when it is not an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    List,
    Null,
    Number,
    Text,
    TrueOrFalse,
}

/// Why a JSON text could not be read as the format says, typed so the UI can say it in the
/// user's language (serde's own messages are English).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecodeProblem {
    /// A value the format does not know, such as a role no app has.
    UnknownValue {
        value: String,
    },
    MissingField {
        field: String,
    },
    UnknownField {
        field: String,
    },
    /// A value of the wrong type: text where a number belongs, say.
    WrongType,
    Other,
}

impl DecodeProblem {
    /// The problem serde reported, read from its message.
    pub fn of(error: &serde_json::Error) -> DecodeProblem {
        let message = error.to_string();
        let quoted = |prefix: &str| {
            message
                .strip_prefix(prefix)
                .and_then(|rest| rest.split('`').next())
                .map(str::to_owned)
        };
        if let Some(value) = quoted("unknown variant `") {
            DecodeProblem::UnknownValue { value }
        } else if let Some(field) = quoted("missing field `") {
            DecodeProblem::MissingField { field }
        } else if let Some(field) = quoted("unknown field `") {
            DecodeProblem::UnknownField { field }
        } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
            DecodeProblem::WrongType
        } else {
            DecodeProblem::Other
        }
    }
}

impl std::fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeProblem::UnknownValue { value } => write!(f, "unknown value {value:?}"),
            DecodeProblem::MissingField { field } => write!(f, "missing field {field:?}"),
            DecodeProblem::UnknownField { field } => write!(f, "unknown field {field:?}"),
            DecodeProblem::WrongType => write!(f, "a value of the wrong type"),
            DecodeProblem::Other => write!(f, "not in the format"),
        }
    }
}

/// How a photo in a bundle is damaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentDamage {
    NotBase64,
    /// Its bytes are not as many as the bundle says.
    WrongSize {
        bytes: u64,
        declared: u64,
    },
    /// Its bytes do not match its SHA-256.
    HashMismatch,
    /// Not one of the image types this app writes (issue #21: a `text/html` "photo").
    NotAPhoto {
        mime: String,
    },
}

/// The photo types this app writes: a photo is downscaled to JPEG before it is stored.
pub const PHOTO_TYPES: [&str; 1] = ["image/jpeg"];

/// Which id of a wire event is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdField {
    Event,
    Entity,
    Device,
    ActorDevice,
}

impl IdField {
    /// The English name, for logs and test messages.
    pub fn name(self) -> &'static str {
        match self {
            IdField::Event => "event id",
            IdField::Entity => "entity id",
            IdField::Device => "device id",
            IdField::ActorDevice => "actor device id",
        }
    }
}

/// What is wrong with a bundle. Each names the problem in plain words (Display) and the place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum BundleError {
    TooLarge {
        bytes: usize,
    },
    /// Issue #21: nested deeper than a bundle ever is (serde's recursion limit).
    TooDeeplyNested,
    /// Issue #21: valid JSON, but a list, a number, text or null, not an object.
    NotAnObject {
        kind: JsonKind,
    },
    NotJson {
        line: usize,
        column: usize,
    },
    Truncated,
    WrongFormat {
        found: String,
    },
    FutureVersion {
        version: u64,
    },
    UnsupportedVersion {
        version: u64,
    },
    Schema {
        reason: DecodeProblem,
    },
    /// Issue #21: an integer JavaScript cannot hold exactly (beyond ±2^53 − 1). Stored, it
    /// would make later saves fail or sums overflow; `path` names where it is.
    UnsafeInteger {
        path: String,
    },
    StringTooLong {
        path: String,
        bytes: usize,
    },
    BodyHashMismatch,
    InvalidId {
        field: IdField,
        value: String,
    },
    UnknownEventKind {
        id: String,
        kind: String,
    },
    MalformedEvent {
        id: String,
        reason: DecodeProblem,
    },
    EventHashMismatch {
        id: String,
    },
    ChainBroken {
        device: String,
        id: String,
    },
    IdCollision {
        id: String,
    },
    AttachmentCorrupt {
        sha256: String,
        damage: AttachmentDamage,
    },
    MissingPhoto {
        sha256: String,
        event: String,
    },
    CountsMismatch {
        kind: String,
    },
    /// The signature does not match: the file was changed after signing, or forged.
    BadSignature,
    /// Signed by a key other than the one enrolled for that device.
    SignerKeyMismatch {
        device: String,
    },
    /// Signed by a device after it was revoked.
    SignerRevoked {
        device: String,
        at: DateTime<Utc>,
    },
    /// A signature algorithm this app does not accept.
    UnknownSignatureAlgorithm {
        algorithm: String,
    },
    /// Issue #21: events stamped further ahead of this device's clock than the office allows;
    /// the sending device's clock runs fast. One per device: its name as the bundle gives it
    /// (or its id), how many of its events, and the furthest ahead.
    ClockAhead {
        device: String,
        events: usize,
        by_ms: i64,
    },
    /// Issue #21: an event stamped before 2020 or beyond what JavaScript can hold.
    ImplausibleTime {
        id: String,
        wall_ms: i64,
    },
    /// Issue #21: a field of an encrypted file is damaged (`salt`, `iv` or `ciphertext`): not
    /// base64, or not as long as this app writes it.
    EnvelopeDamaged {
        field: String,
    },
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use BundleError as E;
        match self {
            E::TooLarge { bytes } => write!(f, "the file is {bytes} bytes, over the {MAX_BUNDLE_BYTES}-byte limit"),
            E::TooDeeplyNested => write!(f, "the file is nested deeper than any bundle"),
            E::NotAnObject { kind } => write!(f, "the file holds a JSON {kind:?}, not a bundle"),
            E::NotJson { line, column } => write!(f, "the file is not JSON (line {line}, column {column})"),
            E::Truncated => write!(f, "the file ends too early: it was truncated"),
            E::WrongFormat { found } => write!(f, "not an Estate Desk bundle (format is {found:?})"),
            E::FutureVersion { version } => write!(f, "bundle version {version} is newer than this app reads ({VERSION}): update the app"),
            E::UnsupportedVersion { version } => write!(f, "bundle version {version} is not supported"),
            E::Schema { reason } => write!(f, "the bundle does not match the format: {reason}"),
            E::StringTooLong { path, bytes } => write!(f, "{path} is {bytes} bytes long, over the 1 MB limit"),
            E::UnsafeInteger { path } => write!(f, "{path} is a number beyond what JavaScript holds exactly"),
            E::BodyHashMismatch => write!(f, "the body does not match its SHA-256: the file was changed or damaged"),
            E::InvalidId { field, value } => write!(f, "{} {value:?} is not an id", field.name()),
            E::UnknownEventKind { id, kind } => write!(f, "event {id} has an unknown kind {kind:?}"),
            E::MalformedEvent { id, reason } => write!(f, "event {id} cannot be read: {reason}"),
            E::EventHashMismatch { id } => write!(f, "event {id} was edited: its hash does not match"),
            E::ChainBroken { device, id } => write!(f, "the chain of device {device} is broken before event {id}: an event was removed or is missing"),
            E::IdCollision { id } => write!(f, "event id {id} appears with two different contents"),
            E::AttachmentCorrupt { sha256, damage } => write!(f, "photo {sha256} is damaged: {damage:?}"),
            E::MissingPhoto { sha256, event } => write!(f, "photo {sha256} referenced by event {event} is missing"),
            E::CountsMismatch { kind } => write!(f, "the header's count of {kind} does not match the body"),
            E::BadSignature => write!(f, "the signature does not match: the file was changed after it was signed, or forged"),
            E::SignerKeyMismatch { device } => write!(f, "signed with a key that is not the enrolled key of device {device}"),
            E::SignerRevoked { device, at } => write!(f, "signed by device {device} after it was revoked at {at}"),
            E::UnknownSignatureAlgorithm { algorithm } => write!(f, "signature algorithm {algorithm:?} is not accepted"),
            E::ClockAhead { device, events, by_ms } => write!(f, "{events} events of device {device} are stamped up to {} hours ahead of this device's clock", by_ms / 3_600_000),
            E::ImplausibleTime { id, wall_ms } => write!(f, "event {id} is stamped at an impossible time ({wall_ms})"),
            E::EnvelopeDamaged { field } => write!(f, "the encrypted file's {field} is damaged"),
        }
    }
}

/// What the importing device already holds.
#[derive(Debug, Clone, Default)]
pub struct LocalKnowledge<'a> {
    /// Event id → chain hash of every stored event; borrowed from the device, which holds it
    /// (a 120k-event copy per pulled batch cost more than the batch, issue #18).
    pub event_hashes: Cow<'a, BTreeMap<String, String>>,
    /// SHA-256 of every stored attachment.
    pub attachments: BTreeSet<String>,
    /// The held event of every conflict already waiting for review, so that the preview counts
    /// only the conflicts this import adds.
    pub open_conflicts: BTreeSet<String>,
    /// The devices enrolled here, to check who signed the bundle.
    pub devices: BTreeMap<EntityId, EnrolledDevice>,
    /// This device's clock, to refuse events stamped too far ahead of it (issue #21); `None`
    /// checks only that each time is plausible.
    pub now: Option<DateTime<Utc>>,
    /// How far ahead of `now` a stamp may be (the office's `Policy::max_clock_lead_hours`);
    /// `None` is the default lead.
    pub max_clock_lead_ms: Option<i64>,
}

/// A bundle that passed every check, with its events decoded.
#[derive(Debug, Clone)]
pub struct ValidBundle {
    pub bundle: Bundle,
    pub events: Vec<Event>,
    /// Who signed it: an enrolled device, or one the administrator must accept.
    pub signer: Signer,
}

fn is_id(value: &str) -> bool {
    let mut chars = value.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    first_ok
        && value.len() <= 128
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

pub(crate) fn is_hex_hash(value: &str) -> bool {
    value.len() == 64 && value.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
}

/// Whether `number` is an integer JavaScript holds exactly, or a fraction of ordinary size.
fn is_safe_number(number: &serde_json::Number) -> bool {
    let limit = crate::hlc::MAX_SAFE_INTEGER;
    match (number.as_i64(), number.as_u64(), number.as_f64()) {
        (Some(integer), _, _) => (-limit..=limit).contains(&integer),
        (None, Some(_), _) => false,
        (None, None, Some(float)) => float.abs() <= limit as f64,
        (None, None, None) => false,
    }
}

/// One step of the path to a value in a bundle: a member's key or an item's index.
#[derive(Clone, Copy)]
enum PathStep<'a> {
    Key(&'a str),
    Index(usize),
}

/// The path of `steps` as problems name it: `bundle.body.events[3].change`.
fn path_text(steps: &[PathStep<'_>]) -> String {
    let mut path = String::from("bundle");
    for step in steps {
        match step {
            PathStep::Key(key) => {
                path.push('.');
                path.push_str(key);
            }
            PathStep::Index(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// Every string over the size limit and every number beyond JavaScript's safe integers, each
/// with its path (issue #21). The path is spelled out only for a value found too big: writing
/// it for every value of a 100k-event bundle cost more than the check (issue #19).
fn oversized_values<'a>(
    value: &'a Value,
    steps: &mut Vec<PathStep<'a>>,
    found: &mut Vec<BundleError>,
) {
    match value {
        Value::String(text) if text.len() > MAX_STRING_BYTES => {
            let path = path_text(steps);
            // Attachment data is bounded by the file size instead.
            if !path.ends_with(".data_base64") {
                found.push(BundleError::StringTooLong {
                    path,
                    bytes: text.len(),
                });
            }
        }
        Value::Number(number) if !is_safe_number(number) => {
            let path = path_text(steps);
            // An event's time has its own check, which names the event (`implausible_time`).
            if !path.ends_with(".hlc.wall_ms") {
                found.push(BundleError::UnsafeInteger { path });
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                steps.push(PathStep::Index(index));
                oversized_values(item, steps, found);
                steps.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                steps.push(PathStep::Key(key));
                oversized_values(item, steps, found);
                steps.pop();
            }
        }
        _ => {}
    }
}

/// Checks a bundle file completely: JSON, format, version, schema, sizes, body hash, ids, event
/// kinds, hash chains, id collisions, photos and counts. Returns every problem found (the
/// structural ones stop the checking early, since nothing after them can be trusted).
pub fn validate(text: &str, local: &LocalKnowledge) -> Result<ValidBundle, Vec<BundleError>> {
    if text.len() > MAX_BUNDLE_BYTES {
        return Err(vec![BundleError::TooLarge { bytes: text.len() }]);
    }
    let bundle = match decode_plain(text) {
        Some(bundle) => bundle,
        None => decode_naming_problems(text)?,
    };
    check_decoded(bundle, local)
}

/// The file decoded straight into its typed form, when it is a bundle of this format and
/// version with nothing oversized: the usual file, without the `Value` tree of the whole file
/// that [`decode_naming_problems`] needs to name a problem (issue #19). Anything else gives
/// `None`, and that path finds and names the problem. Both give the same bundle for a file
/// both accept (`x_2_the_plain_decoding_accepts_only_what_the_naming_one_accepts_alike`).
fn decode_plain(text: &str) -> Option<Bundle> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Typed {
        header: Value,
        body: Body,
    }
    let Typed { header, body } = serde_json::from_str(text).ok()?;
    if header.get("format").and_then(Value::as_str) != Some(FORMAT)
        || header.get("version").and_then(Value::as_u64) != Some(u64::from(VERSION))
    {
        return None;
    }
    let mut oversized = Vec::new();
    oversized_values(&header, &mut vec![PathStep::Key("header")], &mut oversized);
    let fits = |text: &String| text.len() <= MAX_STRING_BYTES;
    for wire in &body.events {
        let strings = [
            &wire.id,
            &wire.entity,
            &wire.hlc.device,
            &wire.actor.name,
            &wire.actor.role,
            &wire.actor.device,
            &wire.hash,
        ];
        let optional = [&wire.actor.staff, &wire.prev_hash];
        if !strings.into_iter().all(fits) || !optional.into_iter().flatten().all(fits) {
            return None;
        }
        oversized_values(
            &wire.change,
            &mut vec![PathStep::Key("change")],
            &mut oversized,
        );
    }
    for attachment in &body.attachments {
        // `data_base64` is bounded by the file size instead, as below.
        if !fits(&attachment.sha256)
            || !fits(&attachment.mime)
            || attachment.size > crate::hlc::MAX_SAFE_INTEGER as u64
        {
            return None;
        }
    }
    if !oversized.is_empty() {
        return None;
    }
    let header = serde_json::from_value(header).ok()?;
    Some(Bundle { header, body })
}

/// The file decoded through a `Value` of the whole, which every check before the typed decode
/// needs to name what is wrong: not JSON, not an object, another format or version, oversized
/// values (each with its path), then the schema.
fn decode_naming_problems(text: &str) -> Result<Bundle, Vec<BundleError>> {
    let value: Value = serde_json::from_str(text).map_err(|error| {
        vec![if error.is_eof() {
            BundleError::Truncated
        } else if error.to_string().starts_with("recursion limit exceeded") {
            BundleError::TooDeeplyNested
        } else {
            BundleError::NotJson {
                line: error.line(),
                column: error.column(),
            }
        }]
    })?;
    let kind = match &value {
        Value::Object(_) => None,
        Value::Array(_) => Some(JsonKind::List),
        Value::Null => Some(JsonKind::Null),
        Value::Number(_) => Some(JsonKind::Number),
        Value::String(_) => Some(JsonKind::Text),
        Value::Bool(_) => Some(JsonKind::TrueOrFalse),
    };
    if let Some(kind) = kind {
        return Err(vec![BundleError::NotAnObject { kind }]);
    }
    let header = value.get("header");
    // Another app's file names its format at the top, where a bundle has its header.
    let format = header
        .and_then(|h| h.get("format"))
        .or_else(|| value.get("format"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    if format != FORMAT {
        return Err(vec![BundleError::WrongFormat {
            found: format.to_owned(),
        }]);
    }
    let version = header.and_then(|h| h.get("version"));
    match version.map(Value::as_u64) {
        Some(Some(version)) if version == u64::from(VERSION) => {}
        Some(Some(version)) if version > u64::from(VERSION) => {
            return Err(vec![BundleError::FutureVersion { version }])
        }
        Some(Some(version)) => return Err(vec![BundleError::UnsupportedVersion { version }]),
        // Present but not a whole number ("1", say): the wrong type, not a missing field.
        Some(None) => {
            return Err(vec![BundleError::Schema {
                reason: DecodeProblem::WrongType,
            }])
        }
        None => {
            return Err(vec![BundleError::Schema {
                reason: DecodeProblem::MissingField {
                    field: "header.version".into(),
                },
            }])
        }
    }
    let mut problems = Vec::new();
    oversized_values(&value, &mut Vec::new(), &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    serde_json::from_value(value).map_err(|error| {
        vec![BundleError::Schema {
            reason: DecodeProblem::of(&error),
        }]
    })
}

/// The checks of a decoded bundle: body hash, signature, ids, times, event kinds, hash
/// chains, id collisions, photos and counts.
fn check_decoded(bundle: Bundle, local: &LocalKnowledge) -> Result<ValidBundle, Vec<BundleError>> {
    let mut problems = Vec::new();
    if body_sha256(&bundle.body) != bundle.header.body_sha256 {
        return Err(vec![BundleError::BodyHashMismatch]);
    }
    let signer = check_signature(&bundle.header, &local.devices).map_err(|problem| {
        vec![match problem {
            SignatureProblem::Invalid => BundleError::BadSignature,
            SignatureProblem::KeyMismatch { device } => BundleError::SignerKeyMismatch { device },
            SignatureProblem::Revoked { device, at } => BundleError::SignerRevoked { device, at },
            SignatureProblem::UnknownAlgorithm(algorithm) => {
                BundleError::UnknownSignatureAlgorithm { algorithm }
            }
        }]
    })?;

    let body = &bundle.body;
    let mut events = Vec::new();
    // Device id → how many of its events run ahead, and the furthest.
    let mut ahead: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
    for wire in &body.events {
        for (field, value) in [
            (IdField::Event, &wire.id),
            (IdField::Entity, &wire.entity),
            (IdField::Device, &wire.hlc.device),
            (IdField::ActorDevice, &wire.actor.device),
        ] {
            if !is_id(value) {
                problems.push(BundleError::InvalidId {
                    field,
                    value: value.clone(),
                });
            }
        }
        match crate::hlc::check_wall_time(
            wire.hlc.wall_ms,
            local.now.map(|now| now.timestamp_millis()),
            local
                .max_clock_lead_ms
                .unwrap_or(crate::hlc::MAX_CLOCK_LEAD_MS),
        ) {
            Err(crate::hlc::ClockProblem::Ahead { by_ms }) => {
                let (count, furthest) = ahead.entry(&wire.hlc.device).or_default();
                *count += 1;
                *furthest = (*furthest).max(by_ms);
            }
            Err(crate::hlc::ClockProblem::Implausible) => {
                problems.push(BundleError::ImplausibleTime {
                    id: wire.id.clone(),
                    wall_ms: wire.hlc.wall_ms,
                });
            }
            Ok(()) => {}
        }
        match wire.to_event() {
            Ok(event) => {
                let prev_ok = wire.prev_hash.as_deref().is_none_or(is_hex_hash);
                if !prev_ok || chain_hash(&event, wire.prev_hash.as_deref()) != wire.hash {
                    problems.push(BundleError::EventHashMismatch {
                        id: wire.id.clone(),
                    });
                }
                if local
                    .event_hashes
                    .get(&wire.id)
                    .is_some_and(|held| *held != wire.hash)
                {
                    problems.push(BundleError::IdCollision {
                        id: wire.id.clone(),
                    });
                }
                events.push(event);
            }
            Err(error) => problems.push(error),
        }
    }
    for (device, (events, by_ms)) in ahead {
        let source = &bundle.header.source;
        problems.push(BundleError::ClockAhead {
            device: if device == source.device_id {
                source.device_name.clone()
            } else {
                device.to_owned()
            },
            events,
            by_ms,
        });
    }
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for wire in &body.events {
        if let Some(hash) = seen.insert(&wire.id, &wire.hash) {
            if hash != wire.hash {
                problems.push(BundleError::IdCollision {
                    id: wire.id.clone(),
                });
            }
        }
    }

    // Chains: per device in HLC order, each event links to the one before; the first links to
    // nothing, to an event this device already holds, or (incremental bundles) is reported.
    let mut by_device: BTreeMap<&str, Vec<&WireEvent>> = BTreeMap::new();
    for wire in &body.events {
        by_device.entry(&wire.hlc.device).or_default().push(wire);
    }
    for chain in by_device.values_mut() {
        chain.sort_by_key(|wire| (wire.hlc.wall_ms, wire.hlc.counter, wire.id.clone()));
    }
    let chain_starts = by_device
        .values()
        .filter_map(|chain| chain.first()?.prev_hash.as_deref())
        .collect();
    let known_hashes = held_among(&local.event_hashes, chain_starts);
    for (device, chain) in by_device {
        let mut previous: Option<&str> = None;
        for (index, wire) in chain.iter().enumerate() {
            let linked = match (index, wire.prev_hash.as_deref()) {
                (0, None) => true,
                (0, Some(prev)) => known_hashes.contains(prev),
                (_, prev) => prev == previous,
            };
            if !linked {
                problems.push(BundleError::ChainBroken {
                    device: device.to_owned(),
                    id: wire.id.clone(),
                });
            }
            previous = Some(&wire.hash);
        }
    }

    let mut carried = BTreeSet::new();
    for attachment in &body.attachments {
        if !PHOTO_TYPES.contains(&attachment.mime.as_str()) {
            problems.push(BundleError::AttachmentCorrupt {
                sha256: attachment.sha256.clone(),
                damage: AttachmentDamage::NotAPhoto {
                    mime: attachment.mime.clone(),
                },
            });
            continue;
        }
        match attachment.bytes() {
            Ok(bytes) if bytes.len() as u64 != attachment.size => {
                problems.push(BundleError::AttachmentCorrupt {
                    sha256: attachment.sha256.clone(),
                    damage: AttachmentDamage::WrongSize {
                        bytes: bytes.len() as u64,
                        declared: attachment.size,
                    },
                });
            }
            Ok(bytes) if sha256_hex(&bytes) != attachment.sha256 => {
                problems.push(BundleError::AttachmentCorrupt {
                    sha256: attachment.sha256.clone(),
                    damage: AttachmentDamage::HashMismatch,
                });
            }
            Ok(_) => {
                carried.insert(attachment.sha256.as_str());
            }
            Err(error) => problems.push(error),
        }
    }
    for event in &events {
        for sha256 in referenced_photos(event) {
            if !carried.contains(sha256.as_str()) && !local.attachments.contains(&sha256) {
                problems.push(BundleError::MissingPhoto {
                    sha256,
                    event: event.id.0.clone(),
                });
            }
        }
    }

    let mut entities: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for event in &events {
        entities
            .entry(entity_kind(&event.change).to_owned())
            .or_default()
            .insert(&event.entity.0);
    }
    let actual: BTreeMap<String, u64> = entities
        .into_iter()
        .map(|(kind, ids)| (kind, ids.len() as u64))
        .collect();
    if problems.is_empty() && actual != bundle.header.counts {
        let kinds: BTreeSet<&String> = actual.keys().chain(bundle.header.counts.keys()).collect();
        for kind in kinds {
            if actual.get(kind) != bundle.header.counts.get(kind) {
                problems.push(BundleError::CountsMismatch { kind: kind.clone() });
            }
        }
    }
    if problems.is_empty() {
        Ok(ValidBundle {
            bundle,
            events,
            signer,
        })
    } else {
        Err(problems)
    }
}

/// Which of the `wanted` chain hashes this device holds. One pass over what it holds, with
/// nothing copied: a batch of 500 events into a 120k-event desk no longer builds a set of
/// every held hash (issue #18).
pub(crate) fn held_among<'a>(
    event_hashes: &BTreeMap<String, String>,
    wanted: BTreeSet<&'a str>,
) -> BTreeSet<&'a str> {
    if wanted.is_empty() {
        return wanted;
    }
    let mut found = BTreeSet::new();
    for hash in event_hashes.values() {
        if let Some(hash) = wanted.get(hash.as_str()) {
            found.insert(*hash);
            if found.len() == wanted.len() {
                break;
            }
        }
    }
    found
}

/// Counts per entity kind.
pub type KindCounts = BTreeMap<String, usize>;

/// What an import would do, shown before it is committed, with the merge it will commit.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// The new events, merged and replayed once: the preview counts from it, and the commit
    /// writes and keeps it.
    pub absorb: PreparedAbsorb,
    pub new_by_kind: KindCounts,
    /// How many cases (tickets, profiles, …) the new events touch, by kind: what a person
    /// counts, where `new_by_kind` counts records (issue #22: "二次装修 85" for 4 cases).
    pub new_entities_by_kind: KindCounts,
    pub already_present_by_kind: KindCounts,
    /// Events held for review after the merge (new ones only).
    pub conflicts_by_kind: KindCounts,
    /// Photos the new events refer to, and how many of them are in the bundle or already here.
    pub photos_expected: usize,
    pub photos_present: usize,
    /// Attachments to store (in the bundle and not yet here).
    pub new_attachments: Vec<WireAttachment>,
}

impl ImportPlan {
    /// Events this device does not hold yet, as they will be stored.
    pub fn new_records(&self) -> &[EventRecord] {
        &self.absorb.records
    }
}

/// Plans the import of a valid bundle into `device` at `now`.
pub fn plan(
    valid: &ValidBundle,
    local: &LocalKnowledge,
    device: &LocalDevice,
    now: DateTime<Utc>,
) -> ImportPlan {
    let mut new_by_kind = KindCounts::new();
    let mut already_present_by_kind = KindCounts::new();
    let mut new_records = Vec::new();
    let mut new_events = Vec::new();
    for (wire, event) in valid.bundle.body.events.iter().zip(&valid.events) {
        let kind = entity_kind(&event.change).to_owned();
        if local.event_hashes.contains_key(&wire.id) {
            *already_present_by_kind.entry(kind).or_default() += 1;
        } else {
            *new_by_kind.entry(kind).or_default() += 1;
            new_records.push(wire.record_of(event));
            new_events.push(event.clone());
        }
    }
    let mut touched: BTreeMap<&'static str, BTreeSet<&EntityId>> = BTreeMap::new();
    for event in &new_events {
        touched
            .entry(entity_kind(&event.change))
            .or_default()
            .insert(&event.entity);
    }
    let new_entities_by_kind: KindCounts = touched
        .into_iter()
        .map(|(kind, entities)| (kind.to_owned(), entities.len()))
        .collect();
    let referenced: BTreeSet<String> = new_events.iter().flat_map(referenced_photos).collect();
    let absorb = device.plan_absorb(new_records, new_events, now);
    // A clash counts whichever side arrives: the held event may be a local one that an
    // incoming earlier event now collides with.
    let mut conflicts_by_kind = KindCounts::new();
    let kinds: BTreeMap<&EntityId, &'static str> = absorb
        .merged_tail()
        .iter()
        .map(|event| (&event.entity, entity_kind(&event.change)))
        .collect();
    let desk = absorb.desk();
    for conflict in desk.open_conflicts() {
        if !local.open_conflicts.contains(&conflict.event.0) {
            let kind = desk
                .held_events
                .get(&conflict.event)
                .map(|held| entity_kind(&held.change))
                .or_else(|| kinds.get(&conflict.entity).copied())
                .unwrap_or_default();
            *conflicts_by_kind.entry(kind.to_owned()).or_default() += 1;
        }
    }
    let carried: BTreeMap<&str, &WireAttachment> = valid
        .bundle
        .body
        .attachments
        .iter()
        .map(|a| (a.sha256.as_str(), a))
        .collect();
    let photos_present = referenced
        .iter()
        .filter(|sha| carried.contains_key(sha.as_str()) || local.attachments.contains(*sha))
        .count();
    let new_attachments = carried
        .values()
        .filter(|a| !local.attachments.contains(&a.sha256))
        .map(|a| (*a).clone())
        .collect();
    ImportPlan {
        absorb,
        new_by_kind,
        new_entities_by_kind,
        already_present_by_kind,
        conflicts_by_kind,
        photos_expected: referenced.len(),
        photos_present,
        new_attachments,
    }
}

/// The `format` of a passphrase-encrypted bundle file.
pub const ENCRYPTED_FORMAT: &str = "estate-desk-encrypted-bundle";
/// The least PBKDF2 iterations a reader accepts (and the number this app writes).
pub const MIN_PBKDF2_ITERATIONS: u32 = 210_000;
/// The most PBKDF2 iterations a reader runs (issue #21): a file asking for 4,294,967,295 would
/// hang the import for hours; 50 × what this app writes is still well within a few seconds.
pub const MAX_PBKDF2_ITERATIONS: u32 = 50 * MIN_PBKDF2_ITERATIONS;

/// A bundle encrypted with a passphrase: AES-GCM-256 with a key derived by PBKDF2-SHA256. The
/// plaintext is the bundle's JSON text, UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EncryptedEnvelope {
    /// Always `"estate-desk-encrypted-bundle"`.
    pub format: String,
    /// Always `1`.
    pub version: u32,
    /// `"PBKDF2-SHA256"`.
    pub kdf: String,
    pub iterations: u32,
    /// Base64, 16 random bytes.
    pub salt: String,
    /// `"AES-GCM-256"`.
    pub cipher: String,
    /// Base64, 12 random bytes.
    pub iv: String,
    /// Base64 of the ciphertext with its 16-byte tag appended (as WebCrypto returns it).
    pub ciphertext: String,
}

impl EncryptedEnvelope {
    /// Reads an envelope, or `None` when `text` is not one (then it may be a plain bundle).
    pub fn parse(text: &str) -> Option<Result<EncryptedEnvelope, BundleError>> {
        let value: Value = serde_json::from_str(text).ok()?;
        if value.get("format").and_then(Value::as_str) != Some(ENCRYPTED_FORMAT) {
            return None;
        }
        Some(
            serde_json::from_value::<EncryptedEnvelope>(value)
                .map_err(|error| BundleError::Schema {
                    reason: DecodeProblem::of(&error),
                })
                .and_then(|envelope| {
                    if envelope.version != 1 {
                        return Err(BundleError::UnsupportedVersion {
                            version: u64::from(envelope.version),
                        });
                    }
                    if envelope.kdf != "PBKDF2-SHA256"
                        || envelope.cipher != "AES-GCM-256"
                        || !(MIN_PBKDF2_ITERATIONS..=MAX_PBKDF2_ITERATIONS)
                            .contains(&envelope.iterations)
                    {
                        return Err(BundleError::Schema {
                            reason: DecodeProblem::WrongType,
                        });
                    }
                    // The salt and IV are as long as this app writes them, and every field is
                    // base64, so a damaged file is named as such and never blamed on the browser.
                    let b64 = base64::engine::general_purpose::STANDARD;
                    for (field, text, length) in [
                        ("salt", &envelope.salt, Some(16)),
                        ("iv", &envelope.iv, Some(12)),
                        ("ciphertext", &envelope.ciphertext, None),
                    ] {
                        let decoded = base64::Engine::decode(&b64, text);
                        let fits = decoded
                            .is_ok_and(|bytes| length.is_none_or(|length| bytes.len() == length));
                        if !fits {
                            return Err(BundleError::EnvelopeDamaged {
                                field: field.to_owned(),
                            });
                        }
                    }
                    Ok(envelope)
                }),
        )
    }
}

/// The JSON Schema of a bundle, generated from the wire types (`docs/bundle.schema.json`).
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(Bundle)).expect("schemas serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Issue #21: a number is taken in exactly when JavaScript holds it exactly, whatever
        /// its JSON type.
        #[test]
        fn x_2_only_numbers_javascript_holds_exactly_are_taken_in(
            signed in any::<i64>(),
            unsigned in any::<u64>(),
        ) {
            let limit = crate::hlc::MAX_SAFE_INTEGER;
            prop_assert_eq!(
                is_safe_number(&signed.into()),
                (-limit..=limit).contains(&signed)
            );
            prop_assert_eq!(
                is_safe_number(&unsigned.into()),
                unsigned <= limit.unsigned_abs()
            );
        }
    }

    /// A small sample office as a bundle file, for the decoding tests.
    fn sample_text() -> String {
        let office = crate::sample::office(3, 1);
        let bundle = build(
            &crate::record::chain_records(office.log()),
            vec![WireAttachment::new(
                crate::chain::sha256_hex(b"photo"),
                "image/jpeg".into(),
                b"photo",
            )],
            Source {
                device_id: "pc".into(),
                device_name: "前台".into(),
                person: "王芳".into(),
            },
            crate::sample::start(),
            Scope::Full,
            "0.1.0",
        )
        .unwrap();
        serde_json::to_string(&bundle).unwrap()
    }

    /// Whatever the plain decoding accepts, the one that names problems accepts alike.
    fn decodes_alike(text: &str) -> Result<(), TestCaseError> {
        if let Some(plain) = decode_plain(text) {
            prop_assert_eq!(Some(plain), decode_naming_problems(text).ok());
        }
        Ok(())
    }

    /// The faster decoding (issue #19) takes the usual file, and only files the decoding that
    /// names problems takes the same way: every bad bundle of the corpus, and files with an
    /// oversized value, an unsafe number or a repeated key where the typed fields are, go the
    /// long way and keep their messages.
    #[test]
    fn x_2_the_plain_decoding_accepts_only_what_the_naming_one_accepts_alike() {
        let text = sample_text();
        assert!(
            decode_plain(&text).is_some(),
            "the usual file takes the fast way"
        );
        decodes_alike(&text).unwrap();
        let corpus = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/bad-bundles"
        );
        let mut files = 0;
        for entry in std::fs::read_dir(corpus).unwrap() {
            let bad = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            decodes_alike(&bad).unwrap();
            files += 1;
        }
        assert!(files > 10, "the corpus is there");
        let value: Value = serde_json::from_str(&text).unwrap();
        let long = "长".repeat(MAX_STRING_BYTES);
        let unsafe_number = Value::from(crate::hlc::MAX_SAFE_INTEGER as u64 + 1);
        type Edit<'a> = Box<dyn Fn(&mut Value) + 'a>;
        let edits: Vec<Edit> = vec![
            Box::new(|bundle| bundle["header"]["counts"]["feedback"] = unsafe_number.clone()),
            Box::new(|bundle| bundle["body"]["attachments"][0]["size"] = unsafe_number.clone()),
            Box::new(|bundle| bundle["body"]["attachments"][0]["mime"] = long.clone().into()),
            Box::new(|bundle| bundle["body"]["events"][0]["actor"]["name"] = long.clone().into()),
            Box::new(|bundle| bundle["body"]["events"][1]["prev_hash"] = long.clone().into()),
            Box::new(|bundle| bundle["body"]["events"][2]["change"]["note"] = long.clone().into()),
            Box::new(|bundle| bundle["header"]["source"]["person"] = long.clone().into()),
            Box::new(|bundle| bundle["header"]["version"] = 2.into()),
            Box::new(|bundle| bundle["header"]["format"] = "other".into()),
        ];
        for edit in &edits {
            let mut edited = value.clone();
            edit(&mut edited);
            let edited = serde_json::to_string(&edited).unwrap();
            assert!(decode_plain(&edited).is_none(), "{}", &edited[..80]);
            decodes_alike(&edited).unwrap();
        }
        // A key of an event given twice: the typed decoding refuses it, a `Value` keeps the
        // last, and the long way decides.
        let twice = text.replacen("\"entity\":", "\"entity\":\"x\",\"entity\":", 1);
        assert!(decode_plain(&twice).is_none());
        decodes_alike(&twice).unwrap();
    }

    proptest! {
        /// Any damage to one byte of a good file: what the plain decoding accepts, the naming
        /// one accepts alike.
        #[test]
        fn x_2_damaged_files_decode_alike_either_way(at in 0usize..10_000, byte in any::<u8>()) {
            let mut bytes = sample_text().into_bytes();
            let at = at % bytes.len();
            bytes[at] = byte;
            if let Ok(text) = String::from_utf8(bytes) {
                decodes_alike(&text)?;
            }
        }
    }

    #[test]
    fn x_2_oversized_files_are_refused_before_parsing() {
        let huge = " ".repeat(MAX_BUNDLE_BYTES + 1);
        assert_eq!(
            validate(&huge, &LocalKnowledge::default()).unwrap_err(),
            vec![BundleError::TooLarge {
                bytes: MAX_BUNDLE_BYTES + 1
            }]
        );
    }

    /// The published schema is the one the wire types generate.
    #[test]
    fn docs_bundle_schema_json_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/bundle.schema.json");
        let published = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            published.trim(),
            json_schema().trim(),
            "docs/bundle.schema.json is stale: cargo run -q -p estate-core --example bundle_schema > docs/bundle.schema.json"
        );
    }

    #[test]
    fn x_1_encrypted_envelopes_are_recognised_and_weak_or_endless_parameters_refused() {
        let envelope = EncryptedEnvelope {
            format: ENCRYPTED_FORMAT.into(),
            version: 1,
            kdf: "PBKDF2-SHA256".into(),
            iterations: MIN_PBKDF2_ITERATIONS,
            salt: "AAAAAAAAAAAAAAAAAAAAAA==".into(),
            cipher: "AES-GCM-256".into(),
            iv: "AAAAAAAAAAAAAAAA".into(),
            ciphertext: "AAAA".into(),
        };
        let text = serde_json::to_string(&envelope).unwrap();
        assert_eq!(EncryptedEnvelope::parse(&text), Some(Ok(envelope.clone())));
        let weak = serde_json::to_string(&EncryptedEnvelope {
            iterations: 1000,
            ..envelope.clone()
        })
        .unwrap();
        assert!(matches!(
            EncryptedEnvelope::parse(&weak),
            Some(Err(BundleError::Schema { .. }))
        ));
        // Issue #21: a short IV is named as damage in the file, not as the browser's fault.
        let short_iv = serde_json::to_string(&EncryptedEnvelope {
            iv: "AAAAAAAAAAA=".into(),
            ..envelope.clone()
        })
        .unwrap();
        assert_eq!(
            EncryptedEnvelope::parse(&short_iv),
            Some(Err(BundleError::EnvelopeDamaged { field: "iv".into() }))
        );
        // Issue #21: a file that would keep the import deriving its key forever is refused.
        let endless = serde_json::to_string(&EncryptedEnvelope {
            iterations: u32::MAX,
            ..envelope
        })
        .unwrap();
        assert!(matches!(
            EncryptedEnvelope::parse(&endless),
            Some(Err(BundleError::Schema { .. }))
        ));
        assert_eq!(EncryptedEnvelope::parse(r#"{"header":{}}"#), None);
    }

    /// Issue #19: the body hash written straight from the typed body is the hash of the
    /// canonical JSON of its `Value`, with photos, staff profiles and first-of-chain events.
    #[test]
    fn x_1_body_hash_is_the_canonical_json_of_the_body() {
        let office = crate::sample::office(40, 7);
        let records = crate::record::chain_records(office.log());
        let photo = WireAttachment::new("ab".repeat(32), "image/jpeg".into(), b"\xff\xd8 photo");
        let source = Source {
            device_id: "bench".into(),
            device_name: "前台 · A".into(),
            person: "王芳".into(),
        };
        let mut built = build(
            &records,
            vec![photo],
            source,
            crate::sample::start(),
            Scope::Full,
            "0.1.0",
        )
        .expect("the sample bundles");
        built.body.events[1].actor.staff = Some("staff-王芳".into());
        assert!(built
            .body
            .events
            .iter()
            .any(|wire| wire.prev_hash.is_none()));
        let by_value = crate::chain::canonical_json(&serde_json::to_value(&built.body).unwrap());
        let mut pieces = Vec::new();
        canonical_body(&built.body, |piece| pieces.push(piece.to_vec()));
        assert!(pieces.len() > 1, "a body this size is hashed in pieces");
        assert_eq!(String::from_utf8(pieces.concat()).unwrap(), by_value);
        assert_eq!(body_sha256(&built.body), sha256_hex(by_value.as_bytes()));
    }

    /// Issue #19: a stored event read straight into its wire form is the one read through a
    /// `Value`, and decodes back to the same event.
    #[test]
    fn x_1_wire_events_read_from_records_match_the_value_route() {
        for record in crate::record::chain_records(crate::sample::office(20, 3).log()) {
            let wire = WireEvent::from_record(&record).unwrap();
            let mut value: Value = serde_json::from_str(&record.event).unwrap();
            value["prev_hash"] = record.prev_hash.clone().map_or(Value::Null, Value::String);
            value["hash"] = Value::String(record.hash.clone());
            assert_eq!(
                wire,
                serde_json::from_value::<WireEvent>(value.clone()).unwrap()
            );
            assert_eq!(wire.to_event().unwrap(), record.to_event().unwrap());
            assert_eq!(wire.record_of(&wire.to_event().unwrap()), {
                let mut chained = record.clone();
                chained.arrival = 0;
                chained
            });
        }
    }

    #[test]
    fn ids_are_short_plain_tokens() {
        assert!(is_id("0193f6a2-7c1e-7b3a-9d2f-3a4b5c6d7e8f"));
        assert!(is_id("tablet-1-00000001"));
        for bad in ["", " x", "a b", "<script>", "-leading", &"x".repeat(129)] {
            assert!(!is_id(bad), "{bad:?}");
        }
    }
}
