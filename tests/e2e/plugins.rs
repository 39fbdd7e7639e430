//! Plugin discovery and loading through `qiime info`: the workspace's plugins, an out-of-tree
//! plugin, and each kind of file that is skipped with a warning.

use std::path::{Path, PathBuf};

use crate::common::{
    Hello, Sandbox, member_copy, out_of_tree_host, out_of_tree_plugin, qiime, workspace_plugin,
};

const TYPES: &str = "q2_types_plugin";
const STEW: &str = "q2_mystery_stew";

/// The test plugin's dylib, built outside the workspace.
fn stew() -> PathBuf {
    crate::common::test_plugin_dir().join(so("q2_mystery_stew_plugin"))
}

fn so(lib_name: &str) -> String {
    format!("lib{lib_name}.so")
}

/// Runs `qiime <args>` in `sandbox`; returns stdout and stderr of the successful run.
fn run(sandbox: &Sandbox, args: &[&str]) -> (String, String) {
    let output = sandbox.qiime().args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success(),
        "qiime {args:?} failed:\n{stdout}\n{stderr}"
    );
    (stdout, stderr)
}

/// The lines of the `Installed plugins` section.
fn installed(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .skip_while(|line| *line != "Installed plugins")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect()
}

fn listed(name: &str, version: &str, file: &Path) -> String {
    format!("{name} {version} ({})", file.display())
}

/// A sandbox with the workspace's two plugins installed.
fn with_workspace_plugins() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.install(&workspace_plugin(TYPES), &so(TYPES));
    sandbox.install(&stew(), &so(STEW));
    sandbox
}

#[test]
fn info_lists_each_plugin_with_its_version_and_file_and_the_search_path() {
    let sandbox = with_workspace_plugins();
    let (stdout, stderr) = run(&sandbox, &["info"]);
    let version = qiime2::VERSION;
    assert!(
        stdout.contains(&format!("q2rs framework version: {version}")),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nPlugin interface version: 1.0.0 (plugins built against 1.x load)\n"),
        "{stdout}"
    );
    assert_eq!(
        installed(&stdout),
        [
            listed("mystery-stew", version, &sandbox.plugins().join(so(STEW))),
            listed("types", version, &sandbox.plugins().join(so(TYPES))),
        ]
    );
    let search_path: Vec<&str> = stdout
        .lines()
        .skip_while(|line| !line.starts_with("Plugin search path"))
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect();
    let expected = [
        sandbox.plugins(),
        sandbox.bin().join("plugins"),
        sandbox.bin(),
    ];
    let expected: Vec<String> = expected.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(search_path, expected);
    assert_eq!(stderr, "", "no file should be skipped");
    assert!(
        stdout.contains(
            "Parallel configuration (used by --parallel)\nparallel config: built-in default\n"
        ),
        "qiime info shows the parallel configuration in force:\n{stdout}"
    );
    // The sandbox's `qiime` has XDG_CONFIG_HOME set to its bin folder.
    let config_dir = sandbox.bin().join("qiime2");
    assert!(
        stdout.contains(&format!(
            "Application config directory\n{}\n\nConfig\nConfig Source: built-in default\n",
            config_dir.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "QIIME 2 version: {}\n",
            qiime2::archive::FRAMEWORK_VERSION
        )),
        "{stdout}"
    );
}

#[test]
fn plugins_next_to_the_qiime_binary_are_found_without_the_variable() {
    let types = workspace_plugin(TYPES);
    let output = qiime()
        .env_remove("QIIME2_PLUGIN_PATH")
        .arg("info")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines = installed(&stdout);
    let version = qiime2::VERSION;
    let expected = listed("types", version, &types);
    assert!(
        lines.contains(&expected.as_str()),
        "{expected} missing:\n{stdout}"
    );
    assert!(
        lines.iter().any(|line| line.starts_with("dwq2 ")),
        "{stdout}"
    );
    assert!(
        !stdout.contains("mystery-stew"),
        "the test plugin is for the tests only:\n{stdout}"
    );
}

#[test]
fn files_that_are_not_plugins_are_skipped_with_one_warning_each() {
    let sandbox = with_workspace_plugins();
    let text = sandbox.plugins().join("x.so");
    std::fs::write(&text, "not a library\n").unwrap();
    let system_lib = [
        "/lib/x86_64-linux-gnu",
        "/usr/lib/x86_64-linux-gnu",
        "/lib64",
        "/usr/lib64",
        "/lib",
        "/usr/lib",
    ]
    .iter()
    .flat_map(|dir| ["libz.so.1", "libm.so.6"].map(|name| Path::new(dir).join(name)))
    .find(|path| path.is_file())
    .expect("no system library (libz or libm) to use as a non-plugin library");
    let library = sandbox.install_copy(&system_lib, "libsystem.so");
    let (stdout, stderr) = run(&sandbox, &["info"]);
    assert_eq!(installed(&stdout).len(), 2, "{stdout}");
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert_eq!(
        warnings[0],
        format!(
            "warning: skipped {}: not a q2rs plugin (it exports no plugin root module)",
            library.display()
        )
    );
    let prefix = format!(
        "warning: skipped {}: not a loadable library (",
        text.display()
    );
    assert!(warnings[1].starts_with(&prefix), "{stderr}");
}

