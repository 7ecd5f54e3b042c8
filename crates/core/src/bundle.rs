//! Sync bundles: the wire format devices exchange as files, its validation, and the import plan.
//! The wire types here are separate from the domain types and versioned; `docs/bundle-format.md`
//! describes them and `docs/bundle.schema.json` is generated from them.

mod cut;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::chain::{
    chain_hash, sha256_hex, write_member_name, write_number, write_string, ChangeText, EventText,
};
use crate::device::{check_signature, EnrolledDevice, SignatureProblem, Signer};
use crate::event::{Change, EntityId, Event};
use crate::local_device::{
    AbsorbPlanning, HeldById, HeldEvent, HeldInChain, LocalDevice, PreparedAbsorb,
};
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
        let change = serde_json::to_value(&event.change).expect("events serialize");
        WireEvent::with_change(event, prev_hash, hash, change)
    }

    /// A held event found in a file exactly as this device writes it: its change is the held
    /// event's, so it is left `null` here (see [`ValidBundle`]).
    fn of_held(held: &HeldInChain<'_>) -> WireEvent {
        WireEvent::with_change(held.event, held.prev_hash, held.hash, Value::Null)
    }

    fn with_change(event: &Event, prev_hash: Option<&str>, hash: &str, change: Value) -> WireEvent {
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
            change,
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
    let mut canonical = CanonicalBody::new(sha2::Sha256::default());
    for attachment in &body.attachments {
        canonical.attachment(attachment);
    }
    for wire in &body.events {
        canonical.event(wire);
    }
    canonical.finish_hash()
}

/// How much canonical text is written before it is handed on: the hash takes the body in
/// pieces this size, rather than a copy of all of it (60 MB for 10k cases, issue #19).
const CANONICAL_PIECE: usize = 64 * 1024;

/// Where canonical text goes, a piece at a time.
trait CanonicalSink {
    fn take(&mut self, piece: &[u8]);
}

impl CanonicalSink for sha2::Sha256 {
    fn take(&mut self, piece: &[u8]) {
        sha2::Digest::update(self, piece);
    }
}

/// An export keeps the canonical text whole: it is both the body its file carries and the
/// text its hash is taken over (issue #19).
impl CanonicalSink for Vec<u8> {
    fn take(&mut self, piece: &[u8]) {
        self.extend_from_slice(piece);
    }
}

/// `canonical_json(&serde_json::to_value(body))`, written one attachment or event at a time
/// and handed to its sink in pieces of about [`CANONICAL_PIECE`] bytes. Kept between calls,
/// it lets an import hash the body as it checks it, a slice at a time (issue #19). Every
/// attachment comes before the first event, as in the canonical text.
struct CanonicalBody<S> {
    out: Vec<u8>,
    sink: S,
    attachments: usize,
    /// Events written so far, once the first one (or the end) closed the attachments.
    events: Option<usize>,
}

impl<S: CanonicalSink> CanonicalBody<S> {
    fn new(sink: S) -> CanonicalBody<S> {
        let mut out = Vec::with_capacity(2 * CANONICAL_PIECE);
        out.extend_from_slice(b"{\"attachments\":[");
        CanonicalBody {
            out,
            sink,
            attachments: 0,
            events: None,
        }
    }

    /// Hands the text on once a piece is full, and starts the next item of a list.
    fn next_item(&mut self, index: usize) {
        if self.out.len() >= CANONICAL_PIECE {
            self.sink.take(&self.out);
            self.out.clear();
        }
        if index > 0 {
            self.out.push(b',');
        }
    }

    fn close_attachments(&mut self) -> usize {
        *self.events.get_or_insert_with(|| {
            self.out.extend_from_slice(b"],\"events\":[");
            0
        })
    }

    fn attachment(&mut self, attachment: &WireAttachment) {
        debug_assert!(self.events.is_none(), "attachments come before events");
        self.next_item(self.attachments);
        self.attachments += 1;
        let out = &mut self.out;
        out.push(b'{');
        write_member_name(out, true, "data_base64");
        write_string(out, &attachment.data_base64);
        write_member_name(out, false, "mime");
        write_string(out, &attachment.mime);
        write_member_name(out, false, "sha256");
        write_string(out, &attachment.sha256);
        write_member_name(out, false, "size");
        write_number(out, attachment.size);
        out.push(b'}');
    }

    fn event(&mut self, wire: &WireEvent) {
        self.event_text(&EventText {
            id: &wire.id,
            entity: &wire.entity,
            wall_ms: wire.hlc.wall_ms,
            counter: wire.hlc.counter,
            device: &wire.hlc.device,
            actor_name: &wire.actor.name,
            actor_role: &wire.actor.role,
            actor_device: &wire.actor.device,
            actor_staff: wire.actor.staff.as_deref(),
            change: ChangeText::Wire(&wire.change),
            prev_hash: wire.prev_hash.as_deref(),
            hash: Some(&wire.hash),
        });
    }

    fn event_text(&mut self, event: &EventText<'_>) {
        self.next_event();
        event.write(&mut self.out);
    }

    fn next_event(&mut self) {
        let index = self.close_attachments();
        self.events = Some(index + 1);
        self.next_item(index);
    }

    /// Closes the body and hands on the rest; gives back the sink.
    fn finish(mut self) -> S {
        self.close_attachments();
        self.out.extend_from_slice(b"]}");
        self.sink.take(&self.out);
        self.sink
    }
}

/// Where a check's canonical body text goes: held against the file's own body text while the
/// two agree, since a file Estate Desk writes carries its body in canonical form; hashed from
/// the first piece that differs. When all of it agrees, the caller may hash the file's body
/// text with the browser's SHA-256 in a Web Worker, off the page and several times faster than
/// this crate's compiled to wasm (issue #19: 60 MB for a 10k-case office).
enum BodyText<'t> {
    /// The canonical text so far is the first `matched` bytes of `written`.
    AsWritten {
        written: &'t str,
        matched: usize,
    },
    Hashing(sha2::Sha256),
}

impl CanonicalSink for BodyText<'_> {
    fn take(&mut self, piece: &[u8]) {
        match self {
            BodyText::AsWritten { written, matched } => {
                let written = written.as_bytes();
                if crate::chain::starts_with_bytes(&written[*matched..], piece) {
                    *matched += piece.len();
                } else {
                    let mut hashing = sha2::Sha256::default();
                    sha2::Digest::update(&mut hashing, &written[..*matched]);
                    sha2::Digest::update(&mut hashing, piece);
                    *self = BodyText::Hashing(hashing);
                }
            }
            BodyText::Hashing(hashing) => sha2::Digest::update(hashing, piece),
        }
    }
}

impl<'t> CanonicalBody<BodyText<'t>> {
    /// An event whose canonical text is `text`, a slice of the file's own body text: where it
    /// stands just where the canonical text written so far ends in the file, it is taken as
    /// matched without a copy or a comparison (a second import holds every event of an
    /// Estate Desk file against this device's text already: issue #19).
    fn event_in_place(&mut self, text: &'t str) {
        self.next_event();
        if let BodyText::AsWritten { written, matched } = &mut self.sink {
            let file = written.as_bytes();
            let pending = self.out.as_slice();
            let at = *matched + pending.len();
            let in_place = crate::chain::starts_with_bytes(&file[*matched..], pending)
                && file
                    .get(at..at + text.len())
                    .is_some_and(|there| std::ptr::eq(there.as_ptr(), text.as_ptr()));
            if in_place {
                *matched = at + text.len();
                self.out.clear();
                return;
            }
        }
        self.out.extend_from_slice(text.as_bytes());
    }

