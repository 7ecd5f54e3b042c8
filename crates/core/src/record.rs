//! Stored records: the versioned wire form of events and projections in the browser's
//! database. They are kept apart from the domain types, and older versions are upgraded by
//! pure functions here, so a device that has stored data for years still opens it.
//!
//! Versions of the event record:
//! - v1: the bare event JSON (`id`, `entity`, `hlc`, `actor`, `change`), with no envelope.
//! - v2: an envelope with the indexable fields beside the event: `v`, `id`, `entity`,
//!   `entity_kind`, `hlc_key` (sortable), `event` (the event as JSON text), and the device hash
//!   chain: `prev_hash` and `hash` (see [`crate::chain`]). Upgrading v1 records chains each
//!   device's upgraded events in HLC order.
//! - v3: a pack ([`EventPack`]): several v2 records as one stored object. The browser's cost of
//!   writing is per object far more than per byte, so a commit's events are written in packs
//!   (issue #19). v2 records are still read: a database keeps the ones it has.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use std::collections::BTreeMap;

use crate::chain::chain_hash;
use crate::deadline::Deadline;
use crate::desk::Desk;
use crate::event::{Change, EntityId, Event};
use crate::hlc::Hlc;

/// The event record version this build writes.
pub const EVENT_RECORD_VERSION: u32 = 2;
/// The version of a stored pack of event records ([`EventPack`]). The records inside are
/// [`EVENT_RECORD_VERSION`].
pub const EVENT_PACK_VERSION: u32 = 3;
/// The most text a pack holds: well under the 64 kB above which Chromium moves a stored value
/// out of its database into a file of its own.
pub const PACK_TEXT_BYTES: usize = 48 * 1024;
/// The most records a pack holds, however small they are: opening decodes a pack at once.
pub const PACK_RECORDS: usize = 100;
/// The projection record version this build writes. Projections are rebuilt from events, so
/// an old version is simply recomputed.
pub const ENTITY_RECORD_VERSION: u32 = 1;

/// Why a stored record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// Written by a newer version of the app.
    FromTheFuture { version: u32 },
    /// Not a record of any version this build knows.
    Malformed { detail: String },
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::FromTheFuture { version } => write!(
                f,
                "the record has version {version}, newer than this app ({EVENT_RECORD_VERSION}): update the app"
            ),
            RecordError::Malformed { detail } => write!(f, "the record is malformed: {detail}"),
        }
    }
}

/// A stored event, current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EventRecord {
    pub v: u32,
    pub id: String,
    pub entity: String,
    pub entity_kind: String,
    /// Sorts like the HLC: the store's replay order index.
    pub hlc_key: String,
    /// The event as JSON text. Written with every character outside ASCII escaped
    /// ([`ascii_json`]); records written before that hold it unescaped, and both read the same.
    pub event: String,
    /// The hash of the same device's previous event; `None` for its first.
    pub prev_hash: Option<String>,
    /// The chain hash of this event (see [`crate::chain::chain_hash`]).
    pub hash: String,
    /// The order in which this device stored its events (its own and imported ones), so an
    /// export "since the last one to a peer" misses nothing that arrived late. Local only: not
    /// part of the hash, not exported.
    #[serde(default)]
    pub arrival: u64,
}

/// Several event records stored as one object (v3).
///
/// Writing a 10k-case office's 125k events as one object each took IndexedDB about 17 s, and
/// as packs of about 50 about 1 s, in the same page: the browser's work is per object (issue
/// #19). A pack is written once, by the commit that stores its events, and never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EventPack {
    pub v: u32,
    /// `["pack", the first record's id]`. IndexedDB sorts an array key after every string, so
    /// a pack's key is never an event's id, and every v1 or v2 record is read before the
    /// first pack.
    pub id: (String, String),
    /// How many records `records` holds: opening sizes its progress without decoding them.
    pub count: u32,
    /// The records, as the JSON text of an array of current-version [`EventRecord`]s.
    pub records: String,
}

