//! Building plugin dylibs with cargo from inside the tests: the workspace's own plugins, and
//! out-of-tree plugin crates written by the tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

/// The profile folder of this test run (`target/debug` for `cargo test`): the test binary
/// runs from its `deps/`.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("the test binary's folder");
    deps.parent().expect("the profile folder").to_path_buf()
}

/// The cargo target folder of this test run.
pub fn target_dir() -> PathBuf {
    profile_dir().parent().unwrap().to_path_buf()
}

/// The workspace root (this crate is `tests/e2e`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// The cargo arguments that build for this test run's profile and target folder.
fn profile_args() -> Vec<String> {
    let mut args = match profile_dir().file_name().and_then(|n| n.to_str()) {
        Some("debug") => Vec::new(),
        Some("release") => vec!["--release".to_owned()],
        Some(other) => vec!["--profile".to_owned(), other.to_owned()],
        None => panic!(
            "cannot tell the build profile of {}",
            profile_dir().display()
        ),
    };
    args.extend([
        "--target-dir".to_owned(),
        target_dir().display().to_string(),
    ]);
    args
}

/// The `qiime` program under test: `$Q2RS_QIIME` when set (to test a build made elsewhere),
/// else the workspace's, built for this test run's profile once per run. The tests live in a
/// crate of their own, so cargo does not build the q2cli binary for them; building it here
/// (a no-op when it is up to date) also means the tests never run a stale `qiime`. Cargo does
/// not hold the target folder's lock while tests run, so this nested build cannot deadlock.
pub fn qiime_exe() -> &'static Path {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| {
        if let Some(exe) = std::env::var_os("Q2RS_QIIME") {
            return PathBuf::from(exe);
        }
        let mut args = vec![
            "-p".to_owned(),
            "q2cli".to_owned(),
            "--bin".to_owned(),
            "qiime".to_owned(),
        ];
        args.extend(profile_args());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cargo_build("qiime", &args);
        profile_dir().join(format!("qiime{}", std::env::consts::EXE_SUFFIX))
    })
}

/// Runs `cargo build --offline` with `args`, panicking with cargo's output if it fails.
pub fn cargo_build(what: &str, args: &[&str]) {
    let started = Instant::now();
    let output = std::process::Command::new(env!("CARGO"))
        .current_dir(workspace_root())
        .args(["build", "--offline", "--quiet"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo build of {what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("note: built {what} in {:.1?}", started.elapsed());
}

/// The workspace plugin dylib `lib{lib_name}.so` next to `qiime`, up to date.
///
/// `cargo test` compiles the plugin crates' dylibs into `deps/` but does not copy (uplift) them
/// next to `qiime`, so they would be missing on a fresh clone and stale after an edit. The first
/// call runs `cargo build --workspace --all-targets`: after `cargo test --workspace` every unit is
/// fresh (same targets, same features), so it only uplifts the dylibs, in well under a second.
/// Cargo does not hold the target folder's lock while tests run, so this nested build cannot
/// deadlock.
pub fn workspace_plugin(lib_name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut args = vec!["--workspace".to_owned(), "--all-targets".to_owned()];
        args.extend(profile_args());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cargo_build("the workspace plugins", &args);
    });
    let file = profile_dir().join(format!(
        "{}{lib_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    assert!(file.is_file(), "{} was not built", file.display());
    file
}

/// The folder holding the test plugin `mystery-stew`'s dylib, built (once per test run, in the
/// profile of `qiime`) from `tests/mystery-stew-plugin`, a project outside the workspace so that
/// a user's `qiime` never finds it next to itself. Intermediate files go to the workspace's
/// target folder (`build-dir`), where `cargo test` compiled the plugin's library already.
pub fn test_plugin_dir() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let target = target_dir().join("test-plugins");
            let manifest = workspace_root().join("tests/mystery-stew-plugin/Cargo.toml");
            let build_dir = format!("build.build-dir={:?}", target_dir().display().to_string());
            let profile = profile_dir();
            let profile = profile.file_name().and_then(|n| n.to_str()).unwrap();
            let mut args = vec![
                "--manifest-path",
                manifest.to_str().unwrap(),
                "--target-dir",
                target.to_str().unwrap(),
                "--config",
                &build_dir,
            ];
            if profile != "debug" {
                args.extend(["--profile", profile]);
            }
            cargo_build("the test plugin mystery-stew", &args);
            target.join(profile)
        })
        .clone()
}

/// The folder where out-of-tree plugin crates, their dylibs and framework copies live; it
/// persists between runs so that unchanged crates are not rebuilt.
fn out_of_tree_dir() -> PathBuf {
    target_dir().join("e2e-plugins")
}

/// Writes `contents` to `path` unless it already holds exactly that (keeping cargo's mtimes).
fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(contents) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

