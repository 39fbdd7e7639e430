//! Tests of the type expression parser.

use super::*;
use crate::types::number::Number;
use crate::types::predicate::Range;
use crate::types::value::PrimitiveValue;

fn parse(s: &str) -> TypeExpr {
    s.parse()
        .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn err(s: &str) -> (usize, String) {
    let e = TypeExpr::parse(s).expect_err(s);
    assert_eq!(e.expression, s);
    (e.column, e.expected)
}

#[test]
fn canonical_expressions_round_trip() {
    let canonical = [
        "FeatureData[Sequence]",
        "SampleData[PairedEndSequencesWithQuality]",
        "FeatureData[Sequence | AlignedSequence]",
        "FeatureTable[Frequency]",
        "Foo[A, B]",
        "Foo[Bar[Baz], Qux[A | B, C]]",
        "SingleDNASequence",
        "SingleDNASequence | FeatureData[Sequence]",
        "A | B | C",
        "Int",
        "Float",
        "Str",
        "Bool",
        "Metadata",
        "MetadataColumn[Categorical]",
        "MetadataColumn[Numeric]",
        "MetadataColumn[Numeric | Categorical]",
        "Visualization",
        "List[Int]",
        "Set[Str]",
        "Collection[FeatureData[Sequence]]",
        "List[FeatureData[Sequence | AlignedSequence]]",
        "Collection[Int % Range(1, None)]",
        "Int % Range(0, None)",
        "Int % Range(1, None)",
        "Int % Range(None, 5)",
        "Int % Range(None, None)",
        "Float % Range(None, 0, inclusive_end=True)",
        "Float % Range(0, None, inclusive_start=False)",
        "Float % Range(0.5, 1.0)",
        "Float % Range(0, 1, inclusive_start=False, inclusive_end=True)",
        "Float % Range(-1.5, 1e-05)",
        "Str % Choices('a', 'b')",
        "Str % Choices('single')",
        "Str % Choices(\"it's\", 'x')",
        "Int % Choices(1, 2, 3)",
        "Float % Choices(0.5, 1)",
        "Bool % Choices(True)",
        "Int % Range(0, 10) | Str % Choices('auto')",
        "FeatureTable[Frequency % Properties('normalized')]",
        "FeatureTable[Frequency] % Properties('a', 'b')",
        "Visualization | FeatureData[Sequence]",
    ];
    for s in canonical {
        let t = parse(s);
        assert_eq!(t.to_string(), s);
        assert_eq!(parse(&t.to_string()), t);
    }
}

#[test]
fn whitespace_and_spelling_variants_print_canonically() {
    let cases = [
        ("  FeatureData [ Sequence ]  ", "FeatureData[Sequence]"),
        ("A|B|C", "A | B | C"),
        ("Foo[A,B]", "Foo[A, B]"),
        ("Int%Range(0,None)", "Int % Range(0, None)"),
        ("Int % Range(5)", "Int % Range(None, 5)"),
        ("Int % Range()", "Int % Range(None, None)"),
        ("Int % Range(0, 5,)", "Int % Range(0, 5)"),
        (
            "Float % Range(2, 2, inclusive_end=True)",
            "Float % Range(2, 2, inclusive_end=True)",
        ),
        (
            "Float % Range( None , 0 , inclusive_end = True )",
            "Float % Range(None, 0, inclusive_end=True)",
        ),
        (
            "Float % Range(0, None, inclusive_start=True, inclusive_end=False)",
            "Float % Range(0, None)",
        ),
        (
            "Float % Range(0, 1, inclusive_end=True, inclusive_start=False)",
            "Float % Range(0, 1, inclusive_start=False, inclusive_end=True)",
        ),
        ("Float % Range(.5, 1.)", "Float % Range(0.5, 1.0)"),
        ("Float % Range(1e3, 2E20)", "Float % Range(1000.0, 2e+20)"),
        ("Str % Choices(\"a\", \"b\")", "Str % Choices('a', 'b')"),
        ("Str % Choices(['a', 'b'])", "Str % Choices('a', 'b')"),
        ("Str % Choices('a', 'b',)", "Str % Choices('a', 'b')"),
        ("MetadataColumn[Numeric|Numeric]", "MetadataColumn[Numeric]"),
        ("\tList[ Int ]\n", "List[Int]"),
    ];
    for (input, want) in cases {
        assert_eq!(parse(input).to_string(), want, "from {input:?}");
    }
}

#[test]
fn parsed_structure() {
    assert_eq!(
        parse("FeatureData[Sequence | AlignedSequence]"),
        TypeExpr::semantic(
            "FeatureData",
            vec![TypeExpr::union([
                TypeExpr::semantic("Sequence", vec![]),
                TypeExpr::semantic("AlignedSequence", vec![]),
            ])]
        )
    );
    assert_eq!(
        parse("Float % Range(0, None, inclusive_start=False)"),
        TypeExpr::Primitive {
            kind: PrimitiveKind::Float,
            predicate: Some(Predicate::Range(Range {
                start: Some(Number::Int(0)),
                end: None,
                inclusive_start: false,
                inclusive_end: false,
            })),
        }
    );
    assert_eq!(
        parse("Set[MetadataColumn[Categorical]]"),
        TypeExpr::Collection {
            kind: CollectionKind::Set,
            element: Box::new(TypeExpr::MetadataColumn(vec![ColumnType::Categorical])),
        }
    );
    assert_eq!(
        parse("Str % Choices('a\\'b')").predicate(),
        Some(&Predicate::Choices(vec![PrimitiveValue::Str("a'b".into())]))
    );
}

#[test]
fn errors_name_column_and_expectation() {
    let type_name = "a type name (starting with a capital letter)";
    let cases: &[(&str, usize, &str)] = &[
        // empty
        ("", 1, "a type expression"),
        ("   ", 4, "a type expression"),
        // unbalanced brackets
        ("FeatureData[Sequence", 21, "']'"),
        (
            "FeatureData[Sequence]]",
            22,
            "'|' or the end of the expression",
        ),
        ("FeatureData[]", 13, type_name),
        ("FeatureData[Sequence,]", 22, type_name),
        ("List[Int", 9, "']' (List takes exactly one field)"),
        ("List[Int, Str]", 9, "']' (List takes exactly one field)"),
        ("List", 5, "'[' after List (it needs an element type)"),
        (
            "Collection Int",
            12,
            "'[' after Collection (it needs an element type)",
        ),
        ("]", 1, type_name),
        // trailing text
        ("Int Float", 5, "'|' or the end of the expression"),
        (
            "FeatureData[Sequence] extra",
            23,
            "'|' or the end of the expression",
        ),
        (
            "Int % Range(0, 5) % Range(1, 2)",
            19,
            "'|' or the end of the expression",
        ),
        ("A |", 4, type_name),
        ("| A", 1, type_name),
        // lowercase and other garbage
        ("featuredata[sequence]", 1, type_name),
        ("FeatureData[sequence]", 13, type_name),
        ("42", 1, type_name),
        ("'Int'", 1, type_name),
        ("Range(0, 1)", 1, "a type name, not the keyword Range"),
        ("Foo[None]", 5, "a type name, not the keyword None"),
        ("A | True", 5, "a type name, not the keyword True"),
        (
            "Int & Str",
            5,
            "a type name, a bracket, ',', '|' or '%', found '&'",
        ),
        // fields where none are allowed
        ("Int[Foo]", 4, "no fields after Int (it takes none)"),
        (
            "Visualization[X]",
            14,
            "no fields after Visualization (it takes none)",
        ),
        ("Metadata[X]", 9, "no fields after Metadata (it takes none)"),
        ("MetadataColumn", 15, "'[' after MetadataColumn"),
        ("MetadataColumn[Text]", 16, "Categorical or Numeric"),
        ("MetadataColumn[Numeric", 23, "']'"),
        // predicate where none is allowed
        (
            "Metadata % Range(0, 1)",
            10,
            "no predicate after Metadata (it cannot take one)",
        ),
        (
            "Visualization % Properties('x')",
            15,
            "no predicate after Visualization (it cannot take one)",
        ),
        (
            "List[Int] % Range(0, 1)",
            11,
            "no predicate after List (it cannot take one)",
        ),
        (
            "MetadataColumn[Numeric] % Range(0, 1)",
            25,
            "no predicate after MetadataColumn (it cannot take one)",
        ),
        // bad predicate
        ("Int %", 6, "a predicate: Range or Choices"),
        ("Int % range(0, 1)", 7, "a predicate: Range or Choices"),
        ("Int % Between(0, 1)", 7, "a predicate: Range or Choices"),
        (
            "Str % Range(0, 1)",
            7,
            "Choices (not Range) as a predicate here",
        ),
        (
            "Bool % Range(0, 1)",
            8,
            "Choices (not Range) as a predicate here",
        ),
        (
            "Int % Properties('x')",
            7,
            "Range or Choices (not Properties) as a predicate here",
        ),
        (
            "FeatureData[Sequence] % Range(0, 1)",
            25,
            "Properties (not Range) as a predicate here",
        ),
        ("Int % Range", 12, "'(' after Range"),
        ("Int % Range 0, 1)", 13, "'(' after Range"),
        // bad Range arguments
        ("Int % Range(,)", 13, "a number or None as a Range bound"),
        (
            "Int % Range(0.5, 2)",
            13,
            "an integer or None as a bound of an Int Range",
        ),
        (
            "Int % Range(0, 2.0)",
            16,
            "an integer or None as a bound of an Int Range",
        ),
        ("Int % Range(a, 5)", 13, "a number or None as a Range bound"),
        (
            "Int % Range('0', 5)",
            13,
            "a number or None as a Range bound",
        ),
        (
            "Int % Range(0, 5, 10)",
            19,
            "')' (Range takes at most two bounds)",
        ),
        ("Int % Range(0 5)", 15, "',' or ')'"),
        ("Int % Range(0, 5", 17, "',' or ')'"),
        (
            "Int % Range(0, 5, inclusive=True)",
            19,
            "inclusive_start or inclusive_end",
        ),
        (
            "Int % Range(0, 5, inclusive_end=yes)",
            33,
            "True or False for inclusive_end",
        ),
        (
            "Int % Range(0, 5, inclusive_end=1)",
            33,
            "True or False for inclusive_end",
        ),
        (
            "Int % Range(0, 5, inclusive_end=True, inclusive_end=False)",
            39,
            "inclusive_end only once",
        ),
        (
            "Int % Range(inclusive_end=True, 0, 5)",
            33,
            "inclusive_start=, inclusive_end= or ')'",
        ),
        (
            "Int % Range(5, 0)",
            7,
            "a Range whose start (5) is not above its end (0)",
        ),
        (
            "Float % Range(1.5, -1)",
            9,
            "a Range whose start (1.5) is not above its end (-1)",
        ),
        // bad Choices / Properties arguments
        ("Str % Choices()", 15, "a quoted string as a choice for Str"),
        (
            "Str % Choices(a, b)",
            15,
            "a quoted string as a choice for Str",
        ),
        ("Str % Choices('a' 'b')", 19, "',' or ')'"),
        ("Str % Choices(['a', 'b')", 24, "',' or ']'"),
        ("Str % Choices(['a'] 'b')", 21, "')'"),
        (
            "Int % Choices(1, 2.5)",
            18,
            "an integer as a choice for Int",
        ),
        ("Int % Choices('1')", 15, "an integer as a choice for Int"),
        (
            "Str % Choices('a', 'b', 'a')",
            25,
            "choices without duplicates ('a' repeats)",
        ),
        (
            "Float % Choices(1, 1.0)",
            20,
            "choices without duplicates (1.0 repeats)",
        ),
        (
            "Bool % Choices(True, False)",
            8,
            "a narrower Bool predicate (omit Choices(True, False): it allows everything)",
        ),
        (
            "Float % Choices(True)",
            17,
            "a number as a choice for Float",
        ),
        (
            "Bool % Choices(1)",
            16,
            "True or False as a choice for Bool",
        ),
        (
            "FeatureTable[Frequency % Properties()]",
            37,
            "a quoted property name",
        ),
        (
            "FeatureTable[Frequency % Properties(x)]",
            37,
            "a quoted property name",
        ),
        // unterminated strings
        ("Str % Choices('a', 'b)", 20, "a closing ' for this string"),
        ("Str % Choices(\"a)", 15, "a closing \" for this string"),
    ];
    for (input, column, expected) in cases {
        assert_eq!(
            err(input),
            (*column, (*expected).to_owned()),
            "for {input:?}"
        );
    }
}

#[test]
fn nesting_is_bounded() {
    let nested = |n: usize| format!("{}X{}", "A[".repeat(n), "]".repeat(n));
    assert_eq!(parse(&nested(31)).to_string(), nested(31));
    assert_eq!(
        err(&nested(32)),
        (65, "at most 32 levels of nested fields".to_owned())
    );
    assert_eq!(err(&nested(100_000)).0, 65);
}

#[test]
fn error_display_points_at_the_column() {
    let e = TypeExpr::parse("Foo[A, b]").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid type expression at column 8: expected a type name (starting with a capital \
         letter)\n  Foo[A, b]\n         ^"
    );
}
