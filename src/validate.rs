//! Validation of a request's values, after its wire form.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use crate::diagnostic::{Diagnostic, Field, IdReason, Params, RuleId};
use crate::facts::Facts;
use crate::hash;
use crate::os::{OsFamily, OsSet};
use crate::policy::Policy;
use crate::profile::Profile;
use crate::report::Report;
use crate::request::{Flag, Item, Kind, Param, Request, RequestForm, Scalar, TextRule};
use crate::rules::instance_id::{check_instance_id, well_formed_key};
use crate::rules::username;
use crate::state::InstanceState;

/// What the caller knows beyond the request: the OS families of the batch, and
/// instance facts (which take precedence).
///
/// ```
/// use cvm_rules::{Context, OsFamily, OsSet};
/// let ctx = Context::new().with_os(OsSet::only(OsFamily::Windows));
/// assert_eq!(ctx.os(), OsSet::only(OsFamily::Windows));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'f> {
    os: OsSet,
    facts: Option<&'f Facts>,
}

impl<'f> Context<'f> {
    /// Nothing known: the strictest policy applies.
    pub fn new() -> Context<'f> {
        Context::default()
    }

    /// The OS families the caller states for the batch.
    pub fn with_os(mut self, os: OsSet) -> Self {
        self.os = os;
        self
    }

    /// Instance facts; with them, the OS set comes from the instances of the request.
    pub fn with_facts(mut self, facts: &'f Facts) -> Self {
        self.facts = Some(facts);
        self
    }

    /// The stated OS families.
    pub fn os(&self) -> OsSet {
        self.os
    }

    /// The facts, if any.
    pub fn facts(&self) -> Option<&'f Facts> {
        self.facts
    }
}

/// The account whose password a request resets on one instance whose OS is known.
///
/// ```
/// use cvm_rules::{Context, Facts, InstanceFacts, OsFamily, Profile, Request};
/// let mut facts = Facts::new();
/// facts.insert("ins-r8hr2upy", InstanceFacts::new(Some(OsFamily::Ubuntu), None));
/// let request = Request::new(Profile::API3).with_instance_id("ins-r8hr2upy").with_instance_id("ins-5d8a23rs");
/// let accounts = request.accounts(&Context::new().with_facts(&facts));
/// // Only the instance whose OS is known has a known account.
/// assert_eq!(accounts.len(), 1);
/// assert_eq!((accounts[0].instance_id, accounts[0].user_name), ("ins-r8hr2upy", "ubuntu"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Account<'r> {
    /// The item of the instance.
    pub field: Field,
    /// The instance id.
    pub instance_id: &'r str,
    /// The instance's OS family.
    pub os: OsFamily,
    /// `UserName` if given, else the family's default account.
    pub user_name: &'r str,
}

impl<'a, 'p> Request<'a, 'p> {
    /// The OS set of the batch: from the facts (an instance whose OS they do not
    /// give makes it unknown), else the families the caller states, else unknown.
    pub fn os_set(&self, ctx: &Context<'_>) -> OsSet {
        let Some(facts) = ctx.facts else {
            return ctx.os;
        };
        let mut set = OsSet::UNKNOWN;
        for item in &self.instance_ids {
            match item.id.as_deref().and_then(|id| facts.get(id)?.os) {
                Some(os) => set = set.with(os),
                None => return OsSet::UNKNOWN,
            }
        }
        set
    }

