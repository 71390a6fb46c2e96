#![no_main]
//! Any text as a query, run against an archive of the bundled corpus: hits or an error,
//! never a panic (tantivy queries, regexes of prefixes, snippets).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        communique_fuzz::checks::search(text);
    }
});
