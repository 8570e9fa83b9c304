//! Passwords that pass a policy, drawn uniformly at random.
//!
//! Rejection sampling: draw every character uniformly from the policy's alphabet
//! ([`count::alphabet`]) and keep the first password that every rule accepts.
//! Each password of the length is drawn with the same probability, and only
//! accepted ones are kept, so the result is uniform among the accepted passwords
//! of that length. The random numbers come from the caller (any `rand_core` 0.10
//! `CryptoRng`, such as current `rand`'s `rand::rng()` or `getrandom::SysRng`
//! through `UnwrapErr`): the library stays pure and `no_std`.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use num_traits::{ToPrimitive, Zero};
use rand_core::CryptoRng;

use super::Policy;
use super::count;
use crate::rules::PasswordRule;
use crate::secret::Password;

/// Why no password could be generated.
///
/// ```
/// use cvm_rules::{GenerateError, OsFamily, OsSet, Profile};
/// use rand_chacha::rand_core::SeedableRng;
/// let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
/// let windows = Profile::LEGACY_2017.policy(OsSet::only(OsFamily::Windows));
/// // An asked length is kept or refused, never changed.
/// let refused = windows.generate(&mut rng, Some(20), None).unwrap_err();
/// assert_eq!(refused, GenerateError::LengthOutOfBounds { min: 12, max: 16 });
/// assert_eq!(refused.to_string(), "the length must be 12 to 16 characters under this policy");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GenerateError {
    /// The policy accepts no password of this length (its class, charset and
    /// leading-`/` rules).
    NoPassword {
        /// The length.
        length: usize,
    },
    /// The length asked for is outside the policy's length bounds: an asked
    /// length is kept or refused, never changed.
    LengthOutOfBounds {
        /// The shortest length the policy accepts.
        min: usize,
        /// The longest.
        max: usize,
    },
    /// Every one of [`Policy::MAX_GENERATION_TRIES`] passwords drawn was refused (by a deny-list,
    /// repeat, sequence, user-name or custom rule).
    Exhausted {
        /// How many were drawn.
        tries: u32,
    },
    /// The random source gave [`Policy::MAX_REJECTED_DRAWS`] numbers in a row
    /// that a uniform draw must reject (a source stuck at `0xFF…`): it is
    /// broken, and drawing on would never end.
    RandomSource,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::NoPassword { length } => {
                write!(f, "the policy accepts no password of {length} characters")
            }
            GenerateError::LengthOutOfBounds { min, max } => write!(
                f,
                "the length must be {min} to {max} characters under this policy"
            ),
            GenerateError::Exhausted { tries } => write!(
                f,
                "none of {tries} random passwords passed the policy: its rules refuse nearly every password"
            ),
            GenerateError::RandomSource => write!(
                f,
                "the random source gave {} unusable numbers in a row: it is broken",
                Policy::MAX_REJECTED_DRAWS
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for GenerateError {}

/// The entropy of a password drawn uniformly among those a policy accepts at
/// one length ([`Policy::entropy`]).
///
/// ```
/// use cvm_rules::{OsFamily, OsSet, Profile};
/// let windows = Profile::API3.policy(OsSet::only(OsFamily::Windows)); // 12 to 30
/// let e = windows.entropy(None);
/// assert_eq!(e.length, 16); // the default length
/// assert!(e.bits > 100.0 && e.bits < 16.0 * 94f64.log2());
/// // Each character more adds bits; no password has a length outside the bounds.
/// assert!(windows.entropy(Some(17)).bits > e.bits);
/// assert_eq!(windows.entropy(Some(8)).bits, f64::NEG_INFINITY);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Entropy {
    /// The length.
    pub length: usize,
    /// `log2` of the number of passwords of that length that the length, class,
    /// charset and leading-`/` rules accept (`-inf` when there is none: `null`
    /// in JSON).
    #[cfg_attr(feature = "serde", serde(serialize_with = "finite_or_null"))]
    pub bits: f64,
}

