//! The hard limits: hostile input gets a diagnostic, never unbounded work.

/// Input larger than this many bytes is refused as a whole (`input.too_large`).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// Input with more parameters than this (query pairs, or JSON keys and array items)
/// is refused as a whole (`input.too_large`).
pub const MAX_PARAMS: usize = 10_000;

/// A charset diagnostic lists at most this many positions (its `count` has them all).
pub const MAX_REPORTED_POSITIONS: usize = 16;

/// `password.contains_username` looks for an ASCII name of at most this many bytes
/// at each place of the password, without allocating; a longer name (which fails
/// `username.length` anyway) is looked for in lowercased copies, still in linear time.
pub const MAX_USER_NAME_SEARCH: usize = 256;

/// Caller text shown back in an error (an unknown OS family, profile, state …):
/// at most this many characters.
pub const MAX_ECHOED_CHARS: usize = 64;

/// Whether `text` looks like a key a caller may see again in an error: a letter
/// or `_`, then letters, digits, `_`, `-` and `.` (a key could be anything: a
/// password pasted in the wrong place does not look like one, mostly).
#[cfg(feature = "serde")]
pub(crate) fn looks_like_key(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// `text`, cut to [`MAX_ECHOED_CHARS`] characters (with `…` when cut): errors say
/// what they refused, without letting a huge input through.
pub(crate) fn echo(text: &str) -> alloc::string::String {
    match text.char_indices().nth(MAX_ECHOED_CHARS) {
        Some((cut, _)) => alloc::format!("{}…", &text[..cut]),
        None => text.into(),
    }
}
