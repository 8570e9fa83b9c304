//! The JSON form (the API 3.0 body), read with `serde_json`. Keys are visited in
//! input order so that repeated keys are seen and unknown names keep their order;
//! strings are borrowed from the input unless they hold an escape, and only what
//! the rules read is kept (values of other types are skipped, not built).
//!
//! And written, from the parameter list, through serde's `Serialize` (serde_json
//! escapes the strings).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::parameters::{self, Kind, Param, TextRule};
use super::{Flag, Item, Request, RequestForm, Scalar};
use crate::diagnostic::{Field, ItemName, JsonType, Params, RuleId};
use crate::limits::{MAX_INPUT_BYTES, MAX_PARAMS};
use crate::profile::Profile;

/// A parameter's value, as much of it as the rules read: strings are borrowed
/// from the input when they hold no escape.
enum JsonValue<'de> {
    Null,
    Bool(bool),
    Text(Cow<'de, str>),
    /// An array: its strings, `None` for an item of another type.
    Array(Vec<Option<Cow<'de, str>>>),
    /// A number or an object.
    Other,
}

/// Skips a value through `deserialize_any` (not `IgnoredAny`, which serde_json
/// skips without its nesting limit): a body nested too deep stays a syntax error.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry_seed(Skip, Skip)?.is_some() {}
        Ok(())
    }
}

/// Reads a string, borrowed when it can be (no escape), or anything else as `None`.
struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.into())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip.visit_seq(seq).map(|()| None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Skip.visit_map(map).map(|()| None)
    }
}

/// Reads a parameter's value (see [`JsonValue`]).
struct AnyValue;

impl<'de> DeserializeSeed<'de> for AnyValue {
    type Value = JsonValue<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = JsonValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(JsonValue::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(JsonValue::Text(Cow::Owned(v.into())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(JsonValue::Text(Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(JsonValue::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(JsonValue::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(JsonValue::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(JsonValue::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(JsonValue::Null)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no size hint: start with room for a typical batch.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(16).min(MAX_PARAMS));
        while let Some(item) = seq.next_element_seed(Text)? {
            items.push(item);
        }
        Ok(JsonValue::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Skip.visit_map(map).map(|()| JsonValue::Other)
    }
}

/// The top-level object's entries, in input order, counting parameters as it goes.
struct Entries<'c> {
    params: &'c Cell<usize>,
    not_an_object: &'c Cell<bool>,
}

/// The custom error message of the parameter limit (never shown to people).
const TOO_MANY: &str = "too many parameters";

type Entry<'de> = (Cow<'de, str>, JsonValue<'de>);

impl<'de> DeserializeSeed<'de> for Entries<'_> {
    type Value = Vec<Entry<'de>>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_> {
    type Value = Vec<Entry<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Room for the six parameters and a few common ones, without growing.
        let mut entries = Vec::with_capacity(8);
        while let Some(key) = map.next_key_seed(Text)? {
            let value = map.next_value_seed(AnyValue)?;
            let items = match &value {
                JsonValue::Array(items) => items.len(),
                _ => 0,
            };
            self.params.set(self.params.get() + 1 + items);
            if self.params.get() > MAX_PARAMS {
                return Err(de::Error::custom(TOO_MANY));
            }
            // Keys are strings in JSON: `Text` reads every one.
            entries.push((key.unwrap_or_default(), value));
        }
        Ok(entries)
    }

    // Any other top-level value: remembered, so that it is reported as a type error.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        self.not_object()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        self.not_object()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        self.not_object()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        self.not_object()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        self.not_object()
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.not_object()
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip.visit_seq(seq)?;
        self.not_object()
    }
}

impl Entries<'_> {
    fn not_object<'de, E: de::Error>(&self) -> Result<Vec<Entry<'de>>, E> {
        self.not_an_object.set(true);
        Ok(Vec::new())
    }
}

pub(super) fn parse<'a, 'p>(input: &'a [u8], profile: &'p Profile) -> Request<'a, 'p> {
    let mut request = Request::empty(profile, RequestForm::Json);
    let params = Cell::new(0);
    if input.len() > MAX_INPUT_BYTES {
        request.refuse_too_large(input.len(), 0);
        return request;
    }
    let not_an_object = Cell::new(false);
    let mut de = serde_json::Deserializer::from_slice(input);
    let seed = Entries {
        params: &params,
        not_an_object: &not_an_object,
    };
    let entries = match seed.deserialize(&mut de).and_then(|e| de.end().map(|()| e)) {
        Ok(entries) => entries,
        Err(e) => {
            // Only the place is kept: serde_json's text may quote the input.
            if params.get() > MAX_PARAMS {
                request.refuse_too_large(input.len(), params.get());
            } else {
                let (line, column) = (e.line(), e.column());
                request.refuse(RuleId::InputSyntax, Params::Syntax { line, column });
            }
            return request;
        }
    };
    if not_an_object.get() {
        request.refuse(
            RuleId::ParamType,
            Params::Type {
                expected: JsonType::Object,
            },
        );
        return request;
    }
    let mut seen = [false; Param::ALL.len()];
    for (number, (key, value)) in (1..).zip(entries) {
        let Some(parameter) = parameters::named(&key) else {
            request.report_unknown(&key, number, true, false);
            continue;
        };
        let Some(param) = parameter.param else {
            continue; // a common parameter
        };
        let field = param.field();
        if core::mem::replace(&mut seen[param as usize], true) {
            request.report(RuleId::ParamRepeated, field, Params::None);
            continue;
        }
        match param.kind() {
            Kind::Items => instance_ids(&mut request, value),
            Kind::Flag(_) => {
                let flag = match value {
                    // Empty counts as absent, as for every scalar.
                    JsonValue::Null => Flag::Absent,
                    JsonValue::Text(text) if text.is_empty() => Flag::Absent,
                    JsonValue::Bool(b) => Flag::Given(b),
                    JsonValue::Text(_) | JsonValue::Array(_) | JsonValue::Other => Flag::Invalid,
                };
                request.set_flag(param, flag);
            }
            Kind::Text(_) | Kind::Secret => {
                let text = string(&mut request, field, value);
                request.set_text(param, text);
            }
        }
    }
    request
}

fn wrong_type(request: &mut Request<'_, '_>, field: Field, expected: JsonType) {
    request.report(RuleId::ParamType, field, Params::Type { expected });
}

/// A string parameter: `null` and `""` are absent; another type is reported.
fn string<'a>(request: &mut Request<'a, '_>, field: Field, value: JsonValue<'a>) -> Scalar<'a> {
    match value {
        JsonValue::Null => Scalar::Absent,
        JsonValue::Text(text) => Scalar::from_text(text),
        _ => {
            wrong_type(request, field, JsonType::String);
            Scalar::Unreadable
        }
    }
}

fn instance_ids<'a>(request: &mut Request<'a, '_>, value: JsonValue<'a>) {
    let items = match value {
        JsonValue::Null => return,
        JsonValue::Array(items) => items,
        _ => {
            wrong_type(request, Param::ITEMS.field(), JsonType::StringArray);
            request.instance_ids_unreadable = true;
            return;
        }
    };
    let base = request.profile.index_base();
    for (position, _) in items.iter().enumerate().filter(|(_, id)| id.is_none()) {
        let field = Field::InstanceId {
            position,
            name: ItemName::Index(base + position as u64),
        };
        wrong_type(request, field, JsonType::String);
    }
    request.instance_ids = items
        .into_iter()
        .zip(base..)
        .map(|(id, index)| Item {
            id,
            name: ItemName::Index(index),
        })
        .collect();
}

