//! Usage examples and example-data factories: how an author writes them and how they are checked.
//!
//! An author registers factories that write example data and examples that use that data to call
//! actions (`PluginBuilder::example_data_artifact`, `example_data_metadata`, `usage_example`).
//! The examples travel in the descriptor; interfaces render them (the host crate's `qiime2::usage`).

mod builder;
mod check;
#[cfg(test)]
pub(crate) mod demo;
mod error;
mod example;

pub use builder::{CallBuilder, ExampleBuilder};
pub(crate) use check::{check_examples, check_factories};
pub use error::ExampleError;
pub use example::{
    ExampleDataReply, FactoryDecl, FactoryKind, UsageArg, UsageCall, UsageExample, UsageStep,
};
