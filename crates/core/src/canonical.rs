//! Canonical JSON written straight from a `Serialize` type: the text
//! `chain::canonical_json(&serde_json::to_value(x))` gives, without building the `Value` tree
//! first. Building it was most of hashing an event and of writing an export (issue #19).
//!
//! Scalars and strings are written by serde_json itself, so numbers and escapes are its own.
//! Objects (structs, maps, struct variants) are gathered member by member and written with
//! their keys sorted; a repeated key keeps its last value, as a `Value` map does.

use serde::ser::{self, Serialize};
use serde_json::Error;
use std::borrow::Cow;
use std::ops::Range;

/// Appends the canonical JSON of `value` to `out`.
pub(crate) fn write<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), Error> {
    let mut writer = Writer {
        out: std::mem::take(out),
        members: Vec::new(),
        spare: Vec::new(),
    };
    let written = value.serialize(Canonical {
        writer: &mut writer,
    });
    *out = writer.out;
    written
}

/// The canonical JSON of `value`.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = Vec::with_capacity(512);
    write(value, &mut out)?;
    Ok(String::from_utf8(out).expect("JSON text is UTF-8"))
}

/// What one write shares down its nesting: the text, the members of every object still
/// open (each object's above its parent's), and one spare buffer for putting an object's
/// members in order. Objects are written in place, in the order serde gives their members,
/// and rewritten only when that is not key order: one buffer for the whole value instead of
/// a scratch text and a member list per object (issue #19).
struct Writer {
    out: Vec<u8>,
    members: Vec<(Cow<'static, str>, Range<usize>)>,
    spare: Vec<u8>,
}

/// Writes one value.
struct Canonical<'a> {
    writer: &'a mut Writer,
}

impl Canonical<'_> {
    fn json<T: Serialize + ?Sized>(self, scalar: &T) -> Result<(), Error> {
        serde_json::to_writer(&mut self.writer.out, scalar)
    }

    /// `{"variant":` before a variant's content; closed by the caller with `}`.
    fn open_variant(&mut self, variant: &str) -> Result<(), Error> {
        self.writer.out.push(b'{');
        crate::chain::write_string(&mut self.writer.out, variant);
        self.writer.out.push(b':');
        Ok(())
    }
}

/// An array's items, comma-separated; `close` is written at the end (`]`, or `]}` for a
/// tuple variant).
struct Items<'a> {
    writer: &'a mut Writer,
    first: bool,
    close: &'static [u8],
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !self.first {
            self.writer.out.push(b',');
        }
        self.first = false;
        value.serialize(Canonical {
            writer: self.writer,
        })
    }

    fn finish(self) -> Result<(), Error> {
        self.writer.out.extend_from_slice(self.close);
        Ok(())
    }
}

/// An object's members, each written as `"key":value` in place, then put in key order;
/// `close` follows the object's own `}` (a struct variant's outer `}`).
struct Members<'a> {
    writer: &'a mut Writer,
    /// Where the object's members begin in the text, just after its `{`.
    start: usize,
    /// Where the object's members begin in [`Writer::members`].
    base: usize,
    key: Option<String>,
    close: &'static [u8],
}

impl<'a> Members<'a> {
    fn new(writer: &'a mut Writer, close: &'static [u8]) -> Self {
        writer.out.push(b'{');
        Members {
            start: writer.out.len(),
            base: writer.members.len(),
            writer,
            key: None,
            close,
        }
    }

    fn member<T: Serialize + ?Sized>(
        &mut self,
        key: Cow<'static, str>,
        value: &T,
    ) -> Result<(), Error> {
        if self.writer.members.len() > self.base {
            self.writer.out.push(b',');
        }
        let start = self.writer.out.len();
        crate::chain::write_string(&mut self.writer.out, key.as_ref());
        self.writer.out.push(b':');
        value.serialize(Canonical {
            writer: self.writer,
        })?;
        let end = self.writer.out.len();
        self.writer.members.push((key, start..end));
        Ok(())
    }