    /// The file's body text, when the canonical text written so far and the close
    /// [`CanonicalBody::finish`] would add are exactly it.
    fn written_whole(&self) -> Option<&'t str> {
        let BodyText::AsWritten { written, matched } = &self.sink else {
            return None;
        };
        let rest = written.as_bytes()[*matched..].strip_prefix(self.out.as_slice())?;
        let close: &[u8] = if self.events.is_none() {
            b"],\"events\":[]}"
        } else {
            b"]}"
        };
        (rest == close).then_some(*written)
    }

    /// The body's hash: `given` for the file's body text when that is the canonical text
    /// (the browser hashed it), else taken here.
    fn finish_hash_given(self, given: Option<String>) -> String {
        if let (Some(written), Some(given)) = (self.written_whole(), given) {
            debug_assert!(!written.is_empty());
            return given;
        }
        match self.finish() {
            BodyText::AsWritten { written, matched } => sha256_hex(&written.as_bytes()[..matched]),
            BodyText::Hashing(hashing) => {
                crate::chain::lowercase_hex(&sha2::Digest::finalize(hashing))
            }
        }
    }
}

impl CanonicalBody<sha2::Sha256> {
    fn finish_hash(self) -> String {
        crate::chain::lowercase_hex(&sha2::Digest::finalize(self.finish()))
    }
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
    crate::sorting::sort_by(&mut ordered, |a, b| {
        (&a.hlc_key, &a.id).cmp(&(&b.hlc_key, &b.id))
    });
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
    let (held, counts) = held_in_order(held);
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

/// A bundle's body written as the text its file carries, before its hash is taken: a browser
/// takes it with WebCrypto, natively, much faster than this crate's own SHA-256 compiled to
/// wasm (issue #19).
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenBody {
    text: String,
    counts: BTreeMap<String, u64>,
    source: Source,
    created_at: DateTime<Utc>,
    scope: Scope,
    app_version: String,
    /// How many attachments the body carries.
    pub attachments: usize,
}

impl WrittenBody {
    /// The body's canonical text, to hash.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The bundle with its header, given the SHA-256 (lowercase hex) of [`WrittenBody::text`].
    pub fn with_hash(self, body_sha256: String) -> WrittenBundle {
        WrittenBundle {
            header: header(
                self.counts,
                self.source,
                self.created_at,
                self.scope,
                &self.app_version,
                body_sha256,
            ),
            body: self.text,
        }
    }

    /// The bundle, its hash taken here.
    pub fn hashed(self) -> WrittenBundle {
        let body_sha256 = sha256_hex(self.text.as_bytes());
        self.with_hash(body_sha256)
    }
}

/// A bundle written as the text of its file: its header (to sign), and its body as text.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenBundle {
    pub header: Header,
    body: String,
}

impl WrittenBundle {
    /// The file's text: `{"header":…,"body":…}`, the body as written.
    pub fn into_text(self) -> String {
        let header = serde_json::to_string(&self.header).expect("a header serializes");
        let mut text = String::with_capacity(header.len() + self.body.len() + 20);
        text.push_str("{\"header\":");
        text.push_str(&header);
        text.push_str(",\"body\":");
        text.push_str(&self.body);
        text.push('}');
        text
    }
}

/// [`build_held`] written straight to the file's text: the body is written once, in the
/// canonical form its hash is taken over (sorted keys, no spaces), which any JSON reader reads
/// as the same body. Building wire events, then serializing them a second time for the file,
/// was most of an export (issue #19).
pub fn write_held(
    held: Vec<HeldEvent<'_>>,
    attachments: Vec<WireAttachment>,
    source: Source,
    created_at: DateTime<Utc>,
    scope: Scope,
    app_version: &str,
) -> WrittenBody {
    let (held, counts) = held_in_order(held);
    let attachments = attachments_in_order(attachments);
    let mut canonical = CanonicalBody::<Vec<u8>>::new(Vec::new());
    for attachment in &attachments {
        canonical.attachment(attachment);
    }
    for held in held {
        canonical.event_text(&EventText::of(
            held.event,
            held.link.prev_hash.as_deref(),
            Some(held.hash),
        ));
    }
    WrittenBody {
        text: String::from_utf8(canonical.finish()).expect("JSON text is UTF-8"),
        counts,
        source,
        created_at,
        scope,
        app_version: app_version.to_owned(),
        attachments: attachments.len(),
    }
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
    attachments: Vec<WireAttachment>,
    counts: BTreeMap<String, u64>,
    source: Source,
    created_at: DateTime<Utc>,
    scope: Scope,
    app_version: &str,
) -> Bundle {
    let body = Body {
        events,
        attachments: attachments_in_order(attachments),
    };
    let body_sha256 = body_sha256(&body);
    Bundle {
        header: header(counts, source, created_at, scope, app_version, body_sha256),
        body,
    }
}

/// Held events in replay order, and how many entities of each kind they touch.
fn held_in_order(mut held: Vec<HeldEvent<'_>>) -> (Vec<HeldEvent<'_>>, BTreeMap<String, u64>) {
    crate::sorting::sort_by(&mut held, |a, b| {
        a.event.order_key().cmp(&b.event.order_key())
    });
    let counts = kind_counts(held.iter().map(|held| {
        (
            entity_kind(&held.event.change),
            held.event.entity.0.as_str(),
        )
    }));
    (held, counts)
}

/// Attachments in SHA-256 order, each once, as a body carries them.
fn attachments_in_order(mut attachments: Vec<WireAttachment>) -> Vec<WireAttachment> {
    crate::sorting::sort_by(&mut attachments, |a, b| a.sha256.cmp(&b.sha256));
    attachments.dedup_by(|a, b| a.sha256 == b.sha256);
    attachments
}

