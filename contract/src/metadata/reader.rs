//! Parsing the metadata TSV format.

use std::collections::{BTreeSet, HashMap};
use std::iter::Peekable;

use super::id_header::is_id_header;
use super::typing::build_column;
use super::{ColumnType, Metadata, MetadataError, MissingScheme};

/// One row of the file: its 1-based line number and its whitespace-stripped cells.
struct Row {
    line: usize,
    cells: Vec<String>,
}

impl Row {
    fn first(&self) -> &str {
        self.cells.first().map_or("", String::as_str)
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }

    fn is_header(&self) -> bool {
        !self.cells.is_empty() && is_id_header(self.first())
    }

    fn is_directive(&self) -> bool {
        self.first().starts_with("#q2:")
    }

    fn is_comment(&self) -> bool {
        self.first().starts_with('#') && !self.is_directive() && !self.is_header()
    }
}

/// The two directives a metadata file may carry.
#[derive(Clone, Copy, PartialEq)]
enum Directive {
    Types,
    Missing,
}

impl Metadata {
    /// Parse metadata from raw file bytes: UTF-8 (a byte order mark is ignored); UTF-16 and
    /// other encodings are refused. `source` names the data in errors.
    pub fn from_tsv_bytes(bytes: &[u8], source: &str) -> Result<Metadata, MetadataError> {
        let file = source.to_string();
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(MetadataError::Utf16 { file, line: 1 });
        }
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(if looks_like_utf16(bytes) {
                MetadataError::Utf16 {
                    file,
                    line: line_at(bytes, offset),
                }
            } else {
                MetadataError::Binary { file, offset }
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| MetadataError::NotUtf8 {
            file,
            line: line_at(bytes, e.valid_up_to()),
            offset: e.valid_up_to(),
        })?;
        Metadata::from_tsv_str(text, source)
    }

    /// Parse metadata from TSV text; `source` (e.g. the file name) names the data in errors.
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::metadata::{ColumnType, Metadata};
    /// let md = Metadata::from_tsv_str("sample-id\tph\tsite\nS1\t7.1\tgut\nS2\t6.5\tskin\n", "md.tsv")?;
    /// assert_eq!(md.ids(), ["S1", "S2"]);
    /// assert_eq!(md.column("ph")?.column_type(), ColumnType::Numeric);
    /// assert_eq!(md.column("site")?.column_type(), ColumnType::Categorical);
    /// # Ok::<(), qiime2_plugin::metadata::MetadataError>(())
    /// ```
    pub fn from_tsv_str(text: &str, source: &str) -> Result<Metadata, MetadataError> {
        let file = source.to_string();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let rows = split_rows(text, &file)?;
        let mut rows = rows.into_iter().peekable();

        let header_row = find_header(&mut rows, &file)?;
        let header_line = header_row.line;
        let header = validate_header(header_row, &file)?;
        let width = header.len();

        let (types, schemes) = read_directives(&mut rows, &header, &file)?;

        let mut ids = Vec::new();
        let mut lines = Vec::new();
        let mut data: Vec<Vec<String>> = Vec::new();
        for row in rows {
            if row.is_comment() || row.is_blank() {
                continue;
            }
            if row.is_directive() {
                return Err(MetadataError::DirectiveOutsideHeader {
                    file,
                    line: row.line,
                    directive: row.first().to_string(),
                });
            }
            if row.is_header() {
                return Err(MetadataError::ReservedId {
                    file,
                    line: row.line,
                    id: row.first().to_string(),
                });
            }
            let (line, mut cells) = fit_to_header(row, width, &file)?;
            ids.push(std::mem::take(&mut cells[0]));
            lines.push(line);
            data.push(cells);
        }
        validate_ids(&ids, &lines, &file, header_line)?;

        let mut columns = Vec::with_capacity(width - 1);
        for (index, name) in header.iter().enumerate().skip(1) {
            let cells: Vec<(usize, &str)> = data
                .iter()
                .zip(&lines)
                .map(|(row, &line)| (line, row[index].as_str()))
                .collect();
            columns.push(build_column(
                name,
                &cells,
                types[index - 1],
                schemes[index - 1],
                &file,
            )?);
        }
        let mut header = header;
        Ok(Metadata::from_parts(
            file,
            header.swap_remove(0),
            ids,
            columns,
        ))
    }
}

