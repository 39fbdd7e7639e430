//! The type-expression tree and its helpers.

use std::fmt;

use super::kind::{CollectionKind, ColumnType, PrimitiveKind};
use super::predicate::Predicate;

/// A QIIME 2 type expression such as `FeatureData[Sequence]` or `Int % Range(0, None)`.
///
/// Parse with [`str::parse`]; [`Display`](fmt::Display) prints QIIME 2's canonical form.
///
/// # Examples
/// ```
/// use qiime2_plugin::types::TypeExpr;
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
    MetadataColumn(Vec<ColumnType>),
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

    /// Every semantic type name the expression uses, fields and members included, in order.
    ///
    /// ```
    /// use qiime2_plugin::types::TypeExpr;
    /// let t: TypeExpr = "Collection[FeatureData[Sequence | AlignedSequence]]".parse().unwrap();
    /// assert_eq!(t.semantic_names(), ["FeatureData", "Sequence", "AlignedSequence"]);
    /// ```
    pub fn semantic_names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        self.collect_semantic_names(&mut names);
        names
    }

    fn collect_semantic_names<'a>(&'a self, names: &mut Vec<&'a str>) {
        match self {
            Self::Semantic { name, fields, .. } => {
                names.push(name);
                fields.iter().for_each(|f| f.collect_semantic_names(names));
            }
            Self::Collection { element, .. } => element.collect_semantic_names(names),
            Self::Union(members) => members.iter().for_each(|m| m.collect_semantic_names(names)),
            _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::number::Number;
    use crate::types::predicate::Range;

    fn t(s: &str) -> TypeExpr {
        s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn classification_helpers() {
        // (expr, primitive, semantic, visualization, collection)
        let table = [
            ("Int", true, false, false, false),
            ("Str % Choices('a')", true, false, false, false),
            ("Metadata", true, false, false, false),
            ("MetadataColumn[Numeric]", true, false, false, false),
            ("Int | Str", true, false, false, false),
            ("FeatureData[Sequence]", false, true, false, false),
            (
                "SingleDNASequence | FeatureData[Sequence]",
                false,
                true,
                false,
                false,
            ),
            ("Visualization", false, false, true, false),
            (
                "Visualization | FeatureData[Sequence]",
                false,
                false,
                false,
                false,
            ),
            ("Int | FeatureData[Sequence]", false, false, false, false),
            ("List[Int]", false, false, false, true),
            (
                "Collection[FeatureData[Sequence]]",
                false,
                false,
                false,
                true,
            ),
        ];
        for (s, primitive, semantic, viz, coll) in table {
            let e = t(s);
            assert_eq!(e.is_primitive(), primitive, "{s} is_primitive");
            assert_eq!(e.is_semantic(), semantic, "{s} is_semantic");
            assert_eq!(e.is_visualization(), viz, "{s} is_visualization");
            assert_eq!(e.is_collection(), coll, "{s} is_collection");
        }
    }

    #[test]
    fn names_members_and_predicates() {
        let names = [
            ("FeatureData[Sequence]", Some("FeatureData")),
            ("Int % Range(0, 1)", Some("Int")),
            ("Metadata", Some("Metadata")),
            ("MetadataColumn[Categorical]", Some("MetadataColumn")),
            ("Visualization", Some("Visualization")),
            ("Set[Int]", Some("Set")),
            ("A | B", None),
        ];
        for (s, want) in names {
            assert_eq!(t(s).name(), want, "{s}");
        }
        let u = t("A | B[C] | Int");
        let members: Vec<String> = u.members().iter().map(ToString::to_string).collect();
        assert_eq!(members, ["A", "B[C]", "Int"]);
        assert_eq!(t("A").members(), [t("A")]);
        assert_eq!(
            t("Int % Range(0, None)").predicate(),
            Some(&Predicate::Range(Range::new(Some(Number::Int(0)), None)))
        );
        assert_eq!(t("Int").predicate(), None);
        assert_eq!(t("List[Int % Range(0, 1)]").predicate(), None);
    }

    #[test]
    fn union_constructor_flattens() {
        let u = TypeExpr::union([t("A | B"), t("C"), TypeExpr::union([t("D | E")])]);
        assert_eq!(u, t("A | B | C | D | E"));
        assert_eq!(TypeExpr::union([t("A")]), t("A"));
        assert_eq!(u.to_string(), "A | B | C | D | E");
    }

    #[test]
    fn built_types_display_canonically() {
        let e = TypeExpr::Collection {
            kind: CollectionKind::Collection,
            element: Box::new(TypeExpr::semantic(
                "FeatureData",
                vec![TypeExpr::semantic("Sequence", vec![])],
            )),
        };
        assert_eq!(e.to_string(), "Collection[FeatureData[Sequence]]");
        let p = TypeExpr::Primitive {
            kind: PrimitiveKind::Float,
            predicate: Some(Predicate::Range(Range {
                start: None,
                end: Some(Number::Int(0)),
                inclusive_start: true,
                inclusive_end: true,
            })),
        };
        assert_eq!(p.to_string(), "Float % Range(None, 0, inclusive_end=True)");
        assert_eq!(TypeExpr::primitive(PrimitiveKind::Bool).to_string(), "Bool");
        assert_eq!(
            TypeExpr::MetadataColumn(vec![ColumnType::Categorical, ColumnType::Numeric])
                .to_string(),
            "MetadataColumn[Categorical | Numeric]"
        );
    }
}
