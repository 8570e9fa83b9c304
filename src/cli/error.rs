//! Errors that stop the command line with exit status 2: usage errors clap cannot
//! see, and input that cannot be read. None of them holds request or password text.

use std::fmt;
use std::io;
use std::path::PathBuf;

use cvm_rules::glue::OptionsError;
use cvm_rules::{FactsError, GenerateError, PolicyFileError};

/// Why the command could not do its job.
#[derive(Debug)]
pub enum CliError {
    /// Options that do not go together.
    Usage(&'static str),
    /// Standard input could not be read.
    Stdin(io::Error),
    /// The facts file could not be opened or read.
    FactsRead { path: PathBuf, source: io::Error },
    /// The facts file is not UTF-8 text.
    FactsNotUtf8 { path: PathBuf },
    /// The facts file is not usable `DescribeInstances` JSON.
    Facts { path: PathBuf, error: FactsError },
    /// The policy file (or a deny-list file it names) could not be read.
    PolicyRead { path: PathBuf, source: io::Error },
    /// The policy file (or a deny-list file) is not UTF-8 text.
    PolicyNotUtf8 { path: PathBuf },
    /// The policy file is not a usable policy.
    Policy {
        path: PathBuf,
        error: PolicyFileError,
    },
    /// No password can be generated (none of that length, or the tries ran out).
    Generate(GenerateError),
    /// Options the library refuses (none that clap lets through, in practice).
    Options(OptionsError),
    /// The password on standard input is not UTF-8.
    PasswordNotUtf8,
    /// Standard output could not be written (a closed pipe is not reported).
    Output(io::Error),
    /// A result could not be serialized (a bug: the schema is fixed).
    Json(serde_json::Error),
}

impl CliError {
    /// Whether to say nothing: the reader of standard output went away.
    pub fn is_quiet(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(error: serde_json::Error) -> Self {
        CliError::Json(error)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(text) => f.write_str(text),
            CliError::Stdin(e) => write!(f, "cannot read standard input: {e}"),
            CliError::FactsRead { path, source } => {
                write!(
                    f,
                    "cannot read the facts file '{}': {source}",
                    path.display()
                )
            }
            CliError::FactsNotUtf8 { path } => {
                write!(f, "the facts file '{}' is not UTF-8 text", path.display())
            }
            CliError::Facts {
                path,
                error: FactsError::Syntax { line, column },
            } => write!(
                f,
                "the facts file '{}' is not valid JSON (line {line}, column {column})",
                path.display()
            ),
            CliError::Facts { path, error } => {
                write!(
                    f,
                    "the facts file '{}' is not usable: {error}",
                    path.display()
                )
            }
            CliError::PolicyRead { path, source } => {
                write!(
                    f,
                    "cannot read the policy file '{}': {source}",
                    path.display()
                )
            }
            CliError::PolicyNotUtf8 { path } => {
                write!(f, "the file '{}' is not UTF-8 text", path.display())
            }
            CliError::Policy { path, error } => {
                write!(
                    f,
                    "the policy file '{}' is not usable: {error}",
                    path.display()
                )
            }
            CliError::Generate(error) => write!(f, "cannot generate a password: {error}"),
            CliError::Options(error) => error.fmt(f),
            CliError::PasswordNotUtf8 => {
                f.write_str("the password on standard input is not valid UTF-8")
            }
            CliError::Output(e) => write!(f, "cannot write to standard output: {e}"),
            CliError::Json(e) => write!(f, "cannot serialize the result: {e}"),
        }
    }
}
