//! The typed facts of a diagnostic: plain data, rendered into
//! words by `message` and into JSON by `serialize`.

use core::fmt;
use core::ops::Deref;

use super::custom::CustomFailure;
use super::field::Field;
use crate::char_kind::CharKind;
use crate::characters::{ClassSet, Specials};
use crate::limits::MAX_REPORTED_POSITIONS;
use crate::state::InstanceState;

/// A character outside the alphabet, by place and kind, never by value.
///
/// ```
/// use cvm_rules::parts::CharKind;
/// use cvm_rules::{Params, Password, PasswordRule, Specials};
/// let rule = PasswordRule::Charset { specials: Specials::LEGACY_2017 };
/// let Err(Params::Charset { positions, count, .. }) = rule.check(&Password::new("pass`wörd"), None) else {
///     panic!()
/// };
/// assert_eq!(count, 2);
/// let bad: Vec<(u32, CharKind)> = positions.iter().map(|b| (b.position, b.kind)).collect();
/// assert_eq!(bad, [(5, CharKind::Symbol), (7, CharKind::NonAscii)]); // 1-based
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct BadChar {
    /// 1-based index of the grapheme cluster (what a person counts on screen). A
    /// `u32`: an input is at most 1 MiB long.
    pub position: u32,
    /// What kind of character it is.
    pub kind: CharKind,
}

/// The first 16 characters outside the alphabet of a
/// charset failure, held inline (a report of a failing password allocates
/// nothing). Dereferences to a slice.
///
/// ```
/// use cvm_rules::parts::CharKind;
/// use cvm_rules::{OsFamily, OsSet, Params, Password, Profile};
/// let report = Profile::LEGACY_2017.check_password(&Password::new("pass word1\t"), OsSet::only(OsFamily::Linux), None);
/// let first = report.first_error().unwrap();
/// let Params::Charset { positions, .. } = first.params() else { panic!() };
/// let places: Vec<u32> = positions.iter().map(|bad| bad.position).collect();
/// assert_eq!(places, [5, 11]);
/// assert_eq!(positions[1].kind, CharKind::Whitespace);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Positions {
    items: [BadChar; MAX_REPORTED_POSITIONS],
    len: u8,
}

impl Positions {
    /// No position.
    pub(crate) const fn new() -> Positions {
        Positions {
            items: [BadChar {
                position: 0,
                kind: CharKind::Symbol,
            }; MAX_REPORTED_POSITIONS],
            len: 0,
        }
    }

    /// Adds `bad` unless [`MAX_REPORTED_POSITIONS`] are held already.
    #[inline]
    pub(crate) fn push(&mut self, bad: BadChar) {
        if let Some(slot) = self.items.get_mut(usize::from(self.len)) {
            *slot = bad;
            self.len += 1;
        }
    }
}

impl Deref for Positions {
    type Target = [BadChar];

    fn deref(&self) -> &[BadChar] {
        &self.items[..usize::from(self.len)]
    }
}

impl<'a> IntoIterator for &'a Positions {
    type Item = &'a BadChar;
    type IntoIter = core::slice::Iter<'a, BadChar>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for Positions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Why an instance id is malformed.
///
/// ```
/// use cvm_rules::parts::IdReason;
/// use cvm_rules::{Context, Params, Profile, Request};
/// let report = Request::new(Profile::API3)
///     .with_instance_ids(["vm-r8hr2upy", "ins-1122", "ins-R8HR2UPY"])
///     .with_password("abc123ABC!@#")
///     .validate(&Context::new());
/// let reasons: Vec<IdReason> = report
///     .diagnostics()
///     .iter()
///     .filter_map(|d| match d.params() {
///         Params::InstanceId { reason, .. } => Some(*reason),
///         _ => None,
///     })
///     .collect();
/// assert_eq!(reasons, [IdReason::Prefix, IdReason::Length, IdReason::Charset]);
/// assert_eq!(IdReason::Length.as_str(), "length");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdReason {
    /// It does not start with `ins-`.
    Prefix,
    /// It is not 12 characters long.
    Length,
    /// Something after `ins-` is not `[a-z0-9]`.
    Charset,
}

impl IdReason {
    /// `prefix`, `length` or `charset`.
    pub const fn as_str(self) -> &'static str {
        match self {
            IdReason::Prefix => "prefix",
            IdReason::Length => "length",
            IdReason::Charset => "charset",
        }
    }
}

