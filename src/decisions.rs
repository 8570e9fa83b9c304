//! The decisions where Tencent's documents are silent: each rule and reader of the
//! crate follows them, and the tests hold them. (A page of documentation only: the
//! module has no items.)
//!
//! # Passwords
//!
//! - Length counts Unicode scalar values; positions shown to people count grapheme
//!   clusters, 1-based.
//! - Characters outside the classes (space, `"`, `\`, controls, non-ASCII, and the
//!   backtick in `legacy-2017`) are rejected, reported by position and kind.
//! - `password.contains_username` checks the request's `UserName`, else the Windows
//!   default account `Administrator`, also when the OS is unknown (strictest).
//!   Names of any length are looked for: ASCII names of at most
//!   256 bytes are compared at each place of the
//!   password without allocating (at most that many comparisons per place), longer
//!   or non-ASCII ones in lowercased copies (linear, but allocating).
//! - `password.repeat` counts identical Unicode scalar values in a row;
//!   `password.sequence` counts runs of `a`–`z`, `A`–`Z` or `0`–`9` going up or
//!   down by one (a lone letter or digit is a run of one; no wrapping from `z` to
//!   `a`); `password.class_repeat` counts characters of one class in a row, the
//!   classes being `pam_pwquality`'s four (lowercase, uppercase, digits, any other
//!   character, non-ASCII and white space included). Their `position` is the
//!   grapheme index where the first longest run starts.
//! - `password.denylist` compares ignoring ASCII case only (`É` and `é` differ),
//!   skips empty entries, and is a hash table built once: a look-up costs the same
//!   for ten entries or a million. Nothing shows an entry or their number.
//! - A custom rule's text params that hold the password (ignoring ASCII case) are
//!   replaced by `<redacted>` before they reach a diagnostic.
//!
//! # Parameters and the wire forms
//!
//! - A query-form parameter name is echoed only when it looks like one
//!   (`[A-Za-z][A-Za-z0-9._-]{0,63}` with a `=`), and directly after `Password`
//!   only when it is a known name but for case; otherwise it is shown as `#<n>`,
//!   its place in the input, since an unencoded `&` in a password turns the rest of
//!   the password into a "name".
//! - A parameter given twice: the first value is used and the repeat reported.
//! - Diagnostics on one field follow the order of [`RuleId`](crate::RuleId): password rules,
//!   then the parameter rules, instance facts, and the wire form last.
//! - An empty instance id (`InstanceIds.1=`) fails `instance_id.format` with reason
//!   `length`; otherwise the prefix is checked first, then the length, then the
//!   characters.
//! - The query form is read as a full URL only when nothing before its first `?`
//!   looks like a parameter (no `=` or `&`), since `?` is a valid special character.
//! - JSON that does not parse is one `input.syntax` diagnostic (with line and
//!   column); a JSON value of the wrong type is `param.type`, except `ForceStop`,
//!   whose wrong values are `force_stop.value` in both forms.
//! - With instance facts, an instance whose OS they do not give makes the OS set
//!   unknown (strictest); the caller's stated families are then not used.
//!
//! # Policies and rules
//!
//! - Conjunction drops a rule that another single rule implies (implication is
//!   decided per pair, and proven by the tests); two rules of one kind that
//!   neither implies both stay, in the order they came (so `a ∧ b` and `b ∧ a`
//!   report the same rules, possibly in another order). Custom rules come after
//!   the built-in password rules, in the order they were added; two custom rules
//!   with one id must be the same rule (same params), or the policy is refused.
//! - A policy built from rules alone concerns no OS family: its `families` are
//!   empty and its OS counts as known.
//! - "Accepts nothing" is decided by building a password from each combination
//!   of allowed kinds of characters at the shortest allowed length and checking
//!   every rule but the custom ones, which the crate cannot see into; a policy
//!   that only custom rules make empty is not refused. A policy whose minimum
//!   length exceeds the input limit (1 MiB) accepts nothing a request can
//!   carry, and is refused.
