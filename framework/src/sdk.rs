//! The Rust API for interfaces: find plugins, import, load and save results, run actions.
//!
//! ```no_run
//! use qiime2::sdk::{Args, Artifact, PluginManager};
//! let pm = PluginManager::load();
//! let seqs = Artifact::import_data(&pm, "FeatureData[Sequence]", "seqs.fasta".as_ref(), None)?;
//! let results = pm.action("dwq2", "split_sequences")?.call(&Args::new().with("seqs", &seqs))?;
//! for (name, output) in results.iter() {
//!     println!("{name}: {} result(s)", output.artifacts().len());
//! }
//! # Ok::<(), qiime2::sdk::SdkError>(())
//! ```

mod action;
mod args;
mod artifact;
mod conversions;
mod environment;
mod error;
mod failed_step;
mod import;
mod known_types;
mod plugin_manager;
mod recycle;
mod results;
mod runner;
mod serial_host;
mod step_error;

pub(crate) use recycle::{Recycling, Ticket};

pub use action::Action;
pub use args::{Arg, Args};
pub use artifact::Artifact;
pub use environment::{
    FRAMEWORK_WEBSITE, PYTHON_VERSION_VAR, platform, python_version, set_python_version,
};
pub use error::SdkError;
pub use failed_step::FailedStep;
pub use plugin_manager::PluginManager;
pub use recycle::{RecycleError, Recycler, StepKey};
pub use results::{Output, Results};
pub use runner::{Runner, Serial, SerialRunner, Session};
pub(crate) use serial_host::call_args;
pub(crate) use step_error::CallRefused;
pub use step_error::{StepError, StepFailure};
