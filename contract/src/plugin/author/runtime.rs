//! The plugin side of the ABI: builds the plugin once, answers the host, never lets a panic escape.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::OnceLock;

use abi_stable::std_types::{RResult, RString};

use super::body::ActionFn;
use super::builder::{Factory, MetadataViewFn, PluginBuilder, ValidateFn, ValidationLevel};
use super::context::ActionContext;
use super::registration::run_registrations;
use super::signature_check::{check_fields, conversions};
use crate::plugin::abi::HostBox;
use crate::plugin::descriptor::{DESCRIPTOR_VERSION, PluginDescriptor};
use crate::plugin::request::{ExecuteReply, ExecuteRequest};
use crate::plugin::usage::{ExampleDataReply, ExampleError, FactoryDecl};
use crate::plugin::validate::check_descriptor;

/// A plugin's identity, given once to [`export_plugin!`](crate::export_plugin).
#[derive(Debug, Clone, Copy)]
pub struct PluginInfo {
    /// The plugin's name (`qiime NAME ...`).
    pub name: &'static str,
    /// Its version, usually `env!("CARGO_PKG_VERSION")`.
    pub version: &'static str,
    /// Its website.
    pub website: &'static str,
    /// A paragraph describing it.
    pub description: &'static str,
    /// One line describing it.
    pub short_description: &'static str,
    /// The BibTeX text of its citations, usually `include_str!("citations.bib")`.
    pub citations_bib: &'static str,
    /// The keys cited for the plugin itself.
    pub citations: &'static [&'static str],
}

/// A service the host asks of a plugin besides running actions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
pub enum ServiceRequest {
    /// Validate the files of a directory format in a folder.
    Validate {
        /// The format's name.
        format: String,
        /// The folder.
        dir: String,
        /// How thoroughly.
        level: ValidationLevel,
    },
    /// Turn the data folder `dir` of an artifact of `semantic_type` into metadata; the reply is
    /// the metadata as TSV text.
    Metadata {
        /// The artifact's semantic type.
        semantic_type: String,
        /// Its data folder.
        dir: String,
    },
    /// Run an example-data factory; the reply is an [`ExampleDataReply`] as JSON.
    ExampleData {
        /// The factory's id.
        factory: String,
        /// An existing empty folder: an artifact factory writes the data into it, a metadata
        /// factory writes the file [`METADATA_FILE`] inside it.
        dir: String,
    },
}

/// The name of the file a metadata factory writes inside the folder of an `ExampleData` request.
pub const METADATA_FILE: &str = "metadata.tsv";

/// The plugin as built from its registrations.
pub struct BuiltPlugin {
    descriptor: PluginDescriptor,
    actions: BTreeMap<String, ActionFn>,
    validators: BTreeMap<String, ValidateFn>,
    factories: BTreeMap<String, Factory>,
    metadata_views: BTreeMap<String, MetadataViewFn>,
}

impl BuiltPlugin {
    /// Runs the registrations of `crate_name` and checks the result.
    pub fn build(info: &PluginInfo, crate_name: &str) -> Result<Self, String> {
        Self::from_registrations(info, |builder| run_registrations(crate_name, builder))
    }

