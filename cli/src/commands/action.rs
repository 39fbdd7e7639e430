//! The clap command of one action: every option takes text, checked later against the signature
//! (so that clap never rejects a value with its own message), and `--help` is ours.

use clap::{Arg, ArgAction, Command};
use qiime2::plugin::ActionSignature;
use qiime2::usage::cli_name;

use super::options::{ActionOptions, ParamShape};

/// The id of the `--output-dir` option.
pub const OUTPUT_DIR: &str = "output-dir";
/// The id of the `--verbose` flag.
pub const VERBOSE: &str = "verbose";
/// The id of the `--quiet` flag.
pub const QUIET: &str = "quiet";
/// The id of the `--citations` flag.
pub const CITATIONS: &str = "citations";
/// The id of the `--help` flag.
pub const HELP: &str = "help";
/// The id of the `--example-data` option.
pub const EXAMPLE_DATA: &str = "example-data";
/// The id of the `--parallel` flag.
pub const PARALLEL: &str = "parallel";
/// The id of the `--parallel-config` option.
pub const PARALLEL_CONFIG: &str = "parallel-config";
/// The id of the `--use-cache` option.
pub const USE_CACHE: &str = "use-cache";
/// The id of the `--recycle-pool` option.
pub const RECYCLE_POOL: &str = "recycle-pool";
/// The id of the `--no-recycle` flag.
pub const NO_RECYCLE: &str = "no-recycle";

/// The clap command `qiime <plugin> <action>` for an action with `options`.
pub fn action_command(signature: &ActionSignature, options: &ActionOptions) -> Command {
    let mut command = Command::new(cli_name(&signature.id))
        .about(signature.name.clone())
        .disable_help_flag(true)
        .disable_version_flag(true);
    for input in &options.inputs {
        let arg = Arg::new(input.flag()).long(input.flag()).value_name("PATH");
        command = command.arg(if input.is_collection() {
            arg.num_args(1..).action(ArgAction::Append)
        } else {
            arg
        });
    }
    for param in &options.parameters {
        command = command.args(param_args(param.flag(), param.second_flag(), &param.shape));
    }
    for output in &options.outputs {
        command = command.arg(
            Arg::new(output.flag())
                .long(output.flag())
                .value_name("PATH"),
        );
    }
    command
        .arg(Arg::new(OUTPUT_DIR).long(OUTPUT_DIR).value_name("PATH"))
        .arg(
            Arg::new(VERBOSE)
                .long(VERBOSE)
                .action(ArgAction::SetTrue)
                .overrides_with(QUIET),
        )
        .arg(
            Arg::new(QUIET)
                .long(QUIET)
                .action(ArgAction::SetTrue)
                .overrides_with(VERBOSE),
        )
        .arg(
            Arg::new(CITATIONS)
                .long(CITATIONS)
                .action(ArgAction::SetTrue),
        )
        .arg(Arg::new(EXAMPLE_DATA).long(EXAMPLE_DATA).value_name("PATH"))
        .arg(Arg::new(RECYCLE_POOL).long(RECYCLE_POOL).value_name("TEXT"))
        .arg(
            Arg::new(NO_RECYCLE)
                .long(NO_RECYCLE)
                .action(ArgAction::SetTrue)
                .conflicts_with(RECYCLE_POOL),
        )
        .arg(Arg::new(PARALLEL).long(PARALLEL).action(ArgAction::SetTrue))
        .arg(
            Arg::new(PARALLEL_CONFIG)
                .long(PARALLEL_CONFIG)
                .value_name("FILE"),
        )
        .arg(Arg::new(USE_CACHE).long(USE_CACHE).value_name("DIRECTORY"))
        .arg(Arg::new(HELP).long(HELP).action(ArgAction::SetTrue))
}

fn param_args(flag: String, second: Option<String>, shape: &ParamShape) -> Vec<Arg> {
    let value = Arg::new(flag.clone()).long(flag.clone());
    match (shape, second) {
        (ParamShape::Flag, Some(no)) => vec![
            Arg::new(flag.clone())
                .long(flag.clone())
                .action(ArgAction::SetTrue)
                .overrides_with(no.clone()),
            Arg::new(no.clone())
                .long(no)
                .action(ArgAction::SetTrue)
                .overrides_with(flag),
        ],
        (ParamShape::Column(_), Some(column)) => vec![
            value.value_name("METADATA"),
            Arg::new(column.clone())
                .long(column)
                .value_name("COLUMN")
                .allow_hyphen_values(true),
        ],
        (ParamShape::Metadata, _) => vec![
            value
                .value_name("METADATA")
                .num_args(1..)
                .action(ArgAction::Append),
        ],
        (ParamShape::Values { .. }, _) => vec![
            value
                .value_name("VALUES")
                .num_args(1..)
                .action(ArgAction::Append)
                .allow_negative_numbers(true),
        ],
        _ => vec![value.value_name("VALUE").allow_hyphen_values(true)],
    }
}
