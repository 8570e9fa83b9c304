//! `username.length`: at most the profile's number of characters (Unicode scalar values).

/// The length of `user_name` when it is over `max` characters.
pub(crate) fn too_long(user_name: &str, max: usize) -> Option<usize> {
    // Bytes bound characters from above: most names never need the count.
    if user_name.len() <= max {
        return None;
    }
    let chars = user_name.chars().count();
    (chars > max).then_some(chars)
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(super::too_long(&"é".repeat(64), 64), None);
        assert_eq!(super::too_long(&"é".repeat(65), 64), Some(65));
        assert_eq!(super::too_long(&"a".repeat(65), 64), Some(65));
        assert_eq!(super::too_long("", 64), None);
    }
}