    fn finish(self) -> Result<(), Error> {
        let Writer {
            out,
            members,
            spare,
        } = self.writer;
        let own = &mut members[self.base..];
        if !own.windows(2).all(|pair| pair[0].0 < pair[1].0) {
            // Stable, so that of repeated keys the last stays last; it is the one kept.
            crate::sorting::sort_by(own, |a, b| a.0.cmp(&b.0));
            spare.clear();
            for (index, (key, text)) in own.iter().enumerate() {
                if own.get(index + 1).is_some_and(|next| next.0 == *key) {
                    continue;
                }
                if !spare.is_empty() {
                    spare.push(b',');
                }
                spare.extend_from_slice(&out[text.clone()]);
            }
            out.truncate(self.start);
            out.extend_from_slice(spare);
        }
        members.truncate(self.base);
        out.push(b'}');
        out.extend_from_slice(self.close);
        Ok(())
    }
}

/// A map key as `serde_json::to_value` turns it into an object key.
fn key_text<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    match serde_json::to_value(key)? {
        serde_json::Value::String(text) => Ok(text),
        serde_json::Value::Number(number) => Ok(number.to_string()),
        serde_json::Value::Bool(flag) => Ok(flag.to_string()),
        _ => Err(ser::Error::custom("key must be a string")),
    }
}

impl<'a> ser::Serializer for Canonical<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = Members<'a>;
    type SerializeStruct = Members<'a>;
    type SerializeStructVariant = Members<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // As a `Value` holds it: widened to f64.
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.json(&v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        crate::chain::write_string(&mut self.writer.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.json(v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.writer.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.json(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant)?;
        value.serialize(Canonical {
            writer: &mut *self.writer,
        })?;
        self.writer.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Items<'a>, Error> {
        self.writer.out.push(b'[');
        Ok(Items {
            writer: self.writer,
            first: true,
            close: b"]",
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Items<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Items<'a>, Error> {
        self.open_variant(variant)?;
        self.writer.out.push(b'[');
        Ok(Items {
            writer: self.writer,
            first: true,
            close: b"]}",
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Members<'a>, Error> {
        Ok(Members::new(self.writer, b""))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Members<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Members<'a>, Error> {
        self.open_variant(variant)?;
        Ok(Members::new(self.writer, b"}"))
    }
}

/// serde's four array traits differ only in name: each item goes through [`Items::item`].
macro_rules! items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Items<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Members<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key_text(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ser::Error::custom("a map value without its key"))?;
        self.member(Cow::Owned(key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// A struct's and a struct variant's fields are members under their own names.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Members<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.member(Cow::Borrowed(key), value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::canonical_json;
    use proptest::prelude::*;
    use serde_json::Value;
    use std::collections::BTreeMap;

    /// What the hashes were taken over before: the `Value` tree, then its canonical text.
    fn by_value<T: Serialize>(value: &T) -> String {
        canonical_json(&serde_json::to_value(value).expect("serializes"))
    }

    #[test]
    fn x_1_every_sample_event_writes_the_text_its_value_writes() {
        for event in crate::sample::office(60, 3).log() {
            assert_eq!(to_string(event).unwrap(), by_value(event), "{event:?}");
        }
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(Option<u8>),
        Tuple(i64, &'static str),
        Struct { z: bool, a: Vec<()> },
    }

    #[derive(serde::Serialize)]
    struct Outer {
        zebra: &'static str,
        #[serde(flatten)]
        inner: BTreeMap<String, i32>,
        shapes: Vec<Shape>,
        counts: BTreeMap<u32, f64>,
        bytes: &'static [u8],
        nothing: Option<String>,
    }

    #[test]
    fn x_1_variants_flattened_maps_number_keys_and_repeated_keys_match_the_value_text() {
        let outer = Outer {
            zebra: "斑马 \"quoted\"\n\u{1}",
            inner: BTreeMap::from([("zebra".into(), 1), ("alpha".into(), -2)]),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(None),
                Shape::Newtype(Some(7)),
                Shape::Tuple(-3, "x"),
                Shape::Struct {
                    z: true,
                    a: vec![(), ()],
                },
            ],
            counts: BTreeMap::from([(10, 1.5), (9, -0.0)]),
            bytes: b"ab",
            nothing: None,
        };
        assert_eq!(to_string(&outer).unwrap(), by_value(&outer));
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            ".*".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(".{0,4}", inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any JSON value written straight is the text of its canonical form.
        #[test]
        fn x_1_any_value_writes_its_canonical_text(value in json_value()) {
            prop_assert_eq!(to_string(&value).unwrap(), canonical_json(&value));
        }
    }
}
