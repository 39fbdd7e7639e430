//! Subtyping between type expressions (QIIME 2's `a <= b`).

use super::expr::TypeExpr;
use super::kind::PrimitiveKind;
use super::predicate::Predicate;

impl TypeExpr {
    /// Whether every value of `self` is also a value of `other` (QIIME 2's `self <= other`).
    ///
    /// Rules: a union on the left needs each member to be a subtype; a union on the right needs
    /// some member to be a supertype; semantic types match by name with covariant fields (a
    /// field union on the left is distributed, so `F[A | B] <= F[A] | F[B]`); a predicate on the
    /// left narrows (`Int % Range(0, 5) <= Int`), and predicates compare by subset; `Int <= Float`
    /// (as in QIIME 2) but not the reverse; collections
    /// are covariant in their element and never mix kinds; `Visualization <= Visualization` only.
    ///
    /// # Examples
    /// ```
    /// use qiime2::types::TypeExpr;
    /// let t = |s: &str| s.parse::<TypeExpr>().unwrap();
    /// assert!(t("Int % Range(1, 5)").is_subtype(&t("Int % Range(0, None)")));
    /// assert!(!t("Int").is_subtype(&t("Int % Range(0, None)")));
    /// assert!(t("List[Str % Choices('a')]").is_subtype(&t("List[Str]")));
    /// ```
    pub fn is_subtype(&self, other: &TypeExpr) -> bool {
        self.expand().iter().all(|left| {
            other
                .members()
                .iter()
                .any(|right| single_subtype(left, right))
        })
    }

    /// Splits into non-union alternatives: union members, and semantic types or metadata
    /// columns whose fields hold unions become one alternative per combination.
    fn expand(&self) -> Vec<TypeExpr> {
        match self {
            TypeExpr::Union(members) => members.iter().flat_map(TypeExpr::expand).collect(),
            TypeExpr::Semantic {
                name,
                fields,
                predicate,
            } => {
                let mut combos: Vec<Vec<TypeExpr>> = vec![Vec::new()];
                for field in fields {
                    let options = field.expand();
                    combos = combos
                        .into_iter()
                        .flat_map(|prefix| {
                            options.iter().map(move |o| {
                                let mut next = prefix.clone();
                                next.push(o.clone());
                                next
                            })
                        })
                        .collect();
                }
                combos
                    .into_iter()
                    .map(|fields| TypeExpr::Semantic {
                        name: name.clone(),
                        fields,
                        predicate: predicate.clone(),
                    })
                    .collect()
            }
            TypeExpr::MetadataColumn(kinds) => kinds
                .iter()
                .map(|k| TypeExpr::MetadataColumn(vec![*k]))
                .collect(),
            other => vec![other.clone()],
        }
    }
}

/// Subtyping between two types where `right` is not a union (`left` may hold unions in fields).
fn single_subtype(left: &TypeExpr, right: &TypeExpr) -> bool {
    match (left, right) {
        (
            TypeExpr::Semantic {
                name: ln,
                fields: lf,
                predicate: lp,
            },
            TypeExpr::Semantic {
                name: rn,
                fields: rf,
                predicate: rp,
            },
        ) => {
            ln == rn
                && lf.len() == rf.len()
                && lf.iter().zip(rf).all(|(l, r)| l.is_subtype(r))
                && predicate_narrows(lp.as_ref(), rp.as_ref())
        }
        (
            TypeExpr::Primitive {
                kind: lk,
                predicate: lp,
            },
            TypeExpr::Primitive {
                kind: rk,
                predicate: rp,
            },
        ) => {
            (lk == rk || (*lk, *rk) == (PrimitiveKind::Int, PrimitiveKind::Float))
                && predicate_narrows(lp.as_ref(), rp.as_ref())
        }
        (TypeExpr::Metadata, TypeExpr::Metadata)
        | (TypeExpr::Visualization, TypeExpr::Visualization) => true,
        (TypeExpr::MetadataColumn(l), TypeExpr::MetadataColumn(r)) => {
            l.iter().all(|k| r.contains(k))
        }
        (
            TypeExpr::Collection {
                kind: lk,
                element: le,
            },
            TypeExpr::Collection {
                kind: rk,
                element: re,
            },
        ) => lk == rk && le.is_subtype(re),
        _ => false,
    }
}

