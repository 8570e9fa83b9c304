//! The C functions (`include/cvm_rules.h`, generated from this file by
//! cbindgen).
//!
//! Every function returns a status ([`CVM_RULES_OK`] and the others below) and
//! writes its answer through an out-parameter. Every pointer is checked before
//! use: a null pointer with a length of zero is empty text, with any other
//! length a bad argument. No panic crosses the boundary: each body runs under
//! [`guard`], which catches one and answers [`CVM_RULES_INTERNAL`]; nothing is
//! printed (see `quiet.rs`).

use core::ffi::{c_char, c_int};
use core::ptr;
use core::slice;

use getrandom::SysRng;

use crate::calls::{Failure, Session};
use crate::quiet::guard;

/// Success: the answer is in the out-parameter.
pub const CVM_RULES_OK: c_int = 0;
/// A bad value (options, facts, a length out of bounds…): the library's message
/// is in the out-parameter.
pub const CVM_RULES_BAD_VALUE: c_int = 1;
/// A bad argument: a null pointer with a non-zero length, or text that is not
/// UTF-8 where text is required (a message says which, when there is somewhere
/// to write it).
pub const CVM_RULES_BAD_ARGUMENT: c_int = 2;
/// An internal error: a panic was caught, or the operating system's random
/// source failed (a message says which). The library stays usable.
pub const CVM_RULES_INTERNAL: c_int = 3;

/// UTF-8 text owned by the caller (not NUL-terminated: print it with
/// `printf("%.*s", (int)s.len, s.ptr)`), given back with
/// `cvm_rules_str_free`. A zeroed one (`{NULL, 0}`) holds nothing.
#[repr(C)]
#[derive(Debug)]
pub struct CvmRulesStr {
    /// The bytes, or NULL.
    pub ptr: *mut c_char,
    /// How many.
    pub len: usize,
}

impl CvmRulesStr {
    const EMPTY: CvmRulesStr = CvmRulesStr {
        ptr: ptr::null_mut(),
        len: 0,
    };

    fn from_string(text: String) -> CvmRulesStr {
        let bytes: Box<[u8]> = text.into_bytes().into_boxed_slice();
        let len = bytes.len();
        CvmRulesStr {
            ptr: Box::into_raw(bytes).cast::<c_char>(),
            len,
        }
    }
}

/// Options read and compiled once; immutable, so one may be shared by any
/// number of threads. Made by `cvm_rules_validator_new`, given back with
/// `cvm_rules_validator_free`.
pub struct CvmRulesValidator {
    session: Session,
}

/// A text argument, by the words of its failures.
struct Arg {
    /// A null pointer with a length.
    null: &'static str,
    /// A length past what any object can have (more than `isize::MAX`, or
    /// running past the end of memory).
    too_long: &'static str,
}

macro_rules! arg {
    ($name:literal) => {
        Arg {
            null: concat!($name, " is NULL with a length"),
            too_long: concat!($name, "'s length runs past the end of memory"),
        }
    };
}

const OPTIONS_JSON: Arg = arg!("options_json");
const INPUT: Arg = arg!("input");
const FACTS_JSON: Arg = arg!("facts_json");
const PASSWORD: Arg = arg!("password");
const USER_NAME: Arg = arg!("user_name");

/// The bytes at `ptr`: empty when `len` is 0 (whatever `ptr` is); a null
/// pointer with a length, or a length no object can have, is a bad argument.
///
/// # Safety
/// A non-null `ptr` must point to `len` readable bytes that stay unchanged
/// for the call (what the lengths refused here cannot be).
unsafe fn bytes<'a>(ptr: *const c_char, len: usize, arg: Arg) -> Result<&'a [u8], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Failure::Argument(arg.null));
    }
    if len > isize::MAX as usize || (ptr as usize).checked_add(len).is_none() {
        return Err(Failure::Argument(arg.too_long));
    }
    // SAFETY: non-null, a length an object can have, and the caller promises
    // `len` readable bytes.
    Ok(unsafe { slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// The bytes at `ptr`, or `None` for a null pointer of length 0 (NULL with a
/// length is a bad argument).
///
/// # Safety
/// As [`bytes`].
unsafe fn optional_bytes<'a>(
    ptr: *const c_char,
    len: usize,
    arg: Arg,
) -> Result<Option<&'a [u8]>, Failure> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: as the caller promises.
    unsafe { bytes(ptr, len, arg) }.map(Some)
}

/// The status of a failure.
fn status(failure: &Failure) -> c_int {
    match failure {
        Failure::Value(_) => CVM_RULES_BAD_VALUE,
        Failure::Argument(_) => CVM_RULES_BAD_ARGUMENT,
        Failure::Random(_) | Failure::Panicked => CVM_RULES_INTERNAL,
    }
}

