//! An action's body: a function of its [`Arguments`], returning its [`Results`].

use super::arguments::Arguments;
use super::context::ActionContext;
use super::error::ActionError;
use super::field::Field;
use super::results::Results;

/// A function that can be an action's body: `fn(A) -> Result<R, ActionError>`, or
/// `fn(A, &mut ActionContext) -> Result<R, ActionError>` when it needs the context (a
/// visualizer's folder, a pipeline's calls). `M` tells the two forms apart; it is inferred.
pub trait Body<A, R, M>: Send + Sync + 'static {
    /// Runs the body.
    fn run(&self, args: A, context: &mut ActionContext<'_>) -> Result<R, ActionError>;
}

/// Marks a body that takes only its arguments.
#[derive(Debug)]
pub enum ArgumentsOnly {}

/// Marks a body that takes its arguments and the context.
#[derive(Debug)]
pub enum WithContext {}

impl<A, R, F> Body<A, R, ArgumentsOnly> for F
where
    F: Fn(A) -> Result<R, ActionError> + Send + Sync + 'static,
{
    fn run(&self, args: A, _: &mut ActionContext<'_>) -> Result<R, ActionError> {
        self(args)
    }
}

impl<A, R, F> Body<A, R, WithContext> for F
where
    F: Fn(A, &mut ActionContext<'_>) -> Result<R, ActionError> + Send + Sync + 'static,
{
    fn run(&self, args: A, context: &mut ActionContext<'_>) -> Result<R, ActionError> {
        self(args, context)
    }
}

/// A registered body with its arguments and results erased: reads the arguments, runs, writes.
pub type ActionFn = Box<dyn Fn(&mut ActionContext<'_>) -> Result<(), ActionError> + Send + Sync>;

/// Erases `body`'s types; returns it with the fields it reads and writes.
pub(crate) fn erase<A, R, M>(body: impl Body<A, R, M>) -> (ActionFn, Vec<Field>)
where
    A: Arguments + 'static,
    R: Results + 'static,
    M: 'static,
{
    let mut fields = Vec::new();
    A::fields(&mut fields);
    R::fields(&mut fields);
    let run = move |context: &mut ActionContext<'_>| {
        let args = A::read(context)?;
        body.run(args, context)?.write(context)
    };
    (Box::new(run), fields)
}
