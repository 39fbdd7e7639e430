//! `qiime tools view`: a visualization served on 127.0.0.1 for a web browser, under an address
//! only this user is told, from a private copy removed when the server stops.

mod files;
mod server;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use qiime2::archive;
use qiime2::sdk::Artifact;

/// Checks and extracts the visualization at `path`; prints its `index.html` path when
/// `index_only`, or else serves it on `port` of 127.0.0.1 (a free one for 0), printing the
/// address and opening a browser where there is one, until Ctrl-C.
pub fn run(path: &Path, index_only: bool, port: u16) -> anyhow::Result<()> {
    let result = load(path)?;
    if index_only {
        println!("{}", keep_copy(&result, path)?.display());
        return Ok(());
    }
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("cannot listen on 127.0.0.1 port {port}"))?;
    let port = listener.local_addr()?.port();
    let token = uuid::Uuid::new_v4().simple().to_string();
    let url = format!("http://127.0.0.1:{port}/{token}/index.html");
    println!("{url}");
    std::io::stdout().flush()?;
    eprintln!(
        "Serving {} at the address above (press Ctrl-C to stop).",
        path.display()
    );
    // The extracted copy lives in the run's scratch folder, removed on the way out.
    qiime2::interrupt::exit_on_interrupt_with(0, "Stopped serving.");
    open_browser(&url);
    let site = server::Site {
        root: result.data_dir(),
        token,
        port,
    };
    server::serve(listener, site)
}

/// The visualization at `path`, its checksums verified and its `data/index.html` present.
fn load(path: &Path) -> anyhow::Result<Artifact> {
    let info = archive::peek(path).with_context(|| format!("cannot view {}", path.display()))?;
    let semantic_type = &info.metadata.semantic_type;
    if semantic_type != "Visualization" {
        bail!(
            "cannot view {}: it is an artifact of type {semantic_type}, not a visualization \
             (.qzv); try 'qiime tools peek' or 'qiime tools export' instead",
            path.display()
        );
    }
    let result = Artifact::load(path).with_context(|| format!("cannot view {}", path.display()))?;
    if !result.data_dir().join("index.html").is_file() {
        bail!(
            "the visualization {} has no data/index.html to show",
            path.display()
        );
    }
    Ok(result)
}

/// A copy of `result` that outlives this command, in a new private folder (0700) of the
/// temporary folder; the path of its `index.html`.
fn keep_copy(result: &Artifact, path: &Path) -> anyhow::Result<PathBuf> {
    let parent = std::env::temp_dir();
    let mut builder = tempfile::Builder::new();
    builder.prefix("q2rs-view-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let folder = builder
        .tempdir_in(&parent)
        .with_context(|| format!("cannot make a folder in {}", parent.display()))?
        .keep();
    let root = folder.join("result");
    result
        .write_dir(&root)
        .with_context(|| format!("cannot extract {}", path.display()))?;
    Ok(root.join("data").join("index.html"))
}

/// Opens `url` in `$BROWSER`, or with `xdg-open` when a display is there; silent when neither
/// is (the address printed is enough).
fn open_browser(url: &str) {
    let browser = std::env::var("BROWSER")
        .ok()
        .and_then(|list| list.split(':').next().map(str::to_owned))
        .filter(|b| !b.trim().is_empty());
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
    let Some(program) = browser.or_else(|| display.then(|| "xdg-open".to_owned())) else {
        return;
    };
    let _ = std::process::Command::new(program.trim())
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
