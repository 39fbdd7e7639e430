//! The command-line options of an action, derived from its signature: `--i-`, `--p-`, `--m-`
//! and `--o-` options with their value types.

use qiime2::plugin::{ActionSignature, ParamValue};
use qiime2::types::{CollectionKind, ColumnType, PrimitiveKind, TypeExpr};
use qiime2::usage::cli_name;

/// An artifact input: `--i-NAME PATH` (a path per element for a collection).
#[derive(Debug, Clone, PartialEq)]
pub struct InputOption {
    /// The input's name in the signature (`snake_case`).
    pub name: String,
    /// Its semantic type.
    pub ty: TypeExpr,
    /// Whether it may be left out.
    pub optional: bool,
    /// What it is for.
    pub description: String,
}

/// How a parameter is given on the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamShape {
    /// One value of a primitive type (or a union of primitives): `--p-NAME VALUE`.
    Value(TypeExpr),
    /// A `Bool`: `--p-NAME` / `--p-no-NAME`.
    Flag,
    /// A `List[...]` or `Set[...]` of primitives: `--p-NAME V1 V2 ...` (or repeated).
    Values {
        /// List or set.
        kind: CollectionKind,
        /// The element type.
        element: TypeExpr,
    },
    /// `Metadata`: `--m-NAME-file FILE...`, merged.
    Metadata,
    /// `MetadataColumn[...]`: `--m-NAME-file FILE` and `--m-NAME-column COLUMN`.
    Column(Vec<ColumnType>),
}

/// A parameter option (or pair of options, for a flag or a metadata column).
#[derive(Debug, Clone, PartialEq)]
pub struct ParamOption {
    /// The parameter's name in the signature.
    pub name: String,
    /// Its type as declared.
    pub ty: TypeExpr,
    /// How it is given.
    pub shape: ParamShape,
    /// Its default (`Some(Null)` when it may be left out), `None` when required.
    pub default: Option<ParamValue>,
    /// What it is for.
    pub description: String,
}

/// An output: `--o-NAME PATH`.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputOption {
    /// The output's name in the signature.
    pub name: String,
    /// Its type (`Visualization` for a visualizer).
    pub ty: TypeExpr,
    /// What it holds.
    pub description: String,
}

/// Every option of one action, in signature order.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionOptions {
    /// The inputs.
    pub inputs: Vec<InputOption>,
    /// The parameters (primitives and metadata).
    pub parameters: Vec<ParamOption>,
    /// The outputs.
    pub outputs: Vec<OutputOption>,
}

/// A type expression of the signature that does not parse (the loader checks them, so this is
/// a plugin built against another grammar).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("'{name}' has type '{expression}', which cannot be read: {reason}")]
pub struct BadSignature {
    /// The input, parameter or output.
    pub name: String,
    /// Its type expression.
    pub expression: String,
    /// The parser's message.
    pub reason: String,
}

fn parse(name: &str, expression: &str) -> Result<TypeExpr, BadSignature> {
    TypeExpr::parse(expression).map_err(|e| BadSignature {
        name: name.to_owned(),
        expression: expression.to_owned(),
        reason: e.to_string(),
    })
}

impl ActionOptions {
    /// The options of the action with `signature`.
    pub fn new(signature: &ActionSignature) -> Result<Self, BadSignature> {
        let inputs = signature
            .inputs
            .iter()
            .map(|i| {
                Ok(InputOption {
                    name: i.name.clone(),
                    ty: parse(&i.name, &i.qiime_type)?,
                    optional: i.optional,
                    description: i.description.clone(),
                })
            })
            .collect::<Result<_, BadSignature>>()?;
        let parameters = signature
            .parameters
            .iter()
            .map(|p| {
                let ty = parse(&p.name, &p.qiime_type)?;
                Ok(ParamOption {
                    name: p.name.clone(),
                    shape: ParamShape::of(&ty),
                    ty,
                    default: p.default.clone(),
                    description: p.description.clone(),
                })
            })
            .collect::<Result<_, BadSignature>>()?;
        let outputs = signature
            .outputs
            .iter()
            .map(|o| {
                Ok(OutputOption {
                    name: o.name.clone(),
                    ty: parse(&o.name, &o.qiime_type)?,
                    description: o.description.clone(),
                })
            })
            .collect::<Result<_, BadSignature>>()?;
        Ok(Self {
            inputs,
            parameters,
            outputs,
        })
    }
}

impl ParamShape {
    /// How a parameter of type `ty` is given.
    pub fn of(ty: &TypeExpr) -> Self {
        match ty {
            TypeExpr::Primitive {
                kind: PrimitiveKind::Bool,
                ..
            } => Self::Flag,
            TypeExpr::Metadata => Self::Metadata,
            TypeExpr::MetadataColumn(kinds) => Self::Column(kinds.clone()),
            TypeExpr::Collection { kind, element } => Self::Values {
                kind: *kind,
                element: (**element).clone(),
            },
            other => Self::Value(other.clone()),
        }
    }
}

impl InputOption {
    /// `i-NAME` (the long option without its dashes).
    pub fn flag(&self) -> String {
        format!("i-{}", cli_name(&self.name))
    }

    /// Whether several paths (or a folder) may be given.
    pub fn is_collection(&self) -> bool {
        self.ty.is_collection()
    }
}

