//! The rules, one file per parameter family. Each rule is a small pure function or
//! value; the profile supplies its parameters and error codes.

pub(crate) mod instance_id;
pub(crate) mod params;
pub(crate) mod password;
pub(crate) mod username;
