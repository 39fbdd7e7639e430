//! A reader that stops reading (`qiime ... | head`) closes the pipe `qiime` prints to; Rust then
//! panics on the next print. That is the reader's choice, not an error: `qiime` ends quietly
//! with status 141, as a Unix tool killed by `SIGPIPE` does.

/// The exit status of a process whose reader went away (128 + `SIGPIPE`).
const CLOSED_PIPE_STATUS: i32 = 141;

/// Makes a panic caused by printing to a closed pipe end the process quietly.
pub fn exit_quietly_on_closed_pipe() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if is_closed_pipe(message) {
            std::process::exit(CLOSED_PIPE_STATUS);
        }
        previous(info);
    }));
}

/// Whether `err` is (or was caused by) writing to a pipe whose reader went away.
pub(crate) fn is_closed_pipe_error(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The quiet ending of a run whose reader went away.
pub(crate) fn closed_pipe_exit() -> std::process::ExitCode {
    std::process::ExitCode::from(CLOSED_PIPE_STATUS as u8)
}

/// Whether a panic message is a write to standard output failing on a closed pipe.
fn is_closed_pipe(message: &str) -> bool {
    let closed = message.contains("Broken pipe") || message.contains("BrokenPipe");
    let printing = message.starts_with("failed printing to stdout")
        || message.starts_with("failed to write completion file");
    closed && printing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_error_on_a_closed_pipe_is_recognised_through_its_context() {
        let closed = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let err = anyhow::Error::new(closed).context("writing the report");
        assert!(is_closed_pipe_error(&err));
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(!is_closed_pipe_error(&anyhow::Error::new(full)));
        assert_eq!(closed_pipe_exit(), std::process::ExitCode::from(141));
    }

    #[test]
    fn only_prints_to_a_closed_pipe_count() {
        assert!(is_closed_pipe(
            "failed printing to stdout: Broken pipe (os error 32)"
        ));
        assert!(is_closed_pipe(
            "failed to write completion file: Os { code: 32, kind: BrokenPipe, message: \"Broken pipe\" }"
        ));
        assert!(!is_closed_pipe(
            "failed printing to stdout: No space left on device"
        ));
        assert!(!is_closed_pipe("index out of bounds: Broken pipe"));
    }
}
