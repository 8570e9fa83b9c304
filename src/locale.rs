//! The language of messages.

use core::fmt;
use core::str::FromStr;

/// The language of messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Locale {
    /// English (`en`).
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
}

impl Locale {
    /// Every locale.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// `en` or `zh-CN`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Locale`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLocale;

impl fmt::Display for UnknownLocale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown language (expected en or zh-CN)")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownLocale {}

impl FromStr for Locale {
    type Err = UnknownLocale;

    /// `en` (and `en-*`), `zh-CN` (also `zh`, `zh-Hans`, `zh_CN`), case-insensitive.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let starts = |p: &str| {
            s.as_bytes()
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
        };
        if s.eq_ignore_ascii_case("en") || starts("en-") {
            Ok(Locale::En)
        } else if ["zh", "zh-cn", "zh_cn", "zh-hans", "zh-hans-cn", "zh-sg"]
            .iter()
            .any(|z| s.eq_ignore_ascii_case(z))
        {
            Ok(Locale::ZhCn)
        } else {
            Err(UnknownLocale)
        }
    }
}