/// Runs `call` (a panic is [`Failure::Panicked`]) with `*out` zeroed first,
/// then writes its answer or message there; a null `out` is a bad argument.
///
/// # Safety
/// A non-null `out` must be valid for writing a `cvm_rules_str`.
unsafe fn with_out(out: *mut CvmRulesStr, call: impl FnOnce() -> Result<String, Failure>) -> c_int {
    // SAFETY: as the caller promises, when non-null.
    let Some(out) = (unsafe { out.as_mut() }) else {
        return CVM_RULES_BAD_ARGUMENT;
    };
    *out = CvmRulesStr::EMPTY;
    match guard(call).unwrap_or(Err(Failure::Panicked)) {
        Ok(json) => {
            *out = CvmRulesStr::from_string(json);
            CVM_RULES_OK
        }
        Err(failure) => {
            *out = CvmRulesStr::from_string(failure.message().to_owned());
            status(&failure)
        }
    }
}

/// Reads and compiles `options_json` (`{profile, rules, os, lang, policy}`, all
/// optional; NULL or empty: the defaults) into `*out`, to be freed with
/// `cvm_rules_validator_free`. On a bad value, `*error` holds the library's
/// message (free it); `error` may be NULL when the message is not wanted.
///
/// # Safety
/// `options_json` must point to `len` readable bytes (or be NULL with `len`
/// 0); `out` must be valid for writing a pointer; a non-null `error` must be
/// valid for writing a `cvm_rules_str`.
#[no_mangle]
pub unsafe extern "C" fn cvm_rules_validator_new(
    options_json: *const c_char,
    len: usize,
    out: *mut *mut CvmRulesValidator,
    error: *mut CvmRulesStr,
) -> c_int {
    // Every write goes through its raw pointer, and no reference is held:
    // even an `out` and an `error` that overlap are only written, in turn.
    let say = |failure: Failure| {
        if !error.is_null() {
            // SAFETY: a non-null `error` is valid for writing, as the caller promises.
            unsafe { error.write(CvmRulesStr::from_string(failure.message().to_owned())) };
        }
        status(&failure)
    };
    if !error.is_null() {
        // SAFETY: as above.
        unsafe { error.write(CvmRulesStr::EMPTY) };
    }
    if out.is_null() {
        return say(Failure::Argument("out is NULL"));
    }
    // SAFETY: a non-null `out` is valid for writing, as the caller promises.
    unsafe { out.write(ptr::null_mut()) };
    let made = guard(|| {
        // SAFETY: as the caller promises.
        let options = unsafe { bytes(options_json, len, OPTIONS_JSON) }?;
        Session::new(options)
    });
    match made.unwrap_or(Err(Failure::Panicked)) {
        Ok(session) => {
            let validator = Box::into_raw(Box::new(CvmRulesValidator { session }));
            // SAFETY: as above.
            unsafe { out.write(validator) };
            CVM_RULES_OK
        }
        Err(failure) => say(failure),
    }
}

/// The validator behind `v`, or a bad argument.
///
/// # Safety
/// A non-null `v` must come from `cvm_rules_validator_new` and not be freed.
unsafe fn session<'a>(v: *const CvmRulesValidator) -> Result<&'a Session, Failure> {
    // SAFETY: as the caller promises, when non-null.
    unsafe { v.as_ref() }
        .map(|v| &v.session)
        .ok_or(Failure::Argument("the validator is NULL"))
}

/// Validates one request (`input`: the query form, a full URL, or JSON; read up
/// to the library's read cap) with `facts_json` (`DescribeInstances` JSON, or
/// NULL): `*out` holds the `check` object's JSON text.
///
/// # Safety
/// `v` must come from `cvm_rules_validator_new` and not be freed; each pointer
/// must point to its length's readable bytes (or be NULL with length 0);
/// `out` must be valid for writing a `cvm_rules_str`.
#[no_mangle]
pub unsafe extern "C" fn cvm_rules_check(
    v: *const CvmRulesValidator,
    input: *const c_char,
    len: usize,
    facts_json: *const c_char,
    facts_len: usize,
    out: *mut CvmRulesStr,
) -> c_int {
    // SAFETY: as the caller promises.
    unsafe {
        with_out(out, || {
            let session = session(v)?;
            let input = bytes(input, len, INPUT)?;
            let facts = optional_bytes(facts_json, facts_len, FACTS_JSON)?;
            session.check(input, facts)
        })
    }
}