/// The unsigned header of a body with `body_sha256`.
fn header(
    counts: BTreeMap<String, u64>,
    source: Source,
    created_at: DateTime<Utc>,
    scope: Scope,
    app_version: &str,
    body_sha256: String,
) -> Header {
    Header {
        format: FORMAT.into(),
        version: VERSION,
        app_version: app_version.into(),
        source,
        created_at,
        scope,
        counts,
        body_sha256,
        signature: None,
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
    /// The device itself, when the check may take an event it already holds from the file's
    /// text without decoding it: when that text is, byte for byte, what this device writes
    /// for the event (as its exports do). A second import of a file then costs a comparison
    /// per event (issue #19). `None` decodes every event.
    pub held_events: Option<&'a LocalDevice>,
}

/// A bundle that passed every check, with its events decoded.
///
/// An event the file carries exactly as this device holds it
/// ([`LocalKnowledge::held_events`]) is not decoded, nor copied from the device: its `change`
/// in `bundle.body.events` is `null`, it has no place in `events`, and its kind is in
/// `held_kinds` (issue #19: copying 125k held events and freeing them again was a sixth of a
/// second import's check). After the check, only the plan reads a wire event's change: a
/// `null` one tells it that the device holds the event, and which kind to count it under.
#[derive(Debug, Clone)]
pub struct ValidBundle {
    pub bundle: Bundle,
    /// Every event decoded, in the file's order: all but those taken as held.
    pub events: Vec<Event>,
    /// The kind of each event taken as held, in the file's order.
    pub held_kinds: Vec<&'static str>,
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

/// Whether `value` is a SHA-256 as every hash here is written: 64 lowercase hex digits.
pub fn is_hex_hash(value: &str) -> bool {
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
/// [`BundleCheck`] does the same a slice at a time.
pub fn validate(text: &str, local: &LocalKnowledge) -> Result<ValidBundle, Vec<BundleError>> {
    BundleCheck::start(text).finish(local)
}

/// The header of a cut file decoded, when it is a bundle of this format and version with
/// nothing oversized in it; `None` sends the file the long way, which names the problem.
fn header_of(text: &str) -> Option<Header> {
    let header: Value = serde_json::from_str(text).ok()?;
    if header.get("format").and_then(Value::as_str) != Some(FORMAT)
        || header.get("version").and_then(Value::as_u64) != Some(u64::from(VERSION))
    {
        return None;
    }
    let mut oversized = Vec::new();
    oversized_values(&header, &mut vec![PathStep::Key("header")], &mut oversized);
    if !oversized.is_empty() {
        return None;
    }
    serde_json::from_value(header).ok()
}

/// The id of an event written in canonical form, which ends `,"id":"…","prev_hash":null}` or
/// `,"id":"…","prev_hash":"<64 hex digits>"}`; `None` for any other ending, or an id with
/// escapes. Read from the end, without a search: only a guess to look the event up by, as the
/// whole text is then held against the held event's.
fn written_id(text: &str) -> Option<&str> {
    const LINK: &str = ",\"prev_hash\":";
    const NO_LINK: &str = ",\"prev_hash\":null}";
    let link_start = if text.ends_with(NO_LINK) {
        text.len() - NO_LINK.len()
    } else {
        text.len().checked_sub(LINK.len() + 64 + 3)?
    };
    let before_link = text.get(..link_start)?.strip_suffix('"')?;
    let id_start = before_link.rfind('"')? + 1;
    let id = &before_link[id_start..];
    (before_link[..id_start].ends_with(",\"id\":\"") && !id.contains('\\')).then_some(id)
}

/// Whether `text` may hold a number beyond JavaScript's safe integers: a run of 16 digits or
/// more after a character a number can follow (a held event has integers only). A text with
/// one is decoded, so that the number is named as before; a string that merely looks so costs
/// only the decoding.
///
/// Any 16 bytes in a row hold exactly one byte whose place is 15 past a multiple of 16, so only
/// those bytes are looked at, and the run of digits around one is measured: a byte at a time,
/// this scan was a sixth of a second import's check (issue #19).
/// `x_2_unsafe_integers_found_by_sampling_as_byte_by_byte` holds it to the plain scan.
fn has_unsafe_integer(text: &str) -> bool {
    const RUN: usize = 16;
    let bytes = text.as_bytes();
    let mut at = RUN - 1;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += RUN;
            continue;
        }
        let start = bytes[..at]
            .iter()
            .rposition(|byte| !byte.is_ascii_digit())
            .map_or(0, |before| before + 1);
        let end = bytes[at..]
            .iter()
            .position(|byte| !byte.is_ascii_digit())
            .map_or(bytes.len(), |after| at + after);
        if end - start >= RUN && start > 0 && matches!(bytes[start - 1], b':' | b',' | b'[' | b'-')
        {
            return true;
        }
        // The first sampled byte at or past the run's end (which is not a digit).
        at = (end / RUN) * RUN + RUN - 1;
    }
    false
}

/// One event of a sliced file decoded straight into its typed form, when nothing in it is
/// oversized; `None` sends the whole file the long way, which names the problem.
fn decode_plain_event(slice: &str) -> Option<WireEvent> {
    let wire: WireEvent = serde_json::from_str(slice).ok()?;
    let fits = |text: &String| text.len() <= MAX_STRING_BYTES;
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
    let mut oversized = Vec::new();
    oversized_values(
        &wire.change,
        &mut vec![PathStep::Key("change")],
        &mut oversized,
    );
    oversized.is_empty().then_some(wire)
}

/// [`decode_plain_event`] for an attachment.
fn decode_plain_attachment(slice: &str) -> Option<WireAttachment> {
    let attachment: WireAttachment = serde_json::from_str(slice).ok()?;
    let fits = |text: &String| text.len() <= MAX_STRING_BYTES;
    // `data_base64` is bounded by the file size instead, as the long way does.
    (fits(&attachment.sha256)
        && fits(&attachment.mime)
        && attachment.size <= crate::hlc::MAX_SAFE_INTEGER as u64)
        .then_some(attachment)
}

/// The whole file decoded the quick way (sliced, then each part typed), when it can be: the
/// usual file, without the `Value` tree of the whole file that [`decode_naming_problems`]
/// needs to name a problem (issue #19). Both give the same bundle for a file both accept
/// (`x_2_the_plain_decoding_accepts_only_what_the_naming_one_accepts_alike`).
#[cfg(test)]
fn decode_plain(text: &str) -> Option<Bundle> {
    let sliced = cut::cut_whole(text)?;
    let header = header_of(sliced.header)?;
    let events = sliced
        .events
        .iter()
        .map(|slice| decode_plain_event(slice))
        .collect::<Option<_>>()?;
    let attachments = sliced
        .attachments
        .iter()
        .map(|slice| decode_plain_attachment(slice))
        .collect::<Option<_>>()?;
    Some(Bundle {
        header,
        body: Body {
            events,
            attachments,
        },
    })
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

/// A bundle file checked a slice at a time, so that the page can draw and take input between
/// slices of a large import (issue #19: no task over 200 ms). It gives exactly what
/// [`validate`] gives, which is this run to the end: every step decodes and checks the next
/// attachments and events, and hashes their canonical text; [`BundleCheck::finish`] does the
/// checks that need the whole file. A file the quick decoding cannot take is decoded whole by
/// the decoding that names problems, in the step that meets the trouble.
pub struct BundleCheck<'t> {
    state: CheckState<'t>,
}

enum CheckState<'t> {
    Refused(Vec<BundleError>),
    /// The file being cut into its parts, a budget at a time, before any is checked.
    Cutting(cut::FileCut<'t>),
    Checking(Box<Checking<'t>>),
}

/// Where the parts of the body come from.
enum Parts<'t> {
    /// The file's slices, each decoded when it is reached.
    Sliced(cut::CutFile<'t>),
    /// Already decoded: the file went the long way.
    Decoded,
}

/// How far a [`BundleCheck`] has come: attachments and events checked, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckProgress {
    pub checked: usize,
    pub total: usize,
}

/// What the steps of a check keep until the end.
struct Checking<'t> {
    text: &'t str,
    header: Header,
    parts: Parts<'t>,
    /// The decoded body: whole when [`Parts::Decoded`], else up to the last slice reached.
    body: Body,
    attachments_checked: usize,
    events_checked: usize,
    canonical: CanonicalBody<BodyText<'t>>,
    events: Vec<Event>,
    held_kinds: Vec<&'static str>,
    /// The photos events refer to that neither the file nor this device has, in the events'
    /// order (every attachment is checked before the first event).
    photo_problems: Vec<BundleError>,
    /// What the events showed, in their order.
    event_problems: Vec<BundleError>,
    /// Device id → how many of its events run ahead, and the furthest.
    ahead: BTreeMap<String, (usize, i64)>,
    /// Entity kind → the entities the events touch, to hold against the header's counts. Only
    /// their number is read, so a hash set (no randomness: Fx) spares each event a search of
    /// 10k ids by comparison (issue #19).
    entities: BTreeMap<&'static str, rustc_hash::FxHashSet<String>>,
    /// What the attachments showed, in their order.
    attachment_problems: Vec<BundleError>,
    /// The photos the file carries intact.
    carried: BTreeSet<String>,
    /// The held events by id, made at the first event when the device is at hand.
    held_by_id: Option<HeldById>,
    /// The text this device writes for a held event, to hold against the file's.
    held_text: Vec<u8>,
}

