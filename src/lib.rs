//! Pre-flight validation of Tencent Cloud CVM `ResetInstancesPassword` requests.
//!
//! `cvm-rules` checks a request *before* it is sent and explains every problem as
//! a structured [`Diagnostic`]: the Tencent error code the server would answer, the
//! field, a stable rule id, typed parameters, and a message in English or
//! Simplified Chinese. It is pure: no I/O, no clock, no global state.
//!
//! # Start here
//!
//! | to | call |
//! |---|---|
//! | check a request as sent (query form, URL or JSON) | [`Request::parse`], then [`Request::validate`] with a [`Context`] (the OS families, or instance [`Facts`]) → [`Report`] |
//! | check a password alone (a form field, on each keystroke) | [`Profile::check_password`] → [`PasswordReport`] |
//! | show the requirements, each met or not | [`Policy::checklist`] (a report's: [`Report::checklist`]) → [`Checklist`] |
//! | generate a password that passes | [`Policy::generate`] with `rand::rng()`; for many, [`Policy::generator`] → [`Generator`] |
//! | answer a web request in the reader's language | [`Locale::negotiate`] on `Accept-Language`, then [`Report::localized`] → [`Localized`], which serializes (feature `serde`) |
//!
//! A [`Diagnostic`]'s [`RuleId`] is stable: its page has the table of every id
//! with its field, its code in each profile and its severity. The example request
//! of [Tencent's legacy API page for `ResetInstancesPassword`][legacy], checked:
//!
//! ```
//! use cvm_rules::{Context, Locale, OsFamily, OsSet, Profile, Request};
//!
//! // The legacy page's example (with `#` sent as `%23`).
//! let query = b"Action=ResetInstancesPassword&Version=2017-03-12\
//!     &InstanceIds.1=ins-r8hr2upy&InstanceIds.2=ins-5d8a23rs\
//!     &Password=abc123ABC!@%23&ForceStop=TRUE";
//! let request = Request::parse(query, Profile::LEGACY_2017); // the query form, a URL or JSON
//! let report = request.validate(&Context::new());
//! assert!(report.is_valid()); // OS unknown: the Windows rules applied
//!
//! // A short password for a Linux batch.
//! let request = Request::from_query(
//!     b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123",
//!     Profile::LEGACY_2017,
//! );
//! let report = request.validate(&Context::new().with_os(OsSet::only(OsFamily::Linux)));
//! let error = report.first_error().unwrap();
//! assert_eq!(error.code(), Some("InvalidPassword"));
//! assert_eq!(error.rule().as_str(), "password.length");
//! assert_eq!(error.field().to_string(), "Password");
//! assert_eq!(
//!     error.message(Locale::En),
//!     "Password must be 8 to 16 characters long, and it has 6."
//! );
//! assert_eq!(error.message(Locale::ZhCn), "密码长度必须为 8 到 16 个字符，当前为 6 个。");
//! ```
//!
//! # Profiles and rule sets
//!
//! A [`Profile`] bundles a [`RuleSet`] (the password rules of each OS family)
//! with the limits and error codes of one API generation: [`Profile::LEGACY_2017`]
//! (the default: the legacy API, as [Tencent's legacy API page][legacy]
//! describes it) and [`Profile::API3`] (Tencent Cloud API 3.0, as
//! [Tencent's API 3.0 page for `ResetInstancesPassword`][api3] describes it). A third built-in rule set,
//! [`RuleSet::LOGIN_SETTINGS`], holds the rules of API 3.0's
//! `LoginSettings.Password` (`RunInstances`, `ResetInstance`, `EnterRescueMode`).
//!
//! | | `legacy-2017` Linux | `legacy-2017` Windows | `api3` Linux | `api3` Windows | `login-settings` Linux | `login-settings` Windows |
//! |---|---|---|---|---|---|---|
//! | `password.length` | 8–16 | 12–16 | 8–30 | 12–30 | 8–30 | 12–30 |
//! | `password.classes` | ≥ 2 of {letter, digit, special} | ≥ 3 of {lower, upper, digit, special} | ≥ 3 of 4 | ≥ 3 of 4 | ≥ 2 of 4 | ≥ 3 of 4 |
//! | `password.leading_slash` | must not start with `/` | same | same | same | — | — |
//! | `password.charset` | letters, digits, [`Specials::LEGACY_2017`] | same | letters, digits, [`Specials::API3`] (with the backtick) | same | letters, digits, [`Specials::LOGIN_SETTINGS`] (no `_ < >`) | same |
//! | `password.contains_username` | — | — | — | must not contain the user name (≥ 3 characters), case-insensitive | — | — |
//! | `password.recommended_length` (a warning) | — | — | 12 or more recommended | — | 12 or more recommended | — |
//! | password error code | `InvalidPassword` | same | `InvalidParameterValue.InvalidPassword` | same | (the profile's) | |
//!
//! Ubuntu has the Linux rules. A batch of several families gets the conjunction of
//! their policies, minus every rule another one implies: Linux + Windows is exactly
//! Windows. An unknown OS means any family: every family's rules at once (for the
//! built-in rule sets, the Windows policy), and the [`Policy`] says it was assumed
//! ([`Policy::is_os_known`]).
//!
//! # Composing rules
//!
//! Rules are values ([`PasswordRule`]): check one alone, or build a [`Policy`] of
//! several ([`Policy::new`]). Policies combine by conjunction ([`Policy::and`],
//! [`Policy::strictest`]); the built-in OS-set resolution is the same mechanism.
//! Every policy is validated when built ([`PolicyError`]: `min > max`, a class
//! count the allowed characters cannot meet, rules that accept nothing), and
//! compiled into the same table form as the built-in ones, so a run-time policy
//! costs what a built-in one costs. Rule sets and profiles of one's own start
//! from a built-in one ([`RuleSet::with_rule`], [`Profile::with_rule_set`]), and
//! every API that takes a profile takes them.
//!
//! ```
//! use cvm_rules::{Locale, OsFamily, OsSet, Password, PasswordRule, Profile, RuleSet};
//!
//! // Tencent's rules, but at least 14 characters and none of our leaked passwords.
//! let rules = RuleSet::API3
//!     .clone()
//!     .with_id("acme")
//!     .with_rule(OsSet::ALL, PasswordRule::Length { min: 14, max: 30 })
//!     .with_rule(OsSet::ALL, PasswordRule::denylist(["Summer2024!Summer"]));
//! let profile = Profile::API3.clone().with_id("acme").with_rule_set(rules).unwrap();
//! let report = profile.check_password(
//!     &Password::new("abc123ABC!@#"),
//!     OsSet::only(OsFamily::Windows),
//!     None,
//! );
//! let [length] = &report.diagnostics()[..] else { panic!() }; // one length message, not two
//! assert_eq!(length.message(Locale::En), "Password must be 14 to 30 characters long, and it has 12.");
//! ```
//!
//! Beyond the rules of Tencent's pages, `password.denylist`, `password.repeat`,
//! `password.sequence` and `password.class_repeat` (from `pam_pwquality` and NIST
//! SP 800-63B), and rules of
//! one's own ([`CustomRule`]), whose failures land in the same [`Report`],
//! [`Checklist`] and JSON. With the `serde` feature, a [`PolicyFile`] (JSON)
//! tightens a built-in rule set for users of other languages and of the command
//! line.
//!
//! # Decisions where Tencent's pages are silent
//!
//! Where Tencent's documents say nothing (how length counts, which name is looked
//! for, what a repeated parameter means, how rules combine), the crate decides, and
//! says so in one place: the [`decisions`] page.
//!
//! # Input safety
//!
//! No input panics. Input over 1 MiB (1,048,576 bytes) or with more than 10,000
//! parameters is refused as a whole (`input.too_large`)
//! before it is parsed further; work is linear in the input (duplicate ids are found
//! by hashing or a sorted map, never pairwise). A password never appears in any
//! output: [`Password`] redacts itself, and no diagnostic stores password text.
//!
//! # Crate features
//!
//! - `std` (default): `std::error::Error` impls. Without it the crate is
//!   `#![no_std]` with `alloc` (WebAssembly and embedded clients run the same rules).
//! - `serde`: `serde::Serialize` for diagnostics, reports, policies and checklists,
//!   with messages in a chosen locale through [`Localized`]; policy files
//!   ([`PolicyFile`], read with serde's derive).
//! - `arbitrary`: `arbitrary::Arbitrary` for [`Request`], [`Password`], [`OsSet`],
//!   [`Facts`], [`InstanceState`] and the profile choice (`&'static Profile`):
//!   structure-aware input for fuzz targets, yours and the crate's (see the
//!   `structured` target in `fuzz/`).
//! - `cli`: the `cvm-rules` command line (pulls `clap`); the library never needs it.
//!
//! [legacy]: https://cloud.tencent.com/document/api/213/9397
//! [api3]: https://cloud.tencent.com/document/api/213/15736

