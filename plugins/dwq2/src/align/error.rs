//! The error type of the alignment engine.

use std::fmt;

/// Which input sequence a problem was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceRole {
    /// The query of a local alignment (the matrix columns).
    Query,
    /// The reference of a local alignment (the matrix rows).
    Reference,
    /// The first sequence of a global alignment (the matrix columns, output row 0).
    Seq1,
    /// The second sequence of a global alignment (the matrix rows, output row 1).
    Seq2,
}

impl fmt::Display for SequenceRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SequenceRole::Query => "query",
            SequenceRole::Reference => "reference",
            SequenceRole::Seq1 => "seq1",
            SequenceRole::Seq2 => "seq2",
        })
    }
}

/// Errors raised by the aligners and the scoring kernel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlignError {
    /// A sequence holds a byte outside the substitution alphabet `ACGTU`.
    #[error(
        "{role} sequence has character {character:?} at position {position}, \
         which is not in the substitution alphabet (expected one of A, C, G, T, U)"
    )]
    InvalidCharacter {
        /// The sequence holding the character.
        role: SequenceRole,
        /// The offending byte, read as a Latin-1 character.
        character: char,
        /// Its 1-based position in the sequence.
        position: usize,
    },
    /// A kernel was requested that this CPU cannot run.
    #[error("the {0} scoring engine is not supported by this CPU")]
    EngineUnavailable(&'static str),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_role_character_and_position() {
        let err = AlignError::InvalidCharacter {
            role: SequenceRole::Reference,
            character: 'N',
            position: 7,
        };
        assert_eq!(
            err.to_string(),
            "reference sequence has character 'N' at position 7, which is not in the \
             substitution alphabet (expected one of A, C, G, T, U)"
        );
        assert_eq!(SequenceRole::Seq1.to_string(), "seq1");
        assert_eq!(
            AlignError::EngineUnavailable("avx2").to_string(),
            "the avx2 scoring engine is not supported by this CPU"
        );
    }
}