/// A number, or `null` when it is not finite (JSON has no infinity).
#[cfg(feature = "serde")]
fn finite_or_null<S: serde::Serializer>(bits: &f64, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&bits.is_finite().then_some(*bits), s)
}

impl Policy {
    /// The length a password is generated with when none is asked for.
    pub const DEFAULT_GENERATED_LENGTH: usize = 16;

    /// How many passwords are drawn before giving up: a policy whose rules accept
    /// fewer than about one password in a hundred thousand (a huge deny-list, a
    /// custom rule that refuses almost everything) fails instead of looping.
    pub const MAX_GENERATION_TRIES: u32 = 100_000;

    /// How many numbers in a row a uniform draw rejects before it gives up on
    /// the random source ([`GenerateError::RandomSource`]). A working source is
    /// rejected with a chance below one in forty million per number (for an
    /// alphabet of up to 94 characters), so 32 in a row means a broken one
    /// (constant `0xFF` bytes), never bad luck.
    pub const MAX_REJECTED_DRAWS: u32 = 32;

    /// The length a password is generated with: `length` when it is within the
    /// policy's length bounds (an error naming them when it is not), else
    /// [`Policy::DEFAULT_GENERATED_LENGTH`] clamped to them.
    ///
    /// ```
    /// use cvm_rules::{GenerateError, OsFamily, OsSet, Profile};
    /// let windows = Profile::LEGACY_2017.policy(OsSet::only(OsFamily::Windows)); // 12 to 16
    /// assert_eq!(windows.generation_length(None), Ok(16));
    /// assert_eq!(windows.generation_length(Some(12)), Ok(12));
    /// assert_eq!(
    ///     windows.generation_length(Some(20)),
    ///     Err(GenerateError::LengthOutOfBounds { min: 12, max: 16 })
    /// );
    /// ```
    pub fn generation_length(&self, length: Option<usize>) -> Result<usize, GenerateError> {
        let (min, max) = self.length_bounds();
        match length {
            None => Ok(self.default_length()),
            Some(length) if (min..=max).contains(&length) => Ok(length),
            Some(_) => Err(GenerateError::LengthOutOfBounds { min, max }),
        }
    }

    /// [`Policy::DEFAULT_GENERATED_LENGTH`] clamped to the length bounds.
    fn default_length(&self) -> usize {
        let (min, max) = self.length_bounds();
        Policy::DEFAULT_GENERATED_LENGTH.clamp(min, max.max(min))
    }

    /// The exact entropy of a password drawn uniformly among those the policy
    /// accepts at `length` (default: [`Policy::DEFAULT_GENERATED_LENGTH`] clamped
    /// to the policy's bounds; an asked length is kept, and outside the bounds
    /// no password has it: `-inf` bits): `log2`
    /// of how many passwords of that length its length, class, charset and
    /// leading-`/` rules accept, counted by inclusion–exclusion over the classes.
    /// A deny-list, repeat, sequence, user-name or custom rule lowers it a
    /// little (it removes passwords the count holds).
    ///
    /// ```
    /// use cvm_rules::{OsFamily, OsSet, Profile};
    /// let linux = Profile::LEGACY_2017.policy(OsSet::only(OsFamily::Linux));
    /// let e = linux.entropy(Some(8));
    /// assert_eq!(e.length, 8);
    /// assert!((e.bits - 52.0296).abs() < 1e-4, "{}", e.bits);
    /// // 90 × 91^7 strings not starting with `/`, less those of one class only:
    /// // 52^8 letters, 10^8 digits, 28 × 29^7 specials.
    /// assert_eq!(linux.count_passwords(8), Some(90 * 91u128.pow(7) - 52u128.pow(8) - 10u128.pow(8) - 28 * 29u128.pow(7)));
    /// ```
    pub fn entropy(&self, length: Option<usize>) -> Entropy {
        let length = length.unwrap_or_else(|| self.default_length());
        Entropy {
            length,
            bits: count::log2(&count::count(self.compiled(), length)),
        }
    }

