//! A visualizer writing `index.html`.

use std::fmt::Write as _;

use qiime2_plugin::plugin::html::escape;
use qiime2_plugin::plugin::{ActionContext, ActionError, Arguments};

use crate::views::IntSequence;

#[derive(Arguments)]
pub(super) struct SummarizeInts {
    #[input]
    ints: IntSequence,
    #[param]
    title: String,
}

/// Writes an `index.html` with the count, sum, minimum and maximum of the integers.
pub(super) fn summarize_ints(
    SummarizeInts { ints, title }: SummarizeInts,
    ctx: &mut ActionContext<'_>,
) -> Result<(), ActionError> {
    let IntSequence(values) = ints;
    let show = |value: Option<&i64>| value.map_or_else(|| "none".to_owned(), i64::to_string);
    let rows = [
        ("count", values.len().to_string()),
        ("sum", values.iter().sum::<i64>().to_string()),
        ("min", show(values.iter().min())),
        ("max", show(values.iter().max())),
    ];
    let title = escape(&title);
    let mut html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><h1>{title}</h1>\n<table>\n"
    );
    for (name, value) in rows {
        let _ = writeln!(
            html,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(name),
            escape(&value)
        );
    }
    html.push_str("</table></body></html>\n");
    let path = ctx.visualization_dir()?.join("index.html");
    std::fs::write(&path, html)
        .map_err(|err| ActionError::msg(format!("{}: {err}", path.display())))
}
