//! Provenance: the record of how a result was made (`provenance/` inside an archive).
//!
//! [`ActionRecord`] models one `action.yaml`; [`parse_action_yaml`] reads one and
//! [`render_action_yaml`] writes it back byte for byte in QIIME 2's PyYAML layout.
//! [`Citations`] handles `citations.bib`, and [`record_files`] lays out a new result's own
//! record (the SDK's `Artifact` adds its inputs' provenance where the result is written).
//!
//! The emitter follows PyYAML 6 as QIIME 2 calls it (`default_flow_style=False,
//! indent=4`, no `allow_unicode`): plain scalars unless YAML 1.1 would read them
//! as another type or they contain indicators, otherwise single quotes, double
//! quotes with escapes for non-ASCII or control characters, folding at column 80,
//! `? key` for empty, multi-line or long keys, Python `repr` for floats.
//!
//! Known limit: the reader uses `serde_norway`, a YAML 1.2 parser, so a string
//! PyYAML leaves plain but YAML 1.2 reads as a number (`1e-5`, `0o17`, `-.5`)
//! comes back as a number.

mod build;
mod citations;
mod duration;
mod emit;
mod error;
mod node;
mod parse;
mod record;
mod record_files;
mod scalar;

pub use build::now_local;
pub use citations::{BibEntry, Citations, collect_citations};
pub use duration::{duration_text, iso_timestamp};
pub use emit::render_action_yaml;
pub use error::ProvenanceError;
pub use parse::{parse_action_yaml, read_action_yaml};
pub use record::{
    Action, ActionKind, ActionRecord, CallAction, Environment, Execution, ExecutionContext,
    ImportAction, InputValue, ManifestEntry, NotRepeatable, OutputName, PackageInfo, ParamValue,
    Runtime, TransformerStep, Transformers,
};
pub use record_files::record_files;

#[cfg(test)]
mod tests;
