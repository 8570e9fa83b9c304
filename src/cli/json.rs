//! The JSON output (`--format json` and `--batch`): the stable schema of spec
//! section 11.
//!
//! `check` prints the library's `Localized<Report>` object with one key added,
//! `"accounts"`. The report's keys keep the library's order (`valid`, `profile`,
//! `policy`, `diagnostics`), so the object is serialized by the library and the key
//! appended to its text: going through `serde_json::Value` would sort the keys
//! (no `preserve_order`), and `#[serde(flatten)]` needs serde's derive.

use cvm_rules::{Account, Checklist, Locale, Localized, Report};

use super::explain::Shown;
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

/// `{"valid", "profile", "policy", "diagnostics", "accounts"}` on one line.
pub fn check(
    report: &Report,
    accounts: &[Account<'_>],
    locale: Locale,
) -> Result<String, serde_json::Error> {
    let mut out = serde_json::to_string(&Localized::new(report, locale))?;
    if out.pop() != Some('}') {
        return Err(serde_json::Error::custom(
            "a report must serialize as a JSON object",
        ));
    }
    out.push_str(",\"accounts\":");
    out.push_str(&serde_json::to_string(accounts)?);
    out.push('}');
    Ok(out)
}

/// `{"profile", "rules", "policy", "requirements", "all_met"}` on one line;
/// `all_met` and each requirement's `met` are `null` when no password was given.
pub fn explain(
    shown: &Shown<'_>,
    checklist: &Checklist,
    password_given: bool,
    locale: Locale,
) -> Result<String, serde_json::Error> {
    serde_json::to_string(&Explanation {
        shown,
        checklist,
        password_given,
        locale,
    })
}

struct Explanation<'a> {
    shown: &'a Shown<'a>,
    checklist: &'a Checklist,
    password_given: bool,
    locale: Locale,
}

impl Serialize for Explanation<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let shown = self.shown;
        let rules = shown.rule_set.unwrap_or(shown.profile.rule_set());
        let mut st = s.serialize_struct("Explanation", 5)?;
        st.serialize_field("profile", shown.profile.id())?;
        st.serialize_field("rules", rules.id())?;
        st.serialize_field("policy", shown.policy)?;
        st.serialize_field("requirements", &Requirements(self.checklist, self.locale))?;
        let all_met = self.password_given.then(|| self.checklist.all_met());
        st.serialize_field("all_met", &all_met)?;
        st.end()
    }
}

struct Requirements<'a>(&'a Checklist, Locale);

impl Serialize for Requirements<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let requirements = self.0.requirements();
        let mut seq = s.serialize_seq(Some(requirements.len()))?;
        for r in requirements {
            seq.serialize_element(&Localized::new(r, self.1))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_rules::{Context, OsFamily, OsSet, Profile, Request};

    #[test]
    fn accounts_are_appended_after_the_report_keys() {
        let request = Request::from_query(
            b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123ABC!@%23",
            Profile::LEGACY_2017,
        );
        let ctx = Context::new().with_os(OsSet::only(OsFamily::Windows));
        let report = request.validate(&ctx);
        let text = check(&report, &request.accounts(&ctx), Locale::En).unwrap();
        assert!(text.starts_with(r#"{"valid":true,"profile":"legacy-2017","policy":{"#));
        assert!(text.ends_with(
            r#","diagnostics":[],"accounts":[{"field":"InstanceIds.1","instance_id":"ins-r8hr2upy","os":"windows","user_name":"Administrator"}]}"#
        ));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["accounts"][0]["os"], "windows");
    }
}
