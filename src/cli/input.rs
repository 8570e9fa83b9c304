//! Reading input: standard input (bounded), the lines of `--batch`, the password of
//! `explain --password-stdin`, and the facts file.
//!
//! Every read is capped a few bytes past the library's [`MAX_INPUT_BYTES`], so
//! endless input (`yes | cvm-rules check`) ends with the library's `input.too_large` diagnostic instead of
//! exhausting memory. Reading stops just past the limit, so that diagnostic's
//! `bytes` then counts what was read (the limit plus a few bytes), not the whole input.

use std::fs::File;
use std::io::{self, BufRead, IsTerminal, Read};
use std::path::Path;

use cvm_rules::glue::{MAX_INPUT_BYTES, READ_CAP};
use cvm_rules::{FactsError, PolicyFile, RuleSet};

use super::error::CliError;

/// Reads `reader` to its end, keeping at most [`READ_CAP`] bytes.
pub fn read_capped(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader.take(READ_CAP as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Removes one trailing `\n` or `\r\n`.
pub fn trim_newline(mut buf: Vec<u8>) -> Vec<u8> {
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    buf
}

/// Standard input as one request, one trailing newline removed.
pub fn stdin_request() -> Result<Vec<u8>, CliError> {
    let stdin = io::stdin();
    hint_if_terminal(
        &stdin,
        "reading the request from standard input (end it with Ctrl-D)",
    );
    let buf = read_capped(stdin.lock()).map_err(CliError::Stdin)?;
    Ok(trim_newline(buf))
}

/// The first line of standard input (without its `\n` / `\r\n`), as the password.
pub fn stdin_password() -> Result<String, CliError> {
    let stdin = io::stdin();
    hint_if_terminal(
        &stdin,
        "reading the password from the first line of standard input (it is visible as you type; prefer a pipe)",
    );
    let mut line = Vec::new();
    let mut lock = stdin.lock();
    next_line(&mut lock, &mut line).map_err(CliError::Stdin)?;
    match String::from_utf8(line) {
        Ok(password) => Ok(password),
        // Cut past the limit in the middle of a character: keep the valid prefix
        // (the password fails the length rule anyway).
        Err(e) if e.as_bytes().len() > MAX_INPUT_BYTES => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).map_err(|_| CliError::PasswordNotUtf8)
        }
        Err(_) => Err(CliError::PasswordNotUtf8),
    }
}

/// Reads the next line into `buf` (cleared first), without its `\n` or `\r\n`,
/// keeping at most [`READ_CAP`] bytes and skipping the rest of a longer line.
/// Returns `false` at the end of input (nothing read).
pub fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    let mut read_any = false;
    loop {
        let (used, done) = {
            let available = match reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            read_any = true;
            let (chunk, used, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..i], i + 1, true),
                None => (available, available.len(), false),
            };
            let room = READ_CAP.saturating_sub(buf.len());
            buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            (used, done)
        };
        reader.consume(used);
        if done {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(read_any)
}

/// Reads a `DescribeInstances` facts file (the library parses it).
pub fn facts_text(path: &Path) -> Result<String, CliError> {
    let read_error = |source| CliError::FactsRead {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    let bytes = read_capped(file).map_err(read_error)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(CliError::Facts {
            path: path.to_path_buf(),
            error: FactsError::TooLarge,
        });
    }
    String::from_utf8(bytes).map_err(|_| CliError::FactsNotUtf8 {
        path: path.to_path_buf(),
    })
}

/// The most bytes read of a policy file or of a deny-list file it names (a
/// deny-list of a million common passwords fits).
const POLICY_FILE_CAP: u64 = 64 << 20;

