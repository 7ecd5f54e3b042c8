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
pub(crate) fn lowercase_hex(digest: &[u8]) -> String {
    base16ct::lower::encode_string(digest)
}

/// The chain hash of `event` linked to `prev_hash`: SHA-256 of the canonical JSON of the event
/// with a `prev_hash` member added (null for a device's first event).
pub fn chain_hash(event: &Event, prev_hash: Option<&str>) -> String {
    /// The event's members and `prev_hash`, as one object.
    #[derive(serde::Serialize)]
    struct Linked<'a> {
        #[serde(flatten)]
        event: &'a Event,
        prev_hash: Option<&'a str>,
    }
    let text = crate::canonical::to_string(&Linked { event, prev_hash }).expect("events serialize");
    sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #19: the hash is taken over text written straight from the event; it is the
    /// hash of the event's `Value` with `prev_hash` added, as every stored chain was made.
    #[test]
    fn x_1_chain_hash_is_the_hash_of_the_event_value_with_its_link() {
        for (index, event) in crate::sample::office(40, 5).log().iter().enumerate() {
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
