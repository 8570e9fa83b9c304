//! `password.denylist`: the password must not equal, ignoring ASCII case, an entry
//! of a list the caller gives (NIST SP 800-63B: common, expected or compromised
//! passwords; `pam_pwquality`'s `dictcheck`).
//!
//! The list is built once into an open-addressing hash table over one text arena,
//! so a password is looked up in constant time whatever the list's size. Nothing
//! ever shows an entry: not a message, a param, `Debug` or the policy's JSON.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
#[cfg(feature = "serde")]
use serde::ser::SerializeMap;

use super::{FailureFacts, PasswordRule, Subject};
use crate::diagnostic::Params;
use crate::locale::{Locale, localized};

/// Whether the password is not on the list.
pub(crate) fn holds(subject: &Subject<'_>, list: &Denylist) -> bool {
    !list.contains(subject.password)
}

/// A deny-list rule implies nothing at compile time (see
/// [`PasswordRule::implies`], which compares the lists).
pub(crate) const fn implies_rule(_: &Denylist, _: &PasswordRule) -> bool {
    false
}

/// The facts of a failure: none.
pub(crate) fn facts(_: &Subject<'_>, _: &Denylist) -> FailureFacts {
    (0, 0)
}

/// The params of a failure: none (never an entry, nor how many there are).
pub(crate) fn params(_: FailureFacts, _: &Denylist) -> Params {
    Params::None
}

/// The checklist line.
pub(crate) fn requirement(locale: Locale, _: &Denylist) -> String {
    localized!(
        locale,
        "Not a common, leaked or banned password",
        "不是常见、已泄露或被禁用的密码"
    )
}

/// The message of a failure.
pub(crate) fn message(_: &Params, locale: Locale) -> Option<String> {
    Some(localized!(
        locale,
        "Password is on the list of passwords that are not allowed (common, leaked or banned ones); choose another password.",
        "密码在禁止使用的密码列表中（常见、已泄露或被禁用的密码）；请换一个密码。"
    ))
}

/// The JSON params: none (never the entries, nor how many there are).
#[cfg(feature = "serde")]
pub(crate) fn write_params<M: SerializeMap>(_: &mut M, _: &Denylist) -> Result<(), M::Error> {
    Ok(())
}

/// A deny-list of passwords, compared ignoring ASCII case. Cheap to clone (shared).
///
/// ```
/// use cvm_rules::parts::Denylist;
/// let list = Denylist::new(["Password123!", "Welcome@2024"]);
/// assert!(list.contains("password123!"));
/// assert!(!list.contains("password123"));
/// assert_eq!(format!("{list:?}"), "Denylist { .. }"); // entries are never shown
/// ```
#[derive(Clone)]
pub struct Denylist(Arc<Table>);

struct Table {
    /// Every distinct entry, ASCII-lowercased, one after another.
    text: Box<str>,
    /// Each entry's place in `text`.
    spans: Box<[(usize, usize)]>,
    /// Open addressing: `1 + index into spans`, or 0 for an empty slot. Its length
    /// is a power of two at least twice the number of entries.
    slots: Box<[u32]>,
}

impl Denylist {
    /// Builds the table from `entries`; empty entries are skipped (an empty
    /// password is a missing one) and repeats are kept once.
    pub fn new<I, S>(entries: I) -> Denylist
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut text = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut slots = alloc::vec![0u32; 16];
        for entry in entries {
            let entry = entry.as_ref();
            if entry.is_empty() || lookup(&text, &spans, &slots, entry).is_some() {
                continue;
            }
            if (spans.len() + 1) * 2 > slots.len() {
                slots = rehash(&text, &spans, slots.len() * 2);
            }
            let start = text.len();
            text.extend(entry.chars().map(|c| c.to_ascii_lowercase()));
            spans.push((start, entry.len()));
            // `spans` fits in `u32` slots: more entries than that cannot be held
            // in memory anyway (each is at least one byte plus its span).
            let index = u32::try_from(spans.len()).unwrap_or(u32::MAX);
            let slot = free_slot(&slots, entry);
            slots[slot] = index;
        }
        Denylist(Arc::new(Table {
            text: text.into_boxed_str(),
            spans: spans.into_boxed_slice(),
            slots: slots.into_boxed_slice(),
        }))
    }

    /// Whether `password` equals an entry, ignoring ASCII case. No allocation.
    pub fn contains(&self, password: &str) -> bool {
        let t = &*self.0;
        lookup(&t.text, &t.spans, &t.slots, password).is_some()
    }

    /// How many distinct entries the list holds.
    pub fn len(&self) -> usize {
        self.0.spans.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.spans.is_empty()
    }

    /// Whether every entry of `other` is an entry of `self` (then `self` rejects
    /// everything `other` rejects).
    pub fn is_superset_of(&self, other: &Denylist) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (other.len() <= self.len()
                && other
                    .0
                    .spans
                    .iter()
                    .all(|&(start, len)| self.contains(&other.0.text[start..start + len])))
    }
}

