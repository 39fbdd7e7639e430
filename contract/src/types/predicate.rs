//! Predicates attached to a type with `%`: `Range`, `Choices` and `Properties`.

use std::cmp::Ordering;
use std::fmt;

use super::error::ValueError;
use super::number::Number;
use super::value::{PrimitiveValue, python_str_repr};

/// A numeric interval; `None` bounds are unbounded.
///
/// QIIME 2 defaults: the start is inclusive, the end exclusive.
///
/// # Examples
/// ```
/// use qiime2_plugin::types::{Number, Range};
/// let r = Range::new(Some(Number::Int(0)), None);
/// assert!(r.contains(Number::Int(0)));
/// assert_eq!(r.to_string(), "Range(0, None)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lower bound, `None` for unbounded.
    pub start: Option<Number>,
    /// Upper bound, `None` for unbounded.
    pub end: Option<Number>,
    /// Whether `start` itself belongs to the range (default `true`).
    pub inclusive_start: bool,
    /// Whether `end` itself belongs to the range (default `false`).
    pub inclusive_end: bool,
}

impl Range {
    /// A range with QIIME 2's default inclusivity: `[start, end)`.
    pub fn new(start: Option<Number>, end: Option<Number>) -> Self {
        Range {
            start,
            end,
            inclusive_start: true,
            inclusive_end: false,
        }
    }

    /// Whether the number lies inside the range.
    pub fn contains(&self, n: Number) -> bool {
        if n.as_f64().is_nan() {
            return false;
        }
        let above_start = match self.start {
            None => true,
            Some(s) => match n.compare(s) {
                Some(Ordering::Greater) => true,
                Some(Ordering::Equal) => self.inclusive_start,
                _ => false,
            },
        };
        let below_end = match self.end {
            None => true,
            Some(e) => match n.compare(e) {
                Some(Ordering::Less) => true,
                Some(Ordering::Equal) => self.inclusive_end,
                _ => false,
            },
        };
        above_start && below_end
    }

    /// Whether every number in `self` is also in `other` (bounds compared as real numbers).
    pub fn is_subset(&self, other: &Range) -> bool {
        let start_ok = match (self.start, other.start) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => match a.compare(b) {
                Some(Ordering::Greater) => true,
                Some(Ordering::Equal) => other.inclusive_start || !self.inclusive_start,
                _ => false,
            },
        };
        let end_ok = match (self.end, other.end) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => match a.compare(b) {
                Some(Ordering::Less) => true,
                Some(Ordering::Equal) => other.inclusive_end || !self.inclusive_end,
                _ => false,
            },
        };
        start_ok && end_ok
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bound = |b: Option<Number>| b.map_or_else(|| "None".to_owned(), |n| n.to_string());
        write!(f, "Range({}, {}", bound(self.start), bound(self.end))?;
        if !self.inclusive_start {
            f.write_str(", inclusive_start=False")?;
        }
        if self.inclusive_end {
            f.write_str(", inclusive_end=True")?;
        }
        f.write_str(")")
    }
}

/// A predicate refining a type, written after `%`.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// `Range(start, end, inclusive_start=..., inclusive_end=...)` on `Int` or `Float`.
    Range(Range),
    /// `Choices('a', 'b')`: the value must be one of these.
    Choices(Vec<PrimitiveValue>),
    /// `Properties('x', ...)` on a semantic type: the artifact carries these properties.
    Properties(Vec<String>),
}

impl Predicate {
    /// Whether everything satisfying `self` also satisfies `other`.
    ///
    /// `Choices` inside a `Range` count as a subset; `Properties` are a subset when they
    /// include all of `other`'s properties (more properties = more specific).
    pub fn is_subset(&self, other: &Predicate) -> bool {
        match (self, other) {
            (Predicate::Range(a), Predicate::Range(b)) => a.is_subset(b),
            (Predicate::Choices(a), Predicate::Choices(b)) => {
                a.iter().all(|x| b.iter().any(|y| x.same_choice(y)))
            }
            (Predicate::Choices(a), Predicate::Range(r)) => a
                .iter()
                .all(|x| x.as_number().is_some_and(|n| r.contains(n))),
            (Predicate::Properties(a), Predicate::Properties(b)) => b.iter().all(|p| a.contains(p)),
            _ => false,
        }
    }

