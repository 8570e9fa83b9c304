//! The calls both ABIs make, over the library's JSON contract: options in as
//! JSON text, answers out as JSON text. Nothing here knows about pointers; the C
//! functions (`ffi.rs`) and the WebAssembly exports (`wasm.rs`) hand it byte
//! slices they have checked, and turn a [`Failure`] into their status codes.
//!
//! Every rule, message and JSON object is the library's (`cvm::glue`). The only
//! words of this crate's own are about the arguments themselves (text that is
//! not UTF-8), which the library never sees.

use core::convert::Infallible;
use cvm::glue::{CheckOutput, Options, OptionsError, PasswordOutput, Validator};
use cvm::glue::{MAX_INPUT_BYTES, MAX_OPTIONS_BYTES, READ_CAP};
use cvm::{Facts, GenerateError, Password};

use rand_core::{utils, TryCryptoRng, TryRng};
use serde::Serialize;

/// Why a call gave no answer.
#[derive(Debug, PartialEq)]
pub enum Failure {
    /// A bad value (options, facts, a length…): the library's message.
    Value(String),
    /// An argument the library cannot be handed (a null pointer with a length,
    /// text that is not UTF-8): which, in this crate's words.
    Argument(&'static str),
    /// The random source failed or gave nothing usable: the library's message.
    Random(String),
    /// A panic was caught: a bug of the library.
    Panicked,
}

impl Failure {
    /// The message of the failure (never a value the caller passed).
    pub fn message(&self) -> &str {
        match self {
            Failure::Value(message) | Failure::Random(message) => message,
            Failure::Argument(message) => message,
            Failure::Panicked => "internal error: the call panicked (a bug: please report it)",
        }
    }
}

impl From<OptionsError> for Failure {
    fn from(error: OptionsError) -> Failure {
        match error {
            OptionsError::Generate(GenerateError::RandomSource) => {
                Failure::Random(error.to_string())
            }
            error => Failure::Value(error.to_string()),
        }
    }
}

/// The text at the start of `bytes`, read up to `cap` bytes: whatever follows
/// is not read (the library refuses what is that long either way), and a
/// character cut at the cap is left out. Text that is not UTF-8 before the cap
/// is refused as `what`.
pub fn text_prefix<'a>(
    bytes: &'a [u8],
    cap: usize,
    what: &'static str,
) -> Result<&'a str, Failure> {
    let read = bytes.get(..cap).unwrap_or(bytes);
    match core::str::from_utf8(read) {
        Ok(text) => Ok(text),
        // Only a character cut at the cap (`error_len` is `None`: the input ended
        // inside it) is left out; a bad byte anywhere is refused.
        Err(e) if read.len() < bytes.len() && e.error_len().is_none() => {
            Ok(core::str::from_utf8(&read[..e.valid_up_to()]).unwrap_or_default())
        }
        Err(_) => Err(Failure::Argument(what)),
    }
}

/// JSON text of an answer. Serializing the library's outputs to a string cannot
/// fail (every map key is a string); if it ever did, the answer says so.
pub fn json(value: &(impl Serialize + ?Sized)) -> Result<String, Failure> {
    serde_json::to_string(value)
        .map_err(|_| Failure::Value(String::from("the answer could not be written as JSON")))
}

/// Options compiled once (the library's [`Validator`]): what a
/// `cvm_rules_validator` holds, and what each WebAssembly instance holds.
#[derive(Debug)]
pub struct Session {
    validator: Validator,
}

impl Session {
    /// Reads and compiles `options` (`{profile, rules, os, lang, policy}`;
    /// empty text is none).
    pub fn new(options: &[u8]) -> Result<Session, Failure> {
        let options = options_of(options)?;
        Ok(Session {
            validator: Validator::new(&options)?,
        })
    }

    /// The validator.
    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// Validates a request (the query form, a full URL, or JSON) with `facts`
    /// (`DescribeInstances` JSON) when given: the `check` object.
    pub fn check(&self, input: &[u8], facts: Option<&[u8]>) -> Result<String, Failure> {
        self.check_with(input, facts, |out| json(out))?
    }

    /// Validates a request, and hands `f` the `check` object.
    pub fn check_with<T>(
        &self,
        input: &[u8],
        facts: Option<&[u8]>,
        f: impl FnOnce(&CheckOutput<'_, '_>) -> T,
    ) -> Result<T, Failure> {
        let facts = match facts {
            // One byte past the limit is enough for the library to refuse it.
            Some(bytes) => Some(
                Facts::from_json(text_prefix(
                    bytes,
                    MAX_INPUT_BYTES + 4,
                    "facts is not UTF-8",
                )?)
                .map_err(OptionsError::Facts)?,
            ),
            None => None,
        };
        Ok(self.validator.check(input, facts.as_ref(), f))
    }

    /// Checks a password alone: the `{valid, profile, policy, diagnostics}` object.
    pub fn check_password(
        &self,
        password: &[u8],
        user_name: Option<&[u8]>,
    ) -> Result<String, Failure> {
        self.check_password_with(password, user_name, |out| json(out))?
    }

