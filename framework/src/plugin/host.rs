//! The host side of calls into a loaded plugin.

use abi_stable::std_types::{RResult, RString};

use super::abi::{HostBox, no_calls};
use super::loader::LoadedPlugin;
use super::{ExecuteReply, ExecuteRequest, ServiceRequest};

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
