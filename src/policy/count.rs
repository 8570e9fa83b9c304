//! Counting the passwords of one length that a policy's table-decided rules
//! accept (length, classes, charset, leading `/`), exactly: the entropy of a
//! password drawn uniformly among them.
//!
//! The alphabet is split into the *kinds* of the compiled table (characters the
//! rules cannot tell apart). For each set `T` of kinds, inclusion–exclusion gives
//! the number of strings of length `L` that hold exactly the kinds of `T` (with
//! and without `/` first), and the compiled verdict says whether the rules accept
//! them. The numbers grow past any machine word (94^30 ≈ 2^197), so they are
//! counted in a small big-integer type of their own.

use alloc::vec;
use alloc::vec::Vec;

use super::compile::Compiled;

/// The characters passwords are generated from, and counted over: every
/// printable ASCII character the charset rules allow (with no charset rule:
/// letters, digits and the 32 printable symbols).
pub(crate) fn alphabet(compiled: &Compiled) -> Vec<u8> {
    (0x21u8..0x7F)
        .filter(|b| compiled.allows_byte(*b))
        .collect()
}

/// A non-negative integer of any size, little-endian in 64-bit limbs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Big(Vec<u64>);

impl Big {
    pub fn zero() -> Big {
        Big(Vec::new())
    }

    pub fn from_u64(n: u64) -> Big {
        let mut big = Big(vec![n]);
        big.trim();
        big
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// `self * n`.
    pub fn mul_small(&self, n: u64) -> Big {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut carry = 0u128;
        for &limb in &self.0 {
            let product = u128::from(limb) * u128::from(n) + carry;
            out.push(product as u64);
            carry = product >> 64;
        }
        out.push(carry as u64);
        let mut big = Big(out);
        big.trim();
        big
    }

    /// `n^e`.
    pub fn pow(n: u64, e: usize) -> Big {
        (0..e).fold(Big::from_u64(1), |acc, _| acc.mul_small(n))
    }

    /// `self + other`.
    pub fn add(&self, other: &Big) -> Big {
        let len = self.0.len().max(other.0.len());
        let mut out = Vec::with_capacity(len + 1);
        let mut carry = false;
        for i in 0..len {
            let a = self.0.get(i).copied().unwrap_or(0);
            let b = other.0.get(i).copied().unwrap_or(0);
            let (sum, c1) = a.overflowing_add(b);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            out.push(sum);
            carry = c1 || c2;
        }
        out.push(u64::from(carry));
        let mut big = Big(out);
        big.trim();
        big
    }

    /// `self - other`; `None` when `other` is larger.
    pub fn checked_sub(&self, other: &Big) -> Option<Big> {
        if other.0.len() > self.0.len() {
            return None;
        }
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = false;
        for i in 0..self.0.len() {
            let a = self.0[i];
            let b = other.0.get(i).copied().unwrap_or(0);
            let (diff, b1) = a.overflowing_sub(b);
            let (diff, b2) = diff.overflowing_sub(u64::from(borrow));
            out.push(diff);
            borrow = b1 || b2;
        }
        if borrow {
            return None;
        }
        let mut big = Big(out);
        big.trim();
        Some(big)
    }

    /// `log2(self)` (`-inf` for zero), from the top 128 bits: exact to well within
    /// a hundredth of a bit.
    pub fn log2(&self) -> f64 {
        let Some(&top) = self.0.last() else {
            return f64::NEG_INFINITY;
        };
        let n = self.0.len();
        let next = if n >= 2 { self.0[n - 2] } else { 0 };
        let head = ((u128::from(top) << 64) | u128::from(next)) as f64;
        libm_log2(head) + 64.0 * (n as f64 - 2.0)
    }

    /// The value, when it fits in a `u128`.
    pub fn to_u128(&self) -> Option<u128> {
        match self.0.as_slice() {
            [] => Some(0),
            [a] => Some(u128::from(*a)),
            [a, b] => Some(u128::from(*a) | (u128::from(*b) << 64)),
            _ => None,
        }
    }
}

/// `log2` without `std` (the crate is `no_std`): the exponent from the bits of
/// the float, the mantissa's logarithm from a short series.
fn libm_log2(x: f64) -> f64 {
    if x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7FF) as i64 - 1023;
    // The mantissa in [1, 2), then in [1/√2, √2) for a fast series.
    let mut m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    let mut e = exponent as f64;
    if m > core::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1.0;
    }
    // ln(m) = 2 atanh((m - 1) / (m + 1)), a series in s² with s ≤ 0.172.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut k = 1.0;
    while k < 40.0 {
        sum += term / k;
        term *= s2;
        k += 2.0;
    }
    e + 2.0 * sum / core::f64::consts::LN_2
}

/// The number of passwords of `length` characters over [`alphabet`] that pass the
/// length rules and every table-decided rule of `compiled`.
pub(crate) fn count(compiled: &Compiled, length: usize) -> Big {
    if length < compiled.min_chars || length > compiled.max_chars {
        return Big::zero();
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
        over.push(Big::pow(size, length));
        over_slash_first.push(if slash && length > 0 {
            Big::pow(size, length - 1)
        } else {
            Big::zero()
        });
    }
    let mut plus = Big::zero();
    let mut minus = Big::zero();
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
            let mut term = Big::zero();
            if no_slash_ok {
                // Not starting with `/`: all strings over U minus those that do.
                let not_slash = over[u]
                    .checked_sub(&over_slash_first[u])
                    .unwrap_or_default();
                term = term.add(&not_slash);
            }
            if slash_ok {
                term = term.add(&over_slash_first[u]);
            }
            if sign_minus {
                minus = minus.add(&term);
            } else {
                plus = plus.add(&term);
            }
            if u == 0 {
                break;
            }
            u = (u - 1) & t;
        }
    }
    plus.checked_sub(&minus).unwrap_or_default()
}

impl Default for Big {
    fn default() -> Self {
        Big::zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_arithmetic_agrees_with_u128() {
        let values = [
            0u128,
            1,
            2,
            63,
            94,
            u64::MAX as u128,
            (u64::MAX as u128) * 3 + 7,
        ];
        for &a in &values {
            for &b in &values {
                let big = |n: u128| {
                    Big::from_u64(n as u64).add(
                        &Big::from_u64((n >> 64) as u64)
                            .mul_small(1 << 32)
                            .mul_small(1 << 32),
                    )
                };
                assert_eq!(big(a).add(&big(b)).to_u128(), a.checked_add(b));
                assert_eq!(
                    big(a).checked_sub(&big(b)).and_then(|d| d.to_u128()),
                    a.checked_sub(b)
                );
            }
        }
        assert_eq!(Big::pow(94, 19).to_u128(), Some(94u128.pow(19)));
        assert_eq!(Big::pow(10, 0).to_u128(), Some(1));
        assert_eq!(Big::pow(2, 200).log2(), 200.0);
        let l = Big::pow(94, 30).log2();
        assert!((l - 30.0 * 94f64.log2()).abs() < 1e-9, "{l}");
        assert_eq!(Big::zero().log2(), f64::NEG_INFINITY);
    }

    #[test]
    fn log2_without_std_agrees_with_std() {
        for x in [
            1.0,
            1.5,
            2.0,
            3.0,
            10.0,
            94.0,
            1e30,
            123456.789,
            0.25,
            2f64.powi(100) * 1.3,
        ] {
            assert!((libm_log2(x) - x.log2()).abs() < 1e-12, "{x}");
        }
    }
}
