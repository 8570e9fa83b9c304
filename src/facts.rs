//! Instance facts: what the caller already knows of each
//! instance, read from the JSON that `DescribeInstances` returns.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde_json::{Map, Value};

use crate::limits::{MAX_INPUT_BYTES, echo};
use crate::os::OsFamily;
use crate::state::InstanceState;

/// What is known of one instance.
///
/// ```
/// use cvm_rules::{Context, Facts, InstanceFacts, InstanceState, OsFamily, Profile, Request};
/// let mut facts = Facts::new();
/// facts.insert(
///     "ins-r8hr2upy",
///     InstanceFacts::new(Some(OsFamily::Linux), Some(InstanceState::Running)),
/// );
/// let request = Request::new(Profile::API3).with_instance_id("ins-r8hr2upy").with_password("abc123ABC!@#");
/// let report = request.validate(&Context::new().with_facts(&facts));
/// // A running instance needs ForceStop.
/// assert_eq!(report.first_error().unwrap().rule().as_str(), "instance.running_without_force_stop");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct InstanceFacts {
    /// The OS family, if known.
    pub os: Option<OsFamily>,
    /// The state, if known.
    pub state: Option<InstanceState>,
    /// Stopped without charging (`StopChargingMode` `STOP_CHARGING`), which does
    /// not allow a password reset.
    pub stop_charging: bool,
}

impl InstanceFacts {
    /// Facts with an OS family and a state.
    ///
    /// ```
    /// use cvm_rules::{InstanceFacts, InstanceState, OsFamily};
    /// let stopped = InstanceFacts::new(Some(OsFamily::Linux), Some(InstanceState::Stopped)).stopped_without_charging();
    /// assert!(stopped.stop_charging);
    /// ```
    pub fn new(os: Option<OsFamily>, state: Option<InstanceState>) -> InstanceFacts {
        InstanceFacts {
            os,
            state,
            stop_charging: false,
        }
    }

    /// These facts, of an instance stopped without charging.
    pub fn stopped_without_charging(mut self) -> InstanceFacts {
        self.stop_charging = true;
        self
    }
}

/// The facts of a set of instances, looked up by id.
///
/// ```
/// use cvm_rules::{Facts, InstanceState, OsFamily};
/// let facts = Facts::from_json(r#"{"Response": {"TotalCount": 1, "InstanceSet": [
///     {"InstanceId": "ins-r8hr2upy", "OsName": "Windows Server 2019", "InstanceState": "RUNNING"}
/// ]}}"#).unwrap();
/// let ins = facts.get("ins-r8hr2upy").unwrap();
/// assert_eq!(ins.os, Some(OsFamily::Windows));
/// assert_eq!(ins.state, Some(InstanceState::Running));
/// assert!(facts.get("ins-5d8a23rs").is_none());
/// assert!(facts.is_complete()); // TotalCount 1, one instance listed
///
/// // One page of a longer answer: an id it does not list may be on the next page.
/// let page = Facts::from_json(r#"{"TotalCount": 6, "InstanceSet": [
///     {"InstanceId": "ins-r8hr2upy", "OsName": "", "InstanceState": "rescue_mode"}
/// ]}"#).unwrap();
/// assert!(!page.is_complete());
/// let ins = page.get("ins-r8hr2upy").unwrap();
/// assert_eq!(ins.os, None); // an empty OsName gives no OS
/// assert_eq!(ins.state, Some(InstanceState::RescueMode));
/// ```
///
/// Facts are *complete* when they list every instance: then an id they do not
/// know does not exist (`InvalidInstanceId.NotFound`, an error); otherwise it
/// may exist (`instance_id.not_in_facts`, a warning). Facts read from a
/// `DescribeInstances` answer are complete when it lists `TotalCount` instances,
/// and the pages of one listing add up with [`Facts::merge`]. Facts built in
/// code ([`Facts::new`] and [`Facts::insert`], or collected from pairs) know
/// nothing of the instances they leave out: they are not complete until
/// [`Facts::complete`] says so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Sorted by id, unique: looked up by binary search.
    entries: Vec<Entry>,
    /// What the sources of the facts say of the instances they do not list.
    claim: Claim,
    /// What `claim` and the entries add up to (kept: validation asks it per id).
    complete: bool,
}