/// Whether text with NUL bytes is UTF-16 without a byte order mark: in its first kilobytes, at
/// least a quarter of the bytes are NUL and nine in ten of those on one parity (the high bytes
/// of ASCII characters), as in UTF-16 text and in no binary file worth the name.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, _) in sample.iter().enumerate().filter(|(_, b)| **b == 0) {
        if i % 2 == 0 {
            even += 1;
        } else {
            odd += 1;
        }
    }
    let nuls = even + odd;
    nuls * 4 >= sample.len() && even.max(odd) * 10 >= nuls * 9
}

/// 1-based line number of byte `offset`.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Split the text into rows of stripped cells (tab-separated, double-quote quoting).
///
/// The csv crate drops empty lines and its line numbers count them inconsistently, so lines
/// are counted here from byte offsets, and a blank row stands in for each run of empty lines
/// (a blank row matters: it ends the directives section).
fn split_rows(text: &str, file: &str) -> Result<Vec<Row>, MetadataError> {
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quote(b'"')
        .double_quote(true)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut lines = LineCounter::default();
    let mut previous_end_line = 0;
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let read_from = reader.position().byte() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(rows),
            Ok(true) => {}
            Err(e) => {
                return Err(MetadataError::Io {
                    file: file.to_string(),
                    message: e.to_string(),
                });
            }
        }
        let start = read_from
            + bytes[read_from..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        let mut end = reader.position().byte() as usize;
        while end > start && matches!(bytes[end - 1], b'\r' | b'\n') {
            end -= 1;
        }
        let line = lines.line_at(bytes, start);
        if line > previous_end_line + 1 {
            rows.push(Row {
                line: previous_end_line + 1,
                cells: Vec::new(),
            });
        }
        previous_end_line = lines.line_at(bytes, end);
        let cells = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_string())
            .collect();
        rows.push(Row { line, cells });
    }
}

/// Counts line breaks incrementally for increasing byte offsets.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    newlines: usize,
}

impl LineCounter {
    /// 1-based line of `offset` (offsets must not decrease between calls).
    fn line_at(&mut self, bytes: &[u8], offset: usize) -> usize {
        self.newlines += bytes[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.newlines + 1
    }
}

/// Skip blank and comment rows up to the header; anything else first is an error.
fn find_header(rows: &mut impl Iterator<Item = Row>, file: &str) -> Result<Row, MetadataError> {
    for row in rows {
        if row.is_header() {
            return Ok(row);
        }
        if row.is_comment() || row.is_blank() {
            continue;
        }
        let file = file.to_string();
        let first = row.first().to_string();
        return Err(if row.is_directive() {
            MetadataError::DirectiveBeforeHeader {
                file,
                line: row.line,
                directive: first,
            }
        } else {
            MetadataError::UnrecognizedIdHeader {
                file,
                line: row.line,
                found: first,
            }
        });
    }
    Err(MetadataError::NoHeader {
        file: file.to_string(),
    })
}

/// Trim trailing empty header cells, then check names: non-empty, unique, not reserved.
fn validate_header(row: Row, file: &str) -> Result<Vec<String>, MetadataError> {
    let line = row.line;
    let mut header = row.cells;
    let extent = header
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1);
    header.truncate(extent);
    if let Some(index) = header.iter().position(String::is_empty) {
        return Err(MetadataError::EmptyColumnName {
            file: file.to_string(),
            line,
            column_number: index + 1,
        });
    }
    let duplicates = duplicated(&header);
    if !duplicates.is_empty() {
        return Err(MetadataError::DuplicateColumnNames {
            file: file.to_string(),
            line,
            names: duplicates,
        });
    }
    if let Some(index) = header.iter().skip(1).position(|name| is_id_header(name)) {
        return Err(MetadataError::ReservedColumnName {
            file: file.to_string(),
            line,
            column_number: index + 2,
            name: header[index + 1].clone(),
        });
    }
    Ok(header)
}

/// The values occurring more than once, sorted.
fn duplicated(values: &[String]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let repeated: BTreeSet<&str> = counts
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(v, _)| v)
        .collect();
    repeated.into_iter().map(String::from).collect()
}

