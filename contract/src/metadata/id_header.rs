//! The reserved names of the ID column.

/// ID column names recognised in any letter case.
pub(crate) const CASE_INSENSITIVE: [&str; 7] = [
    "id",
    "sampleid",
    "sample id",
    "sample-id",
    "featureid",
    "feature id",
    "feature-id",
];

/// ID column names recognised only in exactly this case.
pub(crate) const EXACT_CASE: [&str; 5] = [
    "#SampleID",
    "#Sample ID",
    "#OTUID",
    "#OTU ID",
    "sample_name",
];

/// Whether `name` is one of the reserved ID column names.
pub(crate) fn is_id_header(name: &str) -> bool {
    EXACT_CASE.contains(&name) || CASE_INSENSITIVE.contains(&name.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_names_match_any_case() {
        for name in [
            "id",
            "ID",
            "Id",
            "SampleID",
            "sample ID",
            "SAMPLE-ID",
            "FeatureId",
            "feature ID",
            "Feature-ID",
        ] {
            assert!(is_id_header(name), "{name}");
        }
    }

    #[test]
    fn exact_case_names_match_only_exactly() {
        for name in [
            "#SampleID",
            "#Sample ID",
            "#OTUID",
            "#OTU ID",
            "sample_name",
        ] {
            assert!(is_id_header(name), "{name}");
        }
        for name in ["#sampleid", "#otu id", "Sample_Name", "SAMPLE_NAME"] {
            assert!(!is_id_header(name), "{name}");
        }
    }

    #[test]
    fn other_names_are_not_id_headers() {
        for name in ["", "ids", "sample", "#id", " id", "sample_id"] {
            assert!(!is_id_header(name), "{name}");
        }
    }
}
