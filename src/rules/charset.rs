//! `password.charset`: only letters, digits and the rule's special characters.
//! A failure is reported by grapheme position and kind, never by character.

use super::graphemes;
use crate::charset::{CharKind, Scan, Specials};
use crate::diagnostic::{BadChar, Params, Positions};

/// Whether every character is allowed.
pub(crate) const fn passes(specials: Specials, scan: &Scan) -> bool {
    !scan.has_disallowed(specials)
}

/// Whether allowing only `specials` guarantees allowing only `specials2`.
pub(crate) const fn implies(specials: Specials, specials2: Specials) -> bool {
    specials.is_subset_of(specials2)
}

/// The params of a failure: the first [`MAX_REPORTED_POSITIONS`] grapheme clusters
/// holding a character that is not allowed (1-based, with the kind of the first
/// such character), and how many clusters do. `plus_hint`: the query form's raw
/// value held `+`, which decoded to a space.
///
/// [`MAX_REPORTED_POSITIONS`]: crate::limits::MAX_REPORTED_POSITIONS
pub(crate) fn failure(password: &str, specials: Specials, plus_hint: bool) -> Params {
    let mut positions = Positions::new();
    let mut count = 0usize;
    for_each_bad_cluster(
        password,
        |c| specials.allows(c),
        |index, bad| {
            count += 1;
            positions.push(BadChar {
                // An input is at most MAX_INPUT_BYTES (< u32::MAX) long.
                position: (index + 1) as u32,
                kind: CharKind::of(bad),
            });
        },
    );
    Params::Charset {
        positions,
        count,
        specials,
        plus_hint: plus_hint && password.contains(' '),
    }
}

/// Calls `bad(index, c)` for each grapheme cluster (0-based `index`) holding a
/// character that `allowed` refuses, with the first such character `c`.
#[inline]
pub(crate) fn for_each_bad_cluster(
    password: &str,
    allowed: impl Fn(char) -> bool,
    mut bad: impl FnMut(usize, char),
) {
    if password.is_ascii() {
        // Byte by byte: every byte is a cluster, but CR LF.
        let bytes = password.as_bytes();
        let (mut i, mut index) = (0, 0);
        while i < bytes.len() {
            let c = char::from(bytes[i]);
            if !allowed(c) {
                bad(index, c);
            }
            i += if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            index += 1;
        }
    } else if graphemes::clusters_are_chars_but_crlf(password) {
        // No segmenter: every character is a cluster, but CR LF.
        let mut chars = password.chars().peekable();
        let mut index = 0;
        while let Some(c) = chars.next() {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            if !allowed(c) {
                bad(index, c);
            }
            index += 1;
        }
    } else {
        graphemes::for_each(password, |index, cluster| {
            if let Some(c) = cluster.chars().find(|c| !allowed(*c)) {
                bad(index, c);
            }
        });
    }
}
