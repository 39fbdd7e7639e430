//! Merging several metadata into one (as for repeated `--m-*-file` options).

use std::collections::{HashMap, HashSet};

use super::{Metadata, MetadataError};

impl Metadata {
    /// Inner-join `list` on IDs: keep the IDs present in every metadata, in the first one's
    /// order, and all columns left to right. Column names must not repeat across the list.
    /// The ID header is the common one when all agree, else `id`; a single metadata is
    /// returned unchanged.
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::metadata::Metadata;
    /// let a = Metadata::from_tsv_str("id\tsite\nS1\tgut\nS2\tskin\nS3\tgut\n", "a.tsv")?;
    /// let b = Metadata::from_tsv_str("id\tph\nS3\t6\nS1\t7\n", "b.tsv")?;
    /// let merged = Metadata::merge(&[a, b])?;
    /// assert_eq!(merged.ids(), ["S1", "S3"]);
    /// assert_eq!(merged.column_names(), ["site", "ph"]);
    /// # Ok::<(), qiime2_plugin::metadata::MetadataError>(())
    /// ```
    pub fn merge(list: &[Metadata]) -> Result<Metadata, MetadataError> {
        let (first, rest) = list.split_first().ok_or(MetadataError::NothingToMerge)?;
        if rest.is_empty() {
            return Ok(first.clone());
        }

        let mut owners: HashMap<&str, &str> = HashMap::new();
        for md in list {
            for name in md.column_names() {
                if let Some(owner) = owners.insert(name, md.source()) {
                    return Err(MetadataError::OverlappingColumn {
                        column: name.to_string(),
                        first: owner.to_string(),
                        second: md.source().to_string(),
                    });
                }
            }
        }

        let positions: Vec<HashMap<&str, usize>> = rest
            .iter()
            .map(|md| {
                md.ids()
                    .iter()
                    .enumerate()
                    .map(|(i, id)| (id.as_str(), i))
                    .collect()
            })
            .collect();
        let shared: Vec<usize> = (0..first.len())
            .filter(|&i| {
                positions
                    .iter()
                    .all(|p| p.contains_key(first.ids()[i].as_str()))
            })
            .collect();
        let sources: Vec<String> = list.iter().map(|md| md.source().to_string()).collect();
        if shared.is_empty() {
            return Err(MetadataError::NoSharedIds { sources });
        }

        let headers: HashSet<&str> = list.iter().map(Metadata::id_header).collect();
        let id_header = if headers.len() == 1 {
            first.id_header()
        } else {
            "id"
        };
        let mut merged = first.pick_rows(&shared, sources.join(" + "), id_header.to_string());
        let mut columns = merged.columns().to_vec();
        for (md, position) in rest.iter().zip(&positions) {
            let rows: Vec<usize> = merged
                .ids()
                .iter()
                .map(|id| position[id.as_str()])
                .collect();
            columns.extend(md.columns().iter().map(|c| c.pick(&rows)));
        }
        merged = Metadata::from_parts(
            merged.source().to_string(),
            merged.id_header().to_string(),
            merged.ids().to_vec(),
            columns,
        );
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::ColumnKind;

    fn md(text: &str, source: &str) -> Metadata {
        Metadata::from_tsv_str(text, source).unwrap()
    }

    #[test]
    fn inner_join_keeps_first_order_and_aligns_values() {
        let a = md("id\tsite\nS1\tgut\nS2\tskin\nS3\tgut\nS4\tsoil\n", "a.tsv");
        let b = md("id\tph\nS4\t4\nS3\t6\nS9\t1\nS1\t7\n", "b.tsv");
        let c = md("id\tdepth\nS3\t30\nS4\t40\nS1\t10\n", "c.tsv");
        let merged = Metadata::merge(&[a, b, c]).unwrap();
        assert_eq!(merged.ids(), ["S1", "S3", "S4"]);
        assert_eq!(merged.column_names(), ["site", "ph", "depth"]);
        assert_eq!(
            merged.column("ph").unwrap().kind(),
            &ColumnKind::Numeric(vec![Some(7.0), Some(6.0), Some(4.0)])
        );
        assert_eq!(
            merged.column("depth").unwrap().kind(),
            &ColumnKind::Numeric(vec![Some(10.0), Some(30.0), Some(40.0)])
        );
        assert_eq!(merged.source(), "a.tsv + b.tsv + c.tsv");
        assert_eq!(merged.id_header(), "id");
    }

    #[test]
    fn id_header_is_kept_when_shared_else_id() {
        let a = md("#SampleID\tx\nS1\t1\n", "a.tsv");
        let b = md("#SampleID\ty\nS1\t2\n", "b.tsv");
        assert_eq!(
            Metadata::merge(&[a.clone(), b]).unwrap().id_header(),
            "#SampleID"
        );
        let c = md("sample-id\tz\nS1\t3\n", "c.tsv");
        assert_eq!(Metadata::merge(&[a, c]).unwrap().id_header(), "id");
    }

    #[test]
    fn missing_terms_and_schemes_survive_a_merge() {
        let a = md(
            "id\tx\n#q2:missing\tINSDC:missing\nS1\tmissing\nS2\t2\n",
            "a.tsv",
        );
        let b = md("id\ty\nS2\tq\nS1\tr\n", "b.tsv");
        let merged = Metadata::merge(&[a, b]).unwrap();
        assert_eq!(merged.column("x").unwrap().missing_term(0), Some("missing"));
        assert_eq!(
            merged.column("y").unwrap().kind(),
            &ColumnKind::Categorical(vec![Some("r".into()), Some("q".into())])
        );
    }

    #[test]
    fn overlapping_columns_name_both_sources() {
        let a = md("id\tx\tsite\nS1\t1\tgut\n", "a.tsv");
        let b = md("id\ty\nS1\t2\n", "b.tsv");
        let c = md("id\tsite\nS1\tskin\n", "c.tsv");
        let err = Metadata::merge(&[a, b, c]).unwrap_err();
        assert_eq!(
            err,
            MetadataError::OverlappingColumn {
                column: "site".into(),
                first: "a.tsv".into(),
                second: "c.tsv".into()
            }
        );
        assert!(
            err.to_string()
                .contains("'site' occurs in both a.tsv and c.tsv"),
            "{err}"
        );
    }

    #[test]
    fn no_shared_ids_is_an_error() {
        let a = md("id\tx\nS1\t1\nS2\t2\n", "a.tsv");
        let b = md("id\ty\nS3\t3\n", "b.tsv");
        assert_eq!(
            Metadata::merge(&[a, b]).unwrap_err(),
            MetadataError::NoSharedIds {
                sources: vec!["a.tsv".into(), "b.tsv".into()]
            }
        );
    }

    #[test]
    fn one_metadata_merges_to_itself_and_none_is_an_error() {
        let a = md("id\tx\nS1\t1\n", "a.tsv");
        assert_eq!(Metadata::merge(std::slice::from_ref(&a)).unwrap(), a);
        assert_eq!(
            Metadata::merge(&[]).unwrap_err(),
            MetadataError::NothingToMerge
        );
    }
}
