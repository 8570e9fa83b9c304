//! `password.leading_slash`: a password must not start with `/` (the seed: "不能以
//! /开头"; a Linux shell would read such a password as a path).

use crate::charset::Scan;

/// Whether the password does not start with `/`.
pub(crate) const fn passes(scan: &Scan) -> bool {
    !scan.leading_slash
}
