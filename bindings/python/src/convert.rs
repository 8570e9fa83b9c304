//! Python values in, at the boundary: every argument is taken as an object and
//! converted here, so that a wrong type is a `TypeError` naming the parameter
//! (never its value), and no conversion error of Python's own (whose `args` hold
//! the value: `UnicodeEncodeError`, `OverflowError`) reaches the caller.
//!
//! `facts` and `policy` objects become JSON text by a walk with a depth bound
//! (the library's 128 levels) and a size bound (the library's options limit): a
//! cycle ends at the depth bound, a structure of shared references at the size
//! bound, and no object drives the native stack deeper than 128 frames. Only
//! `dict`, `list`, `tuple`, `str`, `int`, `float`, `bool` and `None` are read,
//! through the C API, so no code of the caller's runs during the walk.
//!
//! The bounds are JavaScript's: text of more than [`MAX_OPTIONS_BYTES`]
//! characters is refused before it is encoded (`TooLarge`), and a password, a
//! user name or a request is cut at [`READ_CAP`] characters (or bytes) before
//! it is encoded or copied: anything longer fails its rule either way, as the
//! command line's read cap decides. Lengths and slices come from `str`'s and
//! `bytearray`'s own methods, never a subclass's.

use std::borrow::Cow;

use cvm::glue::OptionsError;
use cvm::glue::{MAX_OPTIONS_BYTES, READ_CAP};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PySlice, PyString, PyTuple,
};
use pyo3::{intern, PyTypeInfo};

/// The exception of a bad option value.
pub mod exceptions {
    use pyo3::exceptions::PyValueError;

    pyo3::create_exception!(
        cvm_rules,
        OptionsError,
        PyValueError,
        "A bad option value (an unknown profile, a policy that accepts nothing, a length outside the policy's bounds): the library's message, never the value."
    );
}

/// The library's error as Python's: `TypeError` for a value of the wrong type,
/// else `cvm_rules.OptionsError` (a `ValueError`).
pub fn options_error(error: OptionsError) -> PyErr {
    if error.is_type_error() {
        PyTypeError::new_err(error.to_string())
    } else {
        exceptions::OptionsError::new_err(error.to_string())
    }
}

/// A `TypeError` that names `what` and the type of the value given.
pub fn type_error(what: &str, expected: &str, value: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!(
        "{what} must be {expected}, not {}",
        type_name(value)
    ))
}

/// The name of a value's type, for a message (`int`, `dict`, `MyClass`).
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .ok()
        .and_then(|n| n.to_cow().ok().map(Cow::into_owned))
        .filter(|n| n.len() <= 40 && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or_else(|| "an object".to_owned())
}

/// The length of `value` by `type`'s own `__len__` (a subclass's cannot lie).
fn length_by<T: PyTypeInfo>(value: &Bound<'_, PyAny>) -> PyResult<usize> {
    let py = value.py();
    T::type_object(py)
        .getattr(intern!(py, "__len__"))?
        .call1((value,))?
        .extract()
}

/// `value[:cap]` by `type`'s own `__getitem__`.
fn prefix_by<'py, T: PyTypeInfo>(
    value: &Bound<'py, PyAny>,
    cap: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let py = value.py();
    let end = isize::try_from(cap).unwrap_or(isize::MAX);
    T::type_object(py)
        .getattr(intern!(py, "__getitem__"))?
        .call1((value, PySlice::new(py, 0, end, 1)))
}

/// A `str` as Rust text (see [`text`]), cut at [`READ_CAP`] characters first:
/// a password, a user name, a request.
pub fn capped_text<'a>(value: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, str>> {
    if value.is_instance_of::<PyString>() && length_by::<PyString>(value)? > READ_CAP {
        let cut = prefix_by::<PyString>(value, READ_CAP)?;
        return Ok(Cow::Owned(text(&cut, what)?.into_owned()));
    }
    text(value, what)
}