    /// Validates the request: every diagnostic, sorted by field (in the order of the
    /// parameters, items by their place) and then by [`RuleId`](crate::RuleId), and the
    /// password policy applied. Allocates nothing for a valid request (with an ASCII
    /// `UserName`, if any, when the policy looks for it in the password) of at most 128
    /// instance ids without wire-form problems.
    ///
    /// ```
    /// use cvm_rules::{Context, OsFamily, OsSet, Profile, Request};
    /// let request = Request::from_query(
    ///     b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123",
    ///     Profile::LEGACY_2017,
    /// );
    /// let report = request.validate(&Context::new().with_os(OsSet::only(OsFamily::Linux)));
    /// let first = report.first_error().unwrap();
    /// assert_eq!((first.rule().as_str(), first.code()), ("password.length", Some("InvalidPassword")));
    /// ```
    pub fn validate(&self, ctx: &Context<'_>) -> Report<'p> {
        let profile = self.profile;
        let os = self.os_set(ctx);
        let policy = profile.policy(os);
        let mut sink = Sink {
            profile,
            // Cloning an empty `Vec` is a call; most requests have no wire problem.
            out: if self.wire.is_empty() {
                Vec::new()
            } else {
                self.wire.clone()
            },
        };
        if self.refused {
            return Report::new(sink.out, profile, policy);
        }

        let mut checked = None;
        self.check_each_param(ctx, policy, &mut sink, &mut checked);
        Report::new(sink.out, profile, policy).with_checked_password(checked)
    }

    /// The checks of one parameter's value, by its kind and value rule.
    /// Always inlined into [`Request::check_each_param`], one call per parameter,
    /// so that each parameter's kind is known where it is checked.
    #[inline(always)]
    fn check_param(
        &self,
        param: Param,
        ctx: &Context<'_>,
        policy: &Policy,
        sink: &mut Sink<'_>,
        checked: &mut Option<u64>,
    ) {
        let profile = self.profile;
        match param.kind() {
            Kind::Text(TextRule::Fixed { expected, rule }) => {
                // Optional where the form makes it so (JSON, built), required in the query form.
                let value = self.text(param);
                if self.form == RequestForm::Query || *value != Scalar::Absent {
                    fixed_value(value, expected(profile), rule, param.field(), sink);
                }
            }
            Kind::Text(TextRule::MaxChars { max, rule }) => {
                if let Some(text) = self.text(param).text() {
                    let max = max(profile);
                    if let Some(actual) = username::too_long(text, max) {
                        sink.emit(
                            rule,
                            param.field(),
                            Params::Range {
                                min: 0,
                                max: max as u64,
                                actual: actual as u64,
                            },
                        );
                    }
                }
            }
            Kind::Items => self.check_instance_ids(ctx, sink),
            Kind::Secret => match &self.password {
                Some(password) => {
                    *checked = Some(policy.check_into(
                        password.expose(),
                        self.user_name_value(),
                        self.password_had_plus,
                        // A custom rule sees the request's instance ids.
                        &self.instance_ids,
                        profile.password_code(),
                        &mut sink.out,
                    ))
                }
                None if !self.password_unreadable => {
                    sink.emit(RuleId::ParamMissing, param.field(), Params::None)
                }
                None => {}
            },
            Kind::Flag(rule) => {
                if self.flag(param) == Flag::Invalid {
                    let expected = match self.form {
                        RequestForm::Query => "TRUE|FALSE",
                        RequestForm::Json | RequestForm::Built => "boolean",
                    };
                    sink.emit(rule, param.field(), Params::Expected { expected });
                }
            }
        }
    }

    /// The instance ids: present, at most the profile's batch, each well formed
    /// and given once, and known to the facts.
    fn check_instance_ids(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let profile = self.profile;
        let count = self.instance_ids.len();
        if count == 0 && !self.instance_ids_unreadable {
            sink.emit(RuleId::ParamMissing, Field::InstanceIds, Params::None);
        }
        if count > profile.max_instance_ids() {
            sink.emit(
                RuleId::InstanceIdsCount,
                Field::InstanceIds,
                Params::Range {
                    min: 1,
                    max: profile.max_instance_ids() as u64,
                    actual: count as u64,
                },
            );
        }
        // The common case in one tight pass: a small batch of readable, well-formed,
        // distinct ids has nothing to report. Anything else takes the full pass.
        if !well_formed_and_distinct(&self.instance_ids) {
            for (position, item) in self.instance_ids.iter().enumerate() {
                let Some(id) = item.id.as_deref() else {
                    continue;
                };
                let id = if id.is_empty() { None } else { Some(id) };
                let reason = match id {
                    // An empty item is an item: too short to be an id.
                    None => Some(IdReason::Length),
                    Some(id) => check_instance_id(id).err(),
                };
                if let Some(reason) = reason {
                    sink.emit(
                        RuleId::InstanceIdFormat,
                        field(item, position),
                        Params::InstanceId { reason },
                    );
                }
            }
            duplicates(&self.instance_ids, sink);
        }
        if let Some(facts) = ctx.facts {
            instance_facts(self, facts, sink);
        }
    }

    /// The effective account of each instance whose OS is known (from the facts, or
    /// from a stated OS set of exactly one family), in batch order.
    ///
    /// ```
    /// use cvm_rules::{Context, OsFamily, OsSet, Profile, Request};
    /// let request = Request::new(Profile::API3).with_instance_id("ins-r8hr2upy").with_user_name("admin");
    /// let windows = Context::new().with_os(OsSet::only(OsFamily::Windows));
    /// let accounts = request.accounts(&windows);
    /// assert_eq!(accounts[0].user_name, "admin");
    /// assert!(request.accounts(&Context::new()).is_empty()); // OS unknown
    /// ```
    pub fn accounts(&self, ctx: &Context<'_>) -> Vec<Account<'_>> {
        let single_family = {
            let mut families = ctx.os.iter();
            match (families.next(), families.next()) {
                (Some(f), None) => Some(f),
                _ => None,
            }
        };
        self.instance_ids
            .iter()
            .enumerate()
            .filter_map(|(position, item)| {
                let id = item.id.as_deref()?;
                let os = match ctx.facts {
                    Some(facts) => facts.get(id)?.os?,
                    None => single_family?,
                };
                Some(Account {
                    field: field(item, position),
                    instance_id: id,
                    os,
                    user_name: self.user_name_value().unwrap_or(os.default_account()),
                })
            })
            .collect()
    }
}

/// Collects the diagnostics of one validation.
struct Sink<'p> {
    profile: &'p Profile,
    out: Vec<Diagnostic>,
}

impl Sink<'_> {
    fn emit(&mut self, rule: RuleId, field: Field, params: Params) {
        self.out.push(self.profile.diagnostic(rule, field, params));
    }
}

