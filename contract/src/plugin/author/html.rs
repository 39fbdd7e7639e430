//! Safe values for the HTML pages a visualizer writes.
//!
//! Every value a page shows (ids, metadata, titles, file contents) may hold characters that HTML
//! gives a meaning to: `<script>` in a sample id must show as text, not run. Pass each value
//! through [`escape`] before it goes into element content or a quoted attribute, and hand data
//! meant for the page's own script to [`json_script`], which embeds it once as JSON that no value
//! can break out of.
//!
//! ```
//! use qiime2_plugin::plugin::html;
//!
//! let id = "<script>alert(1)</script>";
//! let row = format!("<tr><td>{}</td></tr>", html::escape(id));
//! assert_eq!(row, "<tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr>");
//! ```

/// Escapes `text` for HTML element content and for attribute values in double or single quotes.
///
/// ```
/// use qiime2_plugin::plugin::html::escape;
///
/// assert_eq!(escape("Hits & <misses>"), "Hits &amp; &lt;misses&gt;");
/// assert_eq!(
///     format!("<td title=\"{}\">", escape("say \"hi\"")),
///     "<td title=\"say &quot;hi&quot;\">"
/// );
/// ```
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

/// A `<script type="application/json">` element with id `id` holding `value` as JSON.
///
/// The page's script reads it back with
/// `JSON.parse(document.getElementById(id).textContent)`. The characters that could end the
/// element or start markup (`<`, `>`, `&`) and the two line separators old JavaScript engines
/// reject are written as `\uXXXX` escapes, which JSON reads back as the same text.
///
/// ```
/// use qiime2_plugin::plugin::html::json_script;
///
/// let data = serde_json::json!({ "ids": ["</script><b>x</b>"] });
/// assert_eq!(
///     json_script("data", &data),
///     "<script type=\"application/json\" id=\"data\">\
///      {\"ids\":[\"\\u003c/script\\u003e\\u003cb\\u003ex\\u003c/b\\u003e\"]}</script>"
/// );
/// ```
pub fn json_script(id: &str, value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = format!("<script type=\"application/json\" id=\"{}\">", escape(id));
    out.reserve(json.len() + "</script>".len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push_str("</script>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escape("plain ünïcode"), "plain ünïcode");
    }

    #[test]
    fn json_in_a_script_cannot_close_it_and_reads_back_unchanged() {
        let hostile = "</script><script>alert(1)</script><!-- & \u{2028}\u{2029}";
        let value = serde_json::json!({ "id": hostile, "<key>": [1.5, "x"] });
        let element = json_script("d\"x", &value);
        let body = element
            .strip_prefix("<script type=\"application/json\" id=\"d&quot;x\">")
            .and_then(|rest| rest.strip_suffix("</script>"))
            .expect("one element");
        assert!(
            !body.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{body}"
        );
        let back: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(back, value);
    }
}
