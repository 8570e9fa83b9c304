//! Parameter names: the action's own, the common ones, and suggestions for near misses.

/// The common request parameters (section 7): accepted and not checked.
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
    if name.chars().count() > MAX_COMPARED_CHARS {
        return None;
    }
    SUGGESTIONS
        .iter()
        .map(|known| (edit_distance_ignoring_case(name, known), *known))
        .filter(|(d, known)| *d <= if known.len() < 8 { 1 } else { 2 })
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
