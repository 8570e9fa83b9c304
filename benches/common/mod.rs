//! The inputs of the four benchmark groups and the two implementations the crate
//! is measured against, shared by `benches/validate.rs` (criterion) and
//! `examples/callgrind.rs` (instruction counts), which `#[path]`-includes it.
//!
//! - **Baseline**: what a typical backend writes. One regex per character class,
//!   one for the alphabet, one for the instance id, compiled once and reused;
//!   every password rule is evaluated (a form shows all failures), into a bit mask
//!   of failed rules, so the baseline allocates no diagnostics either. The query
//!   form is decoded with `form_urlencoded` (the decoder the crate uses too).
//! - **Floor**: a bare single pass over the bytes through its own 256-entry table,
//!   no diagnostics, no positions, no duplicate-id detection: the least work that
//!   decides valid/invalid.
//!
//! All three implement `legacy-2017` with the OS unknown (the strictest policy,
//! Windows): 12–16 characters, at least 3 of {lower, upper, digit, special},
//! no leading `/`, only letters, digits and `SPECIALS_2017`.

#![allow(dead_code)]

use std::borrow::Cow;

use std::sync::OnceLock;

use cvm_rules::{Context, OsSet, Password, PasswordReport, Policy, Profile, Request};
use regex::Regex;

/// The 29 specials of `legacy-2017` (`SPECIALS_2017`), written out again here so
/// the baseline and the floor do not borrow the crate's definition.
pub const SPECIALS: &str = "()~!@#$%^&*-+=_|{}[]:;'<>,.?/";

/// Group (a): one valid 16-character password.
pub const VALID_PASSWORD: &str = "abc123ABC!@#xyz9";

/// Group (b): 16 passwords, valid and invalid, covering every password rule.
pub const MIX: [&str; 16] = [
    "abc123ABC!@#xyz9",    // valid, 16 characters, 4 classes
    "Passw0rd!Abc",        // valid, 12 characters
    "ABC123!@#$%^&*",      // valid, upper + digit + special
    "correcthorse9X",      // valid, lower + digit + upper
    "Tr0ub4dor&3xYz",      // valid
    "abc123",              // length (6) and classes (2)
    "abc123ABC!@#xyz99",   // length (17)
    "abcdefghijklmn",      // classes (1)
    "abcdefgh12345",       // classes (2)
    "/abc123ABC!@#x",      // leading slash
    "abc 123ABC!@#x",      // charset: space
    "abc123ABC!@#\u{e9}1", // charset: non-ASCII (14 characters, 15 bytes)
    "abc123ABC!@#`1",      // charset: backtick (not special in legacy-2017)
    "abc123ABC\"!@#",      // charset: double quote
    "abc123ABC\\!@#\t",    // charset: backslash and a control character
    "\u{5bc6}\u{7801}Ab1!\u{5bc6}\u{7801}\u{5bc6}\u{7801}", // 10 characters, 22 bytes: length and charset
];

/// The user name of groups (c) and (d).
pub const USER_NAME: &str = "deploy-admin";

/// Most instance ids in one request (`legacy-2017`).
pub const MAX_IDS: usize = 100;

/// Group (c): 100 distinct, well-formed instance ids.
pub fn instance_ids() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    // A fixed pseudo-random sequence (xorshift), so every run measures the same ids.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut ids = Vec::with_capacity(MAX_IDS);
    while ids.len() < MAX_IDS {
        let mut id = String::from("ins-");
        for _ in 0..8 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            id.push(ALPHABET[(state % ALPHABET.len() as u64) as usize] as char);
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// Group (d): the request of group (c) in the query form, as a client sends it
/// (`#` escaped as `%23`).
pub fn query(ids: &[String]) -> Vec<u8> {
    let mut q = String::from("Action=ResetInstancesPassword&Version=2017-03-12");
    for (i, id) in ids.iter().enumerate() {
        q.push_str(&format!("&InstanceIds.{}={id}", i + 1));
    }
    q.push_str("&Password=abc123ABC!@%23xyz9&UserName=");
    q.push_str(USER_NAME);
    q.into_bytes()
}

/// Group (f): the request of group (c) in the JSON form.
pub fn json(ids: &[String]) -> Vec<u8> {
    let ids: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
    format!(
        r#"{{"Action":"ResetInstancesPassword","Version":"2017-03-12","InstanceIds":[{}],"Password":"abc123ABC!@#xyz9","UserName":"{USER_NAME}"}}"#,
        ids.join(",")
    )
    .into_bytes()
}

/// Group (f)'s yardstick: `serde_json::from_slice` of the same document into a
/// plain struct of borrowed fields (what a backend would derive), no checks.
#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlainJson<'a> {
    #[serde(borrow)]
    pub action: Option<&'a str>,
    #[serde(borrow)]
    pub version: Option<&'a str>,
    #[serde(borrow)]
    pub instance_ids: Vec<&'a str>,
    #[serde(borrow)]
    pub password: Option<&'a str>,
    #[serde(borrow)]
    pub user_name: Option<&'a str>,
    pub force_stop: Option<bool>,
}

