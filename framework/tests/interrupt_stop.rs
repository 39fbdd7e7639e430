//! `interrupt::stop_registered`, in a process of its own: the stop is process-wide, so it would
//! fail the runs of unit tests running beside it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use qiime2::interrupt::{on_interrupt, remove_on_interrupt, stop_registered, stopping};

#[test]
fn a_stop_runs_the_hooks_removes_the_paths_and_stops_late_registrations() {
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("partial");
    std::fs::write(&partial, "half").unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = |calls: &Arc<AtomicUsize>| {
        let calls = Arc::clone(calls);
        move || {
            calls.fetch_add(1, Ordering::SeqCst);
        }
    };
    let _early = on_interrupt(counter(&calls));
    let _written = remove_on_interrupt(&partial);
    let stop = stop_registered();
    assert!(stopping());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(!partial.exists(), "the file being written is removed");
    let _late = on_interrupt(counter(&calls));
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "work registered during the stop is stopped at once"
    );
    drop(stop);
    assert!(!stopping());
    let _after = on_interrupt(counter(&calls));
    assert_eq!(calls.load(Ordering::SeqCst), 2, "the stop is over");
}
