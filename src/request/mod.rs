//! The request model: what a `ResetInstancesPassword`
//! request holds once read from its wire form, or built by a program.
//!
//! Reading never fails: every problem of the wire form becomes a diagnostic kept in
//! the request, and [`Request::validate`] adds the problems of the values.

mod json;
mod parameters;
mod query;

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::diagnostic::{Diagnostic, Field, IdReason, InstanceIds, ItemName, Params, RuleId};
use crate::limits::{MAX_INPUT_BYTES, MAX_PARAMS};
use crate::profile::Profile;
use crate::rules::instance_id;
use crate::secret::Password;

#[cfg(feature = "serde")]
pub(crate) use parameters::PARAMETERS;
use parameters::Storage;
pub(crate) use parameters::{Kind, Param, TextRule};

/// The wire form a request came in ([`Request::form`]).
///
/// ```
/// use cvm_rules::{Context, Profile, Request, RequestForm};
/// // The query form requires `Action` and `Version`...
/// let query = Request::parse(
///     b"Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&Password=abc123ABC!@%23",
///     Profile::API3,
/// );
/// assert_eq!(query.form(), RequestForm::Query);
/// let report = query.validate(&Context::new());
/// assert_eq!(report.first_error().unwrap().field().to_string(), "Action");
/// // ...the JSON body, whose action is named elsewhere, does not.
/// let json = Request::parse(
///     br#"{"InstanceIds": ["ins-r8hr2upy"], "Password": "abc123ABC!@#"}"#,
///     Profile::API3,
/// );
/// assert_eq!(json.form(), RequestForm::Json);
/// assert!(json.validate(&Context::new()).is_valid());
/// assert_eq!(Request::new(Profile::API3).form(), RequestForm::Built);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestForm {
    /// `application/x-www-form-urlencoded`, or a full URL: `Action` and `Version` required.
    Query,
    /// The API 3.0 JSON body: `Action` and `Version` optional.
    Json,
    /// Built by a program with the builder methods: `Action` and `Version` optional.
    Built,
}

/// A scalar parameter as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scalar<'a> {
    /// Not given, empty, or `null`.
    Absent,
    /// A non-empty value.
    Given(Cow<'a, str>),
    /// Given, but unreadable (not UTF-8, wrong JSON type): already reported.
    Unreadable,
}

impl<'a> Scalar<'a> {
    pub(crate) fn from_text(text: Cow<'a, str>) -> Scalar<'a> {
        if text.is_empty() {
            Scalar::Absent
        } else {
            Scalar::Given(text)
        }
    }

    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Scalar::Given(text) => Some(text),
            _ => None,
        }
    }

    fn into_owned(self) -> Scalar<'static> {
        match self {
            Scalar::Absent => Scalar::Absent,
            Scalar::Given(text) => Scalar::Given(Cow::Owned(text.into_owned())),
            Scalar::Unreadable => Scalar::Unreadable,
        }
    }
}

/// A Boolean parameter (`ForceStop`) as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flag {
    /// Not given (or empty, or `null`).
    Absent,
    /// `TRUE`/`FALSE` (query, any case) or a JSON boolean.
    Given(bool),
    /// Given, but not a boolean: its rule's diagnostic (`force_stop.value`).
    Invalid,
    /// Not UTF-8: already reported.
    Unreadable,
}

impl Flag {
    /// The value, when given as a Boolean.
    pub(crate) fn given(self) -> Option<bool> {
        if let Flag::Given(b) = self {
            Some(b)
        } else {
            None
        }
    }
}

/// The bytes the query writer percent-encodes: all but ASCII letters, digits and
/// `*-._` (what `application/x-www-form-urlencoded` leaves as they are), the
/// space included: it is written `%20`, not `+`.
const QUERY_ENCODED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// How many text and Boolean parameters a request keeps.
const TEXTS: usize = Param::count(Storage::Text);
const FLAGS: usize = Param::count(Storage::Flag);

