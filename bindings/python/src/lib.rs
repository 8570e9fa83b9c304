//! `cvm_rules._native`: the native side of the Python package `cvm_rules`
//! (SPEC section 18). The pure-Python package around it (`python/cvm_rules/`)
//! adds the result types, `__version__` and the Django validator.
//!
//! The library reads the options (`cvm_rules::glue`; `cvm` here), validates, and
//! builds every object and message. This module converts arguments at the
//! boundary (`convert.rs`), answers with `dict`s and `list`s (through
//! `pythonize`), and keeps what a `Validator` answers often: each policy as one
//! `dict` per OS set, shared by its answers, and each distinct diagnostic of
//! `check_password` converted once and copied.
//!
//! Every function and method runs its work on a stack the module sizes itself
//! ([`sized`]): Python threads may have as little as 32 KiB (`threading.
//! stack_size`), where reading a policy or converting an answer would overflow
//! and kill the interpreter. Randomness is the OS's ([`OsRandom`]): a failure
//! is the library's typed error, never a panic.

#![forbid(unsafe_code)]

mod convert;

use std::sync::Mutex;

use cvm::glue::{Options, OptionsError, Validator as Compiled};
use cvm::{Diagnostic, Facts, Locale, Localized, Password};
use getrandom::SysRng;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rand_core::{TryCryptoRng, TryRng};
use serde::Serialize;

use convert::{
    capped_text, families, json_value, optional_capped_text, optional_text, options_error,
    request_bytes, whole,
};

/// Inputs at least this long are validated without the GIL (other Python threads
/// run meanwhile); shorter ones are converted straight to Python, which is faster.
const DETACHED_INPUT_BYTES: usize = 16 * 1024;

/// The most diagnostics a Validator keeps converted (searched from the newest).
const MAX_INTERNED: usize = 64;

/// A call with less stack than this left runs on a new stack of
/// [`STACK_SIZE`]: the deepest work (a policy or facts 128 levels deep, read,
/// compiled, answered) needs under a quarter of it. Python's threads get 8 MiB
/// by default, and then nothing changes.
const RED_ZONE: usize = 256 * 1024;

/// The stack a call gets when its thread's is short (mapped for the call).
const STACK_SIZE: usize = 1024 * 1024;

/// Runs `work` on a stack of at least [`RED_ZONE`] bytes: the thread's own
/// when it has that much left, else one of [`STACK_SIZE`] (the `stacker`
/// crate), so that a thread made with `threading.stack_size(32768)`, the least
/// CPython allows, can call every function.
fn sized<R>(work: impl FnOnce() -> R) -> R {
    // The work's frames must not be inlined into the caller's: their locals
    // would be reserved on entry, on the short stack, before the check.
    #[inline(never)]
    fn run<R>(work: impl FnOnce() -> R) -> R {
        work()
    }
    stacker::maybe_grow(RED_ZONE, STACK_SIZE, || run(work))
}

/// The OS's random source. A failure is not a panic: the bytes are then
/// `0xFF`, which the library's uniform draw rejects until it gives up with its
/// typed error (`cannot generate a password: the random source … is broken`),
/// after a bounded number of draws.
struct OsRandom;

impl TryRng for OsRandom {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut bytes = [0; 4];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut bytes = [0; 8];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        if SysRng.try_fill_bytes(dst).is_err() {
            dst.fill(0xFF);
        }
        Ok(())
    }
}

impl TryCryptoRng for OsRandom {}

fn to_python<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value)
        .map_err(|_| pyo3::exceptions::PyRuntimeError::new_err("an answer could not be converted"))
}

