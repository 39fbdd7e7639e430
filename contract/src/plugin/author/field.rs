//! What an action's body reads and writes, field by field, as the plugin checks it against the
//! action's registered signature when it is built.

use super::view::View;
use crate::plugin::value::FromParam;
use crate::types::TypeExpr;

/// One input, parameter or output of an action's [`Arguments`](crate::plugin::Arguments) or
/// [`Results`](crate::plugin::Results) struct: its name and the Rust type the body uses.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub(crate) name: &'static str,
    pub(crate) kind: FieldKind,
}

/// How many artifacts a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One artifact.
    One,
    /// One artifact, or none for an optional input left out.
    Optional,
    /// Keyed artifacts: a `Collection[...]`, `List[...]` or `Set[...]`.
    Collection,
}

/// The view a field is read as or written from: its name and its declared conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ViewInfo {
    pub(crate) name: &'static str,
    pub(crate) reads: &'static [&'static str],
    pub(crate) writes: &'static str,
}

impl ViewInfo {
    pub(crate) fn of<V: View>() -> Self {
        Self {
            name: V::NAME,
            reads: V::READS,
            writes: V::WRITES,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum FieldKind {
    /// An artifact input, read as `view` (`None`: a pipeline's [`Handle`](crate::plugin::Handle)).
    Input {
        shape: Shape,
        view: Option<ViewInfo>,
    },
    /// A parameter read as the Rust type named `rust`.
    Param {
        rust: fn() -> String,
        accepts: fn(&TypeExpr) -> bool,
        optional: bool,
    },
    /// An output, written from `view` (`None`: a pipeline's [`Handle`](crate::plugin::Handle)).
    Output {
        shape: Shape,
        view: Option<ViewInfo>,
    },
}

impl Field {
    pub(crate) fn input(name: &'static str, shape: Shape, view: Option<ViewInfo>) -> Self {
        Self {
            name,
            kind: FieldKind::Input { shape, view },
        }
    }

    pub(crate) fn output(name: &'static str, shape: Shape, view: Option<ViewInfo>) -> Self {
        Self {
            name,
            kind: FieldKind::Output { shape, view },
        }
    }

    /// Parameter `name`, read as `T`.
    pub(crate) fn param<T: FromParam>(name: &'static str) -> Self {
        Self {
            name,
            kind: FieldKind::Param {
                rust: T::rust_name,
                accepts: T::accepts,
                optional: T::OPTIONAL,
            },
        }
    }

    /// The field's name: the name of the input, parameter or output in the signature.
    pub fn name(&self) -> &'static str {
        self.name
    }
}
