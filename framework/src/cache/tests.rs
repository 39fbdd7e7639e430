//! Tests of the cache: layout, keys, pools, recycling, garbage collection, damage, locks.

use uuid::Uuid;

use super::*;
use crate::archive::ResultMetadata;
use crate::sdk::{Artifact, Output, Results, StepKey};

/// A small artifact whose data file holds `text`.
fn artifact(text: &str) -> Artifact {
    let folder = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let data = folder.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("ints.txt"), text).unwrap();
    let metadata = ResultMetadata::artifact(Uuid::new_v4(), "IntSequence1", "IntSequenceFormat");
    let record = vec![("action/action.yaml".to_owned(), "imported\n".to_owned())];
    Artifact::made(metadata, data, record, folder, Vec::new())
}

fn read(artifact: &Artifact) -> String {
    std::fs::read_to_string(artifact.data_dir().join("ints.txt")).unwrap()
}

fn new_cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::create(&dir.path().join("cache")).unwrap();
    (dir, cache)
}

fn step(n: u8) -> StepKey {
    StepKey {
        plugin: "p".into(),
        action: "a".into(),
        digest: format!("{n:064x}"),
    }
}

#[test]
fn a_new_cache_has_qiime2_layout_and_existing_paths_are_checked() {
    let (dir, cache) = new_cache();
    for folder in ["data", "keys", "pools", "processes"] {
        assert!(cache.path().join(folder).is_dir(), "{folder}");
    }
    let version = std::fs::read_to_string(cache.path().join("VERSION")).unwrap();
    assert_eq!(
        version,
        format!(
            "QIIME 2\ncache: 1\nframework: {}\n",
            crate::archive::FRAMEWORK_VERSION
        )
    );
    assert!(Cache::is_cache(cache.path()));
    assert!(matches!(
        Cache::create(cache.path()),
        Err(CacheError::Exists { .. })
    ));
    // Opening an existing cache works; a folder that is not a cache is refused.
    assert!(Cache::open(cache.path()).is_ok());
    let plain = dir.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    let err = Cache::open(&plain).unwrap_err();
    assert!(matches!(err, CacheError::NotACache { .. }), "{err}");
    assert!(err.to_string().contains("is not a QIIME 2 cache"), "{err}");
}

#[test]
fn this_process_has_an_entry_while_the_cache_is_open() {
    let (_dir, cache) = new_cache();
    let entry = cache.process_dir();
    assert!(
        !entry.exists(),
        "no entry until the process holds something"
    );
    cache.hold_pool("some_pool").unwrap();
    assert!(entry.is_dir());
    drop(cache);
    assert!(!entry.exists(), "the entry goes when the cache is dropped");
}