/// A `str` as Rust text. A lone surrogate (from `surrogateescape`, or typed as
/// `"\ud800"`) becomes U+FFFD, one per surrogate, as JavaScript's encoder makes
/// it: the character is then one the rules refuse, not an error. Text of more
/// than [`MAX_OPTIONS_BYTES`] characters is refused before it is encoded.
pub fn text<'a>(value: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, str>> {
    let Ok(s) = value.cast::<PyString>() else {
        return Err(type_error(what, "a str", value));
    };
    if length_by::<PyString>(value)? > MAX_OPTIONS_BYTES {
        return Err(options_error(OptionsError::TooLarge));
    }
    if let Ok(text) = s.to_cow() {
        return Ok(text);
    }
    // `str.encode` of the type, not of the value: a subclass cannot step in.
    let py = value.py();
    let bytes = PyString::type_object(py)
        .getattr(intern!(py, "encode"))?
        .call1((s, "utf-8", "surrogatepass"))
        .map_err(|_| PyTypeError::new_err(format!("{what} cannot be read as text")))?;
    let bytes = bytes
        .cast::<PyBytes>()
        .map_err(|_| PyTypeError::new_err(format!("{what} cannot be read as text")))?;
    Ok(Cow::Owned(replace_surrogates(bytes.as_bytes())))
}

/// UTF-8 with surrogates encoded as three bytes each (`ED A0..BF 80..BF`), as
/// `surrogatepass` writes them, to text with U+FFFD in their place.
fn replace_surrogates(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0xED && bytes.get(i + 1).is_some_and(|b| (0xA0..=0xBF).contains(b)) {
            out.extend_from_slice("\u{FFFD}".as_bytes());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// An optional `str` (`None` is none).
pub fn optional_text(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    match value.filter(|v| !v.is_none()) {
        None => Ok(None),
        Some(v) => Ok(Some(text(v, what)?.into_owned())),
    }
}

/// An optional `str` cut at [`READ_CAP`] characters (a password, a user name).
pub fn optional_capped_text(
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Option<String>> {
    match value.filter(|v| !v.is_none()) {
        None => Ok(None),
        Some(v) => Ok(Some(capped_text(v, what)?.into_owned())),
    }
}

/// The request: `str`, `bytes` or `bytearray`, its first [`READ_CAP`]
/// characters or bytes (the library reads no more).
pub fn request_bytes<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        let bytes = bytes.as_bytes();
        return Ok(Cow::Borrowed(bytes.get(..READ_CAP).unwrap_or(bytes)));
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        if length_by::<PyByteArray>(value)? > READ_CAP {
            let cut = prefix_by::<PyByteArray>(value, READ_CAP)?;
            let cut = cut
                .cast::<PyByteArray>()
                .map_err(|_| PyTypeError::new_err("input cannot be read"))?;
            return Ok(Cow::Owned(cut.to_vec()));
        }
        return Ok(Cow::Owned(bytes.to_vec()));
    }
    if value.is_instance_of::<PyString>() {
        return Ok(match capped_text(value, "input")? {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        });
    }
    Err(type_error("input", "a str or bytes (the request)", value))
}

/// `os`: a list or tuple of family names.
pub fn families(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let items: Vec<Bound<'_, PyAny>> = if let Ok(list) = value.cast::<PyList>() {
        list.iter().collect()
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        tuple.iter().collect()
    } else {
        return Err(type_error("os", "a list of family names", value));
    };
    items
        .iter()
        .map(|item| {
            if item.is_instance_of::<PyString>() {
                Ok(text(item, "os")?.into_owned())
            } else {
                Err(type_error("an entry of os", "a str", item))
            }
        })
        .collect()
}

/// A whole number ≥ 0 (`length`, `count`): an `int`, not a `bool` or `float`.
/// Negative ones are the library's error; huge ones saturate.
pub fn whole(value: Option<&Bound<'_, PyAny>>, what: &'static str) -> PyResult<Option<usize>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(type_error(what, "an int", value));
    }
    if let Ok(n) = value.extract::<u64>() {
        return Ok(Some(usize::try_from(n).unwrap_or(usize::MAX)));
    }
    // Negative, or past 64 bits: `int.__lt__` of the type decides which.
    let py = value.py();
    let negative = PyInt::type_object(py)
        .getattr(intern!(py, "__lt__"))?
        .call1((value, 0))?
        .is_truthy()?;
    if negative {
        return Err(options_error(OptionsError::NotWhole(what)));
    }
    Ok(Some(usize::MAX))
}

/// The library's nesting limit, which the walk keeps.
const MAX_DEPTH: usize = 128;

