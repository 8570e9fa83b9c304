//! Structure-aware fuzzing input (feature `arbitrary`): [`arbitrary::Arbitrary`]
//! for [`Request`], [`Password`], [`OsSet`], [`Facts`] and the profile choice
//! (`&'static Profile`), so a downstream fuzz target can generate requests that
//! are mostly well formed, with mutations at the edges, and spend its time past
//! the parser.
//!
//! A request is generated as a model (instance ids mostly from a small pool that
//! [`Facts`] also draws from, a password of the profile's classes with now and then
//! a character outside them, a user name, `ForceStop`), written in the query or
//! the JSON form, with a few mutations of the wire form (a repeated or missing
//! parameter, a bad or 0-based index, an invalid escape, a wrong JSON type, an
//! unknown key), and read back as the crate reads any input.
//!
//! ```
//! use arbitrary::{Arbitrary, Unstructured};
//! use cvm_rules::{Context, Facts, OsSet, Request};
//!
//! /// The body of a downstream fuzz target (`fuzz_target!(|data: &[u8]| fuzz_one(data))`).
//! fn fuzz_one(data: &[u8]) {
//!     let mut u = Unstructured::new(data);
//!     let Ok((request, os, facts)) = <(Request<'static, 'static>, OsSet, Option<Facts>)>::arbitrary(&mut u) else {
//!         return;
//!     };
//!     let mut ctx = Context::new().with_os(os);
//!     if let Some(facts) = &facts {
//!         ctx = ctx.with_facts(facts);
//!     }
//!     let report = request.validate(&ctx);
//!     // Your own invariants: here, the first error is the first error-severity diagnostic.
//!     assert_eq!(report.is_valid(), report.errors().next().is_none());
//! }
//!
//! fuzz_one(b"any bytes at all: the generator never fails on too little input");
//! fuzz_one(&[0xAB; 512]);
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::characters::SPECIALS_API3;
use crate::facts::{Facts, InstanceFacts};
use crate::os::{OsFamily, OsSet};
use crate::profile::Profile;
use crate::request::Request;
use crate::secret::Password;
use crate::state::InstanceState;

/// Instance ids from a small pool, so that requests and facts meet.
const ID_POOL: u8 = 16;

fn pooled_id(n: u8) -> String {
    format!("ins-{:08x}", 0xa0c3_0000u32 + u32::from(n % ID_POOL))
}

/// An instance id: mostly from the pool, sometimes another well-formed one, now
/// and then malformed.
fn instance_id(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0u8..=19)? {
        0..=13 => pooled_id(u.arbitrary()?),
        14..=16 => {
            let mut id = String::from("ins-");
            for _ in 0..8 {
                id.push(*u.choose(b"abcdefghijklmnopqrstuvwxyz0123456789")? as char);
            }
            id
        }
        17 => String::new(),
        18 => pooled_id(u.arbitrary()?).to_uppercase(),
        _ => u.arbitrary::<&str>()?.chars().take(16).collect(),
    })
}

/// A character of a password: mostly of a class, now and then outside them all.
fn password_char(u: &mut Unstructured<'_>) -> Result<char> {
    const OUTSIDE: &[char] = &[
        ' ', '"', '\\', '\t', '\0', 'é', '中', '😀', '\u{301}', '+', '&', '%', '=',
    ];
    Ok(match u.int_in_range(0u8..=31)? {
        0..=7 => u.int_in_range(b'a'..=b'z')? as char,
        8..=14 => u.int_in_range(b'A'..=b'Z')? as char,
        15..=20 => u.int_in_range(b'0'..=b'9')? as char,
        // The api3 specials hold the other profiles' (legacy-2017, login-settings).
        21..=28 => *u.choose(&SPECIALS_API3.chars().collect::<Vec<_>>())?,
        29 => '/',
        _ => *u.choose(OUTSIDE)?,
    })
}

