//! End-to-end tests of what the user sees at the shell (issue 6): tables fitted to the
//! terminal, colour, Markdown and citations, timelines, facets, errors with hints and
//! "did you mean", the configuration file, help, completions, the manual page and progress
//! bars.
//!
//! Every test runs the real binary in a hermetic environment (empty environment, HOME in
//! a temporary directory, NO_COLOR, COLUMNS=80) against a temporary archive: the bundled
//! corpus (`init --bundled`) or `tests/ux/data/fire.jsonl`. Snapshots of stdout, stderr
//! and the exit code are in `tests/ux/snapshots/` (insta; temporary paths and timings
//! scrubbed). The terminal tests run the binary in a pseudo-terminal through util-linux
//! `script`, and say so when it is missing.

mod support;

mod bidi;
mod clusters;
mod config;
mod errors;
mod export_progress;
mod facets;
mod help;
mod output;
mod progress;
mod terminal;
mod timeline;
