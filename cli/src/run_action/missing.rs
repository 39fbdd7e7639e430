//! Every required option left out, named at once before anything is read or run.

use clap::ArgMatches;
use clap::parser::ValueSource;

use super::error::RunError;
use crate::commands::{ActionOptions, OUTPUT_DIR, ParamShape};

/// Fails naming every required input, parameter, metadata file and output left out; with one
/// left out, the error is the one the option's own check gives.
pub fn check(options: &ActionOptions, matches: &ArgMatches) -> Result<(), RunError> {
    let given = |id: &str| {
        matches
            .try_get_raw(id)
            .ok()
            .flatten()
            .is_some_and(|mut values| values.next().is_some())
            && matches.value_source(id) == Some(ValueSource::CommandLine)
    };
    let mut missing = Vec::new();
    for input in &options.inputs {
        if !input.optional && !given(&input.flag()) {
            missing.push(input.flag());
        }
    }
    for param in options.parameters.iter().filter(|p| p.is_required()) {
        let flag = param.flag();
        match (&param.shape, param.second_flag()) {
            (ParamShape::Flag, Some(no)) if !given(&flag) && !given(&no) => {
                missing.push(format!("{flag}/--{no}"));
            }
            (ParamShape::Flag, _) => {}
            _ if !given(&flag) => missing.push(flag),
            _ => {}
        }
    }
    let outputs_missing: Vec<String> = if matches.get_one::<String>(OUTPUT_DIR).is_some() {
        Vec::new()
    } else {
        options
            .outputs
            .iter()
            .map(|o| o.flag())
            .filter(|flag| !given(flag))
            .collect()
    };
    match (missing.len(), outputs_missing.len()) {
        (0, 0) => Ok(()),
        (1, 0) => Err(RunError::Missing {
            option: missing.remove(0),
        }),
        (0, 1) => Err(RunError::MissingOutput {
            option: outputs_missing[0].clone(),
        }),
        _ => Err(RunError::MissingMany {
            hint: if outputs_missing.is_empty() {
                ""
            } else {
                "  (\"--output-dir\" may also be used)"
            },
            options: missing
                .into_iter()
                .chain(outputs_missing)
                .map(|o| format!("'--{o}'"))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}