impl<'a> Arbitrary<'a> for Password<'static> {
    /// Mostly 6 to 32 characters of the classes, around the length bounds.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let len = match u.int_in_range(0u8..=9)? {
            0 => u.int_in_range(0..=5)?,
            1 => u.int_in_range(33..=80)?,
            _ => *u.choose(&[7usize, 8, 11, 12, 14, 16, 17, 20, 29, 30, 31])?,
        };
        let mut text = String::with_capacity(len);
        for _ in 0..len {
            text.push(password_char(u)?);
        }
        Ok(Password::new(text))
    }
}

impl<'a> Arbitrary<'a> for OsSet {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(OsSet::from_index(usize::from(u.arbitrary::<u8>()?)))
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(1))
    }
}

impl<'a> Arbitrary<'a> for &'static Profile {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u.choose(&Profile::ALL).copied()
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(1))
    }
}

/// An `OsName` as `DescribeInstances` gives it (or not).
fn os_family(u: &mut Unstructured<'_>) -> Result<Option<OsFamily>> {
    const NAMES: &[&str] = &[
        "CentOS 7.9 64位",
        "Windows Server 2019 数据中心版 64位中文版",
        "Ubuntu Server 22.04 LTS 64位",
        "TencentOS Server 3.1 (TK4)",
        "",
    ];
    Ok(match u.int_in_range(0u8..=5)? {
        5 => None,
        i => {
            let name = NAMES[usize::from(i)];
            (!name.is_empty()).then(|| OsFamily::from_os_name(name))
        }
    })
}

impl<'a> Arbitrary<'a> for InstanceState {
    /// A known state, mostly; now and then an unknown one. (A state named in
    /// lower case is the same state: [`InstanceState::from_name`] ignores case.)
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=9)? {
            0..=8 => u.choose(&InstanceState::ALL)?.clone(),
            _ => InstanceState::from_name(u.choose(&["MIGRATING", "xx", ""])?),
        })
    }
}

impl<'a> Arbitrary<'a> for Facts {
    /// Instances of the pool (so requests meet them), complete or one page.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let count = u.int_in_range(0..=usize::from(ID_POOL))?;
        let mut instances = Vec::with_capacity(count);
        for _ in 0..count {
            let state = if u.ratio(1u8, 8)? {
                None
            } else {
                Some(InstanceState::arbitrary(u)?)
            };
            let mut facts = InstanceFacts::new(os_family(u)?, state);
            if u.ratio(1u8, 4)? {
                facts = facts.stopped_without_charging();
            }
            instances.push((pooled_id(u.arbitrary()?), facts));
        }
        // Collected facts claim no completeness: most are said to be whole.
        let facts: Facts = instances.into_iter().collect();
        Ok(if u.ratio(1u8, 5)? {
            facts
        } else {
            facts.complete()
        })
    }
}

/// The values of a request, before they are written in a wire form.
struct Model {
    ids: Vec<String>,
    password: Option<String>,
    user_name: Option<String>,
    force_stop: Option<bool>,
}

impl Model {
    fn arbitrary(u: &mut Unstructured<'_>) -> Result<Model> {
        let count = match u.int_in_range(0u8..=15)? {
            0 => 0,
            1 => u.int_in_range(90..=105)?,
            _ => u.int_in_range(1..=5)?,
        };
        let mut ids = Vec::with_capacity(count);
        for _ in 0..count {
            ids.push(instance_id(u)?);
        }
        let password = if u.ratio(1u8, 12)? {
            None
        } else {
            Some(Password::arbitrary(u)?.expose().into())
        };
        let user_name = match u.int_in_range(0u8..=7)? {
            0..=4 => None,
            5 => Some("Administrator".into()),
            6 => Some(u.arbitrary::<&str>()?.chars().take(70).collect()),
            _ => Some("x".repeat(u.int_in_range(60..=70)?)),
        };
        let force_stop = u.arbitrary()?;
        Ok(Model {
            ids,
            password,
            user_name,
            force_stop,
        })
    }
}

