#![no_main]
//! Any text as a date: a partial date that prints and parses back to itself, or an error.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        communique_fuzz::checks::date(text);
    }
});
