//! Reading `action.yaml` text into an [`ActionRecord`].

use chrono::{DateTime, FixedOffset};
use indexmap::IndexMap;
use serde_norway::{Mapping, Value};
use uuid::Uuid;

use super::error::ProvenanceError;
use super::record::{
    Action, ActionKind, ActionRecord, CallAction, Environment, Execution, ExecutionContext,
    ImportAction, InputValue, ManifestEntry, OutputName, PackageInfo, ParamValue, Runtime,
    TransformerStep, Transformers,
};

/// Parsing context: the file name used in error messages.
struct Ctx<'a> {
    file: &'a str,
}

/// A short description of a YAML value for error messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {s:?}"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged {}", t.tag),
    }
}

fn tag_of(v: &Value) -> Option<(String, &Value)> {
    match v {
        Value::Tagged(t) => Some((t.tag.to_string(), &t.value)),
        _ => None,
    }
}

impl Ctx<'_> {
    fn invalid(&self, field: &str, expected: &str, found: &Value) -> ProvenanceError {
        ProvenanceError::InvalidField {
            file: self.file.to_string(),
            field: field.to_string(),
            expected: expected.to_string(),
            found: describe(found),
        }
    }

    fn map<'v>(&self, v: &'v Value, field: &str) -> Result<&'v Mapping, ProvenanceError> {
        v.as_mapping()
            .ok_or_else(|| self.invalid(field, "a mapping", v))
    }

    fn get<'v>(
        &self,
        m: &'v Mapping,
        parent: &str,
        key: &str,
    ) -> Result<&'v Value, ProvenanceError> {
        m.get(key).ok_or_else(|| ProvenanceError::MissingField {
            file: self.file.to_string(),
            field: join(parent, key),
        })
    }

    fn seq<'v>(&self, v: &'v Value, field: &str) -> Result<&'v [Value], ProvenanceError> {
        v.as_sequence()
            .map(Vec::as_slice)
            .ok_or_else(|| self.invalid(field, "a list", v))
    }

    /// A scalar as text; numbers and booleans are accepted for tolerance.
    fn text(&self, v: &Value, field: &str) -> Result<String, ProvenanceError> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            _ => Err(self.invalid(field, "a string", v)),
        }
    }

    fn uuid(&self, v: &Value, field: &str) -> Result<Uuid, ProvenanceError> {
        v.as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| self.invalid(field, "a uuid", v))
    }

    fn timestamp(&self, v: &Value, field: &str) -> Result<DateTime<FixedOffset>, ProvenanceError> {
        v.as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .ok_or_else(|| self.invalid(field, "an ISO-8601 timestamp with offset", v))
    }

    /// The text of a tagged scalar such as `!cite 'KEY'`.
    fn tagged(&self, v: &Value, tag: &str, field: &str) -> Result<String, ProvenanceError> {
        match tag_of(v) {
            Some((t, Value::String(s))) if t == tag => Ok(s.clone()),
            _ => Err(self.invalid(field, &format!("a {tag} value"), v)),
        }
    }

    fn plugin_ref(&self, v: &Value, field: &str) -> Result<String, ProvenanceError> {
        let text = match v {
            Value::String(s) => s.clone(),
            _ => self.tagged(v, "!ref", field)?,
        };
        Ok(text
            .strip_prefix("environment:plugins:")
            .map(str::to_string)
            .unwrap_or(text))
    }

    fn cites(&self, m: &Mapping, parent: &str) -> Result<Vec<String>, ProvenanceError> {
        let field = join(parent, "citations");
        match m.get("citations") {
            None => Ok(Vec::new()),
            Some(v) => self
                .seq(v, &field)?
                .iter()
                .enumerate()
                .map(|(i, c)| self.tagged(c, "!cite", &format!("{field}[{i}]")))
                .collect(),
        }
    }

    /// A list of one-key mappings as ordered pairs.
    fn pairs<'v>(
        &self,
        v: &'v Value,
        field: &str,
    ) -> Result<Vec<(String, &'v Value)>, ProvenanceError> {
        let mut out = Vec::new();
        for (i, item) in self.seq(v, field)?.iter().enumerate() {
            let here = format!("{field}[{i}]");
            let m = self.map(item, &here)?;
            if m.len() != 1 {
                return Err(self.invalid(&here, "a mapping with exactly one key", item));
            }
            for (k, val) in m {
                out.push((self.text(k, &here)?, val));
            }
        }
        Ok(out)
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn is_pair_list(items: &[Value]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|i| i.as_mapping().is_some_and(|m| m.len() == 1))
}

