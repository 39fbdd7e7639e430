//! Conversions checked across plugins: an action's input must be stored in a format its view
//! reads, and its output's view must write the format its type is stored in, so that an
//! undeclared conversion is refused when the plugin loads, not when a user runs the action.

use std::collections::BTreeSet;

use crate::plugin::PluginDescriptor;
use crate::types::TypeExpr;

/// What the loaded plugins declare: every artifact class (its type and format) and every
/// conversion between a format and a view.
pub(crate) struct Declared {
    classes: Vec<(TypeExpr, String)>,
    transformers: BTreeSet<(String, String)>,
}

impl Declared {
    /// Gathers the declarations of `plugins`.
    pub(crate) fn of<'a>(plugins: impl IntoIterator<Item = &'a PluginDescriptor>) -> Self {
        let mut classes = Vec::new();
        let mut transformers = BTreeSet::new();
        for plugin in plugins {
            for class in &plugin.artifact_classes {
                if let Ok(ty) = class.semantic_type.parse() {
                    classes.push((ty, class.format.clone()));
                }
            }
            for t in &plugin.transformers {
                transformers.insert((t.from.clone(), t.to.clone()));
            }
        }
        Self {
            classes,
            transformers,
        }
    }

    /// The artifact classes an input or output of type `expression` may hold (the elements of
    /// a collection).
    fn classes_of(&self, expression: &str) -> Vec<&(TypeExpr, String)> {
        let Ok(ty) = expression.parse::<TypeExpr>() else {
            return Vec::new();
        };
        let ty = match ty {
            TypeExpr::Collection { element, .. } => *element,
            other => other,
        };
        self.classes
            .iter()
            .filter(|(class, _)| class.is_subtype(&ty))
            .collect()
    }

    fn converts(&self, from: &str, to: &str) -> bool {
        self.transformers
            .contains(&(from.to_owned(), to.to_owned()))
    }

    /// The first conversion `plugin`'s actions need that no loaded plugin declares: where, and
    /// what is missing.
    pub(crate) fn first_missing(&self, plugin: &PluginDescriptor) -> Option<String> {
        for action in &plugin.actions {
            for input in &action.inputs {
                let Some(view) = &input.view else { continue };
                for (class, format) in self.classes_of(&input.qiime_type) {
                    if !self.converts(format, view) {
                        return Some(format!(
                            "action '{}', input '{}': {class} is stored as {format}, which the \
                             view {view} does not read (no transformer from {format} to {view})",
                            action.id, input.name
                        ));
                    }
                }
            }
            for output in &action.outputs {
                let Some(view) = &output.view else { continue };
                for (class, format) in self.classes_of(&output.qiime_type) {
                    if !self.converts(view, format) {
                        return Some(format!(
                            "action '{}', output '{}': {class} is stored as {format}, which the \
                             view {view} does not write (no transformer from {view} to {format})",
                            action.id, output.name
                        ));
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::{ArtifactClassDecl, TransformerDecl};

    fn plugin() -> PluginDescriptor {
        let mut plugin = crate::plugin::demo::build().descriptor().clone();
        plugin.artifact_classes.push(ArtifactClassDecl {
            semantic_type: "LocalAlignmentSearchResults".into(),
            format: "LettersDirectoryFormat".into(),
            description: String::new(),
            metadata_file: None,
            metadata_view: false,
        });
        plugin
    }

    #[test]
    fn inputs_stored_in_a_format_their_view_reads_pass() {
        let plugin = plugin();
        assert_eq!(Declared::of([&plugin]).first_missing(&plugin), None);
    }

    #[test]
    fn an_input_stored_in_a_format_its_view_does_not_read_is_named() {
        let mut plugin = plugin();
        plugin.artifact_classes.last_mut().unwrap().format = "HitsDirectoryFormat".into();
        assert_eq!(
            Declared::of([&plugin]).first_missing(&plugin).unwrap(),
            "action 'tabulate', input 'hits': LocalAlignmentSearchResults is stored as \
             HitsDirectoryFormat, which the view Letters does not read (no transformer from \
             HitsDirectoryFormat to Letters)"
        );
        // Another plugin may declare the conversion.
        let mut other = plugin.clone();
        other.transformers = vec![TransformerDecl {
            from: "HitsDirectoryFormat".into(),
            to: "Letters".into(),
            citations: Vec::new(),
        }];
        assert_eq!(Declared::of([&plugin, &other]).first_missing(&plugin), None);
    }
}
