//! The frame of the plugin's self-contained pages (no network): a title, a style, a body and a
//! script.

use qiime2_plugin::plugin::html::escape;

/// The style every page shares.
const BASE_STYLE: &str = "body{font-family:sans-serif;padding:0 20px 20px;color:#222}\
.seq{font-family:monospace;white-space:pre}\
.match{background:#d4f4d4}.mismatch{background:#f9d0d0}.gap{background:#eee;color:#888}";

/// A complete page: `title` (escaped here) in `<title>` and as a heading, then `body` (already
/// HTML, its values escaped by the caller), with `style` and `script` of its own.
pub fn page(title: &str, style: &str, body: &str, script: &str) -> String {
    let title = escape(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{BASE_STYLE}{style}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n{body}\n<script>{script}</script>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_carry_the_escaped_title_and_need_no_network() {
        let html = page("Hits & <misses>", "", "<p>x</p>", "");
        assert!(html.contains("<title>Hits &amp; &lt;misses&gt;</title>"));
        assert!(html.contains("<h1>Hits &amp; &lt;misses&gt;</h1>\n<p>x</p>"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }
}
