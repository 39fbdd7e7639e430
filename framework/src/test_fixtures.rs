//! The files the original QIIME 2 made, for the tests that compare with them (`shared/fixtures`
//! beside the repository). Where the folder is absent the tests skip with a note, so a clone of
//! the repository alone passes; under `Q2RS_STRICT_TESTS=1` (as `.ci/run` sets) they fail.

use std::path::PathBuf;

/// The environment variable under which a test that would skip fails instead.
pub(crate) const STRICT_VAR: &str = "Q2RS_STRICT_TESTS";

/// The fixtures folder, or `None` (with a note) where it is absent; panics where it is absent
/// under [`STRICT_VAR`].
pub(crate) fn fixtures_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/fixtures"
    ));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var(STRICT_VAR).as_deref() != Ok("1"),
        "{STRICT_VAR}=1 but the fixtures folder {} is absent",
        dir.display()
    );
    eprintln!(
        "note: skipped, the fixtures folder {} is absent",
        dir.display()
    );
    None
}

/// The fixture `name`, as [`fixtures_dir`] finds the folder.
pub(crate) fn fixture(name: &str) -> Option<PathBuf> {
    fixtures_dir().map(|dir| dir.join(name))
}
