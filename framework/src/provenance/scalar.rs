//! PyYAML's rules for writing one string scalar: when it may stay plain, when it
//! needs single or double quotes, and how long lines fold at width 80.

use std::sync::LazyLock;

use regex::Regex;

/// PyYAML's preferred line width.
const BEST_WIDTH: usize = 80;

/// PyYAML's (YAML 1.1) implicit resolvers for everything that is not a string.
static NON_STRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        // bool
        r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
        // float
        r"|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?",
        r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?",
        r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*",
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        // int
        r"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+",
        r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
        // merge, null, value
        r"|<<|~|null|Null|NULL|=|",
        // timestamp
        r"|[0-9]{4}-[0-9]{2}-[0-9]{2}",
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?",
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
        r")$"
    ))
    .expect("static regex")
});

/// Whether a plain scalar with this text would be read back as a string.
pub(crate) fn resolves_to_str(text: &str) -> bool {
    !NON_STRING.is_match(text)
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// No quotes.
    Plain,
    /// `'...'`.
    Single,
    /// `"..."` with escapes.
    Double,
}

/// What PyYAML's `analyze_scalar` finds out about a text.
struct Analysis {
    multiline: bool,
    allow_block_plain: bool,
    allow_single_quoted: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank_or_end(c: Option<char>) -> bool {
    c.is_none_or(|c| matches!(c, '\0' | ' ' | '\t' | '\r') || is_break(c))
}

fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            multiline: false,
            allow_block_plain: true,
            allow_single_quoted: true,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_ws = true;
    for (i, &ch) in chars.iter().enumerate() {
        let followed_by_ws = is_blank_or_end(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(ch) || ("?:-".contains(ch) && followed_by_ws) {
                block_indicators = true;
            }
        } else if (ch == ':' && followed_by_ws) || (ch == '#' && preceded_by_ws) {
            block_indicators = true;
        }
        if is_break(ch) {
            line_breaks = true;
        }
        // Without allow_unicode every character outside printable ASCII needs escaping.
        if !(ch == '\n' || (' '..='~').contains(&ch)) {
            special = true;
        }
        if ch == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == chars.len() - 1;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(ch) {
            leading_break |= i == 0;
            trailing_break |= i == chars.len() - 1;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = is_blank_or_end(Some(ch));
    }
    let mut allow_block_plain = true;
    let mut allow_single_quoted = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        allow_block_plain = false;
    }
    if break_space {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if space_break || special {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if line_breaks || block_indicators {
        allow_block_plain = false;
    }
    Analysis {
        multiline: line_breaks,
        allow_block_plain,
        allow_single_quoted,
    }
}

/// Chooses the style PyYAML uses for a string in block context.
///
/// `implicit` is false for tagged scalars (`!ref`, `!cite`, ...), which are
/// never plain; `simple_key` is true for mapping keys.
pub(crate) fn choose_style(text: &str, implicit: bool, simple_key: bool) -> Style {
    let a = analyze(text);
    let implicit = implicit && resolves_to_str(text);
    if implicit && !(simple_key && (text.is_empty() || a.multiline)) && a.allow_block_plain {
        return Style::Plain;
    }
    if a.allow_single_quoted && !(simple_key && a.multiline) {
        return Style::Single;
    }
    Style::Double
}

/// Appends text to the output while tracking the current column.
pub(crate) struct Out {
    /// Text written so far.
    pub(crate) text: String,
    /// Column of the next character.
    pub(crate) column: usize,
}

impl Out {
    /// An empty output.
    pub(crate) fn new() -> Self {
        Out {
            text: String::new(),
            column: 0,
        }
    }

    /// Writes text that contains no line break.
    pub(crate) fn put(&mut self, s: &str) {
        self.text.push_str(s);
        self.column += s.chars().count();
    }

    /// Ends the line.
    pub(crate) fn newline(&mut self) {
        self.text.push('\n');
        self.column = 0;
    }

    /// Starts a new line indented by `indent` spaces.
    fn indent(&mut self, indent: usize) {
        self.newline();
        self.put(&" ".repeat(indent));
    }
}

/// Writes `text` in the given style; `indent` is where folded lines continue,
/// `split` allows folding long lines at spaces (false for keys).
pub(crate) fn write_scalar(out: &mut Out, text: &str, style: Style, indent: usize, split: bool) {
    match style {
        Style::Plain => write_plain(out, text, indent, split),
        Style::Single => write_single(out, text, indent, split),
        Style::Double => write_double(out, text, indent, split),
    }
}

fn write_plain(out: &mut Out, text: &str, indent: usize, split: bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    let mut spaces = false;
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        if spaces {
            if ch != Some(' ') {
                if start + 1 == end && out.column > BEST_WIDTH && split {
                    out.indent(indent);
                } else {
                    out.put(&chars[start..end].iter().collect::<String>());
                }
                start = end;
            }
        } else if ch.is_none_or(|c| c == ' ') {
            out.put(&chars[start..end].iter().collect::<String>());
            start = end;
        }
        spaces = ch == Some(' ');
    }
}

fn write_single(out: &mut Out, text: &str, indent: usize, split: bool) {
    let chars: Vec<char> = text.chars().collect();
    out.put("'");
    let (mut start, mut spaces, mut breaks) = (0, false, false);
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        if spaces {
            if ch != Some(' ') {
                if start + 1 == end
                    && out.column > BEST_WIDTH
                    && split
                    && start != 0
                    && end != chars.len()
                {
                    out.indent(indent);
                } else {
                    out.put(&chars[start..end].iter().collect::<String>());
                }
                start = end;
            }
        } else if breaks {
            if ch.is_none_or(|c| !is_break(c)) {
                if chars[start] == '\n' {
                    out.newline();
                }
                for _ in start..end {
                    out.newline();
                }
                out.put(&" ".repeat(indent));
                start = end;
            }
        } else if ch.is_none_or(|c| c == ' ' || is_break(c) || c == '\'') && start < end {
            out.put(&chars[start..end].iter().collect::<String>());
            start = end;
        }
        if ch == Some('\'') {
            out.put("''");
            start = end + 1;
        }
        if let Some(c) = ch {
            spaces = c == ' ';
            breaks = is_break(c);
        }
    }
    out.put("'");
}

