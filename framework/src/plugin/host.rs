//! The host side of calls into a loaded plugin.

use abi_stable::sabi_trait::TD_Opaque;
use abi_stable::std_types::{RResult, RString};

use super::abi::{HostBox, PipelineHost, PipelineHost_TO};
use super::loader::LoadedPlugin;
use super::request::{ExecuteReply, ExecuteRequest};
use super::sdk::ServiceRequest;

/// Why a call into a plugin failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    /// The plugin reported an error (or panicked, which it reports as an error).
    #[error("plugin error from {plugin}: {message}")]
    Plugin {
        /// The plugin's name.
        plugin: String,
        /// Its message.
        message: String,
    },
    /// The plugin's reply could not be read.
    #[error("plugin {plugin} sent a malformed reply: {reason}")]
    BadReply {
        /// The plugin's name.
        plugin: String,
        /// What was wrong.
        reason: String,
    },
}

/// The host given to methods and visualizers: they cannot call other actions.
struct NoCalls;

/// A host that refuses calls, for running methods and visualizers.
pub(crate) fn no_calls() -> HostBox {
    PipelineHost_TO::from_value(NoCalls, TD_Opaque)
}

impl PipelineHost for NoCalls {
    fn call(&self, _request: RString) -> RResult<RString, RString> {
        RResult::RErr("only pipelines can call other actions".into())
    }

    fn data_dir(&self, _handle: RString) -> RResult<RString, RString> {
        RResult::RErr("only pipelines can wait for results".into())
    }
}

impl LoadedPlugin {
    /// Runs a method or visualizer of this plugin.
    pub fn execute(&self, request: &ExecuteRequest) -> Result<ExecuteReply, CallError> {
        self.execute_with(request, no_calls())
    }

    /// Runs an action of this plugin with `host` answering its calls to other actions.
    pub fn execute_with(
        &self,
        request: &ExecuteRequest,
        host: HostBox,
    ) -> Result<ExecuteReply, CallError> {
        let json = serde_json::to_string(request).expect("requests always serialize");
        let reply = self.answer((self.module.execute())(json.into(), host))?;
        serde_json::from_str(&reply).map_err(|err| self.bad_reply(err))
    }

    /// Asks this plugin for a service (format validation, ...).
    pub fn service(&self, request: &ServiceRequest) -> Result<String, CallError> {
        let json = serde_json::to_string(request).expect("requests always serialize");
        self.answer((self.module.service())(json.into()))
    }

    fn answer(&self, result: RResult<RString, RString>) -> Result<String, CallError> {
        match result {
            RResult::ROk(text) => Ok(text.into()),
            RResult::RErr(message) => Err(CallError::Plugin {
                plugin: self.descriptor.name.clone(),
                message: message.into(),
            }),
        }
    }

    fn bad_reply(&self, err: serde_json::Error) -> CallError {
        CallError::BadReply {
            plugin: self.descriptor.name.clone(),
            reason: err.to_string(),
        }
    }
}
