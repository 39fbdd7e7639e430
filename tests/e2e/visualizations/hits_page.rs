//! The hits page of `tabulate-las-results` in headless Chromium: filtering, sorting best first,
//! the TSV download, the full alignment on demand, hostile values, and 100,000 hits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use qiime2::sdk::Artifact;
use serde_json::Value;

use super::{chromium, qiime, run_probe, screenshot, with_script};

/// Helpers every probe starts with: the drawn rows, headers, typing a filter, and the download
/// (the blob the page hands to a link, read back instead of saved); `report` ends a probe.
///
/// Animation frames become timers: `--virtual-time-budget` runs timers in order but may end the
/// run before a real frame comes, which left a probe waiting on one unfinished under load.
const PRELUDE: &str = r#"
window.requestAnimationFrame = function (draw) {
  return setTimeout(function () { draw(performance.now()); }, 16);
};
var report = function (result) {
  var data = document.getElementById('hits-data');
  if (data) data.remove();
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
};
var rows = function () { return Array.from(document.querySelectorAll('#hits tbody tr[data-row]')); };
var column = function (k) { return rows().map(function (r) { return r.cells[k].textContent; }); };
var headers = function () { return Array.from(document.querySelectorAll('#hits th')); };
var header = function (name) { return headers().find(function (th) { return th.textContent === name; }); };
var filterBy = function (text) {
  var box = document.getElementById('filter');
  box.value = text;
  box.dispatchEvent(new Event('input'));
};
var download = function () {
  var blob, create = URL.createObjectURL;
  URL.createObjectURL = function (b) { blob = b; return create.call(URL, b); };
  var click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {};
  document.getElementById('download').click();
  URL.createObjectURL = create;
  HTMLAnchorElement.prototype.click = click;
  return blob.text();
};
var shown = function () { return document.getElementById('shown').textContent; };
"#;