/// The first member of every pack's key.
pub const PACK_KEY_TAG: &str = "pack";

impl EventPack {
    /// The records inside, each checked to hold a readable event, like a v2 record's upgrade.
    pub fn records(&self) -> Result<Vec<EventRecord>, RecordError> {
        let records: Vec<EventRecord> =
            serde_json::from_str(&self.records).map_err(|error| RecordError::Malformed {
                detail: format!("event pack {}: {error}", self.id.1),
            })?;
        if records.len() != self.count as usize {
            return Err(RecordError::Malformed {
                detail: format!(
                    "event pack {} says {} records and holds {}",
                    self.id.1,
                    self.count,
                    records.len()
                ),
            });
        }
        if let Some(newer) = records
            .iter()
            .find(|record| record.v > EVENT_RECORD_VERSION)
        {
            return Err(RecordError::FromTheFuture { version: newer.v });
        }
        Ok(records)
    }
}

/// `records` in packs of at most [`PACK_TEXT_BYTES`] of text (a record larger than that gets a
/// pack of its own) and at most [`PACK_RECORDS`] records, in the order given.
pub fn pack_event_records(records: &[EventRecord]) -> Vec<EventPack> {
    let close = |(first_id, mut text, count): (String, String, u32)| {
        text.push(']');
        EventPack {
            v: EVENT_PACK_VERSION,
            id: (PACK_KEY_TAG.to_owned(), first_id),
            count,
            records: text,
        }
    };
    let mut packs = Vec::new();
    // The open pack: its first record's id, its text so far, its record count.
    let mut open: Option<(String, String, u32)> = None;
    for record in records {
        let one = serde_json::to_string(record).expect("records serialize to JSON");
        let full = open.as_ref().is_some_and(|(_, text, count)| {
            *count as usize == PACK_RECORDS || text.len() + 1 + one.len() + 1 > PACK_TEXT_BYTES
        });
        if full {
            packs.extend(open.take().map(close));
        }
        let (_, text, count) = open.get_or_insert_with(|| (record.id.clone(), String::new(), 0));
        text.push(if *count == 0 { '[' } else { ',' });
        text.push_str(&one);
        *count += 1;
    }
    packs.extend(open.map(close));
    packs
}

/// JSON text of `value` with every character outside ASCII written as a `\u` escape.
///
/// The browser keeps a string that is all ASCII in one byte a character, and any other in
/// two: a stored event with one Chinese name in it took twice its length on disk. Escaped,
/// the 10k-case sample office's events take 93 MB in IndexedDB instead of 174 MB, and are
/// written faster (issue #19). The text reads back to the same value.
pub fn ascii_json(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).expect("records serialize to JSON");
    if text.is_ascii() {
        return text;
    }
    // JSON's own syntax is ASCII, so a character outside it is inside a string, where its
    // escape means the same. Escaping the written text keeps to serde_json's one serializer
    // instead of instantiating a second one for every type written.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut escaped = String::with_capacity(text.len() + text.len() / 2);
    for character in text.chars() {
        if character.is_ascii() {
            escaped.push(character);
            continue;
        }
        let mut units = [0u16; 2];
        for &unit in character.encode_utf16(&mut units).iter() {
            escaped.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                escaped.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
            }
        }
    }
    escaped
}

/// The sortable text form of an HLC: fixed-width wall time and counter, then the device.
pub fn hlc_key(hlc: &Hlc) -> String {
    // Wall times before 1970 do not occur; clamp so the key stays sortable.
    format!(
        "{:016}.{:010}.{}",
        hlc.wall_ms.max(0),
        hlc.counter,
        hlc.device.0
    )
}

/// The kind tag of a change, as the stores index it.
pub fn entity_kind(change: &Change) -> &'static str {
    match change {
        Change::Renovation(_) => "renovation",
        Change::Feedback(_) => "feedback",
        Change::Patrol(_) => "patrol",
        Change::Rectification(_) => "rectification",
        Change::ConflictReviewed { .. } => "conflict_reviewed",
        Change::Policy(_) => "policy",
        Change::Calendar(_) => "calendar",
        Change::CalendarYear(_) => "calendar_year",
        Change::Staff(_) => "staff",
        Change::Device(_) => "device",
    }
}