/// One `InstanceIds` item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item<'a> {
    /// The id; `None` when unreadable (already reported).
    pub id: Option<Cow<'a, str>>,
    /// The item's name on the wire.
    pub name: ItemName,
}

/// The items as a custom rule's [`Subject`](crate::Subject) reads them.
impl InstanceIds for Vec<Item<'_>> {
    fn count(&self) -> usize {
        self.len()
    }

    fn id(&self, index: usize) -> Option<&str> {
        self.get(index)?.id.as_deref()
    }
}

/// A `ResetInstancesPassword` request, read from a wire form or built, for one
/// profile. `'a` is the lifetime of the input it borrows from, `'p` that of the
/// profile (`'static` for the built-in ones): a [`Report`](crate::Report) borrows
/// only the profile.
///
/// Its `Debug` output redacts the password. A parameter's builder is
/// `with_` and its name (`with_password`), its getter the name and `_value`
/// (`password_value()`; the items' are `instance_id_values()` and
/// `instance_id_count()`). It does not implement `serde::Serialize`, which would put
/// the password wherever a request is serialized: its wire forms are written
/// on purpose, by [`Request::to_query_exposing_password`] and
/// [`Request::to_json_exposing_password`].
///
/// ```
/// use cvm_rules::{Context, Profile, Request};
/// let request = Request::from_query(
///     b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy\
///       &Password=abc123ABC!@%23&ForceStop=TRUE",
///     Profile::LEGACY_2017,
/// );
/// assert!(request.validate(&Context::new()).is_valid());
///
/// let built = Request::new(Profile::API3)
///     .with_instance_id("ins-r8hr2upy")
///     .with_password("abc123ABC!@#xyz")
///     .with_force_stop(true);
/// assert!(built.validate(&Context::new()).is_valid());
/// assert_eq!(built.force_stop_value(), Some(true));
/// ```
#[derive(Clone, Debug)]
pub struct Request<'a, 'p> {
    pub(crate) profile: &'p Profile,
    pub(crate) form: RequestForm,
    /// The text parameters' values, by [`Param::slot`].
    pub(crate) texts: [Scalar<'a>; TEXTS],
    pub(crate) instance_ids: Vec<Item<'a>>,
    /// `InstanceIds` was given with the wrong JSON type (already reported).
    pub(crate) instance_ids_unreadable: bool,
    pub(crate) password: Option<Password<'a>>,
    pub(crate) password_unreadable: bool,
    /// The query form's raw `Password` held `+` (decoded to a space).
    pub(crate) password_had_plus: bool,
    /// The Boolean parameters' values, by [`Param::slot`].
    pub(crate) flags: [Flag; FLAGS],
    /// Problems of the wire form found while reading.
    pub(crate) wire: Vec<Diagnostic>,
    /// The input was refused as a whole (`input.too_large`, `input.syntax`).
    pub(crate) refused: bool,
    /// Unknown names seen so far (their diagnostics' positions).
    pub(crate) unknown_names: usize,
}

impl<'a, 'p> Request<'a, 'p> {
    /// An empty request of `profile`, to fill with the builder methods.
    pub fn new(profile: &'p Profile) -> Request<'a, 'p> {
        Request::empty(profile, RequestForm::Built)
    }

    pub(crate) fn empty(profile: &'p Profile, form: RequestForm) -> Request<'a, 'p> {
        Request {
            profile,
            form,
            texts: [const { Scalar::Absent }; TEXTS],
            instance_ids: Vec::new(),
            instance_ids_unreadable: false,
            password: None,
            password_unreadable: false,
            password_had_plus: false,
            flags: [Flag::Absent; FLAGS],
            wire: Vec::new(),
            refused: false,
            unknown_names: 0,
        }
    }

    /// Reads the query form (or a full URL: everything after its first `?`). Never
    /// fails: problems of the wire form are kept as diagnostics.
    pub fn from_query(input: &'a [u8], profile: &'p Profile) -> Request<'a, 'p> {
        query::parse(input, profile)
    }

