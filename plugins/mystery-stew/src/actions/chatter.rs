//! A method that writes a lot to stderr, as chatty tools do, to check that a worker process
//! writing more than a pipe holds is not held up by its host.

use std::io::Write;

use qiime2_plugin::plugin::{ActionError, Arguments, Results};

use crate::views::IntSequence;

/// One line of chatter (64 bytes with its newline).
const LINE: &[u8] = b"mystery-stew chatter: stirring the pot, tasting, stirring again.\n";

#[derive(Arguments)]
pub(super) struct Chatter {
    #[param]
    bytes: i64,
}

/// `[bytes]`: how much was written.
#[derive(Results)]
pub(super) struct Chattered {
    ints: IntSequence,
}

/// Writes `bytes` bytes to stderr (whole lines, then the rest of one), then outputs `[bytes]`.
pub(super) fn chatter(Chatter { bytes }: Chatter) -> Result<Chattered, ActionError> {
    let total = usize::try_from(bytes)
        .map_err(|_| ActionError::msg(format!("bytes must not be negative, not {bytes}")))?;
    let mut err = std::io::stderr().lock();
    let mut written = 0;
    while written < total {
        let n = LINE.len().min(total - written);
        err.write_all(&LINE[..n])
            .map_err(|e| ActionError::msg(format!("cannot write to stderr: {e}")))?;
        written += n;
    }
    drop(err);
    Ok(Chattered {
        ints: IntSequence(vec![bytes]),
    })
}
