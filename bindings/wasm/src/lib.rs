//! The WebAssembly side of the `cvm-rules` npm package (the JavaScript side is
//! `js/api.js`, which is what users call).
//!
//! Only strings and numbers cross the boundary. Options come in as JSON text,
//! made by `JSON.stringify` in JavaScript (a cycle, or a value too deep for the
//! JavaScript stack, is refused there), and read by the library with serde_json's
//! nesting limit of 128: nothing a caller passes drives recursion deeper than a
//! fixed bound inside the module, where a stack overflow would leave the module
//! broken for every later call. Answers go out as JSON text, which JavaScript's
//! `JSON.parse` turns into objects faster than property-by-property conversion;
//! each answer's policy is written as `null` and its slot is kept
//! ([`NativeValidator::last_slot`]), so JavaScript converts each policy once and
//! shares it between answers.
//!
//! `check_password`, the call a form makes on every keystroke, answers with
//! numbers instead: the slot, the verdict and an id per diagnostic, each distinct
//! diagnostic's JSON made (and parsed by JavaScript) once. Parsing JSON text costs
//! four times what copying the parsed object does (BENCHMARKS.md).
//!
//! Errors are strings: `T` and the message for a value of the wrong type (a
//! `TypeError` in JavaScript), `V` and the message for a bad value (a
//! `CvmRulesError`). Every message is the library's, and none repeats a value.
//! Nothing here panics on any input: a panic would abort the module.
//!
//! Randomness comes from a JavaScript object that `js/api.js` passes to each
//! `generate` ([`RandomFill`]): its `fill(bytes)` never throws (an exception
//! unwinding through the module's frames would leave its state broken) and
//! answers whether the platform's source filled the bytes. When it did not, the
//! bytes are `0xFF`, which the library's uniform draw rejects: after
//! `Policy::MAX_REJECTED_DRAWS` of them it gives up with its typed error, so a
//! throwing, missing or constant source ends every `generate` after a bounded
//! number of draws, and leaves nothing behind.

#![forbid(unsafe_code)]

use std::cell::{Cell, RefCell};

use core::convert::Infallible;
use cvm_rules::glue::READ_CAP;
use cvm_rules::glue::{Options, OptionsError, Validator};
use cvm_rules::{Diagnostic, Facts, Locale, Localized, Password};
use rand_core::{TryCryptoRng, TryRng};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// An error for JavaScript: its kind (`T` or `V`) and the library's message.
fn error(e: OptionsError) -> String {
    let kind = if e.is_type_error() { 'T' } else { 'V' };
    format!("{kind}{e}")
}

/// JSON text of an output (serializing the crate's outputs to a `String` cannot
/// fail: every map key is a string).
fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| String::from("null"))
}

/// A whole number of JavaScript (`f64`) as a count: `NaN`, negative and
/// fractional numbers are refused with the library's error.
fn whole(value: Option<f64>, option: &'static str) -> Result<Option<usize>, String> {
    match value {
        None => Ok(None),
        Some(x) if x >= 0.0 && x.fract() == 0.0 => Ok(Some(x as usize)),
        Some(_) => Err(error(OptionsError::NotWhole(option))),
    }
}

/// Options read and compiled once (the library's [`Validator`]); the
/// JavaScript `Validator` holds one.
#[wasm_bindgen]
pub struct NativeValidator {
    inner: Validator,
    /// The per-call options of the module-level functions (`password`,
    /// `userName`, `length`, `count`), when built by them.
    call: Options,
    /// The policy slot of the last answer of `check` or `check_password`.
    last_slot: Cell<u32>,
    /// The diagnostics `check_password` answered with, by id.
    interned: RefCell<Interned>,
}

/// Diagnostics by id, for `check_password`. Bounded: when an answer would not
/// fit, the table starts again under a new generation (JavaScript then forgets
/// its copies).
#[derive(Default)]
struct Interned {
    generation: u32,
    diagnostics: Vec<Diagnostic>,
}

/// The most diagnostics kept by id. Searched linearly from the newest: a form's
/// answers repeat a few.
const MAX_INTERNED: usize = 64;

