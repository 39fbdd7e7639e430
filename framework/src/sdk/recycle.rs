//! Pipeline resumption: each step a pipeline asks for is named by a key (its action, its
//! parameters, how many identical calls came before it, and its inputs' identities: UUIDs, with
//! the content digest of inputs read from archives); a
//! [`Recycler`] records the results of finished steps under their keys and gives them back when
//! the same step is asked for again, so that a re-run skips every step that finished before.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};

use crate::plugin::{CallInput, CallRequest, ParamValue};

use super::results::Results;
use super::step_error::StepFailure;

/// Why a recycler could not look up or record a step.
pub type RecycleError = Box<dyn std::error::Error + Send + Sync>;

/// Where the steps of pipeline runs are recorded and found again (a recycle pool).
pub trait Recycler: Send + Sync {
    /// The results recorded for `step`, if it finished in an earlier run. A record that cannot
    /// be used (a damaged result) is an error, never a silent re-run or a wrong result.
    fn lookup(&self, step: &StepKey) -> Result<Option<Results>, RecycleError>;

    /// Records the results of the finished `step`, at once or later (a recorder may record in
    /// the background; a step it has not recorded yet when the run is killed runs again).
    /// When another run (sharing the pool) recorded the step first, its record is kept and a
    /// recorder that records at once returns its results, to be used in place of `results`: so
    /// every run that shares a pool follows one chain of recorded steps.
    fn store(&self, step: &StepKey, results: &Results) -> Result<Option<Results>, RecycleError>;
}

/// The identity of one step of a pipeline run.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StepKey {
    /// The plugin of the step's action.
    pub plugin: String,
    /// The step's action.
    pub action: String,
    /// A hex SHA-256 digest of the action, its parameters, its occurrence and its inputs'
    /// identities.
    pub digest: String,
}

/// A step as the pipeline asked for it, before its inputs are known.
#[derive(Debug, Clone)]
pub(crate) struct Ticket {
    base: String,
    occurrence: usize,
}

/// Numbers the calls of one pipeline run that have the same action and parameters, in the
/// order the pipeline makes them (which does not depend on how fast steps run).
#[derive(Debug, Default)]
pub(crate) struct StepCounter {
    seen: Mutex<HashMap<String, usize>>,
}

impl StepCounter {
    /// The ticket of the next call: its action and parameters (metadata by content) and how many
    /// identical calls came before it.
    pub(crate) fn ticket(&self, request: &CallRequest) -> Result<Ticket, StepFailure> {
        let mut parameters = BTreeMap::new();
        for (name, value) in &request.parameters {
            let value = match value {
                ParamValue::Metadata(path) => {
                    let bytes = std::fs::read(path)
                        .map_err(|e| StepFailure::Framework(format!("{path}: {e}")))?;
                    serde_json::json!({ "metadata": hex(&Sha256::digest(&bytes)) })
                }
                other => serde_json::to_value(other)
                    .map_err(|e| StepFailure::Framework(e.to_string()))?,
            };
            parameters.insert(name.clone(), value);
        }
        let identity = serde_json::json!({
            "plugin": request.plugin,
            "action": request.action,
            "parameters": parameters,
        });
        let base = hex(&Sha256::digest(identity.to_string().as_bytes()));
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let count = seen.entry(base.clone()).or_default();
        let occurrence = *count;
        *count += 1;
        Ok(Ticket { base, occurrence })
    }
}

impl Ticket {
    /// The step's key once its inputs are ready: `identity_of` gives the
    /// [identity](Artifact::identity) of the result behind a handle.
    pub(crate) fn key(
        &self,
        request: &CallRequest,
        identity_of: impl Fn(&str) -> Result<String, StepFailure>,
    ) -> Result<StepKey, StepFailure> {
        let mut inputs = BTreeMap::new();
        for (name, input) in &request.inputs {
            let uuids: Vec<(String, String)> = match input {
                CallInput::Handle(handle) => vec![(String::new(), identity_of(handle)?)],
                CallInput::Handles(items) => items
                    .iter()
                    .map(|(key, handle)| Ok((key.clone(), identity_of(handle)?)))
                    .collect::<Result<_, StepFailure>>()?,
            };
            inputs.insert(name.clone(), uuids);
        }
        let identity = serde_json::json!({
            "call": self.base,
            "occurrence": self.occurrence,
            "inputs": inputs,
        });
        Ok(StepKey {
            plugin: request.plugin.clone(),
            action: request.action.clone(),
            digest: hex(&Sha256::digest(identity.to_string().as_bytes())),
        })
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a session needs to recycle its steps.
#[derive(Clone)]
pub(crate) struct Recycling {
    pub(crate) recycler: Arc<dyn Recycler>,
    pub(crate) counter: Arc<StepCounter>,
}

impl Recycling {
    /// A fresh count of steps for one pipeline run.
    pub(crate) fn new(recycler: Arc<dyn Recycler>) -> Self {
        Self {
            recycler,
            counter: Arc::default(),
        }
    }

    /// Runs the step `request` through the recycler: its recorded results when there are some,
    /// else `run`'s, which are recorded. `identity_of` gives the identity of an input handle's
    /// result.
    pub(crate) fn run(
        &self,
        ticket: &Ticket,
        request: &CallRequest,
        identity_of: impl Fn(&str) -> Result<String, StepFailure>,
        run: impl FnOnce() -> Result<Results, StepFailure>,
    ) -> Result<Results, StepFailure> {
        let key = ticket.key(request, identity_of)?;
        let failed = |what: &str, e: RecycleError| {
            StepFailure::Framework(format!(
                "{what} step {} {} ({}) in the recycle pool failed: {e}",
                key.plugin, key.action, key.digest
            ))
        };
        if let Some(results) = self
            .recycler
            .lookup(&key)
            .map_err(|e| failed("reusing", e))?
        {
            return Ok(results);
        }
        let results = run()?;
        let recorded = self
            .recycler
            .store(&key, &results)
            .map_err(|e| failed("recording", e))?;
        Ok(recorded.unwrap_or(results))
    }
}

impl std::fmt::Debug for Recycling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recycling").finish_non_exhaustive()
    }
}