/// The options a Validator holds, from keyword arguments.
#[allow(clippy::too_many_arguments)]
fn validator_options(
    profile: Option<&Bound<'_, PyAny>>,
    rules: Option<&Bound<'_, PyAny>>,
    os: Option<&Bound<'_, PyAny>>,
    facts: Option<&Bound<'_, PyAny>>,
    lang: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<Options> {
    let text = |value, what| optional_text(value, what).map(|t| t.map(serde_json::Value::String));
    let os = families(os)?;
    let os = (!os.is_empty())
        .then(|| serde_json::Value::Array(os.into_iter().map(serde_json::Value::String).collect()));
    // Each value is read by the library, as the JSON options of the other surfaces are.
    let mut options = Options::default();
    for (key, value) in [
        ("profile", text(profile, "profile")?),
        ("rules", text(rules, "rules")?),
        ("os", os),
        ("facts", json_value(facts, "facts")?),
        ("lang", text(lang, "lang")?),
        ("policy", json_value(policy, "policy")?),
    ] {
        if let Some(value) = value {
            options.set(key, value).map_err(options_error)?;
        }
    }
    Ok(options)
}

/// What a Validator keeps of its answers.
#[derive(Default)]
struct Kept {
    /// The policy of each slot, as a dict.
    policies: [Option<Py<PyAny>>; 9],
    /// `check_password`'s answer without its diagnostics, by slot and verdict.
    frames: [Option<Py<PyDict>>; 18],
    /// Diagnostics converted, newest last.
    diagnostics: Vec<(Diagnostic, Py<PyAny>)>,
}

/// Options read and compiled once: `profile`, `rules`, `os`, `facts`, `lang`,
/// `policy`. A deny-list is hashed once, not per call; the answers share one
/// `policy` dict per OS set (copy it before changing it).
#[pyclass(module = "cvm_rules", name = "Validator", frozen)]
struct Validator {
    /// Boxed: the compiled profile is kilobytes, and a Validator is moved
    /// through pyo3's frames, which run on the caller's stack (see [`sized`]).
    inner: Box<Compiled>,
    kept: Mutex<Kept>,
}

impl Validator {
    fn build(options: &Options, for_a_call: bool) -> PyResult<Validator> {
        let inner = if for_a_call {
            Compiled::ignoring_call_options(options)
        } else {
            Compiled::new(options)
        }
        .map_err(options_error)?;
        Ok(Validator {
            inner: Box::new(inner),
            kept: Mutex::default(),
        })
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        // A panic while it was held cannot leave it half-written: each write is whole.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The shared dict of a slot's policy.
    fn policy<'py>(&self, py: Python<'py>, slot: Option<usize>) -> PyResult<Bound<'py, PyAny>> {
        let slot = slot.unwrap_or(8).min(8);
        if let Some(policy) = &self.kept().policies[slot] {
            return Ok(policy.bind(py).clone());
        }
        let policy = match self.inner.policy_of_slot(slot) {
            Some(policy) => to_python(py, policy)?,
            None => to_python(py, self.inner.policy())?,
        };
        self.kept().policies[slot] = Some(policy.clone().unbind());
        Ok(policy)
    }

    /// An answer without its policy, with the shared policy put in.
    fn with_policy<'py>(
        &self,
        py: Python<'py>,
        answer: Bound<'py, PyAny>,
        slot: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        answer.set_item(intern!(py, "policy"), self.policy(py, slot)?)?;
        Ok(answer)
    }

    fn check_bytes<'py>(
        &self,
        py: Python<'py>,
        input: &[u8],
        facts: Option<&Facts>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if input.len() < DETACHED_INPUT_BYTES {
            let (answer, slot) = self.inner.check(input, facts, |out| {
                (to_python(py, &out.without_policy()), out.policy_slot())
            });
            return self.with_policy(py, answer?, slot);
        }
        // Validating a large input does not hold the GIL.
        let (answer, slot) = py.detach(|| {
            self.inner.check(input, facts, |out| {
                (
                    serde_json::to_value(out.without_policy()),
                    out.policy_slot(),
                )
            })
        });
        let answer = answer.map_err(|_| {
            pyo3::exceptions::PyRuntimeError::new_err("an answer could not be converted")
        })?;
        self.with_policy(py, to_python(py, &answer)?, slot)
    }

    fn check_password_text<'py>(
        &self,
        py: Python<'py>,
        password: &str,
        user_name: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let password = Password::new(password);
        self.inner.check_password(&password, user_name, |out| {
            let slot = out.policy_slot();
            let frame_index = slot.unwrap_or(8).min(8) * 2 + usize::from(out.is_valid());
            let frame = self.kept().frames[frame_index]
                .as_ref()
                .map(|f| f.bind(py).clone());
            let Some(frame) = frame else {
                // The first answer of this slot and verdict: whole, and kept as a frame.
                let answer = self.with_policy(py, to_python(py, &out.without_policy())?, slot)?;
                let frame = answer.cast::<PyDict>()?.copy()?;
                self.kept().frames[frame_index] = Some(frame.unbind());
                return Ok(answer);
            };
            let diagnostics = PyList::empty(py);
            for diagnostic in out.report().diagnostics() {
                diagnostics.append(convert::copy_json(&self.diagnostic(py, diagnostic)?)?)?;
            }
            let answer = frame.copy()?;
            answer.set_item(intern!(py, "diagnostics"), diagnostics)?;
            Ok(answer.into_any())
        })
    }

    /// The kept dict of a diagnostic (converted now when it is new).
    fn diagnostic<'py>(
        &self,
        py: Python<'py>,
        diagnostic: Diagnostic,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Some((_, dict)) = self
            .kept()
            .diagnostics
            .iter()
            .rev()
            .find(|(d, _)| *d == diagnostic)
        {
            return Ok(dict.bind(py).clone());
        }
        let dict = to_python(py, &Localized::new(&diagnostic, self.inner.locale()))?;
        let mut kept = self.kept();
        if kept.diagnostics.len() == MAX_INTERNED {
            kept.diagnostics.remove(0);
        }
        kept.diagnostics.push((diagnostic, dict.clone().unbind()));
        Ok(dict)
    }

    fn explain_with<'py>(
        &self,
        py: Python<'py>,
        password: Option<String>,
        user_name: Option<String>,
        length: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let password = password.map(Password::from);
        to_python(
            py,
            &self
                .inner
                .explain(password.as_ref(), user_name.as_deref(), length),
        )
    }

    fn generate_with<'py>(
        &self,
        py: Python<'py>,
        count: Option<usize>,
        length: Option<usize>,
        user_name: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let count = count.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let out = self
            .inner
            .generate(&mut OsRandom, count, length, user_name.as_deref())
            .map_err(options_error)?;
        to_python(py, &out)
    }
}

