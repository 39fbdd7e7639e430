//! An action's inputs and parameters as one struct, read before its body runs.

use super::context::ActionContext;
use super::error::ActionError;
use super::field::{Field, Shape, ViewInfo};
use super::handle::{Collection, Handle};
use super::view::View;
use crate::plugin::value::FromParam;

/// The inputs and parameters of an action, as the fields of a struct: derive it with
/// `#[derive(Arguments)]` and mark each field `#[input]`, `#[param]` or `#[params]` (a group of
/// parameters shared by several actions, itself an `Arguments` struct). A field's name is the
/// name in the action's signature; its type is how the body reads it. When the plugin is built,
/// every field is checked against the signature, so a misspelt name, a parameter read as the
/// wrong type or an optional input read as required refuses the plugin with one line.
///
/// ```
/// use qiime2_plugin::plugin::{Arguments, Field};
///
/// /// The scoring parameters of the alignment actions.
/// #[derive(Arguments)]
/// struct Scoring {
///     #[param]
///     match_score: f64,
///     #[param]
///     mismatch_score: f64,
/// }
///
/// let mut fields = Vec::new();
/// Scoring::fields(&mut fields);
/// assert_eq!(fields.iter().map(Field::name).collect::<Vec<_>>(), ["match_score", "mismatch_score"]);
/// ```
///
/// A field that is not marked does not compile:
///
/// ```compile_fail
/// use qiime2_plugin::plugin::Arguments;
///
/// #[derive(Arguments)]
/// struct Unmarked {
///     times: usize, // error: mark the field #[input], #[param] or #[params]
/// }
/// ```
pub trait Arguments: Sized {
    /// Adds the struct's fields, in order, to `fields`.
    fn fields(fields: &mut Vec<Field>);

    /// Reads the fields from the running action's request.
    fn read(context: &ActionContext<'_>) -> Result<Self, ActionError>;
}

/// An action with no inputs or parameters.
impl Arguments for () {
    fn fields(_: &mut Vec<Field>) {}

    fn read(_: &ActionContext<'_>) -> Result<Self, ActionError> {
        Ok(())
    }
}

/// A Rust type an input field can have: a [`View`], `Option<V>` for an optional input,
/// [`Collection<V>`] for a collection or list, or [`Handle`] (and its option and collection)
/// in a pipeline, to pass the input on without reading it.
pub trait InputArg: Sized {
    /// The field `name`, as the signature check sees it.
    fn field(name: &'static str) -> Field;

    /// Reads input `name` of the running action.
    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError>;
}

impl<V: View> InputArg for V {
    fn field(name: &'static str) -> Field {
        Field::input(name, Shape::One, Some(ViewInfo::of::<V>()))
    }

    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError> {
        context.input(name)
    }
}

impl<V: View> InputArg for Option<V> {
    fn field(name: &'static str) -> Field {
        Field::input(name, Shape::Optional, Some(ViewInfo::of::<V>()))
    }

    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError> {
        context.optional_input(name)
    }
}

impl<V: View> InputArg for Collection<V> {
    fn field(name: &'static str) -> Field {
        Field::input(name, Shape::Collection, Some(ViewInfo::of::<V>()))
    }

    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError> {
        context.input_collection(name)
    }
}

impl InputArg for Handle {
    fn field(name: &'static str) -> Field {
        Field::input(name, Shape::One, None)
    }

    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError> {
        context.input_handle(name)
    }
}

impl InputArg for Option<Handle> {
    fn field(name: &'static str) -> Field {
        Field::input(name, Shape::Optional, None)
    }

    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError> {
        context.optional_input_handle(name)
    }
}

impl InputArg for Collection<Handle> {
    fn field(name: &'static str) -> Field {
        Field::input(name, Shape::Collection, None)
    }

    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError> {
        context.input_handles(name)
    }
}

/// A Rust type a parameter field can have: every [`FromParam`] type.
pub trait ParamArg: Sized {
    /// The field `name`, as the signature check sees it.
    fn field(name: &'static str) -> Field;

    /// Reads parameter `name` of the running action.
    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError>;
}

impl<T: FromParam> ParamArg for T {
    fn field(name: &'static str) -> Field {
        Field::param::<T>(name)
    }

    fn read(context: &ActionContext<'_>, name: &str) -> Result<Self, ActionError> {
        context.param(name)
    }
}