    /// How many passwords of `length` the length, class, charset and
    /// leading-`/` rules accept, when it fits in a `u128` (for tests and tools).
    pub fn count_passwords(&self, length: usize) -> Option<u128> {
        count::count(self.compiled(), length).to_u128()
    }

    /// A password of `length` characters (within the policy's bounds, or an
    /// error; by default [`Policy::DEFAULT_GENERATED_LENGTH`], clamped to
    /// them), drawn uniformly among those that pass
    /// every rule (warnings too), from `rng`. `user_name` is the account the
    /// user-name rule looks for. For many passwords, [`Policy::generator`] checks
    /// the policy once.
    ///
    /// With the operating system's randomness (current `rand`'s thread generator,
    /// seeded by the OS; with `rand_core` alone, `UnwrapErr(getrandom::SysRng)`):
    ///
    /// ```
    /// use cvm_rules::{OsFamily, OsSet, Profile};
    /// let mut rng = rand::rng();
    /// let windows = Profile::API3.policy(OsSet::only(OsFamily::Windows));
    /// let password = windows.generate(&mut rng, Some(20), None).unwrap();
    /// assert_eq!(password.expose().chars().count(), 20);
    /// assert!(windows.accepts(password.expose(), None));
    /// ```
    pub fn generate<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        length: Option<usize>,
        user_name: Option<&str>,
    ) -> Result<Password<'static>, GenerateError> {
        self.generator(length, user_name)?.generate(rng)
    }

    /// A generator of passwords of `length` characters (as
    /// [`Policy::generation_length`] decides it): fails at once when that length
    /// is outside the policy's bounds, or the policy accepts no password of it.
    ///
    /// ```
    /// use cvm_rules::{GenerateError, OsFamily, OsSet, Profile};
    /// let windows = Profile::API3.policy(OsSet::only(OsFamily::Windows));
    /// assert_eq!(windows.generator(None, None).unwrap().length(), 16);
    /// assert!(matches!(windows.generator(Some(8), None), Err(GenerateError::LengthOutOfBounds { .. })));
    /// ```
    pub fn generator<'p>(
        &'p self,
        length: Option<usize>,
        user_name: Option<&'p str>,
    ) -> Result<Generator<'p>, GenerateError> {
        let length = self.generation_length(length)?;
        if count::count(self.compiled(), length).is_zero() {
            return Err(GenerateError::NoPassword { length });
        }
        Ok(Generator {
            policy: self,
            alphabet: count::alphabet(self.compiled()),
            length,
            user_name,
        })
    }
}

/// Passwords of one policy and length (see [`Policy::generator`]).
///
/// ```
/// use cvm_rules::{OsFamily, OsSet, Profile};
/// use rand_chacha::rand_core::SeedableRng;
/// let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
/// let linux = Profile::LEGACY_2017.policy(OsSet::only(OsFamily::Linux));
/// // The policy is checked once; each password then costs one draw (or a few).
/// let generator = linux.generator(Some(12), Some("root")).unwrap();
/// for _ in 0..3 {
///     let password = generator.generate(&mut rng).unwrap();
///     assert_eq!(password.expose().len(), 12);
///     assert!(linux.accepts(password.expose(), Some("root")));
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Generator<'p> {
    policy: &'p Policy,
    alphabet: Vec<u8>,
    length: usize,
    user_name: Option<&'p str>,
}

impl Generator<'_> {
    /// The length of the passwords.
    pub fn length(&self) -> usize {
        self.length
    }

    /// A password drawn uniformly among those of the length that pass every rule.
    pub fn generate<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
    ) -> Result<Password<'static>, GenerateError> {
        let mut text = String::with_capacity(self.length);
        for _ in 0..Policy::MAX_GENERATION_TRIES {
            text.clear();
            for _ in 0..self.length {
                let i = below(rng, self.alphabet.len() as u32).ok_or(GenerateError::RandomSource)?
                    as usize;
                text.push(char::from(self.alphabet[i]));
            }
            if self.accepts(&text) {
                return Ok(Password::new(text));
            }
        }
        Err(GenerateError::Exhausted {
            tries: Policy::MAX_GENERATION_TRIES,
        })
    }
}

