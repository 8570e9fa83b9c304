//! Parameter names: the action's own, the common ones, and suggestions for near misses.

/// The common request parameters: accepted and not checked.
pub(crate) const COMMON_PARAMETERS: &[&str] = &[
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
];

/// Names a misspelling may be close to, as the suggestion shows them.
const SUGGESTIONS: &[&str] = &[
    "Action",
    "Version",
    "InstanceIds.N",
    "Password",
    "UserName",
    "ForceStop",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
];

/// Names longer than this are not compared (the distance is quadratic in length).
const MAX_COMPARED_CHARS: usize = 32;

/// Whether `name` looks like a parameter name (`[A-Za-z][A-Za-z0-9._-]{0,63}`),
/// and so may be shown: anything else may be a fragment of a value.
pub(crate) fn looks_like_a_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() <= 64
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Whether `name` is a known name but for case (`password`, `instanceids.1`): a
/// plain word, safe to show even where a password fragment could stand.
pub(crate) fn is_known_ignoring_case(name: &str) -> bool {
    let items = b"instanceids.";
    let bytes = name.as_bytes();
    let item = bytes.len() > items.len()
        && bytes[..items.len()].eq_ignore_ascii_case(items)
        && bytes[items.len()..].iter().all(u8::is_ascii_digit);
    item || SUGGESTIONS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(name))
}

/// A known name close to `name`: equal but for case, or one edit away (two for
/// names of 8 or more characters), ignoring case; `InstanceIds.N` for any
/// `instanceids<anything>`.
pub(crate) fn suggest(name: &str) -> Option<&'static str> {
    let prefix = b"instanceids";
    if name
        .as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    {
        return Some("InstanceIds.N");
    }
    let chars = name.chars().count();
    if chars > MAX_COMPARED_CHARS {
        return None;
    }
    let allowed = |known: &str| if known.len() < 8 { 1 } else { 2 };
    SUGGESTIONS
        .iter()
        // The distance is at least the difference in length: skip the far ones.
        .filter(|known| chars.abs_diff(known.len()) <= allowed(known))
        .map(|known| (edit_distance_ignoring_case(name, known), *known))
        .filter(|(d, known)| *d <= allowed(known))
        .min_by_key(|(d, _)| *d)
        .map(|(_, known)| known)
}

/// Levenshtein distance over ASCII-lowercased characters; `b` is a short known name.
fn edit_distance_ignoring_case(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row = [0usize; MAX_COMPARED_CHARS + 1];
    for (j, slot) in row.iter_mut().enumerate().take(b.len() + 1) {
        *slot = j;
    }
    for (i, ca) in a.chars().enumerate() {
        let ca = ca.to_ascii_lowercase();
        let mut diagonal = row[0];
        row[0] = i + 1;
        for j in 1..=b.len() {
            let above = row[j];
            let cost = usize::from(ca != char::from(b[j - 1].to_ascii_lowercase()));
            row[j] = (above + 1).min(row[j - 1] + 1).min(diagonal + cost);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn names_that_may_be_shown() {
        use super::looks_like_a_name;
        assert!(looks_like_a_name("Zone"));
        assert!(looks_like_a_name("instanceIds.1"));
        assert!(looks_like_a_name("Force_Stop-2"));
        assert!(!looks_like_a_name(""));
        assert!(!looks_like_a_name("1abc"));
        assert!(!looks_like_a_name("Secret!99"));
        assert!(!looks_like_a_name("p\u{e9}"));
        assert!(!looks_like_a_name(&"a".repeat(65)));
    }

    #[test]
    fn known_names_but_for_case() {
        use super::is_known_ignoring_case;
        assert!(is_known_ignoring_case("password"));
        assert!(is_known_ignoring_case("USERNAME"));
        assert!(is_known_ignoring_case("instanceids.12"));
        assert!(!is_known_ignoring_case("instanceids."));
        assert!(!is_known_ignoring_case("Secret99"));
        assert!(!is_known_ignoring_case("Passwordx"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("password"), Some("Password"));
        assert_eq!(suggest("PASSWORD"), Some("Password"));
        assert_eq!(suggest("Pasword"), Some("Password"));
        assert_eq!(suggest("Username"), Some("UserName"));
        assert_eq!(suggest("forcestop"), Some("ForceStop"));
        assert_eq!(suggest("Force_Stop"), Some("ForceStop"));
        assert_eq!(suggest("instanceIds.1"), Some("InstanceIds.N"));
        assert_eq!(suggest("InstanceId.1"), Some("InstanceIds.N"));
        assert_eq!(suggest("Foo"), None);
        assert_eq!(suggest("Zone"), None);
        assert_eq!(suggest(""), None);
        assert_eq!(suggest(&"x".repeat(100)), None);
    }
}
