//! Tests of the TSV reader: one per format rule and per error; the rules of the data rows
//! (values, numbers, missing values, ids) are in `data_rows`.

use super::*;
use crate::metadata::{ColumnKind, MetadataColumn};

const F: &str = "t.tsv";

fn load(text: &str) -> Metadata {
    Metadata::from_tsv_str(text, F).unwrap_or_else(|e| panic!("{e}"))
}

fn fail(text: &str) -> MetadataError {
    Metadata::from_tsv_str(text, F).expect_err("the text should be refused")
}

fn f() -> String {
    F.to_string()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn categorical(values: &[Option<&str>]) -> ColumnKind {
    ColumnKind::Categorical(values.iter().map(|v| v.map(String::from)).collect())
}

#[test]
fn fixture_from_qiime2_loads() {
    let Some(path) = crate::test_fixtures::fixture("reference-metadata.tsv") else {
        return;
    };
    let md = Metadata::load(&path).unwrap();
    assert_eq!(md.len(), 20);
    assert_eq!(md.columns().len(), 10);
    assert_eq!(md.id_header(), "id");
    assert_eq!(md.ids()[0], "RS_GCF_000620805.1~NZ_KK211187.1-#3");
    assert_eq!(
        md.column("ssu length").unwrap().column_type(),
        ColumnType::Numeric
    );
    assert_eq!(
        md.column("contig length").unwrap().column_type(),
        ColumnType::Numeric
    );
    assert_eq!(
        md.column("gene location").unwrap().column_type(),
        ColumnType::Categorical
    );
    let ColumnKind::Numeric(lengths) = md.column("ssu length").unwrap().kind() else {
        panic!("ssu length should be numeric");
    };
    assert_eq!(lengths[0], Some(1447.0));
    // QIIME 2 wrote this file; writing it again gives the same bytes.
    assert_eq!(md.to_tsv_string(), std::fs::read_to_string(&path).unwrap());
}

#[test]
fn utf8_byte_order_mark_is_ignored() {
    let md = Metadata::from_tsv_bytes(b"\xEF\xBB\xBFid\tx\nS1\t1\n", F).unwrap();
    assert_eq!(md.id_header(), "id");
    assert_eq!(md.ids(), ["S1"]);
}

#[test]
fn utf16_is_refused_with_advice() {
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("id\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let err = Metadata::from_tsv_bytes(&le, F).unwrap_err();
    assert_eq!(err, MetadataError::Utf16 { file: f(), line: 1 });
    assert!(err.to_string().contains("plain text"), "{err}");
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain("id\n".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    assert_eq!(
        Metadata::from_tsv_bytes(&be, F).unwrap_err(),
        MetadataError::Utf16 { file: f(), line: 1 }
    );
    let no_bom: Vec<u8> = "id\nS1\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(
        Metadata::from_tsv_bytes(&no_bom, F).unwrap_err(),
        MetadataError::Utf16 { file: f(), line: 1 }
    );
    // A stray NUL byte in otherwise ASCII text is binary data, not UTF-16.
    assert_eq!(
        Metadata::from_tsv_bytes(b"id\nS\x001\n", F).unwrap_err(),
        MetadataError::Binary {
            file: f(),
            offset: 4
        }
    );
}

#[test]
fn invalid_utf8_is_refused_with_its_line() {
    assert_eq!(
        Metadata::from_tsv_bytes(b"id\tx\nS1\t\xE9t\xE9\n", F).unwrap_err(),
        MetadataError::NotUtf8 {
            file: f(),
            line: 2,
            offset: 8
        }
    );
}

#[test]
fn cells_are_whitespace_stripped() {
    let md = load("  id \t  site\t depth \n S1 \t gut \t 1.5 \n");
    assert_eq!(md.id_header(), "id");
    assert_eq!(md.ids(), ["S1"]);
    assert_eq!(md.column_names(), ["site", "depth"]);
    assert_eq!(
        md.column("site").unwrap().kind(),
        &categorical(&[Some("gut")])
    );
    assert_eq!(
        md.column("depth").unwrap().kind(),
        &ColumnKind::Numeric(vec![Some(1.5)])
    );
}

#[test]
fn blank_and_comment_rows_before_the_header_are_skipped() {
    let md = load("\n# a comment\t\twith cells\n\t  \t\n#SampleIDs are below\nid\tx\nS1\t1\n");
    assert_eq!(md.ids(), ["S1"]);
    // Line numbers still count the skipped rows.
    assert_eq!(
        fail("\n# comment\nid\tx\n#q2:types\tnumber\n"),
        MetadataError::UnknownColumnType {
            file: f(),
            line: 4,
            column: "x".into(),
            value: "number".into()
        }
    );
}

#[test]
fn every_reserved_id_header_is_accepted_and_kept_as_written() {
    for header in [
        "id",
        "ID",
        "sampleid",
        "Sample ID",
        "sample-id",
        "featureid",
        "Feature ID",
        "FEATURE-ID",
        "#SampleID",
        "#Sample ID",
        "#OTUID",
        "#OTU ID",
        "sample_name",
    ] {
        let md = load(&format!("{header}\tx\nS1\t1\n"));
        assert_eq!(md.id_header(), header);
    }
}

#[test]
fn unrecognized_id_header_is_refused() {
    let err = fail("# comment\nname\tx\nS1\t1\n");
    assert_eq!(
        err,
        MetadataError::UnrecognizedIdHeader {
            file: f(),
            line: 2,
            found: "name".into()
        }
    );
    let text = err.to_string();
    assert!(
        text.contains("sample-id") && text.contains("#OTU ID") && text.contains("tab-separated"),
        "{text}"
    );
    assert!(text.contains("https://docs.qiime2.org"), "{text}");
    // A comma-separated file fails the same way.
    assert_eq!(
        fail("id,x\nS1,1\n"),
        MetadataError::UnrecognizedIdHeader {
            file: f(),
            line: 1,
            found: "id,x".into()
        }
    );
}

#[test]
fn directive_before_header_is_refused() {
    assert_eq!(
        fail("#q2:types\tnumeric\nid\tx\n"),
        MetadataError::DirectiveBeforeHeader {
            file: f(),
            line: 1,
            directive: "#q2:types".into()
        }
    );
}

#[test]
fn missing_header_is_refused() {
    assert_eq!(fail(""), MetadataError::NoHeader { file: f() });
    assert_eq!(
        fail("# only\n\n# comments\n"),
        MetadataError::NoHeader { file: f() }
    );
}

#[test]
fn trailing_empty_header_cells_are_trimmed() {
    let md = load("id\tx\t\t\nS1\t1\t\t\nS2\t2\n");
    assert_eq!(md.column_names(), ["x"]);
    assert_eq!(md.ids(), ["S1", "S2"]);
}

#[test]
fn unnamed_column_is_refused() {
    assert_eq!(
        fail("id\tx\t\ty\nS1\t1\t2\t3\n"),
        MetadataError::EmptyColumnName {
            file: f(),
            line: 1,
            column_number: 3
        }
    );
}

#[test]
fn duplicate_column_names_are_refused() {
    assert_eq!(
        fail("\nid\ty\tx\ty\tx\tz\n"),
        MetadataError::DuplicateColumnNames {
            file: f(),
            line: 2,
            names: strings(&["x", "y"])
        }
    );
}

#[test]
fn reserved_column_name_is_refused() {
    assert_eq!(
        fail("id\tx\tSample-ID\nS1\t1\t2\n"),
        MetadataError::ReservedColumnName {
            file: f(),
            line: 1,
            column_number: 3,
            name: "Sample-ID".into()
        }
    );
}

#[test]
fn types_directive_sets_column_types_case_insensitively() {
    let md = load("id\ta\tb\tc\n#q2:types\tCategorical\tNUMERIC\t\nS1\t1\t2\t3\nS2\t1.0\t\t4\n");
    assert_eq!(
        md.column("a").unwrap().kind(),
        &categorical(&[Some("1"), Some("1.0")])
    );
    assert_eq!(
        md.column("b").unwrap().kind(),
        &ColumnKind::Numeric(vec![Some(2.0), None])
    );
    assert_eq!(md.column("c").unwrap().column_type(), ColumnType::Numeric);
}

#[test]
fn directive_is_recognised_by_its_first_token() {
    let md = load("id\ta\n#q2:types extra words\tcategorical\nS1\t1\n");
    assert_eq!(
        md.column("a").unwrap().column_type(),
        ColumnType::Categorical
    );
}

#[test]
fn missing_directive_sets_schemes_and_short_directives_are_padded() {
    let md = load("id\ta\tb\tc\n#q2:missing\tno-missing\tINSDC:missing\nS1\t1\t2\t3\n");
    let schemes: Vec<MissingScheme> = md
        .columns()
        .iter()
        .map(MetadataColumn::missing_scheme)
        .collect();
    assert_eq!(
        schemes,
        [
            MissingScheme::NoMissing,
            MissingScheme::InsdcMissing,
            MissingScheme::Blank
        ]
    );
}

#[test]
fn directives_may_come_in_either_order() {
    let md =
        load("id\ta\n#q2:missing\tINSDC:missing\n#q2:types\tcategorical\nS1\tmissing\nS2\t1\n");
    assert_eq!(
        md.column("a").unwrap().kind(),
        &categorical(&[None, Some("1")])
    );
}

#[test]
fn unknown_directive_is_refused() {
    assert_eq!(
        fail("id\ta\n#q2:units\tcm\nS1\t1\n"),
        MetadataError::UnknownDirective {
            file: f(),
            line: 2,
            directive: "#q2:units".into()
        }
    );
}

#[test]
fn duplicate_directive_is_refused() {
    assert_eq!(
        fail("id\ta\n#q2:types\tnumeric\n#q2:missing\tblank\n#q2:types\tnumeric\nS1\t1\n"),
        MetadataError::DuplicateDirective {
            file: f(),
            line: 4,
            directive: "#q2:types".into()
        }
    );
    assert_eq!(
        fail("id\ta\n#q2:missing\tblank\n#q2:missing x\tblank\nS1\t1\n"),
        MetadataError::DuplicateDirective {
            file: f(),
            line: 3,
            directive: "#q2:missing x".into()
        }
    );
}

#[test]
fn unknown_column_type_is_refused() {
    let err = fail("id\ta\tb\n#q2:types\tnumeric\ttext\nS1\t1\t2\n");
    assert_eq!(
        err,
        MetadataError::UnknownColumnType {
            file: f(),
            line: 2,
            column: "b".into(),
            value: "text".into()
        }
    );
    assert!(
        err.to_string()
            .starts_with("t.tsv, line 2, column 'b': unknown column type 'text'"),
        "{err}"
    );
}

#[test]
fn unknown_missing_scheme_is_refused() {
    assert_eq!(
        fail("id\ta\tb\n#q2:types\tnumeric\n#q2:missing\t\tinsdc:missing\nS1\t1\t2\n"),
        MetadataError::UnknownMissingScheme {
            file: f(),
            line: 3,
            column: "b".into(),
            value: "insdc:missing".into()
        }
    );
}

#[test]
fn directive_after_the_directives_section_is_refused() {
    assert_eq!(
        fail("id\ta\nS1\t1\n#q2:types\tnumeric\n"),
        MetadataError::DirectiveOutsideHeader {
            file: f(),
            line: 3,
            directive: "#q2:types".into()
        }
    );
    // A blank or comment row ends the directives section.
    assert_eq!(
        fail("id\ta\n\n#q2:types\tnumeric\nS1\t1\n"),
        MetadataError::DirectiveOutsideHeader {
            file: f(),
            line: 3,
            directive: "#q2:types".into()
        }
    );
    assert_eq!(
        fail("id\ta\n# note\n#q2:missing\tblank\nS1\t1\n"),
        MetadataError::DirectiveOutsideHeader {
            file: f(),
            line: 3,
            directive: "#q2:missing".into()
        }
    );
}

mod data_rows;
