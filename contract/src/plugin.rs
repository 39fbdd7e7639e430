//! The plugin side of the contract: the ABI shared with the host, the descriptor a plugin sends,
//! the wire types of calls, and the SDK plugin authors write against.
//!
//! A plugin crate (`crate-type = ["cdylib", "rlib"]`) declares its identity once with
//! [`export_plugin!`](crate::export_plugin) and its types, formats and actions in registration
//! functions submitted with [`register!`](crate::register). The host loads the dylib, receives a
//! [`PluginDescriptor`], and runs actions by sending JSON requests.

pub mod abi;
mod descriptor;
mod request;
mod sdk;
mod usage;
mod validate;
mod value;

pub use descriptor::{
    ActionKind, ActionSignature, ArtifactClassDecl, DESCRIPTOR_VERSION, FormatDecl, FormatFile,
    FormatKind, InputSpec, OutputSpec, ParameterSpec, PluginDescriptor, SemanticTypeDecl,
    TransformerDecl,
};
pub use request::{
    ArtifactData, CallInput, CallReply, CallRequest, ExecuteReply, ExecuteRequest, InputValue,
    OutputValue,
};
pub use sdk::{
    ActionBuilder, ActionContext, ActionError, ActionFn, ArtifactFactory, BuiltPlugin, Call,
    Called, CollectionFactory, DirectoryFormat, FormatError, METADATA_FILE, MetadataFactory,
    MetadataViewFn, PluginBuilder, PluginInfo, Registration, ServiceRequest, ValidateFn,
    ValidationLevel, View, ViewError, html, runtime,
};
pub use usage::{
    CallBuilder, ExampleBuilder, ExampleDataReply, ExampleError, FactoryDecl, FactoryKind,
    UsageArg, UsageCall, UsageExample, UsageStep,
};
pub use validate::check_descriptor;
pub use value::{FromParam, ParamValue};

#[cfg(test)]
pub(crate) use usage::demo;
