#![no_main]
//! Any bytes as a csv input file: statements or `FILE:LINE` errors, never a panic.

use communique::ingest::InputFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| communique_fuzz::checks::ingest(InputFormat::Csv, data));
