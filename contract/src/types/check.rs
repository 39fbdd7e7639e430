//! Checking a primitive value against a type.

use super::error::ValueError;
use super::expr::TypeExpr;
use super::value::PrimitiveValue;

impl TypeExpr {
    /// Checks a parameter value against a primitive type (kind, then predicate); for a union,
    /// the value must fit some member.
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::types::{PrimitiveValue, TypeExpr};
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
                if matches!(value, PrimitiveValue::Float(f) if !f.is_finite()) {
                    return Err(ValueError::NotFinite {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::number::Number;
    use crate::types::predicate::{Predicate, Range};

    fn t(s: &str) -> TypeExpr {
        s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}"))
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
}
