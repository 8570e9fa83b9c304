//! OS families and the set of families in a batch.

use core::fmt;
use core::str::FromStr;

use crate::value_error::ValueError;

/// The OS family of an instance; it decides the password policy and the default account.
///
/// ```
/// use cvm_rules::OsFamily;
/// let family: OsFamily = "Windows".parse().unwrap();
/// assert_eq!(family, OsFamily::Windows);
/// assert_eq!(family.default_account(), "Administrator");
/// assert_eq!(OsFamily::from_os_name("Ubuntu Server 22.04 LTS 64位"), OsFamily::Ubuntu);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum OsFamily {
    /// Any Linux but Ubuntu; account `root`.
    Linux,
    /// Ubuntu: Linux password rules, account `ubuntu`.
    Ubuntu,
    /// Windows; account `Administrator`.
    Windows,
}

impl OsFamily {
    /// Every family.
    pub const ALL: [OsFamily; 3] = [OsFamily::Linux, OsFamily::Ubuntu, OsFamily::Windows];

    /// The stable name: `linux`, `ubuntu`, `windows`.
    pub const fn as_str(self) -> &'static str {
        match self {
            OsFamily::Linux => "linux",
            OsFamily::Ubuntu => "ubuntu",
            OsFamily::Windows => "windows",
        }
    }

    /// The account whose password is reset when the request gives no `UserName`.
    pub const fn default_account(self) -> &'static str {
        match self {
            OsFamily::Linux => "root",
            OsFamily::Ubuntu => "ubuntu",
            OsFamily::Windows => "Administrator",
        }
    }

    /// The family of a `DescribeInstances` `OsName`, matched case-insensitively:
    /// contains `Windows` → windows; starts with `Ubuntu` → ubuntu; otherwise linux.
    pub fn from_os_name(os_name: &str) -> OsFamily {
        let bytes = os_name.as_bytes();
        let contains_windows = bytes.windows(7).any(|w| w.eq_ignore_ascii_case(b"windows"));
        if contains_windows {
            OsFamily::Windows
        } else if bytes.len() >= 6 && bytes[..6].eq_ignore_ascii_case(b"ubuntu") {
            OsFamily::Ubuntu
        } else {
            OsFamily::Linux
        }
    }

    const fn bit(self) -> u8 {
        match self {
            OsFamily::Linux => 1,
            OsFamily::Ubuntu => 2,
            OsFamily::Windows => 4,
        }
    }
}

impl fmt::Display for OsFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OsFamily {
    type Err = ValueError;

    /// `linux`, `ubuntu` or `windows`, ignoring ASCII case (`Windows`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OsFamily::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or(ValueError::unknown_name(
                "OS family",
                "linux, ubuntu or windows",
            ))
    }
}

/// The OS families present in a batch. Empty means unknown, which brings the
/// strictest policy of the profile (see [`OsSet::UNKNOWN`] for how that differs
/// from [`OsSet::ALL`]).
///
/// It parses from, and displays as, the command line's `--os` spelling: family
/// names separated by commas (`linux,windows`, or one name alone), as
/// [`OsFamily`] parses them (ASCII case ignored; no spaces, no empty entries; a
/// name given twice counts once). It displays in [`OsFamily::ALL`] order, in
/// lowercase; the empty string is [`OsSet::UNKNOWN`] both ways (the command line
/// has no spelling for it: leave `--os` out).
///
/// ```
/// use cvm_rules::{OsFamily, OsSet, Profile};
/// let mixed: OsSet = "windows,Linux".parse().unwrap();
/// assert_eq!(mixed, OsSet::only(OsFamily::Linux).with(OsFamily::Windows));
/// assert!(mixed.contains(OsFamily::Windows) && !mixed.contains(OsFamily::Ubuntu));
/// assert_eq!(mixed.to_string(), "linux,windows");
/// assert_eq!("ubuntu".parse::<OsSet>(), Ok(OsSet::only(OsFamily::Ubuntu)));
/// assert!("linux, windows".parse::<OsSet>().is_err()); // no spaces, as `--os`
/// assert!(OsSet::UNKNOWN.is_unknown());
/// // A mixed batch gets the strictest rules of its families: here Windows' 12 characters.
/// let policy = Profile::API3.policy(mixed);
/// assert!(!policy.accepts("abc123ABC!@", None));
/// assert!(policy.accepts("abc123ABC!@#", None));
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct OsSet(u8);

