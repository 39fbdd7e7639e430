//! The SDK plugin authors use: builders, views, the action context and the export macros.

mod builder;
mod call;
mod context;
mod error;
mod export;
pub mod html;
mod registration;
pub mod runtime;
mod view;

pub use builder::{
    ActionBuilder, ActionFn, ArtifactFactory, CollectionFactory, DirectoryFormat, MetadataFactory,
    MetadataViewFn, PluginBuilder, ValidateFn, ValidationLevel,
};
pub use call::{Call, Called};
pub use context::ActionContext;
pub use error::{ActionError, FormatError, ViewError};
pub use registration::Registration;
pub use runtime::{BuiltPlugin, METADATA_FILE, PluginInfo, ServiceRequest};
pub use view::View;
