//! Progress bars for the long commands (ingest, reindex, export), on stderr.
//!
//! A bar is drawn only when stderr is a terminal and `--quiet` is not given: piped or
//! redirected, the commands print nothing but their final summary line, so logs stay
//! clean. `export` draws none when it prints the statements on that terminal. The library
//! draws nothing; the commands tick the bar from what they see (the records an ingest
//! iterator yields, the statements an export visits) and from the stages an archive's
//! write tells its observer ([`Progress::observer`]: a rebuild's count, then what a write
//! does once its input is read, as a label in place of the finished bar).

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::archive::Stage;
use crate::cli::GlobalArgs;

/// A progress bar on stderr, or nothing. Cleared when dropped.
pub(crate) struct Progress {
    bar: ProgressBar,
    /// What the bar says first (the input's name, "reindexing"), kept for the stages.
    message: String,
    /// What the bar counts ("lines", "statements").
    unit: String,
}

impl Progress {
    /// Returns whether bars are drawn: stderr is a terminal and not `--quiet`.
    pub fn visible(global: &GlobalArgs) -> bool {
        !global.quiet && std::io::stderr().is_terminal()
    }

    /// Returns a bar that draws nothing, for when drawing one would get in the way.
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
            message: String::new(),
            unit: String::new(),
        }
    }

    /// Starts a bar of `total` `unit`s, or a counter when the total is unknown.
    pub fn new(global: &GlobalArgs, message: &str, total: Option<u64>, unit: &str) -> Progress {
        if !Progress::visible(global) {
            return Progress::hidden();
        }
        let (bar, template) = match total {
            Some(total) => (
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                count_template(unit),
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                format!("{{spinner}} {{msg}} {{human_pos}} {unit} ({{elapsed}})"),
            ),
        };
        Progress::drawn(bar, &template, message, unit)
    }

    /// Starts a bar of `total` bytes, which `what` qualifies (the bytes of a compressed
    /// input read, while its records are counted in lines it does not know).
    pub fn bytes(global: &GlobalArgs, message: &str, total: u64, what: &str) -> Progress {
        if !Progress::visible(global) {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let template = format!(
            "{{msg}} [{{bar:30.cyan/blue}}] {{bytes}}/{{total_bytes}} {what} ({{elapsed}}, {{eta}} left)"
        );
        Progress::drawn(bar, &template, message, what)
    }

    /// A bar drawn with `template`, saying `message`, ticking on its own.
    fn drawn(bar: ProgressBar, template: &str, message: &str, unit: &str) -> Progress {
        bar.set_style(bar_style(template));
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar,
            message: message.to_string(),
            unit: unit.to_string(),
        }
    }

    /// Starts a spinner for work whose progress cannot be measured.
    pub fn spinner(global: &GlobalArgs, message: &str) -> Progress {
        if !Progress::visible(global) {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(spinner_style());
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar,
            message: message.to_string(),
            unit: String::new(),
        }
    }

    /// Returns an observer for [`crate::archive::Archive::report_to`] that shows on this
    /// bar what the write does: a rebuild's statements counted against their total, and
    /// each stage after the input is read as a label with the elapsed time (no count or
    /// time left: nothing measures those stages).
    pub fn observer(&self) -> impl Fn(Stage) + Send + Sync + 'static {
        let bar = self.bar.clone();
        let message = self.message.clone();
        let unit = self.unit.clone();
        move |stage| match stage {
            Stage::Indexed { done, total } => {
                if bar.length() != Some(total) {
                    bar.set_length(total);
                    bar.set_style(bar_style(&count_template(&unit)));
                    bar.set_position(done);
                    bar.force_draw();
                } else {
                    bar.set_position(done);
                }
            }
            stage => {
                bar.set_style(spinner_style());
                bar.set_message(format!("{message}: {}", stage_label(stage)));
                // Drawn at once: a stage may be over before the next tick.
                bar.force_draw();
            }
        }
    }

    /// Adds one to the count.
    pub fn tick(&self) {
        self.bar.inc(1);
    }

    /// Sets the position, e.g. the line an ingest has reached.
    pub fn set_position(&self, position: u64) {
        self.bar.set_position(position);
    }

    /// Removes the bar, so that the summary line takes its place.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Returns the template of a bar counting `unit`s against a known total.
fn count_template(unit: &str) -> String {
    format!(
        "{{msg}} [{{bar:30.cyan/blue}}] {{human_pos}}/{{human_len}} {unit} ({{elapsed}}, {{eta}} left)"
    )
}

/// Returns the style of a bar drawn with `template`.
fn bar_style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// Returns the style of a spinner: the message and the elapsed time.
fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// Returns what a stage of a write after its input is read shows on the bar.
fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Indexed { .. } => "indexing",
        Stage::Writing {
            database_indexes: true,
        } => "writing the search index and the database's indexes",
        Stage::Writing {
            database_indexes: false,
        } => "writing the search index",
        Stage::CommittingDatabase => "committing the database",
        Stage::CommittingIndex => "committing the search index",
        Stage::Merging => "merging the search index's last segments",
    }
}

/// Returns the number of lines in a file, for an ingest bar; None for standard input or a
/// file that cannot be read (the ingest itself reports that).
pub(crate) fn count_lines(path: &Path) -> Option<u64> {
    if path == Path::new("-") {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut buffer = vec![0u8; 1 << 16];
    let mut lines = 0u64;
    let mut last = b'\n';
    loop {
        let read = file.read(&mut buffer).ok()?;
        if read == 0 {
            break;
        }
        lines += buffer[..read].iter().filter(|&&byte| byte == b'\n').count() as u64;
        last = buffer[read - 1];
    }
    Some(lines + u64::from(last != b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_with_or_without_a_final_newline() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("a.jsonl");
        std::fs::write(&path, "a\nb\n").unwrap();
        assert_eq!(count_lines(&path), Some(2));
        std::fs::write(&path, "a\nb").unwrap();
        assert_eq!(count_lines(&path), Some(2));
        std::fs::write(&path, "").unwrap();
        assert_eq!(count_lines(&path), Some(0));
        assert_eq!(count_lines(Path::new("-")), None);
        assert_eq!(count_lines(&directory.path().join("missing")), None);
    }
}
