//! `qiime <plugin> <action>`: the commands generated from the test plugin `mystery-stew`.

mod errors;
mod help;
mod run;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::qiime_with_plugins;

/// `qiime` with the workspace plugins, run in `dir`, with help 80 columns wide.
fn qiime_in(dir: &Path) -> Command {
    let mut command = qiime_with_plugins();
    command.current_dir(dir).env("COLUMNS", "80");
    command
}

/// Imports `values` as an artifact of type `semantic_type` named `name` (`.qza` added) in `dir`.
fn ints(dir: &Path, name: &str, semantic_type: &str, values: &[i64]) -> PathBuf {
    let source = dir.join(format!("{name}.txt"));
    let text: String = values.iter().map(|v| format!("{v}\n")).collect();
    std::fs::write(&source, text).unwrap();
    let path = dir.join(format!("{name}.qza"));
    qiime_in(dir)
        .args(["tools", "import", "--type", semantic_type, "--input-path"])
        .arg(&source)
        .arg("--output-path")
        .arg(&path)
        .assert()
        .success();
    path
}

/// The data file `file` of the artifact at `path`, as text.
fn data_file(path: &Path, file: &str) -> String {
    archive_entry(path, &format!("/data/{file}"))
}

/// The text of the one entry of the archive at `path` whose name ends with `suffix`.
fn archive_entry(path: &Path, suffix: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let name = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.ends_with(suffix) && n.matches('/').count() == suffix.matches('/').count())
        .unwrap_or_else(|| panic!("{} has no entry ending with {suffix}", path.display()))
        .into_owned();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(&name).unwrap(), &mut text).unwrap();
    text
}

/// The UTF-8 text of a command's output stream.
fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}
