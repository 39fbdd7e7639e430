//! Two-column option rows as q2cli lays them out: the option (and its type) on the left, the
//! description wrapped on the right, and a marker (`[required]`, ...) right-aligned at the end.

/// Indent of an option under its section heading.
const INDENT: usize = 2;
/// Width of the left column, indent included; descriptions start two columns after it.
const TERM_WIDTH: usize = 24;
/// Where descriptions start.
const DESCRIPTION_COLUMN: usize = TERM_WIDTH + 2;

/// One option of the help: its left-column lines, description and marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The left column: the option and its type first, then continuation lines.
    pub term: Vec<String>,
    /// The description (wrapped when rendered).
    pub description: String,
    /// `[required]`, `[optional]`, `[default: x]`, or nothing.
    pub marker: Option<String>,
}

impl Row {
    /// A row whose left column is `first`, with `detail` (a type predicate) placed under it when
    /// it fits the column, else after it on the same line.
    pub fn new(first: String, detail: Option<String>, description: &str) -> Self {
        let mut term = vec![first];
        if let Some(detail) = detail {
            if INDENT + 2 + detail.chars().count() <= TERM_WIDTH {
                term.push(format!("  {detail}"));
            } else {
                term[0] = format!("{} {detail}", term[0]);
            }
        }
        Self {
            term,
            description: description.to_owned(),
            marker: None,
        }
    }

    /// The row with `marker` at its end.
    pub fn marked(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }

    /// The row's lines for a help `width` columns wide (each without a newline).
    pub fn render(&self, width: usize) -> Vec<String> {
        let text_width = width.saturating_sub(DESCRIPTION_COLUMN).max(10);
        let mut right = wrap(&self.description, text_width);
        let mut lone_marker = None;
        if let Some(marker) = &self.marker {
            let marker_len = marker.chars().count();
            match right.last_mut() {
                Some(last) if last.chars().count() + 1 + marker_len <= text_width => {
                    let pad = text_width - last.chars().count() - marker_len;
                    last.push_str(&" ".repeat(pad));
                    last.push_str(marker);
                }
                _ => lone_marker = Some(marker),
            }
        }
        let left: Vec<String> = self
            .term
            .iter()
            .map(|t| format!("{}{t}", " ".repeat(INDENT)))
            .collect();
        if left[0].chars().count() > TERM_WIDTH && (!right.is_empty() || lone_marker.is_some()) {
            // the option overflows its column: what goes on the right starts on the next line
            right.insert(0, String::new());
        }
        let marker_row = right.len();
        let rows = left
            .len()
            .max(marker_row + usize::from(lone_marker.is_some()));
        (0..rows)
            .map(|i| {
                let l = left.get(i).map_or("", String::as_str);
                let l_len = l.chars().count();
                match (lone_marker, right.get(i)) {
                    (Some(marker), _) if i == marker_row => {
                        let pad = width.saturating_sub(l_len + marker.chars().count());
                        let pad = if l.is_empty() { pad } else { pad.max(1) };
                        format!("{l}{}{marker}", " ".repeat(pad))
                    }
                    (_, Some(r)) if !r.is_empty() => {
                        let pad = DESCRIPTION_COLUMN.saturating_sub(l_len).max(2);
                        format!("{l}{}{r}", " ".repeat(pad))
                    }
                    _ => l.to_owned(),
                }
            })
            .collect()
    }
}

/// Splits `text` into lines of at most `width` characters at whitespace (longer words stay
/// whole); paragraphs (blank-line separated) are kept apart by an empty line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for (index, paragraph) in text.split("\n\n").enumerate() {
        if index > 0 {
            lines.push(String::new());
        }
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_paragraphs() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("one\n\ntwo  three", 80), ["one", "", "two three"]);
        assert_eq!(wrap("unbreakableword x", 4), ["unbreakableword", "x"]);
        assert!(wrap("", 10).is_empty());
    }

    #[test]
    fn a_short_predicate_goes_under_the_option() {
        let row = Row::new(
            "--p-n INTEGER".into(),
            Some("Range(0, None)".into()),
            "Maximum number of hits to keep; zero keeps every hit found.",
        )
        .marked("[default: 5]");
        assert_eq!(
            row.render(78),
            [
                "  --p-n INTEGER           Maximum number of hits to keep; zero keeps every hit",
                "    Range(0, None)        found.                                  [default: 5]",
            ]
        );
    }

    #[test]
    fn a_long_option_pushes_the_description_down() {
        let row = Row::new(
            "--p-gap-penalty NUMBER".into(),
            Some("Range(0, None, inclusive_start=False)".into()),
            "What opening a gap costs.",
        )
        .marked("[required]");
        assert_eq!(
            row.render(78),
            [
                "  --p-gap-penalty NUMBER Range(0, None, inclusive_start=False)",
                "                          What opening a gap costs.                 [required]",
            ]
        );
    }

    #[test]
    fn a_marker_that_does_not_fit_gets_its_own_line() {
        let row = Row::new("--p-title TEXT".into(), None, "The title of the page.")
            .marked("[default: 'A rather long title for the page, really']");
        assert_eq!(
            row.render(78),
            [
                "  --p-title TEXT          The title of the page.",
                // right-aligned in the whole width, as q2cli does
                "                         [default: 'A rather long title for the page, really']",
            ]
        );
    }

    #[test]
    fn continuation_lines_share_rows_with_the_description() {
        let mut row = Row::new("--m-metadata-file METADATA...".into(), None, "Sample data.");
        row.term.push("  (multiple arguments".into());
        row.term.push("   will be merged)".into());
        let row = row.marked("[optional]");
        assert_eq!(
            row.render(78),
            [
                "  --m-metadata-file METADATA...",
                "    (multiple arguments   Sample data.                              [optional]",
                "     will be merged)",
            ]
        );
    }
}
