//! Conjunction: the rules of several families or
//! policies, with every rule that another one implies dropped, in the order of
//! diagnostics. One mechanism, in `const fn`s: the built-in profiles resolve their
//! eight OS sets with it at compile time, and policies built at run time (a
//! user's rules, `a.and(b)`, a rule set's OS sets) go through the very same steps.

use crate::rules::PasswordRule;

/// The most rules a policy resolved at compile time holds (three families of at
/// most five rules: the built-in rule sets).
pub(crate) const MAX_STATIC_RULES: usize = 16;

/// Fills unused places of fixed-size rule arrays.
pub(crate) const PLACEHOLDER: &PasswordRule = &PasswordRule::LeadingSlash;

/// Marks which of `n` candidates stay: a candidate is dropped when another
/// implies it, and of two equivalent candidates the first stays.
/// `implies[j * n + i]` says whether candidate `j` implies candidate `i`.
pub(crate) const fn keep(n: usize, implies: &[bool], kept: &mut [bool]) {
    let mut i = 0;
    while i < n {
        let mut redundant = false;
        let mut j = 0;
        while j < n {
            if j != i && implies[j * n + i] && (!implies[i * n + j] || j < i) {
                redundant = true;
            }
            j += 1;
        }
        kept[i] = !redundant;
        i += 1;
    }
}

/// Sorts rules into the order of diagnostics (stable: custom rules keep the order
/// in which they were added).
pub(crate) const fn sort_by_rank(rules: &mut [&PasswordRule]) {
    let mut a = 1;
    while a < rules.len() {
        let mut b = a;
        while b > 0 && rules[b - 1].rank() > rules[b].rank() {
            let t = rules[b - 1];
            rules[b - 1] = rules[b];
            rules[b] = t;
            b -= 1;
        }
        a += 1;
    }
}

/// The kept rules of `groups` (at compile time: no deny-list or custom rule, at
/// most [`MAX_STATIC_RULES`] candidates), in order.
pub(crate) const fn resolve_static(
    groups: &[&'static [PasswordRule]],
) -> ([&'static PasswordRule; MAX_STATIC_RULES], usize) {
    let mut candidates = [PLACEHOLDER; MAX_STATIC_RULES];
    let mut n = 0;
    let mut g = 0;
    while g < groups.len() {
        let mut r = 0;
        while r < groups[g].len() {
            candidates[n] = &groups[g][r]; // a compile error if a rule set overflows
            n += 1;
            r += 1;
        }
        g += 1;
    }
    let mut implies = [false; MAX_STATIC_RULES * MAX_STATIC_RULES];
    let mut i = 0;
    while i < n {
        let mut j = 0;
        while j < n {
            implies[j * n + i] = candidates[j].implies_const(candidates[i]);
            j += 1;
        }
        i += 1;
    }
    let mut kept = [false; MAX_STATIC_RULES];
    keep(n, &implies, &mut kept);
    let mut rules = [PLACEHOLDER; MAX_STATIC_RULES];
    let mut len = 0;
    let mut i = 0;
    while i < n {
        if kept[i] {
            rules[len] = candidates[i];
            len += 1;
        }
        i += 1;
    }
    let (used, _) = rules.split_at_mut(len);
    sort_by_rank(used);
    (rules, len)
}

/// The kept rules of `candidates`, in order: the run-time twin of
/// [`resolve_static`], with every kind of rule.
pub(crate) fn resolve<'r>(candidates: &[&'r PasswordRule]) -> alloc::vec::Vec<&'r PasswordRule> {
    let n = candidates.len();
    let mut implies = alloc::vec![false; n * n];
    for (i, ci) in candidates.iter().enumerate() {
        for (j, cj) in candidates.iter().enumerate() {
            implies[j * n + i] = cj.implies(ci);
        }
    }
    let mut kept = alloc::vec![false; n];
    keep(n, &implies, &mut kept);
    let mut rules: alloc::vec::Vec<&PasswordRule> = candidates
        .iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|(r, _)| *r)
        .collect();
    sort_by_rank(&mut rules);
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::characters::{ClassSet, Specials};

    const LENGTH: PasswordRule = PasswordRule::Length { min: 8, max: 30 };
    const LONGER: PasswordRule = PasswordRule::Length { min: 12, max: 30 };
    const CLASSES: PasswordRule = PasswordRule::Classes {
        required: 3,
        of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
        specials: Specials::API3,
    };

    /// The compile-time and run-time resolutions keep the same rules, in the
    /// same order, whatever order the candidates come in.
    #[test]
    fn static_and_run_time_resolution_agree() {
        let groups: [&[&'static [PasswordRule]]; 5] = [
            &[&[PasswordRule::LeadingSlash, LENGTH]],
            &[&[LENGTH, PasswordRule::LeadingSlash]],
            &[&[CLASSES, LENGTH], &[LONGER, PasswordRule::LeadingSlash]],
            &[&[LONGER], &[LENGTH], &[LONGER]],
            &[&[PasswordRule::LeadingSlash, CLASSES, LONGER, LENGTH]],
        ];
        for group in groups {
            let (fixed, len) = resolve_static(group);
            let candidates: alloc::vec::Vec<&PasswordRule> =
                group.iter().flat_map(|g| g.iter()).collect();
            let run_time = resolve(&candidates);
            assert_eq!(&fixed[..len], &run_time[..], "{group:?}");
        }
        let (fixed, len) = resolve_static(&[&[PasswordRule::LeadingSlash, LENGTH]]);
        assert_eq!(&fixed[..len], [&LENGTH, &PasswordRule::LeadingSlash]);
        let (fixed, len) = resolve_static(&[&[LENGTH], &[LONGER], &[LENGTH]]);
        assert_eq!(&fixed[..len], [&LONGER]);
        // As many candidates as fit: equivalent ones collapse to the first.
        static FULL: [PasswordRule; MAX_STATIC_RULES] = [LENGTH; MAX_STATIC_RULES];
        let (fixed, len) = resolve_static(&[&FULL]);
        assert_eq!(&fixed[..len], [&LENGTH]);
        assert!(core::ptr::eq(fixed[0], &FULL[0]));
    }
}