impl EventRecord {
    /// The stored form of `event`, linked to its device's previous event.
    pub fn chained(event: &Event, prev_hash: Option<&str>) -> EventRecord {
        EventRecord::with_hash(event, prev_hash, chain_hash(event, prev_hash))
    }

    /// [`EventRecord::chained`] with a chain hash already checked (an imported event's): the
    /// import no longer hashes every event twice (issue #19).
    pub fn with_hash(event: &Event, prev_hash: Option<&str>, hash: String) -> EventRecord {
        EventRecord {
            v: EVENT_RECORD_VERSION,
            id: event.id.0.clone(),
            entity: event.entity.0.clone(),
            entity_kind: entity_kind(&event.change).to_owned(),
            hlc_key: hlc_key(&event.hlc),
            event: ascii_json(event),
            prev_hash: prev_hash.map(str::to_owned),
            hash,
            arrival: 0,
        }
    }

    /// The domain event inside.
    pub fn to_event(&self) -> Result<Event, RecordError> {
        serde_json::from_str(&self.event).map_err(|error| RecordError::Malformed {
            detail: error.to_string(),
        })
    }
}

/// Chains `events` per device in HLC order, as new records (fixtures, tests, upgrades).
pub fn chain_records(events: &[Event]) -> Vec<EventRecord> {
    let mut ordered: Vec<&Event> = events.iter().collect();
    crate::sorting::sort_by(&mut ordered, |a, b| a.order_key().cmp(&b.order_key()));
    let mut heads: BTreeMap<&str, String> = BTreeMap::new();
    ordered
        .into_iter()
        .enumerate()
        .map(|(arrival, event)| {
            let mut record = EventRecord::chained(
                event,
                heads.get(event.hlc.device.0.as_str()).map(String::as_str),
            );
            record.arrival = arrival as u64;
            heads.insert(&event.hlc.device.0, record.hash.clone());
            record
        })
        .collect()
}

fn version_of(stored: &Value) -> Result<u32, RecordError> {
    match stored.get("v") {
        None => Ok(1),
        Some(v) => v
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| RecordError::Malformed {
                detail: "v is not a number".into(),
            }),
    }
}

/// Upgrades stored event records of any known version to the current one. Pure: the same input
/// always gives the same records, so an interrupted migration can simply run again. v1 records
/// (the bare event JSON) are wrapped and chained per device in HLC order; a v3 pack gives the
/// records it holds.
pub fn upgrade_event_records(stored: Vec<Value>) -> Result<Vec<EventRecord>, RecordError> {
    let mut current = Vec::new();
    let mut bare = Vec::new();
    for value in stored {
        match version_of(&value)? {
            // Read back from text, not from the `Value`: a second copy of every change's
            // decoding (one per deserializer) is about 100 kB of the wasm, for records
            // upgraded once (issue #19).
            1 => bare.push(
                serde_json::from_str::<Event>(&value.to_string()).map_err(|error| {
                    RecordError::Malformed {
                        detail: format!("v1 event: {error}"),
                    }
                })?,
            ),
            EVENT_RECORD_VERSION => {
                let record: EventRecord =
                    serde_json::from_value(value).map_err(|error| RecordError::Malformed {
                        detail: error.to_string(),
                    })?;
                record.to_event()?;
                current.push(record);
            }
            EVENT_PACK_VERSION => {
                let pack: EventPack =
                    serde_json::from_value(value).map_err(|error| RecordError::Malformed {
                        detail: format!("event pack: {error}"),
                    })?;
                for record in pack.records()? {
                    record.to_event()?;
                    current.push(record);
                }
            }
            newer if newer > EVENT_PACK_VERSION => {
                return Err(RecordError::FromTheFuture { version: newer })
            }
            unknown => {
                return Err(RecordError::Malformed {
                    detail: format!("unknown version {unknown}"),
                })
            }
        }
    }
    current.extend(chain_records(&bare));
    Ok(current)
}

