//! Why a usage example or an example-data factory breaks a rule.

/// A broken rule of a usage example or factory; the caller adds the plugin, action and example.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExampleError {
    /// An example attached to an action the plugin does not register.
    #[error(
        "usage example '{example}' is for action '{action}', which the plugin does not register"
    )]
    NoSuchAction {
        /// The action named.
        action: String,
        /// The example.
        example: String,
    },
    /// An example name that cannot name a folder.
    #[error(
        "example name '{0}' cannot name a folder: it must not be blank, '.' or '..', nor hold '/', '\\' or control characters"
    )]
    BadExampleName(String),
    /// Two examples of one action with the same name, or names that differ only by `_` and `-`
    /// (their example data would share a folder).
    #[error(
        "usage example '{0}' is defined twice (names that differ only by '_' and '-' count as one: they name the same folder)"
    )]
    DuplicateExample(String),
    /// Two factories with the same id.
    #[error("example-data factory '{0}' is registered twice")]
    DuplicateFactory(String),
    /// An artifact factory whose type is not one semantic type.
    #[error(
        "example-data factory '{factory}' makes '{semantic_type}', which is not one semantic type"
    )]
    BadFactoryType {
        /// The factory.
        factory: String,
        /// Its declared type.
        semantic_type: String,
    },
    /// A variable name that is not an identifier.
    #[error("variable name '{0}' must be ASCII letters, digits and '_', starting with a letter")]
    BadVariableName(String),
    /// A variable used before any step defines it.
    #[error("variable '{0}' is used before it is defined")]
    UndefinedVariable(String),
    /// A peek at a variable that is metadata, not a result.
    #[error("variable '{0}' is metadata; only artifacts and visualizations can be peeked at")]
    NotAResult(String),
    /// A variable defined by two steps.
    #[error("variable '{0}' is defined twice")]
    RedefinedVariable(String),
    /// A step naming a factory the plugin does not register.
    #[error("no example-data factory '{0}' is registered")]
    UnknownFactory(String),
    /// `init_artifact` with a metadata factory, or `init_metadata` with an artifact factory.
    #[error("factory '{factory}' does not make {expected}")]
    WrongFactoryKind {
        /// The factory.
        factory: String,
        /// `an artifact`, `an artifact collection` or `metadata`.
        expected: &'static str,
    },
    /// A call of an action of this plugin that does not exist.
    #[error("the example calls action '{0}', which the plugin does not register")]
    UnknownCallAction(String),
    /// An argument name that is neither an input nor a parameter of the action.
    #[error("action '{action}' has no input or parameter named '{name}'")]
    UnknownArgument {
        /// The action called.
        action: String,
        /// The name given.
        name: String,
    },
    /// An output name the action does not have.
    #[error("action '{action}' has no output named '{name}'")]
    UnknownOutput {
        /// The action called.
        action: String,
        /// The name given.
        name: String,
    },
    /// An input, parameter or output given twice in one call.
    #[error("the call of '{action}' gives '{name}' twice")]
    GivenTwice {
        /// The action called.
        action: String,
        /// The name given twice.
        name: String,
    },
    /// A required input or parameter (no default) left out of a call.
    #[error("the call of '{action}' does not give required {kind} '{name}'")]
    MissingArgument {
        /// The action called.
        action: String,
        /// `input` or `parameter`.
        kind: &'static str,
        /// The name left out.
        name: String,
    },
    /// An output the call does not name.
    #[error("the call of '{action}' does not name output '{name}'")]
    MissingOutput {
        /// The action called.
        action: String,
        /// The output left out.
        name: String,
    },
    /// The wrong kind of argument for an input or parameter (a value for an input, ...).
    #[error("'{name}' of '{action}' takes {expected}")]
    WrongArgument {
        /// The action called.
        action: String,
        /// The input or parameter.
        name: String,
        /// What it takes.
        expected: &'static str,
    },
    /// A variable of the wrong kind (metadata given as an artifact, ...).
    #[error("variable '{variable}' is {found}, not {expected}")]
    WrongVariable {
        /// The variable.
        variable: String,
        /// What it is.
        found: &'static str,
        /// What was expected.
        expected: &'static str,
    },
    /// An artifact variable whose type the input does not accept.
    #[error(
        "variable '{variable}' holds {found}, which input '{name}' of '{action}' ({expected}) does not accept"
    )]
    IncompatibleType {
        /// The action called.
        action: String,
        /// The input.
        name: String,
        /// The variable.
        variable: String,
        /// The variable's type.
        found: String,
        /// The input's type.
        expected: String,
    },
    /// A literal that does not fit its parameter's type.
    #[error("the value given to '{name}' of '{action}' does not fit {expected}: {reason}")]
    BadValue {
        /// The action called.
        action: String,
        /// The parameter.
        name: String,
        /// The parameter's type.
        expected: String,
        /// Why.
        reason: String,
    },
}
