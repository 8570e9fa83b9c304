//! Instance facts (spec section 6): what the caller already knows of each instance,
//! read from the JSON that `DescribeInstances` returns.

use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde_json::Value;

use crate::os::OsFamily;
use crate::state::InstanceState;

/// What is known of one instance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstanceFacts {
    /// The OS family, if known.
    pub os: Option<OsFamily>,
    /// The state, if known.
    pub state: Option<InstanceState>,
}

impl InstanceFacts {
    /// Facts with an OS family and a state.
    pub fn new(os: Option<OsFamily>, state: Option<InstanceState>) -> InstanceFacts {
        InstanceFacts { os, state }
    }
}

/// The facts of a set of instances, looked up by id.
///
/// ```
/// use cvm_rules::{Facts, InstanceState, OsFamily};
/// let facts = Facts::from_json(r#"{"Response": {"InstanceSet": [
///     {"InstanceId": "ins-r8hr2upy", "OsName": "Windows Server 2019", "InstanceState": "RUNNING"}
/// ]}}"#).unwrap();
/// let ins = facts.get("ins-r8hr2upy").unwrap();
/// assert_eq!(ins.os, Some(OsFamily::Windows));
/// assert_eq!(ins.state, Some(InstanceState::Running));
/// assert!(facts.get("ins-5d8a23rs").is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Sorted by id, unique: looked up by binary search.
    entries: Vec<(Box<str>, InstanceFacts)>,
}

impl Facts {
    /// No facts.
    pub fn new() -> Facts {
        Facts::default()
    }

    /// Adds or replaces the facts of `id` (a sorted insert: to load many instances,
    /// prefer [`Facts::from_json`] or [`FromIterator`]).
    pub fn insert(&mut self, id: impl Into<Box<str>>, facts: InstanceFacts) {
        let id = id.into();
        match self.entries.binary_search_by(|(k, _)| (**k).cmp(&*id)) {
            Ok(i) => self.entries[i].1 = facts,
            Err(i) => self.entries.insert(i, (id, facts)),
        }
    }

    /// The facts of `id`.
    pub fn get(&self, id: &str) -> Option<&InstanceFacts> {
        self.entries
            .binary_search_by(|(k, _)| (**k).cmp(id))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    /// How many instances are known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no instance is known.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads `DescribeInstances` JSON: an object with `Response.InstanceSet`, or with
    /// `InstanceSet` at the top, or a bare array of instances. From each instance it
    /// reads `InstanceId` (required), `OsName` and `InstanceState`, ignoring other fields.
    /// An id given twice keeps its last facts.
    pub fn from_json(text: &str) -> Result<Facts, FactsError> {
        if text.len() > crate::limits::MAX_INPUT_BYTES {
            return Err(FactsError::TooLarge);
        }
        let value: Value = serde_json::from_str(text).map_err(|e| FactsError::Syntax {
            line: e.line(),
            column: e.column(),
        })?;
        let set = match &value {
            Value::Array(items) => items,
            Value::Object(top) => {
                let holder = match top.get("Response") {
                    Some(Value::Object(response)) => response,
                    _ => top,
                };
                match holder.get("InstanceSet") {
                    Some(Value::Array(items)) => items,
                    _ => return Err(FactsError::Shape),
                }
            }
            _ => return Err(FactsError::Shape),
        };
        let mut entries: Vec<(Box<str>, InstanceFacts)> = Vec::with_capacity(set.len());
        for (index, item) in set.iter().enumerate() {
            let Value::Object(instance) = item else {
                return Err(FactsError::Instance {
                    index,
                    problem: "is not an object",
                });
            };
            let Some(Value::String(id)) = instance.get("InstanceId") else {
                return Err(FactsError::Instance {
                    index,
                    problem: "has no InstanceId string",
                });
            };
            let os = match instance.get("OsName") {
                None | Some(Value::Null) => None,
                Some(Value::String(name)) => Some(OsFamily::from_os_name(name)),
                Some(_) => {
                    return Err(FactsError::Instance {
                        index,
                        problem: "has an OsName that is not a string",
                    })
                }
            };
            let state = match instance.get("InstanceState") {
                None | Some(Value::Null) => None,
                Some(Value::String(state)) => {
                    Some(state.parse().map_err(|_| FactsError::UnknownState {
                        index,
                        state: state.to_owned(),
                    })?)
                }
                Some(_) => {
                    return Err(FactsError::Instance {
                        index,
                        problem: "has an InstanceState that is not a string",
                    })
                }
            };
            entries.push((Box::from(id.as_str()), InstanceFacts { os, state }));
        }
        Ok(entries.into_iter().collect())
    }
}

/// Collects facts; an id given twice keeps its last facts.
impl<S: Into<Box<str>>> FromIterator<(S, InstanceFacts)> for Facts {
    fn from_iter<I: IntoIterator<Item = (S, InstanceFacts)>>(iter: I) -> Self {
        let mut entries: Vec<(Box<str>, InstanceFacts)> =
            iter.into_iter().map(|(id, f)| (id.into(), f)).collect();
        // Sort (stable) and keep the last facts of a repeated id: linear after the sort.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(Box<str>, InstanceFacts)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match unique.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => unique.push(entry),
            }
        }
        Facts { entries: unique }
    }
}

/// Why instance facts could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactsError {
    /// Over [`MAX_INPUT_BYTES`](crate::limits::MAX_INPUT_BYTES).
    TooLarge,
    /// Not JSON; the place where parsing stopped (1-based).
    Syntax {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// Neither an object with `Response.InstanceSet` or `InstanceSet`, nor an array.
    Shape,
    /// An instance of the set is not usable.
    Instance {
        /// 0-based index in the instance set.
        index: usize,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// An `InstanceState` this crate does not know.
    UnknownState {
        /// 0-based index in the instance set.
        index: usize,
        /// The state as given.
        state: String,
    },
}

impl fmt::Display for FactsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactsError::TooLarge => write!(
                f,
                "instance facts are larger than {} bytes",
                crate::limits::MAX_INPUT_BYTES
            ),
            FactsError::Syntax { line, column } => {
                write!(f, "instance facts are not valid JSON (line {line}, column {column})")
            }
            FactsError::Shape => f.write_str(
                "instance facts must be DescribeInstances JSON: an object with Response.InstanceSet or InstanceSet, or an array of instances",
            ),
            FactsError::Instance { index, problem } => {
                write!(f, "instance {index} of the instance set {problem}")
            }
            FactsError::UnknownState { index, state } => write!(
                f,
                "instance {index} of the instance set has an unknown InstanceState {state:?}"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for FactsError {}
