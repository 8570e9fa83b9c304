//! The values a parameter may only take: `Action`'s, and a Boolean's in the
//! query form.

/// The only `Action` this crate validates.
pub const ACTION: &str = "ResetInstancesPassword";

/// Parses a query-form Boolean (`ForceStop`): `TRUE` or `FALSE`, case-insensitive.
pub(crate) fn parse_flag(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::parse_flag;

    #[test]
    fn flag_values() {
        assert_eq!(parse_flag("TRUE"), Some(true));
        assert_eq!(parse_flag("tRuE"), Some(true));
        assert_eq!(parse_flag("false"), Some(false));
        assert_eq!(parse_flag("yes"), None);
        assert_eq!(parse_flag("1"), None);
        assert_eq!(parse_flag(" TRUE"), None);
    }
}
