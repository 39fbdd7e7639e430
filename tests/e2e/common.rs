//! Helpers shared by the end-to-end tests.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `qiime` binary built for this test run, with the test plugin `mystery-stew` on its
/// plugin path (a user's `qiime` does not load it).
pub fn qiime() -> Command {
    let mut command = Command::new(crate::common::qiime_exe());
    command.env(qiime2::plugin::PLUGIN_PATH_VAR, cargo::test_plugin_dir());
    command
}

/// The complete provenance of `artifact` (its ancestors flattened into `artifacts/`), written into
/// a temporary folder: results made in this process keep their ancestors in memory until saved.
pub fn full_provenance(artifact: &qiime2::sdk::Artifact) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let provenance = dir.path().join("provenance");
    artifact.write_provenance(&provenance).unwrap();
    (dir, provenance)
}

/// The folder of the workspace's plugin dylibs (next to `qiime`), up to date.
pub fn workspace_plugin_dir() -> PathBuf {
    cargo::workspace_plugin("q2_types_plugin");
    cargo::profile_dir()
}

/// The folders of every plugin the tests use: the workspace's (next to `qiime`) and the test
/// plugin's.
pub fn plugin_dirs() -> Vec<PathBuf> {
    vec![workspace_plugin_dir(), cargo::test_plugin_dir()]
}

/// [`plugin_dirs`] as a value of `QIIME2_PLUGIN_PATH`.
pub fn plugin_path() -> std::ffi::OsString {
    std::env::join_paths(plugin_dirs()).unwrap()
}

/// The `qiime` binary, with the workspace's plugin dylibs up to date next to it.
pub fn qiime_with_plugins() -> Command {
    cargo::workspace_plugin("q2_types_plugin");
    qiime()
}

/// Skips a test (with `note`) where what it needs is absent, or fails it under
/// `Q2RS_STRICT_TESTS=1`, which `.ci/run` sets: there, every test must run.
pub fn skip(note: &str) {
    assert!(
        std::env::var("Q2RS_STRICT_TESTS").as_deref() != Ok("1"),
        "Q2RS_STRICT_TESTS=1, but a test would be skipped: {note}"
    );
    eprintln!("note: skipped, {note}");
}

/// A file made by the original QIIME 2, or `None` (see [`skip`]) where the fixtures are absent.
pub fn fixture(name: &str) -> Option<PathBuf> {
    let path = crate::common::workspace_root()
        .join("../shared/fixtures")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        skip(&format!("fixture {} is absent", path.display()));
        None
    }
}

/// Every archive made by the original QIIME 2 that is present.
pub fn fixture_archives() -> Vec<PathBuf> {
    [
        "query-seqs.qza",
        "reference-seqs.qza",
        "serial-hits.qza",
        "serial-hits-table.qzv",
    ]
    .into_iter()
    .filter_map(fixture)
    .collect()
}

/// One entry of a zip written by [`write_zip`].
pub enum Entry<'a> {
    /// A regular file with its contents.
    File(&'a str, &'a [u8]),
    /// A symbolic link pointing at a target.
    Symlink(&'a str, &'a str),
}

/// Writes a zip holding exactly `entries`, in order, to `path`.
pub fn write_zip(path: &Path, entries: &[Entry<'_>]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for entry in entries {
        match entry {
            Entry::File(name, data) => {
                zip.start_file(*name, options).unwrap();
                zip.write_all(data).unwrap();
            }
            Entry::Symlink(name, target) => zip.add_symlink(*name, *target, options).unwrap(),
        }
    }
    zip.finish().unwrap();
}

/// Copies an archive, replacing the contents of the entries whose name ends with `suffix`.
pub fn rewrite_entry(src: &Path, dest: &Path, suffix: &str, contents: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(dest).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        zip.start_file(name.as_str(), options).unwrap();
        if name.ends_with(suffix) {
            zip.write_all(contents).unwrap();
        } else {
            std::io::copy(&mut entry, &mut zip).unwrap();
        }
    }
    zip.finish().unwrap();
}

/// As [`rewrite_entry`], then writes a fresh `checksums.md5` for the new contents: a
/// self-consistent archive with the original's UUID but other data.
pub fn reseal_entry(src: &Path, dest: &Path, suffix: &str, contents: &[u8]) {
    let staged = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let path = staged.path().join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let bytes = if name.ends_with(suffix) {
            contents.to_vec()
        } else {
            bytes
        };
        std::fs::write(&path, bytes).unwrap();
        names.push(name);
    }
    let root = staged.path().join(names[0].split('/').next().unwrap());
    let kind = qiime2::archive::ChecksumKind::Md5;
    let sums = qiime2::archive::compute_checksum_file(&root, kind).unwrap();
    std::fs::write(root.join(kind.file_name()), sums).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(dest).unwrap());
    for name in names {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&std::fs::read(staged.path().join(&name)).unwrap())
            .unwrap();
    }
    zip.finish().unwrap();
}

