//! The `cvm-rules` command line (cargo feature `cli`).
//!
//! `cvm-rules check` validates requests, `cvm-rules explain` prints the password
//! requirements of a policy. Everything it prints comes from the library's
//! structured diagnostics; the password is never printed. See the README's
//! "Command line" section for the options, the exit statuses and the JSON schema.

#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