fn input_value(ctx: &Ctx, v: &Value, field: &str) -> Result<InputValue, ProvenanceError> {
    let uuids = |items: &[Value]| -> Result<Vec<Uuid>, ProvenanceError> {
        items
            .iter()
            .enumerate()
            .map(|(i, u)| ctx.uuid(u, &format!("{field}[{i}]")))
            .collect()
    };
    match v {
        Value::Null => Ok(InputValue::None),
        Value::String(_) => Ok(InputValue::Uuid(ctx.uuid(v, field)?)),
        Value::Sequence(items) if is_pair_list(items) => {
            let pairs = ctx.pairs(v, field)?;
            let pairs = pairs
                .into_iter()
                .map(|(k, u)| Ok((k.clone(), ctx.uuid(u, &format!("{field}.{k}"))?)))
                .collect::<Result<_, ProvenanceError>>()?;
            Ok(InputValue::Collection(pairs))
        }
        Value::Sequence(items) => Ok(InputValue::List(uuids(items)?)),
        Value::Tagged(t) => match (t.tag.to_string().as_str(), &t.value) {
            ("!set", Value::Sequence(items)) => Ok(InputValue::Set(uuids(items)?)),
            ("!no-provenance", inner) => Ok(InputValue::NoProvenance(ctx.uuid(inner, field)?)),
            _ => Err(ctx.invalid(field, "an artifact uuid, list, set or collection", v)),
        },
        _ => Err(ctx.invalid(field, "an artifact uuid, list, set or collection", v)),
    }
}