/// Reads a policy file and the deny-list files it names (relative to its own
/// folder): its rule set, every family's policy checked.
pub fn load_policy(path: &Path) -> Result<RuleSet, CliError> {
    let text = read_text(path)?;
    let file = PolicyFile::from_json(&text).map_err(|error| CliError::Policy {
        path: path.to_path_buf(),
        error,
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    file.rule_set(|name| {
        let list = folder.join(name);
        match read_text(&list) {
            Ok(text) => Ok(text),
            Err(CliError::PolicyNotUtf8 { .. }) => Err("it is not UTF-8 text".to_owned()),
            Err(CliError::PolicyRead { source, .. }) => Err(source.to_string()),
            Err(other) => Err(other.to_string()),
        }
    })
    .map(|rules| {
        // Named after the file, as people know it.
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        rules.with_id(name)
    })
    .map_err(|error| CliError::Policy {
        path: path.to_path_buf(),
        error,
    })
}

/// A whole text file, capped at [`POLICY_FILE_CAP`].
fn read_text(path: &Path) -> Result<String, CliError> {
    let read_error = |source| CliError::PolicyRead {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(POLICY_FILE_CAP + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > POLICY_FILE_CAP {
        return Err(read_error(io::Error::other(format!(
            "larger than {} MiB",
            POLICY_FILE_CAP >> 20
        ))));
    }
    String::from_utf8(bytes).map_err(|_| CliError::PolicyNotUtf8 {
        path: path.to_path_buf(),
    })
}

/// Tells a person at a terminal that input is awaited (on standard error).
pub fn hint_if_terminal(stdin: &io::Stdin, hint: &str) {
    if stdin.is_terminal() {
        eprintln!("{hint}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<Vec<u8>> {
        let mut reader = io::BufReader::with_capacity(3, input);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while next_line(&mut reader, &mut buf).unwrap() {
            out.push(buf.clone());
        }
        out
    }

    #[test]
    fn trims_one_newline() {
        assert_eq!(trim_newline(b"a=1\n".to_vec()), b"a=1");
        assert_eq!(trim_newline(b"a=1\r\n".to_vec()), b"a=1");
        assert_eq!(trim_newline(b"a=1\n\n".to_vec()), b"a=1\n");
        assert_eq!(trim_newline(b"a=1\r".to_vec()), b"a=1\r");
        assert_eq!(trim_newline(b"a=1".to_vec()), b"a=1");
        assert_eq!(trim_newline(Vec::new()), b"");
    }

    #[test]
    fn splits_lines_across_buffer_boundaries() {
        assert_eq!(
            lines(b"abcdef\r\n\nxy\nlast"),
            [&b"abcdef"[..], b"", b"xy", b"last"]
        );
        assert_eq!(lines(b"one\n"), [b"one"]);
        assert!(lines(b"").is_empty());
    }

    #[test]
    fn long_lines_are_capped_past_the_limit() {
        let mut input = vec![b'a'; READ_CAP + 100];
        input.extend_from_slice(b"\r\nnext\n");
        let got = lines(&input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].len(), READ_CAP);
        assert_eq!(got[1], b"next");
    }

    #[test]
    fn a_capped_input_is_still_over_the_limit_after_trimming() {
        let mut input = vec![b'a'; MAX_INPUT_BYTES];
        input.extend_from_slice(b"\r\nmore");
        let read = trim_newline(read_capped(&input[..]).unwrap());
        assert!(read.len() > MAX_INPUT_BYTES);
        let mut exact = vec![b'a'; MAX_INPUT_BYTES];
        exact.extend_from_slice(b"\r\n");
        assert_eq!(
            trim_newline(read_capped(&exact[..]).unwrap()).len(),
            MAX_INPUT_BYTES
        );
    }

    /// A reader that is interrupted once, then gives `data`, then fails with
    /// `then` (or ends).
    struct Flaky {
        interrupted: bool,
        data: &'static [u8],
        then: Option<io::ErrorKind>,
    }

    impl Read for Flaky {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            unreachable!("read through BufRead")
        }
    }

    impl BufRead for Flaky {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            if !self.interrupted {
                self.interrupted = true;
                return Err(io::ErrorKind::Interrupted.into());
            }
            if self.data.is_empty() {
                if let Some(kind) = self.then {
                    return Err(kind.into());
                }
            }
            Ok(self.data)
        }
        fn consume(&mut self, n: usize) {
            self.data = &self.data[n..];
        }
    }

    #[test]
    fn an_interrupted_read_is_retried_and_another_error_is_returned() {
        let mut buf = Vec::new();
        let mut reader = Flaky {
            interrupted: false,
            data: b"line\nrest",
            then: None,
        };
        assert!(next_line(&mut reader, &mut buf).unwrap());
        assert_eq!(buf, b"line");
        let mut failing = Flaky {
            interrupted: false,
            data: b"no newline",
            then: Some(io::ErrorKind::BrokenPipe),
        };
        let error = next_line(&mut failing, &mut buf).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
    }
}