    /// Reads the JSON form (the API 3.0 body). Never fails: problems are kept as
    /// diagnostics.
    pub fn from_json(input: &'a [u8], profile: &'p Profile) -> Request<'a, 'p> {
        json::parse(input, profile)
    }

    /// Reads either form: JSON when the first non-blank byte is `{`, else the query form.
    pub fn parse(input: &'a [u8], profile: &'p Profile) -> Request<'a, 'p> {
        let first = input.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') {
            Request::from_json(input, profile)
        } else {
            Request::from_query(input, profile)
        }
    }

    /// Appends one instance id.
    pub fn with_instance_id(mut self, id: impl Into<Cow<'a, str>>) -> Self {
        let position = self.instance_ids.len() as u64;
        self.instance_ids.push(Item {
            id: Some(id.into()),
            name: ItemName::Index(self.profile.index_base() + position),
        });
        self
    }

    /// Appends instance ids.
    pub fn with_instance_ids<I, S>(self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<Cow<'a, str>>,
    {
        ids.into_iter().fold(self, Request::with_instance_id)
    }

    /// Sets `Password` (an empty password counts as absent).
    pub fn with_password(mut self, password: impl Into<Password<'a>>) -> Self {
        let password = password.into();
        self.password = (!password.expose().is_empty()).then_some(password);
        self
    }

    /// Checks one instance id; `Err` says why it is malformed. The prefix is checked
    /// first, then the length, then the characters, so the reason is the first thing
    /// a person would fix.
    ///
    /// A malformed id (`instance_id.format`) is `InvalidInstanceId.Malformed` in both
    /// profiles: the code this action's own documentation gives. API 3.0's error list
    /// for the action has held a second code since 2022-09,
    /// `InvalidParameterValue.InstanceIdMalformed` ("类似ins-xxxxxxxx，字母x代表小写字符或数字"),
    /// which the server may answer instead; a client that maps codes should accept
    /// both.
    ///
    /// ```
    /// use cvm_rules::parts::IdReason;
    /// use cvm_rules::Request;
    /// assert_eq!(Request::check_instance_id("ins-r8hr2upy"), Ok(()));
    /// assert_eq!(Request::check_instance_id("ins-1122"), Err(IdReason::Length));
    /// assert_eq!(Request::check_instance_id("INS-r8hr2upy"), Err(IdReason::Prefix));
    /// assert_eq!(Request::check_instance_id("ins-R8HR2UPY"), Err(IdReason::Charset));
    /// ```
    pub fn check_instance_id(id: &str) -> Result<(), IdReason> {
        instance_id::check_instance_id(id)
    }

    /// The profile the request was read for.
    pub fn profile(&self) -> &'p Profile {
        self.profile
    }

    /// The wire form it came in.
    pub fn form(&self) -> RequestForm {
        self.form
    }

    /// The readable instance ids, in batch order.
    pub fn instance_id_values(&self) -> impl Iterator<Item = &str> {
        self.instance_ids.iter().filter_map(|i| i.id.as_deref())
    }

    /// How many `InstanceIds` items the request has (readable or not).
    pub fn instance_id_count(&self) -> usize {
        self.instance_ids.len()
    }

