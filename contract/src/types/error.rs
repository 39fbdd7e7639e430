//! Errors of the type system: parsing a type expression, checking a value against a type.

use std::fmt;

use super::expr::TypeExpr;
use super::predicate::Predicate;
use super::value::{PrimitiveValue, python_str_repr};

/// A type expression that could not be parsed.
///
/// `column` is 1-based and counts characters; a problem at the end of the text points one
/// past the last character. The message shows the expression with a caret under that column:
///
/// ```text
/// invalid type expression at column 21: expected ']'
///   FeatureData[Sequence
///                       ^
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TypeParseError {
    /// The whole expression as given.
    pub expression: String,
    /// 1-based character column of the offending spot.
    pub column: usize,
    /// What the parser expected there, e.g. `']'` or `a type name`.
    pub expected: String,
}

impl TypeParseError {
    pub(crate) fn new(expression: &str, column: usize, expected: impl Into<String>) -> Self {
        TypeParseError {
            expression: expression.to_owned(),
            column,
            expected: expected.into(),
        }
    }
}

impl fmt::Display for TypeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid type expression at column {}: expected {}\n  {}\n  {}^",
            self.column,
            self.expected,
            self.expression,
            " ".repeat(self.column.saturating_sub(1))
        )
    }
}

/// A primitive value that does not fit a type or predicate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    /// The value has the wrong kind for the type (a string for `Int`, or no union member fits).
    #[error("{value} is not a value of type {expected}")]
    WrongType {
        /// The offending value.
        value: PrimitiveValue,
        /// The type it was checked against.
        expected: TypeExpr,
    },
    /// The value lies outside a `Range` or is not among the `Choices`.
    #[error("{value} is not in {predicate}")]
    Unsatisfied {
        /// The offending value.
        value: PrimitiveValue,
        /// The predicate it fails.
        predicate: Predicate,
    },
    /// A `Float` that is infinite or not a number: no parameter takes one (nor can provenance
    /// or a plugin request carry it).
    #[error("{value} is not a finite number; expected a finite value of {expected}")]
    NotFinite {
        /// The offending value.
        value: PrimitiveValue,
        /// The type it was checked against.
        expected: TypeExpr,
    },
    /// The text does not read as any primitive kind the type allows.
    #[error("{} cannot be read as {expected}", python_str_repr(text))]
    Unreadable {
        /// The text as given.
        text: String,
        /// The type it was read for.
        expected: TypeExpr,
    },
    /// The type is not a primitive (`Int`, `Float`, `Str`, `Bool`), so no plain value can have it.
    #[error(
        "{value} cannot be a value of {expected}: only Int, Float, Str and Bool take plain values"
    )]
    NotPrimitive {
        /// The offending value.
        value: PrimitiveValue,
        /// The non-primitive type.
        expected: TypeExpr,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_shows_caret_under_column() {
        let e = TypeParseError::new("FeatureData[Sequence", 21, "']'");
        assert_eq!(
            e.to_string(),
            "invalid type expression at column 21: expected ']'\n  FeatureData[Sequence\n                      ^"
        );
        let e = TypeParseError::new("", 1, "a type expression");
        assert_eq!(
            e.to_string(),
            "invalid type expression at column 1: expected a type expression\n  \n  ^"
        );
    }
}
