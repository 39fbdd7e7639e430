//! Numbers written the way Python writes them, for files that QIIME 2 (a Python program) reads
//! and writes: provenance YAML, metadata, plugin tables.

/// Formats a float as Python's `repr(float)` does: the shortest digits that read back as the
/// same value (the nearest such string on ties), positional notation for decimal exponents in
/// `-4..16` (`0.0001`, `100.0`), otherwise scientific (`1e-05`, `1.5e+16`); `nan`, `inf`, `-inf`.
///
/// ```
/// use qiime2_plugin::python_repr::float_repr;
/// assert_eq!(float_repr(100.0), "100.0");
/// assert_eq!(float_repr(1e-5), "1e-05");
/// assert_eq!(float_repr(2.0 / 3.0), "0.6666666666666666");
/// ```
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let (digits, exp) = shortest_digits(x.abs());
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let text = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                format!("{}{}.0", digits, "0".repeat(point - digits.len()))
            } else {
                format!("{}.{}", &digits[..point], &digits[point..])
            }
        };
        format!("{sign}{text}")
    } else {
        let frac = if digits.len() > 1 {
            format!(".{}", &digits[1..])
        } else {
            String::new()
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{}{frac}e{esign}{:02}", &digits[..1], exp.abs())
    }
}

/// The shortest round-trip decimal digits of a non-negative finite `x` and the decimal exponent
/// of the first digit.
fn shortest_digits(x: f64) -> (String, i32) {
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` always has an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` exponent is an integer");
    let mut digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    // Among equally short round-tripping digit strings Python picks the one nearest the exact
    // value; the correctly rounded string of the same length is that one whenever it round-trips.
    if digits.len() > 1 {
        let nearest = format!("{:.*e}", digits.len() - 1, x);
        if nearest.parse::<f64>() == Ok(x) {
            let (m, _) = nearest
                .split_once('e')
                .expect("`{:e}` always has an exponent");
            digits = m.chars().filter(|c| *c != '.').collect();
        }
    }
    (digits, exp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python_repr() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (-2.25, "-2.25"),
            (100.0, "100.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e16, "1.5e+16"),
            (1e16, "1e+16"),
            (123456789012345.6, "123456789012345.6"),
            (76.81159420289855, "76.81159420289855"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
            (0.5, "0.5"),
            (123.456, "123.456"),
            (1.5e-7, "1.5e-07"),
            (1e15, "1000000000000000.0"),
            (1.2345e20, "1.2345e+20"),
            (1e100, "1e+100"),
            (0.1, "0.1"),
            (f64::INFINITY, "inf"),
        ];
        for (x, text) in cases {
            assert_eq!(float_repr(x), text, "{x:?}");
        }
    }
}