    /// Builds the plugin from what `register` adds to an empty builder, and checks the result
    /// (a plugin defined in code, as tests do, rather than by a crate's `register!` functions).
    pub fn from_registrations(
        info: &PluginInfo,
        register: impl FnOnce(&mut PluginBuilder),
    ) -> Result<Self, String> {
        let mut builder = PluginBuilder {
            name: info.name.to_owned(),
            ..PluginBuilder::default()
        };
        register(&mut builder);
        let refused = |reason: String| format!("plugin '{}': {reason}", info.name);
        for action in &mut builder.actions {
            check_fields(&mut action.signature, &action.fields).map_err(refused)?;
            for decl in conversions(&action.fields) {
                if !builder.transformers.contains(&decl) {
                    builder.transformers.push(decl);
                }
            }
        }
        for (action, example) in builder.examples {
            let Some(signature) = builder
                .actions
                .iter_mut()
                .map(|a| &mut a.signature)
                .find(|s| s.id == action)
            else {
                let example = example.name;
                return Err(refused(
                    ExampleError::NoSuchAction { action, example }.to_string(),
                ));
            };
            signature.examples.push(example);
        }
        let descriptor = PluginDescriptor {
            descriptor_version: DESCRIPTOR_VERSION,
            name: info.name.to_owned(),
            version: info.version.to_owned(),
            website: info.website.to_owned(),
            description: info.description.to_owned(),
            short_description: info.short_description.to_owned(),
            citations_bib: info.citations_bib.to_owned(),
            citations: info.citations.iter().map(|k| (*k).to_owned()).collect(),
            semantic_types: builder.semantic_types,
            formats: builder
                .formats
                .iter()
                .map(|(decl, _)| decl.clone())
                .collect(),
            artifact_classes: builder.artifact_classes,
            transformers: builder.transformers,
            actions: builder
                .actions
                .iter()
                .map(|a| a.signature.clone())
                .collect(),
            example_data: builder
                .factories
                .iter()
                .map(|(id, factory)| FactoryDecl {
                    id: id.clone(),
                    kind: factory.kind(),
                })
                .collect(),
        };
        check_descriptor(&descriptor).map_err(refused)?;
        let actions = builder
            .actions
            .into_iter()
            .map(|action| (action.signature.id, action.body))
            .collect();
        let validators = builder
            .formats
            .into_iter()
            .filter_map(|(decl, validate)| validate.map(|v| (decl.name, v)))
            .collect();
        Ok(Self {
            descriptor,
            actions,
            validators,
            factories: builder.factories.into_iter().collect(),
            metadata_views: builder.metadata_views.into_iter().collect(),
        })
    }

    /// The descriptor sent to the host.
    pub fn descriptor(&self) -> &PluginDescriptor {
        &self.descriptor
    }

    /// Runs a method or visualizer (in-process, e.g. in a plugin's tests); errors and panics
    /// become an error message.
    pub fn execute(&self, request: &ExecuteRequest) -> Result<ExecuteReply, String> {
        quiet_panics();
        self.execute_with(request, &crate::plugin::abi::no_calls())
    }

    /// Runs one action with `host` answering a pipeline's calls; errors and panics become an
    /// error message.
    pub fn execute_with(
        &self,
        request: &ExecuteRequest,
        host: &HostBox,
    ) -> Result<ExecuteReply, String> {
        let body = self.actions.get(&request.action).ok_or_else(|| {
            format!(
                "plugin '{}' has no action '{}'",
                self.descriptor.name, request.action
            )
        })?;
        let mut context = ActionContext::new(request, host);
        guarded(|| body(&mut context).map_err(|err| err.to_string()))?;
        Ok(ExecuteReply {
            outputs: context.into_outputs(),
        })
    }

    /// Answers a service request.
    pub fn service(&self, request: &ServiceRequest) -> Result<String, String> {
        quiet_panics();
        match request {
            ServiceRequest::Validate { format, dir, level } => {
                let validate = self.validators.get(format).ok_or_else(|| {
                    format!(
                        "plugin '{}' has no directory format '{format}'",
                        self.descriptor.name
                    )
                })?;
                guarded(|| validate(Path::new(dir), *level).map_err(|err| err.to_string()))?;
                Ok(String::new())
            }
            ServiceRequest::Metadata { semantic_type, dir } => {
                let view = self.metadata_views.get(semantic_type).ok_or_else(|| {
                    format!(
                        "plugin '{}' cannot view {semantic_type} as metadata",
                        self.descriptor.name
                    )
                })?;
                guarded(|| view(Path::new(dir)).map_err(|err| err.to_string()))
            }
            ServiceRequest::ExampleData { factory, dir } => {
                let reply = self.example_data(factory, Path::new(dir))?;
                serde_json::to_string(&reply).map_err(|e| e.to_string())
            }
        }
    }