/// What the out-of-tree plugin's visualizer `hello` takes besides its plain signature.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hello<'a> {
    /// Fields of its `Arguments` struct, e.g. `#[input] seqs: Fasta,`.
    pub fields: &'a str,
    /// Builder calls appended to its registration, e.g. `.input("seqs", ...)`.
    pub signature: &'a str,
}

/// Writes an out-of-tree plugin crate `crate_name` (plugin `plugin_name`, version `version`)
/// depending on the plugin contract at `contract` (and on nothing else), builds it, and returns
/// its dylib. Its one action is the visualizer `hello`, extended by `hello`; the crate also has
/// a view `Fasta`, which reads `DNASequencesDirectoryFormat` alone.
pub fn out_of_tree_plugin(
    crate_name: &str,
    plugin_name: &str,
    version: &str,
    contract: &Path,
    hello: Hello<'_>,
) -> PathBuf {
    let Hello { fields, signature } = hello;
    let dir = out_of_tree_dir().join("crates").join(crate_name);
    let manifest = format!(
        r#"[package]
name = "{crate_name}"
version = "{version}"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
qiime2-plugin = {{ path = "{}" }}

[workspace]
"#,
        contract.display()
    );
    let lib = format!(
        r#"//! A q2rs plugin written and built by the end-to-end tests.

use std::path::Path;

use qiime2_plugin::plugin::{{
    ActionContext, ActionError, Arguments, DataDir, PluginBuilder, PluginInfo, View, ViewError,
}};

qiime2_plugin::export_plugin!(PluginInfo {{
    name: "{plugin_name}",
    version: env!("CARGO_PKG_VERSION"),
    website: "https://example.org",
    description: "A plugin built outside the q2rs workspace.",
    short_description: "Out of tree.",
    citations_bib: "",
    citations: &[],
}});

/// DNA sequences, unread.
pub struct Fasta;

impl View for Fasta {{
    const NAME: &'static str = "Fasta";
    const READS: &'static [&'static str] = &["DNASequencesDirectoryFormat"];
    const WRITES: &'static str = "DNASequencesDirectoryFormat";

    fn read_from(_: DataDir<'_>) -> Result<Self, ViewError> {{
        Ok(Fasta)
    }}

    fn write_to(&self, _: &Path) -> Result<(), ViewError> {{
        Ok(())
    }}
}}

#[derive(Arguments)]
#[allow(dead_code)]
struct Hello {{
    {fields}
}}

fn register(plugin: &mut PluginBuilder) {{
    plugin
        .visualizer("hello", hello)
        .name("Say hello.")
        .description("Writes a greeting."){signature};
}}
qiime2_plugin::register!(register);

fn hello(_: Hello, ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {{
    let page = ctx.visualization_dir()?.join("index.html");
    std::fs::write(page, "<p>hello</p>").map_err(ActionError::msg)
}}
"#
    );
    write_if_changed(&dir.join("Cargo.toml"), manifest.as_bytes());
    write_if_changed(&dir.join("src/lib.rs"), lib.as_bytes());
    build_out_of_tree(&dir, crate_name, "lib")
}

