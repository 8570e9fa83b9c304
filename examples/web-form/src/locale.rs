//! The language of the answers: negotiated from the browser's `Accept-Language`.

use cvm_rules::Locale;

/// The locale for an `Accept-Language` header value: the supported language with
/// the highest weight, the first listed on a tie; English when none is supported.
///
/// Any `zh` tag (`zh`, `zh-CN`, `zh-Hans`, `zh-TW`, …) gets the Simplified Chinese
/// messages, the only Chinese the library has; `en-*` and `*` get English. A range
/// with `q=0` ("not acceptable") or an unreadable weight is skipped.
pub fn negotiate(accept_language: Option<&str>) -> Locale {
    let Some(header) = accept_language else {
        return Locale::En;
    };
    let mut best: Option<(u16, Locale)> = None;
    for range in header.split(',') {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates() {
        let cases = [
            (None, Locale::En),
            (Some(""), Locale::En),
            (Some("zh-CN"), Locale::ZhCn),
            (Some("zh"), Locale::ZhCn),
            (Some("zh_CN"), Locale::ZhCn),
            (Some("ZH-hans-CN"), Locale::ZhCn),
            (Some("zh-CN,zh;q=0.9,en;q=0.8"), Locale::ZhCn),
            (Some("en-US,en;q=0.9,zh-CN;q=0.8"), Locale::En),
            (Some("fr-FR,fr;q=0.9,zh;q=0.5"), Locale::ZhCn),
            (Some("fr-FR"), Locale::En),
            (Some("en;q=0.5, zh-CN;q=0.6"), Locale::ZhCn),
            (Some("zh-CN;q=0, en"), Locale::En),
            (Some("zh-CN;q=0.000"), Locale::En),
            (Some("zh-CN;q=bogus,en;q=0.1"), Locale::En),
            (Some("en, zh"), Locale::En),
            (Some("*;q=0.5, zh;q=0.4"), Locale::En),
        ];
        for (header, expected) in cases {
            assert_eq!(negotiate(header), expected, "{header:?}");
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
}