impl ParamOption {
    /// `p-NAME`, or `m-NAME-file` for metadata.
    pub fn flag(&self) -> String {
        match self.shape {
            ParamShape::Metadata | ParamShape::Column(_) => {
                format!("m-{}-file", cli_name(&self.name))
            }
            _ => format!("p-{}", cli_name(&self.name)),
        }
    }

    /// `p-no-NAME` for a flag, `m-NAME-column` for a metadata column.
    pub fn second_flag(&self) -> Option<String> {
        match self.shape {
            ParamShape::Flag => Some(format!("p-no-{}", cli_name(&self.name))),
            ParamShape::Column(_) => Some(format!("m-{}-column", cli_name(&self.name))),
            _ => None,
        }
    }

    /// Whether the parameter must be given (it has no default).
    pub fn is_required(&self) -> bool {
        self.default.is_none()
    }
}

impl OutputOption {
    /// `o-NAME`.
    pub fn flag(&self) -> String {
        format!("o-{}", cli_name(&self.name))
    }
}

/// The metavariable of a primitive type: `INTEGER`, `NUMBER`, `TEXT`, or `VALUE` for a union.
pub fn metavar(ty: &TypeExpr) -> &'static str {
    match ty {
        TypeExpr::Primitive { kind, .. } => match kind {
            PrimitiveKind::Int => "INTEGER",
            PrimitiveKind::Float => "NUMBER",
            PrimitiveKind::Str => "TEXT",
            PrimitiveKind::Bool => "BOOLEAN",
        },
        _ => "VALUE",
    }
}

/// What is printed after the metavariable: the predicate of a single primitive, or the whole
/// union.
pub fn type_detail(ty: &TypeExpr) -> Option<String> {
    match ty {
        TypeExpr::Primitive { predicate, .. } => predicate.as_ref().map(ToString::to_string),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qiime2::plugin::{ActionKind, InputSpec, OutputSpec, ParameterSpec};

    fn t(s: &str) -> TypeExpr {
        TypeExpr::parse(s).unwrap()
    }

    fn signature(parameters: &[(&str, &str)]) -> ActionSignature {
        ActionSignature {
            id: "do_it".into(),
            kind: ActionKind::Method,
            name: "Do it.".into(),
            description: "Does it.".into(),
            inputs: vec![InputSpec {
                name: "query_seqs".into(),
                qiime_type: "List[FeatureData[Sequence]]".into(),
                description: "q".into(),
                optional: false,
                view: None,
            }],
            parameters: parameters
                .iter()
                .map(|(name, ty)| ParameterSpec {
                    name: (*name).into(),
                    qiime_type: (*ty).into(),
                    description: String::new(),
                    default: None,
                })
                .collect(),
            outputs: vec![OutputSpec {
                name: "hits_table".into(),
                qiime_type: "Visualization".into(),
                description: "v".into(),
                view: None,
            }],
            citations: vec![],
            examples: vec![],
        }
    }

    #[test]
    fn options_are_named_from_the_signature() {
        let options = ActionOptions::new(&signature(&[
            ("split_size", "Int % Range(1, None)"),
            ("keep_all", "Bool"),
            ("sample_metadata", "Metadata"),
            ("group", "MetadataColumn[Categorical]"),
            ("ids", "Set[Str]"),
        ]))
        .unwrap();
        assert_eq!(options.inputs[0].flag(), "i-query-seqs");
        assert!(options.inputs[0].is_collection());
        let flags: Vec<(String, Option<String>)> = options
            .parameters
            .iter()
            .map(|p| (p.flag(), p.second_flag()))
            .collect();
        assert_eq!(
            flags,
            [
                ("p-split-size".to_owned(), None),
                ("p-keep-all".to_owned(), Some("p-no-keep-all".to_owned())),
                ("m-sample-metadata-file".to_owned(), None),
                ("m-group-file".to_owned(), Some("m-group-column".to_owned())),
                ("p-ids".to_owned(), None),
            ]
        );
        assert_eq!(options.outputs[0].flag(), "o-hits-table");
        assert_eq!(
            options.parameters[4].shape,
            ParamShape::Values {
                kind: CollectionKind::Set,
                element: t("Str")
            }
        );
        assert_eq!(
            options.parameters[3].shape,
            ParamShape::Column(vec![ColumnType::Categorical])
        );
    }

    #[test]
    fn metavars_and_details() {
        assert_eq!(metavar(&t("Int % Range(1, None)")), "INTEGER");
        assert_eq!(metavar(&t("Float")), "NUMBER");
        assert_eq!(metavar(&t("Str % Choices('a')")), "TEXT");
        assert_eq!(metavar(&t("Int | Str")), "VALUE");
        assert_eq!(
            type_detail(&t("Int % Range(1, None)")).as_deref(),
            Some("Range(1, None)")
        );
        assert_eq!(type_detail(&t("Float")), None);
        assert_eq!(
            type_detail(&t("Int | Str % Choices('auto')")).as_deref(),
            Some("Int | Str % Choices('auto')")
        );
    }

    #[test]
    fn a_type_that_does_not_parse_is_named() {
        let err = ActionOptions::new(&signature(&[("x", "Int %")])).unwrap_err();
        assert_eq!(err.name, "x");
        assert_eq!(err.expression, "Int %");
    }
}
