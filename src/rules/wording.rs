//! Words the password rules' messages share: class names, kinds of character,
//! lists of alternatives and the special characters spaced out.

use alloc::string::String;
use core::fmt::{self, Write};

use crate::char_kind::CharKind;
use crate::characters::{Class, ClassSet, Specials};
use crate::locale::{Locale, text};

/// A special-character set shown with a space between characters.
pub(crate) struct SpacedSpecials(pub Specials);

impl fmt::Display for SpacedSpecials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            f.write_char(c)?;
        }
        Ok(())
    }
}

pub(crate) fn class_name(class: Class, specials: Specials, locale: Locale) -> String {
    let s = SpacedSpecials(specials);
    match (locale, class) {
        (Locale::En, Class::Lower) => "lowercase letters (a–z)".into(),
        (Locale::En, Class::Upper) => "uppercase letters (A–Z)".into(),
        (Locale::En, Class::Letter) => "letters (a–z, A–Z)".into(),
        (Locale::En, Class::Digit) => "digits (0–9)".into(),
        (Locale::En, Class::Special) => text!("special characters (one of {s})"),
        (Locale::ZhCn, Class::Lower) => "小写字母（a–z）".into(),
        (Locale::ZhCn, Class::Upper) => "大写字母（A–Z）".into(),
        (Locale::ZhCn, Class::Letter) => "字母（a–z、A–Z）".into(),
        (Locale::ZhCn, Class::Digit) => "数字（0–9）".into(),
        (Locale::ZhCn, Class::Special) => text!("特殊字符（{s}）"),
    }
}

pub(crate) fn one_of_class(class: Class, locale: Locale) -> &'static str {
    match (locale, class) {
        (Locale::En, Class::Lower) => "a lowercase letter",
        (Locale::En, Class::Upper) => "an uppercase letter",
        (Locale::En, Class::Letter) => "a letter",
        (Locale::En, Class::Digit) => "a digit",
        (Locale::En, Class::Special) => "a special character",
        (Locale::ZhCn, Class::Lower) => "小写字母",
        (Locale::ZhCn, Class::Upper) => "大写字母",
        (Locale::ZhCn, Class::Letter) => "字母",
        (Locale::ZhCn, Class::Digit) => "数字",
        (Locale::ZhCn, Class::Special) => "特殊字符",
    }
}

/// `a, b or c` / `a、b或c`.
pub(crate) fn alternatives(
    items: impl Iterator<Item = &'static str> + Clone,
    locale: Locale,
) -> String {
    let n = items.clone().count();
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(match (locale, i + 1 == n) {
                (Locale::En, true) => " or ",
                (Locale::En, false) => ", ",
                (Locale::ZhCn, true) => "或",
                (Locale::ZhCn, false) => "、",
            });
        }
        out.push_str(item);
    }
    out
}

pub(crate) fn class_list(of: ClassSet, specials: Specials, locale: Locale) -> String {
    let sep = match locale {
        Locale::En => ", ",
        Locale::ZhCn => "、",
    };
    let mut out = String::new();
    for (i, class) in of.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&class_name(class, specials, locale));
    }
    out
}

pub(crate) fn kind_name(kind: CharKind, locale: Locale) -> &'static str {
    match (locale, kind) {
        (Locale::En, CharKind::Whitespace) => "white space",
        (Locale::En, CharKind::Control) => "control character",
        (Locale::En, CharKind::NonAscii) => "non-ASCII character",
        (Locale::En, CharKind::Symbol) => "symbol outside the allowed set",
        (Locale::ZhCn, CharKind::Whitespace) => "空白字符",
        (Locale::ZhCn, CharKind::Control) => "控制字符",
        (Locale::ZhCn, CharKind::NonAscii) => "非 ASCII 字符",
        (Locale::ZhCn, CharKind::Symbol) => "不允许的符号",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn specials_are_spaced_out_between_characters_only() {
        let specials = Specials::new("!@#").unwrap();
        assert_eq!(format!("{}", SpacedSpecials(specials)), "! @ #");
        assert_eq!(format!("{}", SpacedSpecials(Specials::NONE)), "");
        assert_eq!(
            class_name(Class::Special, specials, Locale::En),
            "special characters (one of ! @ #)"
        );
        assert_eq!(
            class_name(Class::Special, specials, Locale::ZhCn),
            "特殊字符（! @ #）"
        );
    }

    #[test]
    fn alternatives_join_with_commas_and_a_last_or() {
        let classes = [Class::Lower, Class::Digit, Class::Special];
        let of = |n: usize, locale| {
            alternatives(
                classes[..n].iter().map(|c| one_of_class(*c, locale)),
                locale,
            )
        };
        assert_eq!(of(0, Locale::En), "");
        assert_eq!(of(1, Locale::En), "a lowercase letter");
        assert_eq!(of(2, Locale::En), "a lowercase letter or a digit");
        assert_eq!(
            of(3, Locale::En),
            "a lowercase letter, a digit or a special character"
        );
        assert_eq!(of(3, Locale::ZhCn), "小写字母、数字或特殊字符");
        assert_eq!(of(1, Locale::ZhCn), "小写字母");
    }

    #[test]
    fn every_class_has_one_of_its_kind_in_both_languages() {
        let en: Vec<&str> = Class::ALL
            .iter()
            .map(|c| one_of_class(*c, Locale::En))
            .collect();
        assert_eq!(
            en,
            [
                "a lowercase letter",
                "an uppercase letter",
                "a letter",
                "a digit",
                "a special character"
            ]
        );
        let zh: Vec<&str> = Class::ALL
            .iter()
            .map(|c| one_of_class(*c, Locale::ZhCn))
            .collect();
        assert_eq!(zh, ["小写字母", "大写字母", "字母", "数字", "特殊字符"]);
    }

    #[test]
    fn every_kind_of_bad_character_is_named_in_both_languages() {
        let en: Vec<&str> = CharKind::ALL
            .iter()
            .map(|k| kind_name(*k, Locale::En))
            .collect();
        assert_eq!(
            en,
            [
                "white space",
                "control character",
                "non-ASCII character",
                "symbol outside the allowed set"
            ]
        );
        let zh: Vec<&str> = CharKind::ALL
            .iter()
            .map(|k| kind_name(*k, Locale::ZhCn))
            .collect();
        assert_eq!(
            zh,
            ["空白字符", "控制字符", "非 ASCII 字符", "不允许的符号"]
        );
    }
}
