//! The error type of the provenance module.

/// Everything that can go wrong while reading, writing or converting provenance.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProvenanceError {
    /// A file or directory could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The path involved.
        path: String,
        /// What the operating system reported.
        message: String,
    },
    /// The file is not well-formed YAML (or uses too many alias expansions).
    #[error("{file}: not valid YAML: {message}")]
    Yaml {
        /// The file being read.
        file: String,
        /// The YAML parser's message.
        message: String,
    },
    /// A required key is absent.
    #[error("{file}: missing field '{field}'")]
    MissingField {
        /// The file being read.
        file: String,
        /// Dotted path of the missing key, e.g. `execution.runtime.start`.
        field: String,
    },
    /// A key is present but holds a value of the wrong shape.
    #[error("{file}: field '{field}' should be {expected}, found {found}")]
    InvalidField {
        /// The file being read.
        file: String,
        /// Dotted path of the key.
        field: String,
        /// What was expected there.
        expected: String,
        /// A short description of what was found.
        found: String,
    },
    /// A BibTeX file could not be parsed.
    #[error("{file}:{line}: bad BibTeX: {message}")]
    Bibtex {
        /// The file being read.
        file: String,
        /// 1-based line where the problem was found.
        line: usize,
        /// What was expected.
        message: String,
    },
}

impl ProvenanceError {
    /// Builds an [`ProvenanceError::Io`] from a path and an I/O error.
    pub(crate) fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        ProvenanceError::Io {
            path: path.display().to_string(),
            message: err.to_string(),
        }
    }
}
