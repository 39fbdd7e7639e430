//! The single error type of the metadata module.

use thiserror::Error;

/// Sentence appended to file-format errors, pointing at the metadata documentation.
const HINT: &str = "Hint: the rules for QIIME 2 metadata files are described in the metadata \
tutorial at https://docs.qiime2.org (Keemei, https://keemei.qiime2.org, can check a whole file).";

/// Quote each value and join them with commas, for error messages.
fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Everything that can go wrong while reading, writing, selecting or merging metadata.
///
/// `file` is the source name (usually the file name), `line` a 1-based line number and
/// `column_number` a 1-based cell position in the row (the ID column is number 1).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MetadataError {
    /// The file could not be read or written.
    #[error("{file}: cannot access the metadata file: {message}")]
    Io {
        /// Source name.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// A `MetadataColumn` parameter's file holds other than one column.
    #[error("{file}: a metadata column parameter holds one column, but the file has {found}")]
    NotOneColumn {
        /// Source name.
        file: String,
        /// How many columns it has.
        found: usize,
    },
    /// The file looks like UTF-16 (byte order mark or NUL bytes).
    #[error(
        "{file}, line {line}: the metadata file is encoded as UTF-16, but UTF-8 (or ASCII) is \
         expected; if it comes from a spreadsheet program, save it as plain text \
         (tab-separated, UTF-8) instead of 'UTF-16 Unicode text'. {}",
        HINT
    )]
    Utf16 {
        /// Source name.
        file: String,
        /// Line of the first offending byte (1 for a byte order mark).
        line: usize,
    },
    /// The file holds NUL bytes but is not UTF-16: binary data, not text.
    #[error(
        "{file}: not a text file (a NUL byte at byte offset {offset}); expected tab-separated \
         UTF-8 text. {}",
        HINT
    )]
    Binary {
        /// Source name.
        file: String,
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// The file is not valid UTF-8.
    #[error(
        "{file}, line {line}: the metadata file is not valid UTF-8 text (byte offset {offset}); \
         save it as UTF-8 or ASCII plain text. {}",
        HINT
    )]
    NotUtf8 {
        /// Source name.
        file: String,
        /// Line holding the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte in the file.
        offset: usize,
    },
    /// A `#q2:` directive came before the header row.
    #[error(
        "{file}, line {line}: found directive '{directive}' before the header; directives may \
         only follow the header row directly. {}",
        HINT
    )]
    DirectiveBeforeHeader {
        /// Source name.
        file: String,
        /// Line of the directive.
        line: usize,
        /// The directive's first cell.
        directive: String,
    },
    /// The first non-comment, non-blank row does not start with an ID column name.
    #[error(
        "{file}, line {line}: expected the header row, whose first cell names the ID column, but \
         found '{found}'. Allowed ID column names: {} (case-insensitive), {} (exact case). \
         Metadata files must be tab-separated (TSV). {}",
        super::id_header::CASE_INSENSITIVE.join(", "),
        super::id_header::EXACT_CASE.join(", "),
        HINT
    )]
    UnrecognizedIdHeader {
        /// Source name.
        file: String,
        /// Line of the offending row.
        line: usize,
        /// The first cell of that row.
        found: String,
    },
    /// The file has no header row at all.
    #[error(
        "{file}: no header row found; the file is empty or holds only comments and blank rows. {}",
        HINT
    )]
    NoHeader {
        /// Source name.
        file: String,
    },
    /// A header cell is empty (between named columns).
    #[error(
        "{file}, line {line}, column {column_number}: the header has a column without a name; \
         every column must be named. {}",
        HINT
    )]
    EmptyColumnName {
        /// Source name.
        file: String,
        /// Line of the header.
        line: usize,
        /// Position of the unnamed column.
        column_number: usize,
    },
    /// Some column names occur more than once in the header.
    #[error(
        "{file}, line {line}: column names must be unique, but these occur more than once: {}. {}",
        quoted(.names),
        HINT
    )]
    DuplicateColumnNames {
        /// Source name.
        file: String,
        /// Line of the header.
        line: usize,
        /// The repeated names, sorted.
        names: Vec<String>,
    },
    /// A column is named like an ID column header.
    #[error(
        "{file}, line {line}, column {column_number}: column name '{name}' is reserved for the \
         ID column header and cannot name a metadata column. {}",
        HINT
    )]
    ReservedColumnName {
        /// Source name.
        file: String,
        /// Line of the header.
        line: usize,
        /// Position of the column.
        column_number: usize,
        /// The reserved name.
        name: String,
    },
    /// A `#q2:` directive other than `#q2:types` and `#q2:missing`.
    #[error(
        "{file}, line {line}: unknown directive '{directive}'; only #q2:types and #q2:missing are \
         supported. {}",
        HINT
    )]
    UnknownDirective {
        /// Source name.
        file: String,
        /// Line of the directive.
        line: usize,
        /// The directive's first cell.
        directive: String,
    },
    /// The same directive given twice.
    #[error(
        "{file}, line {line}: directive '{directive}' appears a second time; each directive may \
         be given only once. {}",
        HINT
    )]
    DuplicateDirective {
        /// Source name.
        file: String,
        /// Line of the second occurrence.
        line: usize,
        /// The directive's first cell.
        directive: String,
    },
    /// A `#q2:types` cell that is neither `categorical` nor `numeric`.
    #[error(
        "{file}, line {line}, column '{column}': unknown column type '{value}' in #q2:types; \
         expected 'categorical' or 'numeric' (case-insensitive). {}",
        HINT
    )]
    UnknownColumnType {
        /// Source name.
        file: String,
        /// Line of the directive.
        line: usize,
        /// Column name.
        column: String,
        /// The cell's text.
        value: String,
    },
    /// A `#q2:missing` cell that names no known missing-value scheme.
    #[error(
        "{file}, line {line}, column '{column}': unknown missing value scheme '{value}' in \
         #q2:missing; expected 'blank', 'no-missing' or 'INSDC:missing' (case-sensitive). {}",
        HINT
    )]
    UnknownMissingScheme {
        /// Source name.
        file: String,
        /// Line of the directive.
        line: usize,
        /// Column name.
        column: String,
        /// The cell's text.
        value: String,
    },
    /// A directive among the data rows.
    #[error(
        "{file}, line {line}: found directive '{directive}' among the data rows; directives may \
         only follow the header row directly. {}",
        HINT
    )]
    DirectiveOutsideHeader {
        /// Source name.
        file: String,
        /// Line of the directive.
        line: usize,
        /// The directive's first cell.
        directive: String,
    },
    /// A data row whose ID is a reserved ID column header.
    #[error(
        "{file}, line {line}: ID '{id}' is reserved for the ID column header and cannot be used \
         as an ID. {}",
        HINT
    )]
    ReservedId {
        /// Source name.
        file: String,
        /// Line of the row.
        line: usize,
        /// The offending ID.
        id: String,
    },
    /// A row has non-empty cells beyond the header's columns.
    #[error(
        "{file}, line {line}: the row has {cells} cells but the header declares only {expected}; \
         cells past the last named column must be empty. {}",
        HINT
    )]
    TooManyCells {
        /// Source name.
        file: String,
        /// Line of the row.
        line: usize,
        /// Number of cells in the row.
        cells: usize,
        /// Number of cells in the header.
        expected: usize,
    },
    /// A data row has an empty ID cell.
    #[error(
        "{file}, line {line}: the row has an empty ID; every ID must have at least one character. \
         {}",
        HINT
    )]
    EmptyId {
        /// Source name.
        file: String,
        /// Line of the row.
        line: usize,
    },
    /// Some IDs occur more than once.
    #[error(
        "{file}, line {line}: IDs must be unique, but these occur more than once: {}. {}",
        quoted(.ids),
        HINT
    )]
    DuplicateIds {
        /// Source name.
        file: String,
        /// Line of the first repeated occurrence.
        line: usize,
        /// The repeated IDs, sorted.
        ids: Vec<String>,
    },
    /// The file has a header but no data rows.
    #[error(
        "{file}, line {line}: the metadata holds no IDs; at least one is required. {}",
        HINT
    )]
    NoIds {
        /// Source name.
        file: String,
        /// Line of the header.
        line: usize,
    },
    /// A column declared numeric holds values that are not numbers.
    #[error(
        "{file}, line {line}, column '{column}': cannot interpret {} as numeric (column declared \
         numeric by #q2:types). {}",
        quoted(.values),
        HINT
    )]
    NotNumeric {
        /// Source name.
        file: String,
        /// Line of the first offending value.
        line: usize,
        /// Column name.
        column: String,
        /// Offending values, unique and sorted.
        values: Vec<String>,
    },
    /// A numeric value is positive or negative infinity.
    #[error(
        "{file}, line {line}, column '{column}': value '{value}' is infinite; numeric metadata \
         must be finite. {}",
        HINT
    )]
    Infinite {
        /// Source name.
        file: String,
        /// Line of the value.
        line: usize,
        /// Column name.
        column: String,
        /// The cell's text.
        value: String,
    },
    /// An empty cell in a column whose missing scheme is `no-missing`.
    #[error(
        "{file}, line {line}, column '{column}': empty value, but the column's missing value \
         scheme 'no-missing' allows none. {}",
        HINT
    )]
    MissingNotAllowed {
        /// Source name.
        file: String,
        /// Line of the first empty cell.
        line: usize,
        /// Column name.
        column: String,
    },
    /// A requested column does not exist.
    #[error("{file}: no column named '{column}'; available columns: {}", quoted(.available))]
    NoSuchColumn {
        /// Source name.
        file: String,
        /// The requested name.
        column: String,
        /// The metadata's column names, in order.
        available: Vec<String>,
    },
    /// IDs requested by a filter do not exist.
    #[error("{file}: these IDs are not in the metadata: {}", quoted(.ids))]
    NoSuchIds {
        /// Source name.
        file: String,
        /// The unknown IDs, sorted.
        ids: Vec<String>,
    },
    /// A filter kept no ID.
    #[error("{file}: filtering would leave no IDs; at least one must be kept")]
    NothingKept {
        /// Source name.
        file: String,
    },
    /// `merge` was given no metadata.
    #[error("cannot merge an empty list of metadata; give at least one")]
    NothingToMerge,
    /// Two merged metadata share a column name.
    #[error(
        "cannot merge metadata: column '{column}' occurs in both {first} and {second}; \
         column names must be unique across merged metadata"
    )]
    OverlappingColumn {
        /// Column name.
        column: String,
        /// Source name of the first metadata holding it.
        first: String,
        /// Source name of the other metadata holding it.
        second: String,
    },
    /// Merged metadata share no ID.
    #[error("cannot merge metadata: no ID occurs in all of {}", .sources.join(", "))]
    NoSharedIds {
        /// Source names of the merged metadata.
        sources: Vec<String>,
    },
}
