//! A small YAML document tree and a block-style writer that lays it out the way
//! PyYAML does with `default_flow_style=False, indent=4`.

use super::scalar::{Out, choose_style, write_scalar};

/// Indentation step.
const INDENT: usize = 4;

/// One node of a YAML document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A string, plain when PyYAML would leave it plain.
    Str(String),
    /// A non-string scalar already formatted (int, float, bool, null, timestamp); always plain.
    Raw(String),
    /// A tagged string such as `!cite 'KEY'`; never plain.
    Tagged(&'static str, String),
    /// A literal block scalar (`|-`); text ending in two or more newlines would
    /// need a document-end marker after it, which this writer does not add.
    Literal(String),
    /// A sequence, optionally tagged (`!set`).
    Seq(Option<&'static str>, Vec<Node>),
    /// A mapping with string keys, in order.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// Shorthand for a string node.
    pub(crate) fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }
}

/// Renders a top-level mapping as a YAML document.
pub(crate) fn render_document(entries: &[(String, Node)]) -> String {
    let mut out = Out::new();
    write_map(&mut out, entries, 0, false);
    out.text
}

/// Whether PyYAML writes this key in the simple `key: value` form: it must be
/// non-empty, single-line and (with its 5-character `!!str` tag) under 128 characters.
fn is_simple_key(key: &str) -> bool {
    !key.is_empty()
        && !key.contains(['\n', '\u{85}', '\u{2028}', '\u{2029}'])
        && key.chars().count() + 5 < 128
}

/// Writes a scalar-like node after a separating space; `indent` is the
/// continuation indent of folded lines.
fn write_inline(out: &mut Out, node: &Node, indent: usize) {
    match node {
        Node::Str(s) => {
            out.put(" ");
            write_scalar(out, s, choose_style(s, true, false), indent, true);
        }
        Node::Raw(s) => {
            out.put(" ");
            out.put(s);
        }
        Node::Tagged(tag, s) => {
            out.put(&format!(" {tag} "));
            write_scalar(out, s, choose_style(s, false, false), indent, true);
        }
        Node::Literal(s) => {
            let chomp = if !s.ends_with('\n') {
                "-"
            } else if s.ends_with("\n\n") {
                "+"
            } else {
                ""
            };
            let hint = if s.starts_with([' ', '\n']) {
                INDENT.to_string()
            } else {
                String::new()
            };
            out.put(&format!(" |{hint}{chomp}"));
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                out.newline();
                if !line.is_empty() {
                    out.put(&" ".repeat(indent));
                    out.put(line);
                }
            }
        }
        Node::Seq(tag, items) => {
            debug_assert!(items.is_empty());
            match tag {
                Some(t) => out.put(&format!(" {t} []")),
                None => out.put(" []"),
            }
        }
        Node::Map(_) => out.put(" {}"),
    }
}

fn is_block(node: &Node) -> bool {
    match node {
        Node::Seq(_, items) => !items.is_empty(),
        Node::Map(entries) => !entries.is_empty(),
        _ => false,
    }
}

/// Writes a block mapping whose keys sit at column `indent`; when `started` the
/// first key continues a line already written (after a `-` indicator).
fn write_map(out: &mut Out, entries: &[(String, Node)], indent: usize, started: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 || !started {
            out.put(&" ".repeat(indent));
        }
        if is_simple_key(key) {
            write_scalar(out, key, choose_style(key, true, true), 0, false);
            out.put(":");
            write_simple_value(out, value, indent);
        } else {
            out.put("?");
            write_inline(out, &Node::str(key.clone()), indent + INDENT);
            out.newline();
            out.put(&" ".repeat(indent));
            out.put(":");
            write_complex_value(out, value, indent);
        }
    }
}

/// Writes the value after `key:`.
fn write_simple_value(out: &mut Out, value: &Node, indent: usize) {
    match value {
        Node::Map(child) if is_block(value) => {
            out.newline();
            write_map(out, child, indent + INDENT, false);
        }
        Node::Seq(tag, items) if is_block(value) => {
            if let Some(t) = tag {
                out.put(&format!(" {t}"));
            }
            out.newline();
            // Sequences inside mappings are not indented further.
            write_seq(out, items, indent, false);
        }
        _ => {
            write_inline(out, value, indent + INDENT);
            out.newline();
        }
    }
}

/// Writes the value after the `:` line of a `? key` entry; block values start
/// on the same line and are indented one step.
fn write_complex_value(out: &mut Out, value: &Node, indent: usize) {
    match value {
        Node::Map(child) if is_block(value) => {
            out.put(&" ".repeat(INDENT - 1));
            write_map(out, child, indent + INDENT, true);
        }
        Node::Seq(Some(t), items) if is_block(value) => {
            // After a tag the sequence is not indented further.
            out.put(&format!(" {t}"));
            out.newline();
            write_seq(out, items, indent, false);
        }
        Node::Seq(None, items) if is_block(value) => {
            out.put(&" ".repeat(INDENT - 1));
            write_seq(out, items, indent + INDENT, true);
        }
        _ => {
            write_inline(out, value, indent + INDENT);
            out.newline();
        }
    }
}