/// Group (f) with serde_json: the borrowed struct, read.
#[inline]
pub fn serde_read(json: &[u8]) -> bool {
    serde_json::from_slice::<PlainJson<'_>>(json).is_ok_and(|r| r.instance_ids.len() == MAX_IDS)
}

/// Group (f) with the crate: the JSON form read (`Request::from_json`), no validation.
#[inline]
pub fn crate_read_json(json: &[u8]) -> bool {
    Request::from_json(json, Profile::LEGACY_2017).instance_id_count() == MAX_IDS
}

/// A request as the baseline and the floor take it, already parsed.
pub struct Plain<'a> {
    /// `InstanceIds`, in order.
    pub ids: Vec<&'a str>,
    /// `Password`.
    pub password: &'a str,
    /// `UserName`.
    pub user_name: Option<&'a str>,
}

impl<'a> Plain<'a> {
    /// The request of group (c).
    pub fn new(ids: &'a [String]) -> Plain<'a> {
        Plain {
            ids: ids.iter().map(String::as_str).collect(),
            password: VALID_PASSWORD,
            user_name: Some(USER_NAME),
        }
    }
}

// ---------------------------------------------------------------------------
// The crate
// ---------------------------------------------------------------------------

/// The crate's policy of groups (a) and (b): `legacy-2017`, OS unknown.
pub fn crate_policy() -> &'static Policy {
    Profile::LEGACY_2017.policy(OsSet::UNKNOWN)
}

/// The crate with diagnostics: `Profile::check_password`.
#[inline]
pub fn crate_check(password: &str) -> bool {
    let report: PasswordReport =
        Profile::LEGACY_2017.check_password(&Password::new(password), OsSet::UNKNOWN, None);
    report.is_valid()
}

/// The same policy built at run time from its rules (`Policy::new`), as a user's
/// policy is: compiled into the same form, so it should cost the same.
#[inline]
pub fn crate_runtime_policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let rules: Vec<_> = crate_policy().rules().cloned().collect();
        let policy = Policy::new(&rules).expect("the built-in rules make a valid policy");
        assert!(policy.rules().eq(crate_policy().rules()));
        policy
    })
}

/// The crate with diagnostics, under the run-time policy:
/// `Profile::check_password_with`.
#[inline]
pub fn crate_runtime_check(policy: &Policy, password: &str) -> bool {
    Profile::LEGACY_2017
        .check_password_with(policy, &Password::new(password), None)
        .is_valid()
}

/// Group (e): the built-in policy with a deny-list of `entries` entries
/// (`Leaked<i>!pw`), built once.
pub fn crate_denylist_policy(entries: usize) -> Policy {
    let leaked: Vec<String> = (0..entries).map(|i| format!("Leaked{i}!pw")).collect();
    crate_policy()
        .and(&Policy::new(&[cvm_rules::PasswordRule::denylist(&leaked)]).unwrap())
        .unwrap()
}

/// The crate without diagnostics: `Policy::accepts`.
#[inline]
pub fn crate_accepts(policy: &Policy, password: &str) -> bool {
    policy.accepts(password, None)
}

/// The request of group (c), built with the crate's builder.
pub fn crate_request(ids: &[String]) -> Request<'_, '_> {
    Request::new(Profile::LEGACY_2017)
        .with_instance_ids(ids.iter().map(String::as_str))
        .with_password(VALID_PASSWORD)
        .with_user_name(USER_NAME)
}

