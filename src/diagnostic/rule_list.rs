//! The built-in password rules, one row each: the one list that the rule ids
//! ([`RuleId`](super::RuleId)'s password variants) and the rules themselves
//! ([`PasswordRule`](crate::PasswordRule), its dispatch, its derived constants)
//! are generated from.
//!
//! `with_password_rules!(callback)` hands the rows to `callback!`, grouped by how
//! a rule is decided, which says what its file under `rules/` provides:
//!
//! - `scan`: decided by the one pass over the password that `Scan` makes
//!   (compiled policies turn these into a table): `passes_scan(scan, params..)`
//!   and `implies_rule(params.., other)` (both `const fn`), `params(facts,
//!   params..)` (a failure's params, from what the scan found), `requirement`,
//!   `message` and `write_params` (JSON, under `serde`). The compiled policy
//!   handles each scan rule by name: a new one is a compile error there.
//! - `text`: decided by reading the password: `holds(subject, params..)`,
//!   `implies_rule`, `facts(subject, params..)` (the two numbers a failure is
//!   rebuilt from, kept by password reports), `params(facts, params..)`,
//!   `requirement`, `message` and `write_params`.
//! - `run`: no run of more than `max` characters of some kind; `max: u32` is the
//!   rule's only parameter, set in policy files by its key (at least its least
//!   value): `passes(max, password)`, `longest(password)` (the longest run's
//!   length and 0-based char index), and, by `run_words!`, the checklist line and
//!   the failure's sentence.
//!
//! The rows' order is the order of diagnostics on the password: the scan rules,
//! then the text rules, then the run rules, each group in its order here. A row:
//! the variant and its parameters, `=>` the rule's file, the [`RuleId`] variant,
//! its stable id and what a failure means; a row ending in `, Warning` is a rule
//! whose failures are warnings (the password stays valid; the checklist shows it
//! as advice), the others' are errors.
//!
//! [`RuleId`]: super::RuleId

/// Hands the rows to `$callback!` (see the module docs).
macro_rules! with_password_rules {
    ($callback:ident) => {
        $callback! {
            scan: [
            /// `password.length`: `min..=max` Unicode scalar values.
            Length {
                /// Fewest characters.
                min: u32,
                /// Most characters.
                max: u32,
            } => length, PasswordLength = "password.length": "The password's length is outside the policy's bounds.";
            /// `password.classes`: at least `required` of the classes `of`.
            Classes {
                /// How many classes are required.
                required: u8,
                /// The classes that count.
                of: ClassSet,
                /// What counts as `special`.
                specials: Specials,
            } => classes, PasswordClasses = "password.classes": "Too few character classes.";
            /// `password.leading_slash`: must not start with `/`.
            LeadingSlash => leading_slash, PasswordLeadingSlash = "password.leading_slash": "The password starts with `/`.";
            /// `password.charset`: only letters, digits and `specials`.
            Charset {
                /// The allowed specials.
                specials: Specials,
            } => charset, PasswordCharset = "password.charset": "Characters outside the alphabet.";
            /// `password.recommended_length`: at least `min` Unicode scalar values
            /// recommended; shorter is a warning, not an error.
            RecommendedLength {
                /// The length recommended.
                min: u32,
            } => recommended_length, PasswordRecommendedLength = "password.recommended_length": "The password is shorter than the length recommended (a warning).", Warning;
            ]
            text: [
            /// `password.contains_username`: must not contain the effective user name,
            /// case-insensitively; skipped for names shorter than `min_name_chars`.
            ContainsUsername {
                /// Shorter names are not looked for.
                min_name_chars: u8,
                /// The family whose default account applies when the request gives no `UserName`.
                default_for: OsFamily,
            } => contains_username, PasswordContainsUsername = "password.contains_username": "The password contains the account's user name.";
            /// `password.denylist`: must not equal an entry of the list, ignoring ASCII case.
            Denylist(list: Denylist) => denylist, PasswordDenylist = "password.denylist": "The password is on a deny-list.";
            ]
            run: [
            /// `password.repeat`: at most `max` identical characters in a row.
            Repeat => repeat, PasswordRepeat = "password.repeat": "Too many identical characters in a row.", "max_repeat" >= 1;
            /// `password.sequence`: no run of more than `max` consecutive ascending or
            /// descending letters of one case or digits (`abcd`, `DCBA`, `4321`).
            Sequence => sequence, PasswordSequence = "password.sequence": "Too long a run of consecutive letters or digits (`abcd`, `4321`).", "max_sequence" >= 2;
            /// `password.class_repeat`: at most `max` consecutive characters of one class
            /// (lowercase letters, uppercase letters, digits, any other character).
            ClassRepeat => class_repeat, PasswordClassRepeat = "password.class_repeat": "Too many characters of one class in a row (`aB3!xyzw`: four lowercase).", "max_class_repeat" >= 1;
            ]
        }
    };
}
pub(crate) use with_password_rules;