/// An instance's id, its facts, and the `TotalCount` of the listing on whose
/// page it was listed (`None`: listed whole, or added in code). Only ids on a
/// page count toward its listing's `TotalCount`.
type Entry = (Box<str>, InstanceFacts, Option<u64>);

/// What the sources of facts say of the instances they do not list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Claim {
    /// A source says it lists every instance (a whole answer, the pages of a
    /// listing with the others, [`Facts::complete`]).
    whole: bool,
    /// A source says there are more it does not list ([`Facts::incomplete`]):
    /// only [`Facts::complete`] overrides it.
    partial: bool,
    /// The `TotalCount` of each listing merged as pages (sorted, unique): each
    /// gathered once as many ids listed on its pages are known.
    pages: Vec<u64>,
}

impl Facts {
    /// No facts, and not complete: to fill with [`Facts::insert`], or to merge
    /// the pages of a listing into ([`Facts::merge`]).
    ///
    /// ```
    /// use cvm_rules::Facts;
    /// assert!(Facts::new().is_empty());
    /// assert!(!Facts::new().is_complete());
    /// ```
    pub fn new() -> Facts {
        Facts::default()
    }

    /// These facts, marked as listing every instance: an id they do not know is
    /// `InvalidInstanceId.NotFound`. For facts built from an inventory known to
    /// be whole.
    ///
    /// ```
    /// use cvm_rules::{Context, Facts, InstanceFacts, OsFamily, Profile, Request};
    /// let inventory = [("ins-r8hr2upy", InstanceFacts::new(Some(OsFamily::Linux), None))];
    /// let facts: Facts = inventory.into_iter().collect();
    /// let request = Request::new(Profile::API3).with_instance_id("ins-5d8a23rs").with_password("abc123ABC!@#");
    /// // Collected: an id the inventory does not hold may exist (a warning).
    /// let report = request.validate(&Context::new().with_facts(&facts));
    /// assert!(report.is_valid());
    /// assert_eq!(report.warnings().next().unwrap().rule().as_str(), "instance_id.not_in_facts");
    /// // Said to be whole: it does not exist.
    /// let facts = facts.complete();
    /// let report = request.validate(&Context::new().with_facts(&facts));
    /// assert_eq!(report.first_error().unwrap().rule().as_str(), "instance_id.not_found");
    /// ```
    pub fn complete(mut self) -> Facts {
        self.claim = Claim {
            whole: true,
            partial: false,
            pages: Vec::new(),
        };
        self.settle()
    }

    /// These facts, marked as one page of a longer answer whose other instances
    /// are unknown: an id they do not know may exist (a warning,
    /// `instance_id.not_in_facts`, with its OS unknown). That stays so when they
    /// are merged with others (only [`Facts::complete`] undoes it), and their
    /// instances no longer count toward the `TotalCount` of pages they are
    /// merged with.
    ///
    /// ```
    /// use cvm_rules::Facts;
    /// let answer = r#"{"Response": {"TotalCount": 1, "InstanceSet": [{"InstanceId": "ins-r8hr2upy"}]}}"#;
    /// let whole = Facts::from_json(answer).unwrap();
    /// assert!(whole.is_complete());
    /// let mut facts = whole.clone().incomplete();
    /// assert!(!facts.is_complete());
    /// facts.merge(whole);
    /// assert!(!facts.is_complete()); // the rest of the longer answer is still unknown
    /// ```
    pub fn incomplete(mut self) -> Facts {
        self.claim.partial = true;
        self.claim.pages.clear();
        for entry in &mut self.entries {
            entry.2 = None;
        }
        self.settle()
    }

