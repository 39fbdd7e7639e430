//! Constructors for new provenance records.

use chrono::{DateTime, FixedOffset, Local, Timelike};
use uuid::Uuid;

use super::record::{
    Action, ActionKind, ActionRecord, CallAction, Environment, Execution, ExecutionContext,
    ImportAction, Runtime, Transformers,
};

/// The current time in the local offset, truncated to microseconds as QIIME records it.
pub fn now_local() -> DateTime<FixedOffset> {
    let now = Local::now().fixed_offset();
    let micros = now.nanosecond() / 1000;
    now.with_nanosecond(micros * 1000).unwrap_or(now)
}

impl Execution {
    /// Starts a new execution now, with a fresh uuid; call [`Execution::finish`] when done.
    pub fn begin(execution_context: Option<ExecutionContext>) -> Execution {
        let now = now_local();
        Execution {
            uuid: Uuid::new_v4(),
            runtime: Runtime {
                start: now,
                end: now,
            },
            execution_context,
        }
    }

    /// Records the end time as now.
    pub fn finish(&mut self) {
        self.runtime.end = now_local();
    }
}

impl ActionRecord {
    /// A record for imported data (imports have no execution context).
    pub fn import(
        mut execution: Execution,
        import: ImportAction,
        transformers: Option<Transformers>,
        environment: Environment,
    ) -> ActionRecord {
        execution.execution_context = None;
        ActionRecord {
            execution,
            action: Action::Import(import),
            transformers,
            environment,
        }
    }

    /// A record for a method or visualizer result.
    pub fn action(
        execution: Execution,
        call: CallAction,
        transformers: Option<Transformers>,
        environment: Environment,
    ) -> ActionRecord {
        ActionRecord {
            execution,
            action: Action::Call(call),
            transformers,
            environment,
        }
    }

    /// A record for a pipeline output aliasing the inner result `alias_of`;
    /// pipelines record no transformers.
    pub fn pipeline_alias(
        execution: Execution,
        mut call: CallAction,
        alias_of: Uuid,
        environment: Environment,
    ) -> ActionRecord {
        call.kind = ActionKind::Pipeline;
        call.alias_of = Some(alias_of);
        ActionRecord {
            execution,
            action: Action::Call(call),
            transformers: None,
            environment,
        }
    }
}