impl PartialEq for Denylist {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.is_superset_of(other)
    }
}

impl Eq for Denylist {}

impl fmt::Debug for Denylist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Denylist { .. }")
    }
}

/// The hash of an entry or a password, ignoring ASCII case: the same for
/// texts that differ only in it.
fn hash(text: &str) -> u64 {
    crate::hash::hash(text.as_bytes(), true)
}

fn lookup(text: &str, spans: &[(usize, usize)], slots: &[u32], key: &str) -> Option<usize> {
    let mask = slots.len() - 1;
    let mut slot = crate::hash::slot(hash(key), slots.len());
    loop {
        let index = (slots[slot] as usize).checked_sub(1)?;
        let (start, len) = spans[index];
        if len == key.len()
            && text.as_bytes()[start..start + len].eq_ignore_ascii_case(key.as_bytes())
        {
            return Some(index);
        }
        slot = (slot + 1) & mask;
    }
}

/// The first empty slot for `key` (the table is at most half full).
fn free_slot(slots: &[u32], key: &str) -> usize {
    let mask = slots.len() - 1;
    let mut slot = crate::hash::slot(hash(key), slots.len());
    while slots[slot] != 0 {
        slot = (slot + 1) & mask;
    }
    slot
}

fn rehash(text: &str, spans: &[(usize, usize)], size: usize) -> Vec<u32> {
    let mut slots = alloc::vec![0u32; size];
    for (index, &(start, len)) in spans.iter().enumerate() {
        let slot = free_slot(&slots, &text[start..start + len]);
        slots[slot] = u32::try_from(index + 1).unwrap_or(u32::MAX);
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn membership_ignores_ascii_case_only() {
        let list = Denylist::new(["Summer2024!", "", "ÉCOLE1", "summer2024!"]);
        assert_eq!(list.len(), 2);
        assert!(list.contains("SUMMER2024!"));
        assert!(list.contains("École1"));
        assert!(
            !list.contains("école1"),
            "non-ASCII letters keep their case"
        );
        assert!(!list.contains("Summer2024"));
        assert!(!list.contains(""));
    }

    #[test]
    fn a_large_list_agrees_with_a_scan() {
        let entries: Vec<String> = (0..20_000).map(|i| format!("Pw{i}x!")).collect();
        let list = Denylist::new(&entries);
        assert_eq!(list.len(), entries.len());
        for i in (0..40_000).step_by(7) {
            let candidate = format!("pW{i}X!");
            let by_scan = entries.iter().any(|e| e.eq_ignore_ascii_case(&candidate));
            assert_eq!(list.contains(&candidate), by_scan, "{candidate}");
        }
    }

    #[test]
    fn subsets() {
        let small = Denylist::new(["a1", "b2"]);
        let large = Denylist::new(["A1", "b2", "c3"]);
        assert!(large.is_superset_of(&small));
        assert!(!small.is_superset_of(&large));
        assert_eq!(small, Denylist::new(["B2", "a1"]));
        assert_ne!(small, large);
        assert_ne!(large, small, "a superset is not equal");
        assert_ne!(small, Denylist::new(["a1", "c3"]), "nor a list of as many");
    }

    #[test]
    fn emptiness_and_debug() {
        let empty = Denylist::new([""]);
        assert!(empty.is_empty());
        let list = Denylist::new(["Summer2024!"]);
        assert!(!list.is_empty());
        // A deny-list holds passwords: its `Debug` shows none of them.
        assert_eq!(format!("{list:?}"), "Denylist { .. }");
    }
}
