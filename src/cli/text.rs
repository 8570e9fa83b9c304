//! The text output, for people: one line per diagnostic (field first), then a
//! summary line; styles from `anstyle`, written through `anstream`, which drops
//! them unless standard output is a terminal (and honours `NO_COLOR` and
//! `CLICOLOR_FORCE`).
//!
//! Text that came from the input (an unknown parameter's name, inside its field
//! and message) is printed with control and bidirectional-override characters
//! escaped, so a request cannot drive the reader's terminal.

use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use cvm_rules::glue::ExplainOutput;
use cvm_rules::{Diagnostic, Field, Locale, Policy, Report, Severity};

const FIELD: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const CODE: Style = AnsiColor::Cyan.on_default();
const RULE: Style = Style::new().dimmed();
const GOOD: Style = AnsiColor::Green.on_default().bold();

/// The diagnostics of a report, then its summary.
pub fn check(out: &mut impl Write, report: &Report, locale: Locale) -> io::Result<()> {
    for d in report.diagnostics() {
        diagnostic(out, d, locale)?;
    }
    summary(out, report, locale)
}

/// `Password: error InvalidPassword [password.length] Password must be …`
fn diagnostic(out: &mut impl Write, d: &Diagnostic, locale: Locale) -> io::Result<()> {
    let field = match d.field() {
        Field::Input => "(input)".to_owned(),
        field => safe(&field.to_string()),
    };
    let (style, severity) = match (d.severity(), locale) {
        (Severity::Warning, Locale::ZhCn) => (WARNING, "警告"),
        (Severity::Warning, _) => (WARNING, "warning"),
        (_, Locale::ZhCn) => (ERROR, "错误"),
        _ => (ERROR, "error"),
    };
    write!(out, "{FIELD}{field}{FIELD:#}: {style}{severity}{style:#} ")?;
    if let Some(code) = d.code() {
        write!(out, "{CODE}{code}{CODE:#} ")?;
    }
    let rule = d.rule();
    let message = safe(&d.message(locale));
    writeln!(out, "{RULE}[{rule}]{RULE:#} {message}")
}

/// `valid (profile …; policy: …)` or `invalid: N errors, M warnings (…)`.
fn summary(out: &mut impl Write, report: &Report, locale: Locale) -> io::Result<()> {
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let policy = policy_words(
        Source::Profile(report.profile().id()),
        report.policy(),
        locale,
    );
    let zh = locale == Locale::ZhCn;
    let (style, verdict) = match (errors, zh) {
        (0, false) => (GOOD, "valid"),
        (0, true) => (GOOD, "有效"),
        (_, false) => (ERROR, "invalid"),
        (_, true) => (ERROR, "无效"),
    };
    let counts = match (errors, warnings, zh) {
        (0, 0, _) => String::new(),
        (0, w, false) => format!(": {w} {}", plural(w, "warning", "warnings")),
        (0, w, true) => format!("：{w} 个警告"),
        (e, w, false) => format!(
            ": {e} {}, {w} {}",
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings")
        ),
        (e, w, true) => format!("：{e} 个错误，{w} 个警告"),
    };
    writeln!(out, "{style}{verdict}{style:#}{counts}{policy}")
}