fn field(item: &Item<'_>, position: usize) -> Field {
    Field::InstanceId {
        position,
        name: item.name.clone(),
    }
}

/// `Action` or `Version`: absent, or not the one accepted text.
#[inline(always)]
fn fixed_value(
    value: &Scalar<'_>,
    expected: &'static str,
    rule: RuleId,
    field: Field,
    sink: &mut Sink<'_>,
) {
    if let Scalar::Given(text) = value {
        if same_text(text.as_bytes(), expected.as_bytes()) {
            return;
        }
    }
    fixed_value_problem(value, expected, rule, field, sink);
}

#[cold]
fn fixed_value_problem(
    value: &Scalar<'_>,
    expected: &'static str,
    rule: RuleId,
    field: Field,
    sink: &mut Sink<'_>,
) {
    match value {
        Scalar::Absent => sink.emit(RuleId::ParamMissing, field, Params::None),
        Scalar::Given(text) if text != expected => {
            sink.emit(rule, field, Params::Expected { expected })
        }
        _ => {}
    }
}

/// Whether `a` equals `b`, 8 bytes at a time without a call (the texts are
/// short: `ResetInstancesPassword`, `2017-03-12`).
#[inline(always)]
fn same_text(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| s.get(at..).and_then(<[u8]>::first_chunk::<8>).copied();
    if a.len() < 8 {
        return a == b;
    }
    let mut at = 0;
    while at + 8 < a.len() {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    // The last 8 bytes (overlapping the previous word).
    word(a, a.len() - 8) == word(b, b.len() - 8)
}

/// Batches this small with only well-formed ids are checked in a stack table.
const SMALL_BATCH: usize = 128;

/// Whether the batch is small (at most [`SMALL_BATCH`] items) and every item is
/// readable, well-formed and distinct: then no instance-id rule has anything to
/// report. One pass, no allocation: each id is tested by `well_formed_key` (a
/// length test, a 4-byte compare, a SWAR test of 8 bytes) and its key added to a
/// stack set; the first item that is not so ends it.
#[inline(never)]
fn well_formed_and_distinct(items: &[Item<'_>]) -> bool {
    if items.len() > SMALL_BATCH {
        return false;
    }
    let mut keys = StackTable::<u64>::new();
    for item in items {
        let Some(id) = item.id.as_deref() else {
            return false;
        };
        let Some(key) = well_formed_key(id.as_bytes()) else {
            return false;
        };
        // The key (never 0) is the id itself, so equal keys are equal ids.
        let slot_hash = hash::mix(0, key);
        if keys.insert(slot_hash, key, |held| held == key).is_some() {
            return false;
        }
    }
    true
}

/// An open-addressing table of up to [`SMALL_BATCH`] entries on the stack, at
/// most half full, where `T::default()` marks an empty slot: the one small set
/// behind both checks for repeated ids.
struct StackTable<T>([T; 2 * SMALL_BATCH]);

impl<T: Copy + Default + PartialEq> StackTable<T> {
    #[inline]
    fn new() -> StackTable<T> {
        StackTable([T::default(); 2 * SMALL_BATCH])
    }

    /// Stores `entry` (never the default) from the slot the top byte of `hash`
    /// picks on, unless an entry that `same` matches is already there: then
    /// that entry.
    #[inline]
    fn insert(&mut self, hash: u64, entry: T, same: impl Fn(T) -> bool) -> Option<T> {
        let mut slot = hash::slot(hash, self.0.len());
        loop {
            let held = self.0[slot];
            if held == T::default() {
                self.0[slot] = entry;
                return None;
            }
            if same(held) {
                return Some(held);
            }
            slot = (slot + 1) % self.0.len();
        }
    }
}

/// Ids at most this long (bytes) are looked up in the stack table of [`duplicates`].
const STACK_ID_BYTES: usize = 64;

/// Reports each repeated id (a warning) on every occurrence after the first.
/// Linear: for a small batch of short ids (at most [`SMALL_BATCH`] items of at most
/// [`STACK_ID_BYTES`] bytes, well-formed or not) an open-addressing table on the
/// stack, so reporting a repeat or a malformed id allocates only its diagnostic;
/// a `BTreeMap` otherwise; never a pairwise comparison.
fn duplicates(items: &[Item<'_>], sink: &mut Sink<'_>) {
    let mut report = |first: usize, position: usize| {
        let first = field(&items[first], first);
        sink.emit(
            RuleId::InstanceIdsDuplicate,
            field(&items[position], position),
            Params::Duplicate { first },
        );
    };
    let short = |item: &Item<'_>| {
        item.id
            .as_deref()
            .is_none_or(|id| id.len() <= STACK_ID_BYTES)
    };
    if items.len() <= SMALL_BATCH && items.iter().all(short) {
        // Entries are 1 + the position of an id's first occurrence (0 is empty).
        let mut table = StackTable::<u8>::new();
        for (position, item) in items.iter().enumerate() {
            let Some(id) = item.id.as_deref() else {
                continue;
            };
            let entry = position as u8 + 1; // position < SMALL_BATCH < 255
            let same = |held: u8| items[usize::from(held - 1)].id.as_deref() == Some(id);
            if let Some(held) = table.insert(hash::hash(id.as_bytes(), false), entry, same) {
                report(usize::from(held - 1), position);
            }
        }
    } else {
        let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (position, item) in items.iter().enumerate() {
            let Some(id) = item.id.as_deref() else {
                continue;
            };
            match first_seen.get(id) {
                Some(&first) => report(first, position),
                None => {
                    first_seen.insert(id, position);
                }
            }
        }
    }
}

/// `instance_id.not_found` (or `instance_id.not_in_facts` when the facts are one
/// page of a longer answer), `instance.running_without_force_stop` (no
/// `ForceStop`) and `instance.running_soft_stop` (`ForceStop` false: a normal
/// shutdown first, not forced), `instance.stop_charging`, `instance.state` and
/// `instance.state_unknown`.
fn instance_facts(request: &Request<'_, '_>, facts: &Facts, sink: &mut Sink<'_>) {
    let force_stop = request.force_stop_value();
    for (position, item) in request.instance_ids.iter().enumerate() {
        let Some(id) = item.id.as_deref() else {
            continue;
        };
        let Some(known) = facts.get(id) else {
            let rule = if facts.is_complete() {
                RuleId::InstanceIdNotFound
            } else {
                RuleId::InstanceIdNotInFacts
            };
            sink.emit(rule, field(item, position), Params::None);
            continue;
        };
        match &known.state {
            None => {}
            Some(InstanceState::Stopped) if known.stop_charging => {
                sink.emit(
                    RuleId::InstanceStopCharging,
                    field(item, position),
                    Params::None,
                );
            }
            Some(InstanceState::Stopped) => {}
            Some(InstanceState::Running) => match force_stop {
                Some(true) => {}
                Some(false) => {
                    sink.emit(
                        RuleId::InstanceRunningSoftStop,
                        field(item, position),
                        Params::None,
                    );
                }
                None => sink.emit(
                    RuleId::InstanceRunningWithoutForceStop,
                    field(item, position),
                    Params::None,
                ),
            },
            Some(state) => {
                let rule = if state.is_known() {
                    RuleId::InstanceState
                } else {
                    RuleId::InstanceStateUnknown
                };
                sink.emit(
                    rule,
                    field(item, position),
                    Params::State {
                        state: state.clone(),
                    },
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec;

    /// The repeats `validate` reports, as (position, first position) pairs.
    fn reported(ids: &[String]) -> Vec<(usize, usize)> {
        let request = Request::new(Profile::LEGACY_2017)
            .with_instance_ids(ids.iter().map(String::as_str))
            .with_password("abc123ABC!@#xyz9");
        let position = |field: &Field| match field {
            Field::InstanceId { position, .. } => *position,
            other => panic!("not an item: {other:?}"),
        };
        request
            .validate(&Context::new())
            .diagnostics()
            .iter()
            .filter(|d| d.rule() == RuleId::InstanceIdsDuplicate)
            .map(|d| match d.params() {
                Params::Duplicate { first } => (position(d.field()), position(first)),
                other => panic!("not a repeat: {other:?}"),
            })
            .collect()
    }

    /// The naive twin: every occurrence after the first, paired with the first.
    fn naive(ids: &[String]) -> Vec<(usize, usize)> {
        (0..ids.len())
            .filter_map(|i| {
                let first = ids.iter().position(|id| *id == ids[i])?;
                (first < i).then_some((i, first))
            })
            .collect()
    }

    #[test]
    fn same_text_is_equality() {
        let texts = [
            "",
            "a",
            "2017-03-12",
            "2017-03-13",
            "ResetInstancesPassword",
            "ResetInstancesPasswore",
            "ResetInstancesPassword!",
            "12345678",
            "12345679",
            "123456789",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn repeats_agree_with_the_naive_twin_on_every_path() {
        let well_formed = |n: usize| format!("ins-{n:08}");
        let shapes: [&dyn Fn(usize) -> String; 5] = [
            &well_formed,
            &|n| format!("x{n}"),                 // malformed, short
            &|n| format!("ins-{n:08}").repeat(8), // 96 bytes: past the stack table
            &|_| String::new(),                   // empty items
            &|n| format!("ins-{n:07}\u{e9}"),     // non-ASCII
        ];
        let mut state = 0x9E37_79B9u64;
        for len in [0, 1, 2, 3, 17, 100, 127, 128, 129, 200] {
            for shape_mix in 0..8 {
                for repeats in [0, 1, 5, len] {
                    let mut ids: Vec<String> = Vec::new();
                    for i in 0..len {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        let shape = if shape_mix == 0 {
                            0
                        } else {
                            (state as usize) % shape_mix.min(5)
                        };
                        let n = if (state >> 32) as usize % len.max(1) < repeats {
                            (state >> 40) as usize % 4 // a small pool: repeats
                        } else {
                            1000 + i
                        };
                        ids.push(shapes[shape](n));
                    }
                    assert_eq!(reported(&ids), naive(&ids), "{ids:?}");
                }
            }
        }
        assert_eq!(reported(&vec![well_formed(1); 3]), vec![(1, 0), (2, 0)]);
    }
}

/// [`Request::check_param`] for every parameter of the list, in its order.
macro_rules! check_each_param {
    (
        params: [$($(#[$doc:meta])* $name:ident $($shown:literal)? : $kind:ident $(($($arg:tt)*))? $(=> $rule:ident)? $({ $($method:ident : $method_name:ident),* })?;)*]
        common: [$($common:ident),*]
    ) => {
        impl Request<'_, '_> {
            #[inline(always)]
            fn check_each_param(
                &self,
                ctx: &Context<'_>,
                policy: &Policy,
                sink: &mut Sink<'_>,
                checked: &mut Option<u64>,
            ) {
                $(self.check_param(Param::$name, ctx, policy, sink, checked);)*
            }
        }
    };
}

crate::diagnostic::with_parameters!(check_each_param);