/// A unit of work: how much of the file it took, as the steps' budget counts it.
enum Unit {
    Checked { bytes: usize },
    Undecodable,
    NoneLeft,
}

/// How many bytes of the file a step's cut passes for each byte a step would check: cutting
/// only follows strings and brackets, many times faster than decoding, checking and hashing.
const CUT_BYTES_PER_CHECKED_BYTE: usize = 16;

/// What an event already decoded by the long way counts against a step's budget, about the
/// length of its text.
const DECODED_EVENT_BYTES: usize = 512;

impl<'t> BundleCheck<'t> {
    /// Starts checking `text`: its size. The steps then cut it into its parts (a quick pass,
    /// taken a budget at a time too), then check them.
    pub fn start(text: &'t str) -> BundleCheck<'t> {
        if text.len() > MAX_BUNDLE_BYTES {
            return BundleCheck {
                state: CheckState::Refused(vec![BundleError::TooLarge { bytes: text.len() }]),
            };
        }
        BundleCheck {
            state: CheckState::Cutting(cut::FileCut::new(text)),
        }
    }

    /// Cuts on for one step: the cut passes [`CUT_BYTES_PER_CHECKED_BYTE`] bytes for each byte
    /// a step would check. Once cut, the file is checked from its parts, or the long way.
    fn cut_step(text: &'t str, cutting: cut::FileCut<'t>, budget_bytes: usize) -> CheckState<'t> {
        match cutting.advance(budget_bytes.saturating_mul(CUT_BYTES_PER_CHECKED_BYTE)) {
            cut::CutOutcome::Going(cutting) => CheckState::Cutting(cutting),
            cut::CutOutcome::Cut(parts) => match header_of(parts.header) {
                Some(header) => Checking::of_slices(text, header, parts),
                None => Checking::the_long_way(text),
            },
            cut::CutOutcome::NotABundleOutline => Checking::the_long_way(text),
        }
    }

    /// Checks the next attachments and events, about `budget_bytes` of the file's text, against
    /// what the device holds now. True once nothing is left for the steps (then
    /// [`BundleCheck::finish`]).
    pub fn step(&mut self, local: &LocalKnowledge, budget_bytes: usize) -> bool {
        if let CheckState::Cutting(_) = self.state {
            let CheckState::Cutting(cutting) =
                std::mem::replace(&mut self.state, CheckState::Refused(Vec::new()))
            else {
                unreachable!("matched just above");
            };
            self.state = Self::cut_step(cutting.text(), cutting, budget_bytes);
            return false;
        }
        let mut spent = 0;
        loop {
            let CheckState::Checking(checking) = &mut self.state else {
                return true;
            };
            match checking.check_next(local) {
                Unit::NoneLeft => return true,
                Unit::Checked { bytes } => spent += bytes,
                Unit::Undecodable => self.state = Checking::the_long_way(checking.text),
            }
            if spent >= budget_bytes {
                return false;
            }
        }
    }

    /// How far the steps have come.
    pub fn progress(&self) -> CheckProgress {
        match &self.state {
            CheckState::Refused(_) | CheckState::Cutting(_) => CheckProgress {
                checked: 0,
                total: 0,
            },
            CheckState::Checking(checking) => {
                let (attachments, events) = checking.totals();
                CheckProgress {
                    checked: checking.attachments_checked + checking.events_checked,
                    total: attachments + events,
                }
            }
        }
    }

    /// Takes any steps left, then the checks of the whole: body hash, signature, clocks,
    /// repeated ids, hash chains, photos and counts.
    pub fn finish(self, local: &LocalKnowledge) -> Result<ValidBundle, Vec<BundleError>> {
        self.finish_with_body_sha256(local, None)
    }

    /// The file's body text, once the first steps have cut the file: for the caller to start
    /// hashing it off the page while the steps check the events (issue #19). The hash is of
    /// use only if [`BundleCheck::body_as_written`] gives the same text at the end.
    pub fn body_text(&self) -> Option<&'t str> {
        match &self.state {
            CheckState::Checking(checking) => match &checking.parts {
                Parts::Sliced(sliced) => Some(sliced.body),
                Parts::Decoded => None,
            },
            CheckState::Refused(_) | CheckState::Cutting(_) => None,
        }
    }

    /// Once every step is taken: the file's body text, when it is the very canonical text its
    /// hash is taken over (as Estate Desk writes files), for the caller to hash with the
    /// browser's SHA-256 and hand to [`BundleCheck::finish_with_body_sha256`]. `None`: the
    /// check takes the hash itself.
    pub fn body_as_written(&self) -> Option<&'t str> {
        match &self.state {
            CheckState::Checking(checking) if checking.all_checked() => {
                checking.canonical.written_whole()
            }
            _ => None,
        }
    }

    /// [`BundleCheck::finish`], given the SHA-256 (lowercase hex) of
    /// [`BundleCheck::body_as_written`]'s text, taken by the caller. It is used only for that
    /// text; `None`, or a file whose body is not as written, is hashed here.
    pub fn finish_with_body_sha256(
        mut self,
        local: &LocalKnowledge,
        body_sha256: Option<String>,
    ) -> Result<ValidBundle, Vec<BundleError>> {
        while !self.step(local, usize::MAX) {}
        match self.state {
            CheckState::Refused(problems) => Err(problems),
            CheckState::Checking(checking) => checking.finish(local, body_sha256),
            CheckState::Cutting(_) => unreachable!("the steps above end the cut"),
        }
    }
}

