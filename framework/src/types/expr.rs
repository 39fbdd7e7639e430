//! The type-expression tree and its helpers.

use std::fmt;

use super::error::ValueError;
use super::predicate::Predicate;
use super::value::PrimitiveValue;

/// A QIIME 2 type expression such as `FeatureData[Sequence]` or `Int % Range(0, None)`.
///
/// Parse with [`str::parse`]; [`Display`](fmt::Display) prints QIIME 2's canonical form.
///
/// # Examples
/// ```
/// use qiime2::types::TypeExpr;
/// let t: TypeExpr = "FeatureData[ Sequence|AlignedSequence ]".parse().unwrap();
/// assert_eq!(t.to_string(), "FeatureData[Sequence | AlignedSequence]");
/// let s: TypeExpr = "FeatureData[Sequence]".parse().unwrap();
/// assert!(s.is_subtype(&t));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A semantic type with optional fields and an optional `Properties` predicate.
    Semantic {
        /// Type name, e.g. `FeatureData`.
        name: String,
        /// Field types, e.g. `[Sequence]`; empty for a plain type.
        fields: Vec<TypeExpr>,
        /// Predicate after `%` (the parser only allows `Properties` here).
        predicate: Option<Predicate>,
    },
    /// `Int`, `Float`, `Str` or `Bool`, optionally refined by a predicate.
    Primitive {
        /// Which primitive.
        kind: PrimitiveKind,
        /// `Range` or `Choices` after `%`.
        predicate: Option<Predicate>,
    },
    /// `Metadata`.
    Metadata,
    /// `MetadataColumn[Categorical]`, `MetadataColumn[Numeric]` or both joined by `|`.
    MetadataColumn(Vec<ColumnKind>),
    /// `Visualization`.
    Visualization,
    /// `List[T]`, `Set[T]` or `Collection[T]`.
    Collection {
        /// Which collection.
        kind: CollectionKind,
        /// Element type.
        element: Box<TypeExpr>,
    },
    /// `A | B | C` (never nested, at least two members when built by the parser).
    Union(Vec<TypeExpr>),
}

/// The primitive parameter kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrimitiveKind {
    /// `Int`.
    Int,
    /// `Float`.
    Float,
    /// `Str`.
    Str,
    /// `Bool`.
    Bool,
}

impl PrimitiveKind {
    /// The name as written in type expressions.
    pub fn name(self) -> &'static str {
        match self {
            PrimitiveKind::Int => "Int",
            PrimitiveKind::Float => "Float",
            PrimitiveKind::Str => "Str",
            PrimitiveKind::Bool => "Bool",
        }
    }

    /// Whether a value has this kind; `Float` also accepts integers, as QIIME 2 does.
    pub fn accepts(self, value: &PrimitiveValue) -> bool {
        matches!(
            (self, value),
            (PrimitiveKind::Int, PrimitiveValue::Int(_))
                | (PrimitiveKind::Float, PrimitiveValue::Int(_) | PrimitiveValue::Float(_))
                | (PrimitiveKind::Str, PrimitiveValue::Str(_))
                | (PrimitiveKind::Bool, PrimitiveValue::Bool(_))
        )
    }
}

/// The collection kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CollectionKind {
    /// `List[T]`: ordered.
    List,
    /// `Set[T]`: unordered, unique.
    Set,
    /// `Collection[T]`: keyed, ordered.
    Collection,
}

impl CollectionKind {
    /// The name as written in type expressions.
    pub fn name(self) -> &'static str {
        match self {
            CollectionKind::List => "List",
            CollectionKind::Set => "Set",
            CollectionKind::Collection => "Collection",
        }
    }
}

/// The field of `MetadataColumn[...]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKind {
    /// `Categorical`.
    Categorical,
    /// `Numeric`.
    Numeric,
}

impl ColumnKind {
    /// The name as written in type expressions.
    pub fn name(self) -> &'static str {
        match self {
            ColumnKind::Categorical => "Categorical",
            ColumnKind::Numeric => "Numeric",
        }
    }
}

impl TypeExpr {
    /// A semantic type `name[fields...]` without predicate.
    pub fn semantic(name: impl Into<String>, fields: Vec<TypeExpr>) -> Self {
        TypeExpr::Semantic {
            name: name.into(),
            fields,
            predicate: None,
        }
    }

    /// A primitive without predicate.
    pub fn primitive(kind: PrimitiveKind) -> Self {
        TypeExpr::Primitive {
            kind,
            predicate: None,
        }
    }

