//! The language of messages.

use core::fmt;
use core::str::FromStr;

use crate::value_error::ValueError;

/// Builds a `String` with `write!`; writing to a `String` cannot fail.
macro_rules! text {
    ($($arg:tt)*) => {{
        let mut out = alloc::string::String::new();
        let _ = core::fmt::Write::write_fmt(&mut out, format_args!($($arg)*));
        out
    }};
}
pub(crate) use text;

/// The text for `locale`, from its English and its Chinese format string (whose
/// named arguments are the caller's variables).
macro_rules! localized {
    ($locale:expr, $en:literal, $zh:literal) => {
        match $locale {
            $crate::locale::Locale::En => $crate::locale::text!($en),
            $crate::locale::Locale::ZhCn => $crate::locale::text!($zh),
        }
    };
}
pub(crate) use localized;

/// The language of messages.
///
/// ```
/// use cvm_rules::{Locale, OsFamily, OsSet, Password, Profile};
/// let zh: Locale = "zh-cn".parse().unwrap(); // ASCII case is ignored
/// assert_eq!((zh, zh.to_string()), (Locale::ZhCn, "zh-CN".to_string()));
/// assert_eq!(Locale::default(), Locale::En);
/// let report = Profile::API3.check_password(&Password::new("abc"), OsSet::only(OsFamily::Linux), None);
/// let error = report.first_error().unwrap();
/// assert_eq!(error.message(Locale::En), "Password must be 8 to 30 characters long, and it has 3.");
/// assert_eq!(error.message(zh), "密码长度必须为 8 到 30 个字符，当前为 3 个。");
/// ```
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

    /// The locale for an HTTP `Accept-Language` value: the supported language with
    /// the highest weight (`q`), the first listed on a tie; English when none is
    /// supported. What every web backend needs, done once.
    ///
    /// Any Chinese tag (`zh`, `zh-CN`, `zh-Hans`, `zh-SG`, and also `zh-TW`,
    /// `zh-HK`, `zh-Hant`) gets Simplified Chinese: the only Chinese the crate
    /// has, and closer for a Traditional Chinese reader than English. `en-*` and
    /// `*` get English; a range with `q=0` ("not acceptable") or an unreadable
    /// weight is skipped.
    ///
    /// ```
    /// use cvm_rules::Locale;
    /// assert_eq!(Locale::negotiate("zh-CN,zh;q=0.9,en;q=0.8"), Locale::ZhCn);
    /// assert_eq!(Locale::negotiate("en-US,en;q=0.9,zh-CN;q=0.8"), Locale::En);
    /// assert_eq!(Locale::negotiate("fr-FR,fr;q=0.9,zh-TW;q=0.5"), Locale::ZhCn);
    /// assert_eq!(Locale::negotiate("de"), Locale::En);
    /// ```
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(u16, Locale)> = None;
        for range in accept_language.split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let mut weight = Some(1000);
            for param in parts {
                let param = param.trim();
                if let Some(q) = param
                    .strip_prefix("q=")
                    .or_else(|| param.strip_prefix("Q="))
                {
                    weight = parse_weight(q);
                }
            }
            let Some(weight) = weight.filter(|w| *w > 0) else {
                continue;
            };
            let primary = tag.split(['-', '_']).next().unwrap_or_default();
            let locale = if primary.eq_ignore_ascii_case("zh") {
                Locale::ZhCn
            } else if primary.eq_ignore_ascii_case("en") || primary == "*" {
                Locale::En
            } else {
                continue;
            };
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, locale));
            }
        }
        best.map_or(Locale::En, |(_, locale)| locale)
    }
}

/// A weight (`0`, `0.8`, `1.000`) in thousandths; `None` when it is not one.
fn parse_weight(q: &str) -> Option<u16> {
    let (int, frac) = q.split_once('.').unwrap_or((q, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = frac
        .bytes()
        .chain(core::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Locale {
    type Err = ValueError;

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
            Err(ValueError::unknown_name("language", "en or zh-CN"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates() {
        let cases = [
            ("", Locale::En),
            ("zh-CN", Locale::ZhCn),
            ("zh", Locale::ZhCn),
            ("zh_CN", Locale::ZhCn),
            ("ZH-hans-CN", Locale::ZhCn),
            ("zh-Hans", Locale::ZhCn),
            ("zh-SG", Locale::ZhCn),
            ("zh-TW", Locale::ZhCn),
            ("zh-HK", Locale::ZhCn),
            ("zh-Hant", Locale::ZhCn),
            ("zh-CN,zh;q=0.9,en;q=0.8", Locale::ZhCn),
            ("en-US,en;q=0.9,zh-CN;q=0.8", Locale::En),
            ("fr-FR,fr;q=0.9,zh;q=0.5", Locale::ZhCn),
            ("fr-FR", Locale::En),
            ("en;q=0.5, zh-CN;q=0.6", Locale::ZhCn),
            ("zh-CN;q=0, en", Locale::En),
            ("zh-CN;q=0.000", Locale::En),
            ("zh-CN;q=bogus,en;q=0.1", Locale::En),
            ("en, zh", Locale::En),
            ("*;q=0.5, zh;q=0.4", Locale::En),
            ("  zh-CN ; Q=0.7 ,  en ; q=0.6", Locale::ZhCn),
        ];
        for (header, expected) in cases {
            assert_eq!(Locale::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn weights() {
        assert_eq!(parse_weight("1"), Some(1000));
        assert_eq!(parse_weight("1.000"), Some(1000));
        assert_eq!(parse_weight("0.8"), Some(800));
        assert_eq!(parse_weight("0.123"), Some(123));
        assert_eq!(parse_weight("0"), Some(0));
        assert_eq!(parse_weight("1.5"), None);
        assert_eq!(parse_weight("0.1234"), None);
        assert_eq!(parse_weight("2"), None);
        assert_eq!(parse_weight(""), None);
    }

    #[test]
    fn a_locale_shows_as_its_tag() {
        use alloc::string::ToString;
        assert_eq!(Locale::En.to_string(), "en");
        assert_eq!(Locale::ZhCn.to_string(), "zh-CN");
    }

    #[test]
    fn parsing_ignores_case_and_says_what_was_expected() {
        assert_eq!("ZH-cn".parse(), Ok(Locale::ZhCn));
        assert_eq!("EN-gb".parse(), Ok(Locale::En));
        let error = "klingon".parse::<Locale>().unwrap_err();
        assert_eq!(error.to_string(), "unknown language (expected en or zh-CN)");
    }
}
