//! Inputs and commands for `qiime dwq2 search-and-summarize` on query sets of a chosen size.

use std::io::Read;
use std::path::Path;

use super::qiime_with_plugins as qiime;

/// The data file `name` of an archive, as text.
pub fn data_file(archive: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let entry = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .find(|n| n.ends_with(&format!("/data/{name}")))
        .unwrap_or_else(|| panic!("{} has no data/{name}", archive.display()));
    let mut text = String::new();
    zip.by_name(&entry)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// `count` query sequences (copies of the example's, renamed) as `query-seqs.qza`, with the
/// example's references, in `dir`.
pub fn search_inputs(dir: &Path, count: usize) {
    qiime()
        .current_dir(dir)
        .args(["dwq2", "search-and-summarize", "--example-data", "ex"])
        .assert()
        .success();
    let example = dir.join("ex/Serial");
    for file in ["reference-seqs.qza", "reference-metadata.tsv"] {
        std::fs::copy(example.join(file), dir.join(file)).unwrap();
    }
    let fasta = data_file(&example.join("query-seqs.qza"), "dna-sequences.fasta");
    let seqs: Vec<&str> = fasta
        .lines()
        .filter(|l| !l.starts_with('>') && !l.is_empty())
        .collect();
    let mut queries = String::new();
    for i in 0..count {
        queries.push_str(&format!(">q{i}\n{}\n", seqs[i % seqs.len()]));
    }
    std::fs::write(dir.join("queries.fasta"), queries).unwrap();
    qiime()
        .current_dir(dir)
        .args(["tools", "import", "--type", "FeatureData[Sequence]"])
        .args([
            "--input-path",
            "queries.fasta",
            "--output-path",
            "query-seqs.qza",
        ])
        .assert()
        .success();
}

/// The arguments of a parallel `search-and-summarize` (split size 1) on the inputs
/// [`search_inputs`] wrote, saving the hits to `hits` and the table to `table`, with `extra`
/// options.
pub fn search_command<'a>(hits: &'a str, table: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "dwq2",
        "search-and-summarize",
        "--i-query-seqs",
        "query-seqs.qza",
        "--i-reference-seqs",
        "reference-seqs.qza",
        "--m-reference-metadata-file",
        "reference-metadata.tsv",
        "--p-split-size",
        "1",
        "--o-hits",
        hits,
        "--o-hits-table",
        table,
        "--parallel",
    ];
    args.extend(extra);
    args
}
