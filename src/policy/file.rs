//! Policy files (feature `serde`): a JSON document that tightens a
//! built-in rule set, for the command line and for users of other languages.
//!
//! ```json
//! {
//!   "extends": "api3",
//!   "all":     { "length": { "min": 14 }, "max_repeat": 2, "denylist_file": "common-passwords.txt" },
//!   "linux":   { "max_sequence": 3 },
//!   "windows": { "classes": { "required": 4 } }
//! }
//! ```
//!
//! The policy of a family is the base rule set's rules for it ∧ the `all` block ∧
//! its own blocks (`linux` also applies to Ubuntu): a file can only tighten. A
//! missing length bound is the bound in force so far (the base's, then the `all`
//! block's); `classes.of` defaults to the classes the base counts for the family;
//! `specials` narrows the allowed special characters (by intersection with the
//! base's) and the `special` class then counts only those.
//!
//! Reading is pure: a `denylist_file` is named by the document and read by the
//! caller (the command line reads it next to the policy file; the JavaScript and
//! Python bindings refuse it), which hands the text to [`PolicyFile::rule_set`].
//! No error ever shows a deny-list entry.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::characters::{Class, ClassSet, Specials};
use crate::os::{OsFamily, OsSet};
use crate::policy::PolicyError;
use crate::policy::rule_set::RuleSet;
use crate::rules::{Denylist, POLICY_NUMBER_KEYS, PasswordRule};

/// A policy file, read and checked (types, ranges, unknown keys), before its
/// deny-list files are read.
///
/// ```
/// use cvm_rules::{OsFamily, OsSet, PolicyFile};
/// let file = PolicyFile::from_json(r#"{
///     "extends": "api3",
///     "all": { "length": { "min": 14 }, "max_repeat": 2, "denylist": ["Summer2024!Summer"] },
///     "windows": { "classes": { "required": 4 } }
/// }"#).unwrap();
/// let rules = file.rule_set(|_path| Err("no files here".into())).unwrap();
/// let windows = rules.policy(OsSet::only(OsFamily::Windows)).unwrap();
/// assert!(!windows.accepts("abc123ABC!@#x", None)); // 13 characters
/// assert!(!windows.accepts("abcd1234ABCDxyz", None)); // 3 classes of 4
/// assert!(windows.accepts("abc123ABC!@#xyz", None));
///
/// let error = PolicyFile::from_json("{\"extends\": \"api3\",\n \"al\": {}}").unwrap_err();
/// assert_eq!(error.to_string(), "line 2, column 5: unknown field `al`, expected one of `extends`, `all`, `linux`, `ubuntu`, `windows`");
/// ```
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    extends: Base,
    #[serde(default, deserialize_with = "all_block")]
    all: Option<Block>,
    #[serde(default, deserialize_with = "linux_block")]
    linux: Option<Block>,
    #[serde(default, deserialize_with = "ubuntu_block")]
    ubuntu: Option<Block>,
    #[serde(default, deserialize_with = "windows_block")]
    windows: Option<Block>,
}

/// Each block is read knowing its name, so that an error names the key's path
/// (`all.max_repeat`, `windows.length.min`).
fn all_block<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Block>, D::Error> {
    d.deserialize_option(BlockVisitor { name: "all" })
}
fn linux_block<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Block>, D::Error> {
    d.deserialize_option(BlockVisitor { name: "linux" })
}
fn ubuntu_block<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Block>, D::Error> {
    d.deserialize_option(BlockVisitor { name: "ubuntu" })
}
fn windows_block<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Block>, D::Error> {
    d.deserialize_option(BlockVisitor { name: "windows" })
}

/// The rule set a file extends.
#[derive(Clone, Copy, Debug)]
struct Base(&'static RuleSet);

impl<'de> Deserialize<'de> for Base {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        RuleSet::by_id(&id)
            .map(Base)
            .ok_or_else(|| de::Error::custom("extends must be legacy-2017, api3 or login-settings"))
    }
}

/// One block (`all`, `linux`, `ubuntu`, `windows`).
#[derive(Clone, Debug, Default)]
struct Block {
    length: Option<LengthSpec>,
    classes: Option<ClassesSpec>,
    specials: Option<SpecialsSpec>,
    denylist: Option<Entries>,
    denylist_file: Option<String>,
    /// The value of each key of [`POLICY_NUMBER_KEYS`] (`max_repeat`, …), in its order.
    numbers: [Option<u32>; POLICY_NUMBER_KEYS.len()],
    forbid_user_name: Option<bool>,
}

/// A block's keys before the rules' whole-number keys, and after them.
const KEYS_BEFORE: [&str; 5] = ["length", "classes", "specials", "denylist", "denylist_file"];
const KEYS_AFTER: [&str; 1] = ["forbid_user_name"];

