//! The help of an action, laid out as q2cli's: usage, description, then the sections `Inputs:`,
//! `Parameters:`, `Outputs:`, `Miscellaneous:` and `Examples:`.

mod layout;
mod width;

pub use layout::{Row, wrap};
pub use width::help_width;

use qiime2::plugin::{ActionKind, ActionSignature, ParamValue};
use qiime2::types::PrimitiveValue;
use qiime2::usage::cli_name;

use crate::commands::{
    ActionOptions, InputOption, OutputOption, ParamOption, ParamShape, metavar, type_detail,
};

/// Renders the help of `signature` (of plugin `plugin`) for `width` columns; `examples` are the
/// rendered usage examples (each a block of lines), shown under `Examples:`.
pub fn render_action_help(
    plugin: &str,
    signature: &ActionSignature,
    options: &ActionOptions,
    width: usize,
    examples: &[String],
) -> String {
    let mut out = format!(
        "Usage: qiime {plugin} {} [OPTIONS]\n\n",
        cli_name(&signature.id)
    );
    let description = if signature.description.is_empty() {
        &signature.name
    } else {
        &signature.description
    };
    for line in wrap(description, width.saturating_sub(2)) {
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push('\n');
    let sections: [(&str, Vec<Row>); 4] = [
        ("Inputs:", options.inputs.iter().map(input_row).collect()),
        (
            "Parameters:",
            options.parameters.iter().flat_map(param_rows).collect(),
        ),
        ("Outputs:", options.outputs.iter().map(output_row).collect()),
        ("Miscellaneous:", miscellaneous_rows(signature.kind)),
    ];
    for (heading, rows) in sections {
        if rows.is_empty() {
            continue;
        }
        out.push_str(heading);
        out.push('\n');
        for row in rows {
            for line in row.render(width) {
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
    }
    if !examples.is_empty() {
        out.push_str("\nExamples:\n");
        for (index, example) in examples.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            for line in example.lines() {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out
}

fn input_row(input: &InputOption) -> Row {
    let first = format!("--{} ARTIFACT {}", input.flag(), input.ty);
    let marker = if input.optional {
        "[optional]"
    } else {
        "[required]"
    };
    Row::new(first, None, &input.description).marked(marker)
}

fn param_rows(param: &ParamOption) -> Vec<Row> {
    let marker = marker(param);
    match &param.shape {
        ParamShape::Value(ty) => vec![
            Row::new(
                format!("--{} {}", param.flag(), metavar(ty)),
                type_detail(ty),
                &param.description,
            )
            .marked(marker),
        ],
        ParamShape::Flag => {
            let no = param.second_flag().unwrap_or_default();
            vec![
                Row::new(
                    format!("--{} / --{no}", param.flag()),
                    None,
                    &param.description,
                )
                .marked(marker),
            ]
        }
        ParamShape::Values { kind, element } => vec![
            Row::new(
                format!("--{} {}...", param.flag(), metavar(element)),
                Some(format!("{}[{}]", kind.name(), element)),
                &param.description,
            )
            .marked(marker),
        ],
        ParamShape::Metadata => {
            let mut row = Row::new(
                format!("--{} METADATA...", param.flag()),
                None,
                &param.description,
            );
            row.term.push("  (multiple arguments".to_owned());
            row.term.push("   will be merged)".to_owned());
            vec![row.marked(marker)]
        }
        ParamShape::Column(_) => vec![
            Row::new(format!("--{} METADATA", param.flag()), None, ""),
            Row::new(
                format!(
                    "--{} COLUMN  {}",
                    param.second_flag().unwrap_or_default(),
                    param.ty
                ),
                None,
                &param.description,
            )
            .marked(marker),
        ],
    }
}

/// `[required]`, `[optional]` or `[default: x]` (the value as Python would show it).
fn marker(param: &ParamOption) -> String {
    match &param.default {
        None => "[required]".to_owned(),
        Some(ParamValue::Null) => "[optional]".to_owned(),
        Some(value) => format!("[default: {}]", shown(value)),
    }
}

fn shown(value: &ParamValue) -> String {
    match value {
        ParamValue::List(items) | ParamValue::Set(items) => {
            let items: Vec<String> = items.iter().map(shown).collect();
            format!("[{}]", items.join(", "))
        }
        other => {
            PrimitiveValue::try_from(other).map_or_else(|_| format!("{other:?}"), |p| p.to_string())
        }
    }
}

fn output_row(output: &OutputOption) -> Row {
    let first = if output.ty.is_visualization() {
        format!("--{} VISUALIZATION", output.flag())
    } else {
        format!("--{} ARTIFACT {}", output.flag(), output.ty)
    };
    Row::new(first, None, &output.description).marked("[required]")
}

fn miscellaneous_rows(kind: ActionKind) -> Vec<Row> {
    let mut rows = vec![
        Row::new(
            "--output-dir PATH".into(),
            None,
            "Write each output not given by its own option into this new folder, named after \
             the output.",
        ),
        Row::new(
            "--verbose / --quiet".into(),
            None,
            "Show more detail on errors, or print nothing when the action succeeds.",
        ),
    ];
    if kind == ActionKind::Pipeline {
        rows.push(Row::new(
            "--recycle-pool TEXT".into(),
            None,
            "Record each finished step in this pool of the cache and reuse the steps an earlier \
             run recorded there; the pool stays until removed (`qiime tools cache-remove`). \
             Without it, a pool named after the action and its inputs is used, and removed \
             when the run succeeds.",
        ));
        rows.push(Row::new(
            "--no-recycle".into(),
            None,
            "Neither reuse the steps of an earlier run nor record this run's steps.",
        ));
        rows.push(Row::new(
            "--parallel".into(),
            None,
            "Run the pipeline's independent steps at the same time, as the parallel \
             configuration in force says (see `qiime info`).",
        ));
        rows.push(Row::new(
            "--parallel-config FILE".into(),
            None,
            "Run the pipeline in parallel with the configuration in this TOML file.",
        ));
    }
    rows.push(Row::new(
        "--example-data PATH".into(),
        None,
        "Write the data of the usage examples into this folder, then exit.",
    ));
    rows.push(Row::new(
        "--citations".into(),
        None,
        "Print the citations of the plugin and the action, then exit.",
    ));
    rows.push(Row::new(
        "--use-cache DIRECTORY".into(),
        None,
        "The cache that records pipeline steps and holds CACHE:KEY inputs and outputs \
         (created if missing; by default `qiime2/cache` in your cache folder). With \
         parallel steps on a cluster, pick a folder every node can reach.",
    ));
    rows.push(Row::new(
        "--help".into(),
        None,
        "Show this message and exit.",
    ));
    rows
}

#[cfg(test)]
mod tests;