#[test]
fn a_second_plugin_with_the_same_name_is_skipped() {
    let sandbox = Sandbox::new();
    let first = sandbox.install_copy(&workspace_plugin(TYPES), &so(TYPES));
    let second = sandbox.install_copy(&workspace_plugin(TYPES), "libq2_types_plugin_again.so");
    let (stdout, stderr) = run(&sandbox, &["info"]);
    assert_eq!(
        installed(&stdout),
        [listed("types", qiime2::VERSION, &first)]
    );
    assert_eq!(
        stderr,
        format!(
            "warning: skipped {}: a plugin named 'types' was already loaded from {}\n",
            second.display(),
            first.display()
        )
    );
}

#[test]
fn an_out_of_tree_plugin_crate_loads() {
    let built = out_of_tree_plugin(
        "q2-e2e-outside",
        "outside",
        "3.1.4",
        &contract(),
        Hello::default(),
    );
    let sandbox = with_workspace_plugins();
    let installed_file = sandbox.install(&built, "libq2_e2e_outside.so");
    let (stdout, stderr) = run(&sandbox, &["info"]);
    assert!(
        installed(&stdout).contains(&listed("outside", "3.1.4", &installed_file).as_str()),
        "{stdout}"
    );
    assert_eq!(installed(&stdout).len(), 3, "{stdout}");
    assert_eq!(stderr, "");
}

/// The workspace's plugin contract crate.
fn contract() -> PathBuf {
    crate::common::workspace_root()
        .join("contract")
        .canonicalize()
        .unwrap()
}

#[test]
fn a_plugin_still_loads_after_a_change_to_the_host_alone() {
    // Built once against the contract, the plugin is loaded by a host whose code and version
    // changed (a new item, version 9.9.9), as after a framework upgrade: no rebuild needed.
    let plugin = out_of_tree_plugin(
        "q2-e2e-outside",
        "outside",
        "3.1.4",
        &contract(),
        Hello::default(),
    );
    let changed = |path: &Path, text: String| match path.to_str() {
        Some("lib.rs") => {
            text + "\n/// Host-only: a change the contract does not see.\n\
                                   pub const E2E_HOST_ONLY_CHANGE: u32 = 1;\n"
        }
        _ => text,
    };
    let host = out_of_tree_host(&member_copy("framework", "9.9.9", "9.9.9", &changed));
    let output = std::process::Command::new(host)
        .arg(&plugin)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "loaded outside 3.1.4 by host 9.9.9 (contract {})\n",
            qiime2::plugin::CONTRACT_VERSION
        )
    );
}

#[test]
fn a_plugin_naming_an_unknown_semantic_type_is_refused_with_what_it_may_have_meant() {
    let misspelt = Hello {
        fields: "#[input] seqs: Fasta,",
        signature: r#".input("seqs", "FeatureData[Sequences]", "The sequences.")"#,
    };
    let (stdout, stderr, file) = install_and_list("q2-e2e-misspelt", "misspelt", misspelt);
    assert_eq!(installed(&stdout).len(), 2, "the others load:\n{stdout}");
    assert_eq!(
        stderr,
        format!(
            "warning: skipped {}: plugin 'misspelt', action 'hello', input 'seqs': unknown \
             semantic type 'Sequences' in FeatureData[Sequences] (no loaded plugin registers it; \
             did you mean 'Sequence'?)\n",
            file.display()
        )
    );
}

#[test]
fn a_plugin_reading_an_input_its_view_has_no_conversion_from_is_refused() {
    // `Fasta` reads DNASequencesDirectoryFormat alone; mystery-stew stores an IntSequence1 in
    // its own format, and no plugin declares a conversion from it to `Fasta`.
    let unconverted = Hello {
        fields: "#[input] seqs: Fasta,",
        signature: r#".input("seqs", "IntSequence1", "Integers.")"#,
    };
    let (stdout, stderr, file) = install_and_list("q2-e2e-unconverted", "unconverted", unconverted);
    assert_eq!(installed(&stdout).len(), 2, "the others load:\n{stdout}");
    assert_eq!(
        stderr,
        format!(
            "warning: skipped {}: plugin 'unconverted', action 'hello', input 'seqs': \
             IntSequence1 is stored as IntSequenceDirectoryFormat, which the view Fasta does not \
             read (no transformer from IntSequenceDirectoryFormat to Fasta)\n",
            file.display()
        )
    );
    // The same input of FeatureData[Sequence], which `Fasta` reads, loads.
    let converted = Hello {
        fields: "#[input] seqs: Fasta,",
        signature: r#".input("seqs", "FeatureData[Sequence]", "Sequences.")"#,
    };
    let (stdout, stderr, _) = install_and_list("q2-e2e-converted", "converted", converted);
    assert_eq!(
        (installed(&stdout).len(), stderr.as_str()),
        (3, ""),
        "{stdout}"
    );
}

