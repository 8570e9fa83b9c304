//! The WebAssembly exports the Go package calls (built for
//! `wasm32-unknown-unknown`). Private to this crate and `bindings/go`: the Go
//! side is the only caller, and both change together.
//!
//! Only plain numbers cross. Each instance of the module serves one Go
//! validator and is used by one goroutine at a time:
//!
//! 1. `cvm_rules_buffer(n)` gives the address of the instance's input buffer,
//!    with room for `n` bytes; Go writes a call's text there (for `check`, the
//!    request and then the facts, back to back). The address stays valid until
//!    the next `cvm_rules_buffer` call.
//! 2. A call names how many bytes of the buffer are its arguments (0: none
//!    given), and returns `address << 32 | length` of its answer: one status
//!    byte, then the JSON text (status 0) or the library's message. The answer
//!    stays valid until the next call.
//!
//! Statuses: 0 success, 1 a bad value, 2 a bad argument (text that is not
//! UTF-8, a call before `cvm_rules_new`, lengths past the buffer, an unknown
//! id), 4 the random source failed or gave nothing usable. A panic is a trap
//! (`unreachable`): Go throws that instance away.
//!
//! `check` and `check_password`, the calls made on every keystroke, answer
//! compactly (after the status byte `C`, then little-endian `u32`s): the
//! generation of the diagnostic table, the policy's slot, the verdict, the
//! number of diagnostics and an id for each; then, for `check`, the number of
//! accounts and, for each, its `field`, `instance_id`, `os` and `user_name`,
//! each a length and UTF-8 bytes. Each distinct diagnostic's JSON (`cvm_rules_diagnostic(id)`) and
//! each slot's profile and policy (`cvm_rules_frame(slot)`) are then made, and
//! decoded by Go, once. When an answer's diagnostics would not fit in the table
//! (more than [`MAX_INTERNED`]), or its policy is none of the slots, the answer
//! is the whole JSON object after the byte `J`. Measured in BENCHMARKS.md:
//! decoding JSON in Go costs more than the check itself.
//!
//! The one import, `cvm_rules_host.random(address, length) -> status`, fills
//! memory with random bytes from the host (0: done; anything else: failed).

use std::cell::RefCell;

use cvm::glue::{MAX_INPUT_BYTES, MAX_OPTIONS_BYTES, READ_CAP};
use cvm::{Account, Diagnostic, Localized};
use rand_core::{utils, TryCryptoRng, TryRng};
use serde::Serialize;

use crate::calls::{json, Failure, Session};

#[link(wasm_import_module = "cvm_rules_host")]
extern "C" {
    /// Fills `len` bytes at `ptr` with random bytes: 0 when done.
    fn random(ptr: *mut u8, len: usize) -> u32;
}

/// What one instance holds.
#[derive(Default)]
struct Instance {
    session: Option<Session>,
    input: Vec<u8>,
    output: Vec<u8>,
    interned: Interned,
}

/// Diagnostics by id, for the compact answers. Bounded: when an answer's
/// would not fit, the table starts again under a new generation (Go then
/// forgets its decoded copies).
#[derive(Default)]
struct Interned {
    generation: u32,
    diagnostics: Vec<Diagnostic>,
}

/// The most diagnostics kept by id (searched from the newest: a form's
/// answers repeat a few).
const MAX_INTERNED: usize = 64;

impl Interned {
    /// Writes the generation, then the number and ids of `diagnostics`;
    /// `false` (nothing written) when they are more than the table holds.
    fn write_ids<'d>(
        &mut self,
        diagnostics: impl ExactSizeIterator<Item = &'d Diagnostic>,
        out: &mut Vec<u8>,
    ) -> bool {
        if diagnostics.len() > MAX_INTERNED {
            return false;
        }
        if self.diagnostics.len() + diagnostics.len() > MAX_INTERNED {
            self.diagnostics.clear();
            self.generation = self.generation.wrapping_add(1);
        }
        push_u32(out, self.generation);
        push_u32(out, diagnostics.len() as u32);
        for diagnostic in diagnostics {
            let id = match self.diagnostics.iter().rposition(|d| d == diagnostic) {
                Some(id) => id,
                None => {
                    self.diagnostics.push(diagnostic.clone());
                    self.diagnostics.len() - 1
                }
            };
            push_u32(out, id as u32);
        }
        true
    }
}

fn push_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// The status byte of a failure.
fn status(failure: &Failure) -> u8 {
    match failure {
        Failure::Value(_) => BAD_VALUE,
        Failure::Argument(_) => BAD_ARGUMENT,
        Failure::Random(_) | Failure::Panicked => RANDOM,
    }
}

thread_local! {
    static INSTANCE: RefCell<Instance> = RefCell::default();
}

const OK: u8 = 0;
const BAD_VALUE: u8 = 1;
const BAD_ARGUMENT: u8 = 2;
const RANDOM: u8 = 4;