/// The API 3.0 body of `request` (see [`Request::to_json_exposing_password`]).
pub(super) fn write(request: &Request<'_, '_>) -> String {
    // A map of string keys and strings, arrays and Booleans: serde_json cannot fail.
    serde_json::to_string(&Body(request)).unwrap_or_default()
}

/// A request as its JSON body: the parameters of the list, in its order.
struct Body<'r, 'a, 'p>(&'r Request<'a, 'p>);

impl Serialize for Body<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let request = self.0;
        let mut body = s.serialize_map(None)?;
        for param in Param::ALL {
            let name = param.name();
            match param.kind() {
                // One accepted value (`Action`, `Version`): API 3.0 sends them as
                // headers (`X-TC-Action`, `X-TC-Version`), not in the body.
                Kind::Text(TextRule::Fixed { .. }) => {}
                Kind::Text(TextRule::MaxChars { .. }) => {
                    if let Some(text) = request.text(param).text() {
                        body.serialize_entry(name, text)?;
                    }
                }
                Kind::Secret => {
                    if let Some(password) = &request.password {
                        body.serialize_entry(name, password.expose())?;
                    }
                }
                Kind::Items => {
                    if !request.instance_ids.is_empty() {
                        body.serialize_entry(name, &Items(&request.instance_ids))?;
                    }
                }
                Kind::Flag(_) => {
                    if let Some(value) = request.flag(param).given() {
                        body.serialize_entry(name, &value)?;
                    }
                }
            }
        }
        body.end()
    }
}

/// The items as a JSON array: an unreadable one is `null`, in its place.
struct Items<'r, 'a>(&'r [Item<'a>]);

impl Serialize for Items<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|item| item.id.as_deref()))
    }
}
