//! The progress display, seen in a terminal: `qiime` runs inside a pseudo-terminal (made by
//! util-linux's `script`), and what it drew is split into the frames a person saw.

use std::path::Path;
use std::process::Command;

use regex::Regex;

use crate::common::{import_ints, qiime, skip, threads_config};

/// Runs `qiime args` in `dir` in a pseudo-terminal; returns what it drew, split into frames
/// (each redraw of the line, or a line), without terminal escapes.
fn in_terminal(dir: &Path, args: &[&str]) -> Vec<String> {
    if !Path::new("/usr/bin/script").is_file() {
        skip("no /usr/bin/script (util-linux) to make a pseudo-terminal");
        return Vec::new();
    }
    let quoted: Vec<String> = std::iter::once(crate::common::qiime_exe().to_str().unwrap())
        .chain(args.iter().copied())
        .map(|arg| format!("'{}'", arg.replace('\'', r"'\''")))
        .collect();
    let output = Command::new("/usr/bin/script")
        .args([
            "--quiet",
            "--return",
            "--command",
            &quoted.join(" "),
            "/dev/null",
        ])
        .current_dir(dir)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{text}");
    let escapes = Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").unwrap();
    escapes
        .replace_all(&text, "")
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|frame| !frame.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The `fan-out` pipeline of the test plugin: `steps` steps of `millis` ms each, saved as
/// `stamps`.
fn fan_out<'a>(steps: &'a str, millis: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "mystery-stew",
        "fan-out",
        "--i-ints",
        "ints.qza",
        "--p-steps",
        steps,
        "--p-millis",
        millis,
        "--o-stamps",
        "stamps",
    ];
    args.extend_from_slice(extra);
    args
}

/// The `pos/len` of each frame that shows the bar.
fn bar_positions(frames: &[String]) -> Vec<(usize, usize)> {
    let bar = Regex::new(r"\] (\d+)/(\d+) steps").unwrap();
    frames
        .iter()
        .filter_map(|f| bar.captures(f))
        .map(|c| (c[1].parse().unwrap(), c[2].parse().unwrap()))
        .collect()
}

#[test]
fn a_parallel_run_shows_a_bar_once_it_fans_out_until_it_ends_then_one_summary() {
    let dir = tempfile::tempdir().unwrap();
    import_ints(dir.path());
    threads_config(dir.path(), 2);
    let args = fan_out(
        "6",
        "300",
        &["--parallel-config", "threads.toml", "--no-recycle"],
    );
    let frames = in_terminal(dir.path(), &args);
    if frames.is_empty() {
        return;
    }
    let bars = bar_positions(&frames);
    // The bar came once the six steps were known, and was still drawn as they finished.
    assert!(bars.contains(&(0, 6)), "{frames:#?}");
    assert!(
        bars.iter().any(|&(done, total)| total == 6 && done >= 4),
        "the display stays while the steps run: {frames:#?}"
    );
    assert!(
        frames.iter().any(|f| f.contains("running: stamp_time ×2")),
        "{frames:#?}"
    );
    assert!(frames.iter().any(|f| f.contains("left")), "an estimate");
    let summary = frames
        .iter()
        .position(|f| f.starts_with("Ran 6 steps in "))
        .unwrap_or_else(|| panic!("one summary line: {frames:#?}"));
    assert_eq!(
        frames[summary + 1..],
        ["Saved Collection[IntSequence1] to: stamps"],
        "the summary comes last, before what was saved"
    );
}

#[test]
fn a_serial_run_shows_the_running_step_and_what_was_reused() {
    let dir = tempfile::tempdir().unwrap();
    import_ints(dir.path());
    let args = fan_out(
        "3",
        "300",
        &["--use-cache", "cache", "--recycle-pool", "pool"],
    );
    let frames = in_terminal(dir.path(), &args);
    if frames.is_empty() {
        return;
    }
    for seen in [
        "0 of 1 step done · running: stamp_time",
        "2 of 3 steps done · running: stamp_time",
    ] {
        assert!(
            frames.iter().any(|f| f.contains(seen)),
            "{seen}: {frames:#?}"
        );
    }
    assert!(
        frames
            .iter()
            .any(|f| f.starts_with("Ran 3 steps in ") && f.ends_with(" s.")),
        "{frames:#?}"
    );
    // Again: every step is taken from the named pool, and the summary says so.
    let frames = in_terminal(dir.path(), &args);
    assert!(
        frames.iter().any(|f| f.starts_with("Ran 3 steps in ")
            && f.ends_with(" s (3 reused from the recycle pool).")),
        "{frames:#?}"
    );
}

#[test]
fn nothing_is_drawn_on_a_pipe_or_with_quiet() {
    let dir = tempfile::tempdir().unwrap();
    import_ints(dir.path());
    let args = fan_out("2", "200", &["--no-recycle"]);
    let piped = qiime()
        .current_dir(dir.path())
        .args(&args)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&piped.get_output().stderr).into_owned();
    assert!(!stderr.contains("step"), "{stderr}");
    std::fs::remove_dir_all(dir.path().join("stamps")).unwrap();
    let frames = in_terminal(
        dir.path(),
        &fan_out("2", "200", &["--no-recycle", "--quiet"]),
    );
    assert!(
        frames.iter().all(|f| !f.contains("step")),
        "--quiet draws nothing: {frames:#?}"
    );
}