    /// Checks a value against the predicate.
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::types::{Number, Predicate, PrimitiveValue, Range};
    /// let p = Predicate::Range(Range::new(Some(Number::Int(0)), Some(Number::Int(100))));
    /// let err = p.check(&PrimitiveValue::Int(123)).unwrap_err();
    /// assert_eq!(err.to_string(), "123 is not in Range(0, 100)");
    /// ```
    pub fn check(&self, value: &PrimitiveValue) -> Result<(), ValueError> {
        let ok = match self {
            Predicate::Range(r) => value.as_number().is_some_and(|n| r.contains(n)),
            Predicate::Choices(c) => c.iter().any(|x| x.same_choice(value)),
            Predicate::Properties(_) => false,
        };
        if ok {
            Ok(())
        } else {
            Err(ValueError::Unsatisfied {
                value: value.clone(),
                predicate: self.clone(),
            })
        }
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Predicate::Range(r) => r.fmt(f),
            Predicate::Choices(c) => {
                let items: Vec<String> = c.iter().map(ToString::to_string).collect();
                write!(f, "Choices({})", items.join(", "))
            }
            Predicate::Properties(p) => {
                let items: Vec<String> = p.iter().map(|s| python_str_repr(s)).collect();
                write!(f, "Properties({})", items.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i64) -> Option<Number> {
        Some(Number::Int(i))
    }

    fn range(start: Option<Number>, end: Option<Number>, incl_s: bool, incl_e: bool) -> Range {
        Range {
            start,
            end,
            inclusive_start: incl_s,
            inclusive_end: incl_e,
        }
    }

    #[test]
    fn contains_respects_inclusivity_and_open_ends() {
        let half_open = Range::new(int(0), int(10));
        assert!(half_open.contains(Number::Int(0)));
        assert!(half_open.contains(Number::Float(9.99)));
        assert!(!half_open.contains(Number::Int(10)));
        assert!(!half_open.contains(Number::Int(-1)));

        let open = range(int(0), int(10), false, false);
        assert!(!open.contains(Number::Int(0)));
        assert!(open.contains(Number::Float(0.001)));

        let closed = range(int(0), int(10), true, true);
        assert!(closed.contains(Number::Int(10)));

        let below = range(None, int(0), true, true);
        assert!(below.contains(Number::Int(i64::MIN)));
        assert!(below.contains(Number::Int(0)));
        assert!(!below.contains(Number::Float(0.5)));

        let everything = Range::new(None, None);
        assert!(everything.contains(Number::Float(-1e300)));
        assert!(!everything.contains(Number::Float(f64::NAN)));
    }

    #[test]
    fn subset_truth_table() {
        let r = |s, e, is, ie| range(s, e, is, ie);
        let cases = [
            // identical
            (
                r(int(0), int(10), true, false),
                r(int(0), int(10), true, false),
                true,
            ),
            // narrower inside wider
            (
                r(int(1), int(5), true, true),
                r(int(0), int(10), true, false),
                true,
            ),
            // wider not inside narrower
            (
                r(int(0), int(10), true, false),
                r(int(1), int(5), true, true),
                false,
            ),
            // open start inside closed start, not the other way round
            (
                r(int(0), int(10), false, false),
                r(int(0), int(10), true, false),
                true,
            ),
            (
                r(int(0), int(10), true, false),
                r(int(0), int(10), false, false),
                false,
            ),
            // closed end not inside open end at the same bound
            (
                r(int(0), int(10), true, true),
                r(int(0), int(10), true, false),
                false,
            ),
            (
                r(int(0), int(10), true, false),
                r(int(0), int(10), true, true),
                true,
            ),
            // None = unbounded
            (
                r(int(0), None, true, false),
                r(None, None, true, false),
                true,
            ),
            (
                r(None, None, true, false),
                r(int(0), None, true, false),
                false,
            ),
            (
                r(int(5), None, true, false),
                r(int(0), None, true, false),
                true,
            ),
            (
                r(int(0), None, true, false),
                r(int(5), None, true, false),
                false,
            ),
            (
                r(None, int(0), true, true),
                r(None, int(1), true, false),
                true,
            ),
            (
                r(None, int(1), true, false),
                r(None, int(0), true, true),
                false,
            ),
            // floats and ints mix
            (
                r(
                    Some(Number::Float(0.5)),
                    Some(Number::Float(1.0)),
                    true,
                    false,
                ),
                r(int(0), int(1), true, false),
                true,
            ),
            (
                r(int(0), int(1), true, true),
                r(int(0), Some(Number::Float(0.5)), true, true),
                false,
            ),
        ];
        for (a, b, want) in cases {
            assert_eq!(a.is_subset(&b), want, "{a} <= {b}");
        }
    }

    #[test]
    fn predicate_subset_across_kinds() {
        let s = |x: &str| PrimitiveValue::Str(x.into());
        let ab = Predicate::Choices(vec![s("a"), s("b")]);
        let a = Predicate::Choices(vec![s("a")]);
        assert!(a.is_subset(&ab));
        assert!(!ab.is_subset(&a));
        assert!(ab.is_subset(&ab));

        let nums = Predicate::Choices(vec![PrimitiveValue::Int(1), PrimitiveValue::Float(2.5)]);
        let r = Predicate::Range(Range::new(int(0), int(3)));
        assert!(nums.is_subset(&r));
        assert!(!r.is_subset(&nums));
        assert!(!ab.is_subset(&r));

        let xy = Predicate::Properties(vec!["x".into(), "y".into()]);
        let x = Predicate::Properties(vec!["x".into()]);
        assert!(xy.is_subset(&x));
        assert!(!x.is_subset(&xy));
        assert!(!x.is_subset(&a));
    }

    #[test]
    fn check_reports_the_failing_predicate() {
        let p = Predicate::Range(Range::new(int(0), int(100)));
        assert_eq!(p.check(&PrimitiveValue::Int(99)), Ok(()));
        assert_eq!(
            p.check(&PrimitiveValue::Int(100)),
            Err(ValueError::Unsatisfied {
                value: PrimitiveValue::Int(100),
                predicate: p.clone()
            })
        );
        assert!(p.check(&PrimitiveValue::Str("5".into())).is_err());

        let c = Predicate::Choices(vec![
            PrimitiveValue::Str("a".into()),
            PrimitiveValue::Str("b".into()),
        ]);
        assert_eq!(c.check(&PrimitiveValue::Str("b".into())), Ok(()));
        let err = c.check(&PrimitiveValue::Str("z".into())).unwrap_err();
        assert_eq!(err.to_string(), "'z' is not in Choices('a', 'b')");

        let props = Predicate::Properties(vec!["x".into()]);
        assert!(props.check(&PrimitiveValue::Str("x".into())).is_err());
    }

    #[test]
    fn display_is_canonical() {
        assert_eq!(Range::new(int(0), None).to_string(), "Range(0, None)");
        assert_eq!(
            range(None, int(0), true, true).to_string(),
            "Range(None, 0, inclusive_end=True)"
        );
        assert_eq!(
            range(int(0), None, false, false).to_string(),
            "Range(0, None, inclusive_start=False)"
        );
        assert_eq!(
            range(
                Some(Number::Float(0.5)),
                Some(Number::Float(1.0)),
                false,
                true
            )
            .to_string(),
            "Range(0.5, 1.0, inclusive_start=False, inclusive_end=True)"
        );
        assert_eq!(
            Predicate::Properties(vec!["a".into(), "it's".into()]).to_string(),
            "Properties('a', \"it's\")"
        );
    }
}