#[test]
fn a_plugin_whose_body_and_signature_disagree_is_refused_in_one_line() {
    // The body reads `times` as a whole number; the signature declares it a Float.
    let disagreeing = Hello {
        fields: "#[param] times: usize,",
        signature: r#".parameter_with_default("times", "Float", 1.5, "How often.")"#,
    };
    let (stdout, stderr, file) = install_and_list("q2-e2e-disagreeing", "disagreeing", disagreeing);
    assert_eq!(installed(&stdout).len(), 2, "the others load:\n{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("warning: skipped {}: ", file.display()))
            && stderr.ends_with(
                "plugin 'disagreeing': action 'hello', parameter 'times' is Float in the \
                 signature, but the body reads it as usize\n"
            ),
        "{stderr}"
    );
}

/// Builds the out-of-tree plugin `name` with `hello`, installs it beside the workspace's
/// plugins, and runs `qiime info`: its stdout and stderr, and the installed file.
fn install_and_list(crate_name: &str, name: &str, hello: Hello<'_>) -> (String, String, PathBuf) {
    let built = out_of_tree_plugin(crate_name, name, "1.0.0", &contract(), hello);
    let sandbox = with_workspace_plugins();
    let file = sandbox.install(&built, &format!("lib{}.so", crate_name.replace('-', "_")));
    let (stdout, stderr) = run(&sandbox, &["info"]);
    (stdout, stderr, file)
}

#[test]
fn a_plugin_built_against_another_interface_version_is_refused() {
    let contract = member_copy("contract", "2.0.0", "2.0.0", &|_, text| text);
    let built = out_of_tree_plugin(
        "q2-e2e-newer-interface",
        "newer-interface",
        "1.0.0",
        &contract,
        Hello::default(),
    );
    let sandbox = with_workspace_plugins();
    let file = sandbox.install(&built, "libq2_e2e_newer_interface.so");
    let (stdout, stderr) = run(&sandbox, &["info"]);
    assert_eq!(
        installed(&stdout).len(),
        2,
        "the other plugins still load:\n{stdout}"
    );
    // One line naming the file, the plugin's interface version and this framework's.
    let expected = format!(
        "warning: skipped {}: built against plugin interface 2.0.0, incompatible with this \
         framework's {}; rebuild the plugin\n",
        file.display(),
        qiime2::plugin::CONTRACT_VERSION
    );
    assert_eq!(stderr, expected);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let (_, verbose) = run(&sandbox, &["--verbose", "info"]);
    assert_eq!(verbose, stderr, "the versions say it all");
}

#[test]
fn a_plugin_whose_contract_broke_its_layout_is_refused_with_the_report_under_verbose() {
    // The contract's version unchanged, but the root module's first two fields swapped: a
    // change the compatibility promise forbids, caught by the layout check.
    let swapped = |path: &Path, text: String| match path.to_str() {
        Some("plugin/abi.rs") => {
            let describe = "    /// Returns the plugin's descriptor as JSON.\n    pub describe: \
                            extern \"C\" fn() -> RResult<RString, RString>,\n";
            assert!(
                text.contains(describe),
                "the root module changed: update this test"
            );
            text.replacen(describe, "", 1).replacen(
                "    /// Runs an action",
                &format!("{describe}    /// Runs an action"),
                1,
            )
        }
        _ => text,
    };
    let version = qiime2::plugin::CONTRACT_VERSION;
    let contract = member_copy("contract", "swapped-layout", version, &swapped);
    let built = out_of_tree_plugin(
        "q2-e2e-swapped",
        "swapped",
        "1.0.0",
        &contract,
        Hello::default(),
    );
    let sandbox = with_workspace_plugins();
    let file = sandbox.install(&built, "libq2_e2e_swapped.so");
    let (stdout, stderr) = run(&sandbox, &["info"]);
    assert_eq!(installed(&stdout).len(), 2, "{stdout}");
    let prefix = format!(
        "warning: skipped {}: built against plugin interface ",
        file.display()
    );
    assert!(stderr.starts_with(&prefix), "{stderr}");
    assert!(stderr.ends_with("; rebuild the plugin\n"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for args in [["--verbose", "info"], ["info", "--verbose"]] {
        let (_, verbose) = run(&sandbox, &args);
        assert!(verbose.starts_with(&stderr), "{verbose}");
        let detail = &verbose[stderr.len()..];
        assert!(
            detail.lines().count() > 1,
            "--verbose adds the long report:\n{verbose}"
        );
        assert!(
            detail.lines().all(|line| line.starts_with("    ")),
            "{detail}"
        );
    }
}
