//! The parameter names both readers know, from the parameter list, for a
//! reading of the same input made another way: the fuzz targets' plain readings
//! take their names from here, so a new parameter needs no edit there.

use crate::request::{Kind, PARAMETERS};

/// How a parameter of the action is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WireShape {
    /// A string (the password among them).
    Text,
    /// The instance ids: `Name.N` in the query form, an array of strings in JSON.
    Items,
    /// A Boolean: `TRUE`/`FALSE` in any case in the query form, a JSON boolean.
    Flag,
}

/// Every name the readers know, in the order of the query form: each
/// parameter of the action with its shape, then the API's common parameters
/// (accepted and not checked) with `None`.
///
/// ```
/// use cvm_rules::glue::{WireShape, wire_parameters};
/// let items: Vec<_> = wire_parameters()
///     .filter(|(_, shape)| *shape == Some(WireShape::Items))
///     .map(|(name, _)| name)
///     .collect();
/// assert_eq!(items, ["InstanceIds"]);
/// assert!(wire_parameters().any(|p| p == ("Region", None)));
/// ```
pub fn wire_parameters() -> impl Iterator<Item = (&'static str, Option<WireShape>)> + Clone {
    PARAMETERS.iter().map(|parameter| {
        let shape = parameter.param.map(|param| match param.kind() {
            Kind::Text(_) | Kind::Secret => WireShape::Text,
            Kind::Items => WireShape::Items,
            Kind::Flag(_) => WireShape::Flag,
        });
        (parameter.name, shape)
    })
}
