//! What an action's body sees: its inputs as views, its parameters, and where its outputs go.

use std::collections::BTreeMap;
use std::path::Path;

use abi_stable::std_types::RResult;

use super::call::{Call, Called};
use super::error::ActionError;
use super::handle::{Collection, Handle};
use super::view::View;
use crate::plugin::abi::HostBox;
use crate::plugin::request::{
    ArtifactData, CallReply, CallRequest, ExecuteRequest, InputValue, OutputValue,
};
use crate::plugin::value::FromParam;

/// The running action's inputs, parameters and outputs, and for a pipeline the host it calls.
///
/// # Examples
///
/// Most bodies read their inputs and parameters through their [`Arguments`](crate::plugin::Arguments)
/// and return their [`Results`](crate::plugin::Results); the context is for what else an action
/// does: a visualizer's folder, a pipeline's calls.
///
/// A visualizer, run in-process on a request the way a plugin's unit tests do:
///
/// ```standalone_crate
/// use std::collections::BTreeMap;
/// use qiime2_plugin::plugin::{
///     ActionContext, ActionError, Arguments, BuiltPlugin, ExecuteRequest, ParamValue,
///     PluginBuilder, PluginInfo,
/// };
///
/// #[derive(Arguments)]
/// struct Greet {
///     #[param]
///     name: String,
///     #[param]
///     times: usize,
/// }
///
/// /// `greet`: a page greeting `name`, `times` times.
/// fn greet(args: Greet, ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
///     let page = ctx.visualization_dir()?.join("index.html");
///     let text = format!("<p>hello {}</p>\n", args.name).repeat(args.times);
///     std::fs::write(page, text).map_err(ActionError::msg)
/// }
///
/// fn register(plugin: &mut PluginBuilder) {
///     plugin
///         .visualizer("greet", greet)
///         .name("Greet.")
///         .description("Greets someone.")
///         .parameter("name", "Str", "Who to greet.")
///         .parameter_with_default("times", "Int % Range(1, None)", 1, "How often.");
/// }
/// qiime2_plugin::register!(register);
///
/// fn main() {
///     let info = PluginInfo {
///         name: "hello",
///         version: "1.0.0",
///         website: "https://example.org",
///         description: "Greets.",
///         short_description: "Greets.",
///         citations_bib: "",
///         citations: &[],
///     };
///     let plugin = BuiltPlugin::build(&info, env!("CARGO_PKG_NAME")).unwrap();
///     let out = tempfile::tempdir().unwrap();
///     let request = ExecuteRequest {
///         action: "greet".into(),
///         inputs: BTreeMap::new(),
///         parameters: BTreeMap::from([
///             ("name".into(), ParamValue::Str("Ada".into())),
///             ("times".into(), ParamValue::Int(2)),
///         ]),
///         output_dirs: BTreeMap::from([("visualization".into(), out.path().display().to_string())]),
///     };
///     plugin.execute(&request).unwrap();
///     let page = std::fs::read_to_string(out.path().join("index.html")).unwrap();
///     assert_eq!(page, "<p>hello Ada</p>\n<p>hello Ada</p>\n");
/// }
/// ```
pub struct ActionContext<'a> {
    request: &'a ExecuteRequest,
    host: &'a HostBox,
    outputs: BTreeMap<String, OutputValue>,
}

impl<'a> ActionContext<'a> {
    pub(crate) fn new(request: &'a ExecuteRequest, host: &'a HostBox) -> Self {
        Self {
            request,
            host,
            outputs: BTreeMap::new(),
        }
    }

    pub(crate) fn into_outputs(self) -> BTreeMap<String, OutputValue> {
        self.outputs
    }

    fn input_value(&self, name: &str) -> Result<&'a InputValue, ActionError> {
        self.request
            .inputs
            .get(name)
            .ok_or_else(|| missing("input", name))
    }

    /// Reads input `name` as the view `V`.
    pub(crate) fn input<V: View>(&self, name: &str) -> Result<V, ActionError> {
        match self.input_value(name)? {
            InputValue::Artifact(data) => V::read(data).map_err(|source| ActionError::Input {
                name: name.to_owned(),
                source,
            }),
            _ => Err(missing("input", name)),
        }
    }

    /// Reads an optional input `name` as the view `V`; `None` where it was left out.
    pub(crate) fn optional_input<V: View>(&self, name: &str) -> Result<Option<V>, ActionError> {
        match self.input_value(name)? {
            InputValue::None => Ok(None),
            _ => self.input(name).map(Some),
        }
    }

    /// Reads a collection input `name`, each element as the view `V`, in key order.
    pub(crate) fn input_collection<V: View>(
        &self,
        name: &str,
    ) -> Result<Collection<V>, ActionError> {
        match self.input_value(name)? {
            InputValue::Collection(items) => items
                .iter()
                .map(|(key, data)| {
                    V::read(data)
                        .map(|view| (key.clone(), view))
                        .map_err(|source| ActionError::Input {
                            name: format!("{name}[{key}]"),
                            source,
                        })
                })
                .collect(),
            _ => Err(missing("input", name)),
        }
    }

    /// Reads parameter `name` as `T` (`i64`, `f64`, `String`, `bool`, `Option<_>`, `Vec<_>`).
    pub(crate) fn param<T: FromParam>(&self, name: &str) -> Result<T, ActionError> {
        let value = self
            .request
            .parameters
            .get(name)
            .ok_or_else(|| missing("parameter", name))?;
        T::from_param(value).map_err(|expected| ActionError::BadParameter {
            name: name.to_owned(),
            expected,
            given: format!("{} ({value})", value.kind()),
        })
    }

    /// The empty folder where output `name` is written.
    pub(crate) fn output_dir(&self, name: &str) -> Result<&'a Path, ActionError> {
        self.request
            .output_dirs
            .get(name)
            .map(Path::new)
            .ok_or_else(|| missing("output", name))
    }

    /// The folder a visualizer writes its `index.html` (and assets) into.
    pub fn visualization_dir(&mut self) -> Result<&'a Path, ActionError> {
        let dir = self.output_dir("visualization")?;
        self.outputs
            .insert("visualization".to_owned(), OutputValue::Written(None));
        Ok(dir)
    }

    /// Writes output `name` from the view `value`.
    pub(crate) fn write_output<V: View>(
        &mut self,
        name: &str,
        value: &V,
    ) -> Result<(), ActionError> {
        let dir = self.output_dir(name)?;
        let format = value.write(dir).map_err(|source| ActionError::Output {
            name: name.to_owned(),
            source,
        })?;
        self.outputs
            .insert(name.to_owned(), OutputValue::Written(Some(format)));
        Ok(())
    }

    /// Writes collection output `name`: one element per `(key, view)`, in the order given.
    pub(crate) fn write_collection<V: View>(
        &mut self,
        name: &str,
        items: Collection<V>,
    ) -> Result<(), ActionError> {
        let dir = self.output_dir(name)?;
        let mut written = Vec::new();
        for (key, value) in items {
            let element = dir.join(&key);
            std::fs::create_dir_all(&element).map_err(|source| ActionError::Output {
                name: name.to_owned(),
                source: super::error::ViewError::Io {
                    path: element.clone(),
                    source,
                },
            })?;
            let format = value
                .write(&element)
                .map_err(|source| ActionError::Output {
                    name: format!("{name}[{key}]"),
                    source,
                })?;
            written.push((key, format));
        }
        self.outputs
            .insert(name.to_owned(), OutputValue::Collection(written));
        Ok(())
    }
}

