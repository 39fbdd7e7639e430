//! `metadata.yaml`: the result's UUID, semantic type and directory format.

use std::path::Path;

use serde::Deserialize;
use uuid::Uuid;

use super::error::ArchiveError;

/// The contents of `<uuid>/metadata.yaml`.
///
/// # Examples
/// ```
/// use qiime2::archive::ResultMetadata;
/// let m = ResultMetadata::visualization(uuid::Uuid::new_v4());
/// let text = m.to_yaml();
/// assert!(text.ends_with("type: Visualization\nformat: null\n"));
/// assert_eq!(ResultMetadata::parse(&text, "m.yaml".as_ref()).unwrap(), m);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultMetadata {
    /// The result's UUID (also the archive's root directory name).
    pub uuid: Uuid,
    /// The semantic type, e.g. `FeatureData[Sequence]` or `Visualization`.
    pub semantic_type: String,
    /// The directory format class name; `None` for visualizations.
    pub format: Option<String>,
}

#[derive(Deserialize)]
struct RawMetadata {
    uuid: String,
    #[serde(rename = "type")]
    semantic_type: String,
    format: Option<String>,
}

impl ResultMetadata {
    /// Metadata for an artifact.
    pub fn artifact(uuid: Uuid, semantic_type: &str, format: &str) -> Self {
        Self {
            uuid,
            semantic_type: semantic_type.to_owned(),
            format: Some(format.to_owned()),
        }
    }

    /// Metadata for a visualization (`type: Visualization`, `format: null`).
    pub fn visualization(uuid: Uuid) -> Self {
        Self {
            uuid,
            semantic_type: "Visualization".to_owned(),
            format: None,
        }
    }

    /// Whether this describes a visualization.
    pub fn is_visualization(&self) -> bool {
        self.semantic_type == "Visualization"
    }

    /// Parses metadata.yaml text; extra keys such as `data-size` (format 7) are ignored.
    pub fn parse(text: &str, source: &Path) -> Result<Self, ArchiveError> {
        let bad = |detail: String| ArchiveError::BadMetadataYaml {
            archive: source.to_path_buf(),
            detail,
        };
        let raw: RawMetadata =
            crate::yaml_budget::from_str(text).map_err(|e| bad(e.to_string()))?;
        let uuid = Uuid::parse_str(&raw.uuid)
            .map_err(|e| bad(format!("uuid {:?} is not a UUID ({e})", raw.uuid)))?;
        Ok(Self {
            uuid,
            semantic_type: raw.semantic_type,
            format: raw.format,
        })
    }

    /// The exact text QIIME 2 writes: `uuid: ...`, `type: ...`, `format: ...` lines.
    pub fn to_yaml(&self) -> String {
        let format = self.format.as_deref().map_or("null".to_owned(), scalar);
        format!(
            "uuid: {}\ntype: {}\nformat: {format}\n",
            self.uuid.hyphenated(),
            scalar(&self.semantic_type)
        )
    }
}

/// Writes `s` as a plain YAML scalar when it reads back as the same string, else quoted.
fn scalar(s: &str) -> String {
    let plain_ok = !s.contains('\n')
        && matches!(
            serde_norway::from_str::<serde_norway::Value>(s),
            Ok(serde_norway::Value::String(ref back)) if back == s
        );
    if plain_ok {
        s.to_owned()
    } else {
        serde_norway::to_string(s)
            .map(|t| t.trim_end().to_owned())
            .unwrap_or_else(|_| format!("{s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const U: &str = "36b26c53-8b66-423e-9764-718ae33113e2";

    fn p() -> &'static Path {
        Path::new("a.qza")
    }

    #[test]
    fn renders_exact_qiime_text() {
        let m = ResultMetadata::artifact(
            Uuid::parse_str(U).unwrap(),
            "FeatureData[Sequence]",
            "DNASequencesDirectoryFormat",
        );
        assert_eq!(
            m.to_yaml(),
            format!(
                "uuid: {U}\ntype: FeatureData[Sequence]\nformat: DNASequencesDirectoryFormat\n"
            )
        );
        assert_eq!(ResultMetadata::parse(&m.to_yaml(), p()).unwrap(), m);
        let v = ResultMetadata::visualization(m.uuid);
        assert_eq!(
            v.to_yaml(),
            format!("uuid: {U}\ntype: Visualization\nformat: null\n")
        );
        assert!(v.is_visualization());
    }

    #[test]
    fn odd_values_are_quoted_and_round_trip() {
        for t in ["null", "123", "a: b", "[x]", "x #y", "true"] {
            let m = ResultMetadata {
                uuid: Uuid::parse_str(U).unwrap(),
                semantic_type: t.to_owned(),
                format: Some(t.to_owned()),
            };
            assert_eq!(ResultMetadata::parse(&m.to_yaml(), p()).unwrap(), m, "{t}");
        }
    }

    #[test]
    fn reads_format_7_data_size() {
        let text = format!("uuid: {U}\ntype: Visualization\nformat: null\ndata-size: 1.2 KiB");
        let m = ResultMetadata::parse(&text, p()).unwrap();
        assert_eq!(m.format, None);
    }

    #[test]
    fn malformed_metadata() {
        for text in [
            "uuid: x\ntype: T\nformat: F\n".to_owned(),
            format!("uuid: {U}\nformat: F\n"),
            "- a\n- b\n".to_owned(),
            format!("uuid: {U}\ntype: [\n"),
        ] {
            let err = ResultMetadata::parse(&text, p()).unwrap_err();
            assert!(
                matches!(err, ArchiveError::BadMetadataYaml { .. }),
                "{text}"
            );
        }
    }
}