/// The checklist of `explain`: a header, one line per requirement, the entropy of
/// a random password, and (with a password) a summary.
pub fn explain(
    out: &mut impl Write,
    source: Source<'_>,
    policy: &Policy,
    output: &ExplainOutput<'_>,
    locale: Locale,
) -> io::Result<()> {
    let zh = locale == Locale::ZhCn;
    let checklist = output.checklist();
    let password_given = checklist.is_checked();
    let policy_words = policy_words(source, policy, locale);
    if zh {
        writeln!(out, "{FIELD}密码要求{FIELD:#}{policy_words}：")?;
    } else {
        writeln!(out, "{FIELD}Password requirements{FIELD:#}{policy_words}:")?;
    }
    for r in checklist.requirements() {
        let advice = r.severity() == Severity::Warning;
        let (style, mark) = match (r.is_met(), advice, zh) {
            (None, false, _) => (Style::new(), "-"),
            (None, true, _) => (Style::new(), "~"),
            (Some(true), _, false) => (GOOD, "met:"),
            (Some(true), _, true) => (GOOD, "已满足"),
            (Some(false), false, false) => (ERROR, "not met:"),
            (Some(false), false, true) => (ERROR, "未满足"),
            (Some(false), true, false) => (WARNING, "advice:"),
            (Some(false), true, true) => (WARNING, "建议："),
        };
        let rule = r.id();
        let message = r.message(locale);
        writeln!(
            out,
            "  {style}{mark}{style:#} {message} {RULE}[{rule}]{RULE:#}"
        )?;
    }
    let entropy = output.entropy();
    let length = entropy.length;
    match (entropy.bits.is_finite(), zh) {
        (true, false) => writeln!(
            out,
            "A random password of {length} characters from these rules has {:.1} bits of entropy.",
            entropy.bits
        )?,
        (true, true) => writeln!(
            out,
            "按这些规则随机生成的 {length} 位密码有 {:.1} 比特的熵。",
            entropy.bits
        )?,
        (false, false) => writeln!(
            out,
            "No password of {length} characters passes these rules."
        )?,
        (false, true) => writeln!(out, "没有 {length} 位的密码能满足这些规则。")?,
    }
    if !password_given {
        return Ok(());
    }
    // Advice (a warning's requirement) is not a requirement: counted apart.
    let (advice, required): (Vec<_>, Vec<_>) = checklist
        .requirements()
        .iter()
        .partition(|r| r.severity() == Severity::Warning);
    let total = required.len();
    let unmet = required.iter().filter(|r| r.is_met() != Some(true)).count();
    match (unmet, zh) {
        (0, false) => writeln!(out, "{GOOD}all {total} requirements met{GOOD:#}")?,
        (0, true) => writeln!(out, "{GOOD}全部 {total} 项要求均已满足{GOOD:#}")?,
        (n, false) => writeln!(out, "{ERROR}{n} of {total} requirements not met{ERROR:#}")?,
        (n, true) => writeln!(out, "{ERROR}{total} 项要求中有 {n} 项未满足{ERROR:#}")?,
    }
    match (
        advice.iter().filter(|r| r.is_met() != Some(true)).count(),
        zh,
    ) {
        (0, _) => Ok(()),
        (1, false) => writeln!(out, "{WARNING}1 recommendation not followed{WARNING:#}"),
        (n, false) => writeln!(out, "{WARNING}{n} recommendations not followed{WARNING:#}"),
        (n, true) => writeln!(out, "{WARNING}有 {n} 项建议未采纳{WARNING:#}"),
    }
}

/// Where the rules shown come from: a profile, or a rule set given apart.
#[derive(Clone, Copy)]
pub enum Source<'a> {
    Profile(&'a str),
    Rules(&'a str),
}

/// ` (profile legacy-2017; policy: linux + windows)` (or `OS unknown: strictest
/// policy`; `rules login-settings` for a rule set given apart), to follow a
/// word; `（配置 …；策略：…）` in Chinese.
fn policy_words(source: Source<'_>, policy: &Policy, locale: Locale) -> String {
    let families = if policy.is_os_known() {
        let mut names = String::new();
        for (i, family) in policy.families().iter().enumerate() {
            if i > 0 {
                names.push_str(" + ");
            }
            names.push_str(family.as_str());
        }
        names
    } else if locale == Locale::ZhCn {
        "OS 未知，采用最严格的策略".to_owned()
    } else {
        "OS unknown: strictest policy".to_owned()
    };
    match (locale, source) {
        (Locale::ZhCn, Source::Profile(id)) => format!("（配置 {id}；策略：{families}）"),
        (Locale::ZhCn, Source::Rules(id)) => format!("（规则 {id}；策略：{families}）"),
        (_, Source::Profile(id)) => format!(" (profile {id}; policy: {families})"),
        (_, Source::Rules(id)) => format!(" (rules {id}; policy: {families})"),
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// `text` with control characters and bidirectional controls escaped (`\u{1b}`).
fn safe(text: &str) -> String {
    let risky = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(risky) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if risky(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_drive_a_terminal() {
        assert_eq!(safe("Passwort"), "Passwort");
        assert_eq!(safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(safe("x\u{202e}y\nz"), "x\\u{202e}y\\u{a}z");
        assert_eq!(safe("密码"), "密码");
    }
}
