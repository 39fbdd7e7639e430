//! Parameter values that predicates and primitive types can check.

use std::fmt;

use super::number::Number;
use crate::python_repr::float_repr;

/// A primitive parameter value, as a CLI or an API call would supply it.
///
/// Displayed as Python's `repr` would show it: `5`, `0.5`, `'abc'`, `True`.
///
/// # Examples
/// ```
/// use qiime2_plugin::types::PrimitiveValue;
/// assert_eq!(PrimitiveValue::Str("it's".into()).to_string(), "\"it's\"");
/// assert_eq!(PrimitiveValue::Bool(false).to_string(), "False");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum PrimitiveValue {
    /// An integer (`Int`).
    Int(i64),
    /// A floating-point number (`Float`).
    Float(f64),
    /// A string (`Str`).
    Str(String),
    /// A boolean (`Bool`).
    Bool(bool),
}

impl PrimitiveValue {
    /// The value as a number, if it is an `Int` or a `Float`.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            PrimitiveValue::Int(i) => Some(Number::Int(*i)),
            PrimitiveValue::Float(f) => Some(Number::Float(*f)),
            PrimitiveValue::Str(_) | PrimitiveValue::Bool(_) => None,
        }
    }

    /// Equality as a choice: numbers compare numerically (`1 == 1.0`), others exactly.
    pub fn same_choice(&self, other: &PrimitiveValue) -> bool {
        match (self.as_number(), other.as_number()) {
            (Some(a), Some(b)) => a.compare(b) == Some(std::cmp::Ordering::Equal),
            _ => self == other,
        }
    }
}

impl From<Number> for PrimitiveValue {
    fn from(n: Number) -> Self {
        match n {
            Number::Int(i) => PrimitiveValue::Int(i),
            Number::Float(f) => PrimitiveValue::Float(f),
        }
    }
}

impl fmt::Display for PrimitiveValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrimitiveValue::Int(i) => write!(f, "{i}"),
            PrimitiveValue::Float(x) => f.write_str(&float_repr(*x)),
            PrimitiveValue::Str(s) => f.write_str(&python_str_repr(s)),
            PrimitiveValue::Bool(true) => f.write_str("True"),
            PrimitiveValue::Bool(false) => f.write_str("False"),
        }
    }
}

/// Quotes a string the way Python's `repr(str)` does: single quotes unless the text holds a
/// single quote and no double quote.
pub(crate) fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_like_python() {
        let cases = [
            ("a", "'a'"),
            ("", "''"),
            ("it's", "\"it's\""),
            ("say \"hi\"", "'say \"hi\"'"),
            ("both ' and \"", "'both \\' and \"'"),
            ("back\\slash", "'back\\\\slash'"),
            ("tab\tnew\nline", "'tab\\tnew\\nline'"),
            ("bell\u{7}", "'bell\\x07'"),
        ];
        for (s, want) in cases {
            assert_eq!(python_str_repr(s), want);
        }
    }

    #[test]
    fn values_display_as_python_literals() {
        assert_eq!(PrimitiveValue::Int(-3).to_string(), "-3");
        assert_eq!(PrimitiveValue::Float(2.0).to_string(), "2.0");
        assert_eq!(PrimitiveValue::Str("x".into()).to_string(), "'x'");
        assert_eq!(PrimitiveValue::Bool(true).to_string(), "True");
    }

    #[test]
    fn choices_compare_numbers_numerically() {
        let one = PrimitiveValue::Int(1);
        assert!(one.same_choice(&PrimitiveValue::Float(1.0)));
        assert!(!one.same_choice(&PrimitiveValue::Int(2)));
        assert!(!one.same_choice(&PrimitiveValue::Str("1".into())));
        assert!(!PrimitiveValue::Bool(true).same_choice(&one));
        assert!(PrimitiveValue::Str("a".into()).same_choice(&PrimitiveValue::Str("a".into())));
    }

    #[test]
    fn numbers_convert_both_ways() {
        assert_eq!(PrimitiveValue::from(Number::Int(4)), PrimitiveValue::Int(4));
        assert_eq!(
            PrimitiveValue::from(Number::Float(0.5)).as_number(),
            Some(Number::Float(0.5))
        );
        assert_eq!(PrimitiveValue::Bool(true).as_number(), None);
    }
}