/// A block (an object, or `null` for none), read knowing its name.
struct BlockVisitor {
    name: &'static str,
}

impl BlockVisitor {
    fn refuse<E: de::Error>(&self) -> E {
        E::custom(alloc::format!(
            "{} must be an object of password rules",
            self.name
        ))
    }
}

/// Sets a key's value once (serde's own message for a second time).
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, key: &str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::custom(alloc::format!("duplicate field `{key}`")));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for BlockVisitor {
    type Value = Option<Block>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of password rules")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<Block>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Block>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<Block>, E> {
        Err(self.refuse())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<Block>, E> {
        Err(self.refuse())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<Block>, E> {
        Err(self.refuse())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<Block>, E> {
        Err(self.refuse())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Option<Block>, E> {
        Err(self.refuse())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Option<Block>, A::Error> {
        Err(self.refuse())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Block>, A::Error> {
        let name = self.name;
        let mut block = Block::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match &*key {
                "length" => once(
                    &mut block.length,
                    map.next_value_seed(LengthSeed(name))?,
                    &key,
                )?,
                "classes" => {
                    once(
                        &mut block.classes,
                        map.next_value_seed(ClassesSeed(name))?,
                        &key,
                    )?;
                }
                "specials" => once(&mut block.specials, map.next_value()?, &key)?,
                "denylist" => once(&mut block.denylist, map.next_value()?, &key)?,
                "denylist_file" => once(&mut block.denylist_file, map.next_value()?, &key)?,
                "forbid_user_name" => {
                    let path = KeyPath(&[name, "forbid_user_name"]);
                    let value = map.next_value_seed(Flag(path))?;
                    once(&mut block.forbid_user_name, value, &key)?;
                }
                other => {
                    let Some(at) = POLICY_NUMBER_KEYS.iter().position(|(k, _)| *k == other) else {
                        return Err(de::Error::custom(UnknownKey(other)));
                    };
                    let (key, min) = POLICY_NUMBER_KEYS[at];
                    let seed = Whole {
                        path: KeyPath(&[name, key]),
                        min,
                        max: u32::MAX,
                    };
                    once(&mut block.numbers[at], map.next_value_seed(seed)?, key)?;
                }
            }
        }
        Ok(Some(block))
    }
}

/// serde's message for an unknown key, listing every key of a block.
struct UnknownKey<'a>(&'a str);

impl fmt::Display for UnknownKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown field `{}`, expected one of ", self.0)?;
        let numbers = POLICY_NUMBER_KEYS.iter().map(|(key, _)| *key);
        let keys = KEYS_BEFORE.into_iter().chain(numbers).chain(KEYS_AFTER);
        for (i, key) in keys.enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{key}`")?;
        }
        Ok(())
    }
}

/// The path of a key in the file (`["windows", "length", "min"]`), shown
/// joined by dots in errors.
#[derive(Clone, Copy)]
struct KeyPath<'a>(&'a [&'static str]);

impl fmt::Display for KeyPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(key)?;
        }
        Ok(())
    }
}

/// A whole number from `min` to `max` at `path`: any other value (of another
/// type, fractional, out of range) is refused with one message that names the
/// path and the range, never the value.
struct Whole<'a> {
    path: KeyPath<'a>,
    min: u32,
    max: u32,
}

impl Whole<'_> {
    fn refuse<E: de::Error>(&self) -> E {
        E::custom(alloc::format!(
            "{} must be a whole number from {} to {}",
            self.path,
            self.min,
            self.max
        ))
    }

    fn check<E: de::Error>(&self, n: u64) -> Result<u32, E> {
        u32::try_from(n)
            .ok()
            .filter(|n| (self.min..=self.max).contains(n))
            .ok_or_else(|| self.refuse())
    }
}

impl<'de> DeserializeSeed<'de> for Whole<'_> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Whole<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a whole number from {} to {}", self.min, self.max)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<u32, E> {
        self.check(n)
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<u32, E> {
        u64::try_from(n)
            .map_err(|_| self.refuse())
            .and_then(|n| self.check(n))
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<u32, E> {
        // `2.0` is whole (JavaScript and Python may write it so): whole when
        // converting it to an integer and back gives it again.
        if x >= 0.0 && x <= f64::from(u32::MAX) && (x as u64) as f64 == x {
            self.check(x as u64)
        } else {
            Err(self.refuse())
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<u32, E> {
        Err(self.refuse())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<u32, E> {
        Err(self.refuse())
    }
    fn visit_unit<E: de::Error>(self) -> Result<u32, E> {
        Err(self.refuse())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<u32, A::Error> {
        Err(self.refuse())
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<u32, A::Error> {
        Err(self.refuse())
    }
}

/// `true` or `false` at a path.
struct Flag<'a>(KeyPath<'a>);

impl Flag<'_> {
    fn refuse<E: de::Error>(&self) -> E {
        E::custom(alloc::format!("{} must be true or false", self.0))
    }
}

impl<'de> DeserializeSeed<'de> for Flag<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Flag<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true or false")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<bool, E> {
        Ok(b)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Err(self.refuse())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Err(self.refuse())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Err(self.refuse())
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Err(self.refuse())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        Err(self.refuse())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Err(self.refuse())
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Err(self.refuse())
    }
}

#[derive(Clone, Copy, Debug)]
struct LengthSpec {
    min: Option<u32>,
    max: Option<u32>,
}

/// A block's `length`, read knowing the block's name.
struct LengthSeed(&'static str);

impl<'de> DeserializeSeed<'de> for LengthSeed {
    type Value = LengthSpec;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<LengthSpec, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LengthSeed {
    type Value = LengthSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with min and max")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LengthSpec, A::Error> {
        let name = self.0;
        let (mut min, mut max) = (None, None);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let (slot, least, bound) = match &*key {
                "min" => (&mut min, 0, "min"),
                "max" => (&mut max, 1, "max"),
                other => {
                    return Err(de::Error::custom(alloc::format!(
                        "unknown field `{other}`, expected `min` or `max`"
                    )));
                }
            };
            let seed = Whole {
                path: KeyPath(&[name, "length", bound]),
                min: least,
                max: u32::MAX,
            };
            let value = map.next_value_seed(seed)?;
            once(slot, value, bound)?;
        }
        match (min, max) {
            (Some(min), Some(max)) if min > max => Err(de::Error::custom(alloc::format!(
                "{name}.length: min ({min}) is greater than max ({max})"
            ))),
            _ => Ok(LengthSpec { min, max }),
        }
    }
}

#[derive(Clone, Debug)]
struct ClassesSpec {
    required: u8,
    of: Option<Vec<ClassName>>,
}

/// A block's `classes`, read knowing the block's name.
struct ClassesSeed(&'static str);

impl<'de> DeserializeSeed<'de> for ClassesSeed {
    type Value = ClassesSpec;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ClassesSpec, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ClassesSeed {
    type Value = ClassesSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with required and of")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ClassesSpec, A::Error> {
        let name = self.0;
        let (mut required, mut of) = (None, None);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match &*key {
                "required" => {
                    let seed = Whole {
                        path: KeyPath(&[name, "classes", "required"]),
                        min: 1,
                        max: 5,
                    };
                    let n = map.next_value_seed(seed)?;
                    once(&mut required, n as u8, "required")?;
                }
                "of" => once(&mut of, map.next_value::<Option<Vec<ClassName>>>()?, "of")?,
                other => {
                    return Err(de::Error::custom(alloc::format!(
                        "unknown field `{other}`, expected `required` or `of`"
                    )));
                }
            }
        }
        let required = required.ok_or_else(|| {
            de::Error::custom(alloc::format!("{name}.classes: missing field `required`"))
        })?;
        Ok(ClassesSpec {
            required,
            of: of.flatten(),
        })
    }
}

#[derive(Clone, Copy, Debug)]
struct ClassName(Class);

impl<'de> Deserialize<'de> for ClassName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Class::from_name(&name).map(ClassName).ok_or_else(|| {
            de::Error::custom("classes.of holds class names: lower, upper, letter, digit, special")
        })
    }
}

#[derive(Clone, Copy, Debug)]
struct SpecialsSpec(Specials);

impl<'de> Deserialize<'de> for SpecialsSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Specials::new(&text)
            .map(SpecialsSpec)
            .map_err(|e| de::Error::custom(alloc::format!("specials: {e}")))
    }
}

/// A visitor's methods for booleans, numbers and `null`, each refusing the value
/// with `$message` (which never shows it).
macro_rules! refuse_scalars {
    ($message:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(E::custom($message))
        }
    };
}

/// Deny-list entries: their errors never show an entry, nor any value that
/// stands where one should.
#[derive(Clone, Debug, Default)]
struct Entries(Vec<String>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntriesVisitor)
    }
}

const ENTRIES: &str = "denylist must be an array of strings";

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ENTRIES)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entries, A::Error> {
        let mut entries = Vec::new();
        while let Some(Entry(entry)) = seq.next_element()? {
            entries.push(entry);
        }
        Ok(Entries(entries))
    }

    refuse_scalars!(ENTRIES);
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Entries, E> {
        Err(E::custom(ENTRIES))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<Entries, A::Error> {
        Err(de::Error::custom(ENTRIES))
    }
}

/// One entry: a string, or an error that does not show what stood there.
struct Entry(String);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor)
    }
}

const ENTRY: &str = "denylist entries must be strings";

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ENTRY)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Entry, E> {
        Ok(Entry(v.into()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Entry, E> {
        Ok(Entry(v))
    }
    refuse_scalars!(ENTRY);
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Entry, A::Error> {
        Err(de::Error::custom(ENTRY))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<Entry, A::Error> {
        Err(de::Error::custom(ENTRY))
    }
}

/// Why a policy file cannot be used. No variant holds a deny-list entry.
///
/// ```
/// use cvm_rules::{PolicyFile, PolicyFileError};
/// let error = PolicyFile::from_json(r#"{"extends": "api3", "all": {"max_repeat": 0}}"#).unwrap_err();
/// let PolicyFileError::Json { line, message, .. } = error else { panic!() };
/// assert_eq!(line, 1);
/// assert_eq!(message, "all.max_repeat must be a whole number from 1 to 4294967295");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyFileError {
    /// The JSON is at fault (syntax, a type, a range, an unknown key), at a place.
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong (quoted text from the file is kept only when it is a
        /// known word or looks like a key).
        message: String,
    },
    /// A policy given as a value (not text) is at fault: there is no place to name.
    Invalid {
        /// What is wrong (as for [`PolicyFileError::Json`]).
        message: String,
    },
    /// A `denylist_file` could not be read.
    DenylistFile {
        /// The path as the file gives it.
        path: String,
        /// Why (from the caller's reader).
        reason: String,
    },
    /// The rules of a family (or of a batch of several) accept no password, or
    /// contradict each other.
    Policy {
        /// The family whose policy fails (`None`: only a batch of several does).
        family: Option<OsFamily>,
        /// What is wrong.
        error: PolicyError,
    },
}

impl fmt::Display for PolicyFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyFileError::Json {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
            PolicyFileError::Invalid { message } => f.write_str(message),
            PolicyFileError::DenylistFile { path, reason } => {
                write!(f, "cannot read the denylist_file {path:?}: {reason}")
            }
            PolicyFileError::Policy {
                family: Some(family),
                error,
            } => write!(f, "{family}: {error}"),
            PolicyFileError::Policy {
                family: None,
                error,
            } => write!(f, "a batch of several families: {error}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for PolicyFileError {}

impl PolicyFile {
    /// Reads a policy file's text. Errors name the line and column.
    pub fn from_json(text: &str) -> Result<PolicyFile, PolicyFileError> {
        serde_json::from_str(text).map_err(|e| PolicyFileError::Json {
            line: e.line(),
            column: e.column(),
            message: sanitize(&e.to_string()),
        })
    }

    /// Reads a policy file's content already parsed as JSON (an object from
    /// JavaScript or Python). Errors say what, but have no place to name.
    pub fn from_value(value: serde_json::Value) -> Result<PolicyFile, PolicyFileError> {
        serde_json::from_value(value).map_err(|e| PolicyFileError::Invalid {
            message: sanitize(&e.to_string()),
        })
    }

    /// The rule set the file extends.
    pub fn base(&self) -> &'static RuleSet {
        self.extends.0
    }

    /// The `denylist_file` paths the file names, in block order.
    pub fn denylist_files(&self) -> impl Iterator<Item = &str> {
        self.blocks()
            .into_iter()
            .flatten()
            .filter_map(|b| b.denylist_file.as_deref())
    }

    fn blocks(&self) -> [Option<&Block>; 4] {
        [
            self.all.as_ref(),
            self.linux.as_ref(),
            self.ubuntu.as_ref(),
            self.windows.as_ref(),
        ]
    }

    /// The blocks that apply to `family`, in order: `all`, then `linux` (Linux
    /// and Ubuntu), `ubuntu`, `windows`.
    fn blocks_of(&self, family: OsFamily) -> Vec<&Block> {
        let [all, linux, ubuntu, windows] = self.blocks();
        let own: [Option<&Block>; 2] = match family {
            OsFamily::Linux => [linux, None],
            OsFamily::Ubuntu => [linux, ubuntu],
            _ => [windows, None],
        };
        [all].into_iter().chain(own).flatten().collect()
    }

    /// The rule set of the file: the base's rules, tightened. `read` gives the
    /// text of a `denylist_file` (one entry per line; blank lines are skipped),
    /// or says why it cannot. Every family's policy, and every batch's, is
    /// checked: a file whose rules accept nothing is an error.
    pub fn rule_set(
        &self,
        mut read: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<RuleSet, PolicyFileError> {
        // Each file is read once, whatever the number of families it applies to.
        let mut files: Vec<(&str, Vec<String>)> = Vec::new();
        for path in self.denylist_files() {
            if files.iter().any(|(p, _)| *p == path) {
                continue;
            }
            let text = read(path).map_err(|reason| PolicyFileError::DenylistFile {
                path: path.to_string(),
                reason,
            })?;
            let entries = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from)
                .collect();
            files.push((path, entries));
        }
        let base = self.base();
        let mut families: [Vec<PasswordRule>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for family in OsFamily::ALL {
            families[family as usize] = self.family_rules(base, family, &files);
        }
        let [linux, ubuntu, windows] = families;
        let rule_set = RuleSet::new(
            alloc::format!("{}+policy", base.id()),
            linux,
            ubuntu,
            windows,
        )
        .with_description(Cow::Owned(alloc::format!(
            "{} tightened by a policy file",
            base.id()
        )));
        for family in OsFamily::ALL {
            rule_set
                .policy(OsSet::only(family))
                .map_err(|error| PolicyFileError::Policy {
                    family: Some(family),
                    error,
                })?;
        }
        for index in 0..8 {
            rule_set
                .policy(OsSet::from_index(index))
                .map_err(|error| PolicyFileError::Policy {
                    family: None,
                    error,
                })?;
        }
        Ok(rule_set)
    }

    /// The rules of one family: the base's, then each block's.
    fn family_rules(
        &self,
        base: &RuleSet,
        family: OsFamily,
        files: &[(&str, Vec<String>)],
    ) -> Vec<PasswordRule> {
        let base_rules = base.family_rules(family);
        let mut rules: Vec<PasswordRule> = base_rules.to_vec();
        let blocks = self.blocks_of(family);

        // The specials in force: the base charset's, narrowed by every block.
        let base_specials = base_rules.iter().find_map(|r| {
            if let PasswordRule::Charset { specials } = r {
                Some(*specials)
            } else {
                None
            }
        });
        let narrowed = blocks
            .iter()
            .filter_map(|b| b.specials)
            .fold(None, |acc: Option<Specials>, s| {
                Some(acc.map_or(s.0, |a| a.intersection(s.0)))
            });
        let specials = match (base_specials, narrowed) {
            (Some(b), Some(n)) => Some(b.intersection(n)),
            (b, n) => b.or(n),
        };
        let base_classes = base_rules.iter().find_map(|r| {
            if let PasswordRule::Classes { required, of, .. } = r {
                Some((*required, *of))
            } else {
                None
            }
        });
        if let Some(narrowed_specials) = narrowed.and(specials) {
            rules.push(PasswordRule::Charset {
                specials: narrowed_specials,
            });
            if let Some((required, of)) = base_classes {
                // The special class now counts only the allowed specials.
                rules.push(PasswordRule::Classes {
                    required,
                    of,
                    specials: narrowed_specials,
                });
            }
        }
        let class_specials = specials.unwrap_or(Specials::API3);

        let (mut min, mut max) = base_rules
            .iter()
            .find_map(|r| {
                if let PasswordRule::Length { min, max } = r {
                    Some((*min, *max))
                } else {
                    None
                }
            })
            .unwrap_or((1, u32::MAX));
        let mut denied: Vec<&str> = Vec::new();
        for block in &blocks {
            if let Some(length) = block.length {
                // A missing bound is the one in force so far, so that the new rule
                // implies the earlier ones and stays the only length rule.
                let rule_min = length.min.unwrap_or(min);
                let rule_max = length.max.unwrap_or(max);
                rules.push(PasswordRule::Length {
                    min: rule_min,
                    max: rule_max,
                });
                (min, max) = (min.max(rule_min), max.min(rule_max));
            }
            if let Some(classes) = &block.classes {
                let of = match &classes.of {
                    Some(names) => names.iter().map(|n| n.0).collect::<ClassSet>(),
                    None => base_classes.map_or(ClassSet::LOWER_UPPER_DIGIT_SPECIAL, |(_, of)| of),
                };
                rules.push(PasswordRule::Classes {
                    required: classes.required,
                    of,
                    specials: class_specials,
                });
            }
            if let Some(entries) = &block.denylist {
                denied.extend(entries.0.iter().map(String::as_str));
            }
            if let Some(path) = &block.denylist_file {
                if let Some((_, entries)) = files.iter().find(|(p, _)| p == path) {
                    denied.extend(entries.iter().map(String::as_str));
                }
            }
            for (&(key, _), n) in POLICY_NUMBER_KEYS.iter().zip(block.numbers) {
                rules.extend(n.and_then(|n| PasswordRule::from_policy_number(key, n)));
            }
            if block.forbid_user_name == Some(true) {
                rules.push(PasswordRule::ContainsUsername {
                    min_name_chars: 3,
                    default_for: family,
                });
            }
        }
        if blocks
            .iter()
            .any(|b| b.denylist.is_some() || b.denylist_file.is_some())
        {
            rules.push(PasswordRule::Denylist(Denylist::new(denied)));
        }
        rules
    }
}

/// Keeps quoted text of an error message only when it is a key (serde quotes
/// keys, and numbers, in backticks) or a known word: serde quotes the values the
/// file holds in double quotes, and a value could be anything.
fn sanitize(message: &str) -> String {
    // serde_json appends " at line L column C", which the error carries apart.
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest.as_bytes()[open] as char;
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        match after.find(quote) {
            Some(close) => {
                let inner = &after[..close];
                // A key starts with a letter or `_`: a number is a value. A key
                // is shown cut to its first MAX_ECHOED_CHARS characters.
                let key_like = quote == '`' && crate::limits::looks_like_key(inner);
                let known = RuleSet::by_id(inner).is_some() || Class::from_name(inner).is_some();
                if key_like {
                    out.push_str(&crate::limits::echo(inner));
                } else {
                    out.push_str(if known { inner } else { "…" });
                }
                out.push(quote);
                rest = &after[close + 1..];
            }
            None => {
                out.push('…');
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        PolicyFile::from_json(text).unwrap_err().to_string()
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(
            error("{\"extends\": \"api4\"}"),
            "line 1, column 19: extends must be legacy-2017, api3 or login-settings"
        );
        assert_eq!(error("{}"), "line 1, column 2: missing field `extends`");
        assert_eq!(
            error("{\"extends\": \"api3\", \"all\": {\"max_repeat\": 0}}"),
            "line 1, column 43: all.max_repeat must be a whole number from 1 to 4294967295"
        );
        assert_eq!(
            error("{\"extends\": \"api3\", \"all\": {\"length\": {\"min\": 9, \"max\": 8}}}"),
            "line 1, column 58: all.length: min (9) is greater than max (8)"
        );
        assert_eq!(
            error("{\"extends\": \"api3\",\n\"linux\": {\"specials\": \"!a\"}}"),
            "line 2, column 27: specials: special characters must be printable ASCII symbols, and character 2 is a letter or digit"
        );
        assert!(error("{\"extends\": \"api3\" ").starts_with("line 1, column 19: EOF"));
        assert!(
            error(r#"{"extends": "api3", "all": {"length": {"max": 0}}}"#)
                .ends_with("all.length.max must be a whole number from 1 to 4294967295")
        );
        assert!(
            error(r#"{"extends": "api3", "all": {"denylist": {}}}"#)
                .ends_with("denylist must be an array of strings")
        );
        // Bounds in order, or equal, are a length.
        for bounds in [r#"{"min": 9, "max": 20}"#, r#"{"min": 12, "max": 12}"#] {
            let text = alloc::format!(r#"{{"extends": "api3", "all": {{"length": {bounds}}}}}"#);
            assert!(PolicyFile::from_json(&text).is_ok(), "{text}");
        }
        // An unknown key: every key of a block, in order, comma-separated.
        let typo = error("{\"extends\": \"api3\", \"all\": {\"lenght\": 8}}");
        assert!(
            typo.contains("unknown field `lenght`, expected one of `length`, `classes`, "),
            "{typo}"
        );
        assert!(typo.ends_with(", `forbid_user_name`"), "{typo}");
        // A block that is not an object says what a block is, not the type's name.
        let not_a_block = error("{\"extends\": \"api3\", \"linux\": 8}");
        assert_eq!(
            not_a_block,
            "line 1, column 30: linux must be an object of password rules"
        );
    }

    #[test]
    fn a_number_error_names_its_key_path_whatever_stands_there() {
        let place = |block: &str, key: &str, value: &str| {
            let inner = match key.split_once('.') {
                Some((outer, inner)) => alloc::format!(r#"{{"{outer}": {{"{inner}": {value}}}}}"#),
                None => alloc::format!(r#"{{"{key}": {value}}}"#),
            };
            alloc::format!(r#"{{"extends": "api3", "{block}": {inner}}}"#)
        };
        let cases = [
            ("all", "max_repeat", "1 to 4294967295"),
            ("windows", "length.min", "0 to 4294967295"),
            ("ubuntu", "length.max", "1 to 4294967295"),
            ("linux", "classes.required", "1 to 5"),
            ("windows", "max_sequence", "2 to 4294967295"),
        ];
        for (block, key, range) in cases {
            let expected = alloc::format!("{block}.{key} must be a whole number from {range}");
            for value in [
                "1.5",
                "-1",
                "-1.0",
                "1e30",
                "99999999999",
                "\"12\"",
                "true",
                "null",
                "[3]",
                "{}",
            ] {
                let text = place(block, key, value);
                let from_text = error(&text);
                assert!(from_text.ends_with(&expected), "{text}: {from_text}");
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                let from_value = PolicyFile::from_value(value).unwrap_err().to_string();
                assert_eq!(from_value, expected, "{text}");
            }
            // A whole number written with a fraction of zero is whole.
            let (least, _) = range.split_once(' ').unwrap();
            let whole = alloc::format!("{least}.0");
            let minimum = if key == "length.max" { "20.0" } else { &whole };
            assert!(
                PolicyFile::from_json(&place(block, key, minimum)).is_ok(),
                "{block}.{key}"
            );
        }
        assert_eq!(
            error(&place("linux", "forbid_user_name", "3")),
            "line 1, column 51: linux.forbid_user_name must be true or false"
        );
        for value in ["-1", "1.5", "null", "\"x\"", "[true]", "{}"] {
            let e = error(&place("ubuntu", "forbid_user_name", value));
            assert!(
                e.ends_with("ubuntu.forbid_user_name must be true or false"),
                "{e}"
            );
        }
        for value in ["true", "-1", "3", "1.5", "\"x\"", "[1]"] {
            let e = error(&alloc::format!(
                r#"{{"extends": "api3", "windows": {value}}}"#
            ));
            assert!(
                e.ends_with("windows must be an object of password rules"),
                "{e}"
            );
        }
        // A whole number is read as itself, written with a fraction of zero too;
        // a block of `null` is no block.
        let mut no_files = |_: &str| Err("no files".into());
        let text = r#"{"extends": "api3", "all": {"max_repeat": 3, "max_sequence": 4.0, "length": {"min": 14.0, "max": 20}, "classes": {"required": 4}}, "linux": null}"#;
        let linux = rules_of(text, OsFamily::Linux, &mut no_files);
        assert!(
            linux.contains(&PasswordRule::Repeat { max: 3 }),
            "{linux:?}"
        );
        assert!(
            linux.contains(&PasswordRule::Sequence { max: 4 }),
            "{linux:?}"
        );
        assert!(
            linux.contains(&PasswordRule::Length { min: 14, max: 20 }),
            "{linux:?}"
        );
        assert!(
            linux
                .iter()
                .any(|r| matches!(r, PasswordRule::Classes { required: 4, .. })),
            "{linux:?}"
        );
        let without = r#"{"extends": "api3", "all": {"max_repeat": 3, "max_sequence": 4.0, "length": {"min": 14.0, "max": 20}, "classes": {"required": 4}}}"#;
        assert_eq!(linux, rules_of(without, OsFamily::Linux, &mut no_files));
        // `length` and `classes` are objects (serde says so, naming what they hold).
        let e = error(r#"{"extends": "api3", "all": {"length": 5}}"#);
        assert!(e.ends_with("expected an object with min and max"), "{e}");
        let e = error(r#"{"extends": "api3", "linux": {"classes": [4]}}"#);
        assert!(
            e.ends_with("expected an object with required and of"),
            "{e}"
        );
        let duplicate = r#"{"extends": "api3", "all": {"max_repeat": 3, "max_repeat": 4}}"#;
        assert!(error(duplicate).ends_with("duplicate field `max_repeat`"));
        let duplicate = r#"{"extends": "api3", "all": {"length": {"min": 3, "min": 4}}}"#;
        assert!(error(duplicate).ends_with("duplicate field `min`"));
        assert!(
            error(&place("windows", "length.min", "9, \"max\": 8"))
                .ends_with("windows.length: min (9) is greater than max (8)")
        );
        assert!(
            error(&place("all", "classes.of", "[\"lower\"]"))
                .ends_with("all.classes: missing field `required`")
        );
    }

    #[test]
    fn an_unknown_key_is_shown_cut_to_64_characters() {
        let key = "k".repeat(100);
        let e = error(&alloc::format!(
            r#"{{"extends": "api3", "all": {{"{key}": 1}}}}"#
        ));
        let shown = alloc::format!("unknown field `{}…`, expected one of", "k".repeat(64));
        assert!(e.contains(&shown), "{e}");
        let e = error(r#"{"extends": "api3", "all": {"Hunter2!": 1}}"#);
        assert!(
            e.contains("unknown field `…`") && !e.contains("Hunter2"),
            "{e}"
        );
    }

    #[test]
    fn errors_never_show_a_denylist_entry() {
        for text in [
            r#"{"extends": "api3", "all": {"denylist": "hunter2hunter2"}}"#,
            r#"{"extends": "api3", "all": {"denylist": ["ok", 12345678]}}"#,
            r#"{"extends": "api3", "all": {"denylist": ["ok", ["hunter2hunter2"]]}}"#,
            r#"{"extends": "api3", "all": {"max_repeat": "hunter2hunter2"}}"#,
        ] {
            let e = error(text);
            assert!(!e.contains("hunter2") && !e.contains("12345678"), "{e}");
        }
    }

    #[test]
    fn sanitizing_keeps_keys_and_hides_values() {
        assert_eq!(
            sanitize("unknown field `lenght`, expected `length` at line 1 column 2"),
            "unknown field `lenght`, expected `length`"
        );
        assert_eq!(
            sanitize("invalid type: string \"p@ss w0rd\", expected u32"),
            "invalid type: string \"…\", expected u32"
        );
        assert_eq!(sanitize("odd \"quote"), "odd \"…");
        // A number in backticks is a value; a key may start with `_`.
        assert_eq!(
            sanitize("invalid value: integer `12345678`, expected `_key`"),
            "invalid value: integer `…`, expected `_key`"
        );
        // Rule-set ids and class names are shown in double quotes too.
        assert_eq!(
            sanitize("unknown variant \"hunter2\", expected \"api3\" or \"lower\""),
            "unknown variant \"…\", expected \"api3\" or \"lower\""
        );
    }

    fn rules_of(
        text: &str,
        family: OsFamily,
        read: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Vec<PasswordRule> {
        let rule_set = PolicyFile::from_json(text).unwrap().rule_set(read).unwrap();
        rule_set.family_rules(family).to_vec()
    }

    fn denied(rules: &[PasswordRule], password: &str) -> bool {
        rules.iter().any(|r| {
            matches!(r, PasswordRule::Denylist(_)) && !r.passes(&crate::Password::new(password))
        })
    }

    #[test]
    fn blocks_apply_to_their_families_and_ubuntu_is_linux_too() {
        let text = r#"{"extends": "api3", "linux": {"max_repeat": 2}, "ubuntu": {"max_sequence": 3}, "windows": {"max_class_repeat": 5}}"#;
        let mut no_files = |_: &str| Err("no files".into());
        let ubuntu = rules_of(text, OsFamily::Ubuntu, &mut no_files);
        assert!(ubuntu.contains(&PasswordRule::Repeat { max: 2 }));
        assert!(ubuntu.contains(&PasswordRule::Sequence { max: 3 }));
        assert!(
            !ubuntu
                .iter()
                .any(|r| matches!(r, PasswordRule::ClassRepeat { .. }))
        );
        let linux = rules_of(text, OsFamily::Linux, &mut no_files);
        assert!(linux.contains(&PasswordRule::Repeat { max: 2 }));
        assert!(
            !linux
                .iter()
                .any(|r| matches!(r, PasswordRule::Sequence { .. }))
        );
        // The user-name rule only where a block asks for it.
        let user_name = |rules: &[PasswordRule]| {
            rules
                .iter()
                .any(|r| matches!(r, PasswordRule::ContainsUsername { .. }))
        };
        assert!(!user_name(&linux));
        let asked = r#"{"extends": "api3", "linux": {"forbid_user_name": true}}"#;
        assert!(user_name(&rules_of(asked, OsFamily::Linux, &mut no_files)));
        let declined = r#"{"extends": "api3", "linux": {"forbid_user_name": false}}"#;
        assert!(!user_name(&rules_of(
            declined,
            OsFamily::Linux,
            &mut no_files
        )));
    }

    #[test]
    fn narrowed_specials_narrow_the_classes_rule_too() {
        let text = r#"{"extends": "api3", "all": {"specials": "!@"}}"#;
        let linux = rules_of(text, OsFamily::Linux, &mut |_: &str| Err("no files".into()));
        let narrowed = Specials::new("!@").unwrap();
        assert!(linux.contains(&PasswordRule::Charset { specials: narrowed }));
        assert!(
            linux.iter().any(
                |r| matches!(r, PasswordRule::Classes { specials, .. } if *specials == narrowed)
            ),
            "{linux:?}"
        );
    }

    #[test]
    fn each_denylist_file_is_read_once_and_applies_where_named() {
        let text = r#"{"extends": "api3", "all": {"denylist_file": "common.txt"}, "linux": {"denylist_file": "linux.txt"}, "ubuntu": {"denylist_file": "common.txt"}, "windows": {"denylist_file": "windows.txt"}}"#;
        // Each file holds one entry named for it: `linux.txt` denies `linux-Secret1!`.
        let entry_of =
            |path: &str| Ok(alloc::format!("{}-Secret1!", path.trim_end_matches(".txt")));
        let mut reads: Vec<String> = Vec::new();
        let mut read = |path: &str| {
            reads.push(path.into());
            entry_of(path)
        };
        let linux = rules_of(text, OsFamily::Linux, &mut read);
        reads.sort();
        assert_eq!(reads, ["common.txt", "linux.txt", "windows.txt"]);
        assert!(denied(&linux, "common-Secret1!"));
        assert!(denied(&linux, "linux-Secret1!"));
        assert!(!denied(&linux, "windows-Secret1!"));
        let windows = rules_of(text, OsFamily::Windows, &mut |path: &str| entry_of(path));
        assert!(denied(&windows, "common-Secret1!"));
        assert!(denied(&windows, "windows-Secret1!"));
        assert!(!denied(&windows, "linux-Secret1!"));
    }
}
