//! The visualizations are real pages: opened in headless Chromium, used like a user would (the
//! hits page in `hits_page`), checked, and photographed.
//!
//! Chromium runs the page with a probe script appended: it clicks, types and downloads like a
//! user and writes what it saw into the page, which `--dump-dom` prints. Screenshots are kept in
//! `target/<profile>/e2e-screenshots/`. `.ci/run` installs Debian's `chromium`; where it is absent
//! the tests say so and skip.

mod hits_page;

use std::path::{Path, PathBuf};
use std::process::Command;

use qiime2::sdk::Artifact;

use crate::common::qiime_with_plugins as qiime;

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|name| Path::new("/usr/bin").join(name))
        .find(|path| path.is_file());
    if found.is_none() {
        crate::common::skip("no Chromium in /usr/bin (`.ci/run` installs Debian's chromium)");
    }
    found
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--allow-file-access-from-files",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// A copy of `page` beside it (as `name`) with `script` run at the end of its body.
fn with_script(page: &Path, name: &str, script: &str) -> PathBuf {
    let html = std::fs::read_to_string(page).unwrap();
    let copy = page.with_file_name(name);
    std::fs::write(
        &copy,
        html.replace("</body>", &format!("<script>{script}</script>\n</body>")),
    )
    .unwrap();
    copy
}

/// Runs `probe` at the end of the page's body and returns the text of the `<pre id="probe">` it
/// adds, from Chromium's DOM once the page is idle (so a probe may wait for promises and frames).
fn run_probe(browser: &Path, page: &Path, probe: &str) -> String {
    let probed = with_script(page, "probe.html", probe);
    let profile = tempfile::tempdir().unwrap();
    let output = headless(browser, profile.path())
        .args(["--dump-dom", "--virtual-time-budget=30000"])
        .arg(format!("file://{}", probed.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dom = String::from_utf8(output.stdout).unwrap();
    let start = dom.find("<pre id=\"probe\">").unwrap_or_else(|| {
        panic!(
            "the probe did not finish on {}: {} bytes of DOM, stderr: {}",
            page.display(),
            dom.len(),
            String::from_utf8_lossy(&output.stderr)
        )
    }) + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A 1280x900 screenshot of `page`, kept as `target/<profile>/e2e-screenshots/<name>`.
fn screenshot(browser: &Path, page: &Path, name: &str) -> PathBuf {
    let folder = crate::common::workspace_plugin_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&folder).unwrap();
    let png = folder.join(name);
    let profile = tempfile::tempdir().unwrap();
    let status = headless(browser, profile.path())
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,900")
        .arg(format!("file://{}", page.display()))
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        std::fs::metadata(&png).unwrap().len() > 1000,
        "{} is a real picture",
        png.display()
    );
    png
}

#[test]
fn the_alignment_summary_marks_columns_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args(["dwq2", "align-and-summarize", "--example-data", "ex"])
        .assert()
        .success();
    let folder = std::fs::read_dir(dir.path().join("ex"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    qiime()
        .current_dir(&folder)
        .args([
            "dwq2",
            "align-and-summarize",
            "--i-seq1",
            "seq1.qza",
            "--i-seq2",
            "seq2.qza",
        ])
        .args([
            "--o-aligned-sequences",
            "msa.qza",
            "--o-msa-summary",
            "msa-summary.qzv",
        ])
        .assert()
        .success();
    let summary = Artifact::load(&folder.join("msa-summary.qzv")).unwrap();
    let page = summary.data_dir().join("index.html");
    let probe = run_probe(
        &browser,
        &page,
        "var out = document.createElement('pre'); out.id = 'probe'; out.textContent = [document.title, \
         document.getElementById('identity').textContent, document.querySelectorAll('#alignment .match').length, \
         document.querySelectorAll('#alignment .mismatch, #alignment .gap').length].join('\\n'); \
         document.body.appendChild(out);",
    );
    let lines: Vec<&str> = probe.lines().collect();
    assert_eq!(lines[0], "Alignment summary");
    let identity: f64 = lines[1].parse().unwrap();
    assert!(
        (0.0..=100.0).contains(&identity) && identity > 50.0,
        "{identity}"
    );
    assert!(lines[2].parse::<usize>().unwrap() > 0 && lines[3].parse::<usize>().unwrap() > 0);
    screenshot(&browser, &page, "alignment-summary.png");
}
