//! The file that keeps the provenance records past the record budget: one per process, in its
//! temporary folder (the run's scratch folder), each record's texts appended to it and read
//! back by range when a result is written. It is removed once no result needs it.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use tempfile::NamedTempFile;

/// The spill file of this process while results need it.
static CURRENT: Mutex<Weak<SpillLog>> = Mutex::new(Weak::new());

/// An append-only file of record texts; removed when dropped.
#[derive(Debug)]
pub(crate) struct SpillLog {
    path: Arc<Path>,
    file: Mutex<NamedTempFile>,
}

/// Where one text is in a [`SpillLog`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Extent {
    /// Where its bytes start.
    pub(crate) offset: u64,
    /// How many there are.
    pub(crate) len: u64,
}

impl SpillLog {
    /// The spill file of this process, made when first needed (and again after the last
    /// result that needed the previous one is gone).
    pub(super) fn current() -> io::Result<Arc<Self>> {
        let mut current = CURRENT.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(log) = current.upgrade() {
            return Ok(log);
        }
        let file = tempfile::Builder::new()
            .prefix(".q2rs-records-")
            .tempfile()?;
        let log = Arc::new(Self {
            path: Arc::from(file.path()),
            file: Mutex::new(file),
        });
        *current = Arc::downgrade(&log);
        Ok(log)
    }

    /// The file's path.
    pub(super) fn path(&self) -> &Arc<Path> {
        &self.path
    }

    /// Appends `texts` one after another; returns where each is. A failed write may leave
    /// bytes that no extent names: the next texts still go after them.
    pub(super) fn append(&self, texts: &[&str]) -> io::Result<Vec<Extent>> {
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        let file: &mut File = file.as_file_mut();
        let mut offset = file.seek(SeekFrom::End(0))?;
        let mut extents = Vec::with_capacity(texts.len());
        let mut bytes = Vec::with_capacity(texts.iter().map(|t| t.len()).sum());
        for text in texts {
            let len = text.len() as u64;
            extents.push(Extent { offset, len });
            bytes.extend_from_slice(text.as_bytes());
            offset += len;
        }
        file.write_all(&bytes)?;
        Ok(extents)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::sync::Arc;

    use super::SpillLog;
    use crate::archive::Source;

    fn read(log: &SpillLog, extent: super::Extent) -> String {
        let source = Source::Range {
            path: Arc::clone(log.path()),
            offset: extent.offset,
            len: extent.len,
        };
        let mut text = String::new();
        source.open().unwrap().read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn texts_appended_read_back_by_extent() {
        let log = SpillLog::current().unwrap();
        assert!(
            Arc::ptr_eq(&log, &SpillLog::current().unwrap()),
            "one per process"
        );
        let first = log.append(&["action one\n", "", "citations\n"]).unwrap();
        let second = log.append(&["action two\n"]).unwrap();
        assert_eq!(read(&log, first[0]), "action one\n");
        assert_eq!(first[1].len, 0);
        assert_eq!(read(&log, first[2]), "citations\n");
        assert_eq!(read(&log, second[0]), "action two\n");
        assert!(log.path().is_file());
    }
}
