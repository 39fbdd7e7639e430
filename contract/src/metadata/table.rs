//! The `Metadata` table: IDs plus ordered columns.

use std::collections::HashSet;
use std::path::Path;

use super::{MetadataColumn, MetadataError};

/// QIIME 2 metadata: ordered, unique IDs and ordered, uniquely named columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    source: String,
    id_header: String,
    ids: Vec<String>,
    columns: Vec<MetadataColumn>,
}

impl Metadata {
    /// Assemble validated parts (every column holds one value per ID).
    pub(crate) fn from_parts(
        source: String,
        id_header: String,
        ids: Vec<String>,
        columns: Vec<MetadataColumn>,
    ) -> Metadata {
        debug_assert!(columns.iter().all(|c| c.len() == ids.len()));
        Metadata {
            source,
            id_header,
            ids,
            columns,
        }
    }

    /// Read a metadata TSV file; errors name the file by its path.
    pub fn load(path: impl AsRef<Path>) -> Result<Metadata, MetadataError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let io = |message: String| MetadataError::Io {
            file: file.clone(),
            message,
        };
        // A device or a pipe (`/dev/zero`, a FIFO) would be read without end.
        let kind = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => io("the file does not exist".into()),
            _ => io(e.to_string()),
        })?;
        if !kind.is_file() {
            return Err(io(
                "not a regular file (a folder, device or pipe); expected a metadata file".into(),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| io(e.to_string()))?;
        Metadata::from_tsv_bytes(&bytes, &file)
    }

    /// Write the metadata as a TSV file (see [`Metadata::to_tsv_string`]).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), MetadataError> {
        let path = path.as_ref();
        std::fs::write(path, self.to_tsv_string()).map_err(|e| MetadataError::Io {
            file: path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// The name used for this metadata in errors (file name, or the sources of a merge).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The ID column's header as found in the file (e.g. `id` or `#SampleID`).
    pub fn id_header(&self) -> &str {
        &self.id_header
    }

    /// The IDs, in file order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The columns, in file order.
    pub fn columns(&self) -> &[MetadataColumn] {
        &self.columns
    }

    /// The column names, in file order.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(MetadataColumn::name).collect()
    }

    /// Number of IDs.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no IDs (never true for loaded metadata).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The column called `name`; the error lists the available names.
    pub fn column(&self, name: &str) -> Result<&MetadataColumn, MetadataError> {
        self.columns
            .iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| MetadataError::NoSuchColumn {
                file: self.source.clone(),
                column: name.to_string(),
                available: self.column_names().into_iter().map(String::from).collect(),
            })
    }

    /// A copy of the column called `name` (its values follow [`Metadata::ids`]), as for an
    /// action's metadata-column parameter.
    pub fn select_column(&self, name: &str) -> Result<MetadataColumn, MetadataError> {
        self.column(name).cloned()
    }

    /// Keep only the IDs in `keep`, in this metadata's order; every one must exist.
    pub fn filter_ids<S: AsRef<str>>(&self, keep: &[S]) -> Result<Metadata, MetadataError> {
        let keep: HashSet<&str> = keep.iter().map(AsRef::as_ref).collect();
        let present: HashSet<&str> = self.ids.iter().map(String::as_str).collect();
        let mut unknown: Vec<String> = keep.difference(&present).map(|s| s.to_string()).collect();
        if !unknown.is_empty() {
            unknown.sort();
            return Err(MetadataError::NoSuchIds {
                file: self.source.clone(),
                ids: unknown,
            });
        }
        let indices: Vec<usize> = (0..self.ids.len())
            .filter(|&i| keep.contains(self.ids[i].as_str()))
            .collect();
        if indices.is_empty() {
            return Err(MetadataError::NothingKept {
                file: self.source.clone(),
            });
        }
        Ok(self.pick_rows(&indices, self.source.clone(), self.id_header.clone()))
    }

    /// Keep only the columns named in `names`, in this metadata's order; every one must exist.
    pub fn filter_columns<S: AsRef<str>>(&self, names: &[S]) -> Result<Metadata, MetadataError> {
        for name in names {
            self.column(name.as_ref())?;
        }
        let columns = self
            .columns
            .iter()
            .filter(|c| names.iter().any(|n| n.as_ref() == c.name()))
            .cloned()
            .collect();
        Ok(Metadata {
            columns,
            ..self.clone()
        })
    }

    /// A copy keeping the rows at `indices` (in that order) under a new source and ID header.
    pub(crate) fn pick_rows(
        &self,
        indices: &[usize],
        source: String,
        id_header: String,
    ) -> Metadata {
        Metadata {
            source,
            id_header,
            ids: indices.iter().map(|&i| self.ids[i].clone()).collect(),
            columns: self.columns.iter().map(|c| c.pick(indices)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::{ColumnKind, ColumnType};

    fn sample() -> Metadata {
        Metadata::from_tsv_str(
            "id\tcolour\tdepth\nS1\tred\t1\nS2\tblue\t2\nS3\tred\t\n",
            "t.tsv",
        )
        .unwrap()
    }

    #[test]
    fn accessors_describe_the_table() {
        let md = sample();
        assert_eq!(md.source(), "t.tsv");
        assert_eq!(md.id_header(), "id");
        assert_eq!(md.ids(), ["S1", "S2", "S3"]);
        assert_eq!(md.column_names(), ["colour", "depth"]);
        assert_eq!(md.columns().len(), 2);
        assert_eq!(md.len(), 3);
        assert!(!md.is_empty());
        assert_eq!(
            md.column("depth").unwrap().column_type(),
            ColumnType::Numeric
        );
    }

    #[test]
    fn unknown_column_lists_available_columns() {
        let err = sample().column("size").unwrap_err();
        assert_eq!(
            err,
            MetadataError::NoSuchColumn {
                file: "t.tsv".into(),
                column: "size".into(),
                available: vec!["colour".into(), "depth".into()],
            }
        );
        assert!(err.to_string().contains("'colour', 'depth'"), "{err}");
        assert_eq!(sample().select_column("size").unwrap_err(), err);
    }

    #[test]
    fn select_column_returns_a_copy_aligned_with_ids() {
        let column = sample().select_column("colour").unwrap();
        assert_eq!(
            column.kind(),
            &ColumnKind::Categorical(vec![
                Some("red".into()),
                Some("blue".into()),
                Some("red".into())
            ])
        );
    }

    #[test]
    fn filter_ids_keeps_file_order() {
        let md = sample().filter_ids(&["S3", "S1"]).unwrap();
        assert_eq!(md.ids(), ["S1", "S3"]);
        assert_eq!(
            md.column("depth").unwrap().kind(),
            &ColumnKind::Numeric(vec![Some(1.0), None])
        );
    }

    #[test]
    fn filter_ids_rejects_unknown_and_empty_selections() {
        assert_eq!(
            sample().filter_ids(&["S9", "S1", "A0"]).unwrap_err(),
            MetadataError::NoSuchIds {
                file: "t.tsv".into(),
                ids: vec!["A0".into(), "S9".into()]
            }
        );
        let none: [&str; 0] = [];
        assert_eq!(
            sample().filter_ids(&none).unwrap_err(),
            MetadataError::NothingKept {
                file: "t.tsv".into()
            }
        );
    }

    #[test]
    fn filter_columns_keeps_file_order_and_rejects_unknown_names() {
        let md = sample().filter_columns(&["depth", "colour"]).unwrap();
        assert_eq!(md.column_names(), ["colour", "depth"]);
        let md = sample().filter_columns(&["depth"]).unwrap();
        assert_eq!(md.column_names(), ["depth"]);
        assert!(matches!(
            sample().filter_columns(&["nope"]).unwrap_err(),
            MetadataError::NoSuchColumn { column, .. } if column == "nope"
        ));
    }

    #[test]
    fn save_then_load_gives_the_same_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tsv");
        let md = sample();
        md.save(&path).unwrap();
        let loaded = Metadata::load(&path).unwrap();
        assert_eq!(loaded.ids(), md.ids());
        assert_eq!(loaded.columns(), md.columns());
        assert_eq!(loaded.source(), path.display().to_string());
    }

    #[test]
    fn load_reports_a_missing_file() {
        let err = Metadata::load("/nonexistent/q2rs/md.tsv").unwrap_err();
        assert!(
            matches!(&err, MetadataError::Io { file, .. } if file == "/nonexistent/q2rs/md.tsv"),
            "{err}"
        );
    }
}
