//! Tamper evidence: each device's events form a hash chain. Every event carries the SHA-256 of
//! that device's previous event, and its own hash covers its content and that link, so an edited
//! or removed event breaks the chain wherever the events travel.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::event::Event;

/// JSON in canonical form (RFC 8785 for the values Estate Desk writes: object keys sorted, no
/// whitespace; there are no floating-point numbers). Hashes are taken over this text, so any
/// tool that canonicalizes the same way gets the same hash.
pub fn canonical_json(value: &Value) -> String {
    let mut out = Vec::with_capacity(512);
    write_canonical(value, &mut out);
    String::from_utf8(out).expect("JSON text is UTF-8")
}

/// Writes straight into one buffer: allocating a string per key and per scalar made hashing
/// the largest cost of validating a bundle (docs/benchmarks.md).
pub(crate) fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (index, (key, item)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key).expect("a key serializes");
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        scalar => serde_json::to_writer(&mut *out, scalar).expect("a scalar serializes"),
    }
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    lowercase_hex(&Sha256::digest(bytes))
}

/// A digest as lowercase hex, the form every hash here is written in.
pub fn lowercase_hex(digest: &[u8]) -> String {
    base16ct::lower::encode_string(digest)
}

/// The chain hash of `event` linked to `prev_hash`: SHA-256 of the canonical JSON of the event
/// with a `prev_hash` member added (null for a device's first event).
///
/// The text is written member by member in key order, as the body's text of the event is
/// without its `hash`, rather than through serde's `flatten` and a reordering of every member:
/// hashing was the largest part of checking a bundle (issue #19).
pub fn chain_hash(event: &Event, prev_hash: Option<&str>) -> String {
    let mut text = Vec::with_capacity(512);
    EventText::of(event, prev_hash, None).write(&mut text);
    sha256_hex(&text)
}

/// Appends `value` as a JSON string, escaped as serde_json escapes it.
pub(crate) fn write_string(out: &mut Vec<u8>, value: &str) {
    // Member names and most values need no escape; serde_json would write the same bytes
    // (it escapes only `"`, `\` and control characters), with a serializer per string. The
    // held events' text is written for every event of a second import (issue #19).
    if !needs_escape(value.as_bytes()) {
        out.reserve(value.len() + 2);
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, value).expect("a string serializes");
    }
}

/// Eight bytes at a time, as one word: wasm has 64-bit integers but no vectors in this build,
/// and its `memcmp` and byte searches go a byte at a time. The canonical text of every event
/// of an import is scanned and compared (issue #19).
const WORD: usize = 8;
const ONES: u64 = u64::from_ne_bytes([0x01; WORD]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; WORD]);

/// Whether any byte of `word` is below `limit` (at most 0x80): exact, not a hint.
fn any_byte_below(word: u64, limit: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS != 0
}

/// Whether any byte of `word` is `byte`.
fn any_byte_is(word: u64, byte: u8) -> bool {
    any_byte_below(word ^ (ONES * u64::from(byte)), 1)
}

/// Whether a string's bytes hold a quote, a backslash or a control character, the bytes
/// JSON escapes.
fn needs_escape(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(WORD);
    let escaped = |byte: u8| byte < 0x20 || byte == b'"' || byte == b'\\';
    words.any(|word| {
        let word = u64::from_ne_bytes(word.try_into().expect("a whole word"));
        any_byte_below(word, 0x20) || any_byte_is(word, b'"') || any_byte_is(word, b'\\')
    }) || words.remainder().iter().copied().any(escaped)
}

/// `a == b`, compared a word at a time (see [`WORD`]).
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a_words, mut b_words) = (a.chunks_exact(WORD), b.chunks_exact(WORD));
    a_words.by_ref().zip(b_words.by_ref()).all(|(a, b)| {
        u64::from_ne_bytes(a.try_into().expect("a whole word"))
            == u64::from_ne_bytes(b.try_into().expect("a whole word"))
    }) && a_words.remainder() == b_words.remainder()
}

/// Whether `text` begins with `prefix`, compared a word at a time.
pub(crate) fn starts_with_bytes(text: &[u8], prefix: &[u8]) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| same_bytes(start, prefix))
}

/// Appends an object member's name and its colon, after a comma unless it is the `first`.
pub(crate) fn write_member_name(out: &mut Vec<u8>, first: bool, name: &str) {
    if !first {
        out.push(b',');
    }
    write_string(out, name);
    out.push(b':');
}

/// Appends an integer as JSON writes it.
pub(crate) fn write_number(out: &mut Vec<u8>, value: impl serde::Serialize) {
    serde_json::to_writer(&mut *out, &value).expect("a number serializes");
}

/// An event's change as a bundle carries it (checked on import) or as a typed change (an
/// export or a chain hash, written without a `Value` in between: issue #19).
pub(crate) enum ChangeText<'a> {
    Wire(&'a Value),
    Typed(&'a crate::event::Change),
}

/// One event's members as its canonical text has them: a wire event's, or a typed event's, so
/// that an export, an import's body hash and every chain hash write the same text the same
/// way without building a `Value` first (issue #19).
pub(crate) struct EventText<'a> {
    pub id: &'a str,
    pub entity: &'a str,
    pub wall_ms: i64,
    pub counter: u32,
    pub device: &'a str,
    pub actor_name: &'a str,
    pub actor_role: &'a str,
    pub actor_device: &'a str,
    pub actor_staff: Option<&'a str>,
    pub change: ChangeText<'a>,
    pub prev_hash: Option<&'a str>,
    /// The event's chain hash, as a body carries it; `None` for the text the hash is taken
    /// over.
    pub hash: Option<&'a str>,
}

