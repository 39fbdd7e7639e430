//! A result's complete `provenance/` as a tree of files, some on disk and some in memory, so
//! that it can be zipped or written out without first being copied into a folder.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::archive::{Node, ResultMetadata, Source, Tree, VersionFile, scan_dir};

use super::super::error::SdkError;
use super::Artifact;
use super::record_budget::Charge;
use super::spill_log::{Extent, SpillLog};

/// Where a result's own provenance record is.
#[derive(Debug)]
pub(crate) enum OwnProvenance {
    /// A `provenance/` folder on disk. For a result read from an archive or a folder it is
    /// complete, its ancestors flattened into its `artifacts/`; for a step read back from a
    /// cache's recycle pool it holds only its own record, and its ancestors are the result's
    /// `ancestors`.
    Dir(PathBuf),
    /// The record of a result made in this process, by path inside `provenance/`
    /// (`action/action.yaml`, `citations.bib`, ...); `VERSION` and `metadata.yaml` are added
    /// when it is written. Its ancestors are the result's `ancestors`.
    Files {
        /// The files; the outputs of one call share the texts they have in common.
        files: Vec<(String, Arc<str>)>,
        /// Their bytes, taken from the record budget while they are held.
        _charge: Charge,
    },
    /// The record of a result made in this process past the record budget: as `Files`, but
    /// the texts are in the process's spill file.
    Spilled {
        /// The spill file.
        log: Arc<SpillLog>,
        /// The files, by path inside `provenance/`, and where their texts are in `log`.
        files: Vec<(String, Extent)>,
    },
}

/// The provenance of `artifact` and of every ancestor, flattened as an archive holds it.
pub(super) fn provenance_tree(artifact: &Artifact) -> Result<Tree, SdkError> {
    let mut tree = own_tree(&artifact.inner.provenance, &artifact.inner.metadata)?;
    if artifact.inner.ancestors.is_empty() {
        return Ok(tree);
    }
    let mut flattened = Tree::new();
    let mut seen = HashSet::new();
    let mut pending: Vec<&Artifact> = artifact.inner.ancestors.iter().rev().collect();
    while let Some(ancestor) = pending.pop() {
        if !seen.insert(ancestor.uuid()) {
            continue;
        }
        let mut own = own_tree(&ancestor.inner.provenance, &ancestor.inner.metadata)?;
        // An ancestor read from disk carries its own ancestors, already flattened.
        if let Some(Node::Dir(nested)) = own.remove("artifacts") {
            for (uuid, node) in nested {
                flattened.entry(uuid).or_insert(node);
            }
        }
        flattened
            .entry(ancestor.uuid().to_string())
            .or_insert(Node::Dir(own));
        pending.extend(ancestor.inner.ancestors.iter().rev());
    }
    tree.insert("artifacts".into(), Node::Dir(flattened));
    Ok(tree)
}

/// The result's own record: the folder on disk as it is, or the files held in memory with
/// `VERSION` and `metadata.yaml`.
pub(super) fn own_tree(
    provenance: &OwnProvenance,
    metadata: &ResultMetadata,
) -> Result<Tree, SdkError> {
    match provenance {
        OwnProvenance::Dir(dir) => Ok(scan_dir(dir)?),
        OwnProvenance::Files { files, .. } => Ok(record_tree(
            files
                .iter()
                .map(|(path, text)| (path, Source::Bytes(text.as_bytes().to_vec()))),
            metadata,
        )),
        OwnProvenance::Spilled { log, files } => Ok(record_tree(
            files.iter().map(|(path, extent)| {
                let source = Source::Range {
                    path: Arc::clone(log.path()),
                    offset: extent.offset,
                    len: extent.len,
                };
                (path, source)
            }),
            metadata,
        )),
    }
}

