//! Commands built at run time from the plugins' descriptors: one per plugin, one per action.

mod action;
mod options;
mod suggest;

pub use action::{
    CITATIONS, EXAMPLE_DATA, HELP, NO_RECYCLE, OUTPUT_DIR, PARALLEL, PARALLEL_CONFIG, QUIET,
    RECYCLE_POOL, USE_CACHE, VERBOSE, action_command,
};
pub use options::{
    ActionOptions, BadSignature, InputOption, OutputOption, ParamOption, ParamShape, metavar,
    type_detail,
};
pub use suggest::{close_matches, no_such_action, no_such_plugin};

/// The flag that prints a plugin's citations (`qiime <plugin> --citations`).
pub const PLUGIN_CITATIONS_FLAG: &str = "--citations";
/// The flag that prints a plugin's version (`qiime <plugin> --version`).
pub const PLUGIN_VERSION_FLAG: &str = "--version";
/// The option that writes the example data of every action of a plugin.
pub const PLUGIN_EXAMPLE_DATA: &str = "--example-data";

use clap::Command;
use qiime2::plugin::PluginDescriptor;
use qiime2::usage::cli_name;

/// A leaf command naming a plugin, for the listing of `qiime --help`.
pub fn plugin_entry(plugin: &PluginDescriptor) -> Command {
    Command::new(plugin.name.clone()).about(plugin.short_description.clone())
}

/// The command `qiime <plugin>` with one subcommand per action; fails for an action whose
/// signature cannot be read (the error says which).
pub fn plugin_command(plugin: &PluginDescriptor) -> Result<Command, BadSignature> {
    let about = format!(
        "{}\n\nPlugin website: {}\n\nGetting user support: ask where the plugin's website says, \
         or on the QIIME 2 forum (https://forum.qiime2.org) for questions about QIIME 2 itself.",
        plugin.description, plugin.website
    );
    let mut command = Command::new(plugin.name.clone())
        .about(about)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .long("version")
                .action(clap::ArgAction::SetTrue)
                .help("Show the version of the plugin and exit."),
        )
        .arg(
            clap::Arg::new(EXAMPLE_DATA)
                .long(EXAMPLE_DATA)
                .value_name("PATH")
                .help("Write the example data of every action of the plugin into PATH (a folder per action) and exit."),
        )
        .arg(
            clap::Arg::new(CITATIONS)
                .long(CITATIONS)
                .action(clap::ArgAction::SetTrue)
                .help("Show the citations of the plugin and exit."),
        );
    let mut actions: Vec<&qiime2::plugin::ActionSignature> = plugin.actions.iter().collect();
    actions.sort_by_key(|a| cli_name(&a.id));
    for signature in actions {
        let options = ActionOptions::new(signature)?;
        command = command.subcommand(action_command(signature, &options));
    }
    Ok(command)
}

/// The command-line names of a plugin's actions (`kebab-case`).
pub fn action_names(plugin: &PluginDescriptor) -> Vec<String> {
    plugin.actions.iter().map(|a| cli_name(&a.id)).collect()
}