impl<'t> Checking<'t> {
    fn of_slices(text: &'t str, header: Header, sliced: cut::CutFile<'t>) -> CheckState<'t> {
        let body = Body {
            events: Vec::with_capacity(sliced.events.len()),
            attachments: Vec::with_capacity(sliced.attachments.len()),
        };
        let body_text = BodyText::AsWritten {
            written: sliced.body,
            matched: 0,
        };
        Self::with_body(text, header, Parts::Sliced(sliced), body, body_text)
    }

    fn with_body(
        text: &'t str,
        header: Header,
        parts: Parts<'t>,
        body: Body,
        body_text: BodyText<'t>,
    ) -> CheckState<'t> {
        CheckState::Checking(Box::new(Checking {
            text,
            header,
            parts,
            body,
            attachments_checked: 0,
            events_checked: 0,
            canonical: CanonicalBody::new(body_text),
            events: Vec::new(),
            held_kinds: Vec::new(),
            photo_problems: Vec::new(),
            event_problems: Vec::new(),
            ahead: BTreeMap::new(),
            entities: BTreeMap::new(),
            attachment_problems: Vec::new(),
            carried: BTreeSet::new(),
            held_by_id: None,
            held_text: Vec::new(),
        }))
    }

    /// The file decoded whole through the decoding that names problems, and checked from the
    /// start.
    fn the_long_way(text: &'t str) -> CheckState<'t> {
        match decode_naming_problems(text) {
            Err(problems) => CheckState::Refused(problems),
            Ok(Bundle { header, body }) => Self::with_body(
                text,
                header,
                Parts::Decoded,
                body,
                BodyText::Hashing(sha2::Sha256::default()),
            ),
        }
    }

    /// Whether every attachment and event is checked.
    fn all_checked(&self) -> bool {
        self.totals() == (self.attachments_checked, self.events_checked)
    }

    /// How many attachments and events the file has.
    fn totals(&self) -> (usize, usize) {
        match &self.parts {
            Parts::Sliced(sliced) => (sliced.attachments.len(), sliced.events.len()),
            Parts::Decoded => (self.body.attachments.len(), self.body.events.len()),
        }
    }

    /// Decodes and checks the next attachment, or when none is left the next event.
    fn check_next(&mut self, local: &LocalKnowledge) -> Unit {
        let (attachments, events) = self.totals();
        if self.attachments_checked < attachments {
            let index = self.attachments_checked;
            let bytes = match &self.parts {
                Parts::Sliced(sliced) => {
                    let slice = sliced.attachments[index];
                    let Some(attachment) = decode_plain_attachment(slice) else {
                        return Unit::Undecodable;
                    };
                    self.body.attachments.push(attachment);
                    slice.len()
                }
                Parts::Decoded => self.body.attachments[index].data_base64.len(),
            };
            self.check_attachment(index);
            self.attachments_checked += 1;
            Unit::Checked { bytes }
        } else if self.events_checked < events {
            let index = self.events_checked;
            let bytes = match &self.parts {
                Parts::Sliced(sliced) => {
                    let slice = sliced.events[index];
                    if let Some(place) = self.held_as_written(slice, local) {
                        self.check_held_event(index, slice, place, local);
                        self.events_checked += 1;
                        return Unit::Checked { bytes: slice.len() };
                    }
                    let Some(wire) = decode_plain_event(slice) else {
                        return Unit::Undecodable;
                    };
                    self.body.events.push(wire);
                    slice.len()
                }
                Parts::Decoded => DECODED_EVENT_BYTES,
            };
            self.check_event(index, local);
            self.events_checked += 1;
            Unit::Checked { bytes }
        } else {
            Unit::NoneLeft
        }
    }

    /// A photo: its type, size and hash.
    fn check_attachment(&mut self, index: usize) {
        let attachment = &self.body.attachments[index];
        self.canonical.attachment(attachment);
        let damage = if !PHOTO_TYPES.contains(&attachment.mime.as_str()) {
            Some(AttachmentDamage::NotAPhoto {
                mime: attachment.mime.clone(),
            })
        } else {
            match attachment.bytes() {
                Ok(bytes) if bytes.len() as u64 != attachment.size => {
                    Some(AttachmentDamage::WrongSize {
                        bytes: bytes.len() as u64,
                        declared: attachment.size,
                    })
                }
                Ok(bytes) if sha256_hex(&bytes) != attachment.sha256 => {
                    Some(AttachmentDamage::HashMismatch)
                }
                Ok(_) => None,
                Err(error) => {
                    self.attachment_problems.push(error);
                    return;
                }
            }
        };
        match damage {
            Some(damage) => self
                .attachment_problems
                .push(BundleError::AttachmentCorrupt {
                    sha256: attachment.sha256.clone(),
                    damage,
                }),
            None => {
                self.carried.insert(attachment.sha256.clone());
            }
        }
    }

    /// The held event `slice` is, when it is the very text this device writes for that event
    /// (the file was exported by Estate Desk): then decoding it would give the held event, its
    /// canonical text is `slice` itself, its chain hash was checked when it was stored, and it
    /// cannot clash with the held one (issue #19). Anything else is decoded and checked in full.
    /// A text over the size limits is decoded too, so that the problem is named as before.
    fn held_as_written(&mut self, slice: &str, local: &LocalKnowledge) -> Option<usize> {
        let device = local.held_events?;
        if slice.len() > MAX_STRING_BYTES || has_unsafe_integer(slice) {
            return None;
        }
        let id = written_id(slice)?;
        let by_id = self.held_by_id.get_or_insert_with(|| device.held_by_id());
        let place = by_id.place_of(device, id)?;
        let held = device.held_at(by_id, place)?;
        self.held_text.clear();
        EventText::of(held.event, held.prev_hash, Some(held.hash)).write(&mut self.held_text);
        crate::chain::same_bytes(&self.held_text, slice.as_bytes()).then_some(place)
    }

    /// A held event found as this device writes it, at log `place`
    /// ([`Checking::held_as_written`]): the checks of [`Checking::check_event`] that a file
    /// could still fail with it (a repeated id, ids, its time, its photos), counted as the
    /// decoded event would be, without a copy of it.
    fn check_held_event(
        &mut self,
        index: usize,
        slice: &'t str,
        place: usize,
        local: &LocalKnowledge,
    ) {
        debug_assert_eq!(index, self.body.events.len());
        let device = local
            .held_events
            .expect("held_as_written found it on this device");
        let held = self
            .held_by_id
            .as_ref()
            .and_then(|by_id| device.held_at(by_id, place))
            .expect("found by held_as_written in this step");
        self.canonical.event_in_place(slice);
        self.body.events.push(WireEvent::of_held(&held));
        let event = &device.log()[place];
        let kind = self.note_entity(event);
        self.held_kinds.push(kind);
        self.note_missing_photos(event, local);
        self.check_wire_fields(index, local);
    }

    /// An event: its ids, its time, its kind, its chain hash, and whether this device or the
    /// file holds another event under its id.
    fn check_event(&mut self, index: usize, local: &LocalKnowledge) {
        self.canonical.event(&self.body.events[index]);
        self.check_wire_fields(index, local);
        let wire = &self.body.events[index];
        let problems = &mut self.event_problems;
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
                self.note_missing_photos(&event, local);
                self.note_entity(&event);
                self.events.push(event);
            }
            Err(error) => problems.push(error),
        }
    }

    /// The entity an event touches, counted against the header; the event's kind.
    fn note_entity(&mut self, event: &Event) -> &'static str {
        let kind = entity_kind(&event.change);
        let touched = self.entities.entry(kind).or_default();
        if !touched.contains(&event.entity.0) {
            touched.insert(event.entity.0.clone());
        }
        kind
    }

    /// The photos `event` refers to that neither the file nor this device has.
    fn note_missing_photos(&mut self, event: &Event, local: &LocalKnowledge) {
        for sha256 in referenced_photos(event) {
            if !self.carried.contains(&sha256) && !local.attachments.contains(&sha256) {
                self.photo_problems.push(BundleError::MissingPhoto {
                    sha256,
                    event: event.id.0.clone(),
                });
            }
        }
    }

    /// The checks of an event's wire members: its ids and its time. (An id given again is
    /// found once all are read, by [`repeated_ids`].)
    fn check_wire_fields(&mut self, index: usize, local: &LocalKnowledge) {
        let wire = &self.body.events[index];
        let problems = &mut self.event_problems;
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
                let device = wire.hlc.device.as_str();
                if !self.ahead.contains_key(device) {
                    self.ahead.insert(device.to_owned(), (0, 0));
                }
                let (count, furthest) = self.ahead.get_mut(device).expect("just inserted");
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
    }

    /// The checks of the whole file, once every part is checked: body hash, signature,
    /// clocks, repeated ids, hash chains, photos and counts.
    fn finish(
        self,
        local: &LocalKnowledge,
        body_sha256: Option<String>,
    ) -> Result<ValidBundle, Vec<BundleError>> {
        let Checking {
            header,
            body,
            canonical,
            events,
            held_kinds,
            photo_problems,
            event_problems: mut problems,
            ahead,
            entities,
            attachment_problems,
            ..
        } = self;
        if canonical.finish_hash_given(body_sha256) != header.body_sha256 {
            return Err(vec![BundleError::BodyHashMismatch]);
        }
        let signer = check_signature(&header, &local.devices).map_err(|problem| {
            vec![match problem {
                SignatureProblem::Invalid => BundleError::BadSignature,
                SignatureProblem::KeyMismatch { device } => {
                    BundleError::SignerKeyMismatch { device }
                }
                SignatureProblem::Revoked { device, at } => {
                    BundleError::SignerRevoked { device, at }
                }
                SignatureProblem::UnknownAlgorithm(algorithm) => {
                    BundleError::UnknownSignatureAlgorithm { algorithm }
                }
            }]
        })?;
        for (device, (events, by_ms)) in ahead {
            let source = &header.source;
            problems.push(BundleError::ClockAhead {
                device: if device == source.device_id {
                    source.device_name.clone()
                } else {
                    device
                },
                events,
                by_ms,
            });
        }
        problems.extend(repeated_ids(&body.events));
        check_chains(&body.events, local, &mut problems);
        problems.extend(attachment_problems);
        problems.extend(photo_problems);
        let actual: BTreeMap<String, u64> = entities
            .into_iter()
            .map(|(kind, ids)| (kind.to_owned(), ids.len() as u64))
            .collect();
        if problems.is_empty() && actual != header.counts {
            let kinds: BTreeSet<&String> = actual.keys().chain(header.counts.keys()).collect();
            for kind in kinds {
                if actual.get(kind) != header.counts.get(kind) {
                    problems.push(BundleError::CountsMismatch { kind: kind.clone() });
                }
            }
        }
        if problems.is_empty() {
            Ok(ValidBundle {
                bundle: Bundle { header, body },
                events,
                held_kinds,
                signer,
            })
        } else {
            Err(problems)
        }
    }
}

