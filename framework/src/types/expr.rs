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
                | (
                    PrimitiveKind::Float,
                    PrimitiveValue::Int(_) | PrimitiveValue::Float(_)
                )
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
                    .filter(
                        |m| matches!(m, TypeExpr::Primitive { kind, .. } if kind.accepts(value)),
                    )
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
            TypeExpr::MetadataColumn(vec![ColumnKind::Categorical, ColumnKind::Numeric])
                .to_string(),
            "MetadataColumn[Categorical | Numeric]"
        );
    }

    #[test]
    fn values_are_checked_against_kind_and_predicate() {
        use PrimitiveValue as V;
        let int_range = t("Int % Range(0, 100)");
        assert_eq!(int_range.check_value(&V::Int(0)), Ok(()));
        assert_eq!(int_range.check_value(&V::Int(99)), Ok(()));
        let e = int_range.check_value(&V::Int(123)).unwrap_err();
        assert_eq!(e.to_string(), "123 is not in Range(0, 100)");
        assert_eq!(
            e,
            ValueError::Unsatisfied {
                value: V::Int(123),
                predicate: Predicate::Range(Range::new(
                    Some(Number::Int(0)),
                    Some(Number::Int(100))
                )),
            }
        );
        let e = int_range.check_value(&V::Float(5.5)).unwrap_err();
        assert_eq!(
            e,
            ValueError::WrongType {
                value: V::Float(5.5),
                expected: int_range.clone()
            }
        );
        assert_eq!(
            e.to_string(),
            "5.5 is not a value of type Int % Range(0, 100)"
        );

        let positive = t("Float % Range(0, None, inclusive_start=False)");
        assert_eq!(positive.check_value(&V::Int(5)), Ok(()));
        assert_eq!(positive.check_value(&V::Float(0.1)), Ok(()));
        assert_eq!(
            positive
                .check_value(&V::Float(0.0))
                .unwrap_err()
                .to_string(),
            "0.0 is not in Range(0, None, inclusive_start=False)"
        );
        let non_positive = t("Float % Range(None, 0, inclusive_end=True)");
        assert_eq!(non_positive.check_value(&V::Int(0)), Ok(()));
        assert!(non_positive.check_value(&V::Float(1e-9)).is_err());

        let choice = t("Str % Choices('a', 'b')");
        assert_eq!(choice.check_value(&V::Str("a".into())), Ok(()));
        assert_eq!(
            choice
                .check_value(&V::Str("c".into()))
                .unwrap_err()
                .to_string(),
            "'c' is not in Choices('a', 'b')"
        );
        assert!(matches!(
            choice.check_value(&V::Int(1)),
            Err(ValueError::WrongType { .. })
        ));
        assert_eq!(t("Bool").check_value(&V::Bool(false)), Ok(()));
        assert!(t("Bool").check_value(&V::Str("False".into())).is_err());
    }

    #[test]
    fn values_against_unions_and_non_primitives() {
        use PrimitiveValue as V;
        let u = t("Int % Range(1, None) | Str % Choices('auto')");
        assert_eq!(u.check_value(&V::Int(3)), Ok(()));
        assert_eq!(u.check_value(&V::Str("auto".into())), Ok(()));
        // only the Int member fits the kind, so its predicate explains the failure
        assert_eq!(
            u.check_value(&V::Int(0)).unwrap_err().to_string(),
            "0 is not in Range(1, None)"
        );
        assert_eq!(
            u.check_value(&V::Bool(true)),
            Err(ValueError::WrongType {
                value: V::Bool(true),
                expected: u.clone()
            })
        );
        // both Int and Float accept an integer, so the whole union is named
        let both = t("Int % Range(10, 20) | Float % Range(0, 1)");
        assert_eq!(
            both.check_value(&V::Int(5)).unwrap_err().to_string(),
            "5 is not a value of type Int % Range(10, 20) | Float % Range(0, 1)"
        );
        for s in [
            "FeatureData[Sequence]",
            "Metadata",
            "List[Int]",
            "Visualization",
            "A | B",
        ] {
            let ty = t(s);
            assert_eq!(
                ty.check_value(&V::Int(1)),
                Err(ValueError::NotPrimitive {
                    value: V::Int(1),
                    expected: ty.clone()
                }),
                "{s}"
            );
        }
        assert_eq!(
            t("Metadata")
                .check_value(&V::Int(1))
                .unwrap_err()
                .to_string(),
            "1 cannot be a value of Metadata: only Int, Float, Str and Bool take plain values"
        );
    }

    #[test]
    fn kinds_accept_values() {
        use PrimitiveValue as V;
        assert!(PrimitiveKind::Float.accepts(&V::Int(1)));
        assert!(!PrimitiveKind::Int.accepts(&V::Float(1.0)));
        assert!(PrimitiveKind::Str.accepts(&V::Str(String::new())));
        assert!(!PrimitiveKind::Bool.accepts(&V::Int(1)));
        assert_eq!(CollectionKind::Collection.name(), "Collection");
        assert_eq!(ColumnKind::Numeric.name(), "Numeric");
    }
}
