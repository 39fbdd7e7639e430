//! Each mistake an author can make between a body's fields and its signature, refused when the
//! plugin is built with one line naming the action, the name and the mismatch.

use std::path::Path;

use crate::plugin::{
    ActionBuilder, ActionError, Arguments, BuiltPlugin, Collection, DataDir, Handle, PluginBuilder,
    PluginInfo, Results, View, ViewError,
};

const INFO: PluginInfo = PluginInfo {
    name: "checked",
    version: "1.0.0",
    website: "https://example.org",
    description: "Checked.",
    short_description: "Checked.",
    citations_bib: "",
    citations: &[],
};

/// One line of text in `text.txt`.
struct Text(String);

impl View for Text {
    const NAME: &'static str = "Text";
    const READS: &'static [&'static str] = &["TextFormat", "OldTextFormat"];
    const WRITES: &'static str = "TextFormat";

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        let path = dir.file("text.txt");
        std::fs::read_to_string(&path)
            .map(Text)
            .map_err(|source| ViewError::Io { path, source })
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        let path = dir.join("text.txt");
        std::fs::write(&path, &self.0).map_err(|source| ViewError::Io { path, source })
    }
}

#[derive(Arguments)]
struct Shout {
    #[input]
    text: Text,
    #[param]
    times: usize,
    #[param]
    suffix: Option<String>,
}

#[derive(Results)]
struct Shouted {
    shouted: Text,
}

fn shout(args: Shout) -> Result<Shouted, ActionError> {
    let suffix = args.suffix.unwrap_or_default();
    let loud = format!("{}{suffix}", args.text.0.to_uppercase()).repeat(args.times);
    Ok(Shouted {
        shouted: Text(loud),
    })
}