/// No predicate on the right always fits; otherwise the left must have a narrower one.
fn predicate_narrows(left: Option<&Predicate>, right: Option<&Predicate>) -> bool {
    match (left, right) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(l), Some(r)) => l.is_subset(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> TypeExpr {
        s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn check(table: &[(&str, &str, bool)]) {
        for (left, right, want) in table {
            assert_eq!(
                t(left).is_subtype(&t(right)),
                *want,
                "{left} <= {right} should be {want}"
            );
        }
    }

    #[test]
    fn semantic_types_and_fields() {
        check(&[
            ("FeatureData[Sequence]", "FeatureData[Sequence]", true),
            (
                "FeatureData[Sequence]",
                "FeatureData[AlignedSequence]",
                false,
            ),
            ("FeatureData[Sequence]", "SampleData[Sequence]", false),
            ("FeatureData[Sequence]", "FeatureData", false),
            ("FeatureData", "FeatureData[Sequence]", false),
            ("SingleDNASequence", "SingleDNASequence", true),
            ("Foo[A, B]", "Foo[A, B]", true),
            ("Foo[A, B]", "Foo[B, A]", false),
            ("Foo[A, B]", "Foo[A]", false),
            ("Foo[A, B]", "Foo[A | C, B]", true),
            ("Foo[Bar[X]]", "Foo[Bar[X | Y]]", true),
            ("Foo[Bar[X | Y]]", "Foo[Bar[X]]", false),
        ]);
    }

    #[test]
    fn unions_on_both_sides() {
        check(&[
            // union on the right: some member
            (
                "FeatureData[Sequence]",
                "FeatureData[Sequence] | SingleDNASequence",
                true,
            ),
            (
                "SingleDNASequence",
                "FeatureData[Sequence] | SingleDNASequence",
                true,
            ),
            (
                "FeatureData[Taxonomy]",
                "FeatureData[Sequence] | SingleDNASequence",
                false,
            ),
            // union on the left: every member
            ("A | B", "A | B | C", true),
            ("A | B | C", "A | B", false),
            ("A | B", "A", false),
            ("B | A", "A | B", true),
            ("A | A", "A", true),
            // unions inside fields, both directions
            (
                "FeatureData[Sequence]",
                "FeatureData[Sequence | AlignedSequence]",
                true,
            ),
            (
                "FeatureData[Sequence | AlignedSequence]",
                "FeatureData[Sequence]",
                false,
            ),
            (
                "FeatureData[Sequence | AlignedSequence]",
                "FeatureData[Sequence] | FeatureData[AlignedSequence]",
                true,
            ),
            (
                "FeatureData[Sequence] | FeatureData[AlignedSequence]",
                "FeatureData[Sequence | AlignedSequence]",
                true,
            ),
            (
                "Foo[A | B, C | D]",
                "Foo[A, C] | Foo[A, D] | Foo[B, C] | Foo[B, D]",
                true,
            ),
            (
                "Foo[A | B, C | D]",
                "Foo[A, C] | Foo[A, D] | Foo[B, C]",
                false,
            ),
            // mixed kinds in unions
            ("Int", "Int | Str", true),
            ("Int % Range(0, 5) | Str % Choices('a')", "Int | Str", true),
            ("Int | Float", "Float", true),
            ("Int | Str", "Int % Range(0, 5) | Str", false),
            (
                "Visualization",
                "Visualization | FeatureData[Sequence]",
                true,
            ),
        ]);
    }

    #[test]
    fn primitives_and_predicates() {
        check(&[
            ("Int", "Int", true),
            ("Int", "Float", true),
            ("Int % Range(0, 5)", "Float % Range(0, 10)", true),
            ("Int", "Float % Range(0, 1)", false),
            ("Float", "Int", false),
            ("Str", "Bool", false),
            // a predicate narrows
            ("Int % Range(0, None)", "Int", true),
            ("Int", "Int % Range(0, None)", false),
            ("Str % Choices('a')", "Str", true),
            ("Str", "Str % Choices('a')", false),
            // Range subsets, open and closed ends
            ("Int % Range(1, 5)", "Int % Range(0, None)", true),
            ("Int % Range(0, None)", "Int % Range(1, 5)", false),
            ("Int % Range(0, 5)", "Int % Range(0, 5)", true),
            (
                "Float % Range(0, 1, inclusive_end=True)",
                "Float % Range(0, 1)",
                false,
            ),
            (
                "Float % Range(0, 1)",
                "Float % Range(0, 1, inclusive_end=True)",
                true,
            ),
            (
                "Float % Range(0, None, inclusive_start=False)",
                "Float % Range(0, None)",
                true,
            ),
            (
                "Float % Range(0, None)",
                "Float % Range(0, None, inclusive_start=False)",
                false,
            ),
            (
                "Float % Range(None, 0)",
                "Float % Range(None, 0, inclusive_end=True)",
                true,
            ),
            (
                "Float % Range(None, 0, inclusive_end=True)",
                "Float % Range(None, 0)",
                false,
            ),
            ("Float % Range(None, None)", "Float % Range(0, None)", false),
            ("Float % Range(0, None)", "Float % Range(None, None)", true),
            ("Float % Range(0.5, 1.0)", "Float % Range(0, 1)", true),
            ("Float % Range(0, 5)", "Int % Range(0, 5)", false),
            // Choices subsets
            ("Str % Choices('a')", "Str % Choices('a', 'b')", true),
            ("Str % Choices('b', 'a')", "Str % Choices('a', 'b')", true),
            ("Str % Choices('a', 'c')", "Str % Choices('a', 'b')", false),
            ("Int % Choices(1, 2)", "Int % Range(0, 3)", true),
            ("Int % Choices(1, 3)", "Int % Range(0, 3)", false),
            ("Int % Range(1, 3)", "Int % Choices(1, 2)", false),
            // Properties: more properties are more specific
            (
                "FeatureTable[Frequency] % Properties('a', 'b')",
                "FeatureTable[Frequency] % Properties('a')",
                true,
            ),
            (
                "FeatureTable[Frequency] % Properties('a')",
                "FeatureTable[Frequency] % Properties('a', 'b')",
                false,
            ),
            (
                "FeatureTable[Frequency % Properties('n')]",
                "FeatureTable[Frequency]",
                true,
            ),
            (
                "FeatureTable[Frequency]",
                "FeatureTable[Frequency % Properties('n')]",
                false,
            ),
        ]);
    }

    #[test]
    fn metadata_visualization_and_collections() {
        check(&[
            ("Metadata", "Metadata", true),
            ("Metadata", "MetadataColumn[Numeric]", false),
            (
                "MetadataColumn[Numeric]",
                "MetadataColumn[Numeric | Categorical]",
                true,
            ),
            (
                "MetadataColumn[Numeric | Categorical]",
                "MetadataColumn[Numeric]",
                false,
            ),
            (
                "MetadataColumn[Numeric | Categorical]",
                "MetadataColumn[Categorical] | MetadataColumn[Numeric]",
                true,
            ),
            ("Visualization", "Visualization", true),
            ("Visualization", "FeatureData[Sequence]", false),
            ("FeatureData[Sequence]", "Visualization", false),
            ("Visualization", "Metadata", false),
            ("List[Int]", "List[Int]", true),
            ("List[Int % Range(0, 5)]", "List[Int]", true),
            ("List[Int]", "List[Int % Range(0, 5)]", false),
            ("List[Int]", "Set[Int]", false),
            ("Set[Str % Choices('a')]", "Set[Str]", true),
            (
                "Collection[FeatureData[Sequence]]",
                "Collection[FeatureData[Sequence | AlignedSequence]]",
                true,
            ),
            (
                "Collection[FeatureData[Sequence]]",
                "List[FeatureData[Sequence]]",
                false,
            ),
            (
                "Collection[FeatureData[Sequence]]",
                "FeatureData[Sequence]",
                false,
            ),
            (
                "FeatureData[Sequence]",
                "Collection[FeatureData[Sequence]]",
                false,
            ),
            // a mixed list is not a list of one kind
            ("List[Int | Str]", "List[Int] | List[Str]", false),
            ("List[Int] | List[Str]", "List[Int | Str]", true),
        ]);
    }

    #[test]
    fn subtyping_is_reflexive_on_every_form() {
        for s in [
            "FeatureData[Sequence | AlignedSequence]",
            "Foo[A | B, C | D] | E",
            "Int % Range(0, 5) | Str % Choices('x')",
            "MetadataColumn[Numeric | Categorical]",
            "List[FeatureData[Sequence | AlignedSequence]]",
            "Float % Range(0, 1, inclusive_start=False, inclusive_end=True)",
        ] {
            assert!(t(s).is_subtype(&t(s)), "{s} <= itself");
        }
    }
}
