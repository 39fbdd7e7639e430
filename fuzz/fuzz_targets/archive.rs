//! Any bytes, read as a `.qza`: opening, peeking and validating never panic, and whatever
//! happens nothing is left behind outside the extraction folder once the archive is dropped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qiime2::archive::{Archive, ReadLimits, peek};

fuzz_target!(|data: &[u8]| {
    let sandbox = tempfile::tempdir().expect("temporary folder");
    let zip = sandbox.path().join("input.qza");
    std::fs::write(&zip, data).expect("write input");
    let extract = sandbox.path().join("extract");
    std::fs::create_dir(&extract).expect("extraction folder");
    // Small limits keep each run fast and bounded whatever the central directory claims.
    let limits = ReadLimits {
        max_total_size: 1 << 20,
        max_entries: 1_000,
        ..ReadLimits::default()
    };
    let _ = peek(&zip);
    if let Ok(archive) = Archive::open_in(&zip, &limits, &extract) {
        assert!(archive.root_dir().starts_with(&extract));
        let _ = archive.validate();
    }
    let left: Vec<_> = std::fs::read_dir(&extract).expect("list").collect();
    assert!(left.is_empty(), "extraction left {left:?} behind");
    let sandbox_entries = std::fs::read_dir(sandbox.path()).expect("list").count();
    assert_eq!(
        sandbox_entries, 2,
        "something was written next to the archive"
    );
});