/// Checks a password alone (UTF-8; read up to the read cap) for the account
/// `user_name` (NULL: none given): `*out` holds `{valid, profile, policy,
/// diagnostics}` as JSON text.
///
/// # Safety
/// As `cvm_rules_check`.
#[no_mangle]
pub unsafe extern "C" fn cvm_rules_check_password(
    v: *const CvmRulesValidator,
    password: *const c_char,
    len: usize,
    user_name: *const c_char,
    user_len: usize,
    out: *mut CvmRulesStr,
) -> c_int {
    // SAFETY: as the caller promises.
    unsafe {
        with_out(out, || {
            let session = session(v)?;
            let password = bytes(password, len, PASSWORD)?;
            let user_name = optional_bytes(user_name, user_len, USER_NAME)?;
            session.check_password(password, user_name)
        })
    }
}

/// The requirements checklist (`options_json`: `{password?, userName?,
/// length?}`, or NULL): `*out` holds the `explain` object's JSON text.
///
/// # Safety
/// As `cvm_rules_check`.
#[no_mangle]
pub unsafe extern "C" fn cvm_rules_explain(
    v: *const CvmRulesValidator,
    options_json: *const c_char,
    len: usize,
    out: *mut CvmRulesStr,
) -> c_int {
    // SAFETY: as the caller promises.
    unsafe {
        with_out(out, || {
            let session = session(v)?;
            let options = bytes(options_json, len, OPTIONS_JSON)?;
            session.explain(options)
        })
    }
}

/// Passwords that pass the policy, from the operating system's random source
/// (`options_json`: `{count?, length?, userName?}`, or NULL): `*out` holds the
/// `generate` object's JSON text.
///
/// # Safety
/// As `cvm_rules_check`.
#[no_mangle]
pub unsafe extern "C" fn cvm_rules_generate(
    v: *const CvmRulesValidator,
    options_json: *const c_char,
    len: usize,
    out: *mut CvmRulesStr,
) -> c_int {
    // SAFETY: as the caller promises.
    unsafe {
        with_out(out, || {
            let session = session(v)?;
            let options = bytes(options_json, len, OPTIONS_JSON)?;
            session.generate(SysRng, options)
        })
    }
}

/// Gives back text the library returned. A zeroed `cvm_rules_str` is nothing
/// to free; freeing one twice is the caller's bug, as with `free`.
///
/// # Safety
/// `s` must be zeroed, or returned by this library and not freed yet, with
/// its `ptr` and `len` unchanged.
#[no_mangle]
pub unsafe extern "C" fn cvm_rules_str_free(s: CvmRulesStr) {
    if s.ptr.is_null() {
        return;
    }
    // SAFETY: made by `CvmRulesStr::from_string` from a boxed slice of `len`
    // bytes, as the caller promises.
    drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(s.ptr.cast::<u8>(), s.len)) });
}

/// Gives back a validator. NULL is nothing to free.
///
/// # Safety
/// A non-null `v` must come from `cvm_rules_validator_new`, not be freed yet,
/// and not be in use by another thread.
#[no_mangle]
pub unsafe extern "C" fn cvm_rules_validator_free(v: *mut CvmRulesValidator) {
    if !v.is_null() {
        // SAFETY: made by `Box::into_raw` in `cvm_rules_validator_new`.
        drop(unsafe { Box::from_raw(v) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// In a child process (to see its standard error): a panic inside a call
    /// is status 3 with a message, the next call works, and nothing is printed.
    #[test]
    fn a_panic_is_an_internal_error_and_prints_nothing() {
        const CHILD: &str = "CVM_RULES_PANIC_CHILD";
        if std::env::var_os(CHILD).is_some() {
            let mut out = CvmRulesStr::EMPTY;
            // SAFETY: `out` is a valid place to write.
            let status = unsafe { with_out(&mut out, || panic!("a bug, printed nowhere")) };
            assert_eq!(status, CVM_RULES_INTERNAL);
            // SAFETY: made by the library, of `len` bytes.
            let message = unsafe { slice::from_raw_parts(out.ptr.cast::<u8>(), out.len) };
            assert!(message.starts_with(b"internal error: the call panicked"));
            // SAFETY: returned by the library, freed once.
            unsafe { cvm_rules_str_free(out) };
            let mut out = CvmRulesStr::EMPTY;
            // SAFETY: as above.
            let status = unsafe { with_out(&mut out, || Ok(String::from("{}"))) };
            assert_eq!(status, CVM_RULES_OK);
            // SAFETY: as above.
            unsafe { cvm_rules_str_free(out) };
            println!("child done");
            return;
        }
        let child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "ffi::tests::a_panic_is_an_internal_error_and_prints_nothing",
            ])
            .args(["--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&child.stdout);
        let stderr = String::from_utf8_lossy(&child.stderr);
        assert!(child.status.success(), "{stdout}\n{stderr}");
        assert!(stdout.contains("child done"), "{stdout}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("a bug"),
            "{stderr}"
        );
    }
}
