#![cfg(feature = "serde")]
//! The table of rule ids on `RuleId`'s page (`src/diagnostic/rule_ids.md`) is
//! the crate's own data: its ids, codes and severities are rendered here from
//! `RuleId::ALL`, `Profile::code` and `InstanceState::ALL` and must equal the
//! file's; its field column is checked against the field of every diagnostic
//! of the test vectors. When the list of rules changes, this test fails and
//! prints the new table; `CVM_RULES_BLESS=1 cargo test --all-features rule_ids`
//! writes it into the file (the field of a new row reads `?` until written).

use std::collections::{BTreeMap, BTreeSet};

use cvm_rules::glue::MAX_INPUT_BYTES;
use cvm_rules::{Context, Field, InstanceState, Profile, Request, RuleId};

use crate::vectors::{FILES, rows};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/diagnostic/rule_ids.md");
const BEGIN: &str = "<!-- BEGIN generated table -->\n";
const END: &str = "<!-- END generated table -->\n";

/// The id cell of the row of custom rules, which `RuleId::ALL` does not hold.
const CUSTOM: &str = "your own (`namespace.name`)";

/// The file, and the table between its markers.
fn file() -> (String, std::ops::Range<usize>) {
    let text = std::fs::read_to_string(FILE).expect("src/diagnostic/rule_ids.md");
    let start = text.find(BEGIN).expect("the table's first marker") + BEGIN.len();
    let end = text.find(END).expect("the table's last marker");
    (text, start..end)
}

/// The cells of each row of a table, by the id cell (the header and the rule
/// under it left out).
fn rows_of(table: &str) -> BTreeMap<String, Vec<String>> {
    table
        .lines()
        .skip(2)
        .map(|line| {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            (cells[0].clone(), cells)
        })
        .collect()
}

fn code_cell(code: Option<&str>) -> String {
    code.map_or("—".to_string(), |c| format!("`{c}`"))
}

/// The codes of `instance.state` in `profile`: one per state that does not
/// allow a reset (every known state but `RUNNING` and `STOPPED`, which have
/// rules of their own), grouped by code in the order of the states.
fn state_codes(profile: &Profile) -> String {
    let states = InstanceState::ALL;
    let mut groups: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    for state in &states {
        if matches!(state, InstanceState::Running | InstanceState::Stopped) {
            continue;
        }
        let code = profile.code(RuleId::InstanceState, Some(state));
        match groups.iter_mut().find(|(c, _)| *c == code) {
            Some((_, states)) => states.push(state.as_str()),
            None => groups.push((code, vec![state.as_str()])),
        }
    }
    if let [(code, _)] = &groups[..] {
        return code_cell(*code);
    }
    let groups: Vec<String> = groups
        .iter()
        .map(|(code, states)| {
            let states: Vec<String> = states.iter().map(|s| format!("`{s}`")).collect();
            format!("{} ({})", code_cell(*code), states.join(", "))
        })
        .collect();
    groups.join("<br>")
}

/// The table as the data says it, with the field cells of `fields` (by id cell).
fn render(fields: &BTreeMap<String, Vec<String>>) -> String {
    let field = |id: &str| {
        fields
            .get(id)
            .and_then(|cells| cells.get(1))
            .cloned()
            .unwrap_or_else(|| "?".to_string())
    };
    let mut out = String::from("| id | field |");
    for profile in Profile::ALL {
        out.push_str(&format!(" `{}` |", profile.id()));
    }
    out.push_str(" severity |\n|---|---|");
    for _ in Profile::ALL {
        out.push_str("---|");
    }
    out.push_str("---|\n");
    let mut row = |id: String, codes: Vec<String>, severity: &str| {
        out.push_str(&format!(
            "| {id} | {} | {} | {severity} |\n",
            field(&id),
            codes.join(" | ")
        ));
    };
    for rule in RuleId::ALL {
        let codes = Profile::ALL
            .iter()
            .map(|p| match rule {
                RuleId::InstanceState => state_codes(p),
                _ => code_cell(p.code(*rule, None)),
            })
            .collect();
        row(format!("`{rule}`"), codes, rule.severity().as_str());
        if *rule == *RuleId::PASSWORD.last().expect("password rules") {
            let custom = RuleId::Custom("org.rule");
            let codes = Profile::ALL
                .iter()
                .map(|p| code_cell(p.code(custom, None)))
                .collect();
            row(
                CUSTOM.to_string(),
                codes,
                "error, or warning if the rule says so",
            );
        }
    }
    out
}

#[test]
fn the_rule_id_table_is_the_data() {
    let (text, range) = file();
    let table = &text[range.clone()];
    let expected = render(&rows_of(table));
    if table == expected {
        return;
    }
    if std::env::var_os("CVM_RULES_BLESS").is_some() {
        let mut text = text.clone();
        text.replace_range(range, &expected);
        std::fs::write(FILE, text).expect("write src/diagnostic/rule_ids.md");
        return;
    }
    panic!(
        "src/diagnostic/rule_ids.md is not the crate's data; \
         CVM_RULES_BLESS=1 cargo test --all-features rule_ids writes this table:\n{expected}"
    );
}

/// Whether the field column's `cell` says a diagnostic may be on `field`: the
/// input, an item (`InstanceIds.N`), an unknown name, or a parameter named in
/// backticks (any parameter for "the parameter").
fn field_fits(cell: &str, field: &Field) -> bool {
    match field {
        Field::Input => cell.contains("the input"),
        Field::InstanceId { .. } => cell.contains("`InstanceIds.N`"),
        Field::Unknown { .. } => cell.contains("the unknown name"),
        parameter => cell.contains(&format!("`{parameter}`")) || cell.contains("the parameter"),
    }
}

/// Every diagnostic of the vectors (and one too large input) is on a field its
/// row names, and every row's field is seen on some diagnostic.
#[test]
fn the_rule_id_table_names_each_rules_field() {
    let (text, range) = file();
    let table = rows_of(&text[range]);
    let mut unseen: BTreeSet<&str> = table.keys().map(String::as_str).collect();
    unseen.remove(CUSTOM); // custom rules: on `Password` (tests/custom_rules.rs)
    let mut check = |d: &cvm_rules::Diagnostic, at: &str| {
        let id = format!("`{}`", d.rule());
        let cells = table
            .get(&id)
            .unwrap_or_else(|| panic!("{at}: {id} is not in the table"));
        assert!(
            field_fits(&cells[1], d.field()),
            "{at}: {id} is on {:?}, which its field cell {:?} does not name",
            d.field(),
            cells[1]
        );
        unseen.remove(id.as_str());
    };
    for file in FILES {
        for row in rows(file) {
            let ctx = row.context();
            let report = Request::parse(&row.input, &row.profile).validate(&ctx);
            for d in report.diagnostics() {
                check(d, &format!("{file}:{}", row.line));
            }
        }
    }
    let too_large = vec![b'a'; MAX_INPUT_BYTES + 1];
    for d in Request::parse(&too_large, Profile::API3)
        .validate(&Context::new())
        .diagnostics()
    {
        check(d, "an input over the limit");
    }
    assert!(
        unseen.is_empty(),
        "no diagnostic checked the field of {unseen:?}"
    );
}