impl OsSet {
    /// No family known: the strictest policy applies.
    ///
    /// An unknown OS could be any family, so a password must pass every family's
    /// rules: the policy of `UNKNOWN` has the same rules as the policy of
    /// [`OsSet::ALL`] (for the built-in rule sets, the Windows policy), and its
    /// [`Policy::families`](crate::Policy::families) are all of them. What
    /// differs is what was said:
    ///
    /// - [`Policy::is_os_known`](crate::Policy::is_os_known) is `false` here and
    ///   `true` for `ALL` (the report's `policy.os_known` in JSON; the command
    ///   line says "OS unknown: strictest policy" instead of naming the
    ///   families), and it stays `false` through [`Policy::and`](crate::Policy::and).
    /// - As a set, `UNKNOWN` is empty: [`RuleSet::with_rule`](crate::RuleSet::with_rule)
    ///   adds a rule to the families of its set, so to none here and to every
    ///   one for `ALL`; [`OsSet::contains`] is `false` for every family.
    /// - Neither names an account: [`Request::accounts`](crate::Request::accounts)
    ///   knows an instance's default account from one stated family or from
    ///   instance facts, and instance facts that do not give an instance's OS
    ///   make the batch `UNKNOWN`.
    ///
    /// ```
    /// use cvm_rules::{OsFamily, OsSet, PasswordRule, Profile, RuleSet};
    /// let unknown = Profile::API3.policy(OsSet::UNKNOWN);
    /// let all = Profile::API3.policy(OsSet::ALL);
    /// // The same rules, from the same families...
    /// assert!(unknown.rules().eq(all.rules()));
    /// assert_eq!(unknown.families(), all.families());
    /// // ...but only `ALL` was stated.
    /// assert!(!unknown.is_os_known() && all.is_os_known());
    /// assert!(!OsSet::UNKNOWN.contains(OsFamily::Linux) && OsSet::ALL.contains(OsFamily::Linux));
    ///
    /// // A rule added for `UNKNOWN` goes to no family.
    /// let rule = PasswordRule::Length { min: 20, max: 30 };
    /// let unchanged = RuleSet::API3.clone().with_rule(OsSet::UNKNOWN, rule.clone());
    /// assert_eq!(&unchanged, RuleSet::API3);
    /// let longer = RuleSet::API3.clone().with_rule(OsSet::ALL, rule);
    /// assert_eq!(longer.policy(OsSet::UNKNOWN).unwrap().length_bounds(), (20, 30));
    /// ```
    pub const UNKNOWN: OsSet = OsSet(0);

    /// The set of one family.
    pub const fn only(family: OsFamily) -> OsSet {
        OsSet(family.bit())
    }

    /// The set of the given families.
    pub fn of(families: &[OsFamily]) -> OsSet {
        families.iter().fold(OsSet::UNKNOWN, |set, f| set.with(*f))
    }

    /// This set with `family` added.
    pub const fn with(self, family: OsFamily) -> OsSet {
        OsSet(self.0 | family.bit())
    }

    /// Every family: a batch stated to hold Linux, Ubuntu and Windows instances.
    ///
    /// Its policy has the rules of [`OsSet::UNKNOWN`]'s (both are the
    /// conjunction of every family's rules), but it counts as known
    /// ([`Policy::is_os_known`](crate::Policy::is_os_known) is `true`), and as a
    /// set it holds every family, so [`RuleSet::with_rule`](crate::RuleSet::with_rule)
    /// adds a rule to each (see [`OsSet::UNKNOWN`]).
    ///
    /// ```
    /// use cvm_rules::{OsSet, Profile};
    /// assert_eq!(OsSet::ALL.to_string(), "linux,ubuntu,windows");
    /// assert!(Profile::API3.policy(OsSet::ALL).is_os_known());
    /// assert!(!Profile::API3.policy(OsSet::UNKNOWN).is_os_known());
    /// ```
    pub const ALL: OsSet = OsSet(0b111);

    /// The families of either set.
    pub const fn union(self, other: OsSet) -> OsSet {
        OsSet(self.0 | other.0)
    }

    /// Whether `family` is in the set.
    pub const fn contains(self, family: OsFamily) -> bool {
        self.0 & family.bit() != 0
    }

    /// Whether no family is known.
    pub const fn is_unknown(self) -> bool {
        self.0 == 0
    }

    /// The set as a number in `0..8`: the index of a profile's resolved policies.
    pub(crate) const fn index(self) -> usize {
        // Always below 8 (three family bits); the mask tells the compiler so.
        (self.0 & 0b111) as usize
    }

    /// The set of index `i` (`0..8`).
    pub(crate) const fn from_index(i: usize) -> OsSet {
        OsSet((i & 0b111) as u8)
    }

    /// The families of the set, in [`OsFamily::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = OsFamily> + Clone {
        OsFamily::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

impl fmt::Debug for OsSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for OsSet {
    /// The families in [`OsFamily::ALL`] order, separated by commas
    /// (`linux,windows`); nothing for [`OsSet::UNKNOWN`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, family) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(family.as_str())?;
        }
        Ok(())
    }
}

impl FromStr for OsSet {
    type Err = ValueError;