/// Why an `InstanceIds.N` index is wrong.
///
/// ```
/// use cvm_rules::parts::IndexReason;
/// use cvm_rules::{Context, Params, Profile, Request};
/// // Item 2 is missing: the third item's index leaves a gap.
/// let request = Request::parse(
///     b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy\
///       &InstanceIds.3=ins-5d8a23rs&Password=abc123ABC!@%23",
///     Profile::LEGACY_2017,
/// );
/// let report = request.validate(&Context::new());
/// let d = report.first_error().unwrap();
/// assert_eq!((d.rule().as_str(), d.field().to_string()), ("instance_ids.index", "InstanceIds.3".to_string()));
/// assert!(matches!(d.params(), Params::Index { reason: IndexReason::Gap, base: 1, .. }));
/// assert_eq!(IndexReason::Gap.as_str(), "gap");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IndexReason {
    /// Not a decimal number (`InstanceIds.x`, `InstanceIds.`, `InstanceIds.-1`).
    Malformed,
    /// A decimal number with a leading zero (`InstanceIds.01`).
    LeadingZero,
    /// Below the profile's first index (`InstanceIds.0` in `legacy-2017`).
    BelowBase,
    /// A gap: the items are not numbered consecutively from the first index.
    Gap,
}

impl IndexReason {
    /// `malformed`, `leading_zero`, `below_base` or `gap`.
    pub const fn as_str(self) -> &'static str {
        match self {
            IndexReason::Malformed => "malformed",
            IndexReason::LeadingZero => "leading_zero",
            IndexReason::BelowBase => "below_base",
            IndexReason::Gap => "gap",
        }
    }
}

/// The JSON type a parameter must have.
///
/// ```
/// use cvm_rules::parts::JsonType;
/// use cvm_rules::{Context, Params, Profile, Request};
/// let body = br#"{"InstanceIds": "ins-r8hr2upy", "Password": "abc123ABC!@#"}"#;
/// let report = Request::parse(body, Profile::API3).validate(&Context::new());
/// let d = report.first_error().unwrap();
/// assert_eq!((d.rule().as_str(), d.field().to_string()), ("param.type", "InstanceIds".to_string()));
/// assert!(matches!(d.params(), Params::Type { expected: JsonType::StringArray, .. }));
/// assert_eq!(JsonType::StringArray.as_str(), "array");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonType {
    /// A string.
    String,
    /// An array of strings.
    StringArray,
    /// `true` or `false`.
    Boolean,
    /// An object.
    Object,
}

impl JsonType {
    /// `string`, `array`, `boolean` or `object`.
    pub const fn as_str(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::StringArray => "array",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
        }
    }
}

