//! The header and footer around a replay script or citations file.

use uuid::Uuid;

/// The header lines: `shebang` (if any), a boundary, who wrote the file and when, `how_to`, a
/// boundary.
pub(crate) fn header(shebang: Option<&str>, boundary: &str, how_to: &[&str]) -> Vec<String> {
    let now = chrono::Local::now();
    let mut lines: Vec<String> = shebang.into_iter().map(str::to_owned).collect();
    lines.push(boundary.to_owned());
    lines.push(format!(
        "# Written by q2rs {} (the QIIME 2 framework in Rust) on {} at {}.",
        crate::archive::FRAMEWORK_VERSION,
        now.format("%Y-%m-%d"),
        now.format("%H:%M:%S"),
    ));
    lines.push("# Help and discussion: https://forum.qiime2.org".to_owned());
    lines.extend(how_to.iter().map(|line| (*line).to_owned()));
    lines.push(boundary.to_owned());
    lines
}

/// The footer lines: the UUIDs of the parsed results, two per line, between boundaries.
pub(crate) fn footer(parsed: &[Uuid], boundary: &str) -> Vec<String> {
    let mut lines = vec![
        boundary.to_owned(),
        "# Written from the provenance of these QIIME 2 results:".to_owned(),
    ];
    lines.extend(parsed.chunks(2).map(|pair| {
        let uuids: Vec<String> = pair.iter().map(Uuid::to_string).collect();
        format!("# {}", uuids.join("\t"))
    }));
    lines.push(boundary.to_owned());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_footer_lists_two_uuids_a_line() {
        let uuids: Vec<Uuid> = (1..=3).map(Uuid::from_u128).collect();
        let lines = footer(&uuids, "##");
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0], "##");
        assert_eq!(lines[2], format!("# {}\t{}", uuids[0], uuids[1]));
        assert_eq!(lines[3], format!("# {}", uuids[2]));
        assert_eq!(lines[4], "##");
    }

    #[test]
    fn the_header_names_q2rs_and_keeps_the_how_to() {
        let lines = header(Some("#!/bin/sh"), "##", &["# step one"]);
        assert_eq!(lines[0], "#!/bin/sh");
        assert_eq!(lines[1], "##");
        assert!(lines[2].starts_with("# Written by q2rs "));
        assert_eq!(lines[lines.len() - 2], "# step one");
        assert_eq!(lines[lines.len() - 1], "##");
    }
}