    /// The password, if given.
    pub fn password_value(&self) -> Option<&Password<'a>> {
        self.password.as_ref()
    }

    /// The problems of the wire form found while reading, in the order found.
    pub fn wire_diagnostics(&self) -> &[Diagnostic] {
        &self.wire
    }

    /// An owned copy that no longer borrows the input (it still borrows the profile).
    pub fn into_owned(self) -> Request<'static, 'p> {
        Request {
            profile: self.profile,
            form: self.form,
            texts: self.texts.map(Scalar::into_owned),
            instance_ids: self
                .instance_ids
                .into_iter()
                .map(|i| Item {
                    id: i.id.map(|id| Cow::Owned(id.into_owned())),
                    name: i.name,
                })
                .collect(),
            instance_ids_unreadable: self.instance_ids_unreadable,
            password: self.password.map(Password::into_owned),
            password_unreadable: self.password_unreadable,
            password_had_plus: self.password_had_plus,
            flags: self.flags,
            wire: self.wire,
            refused: self.refused,
            unknown_names: self.unknown_names,
        }
    }

    /// The request in the query form of its profile, for sending it: items
    /// numbered from the index the request's first item had when the profile
    /// accepts it as a first index (a legacy request read from `InstanceIds.0`
    /// stays 0-based), else from the profile's first index. A request built in
    /// code without `Action` or `Version` gets the profile's (`ResetInstancesPassword`
    /// and [`Profile::version`](crate::Profile::version)), so that it is a complete
    /// request of its profile; a request read from a wire form keeps what it had.
    /// Names and values are percent-encoded: letters, digits and `*-._` stay as
    /// they are, a space is `%20` and `+` is `%2B` (never a `+`, which a reader
    /// may take for a space), so that reading the result back gives the same
    /// values and no hint about its encoding.
    /// **The result holds the password**: it is meant for the wire, never for a log.
    ///
    /// ```
    /// use cvm_rules::{Context, Profile, Request};
    /// let built = Request::new(Profile::LEGACY_2017)
    ///     .with_instance_id("ins-r8hr2upy")
    ///     .with_password("abc123ABC!@#");
    /// let query = built.to_query_exposing_password();
    /// assert!(query.starts_with("Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1="));
    /// let back = Request::from_query(query.as_bytes(), Profile::LEGACY_2017);
    /// assert!(back.validate(&Context::new()).is_valid());
    /// ```
    pub fn to_query_exposing_password(&self) -> String {
        let mut out = String::new();
        let mut append_pair = |name: &str, value: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            let _ = core::fmt::Write::write_fmt(
                &mut out,
                format_args!(
                    "{}={}",
                    percent_encoding::utf8_percent_encode(name, QUERY_ENCODED),
                    percent_encoding::utf8_percent_encode(value, QUERY_ENCODED)
                ),
            );
        };
        let built = self.form == RequestForm::Built;
        let base = match self.instance_ids.first().map(|item| &item.name) {
            Some(ItemName::Index(first)) if self.profile.index_bases().contains(first) => *first,
            _ => self.profile.index_base(),
        };
        let mut item_name = String::new();
        for param in Param::ALL {
            let name = param.name();
            let value = match param.kind() {
                Kind::Text(rule) => self.text(param).text().or_else(|| match rule {
                    // A request built in code is a complete request of its profile.
                    TextRule::Fixed { expected, .. } if built => Some(expected(self.profile)),
                    TextRule::Fixed { .. } | TextRule::MaxChars { .. } => None,
                }),
                Kind::Secret => self.password.as_ref().map(Password::expose),
                Kind::Items => {
                    for (i, item) in self.instance_ids.iter().enumerate() {
                        item_name.clear();
                        let _ = core::fmt::Write::write_fmt(
                            &mut item_name,
                            format_args!("{name}.{}", base + i as u64),
                        );
                        append_pair(&item_name, item.id.as_deref().unwrap_or(""));
                    }
                    None
                }
                Kind::Flag(_) => self
                    .flag(param)
                    .given()
                    .map(|b| if b { "TRUE" } else { "FALSE" }),
            };
            if let Some(value) = value {
                append_pair(name, value);
            }
        }
        out
    }

    /// The request as the API 3.0 JSON body, for sending it: `InstanceIds` (an
    /// array of strings), `Password`, `UserName` and `ForceStop` (a Boolean), each
    /// when the request has it, in that order, with the strings escaped by
    /// `serde_json`. It needs no cargo feature (`serde_json` is a dependency of
    /// every build, `no_std` included).
    ///
    /// `Action` and `Version` are not in the body: API 3.0 takes them as the
    /// headers `X-TC-Action` and `X-TC-Version` (`ResetInstancesPassword` and
    /// [`Profile::version`](crate::Profile::version)), as Tencent's SDKs send them;
    /// a value the request holds for either is left out, so validate a request
    /// before writing it. An unreadable item is `null` in its place; a value
    /// the request could not read (an unreadable password, a `ForceStop` that is
    /// not a Boolean) is left out.
    /// **The result holds the password**: it is meant for the wire, never for a log.
    ///
    /// ```
    /// use cvm_rules::{Context, Profile, Request};
    /// let built = Request::new(Profile::API3)
    ///     .with_instance_ids(["ins-r8hr2upy", "ins-5d8a23rs"])
    ///     .with_password("abc123ABC!@#")
    ///     .with_force_stop(true);
    /// let body = built.to_json_exposing_password();
    /// assert_eq!(
    ///     body,
    ///     r#"{"InstanceIds":["ins-r8hr2upy","ins-5d8a23rs"],"Password":"abc123ABC!@#","ForceStop":true}"#
    /// );
    /// let back = Request::from_json(body.as_bytes(), Profile::API3);
    /// assert!(back.validate(&Context::new()).is_valid());
    /// ```
    pub fn to_json_exposing_password(&self) -> String {
        json::write(self)
    }

    /// The request cut into requests of at most the profile's batch size
    /// ([`Profile::max_instance_ids`](crate::Profile::max_instance_ids), 100
    /// for both built-in profiles), to send one after the other: the items in
    /// order, and in each batch the same profile, form, password, `UserName`,
    /// `ForceStop`, `Action` and `Version` (as given: a built request without
    /// `Action` gets the profile's when written, as the request itself would).
    ///
    /// - A request of at most one batch of items, none included, gives one
    ///   batch: a copy of itself, so that its own problems (no ids) still show.
    /// - An unreadable item stays in its place in its batch and counts like the
    ///   others.
    /// - The wire diagnostics of a read request go with its batches: those of
    ///   the request as a whole (a repeated `Password`, an unknown name, an input
    ///   refused) with every batch, those of an item with the item's batch, at
    ///   its place there. So each batch's report shows every problem of its
    ///   part of the input, and a request read with problems gives batches
    ///   that do not validate either.
    /// - Items keep their names, so that a diagnostic names the item of the
    ///   input (`InstanceIds.101`); the query writer numbers the items of every
    ///   batch after the first from the profile's first index.
    /// - A rule over the whole list sees one batch: an id given in two batches
    ///   is found by validating the request itself.
    ///
    /// ```
    /// use cvm_rules::{Context, Profile, Request};
    /// let ids: Vec<String> = (1..=101).map(|i| format!("ins-{i:08}")).collect();
    /// let request = Request::new(Profile::API3)
    ///     .with_instance_ids(ids.iter().map(String::as_str))
    ///     .with_password("abc123ABC!@#")
    ///     .with_force_stop(true);
    /// let report = request.validate(&Context::new());
    /// assert_eq!(report.first_error().unwrap().rule().as_str(), "instance_ids.count");
    ///
    /// let batches: Vec<Request> = request.batches().collect();
    /// assert_eq!(batches.len(), 2);
    /// assert_eq!(batches[0].instance_id_count(), 100);
    /// assert_eq!(batches[1].instance_id_values().collect::<Vec<_>>(), ["ins-00000101"]);
    /// assert!(batches.iter().all(|batch| batch.validate(&Context::new()).is_valid()));
    /// ```
    pub fn batches(&self) -> impl ExactSizeIterator<Item = Request<'a, 'p>> {
        let size = self.profile.max_instance_ids().max(1);
        let count = self.instance_ids.len().div_ceil(size).max(1);
        (0..count).map(move |batch| self.batch(batch * size, size))
    }

    /// The batch of at most `size` items from `start` (see [`Request::batches`]).
    fn batch(&self, start: usize, size: usize) -> Request<'a, 'p> {
        let end = start.saturating_add(size).min(self.instance_ids.len());
        let items = self.instance_ids.get(start..end).unwrap_or_default();
        let wire = self
            .wire
            .iter()
            .filter_map(|d| match d.field() {
                Field::InstanceId { position, name } => {
                    (start..end).contains(position).then(|| {
                        let field = Field::InstanceId {
                            position: position - start,
                            name: name.clone(),
                        };
                        Diagnostic::new(d.rule(), d.severity(), d.code(), field, d.params().clone())
                    })
                }
                _ => Some(d.clone()),
            })
            .collect();
        Request {
            profile: self.profile,
            form: self.form,
            texts: self.texts.clone(),
            instance_ids: items.to_vec(),
            instance_ids_unreadable: self.instance_ids_unreadable,
            password: self.password.clone(),
            password_unreadable: self.password_unreadable,
            password_had_plus: self.password_had_plus,
            flags: self.flags,
            wire,
            refused: self.refused,
            unknown_names: self.unknown_names,
        }
    }

    /// The value of a text parameter, as read or set.
    pub(crate) fn text(&self, param: Param) -> &Scalar<'a> {
        &self.texts[param.slot()]
    }

    /// The value of a Boolean parameter, as read or set.
    pub(crate) fn flag(&self, param: Param) -> Flag {
        self.flags[param.slot()]
    }

    /// Stores the value of a text parameter or the password, as read.
    pub(crate) fn set_text(&mut self, param: Param, value: Scalar<'a>) {
        match param.kind() {
            Kind::Text(_) => self.texts[param.slot()] = value,
            Kind::Secret => match value {
                Scalar::Given(text) => self.password = Some(Password::new(text)),
                Scalar::Unreadable => self.password_unreadable = true,
                Scalar::Absent => {}
            },
            Kind::Items | Kind::Flag(_) => {}
        }
    }

    /// Stores the value of a Boolean parameter, as read.
    pub(crate) fn set_flag(&mut self, param: Param, value: Flag) {
        if let Kind::Flag(_) = param.kind() {
            self.flags[param.slot()] = value;
        }
    }

    /// Records a wire-form problem.
    pub(crate) fn report(&mut self, rule: RuleId, field: Field, params: Params) {
        self.wire.push(self.profile.diagnostic(rule, field, params));
    }

    /// Records an unknown parameter (a warning, with a suggestion when a known name
    /// is close). `number` is its 1-based place among the input's parameters.
    ///
    /// Its name is shown only when it looks like a parameter name and came with a
    /// value, and, directly after `Password`, only when it is a known name but for
    /// case (`password`): a `&` left unencoded in a password turns the rest of the
    /// password into a "name" (`Password=Ab1!&Secret9`), which must not be echoed.
    /// Such a name is shown as `#<number>`, and the message says to send `&` as `%26`.
    pub(crate) fn report_unknown(
        &mut self,
        name: &str,
        number: usize,
        has_value: bool,
        after_password: bool,
    ) {
        let position = self.unknown_names;
        self.unknown_names += 1;
        let shown = has_value
            && parameters::looks_like_a_name(name)
            && (!after_password || parameters::is_known_ignoring_case(name));
        let (name, suggestion): (Box<str>, _) = if shown {
            (name.into(), parameters::suggest(name))
        } else {
            (alloc::format!("#{number}").into(), None)
        };
        self.report(
            RuleId::ParamUnknown,
            Field::Unknown { position, name },
            Params::Unknown {
                suggestion,
                name_hidden: !shown,
                after_password,
            },
        );
    }

    /// Refuses the whole input as too large: over [`MAX_INPUT_BYTES`] bytes or
    /// [`MAX_PARAMS`] parameters (`params` as far as they were counted), either form.
    pub(crate) fn refuse_too_large(&mut self, bytes: usize, params: usize) {
        self.refuse(
            RuleId::InputTooLarge,
            Params::TooLarge {
                max_bytes: MAX_INPUT_BYTES,
                max_params: MAX_PARAMS,
                bytes,
                params,
            },
        );
    }

    /// Refuses the whole input with one diagnostic.
    pub(crate) fn refuse(&mut self, rule: RuleId, params: Params) {
        self.wire.clear();
        self.report(rule, Field::Input, params);
        self.refused = true;
    }
}