    /// Whether the facts list every instance (see [`Facts`]): then an id they do
    /// not know is `InvalidInstanceId.NotFound`.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// These facts, with `complete` computed from their claim and entries.
    fn settle(mut self) -> Facts {
        self.settle_in_place();
        self
    }

    fn settle_in_place(&mut self) {
        let claim = &self.claim;
        let gathered = |total: u64| {
            let listed = self.entries.iter().filter(|e| e.2 == Some(total)).count();
            listed as u64 >= total
        };
        self.complete = claim.whole && !claim.partial && claim.pages.iter().all(|&t| gathered(t));
    }

    /// Adds the facts of another `DescribeInstances` answer: the union of both.
    /// The pages of one listing (answers with the same `TotalCount`, more than
    /// each lists) add up: the result is complete when the ids listed on them
    /// reach the `TotalCount`. Completeness is never claimed early:
    ///
    /// - Facts are complete when every source merged says it is whole (an
    ///   answer that lists its `TotalCount`, one without `TotalCount`,
    ///   [`Facts::complete`]) and every listing merged as pages is gathered. So
    ///   the answers of two calls (100 ids, then 1) add up to complete facts, and
    ///   a whole answer with one page of another listing does not.
    /// - Pages with different `TotalCount`s are of different listings (or of a
    ///   listing that changed between calls): each must be gathered on its own.
    ///   Pages of two listings with the same `TotalCount` cannot be told apart,
    ///   and are counted as one.
    /// - An id on both keeps the facts of `page`: read later, they are the
    ///   more recent (as [`Facts::insert`] and an id given twice in one answer).
    /// - Facts built in code ([`Facts::new`], collected, inserted) add their
    ///   instances and claim nothing either way: [`Facts::new`] is where to
    ///   start. Facts marked [`Facts::incomplete`] keep the result incomplete.
    ///
    /// ```
    /// use cvm_rules::Facts;
    /// let page = |ids: &[&str]| {
    ///     let set: Vec<String> = ids.iter().map(|id| format!(r#"{{"InstanceId": "{id}"}}"#)).collect();
    ///     Facts::from_json(&format!(r#"{{"Response": {{"TotalCount": 3, "InstanceSet": [{}]}}}}"#, set.join(",")))
    ///         .unwrap()
    /// };
    /// let mut facts = Facts::new();
    /// facts.merge(page(&["ins-00000001", "ins-00000002"]));
    /// assert!(!facts.is_complete()); // 2 of 3
    /// facts.merge(page(&["ins-00000003"]));
    /// assert!(facts.is_complete()); // 3 of 3
    /// assert_eq!(facts.len(), 3);
    /// ```
    pub fn merge(&mut self, page: Facts) {
        self.claim.whole |= page.claim.whole;
        self.claim.partial |= page.claim.partial;
        self.claim.pages.extend(page.claim.pages);
        self.claim.pages.sort_unstable();
        self.claim.pages.dedup();
        let mut entries = core::mem::take(&mut self.entries);
        entries.extend(page.entries);
        self.entries = sorted_unique(entries);
        self.settle_in_place();
    }

    /// Adds or replaces the facts of `id` (a sorted insert: to load many instances,
    /// prefer [`Facts::from_json`] or [`FromIterator`]). An id added here does not
    /// count toward a listing's `TotalCount` (see [`Facts::merge`]).
    pub fn insert(&mut self, id: impl Into<Box<str>>, facts: InstanceFacts) {
        let id = id.into();
        match self.entries.binary_search_by(|(k, ..)| (**k).cmp(&*id)) {
            Ok(i) => self.entries[i].1 = facts,
            Err(i) => self.entries.insert(i, (id, facts, None)),
        }
    }

