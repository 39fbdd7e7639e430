//! The reproducibility supplement: every replay script, the citations and the recorded
//! metadata in one zip file.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::citations::render_citations;
use super::dag::ProvDag;
use super::error::ReplayError;
use super::plan::{Plan, recorded_metadata};
use super::{Driver, RenderOptions, render};

/// The folder of recorded metadata inside a supplement (scripts refer to it relatively).
const METADATA_DIR: &str = "recorded_metadata";

/// What a supplement holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupplementOptions {
    /// Include the recorded metadata.
    pub dump_recorded_metadata: bool,
    /// Make the scripts read it (from `recorded_metadata/` next to them).
    pub use_recorded_metadata: bool,
    /// De-duplicate the citations.
    pub deduplicate: bool,
    /// Leave out headers and footers.
    pub suppress_header: bool,
}

/// Writes the supplement of `plan` (made from `dag`) at `out` (`.zip` is added when missing):
/// a zip whose one folder, named after the file, holds `python3_replay.py`, `cli_replay.sh`,
/// `citations.bib` and, when asked, `recorded_metadata/<call>/<metadata>.tsv`. Returns the
/// path written and the files inside, in order.
pub fn write_supplement(
    dag: &ProvDag,
    plan: &Plan,
    options: &SupplementOptions,
    out: &Path,
) -> Result<(PathBuf, Vec<String>), ReplayError> {
    let out = if out.extension().is_some_and(|e| e == "zip") {
        out.to_path_buf()
    } else {
        let mut name = out.as_os_str().to_owned();
        name.push(".zip");
        PathBuf::from(name)
    };
    let stem = out.file_stem().map_or_else(
        || "supplement".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let render_options = RenderOptions {
        metadata_dir: options
            .dump_recorded_metadata
            .then(|| PathBuf::from(METADATA_DIR)),
        use_recorded_metadata: options.use_recorded_metadata,
        suppress_header: options.suppress_header,
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for driver in Driver::ALL {
        let script = render(plan, driver, &render_options)?;
        files.push((driver.script_name().to_owned(), script.into_bytes()));
    }
    let parsed: Vec<uuid::Uuid> = dag.parsed().iter().copied().collect();
    let bib = render_citations(
        dag.citations(),
        &parsed,
        options.deduplicate,
        options.suppress_header,
    );
    files.push(("citations.bib".to_owned(), bib.into_bytes()));
    if options.dump_recorded_metadata {
        for ((label, variable), bytes) in recorded_metadata(plan) {
            files.push((
                format!("{METADATA_DIR}/{label}/{variable}.tsv"),
                bytes.to_vec(),
            ));
        }
    }
    let mut zipped = Vec::new();
    {
        let mut zip = ZipWriter::new(std::io::Cursor::new(&mut zipped));
        let zip_error = |e: zip::result::ZipError| {
            ReplayError::write(&out, std::io::Error::other(e.to_string()))
        };
        for (name, bytes) in &files {
            zip.start_file(format!("{stem}/{name}"), SimpleFileOptions::default())
                .map_err(zip_error)?;
            zip.write_all(bytes)
                .map_err(|e| ReplayError::write(&out, e))?;
        }
        zip.finish().map_err(zip_error)?;
    }
    super::write_atomically(&out, &zipped)?;
    Ok((out, files.into_iter().map(|(name, _)| name).collect()))
}
