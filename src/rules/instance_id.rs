//! `instance_id.format`: exactly `ins-` followed by 8 characters of `[a-z0-9]`, no trimming.

use crate::diagnostic::IdReason;

/// The prefix of every CVM instance id.
pub const INSTANCE_ID_PREFIX: &str = "ins-";
/// The length of an instance id in bytes (= characters, as it is ASCII).
pub const INSTANCE_ID_LEN: usize = 12;

/// Checks one instance id; `Err` says why it is malformed. The prefix is checked
/// first, then the length, then the characters, so the reason is the first thing
/// a person would fix.
///
/// ```
/// use cvm_rules::{check_instance_id, IdReason};
/// assert_eq!(check_instance_id("ins-r8hr2upy"), Ok(()));
/// assert_eq!(check_instance_id("ins-1122"), Err(IdReason::Length));
/// assert_eq!(check_instance_id("INS-r8hr2upy"), Err(IdReason::Prefix));
/// assert_eq!(check_instance_id("ins-R8HR2UPY"), Err(IdReason::Charset));
/// ```
pub fn check_instance_id(id: &str) -> Result<(), IdReason> {
    let bytes = id.as_bytes();
    if !bytes.starts_with(INSTANCE_ID_PREFIX.as_bytes()) {
        return Err(IdReason::Prefix);
    }
    if id.chars().count() != INSTANCE_ID_LEN {
        return Err(IdReason::Length);
    }
    let suffix = &bytes[INSTANCE_ID_PREFIX.len()..];
    if suffix
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Ok(())
    } else {
        Err(IdReason::Charset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        assert_eq!(check_instance_id("ins-5d8a23rs"), Ok(()));
        assert_eq!(check_instance_id(""), Err(IdReason::Prefix));
        assert_eq!(check_instance_id(" ins-5d8a23rs"), Err(IdReason::Prefix));
        assert_eq!(check_instance_id("ins-5d8a23rs "), Err(IdReason::Length));
        assert_eq!(check_instance_id("ins-5d8a23r"), Err(IdReason::Length));
        assert_eq!(check_instance_id("ins-5d8a23r-"), Err(IdReason::Charset));
        assert_eq!(check_instance_id("ins-5d8a23é"), Err(IdReason::Length));
        assert_eq!(check_instance_id("ins-5d8a23éé"), Err(IdReason::Charset));
    }
}
