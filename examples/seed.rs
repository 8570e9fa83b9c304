//! Checks the example password of Tencent's legacy API page for
//! `ResetInstancesPassword` (https://cloud.tencent.com/document/api/213/9397)
//! under each OS family and each profile, and prints the diagnostics.
//!
//! Run: `cargo run --example seed`

use cvm_rules::{Locale, OsFamily, OsSet, Password, Profile};

fn main() {
    // The legacy page's example: `Password=abc123ABC!@#`.
    let password = Password::new("abc123ABC!@#");
    for profile in Profile::ALL {
        let sets = [
            ("unknown", OsSet::UNKNOWN),
            ("linux", OsSet::only(OsFamily::Linux)),
            ("ubuntu", OsSet::only(OsFamily::Ubuntu)),
            ("windows", OsSet::only(OsFamily::Windows)),
            (
                "linux+windows",
                OsSet::of(&[OsFamily::Linux, OsFamily::Windows]),
            ),
        ];
        for (name, os) in sets {
            let report = profile.check_password(&password, os, None);
            let verdict = if report.is_valid() {
                "valid"
            } else {
                "invalid"
            };
            println!("{profile} / {name}: {verdict}");
            for d in report.diagnostics() {
                println!(
                    "  {} [{}] {}: {}",
                    d.field(),
                    d.code().unwrap_or("-"),
                    d.rule(),
                    d.message(Locale::En)
                );
            }
        }
    }
}
