//! The scalar parameters with fixed values: `Action`, `Version`, `ForceStop`.

/// The only `Action` this crate validates.
pub const ACTION: &str = "ResetInstancesPassword";

/// Parses a query-form `ForceStop`: `TRUE` or `FALSE`, case-insensitive.
pub(crate) fn parse_force_stop(value: &str) -> Option<bool> {
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
    use super::parse_force_stop;

    #[test]
    fn force_stop_values() {
        assert_eq!(parse_force_stop("TRUE"), Some(true));
        assert_eq!(parse_force_stop("tRuE"), Some(true));
        assert_eq!(parse_force_stop("false"), Some(false));
        assert_eq!(parse_force_stop("yes"), None);
        assert_eq!(parse_force_stop("1"), None);
        assert_eq!(parse_force_stop(" TRUE"), None);
    }
}
