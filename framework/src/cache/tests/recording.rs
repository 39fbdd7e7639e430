//! Tests of recording steps: the background recorder, pools shared by concurrent runs, and
//! results moving between caches.

use super::*;

fn one_result(text: &str) -> Results {
    let mut results = Results::default();
    results.push("one", Output::Artifact(artifact(text)));
    results
}

#[test]
fn a_background_recorder_records_a_step_soon_after_it_finishes_and_copies_it() {
    use crate::sdk::Recycler;
    let (_dir, cache) = new_cache();
    let pool = RecyclePool::open(&cache, "soon").unwrap();
    let recorder = BackgroundRecorder::new(pool.clone(), std::time::Duration::ZERO);
    let results = one_result("1\n");
    recorder.store(&step(1), &results).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while pool.lookup_step(&step(1)).unwrap().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the step was never recorded while the run went on"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let mine = results.artifact("one").unwrap();
    assert!(
        !mine.data_dir().is_symlink(),
        "the result stays where others may read it"
    );
    assert_eq!(read(mine), "1\n");
    assert_eq!(recorder.finish(true).unwrap(), 1);
}

#[test]
fn a_run_ending_before_the_delay_records_nothing_unless_it_keeps_its_steps() {
    use crate::sdk::Recycler;
    let hour = std::time::Duration::from_secs(3600);
    let (_dir, cache) = new_cache();
    let dropped = RecyclePool::open(&cache, "dropped").unwrap();
    let recorder = BackgroundRecorder::new(dropped.clone(), hour);
    recorder.store(&step(1), &one_result("1\n")).unwrap();
    assert_eq!(recorder.finish(false).unwrap(), 0);
    assert!(matches!(
        cache.read_key("dropped"),
        Err(CacheError::NoSuchKey { .. })
    ));
    assert_eq!(cache.status().unwrap().data, 0);
    // Removing a pool never made costs no garbage collection (which would take this litter).
    let litter = cache.tmp_dir().join("4294967295-5@someone.0000.x");
    std::fs::write(&litter, "").unwrap();
    dropped.remove().unwrap();
    assert!(litter.exists());

    let kept = RecyclePool::open(&cache, "kept").unwrap();
    let recorder = BackgroundRecorder::new(kept.clone(), hour);
    recorder.store(&step(1), &one_result("1\n")).unwrap();
    recorder.store(&step(2), &one_result("2\n")).unwrap();
    assert_eq!(recorder.finish(true).unwrap(), 2, "kept steps do not wait");
    let back = kept.lookup_step(&step(2)).unwrap().unwrap();
    assert_eq!(read(back.artifact("one").unwrap()), "2\n");
    // Dropping a recorder that was never finished drops what waits, and returns.
    let late = BackgroundRecorder::new(kept.clone(), hour);
    late.store(&step(3), &one_result("3\n")).unwrap();
    drop(late);
    assert!(kept.lookup_step(&step(3)).unwrap().is_none());
}

#[test]
fn a_step_the_background_recorder_cannot_record_is_reported_when_the_run_ends() {
    use crate::sdk::Recycler;
    let (_dir, cache) = new_cache();
    let tmp = cache.path().join("tmp");
    std::fs::remove_dir_all(&tmp).unwrap();
    std::fs::write(&tmp, "not a folder").unwrap();
    let pool = RecyclePool::open(&cache, "broken").unwrap();
    let recorder = BackgroundRecorder::new(pool.clone(), std::time::Duration::ZERO);
    recorder.store(&step(1), &one_result("1\n")).unwrap();
    let err = recorder.finish(true).unwrap_err();
    assert!(err.to_string().contains("tmp"), "{err}");
    assert!(pool.lookup_step(&step(1)).unwrap().is_none());
}

#[test]
fn a_default_pool_shared_by_concurrent_runs_goes_with_the_last_of_them() {
    let (_dir, cache) = new_cache();
    let first = Cache::open(cache.path()).unwrap();
    let second = Cache::open(cache.path()).unwrap();
    let a = RecyclePool::open(&first, "shared").unwrap();
    let b = RecyclePool::open(&second, "shared").unwrap();
    let made = artifact("8\n");
    let mut results = Results::default();
    results.push("out", Output::Artifact(made.clone()));
    a.store_step(&step(8), &results).unwrap();
    // A run holds the pool once it has recorded a step.
    b.store_step(&step(9), &one_result("9\n")).unwrap();
    // A dead run's entry holding the pool does not count.
    let dead = cache.path().join("processes/4294967295-5@someone.0000");
    std::fs::create_dir(&dead).unwrap();
    std::os::unix::fs::symlink("../../pools/shared", dead.join("pool-shared")).unwrap();
    // The first run to finish leaves the pool, key and all, to the run still using it.
    a.remove().unwrap();
    assert_eq!(
        cache.read_key("shared").unwrap(),
        KeyTarget::Pool("shared".into())
    );
    assert!(b.lookup_step(&step(8)).unwrap().is_some());
    // The last one removes it without complaint, and its results with it.
    b.remove().unwrap();
    assert!(matches!(
        cache.read_key("shared"),
        Err(CacheError::NoSuchKey { .. })
    ));
    assert!(!cache.path().join("pools/shared").exists());
    assert!(!cache.data_path(made.uuid()).exists());
    // A run whose pool's key was removed by hand still finishes cleanly.
    let c = RecyclePool::open(&first, "by_hand").unwrap();
    c.store_step(&step(1), &one_result("1\n")).unwrap();
    cache.remove("by_hand").unwrap();
    c.remove().unwrap();
    assert!(!cache.path().join("pools/by_hand").exists());
}