    /// The facts of `id`.
    pub fn get(&self, id: &str) -> Option<&InstanceFacts> {
        self.entries
            .binary_search_by(|(k, ..)| (**k).cmp(id))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    /// Every instance, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &InstanceFacts)> {
        self.entries.iter().map(|(id, f, _)| (&**id, f))
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
    /// reads `InstanceId` (required), `OsName`, `InstanceState` and
    /// `StopChargingMode`, ignoring other
    /// fields; `TotalCount`, when above the instances listed, marks the facts
    /// incomplete: one page of a longer listing, to [`merge`](Facts::merge)
    /// with the others. An answer without `TotalCount` (or a bare array) is
    /// taken as the whole listing. An id given twice keeps its last facts.
    ///
    /// An empty or blank `OsName` gives no OS (like `null`); a state it does not
    /// know is kept as [`InstanceState::Unknown`]. It refuses what is not a
    /// `DescribeInstances` answer, saying what it is: an error answer
    /// (`Response.Error`), a `DescribeInstancesStatus` answer
    /// (`InstanceStatusSet`), anything else.
    pub fn from_json(text: &str) -> Result<Facts, FactsError> {
        if text.len() > MAX_INPUT_BYTES {
            return Err(FactsError::TooLarge);
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            if e.to_string().starts_with("recursion limit exceeded") {
                FactsError::TooDeep
            } else {
                FactsError::Syntax {
                    line: e.line(),
                    column: e.column(),
                }
            }
        })?;
        let (set, total) = match &value {
            Value::Array(items) => (items, None),
            Value::Object(top) => {
                let holder = match top.get("Response") {
                    Some(Value::Object(response)) => response,
                    _ => top,
                };
                (instance_set(holder)?, holder.get("TotalCount"))
            }
            _ => return Err(FactsError::Shape),
        };
        let mut entries: Vec<Entry> = Vec::with_capacity(set.len());
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
            // A text field: absent or `null` is not known; another type is an error.
            let text = |key: &str, problem: &'static str| match instance.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(text)) => Ok(Some(text.as_str())),
                Some(_) => Err(FactsError::Instance { index, problem }),
            };
            let os = text("OsName", "has an OsName that is not a string")?
                .filter(|name| !name.trim().is_empty())
                .map(OsFamily::from_os_name);
            let state = text("InstanceState", "has an InstanceState that is not a string")?
                .map(InstanceState::from_name);
            // `STOP_CHARGING` (any case) stops the reset; `KEEP_CHARGING`,
            // `NOT_APPLICABLE`, `null`, absent or a mode not known here do not.
            let stop_charging = text(
                "StopChargingMode",
                "has a StopChargingMode that is not a string",
            )?
            .is_some_and(|mode| mode.eq_ignore_ascii_case("STOP_CHARGING"));
            entries.push((
                Box::from(id.as_str()),
                InstanceFacts {
                    os,
                    state,
                    stop_charging,
                },
                None,
            ));
        }
        let mut entries = sorted_unique(entries);
        let mut pages = Vec::new();
        // One page of a longer listing (as many listed as `TotalCount` says, an
        // id given twice counting twice, is the whole listing).
        if let Some(Value::Number(n)) = total
            && let Some(total) = n.as_u64()
            && total > set.len() as u64
        {
            for entry in &mut entries {
                entry.2 = Some(total);
            }
            pages.push(total);
        }
        let claim = Claim {
            whole: true,
            partial: false,
            pages,
        };
        Ok(Facts {
            entries,
            claim,
            complete: false,
        }
        .settle())
    }
}

/// The instance set of a `DescribeInstances` answer, or what the object is instead.
fn instance_set(holder: &Map<String, Value>) -> Result<&Vec<Value>, FactsError> {
    if let Some(Value::Array(items)) = holder.get("InstanceSet") {
        return Ok(items);
    }
    if let Some(Value::Object(error)) = holder.get("Error") {
        let code = match error.get("Code") {
            Some(Value::String(code)) => echo(code),
            _ => String::new(),
        };
        return Err(FactsError::ErrorResponse { code });
    }
    if holder.contains_key("InstanceStatusSet") {
        return Err(FactsError::OtherAnswer {
            action: "DescribeInstancesStatus",
        });
    }
    Err(FactsError::Shape)
}