    /// The union of the given types, flattening nested unions; one member gives that member.
    pub fn union(members: impl IntoIterator<Item = TypeExpr>) -> Self {
        let mut flat = Vec::new();
        for m in members {
            match m {
                TypeExpr::Union(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        }
        if flat.len() == 1 {
            flat.pop().expect("one member")
        } else {
            TypeExpr::Union(flat)
        }
    }

    /// `Int`, `Float`, `Str`, `Bool`, `Metadata` or `MetadataColumn[...]` (QIIME 2 counts the
    /// metadata types as primitives), or a union made only of those.
    pub fn is_primitive(&self) -> bool {
        match self {
            TypeExpr::Primitive { .. } | TypeExpr::Metadata | TypeExpr::MetadataColumn(_) => true,
            TypeExpr::Union(m) => m.iter().all(TypeExpr::is_primitive),
            _ => false,
        }
    }

    /// A semantic type (artifact type), or a union made only of semantic types.
    pub fn is_semantic(&self) -> bool {
        match self {
            TypeExpr::Semantic { .. } => true,
            TypeExpr::Union(m) => m.iter().all(TypeExpr::is_semantic),
            _ => false,
        }
    }

    /// Exactly `Visualization`.
    pub fn is_visualization(&self) -> bool {
        matches!(self, TypeExpr::Visualization)
    }

    /// `List[T]`, `Set[T]` or `Collection[T]`.
    pub fn is_collection(&self) -> bool {
        matches!(self, TypeExpr::Collection { .. })
    }

    /// The members of a union, or the type itself as the only member.
    pub fn members(&self) -> &[TypeExpr] {
        match self {
            TypeExpr::Union(m) => m,
            other => std::slice::from_ref(other),
        }
    }

    /// The outer name (`FeatureData`, `Int`, `List`, `MetadataColumn`, ...); `None` for a union.
    pub fn name(&self) -> Option<&str> {
        match self {
            TypeExpr::Semantic { name, .. } => Some(name),
            TypeExpr::Primitive { kind, .. } => Some(kind.name()),
            TypeExpr::Metadata => Some("Metadata"),
            TypeExpr::MetadataColumn(_) => Some("MetadataColumn"),
            TypeExpr::Visualization => Some("Visualization"),
            TypeExpr::Collection { kind, .. } => Some(kind.name()),
            TypeExpr::Union(_) => None,
        }
    }

    /// The predicate attached with `%`, if any.
    pub fn predicate(&self) -> Option<&Predicate> {
        match self {
            TypeExpr::Semantic { predicate, .. } | TypeExpr::Primitive { predicate, .. } => {
                predicate.as_ref()
            }
            _ => None,
        }
    }

    /// Checks a parameter value against a primitive type (kind, then predicate); for a union,
    /// the value must fit some member.
    ///
    /// # Examples
    /// ```
    /// use qiime2::types::{PrimitiveValue, TypeExpr};
    /// let t: TypeExpr = "Int % Range(0, 100)".parse().unwrap();
    /// assert!(t.check_value(&PrimitiveValue::Int(5)).is_ok());
    /// let err = t.check_value(&PrimitiveValue::Int(123)).unwrap_err();
    /// assert_eq!(err.to_string(), "123 is not in Range(0, 100)");
    /// ```
    pub fn check_value(&self, value: &PrimitiveValue) -> Result<(), ValueError> {
        match self {
            TypeExpr::Primitive { kind, predicate } => {
                if !kind.accepts(value) {
                    return Err(ValueError::WrongType {
                        value: value.clone(),
                        expected: self.clone(),
                    });
                }
                predicate.as_ref().map_or(Ok(()), |p| p.check(value))
            }
            TypeExpr::Union(members) => {
                if members.iter().any(|m| m.check_value(value).is_ok()) {
                    return Ok(());
                }
                let primitives = members
                    .iter()
                    .filter(|m| matches!(m, TypeExpr::Primitive { .. }));
                let fitting: Vec<&TypeExpr> = primitives
                    .clone()
                    .filter(|m| matches!(m, TypeExpr::Primitive { kind, .. } if kind.accepts(value)))
                    .collect();
                match fitting.as_slice() {
                    // A single member of the right kind explains the failure best.
                    [only] => only.check_value(value),
                    _ if primitives.count() == 0 => Err(ValueError::NotPrimitive {
                        value: value.clone(),
                        expected: self.clone(),
                    }),
                    _ => Err(ValueError::WrongType {
                        value: value.clone(),
                        expected: self.clone(),
                    }),
                }
            }
            _ => Err(ValueError::NotPrimitive {
                value: value.clone(),
                expected: self.clone(),
            }),
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Semantic {
                name,
                fields,
                predicate,
            } => {
                f.write_str(name)?;
                if !fields.is_empty() {
                    let items: Vec<String> = fields.iter().map(ToString::to_string).collect();
                    write!(f, "[{}]", items.join(", "))?;
                }
                if let Some(p) = predicate {
                    write!(f, " % {p}")?;
                }
                Ok(())
            }
            TypeExpr::Primitive { kind, predicate } => {
                f.write_str(kind.name())?;
                if let Some(p) = predicate {
                    write!(f, " % {p}")?;
                }
                Ok(())
            }
            TypeExpr::Metadata => f.write_str("Metadata"),
            TypeExpr::MetadataColumn(kinds) => {
                let items: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
                write!(f, "MetadataColumn[{}]", items.join(" | "))
            }
            TypeExpr::Visualization => f.write_str("Visualization"),
            TypeExpr::Collection { kind, element } => write!(f, "{}[{element}]", kind.name()),
            TypeExpr::Union(members) => {
                let items: Vec<String> = members.iter().map(ToString::to_string).collect();
                f.write_str(&items.join(" | "))
            }
        }
    }
}