/// Writes and builds an out-of-tree program, `q2-e2e-host`, on the host framework at
/// `framework`: `q2-e2e-host PLUGIN_FILE` loads the plugin and prints `loaded NAME VERSION by
/// host FRAMEWORK_VERSION (contract CONTRACT_VERSION)`, or the load error. Returns the program.
pub fn out_of_tree_host(framework: &Path) -> PathBuf {
    let dir = out_of_tree_dir().join("crates").join("q2-e2e-host");
    let manifest = format!(
        "[package]\nname = \"q2-e2e-host\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
         publish = false\n\n[dependencies]\nqiime2 = {{ path = \"{}\" }}\n\n[workspace]\n",
        framework.display()
    );
    let main = r#"//! Loads the plugin file given, as `qiime` does.
fn main() {
    let path = std::env::args().nth(1).expect("a plugin file");
    match qiime2::plugin::load_file(std::path::Path::new(&path)) {
        Ok(plugin) => println!(
            "loaded {} {} by host {} (contract {})",
            plugin.descriptor.name,
            plugin.descriptor.version,
            qiime2::VERSION,
            qiime2::plugin::CONTRACT_VERSION
        ),
        Err(err) => println!("{err}"),
    }
}
"#;
    write_if_changed(&dir.join("Cargo.toml"), manifest.as_bytes());
    write_if_changed(&dir.join("src/main.rs"), main.as_bytes());
    build_out_of_tree(&dir, "q2-e2e-host", "bin")
}

/// Builds the out-of-tree crate in `dir` (its lock file the workspace's); returns the file it
/// made: the dylib of a `lib`, the executable of a `bin`.
pub fn build_out_of_tree(dir: &Path, crate_name: &str, kind: &str) -> PathBuf {
    // The workspace's lock file pins the dependencies to versions that are already downloaded.
    let lock = std::fs::read(workspace_root().join("Cargo.lock")).unwrap();
    write_if_changed(&dir.join("Cargo.lock"), &lock);
    // Intermediate files go to the workspace's target folder (`build-dir`), so the registry
    // dependencies `cargo test` compiled already are reused; only the final dylib goes to the
    // separate target folder, never next to `qiime`.
    let target = out_of_tree_dir().join("target");
    let manifest_path = dir.join("Cargo.toml");
    let build_dir = format!("build.build-dir={:?}", target_dir().display().to_string());
    cargo_build(
        crate_name,
        &[
            "--manifest-path",
            manifest_path.to_str().unwrap(),
            "--target-dir",
            target.to_str().unwrap(),
            "--config",
            &build_dir,
        ],
    );
    let file = target.join("debug").join(match kind {
        "lib" => format!(
            "{}{}{}",
            std::env::consts::DLL_PREFIX,
            crate_name.replace('-', "_"),
            std::env::consts::DLL_SUFFIX
        ),
        _ => crate_name.to_owned(),
    });
    assert!(file.is_file(), "{} was not built", file.display());
    file
}

/// A copy of the workspace's member crate `member` (`framework`, `contract`), kept in the
/// folder `<member>-<tag>`: its package version `version`, a standalone manifest (explicit
/// dependency versions and absolute paths instead of the workspace's), and each source file
/// passed through `edit` (given its path relative to `src/`).
pub fn member_copy(
    member: &str,
    tag: &str,
    version: &str,
    edit: &dyn Fn(&Path, String) -> String,
) -> PathBuf {
    let source = workspace_root().join(member);
    let dest = out_of_tree_dir().join(format!("{member}-{tag}"));
    let src = source.join("src");
    sync_dir(&src, &dest.join("src"), &|path, bytes| {
        let text = String::from_utf8(bytes).unwrap();
        edit(path.strip_prefix(&src).unwrap(), text).into_bytes()
    });
    let manifest = standalone_manifest(
        &std::fs::read_to_string(source.join("Cargo.toml")).unwrap(),
        &std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap(),
        version,
    );
    write_if_changed(&dest.join("Cargo.toml"), manifest.as_bytes());
    dest
}

/// Makes `dest` a copy of `src`, each file's bytes passed through `edit`: rewrites only the
/// files that changed, removes the files that `src` no longer has.
fn sync_dir(src: &Path, dest: &Path, edit: &dyn Fn(&Path, Vec<u8>) -> Vec<u8>) {
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let target = dest.join(path.file_name().unwrap());
        if path.is_dir() {
            sync_dir(&path, &target, edit);
        } else {
            write_if_changed(&target, &edit(&path, std::fs::read(&path).unwrap()));
        }
    }
    for entry in std::fs::read_dir(dest).unwrap() {
        let path = entry.unwrap().path();
        let source = src.join(path.file_name().unwrap());
        if path.is_dir() && !source.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else if path.is_file() && !source.is_file() {
            std::fs::remove_file(&path).unwrap();
        }
    }
}

/// Rewrites a member's manifest without workspace inheritance: `version` as its version, the
/// edition from the root, and each `dep.workspace = true` replaced by the root's entry for `dep`.
fn standalone_manifest(member: &str, root: &str, version: &str) -> String {
    let root_deps = section(root, "[workspace.dependencies]");
    let root_package = section(root, "[workspace.package]");
    let edition = root_package
        .iter()
        .find(|line| line.starts_with("edition"))
        .expect("the root manifest sets an edition");
    let mut out = String::new();
    let mut current = String::new();
    for line in member.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            current = trimmed.to_owned();
            if current != "[lints]" {
                out.push_str(line);
                out.push('\n');
            }
            if current == "[package]" {
                out.push_str(&format!("version = \"{version}\"\n{edition}\n"));
            }
            continue;
        }
        match current.as_str() {
            "[lints]" => {}
            "[package]" if trimmed.contains(".workspace") || trimmed.starts_with("version") => {}
            _ if trimmed.ends_with(".workspace = true") => {
                let name = trimmed.trim_end_matches(".workspace = true");
                let entry = root_deps
                    .iter()
                    .find(|dep| dep.split('=').next().unwrap().trim() == name)
                    .unwrap_or_else(|| panic!("the root manifest has no dependency {name}"));
                // A workspace member named by path: its absolute path.
                let root = workspace_root();
                let entry = entry.replace("path = \"", &format!("path = \"{}/", root.display()));
                out.push_str(&entry);
                out.push('\n');
            }
            _ => {
                assert!(
                    !trimmed.contains("workspace"),
                    "cannot make {line:?} standalone"
                );
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The non-empty lines of a manifest section.
fn section<'a>(manifest: &'a str, header: &str) -> Vec<&'a str> {
    manifest
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.trim().starts_with('['))
        .filter(|line| !line.trim().is_empty())
        .collect()
}
