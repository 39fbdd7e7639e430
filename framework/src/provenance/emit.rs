//! Converting an [`ActionRecord`] into `action.yaml` text.

use indexmap::IndexMap;

use super::duration::{duration_text, iso_timestamp};
use super::node::{Node, python_float, render_document};
use super::record::{
    Action, ActionRecord, Environment, ExecutionContext, InputValue, OutputName, PackageInfo,
    ParamValue, TransformerStep,
};

fn entry(key: &str, node: Node) -> (String, Node) {
    (key.to_string(), node)
}

fn plugin_ref(name: &str) -> Node {
    Node::Tagged("!ref", format!("environment:plugins:{name}"))
}

fn cites(keys: &[String]) -> Node {
    Node::Seq(
        None,
        keys.iter()
            .map(|k| Node::Tagged("!cite", k.clone()))
            .collect(),
    )
}

fn uuid_node(u: &uuid::Uuid) -> Node {
    Node::str(u.to_string())
}

fn input_node(value: &InputValue) -> Node {
    match value {
        InputValue::None => Node::Raw("null".into()),
        InputValue::Uuid(u) => uuid_node(u),
        InputValue::NoProvenance(u) => Node::Tagged("!no-provenance", u.to_string()),
        InputValue::List(us) => Node::Seq(None, us.iter().map(uuid_node).collect()),
        InputValue::Set(us) => Node::Seq(Some("!set"), us.iter().map(uuid_node).collect()),
        InputValue::Collection(pairs) => Node::Seq(
            None,
            pairs
                .iter()
                .map(|(k, u)| Node::Map(vec![(k.clone(), uuid_node(u))]))
                .collect(),
        ),
    }
}

fn param_node(value: &ParamValue) -> Node {
    match value {
        ParamValue::Null => Node::Raw("null".into()),
        ParamValue::Bool(b) => Node::Raw(b.to_string()),
        ParamValue::Int(i) => Node::Raw(i.to_string()),
        ParamValue::Float(f) => Node::Raw(python_float(*f)),
        ParamValue::Str(s) => Node::str(s.clone()),
        ParamValue::List(items) => Node::Seq(None, items.iter().map(param_node).collect()),
        ParamValue::Set(items) => Node::Seq(Some("!set"), items.iter().map(param_node).collect()),
        ParamValue::Color(hex) => Node::Tagged("!color", hex.clone()),
        ParamValue::Metadata { file, artifacts } => {
            let text = if artifacts.is_empty() {
                file.clone()
            } else {
                let ids: Vec<String> = artifacts.iter().map(|u| u.to_string()).collect();
                format!("{}:{file}", ids.join(","))
            };
            Node::Tagged("!metadata", text)
        }
        ParamValue::Collection(pairs) => Node::Seq(
            None,
            pairs
                .iter()
                .map(|(k, v)| Node::Map(vec![(k.clone(), param_node(v))]))
                .collect(),
        ),
    }
}

fn step_node(step: &TransformerStep) -> Node {
    let mut m = vec![
        entry("from", Node::str(step.from.clone())),
        entry("to", Node::str(step.to.clone())),
    ];
    if let Some(p) = &step.plugin {
        m.push(entry("plugin", plugin_ref(p)));
    }
    if !step.citations.is_empty() {
        m.push(entry("citations", cites(&step.citations)));
    }
    Node::Map(m)
}

fn package_node(info: &PackageInfo) -> Node {
    let mut m = vec![
        entry("version", Node::str(info.version.clone())),
        entry("website", Node::str(info.website.clone())),
    ];
    if !info.citations.is_empty() {
        m.push(entry("citations", cites(&info.citations)));
    }
    Node::Map(m)
}

fn versions_node(map: &IndexMap<String, String>) -> Node {
    Node::Map(
        map.iter()
            .map(|(k, v)| (k.clone(), Node::str(v.clone())))
            .collect(),
    )
}

fn execution_section(record: &ActionRecord) -> Vec<(String, Node)> {
    let ex = &record.execution;
    let runtime = Node::Map(vec![
        entry("start", Node::Raw(iso_timestamp(&ex.runtime.start))),
        entry("end", Node::Raw(iso_timestamp(&ex.runtime.end))),
        entry(
            "duration",
            Node::str(duration_text(&ex.runtime.start, &ex.runtime.end)),
        ),
    ]);
    let mut m = vec![
        entry("uuid", uuid_node(&ex.uuid)),
        entry("runtime", runtime),
    ];
    if let Some(ctx) = &ex.execution_context {
        let ctx = match ctx {
            ExecutionContext::Synchronous => vec![entry("type", Node::str("synchronous"))],
            ExecutionContext::Asynchronous => vec![entry("type", Node::str("asynchronous"))],
            ExecutionContext::Parsl { parsl_type } => vec![
                entry("type", Node::str("parsl")),
                entry("parsl_type", Node::str(parsl_type.clone())),
            ],
        };
        m.push(entry("execution_context", Node::Map(ctx)));
    }
    vec![entry("execution", Node::Map(m))]
}

