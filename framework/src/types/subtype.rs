//! Subtyping between type expressions (QIIME 2's `a <= b`).

use super::expr::TypeExpr;
use super::predicate::Predicate;

impl TypeExpr {
    /// Whether every value of `self` is also a value of `other` (QIIME 2's `self <= other`).
    ///
    /// Rules: a union on the left needs each member to be a subtype; a union on the right needs
    /// some member to be a supertype; semantic types match by name with covariant fields (a
    /// field union on the left is distributed, so `F[A | B] <= F[A] | F[B]`); a predicate on the
    /// left narrows (`Int % Range(0, 5) <= Int`), and predicates compare by subset; collections
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
        ) => lk == rk && predicate_narrows(lp.as_ref(), rp.as_ref()),
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