#[test]
fn a_stored_result_is_unzipped_under_its_uuid_and_fetched_back() {
    let (_dir, cache) = new_cache();
    let ints = artifact("1\n2\n");
    cache.store(&ints, "my_ints").unwrap();
    let root = cache.path().join("data").join(ints.uuid().to_string());
    for file in [
        "VERSION",
        "metadata.yaml",
        "checksums.md5",
        "data/ints.txt",
        "provenance/VERSION",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
    let key = std::fs::read_to_string(cache.path().join("keys/my_ints")).unwrap();
    assert_eq!(
        key,
        format!("origin:\n my_ints\ndata:\n {}\npool:\n \n", ints.uuid())
    );
    let fetched = cache.fetch("my_ints").unwrap();
    assert_eq!(fetched.uuid(), ints.uuid());
    assert_eq!(read(&fetched), "1\n2\n");
    assert_eq!(
        cache.read_key("my_ints").unwrap(),
        KeyTarget::Data(ints.uuid())
    );
}

#[test]
fn bad_and_unknown_keys_are_refused() {
    let (_dir, cache) = new_cache();
    let err = cache.fetch("nothing_here").unwrap_err();
    assert!(matches!(err, CacheError::NoSuchKey { .. }), "{err}");
    assert!(
        err.to_string().contains("has no key 'nothing_here'"),
        "{err}"
    );
    let err = cache.store(&artifact("1\n"), "../escape").unwrap_err();
    assert!(matches!(err, CacheError::BadKey { .. }), "{err}");
    cache.create_pool("pool_a").unwrap();
    let err = cache.fetch("pool_a").unwrap_err();
    assert!(
        err.to_string().contains("names a pool, not a result"),
        "{err}"
    );
}

#[test]
fn a_recycle_pool_records_steps_and_gives_them_back() {
    let (_dir, cache) = new_cache();
    let pool = RecyclePool::open(&cache, "resume").unwrap();
    assert!(pool.lookup_step(&step(1)).unwrap().is_none());
    assert!(
        matches!(cache.read_key("resume"), Err(CacheError::NoSuchKey { .. })),
        "the pool is made when its first step is recorded"
    );
    let mut results = Results::default();
    results.push("one", Output::Artifact(artifact("7\n")));
    results.push(
        "many",
        Output::Collection(vec![
            ("b".into(), artifact("2\n")),
            ("a".into(), artifact("1\n")),
        ]),
    );
    pool.store_step(&step(1), &results).unwrap();
    assert_eq!(
        cache.read_key("resume").unwrap(),
        KeyTarget::Pool("resume".into())
    );
    assert_eq!(pool.steps().unwrap(), 1);
    let back = pool.lookup_step(&step(1)).unwrap().unwrap();
    let one = back.artifact("one").unwrap();
    assert_eq!(one.uuid(), results.artifact("one").unwrap().uuid());
    assert_eq!(read(one), "7\n");
    let many: Vec<(String, String)> = back
        .collection("many")
        .unwrap()
        .iter()
        .map(|(k, a)| (k.clone(), read(a)))
        .collect();
    assert_eq!(
        many,
        [("b".into(), "2\n".into()), ("a".into(), "1\n".into())],
        "a collection keeps its order"
    );
    assert!(pool.lookup_step(&step(2)).unwrap().is_none());
    // A second handle on the same pool (another run) sees the step.
    let again = RecyclePool::open(&Cache::open(cache.path()).unwrap(), "resume").unwrap();
    assert!(again.lookup_step(&step(1)).unwrap().is_some());
    let status = cache.status().unwrap();
    assert_eq!(
        status.keys,
        [KeyStatus::Pool {
            key: "resume".into(),
            results: 3,
            steps: 1
        }]
    );
    assert_eq!(status.data, 3);
    // Removing the pool removes its data, once no other process holds them.
    drop((again, back));
    pool.remove().unwrap();
    assert_eq!(cache.status().unwrap().data, 0);
    assert!(cache.status().unwrap().keys.is_empty());
}

#[test]
fn garbage_collection_keeps_what_keys_pools_and_live_processes_hold() {
    let (_dir, cache) = new_cache();
    let kept = artifact("1\n");
    cache.store(&kept, "kept").unwrap();
    let dropped = artifact("2\n");
    cache.store(&dropped, "dropped").unwrap();
    // A dead process's entry and unfinished write, and a pool without a key.
    let dead = "4294967295-1@someone.0000";
    let dead_entry = cache.path().join("processes").join(dead);
    std::fs::create_dir(&dead_entry).unwrap();
    std::fs::write(cache.path().join("tmp").join(format!("{dead}.abc")), "x").unwrap();
    std::fs::create_dir(cache.path().join("pools/orphan")).unwrap();
    // Another cache handle stands for another process, which ends.
    let other = Cache::open(cache.path()).unwrap();
    let held_by_other = artifact("3\n");
    other.store(&held_by_other, "tmp_key").unwrap();
    // Reading a result makes the process hold it.
    other.fetch("tmp_key").unwrap();
    std::fs::remove_file(cache.path().join("keys/tmp_key")).unwrap();
    std::fs::remove_file(cache.path().join("keys/dropped")).unwrap();
    let path = cache.path().to_path_buf();
    drop(cache);
    let collector = Cache::open(&path).unwrap();
    let collected = collector.garbage_collect().unwrap();
    assert_eq!(collected.data, 1, "{collected:?}");
    assert_eq!(collected.pools, 1);
    assert_eq!(collected.processes, 1);
    assert_eq!(collected.temporary, 1);
    assert!(path.join("data").join(kept.uuid().to_string()).is_dir());
    assert!(!path.join("data").join(dropped.uuid().to_string()).exists());
    assert!(
        path.join("data")
            .join(held_by_other.uuid().to_string())
            .is_dir(),
        "a live process holds it"
    );
    drop(other);
    collector.garbage_collect().unwrap();
    assert!(
        !path
            .join("data")
            .join(held_by_other.uuid().to_string())
            .exists()
    );
    collector.remove("kept").unwrap();
    assert!(!path.join("data").join(kept.uuid().to_string()).exists());
}

fn damage(cache: &Cache, artifact: &Artifact) {
    let file = cache
        .path()
        .join("data")
        .join(artifact.uuid().to_string())
        .join("data/ints.txt");
    // Replace (not rewrite) the file: the cached copy may share its inode with the original.
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, "666\n").unwrap();
}