/// The `shout` method with the signature `declare` gives it; the error of building it, if any.
fn build(
    declare: impl FnOnce(ActionBuilder<'_>) -> ActionBuilder<'_>,
) -> Result<BuiltPlugin, String> {
    BuiltPlugin::from_registrations(&INFO, |plugin: &mut PluginBuilder| {
        plugin.semantic_type("Words", "Words.");
        declare(
            plugin
                .method("shout", shout)
                .name("Shout.")
                .description("Shouts."),
        );
    })
}

fn right(action: ActionBuilder<'_>) -> ActionBuilder<'_> {
    action
        .input("text", "Words", "The text.")
        .parameter_with_default("times", "Int % Range(1, None)", 1, "How often.")
        .optional_parameter("suffix", "Str", "Added after the text.")
        .output("shouted", "Words", "The text, louder.")
}

fn refusal(declare: impl FnOnce(ActionBuilder<'_>) -> ActionBuilder<'_>) -> String {
    match build(declare) {
        Ok(_) => panic!("the plugin was built"),
        Err(err) => {
            assert!(!err.contains('\n'), "one line: {err}");
            err
        }
    }
}

#[test]
fn a_matching_signature_builds_and_records_the_views_and_their_conversions() {
    let plugin = build(right).unwrap();
    let descriptor = plugin.descriptor();
    let action = &descriptor.actions[0];
    assert_eq!(action.inputs[0].view.as_deref(), Some("Text"));
    assert_eq!(action.outputs[0].view.as_deref(), Some("Text"));
    let conversions: Vec<(&str, &str)> = descriptor
        .transformers
        .iter()
        .map(|t| (t.from.as_str(), t.to.as_str()))
        .collect();
    assert_eq!(
        conversions,
        [
            ("TextFormat", "Text"),
            ("OldTextFormat", "Text"),
            ("Text", "TextFormat")
        ]
    );
}

#[test]
fn a_misspelt_name_is_refused_naming_both_sides() {
    let err = refusal(|a| {
        a.input("txt", "Words", "The text.")
            .parameter_with_default("times", "Int", 1, "How often.")
            .optional_parameter("suffix", "Str", "Suffix.")
            .output("shouted", "Words", "Louder.")
    });
    assert_eq!(
        err,
        "plugin 'checked': action 'shout', input 'text': the body has a field 'text', but the \
         signature declares no input of that name (its inputs: txt)"
    );
}

#[test]
fn a_declared_name_without_a_field_is_refused() {
    let err = refusal(|a| right(a).parameter_with_default("volume", "Int", 1, "How loud."));
    assert_eq!(
        err,
        "plugin 'checked': action 'shout', parameter 'volume': the signature declares it, but the \
         body has no field 'volume'"
    );
}

#[test]
fn a_parameter_read_as_the_wrong_type_is_refused() {
    let err = refusal(|a| {
        a.input("text", "Words", "The text.")
            .parameter_with_default("times", "Float", 1.5, "How often.")
            .optional_parameter("suffix", "Str", "Suffix.")
            .output("shouted", "Words", "Louder.")
    });
    assert_eq!(
        err,
        "plugin 'checked': action 'shout', parameter 'times' is Float in the signature, but the \
         body reads it as usize"
    );
}

#[test]
fn optional_and_required_must_agree() {
    let err = refusal(|a| {
        a.input("text", "Words", "The text.")
            .parameter_with_default("times", "Int", 1, "How often.")
            .parameter_with_default("suffix", "Str", "!", "Suffix.")
            .output("shouted", "Words", "Louder.")
    });
    assert!(err.ends_with("parameter 'suffix' always has a value, but the body reads it as Option<String>: read it without Option"), "{err}");
    let err = refusal(|a| {
        a.optional_input("text", "Words", "The text.")
            .parameter_with_default("times", "Int", 1, "How often.")
            .optional_parameter("suffix", "Str", "Suffix.")
            .output("shouted", "Words", "Louder.")
    });
    assert!(
        err.ends_with("input 'text' is Words (optional): the body's field must be an Option, since it may be left out"),
        "{err}"
    );
}

#[test]
fn a_collection_read_as_one_value_is_refused() {
    let err = refusal(|a| {
        a.input("text", "List[Words]", "The texts.")
            .parameter_with_default("times", "Int", 1, "How often.")
            .optional_parameter("suffix", "Str", "Suffix.")
            .output("shouted", "Words", "Louder.")
    });
    assert!(
        err.ends_with("input 'text' is List[Words]: the body's field must be a Collection"),
        "{err}"
    );
}

#[test]
fn a_field_of_the_wrong_role_is_refused() {
    let err = refusal(|a| {
        a.input("text", "Words", "The text.")
            .input("times", "Words", "Not a number.")
            .optional_parameter("suffix", "Str", "Suffix.")
            .output("shouted", "Words", "Louder.")
    });
    assert!(
        err.ends_with(
            "parameter 'times': the signature declares 'times' as an input (mark the field #[input])"
        ),
        "{err}"
    );
}

#[derive(Arguments)]
struct PassOn {
    #[input]
    texts: Collection<Handle>,
}

#[derive(Results)]
struct PassedOn {
    first: Handle,
}

fn pass_on(args: PassOn) -> Result<PassedOn, ActionError> {
    let first = args.texts.into_values().next();
    first
        .map(|first| PassedOn { first })
        .ok_or_else(|| ActionError::msg("no texts"))
}

#[test]
fn handles_are_for_pipelines() {
    let declare = |kind: &str, plugin: &mut PluginBuilder| {
        plugin.semantic_type("Words", "Words.");
        let action = if kind == "pipeline" {
            plugin.pipeline("pass_on", pass_on)
        } else {
            plugin.method("pass_on", pass_on)
        };
        action
            .name("Pass on.")
            .description("Passes the first text on.")
            .input("texts", "Collection[Words]", "Texts.")
            .output("first", "Words", "The first.");
    };
    BuiltPlugin::from_registrations(&INFO, |p| declare("pipeline", p)).unwrap();
    let err = BuiltPlugin::from_registrations(&INFO, |p| declare("method", p))
        .err()
        .unwrap();
    assert_eq!(
        err,
        "plugin 'checked': action 'pass_on', input 'texts': a Handle is for pipelines; a method \
         reads and writes views"
    );
}