fn action_section(action: &Action) -> Vec<(String, Node)> {
    let mut m = Vec::new();
    match action {
        Action::Import(imp) => {
            m.push(entry("type", Node::str("import")));
            if let Some(f) = &imp.format {
                m.push(entry("format", Node::str(f.clone())));
            }
            if let Some(manifest) = &imp.manifest {
                let items = manifest
                    .iter()
                    .map(|e| {
                        Node::Map(vec![
                            entry("name", Node::str(e.name.clone())),
                            entry("md5sum", Node::str(e.md5sum.clone())),
                        ])
                    })
                    .collect();
                m.push(entry("manifest", Node::Seq(None, items)));
            }
        }
        Action::Call(call) => {
            m.push(entry("type", Node::str(call.kind.as_str())));
            m.push(entry("plugin", plugin_ref(&call.plugin)));
            m.push(entry("action", Node::str(call.action.clone())));
            let one_key = |k: &String, n: Node| Node::Map(vec![(k.clone(), n)]);
            let inputs = call
                .inputs
                .iter()
                .map(|(k, v)| one_key(k, input_node(v)))
                .collect();
            m.push(entry("inputs", Node::Seq(None, inputs)));
            let params = call
                .parameters
                .iter()
                .map(|(k, v)| one_key(k, param_node(v)))
                .collect();
            m.push(entry("parameters", Node::Seq(None, params)));
            let output = match &call.output_name {
                OutputName::Plain(name) => Node::str(name.clone()),
                OutputName::Element {
                    name,
                    key,
                    index,
                    size,
                } => Node::Seq(
                    None,
                    vec![
                        Node::str(name.clone()),
                        Node::str(key.clone()),
                        Node::str(format!("{index}/{size}")),
                    ],
                ),
            };
            m.push(entry("output-name", output));
            if !call.citations.is_empty() {
                m.push(entry("citations", cites(&call.citations)));
            }
            // QIIME 2 appends the alias after the whole method section.
            if let Some(alias) = &call.alias_of {
                m.push(entry("alias-of", uuid_node(alias)));
            }
        }
    }
    vec![entry("action", Node::Map(m))]
}

fn environment_section(env: &Environment) -> Vec<(String, Node)> {
    let mut m = vec![entry("platform", Node::str(env.platform.clone()))];
    if let Some(py) = &env.python {
        m.push(entry("python", Node::Literal(py.clone())));
    }
    m.push(entry("framework", package_node(&env.framework)));
    let plugins = env
        .plugins
        .iter()
        .map(|(k, v)| (k.clone(), package_node(v)))
        .collect();
    m.push(entry("plugins", Node::Map(plugins)));
    if let Some(p) = &env.python_packages {
        m.push(entry("python-packages", versions_node(p)));
    }
    if let Some(p) = &env.rust_packages {
        m.push(entry("rust-packages", versions_node(p)));
    }
    vec![entry("environment", Node::Map(m))]
}

/// Renders a record as `action.yaml` text in QIIME 2's layout: the sections
/// `execution`, `action`, `transformers` (when present) and `environment`,
/// each a PyYAML block document, separated by blank lines.
pub fn render_action_yaml(record: &ActionRecord) -> String {
    let mut sections = vec![execution_section(record), action_section(&record.action)];
    if let Some(t) = &record.transformers {
        let mut m = Vec::new();
        if !t.inputs.is_empty() {
            let inputs = t
                .inputs
                .iter()
                .map(|(k, steps)| {
                    (
                        k.clone(),
                        Node::Seq(None, steps.iter().map(step_node).collect()),
                    )
                })
                .collect();
            m.push(entry("inputs", Node::Map(inputs)));
        }
        if !t.output.is_empty() {
            m.push(entry(
                "output",
                Node::Seq(None, t.output.iter().map(step_node).collect()),
            ));
        }
        sections.push(vec![entry("transformers", Node::Map(m))]);
    }
    sections.push(environment_section(&record.environment));
    sections
        .iter()
        .map(|s| render_document(s))
        .collect::<Vec<_>>()
        .join("\n")
}