fn param_value(ctx: &Ctx, v: &Value, field: &str) -> Result<ParamValue, ProvenanceError> {
    let list = |items: &[Value]| -> Result<Vec<ParamValue>, ProvenanceError> {
        items
            .iter()
            .enumerate()
            .map(|(i, p)| param_value(ctx, p, &format!("{field}[{i}]")))
            .collect()
    };
    match v {
        Value::Null => Ok(ParamValue::Null),
        Value::Bool(b) => Ok(ParamValue::Bool(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(ParamValue::Int(i)),
            None => n
                .as_f64()
                .map(ParamValue::Float)
                .ok_or_else(|| ctx.invalid(field, "a number", v)),
        },
        Value::String(s) => Ok(ParamValue::Str(s.clone())),
        Value::Sequence(items) if is_pair_list(items) => {
            let pairs = ctx.pairs(v, field)?;
            let pairs = pairs
                .into_iter()
                .map(|(k, p)| Ok((k.clone(), param_value(ctx, p, &format!("{field}.{k}"))?)))
                .collect::<Result<_, ProvenanceError>>()?;
            Ok(ParamValue::Collection(pairs))
        }
        Value::Sequence(items) => Ok(ParamValue::List(list(items)?)),
        Value::Mapping(m) => {
            let pairs = m
                .iter()
                .map(|(k, p)| {
                    let k = ctx.text(k, field)?;
                    let p = param_value(ctx, p, &format!("{field}.{k}"))?;
                    Ok((k, p))
                })
                .collect::<Result<_, ProvenanceError>>()?;
            Ok(ParamValue::Collection(pairs))
        }
        Value::Tagged(t) => match (t.tag.to_string().as_str(), &t.value) {
            ("!set", Value::Sequence(items)) => Ok(ParamValue::Set(list(items)?)),
            ("!color", Value::String(s)) => Ok(ParamValue::Color(s.clone())),
            ("!metadata", Value::String(s)) => {
                // `uuid[,uuid]:name.tsv` when artifacts were viewed as metadata,
                // otherwise just the file name (which may itself contain ':').
                let split = s.split_once(':').and_then(|(ids, file)| {
                    let ids: Result<Vec<Uuid>, _> =
                        ids.split(',').map(|u| Uuid::parse_str(u.trim())).collect();
                    Some((ids.ok()?, file))
                });
                let (artifacts, file) = split.unwrap_or((Vec::new(), s.as_str()));
                Ok(ParamValue::Metadata {
                    file: file.to_string(),
                    artifacts,
                })
            }
            _ => Err(ctx.invalid(field, "a parameter value", v)),
        },
    }
}

fn execution(ctx: &Ctx, v: &Value) -> Result<Execution, ProvenanceError> {
    let m = ctx.map(v, "execution")?;
    let uuid = ctx.uuid(ctx.get(m, "execution", "uuid")?, "execution.uuid")?;
    let rt = ctx.map(ctx.get(m, "execution", "runtime")?, "execution.runtime")?;
    let start = ctx.timestamp(
        ctx.get(rt, "execution.runtime", "start")?,
        "execution.runtime.start",
    )?;
    let end = ctx.timestamp(
        ctx.get(rt, "execution.runtime", "end")?,
        "execution.runtime.end",
    )?;
    let execution_context = match m.get("execution_context") {
        None => None,
        Some(c) => {
            let f = "execution.execution_context";
            let cm = ctx.map(c, f)?;
            let kind = ctx.get(cm, f, "type")?;
            Some(match kind.as_str() {
                Some("synchronous") => ExecutionContext::Synchronous,
                Some("asynchronous") => ExecutionContext::Asynchronous,
                Some("parsl") => ExecutionContext::Parsl {
                    parsl_type: ctx.text(ctx.get(cm, f, "parsl_type")?, &join(f, "parsl_type"))?,
                },
                _ => {
                    return Err(ctx.invalid(
                        &join(f, "type"),
                        "synchronous, asynchronous or parsl",
                        kind,
                    ));
                }
            })
        }
    };
    Ok(Execution {
        uuid,
        runtime: Runtime { start, end },
        execution_context,
    })
}

fn action(ctx: &Ctx, v: &Value) -> Result<Action, ProvenanceError> {
    let m = ctx.map(v, "action")?;
    let kind_value = ctx.get(m, "action", "type")?;
    let kind = match kind_value.as_str() {
        Some("import") => None,
        word => Some(word.and_then(ActionKind::parse).ok_or_else(|| {
            ctx.invalid(
                "action.type",
                "import, method, visualizer or pipeline",
                kind_value,
            )
        })?),
    };
    let Some(kind) = kind else {
        let format = m
            .get("format")
            .map(|f| ctx.text(f, "action.format"))
            .transpose()?;
        let manifest = match m.get("manifest") {
            None => None,
            Some(list) => Some(
                ctx.seq(list, "action.manifest")?
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let f = format!("action.manifest[{i}]");
                        let em = ctx.map(e, &f)?;
                        Ok(ManifestEntry {
                            name: ctx.text(ctx.get(em, &f, "name")?, &join(&f, "name"))?,
                            md5sum: ctx.text(ctx.get(em, &f, "md5sum")?, &join(&f, "md5sum"))?,
                        })
                    })
                    .collect::<Result<_, ProvenanceError>>()?,
            ),
        };
        return Ok(Action::Import(ImportAction { format, manifest }));
    };
    let plugin = ctx.plugin_ref(ctx.get(m, "action", "plugin")?, "action.plugin")?;
    let action = ctx.text(ctx.get(m, "action", "action")?, "action.action")?;
    let inputs = ctx
        .pairs(ctx.get(m, "action", "inputs")?, "action.inputs")?
        .into_iter()
        .map(|(k, v)| {
            Ok((
                k.clone(),
                input_value(ctx, v, &format!("action.inputs.{k}"))?,
            ))
        })
        .collect::<Result<_, ProvenanceError>>()?;
    let parameters = ctx
        .pairs(ctx.get(m, "action", "parameters")?, "action.parameters")?
        .into_iter()
        .map(|(k, v)| {
            Ok((
                k.clone(),
                param_value(ctx, v, &format!("action.parameters.{k}"))?,
            ))
        })
        .collect::<Result<_, ProvenanceError>>()?;
    let out_value = ctx.get(m, "action", "output-name")?;
    let output_name = match out_value {
        Value::Sequence(items) if items.len() == 3 => {
            let f = "action.output-name";
            let position = ctx.text(&items[2], f)?;
            let (index, size) = position
                .split_once('/')
                .and_then(|(i, s)| Some((i.parse().ok()?, s.parse().ok()?)))
                .ok_or_else(|| ctx.invalid(f, "a position like '1/5'", &items[2]))?;
            OutputName::Element {
                name: ctx.text(&items[0], f)?,
                key: ctx.text(&items[1], f)?,
                index,
                size,
            }
        }
        Value::Sequence(_) => {
            return Err(ctx.invalid(
                "action.output-name",
                "a name or [name, key, 'i/size']",
                out_value,
            ));
        }
        other => OutputName::Plain(ctx.text(other, "action.output-name")?),
    };
    let alias_of = m
        .get("alias-of")
        .map(|a| ctx.uuid(a, "action.alias-of"))
        .transpose()?;
    let citations = ctx.cites(m, "action")?;
    Ok(Action::Call(CallAction {
        kind,
        plugin,
        action,
        inputs,
        parameters,
        output_name,
        alias_of,
        citations,
    }))
}

