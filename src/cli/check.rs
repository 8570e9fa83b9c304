//! `cvm-rules check`: one request (argument or standard input), or `--batch`.

use std::io::{self, Write};

use cvm_rules::glue::{JsonLines, Validator};

use super::args::{CheckArgs, Format};
use super::error::CliError;
use super::validator::validator;
use super::{Status, input, text};

pub fn run(args: CheckArgs) -> Result<Status, CliError> {
    if args.batch && args.format == Some(Format::Text) {
        return Err(CliError::Usage(
            "--batch always prints JSON (one object per line); leave out --format text",
        ));
    }
    // With a policy file or a rule set: the profile's codes and limits, their rules.
    let validator = validator(&args.common, &args.rules, args.facts.as_deref())?;
    if args.batch {
        return batch(&validator);
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
    let format = args.format.unwrap_or(Format::Text);
    let (valid, written) = validator.check(&request, None, |output| {
        let written = match format {
            Format::Json => serde_json::to_string(output)
                .map_err(CliError::from)
                .and_then(|line| {
                    let mut out = io::stdout().lock();
                    writeln!(out, "{line}")
                        .and_then(|()| out.flush())
                        .map_err(CliError::Output)
                }),
            Format::Text => {
                let mut out = anstream::stdout().lock();
                text::check(&mut out, output.report(), args.common.lang)
                    .and_then(|()| out.flush())
                    .map_err(CliError::Output)
            }
        };
        (output.is_valid(), written)
    });
    written?;
    Ok(Status::from_valid(valid))
}

/// One request per non-blank line of standard input, one JSON line out per request.
fn batch(validator: &Validator) -> Result<Status, CliError> {
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
        validator.check(&line, None, |output| {
            if !output.is_valid() {
                status = Status::Invalid;
            }
            lines
                .write(&mut out, output)
                .map_err(io::Error::from)
                .map_err(CliError::Output)
        })?;
    }
    out.flush().map_err(CliError::Output)?;
    Ok(status)
}
