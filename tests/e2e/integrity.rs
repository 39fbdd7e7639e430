//! Integrity under a hostile or careless local user: an archive changed after its checksums is
//! never used (as an action input, for export or for the cache), and an archive rewritten with
//! the genuine one's UUID and fresh checksums never matches the genuine one's recorded steps.

use std::path::Path;

use predicates::prelude::*;

use crate::common::{
    data_file, qiime_with_plugins as qiime, reseal_entry, rewrite_entry, tutorial_command,
    tutorial_example_data,
};

/// The query sequences with the first query's sequence replaced by a run of `A`s.
const REWRITTEN: &[u8] =
    b">query-1 rewritten\nACGTTGCAACGTTGCAACGTTGCAACGTTGCAACGTTGCAACGTTGCAACGTTGCA\n";

/// The search on `query` (in `dir`) with `extra` options, writing `<prefix>-hits.qza`.
fn search(dir: &Path, query: &str, prefix: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    tutorial_command(dir, query, prefix).args(extra).assert()
}

#[test]
fn a_changed_input_is_refused_as_an_action_input_for_export_and_by_the_cache() {
    let (_keep, dir) = tutorial_example_data();
    rewrite_entry(
        &dir.join("query-seqs.qza"),
        &dir.join("tampered.qza"),
        "/data/dna-sequences.fasta",
        REWRITTEN,
    );
    let names_the_change = || {
        predicate::str::contains("tampered.qza")
            .and(predicate::str::contains("data/dna-sequences.fasta"))
    };
    search(&dir, "tampered.qza", "t", &["--no-recycle"])
        .failure()
        .code(1)
        .stderr(names_the_change());
    assert!(!dir.join("t-hits.qza").exists() && !dir.join("t-hits-table.qzv").exists());

    qiime()
        .current_dir(&dir)
        .args(["tools", "export", "--input-path", "tampered.qza"])
        .args(["--output-path", "exported"])
        .assert()
        .failure()
        .stderr(names_the_change());
    assert!(!dir.join("exported").exists());

    qiime()
        .current_dir(&dir)
        .args(["tools", "cache-create", "--cache", "cache"])
        .assert()
        .success();
    qiime()
        .current_dir(&dir)
        .args(["tools", "cache-store", "--cache", "cache"])
        .args(["--artifact-path", "tampered.qza", "--key", "laundered"])
        .assert()
        .failure()
        .stderr(names_the_change());
    assert!(!dir.join("cache/keys/laundered").exists());
    assert_eq!(
        std::fs::read_dir(dir.join("cache/data")).unwrap().count(),
        0
    );
}

#[test]
fn a_rewritten_input_with_the_genuine_uuid_never_shares_its_recorded_steps() {
    let (_keep, dir) = tutorial_example_data();
    reseal_entry(
        &dir.join("query-seqs.qza"),
        &dir.join("rewritten.qza"),
        "/data/dna-sequences.fasta",
        REWRITTEN,
    );
    // The rewritten archive is self-consistent: valid, with the genuine UUID.
    qiime()
        .current_dir(&dir)
        .args(["tools", "validate", "rewritten.qza"])
        .assert()
        .success();
    let uuid = |file: &str| {
        let out = qiime()
            .current_dir(&dir)
            .args(["tools", "peek", file])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(uuid("query-seqs.qza"), uuid("rewritten.qza"));

    search(&dir, "query-seqs.qza", "genuine", &["--no-recycle"]).success();
    search(&dir, "rewritten.qza", "own", &["--no-recycle"]).success();
    let genuine = data_file(&dir.join("genuine-hits.qza"), "hits.tsv");
    let own = data_file(&dir.join("own-hits.qza"), "hits.tsv");
    assert_ne!(genuine, own, "the rewritten queries must give other hits");

    // Either order, sharing one named pool: each file gets its own hits.
    let cache = ["--use-cache", "cache"];
    for (pool, first, second) in [
        ("a", "rewritten.qza", "query-seqs.qza"),
        ("b", "query-seqs.qza", "rewritten.qza"),
    ] {
        let extra = [&cache[..], &["--recycle-pool", pool]].concat();
        search(&dir, first, &format!("{pool}1"), &extra).success();
        search(&dir, second, &format!("{pool}2"), &extra).success();
        let expected = |file: &str| {
            if file == "rewritten.qza" {
                &own
            } else {
                &genuine
            }
        };
        for (n, file) in [(1, first), (2, second)] {
            let hits = data_file(&dir.join(format!("{pool}{n}-hits.qza")), "hits.tsv");
            assert_eq!(&hits, expected(file), "pool {pool}, run {n} on {file}");
        }
    }
}

/// The tutorial's search in `dir` run as the unprivileged user 65534 with no home folder, its
/// temporary folder `tmp`; returns exit code and standard error.
fn search_as_nobody(dir: &Path, tmp: &Path) -> (Option<i32>, String) {
    let output = crate::common::as_unprivileged_user()
        .expect("setpriv is installed")
        .current_dir(dir)
        .env("HOME", "/nonexistent")
        .env("USER", "nobody")
        .env("TMPDIR", tmp)
        .env_remove("XDG_CACHE_HOME")
        .args(["dwq2", "search-and-summarize"])
        .args(["--i-query-seqs", "query-seqs.qza"])
        .args(["--i-reference-seqs", "reference-seqs.qza"])
        .args(["--m-reference-metadata-file", "reference-metadata.tsv"])
        .args(["--p-split-size", "1"])
        .args(["--o-hits", "hits.qza", "--o-hits-table", "table.qzv"])
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Sets the mode of `path`.
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode_and_owner(path: &Path) -> (u32, u32) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).unwrap();
    (meta.mode() & 0o7777, meta.uid())
}

