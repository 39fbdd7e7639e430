//! Small text helpers: command-line names, shell quoting, comment wrapping.

/// The command-line spelling of an id or variable: `_` becomes `-` (`split_size` -> `split-size`).
///
/// # Examples
/// ```
/// assert_eq!(qiime2::usage::cli_name("search_and_summarize"), "search-and-summarize");
/// ```
pub fn cli_name(name: &str) -> String {
    name.replace('_', "-")
}

/// Quotes `text` for a POSIX shell, leaving it alone when it needs no quotes (as `shlex.quote`).
///
/// # Examples
/// ```
/// use qiime2::usage::shell_quote;
/// assert_eq!(shell_quote("hits.qza"), "hits.qza");
/// assert_eq!(shell_quote("gene location"), "'gene location'");
/// assert_eq!(shell_quote("it's"), r#"'it'"'"'s'"#);
/// ```
pub fn shell_quote(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c);
    if text.is_empty() {
        "''".to_owned()
    } else if text.chars().all(safe) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r#"'"'"'"#))
    }
}

/// Splits `text` into lines of at most `width` characters at whitespace; words longer than a line
/// are cut, filling the current line first (as Python's `textwrap.wrap`).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line: Vec<char> = Vec::new();
    for word in text.split_whitespace() {
        let word: Vec<char> = word.chars().collect();
        let needed = if line.is_empty() {
            word.len()
        } else {
            line.len() + 1 + word.len()
        };
        if needed <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.extend(&word);
            continue;
        }
        let mut rest = &word[..];
        if rest.len() > width && !line.is_empty() {
            let room = width.saturating_sub(line.len() + 1);
            if room > 0 {
                line.push(' ');
                line.extend(&rest[..room]);
                rest = &rest[room..];
            }
        }
        if !line.is_empty() {
            lines.push(line.drain(..).collect());
        }
        while rest.len() > width {
            lines.push(rest[..width].iter().collect());
            rest = &rest[width..];
        }
        line.extend(rest);
    }
    if !line.is_empty() {
        lines.push(line.into_iter().collect());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_fills_lines_greedily() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("  spaced   out\nwords ", 80), ["spaced out words"]);
        assert!(wrap("   ", 10).is_empty());
    }

    #[test]
    fn long_words_are_cut_after_filling_the_line() {
        assert_eq!(wrap("ab cdefghij", 6), ["ab cde", "fghij"]);
        assert_eq!(wrap("abcdefghijklm", 5), ["abcde", "fghij", "klm"]);
    }

    #[test]
    fn quoting_handles_empty_and_unsafe_text() {
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a$b"), "'a$b'");
        assert_eq!(shell_quote("Range(1,2)"), "'Range(1,2)'");
    }
}
