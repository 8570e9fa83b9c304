//! Structure-aware: requests that are mostly well formed (the `arbitrary` feature
//! of the crate), in both forms, with instance facts drawn from the same pool of
//! ids, so the fuzzer spends its time past the parser: facts, states, paging,
//! policies, accounts and rendering.
//!
//! Oracles: every report is well ordered and deterministic (section 8), its
//! messages render in both languages and serialize, validating with facts agrees
//! with the facts (an id they list is never `not_found`; one they do not list is
//! `not_found` exactly when they are complete), an owned copy validates the same,
//! a clean request survives a round trip through the query form, and no output
//! holds the password.
#![no_main]

use cvm_rules::{Context, Facts, OsSet, Request, RuleId};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|input: (Request<'static, 'static>, OsSet, Option<Facts>)| {
    let (request, os, facts) = input;
    let mut ctx = Context::new().with_os(os);
    if let Some(facts) = &facts {
        ctx = ctx.with_facts(facts);
    }
    let report = request.validate(&ctx);
    common::check_report(&report, request.instance_id_count());
    assert_eq!(
        report.diagnostics(),
        request.validate(&ctx).diagnostics(),
        "validating twice differs"
    );
    let rendered = common::render(&report);

    if let Some(facts) = &facts {
        for d in report.diagnostics() {
            let cvm_rules::Field::InstanceId { position, .. } = d.field() else {
                continue;
            };
            let id = request
                .instance_id_values()
                .nth(*position)
                .unwrap_or_default();
            match d.rule() {
                RuleId::InstanceIdNotFound => {
                    assert!(facts.is_complete() && facts.get(id).is_none(), "{d:?}")
                }
                RuleId::InstanceIdNotInFacts => {
                    assert!(!facts.is_complete() && facts.get(id).is_none(), "{d:?}")
                }
                RuleId::InstanceState | RuleId::InstanceStateUnknown => {
                    assert!(facts.get(id).is_some(), "{d:?}")
                }
                _ => {}
            }
        }
        // An instance the facts do not give an OS for makes the batch's OS unknown.
        let unknown = request
            .instance_id_values()
            .any(|id| facts.get(id).and_then(|f| f.os).is_none());
        if unknown {
            assert!(!report.policy().is_os_known());
        }
        let _ = request.accounts(&ctx);
    }

    // The password reaches no output. A short or common one can occur in the
    // messages by chance ("Password", a run of specials): then a password of the
    // same shape must give the very same diagnostics, which then cannot hold it.
    if let Some(password) = request.password_value() {
        let text = password.expose();
        // In `Debug`: the text may stand elsewhere (the user name); it leaks when it
        // goes away with the password.
        if format!("{request:?}").contains(text) {
            let other = request.clone().with_password(common::same_shape(text));
            assert!(
                format!("{other:?}").contains(text),
                "the password leaked in Debug"
            );
        }
        if text.chars().count() >= 6 && rendered.contains(text) {
            let other = common::same_shape(text);
            assert_ne!(other, text, "the password leaked:\n{rendered}");
            let again = request.clone().with_password(other).validate(&ctx);
            assert_eq!(
                again.diagnostics(),
                report.diagnostics(),
                "the password leaked:\n{rendered}"
            );
        }
    }

    common::round_trip(&request);
});
