//! Helpers shared by the test modules (and, through `#[path]`, by the fuzz
//! targets): how the fuzz targets read their input, the naive regex twin, and
//! reading the JSON the crate writes.

pub mod fuzz_input;
pub mod twin;

/// The ids of the rules of the policy in a JSON output (`policy.rules[].rule`).
#[cfg(feature = "serde")]
#[allow(dead_code)]
pub fn policy_rule_ids(json: &serde_json::Value) -> Vec<&str> {
    json["policy"]["rules"]
        .as_array()
        .expect("a policy with rules")
        .iter()
        .map(|r| r["rule"].as_str().expect("a rule id"))
        .collect()
}
