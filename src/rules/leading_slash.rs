//! `password.leading_slash`: a password must not start with `/` (Tencent's
//! legacy API page: "不能以/开头"; a Linux shell would read such a password as a
//! path).

use alloc::string::String;
#[cfg(feature = "serde")]
use serde::ser::SerializeMap;

use super::{PasswordRule, ScanFacts};
use crate::characters::Scan;
use crate::diagnostic::Params;
use crate::locale::{Locale, localized};

/// Whether the password does not start with `/`.
pub(crate) const fn passes_scan(scan: &Scan) -> bool {
    !scan.leading_slash
}

/// The rule implies itself only.
pub(crate) const fn implies_rule(other: &PasswordRule) -> bool {
    matches!(other, PasswordRule::LeadingSlash)
}

/// The params of a failure: none.
pub(crate) fn params(_: &impl ScanFacts) -> Params {
    Params::None
}

/// The checklist line.
pub(crate) fn requirement(locale: Locale) -> String {
    localized!(locale, "Does not start with /", "不以 / 开头")
}

/// The message of a failure.
pub(crate) fn message(_: &Params, locale: Locale) -> Option<String> {
    Some(localized!(
        locale,
        "Password must not start with /; change its first character.",
        "密码不能以 / 开头；请更换第一个字符。"
    ))
}

/// The JSON params: none.
#[cfg(feature = "serde")]
pub(crate) fn write_params<M: SerializeMap>(_: &mut M) -> Result<(), M::Error> {
    Ok(())
}