impl ActionContext<'_> {
    /// The handle of input `name` (pipelines), to pass it on to other actions.
    pub(crate) fn input_handle(&self, name: &str) -> Result<Handle, ActionError> {
        match self.input_value(name)? {
            InputValue::Artifact(data) => handle_of(name, data),
            _ => Err(missing("input handle", name)),
        }
    }

    /// The handle of optional input `name` (pipelines); `None` where it was left out.
    pub(crate) fn optional_input_handle(&self, name: &str) -> Result<Option<Handle>, ActionError> {
        match self.input_value(name)? {
            InputValue::None => Ok(None),
            _ => self.input_handle(name).map(Some),
        }
    }

    /// The keyed handles of collection input `name` (pipelines), in key order.
    pub(crate) fn input_handles(&self, name: &str) -> Result<Collection<Handle>, ActionError> {
        match self.input_value(name)? {
            InputValue::Collection(items) => items
                .iter()
                .map(|(key, data)| Ok((key.clone(), handle_of(name, data)?)))
                .collect(),
            _ => Err(missing("input handles", name)),
        }
    }

    /// Calls action `action` of plugin `plugin` (pipelines only). In a parallel run the call
    /// returns at once with handles on results that are still being made.
    pub fn call(&self, plugin: &str, action: &str, call: Call) -> Result<Called, ActionError> {
        let request = CallRequest {
            plugin: plugin.to_owned(),
            action: action.to_owned(),
            inputs: call.inputs,
            parameters: call.parameters,
        };
        let json = serde_json::to_string(&request).map_err(|e| ActionError::Call(e.to_string()))?;
        let label = format!("{plugin} {action}");
        match self.host.call(json.into()) {
            RResult::ROk(reply) => {
                let reply: CallReply = serde_json::from_str(&reply)
                    .map_err(|e| ActionError::Call(format!("malformed reply to {label}: {e}")))?;
                Ok(Called { label, reply })
            }
            RResult::RErr(message) => Err(ActionError::Call(format!("{label} failed: {message}"))),
        }
    }

    /// Waits for the result behind `handle` and reads it as the view `V`.
    pub fn view<V: View>(&self, handle: &Handle) -> Result<V, ActionError> {
        let data = match self.host.data_dir(handle.id().into()) {
            RResult::ROk(json) => serde_json::from_str::<ArtifactData>(&json)
                .map_err(|e| ActionError::Call(format!("malformed result description: {e}")))?,
            RResult::RErr(message) => return Err(ActionError::Call(message.into())),
        };
        V::read(&data).map_err(|source| ActionError::Input {
            name: handle.id().to_owned(),
            source,
        })
    }

    /// Returns the result behind `handle` as pipeline output `name`.
    pub(crate) fn set_output(&mut self, name: &str, handle: Handle) {
        self.outputs
            .insert(name.to_owned(), OutputValue::Handle(handle.id().to_owned()));
    }

    /// Returns the keyed results behind `handles` as pipeline collection output `name`.
    pub(crate) fn set_collection_output(&mut self, name: &str, handles: Collection<Handle>) {
        let handles = handles
            .into_iter()
            .map(|(key, handle)| (key, handle.id().to_owned()))
            .collect();
        self.outputs
            .insert(name.to_owned(), OutputValue::Handles(handles));
    }
}

/// The handle the host gave input `name`, with its semantic type.
fn handle_of(name: &str, data: &ArtifactData) -> Result<Handle, ActionError> {
    let id = data
        .handle
        .clone()
        .ok_or_else(|| missing("input handle", name))?;
    Ok(Handle::new(id, Some(data.semantic_type.clone())))
}

fn missing(kind: &'static str, name: &str) -> ActionError {
    ActionError::Missing {
        kind,
        name: name.to_owned(),
    }
}