/// Group (c) with the crate.
#[inline]
pub fn crate_validate(request: &Request<'_, '_>) -> bool {
    request.validate(&Context::new()).is_valid()
}

/// Group (d) with the crate.
#[inline]
pub fn crate_parse_validate(query: &[u8]) -> bool {
    Request::from_query(query, Profile::LEGACY_2017)
        .validate(&Context::new())
        .is_valid()
}

// ---------------------------------------------------------------------------
// The regex baseline
// ---------------------------------------------------------------------------

/// Failed-rule bits of the baseline.
pub const FAIL_LENGTH: u8 = 1 << 0;
/// Too few classes.
pub const FAIL_CLASSES: u8 = 1 << 1;
/// Starts with `/`.
pub const FAIL_LEADING_SLASH: u8 = 1 << 2;
/// A character outside the alphabet.
pub const FAIL_CHARSET: u8 = 1 << 3;

/// The regexes, compiled once.
pub struct Baseline {
    lower: Regex,
    upper: Regex,
    digit: Regex,
    special: Regex,
    alphabet: Regex,
    instance_id: Regex,
}

impl Default for Baseline {
    fn default() -> Self {
        Baseline::new()
    }
}

impl Baseline {
    /// Compiles the regexes.
    pub fn new() -> Baseline {
        let specials = regex::escape(SPECIALS);
        Baseline {
            lower: Regex::new("[a-z]").unwrap(),
            upper: Regex::new("[A-Z]").unwrap(),
            digit: Regex::new("[0-9]").unwrap(),
            special: Regex::new(&format!("[{specials}]")).unwrap(),
            alphabet: Regex::new(&format!("^[a-zA-Z0-9{specials}]*$")).unwrap(),
            instance_id: Regex::new("^ins-[a-z0-9]{8}$").unwrap(),
        }
    }

    /// The failed rules of one password (0 when it is valid).
    pub fn password_failures(&self, password: &str) -> u8 {
        let mut failed = 0;
        let len = password.chars().count();
        if !(12..=16).contains(&len) {
            failed |= FAIL_LENGTH;
        }
        let classes = [&self.lower, &self.upper, &self.digit, &self.special]
            .iter()
            .filter(|r| r.is_match(password))
            .count();
        if classes < 3 {
            failed |= FAIL_CLASSES;
        }
        if password.starts_with('/') {
            failed |= FAIL_LEADING_SLASH;
        }
        if !self.alphabet.is_match(password) {
            failed |= FAIL_CHARSET;
        }
        failed
    }

    /// Groups (a) and (b).
    #[inline]
    pub fn password_ok(&self, password: &str) -> bool {
        self.password_failures(password) == 0
    }

    /// Group (c): every rule evaluated, as a backend collecting errors would.
    pub fn request_ok(&self, request: &Plain<'_>) -> bool {
        self.values_ok(&request.ids, Some(request.password), request.user_name)
    }

    fn values_ok(&self, ids: &[&str], password: Option<&str>, user_name: Option<&str>) -> bool {
        let mut ok = !ids.is_empty() && ids.len() <= MAX_IDS;
        for id in ids {
            ok &= self.instance_id.is_match(id);
        }
        ok &= password.is_some_and(|p| self.password_ok(p));
        ok &= user_name.is_none_or(|u| u.chars().count() <= 64);
        ok
    }

