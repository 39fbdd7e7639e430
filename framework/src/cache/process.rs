//! The process registry: each process using a cache has a folder `processes/<pid>-<start>@<user>`
//! holding links to the data it uses, which garbage collection keeps while the process lives.
//! A folder whose process has died (no such pid, or a pid reused by a later process) is stale.

use std::path::Path;

/// This process's entry name: `<pid>-<start>@<user>`, where `<start>` is when the process
/// started (clock ticks since boot, from `/proc`), so that a reused pid is not mistaken for it.
pub(crate) fn this_process() -> String {
    let pid = std::process::id();
    format!("{pid}-{}@{}", start_time(pid).unwrap_or(0), user())
}

/// Whether the process an entry (or a temporary file `<entry>.<suffix>`) names is alive.
/// Where liveness cannot be known (no `/proc`), the entry counts as alive: nothing is removed.
pub(crate) fn is_alive(name: &str) -> bool {
    let entry = name.split('.').next().unwrap_or(name);
    let Some((pid, rest)) = entry.split_once('-') else {
        return false;
    };
    let Some((start, _user)) = rest.split_once('@') else {
        return false;
    };
    let (Ok(pid), Ok(start)) = (pid.parse::<u32>(), start.parse::<u64>()) else {
        return false;
    };
    if !Path::new("/proc/self/stat").exists() {
        return true;
    }
    start_time(pid) == Some(start)
}

/// When process `pid` started, in clock ticks since boot (field 22 of `/proc/<pid>/stat`).
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

/// The user's name, for the entry's readers.
fn user() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty() && u.chars().all(|c| c.is_alphanumeric() || "_-".contains(c)))
        .unwrap_or_else(|| "user".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_dead_or_reused_pid_is_not() {
        let me = this_process();
        assert!(is_alive(&me), "{me}");
        assert!(
            is_alive(&format!("{me}.0123abcd")),
            "a temporary file of this process"
        );
        let pid = std::process::id();
        assert!(
            !is_alive(&format!("{pid}-1@someone")),
            "same pid, other start time"
        );
        assert!(!is_alive("4294967295-5@someone"), "no such process");
        assert!(!is_alive("garbage"));
    }
}
