//! The fuzz targets' checks (fuzz/src/checks.rs) on stable Rust: each target's seed
//! corpus (fuzz/corpus/TARGET/), then a seeded random mutation loop over it — a small
//! fuzzer without coverage feedback, so that every CI run fuzzes a little.
//!
//! Knob: `COMMUNIQUE_FUZZ_ITERATIONS` (mutated inputs per target, default 1500).

use std::panic::AssertUnwindSafe;
use std::path::Path;

use communique::ingest::InputFormat;

use crate::support::{knob, seed, Rng};

use crate::checks;
/// Fragments that matter to the parsers, spliced into inputs.
const TOKENS: [&[u8]; 36] = [
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\n",
    b"\r\n",
    b"\\",
    b"\\u0000",
    b"\\ud800",
    b"\\\"",
    b"\"text\":",
    b"\"speaker\":\"S\"",
    b"\"date\":\"2024-02-13\"",
    b"\"tags\":[\"a;b\"]",
    b"\"source\":{\"published\":\"2024\"}",
    b"\"history\":[{\"action\":\"edit\",\"at\":\"x\"}]",
    b"text,speaker,date\n",
    b"\"\"",
    b" OR ",
    b" NOT ",
    b"-",
    b"*",
    b"(",
    b")",
    b"2024-02-30",
    b"9999-12",
    b"0000",
    b"\xff",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xae",
    b"\x1b[31m",
    b"\xd5\x80\xd5\xa1",
];

/// One to four mutations of `input`, some with a second input spliced in.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let position = if data.is_empty() {
            0
        } else {
            rng.below(data.len() + 1)
        };
        match rng.below(7) {
            0 if !data.is_empty() => {
                let at = rng.below(data.len());
                data[at] ^= 1 << rng.below(8);
            }
            1 => data.insert(position, rng.below(256) as u8),
            2 if !data.is_empty() => {
                let end = (position + 1 + rng.below(16)).min(data.len());
                data.drain(position.min(end)..end);
            }
            3 => {
                let token = rng.pick(&TOKENS);
                data.splice(position..position, token.iter().copied());
            }
            4 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(64)).min(other.len());
                data.splice(position..position, other[start..end].iter().copied());
            }
            5 if !data.is_empty() => {
                let end = (position + 1 + rng.below(32)).min(data.len());
                let copy: Vec<u8> = data[position.min(end)..end].to_vec();
                data.splice(position..position, copy);
            }
            _ => data.truncate(position),
        }
    }
    data
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("corpus")
        .join(target);
    let mut paths: Vec<_> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("reading {}: {error}", directory.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    let seeds: Vec<Vec<u8>> = paths
        .iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    assert!(!seeds.is_empty(), "no seeds for {target}");
    seeds
}

/// Runs `check` on every seed, then on mutated seeds; failures are collected (one
/// example of each distinct message) and reported together at the end.
fn fuzz(target: &str, default_seed: u64, check: impl Fn(&[u8])) {
    let iterations = knob("COMMUNIQUE_FUZZ_ITERATIONS", 1500);
    let seeds = seeds(target);
    let mut rng = Rng::new(seed(target, default_seed));
    let mut failures: std::collections::BTreeMap<String, String> = Default::default();
    let mut failed = 0;
    let mut run = |input: &[u8]| {
        if let Err(panic) = std::panic::catch_unwind(AssertUnwindSafe(|| check(input))) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string()))
                .unwrap_or_default();
            // The same failure for other inputs: keep the shortest example.
            let kind = failure_kind(&message);
            let shown: String = String::from_utf8_lossy(input).chars().take(300).collect();
            let example = format!("{message}\n    input: {shown:?}");
            let entry = failures.entry(kind).or_insert_with(|| example.clone());
            if example.len() < entry.len() {
                *entry = example;
            }
            failed += 1;
        }
    };
    for input in &seeds {
        run(input);
    }
    let mut corpus = seeds.clone();
    for _ in 0..iterations {
        let base = rng.below(corpus.len());
        let other = rng.below(corpus.len());
        let input = mutate(&mut rng, &corpus[base], &corpus[other]);
        run(&input);
        // Keep some mutants, so that mutations accumulate.
        if corpus.len() < 400 && rng.below(8) == 0 {
            corpus.push(input);
        }
    }
    eprintln!(
        "{target}: {} seeds and {iterations} mutated inputs checked, {failed} failed",
        seeds.len()
    );
    assert!(
        failures.is_empty(),
        "{target}: {failed} inputs failed the check, {} distinct failures:\n{}",
        failures.len(),
        failures.into_values().collect::<Vec<_>>().join("\n")
    );
}

/// A failure message without the quoted inputs and numbers in it, to tell failures apart.
fn failure_kind(message: &str) -> String {
    let mut kind = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in message.chars() {
        match c {
            '"' if !escaped => quoted = !quoted,
            _ if quoted => {}
            c if c.is_ascii_digit() => {}
            c => kind.push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    kind
}

fn text(check: fn(&str)) -> impl Fn(&[u8]) {
    move |data| {
        if let Ok(text) = std::str::from_utf8(data) {
            check(text);
        }
    }
}

#[test]
fn fuzz_ingest_jsonl() {
    fuzz("ingest_jsonl", 1, |data| {
        checks::ingest(InputFormat::Jsonl, data)
    });
}

#[test]
fn fuzz_ingest_json() {
    fuzz("ingest_json", 2, |data| {
        checks::ingest(InputFormat::Json, data)
    });
}

#[test]
fn fuzz_ingest_csv() {
    fuzz("ingest_csv", 3, |data| {
        checks::ingest(InputFormat::Csv, data)
    });
}

#[test]
fn fuzz_query_parse() {
    fuzz("query_parse", 4, text(checks::query));
}

#[test]
fn fuzz_query_search() {
    fuzz("query_search", 5, text(checks::search));
}

#[test]
fn fuzz_date_parse() {
    fuzz("date_parse", 6, text(checks::date));
}
