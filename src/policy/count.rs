//! Counting the passwords of one length that a policy's table-decided rules
//! accept (length, classes, charset, leading `/`), exactly: the entropy of a
//! password drawn uniformly among them.
//!
//! The alphabet is split into the *kinds* of the compiled table (characters the
//! rules cannot tell apart). For each set `T` of kinds, inclusion–exclusion gives
//! the number of strings of length `L` that hold exactly the kinds of `T` (with
//! and without `/` first), and the compiled verdict says whether the rules accept
//! them. The numbers grow past any machine word (94^30 ≈ 2^197): they are
//! `num_bigint::BigUint`s.

use alloc::vec::Vec;

use num_bigint::BigUint;
use num_traits::{CheckedSub, ToPrimitive, Zero};

use super::compile::Compiled;

/// The characters passwords are generated from, and counted over: every
/// printable ASCII character the charset rules allow (with no charset rule:
/// letters, digits and the 32 printable symbols).
pub(crate) fn alphabet(compiled: &Compiled) -> Vec<u8> {
    (0x21u8..0x7F)
        .filter(|b| compiled.allows_byte(*b))
        .collect()
}

/// `log2(n)` (`-inf` for zero), from its top 128 bits: exact to well within a
/// hundredth of a bit.
pub(crate) fn log2(n: &BigUint) -> f64 {
    let shift = n.bits().saturating_sub(128);
    let head = (n >> shift).to_u128().unwrap_or(u128::MAX);
    libm::log2(head as f64) + shift as f64
}

/// `n^e` (an exponent past `u32` is past any length a policy allows).
fn pow(n: u64, e: usize) -> BigUint {
    BigUint::from(n).pow(u32::try_from(e).unwrap_or(u32::MAX))
}

/// The number of passwords of `length` characters over [`alphabet`] that pass the
/// length rules and every table-decided rule of `compiled`.
pub(crate) fn count(compiled: &Compiled, length: usize) -> BigUint {
    if length < compiled.min_chars || length > compiled.max_chars {
        return BigUint::zero();
    }
    // Kinds: (key bits, how many characters, whether `/` is one of them).
    let mut kinds: Vec<(u8, u64, bool)> = Vec::new();
    for b in alphabet(compiled) {
        let bits = compiled.kind_of(b);
        match kinds.iter_mut().find(|(k, _, _)| *k == bits) {
            Some(kind) => {
                kind.1 += 1;
                kind.2 |= b == b'/';
            }
            None => kinds.push((bits, 1, b == b'/')),
        }
    }
    let m = kinds.len();
    // For every set of kinds U: strings over U (any first character), and those
    // that start with `/`.
    let mut over = Vec::with_capacity(1 << m);
    let mut over_slash_first = Vec::with_capacity(1 << m);
    for u in 0..(1usize << m) {
        let members = |i: usize| u & (1 << i) != 0;
        let size: u64 = (0..m).filter(|&i| members(i)).map(|i| kinds[i].1).sum();
        let slash = (0..m).any(|i| members(i) && kinds[i].2);
        over.push(pow(size, length));
        over_slash_first.push(if slash && length > 0 {
            pow(size, length - 1)
        } else {
            BigUint::zero()
        });
    }
    let mut plus = BigUint::zero();
    let mut minus = BigUint::zero();
    for t in 0..(1usize << m) {
        let key = (0..m)
            .filter(|&i| t & (1 << i) != 0)
            .fold(0u8, |key, i| key | kinds[i].0);
        let no_slash_ok = compiled.verdict_of(key, false);
        let slash_ok = compiled.verdict_of(key, true);
        if !no_slash_ok && !slash_ok {
            continue;
        }
        // Exactly the kinds of T: inclusion–exclusion over the subsets U of T.
        let mut u = t;
        loop {
            let sign_minus = (t.count_ones() - u.count_ones()) % 2 == 1;
            let mut term = BigUint::zero();
            if no_slash_ok {
                // Not starting with `/`: all strings over U minus those that do.
                term += over[u]
                    .checked_sub(&over_slash_first[u])
                    .unwrap_or_default();
            }
            if slash_ok {
                term += &over_slash_first[u];
            }
            if sign_minus {
                minus += term;
            } else {
                plus += term;
            }
            if u == 0 {
                break;
            }
            u = (u - 1) & t;
        }
    }
    plus.checked_sub(&minus).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log2_is_exact_to_a_hundredth_of_a_bit() {
        assert_eq!(log2(&pow(2, 200)), 200.0);
        assert_eq!(log2(&pow(10, 0)), 0.0);
        for (n, e) in [(94u64, 30usize), (94, 2), (3, 1), (62, 1000)] {
            let l = log2(&pow(n, e));
            assert!(
                (l - e as f64 * (n as f64).log2()).abs() < 1e-9,
                "{n}^{e}: {l}"
            );
        }
        assert_eq!(log2(&BigUint::zero()), f64::NEG_INFINITY);
    }
}
