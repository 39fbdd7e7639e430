//! Any text, as a type expression: parsing never panics, and an expression that parses prints
//! as text that parses to the same expression.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qiime2::types::TypeExpr;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(expr) = TypeExpr::parse(text) else {
        return;
    };
    let printed = expr.to_string();
    let again = TypeExpr::parse(&printed)
        .unwrap_or_else(|e| panic!("{text:?} prints as {printed:?}, which does not parse: {e}"));
    assert_eq!(again, expr, "{text:?} prints as {printed:?}");
    let _ = expr.is_subtype(&again);
});
