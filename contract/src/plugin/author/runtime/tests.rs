//! The example-data service run in-process, and registrations submitted from a test module.

use super::*;
use crate::plugin::demo;

fn run(plugin: &BuiltPlugin, factory: &str, dir: &Path) -> Result<ExampleDataReply, String> {
    let request = ServiceRequest::ExampleData {
        factory: factory.to_owned(),
        dir: dir.display().to_string(),
    };
    // Through JSON both ways, as across the ABI.
    let request: ServiceRequest =
        serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
    let reply = plugin.service(&request)?;
    Ok(serde_json::from_str(&reply).unwrap())
}

#[test]
fn an_artifact_factory_writes_its_data_and_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let reply = run(&demo::build(), "query_seqs_factory", dir.path()).unwrap();
    assert_eq!(
        reply,
        ExampleDataReply::Artifact {
            semantic_type: "FeatureData[Sequence]".into(),
            format: "DNASequencesDirectoryFormat".into(),
        }
    );
    let fasta = std::fs::read_to_string(dir.path().join("dna-sequences.fasta")).unwrap();
    assert!(fasta.starts_with(">q1\n"));
}

#[test]
fn a_metadata_factory_writes_the_tsv_file_it_reports() {
    let dir = tempfile::tempdir().unwrap();
    let reply = run(&demo::build(), "metadata_factory", dir.path()).unwrap();
    let file = dir.path().join(METADATA_FILE);
    assert_eq!(
        reply,
        ExampleDataReply::Metadata {
            file: file.display().to_string()
        }
    );
    assert!(
        std::fs::read_to_string(file)
            .unwrap()
            .starts_with("id\tphylum\n")
    );
}

#[test]
fn failing_factories_become_errors_naming_them() {
    let plugin = demo::build();
    let dir = tempfile::tempdir().unwrap();
    // Where the panic happened is named too once a dylib entry point made panics quiet.
    let panicked = run(&plugin, "panicking_factory", dir.path()).unwrap_err();
    assert!(
        panicked.starts_with("example-data factory 'panicking_factory': the plugin panicked")
            && panicked.ends_with(": no sequences today"),
        "{panicked}"
    );
    assert_eq!(
        run(&plugin, "failing_factory", dir.path()).unwrap_err(),
        "example-data factory 'failing_factory': the sequences are missing"
    );
    assert_eq!(
        run(&plugin, "lazy_metadata_factory", dir.path()).unwrap_err(),
        format!(
            "example-data factory 'lazy_metadata_factory': it wrote no file {}",
            dir.path().join(METADATA_FILE).display()
        )
    );
    assert_eq!(
        run(&plugin, "nothing_factory", dir.path()).unwrap_err(),
        "plugin 'demo' has no example-data factory 'nothing_factory'"
    );
}

#[test]
fn a_collection_factory_reports_its_members_in_order() {
    let plugin = demo::build();
    let dir = tempfile::tempdir().unwrap();
    let reply = run(&plugin, "seq_splits_factory", dir.path()).unwrap();
    let format = "DNASequencesDirectoryFormat".to_owned();
    assert_eq!(
        reply,
        ExampleDataReply::ArtifactCollection {
            semantic_type: "FeatureData[Sequence]".into(),
            members: vec![("0".into(), format.clone()), ("1".into(), format)],
        }
    );
    assert!(dir.path().join("1/dna-sequences.fasta").is_file());
    let err = run(&plugin, "bad_keys_factory", dir.path()).unwrap_err();
    assert!(
        err.starts_with("example-data factory 'bad_keys_factory': member '../escape' is not"),
        "{err}"
    );
}

#[test]
fn a_view_factory_writes_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let reply = run(&demo::build(), "letters_factory", dir.path()).unwrap();
    assert_eq!(
        reply,
        ExampleDataReply::Artifact {
            semantic_type: "Letters".into(),
            format: "LettersDirectoryFormat".into(),
        }
    );
    let data = crate::plugin::ArtifactData {
        data_dir: dir.path().display().to_string(),
        semantic_type: "Letters".into(),
        format: "LettersDirectoryFormat".into(),
        handle: None,
    };
    use crate::plugin::View;
    assert_eq!(demo::Letters::read(&data).unwrap().0, "ACGT");
}

fn register_demo(plugin: &mut PluginBuilder) {
    demo::register(plugin);
}
crate::register!(register_demo);

#[test]
fn registrations_submitted_in_a_test_module_are_found() {
    let plugin = BuiltPlugin::build(&demo::INFO, env!("CARGO_PKG_NAME")).unwrap();
    let descriptor = plugin.descriptor();
    let ids: Vec<_> = descriptor
        .example_data
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert!(ids.contains(&"metadata_factory"), "{ids:?}");
    let search = descriptor
        .actions
        .iter()
        .find(|a| a.id == "search_and_summarize")
        .unwrap();
    assert_eq!(search.examples[0].name, "Serial");
}
