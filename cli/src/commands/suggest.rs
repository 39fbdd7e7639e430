//! "Did you mean" for a mistyped plugin or action name.

/// How alike two names must be (Jaro similarity, as clap's own suggestions use).
const THRESHOLD: f64 = 0.7;

/// The names in `known` close to `wanted`, closest first.
pub fn close_matches<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|name| (strsim::jaro(wanted, name), name))
        .filter(|(score, _)| *score > THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().map(|(_, name)| name).collect()
}

/// The error line for an unknown action: one suggestion as a question, several as a list.
pub fn no_such_action(plugin: &str, action: &str, matches: &[&str]) -> String {
    format!(
        "QIIME 2 plugin '{plugin}' has no action '{action}'.{}",
        hint(matches)
    )
}

/// The error line for a first word that is neither a command nor an installed plugin.
pub fn no_such_plugin(word: &str, matches: &[&str]) -> String {
    format!(
        "QIIME 2 has no plugin/command named '{word}'.{}",
        hint(matches)
    )
}

/// One suggestion as a question, several as a list, none as nothing.
fn hint(matches: &[&str]) -> String {
    match matches {
        [] => String::new(),
        [only] => format!("  Did you mean '{only}'?"),
        several => format!("  (Possible commands: {})", several.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested() {
        let known = ["search-and-summarize", "nw-align", "split-sequences"];
        assert_eq!(
            close_matches("search-and-summarise", known),
            ["search-and-summarize"]
        );
        assert!(close_matches("xyz", known).is_empty());
    }

    #[test]
    fn messages_name_the_plugin_and_the_action() {
        assert_eq!(
            no_such_action("dwq2", "nw-allign", &["nw-align"]),
            "QIIME 2 plugin 'dwq2' has no action 'nw-allign'.  Did you mean 'nw-align'?"
        );
        assert_eq!(
            no_such_action("dwq2", "zzz", &[]),
            "QIIME 2 plugin 'dwq2' has no action 'zzz'."
        );
        assert_eq!(
            no_such_action("p", "a", &["ab", "ac"]),
            "QIIME 2 plugin 'p' has no action 'a'.  (Possible commands: ab, ac)"
        );
        assert_eq!(
            no_such_plugin("dwq3", &["dwq2"]),
            "QIIME 2 has no plugin/command named 'dwq3'.  Did you mean 'dwq2'?"
        );
        assert_eq!(
            no_such_plugin("zzz", &[]),
            "QIIME 2 has no plugin/command named 'zzz'."
        );
    }
}