/// Writes a block sequence with its `-` indicators at column `indent`.
fn write_seq(out: &mut Out, items: &[Node], indent: usize, started: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !started {
            out.put(&" ".repeat(indent));
        }
        out.put("-");
        match item {
            Node::Map(child) if is_block(item) => {
                out.put(&" ".repeat(INDENT - 1));
                write_map(out, child, indent + INDENT, true);
            }
            Node::Seq(tag, child) if is_block(item) => match tag {
                Some(t) => {
                    out.put(&format!(" {t}"));
                    out.newline();
                    write_seq(out, child, indent + INDENT, false);
                }
                None => {
                    out.put(&" ".repeat(INDENT - 1));
                    write_seq(out, child, indent + INDENT, true);
                }
            },
            _ => {
                write_inline(out, item, indent + INDENT);
                out.newline();
            }
        }
    }
}

/// Formats a float the way PyYAML writes a Python float: Python's digits, but `.nan`/`.inf`
/// and a mantissa that always has a fraction in scientific notation (`1.0e+16`).
pub(crate) fn python_float(x: f64) -> String {
    if x.is_nan() {
        return ".nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    let text = crate::python_repr::float_repr(x);
    match text.split_once('e') {
        Some((mantissa, exp)) if !mantissa.contains('.') => format!("{mantissa}.0e{exp}"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_python_repr() {
        let cases = [
            (1.0, "1.0"),
            (0.5, "0.5"),
            (-2.25, "-2.25"),
            (0.0001, "0.0001"),
            (0.00001, "1.0e-05"),
            (1.5e-7, "1.5e-07"),
            (123456789012345.6, "123456789012345.6"),
            (1e16, "1.0e+16"),
            (2.5e100, "2.5e+100"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1379186314320928.0 + 0.25, "1379186314320928.2"),
            (f64::INFINITY, ".inf"),
            (f64::NEG_INFINITY, "-.inf"),
            (f64::NAN, ".nan"),
            (-0.0, "-0.0"),
        ];
        for (x, want) in cases {
            assert_eq!(python_float(x), want);
        }
    }

    #[test]
    fn block_layout() {
        let doc = vec![(
            "top".to_string(),
            Node::Map(vec![
                (
                    "list".into(),
                    Node::Seq(None, vec![Node::str("a"), Node::Raw("1".into())]),
                ),
                ("set".into(), Node::Seq(Some("!set"), vec![Node::str("x")])),
                ("empty".into(), Node::Seq(Some("!set"), vec![])),
                ("none".into(), Node::Map(vec![])),
                (
                    "maps".into(),
                    Node::Seq(
                        None,
                        vec![Node::Map(vec![
                            ("k".into(), Node::Tagged("!cite", "c".into())),
                            (
                                "n".into(),
                                Node::Seq(None, vec![Node::Seq(None, vec![Node::str("q")])]),
                            ),
                        ])],
                    ),
                ),
                ("0".into(), Node::Literal("line one\nline two".into())),
                (
                    "nested".into(),
                    Node::Seq(
                        None,
                        vec![Node::Seq(Some("!set"), vec![Node::Raw("1".into())])],
                    ),
                ),
            ]),
        )];
        let want = "top:\n    list:\n    - a\n    - 1\n    set: !set\n    - x\n    empty: !set []\n    none: {}\n    maps:\n    -   k: !cite 'c'\n        n:\n        -   - q\n    '0': |-\n        line one\n        line two\n    nested:\n    - !set\n        - 1\n";
        assert_eq!(render_document(&doc), want);
    }

    #[test]
    fn literal_blocks() {
        let lit = |s: &str| {
            render_document(&[(
                "env".to_string(),
                Node::Map(vec![("python".into(), Node::Literal(s.into()))]),
            )])
        };
        assert_eq!(
            lit("3.6.5 |A| (default)\n[GCC 7.2.0]"),
            "env:\n    python: |-\n        3.6.5 |A| (default)\n        [GCC 7.2.0]\n"
        );
        assert_eq!(
            lit("a\n\nb"),
            "env:\n    python: |-\n        a\n\n        b\n"
        );
        assert_eq!(lit("a\n"), "env:\n    python: |\n        a\n");
        assert_eq!(
            lit(" lead\nx"),
            "env:\n    python: |4-\n         lead\n        x\n"
        );
    }

    #[test]
    fn empty_multiline_and_long_keys_use_the_complex_form() {
        let one = || Node::Raw("1".into());
        let long = "k".repeat(123);
        let doc = vec![(
            "top".to_string(),
            Node::Map(vec![
                (String::new(), one()),
                ("x\ny".into(), Node::Map(vec![("z".into(), one())])),
                (long.clone(), Node::Seq(None, vec![one()])),
                ("k".repeat(122), Node::Seq(None, vec![one()])),
                (
                    "s".into(),
                    Node::Seq(
                        None,
                        vec![Node::Map(vec![(
                            String::new(),
                            Node::Seq(Some("!set"), vec![one()]),
                        )])],
                    ),
                ),
            ]),
        )];
        let want = format!(
            "top:\n    ? ''\n    : 1\n    ? 'x\n\n        y'\n    :   z: 1\n    ? {long}\n    :   - 1\n    {}:\n    - 1\n    s:\n    -   ? ''\n        : !set\n        - 1\n",
            "k".repeat(122)
        );
        assert_eq!(render_document(&doc), want);
    }
}