/// The builder and getter methods that the parameter list names, by kind.
macro_rules! request_methods {
    (
        params: [$($(#[$doc:meta])* $name:ident $($shown:literal)? : $kind:ident $(($($arg:tt)*))? $(=> $rule:ident)? $({ $($method:ident : $method_name:ident),* })?;)*]
        common: [$($common:ident),*]
    ) => {
        impl<'a, 'p> Request<'a, 'p> {
            $($($(
                request_method!($kind $name $method $method_name);
            )*)?)*
        }
    };
}

/// One builder or getter method of a parameter.
macro_rules! request_method {
    (text $name:ident set $method:ident) => {
        #[doc = concat!("Sets `", stringify!($name), "` (empty text is absent).")]
        pub fn $method(mut self, value: impl Into<Cow<'a, str>>) -> Self {
            self.texts[Param::$name.slot()] = Scalar::from_text(value.into());
            self
        }
    };
    (text $name:ident get $method:ident) => {
        #[doc = concat!("`", stringify!($name), "`, if given.")]
        pub fn $method(&self) -> Option<&str> {
            self.text(Param::$name).text()
        }
    };
    (flag $name:ident set $method:ident) => {
        #[doc = concat!("Sets `", stringify!($name), "`.")]
        pub fn $method(mut self, value: bool) -> Self {
            self.flags[Param::$name.slot()] = Flag::Given(value);
            self
        }
    };
    (flag $name:ident get $method:ident) => {
        #[doc = concat!("`", stringify!($name), "`, if given as a Boolean.")]
        pub fn $method(&self) -> Option<bool> {
            self.flag(Param::$name).given()
        }
    };
}

crate::diagnostic::with_parameters!(request_methods);

/// The builders' names before 0.2, kept one release for code written against
/// them: each calls its `with_` twin.
impl<'a, 'p> Request<'a, 'p> {
    /// [`Request::with_action`].
    #[deprecated(since = "0.2.0", note = "renamed `with_action`")]
    #[doc(hidden)]
    pub fn action(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.with_action(value)
    }

    /// [`Request::with_version`].
    #[deprecated(since = "0.2.0", note = "renamed `with_version`")]
    #[doc(hidden)]
    pub fn version(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.with_version(value)
    }

    /// [`Request::with_instance_id`].
    #[deprecated(since = "0.2.0", note = "renamed `with_instance_id`")]
    #[doc(hidden)]
    pub fn instance_id(self, id: impl Into<Cow<'a, str>>) -> Self {
        self.with_instance_id(id)
    }

    /// [`Request::with_instance_ids`].
    #[deprecated(since = "0.2.0", note = "renamed `with_instance_ids`")]
    #[doc(hidden)]
    pub fn instance_ids<I, S>(self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<Cow<'a, str>>,
    {
        self.with_instance_ids(ids)
    }

    /// [`Request::with_password`].
    #[deprecated(since = "0.2.0", note = "renamed `with_password`")]
    #[doc(hidden)]
    pub fn password(self, password: impl Into<Password<'a>>) -> Self {
        self.with_password(password)
    }

    /// [`Request::with_user_name`].
    #[deprecated(since = "0.2.0", note = "renamed `with_user_name`")]
    #[doc(hidden)]
    pub fn user_name(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.with_user_name(value)
    }

    /// [`Request::with_force_stop`].
    #[deprecated(since = "0.2.0", note = "renamed `with_force_stop`")]
    #[doc(hidden)]
    pub fn force_stop(self, value: bool) -> Self {
        self.with_force_stop(value)
    }
}