/// Facts given to one `check`, read by the library.
fn facts_of(facts: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Facts>> {
    let facts = match json_value(facts, "facts")? {
        None => return Ok(None),
        Some(serde_json::Value::String(text)) => Facts::from_json(&text),
        Some(value) => Facts::from_json(&value.to_string()),
    };
    facts
        .map(Some)
        .map_err(|e| options_error(OptionsError::Facts(e)))
}

#[pymethods]
impl Validator {
    #[new]
    #[pyo3(signature = (*, profile = None, rules = None, os = None, facts = None, lang = None, policy = None))]
    fn new(
        profile: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
        os: Option<&Bound<'_, PyAny>>,
        facts: Option<&Bound<'_, PyAny>>,
        lang: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Validator> {
        sized(|| {
            Validator::build(
                &validator_options(profile, rules, os, facts, lang, policy)?,
                false,
            )
        })
    }

    /// Validates one request (the query form, a full URL, or JSON when it
    /// starts with `{`; `str` or `bytes`); `facts` replaces the Validator's.
    #[pyo3(signature = (input, *, facts = None))]
    fn check<'py>(
        &self,
        py: Python<'py>,
        input: &Bound<'py, PyAny>,
        facts: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        sized(|| {
            let input = request_bytes(input)?;
            let facts = facts_of(facts)?;
            self.check_bytes(py, &input, facts.as_ref())
        })
    }

    /// Checks a password alone: `{valid, profile, policy, diagnostics}`.
    #[pyo3(signature = (password, *, user_name = None))]
    fn check_password<'py>(
        &self,
        py: Python<'py>,
        password: &Bound<'py, PyAny>,
        user_name: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        sized(|| {
            let password = capped_text(password, "password")?;
            let user_name = optional_capped_text(user_name, "user_name")?;
            self.check_password_text(py, &password, user_name.as_deref())
        })
    }

    /// The requirements checklist, each marked when `password` is given.
    #[pyo3(signature = (*, password = None, user_name = None, length = None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        password: Option<&Bound<'py, PyAny>>,
        user_name: Option<&Bound<'py, PyAny>>,
        length: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        sized(|| {
            let password = optional_capped_text(password, "password")?;
            let user_name = optional_capped_text(user_name, "user_name")?;
            let length = whole(length, "length")?;
            self.explain_with(py, password, user_name, length)
        })
    }

    /// Passwords that pass the policy, drawn uniformly with the OS's randomness.
    #[pyo3(signature = (*, count = None, length = None, user_name = None))]
    fn generate<'py>(
        &self,
        py: Python<'py>,
        count: Option<&Bound<'py, PyAny>>,
        length: Option<&Bound<'py, PyAny>>,
        user_name: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        sized(|| {
            let count = whole(count, "count")?;
            let length = whole(length, "length")?;
            let user_name = optional_capped_text(user_name, "user_name")?;
            self.generate_with(py, count, length, user_name)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<cvm_rules.Validator profile={:?} rules={:?}>",
            self.inner.profile().id(),
            self.inner.profile().rule_set().id()
        )
    }
}

