//! What the framework reports while it works (through `tracing`), on standard error: warnings
//! and notes always, the details of its work with `--verbose`, or as `QIIME2_LOG` says (a
//! filter such as `debug` or `qiime2::parallel=trace`; `off` silences even the warnings).

use std::fmt;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// The environment variable holding a filter of what the framework reports.
pub const LOG_VAR: &str = "QIIME2_LOG";

/// What is shown without `QIIME2_LOG`: the framework's warnings and notes, and with `verbose`
/// the details of its work.
fn default_filter(verbose: bool) -> &'static str {
    if verbose {
        "warn,qiime2=debug,qiime2_plugin=debug,q2cli=debug"
    } else {
        "warn,qiime2=info,qiime2_plugin=info,q2cli=info"
    }
}

/// Shows the framework's reports on standard error for the rest of the process.
pub fn install(verbose: bool) {
    let filter = match std::env::var(LOG_VAR) {
        Ok(spec) => EnvFilter::try_new(&spec).unwrap_or_else(|err| {
            eprintln!("warning: {LOG_VAR}={spec:?} is not a filter ({err}); it is ignored");
            EnvFilter::new(default_filter(verbose))
        }),
        Err(_) => EnvFilter::new(default_filter(verbose)),
    };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .event_format(Plain)
        .with_env_filter(filter)
        .finish();
    // Only the first subscriber counts (tests may run several commands in one process).
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// Reports as `qiime` words them: `warning: ...`, notes as they are, details with their origin.
struct Plain;

impl<S, N> FormatEvent<S, N> for Plain
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let meta = event.metadata();
        match *meta.level() {
            Level::ERROR => write!(writer, "Error: ")?,
            Level::WARN => write!(writer, "warning: ")?,
            Level::INFO => {}
            Level::DEBUG => write!(writer, "debug: {}: ", meta.target())?,
            Level::TRACE => write!(writer, "trace: {}: ", meta.target())?,
        }
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}
