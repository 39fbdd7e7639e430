//! Tests of the data rows: values, numbers, missing values and ids.

use super::*;

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
