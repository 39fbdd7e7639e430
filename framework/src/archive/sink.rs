//! Where a zip being written goes: the temporary file, which stops taking writes after the
//! first failure.
//!
//! When a write fails (a full disk), the caller reports that error and drops the zip writer,
//! whose `Drop` tries to finish the zip and prints its own failure to stderr. After a failed
//! write this sink accepts and discards everything, so that second attempt is quiet; the
//! temporary file is deleted anyway.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};

/// A file that discards every write after the first failed one.
pub(crate) struct Sink<'a> {
    file: &'a mut File,
    failed: bool,
}

impl<'a> Sink<'a> {
    /// Writes to `file` until a write fails.
    pub(crate) fn new(file: &'a mut File) -> Self {
        Self {
            file,
            failed: false,
        }
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed {
            return Ok(buf.len());
        }
        self.file.write(buf).inspect_err(|_| self.failed = true)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        self.file.flush().inspect_err(|_| self.failed = true)
    }
}

impl Seek for Sink<'_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.file.seek(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file opened read-only: every write to it fails.
    fn unwritable() -> (tempfile::TempDir, File) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"").unwrap();
        let file = File::open(&path).unwrap();
        (dir, file)
    }

    #[test]
    fn writes_after_a_failure_are_discarded() {
        let (_dir, mut file) = unwritable();
        let mut sink = Sink::new(&mut file);
        assert!(sink.write(b"abc").is_err());
        assert_eq!(sink.write(b"abc").unwrap(), 3);
        assert!(sink.flush().is_ok());
        assert_eq!(sink.seek(SeekFrom::Start(0)).unwrap(), 0);
    }

    #[test]
    fn writes_go_through_until_then() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = File::create(dir.path().join("f")).unwrap();
        let mut sink = Sink::new(&mut file);
        sink.write_all(b"hello").unwrap();
        sink.flush().unwrap();
        assert_eq!(std::fs::read(dir.path().join("f")).unwrap(), b"hello");
    }
}
