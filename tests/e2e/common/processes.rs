//! The processes of the machine, seen through `/proc`.

/// Every process with its parent's id, as `(pid, parent)` (none where `/proc` is absent).
pub fn process_parents() -> Vec<(u32, u32)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // The parent id is the second field after the parenthesised command name.
            let (_, rest) = stat.rsplit_once(')')?;
            Some((pid, rest.split_whitespace().nth(1)?.parse().ok()?))
        })
        .collect()
}

/// The ids of the processes whose parent is `pid`.
pub fn children_of(pid: u32) -> Vec<u32> {
    process_parents()
        .into_iter()
        .filter(|&(_, parent)| parent == pid)
        .map(|(child, _)| child)
        .collect()
}