/// The own record of a result made in this process from its files, with `VERSION` and
/// `metadata.yaml`.
fn record_tree<'a>(
    files: impl Iterator<Item = (&'a String, Source)>,
    metadata: &ResultMetadata,
) -> Tree {
    let mut tree = Tree::new();
    for (path, source) in files {
        insert(&mut tree, path, source);
    }
    let version = VersionFile::current(crate::archive::FRAMEWORK_VERSION).render();
    insert(&mut tree, "VERSION", Source::Bytes(version.into_bytes()));
    let yaml = metadata.to_yaml();
    insert(&mut tree, "metadata.yaml", Source::Bytes(yaml.into_bytes()));
    tree
}

/// Puts `source` at the `/`-separated `path` of `tree`, making its folders.
fn insert(tree: &mut Tree, path: &str, source: Source) {
    match path.split_once('/') {
        Some((dir, rest)) => {
            let node = tree
                .entry(dir.to_owned())
                .or_insert_with(|| Node::Dir(Tree::new()));
            if let Node::Dir(sub) = node {
                insert(sub, rest, source);
            }
        }
        None => {
            tree.insert(path.to_owned(), Node::File(source));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use uuid::Uuid;

    use crate::archive::{ResultMetadata, write_tree};
    use crate::sdk::Artifact;

    use super::super::held_or_spilled;
    use super::super::record_budget::{Budget, RECORD_BUDGET};
    use super::{OwnProvenance, own_tree};

    fn metadata(uuid: Uuid) -> ResultMetadata {
        ResultMetadata::artifact(uuid, "IntSequence1", "IntSequenceDirectoryFormat")
    }

    /// An unzipped result on disk whose provenance names `nested` ancestors.
    fn on_disk(root: &Path, uuid: Uuid, nested: &[Uuid]) -> Artifact {
        let dir = root.join(uuid.to_string());
        let write = |path: &str, text: &str| {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("metadata.yaml", &metadata(uuid).to_yaml());
        write("data/ints.txt", "1\n");
        write("provenance/VERSION", "version\n");
        write(
            "provenance/action/action.yaml",
            &format!("record of {uuid}\n"),
        );
        for n in nested {
            write(
                &format!("provenance/artifacts/{n}/action/action.yaml"),
                &format!("record of {n}\n"),
            );
        }
        Artifact::open_dir(&dir).unwrap()
    }

    fn made(root: &Path, uuid: Uuid, ancestors: Vec<Artifact>) -> Artifact {
        let data = root.join(format!("data-{uuid}"));
        std::fs::create_dir_all(&data).unwrap();
        let folder = Arc::new(tempfile::tempdir().unwrap());
        let record = vec![
            (
                "action/action.yaml".to_owned(),
                format!("record of {uuid}\n"),
            ),
            ("citations.bib".to_owned(), String::new()),
        ];
        Artifact::made(metadata(uuid), data, record, folder, ancestors)
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn ancestors_are_flattened_once_each_from_disk_and_memory() {
        let tmp = tempfile::tempdir().unwrap();
        let [a, b, c, shared, deep, top] = [(); 6].map(|()| Uuid::new_v4());
        // a and b (on disk) both descend from `shared` and `deep`; c (in memory) from a.
        let disk_a = on_disk(tmp.path(), a, &[shared, deep]);
        let disk_b = on_disk(tmp.path(), b, &[shared, deep]);
        let memory_c = made(tmp.path(), c, vec![disk_a]);
        let result = made(tmp.path(), top, vec![memory_c, disk_b]);
        let out = tmp.path().join("out");
        result.write_provenance(&out).unwrap();

        assert_eq!(
            read(&out.join("action/action.yaml")),
            format!("record of {top}\n")
        );
        assert_eq!(read(&out.join("metadata.yaml")), metadata(top).to_yaml());
        let mut names: Vec<String> = std::fs::read_dir(out.join("artifacts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut want: Vec<String> = [a, b, c, shared, deep].map(|u| u.to_string()).into();
        want.sort();
        assert_eq!(names, want);
        for uuid in [a, b, c, shared, deep] {
            let dir = out.join("artifacts").join(uuid.to_string());
            assert!(
                !dir.join("artifacts").exists(),
                "nested artifacts under {uuid}"
            );
            assert_eq!(
                read(&dir.join("action/action.yaml")),
                format!("record of {uuid}\n")
            );
        }
        // A result made here gets its VERSION and metadata.yaml; one from disk keeps its own.
        let c_dir = out.join("artifacts").join(c.to_string());
        assert_eq!(read(&c_dir.join("metadata.yaml")), metadata(c).to_yaml());
        assert!(read(&c_dir.join("VERSION")).starts_with("QIIME 2\n"));
        assert_eq!(
            read(&out.join("artifacts").join(a.to_string()).join("VERSION")),
            "version\n"
        );
    }

    #[test]
    fn provenance_dir_writes_only_the_own_record_once() {
        let tmp = tempfile::tempdir().unwrap();
        let [a, top] = [(); 2].map(|()| Uuid::new_v4());
        let result = made(tmp.path(), top, vec![on_disk(tmp.path(), a, &[])]);
        let dir = result.provenance_dir().unwrap();
        assert_eq!(result.provenance_dir().unwrap(), dir);
        assert_eq!(
            read(&dir.join("action/action.yaml")),
            format!("record of {top}\n")
        );
        assert!(!dir.join("artifacts").exists());
    }

    /// The own record of `artifact` held in memory, if it is.
    fn held(artifact: &Artifact) -> Option<&[(String, Arc<str>)]> {
        match &artifact.inner.provenance {
            OwnProvenance::Files { files, .. } => Some(files),
            OwnProvenance::Dir(_) | OwnProvenance::Spilled { .. } => None,
        }
    }

    /// Every file under `dir` with its bytes, by path relative to it.
    fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let rel = path
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    files.push((rel, std::fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    fn record(action_yaml: String, citations: &Arc<str>) -> Vec<(String, Arc<str>)> {
        vec![
            ("action/action.yaml".to_owned(), action_yaml.into()),
            ("citations.bib".to_owned(), Arc::clone(citations)),
        ]
    }

    #[test]
    fn the_outputs_of_one_call_share_its_citations() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = Arc::new(tempfile::tempdir().unwrap());
        let citations: Arc<str> = "@misc{k,\n title = {T}\n}\n".into();
        let outputs: Vec<Artifact> = (0..3)
            .map(|i| {
                let data = tmp.path().join(format!("data-{i}"));
                std::fs::create_dir(&data).unwrap();
                let files = record(format!("output {i}\n"), &citations);
                Artifact::made(
                    metadata(Uuid::new_v4()),
                    data,
                    files,
                    Arc::clone(&folder),
                    Vec::new(),
                )
            })
            .collect();
        for output in &outputs {
            let files = held(output).expect("a small record is held in memory");
            assert!(Arc::ptr_eq(&files[1].1, &citations), "citations copied");
        }
    }

    #[test]
    fn past_the_budget_records_go_to_disk_and_read_back_the_same() {
        let tmp = tempfile::tempdir().unwrap();
        let budget: &'static Budget = Box::leak(Box::new(Budget::new(200)));
        let citations: Arc<str> = "@misc{k,\n title = {T}\n}\n".into();
        let meta = metadata(Uuid::new_v4());
        let first = held_or_spilled(budget, record("a".repeat(100), &citations));
        assert!(matches!(first, OwnProvenance::Files { .. }));
        let second = held_or_spilled(budget, record("a".repeat(100), &citations));
        let OwnProvenance::Spilled { log, .. } = &second else {
            panic!("the second record is past the budget of 200 bytes");
        };
        assert!(log.path().is_file());
        // Read back, the spilled record is the one held in memory, byte for byte.
        let (memory, disk) = (tmp.path().join("memory"), tmp.path().join("disk"));
        write_tree(&own_tree(&first, &meta).unwrap(), &memory).unwrap();
        write_tree(&own_tree(&second, &meta).unwrap(), &disk).unwrap();
        assert_eq!(files_under(&memory), files_under(&disk));
        assert_eq!(
            files_under(&disk)
                .iter()
                .map(|(p, _)| p.as_str())
                .collect::<Vec<_>>(),
            [
                "VERSION",
                "action/action.yaml",
                "citations.bib",
                "metadata.yaml"
            ]
        );
        // Dropping the held record gives its bytes back: the next one fits again.
        drop(first);
        let third = held_or_spilled(budget, record("b".repeat(100), &citations));
        assert!(matches!(third, OwnProvenance::Files { .. }));
    }

    #[test]
    fn a_result_made_past_the_budget_saves_the_same_provenance() {
        let tmp = tempfile::tempdir().unwrap();
        let [a, top] = [(); 2].map(|()| Uuid::new_v4());
        let ancestor = on_disk(tmp.path(), a, &[]);
        // A record larger than the whole budget never fits: it goes to disk at once.
        let big = format!("{}\n", "x".repeat(RECORD_BUDGET));
        let citations: Arc<str> = "@misc{k,\n title = {T}\n}\n".into();
        let folder = Arc::new(tempfile::tempdir().unwrap());
        let data = tmp.path().join("data-top");
        std::fs::create_dir(&data).unwrap();
        let result = Artifact::made(
            metadata(top),
            data,
            record(big.clone(), &citations),
            Arc::clone(&folder),
            vec![ancestor],
        );
        assert!(
            matches!(result.inner.provenance, OwnProvenance::Spilled { .. }),
            "a record past the budget is held in memory"
        );
        let out = tmp.path().join("out");
        result.write_provenance(&out).unwrap();
        assert_eq!(read(&out.join("action/action.yaml")), big);
        assert_eq!(read(&out.join("citations.bib")), &*citations);
        assert_eq!(read(&out.join("metadata.yaml")), metadata(top).to_yaml());
        assert!(read(&out.join("VERSION")).starts_with("QIIME 2\n"));
        assert!(out.join("artifacts").join(a.to_string()).is_dir());
        let own = result.provenance_dir().unwrap();
        assert_eq!(read(&own.join("action/action.yaml")), big);
        assert!(!own.join("artifacts").exists());
        // Saved as an archive, it reads back with the same record.
        let saved = result.save(&tmp.path().join("big.qza")).unwrap();
        let loaded = Artifact::load(&saved).unwrap();
        let dir = loaded.provenance_dir().unwrap();
        assert_eq!(read(&dir.join("action/action.yaml")), big);
        assert_eq!(read(&dir.join("citations.bib")), &*citations);
    }

    #[test]
    fn a_fixture_ancestor_keeps_qiime_layout() {
        let Some(fixture) = crate::test_fixtures::fixture("serial-hits.qza") else {
            return;
        };
        let tmp = tempfile::tempdir().unwrap();
        let original = Artifact::load(&fixture).unwrap();
        let original_dir = original.provenance_dir().unwrap();
        let result = made(tmp.path(), Uuid::new_v4(), vec![original.clone()]);
        let out = tmp.path().join("out");
        result.write_provenance(&out).unwrap();
        // The ancestor and all of its own ancestors sit side by side.
        assert_eq!(
            std::fs::read_dir(out.join("artifacts")).unwrap().count(),
            1 + std::fs::read_dir(original_dir.join("artifacts"))
                .unwrap()
                .count()
        );
        let copied = out.join("artifacts").join(original.uuid().to_string());
        assert_eq!(
            std::fs::read(copied.join("action/reference_metadata.tsv")).unwrap(),
            std::fs::read(original_dir.join("action/reference_metadata.tsv")).unwrap()
        );
    }
}
