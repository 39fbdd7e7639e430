//! Which module may build on which: checked by reading the sources, so that a cycle between
//! layers fails a test as soon as it is written.

use std::path::{Path, PathBuf};

use regex::Regex;

/// The `.rs` files of the module `name` (`src/<name>.rs` and everything under `src/<name>/`).
fn module_files(name: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(src.join(name))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .chain([src.join(format!("{name}.rs"))])
        .collect()
}

/// A path naming the crate's module `name`: `crate::name::..`, `super::name`, or a grouped
/// import holding it (`crate::{sdk::Args, name::..}`).
fn naming(name: &str) -> Regex {
    Regex::new(&format!(r"\b(crate|super)::(\{{[^;]*\b)?{name}\b")).unwrap()
}

#[test]
fn the_pattern_sees_every_way_of_naming_a_module() {
    let usage = naming("usage");
    for named in [
        "use crate::usage::run_example;",
        "crate::usage::cli_name(x)",
        "use super::super::usage;",
        "use crate::{sdk::Args, plugin::{A, B}, usage::run_example};",
    ] {
        assert!(usage.is_match(named), "{named}");
    }
    for other in [
        "use crate::plugin::{UsageExample, usage_of};",
        "use crate::plugin::usage_check;",
        "// the usage module",
    ] {
        assert!(!usage.is_match(other), "{other}");
    }
}

/// `usage` (rendering and running usage examples, replay) builds on `sdk`; the reverse would
/// make the two one tangle.
#[test]
fn the_sdk_does_not_depend_on_the_usage_layer() {
    let usage = naming("usage");
    let files = module_files("sdk");
    assert!(files.len() > 10, "read the sdk's files: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !usage.is_match(&text),
            "{} names the usage module, which builds on the sdk",
            file.display()
        );
    }
}
