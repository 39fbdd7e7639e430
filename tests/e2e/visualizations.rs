//! The visualizations are real pages: opened in headless Chromium, their rows and title are
//! checked, a header is clicked and the new order checked, and a screenshot is saved.
//!
//! Chromium runs the page with a probe script appended: it clicks headers like a user and writes
//! what it saw into the page, which `--dump-dom` prints. `.ci/run` installs Debian's `chromium`;
//! where it is absent the tests say so and skip.

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

/// The page with `probe` appended at the end of its body, as Chromium's DOM after running it.
fn run_probe(browser: &Path, page: &Path, probe: &str) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let probed = page.with_file_name("probe.html");
    std::fs::write(
        &probed,
        html.replace("</body>", &format!("<script>{probe}</script>\n</body>")),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let output = headless(browser, profile.path())
        .arg("--dump-dom")
        .arg(format!("file://{}", probed.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dom = String::from_utf8(output.stdout).unwrap();
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    dom[start..end]
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn screenshot(browser: &Path, page: &Path, name: &str) -> PathBuf {
    let folder = crate::common::workspace_plugin_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&folder).unwrap();
    let png = folder.join(name);
    let profile = tempfile::tempdir().unwrap();
    let status = headless(browser, profile.path())
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,900")
        .arg(format!("file://{}", page.display()))
        .status()
        .unwrap();
    assert!(status.success());
    png
}

/// Runs the tutorial's example in `dir`; returns the folder holding its outputs.
fn tutorial(dir: &Path) -> PathBuf {
    qiime()
        .current_dir(dir)
        .args(["dwq2", "search-and-summarize", "--example-data", "ex"])
        .assert()
        .success();
    let serial = dir.join("ex/Serial");
    qiime()
        .current_dir(&serial)
        .args([
            "dwq2",
            "search-and-summarize",
            "--i-query-seqs",
            "query-seqs.qza",
        ])
        .args([
            "--i-reference-seqs",
            "reference-seqs.qza",
            "--m-reference-metadata-file",
            "reference-metadata.tsv",
        ])
        .args(["--p-split-size", "1", "--p-title", "Hits <of> the tutorial"])
        .args(["--o-hits", "hits.qza", "--o-hits-table", "hits-table.qzv"])
        .assert()
        .success();
    serial
}

const PROBE: &str = r#"
(function () {
  var table = document.getElementById('hits');
  var column = function (i) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[i].textContent; });
  };
  var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent; });
  var before = column(4);
  table.tHead.rows[0].cells[4].click();
  var scoreUp = column(4);
  table.tHead.rows[0].cells[4].click();
  var scoreDown = column(4);
  table.tHead.rows[0].cells[1].click();
  var references = column(1);
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = [document.title, headers.join('|'), before.join(','), scoreUp.join(','),
                     scoreDown.join(','), references.join(',')].join('\n');
  document.body.appendChild(out);
})();
"#;

#[test]
fn the_hits_table_sorts_by_clicked_headers_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let serial = tutorial(dir.path());
    let table = Artifact::load(&serial.join("hits-table.qzv")).unwrap();
    let page = table.data_dir().join("index.html");
    let probe = run_probe(&browser, &page, PROBE);
    let lines: Vec<&str> = probe.lines().collect();
    assert_eq!(
        lines[0], "Hits <of> the tutorial",
        "the title, escaped in the page, reads back as given"
    );
    let headers: Vec<&str> = lines[1].split('|').collect();
    assert_eq!(
        &headers[..5],
        [
            "query id",
            "reference id",
            "percent similarity",
            "alignment length",
            "score"
        ]
    );
    assert!(
        headers.contains(&"genus"),
        "metadata columns are shown: {headers:?}"
    );
    let numbers =
        |line: &str| -> Vec<f64> { line.split(',').map(|v| v.parse().unwrap()).collect() };
    let hits = std::fs::read_to_string(
        Artifact::load(&serial.join("hits.qza"))
            .unwrap()
            .data_dir()
            .join("hits.tsv"),
    )
    .unwrap();
    assert_eq!(
        numbers(lines[2]).len(),
        hits.lines().count() - 1,
        "one row per hit"
    );
    let up = numbers(lines[3]);
    assert!(
        up.windows(2).all(|w| w[0] <= w[1]),
        "ascending after one click: {up:?}"
    );
    let down = numbers(lines[4]);
    assert!(
        down.windows(2).all(|w| w[0] >= w[1]),
        "descending after two: {down:?}"
    );
    let references: Vec<&str> = lines[5].split(',').collect();
    assert!(
        references.windows(2).all(|w| w[0] <= w[1]),
        "text sorts alphabetically: {references:?}"
    );
    let png = screenshot(&browser, &page, "hits-table.png");
    assert!(
        std::fs::metadata(&png).unwrap().len() > 1000,
        "{} is a real picture",
        png.display()
    );
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
    let png = screenshot(&browser, &page, "alignment-summary.png");
    assert!(std::fs::metadata(&png).unwrap().len() > 1000);
}