/// The typed facts of a diagnostic; the message is rendered from them. A
/// password's characters are never among them: a charset failure gives
/// positions and kinds.
///
/// ```
/// use cvm_rules::parts::CharKind;
/// use cvm_rules::{OsFamily, OsSet, Params, Password, Profile};
/// let report = Profile::LEGACY_2017.check_password(
///     &Password::new("abc 123ABC!@#é"),
///     OsSet::only(OsFamily::Linux),
///     None,
/// );
/// match report.first_error().unwrap().params() {
///     Params::Charset { positions, count, .. } => {
///         assert_eq!(*count, 2);
///         assert_eq!((positions[0].position, positions[0].kind), (4, CharKind::Whitespace));
///         assert_eq!((positions[1].position, positions[1].kind), (14, CharKind::NonAscii));
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Params {
    /// Nothing beyond the rule and the field.
    None,
    /// A length or count outside `min..=max` (`password.length`, `username.length`,
    /// `instance_ids.count`).
    #[non_exhaustive]
    Range {
        /// The least allowed.
        min: u64,
        /// The most allowed.
        max: u64,
        /// What was given.
        actual: u64,
    },
    /// Shorter than recommended (`password.recommended_length`).
    #[non_exhaustive]
    AtLeast {
        /// The least recommended.
        min: u64,
        /// What was given.
        actual: u64,
    },
    /// Too few character classes.
    #[non_exhaustive]
    Classes {
        /// How many classes are required.
        required: u8,
        /// How many were found.
        found: u8,
        /// The classes counted.
        classes: ClassSet,
        /// The counted classes absent from the password.
        missing: ClassSet,
        /// The rule's special characters.
        specials: Specials,
    },
    /// Characters outside the alphabet.
    #[non_exhaustive]
    Charset {
        /// The first 16 (`count` has them all).
        positions: Positions,
        /// How many grapheme clusters hold a character that is not allowed.
        count: usize,
        /// The rule's special characters.
        specials: Specials,
        /// The query form's raw value held `+`, which decodes to a space.
        plus_hint: bool,
    },
    /// A run of characters that is too long (`password.repeat`: identical
    /// characters; `password.sequence`: consecutive letters or digits).
    #[non_exhaustive]
    Run {
        /// The longest run allowed.
        max: u32,
        /// The longest run found.
        actual: u32,
        /// The 1-based grapheme index where it starts (the first such run).
        position: usize,
    },
    /// The password contains the account name (the name itself is not repeated:
    /// it is part of the password).
    #[non_exhaustive]
    ContainsUsername {
        /// Names shorter than this are not looked for.
        min_name_chars: u8,
    },
    /// A malformed instance id.
    #[non_exhaustive]
    InstanceId {
        /// Why.
        reason: IdReason,
    },
    /// A repeated instance id.
    #[non_exhaustive]
    Duplicate {
        /// The item where the id first appears.
        first: Field,
    },
    /// A bad array index.
    #[non_exhaustive]
    Index {
        /// Why.
        reason: IndexReason,
        /// The profile's first index (1 or 0).
        base: u64,
    },
    /// A value that must be one fixed text (`Action`, `Version`) or a boolean (`ForceStop`).
    #[non_exhaustive]
    Expected {
        /// What is accepted: the fixed text (`ResetInstancesPassword`, `2017-03-12`), or
        /// for `ForceStop` `TRUE|FALSE` (query form, any case) or `boolean` (JSON form).
        expected: &'static str,
    },
    /// A JSON value of the wrong type.
    #[non_exhaustive]
    Type {
        /// The type required.
        expected: JsonType,
    },
    /// An instance in a state that does not allow a reset.
    #[non_exhaustive]
    State {
        /// The instance's state.
        state: InstanceState,
    },
    /// An unknown parameter name.
    #[non_exhaustive]
    Unknown {
        /// A known name close to it (`password` → `Password`).
        suggestion: Option<&'static str>,
        /// The name is not shown (the field is `#<n>`, its place in the input): it
        /// does not look like a parameter name, or may hold part of a password.
        name_hidden: bool,
        /// It directly follows `Password`: an unencoded `&` in the password?
        after_password: bool,
    },
    /// JSON that does not parse.
    #[non_exhaustive]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A custom rule's failure, with the params it reported.
    Custom(CustomFailure),
    /// Input over the limits: 1 MiB, or 10,000 parameters (query pairs, or
    /// JSON keys and array items).
    #[non_exhaustive]
    TooLarge {
        /// The most bytes accepted.
        max_bytes: usize,
        /// The most parameters accepted.
        max_params: usize,
        /// The bytes given.
        bytes: usize,
        /// The parameters counted (counting stops just past the limit).
        params: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;

    #[test]
    fn positions_keep_the_first_ones_and_list_like_a_slice() {
        let mut positions = Positions::new();
        for position in 0..MAX_REPORTED_POSITIONS as u32 + 3 {
            let kind = if position % 2 == 0 {
                CharKind::Whitespace
            } else {
                CharKind::NonAscii
            };
            positions.push(BadChar { position, kind });
        }
        assert_eq!(positions.len(), MAX_REPORTED_POSITIONS);
        let seen: Vec<u32> = (&positions).into_iter().map(|b| b.position).collect();
        assert_eq!(seen, (0..MAX_REPORTED_POSITIONS as u32).collect::<Vec<_>>());
        let mut two = Positions::new();
        two.push(BadChar {
            position: 3,
            kind: CharKind::Symbol,
        });
        two.push(BadChar {
            position: 7,
            kind: CharKind::Control,
        });
        assert_eq!(
            format!("{two:?}"),
            "[BadChar { position: 3, kind: Symbol }, BadChar { position: 7, kind: Control }]"
        );
        assert_eq!(format!("{:?}", Positions::new()), "[]");
    }
}