/// Runs `call` with the instance's session and its input split at the given
/// lengths, and writes the answer; returns its address and length.
fn answer(
    lengths: &[usize],
    call: impl FnOnce(Option<&Session>, &[&[u8]]) -> Result<String, Failure>,
) -> u64 {
    answer_into(lengths, |session, parts, _, output| {
        let json = call(session, parts)?;
        output.extend_from_slice(json.as_bytes());
        Ok(())
    })
}

/// [`answer`], with `call` writing its answer after the status byte itself
/// (and the diagnostic table at hand).
fn answer_into(
    lengths: &[usize],
    call: impl FnOnce(Option<&Session>, &[&[u8]], &mut Interned, &mut Vec<u8>) -> Result<(), Failure>,
) -> u64 {
    INSTANCE.with(|instance| {
        let mut instance = instance.borrow_mut();
        let Instance {
            session,
            input,
            output,
            interned,
        } = &mut *instance;
        let mut parts: [&[u8]; 2] = [&[], &[]];
        let mut start = 0usize;
        let mut result = Ok(());
        for (part, &len) in parts.iter_mut().zip(lengths) {
            match start.checked_add(len).and_then(|end| input.get(start..end)) {
                Some(bytes) => {
                    *part = bytes;
                    start += len;
                }
                None => result = Err(Failure::Argument("the lengths run past the buffer")),
            }
        }
        output.clear();
        output.push(OK);
        let result =
            result.and_then(|()| call(session.as_ref(), &parts[..lengths.len()], interned, output));
        if let Err(failure) = result {
            output.clear();
            output.push(status(&failure));
            output.extend_from_slice(failure.message().as_bytes());
        }
        ((output.as_ptr() as u64) << 32) | output.len() as u64
    })
}

/// The session, or a bad argument before `cvm_rules_new`.
fn session(session: Option<&Session>) -> Result<&Session, Failure> {
    session.ok_or(Failure::Argument("the validator is not made yet"))
}

/// Bytes given, or `None` for none (length 0).
fn given(bytes: &[u8]) -> Option<&[u8]> {
    (!bytes.is_empty()).then_some(bytes)
}

/// The address of the input buffer, with room for `len` bytes.
#[no_mangle]
pub extern "C" fn cvm_rules_buffer(len: usize) -> *mut u8 {
    INSTANCE.with(|instance| {
        let mut instance = instance.borrow_mut();
        if instance.input.len() < len {
            instance.input.resize(len, 0);
        }
        instance.input.as_mut_ptr()
    })
}

/// Compiles the options (`options_len` bytes of the buffer) into this
/// instance's validator; answers `{}`.
#[no_mangle]
pub extern "C" fn cvm_rules_new(options_len: usize) -> u64 {
    let mut made = None;
    let out = answer(&[options_len], |_, parts| {
        made = Some(Session::new(parts[0])?);
        Ok(String::from("{}"))
    });
    if let Some(session) = made {
        INSTANCE.with(|instance| instance.borrow_mut().session = Some(session));
    }
    out
}

/// `check`: the request (`input_len` bytes), then the facts (`facts_len`);
/// a compact answer (see the module's docs).
#[no_mangle]
pub extern "C" fn cvm_rules_check(input_len: usize, facts_len: usize) -> u64 {
    answer_into(&[input_len, facts_len], |s, parts, interned, out| {
        session(s)?.check_with(parts[0], given(parts[1]), |answer| {
            let compact = Compact {
                slot: answer.policy_slot(),
                valid: answer.is_valid(),
                diagnostics: answer.report().diagnostics(),
            };
            compact.write(out, interned, answer, |out| {
                write_accounts(out, answer.accounts())
            })
        })?
    })
}

/// `check_password`: the password, then the user name (0: none); a compact
/// answer (see the module's docs).
#[no_mangle]
pub extern "C" fn cvm_rules_check_password(password_len: usize, user_len: usize) -> u64 {
    answer_into(&[password_len, user_len], |s, parts, interned, out| {
        session(s)?.check_password_with(parts[0], given(parts[1]), |answer| {
            let diagnostics = answer.report().diagnostics();
            let compact = Compact {
                slot: answer.policy_slot(),
                valid: answer.is_valid(),
                diagnostics: &diagnostics,
            };
            compact.write(out, interned, answer, |_| true)
        })?
    })
}

/// What a compact answer says.
struct Compact<'a> {
    slot: Option<usize>,
    valid: bool,
    diagnostics: &'a [Diagnostic],
}

impl Compact<'_> {
    /// Writes the compact answer, then what `rest` writes; or, when it cannot be
    /// compact (no slot, too many diagnostics), `whole` as JSON after `J`.
    fn write(
        &self,
        out: &mut Vec<u8>,
        interned: &mut Interned,
        whole: &impl Serialize,
        rest: impl FnOnce(&mut Vec<u8>) -> bool,
    ) -> Result<(), Failure> {
        let start = out.len();
        if let Some(slot) = self.slot {
            out.push(b'C');
            push_u32(out, slot as u32);
            push_u32(out, u32::from(self.valid));
            if interned.write_ids(self.diagnostics.iter(), out) && rest(out) {
                return Ok(());
            }
        }
        out.truncate(start);
        out.push(b'J');
        write_json(out, whole)
    }
}

