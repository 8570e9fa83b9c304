//! The one small hash of the crate, for its two open-addressing tables (the
//! repeated instance ids of a batch, a deny-list's entries): multiplicative,
//! 8 bytes at a time. Keys are short and not chosen to collide with each other
//! (a deny-list is the caller's, ids are checked in linear time either way), so
//! a fast hash serves; a slot is taken from the hash's top bits, its best mixed.
//! Bottom layer: plain functions.

/// The multiplier (2^64 / φ, Fibonacci hashing).
const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hash of `bytes`; with `ignore_ascii_case`, of their ASCII lowercase.
#[inline]
pub(crate) fn hash(bytes: &[u8], ignore_ascii_case: bool) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        if ignore_ascii_case {
            word.make_ascii_lowercase();
        }
        h = mix(h, u64::from_le_bytes(word));
    }
    h
}

/// One more word into the hash `h` (a key that is one word already hashes as
/// `mix(0, key)`).
#[inline]
pub(crate) const fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(23) ^ word).wrapping_mul(K)
}

/// The slot of `hash` in a table of `slots` slots (a power of two): its top bits.
#[inline]
pub(crate) const fn slot(hash: u64, slots: usize) -> usize {
    let bits = slots.trailing_zeros();
    if bits == 0 {
        0
    } else {
        (hash >> (64 - bits)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_is_ignored_only_when_asked_and_every_byte_counts() {
        assert_eq!(hash(b"Summer2024!", true), hash(b"sUMMER2024!", true));
        assert_ne!(hash(b"Summer2024!", false), hash(b"sUMMER2024!", false));
        // Lengths and bytes past the first word change the hash.
        assert_ne!(hash(b"ins-r8hr2upy", false), hash(b"ins-r8hr2upz", false));
        assert_ne!(hash(b"abc", false), hash(b"abc\0", false));
        assert_ne!(hash(b"", false), hash(b"\0", false));
    }

    #[test]
    fn slots_are_in_range_and_spread() {
        for slots in [1usize, 2, 64, 1 << 20] {
            let mut seen = alloc::collections::BTreeSet::new();
            for i in 0..256u64 {
                let s = slot(hash(&i.to_le_bytes(), false), slots);
                assert!(s < slots);
                seen.insert(s);
            }
            // 256 keys fill most of a small table and spread over a large one.
            assert!(
                seen.len() >= slots.min(256) * 3 / 5,
                "{slots}: {}",
                seen.len()
            );
        }
    }
}
