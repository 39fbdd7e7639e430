//! The plugin side of the ABI: builds the plugin once, answers the host, never lets a panic escape.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::OnceLock;

use abi_stable::std_types::{RResult, RString};

use super::builder::{ActionFn, Factory, PluginBuilder, ValidateFn, ValidationLevel};
use super::context::ActionContext;
use super::registration::run_registrations;
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
}

impl BuiltPlugin {
    /// Runs the registrations of `crate_name` and checks the result.
    pub fn build(info: &PluginInfo, crate_name: &str) -> Result<Self, String> {
        Self::from_registrations(info, |builder| run_registrations(crate_name, builder))
    }

    /// Builds the plugin from what `register` adds to an empty builder, and checks the result.
    pub(crate) fn from_registrations(
        info: &PluginInfo,
        register: impl FnOnce(&mut PluginBuilder),
    ) -> Result<Self, String> {
        let mut builder = PluginBuilder {
            name: info.name.to_owned(),
            ..PluginBuilder::default()
        };
        register(&mut builder);
        let refused = |reason: String| format!("plugin '{}': {reason}", info.name);
        for (action, example) in builder.examples {
            let Some((signature, _)) = builder.actions.iter_mut().find(|(s, _)| s.id == action)
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
            actions: builder.actions.iter().map(|(sig, _)| sig.clone()).collect(),
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
            .map(|(sig, body)| (sig.id, body))
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
        })
    }

    /// The descriptor sent to the host.
    pub fn descriptor(&self) -> &PluginDescriptor {
        &self.descriptor
    }

    /// Runs one action; errors and panics become an error message.
    pub fn execute(&self, request: &ExecuteRequest) -> Result<ExecuteReply, String> {
        let body = self.actions.get(&request.action).ok_or_else(|| {
            format!(
                "plugin '{}' has no action '{}'",
                self.descriptor.name, request.action
            )
        })?;
        let mut context = ActionContext::new(request);
        guarded(|| body(&mut context).map_err(|err| err.to_string()))?;
        Ok(ExecuteReply {
            outputs: context.into_outputs(),
        })
    }

    /// Answers a service request.
    pub fn service(&self, request: &ServiceRequest) -> Result<String, String> {
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
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(format!("the plugin panicked: {message}"))
    })
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
    let _host = host;
    reply(guarded(|| {
        let plugin = built(info, crate_name)?;
        let request: ExecuteRequest = serde_json::from_str(&request)
            .map_err(|e| format!("malformed execute request: {e}"))?;
        let reply = plugin.execute(&request)?;
        serde_json::to_string(&reply).map_err(|e| e.to_string())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::demo;

    fn run(plugin: &BuiltPlugin, factory: &str, dir: &Path) -> Result<ExampleDataReply, String> {
        let request = ServiceRequest::ExampleData {
            factory: factory.to_owned(),
            dir: dir.display().to_string(),
        };
        // Through JSON both ways, as across the ABI.
        let request: ServiceRequest =
            serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        let reply = plugin.service(&request)?;
        Ok(serde_json::from_str(&reply).unwrap())
    }

    #[test]
    fn an_artifact_factory_writes_its_data_and_says_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let reply = run(&demo::build(), "query_seqs_factory", dir.path()).unwrap();
        assert_eq!(
            reply,
            ExampleDataReply::Artifact {
                semantic_type: "FeatureData[Sequence]".into(),
                format: "DNASequencesDirectoryFormat".into(),
            }
        );
        let fasta = std::fs::read_to_string(dir.path().join("dna-sequences.fasta")).unwrap();
        assert!(fasta.starts_with(">q1\n"));
    }

    #[test]
    fn a_metadata_factory_writes_the_tsv_file_it_reports() {
        let dir = tempfile::tempdir().unwrap();
        let reply = run(&demo::build(), "metadata_factory", dir.path()).unwrap();
        let file = dir.path().join(METADATA_FILE);
        assert_eq!(
            reply,
            ExampleDataReply::Metadata {
                file: file.display().to_string()
            }
        );
        assert!(
            std::fs::read_to_string(file)
                .unwrap()
                .starts_with("id\tphylum\n")
        );
    }

    #[test]
    fn failing_factories_become_errors_naming_them() {
        let plugin = demo::build();
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            run(&plugin, "panicking_factory", dir.path()).unwrap_err(),
            "example-data factory 'panicking_factory': the plugin panicked: no sequences today"
        );
        assert_eq!(
            run(&plugin, "failing_factory", dir.path()).unwrap_err(),
            "example-data factory 'failing_factory': the sequences are missing"
        );
        assert_eq!(
            run(&plugin, "lazy_metadata_factory", dir.path()).unwrap_err(),
            format!(
                "example-data factory 'lazy_metadata_factory': it wrote no file {}",
                dir.path().join(METADATA_FILE).display()
            )
        );
        assert_eq!(
            run(&plugin, "nothing_factory", dir.path()).unwrap_err(),
            "plugin 'demo' has no example-data factory 'nothing_factory'"
        );
    }

    #[test]
    fn a_collection_factory_reports_its_members_in_order() {
        let plugin = demo::build();
        let dir = tempfile::tempdir().unwrap();
        let reply = run(&plugin, "seq_splits_factory", dir.path()).unwrap();
        let format = "DNASequencesDirectoryFormat".to_owned();
        assert_eq!(
            reply,
            ExampleDataReply::ArtifactCollection {
                semantic_type: "FeatureData[Sequence]".into(),
                members: vec![("0".into(), format.clone()), ("1".into(), format)],
            }
        );
        assert!(dir.path().join("1/dna-sequences.fasta").is_file());
        let err = run(&plugin, "bad_keys_factory", dir.path()).unwrap_err();
        assert!(
            err.starts_with("example-data factory 'bad_keys_factory': member '../escape' is not"),
            "{err}"
        );
    }

    #[test]
    fn a_view_factory_writes_the_view() {
        let dir = tempfile::tempdir().unwrap();
        let reply = run(&demo::build(), "letters_factory", dir.path()).unwrap();
        assert_eq!(
            reply,
            ExampleDataReply::Artifact {
                semantic_type: "Letters".into(),
                format: "LettersDirectoryFormat".into(),
            }
        );
        let data = crate::plugin::ArtifactData {
            data_dir: dir.path().display().to_string(),
            semantic_type: "Letters".into(),
            format: "LettersDirectoryFormat".into(),
        };
        use crate::plugin::View;
        assert_eq!(demo::Letters::read(&data).unwrap().0, "ACGT");
    }

    fn register_demo(plugin: &mut PluginBuilder) {
        demo::register(plugin);
    }
    crate::register!(register_demo);

    #[test]
    fn registrations_submitted_in_a_test_module_are_found() {
        let plugin = BuiltPlugin::build(&demo::INFO, env!("CARGO_PKG_NAME")).unwrap();
        let descriptor = plugin.descriptor();
        let ids: Vec<_> = descriptor
            .example_data
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert!(ids.contains(&"metadata_factory"), "{ids:?}");
        let search = descriptor
            .actions
            .iter()
            .find(|a| a.id == "search_and_summarize")
            .unwrap();
        assert_eq!(search.examples[0].name, "Serial");
    }
}
