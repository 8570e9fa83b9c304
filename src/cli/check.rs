//! `cvm-rules check`: one request (argument or standard input), or `--batch`.

use std::io::{self, Write};

use cvm_rules::json::{CheckOutput, JsonLines};
use cvm_rules::{Context, Facts, Locale, OsSet, Profile, Request};

use super::args::{CheckArgs, Format};
use super::error::CliError;
use super::explain::{policy_error, rules_of};
use super::{input, text, Status};

pub fn run(args: CheckArgs) -> Result<Status, CliError> {
    let common = &args.common;
    if args.batch && args.format == Some(Format::Text) {
        return Err(CliError::Usage(
            "--batch always prints JSON (one object per line); leave out --format text",
        ));
    }
    let facts = args.facts.as_deref().map(input::load_facts).transpose()?;
    // With a policy file or a rule set: the profile's codes and limits, their rules.
    let tightened = match rules_of(&args.rules)? {
        Some(rule_set) => Some(
            common
                .profile
                .clone()
                .with_rule_set(rule_set.into_owned())
                .map_err(|error| policy_error(&args.rules, error))?,
        ),
        None => None,
    };
    let settings = Settings {
        profile: tightened.as_ref().unwrap_or(common.profile),
        os: OsSet::of(&common.os),
        facts: facts.as_ref(),
        locale: common.lang,
    };
    if args.batch {
        return batch(&settings);
    }
    if args.request.len() > 1 {
        return Err(CliError::Usage(
            "give the request as one argument: quote it for the shell (a space or an unquoted & splits it)",
        ));
    }
    let request = match args.request.into_iter().next() {
        Some(request) if request != "-" => request.into_encoded_bytes(),
        _ => input::stdin_request()?,
    };
    match args.format.unwrap_or(Format::Text) {
        Format::Json => {
            let (valid, line) = check_json(&request, &settings)?;
            let mut out = io::stdout().lock();
            writeln!(out, "{line}").map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
            Ok(Status::from_valid(valid))
        }
        Format::Text => {
            let parsed = Request::parse(&request, settings.profile);
            let report = parsed.validate(&settings.context());
            let mut out = anstream::stdout().lock();
            text::check(&mut out, &report, settings.locale).map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
            Ok(Status::from_valid(report.is_valid()))
        }
    }
}

/// What applies to every request of one run.
struct Settings<'f> {
    profile: &'f Profile,
    os: OsSet,
    facts: Option<&'f Facts>,
    locale: Locale,
}

impl<'f> Settings<'f> {
    fn context(&self) -> Context<'f> {
        let ctx = Context::new().with_os(self.os);
        match self.facts {
            Some(facts) => ctx.with_facts(facts),
            None => ctx,
        }
    }
}

/// Validates one request; its JSON line and whether it is valid.
fn check_json(request: &[u8], settings: &Settings<'_>) -> Result<(bool, String), CliError> {
    let ctx = settings.context();
    let request = Request::parse(request, settings.profile);
    let output = CheckOutput::new(
        request.validate(&ctx),
        request.accounts(&ctx),
        settings.locale,
    );
    Ok((output.is_valid(), serde_json::to_string(&output)?))
}

/// One request per non-blank line of standard input, one JSON line out per request.
fn batch(settings: &Settings<'_>) -> Result<Status, CliError> {
    let stdin = io::stdin();
    input::hint_if_terminal(
        &stdin,
        "reading one request per line from standard input (end with Ctrl-D)",
    );
    let mut reader = stdin.lock();
    // Buffered: standard output writes each line through otherwise (a system
    // call per request). Each object is serialized straight into the buffer.
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut line = Vec::new();
    let mut lines = JsonLines::new();
    let mut status = Status::Valid;
    while input::next_line(&mut reader, &mut line).map_err(CliError::Stdin)? {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let ctx = settings.context();
        let request = Request::parse(&line, settings.profile);
        let output = CheckOutput::new(
            request.validate(&ctx),
            request.accounts(&ctx),
            settings.locale,
        );
        if !output.is_valid() {
            status = Status::Invalid;
        }
        lines
            .write(&mut out, &output)
            .map_err(io::Error::from)
            .map_err(CliError::Output)?;
    }
    out.flush().map_err(CliError::Output)?;
    Ok(status)
}
