//! The plugin author's guide (`sdk-docs/`) is tested: its tutorial plugin is built the way an
//! author builds it and runs under `qiime`, its shell sessions run and print what the book
//! shows, and its CLI reference pages are the real `--help` output.
//!
//! `Q2RS_BLESS=1 cargo test -p q2rs-e2e book` rewrites the CLI reference pages.

mod cli_reference;
mod includes;
mod sessions;
mod tutorial_plugin;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::{Sandbox, cargo_build, target_dir, workspace_plugin, workspace_root};

/// The book's source folder.
fn book_src() -> PathBuf {
    workspace_root().join("sdk-docs/src")
}

/// The tutorial plugin's Cargo project.
fn tutorial_manifest() -> PathBuf {
    workspace_root().join("sdk-docs/tutorial-plugin/Cargo.toml")
}

/// Where the tutorial plugin is built: its own target folder, as an author's would be.
/// Intermediate files go to the workspace's (`build-dir`), so the dependencies `cargo test`
/// compiled already are reused.
fn tutorial_cargo_args(target: &Path) -> Vec<String> {
    vec![
        "--manifest-path".to_owned(),
        tutorial_manifest().display().to_string(),
        "--target-dir".to_owned(),
        target.display().to_string(),
        "--config".to_owned(),
        format!("build.build-dir={:?}", target_dir().display().to_string()),
    ]
}

/// The tutorial plugin's dylib, built outside the workspace with `cargo build`.
fn tutorial_plugin() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let target = target_dir().join("tutorial-plugin");
        let args = tutorial_cargo_args(&target);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cargo_build("the tutorial plugin", &args);
        let file = target.join("debug").join(dylib_name("q2_kmers"));
        assert!(file.is_file(), "{} was not built", file.display());
        file
    })
}

/// `lib<name>.so` on Linux, `<name>.dll` on Windows, ...
fn dylib_name(name: &str) -> String {
    format!(
        "{}{name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// A private `qiime` with the types plugin and the plugins named (by library name) installed.
fn sandbox_with(plugins: &[&str]) -> Sandbox {
    let sandbox = Sandbox::new();
    for name in plugins {
        let file = match *name {
            "q2_kmers" => tutorial_plugin().to_path_buf(),
            other => workspace_plugin(other),
        };
        sandbox.install(&file, &dylib_name(name));
    }
    sandbox
}