#[test]
fn runs_opening_and_removing_one_pool_at_once_never_fail_or_lose_it() {
    let (_dir, cache) = new_cache();
    let path = cache.path().to_path_buf();
    let remover = {
        let path = path.clone();
        std::thread::spawn(move || {
            for _ in 0..60 {
                let cache = Cache::open(&path).unwrap();
                RecyclePool::open(&cache, "contested")
                    .unwrap()
                    .remove()
                    .unwrap();
            }
        })
    };
    for i in 0..60u16 {
        let user = Cache::open(&path).unwrap();
        let pool = RecyclePool::open(&user, "contested").unwrap();
        let mut results = Results::default();
        results.push("out", Output::Artifact(artifact("9\n")));
        let key = StepKey {
            digest: format!("{i:064x}"),
            ..step(0)
        };
        pool.store_step(&key, &results)
            .unwrap_or_else(|e| panic!("round {i}: {e}"));
        assert!(pool.lookup_step(&key).unwrap().is_some(), "round {i}");
        pool.remove().unwrap_or_else(|e| panic!("round {i}: {e}"));
    }
    remover.join().unwrap();
    assert!(!path.join("pools/contested").exists());
}

#[test]
fn a_result_whose_data_moved_into_one_cache_is_copied_whole_into_others() {
    let (_dir, first) = new_cache();
    let (_second_dir, second) = new_cache();
    let (_third_dir, third) = new_cache();
    let made = artifact("6\n");
    let mut results = Results::default();
    results.push("out", Output::Artifact(made.clone()));
    let pool = RecyclePool::open(&first, "moved").unwrap();
    pool.store_step(&step(6), &results).unwrap();
    assert!(
        made.data_dir().is_symlink(),
        "its data moved into the first cache"
    );
    // Recorded in a pool of another cache, or stored under a key: a copy of its own.
    RecyclePool::open(&second, "recorded")
        .unwrap()
        .store_step(&step(6), &results)
        .unwrap();
    third.store(&made, "copied").unwrap();
    for cache in [&second, &third] {
        let data = cache.data_path(made.uuid()).join("data");
        assert!(data.is_dir() && !data.is_symlink(), "{}", data.display());
    }
    pool.remove().unwrap();
    assert!(!first.data_path(made.uuid()).exists());
    assert_eq!(read(&third.fetch("copied").unwrap()), "6\n");
    let again = RecyclePool::open(&second, "recorded").unwrap();
    let back = again.lookup_step(&step(6)).unwrap().unwrap();
    assert_eq!(read(back.artifact("out").unwrap()), "6\n");
}

#[test]
fn the_first_run_to_record_a_step_wins_and_later_ones_get_its_results() {
    let (_dir, cache) = new_cache();
    let first = RecyclePool::open(&Cache::open(cache.path()).unwrap(), "raced").unwrap();
    let second = RecyclePool::open(&Cache::open(cache.path()).unwrap(), "raced").unwrap();
    let outputs = |text: &str| {
        let mut results = Results::default();
        results.push("out", Output::Artifact(artifact(text)));
        results
    };
    let (mine, theirs) = (outputs("1\n"), outputs("2\n"));
    assert!(first.store_step(&step(5), &mine).unwrap().is_none());
    // The second run finished the same step later: it is given the recorded results.
    let given = second.store_step(&step(5), &theirs).unwrap().unwrap();
    let recorded = mine.artifact("out").unwrap().uuid();
    assert_eq!(given.artifact("out").unwrap().uuid(), recorded);
    assert_eq!(read(given.artifact("out").unwrap()), "1\n");
    let back = second.lookup_step(&step(5)).unwrap().unwrap();
    assert_eq!(back.artifact("out").unwrap().uuid(), recorded);
    // Its own results were not put in the pool, and nothing is left in tmp/.
    let other = theirs.artifact("out").unwrap();
    assert!(!cache.data_path(other.uuid()).exists());
    assert_eq!(read(other), "2\n");
    assert_eq!(
        std::fs::read_dir(cache.tmp_dir()).unwrap().count(),
        0,
        "no temporary file is left"
    );
}

#[test]
fn a_new_file_is_written_once_and_never_replaced() {
    let (_dir, cache) = new_cache();
    let dest = cache.path().join("pools/once.json");
    assert!(cache.write_new(&dest, b"first").unwrap());
    assert!(!cache.write_new(&dest, b"second").unwrap());
    assert_eq!(std::fs::read(&dest).unwrap(), b"first");
    let err = cache
        .write_new(&cache.path().join("no/such/folder"), b"x")
        .unwrap_err();
    assert!(err.to_string().contains("no/such/folder"), "{err}");
    assert_eq!(std::fs::read_dir(cache.tmp_dir()).unwrap().count(), 0);
}
