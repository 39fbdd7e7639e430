//! Typed, tracked reading of one TOML table: every key read is checked for its type, the string
//! `"None"` counts as absent (as in QIIME 2), and keys nobody asked for are errors.

use toml::{Table, Value};

use super::ConfigError;

/// One table of the config file being read, with the keys asked for so far.
pub(super) struct Section<'a> {
    table: &'a Table,
    path: String,
    file: &'a str,
    known: Vec<&'static str>,
}

impl<'a> Section<'a> {
    /// A table found at the key path `path` (empty for the file's top level) of `file`.
    pub(super) fn new(table: &'a Table, path: String, file: &'a str) -> Self {
        Self {
            table,
            path,
            file,
            known: Vec::new(),
        }
    }

    /// The file's name, for errors.
    pub(super) fn file(&self) -> &'a str {
        self.file
    }

    /// The full key path of `key` in this table.
    pub(super) fn key(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The value of `key`, marking it as known; `None` when absent or the string `"None"`.
    pub(super) fn value(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        self.table.get(key).filter(|v| v.as_str() != Some("None"))
    }

    /// The value of `key` as written, marking it as known; `"None"` is not special here.
    pub(super) fn raw(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        self.table.get(key)
    }

    /// Accept `keys` without reading them (settings that only matter to Parsl).
    pub(super) fn ignore(&mut self, keys: &[&'static str]) {
        self.known.extend_from_slice(keys);
    }

    /// An error saying `key` holds `value` where `expected` was wanted.
    pub(super) fn wrong_type(&self, key: &str, value: &Value, expected: &str) -> ConfigError {
        wrong_type(self.file, self.key(key), value, expected)
    }

    /// An error saying `key` holds the value `found` where `expected` was wanted.
    pub(super) fn invalid(&self, key: &str, found: &Value, expected: &str) -> ConfigError {
        ConfigError::InvalidValue {
            file: self.file.to_string(),
            key: self.key(key),
            expected: expected.to_string(),
            found: found.to_string(),
        }
    }

    /// A string value.
    pub(super) fn string(&mut self, key: &'static str) -> Result<Option<&'a str>, ConfigError> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.wrong_type(key, v, "a string")),
        }
    }

    /// A non-negative integer value.
    pub(super) fn count(&mut self, key: &'static str) -> Result<Option<usize>, ConfigError> {
        match self.value(key) {
            None => Ok(None),
            Some(v @ Value::Integer(i)) => match usize::try_from(*i) {
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(self.invalid(key, v, "a non-negative integer")),
            },
            Some(v) => Err(self.wrong_type(key, v, "a non-negative integer")),
        }
    }

    /// A boolean value.
    pub(super) fn boolean(&mut self, key: &'static str) -> Result<Option<bool>, ConfigError> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::Boolean(b)) => Ok(Some(*b)),
            Some(v) => Err(self.wrong_type(key, v, "a boolean")),
        }
    }

    /// A nested table.
    pub(super) fn table(&mut self, key: &'static str) -> Result<Option<Section<'a>>, ConfigError> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::Table(t)) => Ok(Some(Section::new(t, self.key(key), self.file))),
            Some(v) => Err(self.wrong_type(key, v, "a table")),
        }
    }

    /// An array of tables (`[[key]]`), each named by its 0-based index.
    pub(super) fn tables(&mut self, key: &'static str) -> Result<Vec<Section<'a>>, ConfigError> {
        let array = match self.value(key) {
            None => return Ok(Vec::new()),
            Some(Value::Array(a)) => a,
            Some(v) => return Err(self.wrong_type(key, v, "an array of tables")),
        };
        let mut sections = Vec::with_capacity(array.len());
        for (i, item) in array.iter().enumerate() {
            let path = format!("{}[{i}]", self.key(key));
            match item {
                Value::Table(t) => sections.push(Section::new(t, path, self.file)),
                v => return Err(wrong_type(self.file, path, v, "a table")),
            }
        }
        Ok(sections)
    }

    /// All entries of this table (for tables whose keys are free-form).
    pub(super) fn entries(&self) -> impl Iterator<Item = (&'a String, &'a Value)> {
        self.table.iter()
    }

    /// Fail on the first key of this table that was neither read nor ignored.
    pub(super) fn finish(self) -> Result<(), ConfigError> {
        match self
            .table
            .keys()
            .find(|k| !self.known.contains(&k.as_str()))
        {
            None => Ok(()),
            Some(k) => {
                let mut expected = self.known.clone();
                expected.sort_unstable();
                expected.dedup();
                Err(ConfigError::UnsupportedKey {
                    file: self.file.to_string(),
                    key: self.key(k),
                    expected: expected.join(", "),
                })
            }
        }
    }
}

/// An error saying the value at the key path `key` of `file` is not `expected`.
fn wrong_type(file: &str, key: String, value: &Value, expected: &str) -> ConfigError {
    let ty = value.type_str();
    let article = if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    ConfigError::WrongType {
        file: file.to_string(),
        key,
        expected: expected.to_string(),
        found: format!("{article} {ty}"),
    }
}
