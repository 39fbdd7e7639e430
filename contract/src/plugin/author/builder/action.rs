//! Declaring one action: its name, description, inputs, parameters, outputs and citations.

use crate::plugin::{ActionSignature, InputSpec, OutputSpec, ParamValue, ParameterSpec};

/// Fills in one action's signature; returned by [`PluginBuilder::method`](crate::plugin::PluginBuilder::method) and friends.
///
/// Each call adds to the signature and returns the builder; inputs, parameters and outputs keep
/// the order they are added in (the order of `--help`). Shared groups of settings can live in a
/// function applied with [`with`](Self::with).
///
/// # Examples
///
/// ```
/// use qiime2_plugin::plugin::{ActionBuilder, ActionError, Arguments, Handle, Results};
///
/// #[derive(Arguments)]
/// struct Align {
///     #[input]
///     seqs: Handle,
///     #[param]
///     match_score: i64,
///     #[param]
///     mismatch_score: i64,
///     #[param]
///     label: Option<String>,
/// }
///
/// #[derive(Results)]
/// struct Aligned {
///     alignment: Handle,
/// }
///
/// fn align(args: Align) -> Result<Aligned, ActionError> {
///     Ok(Aligned { alignment: args.seqs })
/// }
///
/// /// The scoring parameters several actions share.
/// fn scoring(action: ActionBuilder<'_>) -> ActionBuilder<'_> {
///     action
///         .parameter_with_default("match_score", "Int", 1, "Score of a match.")
///         .parameter_with_default("mismatch_score", "Int", -1, "Score of a mismatch.")
/// }
///
/// fn register(plugin: &mut qiime2_plugin::plugin::PluginBuilder) {
///     plugin
///         .pipeline("align", align)
///         .name("Align.")
///         .description("Aligns two sequences.")
///         .input("seqs", "FeatureData[Sequence]", "The sequences.")
///         .with(scoring)
///         .optional_parameter("label", "Str", "A label, if any.")
///         .output("alignment", "FeatureData[AlignedSequence]", "The alignment.");
/// }
/// # let _ = register;
/// ```
pub struct ActionBuilder<'a> {
    pub(super) signature: &'a mut ActionSignature,
}

impl ActionBuilder<'_> {
    /// Sets the one-line name shown in listings.
    pub fn name(self, name: &str) -> Self {
        self.signature.name = name.to_owned();
        self
    }

    /// Sets the paragraph shown in `--help`.
    pub fn description(self, description: &str) -> Self {
        self.signature.description = description.to_owned();
        self
    }

    /// Adds a required artifact input of a semantic type.
    pub fn input(self, name: &str, qiime_type: &str, description: &str) -> Self {
        self.push_input(name, qiime_type, description, false)
    }

    /// Adds an artifact input that may be left out.
    pub fn optional_input(self, name: &str, qiime_type: &str, description: &str) -> Self {
        self.push_input(name, qiime_type, description, true)
    }

    fn push_input(self, name: &str, qiime_type: &str, description: &str, optional: bool) -> Self {
        self.signature.inputs.push(InputSpec {
            name: name.to_owned(),
            qiime_type: qiime_type.to_owned(),
            description: description.to_owned(),
            optional,
            view: None,
        });
        self
    }

    /// Adds a required parameter (no default).
    pub fn parameter(self, name: &str, qiime_type: &str, description: &str) -> Self {
        self.push_parameter(name, qiime_type, description, None)
    }

    /// Adds a parameter with a default value.
    pub fn parameter_with_default(
        self,
        name: &str,
        qiime_type: &str,
        default: impl Into<ParamValue>,
        description: &str,
    ) -> Self {
        self.push_parameter(name, qiime_type, description, Some(default.into()))
    }

    /// Adds a parameter that may be left out (its default is no value).
    pub fn optional_parameter(self, name: &str, qiime_type: &str, description: &str) -> Self {
        self.push_parameter(name, qiime_type, description, Some(ParamValue::Null))
    }

    fn push_parameter(
        self,
        name: &str,
        qiime_type: &str,
        description: &str,
        default: Option<ParamValue>,
    ) -> Self {
        self.signature.parameters.push(ParameterSpec {
            name: name.to_owned(),
            qiime_type: qiime_type.to_owned(),
            description: description.to_owned(),
            default,
        });
        self
    }

    /// Adds an output; outputs keep the order they are added in.
    pub fn output(self, name: &str, qiime_type: &str, description: &str) -> Self {
        self.signature.outputs.push(OutputSpec {
            name: name.to_owned(),
            qiime_type: qiime_type.to_owned(),
            description: description.to_owned(),
            view: None,
        });
        self
    }

    /// Applies `f` to this builder, so that a group of settings shared by several actions can
    /// live in one function: `.with(|a| scoring_parameters(a))`.
    pub fn with(self, f: impl FnOnce(Self) -> Self) -> Self {
        f(self)
    }

    /// Cites BibTeX keys of the plugin's `citations.bib` for this action.
    pub fn citations(self, keys: &[&str]) -> Self {
        self.signature
            .citations
            .extend(keys.iter().map(|k| (*k).to_owned()));
        self
    }
}