impl<'a> EventText<'a> {
    /// A typed event's members, linked to `prev_hash`.
    pub(crate) fn of(
        event: &'a Event,
        prev_hash: Option<&'a str>,
        hash: Option<&'a str>,
    ) -> EventText<'a> {
        EventText {
            id: &event.id.0,
            entity: &event.entity.0,
            wall_ms: event.hlc.wall_ms,
            counter: event.hlc.counter,
            device: &event.hlc.device.0,
            actor_name: &event.actor.name,
            actor_role: event.actor.role.wire_name(),
            actor_device: &event.actor.device.0,
            actor_staff: event.actor.staff.as_ref().map(|staff| staff.0.as_str()),
            change: ChangeText::Typed(&event.change),
            prev_hash,
            hash,
        }
    }

    /// Appends the canonical JSON object: its members in key order, no whitespace. The
    /// member names and the punctuation between them are written as one literal each: a
    /// second import writes this text for every event of the file (issue #19).
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        use write_number as number;
        use write_string as text;
        out.extend_from_slice(br#"{"actor":{"device":"#);
        text(out, self.actor_device);
        out.extend_from_slice(br#","name":"#);
        text(out, self.actor_name);
        out.extend_from_slice(br#","role":"#);
        text(out, self.actor_role);
        if let Some(staff) = self.actor_staff {
            out.extend_from_slice(br#","staff":"#);
            text(out, staff);
        }
        out.extend_from_slice(br#"},"change":"#);
        match self.change {
            ChangeText::Wire(change) => write_canonical(change, out),
            ChangeText::Typed(change) => {
                crate::canonical::write(change, out).expect("events serialize");
            }
        }
        out.extend_from_slice(br#","entity":"#);
        text(out, self.entity);
        if let Some(hash) = self.hash {
            out.extend_from_slice(br#","hash":"#);
            text(out, hash);
        }
        out.extend_from_slice(br#","hlc":{"counter":"#);
        number(out, self.counter);
        out.extend_from_slice(br#","device":"#);
        text(out, self.device);
        out.extend_from_slice(br#","wall_ms":"#);
        number(out, self.wall_ms);
        out.extend_from_slice(br#"},"id":"#);
        text(out, self.id);
        out.extend_from_slice(br#","prev_hash":"#);
        match self.prev_hash {
            Some(prev) => text(out, prev),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// X-1: a string's text is serde_json's, byte for byte, with or without the fast path
        /// (quotes, backslashes, control characters and Chinese among the cases).
        #[test]
        fn x_1_strings_are_written_as_serde_json_writes_them(value in "(\\PC|[\"\\\\\\x00-\\x1f\\x7f]|王芳){0,24}") {
            let mut ours = Vec::new();
            write_string(&mut ours, &value);
            proptest::prop_assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&value).unwrap());
        }
    }

    proptest::proptest! {
        /// Issue #19: the word-at-a-time scans and comparisons give what a byte at a time
        /// gives, wherever in a word the byte that differs or needs an escape stands.
        #[test]
        fn x_1_word_scans_agree_with_byte_scans(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            flip_at in 0usize..40,
            flip in 1u8..=255,
            cut in 0usize..40,
        ) {
            let escaped = |byte: &u8| *byte < 0x20 || *byte == b'"' || *byte == b'\\';
            proptest::prop_assert_eq!(needs_escape(&bytes), bytes.iter().any(escaped));
            let mut other = bytes.clone();
            if let Some(byte) = other.get_mut(flip_at) {
                *byte ^= flip;
            }
            proptest::prop_assert_eq!(same_bytes(&bytes, &other), bytes == other);
            proptest::prop_assert!(same_bytes(&bytes, &bytes.clone()));
            let prefix = &other[..cut.min(other.len())];
            proptest::prop_assert_eq!(starts_with_bytes(&bytes, prefix), bytes.starts_with(prefix));
            proptest::prop_assert_eq!(starts_with_bytes(prefix, &bytes), prefix.starts_with(&bytes));
        }
    }

    /// Issue #19: the hash is taken over text written straight from the event; it is the
    /// hash of the event's `Value` with `prev_hash` added, as every stored chain was made.
    /// Every other event gets a staff profile and a name that needs escaping, which the
    /// sample office's events do not have.
    #[test]
    fn x_1_chain_hash_is_the_hash_of_the_event_value_with_its_link() {
        for (index, event) in crate::sample::office(40, 5).log().iter().enumerate() {
            let mut event = event.clone();
            if index % 2 == 1 {
                event.actor.staff = Some(crate::EntityId(format!("staff-{index}")));
                event.actor.name = format!("王\"芳\\\n{index}");
            }
            let event = &event;
            let prev_hash = (index % 3 > 0).then(|| format!("{index:064x}"));
            let mut value = serde_json::to_value(event).unwrap();
            value.as_object_mut().unwrap().insert(
                "prev_hash".into(),
                prev_hash.clone().map_or(Value::Null, Value::String),
            );
            assert_eq!(
                chain_hash(event, prev_hash.as_deref()),
                sha256_hex(canonical_json(&value).as_bytes())
            );
        }
    }

    #[test]
    fn canonical_json_sorts_keys_and_drops_whitespace() {
        let value: Value =
            serde_json::from_str(r#"{ "b": [1, {"z": "✓", "a": null}], "a": "x\"y" }"#).unwrap();
        assert_eq!(
            canonical_json(&value),
            r#"{"a":"x\"y","b":[1,{"a":null,"z":"✓"}]}"#
        );
    }

    #[test]
    fn sha256_matches_the_standard_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