/// Validates one request: the dict `cvm-rules check --format json` prints.
#[pyfunction]
#[pyo3(signature = (input, *, profile = None, os = None, facts = None, lang = None, policy = None, rules = None))]
#[allow(clippy::too_many_arguments)]
fn check<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    profile: Option<&Bound<'py, PyAny>>,
    os: Option<&Bound<'py, PyAny>>,
    facts: Option<&Bound<'py, PyAny>>,
    lang: Option<&Bound<'py, PyAny>>,
    policy: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    sized(|| {
        let input = request_bytes(input)?;
        let validator = Validator::build(
            &validator_options(profile, rules, os, facts, lang, policy)?,
            true,
        )?;
        validator.check_bytes(py, &input, None)
    })
}

/// The requirements checklist: the dict `cvm-rules explain --format json` prints.
#[pyfunction]
#[pyo3(signature = (*, password = None, user_name = None, profile = None, rules = None, os = None, lang = None, policy = None, length = None))]
#[allow(clippy::too_many_arguments)]
fn explain<'py>(
    py: Python<'py>,
    password: Option<&Bound<'py, PyAny>>,
    user_name: Option<&Bound<'py, PyAny>>,
    profile: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
    os: Option<&Bound<'py, PyAny>>,
    lang: Option<&Bound<'py, PyAny>>,
    policy: Option<&Bound<'py, PyAny>>,
    length: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    sized(|| {
        let password = optional_capped_text(password, "password")?;
        let user_name = optional_capped_text(user_name, "user_name")?;
        let length = whole(length, "length")?;
        let validator = Validator::build(
            &validator_options(profile, rules, os, None, lang, policy)?,
            true,
        )?;
        validator.explain_with(py, password, user_name, length)
    })
}

/// Passwords that pass the policy: the dict `cvm-rules generate --format json` prints.
#[pyfunction]
#[pyo3(signature = (*, length = None, count = None, profile = None, rules = None, os = None, user_name = None, policy = None))]
#[allow(clippy::too_many_arguments)]
fn generate<'py>(
    py: Python<'py>,
    length: Option<&Bound<'py, PyAny>>,
    count: Option<&Bound<'py, PyAny>>,
    profile: Option<&Bound<'py, PyAny>>,
    rules: Option<&Bound<'py, PyAny>>,
    os: Option<&Bound<'py, PyAny>>,
    user_name: Option<&Bound<'py, PyAny>>,
    policy: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    sized(|| {
        let length = whole(length, "length")?;
        let count = whole(count, "count")?;
        let user_name = optional_capped_text(user_name, "user_name")?;
        let validator = Validator::build(
            &validator_options(profile, rules, os, None, None, policy)?,
            true,
        )?;
        validator.generate_with(py, count, length, user_name)
    })
}

/// The language for an HTTP `Accept-Language` value: `en` or `zh-CN` (any Chinese
/// tag gets Simplified Chinese; anything else English).
#[pyfunction]
fn negotiate_language(accept_language: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    sized(|| Ok(Locale::negotiate(&capped_text(accept_language, "accept_language")?).as_str()))
}

/// The native side of `cvm_rules`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Validator>()?;
    m.add(
        "OptionsError",
        m.py().get_type::<convert::exceptions::OptionsError>(),
    )?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(negotiate_language, m)?)?;
    Ok(())
}
