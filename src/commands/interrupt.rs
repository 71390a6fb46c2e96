//! Ctrl-C during the long commands (`ingest`, `reindex`, `export`).
//!
//! The first SIGINT only sets a flag, which the archive reads between records and just
//! before the database commits ([`crate::archive::Archive::stop_when`]): the write is
//! rolled back as a failed one is, the progress bar is cleared as the command unwinds,
//! and one line says what is kept. Printing and exiting from the handler instead would
//! leave the archive as a kill does (which it survives), but could not say truthfully
//! whether a file being committed at that moment was written. A second SIGINT acts as
//! the default one, at once: for a wait the flag is not read in (the last, bulk stretch
//! of a first load, the writer lock), and it leaves the archive as a kill would.
//!
//! The process then ends as killed by SIGINT (the shell's status 130): a shell script
//! running the command stops, as it would had the command not caught the signal.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use signal_hook::consts::SIGINT;

/// Ctrl-C, caught: whether it was pressed.
#[derive(Clone)]
pub(crate) struct Interrupt {
    pressed: Arc<AtomicBool>,
}

impl Interrupt {
    /// Catches SIGINT from now on.
    pub fn catch() -> Interrupt {
        let pressed = Arc::new(AtomicBool::new(false));
        // Registered first, so that it runs before the flag is set: only a second
        // SIGINT finds the flag set and takes the default action. Registering fails
        // only for the signals no handler may take, which SIGINT is not; if it did,
        // Ctrl-C would keep its default action, which the archive survives as any kill.
        let _ = signal_hook::flag::register_conditional_default(SIGINT, pressed.clone())
            .and_then(|_| signal_hook::flag::register(SIGINT, pressed.clone()));
        Interrupt { pressed }
    }

    /// The flag a long write reads (see [`crate::archive::Archive::stop_when`]).
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.pressed.clone()
    }

    /// Returns whether Ctrl-C was pressed.
    pub fn pressed(&self) -> bool {
        self.pressed.load(Ordering::SeqCst)
    }
}

/// A command stopped by Ctrl-C, and what it leaves: printed as one status line (more for
/// an ingest of several files), after which the process ends as SIGINT's default would.
#[derive(Debug, thiserror::Error)]
#[error("interrupted; {left}")]
pub struct Interrupted {
    /// What is kept and what not, e.g. "nothing of big.jsonl was written".
    pub left: String,
}

/// Ends the process as killed by SIGINT, after an [`Interrupted`] command said what it
/// leaves. Returns only if that fails; the caller then exits with 130, the status a
/// shell gives a command SIGINT killed.
pub fn end_as_interrupted() {
    let _ = signal_hook::low_level::emulate_default_handler(SIGINT);
}