    /// Family names separated by commas (`linux,windows`), each as
    /// [`OsFamily`] parses it; a name may repeat. The empty string is
    /// [`OsSet::UNKNOWN`]; an empty entry (`linux,`) or one with spaces
    /// (`linux, windows`) is refused, as `--os` refuses it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Ok(OsSet::UNKNOWN);
        }
        s.split(',')
            .try_fold(OsSet::UNKNOWN, |set, name| Ok(set.with(name.parse()?)))
    }
}

impl FromIterator<OsFamily> for OsSet {
    fn from_iter<I: IntoIterator<Item = OsFamily>>(iter: I) -> Self {
        iter.into_iter().fold(OsSet::UNKNOWN, OsSet::with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_of_overlapping_sets_keeps_the_shared_family() {
        let linux = OsSet::only(OsFamily::Linux);
        let both = linux.with(OsFamily::Windows);
        assert_eq!(linux.union(both), both);
        assert_eq!(both.union(both), both);
        assert_eq!(OsSet::UNKNOWN.union(linux), linux);
    }

    #[test]
    fn debug_lists_the_families() {
        let both = OsSet::only(OsFamily::Linux).with(OsFamily::Windows);
        assert_eq!(alloc::format!("{both:?}"), "{Linux, Windows}");
        assert_eq!(alloc::format!("{:?}", OsSet::UNKNOWN), "{}");
    }

    #[test]
    fn os_names_map_to_families() {
        assert_eq!(
            OsFamily::from_os_name("Windows Server 2019 数据中心版 64位中文版"),
            OsFamily::Windows
        );
        assert_eq!(
            OsFamily::from_os_name("Microsoft WINDOWS 2016"),
            OsFamily::Windows
        );
        assert_eq!(
            OsFamily::from_os_name("Ubuntu Server 22.04 LTS 64位"),
            OsFamily::Ubuntu
        );
        assert_eq!(OsFamily::from_os_name("ubuntu 20.04"), OsFamily::Ubuntu);
        assert_eq!(OsFamily::from_os_name("My Ubuntu"), OsFamily::Linux);
        assert_eq!(OsFamily::from_os_name("CentOS 7.9 64位"), OsFamily::Linux);
        assert_eq!(OsFamily::from_os_name(""), OsFamily::Linux);
    }

    #[test]
    fn names_round_trip() {
        for f in OsFamily::ALL {
            assert_eq!(f.as_str().parse::<OsFamily>(), Ok(f));
        }
        assert_eq!("Windows".parse::<OsFamily>(), Ok(OsFamily::Windows));
        assert_eq!("UBUNTU".parse::<OsFamily>(), Ok(OsFamily::Ubuntu));
        let error = "macos".parse::<OsFamily>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown OS family (expected linux, ubuntu or windows)"
        );
    }

    #[test]
    fn sets_parse_from_the_command_line_spelling_and_display_in_it() {
        use alloc::string::ToString;
        for i in 0..8 {
            let set = OsSet::from_index(i);
            let text = set.to_string();
            assert_eq!(text.parse::<OsSet>(), Ok(set), "{text:?}");
        }
        assert_eq!(OsSet::UNKNOWN.to_string(), "");
        assert_eq!(OsSet::ALL.to_string(), "linux,ubuntu,windows");
        let linux_windows = OsSet::of(&[OsFamily::Linux, OsFamily::Windows]);
        for text in [
            "linux,windows",
            "windows,linux",
            "LINUX,Windows",
            "linux,windows,linux",
        ] {
            assert_eq!(text.parse::<OsSet>(), Ok(linux_windows), "{text:?}");
        }
        assert_eq!("ubuntu".parse::<OsSet>(), Ok(OsSet::only(OsFamily::Ubuntu)));
        let unknown_family = ValueError::unknown_name("OS family", "linux, ubuntu or windows");
        for text in [
            "linux,",
            ",linux",
            "linux,,windows",
            ",",
            "linux, windows",
            " linux",
            "linux;windows",
            "linux windows",
            "macos",
            "linux,Hunter2Secret!",
        ] {
            let error = text.parse::<OsSet>().unwrap_err();
            assert_eq!(error, unknown_family, "{text:?}");
            assert!(!error.to_string().contains("Hunter2"), "{text:?}");
        }
    }

    #[test]
    fn sets() {
        let set = OsSet::of(&[OsFamily::Windows, OsFamily::Linux]);
        assert!(set.contains(OsFamily::Linux) && set.contains(OsFamily::Windows));
        assert!(!set.contains(OsFamily::Ubuntu));
        assert!(OsSet::UNKNOWN.is_unknown() && !set.is_unknown());
        assert_eq!(
            set.iter().collect::<alloc::vec::Vec<_>>(),
            [OsFamily::Linux, OsFamily::Windows]
        );
    }
}
