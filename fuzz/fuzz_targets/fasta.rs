//! Any bytes, as a FASTA file: validating and reading never panic; a file that validates
//! reads, and what is read writes out and reads back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use q2_types::fasta::{self, ALIGNED_DNA_ALPHABET, DNA_ALPHABET};
use qiime2::plugin::ValidationLevel;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("seqs.fasta");
    std::fs::write(&path, data).expect("write input");
    let mut valid = false;
    for (alphabet, aligned) in [(DNA_ALPHABET, false), (ALIGNED_DNA_ALPHABET, true)] {
        let _ = fasta::validate(&path, alphabet, aligned, ValidationLevel::Min);
        valid |= fasta::validate(&path, alphabet, aligned, ValidationLevel::Max).is_ok();
    }
    let read = fasta::read(&path);
    if valid {
        assert!(read.is_ok(), "a valid file does not read: {read:?}");
    }
    if let Ok(records) = read {
        let copy = dir.path().join("copy.fasta");
        fasta::write(&copy, &records).expect("write records");
        if valid {
            assert_eq!(fasta::read(&copy).expect("read copy"), records);
        }
    }
});
