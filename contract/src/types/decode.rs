//! Turning command-line text into a checked primitive value.

use super::error::ValueError;
use super::expr::TypeExpr;
use super::kind::PrimitiveKind;
use super::value::PrimitiveValue;

/// Union members are tried most specific kind first, so `"5"` for `Str | Int` is an `Int`.
const DECODE_ORDER: [PrimitiveKind; 4] = [
    PrimitiveKind::Bool,
    PrimitiveKind::Int,
    PrimitiveKind::Float,
    PrimitiveKind::Str,
];

impl PrimitiveKind {
    /// Reads text as a value of this kind: `Int` via integer syntax, `Float` via float syntax,
    /// `Bool` from `true`/`false` (any case), `Str` as is; surrounding spaces are ignored
    /// except for `Str`. `None` when the text does not have that form.
    pub fn decode(self, text: &str) -> Option<PrimitiveValue> {
        let trimmed = text.trim();
        match self {
            PrimitiveKind::Int => trimmed.parse().ok().map(PrimitiveValue::Int),
            PrimitiveKind::Float => trimmed.parse().ok().map(PrimitiveValue::Float),
            PrimitiveKind::Bool => match trimmed.to_ascii_lowercase().as_str() {
                "true" => Some(PrimitiveValue::Bool(true)),
                "false" => Some(PrimitiveValue::Bool(false)),
                _ => None,
            },
            PrimitiveKind::Str => Some(PrimitiveValue::Str(text.to_owned())),
        }
    }
}

