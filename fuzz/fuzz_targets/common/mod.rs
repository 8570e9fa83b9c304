//! Checks shared by the request targets: what every report must satisfy, whatever
//! the input (spec section 8).

#![allow(dead_code)]

use core::convert::Infallible;
use cvm_rules::{Field, Locale, Localized, Profile, Report, Request, Severity};

use rand_core::{TryCryptoRng, TryRng};

#[path = "../../../tests/support/fuzz_input.rs"]
mod fuzz_input;

// Each target compiles this module; not every target reads every helper.
#[allow(unused_imports)]
pub use fuzz_input::{
    failures_one_by_one, field_key, os_sets, rules_and_params, split_password_input,
};

/// One input in this many runs every oracle in the fast mode.
const SAMPLE: u64 = 16;

/// How deeply a target checks one input.
///
/// The fast mode (the default) runs the cheap oracles on every input, under one
/// profile, OS set and user name picked from the input's bytes, and the expensive
/// ones (every combination, rendering every message, serializing) on one input
/// in [`SAMPLE`], also picked by a hash of its bytes: the same inputs on every
/// run, so a failure replays. `CVM_FUZZ_THOROUGH=1` (`fuzz/run --thorough`)
/// runs every oracle on every input.
pub struct Depth {
    hash: u64,
}

impl Depth {
    pub fn of(data: &[u8]) -> Self {
        // FNV-1a: stable across runs and builds, unlike `DefaultHasher`.
        let hash = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Depth { hash }
    }

    /// Whether every oracle runs on this input.
    pub fn full(&self) -> bool {
        thorough() || self.hash.is_multiple_of(SAMPLE)
    }

    /// A seed for random numbers, from the input.
    pub fn seed(&self) -> u64 {
        self.hash
    }

    /// What to check of `all`: every item when every oracle runs, else the one
    /// picked with `salt`.
    pub fn sample<'a, T>(&self, all: &'a [T], salt: u32) -> &'a [T] {
        if self.full() {
            all
        } else {
            let one = self.pick(all.len(), salt);
            &all[one..=one]
        }
    }

    /// An index below `n` picked by the input (`salt` makes separate picks of
    /// one input independent).
    pub fn pick(&self, n: usize, salt: u32) -> usize {
        let mixed = (self.hash ^ u64::from(salt).wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .wrapping_mul(0xff51_afd7_ed55_8ccd);
        ((mixed >> 32) % n as u64) as usize
    }
}

/// `CVM_FUZZ_THOROUGH` set (to anything but `0`), read once.
pub fn thorough() -> bool {
    static THOROUGH: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *THOROUGH.get_or_init(|| std::env::var_os("CVM_FUZZ_THOROUGH").is_some_and(|v| v != "0"))
}

/// The invariants of one report of a request with `items` instance ids.
pub fn check_report(report: &Report, items: usize) {
    let diagnostics = report.diagnostics();

    // Order: non-decreasing by (parameter, item, rule).
    for pair in diagnostics.windows(2) {
        let a = (field_key(pair[0].field()), pair[0].rule());
        let b = (field_key(pair[1].field()), pair[1].rule());
        assert!(a <= b, "diagnostics out of order: {pair:#?}");
    }

    // The first error is the first diagnostic with severity Error.
    let first = diagnostics.iter().find(|d| d.severity() == Severity::Error);
    assert_eq!(
        report.first_error(),
        first,
        "first_error is not the first error"
    );
    assert_eq!(report.is_valid(), first.is_none());
    assert_eq!(
        report.errors().count() + report.warnings().count(),
        diagnostics.len()
    );

    // A refused input is one diagnostic on the input as a whole.
    if diagnostics.iter().any(|d| *d.field() == Field::Input) {
        assert_eq!(diagnostics.len(), 1, "a refused input has one diagnostic");
    }

    for d in diagnostics {
        assert_eq!(d.severity(), d.rule().severity());
        // Errors carry the profile's code; warnings none.
        match d.severity() {
            Severity::Error => assert!(d.code().is_some(), "an error without a code: {d:?}"),
            _ => assert!(d.code().is_none(), "a warning with a code: {d:?}"),
        }
        if let Field::InstanceId { position, .. } = d.field() {
            assert!(
                *position < items,
                "an item diagnostic past the last item: {d:?}"
            );
        }
    }
}

/// Renders every message of `report` in both locales, and the report serialized
/// in both; returns all of it, with the `Debug` of each diagnostic and its params.
/// No message is the catch-all, which only a rule/params mismatch reaches.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in report.diagnostics() {
        for locale in [Locale::En, Locale::ZhCn] {
            let message = d.message(locale);
            assert!(!message.is_empty());
            let fallback_en = format!("rule {} is not met.", d.rule());
            let fallback_zh = format!("不满足规则 {}。", d.rule());
            assert!(
                !message.ends_with(&fallback_en) && !message.ends_with(&fallback_zh),
                "a rule rendered with params of another shape: {d:?}"
            );
            out.push_str(&message);
            out.push('\n');
        }
        out.push_str(&format!("{d:?}\n{:?}\n{}\n", d.params(), d.field()));
    }
    for locale in [Locale::En, Locale::ZhCn] {
        let json =
            serde_json::to_string(&Localized::new(report, locale)).expect("a report serializes");
        out.push_str(&json);
        out.push('\n');
    }
    out
}

