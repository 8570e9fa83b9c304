//! The JSON form (the API 3.0 body), read with `serde_json`. Keys are visited in
//! input order so that repeated keys are seen and unknown names keep their order.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::Value;

use super::{ForceStop, Item, Request, RequestForm, Scalar, COMMON_PARAMETERS};
use crate::diagnostic::{Field, ItemName, JsonType, Params, RuleId};
use crate::limits::{MAX_INPUT_BYTES, MAX_PARAMS};
use crate::profile::Profile;
use crate::secret::Password;

/// The top-level object's entries, in input order, counting parameters as it goes.
struct Entries<'c> {
    params: &'c Cell<usize>,
    not_an_object: &'c Cell<bool>,
}

/// The custom error message of the parameter limit (never shown to people).
const TOO_MANY: &str = "too many parameters";

impl<'de> DeserializeSeed<'de> for Entries<'_> {
    type Value = Vec<(String, Value)>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_> {
    type Value = Vec<(String, Value)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            let items = match &value {
                Value::Array(items) => items.len(),
                _ => 0,
            };
            self.params.set(self.params.get() + 1 + items);
            if self.params.get() > MAX_PARAMS {
                return Err(de::Error::custom(TOO_MANY));
            }
            entries.push((key, value));
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
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        self.not_object()
    }
}

impl Entries<'_> {
    fn not_object<E: de::Error>(&self) -> Result<Vec<(String, Value)>, E> {
        self.not_an_object.set(true);
        Ok(Vec::new())
    }
}

pub(super) fn parse<'a, 'p>(input: &'a [u8], profile: &'p Profile) -> Request<'a, 'p> {
    let mut request = Request::empty(profile, RequestForm::Json);
    let params = Cell::new(0);
    if input.len() > MAX_INPUT_BYTES {
        request.refuse(RuleId::InputTooLarge, too_large(input.len(), 0));
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
                request.refuse(RuleId::InputTooLarge, too_large(input.len(), params.get()));
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
    let mut seen = [false; 6];
    for (number, (key, value)) in (1..).zip(entries) {
        let slot = match key.as_str() {
            "Action" => 0,
            "Version" => 1,
            "InstanceIds" => 2,
            "Password" => 3,
            "UserName" => 4,
            "ForceStop" => 5,
            k if COMMON_PARAMETERS.contains(&k) => continue,
            k => {
                request.report_unknown(k, number, true, false);
                continue;
            }
        };
        let field = [
            Field::Action,
            Field::Version,
            Field::InstanceIds,
            Field::Password,
            Field::UserName,
            Field::ForceStop,
        ][slot]
            .clone();
        if core::mem::replace(&mut seen[slot], true) {
            request.report(RuleId::ParamRepeated, field, Params::None);
            continue;
        }
        match slot {
            0 => request.action = string(&mut request, field, value),
            1 => request.version = string(&mut request, field, value),
            2 => instance_ids(&mut request, value),
            3 => match string(&mut request, field, value) {
                Scalar::Given(text) => request.password = Some(Password::new(text)),
                Scalar::Unreadable => request.password_unreadable = true,
                Scalar::Absent => {}
            },
            4 => request.user_name = string(&mut request, field, value),
            _ => {
                request.force_stop = match value {
                    // Empty counts as absent, as for every scalar (section 5).
                    Value::Null => ForceStop::Absent,
                    Value::String(text) if text.is_empty() => ForceStop::Absent,
                    Value::Bool(b) => ForceStop::Given(b),
                    _ => ForceStop::Invalid,
                }
            }
        }
    }
    request
}

fn too_large(bytes: usize, params: usize) -> Params {
    Params::TooLarge {
        max_bytes: MAX_INPUT_BYTES,
        max_params: MAX_PARAMS,
        bytes,
        params,
    }
}

fn wrong_type(request: &mut Request<'_, '_>, field: Field, expected: JsonType) {
    request.report(RuleId::ParamType, field, Params::Type { expected });
}

/// A string parameter: `null` and `""` are absent; another type is reported.
fn string(request: &mut Request<'_, '_>, field: Field, value: Value) -> Scalar<'static> {
    match value {
        Value::Null => Scalar::Absent,
        Value::String(text) => Scalar::from_text(Cow::Owned(text)),
        _ => {
            wrong_type(request, field, JsonType::String);
            Scalar::Unreadable
        }
    }
}

fn instance_ids(request: &mut Request<'_, '_>, value: Value) {
    let items = match value {
        Value::Null => return,
        Value::Array(items) => items,
        _ => {
            wrong_type(request, Field::InstanceIds, JsonType::StringArray);
            request.instance_ids_unreadable = true;
            return;
        }
    };
    let base = request.profile.index_base();
    for item in items {
        let position = request.instance_ids.len();
        let name = ItemName::Index(base + position as u64);
        let id = match item {
            Value::String(id) => Some(Cow::Owned(id)),
            _ => {
                let field = Field::InstanceId {
                    position,
                    name: name.clone(),
                };
                wrong_type(request, field, JsonType::String);
                None
            }
        };
        request.instance_ids.push(Item { id, name });
    }
}
