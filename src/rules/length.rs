//! `password.length`: between `min` and `max` Unicode scalar values.

use crate::charset::Scan;
use crate::diagnostic::Params;

/// Whether a password of `chars` characters is within `min..=max`.
pub(crate) const fn passes(min: u32, max: u32, scan: &Scan) -> bool {
    let chars = scan.chars as u64;
    chars >= min as u64 && chars <= max as u64
}

/// Whether `min..=max` lies within `min2..=max2`.
pub(crate) const fn implies(min: u32, max: u32, min2: u32, max2: u32) -> bool {
    min >= min2 && max <= max2
}

/// The params of a failure.
pub(crate) fn failure(min: u32, max: u32, scan: &Scan) -> Params {
    Params::Range {
        min: min.into(),
        max: max.into(),
        actual: scan.chars as u64,
    }
}
