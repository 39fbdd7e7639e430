//! Tests of the TSV reader: one per format rule and per error.

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

#[test]
fn blank_and_comment_data_rows_are_skipped() {
    let md = load("id\ta\n#q2:types\tcategorical\nS1\tx\n\n# S9\ty\n\t\t\nS2\tz\n# end\n");
    assert_eq!(md.ids(), ["S1", "S2"]);
    assert_eq!(
        md.column("a").unwrap().kind(),
        &categorical(&[Some("x"), Some("z")])
    );
}

#[test]
fn data_row_named_like_an_id_header_is_refused() {
    assert_eq!(
        fail("id\ta\nS1\t1\n#SampleID\t2\n"),
        MetadataError::ReservedId {
            file: f(),
            line: 3,
            id: "#SampleID".into()
        }
    );
    assert_eq!(
        fail("id\ta\nS1\t1\nFeature ID\t2\n"),
        MetadataError::ReservedId {
            file: f(),
            line: 3,
            id: "Feature ID".into()
        }
    );
}

#[test]
fn short_rows_are_padded_with_missing_values() {
    let md = load("id\ta\tb\nS1\tx\nS2\nS3\ty\t3\n");
    assert_eq!(md.ids(), ["S1", "S2", "S3"]);
    assert_eq!(
        md.column("a").unwrap().kind(),
        &categorical(&[Some("x"), None, Some("y")])
    );
    assert_eq!(
        md.column("b").unwrap().kind(),
        &ColumnKind::Numeric(vec![None, None, Some(3.0)])
    );
}

#[test]
fn long_rows_are_allowed_only_with_empty_extra_cells() {
    let md = load("id\ta\nS1\t1\t\t \nS2\t2\n");
    assert_eq!(md.ids(), ["S1", "S2"]);
    assert_eq!(
        fail("id\ta\nS1\t1\nS2\t2\t\tx\n"),
        MetadataError::TooManyCells {
            file: f(),
            line: 3,
            cells: 4,
            expected: 2
        }
    );
    assert_eq!(
        fail("id\ta\n#q2:types\tnumeric\tnumeric\nS1\t1\n"),
        MetadataError::TooManyCells {
            file: f(),
            line: 2,
            cells: 3,
            expected: 2
        }
    );
}

#[test]
fn untyped_columns_are_numeric_only_when_every_value_is_a_number() {
    let md = load("id\tn\tc\nS1\t1e3\t1\nS2\t-.5\tx\nS3\t\t2\n");
    assert_eq!(
        md.column("n").unwrap().kind(),
        &ColumnKind::Numeric(vec![Some(1000.0), Some(-0.5), None])
    );
    assert_eq!(
        md.column("c").unwrap().kind(),
        &categorical(&[Some("1"), Some("x"), Some("2")])
    );
}

#[test]
fn words_separators_and_hex_are_not_numbers() {
    for cell in ["inf", "-inf", "nan", "NaN", "1,000", "0x1A", "Infinity"] {
        let md = load(&format!("id\ta\nS1\t1\nS2\t{cell}\n"));
        assert_eq!(
            md.column("a").unwrap().kind(),
            &categorical(&[Some("1"), Some(cell)]),
            "{cell}"
        );
    }
}

#[test]
fn declared_numeric_column_with_text_is_refused() {
    let err = fail("id\tssu length\n#q2:types\tnumeric\nS1\t1\nS2\tabc\nS3\t\nS4\tinf\nS5\tabc\n");
    assert_eq!(
        err,
        MetadataError::NotNumeric {
            file: f(),
            line: 4,
            column: "ssu length".into(),
            values: strings(&["abc", "inf"])
        }
    );
    assert!(
        err.to_string()
            .starts_with("t.tsv, line 4, column 'ssu length': cannot interpret 'abc', 'inf' as numeric (column declared numeric by #q2:types)"),
        "{err}"
    );
}

#[test]
fn example_message_from_the_brief() {
    let err = Metadata::from_tsv_str(
        "id\tssu length\n#q2:types\tnumeric\nA\t1\n\nB\tabc\n",
        "reference-metadata.tsv",
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "reference-metadata.tsv, line 5, column 'ssu length': cannot interpret 'abc' as numeric \
             (column declared numeric by #q2:types). Hint:"
        ),
        "{err}"
    );
}

#[test]
fn infinite_numbers_are_refused() {
    assert_eq!(
        fail("id\ta\nS1\t1\nS2\t-1e400\n"),
        MetadataError::Infinite {
            file: f(),
            line: 3,
            column: "a".into(),
            value: "-1e400".into()
        }
    );
    assert_eq!(
        fail("id\ta\n#q2:types\tnumeric\nS1\t1e309\n"),
        MetadataError::Infinite {
            file: f(),
            line: 3,
            column: "a".into(),
            value: "1e309".into()
        }
    );
}

