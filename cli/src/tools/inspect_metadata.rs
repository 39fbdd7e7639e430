//! `qiime tools inspect-metadata`: the columns of metadata files and their types.

use std::path::PathBuf;

use qiime2::metadata::Metadata;

use crate::metadata_files::load_merged;

/// Loads (and merges) the files and prints their columns, types and counts.
pub fn run(paths: &[PathBuf]) -> anyhow::Result<()> {
    print!("{}", render(&load_merged(paths)?));
    Ok(())
}

fn render(metadata: &Metadata) -> String {
    let summary = metadata.summary();
    let name_width = summary
        .columns
        .iter()
        .map(|c| c.name.chars().count())
        .chain(["COLUMN NAME".len()])
        .max()
        .unwrap_or(0);
    let rule = format!(
        "{}  {}\n",
        "=".repeat(name_width),
        "=".repeat("categorical".len())
    );
    let mut out = format!("{:<name_width$}  TYPE\n", "COLUMN NAME");
    out.push_str(&rule);
    for column in &summary.columns {
        out.push_str(&format!(
            "{:<name_width$}  {}\n",
            column.name, column.column_type
        ));
    }
    out.push_str(&rule);
    out.push_str(&format!("{:<name_width$}  {}\n", "IDS:", summary.id_count));
    out.push_str(&format!(
        "{:<name_width$}  {}\n",
        "COLUMNS:",
        summary.columns.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_an_aligned_table() {
        let metadata =
            Metadata::from_tsv_str("id\tsite\tdepth\nS1\tgut\t1\nS2\tskin\t2\n", "md.tsv").unwrap();
        assert_eq!(
            render(&metadata),
            "COLUMN NAME  TYPE\n\
             ===========  ===========\n\
             site         categorical\n\
             depth        numeric\n\
             ===========  ===========\n\
             IDS:         2\n\
             COLUMNS:     2\n"
        );
    }
}
