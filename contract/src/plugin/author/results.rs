//! An action's outputs as one struct, written after its body returns.

use super::context::ActionContext;
use super::error::ActionError;
use super::field::{Field, Shape, ViewInfo};
use super::handle::{Collection, Handle};
use super::view::View;

/// The outputs of an action, as the fields of a struct: derive it with `#[derive(Results)]`.
/// A field's name is the output's name in the signature; its type is a [`View`] (or a
/// [`Collection`] of views) for a method, a [`Handle`] (or a collection of handles) for a
/// pipeline. A visualizer returns `()`: it writes its page into
/// [`ActionContext::visualization_dir`].
pub trait Results {
    /// Adds the struct's fields, in order, to `fields`.
    fn fields(fields: &mut Vec<Field>);

    /// Writes (or, for handles, returns) every output.
    fn write(self, context: &mut ActionContext<'_>) -> Result<(), ActionError>;
}

/// No outputs besides a visualizer's page.
impl Results for () {
    fn fields(_: &mut Vec<Field>) {}

    fn write(self, _: &mut ActionContext<'_>) -> Result<(), ActionError> {
        Ok(())
    }
}

/// A Rust type an output field can have: a [`View`] or a [`Collection`] of views (methods), a
/// [`Handle`] or a [`Collection`] of handles (pipelines).
pub trait OutputArg {
    /// The field `name`, as the signature check sees it.
    fn field(name: &'static str) -> Field;

    /// Writes (or returns) output `name` of the running action.
    fn write(self, context: &mut ActionContext<'_>, name: &str) -> Result<(), ActionError>;
}

impl<V: View> OutputArg for V {
    fn field(name: &'static str) -> Field {
        Field::output(name, Shape::One, Some(ViewInfo::of::<V>()))
    }

    fn write(self, context: &mut ActionContext<'_>, name: &str) -> Result<(), ActionError> {
        context.write_output(name, &self)
    }
}

impl<V: View> OutputArg for Collection<V> {
    fn field(name: &'static str) -> Field {
        Field::output(name, Shape::Collection, Some(ViewInfo::of::<V>()))
    }

    fn write(self, context: &mut ActionContext<'_>, name: &str) -> Result<(), ActionError> {
        context.write_collection(name, self)
    }
}

impl OutputArg for Handle {
    fn field(name: &'static str) -> Field {
        Field::output(name, Shape::One, None)
    }

    fn write(self, context: &mut ActionContext<'_>, name: &str) -> Result<(), ActionError> {
        context.set_output(name, self);
        Ok(())
    }
}

impl OutputArg for Collection<Handle> {
    fn field(name: &'static str) -> Field {
        Field::output(name, Shape::Collection, None)
    }

    fn write(self, context: &mut ActionContext<'_>, name: &str) -> Result<(), ActionError> {
        context.set_collection_output(name, self);
        Ok(())
    }
}
