//! The command line's arguments (clap derive). Values are read by the library's
//! own parsers (case-insensitive), so a bad one is refused with the library's
//! message: the very message the JavaScript and Python bindings throw.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cvm_rules::{Locale, OsFamily, Profile, RuleSet};

/// Pre-flight validation of Tencent Cloud CVM ResetInstancesPassword requests.
///
/// Exit status: 0 when there is no error (warnings allowed), 1 when there is one
/// (or, for `explain --password-stdin`, when a requirement is not met), 2 for a
/// usage error or input that cannot be read.
#[derive(Debug, Parser)]
#[command(name = "cvm-rules", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a ResetInstancesPassword request (query form, full URL or JSON).
    Check(CheckArgs),
    /// Print the password requirements of the resolved policy.
    Explain(ExplainArgs),
    /// Generate passwords that pass the resolved policy (randomness from the OS).
    Generate(GenerateArgs),
}

/// `cvm-rules check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The request: the query form, a full URL, or JSON (when it starts with `{`).
    /// Nothing or `-` reads standard input (one trailing newline is removed).
    ///
    /// Taken as a list so that a request split across arguments (by a space or an
    /// unquoted `&`) is refused with a message that does not repeat the pieces,
    /// which may be parts of a password.
    #[arg(value_name = "REQUEST", conflicts_with = "batch", num_args = 0..)]
    pub request: Vec<OsString>,

    /// DescribeInstances JSON with each instance's OsName and InstanceState
    /// (`{"Response":{"InstanceSet":[...]}}`, `{"InstanceSet":[...]}` or an array).
    /// Takes precedence over --os.
    #[arg(long, value_name = "FILE")]
    pub facts: Option<PathBuf>,

    /// Read one request per line of standard input (blank lines are skipped) and
    /// print one JSON object per request, in input order.
    #[arg(long)]
    pub batch: bool,

    /// Output format [default: text; --batch always prints JSON].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// A policy file (or a built-in rule set) whose rules replace the profile's
    /// password rules; codes and limits still come from --profile.
    #[command(flatten)]
    pub rules: RulesChoice,

    #[command(flatten)]
    pub common: Common,
}

/// `cvm-rules explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Read a password from the first line of standard input and mark each
    /// requirement met or not (the password is never printed).
    #[arg(long)]
    pub password_stdin: bool,

    /// The account name the password must not contain (api3 Windows rule);
    /// without it, the Windows default account `Administrator`.
    #[arg(long, value_name = "NAME")]
    pub user_name: Option<String>,

    /// The length at which to state the entropy of a random password
    /// [default: 16, within the policy's bounds].
    #[arg(long, value_name = "N")]
    pub length: Option<usize>,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Text)]
    pub format: Format,

    #[command(flatten)]
    pub rules: RulesChoice,

    #[command(flatten)]
    pub common: Common,
}

/// `cvm-rules generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The account name the password must not contain (for the user-name rule);
    /// without it, each family's default account.
    #[arg(long, value_name = "NAME")]
    pub user_name: Option<String>,

    /// The length of each password [default: 16, within the policy's bounds].
    #[arg(long, value_name = "N")]
    pub length: Option<usize>,

    /// How many passwords (1 to 10000).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=i64::from(cvm_rules::glue::MAX_GENERATED)))]
    pub count: u32,

    /// Output format: one password per line, or one JSON object.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Text)]
    pub format: Format,

    #[command(flatten)]
    pub rules: RulesChoice,

    #[command(flatten)]
    pub common: Common,
}

/// Which password rules `explain` (and `generate`) show: a policy file, a
/// built-in rule set, or (neither given) the profile's rule set.
#[derive(Debug, Args)]
pub struct RulesChoice {
    /// A policy file (JSON) that tightens a built-in rule set.
    #[arg(long, value_name = "FILE", conflicts_with = "rules")]
    pub policy: Option<PathBuf>,

    /// A built-in rule set: legacy-2017, api3 or login-settings [default: the
    /// --profile's].
    #[arg(long, value_name = "RULES", value_parser = |s: &str| s.parse::<&'static RuleSet>())]
    pub rules: Option<&'static RuleSet>,
}

/// The options both subcommands share.
#[derive(Debug, Args)]
pub struct Common {
    /// The API generation whose rules and error codes apply: legacy-2017 or api3.
    #[arg(
        long,
        value_name = "PROFILE",
        default_value = "legacy-2017",
        value_parser = |s: &str| s.parse::<&'static Profile>()
    )]
    pub profile: &'static Profile,

    /// An OS family of the batch (linux, ubuntu or windows); repeat it (or
    /// separate with commas) for a mixed batch. Without it (and without facts) the
    /// OS is unknown and the strictest policy applies.
    #[arg(
        long = "os",
        value_name = "OS",
        value_delimiter = ',',
        value_parser = |s: &str| s.parse::<OsFamily>()
    )]
    pub os: Vec<OsFamily>,

    /// The language of messages: en or zh-CN.
    #[arg(
        long,
        value_name = "LANG",
        default_value = "en",
        value_parser = |s: &str| s.parse::<Locale>()
    )]
    pub lang: Locale,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: one line per diagnostic, then a summary; colour on a terminal.
    Text,
    /// One JSON object (the stable schema of the README's "Command line" section).
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_is_well_formed() {
        Cli::command().debug_assert();
    }
}