/// Validates `request` and checks every report: in full depth under every OS
/// set, twice each, rendering each distinct report and reading the accounts;
/// else once, under one OS set picked by the input.
pub fn validate_everywhere(request: &Request<'_, '_>, depth: &Depth) {
    if !depth.full() {
        let (os, _) = os_sets().nth(depth.pick(8, 1)).expect("eight OS sets");
        let report = request.validate(&cvm_rules::Context::new().with_os(os));
        assert_eq!(report.policy(), request.profile().policy(os));
        check_report(&report, request.instance_id_count());
        return;
    }
    let mut rendered: Vec<Vec<cvm_rules::Diagnostic>> = Vec::new();
    for (os, _) in os_sets() {
        let ctx = cvm_rules::Context::new().with_os(os);
        let report = request.validate(&ctx);
        let again = request.validate(&ctx);
        assert_eq!(
            report.diagnostics(),
            again.diagnostics(),
            "validating twice differs"
        );
        assert_eq!(report.policy(), again.policy());
        assert_eq!(
            report.policy(),
            request.profile().policy(os),
            "without facts, the policy is the stated OS set's"
        );
        check_report(&report, request.instance_id_count());
        // Rendering is the slow part: once per distinct list of diagnostics.
        if !rendered.iter().any(|r| r == report.diagnostics()) {
            render(&report);
            rendered.push(report.into_diagnostics());
        }
        let _ = request.accounts(&ctx);
    }
}

/// Reads `input` with `read` and validates it (see [`validate_everywhere`]); in
/// full depth, reads it twice, checks that both readings agree, and that an owned
/// copy validates the same.
pub fn read_and_check<'a>(
    input: &'a [u8],
    profile: &'static Profile,
    read: fn(&'a [u8], &'static Profile) -> Request<'a, 'static>,
    depth: &Depth,
) -> Request<'a, 'static> {
    let request = read(input, profile);
    validate_everywhere(&request, depth);
    if !depth.full() {
        return request;
    }
    let again = read(input, profile);
    assert_eq!(
        request.wire_diagnostics(),
        again.wire_diagnostics(),
        "reading twice differs"
    );
    let owned = request.clone().into_owned();
    let ctx = cvm_rules::Context::new();
    assert_eq!(
        request.validate(&ctx).diagnostics(),
        owned.validate(&ctx).diagnostics(),
        "an owned copy validates differently"
    );
    request
}

/// Whether `field` is a Boolean parameter, by the parameter list.
fn on_a_flag(field: &Field) -> bool {
    let shown = field.to_string();
    cvm_rules::glue::wire_parameters()
        .any(|(name, shape)| shape == Some(cvm_rules::glue::WireShape::Flag) && name == shown)
}

/// A request without wire-form problems survives `to_query_exposing_password`
/// and reading back: the same values, and the same (field, rule) diagnostics
/// (but those on a Boolean parameter such as `ForceStop`, whose bad value is
/// not kept, and `Action` and `Version` for a JSON request, where they are
/// optional).
pub fn round_trip(request: &Request<'_, '_>) {
    if !request.wire_diagnostics().is_empty() {
        return;
    }
    let query = request.to_query_exposing_password();
    let back = Request::from_query(query.as_bytes(), request.profile());
    assert_eq!(
        back.wire_diagnostics(),
        &[],
        "the serialized request does not read back cleanly: {query:?}"
    );
    assert!(back.password_value() == request.password_value());
    assert_eq!(back.user_name_value(), request.user_name_value());
    assert_eq!(back.force_stop_value(), request.force_stop_value());
    assert!(back.instance_id_values().eq(request.instance_id_values()));
    let json = request.form() == cvm_rules::RequestForm::Json;
    let shape = |r: &Request<'_, '_>| -> Vec<(String, cvm_rules::RuleId)> {
        r.validate(&cvm_rules::Context::new())
            .diagnostics()
            .iter()
            // A Boolean that is not one is not kept, so not serialized.
            .filter(|d| !on_a_flag(d.field()))
            .filter(|d| !json || !matches!(d.field(), Field::Action | Field::Version))
            .map(|d| (d.field().to_string(), d.rule()))
            .collect()
    };
    assert_eq!(
        shape(request),
        shape(&back),
        "a round trip changes the diagnostics: {query:?}"
    );
}

/// A password of the same shape (length, classes, leading `/`, positions and
/// kinds of bad characters, grapheme clusters, user name containment) with other
/// characters: each letter, digit and special but `/`, and each CJK ideograph
/// (the Chinese messages are made of them), moved one place along its class.
pub fn same_shape(text: &str) -> String {
    let specials: Vec<char> = cvm_rules::Specials::LEGACY_2017
        .chars()
        .filter(|&c| c != '/')
        .collect();
    text.chars()
        .map(|c| match c {
            'a'..='y' | 'A'..='Y' | '0'..='8' => char::from(c as u8 + 1),
            'z' => 'a',
            'Z' => 'A',
            '9' => '0',
            '\u{4E00}'..='\u{9FFE}' => char::from_u32(c as u32 + 1).unwrap(),
            '\u{9FFF}' => '\u{4E00}',
            _ => match specials.iter().position(|&s| s == c) {
                Some(i) => specials[(i + 1) % specials.len()],
                None => c,
            },
        })
        .collect()
}

/// SplitMix64 seeded by the input: random numbers that replay with the input. (The
/// targets need no secret randomness; `CryptoRng` only marks the type as accepted.)
pub struct InputRng(pub u64);

impl TryRng for InputRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for InputRng {}