#[test]
fn a_damaged_result_is_reported_with_its_key_and_uuid_and_never_used() {
    let (_dir, cache) = new_cache();
    let ints = artifact("1\n2\n");
    cache.store(&ints, "ints").unwrap();
    damage(&cache, &ints);
    let err = cache.fetch("ints").unwrap_err();
    assert!(matches!(err, CacheError::Corrupt { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains(&ints.uuid().to_string()), "{message}");
    assert!(message.contains("key 'ints'"), "{message}");
    assert!(message.contains("data/ints.txt"), "{message}");
    assert!(message.contains("--key ints`"), "{message}");

    let pool = RecyclePool::open(&cache, "pool").unwrap();
    let made = artifact("5\n");
    let mut results = Results::default();
    results.push("out", Output::Artifact(made.clone()));
    pool.store_step(&step(3), &results).unwrap();
    damage(&cache, &made);
    let err = pool.lookup_step(&step(3)).unwrap_err().to_string();
    assert!(err.contains("pool 'pool', step p a"), "{err}");
    assert!(err.contains(&made.uuid().to_string()), "{err}");
    // A missing result is reported too.
    std::fs::remove_dir_all(cache.data_path(made.uuid())).unwrap();
    let err = pool.lookup_step(&step(3)).unwrap_err().to_string();
    assert!(err.contains("is missing"), "{err}");
    // A damaged step record is named.
    let record = cache
        .path()
        .join("pools/pool")
        .join(format!("step-{}.json", step(3).digest));
    std::fs::write(&record, "{ not json").unwrap();
    let err = pool.lookup_step(&step(3)).unwrap_err().to_string();
    assert!(err.contains(&record.display().to_string()), "{err}");
}

#[test]
fn writes_leave_no_partial_items_and_litter_stays_in_tmp() {
    let (_dir, cache) = new_cache();
    // An unfinished write (as a kill would leave it) is in tmp/, never in data/ or keys/.
    let partial = cache.tmp_dir().join(format!("{}.x", cache.process_name()));
    std::fs::create_dir_all(partial.join("data")).unwrap();
    let ints = artifact("1\n");
    cache.store(&ints, "k").unwrap();
    let data: Vec<_> = std::fs::read_dir(cache.path().join("data"))
        .unwrap()
        .collect();
    assert_eq!(data.len(), 1);
    // Replacing a key is atomic: it names the new result, never a mix.
    let other = artifact("2\n");
    cache.store(&other, "k").unwrap();
    assert_eq!(read(&cache.fetch("k").unwrap()), "2\n");
    // This process's litter is kept while it lives (it may be a write in progress).
    assert_eq!(cache.garbage_collect().unwrap().temporary, 0);
    assert!(partial.exists());
}

#[test]
fn many_writers_and_a_collector_at_once_lose_nothing() {
    let (_dir, cache) = new_cache();
    let path = cache.path().to_path_buf();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let cache = Cache::open(&path).unwrap();
                let pool = RecyclePool::open(&cache, "shared_pool").unwrap();
                for i in 0..5u8 {
                    let a = artifact(&format!("{t}{i}\n"));
                    cache.store(&a, &format!("k{t}_{i}")).unwrap();
                    let mut results = Results::default();
                    results.push("out", Output::Artifact(a));
                    pool.store_step(&step(t * 10 + i), &results).unwrap();
                    cache.garbage_collect().unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let collector = Cache::open(&path).unwrap();
    collector.garbage_collect().unwrap();
    let pool = RecyclePool::open(&collector, "shared_pool").unwrap();
    for t in 0..4u8 {
        for i in 0..5u8 {
            assert_eq!(
                read(&collector.fetch(&format!("k{t}_{i}")).unwrap()),
                format!("{t}{i}\n")
            );
            assert!(pool.lookup_step(&step(t * 10 + i)).unwrap().is_some());
        }
    }
}

#[test]
fn the_exclusive_lock_waits_for_shared_holders() {
    let (_dir, cache) = new_cache();
    let shared = cache.shared().unwrap();
    let file = std::fs::File::open(cache.path().join(".lock")).unwrap();
    assert!(
        file.try_lock().is_err(),
        "exclusive is refused while shared is held"
    );
    assert!(file.try_lock_shared().is_ok(), "shared holders share");
    file.unlock().unwrap();
    drop(shared);
    let exclusive = cache.exclusive().unwrap();
    assert!(
        file.try_lock_shared().is_err(),
        "shared is refused while exclusive is held"
    );
    drop(exclusive);
    assert!(file.try_lock().is_ok());
}

#[test]
fn the_default_pool_name_follows_the_inputs_and_parameters() {
    let ints = artifact("1\n");
    let args = crate::sdk::Args::new().with("ints", &ints).with("n", 3);
    let name = default_pool_name("mystery-stew", "fan_out", &args);
    assert!(name.starts_with("recycle_mystery_stew_fan_out_"), "{name}");
    check_key(&name).unwrap();
    assert_eq!(name, default_pool_name("mystery-stew", "fan_out", &args));
    let other = crate::sdk::Args::new().with("ints", &ints).with("n", 4);
    assert_ne!(name, default_pool_name("mystery-stew", "fan_out", &other));
}

#[test]
fn a_step_output_is_moved_into_the_pool_with_its_ancestors_listed_not_copied() {
    let (_dir, cache) = new_cache();
    let pool = RecyclePool::open(&cache, "moves").unwrap();
    let parent = artifact("1\n");
    let folder = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let data = folder.path().join("out");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("ints.txt"), "2\n").unwrap();
    let metadata = ResultMetadata::artifact(Uuid::new_v4(), "IntSequence1", "IntSequenceFormat");
    let record = vec![("action/action.yaml".to_owned(), "a record\n".to_owned())];
    let child = Artifact::made(metadata, data, record, folder, vec![parent.clone()]);
    let mut results = Results::default();
    results.push("out", Output::Artifact(child.clone()));
    pool.store_step(&step(9), &results).unwrap();
    // The child's data moved into the cache; the child reads on through a link.
    let stored = cache.data_path(child.uuid());
    assert!(child.data_dir().is_symlink());
    assert_eq!(
        std::fs::read_to_string(stored.join("provenance/action/action.yaml")).unwrap(),
        "a record\n"
    );
    assert_eq!(read(&child), "2\n");
    assert_eq!(
        std::fs::read_to_string(stored.join("ancestors")).unwrap(),
        format!("{}\n", parent.uuid())
    );
    // The parent was copied (another step may be reading it) and is in the pool too.
    assert!(!parent.data_dir().is_symlink());
    assert!(cache.data_path(parent.uuid()).is_dir());
    assert!(
        cache
            .path()
            .join("pools/moves")
            .join(parent.uuid().to_string())
            .is_symlink()
    );
    // Looked up again, the result has its ancestor, whose provenance joins its own when saved.
    let fresh = RecyclePool::open(&Cache::open(cache.path()).unwrap(), "moves").unwrap();
    let back = fresh.lookup_step(&step(9)).unwrap().unwrap();
    let out = back.artifact("out").unwrap();
    assert!(
        out.unzipped_root().is_none(),
        "its provenance is not complete on disk"
    );
    let saved = tempfile::tempdir().unwrap();
    out.write_provenance(&saved.path().join("provenance"))
        .unwrap();
    assert!(
        saved
            .path()
            .join("provenance/artifacts")
            .join(parent.uuid().to_string())
            .is_dir()
    );
    // Damage to the ancestor is found when the step is looked up.
    let file = cache.data_path(parent.uuid()).join("data/ints.txt");
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, "9\n").unwrap();
    let again = RecyclePool::open(&Cache::open(cache.path()).unwrap(), "moves").unwrap();
    let err = again.lookup_step(&step(9)).unwrap_err().to_string();
    assert!(err.contains(&parent.uuid().to_string()), "{err}");
}

#[test]
fn a_pool_in_use_survives_the_removal_of_its_key_until_its_process_lets_go() {
    let (_dir, cache) = new_cache();
    let user = Cache::open(cache.path()).unwrap();
    let pool = RecyclePool::open(&user, "busy").unwrap();
    let mut results = Results::default();
    let made = artifact("4\n");
    results.push("out", Output::Artifact(made.clone()));
    pool.store_step(&step(4), &results).unwrap();
    // Another process removes the pool's key while the run still uses the pool.
    cache.remove("busy").unwrap();
    assert!(cache.data_path(made.uuid()).is_dir());
    assert_eq!(read(&made), "4\n");
    drop((pool, user));
    cache.garbage_collect().unwrap();
    assert!(!cache.data_path(made.uuid()).exists());
    assert!(!cache.path().join("pools/busy").exists());
}

mod recording;
