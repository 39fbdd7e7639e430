//! The SDK plugin authors use: builders, views, typed arguments and results, the action context
//! and the export macros. (The host's side, which loads and runs plugins, is `qiime2::sdk`.)

mod arguments;
mod body;
mod builder;
mod call;
mod context;
mod error;
mod export;
mod field;
mod handle;
pub mod html;
mod registration;
mod results;
pub mod runtime;
mod signature_check;
mod view;

pub use arguments::{Arguments, InputArg, ParamArg};
pub use body::{ActionFn, ArgumentsOnly, Body, WithContext};
pub use builder::{
    ActionBuilder, ArtifactFactory, CollectionFactory, DirectoryFormat, MetadataFactory,
    MetadataViewFn, PluginBuilder, ValidateFn, ValidationLevel,
};
pub use call::{Call, Called};
pub use context::ActionContext;
pub use error::{ActionError, FormatError, ViewError};
pub use field::Field;
pub use handle::{Collection, Handle};
pub use registration::Registration;
pub use results::{OutputArg, Results};
pub use runtime::{BuiltPlugin, METADATA_FILE, PluginInfo, ServiceRequest};
pub use view::{DataDir, View};