impl Generator<'_> {
    /// Whether a drawn password passes every rule: warnings too, but for the
    /// recommended length when the caller asked for a shorter one (no password
    /// of that length can meet it; each is valid).
    fn accepts(&self, text: &str) -> bool {
        let key = self.policy.key_of(text);
        if self.length >= self.policy.compiled().recommended_chars {
            return self.policy.passes_key(key, text, self.user_name, None);
        }
        let subject = self.policy.subject(text, self.user_name, false, None);
        self.policy.rules_hold(key, &subject, |rule| {
            !matches!(rule, PasswordRule::RecommendedLength { .. })
        })
    }
}

/// A number below `n` (≥ 1), uniformly: 32-bit draws, the last partial block
/// of `2^32` rejected so that every residue is equally likely; `None` after
/// [`Policy::MAX_REJECTED_DRAWS`] rejections in a row (a broken source).
fn below<R: CryptoRng + ?Sized>(rng: &mut R, n: u32) -> Option<u32> {
    let zone = u32::MAX - (u32::MAX - n + 1) % n;
    (0..Policy::MAX_REJECTED_DRAWS)
        .map(|_| rng.next_u32())
        .find(|&x| x <= zone)
        .map(|x| x % n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A counter as a "random" source, to see `below` map every residue once per block.
    struct Counter(u32);

    impl rand_core::TryRng for Counter {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            self.0 = self.0.wrapping_add(1);
            Ok(self.0)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.try_next_u32().map(u64::from)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            for b in dst {
                *b = self.try_next_u32()? as u8;
            }
            Ok(())
        }
    }

    impl rand_core::TryCryptoRng for Counter {}

    #[test]
    fn below_rejects_the_partial_block() {
        for n in [1u32, 2, 3, 62, 94, 1 << 31, u32::MAX] {
            let zone = u32::MAX - (u32::MAX - n + 1) % n;
            // The accepted zone holds a whole number of blocks of n.
            assert_eq!((u64::from(zone) + 1) % u64::from(n), 0, "{n}");
            let mut rng = Counter(zone - 1);
            assert_eq!(below(&mut rng, n), Some(zone % n));
        }
    }

    /// A source that gives what a closure says.
    struct Scripted<F: FnMut() -> u32>(F);

    impl<F: FnMut() -> u32> rand_core::TryRng for Scripted<F> {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok((self.0)())
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.try_next_u32().map(u64::from)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            for b in dst {
                *b = self.try_next_u32()? as u8;
            }
            Ok(())
        }
    }

    impl<F: FnMut() -> u32> rand_core::TryCryptoRng for Scripted<F> {}

    #[test]
    fn below_gives_up_on_a_source_stuck_in_the_rejected_block() {
        // 94 does not divide 2^32: u32::MAX is in the rejected block.
        let mut draws = 0;
        let mut stuck = Scripted(|| {
            draws += 1;
            u32::MAX
        });
        assert_eq!(below(&mut stuck, 94), None);
        assert_eq!(draws, Policy::MAX_REJECTED_DRAWS);
        // A usable number after 31 rejections is still taken.
        let mut count = 0;
        let mut late = Scripted(|| {
            count += 1;
            if count < Policy::MAX_REJECTED_DRAWS {
                u32::MAX
            } else {
                95
            }
        });
        assert_eq!(below(&mut late, 94), Some(1));
    }

    #[test]
    fn a_stuck_source_is_an_error_not_a_hang() {
        let policy = crate::Profile::API3.policy(crate::OsSet::ALL);
        let generator = policy.generator(None, None).unwrap();
        let mut stuck = Scripted(|| u32::MAX);
        assert_eq!(
            generator.generate(&mut stuck),
            Err(GenerateError::RandomSource)
        );
        assert_eq!(
            GenerateError::RandomSource.to_string(),
            "the random source gave 32 unusable numbers in a row: it is broken"
        );
    }
}