/// Percent-encodes a value for the query form (`+` stays an escape: `%2B`).
fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The query form of `model`, with mutations at the edges.
fn query(u: &mut Unstructured<'_>, model: &Model, profile: &Profile) -> Result<Vec<u8>> {
    let mut pairs: Vec<Vec<u8>> = Vec::new();
    if !u.ratio(1u8, 16)? {
        pairs.push(b"Action=ResetInstancesPassword".to_vec());
    }
    if !u.ratio(1u8, 16)? {
        let version = if u.ratio(1u8, 16)? {
            "2022-03-12"
        } else {
            "2017-03-12"
        };
        pairs.push(format!("Version={version}").into_bytes());
    }
    let base = if profile.index_bases().len() > 1 && u.ratio(1u8, 3)? {
        profile.index_bases()[1]
    } else {
        profile.index_base()
    };
    for (i, id) in model.ids.iter().enumerate() {
        let index = match u.int_in_range(0u8..=39)? {
            0 => format!("0{}", base + i as u64),
            1 => "x".into(),
            2 => format!("{}", base + i as u64 + 1),
            _ => format!("{}", base + i as u64),
        };
        pairs.push(format!("InstanceIds.{index}={}", encode(id)).into_bytes());
    }
    if let Some(password) = &model.password {
        let value = match u.int_in_range(0u8..=15)? {
            // A client that forgot to encode: `+` becomes a space, `&` splits it.
            0 => password.clone(),
            1 => format!("{}%zz", encode(password)),
            _ => encode(password),
        };
        pairs.push(format!("Password={value}").into_bytes());
    }
    if let Some(user_name) = &model.user_name {
        pairs.push(format!("UserName={}", encode(user_name)).into_bytes());
    }
    if let Some(force_stop) = model.force_stop {
        let value = match u.int_in_range(0u8..=9)? {
            0 => "yes",
            1 => "",
            2 if force_stop => "true",
            _ if force_stop => "TRUE",
            _ => "FALSE",
        };
        pairs.push(format!("ForceStop={value}").into_bytes());
    }
    // Edge mutations: a repeat, an unknown or misspelt name, a stray byte.
    match u.int_in_range(0u8..=11)? {
        0 if !pairs.is_empty() => {
            let i = u.choose_index(pairs.len())?;
            pairs.push(pairs[i].clone());
        }
        1 => pairs.push(b"password=x".to_vec()),
        2 => pairs.push(b"Region=ap-guangzhou".to_vec()),
        3 => pairs.push(vec![b'Z', b'=', 0xFF]),
        4 if pairs.len() > 1 => {
            let i = u.choose_index(pairs.len())?;
            pairs.swap(0, i);
        }
        _ => {}
    }
    let mut out = Vec::new();
    if u.ratio(1u8, 16)? {
        out.extend_from_slice(b"https://cvm.api.qcloud.com/v2/index.php?");
    }
    for (i, pair) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        out.extend_from_slice(pair);
    }
    Ok(out)
}