fn escape(c: char) -> String {
    match c {
        '\0' => "\\0".into(),
        '\u{7}' => "\\a".into(),
        '\u{8}' => "\\b".into(),
        '\t' => "\\t".into(),
        '\n' => "\\n".into(),
        '\u{b}' => "\\v".into(),
        '\u{c}' => "\\f".into(),
        '\r' => "\\r".into(),
        '\u{1b}' => "\\e".into(),
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        '\u{85}' => "\\N".into(),
        '\u{a0}' => "\\_".into(),
        '\u{2028}' => "\\L".into(),
        '\u{2029}' => "\\P".into(),
        c if (c as u32) <= 0xff => format!("\\x{:02X}", c as u32),
        c if (c as u32) <= 0xffff => format!("\\u{:04X}", c as u32),
        c => format!("\\U{:08X}", c as u32),
    }
}

fn write_double(out: &mut Out, text: &str, indent: usize, split: bool) {
    let chars: Vec<char> = text.chars().collect();
    out.put("\"");
    let mut start = 0;
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        if ch.is_none_or(|c| c == '"' || c == '\\' || !(' '..='~').contains(&c)) {
            if start < end {
                out.put(&chars[start..end].iter().collect::<String>());
                start = end;
            }
            if let Some(c) = ch {
                out.put(&escape(c));
                start = end + 1;
            }
        }
        if 0 < end
            && end + 1 < chars.len()
            && (ch == Some(' ') || start >= end)
            && out.column + end.saturating_sub(start) > BEST_WIDTH
            && split
        {
            let mut data: String = chars[start.min(end)..end].iter().collect();
            data.push('\\');
            if start < end {
                start = end;
            }
            out.put(&data);
            out.indent(indent);
            if chars.get(start) == Some(&' ') {
                out.put("\\");
            }
        }
    }
    out.put("\"");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(s: &str) -> Style {
        choose_style(s, true, false)
    }

    #[test]
    fn strings_that_read_as_other_types_are_quoted() {
        for s in [
            "3.20",
            "3.1",
            "26.3",
            "2026.6",
            "0",
            "-3",
            "0x1F",
            "017",
            "1_000",
            "1.5e+5",
            ".5",
            ".inf",
            "-.Inf",
            ".NaN",
            "yes",
            "No",
            "on",
            "OFF",
            "true",
            "null",
            "~",
            "",
            "<<",
            "=",
            "2026-11-24",
            "2026-11-24 19:36:20",
            "2026-11-24T19:36:20.676867+00:00",
            "1:30",
        ] {
            assert_eq!(style(s), Style::Single, "{s:?}");
        }
    }

    #[test]
    fn ordinary_strings_stay_plain() {
        for s in [
            "2025.4.0.dev0",
            "0+untagged.13.gc7cdf95",
            "4/5",
            "1.4.4",
            "2026.10.19.post1",
            "Local Alignment Search Results",
            "pandas.core.frame:DataFrame",
            "https://qiime2.org",
            "a#b",
            "a-b",
            "-x",
            // YAML 1.1 floats need a '.', so PyYAML leaves these plain.
            "1e5",
            "1e+5",
            "y",
            "nan",
        ] {
            assert_eq!(style(s), Style::Plain, "{s:?}");
        }
    }

    #[test]
    fn indicators_spaces_and_specials() {
        for s in [
            "- a", "-", "? x", ": x", "a: b", "a #b", "#x", "[x]", "{x}", "*x", "&x", "!x", "|",
        ] {
            assert_eq!(style(s), Style::Single, "{s:?}");
        }
        assert_eq!(style(" lead"), Style::Single);
        assert_eq!(style("trail "), Style::Single);
        assert_eq!(style("---x"), Style::Single);
        assert_eq!(style("a\tb"), Style::Double);
        assert_eq!(style("caf\u{e9}"), Style::Double);
        assert_eq!(style("two\nlines"), Style::Single);
        assert_eq!(style("space \nbreak"), Style::Double);
        assert_eq!(choose_style("two\nlines", true, true), Style::Double);
        assert_eq!(choose_style("", true, true), Style::Single);
        assert_eq!(
            choose_style("environment:plugins:x", false, false),
            Style::Single
        );
    }

    fn render(text: &str, s: Style, split: bool) -> String {
        let mut out = Out::new();
        out.put("    title: ");
        write_scalar(&mut out, text, s, 8, split);
        out.text
    }

    #[test]
    fn quoting_and_escapes() {
        assert_eq!(render("it's", Style::Single, true), "    title: 'it''s'");
        assert_eq!(
            render("a\"b\\c\u{e9}\t", Style::Double, true),
            "    title: \"a\\\"b\\\\c\\xE9\\t\""
        );
        assert_eq!(
            render("\u{2603}", Style::Double, true),
            "    title: \"\\u2603\""
        );
        assert_eq!(
            render("a\nb", Style::Single, true),
            "    title: 'a\n\n        b'"
        );
    }

    #[test]
    fn long_lines_fold_at_spaces() {
        let long = "word ".repeat(20) + "end";
        let plain = render(&long, Style::Plain, true);
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].len() > 80 && lines[0].ends_with("word"));
        assert!(lines[1].starts_with("        word"));
        assert_eq!(render(&long, Style::Plain, false).lines().count(), 1);
        let single = render(&long, Style::Single, true);
        assert_eq!(single.lines().count(), 2);
        let double = render(&format!("{long}\t"), Style::Double, true);
        assert!(double.lines().next().unwrap().ends_with('\\'));
    }
}