/// Each event whose id the event before it under that id carries with another hash, in the
/// file's order. Found by sorting the events' places by id (stably, so each id's events keep
/// the file's order): a map of 125k copied ids, built an event at a time, cost a tenth of the
/// check of a file the device already holds (issue #19).
fn repeated_ids(events: &[WireEvent]) -> Vec<BundleError> {
    let mut by_id: Vec<usize> = (0..events.len()).collect();
    // Unstable, with the place breaking ties: the stable order, without the shared sort's
    // indirect comparison (a tenth of a second import's finish, issue #19).
    by_id.sort_unstable_by(|a, b| events[*a].id.cmp(&events[*b].id).then(a.cmp(b)));
    let mut repeated: Vec<usize> = by_id
        .windows(2)
        .filter(|pair| {
            let (before, again) = (&events[pair[0]], &events[pair[1]]);
            before.id == again.id && before.hash != again.hash
        })
        .map(|pair| pair[1])
        .collect();
    repeated.sort_unstable();
    repeated
        .into_iter()
        .map(|index| BundleError::IdCollision {
            id: events[index].id.clone(),
        })
        .collect()
}

/// Chains: per device in HLC order, each event links to the one before; the first links to
/// nothing, to an event this device already holds, or (incremental bundles) is reported.
fn check_chains(
    wire_events: &[WireEvent],
    local: &LocalKnowledge,
    problems: &mut Vec<BundleError>,
) {
    let mut by_device: BTreeMap<&str, Vec<&WireEvent>> = BTreeMap::new();
    for wire in wire_events {
        by_device.entry(&wire.hlc.device).or_default().push(wire);
    }
    for chain in by_device.values_mut() {
        // Unstable, with the file's order breaking ties (each event is a reference into
        // `wire_events`, so their addresses are in the file's order): the stable order, without
        // the shared sort's indirect comparison on a second import's path (issue #19).
        chain.sort_unstable_by(|a, b| {
            (a.hlc.wall_ms, a.hlc.counter, &a.id)
                .cmp(&(b.hlc.wall_ms, b.hlc.counter, &b.id))
                .then_with(|| {
                    std::ptr::from_ref::<WireEvent>(*a).cmp(&std::ptr::from_ref::<WireEvent>(*b))
                })
        });
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

/// Plans the import of a valid bundle into `device` at `now`. [`ImportPlanning`] does the same
/// a slice at a time.
pub fn plan(
    valid: &ValidBundle,
    local: &LocalKnowledge,
    device: &LocalDevice,
    now: DateTime<Utc>,
) -> ImportPlan {
    ImportPlanning::default().finish(valid, local, device, now)
}

/// An import planned a slice at a time, as [`BundleCheck`] checks it (issue #19): the first
/// steps sort the next events into new and already held, and write the stored form of the new
/// ones, which took half of a 10k-case plan; the next one sorts the new events into the log
/// ([`LocalDevice::start_absorb`]), and the rest fold the merged desk a slice at a time;
/// [`ImportPlanning::finish`] makes the projections and counts what the import would change.
/// The device must not change between the steps: the caller starts again if it did.
#[derive(Debug, Default)]
pub struct ImportPlanning {
    sorted: usize,
    /// How many of the valid bundle's decoded events and held kinds the sorted events took.
    decoded_taken: usize,
    held_taken: usize,
    new_by_kind: KindCounts,
    already_present_by_kind: KindCounts,
    /// The cases the new events touch, by kind.
    new_entities: BTreeMap<&'static str, BTreeSet<EntityId>>,
    /// The photos the new events refer to.
    referenced: BTreeSet<String>,
    new_records: Vec<EventRecord>,
    new_events: Vec<Event>,
    absorb: Option<AbsorbPlanning>,
}

impl ImportPlanning {
    /// Takes the next step over about `events` events of `valid` into `device`. True once the
    /// merged desk is folded.
    pub fn step(
        &mut self,
        valid: &ValidBundle,
        local: &LocalKnowledge,
        device: &LocalDevice,
        events: usize,
    ) -> bool {
        let wire_events = &valid.bundle.body.events;
        if self.sorted < wire_events.len() {
            self.sort(valid, local, events);
            return false;
        }
        match &mut self.absorb {
            Some(absorb) => absorb.step(device, events),
            None => {
                let new_records = std::mem::take(&mut self.new_records);
                let new_events = std::mem::take(&mut self.new_events);
                self.absorb = Some(device.start_absorb(new_records, new_events));
                false
            }
        }
    }

    /// Sorts the next `events` of `valid` into new and already held.
    fn sort(&mut self, valid: &ValidBundle, local: &LocalKnowledge, events: usize) {
        let wire_events = &valid.bundle.body.events;
        let end = self.sorted.saturating_add(events).min(wire_events.len());
        for wire in &wire_events[self.sorted..end] {
            // An event the check took as held (its wire change left null, see `ValidBundle`)
            // is held by the device the check was made against, which is this one: no lookup
            // of its id among 125k (issue #19).
            let (kind, count) = if wire.change.is_null() {
                let kind = valid.held_kinds[self.held_taken];
                self.held_taken += 1;
                (kind, &mut self.already_present_by_kind)
            } else {
                let event = &valid.events[self.decoded_taken];
                self.decoded_taken += 1;
                let kind = entity_kind(&event.change);
                if local.event_hashes.contains_key(&wire.id) {
                    (kind, &mut self.already_present_by_kind)
                } else {
                    let entities = self.new_entities.entry(kind).or_default();
                    if !entities.contains(&event.entity) {
                        entities.insert(event.entity.clone());
                    }
                    self.referenced.extend(referenced_photos(event));
                    self.new_records.push(wire.record_of(event));
                    self.new_events.push(event.clone());
                    (kind, &mut self.new_by_kind)
                }
            };
            match count.get_mut(kind) {
                Some(count) => *count += 1,
                None => {
                    count.insert(kind.to_owned(), 1);
                }
            }
        }
        self.sorted = end;
    }

    /// Takes the steps left, then counts what the import would change.
    pub fn finish(
        mut self,
        valid: &ValidBundle,
        local: &LocalKnowledge,
        device: &LocalDevice,
        now: DateTime<Utc>,
    ) -> ImportPlan {
        while !self.step(valid, local, device, usize::MAX) {}
        let ImportPlanning {
            new_by_kind,
            already_present_by_kind,
            new_entities,
            referenced,
            absorb,
            ..
        } = self;
        let new_entities_by_kind: KindCounts = new_entities
            .into_iter()
            .map(|(kind, entities)| (kind.to_owned(), entities.len()))
            .collect();
        let absorb = absorb
            .expect("the last step started the absorb")
            .finish(device, now);
        // A clash counts whichever side arrives: the held event may be a local one that an
        // incoming earlier event now collides with.
        let mut conflicts_by_kind = KindCounts::new();
        // The kind of each entity of the merged tail, looked up only when a new conflict
        // needs it: a map of a 10k-case tail cost more than most imports' conflicts.
        let mut kinds: Option<BTreeMap<&EntityId, &'static str>> = None;
        let desk = absorb.desk();
        for conflict in desk.open_conflicts() {
            if !local.open_conflicts.contains(&conflict.event.0) {
                let kind = desk
                    .held_events
                    .get(&conflict.event)
                    .map(|held| entity_kind(&held.change))
                    .or_else(|| {
                        kinds
                            .get_or_insert_with(|| {
                                absorb
                                    .merged_tail()
                                    .iter()
                                    .map(|event| (&event.entity, entity_kind(&event.change)))
                                    .collect()
                            })
                            .get(&conflict.entity)
                            .copied()
                    })
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
        // Without the format's name in it, written plainly or escaped, the text cannot be an
        // envelope: a plain bundle is not parsed whole here just to find that out (a 60 MB
        // tree for 10k cases, the longest task of its import, issue #19).
        let contains =
            |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
        if !contains(ENCRYPTED_FORMAT) && !contains("\\u") {
            return None;
        }
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

    /// `text` checked in steps of `budget_bytes`: the outcome as text, and how many steps it
    /// took.
    fn checked_in_steps(
        text: &str,
        local: &LocalKnowledge,
        budget_bytes: usize,
    ) -> (String, usize) {
        let mut check = BundleCheck::start(text);
        let mut steps = 1;
        let mut checked = check.progress().checked;
        while !check.step(local, budget_bytes) {
            let progress = check.progress();
            assert!(
                progress.checked > checked || progress.checked == 0,
                "every step moves on"
            );
            assert!(progress.checked <= progress.total);
            checked = progress.checked;
            steps += 1;
        }
        (format!("{:?}", check.finish(local)), steps)
    }

    /// What a device holds that makes the sample file show problems of its own: an event id
    /// held with another hash, and a clock behind the file's.
    fn knowledge_that_clashes(text: &str) -> LocalKnowledge<'static> {
        let bundle: Bundle = serde_json::from_str(text).unwrap();
        let first = &bundle.body.events[0];
        LocalKnowledge {
            event_hashes: Cow::Owned(BTreeMap::from([(first.id.clone(), "0".repeat(64))])),
            now: Some(crate::sample::start() - chrono::Duration::days(30)),
            ..LocalKnowledge::default()
        }
    }

    /// Issue #19: a file checked a slice at a time gives exactly what checking it at once
    /// gives: the good file, every bad file of the corpus, and the good file against a device
    /// it clashes with; and a small budget does take many steps.
    #[test]
    fn x_2_a_bundle_checked_in_slices_is_checked_as_a_whole() {
        let text = sample_text();
        let plain = LocalKnowledge::default();
        let clashing = knowledge_that_clashes(&text);
        for local in [&plain, &clashing] {
            let whole = format!("{:?}", validate(&text, local));
            let (sliced, steps) = checked_in_steps(&text, local, 1);
            assert_eq!(sliced, whole);
            assert!(steps > 10, "one event a step: {steps} steps");
        }
        assert!(validate(&text, &plain).is_ok());
        assert!(validate(&text, &clashing).is_err());
        let corpus = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/bad-bundles"
        );
        let mut refused = 0;
        for entry in std::fs::read_dir(corpus).unwrap() {
            let bad = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let whole = validate(&bad, &plain);
            refused += usize::from(whole.is_err());
            assert_eq!(checked_in_steps(&bad, &plain, 1).0, format!("{whole:?}"));
        }
        assert!(refused > 10, "the corpus is there");
    }

    /// A chain whose events tie on clock and id (an id given again with another hash) is
    /// walked in the file's order: the event after the pair must link to the second of them.
    /// Here it links to the first, so it is the one reported as breaking the chain; read the
    /// other way round, it would have linked and the report would name one problem fewer.
    #[test]
    fn x_2_events_tied_in_a_chain_are_walked_in_the_files_order() {
        let mut bundle: Bundle = serde_json::from_str(&sample_text()).unwrap();
        let first = bundle.body.events[1].clone();
        let next = bundle
            .body
            .events
            .iter()
            .find(|wire| wire.prev_hash.as_deref() == Some(first.hash.as_str()))
            .expect("an event links to it")
            .clone();
        let mut again = first.clone();
        again.hash = "f".repeat(64);
        bundle.body.events.insert(2, again);
        bundle.header.body_sha256 = body_sha256(&bundle.body);
        let text = serde_json::to_string(&bundle).unwrap();
        let problems = validate(&text, &LocalKnowledge::default()).unwrap_err();
        let broken = |id: &str| BundleError::ChainBroken {
            device: next.hlc.device.clone(),
            id: id.to_owned(),
        };
        assert!(problems.contains(&broken(&next.id)), "{problems:?}");
        assert!(problems.contains(&broken(&first.id)), "{problems:?}");
    }

    /// An event id given three times, the middle one with another hash: each change of hash
    /// along the file is a collision, as the check at once has always counted them.
    #[test]
    fn x_2_an_id_given_again_with_another_hash_is_a_collision_each_time() {
        let mut bundle: Bundle = serde_json::from_str(&sample_text()).unwrap();
        let repeated = bundle.body.events[1].clone();
        let mut changed = repeated.clone();
        changed.hash = "f".repeat(64);
        bundle.body.events.splice(2..2, [changed, repeated.clone()]);
        bundle.header.body_sha256 = body_sha256(&bundle.body);
        let text = serde_json::to_string(&bundle).unwrap();
        let problems = validate(&text, &LocalKnowledge::default()).unwrap_err();
        let collisions = problems
            .iter()
            .filter(|problem| {
                **problem
                    == BundleError::IdCollision {
                        id: repeated.id.clone(),
                    }
            })
            .count();
        assert_eq!(collisions, 2, "{problems:?}");
        assert_eq!(
            checked_in_steps(&text, &LocalKnowledge::default(), 1).0,
            format!("{:?}", Err::<(), _>(problems))
        );
    }

    proptest! {
        /// Issue #19: any damage to one byte, any step size: the same outcome as at once.
        #[test]
        fn x_2_damaged_files_checked_in_slices_are_checked_as_a_whole(
            at in 0usize..10_000,
            byte in any::<u8>(),
            budget_bytes in 1usize..4_000,
        ) {
            let mut bytes = sample_text().into_bytes();
            let at = at % bytes.len();
            bytes[at] = byte;
            if let Ok(text) = String::from_utf8(bytes) {
                let local = LocalKnowledge::default();
                prop_assert_eq!(
                    checked_in_steps(&text, &local, budget_bytes).0,
                    format!("{:?}", validate(&text, &local))
                );
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
        // The format's name spelled with an escape is still the format's name.
        let escaped = text.replacen("estate-desk-encrypted", "\\u0065state-desk-encrypted", 1);
        assert_ne!(escaped, text);
        assert!(matches!(EncryptedEnvelope::parse(&escaped), Some(Ok(_))));
        assert_eq!(EncryptedEnvelope::parse(&sample_text()), None);
    }

    impl CanonicalSink for Vec<Vec<u8>> {
        fn take(&mut self, piece: &[u8]) {
            self.push(piece.to_vec());
        }
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
        let mut canonical = CanonicalBody::<Vec<Vec<u8>>>::new(Vec::new());
        for attachment in &built.body.attachments {
            canonical.attachment(attachment);
        }
        for wire in &built.body.events {
            canonical.event(wire);
        }
        let pieces = canonical.finish();
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

    /// Issue #19: a file whose body is the canonical text its hash is taken over (as Estate
    /// Desk writes it) hands its body text to the caller to hash; the hash given is the one
    /// checked. A body in another member order is hashed here, as before; one changed under
    /// the header's hash is refused either way.
    #[test]
    fn x_2_a_body_as_written_is_hashed_by_the_caller() {
        let office = crate::sample::office(4, 2);
        let holder = LocalDevice::load(
            crate::hlc::DeviceId("office".into()),
            &crate::record::chain_records(office.log()),
        )
        .unwrap();
        let source = Source {
            device_id: "bench".into(),
            device_name: "样例".into(),
            person: "王芳".into(),
        };
        let written = write_held(
            holder.held_events(0..u64::MAX),
            Vec::new(),
            source,
            crate::sample::start(),
            Scope::Full,
            "0.1.0",
        );
        let body = written.text().to_owned();
        let text = written.hashed().into_text();
        let checked = || {
            let mut check = BundleCheck::start(&text);
            while !check.step(&LocalKnowledge::default(), 4096) {}
            check
        };
        assert_eq!(checked().body_as_written(), Some(body.as_str()));
        let mut cut = BundleCheck::start(&text);
        assert_eq!(cut.body_text(), None, "not cut yet");
        while cut.body_text().is_none() {
            assert!(
                !cut.step(&LocalKnowledge::default(), 64),
                "cut before the last step"
            );
        }
        assert_eq!(cut.body_text(), Some(body.as_str()));
        let valid = checked()
            .finish_with_body_sha256(
                &LocalKnowledge::default(),
                Some(sha256_hex(body.as_bytes())),
            )
            .expect("the hash given is the body's");
        assert_eq!(valid.events.len(), office.log().len());
        assert!(checked().finish(&LocalKnowledge::default()).is_ok());
        assert_eq!(
            checked()
                .finish_with_body_sha256(&LocalKnowledge::default(), Some("0".repeat(64)))
                .unwrap_err(),
            vec![BundleError::BodyHashMismatch]
        );

        let reordered =
            serde_json::to_string(&serde_json::from_str::<Bundle>(&text).unwrap()).unwrap();
        let mut check = BundleCheck::start(&reordered);
        while !check.step(&LocalKnowledge::default(), 4096) {}
        assert!(check.body_as_written().is_none(), "another member order");
        assert!(check.finish(&LocalKnowledge::default()).is_ok());

        // Still canonical, but not the body the header's hash was taken over.
        let changed = text.replacen("13800000000", "13900000000", 1);
        let mut check = BundleCheck::start(&changed);
        while !check.step(&LocalKnowledge::default(), 4096) {}
        let changed_body = check.body_as_written().expect("canonical still");
        let changed_hash = sha256_hex(changed_body.as_bytes());
        assert_eq!(
            check
                .finish_with_body_sha256(&LocalKnowledge::default(), Some(changed_hash))
                .unwrap_err(),
            vec![BundleError::BodyHashMismatch]
        );
    }

    /// Issue #19: the guess of a canonical event text's id, and the numbers that send a held
    /// event's text to the decoding that names them.
    #[test]
    fn x_2_written_ids_and_unsafe_integers_are_found_in_event_text() {
        let written = r#"{"actor":{"device":"d"},"change":{"id":"inner"},"entity":"e","hlc":{"counter":0},"id":"evt-1","prev_hash":null}"#;
        assert_eq!(written_id(written), Some("evt-1"));
        let linked = format!(
            r#"{{"entity":"e","id":"evt-2","prev_hash":"{}"}}"#,
            "a".repeat(64)
        );
        assert_eq!(written_id(&linked), Some("evt-2"));
        assert_eq!(written_id(r#"{"id":"evt-1"}"#), None);
        assert_eq!(written_id(r#"{"e":1,"id":"e\"vt","prev_hash":null}"#), None);
        for unsafe_text in [
            r#"{"a":12345678901234567}"#,
            r#"{"a":-9007199254740993}"#,
            r#"{"a":[1,9007199254740993]}"#,
        ] {
            assert!(has_unsafe_integer(unsafe_text), "{unsafe_text}");
        }
        for safe_text in [
            r#"{"a":123456789012345}"#,
            r#"{"a":"x12345678901234567"}"#,
            r#"{"hash":"12345678901234567890abcdef"}"#,
            r#"{"a":[1,2]}"#,
        ] {
            assert!(!has_unsafe_integer(safe_text), "{safe_text}");
        }
    }

    /// [`has_unsafe_integer`] as first written: every byte looked at.
    fn has_unsafe_integer_byte_by_byte(text: &str) -> bool {
        let mut digits = 0;
        let mut before_digits = b'"';
        for &byte in text.as_bytes() {
            if byte.is_ascii_digit() {
                digits += 1;
                if digits >= 16 && matches!(before_digits, b':' | b',' | b'[' | b'-') {
                    return true;
                }
            } else {
                digits = 0;
                before_digits = byte;
            }
        }
        false
    }

    proptest! {
        /// Issue #19: looking at one byte in 16 finds a long number wherever it starts and
        /// ends, as looking at every byte does.
        #[test]
        fn x_2_unsafe_integers_found_by_sampling_as_byte_by_byte(
            text in "[0-9:,\\[\\-\"a]{0,80}",
            runs in proptest::collection::vec((0..80usize, 10..40usize, prop::sample::select(vec![':', ',', '[', '-', '"', 'a'])), 0..3),
        ) {
            let mut text = text;
            for (at, length, before) in runs {
                let at = at.min(text.len());
                let run: String = std::iter::once(before).chain("1234567890".chars().cycle().take(length)).collect();
                text.insert_str(at, &run);
            }
            prop_assert_eq!(has_unsafe_integer(&text), has_unsafe_integer_byte_by_byte(&text), "{}", text);
        }
    }

    /// Issue #19: a number of 15 to 17 digits, at every place among 48 bytes, is found by
    /// sampling exactly when the plain scan finds it.
    #[test]
    fn x_2_unsafe_integers_found_by_sampling_wherever_they_stand() {
        for length in 15..=17 {
            for at in 0..48 {
                for before in [':', 'a'] {
                    let mut text = "a".repeat(48);
                    let run: String = std::iter::once(before)
                        .chain("1234567890".chars().cycle().take(length))
                        .collect();
                    text.insert_str(at, &run);
                    assert_eq!(
                        has_unsafe_integer(&text),
                        length >= 16 && before == ':',
                        "{text}"
                    );
                    assert_eq!(
                        has_unsafe_integer(&text),
                        has_unsafe_integer_byte_by_byte(&text)
                    );
                }
            }
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
