//! The parameters of the action and the common ones, one row each, and the
//! suggestions for near misses. The table drives both readers (query and JSON),
//! the suggestions, the order of the query form a request is written to, and
//! (checked by a test) the order of diagnostics on fields.

use crate::diagnostic::Field;

/// Where the readers store a parameter's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    Action,
    Version,
    InstanceIds,
    Password,
    UserName,
    ForceStop,
    /// A common parameter: accepted and not checked.
    Common,
}

/// One parameter.
pub(crate) struct Parameter {
    /// The name on the wire (the JSON key; the query form numbers its items
    /// `InstanceIds.N`).
    pub name: &'static str,
    /// The name suggestions show.
    pub shown: &'static str,
    pub slot: Slot,
}

/// A parameter whose name is shown as it is.
const fn row(name: &'static str, slot: Slot) -> Parameter {
    Parameter {
        name,
        shown: name,
        slot,
    }
}

/// Every parameter, in the order of the query form and of diagnostics.
pub(crate) const PARAMETERS: &[Parameter] = &[
    row("Action", Slot::Action),
    row("Version", Slot::Version),
    Parameter {
        name: "InstanceIds",
        shown: "InstanceIds.N",
        slot: Slot::InstanceIds,
    },
    row("Password", Slot::Password),
    row("UserName", Slot::UserName),
    row("ForceStop", Slot::ForceStop),
    row("Region", Slot::Common),
    row("Timestamp", Slot::Common),
    row("Nonce", Slot::Common),
    row("SecretId", Slot::Common),
    row("Signature", Slot::Common),
    row("SignatureMethod", Slot::Common),
    row("Token", Slot::Common),
    row("Language", Slot::Common),
    row("RequestClient", Slot::Common),
];

/// The parameter named exactly `name` (`InstanceIds` for the array, not its items).
pub(crate) fn named(name: &str) -> Option<&'static Parameter> {
    PARAMETERS.iter().find(|p| p.name == name)
}

impl Slot {
    /// The number of slots that hold a value (all but [`Slot::Common`]).
    pub const VALUES: usize = 6;

    /// The field of the parameter's diagnostics (`None` for a common parameter).
    pub fn field(self) -> Option<Field> {
        Some(match self {
            Slot::Action => Field::Action,
            Slot::Version => Field::Version,
            Slot::InstanceIds => Field::InstanceIds,
            Slot::Password => Field::Password,
            Slot::UserName => Field::UserName,
            Slot::ForceStop => Field::ForceStop,
            Slot::Common => return None,
        })
    }
}

/// The names suggestions may show, in table order.
fn suggestions() -> impl Iterator<Item = &'static str> + Clone {
    PARAMETERS.iter().map(|p| p.shown)
}

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
    item || suggestions().any(|known| known.eq_ignore_ascii_case(name))
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
    suggestions()
        // The distance is at least the difference in length: skip the far ones.
        .filter(|known| chars.abs_diff(known.len()) <= allowed(known))
        .map(|known| (edit_distance_ignoring_case(name, known), known))
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
    fn diagnostics_on_fields_follow_the_table() {
        use super::{PARAMETERS, Slot};
        use crate::diagnostic::Field;
        let orders: alloc::vec::Vec<_> = PARAMETERS
            .iter()
            .filter_map(|p| p.slot.field())
            .map(|field| field.order())
            .collect();
        assert_eq!(orders.len(), Slot::VALUES);
        assert!(orders.windows(2).all(|w| w[0] < w[1]), "{orders:?}");
        // The items come right after their array, before the next parameter.
        let item = Field::InstanceId {
            position: 0,
            name: crate::diagnostic::ItemName::Index(0),
        };
        assert!(Field::InstanceIds.order() < item.order());
        assert!(item.order() < Field::Password.order());
        // Every slot that holds a value has exactly one row.
        for (i, slot) in PARAMETERS.iter().map(|p| p.slot).enumerate() {
            if slot != Slot::Common {
                assert_eq!(slot as usize, i);
            }
        }
    }

    #[test]
    fn names_that_may_be_shown_and_known_names_but_for_case() {
        use super::{is_known_ignoring_case, looks_like_a_name};
        // (name, looks like a name, a known name but for case)
        let long = "a".repeat(65);
        for (name, looks, known) in [
            ("Zone", true, false),
            ("instanceIds.1", true, true),
            ("Force_Stop-2", true, false),
            ("", false, false),
            ("1abc", false, false),
            ("Secret!99", false, false),
            ("p\u{e9}", false, false),
            (&long, false, false),
            ("password", true, true),
            ("USERNAME", true, true),
            ("instanceids.12", true, true),
            ("instanceids.", true, false),
            ("Secret99", true, false),
            ("Passwordx", true, false),
        ] {
            assert_eq!(looks_like_a_name(name), looks, "{name:?}");
            assert_eq!(is_known_ignoring_case(name), known, "{name:?}");
        }
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

    /// The textbook Levenshtein distance, a full matrix, over lowercased characters.
    fn reference_distance(a: &str, b: &str) -> usize {
        let a: alloc::vec::Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
        let b: alloc::vec::Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
        let mut d = alloc::vec![alloc::vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, slot) in d[0].iter_mut().enumerate() {
            *slot = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn the_distance_is_levenshtein_over_every_known_name() {
        use super::{edit_distance_ignoring_case, suggestions};
        use alloc::string::String;
        for known in suggestions() {
            // Near and far names: every cut, insertion and change of one place,
            // both halves, the empty name and unrelated words.
            let mut names: alloc::vec::Vec<String> = [
                "",
                "x",
                "Zone",
                "dropwassP",
                "USERNAMEPASSWORD",
                "password1234567",
            ]
            .map(String::from)
            .to_vec();
            for at in 0..=known.len() {
                names.push(String::from(&known[..at]));
                names.push(String::from(&known[at..]));
                names.push(alloc::format!("{}x{}", &known[..at], &known[at..]));
                if at < known.len() {
                    names.push(alloc::format!("{}{}", &known[..at], &known[at + 1..]));
                    names.push(alloc::format!("{}Q{}", &known[..at], &known[at + 1..]));
                }
            }
            for name in &names {
                assert_eq!(
                    edit_distance_ignoring_case(name, known),
                    reference_distance(name, known),
                    "{name:?} to {known:?}"
                );
            }
        }
    }
}
