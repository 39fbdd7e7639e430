//! `qiime tools cast-metadata`: metadata files (merged) with some columns read as another type,
//! printed or written to a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use qiime2::metadata::ColumnType;

/// What to cast and how strictly.
#[derive(Debug)]
pub struct Casting {
    /// `COLUMN:TYPE` pairs as given.
    pub casts: Vec<String>,
    /// Casts of columns the metadata do not have are ignored (else an error).
    pub ignore_extra: bool,
    /// Every column must be cast.
    pub error_on_missing: bool,
    /// Where to write the result (else standard output).
    pub output_file: Option<PathBuf>,
}

/// Casts the columns of the metadata in `paths` as `casting` says.
pub fn run(paths: &[impl AsRef<Path>], casting: &Casting) -> anyhow::Result<()> {
    let metadata = crate::metadata_files::load_merged(paths)?;
    let mut casts = BTreeMap::new();
    for cast in &casting.casts {
        let Some((column, kind)) = cast.split_once(':').filter(|(_, k)| !k.contains(':')) else {
            bail!("invalid value for '--cast': {cast:?} is not COLUMN:TYPE");
        };
        let Some(kind) = ColumnType::parse(kind) else {
            bail!(
                "invalid value for '--cast': {kind:?} in {cast:?} is not a column type; expected \
                 categorical or numeric"
            );
        };
        if casts.insert(column.to_owned(), kind).is_some() {
            bail!("invalid value for '--cast': the column {column:?} is cast more than once");
        }
    }
    let names = metadata.column_names();
    let extra: Vec<&str> = casts
        .keys()
        .map(String::as_str)
        .filter(|c| !names.contains(c))
        .collect();
    if !extra.is_empty() && !casting.ignore_extra {
        bail!(
            "invalid value for '--cast': the metadata have no column {} (--ignore-extra skips \
             such casts)",
            extra.join(", ")
        );
    }
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|c| !casts.contains_key(*c))
        .collect();
    if casting.error_on_missing && !missing.is_empty() {
        bail!(
            "invalid value for '--cast': no cast is given for the column(s) {}",
            missing.join(", ")
        );
    }
    casts.retain(|column, _| names.contains(&column.as_str()));
    let cast = metadata.cast(&casts).context("cannot cast the metadata")?;
    match &casting.output_file {
        Some(path) => cast
            .save(path)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{}", cast.to_tsv_string()),
    }
    Ok(())
}