    /// Group (d): decode with `form_urlencoded`, collect the parameters, validate.
    pub fn query_ok(&self, query: &[u8]) -> bool {
        let mut ok = true;
        let (mut action, mut version, mut password, mut user_name, mut force_stop) =
            (None, None, None, None, None);
        let mut items: Vec<(u64, Cow<'_, str>)> = Vec::new();
        for (name, value) in form_urlencoded::parse(query) {
            let slot = match &*name {
                "Action" => &mut action,
                "Version" => &mut version,
                "Password" => &mut password,
                "UserName" => &mut user_name,
                "ForceStop" => &mut force_stop,
                n => {
                    if let Some(index) = n.strip_prefix("InstanceIds.") {
                        match index.parse::<u64>() {
                            Ok(i) if !index.starts_with('0') => items.push((i, value)),
                            _ => ok = false,
                        }
                    }
                    continue;
                }
            };
            ok &= slot.is_none(); // repeated
            if !value.is_empty() && slot.is_none() {
                *slot = Some(value);
            }
        }
        items.sort_by_key(|(i, _)| *i);
        ok &= items
            .iter()
            .enumerate()
            .all(|(n, (i, _))| *i == n as u64 + 1);
        ok &= action.as_deref() == Some("ResetInstancesPassword");
        ok &= version.as_deref() == Some("2017-03-12");
        ok &= force_stop
            .is_none_or(|f| f.eq_ignore_ascii_case("true") || f.eq_ignore_ascii_case("false"));
        let ids: Vec<&str> = items.iter().map(|(_, id)| &**id).collect();
        ok & self.values_ok(&ids, password.as_deref(), user_name.as_deref())
    }
}

// ---------------------------------------------------------------------------
// The floor
// ---------------------------------------------------------------------------

const F_LOWER: u8 = 1 << 0;
const F_UPPER: u8 = 1 << 1;
const F_DIGIT: u8 = 1 << 2;
const F_SPECIAL: u8 = 1 << 3;
/// Not allowed in a password: controls, space, `"`, `\`, backtick, non-ASCII bytes.
const F_BAD: u8 = 1 << 4;

/// The floor's own byte table.
static FLOOR: [u8; 256] = floor_table();

const fn floor_table() -> [u8; 256] {
    let mut table = [F_BAD; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_lowercase() {
            table[b] = F_LOWER;
        } else if c.is_ascii_uppercase() {
            table[b] = F_UPPER;
        } else if c.is_ascii_digit() {
            table[b] = F_DIGIT;
        }
        b += 1;
    }
    let specials = SPECIALS.as_bytes();
    let mut i = 0;
    while i < specials.len() {
        table[specials[i] as usize] = F_SPECIAL;
        i += 1;
    }
    table
}

/// Groups (a) and (b): one pass — class bits and characters — then four tests.
#[inline]
pub fn floor_password_ok(password: &str) -> bool {
    let bytes = password.as_bytes();
    let mut bits = 0u8;
    let mut chars = 0usize;
    for &b in bytes {
        bits |= FLOOR[b as usize];
        chars += (b & 0xC0 != 0x80) as usize;
    }
    (12..=16).contains(&chars)
        && (bits & (F_LOWER | F_UPPER | F_DIGIT | F_SPECIAL)).count_ones() >= 3
        && bits & F_BAD == 0
        && bytes.first() != Some(&b'/')
}

/// The stricter floor of `../shared/perf-anchor` (its `lut`), for groups (a), (b)
/// and (c): one table lookup per byte and nothing else (the length in bytes, no
/// character count: a non-ASCII byte is refused by the table anyway).
#[inline]
pub fn anchor_floor_password_ok(password: &str) -> bool {
    let b = password.as_bytes();
    if b.len() < 12 || b.len() > 16 || b[0] == b'/' {
        return false;
    }
    let mut seen = 0u8;
    for &c in b {
        seen |= FLOOR[c as usize];
    }
    seen & F_BAD == 0 && (seen & (F_LOWER | F_UPPER | F_DIGIT | F_SPECIAL)).count_ones() >= 3
}

/// Group (c) by the anchor's floor.
pub fn anchor_floor_request_ok(request: &Plain<'_>) -> bool {
    let n = request.ids.len();
    if n == 0 || n > MAX_IDS {
        return false;
    }
    let mut ok = true;
    for id in &request.ids {
        let b = id.as_bytes();
        if b.len() != 12 || &b[..4] != b"ins-" {
            return false;
        }
        let mut seen = 0u8;
        for &c in &b[4..] {
            seen |= FLOOR[c as usize];
        }
        ok &= seen & !(F_LOWER | F_DIGIT) == 0;
    }
    ok && request
        .user_name
        .is_none_or(|u| u.len() <= 64 || u.chars().count() <= 64)
        && anchor_floor_password_ok(request.password)
}

/// `ins-` and 8 of `[a-z0-9]`.
#[inline]
pub fn floor_instance_id_ok(id: &[u8]) -> bool {
    id.len() == 12
        && id.starts_with(b"ins-")
        && id[4..]
            .iter()
            .all(|&b| FLOOR[b as usize] & (F_LOWER | F_DIGIT) != 0)
}

/// Group (c).
pub fn floor_request_ok(request: &Plain<'_>) -> bool {
    !request.ids.is_empty()
        && request.ids.len() <= MAX_IDS
        && request
            .ids
            .iter()
            .all(|id| floor_instance_id_ok(id.as_bytes()))
        && floor_password_ok(request.password)
        && request.user_name.is_none_or(|u| u.chars().count() <= 64)
}

/// Percent-decodes `raw` (`+` is a space, invalid escapes kept) into `buf`; `None`
/// when it does not fit (every value the floor accepts is short).
fn floor_decode<'b>(raw: &[u8], buf: &'b mut [u8; 256]) -> Option<&'b [u8]> {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let mut n = 0;
    let mut i = 0;
    while i < raw.len() {
        let mut b = raw[i];
        if b == b'+' {
            b = b' ';
        } else if b == b'%' {
            if let (Some(h), Some(l)) = (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                b = h << 4 | l;
                i += 2;
            }
        }
        *buf.get_mut(n)? = b;
        n += 1;
        i += 1;
    }
    Some(&buf[..n])
}

