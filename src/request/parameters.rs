//! The parameters of the action and the common ones, from [the parameter
//! list](crate::diagnostic::parameter_list): each one's kind and value rule, the
//! names both readers look up, and the suggestions for near misses. The table
//! drives both readers (query and JSON), the query writer, the value checks, the
//! suggestions and the request's storage.

use crate::diagnostic::{Field, RuleId};
use crate::profile::Profile;
use crate::rules::fixed_values::ACTION;

/// What a parameter holds, and the rule of its value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    /// Text, with the rule of its value.
    Text(TextRule),
    /// The password, checked by the profile's policy.
    Secret,
    /// The instance ids.
    Items,
    /// A Boolean; `rule` is the id of a value that is not one.
    Flag(RuleId),
}

/// The rule of a text parameter's value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum TextRule {
    /// One accepted text (the action's name, the profile's version): absent
    /// is `param.missing` in the query form, another text is `rule`.
    Fixed {
        expected: fn(&Profile) -> &'static str,
        rule: RuleId,
    },
    /// At most `max` characters, else `rule`.
    MaxChars {
        max: fn(&Profile) -> usize,
        rule: RuleId,
    },
}

/// The one `Action` this crate validates, whatever the profile.
fn expected_action(_: &Profile) -> &'static str {
    ACTION
}

/// One known name: a parameter of the action (`param`), or a common one.
pub(crate) struct Parameter {
    /// The name on the wire (the JSON key; the query form numbers the items of
    /// the `items` parameter `InstanceIds.N`).
    pub name: &'static str,
    /// The name suggestions show.
    pub shown: &'static str,
    /// `None` for a common parameter: accepted and not checked.
    pub param: Option<Param>,
}

/// The kind of a row, from the list's words.
macro_rules! kind {
    (text (fixed $($expected:ident)::+) => $rule:ident) => {
        Kind::Text(TextRule::Fixed { expected: $($expected)::+, rule: RuleId::$rule })
    };
    (text (max_chars $($max:ident)::+) => $rule:ident) => {
        Kind::Text(TextRule::MaxChars { max: $($max)::+, rule: RuleId::$rule })
    };
    (secret) => {
        Kind::Secret
    };
    (items) => {
        Kind::Items
    };
    (flag => $rule:ident) => {
        Kind::Flag(RuleId::$rule)
    };
}

/// Where a request keeps each kind's values (see [`Param::slot`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Storage {
    Text,
    Secret,
    Items,
    Flag,
}

macro_rules! params {
    (
        params: [$($(#[$doc:meta])* $name:ident $($shown:literal)? : $kind:ident $(($($arg:tt)*))? $(=> $rule:ident)? $({ $($method:ident : $method_name:ident),* })?;)*]
        common: [$($common:ident),*]
    ) => {
        /// A parameter of the action.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Param {
            $($name,)*
        }

        impl Param {
            /// Every parameter, in the list's order.
            pub const ALL: [Param; [$(stringify!($name)),*].len()] = [$(Param::$name,)*];

            /// Its field.
            pub const fn field(self) -> Field {
                match self {
                    $(Param::$name => Field::$name,)*
                }
            }

            /// Its name on the wire.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Param::$name => stringify!($name),)*
                }
            }

            /// Its kind and value rule.
            pub const fn kind(self) -> Kind {
                match self {
                    $(Param::$name => kind!($kind $(($($arg)*))? $(=> $rule)?),)*
                }
            }
        }

        /// Every known name, in the order of the query form and of diagnostics:
        /// the action's parameters, then the common ones.
        pub(crate) const PARAMETERS: &[Parameter] = &[
            $(Parameter {
                name: stringify!($name),
                shown: shown!($name $($shown)?),
                param: Some(Param::$name),
            },)*
            $(Parameter {
                name: stringify!($common),
                shown: stringify!($common),
                param: None,
            },)*
        ];
    };
}

/// The name suggestions show: the row's, when it gives one.
macro_rules! shown {
    ($name:ident) => {
        stringify!($name)
    };
    ($name:ident $shown:literal) => {
        $shown
    };
}

crate::diagnostic::with_parameters!(params);

impl Kind {
    /// Where a request keeps a value of this kind.
    pub const fn storage(self) -> Storage {
        match self {
            Kind::Text(_) => Storage::Text,
            Kind::Secret => Storage::Secret,
            Kind::Items => Storage::Items,
            Kind::Flag(_) => Storage::Flag,
        }
    }
}

impl Param {
    /// How many parameters a request keeps in `storage`.
    pub const fn count(storage: Storage) -> usize {
        let mut n = 0;
        let mut i = 0;
        while i < Param::ALL.len() {
            if Param::ALL[i].kind().storage() as u8 == storage as u8 {
                n += 1;
            }
            i += 1;
        }
        n
    }

    /// The place of the parameter's value among those its request keeps the same
    /// way (a text parameter's index in the texts, a flag's in the flags).
    #[inline(always)]
    pub const fn slot(self) -> usize {
        SLOTS[self as usize]
    }

    /// The parameter that holds the instance ids.
    pub const ITEMS: Param = {
        let mut i = 0;
        while !matches!(Param::ALL[i].kind(), Kind::Items) {
            i += 1;
        }
        Param::ALL[i]
    };
}

/// Each parameter's [`Param::slot`], counted once, at compile time.
const SLOTS: [usize; Param::ALL.len()] = {
    let mut slots = [0; Param::ALL.len()];
    let mut p = 0;
    while p < Param::ALL.len() {
        let storage = Param::ALL[p].kind().storage() as u8;
        let mut i = 0;
        while i < p {
            if Param::ALL[i].kind().storage() as u8 == storage {
                slots[p] += 1;
            }
            i += 1;
        }
        p += 1;
    }
    slots
};

/// The parameter named exactly `name` (the items parameter's own name, not
/// its items'), or a common one.
pub(crate) fn named(name: &str) -> Option<&'static Parameter> {
    PARAMETERS.iter().find(|p| p.name == name)
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
    let items = Param::ITEMS.name().as_bytes();
    let bytes = name.as_bytes();
    let item = bytes.len() > items.len() + 1
        && bytes[..items.len()].eq_ignore_ascii_case(items)
        && bytes[items.len()] == b'.'
        && bytes[items.len() + 1..].iter().all(u8::is_ascii_digit);
    item || suggestions().any(|known| known.eq_ignore_ascii_case(name))
}

/// A known name close to `name`: equal but for case, or one edit away (two for
/// names of 8 or more characters), ignoring case; the items' name
/// (`InstanceIds.N`) for any `instanceids<anything>`.
pub(crate) fn suggest(name: &str) -> Option<&'static str> {
    let items = Param::ITEMS.name().as_bytes();
    if name
        .as_bytes()
        .get(..items.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(items))
    {
        return named(Param::ITEMS.name()).map(|items| items.shown);
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
        use crate::diagnostic::Field;
        // (The parameters' own order is the list's, by construction.) The items come right after their array, before the next parameter.
        let item = Field::InstanceId {
            position: 0,
            name: crate::diagnostic::ItemName::Index(0),
        };
        assert!(Field::InstanceIds.order() < item.order());
        assert!(item.order() < Field::Password.order());
        assert!(Field::Input.order() < Field::Action.order());
        let unknown = Field::Unknown {
            position: 0,
            name: "x".into(),
        };
        assert!(Field::ForceStop.order() < unknown.order());
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