#[test]
fn empty_columns_are_numeric_unless_declared_categorical() {
    let md = load("id\ta\tb\n#q2:types\t\tcategorical\nS1\nS2\t\t\n");
    assert_eq!(
        md.column("a").unwrap().kind(),
        &ColumnKind::Numeric(vec![None, None])
    );
    assert_eq!(md.column("b").unwrap().kind(), &categorical(&[None, None]));
}

#[test]
fn insdc_terms_become_missing_values_that_remember_their_term() {
    let md = load(
        "id\tn\tc\tall\n#q2:missing\tINSDC:missing\tINSDC:missing\tINSDC:missing\n\
         S1\t1\tgut\tnot applicable\nS2\tnot collected\trestricted access\tmissing\nS3\t\tMissing\t\n",
    );
    let n = md.column("n").unwrap();
    assert_eq!(n.kind(), &ColumnKind::Numeric(vec![Some(1.0), None, None]));
    assert_eq!(
        (n.missing_term(1), n.missing_term(2)),
        (Some("not collected"), None)
    );
    let c = md.column("c").unwrap();
    assert_eq!(
        c.kind(),
        &categorical(&[Some("gut"), None, Some("Missing")])
    );
    assert_eq!(c.missing_term(1), Some("restricted access"));
    assert_eq!(
        md.column("all").unwrap().kind(),
        &ColumnKind::Numeric(vec![None, None, None])
    );
}

#[test]
fn insdc_terms_are_ordinary_values_under_other_schemes() {
    let md = load("id\ta\tb\n#q2:missing\tblank\tno-missing\nS1\tmissing\tnot provided\n");
    assert_eq!(
        md.column("a").unwrap().kind(),
        &categorical(&[Some("missing")])
    );
    assert_eq!(
        md.column("b").unwrap().kind(),
        &categorical(&[Some("not provided")])
    );
    assert_eq!(md.column("a").unwrap().missing_term(0), None);
}

#[test]
fn no_missing_scheme_refuses_empty_cells() {
    assert_eq!(
        fail("id\ta\tb\n#q2:missing\t\tno-missing\nS1\t\t1\nS2\t2\t\nS3\t3\t\n"),
        MetadataError::MissingNotAllowed {
            file: f(),
            line: 4,
            column: "b".into()
        }
    );
}

#[test]
fn metadata_without_ids_is_refused() {
    assert_eq!(
        fail("# c\nid\ta\n#q2:types\tnumeric\n\n"),
        MetadataError::NoIds { file: f(), line: 2 }
    );
}

#[test]
fn empty_id_is_refused() {
    assert_eq!(
        fail("id\ta\nS1\t1\n\t2\n"),
        MetadataError::EmptyId { file: f(), line: 3 }
    );
    assert_eq!(
        fail("id\ta\nS1\t1\n\"\"\t2\n"),
        MetadataError::EmptyId { file: f(), line: 3 }
    );
}

#[test]
fn duplicate_ids_are_refused() {
    assert_eq!(
        fail("id\ta\nS2\t1\nS1\t1\nS2\t2\nS1\t3\nS2\t4\n"),
        MetadataError::DuplicateIds {
            file: f(),
            line: 4,
            ids: strings(&["S1", "S2"])
        }
    );
}

#[test]
fn quoted_cells_may_hold_tabs_quotes_and_newlines() {
    let md = load("id\t\"a b\"\n\"S\t1\"\t\"x \"\"y\"\"\nz\"\nS2\tw\n");
    assert_eq!(md.ids(), ["S\t1", "S2"]);
    assert_eq!(
        md.column("a b").unwrap().kind(),
        &categorical(&[Some("x \"y\"\nz"), Some("w")])
    );
    // Line numbers after a multi-line cell stay right.
    assert_eq!(
        fail("id\ta\nS1\t\"x\ny\"\nS2\t1\t2\n"),
        MetadataError::TooManyCells {
            file: f(),
            line: 4,
            cells: 3,
            expected: 2
        }
    );
}

#[test]
fn crlf_line_endings_are_read() {
    let md = load("id\ta\r\n#q2:types\tnumeric\r\nS1\t1\r\n\r\nS2\t2\r\n");
    assert_eq!(md.ids(), ["S1", "S2"]);
    assert_eq!(
        fail("id\ta\r\n\r\nS1\t1\r\nS1\t2\r\n"),
        MetadataError::DuplicateIds {
            file: f(),
            line: 4,
            ids: strings(&["S1"])
        }
    );
}

#[test]
fn metadata_may_have_ids_and_no_columns() {
    let md = load("sample-id\nS1\nS2\t\t\n");
    assert_eq!(md.ids(), ["S1", "S2"]);
    assert!(md.columns().is_empty());
    assert_eq!(md.to_tsv_string(), "sample-id\r\n#q2:types\r\nS1\r\nS2\r\n");
}