/// `facts` or `policy`: text as a JSON string (the library parses it, and names
/// the line and column of a fault); a `dict` or `list` as the JSON value it is
/// (as a JavaScript object arrives).
pub fn json_value(
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Option<serde_json::Value>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyString>() {
        return Ok(Some(serde_json::Value::String(
            text(value, what)?.into_owned(),
        )));
    }
    if !(value.is_instance_of::<PyDict>()
        || value.is_instance_of::<PyList>()
        || value.is_instance_of::<PyTuple>())
    {
        return Err(type_error(what, "JSON text, a dict or a list", value));
    }
    let mut out = Vec::with_capacity(256);
    write_json(value, 0, &mut out, what)?;
    // What was written is JSON, at most 128 levels deep: serde_json reads it
    // back (its own limit of 128 is the walk's).
    serde_json::from_slice(&out)
        .map(Some)
        .map_err(|_| options_error(OptionsError::TooDeep))
}

fn write_json(
    value: &Bound<'_, PyAny>,
    depth: usize,
    out: &mut Vec<u8>,
    what: &str,
) -> PyResult<()> {
    if depth > MAX_DEPTH {
        return Err(options_error(OptionsError::TooDeep));
    }
    if out.len() > MAX_OPTIONS_BYTES {
        return Err(options_error(OptionsError::TooLarge));
    }
    if value.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(b) = value.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if value.is_instance_of::<PyInt>() {
        if let Ok(n) = value.extract::<i64>() {
            out.extend_from_slice(n.to_string().as_bytes());
        } else if let Ok(n) = value.extract::<u64>() {
            out.extend_from_slice(n.to_string().as_bytes());
        } else {
            // Past 64 bits: a number as far past them, of its sign, which the
            // library reads as out of range and refuses naming its key
            // (`all.max_repeat`); its digits are not written out.
            let py = value.py();
            let negative = PyInt::type_object(py)
                .getattr(intern!(py, "__lt__"))?
                .call1((value, 0))?
                .is_truthy()?;
            out.extend_from_slice(if negative {
                b"-18446744073709551617"
            } else {
                b"18446744073709551616"
            });
        }
    } else if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        if !f.is_finite() {
            return Err(PyTypeError::new_err(format!(
                "{what} holds a float JSON cannot hold (nan or an infinity)"
            )));
        }
        // serde_json writes a finite float as JSON does; writing to memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, &f);
    } else if value.is_instance_of::<PyString>() {
        let _ = serde_json::to_writer(&mut *out, &*text(value, what)?);
        if out.len() > MAX_OPTIONS_BYTES {
            return Err(options_error(OptionsError::TooLarge));
        }
    } else if let Ok(dict) = value.cast::<PyDict>() {
        out.push(b'{');
        for (i, (key, item)) in dict.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if !key.is_instance_of::<PyString>() {
                return Err(type_error(&format!("a key of {what}"), "a str", &key));
            }
            let _ = serde_json::to_writer(&mut *out, &*text(&key, what)?);
            if out.len() > MAX_OPTIONS_BYTES {
                return Err(options_error(OptionsError::TooLarge));
            }
            out.push(b':');
            write_json(&item, depth + 1, out, what)?;
        }
        out.push(b'}');
    } else if let Ok(list) = value.cast::<PyList>() {
        write_items(list.iter(), depth, out, what)?;
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        write_items(tuple.iter(), depth, out, what)?;
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} holds a value of type {}: only dict, list, tuple, str, int, float, bool and None can be read",
            type_name(value)
        )));
    }
    Ok(())
}

fn write_items<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
    out: &mut Vec<u8>,
    what: &str,
) -> PyResult<()> {
    out.push(b'[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_json(&item, depth + 1, out, what)?;
    }
    out.push(b']');
    Ok(())
}

/// A copy of a JSON-shaped Python value (dicts and lists new, the rest shared:
/// they cannot change).
pub fn copy_json<'py>(value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = value.py();
    if let Ok(dict) = value.cast::<PyDict>() {
        let out = PyDict::new(py);
        for (key, item) in dict.iter() {
            out.set_item(key, copy_json(&item)?)?;
        }
        Ok(out.into_any())
    } else if let Ok(list) = value.cast::<PyList>() {
        let items = list
            .iter()
            .map(|item| copy_json(&item))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any())
    } else {
        Ok(value.clone())
    }
}