    /// Checks a password alone, and hands `f` the object.
    pub fn check_password_with<T>(
        &self,
        password: &[u8],
        user_name: Option<&[u8]>,
        f: impl FnOnce(&PasswordOutput<'_>) -> T,
    ) -> Result<T, Failure> {
        let password = text_prefix(password, READ_CAP, "password is not UTF-8")?;
        let user_name = user_name
            .map(|name| text_prefix(name, READ_CAP, "user_name is not UTF-8"))
            .transpose()?;
        Ok(self
            .validator
            .check_password(&Password::new(password), user_name, f))
    }

    /// The requirements checklist: `options` is `{password?, userName?, length?}`.
    pub fn explain(&self, options: &[u8]) -> Result<String, Failure> {
        let call = options_of(options)?;
        json(&self.validator.explain_with(&call)?)
    }

    /// Passwords drawn from `source`: `options` is `{count?, length?,
    /// userName?}`. A source that fails is [`Failure::Random`], whatever was
    /// drawn.
    pub fn generate<R: TryCryptoRng>(&self, source: R, options: &[u8]) -> Result<String, Failure> {
        let call = options_of(options)?;
        let mut rng = FailSafe {
            source,
            failed: false,
        };
        let output = self.validator.generate_with(&mut rng, &call);
        if rng.failed {
            return Err(Failure::Random(String::from(
                "cannot generate a password: the random source failed",
            )));
        }
        json(&output?)
    }
}

/// A random source that may fail, as the infallible one the library draws
/// from: after its first failure every byte is `0xFF`, which a uniform draw
/// rejects, so generation ends with the library's error within a bounded
/// number of draws, and `failed` tells the caller why.
struct FailSafe<R> {
    source: R,
    failed: bool,
}

impl<R: TryRng> TryRng for FailSafe<R> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        utils::next_word_via_fill(self)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        utils::next_word_via_fill(self)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        if !self.failed && self.source.try_fill_bytes(dst).is_err() {
            self.failed = true;
        }
        if self.failed {
            dst.fill(0xFF);
        }
        Ok(())
    }
}

impl<R: TryCryptoRng> TryCryptoRng for FailSafe<R> {}

// One validator is shared by threads (C) and by nothing else (WebAssembly).
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Session>();
};

/// Options from JSON text; empty text is none. Text past the library's limit
/// is cut one character past it (the library then refuses it as too large).
fn options_of(bytes: &[u8]) -> Result<Options, Failure> {
    if bytes.is_empty() {
        return Ok(Options::default());
    }
    let text = text_prefix(bytes, MAX_OPTIONS_BYTES + 4, "options_json is not UTF-8")?;
    Ok(Options::from_json(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_read_up_to_the_cap_and_a_cut_character_left_out() {
        assert_eq!(text_prefix(b"abc", 8, "x"), Ok("abc"));
        assert_eq!(text_prefix(b"abcdef", 3, "x"), Ok("abc"));
        // "é" is two bytes: cut after its first, it is left out.
        assert_eq!(text_prefix("abé".as_bytes(), 3, "x"), Ok("ab"));
        // A bad byte before the cap is refused, at the end as in the middle.
        assert_eq!(text_prefix(b"ab\xff", 8, "x"), Err(Failure::Argument("x")));
        assert_eq!(text_prefix(b"a\xffb", 8, "x"), Err(Failure::Argument("x")));
        assert_eq!(text_prefix(b"ab\xc3", 8, "x"), Err(Failure::Argument("x")));
        // Past the cap nothing is read.
        assert_eq!(text_prefix(b"ab\xff", 2, "x"), Ok("ab"));
    }

    #[test]
    fn options_too_large_are_refused_by_the_library_not_cut_into_json_errors() {
        let mut big = br#"{"policy": ""#.to_vec();
        big.resize(MAX_OPTIONS_BYTES + 100, b'a');
        let error = Session::new(&big).unwrap_err();
        assert!(error.message().contains("larger than"), "{error:?}");
    }

    #[test]
    fn facts_too_large_are_refused_as_too_large() {
        let session = Session::new(b"").unwrap();
        let mut facts = b"[".to_vec();
        facts.resize(MAX_INPUT_BYTES + 10, b' ');
        let error = session.check(b"", Some(&facts)).unwrap_err();
        assert!(
            matches!(&error, Failure::Value(m) if m.contains("larger than")),
            "{error:?}"
        );
    }

    #[test]
    fn a_failing_random_source_is_a_random_failure_whatever_was_drawn() {
        struct Failing;
        impl rand_core::TryRng for Failing {
            type Error = core::fmt::Error;
            fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
                Err(core::fmt::Error)
            }
            fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
                Err(core::fmt::Error)
            }
            fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Self::Error> {
                Err(core::fmt::Error)
            }
        }
        impl rand_core::TryCryptoRng for Failing {}
        let session = Session::new(b"").unwrap();
        assert_eq!(
            session.generate(Failing, b""),
            Err(Failure::Random(String::from(
                "cannot generate a password: the random source failed"
            )))
        );
    }

    #[test]
    fn a_broken_random_source_is_its_own_failure() {
        struct Stuck;
        impl rand_core::TryRng for Stuck {
            type Error = core::convert::Infallible;
            fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
                Ok(u32::MAX)
            }
            fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
                Ok(u64::MAX)
            }
            fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
                dst.fill(0xFF);
                Ok(())
            }
        }
        impl rand_core::TryCryptoRng for Stuck {}
        let session = Session::new(b"").unwrap();
        let error = session.generate(Stuck, b"").unwrap_err();
        assert!(matches!(error, Failure::Random(_)), "{error:?}");
    }
}
