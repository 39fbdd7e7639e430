//! End-to-end tests: the real `qiime` binary on real files.

mod common;

mod actions;
mod basics;
mod book;
mod cache;
mod citations;
mod completion;
mod extremes;
mod failures;
mod faults;
mod import_export;
mod inspect_metadata;
mod integrity;
mod interrupt;
mod load;
mod logging;
mod parallel;
mod parallel_config;
mod peek;
mod plugin_permissions;
mod plugins;
mod progress;
mod qiime2_tools;
mod replay;
mod rust_api;
mod slurm;
mod tutorial;
mod usage_examples;
mod validate;
mod view;
mod visualizations;
mod written;
