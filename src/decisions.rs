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
//! - `password.contains_username` matches the name ignoring ASCII case, and
//!   skips names shorter than 3 characters: this crate's reading. Tencent's text
//!   says only "不包括用户名" (must not include the user name); the server's own
//!   matching is not documented.
//! - `password.recommended_length` (a warning, `api3` and `login-settings` on
//!   Linux and Ubuntu): Tencent's text says "Linux实例密码必须8到30位，推荐使用
//!   12位以上密码" (8 to 30 characters, 12 or more recommended). Read as 12 or
//!   more; a shorter password stays valid, the checklist shows the rule as advice
//!   (`severity` `warning`, left out of `all_met`), and generation at a shorter
//!   length asked for does not count it. A password below the minimum length gets
//!   the warning beside the `password.length` error; a batch with a Windows
//!   instance (12 to 30 characters) is not told it, the minimum holding it.
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
//! # `ForceStop` on a running instance: the sources disagree
//!
//! - API 3.0's page for the action (since 2020-04) says "重置处于运行中状态的实例
//!   密码，需要设置关机参数`ForceStop`为`TRUE`" (a running instance needs
//!   `ForceStop` set to `TRUE`); the legacy page says it must be given explicitly.
//! - The parameter's own text says `false` means "do not force the shutdown after
//!   a normal shutdown fails", and terraform-provider-tencentcloud sends
//!   `ForceStop=false` to running instances by default (its instance resource
//!   restarts the instance after the change).
//! - No source says what the server answers to `false` on a running instance. So
//!   a missing `ForceStop` is an error (`instance.running_without_force_stop`) and
//!   an explicit `false` a warning (`instance.running_soft_stop`) whose message
//!   quotes the action's sentence: API 3.0 asks for `TRUE`, and with `false` a
//!   failed normal shutdown fails the reset.
//!
//! # Codes only the server can decide
//!
//! A request this crate finds valid can still be refused. Tencent's current API
//! 3.0 error list for the action also has these codes, which no fact a caller
//! holds before sending decides:
//!
//! | code | why the crate cannot tell |
//! |---|---|
//! | `FailedOperation.InvalidInstanceApplicationRole` | the instance's application role, a setting this crate does not read |
//! | `MutexOperation.TaskRunning` | another task on the instance is running at that moment |
//! | `OperationDenied.InstanceOperationInProgress` | an operation on the instance is in progress at that moment |
//! | `UnauthorizedOperation.MFAExpired` | the caller's MFA session, not the request |
//! | `UnauthorizedOperation.MFANotFound` | the caller's MFA setup, not the request |
//! | `UnsupportedOperation.InstanceReinstallFailed` | the result of an earlier reinstall, held by the server |
//! | `UnsupportedOperation.InstanceStateFreezing` | a freeze that can begin between the listing and the request |
//! | `UnsupportedOperation.InstanceStateIsolating` | an isolation that can begin between the listing and the request |
//! | `UnsupportedOperation.SpecialInstanceType` | which instance types support the action: the server decides, and Tencent publishes no list |
//! | `InternalServerError` | the server's own failure |
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
