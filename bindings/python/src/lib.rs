//! cvm-rules for Python (spec section 18): `check`, `explain` and `generate`
//! return the objects the command line prints with `--format json`, as `dict`s
//! and `list`s.
//!
//! The library reads the options (`cvm_rules::Options`; `cvm` here), validates, and builds
//! every object and message; this module only converts values at the boundary
//! (with `pythonize`), releases the GIL while it checks a large input, and raises
//! `ValueError` with the library's message for a bad option.

#![forbid(unsafe_code)]

use cvm::{Locale, Options, OptionsError, Password};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use rand_core::{OsRng, TryRngCore};
use serde_json::Value;

/// A bad option: `ValueError` with the library's message.
fn value_error(error: OptionsError) -> PyErr {
    PyValueError::new_err(error.to_string())
}

/// A JSON-shaped Python value (`facts`, `policy`): text as it is, else a dict or
/// list read as JSON.
fn json_value(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Value>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyString>() {
        return Ok(Some(Value::String(value.extract()?)));
    }
    pythonize::depythonize(value)
        .map(Some)
        .map_err(|e| PyValueError::new_err(format!("{name}: {e}")))
}

/// The library's options from the keyword arguments.
#[allow(clippy::too_many_arguments)]
fn options(
    profile: &str,
    rules: Option<String>,
    os: Option<Vec<String>>,
    facts: Option<&Bound<'_, PyAny>>,
    lang: &str,
    policy: Option<&Bound<'_, PyAny>>,
    user_name: Option<String>,
    length: Option<usize>,
) -> PyResult<Options> {
    let mut options = Options::default();
    options.profile = Some(profile.to_owned());
    options.rules = rules;
    options.os = os.unwrap_or_default();
    options.facts = json_value(facts, "facts")?;
    options.lang = Some(lang.to_owned());
    options.policy = json_value(policy, "policy")?;
    options.user_name = user_name;
    options.length = length;
    Ok(options)
}

/// Converts an output object to Python (`dict`s and `list`s).
fn to_python(py: Python<'_>, value: &impl serde::Serialize) -> PyResult<Py<PyAny>> {
    pythonize::pythonize(py, value)
        .map(Bound::unbind)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Inputs at least this long are validated without the GIL (other Python threads
/// run meanwhile); shorter ones are converted straight to Python, which is faster.
const DETACHED_INPUT_BYTES: usize = 16 * 1024;

/// Validates one `ResetInstancesPassword` request (the query form, a full URL, or
/// JSON when it starts with `{`): the dict `cvm-rules check --format json` prints.
#[pyfunction]
#[pyo3(signature = (input, *, profile = "legacy-2017", os = None, facts = None, lang = "en", policy = None, rules = None))]
#[allow(clippy::too_many_arguments)]
fn check(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    profile: &str,
    os: Option<Vec<String>>,
    facts: Option<&Bound<'_, PyAny>>,
    lang: &str,
    policy: Option<&Bound<'_, PyAny>>,
    rules: Option<String>,
) -> PyResult<Py<PyAny>> {
    // `str` (as UTF-8) or `bytes`.
    let input: Vec<u8> = if input.is_instance_of::<PyString>() {
        input.extract::<String>()?.into_bytes()
    } else {
        input.extract()?
    };
    let options = options(profile, rules, os, facts, lang, policy, None, None)?;
    if input.len() < DETACHED_INPUT_BYTES {
        return options
            .check(&input, |out| to_python(py, out))
            .map_err(value_error)?;
    }
    // Validating a large input does not hold the GIL.
    let value = py
        .detach(|| options.check(&input, |out| serde_json::to_value(out)))
        .map_err(value_error)?
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    to_python(py, &value)
}

/// The requirements checklist of the resolved policy (each marked when a password
/// is given): the dict `cvm-rules explain --format json` prints.
#[pyfunction]
#[pyo3(signature = (*, password = None, user_name = None, profile = "legacy-2017", rules = None, os = None, lang = "en", policy = None, length = None))]
#[allow(clippy::too_many_arguments)]
fn explain(
    py: Python<'_>,
    password: Option<String>,
    user_name: Option<String>,
    profile: &str,
    rules: Option<String>,
    os: Option<Vec<String>>,
    lang: &str,
    policy: Option<&Bound<'_, PyAny>>,
    length: Option<usize>,
) -> PyResult<Py<PyAny>> {
    let mut options = options(profile, rules, os, None, lang, policy, user_name, length)?;
    options.password = password.map(Password::from);
    options
        .explain(|out| to_python(py, out))
        .map_err(value_error)?
}

/// Passwords that pass the resolved policy, drawn uniformly with randomness from
/// the operating system: the dict `cvm-rules generate --format json` prints.
#[pyfunction]
#[pyo3(signature = (*, length = None, count = 1, profile = "legacy-2017", rules = None, os = None, user_name = None, policy = None))]
#[allow(clippy::too_many_arguments)]
fn generate(
    py: Python<'_>,
    length: Option<usize>,
    count: u32,
    profile: &str,
    rules: Option<String>,
    os: Option<Vec<String>>,
    user_name: Option<String>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let mut options = options(profile, rules, os, None, "en", policy, user_name, length)?;
    options.count = Some(count);
    options
        .generate(&mut OsRng.unwrap_err(), |out| to_python(py, out))
        .map_err(value_error)?
}

/// The language for an HTTP `Accept-Language` value: `en` or `zh-CN` (any Chinese
/// tag gets Simplified Chinese; anything else English).
#[pyfunction]
fn negotiate_language(accept_language: &str) -> &'static str {
    Locale::negotiate(accept_language).as_str()
}

/// Pre-flight validation of Tencent Cloud CVM `ResetInstancesPassword` requests.
#[pymodule]
fn cvm_rules(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(negotiate_language, m)?)?;
    Ok(())
}
