//! `qiime tools view`: a visualization extracted and served on 127.0.0.1 for a web browser.

mod http;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use qiime2::archive;
use qiime2::sdk::Artifact;

/// Extracts the visualization at `path`; prints its `index.html` path when `index_only`, or
/// else serves its data folder on a free port of 127.0.0.1, printing the URL, until killed.
pub fn run(path: &Path, index_only: bool) -> anyhow::Result<()> {
    let data = extract(path)?;
    let index = data.join("index.html");
    if !index.is_file() {
        bail!(
            "the visualization {} has no data/index.html to show",
            path.display()
        );
    }
    if index_only {
        println!("{}", index.display());
        return Ok(());
    }
    let listener =
        TcpListener::bind(("127.0.0.1", 0)).context("cannot open a port on 127.0.0.1")?;
    let port = listener.local_addr()?.port();
    println!("http://127.0.0.1:{port}/index.html");
    std::io::stdout().flush()?;
    eprintln!("Serving {} (press Ctrl-C to stop).", data.display());
    http::serve(&listener, &data)
}

/// The `data/` folder of the visualization at `path`, extracted once per UUID under the
/// system's temp folder (`q2rs-view/<uuid>/`) so that it outlives this command.
fn extract(path: &Path) -> anyhow::Result<PathBuf> {
    let info = archive::peek(path).with_context(|| format!("cannot view {}", path.display()))?;
    let semantic_type = &info.metadata.semantic_type;
    if semantic_type != "Visualization" {
        bail!(
            "cannot view {}: it is an artifact of type {semantic_type}, not a visualization \
             (.qzv); try 'qiime tools peek' or 'qiime tools export' instead",
            path.display()
        );
    }
    let parent = std::env::temp_dir().join("q2rs-view");
    let root = parent.join(info.metadata.uuid.to_string());
    if !root.join("data").is_dir() {
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let scratch = tempfile::tempdir_in(&parent)
            .with_context(|| format!("cannot write in {}", parent.display()))?;
        let unzipped = scratch.path().join("result");
        Artifact::load(path)
            .and_then(|result| result.write_dir(&unzipped))
            .with_context(|| format!("cannot extract {}", path.display()))?;
        // Another `view` of the same visualization may have won the race: its copy is as good.
        if std::fs::rename(&unzipped, &root).is_err() && !root.join("data").is_dir() {
            bail!("cannot extract {} into {}", path.display(), root.display());
        }
    }
    Ok(root.join("data"))
}
