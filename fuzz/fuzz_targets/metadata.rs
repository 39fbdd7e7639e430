//! Any bytes, read as a metadata TSV file: parsing never panics, and metadata that parses
//! writes out as text that parses again to the same IDs and columns.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qiime2::metadata::Metadata;

fuzz_target!(|data: &[u8]| {
    let Ok(md) = Metadata::from_tsv_bytes(data, "fuzz.tsv") else {
        return;
    };
    let _ = md.summary();
    let text = md.to_tsv_string();
    let again = Metadata::from_tsv_str(&text, "written.tsv")
        .unwrap_or_else(|e| panic!("written metadata does not parse: {e}\n{text}"));
    assert_eq!(again.ids(), md.ids());
    assert_eq!(again.column_names(), md.column_names());
    for (a, b) in again.columns().iter().zip(md.columns()) {
        assert_eq!(a.column_type(), b.column_type(), "column {}", a.name());
    }
});
