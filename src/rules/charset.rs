//! `password.charset`: only letters, digits and the rule's special characters.
//! A failure is reported by grapheme position and kind, never by character.

use alloc::vec::Vec;

use super::graphemes;
use crate::charset::{CharKind, Scan, Specials};
use crate::diagnostic::{BadChar, Params};
use crate::limits::MAX_REPORTED_POSITIONS;

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
pub(crate) fn failure(password: &str, specials: Specials, plus_hint: bool) -> Params {
    let mut positions = Vec::new();
    let mut count = 0usize;
    graphemes::for_each(password, |index, cluster| {
        if let Some(bad) = cluster.chars().find(|c| !specials.allows(*c)) {
            count += 1;
            if positions.len() < MAX_REPORTED_POSITIONS {
                positions.push(BadChar {
                    position: index + 1,
                    kind: CharKind::of(bad),
                });
            }
        }
    });
    Params::Charset {
        positions,
        count,
        specials,
        plus_hint: plus_hint && password.contains(' '),
    }
}
