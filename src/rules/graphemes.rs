//! Positions as people count them: 1-based grapheme clusters.
//!
//! ASCII text skips the segmenter: under UAX #29 every ASCII character is its own
//! cluster except CR LF, which is one (rule GB3); no ASCII character extends,
//! prepends or joins. The tests compare both paths.

use unicode_segmentation::UnicodeSegmentation;

/// Below U+0300 no character extends, prepends, joins or pairs with another
/// (the first combining marks start there; spacing marks, prepends, ZWJ, regional
/// indicators and Hangul come later), so clusters are the characters, but CR LF.
const FIRST_CLUSTERING_CHAR: char = '\u{300}';

/// Whether every grapheme cluster of `text` is one character, but CR LF (one
/// cluster of two): true for ASCII and for text below U+0300 (Latin-1, Latin
/// Extended, IPA), the text where the segmenter can be skipped.
#[inline]
pub(crate) fn clusters_are_chars_but_crlf(text: &str) -> bool {
    text.is_ascii() || text.chars().all(|c| c < FIRST_CLUSTERING_CHAR)
}

/// Calls `each(index, cluster)` for every grapheme cluster of `text`, with its
/// 0-based index.
pub(crate) fn for_each(text: &str, mut each: impl FnMut(usize, &str)) {
    if text.is_ascii() {
        let bytes = text.as_bytes();
        let (mut i, mut index) = (0, 0);
        while i < bytes.len() {
            let len = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            // ASCII: every byte offset is a char boundary.
            each(index, &text[i..i + len]);
            i += len;
            index += 1;
        }
    } else {
        for (index, cluster) in text.graphemes(true).enumerate() {
            each(index, cluster);
        }
    }
}

/// Calls `bad(index, c)` for each grapheme cluster (0-based `index`) holding a
/// character that `allowed` refuses, with the first such character `c`: the one
/// walk behind every charset failure's positions (a compiled policy reads
/// ASCII text without CR by its own table first). Byte by byte for ASCII
/// without CR, the rest out of line.
#[inline]
pub(crate) fn for_each_bad(
    password: &str,
    allowed: impl Fn(char) -> bool,
    mut bad: impl FnMut(usize, char),
) {
    let bytes = password.as_bytes();
    if password.is_ascii() && !bytes.contains(&b'\r') {
        for (index, &b) in bytes.iter().enumerate() {
            let c = char::from(b);
            if !allowed(c) {
                bad(index, c);
            }
        }
    } else {
        for_each_bad_cluster(password, allowed, bad);
    }
}

/// [`for_each_bad`] for text with CR (CR LF is one cluster), for non-ASCII
/// text below U+0300 (every other character a cluster: no segmenter), and by
/// the segmenter beyond.
#[inline(never)]
fn for_each_bad_cluster(
    password: &str,
    allowed: impl Fn(char) -> bool,
    mut bad: impl FnMut(usize, char),
) {
    if clusters_are_chars_but_crlf(password) {
        let mut chars = password.chars().peekable();
        let mut index = 0;
        while let Some(c) = chars.next() {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            if !allowed(c) {
                bad(index, c);
            }
            index += 1;
        }
    } else {
        for_each(password, |index, cluster| {
            if let Some(c) = cluster.chars().find(|c| !allowed(*c)) {
                bad(index, c);
            }
        });
    }
}

/// The 1-based grapheme position of the character at `char_index` (0-based).
pub(crate) fn position_of_char(text: &str, char_index: usize) -> usize {
    if text.is_ascii() && !text.contains('\r') {
        return char_index + 1;
    }
    let mut chars_before = 0;
    let mut found = 0;
    let mut done = false;
    for_each(text, |index, cluster| {
        if done {
            return;
        }
        let chars = cluster.chars().count();
        if char_index < chars_before + chars {
            found = index + 1;
            done = true;
        }
        chars_before += chars;
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;

    fn clusters(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for_each(text, |i, c| out.push((i, c.into())));
        out
    }

    #[test]
    fn ascii_clusters_agree_with_the_segmenter() {
        let alphabet = [b'a', b'Z', b'1', b'!', b' ', b'\r', b'\n', b'\t', 0, 0x7f];
        let mut inputs: Vec<Vec<u8>> = alloc::vec![Vec::new()];
        for _ in 0..4 {
            let longest = inputs.last().map_or(0, Vec::len);
            let longer: Vec<Vec<u8>> = inputs
                .iter()
                .filter(|s| s.len() == longest)
                .flat_map(|s| alphabet.iter().map(move |&b| [s.as_slice(), &[b]].concat()))
                .collect();
            inputs.extend(longer);
        }
        inputs.push(b"\r\n\r\r\n\n a b c".to_vec());
        for input in &inputs {
            let text = core::str::from_utf8(input).unwrap();
            let by_segmenter: Vec<(usize, String)> = text
                .graphemes(true)
                .enumerate()
                .map(|(i, c)| (i, c.into()))
                .collect();
            assert_eq!(clusters(text), by_segmenter, "{text:?}");
        }
    }

    #[test]
    fn below_u300_every_char_is_a_cluster_but_crlf() {
        // Every pair of characters below U+0300: the segmenter's rules between two
        // characters are pairwise for these (no sequence rule reaches below U+0300).
        let chars: Vec<char> = ('\0'..FIRST_CLUSTERING_CHAR).collect();
        let mut text = String::new();
        for &a in &chars {
            for &b in &chars {
                text.clear();
                text.push(a);
                text.push(b);
                let clusters = text.graphemes(true).count();
                let expected = if (a, b) == ('\r', '\n') { 1 } else { 2 };
                assert_eq!(clusters, expected, "{a:?} {b:?}");
            }
        }
        assert!(clusters_are_chars_but_crlf("Pässwörd\u{2ff}"));
        assert!(!clusters_are_chars_but_crlf("e\u{301}"));
        // U+0300 itself is the first that extends.
        assert_eq!("e\u{300}".graphemes(true).count(), 1);
        assert!(!clusters_are_chars_but_crlf("e\u{300}"));
    }

    #[test]
    fn char_positions() {
        assert_eq!(position_of_char("abc", 2), 3);
        assert_eq!(position_of_char("a\r\nb", 3), 3);
        assert_eq!(position_of_char("e\u{301}xy", 2), 2);
        assert_eq!(position_of_char("e\u{301}xy", 3), 3);
        assert_eq!(position_of_char("密码aa", 2), 3);
    }
}