#[test]
fn a_user_without_a_home_folder_runs_pipelines_with_a_private_cache_in_the_temporary_folder() {
    if !crate::common::is_root() {
        eprintln!("note: skipped, running as another user needs root");
        return;
    }
    let (keep, dir) = tutorial_example_data();
    for folder in [keep.path(), &keep.path().join("ex"), &dir] {
        chmod(folder, 0o777);
    }
    let tmp = keep.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    chmod(&tmp, 0o1777);
    let (code, stderr) = search_as_nobody(&dir, &tmp);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("Warning"), "{stderr}");
    assert!(dir.join("hits.qza").is_file() && dir.join("table.qzv").is_file());
    assert_eq!(mode_and_owner(&tmp.join("qiime2")), (0o1777, 65534));
    assert_eq!(mode_and_owner(&tmp.join("qiime2/nobody")), (0o700, 65534));

    // A `qiime2` folder planted by another user, not sticky: the run goes on without a cache.
    std::fs::remove_dir_all(tmp.join("qiime2")).unwrap();
    std::fs::remove_file(dir.join("hits.qza")).unwrap();
    std::fs::create_dir(tmp.join("qiime2")).unwrap();
    chmod(&tmp.join("qiime2"), 0o777);
    let (code, stderr) = search_as_nobody(&dir, &tmp);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("Warning: no cache to record the pipeline's steps in"),
        "{stderr}"
    );
    assert!(
        stderr.contains("not sticky and writable by all"),
        "{stderr}"
    );
    assert!(dir.join("hits.qza").is_file());
    assert_eq!(std::fs::read_dir(tmp.join("qiime2")).unwrap().count(), 0);
}

#[test]
fn a_cache_another_user_could_plant_results_in_is_refused_unless_shared_with_a_group() {
    let (_keep, dir) = tutorial_example_data();
    qiime()
        .current_dir(&dir)
        .args(["tools", "cache-create", "--cache", "cache"])
        .assert()
        .success();
    let cache = dir.join("cache");
    let run = |pool: &str| search(&dir, "query-seqs.qza", pool, &["--use-cache", "cache"]);
    chmod(&cache, 0o777);
    run("open")
        .failure()
        .stderr(predicate::str::contains("refused to use"))
        .stderr(predicate::str::contains(
            "writable by every user (mode 0777)",
        ));
    assert!(!dir.join("open-hits.qza").exists());
    chmod(&cache, 0o755);
    if !crate::common::is_root() {
        eprintln!("note: skipped the other-owner cases, changing a folder's owner needs root");
        return;
    }
    std::os::unix::fs::chown(&cache, Some(65534), Some(65534)).unwrap();
    run("other")
        .failure()
        .stderr(predicate::str::contains("owned by another user (uid 65534"));
    // Shared on purpose with a group of this user's: used, with one line saying so.
    std::os::unix::fs::chown(&cache, Some(65534), Some(0)).unwrap();
    chmod(&cache, 0o2770);
    run("shared").success().stderr(predicate::str::contains(
        "note: using the cache cache of user 65534, shared with your group 0",
    ));
}
