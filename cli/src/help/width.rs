//! How wide help text is: the terminal's width (or `$COLUMNS`), at most 80, as click does.

/// The widest help, and the width used when the output is not a terminal.
const MAX_WIDTH: usize = 80;
/// The narrowest help.
const MIN_WIDTH: usize = 50;

/// The width help lines are wrapped to (two columns short of the screen, as click leaves).
pub fn help_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
        })
        .unwrap_or(MAX_WIDTH);
    columns.min(MAX_WIDTH).saturating_sub(2).max(MIN_WIDTH)
}