/// Group (d): one pass over the `&`-separated pairs, values decoded into a stack
/// buffer and checked as they come; indexes tracked in a bit set.
pub fn floor_query_ok(query: &[u8]) -> bool {
    const ACTION: u8 = 1;
    const VERSION: u8 = 2;
    const PASSWORD: u8 = 4;
    const USER_NAME: u8 = 8;
    const FORCE_STOP: u8 = 16;
    let mut seen = 0u8;
    let mut present = 0u8;
    let mut indexes = 0u128; // bit i: InstanceIds.i (1..=100) seen
    let mut items = 0u32;
    let mut buf = [0u8; 256];
    for pair in query.split(|&b| b == b'&') {
        if pair.is_empty() {
            continue;
        }
        let (name, raw) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[pair.len()..]),
        };
        let flag = match name {
            b"Action" => ACTION,
            b"Version" => VERSION,
            b"Password" => PASSWORD,
            b"UserName" => USER_NAME,
            b"ForceStop" => FORCE_STOP,
            b"InstanceIds" => return false,
            _ => {
                let Some(index) = name.strip_prefix(b"InstanceIds.") else {
                    continue; // a common or unknown parameter: not checked
                };
                let i = match index {
                    [b'1'..=b'9'] | [b'1'..=b'9', b'0'..=b'9'] | [b'1', b'0', b'0'] => index
                        .iter()
                        .fold(0usize, |n, &d| n * 10 + usize::from(d - b'0')),
                    _ => return false,
                };
                let id_ok = floor_decode(raw, &mut buf).is_some_and(floor_instance_id_ok);
                if indexes & (1 << i) != 0 || !id_ok {
                    return false;
                }
                indexes |= 1 << i;
                items += 1;
                continue;
            }
        };
        // Every value the floor accepts fits the buffer (at most 64 characters).
        let Some(value) = floor_decode(raw, &mut buf) else {
            return false;
        };
        if seen & flag != 0 {
            return false; // repeated
        }
        seen |= flag;
        if value.is_empty() {
            continue; // empty counts as absent
        }
        present |= flag;
        let ok = match flag {
            ACTION => value == b"ResetInstancesPassword",
            VERSION => value == b"2017-03-12",
            PASSWORD => core::str::from_utf8(value).is_ok_and(floor_password_ok),
            USER_NAME => core::str::from_utf8(value).is_ok_and(|u| u.chars().count() <= 64),
            _ => value.eq_ignore_ascii_case(b"true") || value.eq_ignore_ascii_case(b"false"),
        };
        if !ok {
            return false;
        }
    }
    // Items 1..=n with no gap, n ≥ 1; Action, Version and Password present.
    items >= 1
        && indexes == ((1u128 << items) - 1) << 1
        && present & (ACTION | VERSION | PASSWORD) == ACTION | VERSION | PASSWORD
}
