//! Reliability tests of the `communique` binary: crashes (SIGKILL at random moments and at
//! every durability point), full disks and failing writes, concurrent readers and writers,
//! hostile input files and queries, terminal safety, broken archives, and round trips.
//! See RELIABILITY.md for what is guaranteed and the knobs for long soak runs.

mod support;

/// The fuzz targets' checks, shared with the cargo-fuzz crate in fuzz/.
#[path = "../../fuzz/src/checks.rs"]
mod checks;

mod broken_archive;
mod concurrency;
mod full_disk;
mod fuzz_loop;
mod hostile_input;
mod interrupt;
mod kill;
mod power_loss;
mod queries;
mod read_only;
mod roundtrip;
mod terminal;