/// Read the `#q2:types` / `#q2:missing` rows that directly follow the header.
fn read_directives(
    rows: &mut Peekable<impl Iterator<Item = Row>>,
    header: &[String],
    file: &str,
) -> Result<(Vec<Option<ColumnType>>, Vec<MissingScheme>), MetadataError> {
    let mut types: Option<(usize, Vec<String>)> = None;
    let mut missing: Option<(usize, Vec<String>)> = None;
    while let Some(row) = rows.next_if(Row::is_directive) {
        let slot = match directive_kind(row.first()) {
            Some(Directive::Types) => &mut types,
            Some(Directive::Missing) => &mut missing,
            None => {
                return Err(MetadataError::UnknownDirective {
                    file: file.to_string(),
                    line: row.line,
                    directive: row.first().to_string(),
                });
            }
        };
        if slot.is_some() {
            return Err(MetadataError::DuplicateDirective {
                file: file.to_string(),
                line: row.line,
                directive: row.first().to_string(),
            });
        }
        *slot = Some(fit_to_header(row, header.len(), file)?);
    }
    Ok((
        parse_types(types, header, file)?,
        parse_schemes(missing, header, file)?,
    ))
}

/// Which directive a first cell names (its first space-delimited token decides).
fn directive_kind(first: &str) -> Option<Directive> {
    match first.split(' ').next() {
        Some("#q2:types") => Some(Directive::Types),
        Some("#q2:missing") => Some(Directive::Missing),
        _ => None,
    }
}

/// Pad a row with empty cells to the header's width, or drop extra cells if they are empty.
fn fit_to_header(
    row: Row,
    width: usize,
    file: &str,
) -> Result<(usize, Vec<String>), MetadataError> {
    let Row { line, mut cells } = row;
    if cells.len() > width {
        if cells[width..].iter().any(|c| !c.is_empty()) {
            return Err(MetadataError::TooManyCells {
                file: file.to_string(),
                line,
                cells: cells.len(),
                expected: width,
            });
        }
        cells.truncate(width);
    }
    cells.resize(width, String::new());
    Ok((line, cells))
}

/// Column types declared by a `#q2:types` row (one per column, `None` = infer).
fn parse_types(
    directive: Option<(usize, Vec<String>)>,
    header: &[String],
    file: &str,
) -> Result<Vec<Option<ColumnType>>, MetadataError> {
    let Some((line, cells)) = directive else {
        return Ok(vec![None; header.len() - 1]);
    };
    let mut types = Vec::with_capacity(header.len() - 1);
    for (name, cell) in header.iter().zip(&cells).skip(1) {
        if cell.is_empty() {
            types.push(None);
            continue;
        }
        types.push(Some(ColumnType::parse(cell).ok_or_else(|| {
            MetadataError::UnknownColumnType {
                file: file.to_string(),
                line,
                column: name.clone(),
                value: cell.clone(),
            }
        })?));
    }
    Ok(types)
}

/// Missing-value schemes declared by a `#q2:missing` row (empty cells mean `blank`).
fn parse_schemes(
    directive: Option<(usize, Vec<String>)>,
    header: &[String],
    file: &str,
) -> Result<Vec<MissingScheme>, MetadataError> {
    let Some((line, cells)) = directive else {
        return Ok(vec![MissingScheme::Blank; header.len() - 1]);
    };
    let mut schemes = Vec::with_capacity(header.len() - 1);
    for (name, cell) in header.iter().zip(&cells).skip(1) {
        if cell.is_empty() {
            schemes.push(MissingScheme::Blank);
            continue;
        }
        schemes.push(MissingScheme::parse(cell).ok_or_else(|| {
            MetadataError::UnknownMissingScheme {
                file: file.to_string(),
                line,
                column: name.clone(),
                value: cell.clone(),
            }
        })?);
    }
    Ok(schemes)
}

/// IDs: at least one, none empty, all unique (reserved names were refused row by row).
fn validate_ids(
    ids: &[String],
    lines: &[usize],
    file: &str,
    header_line: usize,
) -> Result<(), MetadataError> {
    if ids.is_empty() {
        return Err(MetadataError::NoIds {
            file: file.to_string(),
            line: header_line,
        });
    }
    if let Some(index) = ids.iter().position(String::is_empty) {
        return Err(MetadataError::EmptyId {
            file: file.to_string(),
            line: lines[index],
        });
    }
    let duplicates = duplicated(ids);
    if !duplicates.is_empty() {
        let mut seen = BTreeSet::new();
        let index = ids.iter().position(|id| !seen.insert(id)).unwrap_or(0);
        return Err(MetadataError::DuplicateIds {
            file: file.to_string(),
            line: lines[index],
            ids: duplicates,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
