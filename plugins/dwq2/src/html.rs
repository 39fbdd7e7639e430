//! Self-contained HTML pages: escaping, the page frame, and a table sortable by its headers.

use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;padding:20px}\
table{border-collapse:collapse}\
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;white-space:nowrap}\
th{background:#f2f2f2;cursor:pointer;user-select:none}\
th.sorted-asc::after{content:' \\25B2'}th.sorted-desc::after{content:' \\25BC'}\
.seq{font-family:monospace;white-space:pre}\
.match{background:#d4f4d4}.mismatch{background:#f9d0d0}.gap{background:#eee;color:#888}";

/// Sorts a table when a header is clicked: numbers numerically, text alphabetically; a second
/// click reverses the order.
const SORT_SCRIPT: &str = r#"
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, column) {
    th.addEventListener('click', function () {
      var numeric = th.dataset.type === 'number';
      var ascending = !th.classList.contains('sorted-asc');
      table.querySelectorAll('th').forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(ascending ? 'sorted-asc' : 'sorted-desc');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent, y = b.cells[column].textContent;
        var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"#;

/// A complete page: `title` in `<title>` and as a heading, then `body` (already HTML).
pub fn page(title: &str, body: &str) -> String {
    let title = escape(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}\n\
         <script>{SORT_SCRIPT}</script>\n</body>\n</html>\n"
    )
}

/// One column of a [`table`].
pub struct Column {
    /// The header text.
    pub name: String,
    /// Whether the column sorts numerically.
    pub numeric: bool,
    /// Whether cells are sequences (shown in a monospace font).
    pub sequence: bool,
}

/// A sortable table of `rows` (cell texts, escaped here) under `columns`.
pub fn table(id: &str, columns: &[Column], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "<table id=\"{}\" class=\"sortable\">\n<thead><tr>",
        escape(id)
    );
    for column in columns {
        let kind = if column.numeric { "number" } else { "text" };
        let _ = write!(
            out,
            "<th data-type=\"{kind}\">{}</th>",
            escape(&column.name)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (cell, column) in row.iter().zip(columns) {
            let class = if column.sequence {
                " class=\"seq\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn tables_mark_numeric_columns_and_escape_cells() {
        let columns = [
            Column {
                name: "id".into(),
                numeric: false,
                sequence: false,
            },
            Column {
                name: "score".into(),
                numeric: true,
                sequence: false,
            },
        ];
        let html = table("hits", &columns, &[vec!["<q1>".into(), "40.0".into()]]);
        assert!(html.contains("<th data-type=\"text\">id</th><th data-type=\"number\">score</th>"));
        assert!(html.contains("<td>&lt;q1&gt;</td><td>40.0</td>"));
    }

    #[test]
    fn pages_carry_the_title_and_need_no_network() {
        let html = page("Hits & misses", "<p>x</p>");
        assert!(html.contains("<title>Hits &amp; misses</title>"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }
}
