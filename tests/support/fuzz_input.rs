//! How the fuzz targets read their input, shared by `fuzz/` and
//! `tests/fuzz_regressions.rs` (which replays the inputs they found), so both read
//! a stored input the same way.

#![allow(dead_code)]

use cvm_rules::{OsFamily, OsSet};

/// Every OS set: the 8 subsets of the three families, `UNKNOWN` first, with the
/// family names the regex twin takes.
pub fn os_sets() -> impl Iterator<Item = (OsSet, Vec<&'static str>)> {
    (0u8..8).map(|bits| {
        let families: Vec<OsFamily> = OsFamily::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, f)| f)
            .collect();
        let names = families.iter().map(|f| f.as_str()).collect();
        (OsSet::of(&families), names)
    })
}

/// How the `password` target reads its input (see `fuzz/fuzz_targets/password.rs`):
/// byte 0 chooses the user name: none (`0`), after a NUL (`1`), or a substring of
/// the password (`2`, and `3` with its ASCII case swapped) whose start and length
/// in characters are the little-endian `u16`s of bytes 1–4.
pub fn split_password_input(data: &[u8]) -> Option<(String, Option<String>)> {
    let (&mode, rest) = data.split_first()?;
    match mode % 4 {
        0 => Some((String::from_utf8_lossy(rest).into_owned(), None)),
        1 => {
            let nul = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            let password = String::from_utf8_lossy(&rest[..nul]).into_owned();
            let name = String::from_utf8_lossy(rest.get(nul + 1..).unwrap_or(&[])).into_owned();
            Some((password, Some(name)))
        }
        swap => {
            let head = rest.get(..4)?;
            let start = usize::from(u16::from_le_bytes([head[0], head[1]]));
            let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
            let password = String::from_utf8_lossy(&rest[4..]).into_owned();
            let chars = password.chars().count();
            let start = if chars == 0 { 0 } else { start % chars };
            let name: String = password.chars().skip(start).take(len).collect();
            let name = if swap == 3 {
                name.chars()
                    .map(|c| {
                        if c.is_ascii_lowercase() {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        }
                    })
                    .collect()
            } else {
                name
            };
            Some((password, Some(name)))
        }
    }
}