fn steps(ctx: &Ctx, v: &Value, field: &str) -> Result<Vec<TransformerStep>, ProvenanceError> {
    ctx.seq(v, field)?
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let f = format!("{field}[{i}]");
            let m = ctx.map(s, &f)?;
            Ok(TransformerStep {
                from: ctx.text(ctx.get(m, &f, "from")?, &join(&f, "from"))?,
                to: ctx.text(ctx.get(m, &f, "to")?, &join(&f, "to"))?,
                plugin: m
                    .get("plugin")
                    .map(|p| ctx.plugin_ref(p, &join(&f, "plugin")))
                    .transpose()?,
                citations: ctx.cites(m, &f)?,
            })
        })
        .collect()
}

fn transformers(ctx: &Ctx, v: &Value) -> Result<Transformers, ProvenanceError> {
    let m = ctx.map(v, "transformers")?;
    let mut inputs = IndexMap::new();
    if let Some(i) = m.get("inputs") {
        for (k, s) in ctx.map(i, "transformers.inputs")? {
            let name = ctx.text(k, "transformers.inputs")?;
            let list = steps(ctx, s, &format!("transformers.inputs.{name}"))?;
            inputs.insert(name, list);
        }
    }
    let output = m
        .get("output")
        .map(|o| steps(ctx, o, "transformers.output"))
        .transpose()?;
    Ok(Transformers {
        inputs,
        output: output.unwrap_or_default(),
    })
}

fn package(ctx: &Ctx, v: &Value, field: &str) -> Result<PackageInfo, ProvenanceError> {
    if let Value::String(version) = v {
        // Records older than format 4 give the framework as a bare version.
        return Ok(PackageInfo {
            version: version.clone(),
            website: String::new(),
            citations: Vec::new(),
        });
    }
    let m = ctx.map(v, field)?;
    Ok(PackageInfo {
        version: ctx.text(ctx.get(m, field, "version")?, &join(field, "version"))?,
        website: m
            .get("website")
            .map(|w| ctx.text(w, &join(field, "website")))
            .transpose()?
            .unwrap_or_default(),
        citations: ctx.cites(m, field)?,
    })
}

fn versions(
    ctx: &Ctx,
    v: &Value,
    field: &str,
) -> Result<IndexMap<String, String>, ProvenanceError> {
    ctx.map(v, field)?
        .iter()
        .map(|(k, val)| {
            let k = ctx.text(k, field)?;
            let val = ctx.text(val, &join(field, &k))?;
            Ok((k, val))
        })
        .collect()
}

fn environment(ctx: &Ctx, v: &Value) -> Result<Environment, ProvenanceError> {
    let f = "environment";
    let m = ctx.map(v, f)?;
    let mut plugins = IndexMap::new();
    if let Some(p) = m.get("plugins") {
        for (k, info) in ctx.map(p, "environment.plugins")? {
            let name = ctx.text(k, "environment.plugins")?;
            let info = package(ctx, info, &format!("environment.plugins.{name}"))?;
            plugins.insert(name, info);
        }
    }
    Ok(Environment {
        platform: ctx.text(ctx.get(m, f, "platform")?, "environment.platform")?,
        python: m
            .get("python")
            .map(|p| ctx.text(p, "environment.python"))
            .transpose()?,
        framework: package(ctx, ctx.get(m, f, "framework")?, "environment.framework")?,
        plugins,
        python_packages: m
            .get("python-packages")
            .map(|p| versions(ctx, p, "environment.python-packages"))
            .transpose()?,
        rust_packages: m
            .get("rust-packages")
            .map(|p| versions(ctx, p, "environment.rust-packages"))
            .transpose()?,
    })
}

/// Parses `action.yaml` text; `file` names the source in error messages.
///
/// Unknown keys are ignored. YAML aliases may expand the document only to about one node
/// per byte of text, so alias bombs fail with [`ProvenanceError::Yaml`].
pub fn parse_action_yaml(text: &str, file: &str) -> Result<ActionRecord, ProvenanceError> {
    let ctx = Ctx { file };
    let doc: Value = crate::yaml_budget::from_str(text).map_err(|e| ProvenanceError::Yaml {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    let top = ctx.map(&doc, "(document)")?;
    Ok(ActionRecord {
        execution: execution(&ctx, ctx.get(top, "", "execution")?)?,
        action: action(&ctx, ctx.get(top, "", "action")?)?,
        transformers: top
            .get("transformers")
            .map(|t| transformers(&ctx, t))
            .transpose()?,
        environment: environment(&ctx, ctx.get(top, "", "environment")?)?,
    })
}

/// Reads and parses an `action.yaml` file.
pub fn read_action_yaml(path: &std::path::Path) -> Result<ActionRecord, ProvenanceError> {
    let text = std::fs::read_to_string(path).map_err(|e| ProvenanceError::io(path, &e))?;
    parse_action_yaml(&text, &path.display().to_string())
}
