//! Numbers as they appear in predicates: integers stay integers, floats keep a decimal point.

use crate::python_repr::float_repr;
use std::cmp::Ordering;
use std::fmt;

/// A numeric literal from a type expression (`Range` bounds, numeric `Choices`).
///
/// Printed the way Python's `repr` prints it, so `1` stays `1` and `1.0` stays `1.0`.
///
/// # Examples
/// ```
/// use qiime2_plugin::types::Number;
/// assert_eq!(Number::Int(1).to_string(), "1");
/// assert_eq!(Number::Float(1.0).to_string(), "1.0");
/// assert_eq!(Number::Float(1e-5).to_string(), "1e-05");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer literal such as `0` or `-3`.
    Int(i64),
    /// A floating-point literal such as `0.5` or `1e-3`.
    Float(f64),
}

impl Number {
    /// The value as an `f64` (integers beyond 2^53 lose precision).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// Numeric comparison across integers and floats; `None` when a NaN is involved.
    pub fn compare(self, other: Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            _ => self.as_f64().partial_cmp(&other.as_f64()),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => f.write_str(&float_repr(*x)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_print_plainly() {
        assert_eq!(Number::Int(-7).to_string(), "-7");
        assert_eq!(Number::Int(0).to_string(), "0");
    }

    #[test]
    fn compare_mixes_ints_and_floats() {
        assert_eq!(
            Number::Int(1).compare(Number::Float(1.0)),
            Some(Ordering::Equal)
        );
        assert_eq!(
            Number::Int(1).compare(Number::Float(1.5)),
            Some(Ordering::Less)
        );
        assert_eq!(
            Number::Int(3).compare(Number::Int(2)),
            Some(Ordering::Greater)
        );
        assert_eq!(Number::Float(f64::NAN).compare(Number::Int(2)), None);
        assert_eq!(
            Number::Int(i64::MAX).compare(Number::Int(i64::MAX - 1)),
            Some(Ordering::Greater)
        );
    }
}
