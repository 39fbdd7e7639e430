//! The plugin side of the contract: the ABI shared with the host, the descriptor a plugin sends,
//! the wire types of calls, and the SDK plugin authors write against.
//!
//! A plugin crate (`crate-type = ["cdylib", "rlib"]`) declares its identity once with
//! [`export_plugin!`](crate::export_plugin) and its types, formats and actions in registration
//! functions submitted with [`register!`](crate::register). The host loads the dylib, receives a
//! [`PluginDescriptor`], and runs actions by sending JSON requests.

pub mod abi;
mod author;
mod descriptor;
mod metadata_file;
mod request;
mod usage;
mod validate;
mod value;

pub use author::{
    ActionBuilder, ActionContext, ActionError, ActionFn, Arguments, ArgumentsOnly, ArtifactFactory,
    Body, BuiltPlugin, Call, Called, Collection, CollectionFactory, DataDir, DirectoryFormat,
    Field, FormatError, Handle, InputArg, METADATA_FILE, MetadataFactory, MetadataViewFn,
    OutputArg, ParamArg, PluginBuilder, PluginInfo, Registration, Results, ServiceRequest,
    ValidateFn, ValidationLevel, View, ViewError, WithContext, html, runtime,
};
pub use descriptor::{
    ActionKind, ActionSignature, ArtifactClassDecl, DESCRIPTOR_VERSION, FormatDecl, FormatFile,
    FormatKind, InputSpec, OutputSpec, ParameterSpec, PluginDescriptor, SemanticTypeDecl,
    TransformerDecl,
};
pub use metadata_file::MetadataFile;
/// Derives [`Arguments`] for a struct of `#[input]`, `#[param]` and `#[params]` fields.
pub use qiime2_plugin_derive::Arguments;
/// Derives [`Results`] for a struct of output fields.
pub use qiime2_plugin_derive::Results;
pub use request::{
    ArtifactData, CallInput, CallReply, CallRequest, ExecuteReply, ExecuteRequest, InputValue,
    OutputValue,
};
pub use usage::{
    CallBuilder, ExampleBuilder, ExampleDataReply, ExampleError, FactoryDecl, FactoryKind,
    UsageArg, UsageCall, UsageExample, UsageStep,
};
pub use validate::check_descriptor;
pub use value::{FromParam, NotPrimitive, ParamMismatch, ParamValue};

#[cfg(test)]
pub(crate) use usage::demo;
