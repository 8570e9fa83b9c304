//! `RequestId`s shaped like the API's: a UUID (version 4 layout) made from the clock
//! and a counter. Random-looking and unique within the process; not a secret, so no
//! cryptographic generator is needed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);
static SEED: OnceLock<u64> = OnceLock::new();

/// A new id such as `3f2b8c1e-9a4d-4e6f-8b21-5c7d0e9f1a2b`.
pub fn next() -> String {
    let seed = *SEED.get_or_init(|| mix(now_nanos() ^ (u64::from(std::process::id()) << 32)));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // `mix` is a bijection, so `low` differs for every `n` of this process; `high`
    // brings in the clock, so ids of two runs differ too.
    let high = mix(now_nanos().wrapping_add(n));
    let low = mix(n ^ seed);
    format(high, low)
}

fn now_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The SplitMix64 finalizer: a bijection on `u64` that scatters every input bit.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` (`y` in `8..=b`): the version and variant
/// bits of a random UUID.
fn format(high: u64, low: u64) -> String {
    let high = (high & !0xF000) | 0x4000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xFFFF,
        high & 0xFFFF,
        low >> 48,
        low & 0xFFFF_FFFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn uuid_shaped() {
        let id = next();
        let groups: Vec<&str> = id.split('-').collect();
        let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        assert_eq!(lens, [8, 4, 4, 4, 12], "{id}");
        assert!(id
            .bytes()
            .all(|b| b == b'-' || b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert!(groups[2].starts_with('4'), "{id}");
        assert!(
            matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "{id}"
        );
    }

    #[test]
    fn unique() {
        let ids: HashSet<String> = (0..10_000).map(|_| next()).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
