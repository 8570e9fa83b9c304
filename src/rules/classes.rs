//! `password.classes`: at least `required` of a set of character classes.

use alloc::string::String;
#[cfg(feature = "serde")]
use serde::ser::SerializeMap;

use super::wording::{alternatives, class_list, one_of_class};
use super::{PasswordRule, ScanFacts};
use crate::characters::{Class, ClassSet, Scan, Specials};
use crate::diagnostic::Params;
use crate::locale::{Locale, localized};

/// Whether at least `required` classes of `of` occur.
pub(crate) const fn passes_scan(
    scan: &Scan,
    required: &u8,
    of: &ClassSet,
    specials: &Specials,
) -> bool {
    scan.classes(*of, *specials).len() >= *required
}

/// Whether the rule guarantees the other (see [`implies`]).
pub(crate) const fn implies_rule(
    required: &u8,
    of: &ClassSet,
    specials: &Specials,
    other: &PasswordRule,
) -> bool {
    if let PasswordRule::Classes {
        required: required2,
        of: of2,
        specials: specials2,
    } = other
    {
        implies(*required, *of, *specials, *required2, *of2, *specials2)
    } else {
        false
    }
}

/// The params of a failure: which classes were found and which are missing.
pub(crate) fn params(
    facts: &impl ScanFacts,
    required: &u8,
    of: &ClassSet,
    specials: &Specials,
) -> Params {
    let present = facts.classes(*of, *specials);
    Params::Classes {
        required: *required,
        found: present.len(),
        classes: *of,
        missing: of.difference(present),
        specials: *specials,
    }
}

/// The checklist line.
pub(crate) fn requirement(
    locale: Locale,
    required: &u8,
    of: &ClassSet,
    specials: &Specials,
) -> String {
    let n = of.len();
    let list = class_list(*of, *specials, locale);
    localized!(
        locale,
        "At least {required} of these {n} classes: {list}",
        "至少包含以下 {n} 类字符中的 {required} 类：{list}"
    )
}

/// The message of a failure.
pub(crate) fn message(params: &Params, locale: Locale) -> Option<String> {
    let Params::Classes {
        required,
        found,
        classes,
        missing,
        specials,
    } = params
    else {
        return None;
    };
    let n = classes.len();
    let list = class_list(*classes, *specials, locale);
    let add = alternatives(missing.iter().map(|c| one_of_class(c, locale)), locale);
    Some(localized!(
        locale,
        "Password must contain characters of at least {required} of these {n} classes: {list}; it has {found}. Add {add}.",
        "密码必须至少包含以下 {n} 类字符中的 {required} 类：{list}；当前只包含 {found} 类。请添加{add}。"
    ))
}

/// The JSON params: `"required": 3, "classes": [..], "specials": ".."`.
#[cfg(feature = "serde")]
pub(crate) fn write_params<M: SerializeMap>(
    m: &mut M,
    required: &u8,
    of: &ClassSet,
    specials: &Specials,
) -> Result<(), M::Error> {
    m.serialize_entry("required", required)?;
    m.serialize_entry("classes", of)?;
    m.serialize_entry("specials", specials)
}

/// Whether "at least `k` of `of`" guarantees "at least `k2` of `of2`": for every
/// smallest way of meeting the first (each `k`-subset of `of`), the classes of
/// `of2` it guarantees number at least `k2`. A `const fn`, so built-in profiles
/// resolve their policies at compile time.
pub(crate) const fn implies(
    k: u8,
    of: ClassSet,
    specials: Specials,
    k2: u8,
    of2: ClassSet,
    specials2: Specials,
) -> bool {
    let mut subset = 0u8;
    loop {
        let chosen = class_set_of_bits(subset);
        if chosen.difference(of).is_empty() && chosen.len() == k {
            let mut guaranteed = 0u8;
            let mut t = 0;
            while t < Class::ALL.len() {
                let target = Class::ALL[t];
                if of2.contains(target) && guarantees(chosen, specials, target, specials2) {
                    guaranteed += 1;
                }
                t += 1;
            }
            if guaranteed < k2 {
                return false;
            }
        }
        if subset == 0b1_1111 {
            return true; // also when `k` exceeds `of`: unsatisfiable implies anything
        }
        subset += 1;
    }
}

/// The classes of the 5-bit number `bits`, in [`Class::ALL`] order.
const fn class_set_of_bits(bits: u8) -> ClassSet {
    let mut set = ClassSet::EMPTY;
    let mut i = 0;
    while i < Class::ALL.len() {
        if bits & (1 << i) != 0 {
            set = set.with(Class::ALL[i]);
        }
        i += 1;
    }
    set
}

/// Whether a password holding a character of each class of `chosen` (specials
/// meaning `specials`) must hold one of `target` (specials meaning `specials2`):
/// some chosen class's members all belong to the target class.
const fn guarantees(
    chosen: ClassSet,
    specials: Specials,
    target: Class,
    specials2: Specials,
) -> bool {
    let target_members = target.members(specials2);
    let mut c = 0;
    while c < Class::ALL.len() {
        let class = Class::ALL[c];
        let members = class.members(specials);
        // An empty class cannot be met, so "having one" guarantees anything.
        if chosen.contains(class) && members & !target_members == 0 {
            return true;
        }
        c += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const LUDS: ClassSet = ClassSet::LOWER_UPPER_DIGIT_SPECIAL;
    const LDS: ClassSet = ClassSet::LETTER_DIGIT_SPECIAL;

    #[cfg(feature = "serde")]
    #[test]
    fn the_rule_serializes_its_count_classes_and_specials() {
        let rule = PasswordRule::Classes {
            required: 2,
            of: LDS,
            specials: Specials::new("!@#").unwrap(),
        };
        assert_eq!(
            serde_json::to_value(&rule).unwrap(),
            serde_json::json!({
                "rule": "password.classes",
                "required": 2,
                "classes": ["letter", "digit", "special"],
                "specials": "!@#",
            })
        );
    }

    #[test]
    fn windows_implies_linux_not_the_reverse() {
        let s = Specials::LEGACY_2017;
        assert!(implies(3, LUDS, s, 2, LDS, s));
        assert!(!implies(2, LDS, s, 3, LUDS, s));
        assert!(implies(3, LUDS, s, 3, LUDS, s));
        assert!(implies(4, LUDS, s, 3, LUDS, s));
        assert!(!implies(3, LUDS, s, 4, LUDS, s));
    }

    #[test]
    fn fewer_specials_imply_more_not_the_reverse() {
        let (small, large) = (Specials::LOGIN_SETTINGS, Specials::API3);
        assert!(implies(3, LUDS, small, 3, LUDS, large));
        assert!(!implies(3, LUDS, large, 3, LUDS, small));
        // Specials that share nothing: a special of one is not one of the other.
        let a = Specials::new("!").unwrap();
        let b = Specials::new("@").unwrap();
        assert!(!implies(3, LUDS, a, 3, LUDS, b));
    }

    #[test]
    fn unsatisfiable_implies_anything() {
        let s = Specials::API3;
        assert!(implies(5, LUDS, s, 4, LUDS, s));
        // No specials at all: "a special" can never be had, so a rule that needs
        // all four classes is unsatisfiable.
        assert!(implies(4, LUDS, Specials::NONE, 4, LUDS, s));
    }
}
