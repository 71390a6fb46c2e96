#![no_main]
//! Any text as a query: a syntax tree that prints and parses back to itself, or an error
//! pointing inside the query; never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        communique_fuzz::checks::query(text);
    }
});
