//! The parameters of `ResetInstancesPassword`, one row each, in the order of the
//! query form and of diagnostics: the one list that [`Field`](super::Field)'s
//! parameter variants (their order and names), the readers and the writers of
//! both wire forms, the suggestions for near misses, the value checks and the
//! request's builder methods are generated from or read.
//!
//! `with_parameters!(callback)` hands the rows to `callback!`. A row: the wire
//! name (the [`Field`](super::Field) variant), the name suggestions show when it
//! differs, `:` its kind, then `=>` the rule id of a bad value and the
//! builder and getter methods of a [`Request`](crate::Request), where it has
//! them:
//!
//! - `text(fixed F)`: one accepted text, `F(&Profile)` (API 3.0 takes these
//!   as headers, `X-TC-<name>`: the JSON writer leaves them out of the body);
//! - `text(max_chars F)`: at most `F(&Profile)` characters;
//! - `secret`: the password, checked by the profile's policy;
//! - `items`: the instance ids (`InstanceIds.N` in the query form, an array in
//!   JSON; each item is a [`Field::InstanceId`](super::Field::InstanceId));
//! - `flag`: a Boolean (`TRUE`/`FALSE` in any case in the query form, a JSON
//!   boolean).
//!
//! Then the common parameters of the API, accepted and not checked. A new
//! optional Boolean parameter is a `flag` row, its rule id and its message.

/// Hands the rows to `$callback!` (see the module docs).
macro_rules! with_parameters {
    ($callback:ident) => {
        $callback! {
            params: [
                /// `Action`.
                Action: text(fixed expected_action) => ActionValue { set: with_action };
                /// `Version`.
                Version: text(fixed Profile::version) => VersionValue { set: with_version };
                /// `InstanceIds`, the array as a whole.
                InstanceIds "InstanceIds.N": items;
                /// `Password`.
                Password: secret;
                /// `UserName`.
                UserName: text(max_chars Profile::max_user_name_chars) => UsernameLength { set: with_user_name, get: user_name_value };
                /// `ForceStop`.
                ForceStop: flag => ForceStopValue { set: with_force_stop, get: force_stop_value };
            ]
            common: [Region, Timestamp, Nonce, SecretId, Signature, SignatureMethod, Token, Language, RequestClient]
        }
    };
}
pub(crate) use with_parameters;