/// Whether the tests run as root (some make files owned by another user).
pub fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
}

/// `qiime` run as the current user when that is not root, else as `nobody` (uid and gid
/// 65534, no other groups) through `setpriv`, with the workspace's plugins; `None` (with a
/// note) when root and `setpriv` is missing.
pub fn as_unprivileged_user() -> Option<std::process::Command> {
    use std::process::Command;
    let exe = crate::common::qiime_exe().to_str().unwrap();
    if !is_root() {
        return Some(Command::new(exe));
    }
    let setpriv = Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !setpriv {
        skip("running as root without setpriv to drop privileges");
        return None;
    }
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", exe])
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path());
    Some(command)
}

/// `workers.toml` in `dir`: the processes executor (a `HighThroughputExecutor` on the
/// `LocalProvider`) with `max_workers` worker processes, and `extra` appended.
pub fn processes_config(dir: &Path, max_workers: usize, extra: &str) -> PathBuf {
    let path = dir.join("workers.toml");
    std::fs::write(
        &path,
        format!(
            "[parsl]\n\n[[parsl.executors]]\nclass = \"HighThroughputExecutor\"\nlabel = \"default\"\n\
             max_workers = {max_workers}\n\n[parsl.executors.provider]\nclass = \"LocalProvider\"\n{extra}"
        ),
    )
    .unwrap();
    path
}

/// A sequence of integers (an `IntSequence1`) imported as `ints.qza` in `dir`.
pub fn import_ints(dir: &Path) {
    std::fs::create_dir_all(dir.join("ints")).unwrap();
    std::fs::write(dir.join("ints/ints.txt"), "1\n2\n3\n").unwrap();
    qiime_with_plugins()
        .current_dir(dir)
        .args(["tools", "import", "--type", "IntSequence1"])
        .args(["--input-path", "ints", "--output-path", "ints.qza"])
        .assert()
        .success();
}

/// `threads.toml` in `dir`: the thread pool executor with `max_threads` threads.
pub fn threads_config(dir: &Path, max_threads: usize) -> PathBuf {
    let path = dir.join("threads.toml");
    std::fs::write(
        &path,
        format!(
            "[parsl]\n\n[[parsl.executors]]\nclass = \"ThreadPoolExecutor\"\nlabel = \"default\"\n\
             max_threads = {max_threads}\n"
        ),
    )
    .unwrap();
    path
}

mod cargo;
mod processes;
mod sandbox;
mod search;

pub use cargo::{
    Hello, cargo_build, member_copy, out_of_tree_host, out_of_tree_plugin, qiime_exe, target_dir,
    test_plugin_dir, workspace_plugin, workspace_root,
};
pub use processes::{children_of, process_parents};
pub use sandbox::Sandbox;
pub use search::{data_file, search_command, search_inputs};

/// The tutorial's example data, written by `--example-data` in a new folder: `(the folder,
/// its `Serial` subfolder holding the data)`.
pub fn tutorial_example_data() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    qiime_with_plugins()
        .current_dir(dir.path())
        .args(["dwq2", "search-and-summarize", "--example-data", "ex"])
        .assert()
        .success();
    let serial = dir.path().join("ex/Serial");
    (dir, serial)
}

/// The tutorial's `search-and-summarize` (split size 1) in `dir` on the queries `query` and
/// the example's references, writing `<prefix>-hits.qza` and `<prefix>-hits-table.qzv`; more
/// options may be added before it runs.
pub fn tutorial_command(dir: &Path, query: &str, prefix: &str) -> Command {
    let mut command = qiime_with_plugins();
    command
        .current_dir(dir)
        .args(["dwq2", "search-and-summarize"])
        .args(["--i-query-seqs", query])
        .args(["--i-reference-seqs", "reference-seqs.qza"])
        .args(["--m-reference-metadata-file", "reference-metadata.tsv"])
        .args(["--p-split-size", "1"])
        .args(["--o-hits", &format!("{prefix}-hits.qza")])
        .args(["--o-hits-table", &format!("{prefix}-hits-table.qzv")]);
    command
}

/// The tutorial's `search-and-summarize` (split size 1) on the example data in `dir`, writing
/// `<prefix>-hits.qza` and `<prefix>-hits-table.qzv`, with `extra` options.
pub fn tutorial_search(dir: &Path, prefix: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    tutorial_command(dir, "query-seqs.qza", prefix)
        .args(extra)
        .assert()
}