#[wasm_bindgen]
impl NativeValidator {
    /// Reads `options` (JSON text). With `per_call`, the options of one call
    /// are kept for `explain_options` and `generate_options` (the module-level
    /// functions); without, they are refused (a `Validator`'s constructor).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, per_call: bool) -> Result<NativeValidator, String> {
        let call = Options::from_json(options).map_err(error)?;
        let inner = if per_call {
            Validator::ignoring_call_options(&call)
        } else {
            Validator::new(&call)
        }
        .map_err(error)?;
        Ok(NativeValidator {
            inner,
            call,
            last_slot: Cell::new(0),
            interned: RefCell::default(),
        })
    }

    /// The slot of the last answer's policy (see [`NativeValidator::policy`]);
    /// 8 when it is not one of the profile's.
    pub fn last_slot(&self) -> u32 {
        self.last_slot.get()
    }

    /// The JSON text of the policy of `slot`.
    pub fn policy(&self, slot: u32) -> String {
        match self.inner.policy_of_slot(slot as usize) {
            Some(policy) => json(policy),
            None => json(self.inner.policy()),
        }
    }

    /// Validates a request given as text (JavaScript cuts it at the read cap,
    /// in UTF-16 units, and the library at the read cap in bytes).
    pub fn check_text(&self, input: &str, facts: Option<String>) -> Result<String, String> {
        self.check(input.as_bytes(), facts)
    }

    /// Validates a request given as bytes.
    pub fn check_bytes(&self, input: &[u8], facts: Option<String>) -> Result<String, String> {
        self.check(input, facts)
    }

    /// Checks a password alone: the JSON text of the answer, without its policy.
    pub fn check_password_json(&self, password: &str, user_name: Option<String>) -> String {
        let password = Password::new(password);
        self.inner
            .check_password(&password, user_name.as_deref(), |out| {
                self.keep_slot(out.policy_slot());
                json(&out.without_policy())
            })
    }

    /// Checks a password alone: `[generation, slot, valid, id…]`, an id per
    /// diagnostic (its JSON from [`NativeValidator::diagnostic`]).
    pub fn check_password(&self, password: &str, user_name: Option<String>) -> Vec<u32> {
        let password = Password::new(password);
        self.inner
            .check_password(&password, user_name.as_deref(), |out| {
                let slot = out.policy_slot().map_or(8, |s| s as u32);
                let diagnostics = out.report().diagnostics();
                let mut interned = self.interned.borrow_mut();
                if interned.diagnostics.len() + diagnostics.len() > MAX_INTERNED {
                    interned.diagnostics.clear();
                    interned.generation = interned.generation.wrapping_add(1);
                }
                let mut answer = Vec::with_capacity(3 + diagnostics.len());
                answer.extend([interned.generation, slot, u32::from(out.is_valid())]);
                for diagnostic in diagnostics {
                    let known = interned.diagnostics.iter().rposition(|d| *d == diagnostic);
                    let id = known.unwrap_or_else(|| {
                        interned.diagnostics.push(diagnostic);
                        interned.diagnostics.len() - 1
                    });
                    answer.push(id as u32);
                }
                answer
            })
    }

    /// The JSON text of the diagnostic `id` of the current generation.
    pub fn diagnostic(&self, id: u32) -> String {
        let interned = self.interned.borrow();
        match interned.diagnostics.get(id as usize) {
            Some(d) => json(&Localized::new(d, self.inner.locale())),
            None => String::from("null"),
        }
    }

    /// The checklist, each requirement marked when `password` is given.
    pub fn explain(
        &self,
        password: Option<String>,
        user_name: Option<String>,
        length: Option<f64>,
    ) -> Result<String, String> {
        let length = whole(length, "length")?;
        let password = password.map(Password::from);
        Ok(json(&self.inner.explain(
            password.as_ref(),
            user_name.as_deref(),
            length,
        )))
    }

    /// Passwords drawn from `random` (`crypto.getRandomValues`, see [`RandomFill`]).
    pub fn generate(
        &self,
        random: &RandomFill,
        count: Option<f64>,
        length: Option<f64>,
        user_name: Option<String>,
    ) -> Result<String, String> {
        let count = whole(count, "count")?.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let length = whole(length, "length")?;
        self.inner
            .generate(
                &mut HostRandom::new(random),
                count,
                length,
                user_name.as_deref(),
            )
            .map(|out| json(&out))
            .map_err(error)
    }

    /// `explain` with the options this validator was built from.
    pub fn explain_options(&self) -> String {
        let call = &self.call;
        json(&self.inner.explain(
            call.password.as_ref(),
            call.user_name.as_deref(),
            call.length,
        ))
    }

    /// `generate` with the options this validator was built from.
    pub fn generate_options(&self, random: &RandomFill) -> Result<String, String> {
        let call = &self.call;
        self.inner
            .generate(
                &mut HostRandom::new(random),
                call.count,
                call.length,
                call.user_name.as_deref(),
            )
            .map(|out| json(&out))
            .map_err(error)
    }
}