/// Sorted by id (stable), keeping the last facts of a repeated id (on a page
/// if any of its entries was): linear after the sort, and the sort is linear on
/// sorted runs (one answer, or two merged pages).
fn sorted_unique(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut unique: Vec<Entry> = Vec::with_capacity(entries.len());
    for entry in entries {
        match unique.last_mut() {
            Some(last) if last.0 == entry.0 => {
                let page = entry.2.or(last.2);
                *last = entry;
                last.2 = page;
            }
            _ => unique.push(entry),
        }
    }
    unique
}

/// Collects facts built in code; an id given twice keeps its last facts.
///
/// The result is **not complete**: a list of instances says nothing of those it
/// leaves out, so an id it does not know may exist (`instance_id.not_in_facts`,
/// a warning), not `InvalidInstanceId.NotFound`. When the list is the whole
/// inventory, say so with [`Facts::complete`].
///
/// ```
/// use cvm_rules::{Facts, InstanceFacts, OsFamily};
/// let facts: Facts = [("ins-r8hr2upy", InstanceFacts::new(Some(OsFamily::Linux), None))]
///     .into_iter()
///     .collect();
/// assert!(!facts.is_complete());
/// assert!(facts.complete().is_complete());
/// ```
impl<S: Into<Box<str>>> FromIterator<(S, InstanceFacts)> for Facts {
    fn from_iter<I: IntoIterator<Item = (S, InstanceFacts)>>(iter: I) -> Self {
        let entries = iter
            .into_iter()
            .map(|(id, f)| (id.into(), f, None))
            .collect();
        Facts {
            entries: sorted_unique(entries),
            ..Facts::default()
        }
    }
}

/// Why instance facts could not be read.
///
/// ```
/// use cvm_rules::{Facts, FactsError};
/// assert_eq!(Facts::from_json("{\"x\": 1}").unwrap_err(), FactsError::Shape);
/// assert!(matches!(Facts::from_json("{").unwrap_err(), FactsError::Syntax { line: 1, .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactsError {
    /// Over 1 MiB (1,048,576 bytes).
    TooLarge,
    /// Nested deeper than 128 levels (serde_json's limit).
    TooDeep,
    /// Not JSON; the place where parsing stopped (1-based).
    Syntax {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// Neither an object with `Response.InstanceSet` or `InstanceSet`, nor an array.
    Shape,
    /// An error answer of the API (`Response.Error`), not instances. The
    /// message does not show the code (a caller's value).
    ErrorResponse {
        /// Its `Code` (at most 64 characters), empty when it has none.
        code: String,
    },
    /// The answer of another action.
    OtherAnswer {
        /// Which: `DescribeInstancesStatus`.
        action: &'static str,
    },
    /// An instance of the set is not usable.
    Instance {
        /// 0-based index in the instance set.
        index: usize,
        /// What is wrong with it.
        problem: &'static str,
    },
}

impl fmt::Display for FactsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactsError::TooLarge => write!(
                f,
                "instance facts are larger than {MAX_INPUT_BYTES} bytes"
            ),
            FactsError::TooDeep => f.write_str("instance facts are nested deeper than 128 levels"),
            FactsError::Syntax { line, column } => {
                write!(f, "instance facts are not valid JSON (line {line}, column {column})")
            }
            FactsError::Shape => f.write_str(
                "instance facts must be DescribeInstances JSON: an object with Response.InstanceSet or InstanceSet, or an array of instances",
            ),
            // The code is the caller's value: it stays in the field, out of the
            // message (errors never repeat a value, and a code could be anything).
            FactsError::ErrorResponse { .. } => write!(
                f,
                "instance facts are an error answer (Response.Error), not DescribeInstances output: fix the call that produced them"
            ),
            FactsError::OtherAnswer { action } => write!(
                f,
                "instance facts are a {action} answer, not DescribeInstances output (it gives no OsName): call DescribeInstances"
            ),
            FactsError::Instance { index, problem } => {
                write!(f, "instance {index} of the instance set {problem}")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for FactsError {}