/// The JSON form of `model`, with mutations at the edges.
fn json(u: &mut Unstructured<'_>, model: &Model) -> Result<Vec<u8>> {
    use serde_json::{Map, Value, json};
    let mut body = Map::new();
    if !model.ids.is_empty() || u.ratio(1u8, 2)? {
        let mut items: Vec<Value> = model
            .ids
            .iter()
            .map(|id| Value::from(id.as_str()))
            .collect();
        if u.ratio(1u8, 16)? {
            items.push(json!(42));
        }
        body.insert("InstanceIds".into(), Value::Array(items));
    }
    if let Some(password) = &model.password {
        let value = if u.ratio(1u8, 20)? {
            json!(12345678)
        } else {
            Value::from(password.as_str())
        };
        body.insert("Password".into(), value);
    }
    if let Some(user_name) = &model.user_name {
        body.insert("UserName".into(), Value::from(user_name.as_str()));
    }
    if let Some(force_stop) = model.force_stop {
        let value = match u.int_in_range(0u8..=9)? {
            0 => json!("TRUE"),
            1 => Value::Null,
            _ => Value::Bool(force_stop),
        };
        body.insert("ForceStop".into(), value);
    }
    match u.int_in_range(0u8..=9)? {
        0 => {
            body.insert("Action".into(), json!("ResetInstancesPassword"));
            body.insert("Version".into(), json!("2017-03-12"));
        }
        1 => {
            body.insert("password".into(), json!("x"));
        }
        2 => {
            body.insert("InstanceIds".into(), json!("ins-a0c30000"));
        }
        _ => {}
    }
    let mut text = serde_json::to_vec(&Value::Object(body)).unwrap_or_default();
    if u.ratio(1u8, 32)? {
        text.pop(); // cut short: not JSON any more
    }
    Ok(text)
}

impl<'a> Arbitrary<'a> for Request<'static, 'static> {
    /// A request of a built-in profile, mostly well formed, in the query form
    /// (two times in three) or the JSON form, read back by the crate.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let profile = <&'static Profile>::arbitrary(u)?;
        let model = Model::arbitrary(u)?;
        let (bytes, is_json) = if u.ratio(1u8, 3)? {
            (json(u, &model)?, true)
        } else {
            (query(u, &model, profile)?, false)
        };
        let request = if is_json {
            Request::from_json(&bytes, profile)
        } else {
            Request::from_query(&bytes, profile)
        };
        Ok(request.into_owned())
    }
}

#[cfg(test)]
mod tests {
    //! Each generator's odds, from the share of each kind of value it gives
    //! over pseudo-random input (the same on every run).

    use super::*;