/// Runs `probe` (after [`PRELUDE`]) on `page`; returns what it reported.
fn probe(browser: &Path, page: &Path, probe: &str) -> Value {
    let text = run_probe(browser, page, &format!("{PRELUDE}\n{probe}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The rows of a TSV text, each split into fields (the header first).
fn tsv(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect()
}

/// The page inside a `.qzv`, and the rows of `hits.tsv` in a `.qza`.
fn page_of(qzv: &Path) -> (Artifact, PathBuf) {
    let visualization = Artifact::load(qzv).unwrap();
    let page = visualization.data_dir().join("index.html");
    (visualization, page)
}

fn hits_of(qza: &Path) -> Vec<Vec<String>> {
    let artifact = Artifact::load(qza).unwrap();
    tsv(&std::fs::read_to_string(artifact.data_dir().join("hits.tsv")).unwrap())
}

/// Runs the tutorial's search in `dir`; returns the folder holding `hits.qza` and `hits-table.qzv`.
fn tutorial(dir: &Path) -> PathBuf {
    qiime()
        .current_dir(dir)
        .args(["dwq2", "search-and-summarize", "--example-data", "ex"])
        .assert()
        .success();
    let serial = dir.join("ex/Serial");
    qiime()
        .current_dir(&serial)
        .args(["dwq2", "search-and-summarize"])
        .args(["--i-query-seqs", "query-seqs.qza"])
        .args(["--i-reference-seqs", "reference-seqs.qza"])
        .args(["--m-reference-metadata-file", "reference-metadata.tsv"])
        .args(["--p-split-size", "1", "--p-title", "Hits <of> the tutorial"])
        .args(["--o-hits", "hits.qza", "--o-hits-table", "hits-table.qzv"])
        .assert()
        .success();
    serial
}

/// The reference metadata of the tutorial: id -> (column -> value).
fn metadata(path: &Path) -> HashMap<String, HashMap<String, String>> {
    let rows = tsv(&std::fs::read_to_string(path).unwrap());
    let names = &rows[0];
    rows[1..]
        .iter()
        .filter(|row| !row[0].starts_with('#'))
        .map(|row| {
            let values = names[1..].iter().cloned().zip(row[1..].iter().cloned());
            (row[0].clone(), values.collect())
        })
        .collect()
}

/// Every order is read from the download, which holds all the shown rows (the table draws only
/// those in view).
const TUTORIAL_PROBE: &str = r#"
(async function () {
  var result = { title: document.title, headers: headers().map(function (th) { return th.textContent; }) };
  result.initial = { tsv: await download(), shown: shown(), drawn: rows().length };
  header('score').click();
  result.scoreFirstClick = { tsv: await download(), sorted: header('score').className };
  header('score').click();
  result.scoreSecondClick = await download();
  header('rank').click();
  result.rankFirstClick = await download();
  header('score').click();
  filterBy(FILTER);
  result.filtered = { shown: shown(), tsv: await download() };
  rows()[0].click();
  var dialog = document.getElementById('alignment');
  result.dialog = { open: dialog.open, heading: dialog.querySelector('h2').textContent,
                    text: dialog.querySelector('pre').textContent };
  report(result);
})();
"#;

#[test]
fn the_hits_page_filters_sorts_best_first_downloads_and_shows_alignments() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let serial = tutorial(dir.path());
    let hits = hits_of(&serial.join("hits.qza"));
    let references = metadata(&serial.join("reference-metadata.tsv"));
    let (_table, page) = page_of(&serial.join("hits-table.qzv"));
    // A filter word from the metadata: the genus of the first hit's reference.
    let word = references[&hits[1][1]]["genus"].clone();
    let script = TUTORIAL_PROBE.replace("FILTER", &serde_json::to_string(&word).unwrap());
    let seen = probe(&browser, &page, &script);

    assert_eq!(
        seen["title"], "Hits <of> the tutorial",
        "escaped, read back as given"
    );
    let headers: Vec<&str> = seen["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(
        headers[..6],
        [
            "query id",
            "reference id",
            "rank",
            "percent similarity",
            "alignment length",
            "score"
        ]
    );
    assert!(headers.contains(&"genus"), "{headers:?}");
    assert_eq!(
        headers[headers.len() - 2..],
        ["aligned query", "aligned reference"]
    );

    // At first, the rows of hits.tsv in its order (by query, best score first).
    let field = |name: &str| headers.iter().position(|h| *h == name).unwrap();
    let hit_fields = [
        "query id",
        "reference id",
        "percent similarity",
        "alignment length",
        "score",
        "aligned query",
        "aligned reference",
    ]
    .map(field);
    let as_hits = |text: &Value| -> Vec<Vec<String>> {
        let lines = tsv(text.as_str().unwrap());
        assert_eq!(lines[0], headers, "the download has the table's columns");
        lines[1..]
            .iter()
            .map(|line| hit_fields.iter().map(|&k| line[k].clone()).collect())
            .collect()
    };
    let column = |rows: &[Vec<String>], k: usize| -> Vec<f64> {
        rows.iter().map(|r| r[k].parse().unwrap()).collect()
    };
    let rows = &hits[1..];
    assert_eq!(seen["initial"]["shown"], format!("{} hits", rows.len()));
    assert_eq!(
        as_hits(&seen["initial"]["tsv"]),
        rows,
        "values as hits.tsv has them"
    );
    let drawn = seen["initial"]["drawn"].as_u64().unwrap() as usize;
    assert!(drawn > 10, "the rows in view are drawn: {drawn}");

    // Scores sort best (highest) first, then reverse; ranks sort best (1) first.
    let best_first = column(&as_hits(&seen["scoreFirstClick"]["tsv"]), 4);
    assert_eq!(best_first.len(), rows.len());
    assert!(
        best_first.windows(2).all(|w| w[0] >= w[1]),
        "{best_first:?}"
    );
    assert_eq!(seen["scoreFirstClick"]["sorted"], "sorted-desc");
    let reversed = column(&as_hits(&seen["scoreSecondClick"]), 4);
    assert!(reversed.windows(2).all(|w| w[0] <= w[1]), "{reversed:?}");
    let ranks: Vec<f64> = tsv(seen["rankFirstClick"].as_str().unwrap())[1..]
        .iter()
        .map(|line| line[field("rank")].parse().unwrap())
        .collect();
    assert!(
        ranks[0] == 1.0 && ranks.windows(2).all(|w| w[0] <= w[1]),
        "{ranks:?}"
    );

    // The filter keeps the hits whose query, reference or reference metadata holds the word; the
    // download has them, best score first, with each reference's metadata.
    let matches = |row: &Vec<String>| {
        let lower = word.to_lowercase();
        row[0].to_lowercase().contains(&lower)
            || row[1].to_lowercase().contains(&lower)
            || references[&row[1]]
                .values()
                .any(|v| v.to_lowercase().contains(&lower))
    };
    let mut expected: Vec<Vec<String>> = rows.iter().filter(|r| matches(r)).cloned().collect();
    assert!(
        !expected.is_empty() && expected.len() < rows.len(),
        "{word} filters"
    );
    assert_eq!(
        seen["filtered"]["shown"],
        format!("{} of {} hits", expected.len(), rows.len())
    );
    let download = tsv(seen["filtered"]["tsv"].as_str().unwrap());
    for line in &download[1..] {
        assert_eq!(line[field("genus")], references[&line[1]]["genus"]);
    }
    let mut filtered = as_hits(&seen["filtered"]["tsv"]);
    let scores = column(&filtered, 4);
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let first = filtered[0].clone();
    filtered.sort();
    expected.sort();
    assert_eq!(filtered, expected);

    // A click on a row shows its whole alignment, wrapped, with a bar under each match.
    let dialog = &seen["dialog"];
    assert_eq!(dialog["open"], true);
    assert_eq!(
        dialog["heading"],
        format!("{} \u{2192} {}", first[0], first[1])
    );
    let text = dialog["text"].as_str().unwrap();
    let joined = |label: &str| -> String {
        text.lines()
            .filter(|l| l.starts_with(label))
            .map(|l| l.split_whitespace().nth(2).unwrap())
            .collect()
    };
    assert_eq!(joined("query"), first[5]);
    assert_eq!(joined("reference"), first[6]);
    let matching = first[5]
        .chars()
        .zip(first[6].chars())
        .filter(|(a, b)| a == b && *a != '-')
        .count();
    assert_eq!(text.matches('|').count(), matching);

    screenshot(&browser, &page, "hits-page-tutorial.png");
    let open = with_script(
        &page,
        "open-alignment.html",
        "document.querySelector('#hits tbody tr[data-row]').click();",
    );
    screenshot(&browser, &open, "hits-page-alignment.png");
}

/// Imports `hits` (rows of hits.tsv, without the header) and tabulates them with the reference
/// metadata `metadata` (a TSV text) under `title`, in `dir`; returns the page.
fn tabulate(dir: &Path, hits: &[String], metadata: &str, title: &str) -> PathBuf {
    let header = "query id\treference id\tpercent similarity\talignment length\tscore\t\
                  aligned query\taligned reference";
    std::fs::write(dir.join("hits.tsv"), format!("{header}\n{}", hits.concat())).unwrap();
    std::fs::write(dir.join("metadata.tsv"), metadata).unwrap();
    qiime()
        .current_dir(dir)
        .args(["tools", "import", "--type", "LocalAlignmentSearchResults"])
        .args(["--input-path", "hits.tsv", "--output-path", "hits.qza"])
        .assert()
        .success();
    qiime()
        .current_dir(dir)
        .args(["dwq2", "tabulate-las-results", "--i-hits", "hits.qza"])
        .args([
            "--m-reference-metadata-file",
            "metadata.tsv",
            "--p-title",
            title,
        ])
        .args(["--o-visualization", "hits.qzv"])
        .assert()
        .success();
    let (_visualization, page) = page_of(&dir.join("hits.qzv"));
    let kept = dir.join("index.html");
    std::fs::copy(page, &kept).unwrap();
    kept
}

#[test]
fn hostile_ids_metadata_and_titles_show_as_text_and_run_nothing() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let query = "<script>window.pwned='query'</script>";
    let reference = "<img src=x onerror=window.pwned='reference'>";
    let column = "</script><script>window.pwned='column'</script>";
    let value = "'><svg onload=window.pwned='value'>&amp;";
    let title = "</title><script>window.pwned='title'</script>";
    let hit = format!("{query}\t{reference}\t100.0\t4\t8.0\tACGT\tACGT\n");
    let metadata = format!("id\t{column}\n{reference}\t{value}\n");
    let page = tabulate(dir.path(), &[hit], &metadata, title);
    let seen = probe(
        &browser,
        &page,
        r#"
(async function () {
  var cells = function () { return rows().map(function (r) { return Array.from(r.cells).map(function (c) { return c.textContent; }); }); };
  var result = { title: document.title, h1: document.querySelector('h1').textContent,
    scripts: document.scripts.length, images: document.images.length,
    markup: document.querySelectorAll('#hits tbody *:not(tr):not(td), #plots b, #plots img, #category-plot svg').length,
    headers: headers().map(function (th) { return th.textContent; }), cells: cells(),
    options: Array.from(document.querySelectorAll('#category-column option')).map(function (o) { return o.textContent; }),
    bars: Array.from(document.querySelectorAll('#category-plot title')).map(function (t) { return t.textContent; }) };
  result.tsv = await download();
  rows()[0].click();
  result.heading = document.querySelector('#alignment h2').textContent;
  await new Promise(function (done) { setTimeout(done, 200); });
  result.pwned = window.pwned || null;
  report(result);
})();
"#,
    );
    assert_eq!(seen["pwned"], Value::Null, "nothing ran: {seen}");
    assert_eq!(
        seen["scripts"], 3,
        "the data, the page's script and the probe: {seen}"
    );
    assert_eq!(seen["images"], 0, "{seen}");
    assert_eq!(seen["markup"], 0, "{seen}");
    assert_eq!(seen["title"], title);
    assert_eq!(seen["h1"], title);
    assert!(
        seen["headers"].as_array().unwrap().contains(&column.into()),
        "{seen}"
    );
    assert_eq!(seen["cells"][0][0], query);
    assert_eq!(seen["cells"][0][1], reference);
    assert!(
        seen["cells"][0].as_array().unwrap().contains(&value.into()),
        "{seen}"
    );
    assert_eq!(seen["options"], serde_json::json!([column]));
    assert_eq!(seen["bars"], serde_json::json!([value]));
    assert_eq!(seen["heading"], format!("{query} \u{2192} {reference}"));
    let download = tsv(seen["tsv"].as_str().unwrap());
    assert_eq!(download[1][..2], [query, reference]);
    assert!(download[0].contains(&column.to_owned()) && download[1].contains(&value.to_owned()));
}

/// `count` hits of queries with 10 hits each against 2,000 references, 120-column alignments with
/// mismatches and gaps, deterministic; and the references' metadata.
fn synthetic(count: usize) -> (Vec<String>, String) {
    let mut state: u64 = 20261205;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let mut metadata = String::from("id\tphylum\tgenus\tssu length\n");
    for r in 0..2000 {
        let genus = next(40);
        metadata.push_str(&format!(
            "ref-{r:04}\tPhylum{}\tGenus{genus}\t{}\n",
            genus % 5,
            1400 + next(200)
        ));
    }
    let hits = (0..count)
        .map(|i| {
            let (mut query, mut reference) = (String::new(), String::new());
            for _ in 0..120 {
                let base = b"ACGT"[next(4) as usize] as char;
                match next(50) {
                    0 => (query.push('-'), reference.push(base)),
                    1 => (query.push(base), reference.push('-')),
                    2..=4 => (
                        query.push(base),
                        reference.push(if base == 'A' { 'C' } else { 'A' }),
                    ),
                    _ => (query.push(base), reference.push(base)),
                };
            }
            let same = query
                .chars()
                .zip(reference.chars())
                .filter(|(a, b)| a == b)
                .count();
            let score = 240 - (i % 10) * 7;
            format!(
                "query-{:05}\tref-{:04}\t{}\t120\t{score}.0\t{query}\t{reference}\n",
                i / 10,
                next(2000),
                qiime2::python_repr::float_repr(100.0 * same as f64 / 120.0)
            )
        })
        .collect();
    (hits, metadata)
}

#[test]
fn fifteen_hits_and_a_hundred_thousand_draw_the_rows_in_view() {
    let Some(browser) = chromium() else { return };
    for count in [15, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        let (hits, metadata) = synthetic(count);
        let page = tabulate(
            dir.path(),
            &hits,
            &metadata,
            "Local Alignment Search Results",
        );
        let seen = probe(
            &browser,
            &page,
            r#"
(async function () {
  var frame = function () { return new Promise(function (done) { requestAnimationFrame(done); }); };
  var result = { shown: shown(), drawn: rows().length, first: column(0)[0] };
  var scroller = document.getElementById('scroller');
  scroller.scrollTop = scroller.scrollHeight;
  scroller.dispatchEvent(new Event('scroll'));
  await frame();
  await frame();
  var queries = column(0);
  result.last = queries[queries.length - 1];
  result.drawnAtEnd = rows().length;
  header('score').click();
  result.best = column(5)[0];
  filterBy('query-00001');
  result.filtered = shown();
  report(result);
})();
"#,
        );
        let last = hits.last().unwrap().split('\t').next().unwrap();
        assert_eq!(seen["shown"], format!("{count} hits"));
        assert_eq!(seen["first"], "query-00000");
        assert_eq!(seen["last"], last, "scrolled to the end: {seen}");
        assert_eq!(seen["best"], "240.0");
        let second = hits
            .iter()
            .filter(|h| h.starts_with("query-00001\t"))
            .count();
        assert_eq!(seen["filtered"], format!("{second} of {count} hits"));
        let drawn = seen["drawn"].as_u64().unwrap() as usize;
        let at_end = seen["drawnAtEnd"].as_u64().unwrap() as usize;
        assert!(
            (count > 100 || drawn == count) && drawn.max(at_end) < 100,
            "the rows in view (and a few more) are drawn: {drawn}, {at_end}"
        );
        screenshot(&browser, &page, &format!("hits-page-{count}.png"));
    }
}
