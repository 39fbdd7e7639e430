//! BibTeX citations stored in `citations.bib` files.

use std::path::Path;

use indexmap::IndexMap;

use super::error::ProvenanceError;

/// One BibTeX entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BibEntry {
    /// Entry type, e.g. `article`.
    pub entry_type: String,
    /// Citation key, e.g. `framework|qiime2:2025.4.0|0`.
    pub key: String,
    /// Fields in order: name and raw value (the text between the outer braces).
    pub fields: Vec<(String, String)>,
}

impl BibEntry {
    /// Renders the entry as `@type{key,` then one ` name = {value}` line per field.
    pub fn render(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|(n, v)| format!(" {n} = {{{v}}}"))
            .collect();
        let mut text = format!("@{}{{{},\n", self.entry_type, self.key);
        if !fields.is_empty() {
            text.push_str(&fields.join(",\n"));
            text.push('\n');
        }
        text.push_str("}\n");
        text
    }
}

/// Ordered BibTeX entries, unique by citation key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Citations {
    entries: IndexMap<String, BibEntry>,
}

impl Citations {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entry unless one with the same key is already present; returns whether it was added.
    pub fn insert(&mut self, entry: BibEntry) -> bool {
        if self.entries.contains_key(&entry.key) {
            return false;
        }
        self.entries.insert(entry.key.clone(), entry);
        true
    }

    /// Adds every entry of `other` whose key is new, keeping the order of first appearance.
    pub fn merge(&mut self, other: &Citations) {
        for entry in other.entries.values() {
            self.insert(entry.clone());
        }
    }

    /// The entry with this key.
    pub fn get(&self, key: &str) -> Option<&BibEntry> {
        self.entries.get(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The citation keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The entries in order.
    pub fn entries(&self) -> impl Iterator<Item = &BibEntry> {
        self.entries.values()
    }

    /// Renders all entries, separated by blank lines, in the layout QIIME 2 writes.
    ///
    /// # Examples
    /// ```
    /// use qiime2::provenance::Citations;
    /// let text = "@misc{k|0,\n author = {A {B}},\n year = {2024}\n}\n";
    /// assert_eq!(Citations::parse(text, "x.bib").unwrap().render(), text);
    /// ```
    pub fn render(&self) -> String {
        self.entries
            .values()
            .map(BibEntry::render)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Parses BibTeX text; `file` names the source in error messages.
    /// Duplicate keys keep their first entry. Text outside entries is ignored.
    pub fn parse(text: &str, file: &str) -> Result<Citations, ProvenanceError> {
        let mut reader = BibReader {
            chars: text.chars().collect(),
            pos: 0,
            file,
        };
        let mut out = Citations::new();
        while let Some(entry) = reader.next_entry()? {
            out.insert(entry);
        }
        Ok(out)
    }

    /// Reads and parses a `citations.bib` file.
    pub fn read(path: &Path) -> Result<Citations, ProvenanceError> {
        let text = std::fs::read_to_string(path).map_err(|e| ProvenanceError::io(path, &e))?;
        Citations::parse(&text, &path.display().to_string())
    }
}

/// A cursor over BibTeX text.
struct BibReader<'a> {
    chars: Vec<char>,
    pos: usize,
    file: &'a str,
}

impl BibReader<'_> {
    fn error(&self, message: &str) -> ProvenanceError {
        let line = self.chars[..self.pos.min(self.chars.len())]
            .iter()
            .filter(|c| **c == '\n')
            .count()
            + 1;
        ProvenanceError::Bibtex {
            file: self.file.to_string(),
            line,
            message: message.to_string(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// Reads up to (not including) one of `stops`, trimmed.
    fn until(&mut self, stops: &[char], what: &str) -> Result<String, ProvenanceError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if stops.contains(&c) {
                return Ok(self.chars[start..self.pos]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string());
            }
            self.pos += 1;
        }
        Err(self.error(&format!("unexpected end of text while reading {what}")))
    }

    fn expect(&mut self, c: char) -> Result<(), ProvenanceError> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{c}'")))
        }
    }

    /// Reads a `{...}` value with nested braces and returns the inside.
    fn braced(&mut self) -> Result<String, ProvenanceError> {
        self.expect('{')?;
        let start = self.pos;
        let mut depth = 1;
        while let Some(c) = self.peek() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        let value = self.chars[start..self.pos].iter().collect();
                        self.pos += 1;
                        return Ok(value);
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        Err(self.error("unbalanced braces in a field value"))
    }

    fn value(&mut self) -> Result<String, ProvenanceError> {
        self.skip_ws();
        match self.peek() {
            Some('{') => self.braced(),
            Some('"') => {
                self.pos += 1;
                let v = self.until(&['"'], "a quoted field value")?;
                self.pos += 1;
                Ok(v)
            }
            Some(_) => {
                let v = self.until(&[',', '}'], "a field value")?;
                if v.is_empty() {
                    Err(self.error("expected a field value"))
                } else {
                    Ok(v)
                }
            }
            None => Err(self.error("unexpected end of text before a field value")),
        }
    }

    fn next_entry(&mut self) -> Result<Option<BibEntry>, ProvenanceError> {
        while let Some(c) = self.peek() {
            if c == '@' {
                break;
            }
            self.pos += 1;
        }
        if self.peek().is_none() {
            return Ok(None);
        }
        self.pos += 1;
        let entry_type = self.until(&['{'], "an entry type")?;
        if entry_type.is_empty() || !entry_type.chars().all(char::is_alphanumeric) {
            return Err(self.error("expected an entry type after '@'"));
        }
        self.pos += 1;
        let key = self.until(&[',', '}'], "a citation key")?;
        if key.is_empty() {
            return Err(self.error("expected a citation key"));
        }
        let mut fields = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                Some(',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some('}') {
                        continue;
                    }
                    let name = self.until(&['=', '}', ','], "a field name")?;
                    if name.is_empty() || self.peek() != Some('=') {
                        return Err(self.error("expected 'name = {value}'"));
                    }
                    self.pos += 1;
                    let value = self.value()?;
                    fields.push((name, value));
                }
                _ => return Err(self.error("expected ',' or '}' after a field")),
            }
        }
        Ok(Some(BibEntry {
            entry_type,
            key,
            fields,
        }))
    }
}

/// Gathers the citations of a provenance directory: its own `citations.bib`
/// followed by every `artifacts/*/citations.bib` (in uuid order), de-duplicated
/// by key. Missing `citations.bib` files (archives older than format 4) and a
/// missing directory yield no entries.
pub fn collect_citations(provenance_dir: &Path) -> Result<Citations, ProvenanceError> {
    let mut all = Citations::new();
    let root = provenance_dir.join("citations.bib");
    if root.is_file() {
        all.merge(&Citations::read(&root)?);
    }
    let artifacts = provenance_dir.join("artifacts");
    if artifacts.is_dir() {
        let mut dirs: Vec<_> = std::fs::read_dir(&artifacts)
            .map_err(|e| ProvenanceError::io(&artifacts, &e))?
            .map(|d| {
                d.map(|d| d.path())
                    .map_err(|e| ProvenanceError::io(&artifacts, &e))
            })
            .collect::<Result<_, _>>()?;
        dirs.sort();
        for dir in dirs {
            let bib = dir.join("citations.bib");
            if bib.is_file() {
                all.merge(&Citations::read(&bib)?);
            }
        }
    }
    Ok(all)
}