impl TypeExpr {
    /// Reads a parameter value from text (as a CLI receives it) and checks it against the type.
    ///
    /// For a union, members are tried `Bool`, `Int`, `Float`, `Str` first; the first value that
    /// decodes and passes its predicate wins.
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::types::{PrimitiveValue, TypeExpr};
    /// let t: TypeExpr = "Int % Range(1, None)".parse().unwrap();
    /// assert_eq!(t.decode_value("5"), Ok(PrimitiveValue::Int(5)));
    /// assert_eq!(
    ///     t.decode_value("five").unwrap_err().to_string(),
    ///     "'five' cannot be read as Int % Range(1, None)"
    /// );
    /// ```
    pub fn decode_value(&self, text: &str) -> Result<PrimitiveValue, ValueError> {
        let mut first_failure = None;
        for kind in DECODE_ORDER {
            for member in self.members() {
                let TypeExpr::Primitive { kind: k, .. } = member else {
                    continue;
                };
                if *k != kind {
                    continue;
                }
                if let Some(value) = kind.decode(text) {
                    match member.check_value(&value) {
                        Ok(()) => return Ok(value),
                        Err(e) => {
                            first_failure.get_or_insert(e);
                        }
                    }
                }
            }
        }
        if !self
            .members()
            .iter()
            .any(|m| matches!(m, TypeExpr::Primitive { .. }))
        {
            return Err(ValueError::NotPrimitive {
                value: PrimitiveValue::Str(text.to_owned()),
                expected: self.clone(),
            });
        }
        Err(first_failure.unwrap_or_else(|| ValueError::Unreadable {
            text: text.to_owned(),
            expected: self.clone(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::predicate::Predicate;

    fn t(s: &str) -> TypeExpr {
        s.parse().unwrap()
    }

    #[test]
    fn kinds_decode_their_syntax() {
        use PrimitiveValue as V;
        assert_eq!(PrimitiveKind::Int.decode(" -5 "), Some(V::Int(-5)));
        assert_eq!(PrimitiveKind::Int.decode("5.0"), None);
        assert_eq!(PrimitiveKind::Float.decode("5"), Some(V::Float(5.0)));
        assert_eq!(PrimitiveKind::Float.decode("1e-3"), Some(V::Float(0.001)));
        assert_eq!(PrimitiveKind::Float.decode("x"), None);
        assert_eq!(PrimitiveKind::Bool.decode("True"), Some(V::Bool(true)));
        assert_eq!(PrimitiveKind::Bool.decode("false"), Some(V::Bool(false)));
        assert_eq!(PrimitiveKind::Bool.decode("yes"), None);
        assert_eq!(PrimitiveKind::Str.decode(" a "), Some(V::Str(" a ".into())));
    }

    #[test]
    fn non_finite_floats_are_refused_with_or_without_a_range() {
        for (ty, text) in [
            ("Float % Range(0, None, inclusive_start=False)", "inf"),
            ("Float % Range(0, None, inclusive_start=False)", "1e999"),
            ("Float", "-inf"),
            ("Float", "NaN"),
        ] {
            let err = t(ty).decode_value(text).unwrap_err();
            assert!(
                matches!(err, ValueError::NotFinite { .. }),
                "{ty} {text}: {err}"
            );
            assert!(err.to_string().contains("is not a finite number"), "{err}");
        }
        assert_eq!(
            t("Float | Str").decode_value("inf"),
            Ok(PrimitiveValue::Str("inf".into()))
        );
    }

    #[test]
    fn decode_then_check() {
        use PrimitiveValue as V;
        assert_eq!(t("Float").decode_value("2"), Ok(V::Float(2.0)));
        assert_eq!(
            t("Float % Range(None, 0, inclusive_end=True)").decode_value("-3"),
            Ok(V::Float(-3.0))
        );
        assert_eq!(
            t("Int % Range(0, 100)").decode_value("123"),
            Err(ValueError::Unsatisfied {
                value: V::Int(123),
                predicate: t("Int % Range(0, 100)").predicate().cloned().unwrap(),
            })
        );
        assert_eq!(
            t("Int").decode_value("1.5"),
            Err(ValueError::Unreadable {
                text: "1.5".into(),
                expected: t("Int")
            })
        );
        assert_eq!(
            t("Str % Choices('a', 'b')").decode_value("c").unwrap_err(),
            ValueError::Unsatisfied {
                value: V::Str("c".into()),
                predicate: Predicate::Choices(vec![V::Str("a".into()), V::Str("b".into())]),
            }
        );
    }

    #[test]
    fn unions_prefer_specific_kinds() {
        use PrimitiveValue as V;
        let u = t("Str | Int");
        assert_eq!(u.decode_value("5"), Ok(V::Int(5)));
        assert_eq!(u.decode_value("five"), Ok(V::Str("five".into())));
        let auto = t("Int % Range(1, None) | Str % Choices('auto')");
        assert_eq!(auto.decode_value("4"), Ok(V::Int(4)));
        assert_eq!(auto.decode_value("auto"), Ok(V::Str("auto".into())));
        assert_eq!(
            auto.decode_value("0").unwrap_err().to_string(),
            "0 is not in Range(1, None)"
        );
        // "x" is no Int, so the Str member's Choices explain the failure
        assert_eq!(
            auto.decode_value("x").unwrap_err().to_string(),
            "'x' is not in Choices('auto')"
        );
        assert_eq!(t("Bool | Float").decode_value("true"), Ok(V::Bool(true)));
        assert_eq!(t("Bool | Float").decode_value("0.5"), Ok(V::Float(0.5)));
    }

    #[test]
    fn unreadable_text_is_quoted_like_python() {
        assert_eq!(
            t("Int | Float")
                .decode_value("it's")
                .unwrap_err()
                .to_string(),
            "\"it's\" cannot be read as Int | Float"
        );
    }

    #[test]
    fn non_primitives_cannot_be_decoded() {
        for s in ["Metadata", "FeatureData[Sequence]", "List[Int]"] {
            assert_eq!(
                t(s).decode_value("1"),
                Err(ValueError::NotPrimitive {
                    value: PrimitiveValue::Str("1".into()),
                    expected: t(s)
                })
            );
        }
    }
}