/// The JSON of the diagnostic `id` of the current generation.
#[no_mangle]
pub extern "C" fn cvm_rules_diagnostic(id: u32) -> u64 {
    answer_into(&[], |s, _, interned, out| {
        let locale = session(s)?.validator().locale();
        let diagnostic = interned
            .diagnostics
            .get(id as usize)
            .ok_or(Failure::Argument("no diagnostic has this id"))?;
        write_json(out, &Localized::new(diagnostic, locale))
    })
}

/// The JSON of `{"profile", "policy"}` of the policy of `slot` (0 to 7):
/// what every answer of that slot shares.
#[no_mangle]
pub extern "C" fn cvm_rules_frame(slot: u32) -> u64 {
    #[derive(Serialize)]
    struct Frame<'a, P> {
        profile: &'a str,
        policy: P,
    }
    answer_into(&[], |s, _, _, out| {
        let validator = session(s)?.validator();
        let policy = validator
            .policy_of_slot(slot as usize)
            .ok_or(Failure::Argument("no policy has this slot"))?;
        write_json(
            out,
            &Frame {
                profile: validator.profile().id(),
                policy,
            },
        )
    })
}

/// The four fields of an account, in the contract's order: each is a string.
const ACCOUNT_FIELDS: [&str; 4] = ["field", "instance_id", "os", "user_name"];

/// Appends the accounts compactly (their number, then each field's length and
/// bytes), each field the string the contract's JSON holds; `false` if one is
/// not a string.
fn write_accounts(out: &mut Vec<u8>, accounts: &[Account<'_>]) -> bool {
    push_u32(out, accounts.len() as u32);
    accounts.iter().all(|account| {
        let Ok(value) = serde_json::to_value(account) else {
            return false;
        };
        ACCOUNT_FIELDS.iter().all(|&key| match value.get(key) {
            Some(serde_json::Value::String(text)) => {
                push_u32(out, text.len() as u32);
                out.extend_from_slice(text.as_bytes());
                true
            }
            _ => false,
        })
    })
}

/// Appends `value` as JSON text.
fn write_json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) -> Result<(), Failure> {
    out.extend_from_slice(json(value)?.as_bytes());
    Ok(())
}

/// `explain`: its options (`{password?, userName?, length?}`; 0: none).
#[no_mangle]
pub extern "C" fn cvm_rules_explain(options_len: usize) -> u64 {
    answer(&[options_len], |s, parts| session(s)?.explain(parts[0]))
}

/// `generate`: its options (`{count?, length?, userName?}`; 0: none), with
/// random bytes from the host.
#[no_mangle]
pub extern "C" fn cvm_rules_generate(options_len: usize) -> u64 {
    answer(&[options_len], |s, parts| {
        session(s)?.generate(HostRandom::default(), parts[0])
    })
}

/// The most bytes of a request, a password or a user name that are read.
#[no_mangle]
pub extern "C" fn cvm_rules_read_cap() -> usize {
    READ_CAP
}

/// The largest facts document read.
#[no_mangle]
pub extern "C" fn cvm_rules_max_facts_bytes() -> usize {
    MAX_INPUT_BYTES
}

/// The largest options text read.
#[no_mangle]
pub extern "C" fn cvm_rules_max_options_bytes() -> usize {
    MAX_OPTIONS_BYTES
}

/// The host's random bytes, drawn 256 at a time (the host says when it
/// failed: `calls::Session::generate` then ends with a random failure).
struct HostRandom {
    bytes: [u8; 256],
    next: usize,
}

impl Default for HostRandom {
    fn default() -> HostRandom {
        HostRandom {
            bytes: [0; 256],
            next: 256,
        }
    }
}

/// The host's random source failed.
#[derive(Debug)]
struct HostFailed;

impl core::fmt::Display for HostFailed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("the host's random source failed")
    }
}

impl std::error::Error for HostFailed {}

impl TryRng for HostRandom {
    type Error = HostFailed;

    fn try_next_u32(&mut self) -> Result<u32, HostFailed> {
        utils::next_word_via_fill(self)
    }

    fn try_next_u64(&mut self) -> Result<u64, HostFailed> {
        utils::next_word_via_fill(self)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), HostFailed> {
        for byte in dst {
            if self.next == self.bytes.len() {
                // SAFETY: the host writes at most `len` bytes at `ptr`, a
                // buffer of this instance's memory that lives through the call.
                if unsafe { random(self.bytes.as_mut_ptr(), self.bytes.len()) } != 0 {
                    return Err(HostFailed);
                }
                self.next = 0;
            }
            *byte = self.bytes[self.next];
            self.next += 1;
        }
        Ok(())
    }
}

impl TryCryptoRng for HostRandom {}
