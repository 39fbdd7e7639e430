//! The per-task timeout, q2rs's own `[q2rs] task_timeout` key.
//!
//! Written as a number of seconds (`task_timeout = 600`, `task_timeout = 2.5`) or as a string
//! of a number and a unit, `s`, `m` or `h` (`"90s"`, `"10m"`, `"1.5h"`); a bare number in a
//! string is seconds. `"None"` (or leaving the key out) means no timeout.

use std::time::Duration;

use toml::Value;

/// What a timeout may look like, for errors.
pub(super) const EXPECTED: &str =
    "a duration greater than zero: seconds (600, 2.5) or a string like \"90s\", \"10m\", \"1.5h\"";

/// The duration `value` denotes, or `None` when it is not a positive, finite duration.
pub(super) fn parse_timeout(value: &Value) -> Option<Duration> {
    let seconds = match value {
        Value::Integer(i) => *i as f64,
        Value::Float(f) => *f,
        Value::String(s) => {
            let s = s.trim();
            let (number, scale) = match s.char_indices().last()? {
                (i, 's') => (&s[..i], 1.0),
                (i, 'm') => (&s[..i], 60.0),
                (i, 'h') => (&s[..i], 3600.0),
                _ => (s, 1.0),
            };
            number.trim().parse::<f64>().ok()? * scale
        }
        _ => return None,
    };
    // A duration too long to hold is no timeout a user meant: refused, as nonsense is.
    (seconds > 0.0)
        .then(|| Duration::try_from_secs_f64(seconds).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_seconds_and_units_scale() {
        let secs = |v: Value| parse_timeout(&v).map(|d| d.as_secs_f64());
        assert_eq!(secs(Value::Integer(600)), Some(600.0));
        assert_eq!(secs(Value::Float(2.5)), Some(2.5));
        assert_eq!(secs(Value::String("90s".into())), Some(90.0));
        assert_eq!(secs(Value::String("10m".into())), Some(600.0));
        assert_eq!(secs(Value::String("1.5h".into())), Some(5400.0));
        assert_eq!(secs(Value::String(" 45 ".into())), Some(45.0));
    }

    #[test]
    fn non_durations_are_refused() {
        for v in [
            Value::Integer(0),
            Value::Integer(-5),
            Value::Float(f64::NAN),
            Value::Float(f64::INFINITY),
            // Longer than a Duration holds (found by the fuzzer: it panicked).
            Value::String("6".repeat(100) + "3"),
            Value::String("1e300h".into()),
            Value::String("ten minutes".into()),
            Value::String("10d".into()),
            Value::String(String::new()),
            Value::String("m".into()),
            Value::Boolean(true),
        ] {
            assert_eq!(parse_timeout(&v), None, "{v:?}");
        }
    }
}
