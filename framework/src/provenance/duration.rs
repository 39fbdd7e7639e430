//! Timestamps and duration text as QIIME 2 writes them in `execution.runtime`.

use chrono::{DateTime, Datelike, FixedOffset, Months, Timelike};

/// Formats a timestamp like Python's `datetime.isoformat()`: microseconds are
/// shown only when non-zero, the offset as `+HH:MM`.
///
/// # Examples
/// ```
/// let t = chrono::DateTime::parse_from_rfc3339("2026-11-24T19:36:20.676867+00:00").unwrap();
/// assert_eq!(qiime2::provenance::iso_timestamp(&t), "2026-11-24T19:36:20.676867+00:00");
/// ```
pub fn iso_timestamp(t: &DateTime<FixedOffset>) -> String {
    let micros = t.nanosecond() / 1000;
    let base = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let secs = t.offset().local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let mut offset = format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60);
    if !abs.is_multiple_of(60) {
        offset.push_str(&format!(":{:02}", abs % 60));
    }
    if micros == 0 {
        format!("{base}{offset}")
    } else {
        format!("{base}.{micros:06}{offset}")
    }
}

/// The calendar difference between two instants, normalised the way
/// `dateutil.relativedelta(end, start)` does.
fn relative_delta(start: &DateTime<FixedOffset>, end: &DateTime<FixedOffset>) -> [i64; 7] {
    // Calendar arithmetic happens in the start's offset.
    let end = end.with_timezone(start.offset());
    let add_months = |m: i64| -> DateTime<FixedOffset> {
        let months = Months::new(m.unsigned_abs() as u32);
        let shifted = if m >= 0 {
            start.checked_add_months(months)
        } else {
            start.checked_sub_months(months)
        };
        shifted.unwrap_or(*start)
    };
    let mut months = i64::from(end.year() - start.year()) * 12
        + i64::from(end.month() as i32 - start.month() as i32);
    let mut anchor = add_months(months);
    if end < *start {
        while end > anchor {
            months += 1;
            anchor = add_months(months);
        }
    } else {
        while end < anchor {
            months -= 1;
            anchor = add_months(months);
        }
    }
    let delta = (end - anchor).num_microseconds().unwrap_or(i64::MAX);
    // Python's timedelta keeps microseconds non-negative and floors the seconds.
    let mut seconds = delta.div_euclid(1_000_000);
    let micros = delta.rem_euclid(1_000_000);
    let carry = |value: &mut i64, limit: i64| -> i64 {
        if value.abs() > limit - 1 {
            let sign = value.signum();
            let (div, rem) = ((*value * sign) / limit, (*value * sign) % limit);
            *value = rem * sign;
            div * sign
        } else {
            0
        }
    };
    let mut minutes = carry(&mut seconds, 60);
    let mut hours = carry(&mut minutes, 60);
    let days = carry(&mut hours, 24);
    let years = months / 12;
    let months = months % 12;
    [years, months, days, hours, minutes, seconds, micros]
}

/// The `duration` text QIIME 2 writes for a run from `start` to `end`, e.g.
/// `4 minutes, 36 seconds, and 938751 microseconds` or `6840 microseconds`.
///
/// Non-zero calendar units (years down to microseconds) are listed largest
/// first, singular when the value is 1, comma separated, the last preceded by
/// `and ` when there is more than one; a zero duration is `0 microseconds`.
///
/// # Examples
/// ```
/// use chrono::DateTime;
/// let s = DateTime::parse_from_rfc3339("2026-11-24T19:36:20.884654+00:00").unwrap();
/// let e = DateTime::parse_from_rfc3339("2026-11-24T19:37:15.367067+00:00").unwrap();
/// assert_eq!(qiime2::provenance::duration_text(&s, &e), "54 seconds, and 482413 microseconds");
/// ```
pub fn duration_text(start: &DateTime<FixedOffset>, end: &DateTime<FixedOffset>) -> String {
    const UNITS: [&str; 7] = [
        "years",
        "months",
        "days",
        "hours",
        "minutes",
        "seconds",
        "microseconds",
    ];
    let values = relative_delta(start, end);
    let mut parts: Vec<String> = UNITS
        .iter()
        .zip(values)
        .filter(|(_, v)| *v != 0)
        .map(|(unit, v)| {
            if v == 1 {
                format!("{v} {}", &unit[..unit.len() - 1])
            } else {
                format!("{v} {unit}")
            }
        })
        .collect();
    if parts.is_empty() {
        parts.push("0 microseconds".to_string());
    }
    if parts.len() > 1 {
        let last = parts.len() - 1;
        parts[last] = format!("and {}", parts[last]);
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn units_and_plurals() {
        let s = t("2026-01-31T10:00:00+02:00");
        assert_eq!(duration_text(&s, &s), "0 microseconds");
        assert_eq!(
            duration_text(&s, &t("2026-01-31T10:00:00.006840+02:00")),
            "6840 microseconds"
        );
        assert_eq!(
            duration_text(&s, &t("2026-01-31T11:01:01.000005+02:00")),
            "1 hour, 1 minute, 1 second, and 5 microseconds"
        );
        assert_eq!(
            duration_text(&s, &t("2026-02-01T10:00:03+02:00")),
            "1 day, and 3 seconds"
        );
        // Month arithmetic clips to the end of the month, like relativedelta.
        assert_eq!(
            duration_text(&s, &t("2026-02-28T10:00:00+02:00")),
            "1 month"
        );
        assert_eq!(
            duration_text(&s, &t("2027-03-31T10:00:00+02:00")),
            "1 year, and 2 months"
        );
        // Instants in other offsets are compared in the start's offset.
        assert_eq!(duration_text(&s, &t("2026-01-31T08:00:02Z")), "2 seconds");
    }

    #[test]
    fn negative_durations_follow_python() {
        let s = t("2026-01-31T10:00:00+00:00");
        assert_eq!(
            duration_text(&s, &t("2026-01-31T09:59:59.500000+00:00")),
            "-1 seconds, and 500000 microseconds"
        );
    }

    #[test]
    fn isoformat() {
        assert_eq!(
            iso_timestamp(&t("2026-11-24T19:36:20+00:00")),
            "2026-11-24T19:36:20+00:00"
        );
        assert_eq!(
            iso_timestamp(&t("2026-11-24T19:36:20.000100-05:30")),
            "2026-11-24T19:36:20.000100-05:30"
        );
    }
}