/// A projection of one entity, for fast lists without a replay: indexed by kind and status, by
/// unit, and by next deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EntityRecord {
    pub v: u32,
    pub id: String,
    pub kind: String,
    pub status: String,
    /// `building-unit-room`, empty when the entity has no unit.
    pub unit: String,
    /// Milliseconds since the epoch of the earliest open deadline, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_deadline: Option<i64>,
    /// One line for lists: the resident or what happened.
    pub title: String,
    /// Whether a conflict on this entity waits for review.
    pub needs_review: bool,
}

fn earliest(deadlines: Vec<Deadline>) -> Option<i64> {
    deadlines
        .iter()
        .map(|deadline| deadline.due.timestamp_millis())
        .min()
}

/// The projection of `entity` in `desk` at `now`, or `None` for entities without one
/// (policy, calendar, reviews).
pub fn project(desk: &Desk, entity: &EntityId, now: DateTime<Utc>) -> Option<EntityRecord> {
    let needs_review = desk
        .open_conflicts()
        .any(|conflict| conflict.entity == *entity);
    let record =
        |kind: &str, status: &str, unit: String, next_deadline, title: String| EntityRecord {
            v: ENTITY_RECORD_VERSION,
            id: entity.0.clone(),
            kind: kind.to_owned(),
            status: status.to_owned(),
            unit,
            next_deadline,
            title,
            needs_review,
        };
    if let Some(case) = desk.renovations.get(entity) {
        let unit = case
            .unit
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let title = case
            .resident
            .as_ref()
            .map(|resident| resident.name.clone())
            .unwrap_or_default();
        let deadline = earliest(case.deadlines(now, desk.rules()));
        return Some(record(
            "renovation",
            case.status.name(),
            unit,
            deadline,
            title,
        ));
    }
    if let Some(case) = desk.feedback.get(entity) {
        let unit = case
            .unit
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let deadline = earliest(case.deadlines(now, desk.rules()));
        return Some(record(
            "feedback",
            case.status.name(),
            unit,
            deadline,
            case.what.clone(),
        ));
    }
    if let Some(ticket) = desk.rectifications.get(entity) {
        let deadline = earliest(ticket.deadlines(now, desk.rules()));
        return Some(record(
            "rectification",
            ticket.status.name(),
            String::new(),
            deadline,
            ticket.note.clone(),
        ));
    }
    if let Some(patrol) = desk.patrols.get(entity) {
        return Some(record(
            "patrol",
            "recorded",
            String::new(),
            None,
            patrol.inspector.clone(),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::{Channel, FeedbackChange, FeedbackKind};
    use crate::party::{Occupancy, Resident, UnitRef};
    use crate::role::Role;
    use crate::scenario::Scenario;

    fn sample_events() -> (Scenario, Vec<Event>) {
        let mut device = Scenario::new("desk-pc");
        let desk = device.actor("王芳", Role::FrontDesk);
        let now = DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let events = device
            .run(
                &desk,
                "fb-1",
                Change::Feedback(FeedbackChange::Received {
                    kind: FeedbackKind::Complaint,
                    channel: Channel::Phone,
                    resident: Resident {
                        name: "<script>alert(1)</script>".into(),
                        occupancy: Occupancy::Owner,
                        phone: "1".into(),
                    },
                    unit: UnitRef::new("1", "2", "303"),
                    what: "电梯故障".into(),
                    happened_at: None,
                    acknowledged: true,
                    number: None,
                }),
                now,
            )
            .unwrap();
        (device, events)
    }

    #[test]
    fn records_round_trip_the_event() {
        let (_, events) = sample_events();
        let record = EventRecord::chained(&events[0], None);
        assert_eq!(record.entity_kind, "feedback");
        assert_eq!(record.to_event().unwrap(), events[0]);
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(upgrade_event_records(vec![json]).unwrap(), vec![record]);
    }

    /// Stored event text is all ASCII (the browser keeps it in one byte a character) and
    /// reads back as the event; a record written before, unescaped, reads the same.
    #[test]
    fn x_1_stored_event_text_is_ascii_and_reads_back_the_event() {
        let (_, events) = sample_events();
        let office = crate::sample::office(30, 4);
        for event in events.iter().chain(office.log()) {
            let record = EventRecord::chained(event, None);
            assert!(record.event.is_ascii(), "{}", record.event);
            assert_eq!(record.to_event().unwrap(), *event);
            let unescaped = EventRecord {
                event: serde_json::to_string(event).unwrap(),
                ..record.clone()
            };
            assert_eq!(unescaped.to_event().unwrap(), *event);
        }
        let received = EventRecord::chained(&events[0], None);
        assert!(received.event.contains(r"\u7535\u68af"), "电梯 escaped");
        assert!(!received.event.contains("电梯"));
    }

    proptest::proptest! {
        /// Any text, as a member name or a string value (quotes, controls, characters
        /// beyond the Basic Multilingual Plane as surrogate pairs), reads back as written.
        #[test]
        fn x_1_ascii_json_reads_back_any_text(text in ".*", other in "\\PC*") {
            let value = serde_json::json!({ text.clone(): [text.clone(), other.clone()], "n": 1 });
            let escaped = ascii_json(&value);
            proptest::prop_assert!(escaped.is_ascii());
            proptest::prop_assert_eq!(serde_json::from_str::<Value>(&escaped).unwrap(), value);
        }
    }

    /// A v1 fixture (the bare event JSON, as the first version stored it) upgrades to v2.
    #[test]
    fn v1_fixture_upgrades_to_the_current_version() {
        let fixture = include_str!("../tests/fixtures/event-record-v1.json");
        let stored: Vec<Value> = serde_json::from_str(fixture).unwrap();
        assert!(!stored.is_empty());
        let upgraded = upgrade_event_records(stored.clone()).unwrap();
        assert_eq!(upgraded.len(), stored.len());
        let mut previous: Option<String> = None;
        for (record, original) in upgraded.iter().zip(&stored) {
            let original: Event = serde_json::from_value(original.clone()).unwrap();
            assert_eq!(record.v, EVENT_RECORD_VERSION);
            assert_eq!(record.id, original.id.0);
            assert_eq!(record.hlc_key, hlc_key(&original.hlc));
            assert_eq!(record.to_event().unwrap(), original);
            // One device: each record links to the one before.
            assert_eq!(record.prev_hash, previous);
            assert_eq!(record.hash, chain_hash(&original, previous.as_deref()));
            previous = Some(record.hash.clone());
        }
        assert_eq!(
            upgrade_event_records(
                upgraded
                    .iter()
                    .map(|r| serde_json::to_value(r).unwrap())
                    .collect()
            )
            .unwrap(),
            upgraded,
            "upgrading again changes nothing"
        );
    }

    /// Issue #19: a commit's records are written in packs. Every record comes back from its
    /// packs once, in order; no pack is over its bounds unless one record alone is; a pack
    /// reads back through the upgrade like any stored record.
    #[test]
    fn x_1_packed_records_read_back_whole_and_in_order() {
        let office = crate::sample::office(120, 4);
        let mut records = chain_records(office.log());
        // One record far larger than a pack's text.
        records[7].event = ascii_json(&"长".repeat(PACK_TEXT_BYTES));
        let packs = pack_event_records(&records);
        assert!(packs.len() > 10, "{} packs", packs.len());
        let mut unpacked = Vec::new();
        for pack in &packs {
            assert_eq!(pack.v, EVENT_PACK_VERSION);
            let inside = pack.records().unwrap();
            assert_eq!(pack.id, (PACK_KEY_TAG.to_owned(), inside[0].id.clone()));
            assert!(inside.len() <= PACK_RECORDS);
            assert!(
                pack.records.len() <= PACK_TEXT_BYTES || inside.len() == 1,
                "{} bytes in {} records",
                pack.records.len(),
                inside.len()
            );
            unpacked.extend(inside);
        }
        assert_eq!(unpacked, records);
        let full = packs.iter().filter(|pack| pack.count > 1);
        assert!(
            full.map(|pack| pack.records.len()).max().unwrap() > PACK_TEXT_BYTES * 3 / 4,
            "packs are filled, not cut at every record"
        );
        // Through the upgrade, each record's event is read too: the oversized one above is not
        // an event, so the office as it is.
        records = chain_records(office.log());
        let stored = pack_event_records(&records)
            .iter()
            .map(|pack| serde_json::to_value(pack).unwrap())
            .collect::<Vec<_>>();
        assert_eq!(stored[0]["id"], serde_json::json!(["pack", records[0].id]));
        assert_eq!(upgrade_event_records(stored).unwrap(), records);
        assert!(pack_event_records(&[]).is_empty());
    }

    #[test]
    fn x_1_a_damaged_or_newer_pack_is_named() {
        let records = chain_records(crate::sample::office(3, 1).log());
        let pack = pack_event_records(&records).remove(0);
        let miscounted = EventPack {
            count: pack.count + 1,
            ..pack.clone()
        };
        assert!(matches!(
            miscounted.records(),
            Err(RecordError::Malformed { detail }) if detail.contains("says")
        ));
        let cut = EventPack {
            records: pack.records[..pack.records.len() / 2].to_owned(),
            ..pack.clone()
        };
        assert!(matches!(cut.records(), Err(RecordError::Malformed { .. })));
        let mut newer = records.clone();
        newer[0].v = EVENT_RECORD_VERSION + 5;
        let newer = pack_event_records(&newer).remove(0);
        assert_eq!(
            newer.records(),
            Err(RecordError::FromTheFuture {
                version: EVENT_RECORD_VERSION + 5
            })
        );
    }

    #[test]
    fn future_and_malformed_records_are_named() {
        let future = serde_json::json!({"v": 99, "id": "x"});
        assert_eq!(
            upgrade_event_records(vec![future]),
            Err(RecordError::FromTheFuture { version: 99 })
        );
        let garbage = serde_json::json!({"v": 2, "id": 5});
        assert!(matches!(
            upgrade_event_records(vec![garbage]),
            Err(RecordError::Malformed { .. })
        ));
    }

    #[test]
    fn hlc_keys_sort_like_hlcs() {
        use crate::hlc::DeviceId;
        let stamp = |wall_ms, counter, device: &str| Hlc {
            wall_ms,
            counter,
            device: DeviceId(device.into()),
        };
        let mut stamps = [
            stamp(2_000, 0, "a"),
            stamp(1_000, 12, "b"),
            stamp(1_000, 2, "c"),
            stamp(1_000, 2, "a"),
        ];
        let mut keys: Vec<_> = stamps.iter().map(hlc_key).collect();
        crate::sorting::sort(&mut stamps);
        crate::sorting::sort(&mut keys);
        assert_eq!(keys, stamps.iter().map(hlc_key).collect::<Vec<_>>());
    }

    #[test]
    fn projections_carry_status_unit_and_next_deadline() {
        let (device, _) = sample_events();
        let now = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let record = project(device.desk(), &EntityId("fb-1".into()), now).unwrap();
        assert_eq!(
            (
                record.kind.as_str(),
                record.status.as_str(),
                record.unit.as_str()
            ),
            ("feedback", "received", "1-2-303")
        );
        let due = DateTime::parse_from_rfc3339("2026-03-03T09:00:00+08:00")
            .unwrap()
            .timestamp_millis();
        assert_eq!(record.next_deadline, Some(due));
        assert!(project(device.desk(), &EntityId("nothing".into()), now).is_none());
    }
}