    /// Pseudo-random bytes (xorshift).
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    /// What `generate` gives on `n` inputs of `len` bytes each.
    fn samples<T>(
        n: u64,
        len: usize,
        mut generate: impl FnMut(&mut Unstructured<'_>) -> Result<T>,
    ) -> Vec<T> {
        (1..=n)
            .map(|seed| generate(&mut Unstructured::new(&bytes(seed, len))).unwrap())
            .collect()
    }

    /// Asserts that the share of `items` that are `what` is within a quarter of `odds`.
    fn assert_share<T>(items: &[T], odds: f64, name: &str, what: impl Fn(&T) -> bool) {
        let share = items.iter().filter(|item| what(item)).count() as f64 / items.len() as f64;
        assert!(
            (share - odds).abs() <= odds / 4.0,
            "{name}: {share:.4}, expected about {odds:.4}"
        );
    }

    #[test]
    fn password_characters_are_mostly_of_a_class() {
        let chars = samples(20_000, 4, password_char);
        let specials = SPECIALS_API3.chars().count() as f64;
        assert_share(&chars, 8.0 / 32.0, "a-z", char::is_ascii_lowercase);
        assert_share(&chars, 7.0 / 32.0, "A-Z", char::is_ascii_uppercase);
        assert_share(&chars, 6.0 / 32.0, "0-9", char::is_ascii_digit);
        // Specials that are no other arm's.
        assert_share(&chars, 8.0 / 32.0 * 4.0 / specials, "_<>`", |c| {
            "_<>`".contains(*c)
        });
        assert_share(&chars, 1.0 / 32.0 + 8.0 / 32.0 / specials, "/", |&c| {
            c == '/'
        });
        assert_share(&chars, 2.0 / 32.0 * 8.0 / 13.0, "outside", |c| {
            " \"\\\t\0é中😀".contains(*c)
        });
    }

    #[test]
    fn instance_ids_are_mostly_from_the_pool() {
        let ids = samples(8_000, 16, instance_id);
        let pooled = |id: &String| (0..ID_POOL).any(|n| *id == pooled_id(n));
        assert_share(&ids, 14.0 / 20.0, "pooled", pooled);
        assert_share(&ids, 3.0 / 20.0, "other well formed", |id| {
            id.len() == 12
                && id.starts_with("ins-")
                && id[4..]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && !pooled(id)
        });
        assert_share(&ids, 1.0 / 20.0, "upper case", |id| {
            (0..ID_POOL).any(|n| *id == pooled_id(n).to_uppercase())
        });
        // Empty, from its arm and from the last (any text, here often short).
        assert!(ids.iter().filter(|id| id.is_empty()).count() > ids.len() / 20);
    }

    #[test]
    fn os_names_give_every_family_and_none() {
        let families = samples(6_000, 4, os_family);
        assert_share(&families, 2.0 / 6.0, "linux", |f| {
            *f == Some(OsFamily::Linux)
        });
        assert_share(&families, 1.0 / 6.0, "windows", |f| {
            *f == Some(OsFamily::Windows)
        });
        assert_share(&families, 1.0 / 6.0, "ubuntu", |f| {
            *f == Some(OsFamily::Ubuntu)
        });
        assert_share(&families, 2.0 / 6.0, "none", Option::is_none);
    }

    #[test]
    fn states_are_mostly_known() {
        let states = samples(6_000, 4, |u| u.arbitrary::<InstanceState>());
        assert_share(&states, 9.0 / 10.0, "known", InstanceState::is_known);
    }

    #[test]
    fn models_have_few_ids_mostly_and_every_kind_of_user_name() {
        let models = samples(4_000, 600, Model::arbitrary);
        assert_share(&models, 1.0 / 16.0, "no ids", |m| m.ids.is_empty());
        assert_share(&models, 1.0 / 16.0, "90 to 105 ids", |m| {
            (90..=105).contains(&m.ids.len())
        });
        assert_share(&models, 14.0 / 16.0, "1 to 5 ids", |m| {
            (1..=5).contains(&m.ids.len())
        });
        assert_share(&models, 1.0 / 12.0, "no password", |m| m.password.is_none());
        let name = |m: &Model| m.user_name.clone().unwrap_or_default();
        assert_share(&models, 5.0 / 8.0, "no user name", |m| {
            m.user_name.is_none()
        });
        assert_share(&models, 1.0 / 8.0, "Administrator", |m| {
            name(m) == "Administrator"
        });
        assert_share(&models, 1.0 / 8.0, "60 to 70 x", |m| {
            (60..=70).contains(&name(m).len()) && name(m).bytes().all(|b| b == b'x')
        });
        assert_share(&models, 1.0 / 8.0, "any text", |m| {
            m.user_name.is_some() && name(m) != "Administrator" && !name(m).starts_with("xxx")
        });
    }

    fn model(force_stop: Option<bool>) -> Model {
        Model {
            ids: vec![pooled_id(0), pooled_id(1)],
            password: Some("a b!".into()),
            user_name: Some("root".into()),
            force_stop,
        }
    }

    /// The query form of `model` on many inputs, as text.
    fn queries(n: u64, model: &Model) -> Vec<String> {
        samples(n, 32, |u| query(u, model, Profile::LEGACY_2017))
            .into_iter()
            .map(|q| String::from_utf8_lossy(&q).into_owned())
            .collect()
    }

    #[test]
    fn query_forms_have_their_mutations_at_the_edges() {
        let queries = queries(8_000, &model(None));
        let has = |part: &'static str| move |q: &String| q.contains(part);
        assert_share(&queries, 15.0 / 16.0, "Action", has("Action=Reset"));
        // legacy-2017 counts from 1, and from 0 one time in three (an index as it is
        // 37 times in 40).
        assert_share(
            &queries,
            1.0 / 3.0 * 37.0 / 40.0,
            "from 0",
            has("InstanceIds.0=ins"),
        );
        assert_share(&queries, 2.0 / 40.0, "a leading 0", |q| {
            q.match_indices("InstanceIds.0")
                .any(|(i, _)| q[i + 13..].starts_with(|c: char| c.is_ascii_digit()))
        });
        assert_share(&queries, 2.0 / 40.0, "not a number", has("InstanceIds.x="));
        assert_share(&queries, 1.0 / 16.0, "not encoded", has("Password=a b!"));
        assert_share(&queries, 1.0 / 16.0, "a bad escape", has("%zz"));
        assert_share(&queries, 1.0 / 12.0, "a lower-case name", has("password=x"));
        assert_share(&queries, 1.0 / 12.0, "an unknown name", has("Region="));
        assert_share(&queries, 1.0 / 12.0, "not UTF-8", has("Z=\u{FFFD}"));
        assert_share(&queries, 1.0 / 16.0, "a URL", has("https://"));
        // A repeat: some pair twice.
        assert_share(&queries, 1.0 / 12.0, "a repeat", |q| {
            let pairs: Vec<&str> = q.split('&').collect();
            pairs
                .iter()
                .enumerate()
                .any(|(i, p)| pairs[..i].contains(p))
        });
        // A swap: Action (first in order) is elsewhere.
        assert!(queries.iter().filter(|q| q.contains("&Action=")).count() > 8_000 / 12 / 2);
        // Pairs are joined by one `&`, with none before the first.
        for q in &queries {
            assert!(
                !q.starts_with('&') && !q.contains("?&") && !q.contains("&&"),
                "{q}"
            );
        }
    }

    #[test]
    fn force_stop_is_written_as_its_value_or_a_wrong_one() {
        for (force_stop, values) in [
            (true, &["yes", "", "true", "TRUE"][..]),
            (false, &["yes", "", "FALSE"][..]),
        ] {
            let queries = queries(4_000, &model(Some(force_stop)));
            let value_of = |q: &String| {
                let (_, rest) = q.split_once("ForceStop=").unwrap();
                rest.split('&').next().unwrap().to_owned()
            };
            for value in values {
                assert!(queries.iter().any(|q| value_of(q) == *value), "{value:?}");
            }
            assert!(
                queries
                    .iter()
                    .all(|q| values.contains(&value_of(q).as_str()))
            );
        }
    }

    #[test]
    fn a_model_without_values_gives_a_query_form_too() {
        let empty = Model {
            ids: Vec::new(),
            password: None,
            user_name: None,
            force_stop: None,
        };
        // No Action and no Version (one in 256), then a repeat or a swap: of nothing.
        let queries = samples(40_000, 8, |u| query(u, &empty, Profile::API3));
        assert!(queries.iter().any(Vec::is_empty));
    }

    #[test]
    fn json_forms_have_their_mutations_at_the_edges() {
        let bodies: Vec<String> = samples(8_000, 32, |u| json(u, &model(Some(true))))
            .into_iter()
            .map(|b| String::from_utf8(b).unwrap())
            .collect();
        let has = |part: &'static str| move |b: &String| b.contains(part);
        assert_share(&bodies, 1.0 / 10.0, "null", has(r#""ForceStop":null"#));
        assert_share(
            &bodies,
            1.0 / 10.0,
            "a string",
            has(r#""ForceStop":"TRUE""#),
        );
        assert_share(&bodies, 1.0 / 10.0, "Action", has(r#""Action":"#));
        assert_share(&bodies, 1.0 / 10.0, "lower case", has(r#""password":"x""#));
        assert_share(
            &bodies,
            1.0 / 10.0,
            "ids as one string",
            has(r#""InstanceIds":"ins"#),
        );
        assert_share(&bodies, 1.0 / 16.0, "a number", has(",42]"));
        assert_share(
            &bodies,
            1.0 / 20.0,
            "a number password",
            has(r#""Password":12345678"#),
        );
        assert_share(&bodies, 1.0 / 32.0, "cut short", |b| !b.ends_with('}'));
    }
}