impl NativeValidator {
    fn check(&self, input: &[u8], facts: Option<String>) -> Result<String, String> {
        let facts = facts
            .map(|text| Facts::from_json(&text).map_err(OptionsError::Facts))
            .transpose()
            .map_err(error)?;
        Ok(self.inner.check(input, facts.as_ref(), |out| {
            self.keep_slot(out.policy_slot());
            json(&out.without_policy())
        }))
    }

    fn keep_slot(&self, slot: Option<usize>) {
        self.last_slot.set(slot.map_or(8, |s| s as u32));
    }
}

/// The library's read cap ([`READ_CAP`]): JavaScript cuts longer strings before
/// they cross.
#[wasm_bindgen(js_name = readCap)]
pub fn read_cap() -> u32 {
    READ_CAP as u32
}

/// The most options JSON the library reads.
#[wasm_bindgen(js_name = maxOptionsBytes)]
pub fn max_options_bytes() -> u32 {
    cvm_rules::glue::MAX_OPTIONS_BYTES as u32
}

/// The language for an HTTP `Accept-Language` value: `en` or `zh-CN`.
#[wasm_bindgen(js_name = negotiateLanguage)]
pub fn negotiate_language(accept_language: &str) -> String {
    Locale::negotiate(accept_language).as_str().to_owned()
}

/// A key the caller passed, as an error shows it (the library's
/// [`cvm_rules::glue::shown_key`]: cut to 64 characters, or `null` when it
/// does not look like a key).
#[wasm_bindgen(js_name = shownKey)]
pub fn shown_key(key: &str) -> Option<String> {
    cvm_rules::glue::shown_key(key)
}

#[wasm_bindgen]
extern "C" {
    /// The random source `js/api.js` passes to `generate`: `fill(bytes)` fills
    /// `bytes` from the platform's `crypto.getRandomValues` and answers `true`,
    /// or answers `false` (it never throws).
    pub type RandomFill;

    #[wasm_bindgen(method)]
    fn fill(this: &RandomFill, bytes: &mut [u8]) -> bool;
}

/// The platform's random source, read 256 bytes at a time. Once it fails, it
/// is not asked again in this call: every byte is then `0xFF`, which the
/// library's draw rejects until it gives up.
struct HostRandom<'a> {
    source: &'a RandomFill,
    buffer: [u8; 256],
    used: usize,
    failed: bool,
}

impl<'a> HostRandom<'a> {
    fn new(source: &'a RandomFill) -> Self {
        HostRandom {
            source,
            buffer: [0; 256],
            used: 256,
            failed: false,
        }
    }
}

impl TryRng for HostRandom<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut bytes = [0; 4];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut bytes = [0; 8];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for byte in dst {
            if self.used == self.buffer.len() {
                // Bytes the source leaves unwritten stay 0xFF: unusable.
                self.buffer = [0xFF; 256];
                self.failed = self.failed || !self.source.fill(&mut self.buffer);
                if self.failed {
                    self.buffer = [0xFF; 256];
                }
                self.used = 0;
            }
            *byte = self.buffer[self.used];
            self.used += 1;
        }
        Ok(())
    }
}

impl TryCryptoRng for HostRandom<'_> {}
