//! `instance_id.format`: exactly `ins-` followed by 8 characters of `[a-z0-9]`, no trimming.

use crate::diagnostic::IdReason;

/// The prefix of every CVM instance id.
pub const INSTANCE_ID_PREFIX: &str = "ins-";
/// The length of an instance id in bytes (= characters, as it is ASCII).
pub const INSTANCE_ID_LEN: usize = 12;

/// `ins-` as the little-endian `u32` of an id's first four bytes.
const PREFIX_WORD: u32 = u32::from_le_bytes(*b"ins-");
/// `0x80` in every byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `n` in every byte of a `u64`.
const fn splat(n: u8) -> u64 {
    u64::from_le_bytes([n; 8])
}

/// SWAR: the high bit of each byte of `x` is set when that byte is outside
/// `lo..=hi` (`0 < lo ≤ hi < 0x80`), computed as `(0x7F + lo) - b` (high bit iff
/// `b < lo`) or `b + (0x7F - hi)` (high bit iff `b > hi`).
///
/// Exact for every byte below `0x80`: those neither borrow nor carry. A byte of
/// `0x80` or more may borrow from or carry into the bytes above it, but it gets
/// no carry from below when it is the lowest such byte, and then both ranges used
/// here flag it (checked for all 256 values in the tests); so "no byte flagged"
/// holds exactly when every byte is in range.
#[inline(always)]
const fn outside(x: u64, lo: u8, hi: u8) -> u64 {
    let below = splat(0x7F + lo).wrapping_sub(x);
    let above = x.wrapping_add(splat(0x7F - hi));
    below | above
}

/// The 8 bytes after `ins-` of a well-formed id, as one little-endian `u64` (never
/// 0: they are ASCII letters and digits); `None` when the id is malformed. One
/// length test, one 4-byte compare and a SWAR test of the 8 suffix bytes (each in
/// `a`–`z` or `0`–`9`): about 15 instructions for a well-formed id.
///
/// A well-formed id is ASCII, so "12 characters" is "12 bytes" here; the exact
/// reason of a malformed id is left to [`check_instance_id`].
#[inline]
pub(crate) fn well_formed_key(id: &[u8]) -> Option<u64> {
    let (prefix, suffix) = id.split_first_chunk::<4>()?;
    let suffix: &[u8; 8] = suffix.try_into().ok()?;
    let suffix = u64::from_le_bytes(*suffix);
    let bad = outside(suffix, b'a', b'z') & outside(suffix, b'0', b'9') & HIGH_BITS;
    (u32::from_le_bytes(*prefix) == PREFIX_WORD && bad == 0).then_some(suffix)
}

/// Checks one instance id (see [`Request::check_instance_id`](crate::Request::check_instance_id)).
#[inline]
pub(crate) fn check_instance_id(id: &str) -> Result<(), IdReason> {
    if well_formed_key(id.as_bytes()).is_some() {
        return Ok(());
    }
    malformed_reason(id)
}

/// The reason of a malformed id, by the documented rules, character by character
/// (also the naive twin of [`well_formed_key`] in the tests).
#[cold]
fn malformed_reason(id: &str) -> Result<(), IdReason> {
    let bytes = id.as_bytes();
    if !bytes.starts_with(INSTANCE_ID_PREFIX.as_bytes()) {
        return Err(IdReason::Prefix);
    }
    if id.chars().count() != INSTANCE_ID_LEN {
        return Err(IdReason::Length);
    }
    let suffix = &bytes[INSTANCE_ID_PREFIX.len()..];
    if suffix
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Ok(())
    } else {
        Err(IdReason::Charset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        assert_eq!(check_instance_id("ins-5d8a23rs"), Ok(()));
        assert_eq!(check_instance_id(""), Err(IdReason::Prefix));
        assert_eq!(check_instance_id(" ins-5d8a23rs"), Err(IdReason::Prefix));
        assert_eq!(check_instance_id("ins-5d8a23rs "), Err(IdReason::Length));
        assert_eq!(check_instance_id("ins-5d8a23r"), Err(IdReason::Length));
        assert_eq!(check_instance_id("ins-5d8a23r-"), Err(IdReason::Charset));
        assert_eq!(check_instance_id("ins-5d8a23é"), Err(IdReason::Length));
        assert_eq!(check_instance_id("ins-5d8a23éé"), Err(IdReason::Charset));
    }

    /// The SWAR fast path agrees with the character-by-character rules on every
    /// byte in every suffix position, and on every prefix and length variation.
    #[test]
    fn fast_path_agrees_with_the_naive_rules() {
        let check = |id: &[u8]| {
            let naive = id.len() == 12
                && id.starts_with(b"ins-")
                && id[4..]
                    .iter()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            let fast = well_formed_key(id);
            assert_eq!(fast.is_some(), naive, "{id:?}");
            if let Some(key) = fast {
                assert_eq!(key.to_le_bytes(), id[4..12], "{id:?}");
            }
            if let Ok(text) = core::str::from_utf8(id) {
                assert_eq!(malformed_reason(text).is_ok(), naive, "{text:?}");
                assert_eq!(check_instance_id(text), malformed_reason(text), "{text:?}");
            }
        };
        for position in 0..12 {
            for b in 0..=255u8 {
                let mut id = *b"ins-a0z9m5b7";
                id[position] = b;
                check(&id);
            }
        }
        for b in 0..=255u8 {
            // The lowest byte that is not ASCII, alone: flagged by both ranges.
            let x = u64::from(b);
            let flagged = outside(x, b'a', b'z') & outside(x, b'0', b'9') & 0x80 != 0;
            assert_eq!(
                flagged,
                !(b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{b:#04x}"
            );
        }
        for (i, j) in [(4, 5), (7, 8), (10, 11), (4, 11)] {
            // Every pair of bytes in two suffix positions (carries between them).
            for a in 0..=255u8 {
                for b in 0..=255u8 {
                    let mut id = *b"ins-a0z9m5b7";
                    id[i] = a;
                    id[j] = b;
                    check(&id);
                }
            }
        }
        for b in 0..=255u8 {
            // Every byte in every suffix position at once.
            let id = [b'i', b'n', b's', b'-', b, b, b, b, b, b, b, b];
            check(&id);
        }
        for text in [
            "",
            "ins-",
            "ins-0123456",
            "ins-012345678",
            "ins-0123456é",
            "ins-0123456\u{80}",
        ] {
            check(text.as_bytes());
        }
    }
}
