//! A private installation of `qiime`: its own copy of the binary and its own plugin folder.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use super::cargo::target_dir;

/// A temp folder holding `bin/qiime` and a `plugins/` folder given as `QIIME2_PLUGIN_PATH`.
///
/// The binary is copied so that the folder next to it (also searched for plugins) is the sandbox's
/// own `bin/`, not the build folder holding the workspace's plugins.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// Makes an empty sandbox.
    pub fn new() -> Self {
        // Inside the target folder, so that hard links to the built files work.
        let parent = target_dir().join("e2e-sandboxes");
        std::fs::create_dir_all(&parent).unwrap();
        let dir = tempfile::tempdir_in(parent).unwrap();
        std::fs::create_dir(dir.path().join("bin")).unwrap();
        std::fs::create_dir(dir.path().join("plugins")).unwrap();
        let sandbox = Self { dir };
        link_or_copy(
            Path::new(crate::common::qiime_exe()),
            &sandbox.bin().join("qiime"),
        );
        sandbox
    }

    /// The folder holding the sandbox's `qiime`.
    pub fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }

    /// The folder given as `QIIME2_PLUGIN_PATH`.
    pub fn plugins(&self) -> PathBuf {
        self.dir.path().join("plugins")
    }

    /// Installs `file` in the plugin folder as `name` (a hard link where possible).
    pub fn install(&self, file: &Path, name: &str) -> PathBuf {
        let dest = self.plugins().join(name);
        link_or_copy(file, &dest);
        dest
    }

    /// Installs a byte-for-byte copy of `file` as `name` (a separate file, never a link).
    pub fn install_copy(&self, file: &Path, name: &str) -> PathBuf {
        let dest = self.plugins().join(name);
        std::fs::copy(file, &dest).unwrap();
        dest
    }

    /// The sandbox's `qiime`, with `QIIME2_PLUGIN_PATH` set to its plugin folder.
    pub fn qiime(&self) -> Command {
        let mut command = Command::new(self.bin().join("qiime"));
        command.env("QIIME2_PLUGIN_PATH", self.plugins());
        // No parallel configuration of the user's: the built-in one is in force.
        command
            .env_remove("QIIME2_CONFIG")
            .env("XDG_CONFIG_HOME", self.bin());
        command
    }
}

fn link_or_copy(src: &Path, dest: &Path) {
    assert!(src.is_file(), "{} does not exist", src.display());
    if std::fs::hard_link(src, dest).is_err() {
        std::fs::copy(src, dest).unwrap();
    }
}
