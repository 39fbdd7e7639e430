//! The `qiime tools` commands QIIME 2 users script against, under q2cli's names and options:
//! `extract`, `cast-metadata`, `cache-import` and `cache-garbage-collection`.

use predicates::prelude::*;

use crate::common::{qiime_with_plugins as qiime, tutorial_example_data};

#[test]
fn extract_unzips_the_whole_result_into_a_folder_named_by_its_uuid() {
    let (_keep, dir) = tutorial_example_data();
    let out = qiime()
        .current_dir(&dir)
        .args(["tools", "extract", "--input-path", "query-seqs.qza"])
        .args(["--output-path", "out"])
        .assert()
        .success();
    let printed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let uuid = qiime2::archive::peek(&dir.join("query-seqs.qza"))
        .unwrap()
        .metadata
        .uuid;
    let root = dir.join("out").join(uuid.to_string());
    assert_eq!(
        printed,
        format!("Extracted query-seqs.qza to directory out/{uuid}\n")
    );
    for file in [
        "VERSION",
        "checksums.md5",
        "metadata.yaml",
        "data/dna-sequences.fasta",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
    assert!(root.join("provenance/action/action.yaml").is_file());
    assert_eq!(
        std::fs::read_dir(dir.join("out")).unwrap().count(),
        1,
        "nothing else left"
    );
    // Again: the folder exists, and nothing is overwritten.
    qiime()
        .current_dir(&dir)
        .args(["tools", "extract", "--input-path", "query-seqs.qza"])
        .args(["--output-path", "out"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("exists already"));
    qiime()
        .current_dir(&dir)
        .args(["tools", "extract", "--input-path", "reference-metadata.tsv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not a valid QIIME 2 Result"));
}

#[test]
fn cast_metadata_reads_columns_as_other_types() {
    let (_keep, dir) = tutorial_example_data();
    let cast = |extra: &[&str]| {
        qiime()
            .current_dir(&dir)
            .args(["tools", "cast-metadata", "reference-metadata.tsv"])
            .args(extra)
            .assert()
    };
    let out = cast(&["--cast", "gene length:categorical"]).success();
    let printed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let types = printed.lines().nth(1).unwrap();
    assert!(types.starts_with("#q2:types\t"), "{printed}");
    assert!(!types.contains("numeric"), "{types}");
    cast(&["--cast", "species:numeric"])
        .failure()
        .code(1)
        .stderr(predicate::str::contains("species"))
        .stderr(predicate::str::contains("as numeric"));
    cast(&["--cast", "nope:numeric"])
        .failure()
        .stderr(predicate::str::contains("no column nope"));
    cast(&["--cast", "nope:numeric", "--ignore-extra"]).success();
    cast(&["--cast", "species:text"])
        .failure()
        .stderr(predicate::str::contains("expected categorical or numeric"));
    cast(&["--cast", "species:categorical", "--error-on-missing"])
        .failure()
        .stderr(predicate::str::contains(
            "no cast is given for the column(s)",
        ));
    cast(&[
        "--cast",
        "gene length:categorical",
        "--output-file",
        "cast.tsv",
    ])
    .success();
    let written = std::fs::read_to_string(dir.join("cast.tsv")).unwrap();
    assert_eq!(written.replace("\r\n", "\n"), printed.replace("\r\n", "\n"));
}

#[test]
fn cache_import_stores_imported_data_under_a_key_and_garbage_collection_has_q2clis_name() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::write(dir.join("seqs.fasta"), ">s1\nACGT\n>s2\nGGCC\n").unwrap();
    let tools = |args: &[&str]| qiime().current_dir(dir).arg("tools").args(args).assert();
    tools(&["cache-create", "--cache", "c"]).success();
    tools(&[
        "cache-import",
        "--type",
        "FeatureData[Sequence]",
        "--input-path",
        "seqs.fasta",
        "--cache",
        "c",
        "--key",
        "seqs",
        "--validate-level",
        "min",
    ])
    .success()
    .stdout("Imported seqs.fasta as DNASequencesDirectoryFormat to c:seqs\n");
    tools(&["cache-status", "--cache", "c"])
        .success()
        .stdout(predicate::str::contains("seqs -> "));
    tools(&[
        "cache-fetch",
        "--cache",
        "c",
        "--key",
        "seqs",
        "--output-path",
        "seqs.qza",
    ])
    .success();
    tools(&["validate", "seqs.qza"]).success();
    for name in ["cache-garbage-collection", "cache-garbage-collect"] {
        tools(&[name, "--cache", "c"])
            .success()
            .stdout(predicate::str::starts_with(
                "Collected the garbage of the cache c",
            ));
    }
}