    /// Runs example-data factory `id` into the empty folder `dir`; errors and panics become an
    /// error message naming the factory.
    fn example_data(&self, id: &str, dir: &Path) -> Result<ExampleDataReply, String> {
        let factory = self.factories.get(id).ok_or_else(|| {
            format!(
                "plugin '{}' has no example-data factory '{id}'",
                self.descriptor.name
            )
        })?;
        let failed = |reason: String| format!("example-data factory '{id}': {reason}");
        match factory {
            Factory::Artifact {
                semantic_type,
                make,
            } => {
                let format =
                    guarded(|| make(dir).map_err(|err| err.to_string())).map_err(failed)?;
                Ok(ExampleDataReply::Artifact {
                    semantic_type: semantic_type.clone(),
                    format,
                })
            }
            Factory::Collection {
                semantic_type,
                make,
            } => {
                let members =
                    guarded(|| make(dir).map_err(|err| err.to_string())).map_err(failed)?;
                for (key, _) in &members {
                    if !is_member_key(key) || !dir.join(key).is_dir() {
                        return Err(failed(format!(
                            "member '{key}' is not a subfolder named by a key \
                             (ASCII letters, digits, '_', '-' or '.', not starting with '.')"
                        )));
                    }
                }
                Ok(ExampleDataReply::ArtifactCollection {
                    semantic_type: semantic_type.clone(),
                    members,
                })
            }
            Factory::Metadata(make) => {
                let file = dir.join(METADATA_FILE);
                guarded(|| make(&file).map_err(|err| err.to_string())).map_err(failed)?;
                if !file.is_file() {
                    return Err(failed(format!("it wrote no file {}", file.display())));
                }
                Ok(ExampleDataReply::Metadata {
                    file: file.display().to_string(),
                })
            }
        }
    }
}

/// Whether `key` can name a collection member's folder (and its `<key>.qza`).
fn is_member_key(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with('.')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
}

/// Runs `f`, turning a panic into an error message.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let outer = GUARDED.with(|g| g.replace(true));
    let outcome = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    outcome.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        let place = PANIC_PLACE
            .with(|p| p.borrow_mut().take())
            .map(|p| format!(" at {p}"))
            .unwrap_or_default();
        Err(format!("the plugin panicked{place}: {message}"))
    })
}

thread_local! {
    /// Whether this thread is running plugin code inside [`guarded`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the last guarded panic on this thread happened, as the quiet hook recorded it.
    static PANIC_PLACE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// In a plugin dylib (which has its own copy of the standard library, hence its own panic hook),
/// makes panics inside plugin code quiet: instead of printing on stderr, the hook records where
/// the panic happened, and the panic reaches the user once, as the error the host reports.
/// Panics outside plugin code still go to the previous hook. Called by the functions that
/// [`export_plugin!`](crate::export_plugin) exports.
#[doc(hidden)]
pub fn quiet_panics() {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(std::cell::Cell::get) {
                let place = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                PANIC_PLACE.with(|p| *p.borrow_mut() = place);
            } else {
                previous(info);
            }
        }));
    });
}

fn built(info: &PluginInfo, crate_name: &str) -> Result<&'static BuiltPlugin, String> {
    static BUILT: OnceLock<Result<BuiltPlugin, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| guarded(|| BuiltPlugin::build(info, crate_name)))
        .as_ref()
        .map_err(Clone::clone)
}

fn reply(result: Result<String, String>) -> RResult<RString, RString> {
    match result {
        Ok(text) => RResult::ROk(text.into()),
        Err(message) => RResult::RErr(message.into()),
    }
}

/// The body of the exported `describe` function.
pub fn describe(info: &PluginInfo, crate_name: &str) -> RResult<RString, RString> {
    reply(guarded(|| {
        let plugin = built(info, crate_name)?;
        serde_json::to_string(plugin.descriptor()).map_err(|e| e.to_string())
    }))
}

/// The body of the exported `service` function.
pub fn service(info: &PluginInfo, crate_name: &str, request: RString) -> RResult<RString, RString> {
    reply(guarded(|| {
        let plugin = built(info, crate_name)?;
        let request: ServiceRequest = serde_json::from_str(&request)
            .map_err(|e| format!("malformed service request: {e}"))?;
        plugin.service(&request)
    }))
}

/// The body of the exported `execute` function.
pub fn execute(
    info: &PluginInfo,
    crate_name: &str,
    request: RString,
    host: HostBox,
) -> RResult<RString, RString> {
    reply(guarded(|| {
        let plugin = built(info, crate_name)?;
        let request: ExecuteRequest = serde_json::from_str(&request)
            .map_err(|e| format!("malformed execute request: {e}"))?;
        let reply = plugin.execute_with(&request, &host)?;
        serde_json::to_string(&reply).map_err(|e| e.to_string())
    }))
}

#[cfg(test)]
mod tests;