#![cfg_attr(not(feature = "std"), no_std)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

// Layers, from the bottom up: each module imports only from the lines above it.
// Character kinds, bytes, classes, families, locales, states, the password type:
mod char_kind;
mod characters;
mod hash;
mod limits;
mod locale;
mod os;
mod secret;
mod state;
mod value_error;
// Diagnostics as data (rule ids, fields, params, the custom-rule interface):
mod diagnostic;
// The rules, one file each:
mod rules;
// Policies: conjunction, validation, compilation; rule sets and policy files:
mod policy;
// Profiles: rule sets with their codes and limits:
mod profile;
// Requests, instance facts, validation and its report:
mod facts;
mod report;
mod request;
mod validate;
// Rendering for people and for JSON, and fuzzing input:
#[cfg(feature = "arbitrary")]
mod arbitrary;
mod checklist;
pub mod decisions;
mod message;
#[cfg(feature = "serde")]
mod serialize;
// The glue of the command line and the bindings (the JSON contract, the limits
// they apply): public for them, hidden from the docs, outside semver.
#[cfg(feature = "serde")]
#[doc(hidden)]
pub mod glue;

pub use characters::{Class, ClassSet, Specials};
pub use checklist::{Checklist, Requirement};
pub use diagnostic::{
    CustomParams, CustomRule, Diagnostic, Field, Params, RuleId, Severity, Subject,
};
pub use facts::{Facts, FactsError, InstanceFacts};
pub use locale::Locale;
pub use os::{OsFamily, OsSet};
pub use policy::RuleSet;
pub use policy::{Entropy, GenerateError, Generator, Policy, PolicyError};
#[cfg(feature = "serde")]
pub use policy::{PolicyFile, PolicyFileError};
pub use profile::Profile;
pub use report::PasswordReport;
pub use report::Report;
pub use request::{Request, RequestForm};
pub use rules::PasswordRule;
pub use secret::Password;
#[cfg(feature = "serde")]
pub use serialize::Localized;
pub use state::InstanceState;
pub use validate::{Account, Context};
pub use value_error::ValueError;

/// The parts the main types are made of: the pieces of a diagnostic's
/// [`Params`] (positions and kinds of bad characters, the reason of a malformed
/// id or index), the payloads of [`PasswordRule`]'s variants ([`Denylist`](parts::Denylist),
/// [`CustomRuleRef`](parts::CustomRuleRef)), the lists and iterators the main
/// types hand out, and the errors of their constructors.
///
/// ```
/// use cvm_rules::parts::{BadChar, CharKind};
/// use cvm_rules::{Params, Password, PasswordRule, Specials};
/// let rule = PasswordRule::Charset { specials: Specials::API3 };
/// let Err(Params::Charset { positions, .. }) = rule.check(&Password::new("ab cd"), None) else {
///     panic!()
/// };
/// let [BadChar { position: 3, kind: CharKind::Whitespace, .. }] = positions[..] else { panic!() };
/// ```
pub mod parts {
    pub use crate::char_kind::CharKind;
    pub use crate::diagnostic::{
        BadChar, CustomFailure, CustomRuleRef, IdReason, IndexReason, ItemName, JsonType,
        ParamValue, Positions,
    };
    pub use crate::rules::Denylist;
}

/// The README's Rust examples, run as doctests.
#[cfg(all(doctest, feature = "serde"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
