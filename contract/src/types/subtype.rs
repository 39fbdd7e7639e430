//! Subtyping between type expressions (QIIME 2's `a <= b`).

use std::cell::Cell;

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
    /// use qiime2_plugin::types::TypeExpr;
    /// let t = |s: &str| s.parse::<TypeExpr>().unwrap();
    /// assert!(t("Int % Range(1, 5)").is_subtype(&t("Int % Range(0, None)")));
    /// assert!(!t("Int").is_subtype(&t("Int % Range(0, None)")));
    /// assert!(t("List[Str % Choices('a')]").is_subtype(&t("List[Str]")));
    /// ```
    ///
    /// Deeply nested unions of fields could make the comparison take exponential time; past
    /// 100,000 comparisons the answer is `false` (no real signature comes near).
    pub fn is_subtype(&self, other: &TypeExpr) -> bool {
        let budget = Cell::new(MAX_COMPARISONS);
        self.subtype_within(other, &budget)
    }

    /// [`is_subtype`](Self::is_subtype), spending `budget`: each member is first compared
    /// as it is, and only split into the combinations of its field unions (which a union of
    /// several same-named types on the right may need) when that fails.
    fn subtype_within(&self, other: &TypeExpr, budget: &Cell<usize>) -> bool {
        self.members().iter().all(|left| {
            let direct = other
                .members()
                .iter()
                .any(|right| single_subtype(left, right, budget));
            direct
                || left.expand(budget).is_some_and(|alternatives| {
                    alternatives.len() > 1
                        && alternatives.iter().all(|alt| {
                            other
                                .members()
                                .iter()
                                .any(|right| single_subtype(alt, right, budget))
                        })
                })
        })
    }

    /// Splits into non-union alternatives: union members, and semantic types or metadata
    /// columns whose fields hold unions become one alternative per combination; `None` once
    /// `budget` is spent.
    fn expand(&self, budget: &Cell<usize>) -> Option<Vec<TypeExpr>> {
        spend(budget, 1)?;
        Some(match self {
            TypeExpr::Union(members) => {
                let mut all = Vec::new();
                for member in members {
                    all.extend(member.expand(budget)?);
                }
                all
            }
            TypeExpr::Semantic {
                name,
                fields,
                predicate,
            } => {
                let mut combos: Vec<Vec<TypeExpr>> = vec![Vec::new()];
                for field in fields {
                    let options = field.expand(budget)?;
                    spend(budget, combos.len().saturating_mul(options.len()))?;
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
        })
    }
}

/// Most comparisons one [`TypeExpr::is_subtype`] call makes.
const MAX_COMPARISONS: usize = 100_000;

/// Takes `cost` from `budget`; `None` when there is not enough left.
fn spend(budget: &Cell<usize>, cost: usize) -> Option<()> {
    let left = budget.get().checked_sub(cost)?;
    budget.set(left);
    Some(())
}

/// Subtyping between two types where `right` is not a union (`left` may hold unions in fields).
fn single_subtype(left: &TypeExpr, right: &TypeExpr, budget: &Cell<usize>) -> bool {
    if spend(budget, 1).is_none() {
        return false;
    }
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
                && lf.iter().zip(rf).all(|(l, r)| l.subtype_within(r, budget))
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
        ) => lk == rk && le.subtype_within(re, budget),
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

    /// Found by the `type_expr` fuzz target: nested unions of fields made comparing this
    /// expression with itself take half a minute (every combination was expanded).
    #[test]
    fn fuzz_regression_nested_field_unions_compare_quickly() {
        let text = "Lis[Is[ Inntoot] | ILt] | ILLis[Isn | Innt[ Inntoot] | IL| InLis[In | InnttIn] | IL,L| ILis[Isn | Innt[ Inntoot] | IL| InLis[In | InnttIn] | IL,L| InLis[In| Innt[ Inntoot] | IL| InLis[In | InnttIn] | IL,L| ILis[Isn | Innt[ Inntoot] | IL| InLis[In | InnttIn] | IL,L| InLis[In | Inntt] | IL| Inn| Innt] | InLis[In | InnttIn] | IL,L| InLis[In | Inntt] | IL | Inntt] | IL| Inn| Innt] | InLis[In | InnttIn] | IL,L| InLis[In | Inntt] | IL| Inn| Innt] ";
        let expr = TypeExpr::parse(text).unwrap();
        assert!(expr.is_subtype(&expr));
        let other = TypeExpr::parse("Lis[Int] | ILt").unwrap();
        assert!(!expr.is_subtype(&other));
    }

    #[test]
    fn a_spent_budget_answers_no() {
        let t = |s: &str| TypeExpr::parse(s).unwrap();
        let budget = Cell::new(1);
        assert!(!t("F[A | B]").subtype_within(&t("F[A] | F[B]"), &budget));
        assert!(t("F[A | B]").is_subtype(&t("F[A] | F[B]")));
    }
}
