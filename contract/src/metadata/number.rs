//! Recognising numeric cells and formatting floats the way QIIME 2 writes them.

use std::sync::LazyLock;

use regex::Regex;

/// Optional sign, digits with an optional decimal point, optional exponent. Excludes `inf`,
/// `nan`, thousands separators and hexadecimal on purpose.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?(?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[Ee][-+]?[0-9]+)?$")
        .expect("the numeric pattern is a valid regular expression")
});

/// Whether a (stripped, non-empty) cell reads as a number in a metadata file.
pub(crate) fn is_numeric(cell: &str) -> bool {
    NUMERIC.is_match(cell)
}

/// Format `value` like C's / Python's `%.15g`: 15 significant digits, fixed or scientific
/// notation by exponent, trailing zeros and a trailing decimal point removed.
pub(crate) fn format_g15(value: f64) -> String {
    const PRECISION: i32 = 15;
    if value == 0.0 || !value.is_finite() {
        // `{}` gives "0", "-0", "inf", "NaN"; only zero is reachable from valid metadata.
        return format!("{value}");
    }
    // Rounding to 15 significant digits first decides the exponent (9.99...e5 may become 1e6).
    let scientific = format!("{:.*e}", (PRECISION - 1) as usize, value);
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("Rust's exponential format always contains 'e'");
    let exponent: i32 = exponent.parse().expect("the exponent is an integer");
    if (-4..PRECISION).contains(&exponent) {
        let decimals = (PRECISION - 1 - exponent) as usize;
        trim_fraction(&format!("{value:.decimals$}")).to_string()
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim_fraction(mantissa), exponent.abs())
    }
}

/// Remove trailing zeros after a decimal point, then the point itself if nothing follows it.
fn trim_fraction(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_pattern_accepts_plain_numbers() {
        for cell in [
            "1", "-1", "+1", "1.", ".5", "0.5", "-.5", "1e5", "1E-5", "2.5e+10", "007",
        ] {
            assert!(is_numeric(cell), "{cell}");
        }
    }

    #[test]
    fn numeric_pattern_rejects_words_separators_and_hex() {
        for cell in [
            "inf", "-inf", "Infinity", "nan", "NaN", "1,000", "0x1F", "1e", "e5", ".", "-",
            "1.2.3", "1 000", "abc", "1_000", "",
        ] {
            assert!(!is_numeric(cell), "{cell}");
        }
    }

    #[test]
    fn format_g15_matches_python() {
        let cases: [(f64, &str); 16] = [
            (42.0, "42"),
            (0.1, "0.1"),
            (1e-20, "1e-20"),
            (123456789012345678.0, "1.23456789012346e+17"),
            (0.0, "0"),
            (-0.0, "-0"),
            (-2.5, "-2.5"),
            (1447.0, "1447"),
            (1e15, "1e+15"),
            (999999999999999.0, "999999999999999"),
            (9999999999999999.0, "1e+16"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.0 / 3.0, "0.333333333333333"),
            (2.0 / 3.0, "0.666666666666667"),
            (1.5e300, "1.5e+300"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_g15(value), expected, "{value:?}");
        }
    }
}
