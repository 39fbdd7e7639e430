//! `qiime tools peek`: what an archive holds, read without extracting it.

use std::path::Path;

use anyhow::Context;
use qiime2::archive::{self, PeekInfo};

/// Prints the UUID, type, data format and archive details of the archive at `path`.
pub fn run(path: &Path) -> anyhow::Result<()> {
    let info = archive::peek(path).with_context(|| format!("cannot peek at {}", path.display()))?;
    print!("{}", render(&info));
    Ok(())
}

fn render(info: &PeekInfo) -> String {
    let mut out = format!("UUID:        {}\n", info.metadata.uuid);
    out.push_str(&format!("Type:        {}\n", info.metadata.semantic_type));
    if let Some(format) = &info.metadata.format {
        out.push_str(&format!("Data format: {format}\n"));
    }
    out.push_str(&format!(
        "Archive:     format {} (framework {})\n",
        info.version.archive, info.version.framework
    ));
    if info.format_version.major() >= 7
        && let Some(kind) = info.checksum_kind
    {
        out.push_str(&format!("Checksums:   {}\n", kind.name()));
    }
    out
}
