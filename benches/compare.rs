//! In-process query timings for the FTS5 comparison (BENCHMARKS.md, issue 5).
//!
//! Not a test: `bench/compare.py` builds the archives and calls it as
//!
//! ```sh
//! cargo bench --bench compare -- --archive DIR --queries QUERIES.json --out RESULTS.json [--ids DIR] [--runs 30]
//! ```
//!
//! Each query of QUERIES.json (a JSON array, see `QuerySpec`) is run warm, in this
//! process, through the public library API a user of the CLI goes through
//! (`Archive::search` with the top 20 hydrated from SQLite and snippets, `--count`, or
//! `Archive::count_by` for a timeline), at least `--runs` times after a warm-up. For a
//! breakdown it also times the same request counted only (the index alone) and the
//! hydration of its hits alone. With `--ids DIR` it writes every matching statement id,
//! one per line, to `DIR/NAME.ids`, for the comparison of result sets with FTS5.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use communique::archive::{Archive, SearchRequest};
use communique::index::{Dimension, DimensionValue, Ordering};
use communique::model::{PartialDate, StatementId};
use communique::query::Query;
use serde::Deserialize;
use serde_json::json;

/// One query of the benchmark, as `bench/compare.py` writes it.
#[derive(Debug, Deserialize)]
struct QuerySpec {
    name: String,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    speakers: Vec<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    /// "relevance", "newest" or "oldest"; the default of `search` when missing.
    #[serde(default)]
    ordering: Option<String>,
    /// "search" (top 20, hydrated, snippets), "count" (`--count`) or "timeline"
    /// (counts by month).
    #[serde(default = "default_mode")]
    mode: String,
}

fn default_mode() -> String {
    "search".into()
}

struct Options {
    archive: PathBuf,
    queries: PathBuf,
    out: Option<PathBuf>,
    ids: Option<PathBuf>,
    runs: usize,
}

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let Some(options) = options()? else {
        // `cargo bench` without arguments: nothing to measure, and that is fine.
        eprintln!("usage: cargo bench --bench compare -- --archive DIR --queries FILE [--out FILE] [--ids DIR] [--runs N]");
        eprintln!("(bench/compare.py builds the archives and runs this; see BENCHMARKS.md)");
        return Ok(());
    };
    let specs: Vec<QuerySpec> = serde_json::from_slice(&std::fs::read(&options.queries)?)?;

    // Opening: what every CLI process pays before its query (warm page cache).
    let open = measure(options.runs, || Archive::open(&options.archive).map(drop))?;
    let archive = Archive::open(&options.archive)?;
    let mut results = Vec::new();
    for spec in &specs {
        let request = request(spec)?;
        let result = match spec.mode.as_str() {
            "search" => {
                let full = measure(options.runs, || archive.search(&request).map(drop))?;
                let found = archive.search(&request)?;
                let counted = SearchRequest {
                    limit: 0,
                    ..request.clone()
                };
                let index_only = measure(options.runs, || archive.search(&counted).map(drop))?;
                let ids: Vec<StatementId> = found.hits.iter().map(|hit| hit.statement.id).collect();
                let hydrate = measure(options.runs, || {
                    for &id in &ids {
                        archive.statement(id)?;
                    }
                    Ok::<_, communique::archive::ArchiveError>(())
                })?;
                json!({
                    "name": spec.name,
                    "mode": spec.mode,
                    "total": found.total,
                    "timing": full.json(),
                    "index_only": index_only.json(),
                    "hydrate_hits": hydrate.json(),
                    "top": found.hits.iter().map(|hit| json!({
                        "id": hit.statement.id.0,
                        "external_id": hit.statement.external_id,
                        "score": hit.score,
                        "snippet": hit.snippet.fragment,
                    })).collect::<Vec<_>>(),
                })
            }
            "count" => {
                let counted = SearchRequest {
                    limit: 0,
                    ..request.clone()
                };
                let timing = measure(options.runs, || archive.search(&counted).map(drop))?;
                let total = archive.search(&counted)?.total;
                json!({ "name": spec.name, "mode": spec.mode, "total": total, "timing": timing.json() })
            }
            "timeline" => {
                let by_month = || -> Result<BTreeMap<String, u64>, Error> {
                    let (counts, _) = archive.count_by(&request, &[Dimension::Day])?;
                    let mut months = BTreeMap::new();
                    for (key, count) in counts {
                        let month = match key.first() {
                            Some(DimensionValue::Day(day)) => day.format("%Y-%m").to_string(),
                            _ => "none".to_string(),
                        };
                        *months.entry(month).or_insert(0) += count;
                    }
                    Ok(months)
                };
                let timing = measure(options.runs, || by_month().map(drop))?;
                let months = by_month()?;
                let total: u64 = months.values().sum();
                json!({ "name": spec.name, "mode": spec.mode, "total": total,
                        "timing": timing.json(), "months": months })
            }
            other => return Err(format!("{}: unknown mode {other:?}", spec.name).into()),
        };
        eprintln!(
            "{:<28} total {:>8}  p50 {:>9.3} ms  p99 {:>9.3} ms",
            spec.name,
            result["total"],
            result["timing"]["p50_ms"].as_f64().unwrap_or(f64::NAN),
            result["timing"]["p99_ms"].as_f64().unwrap_or(f64::NAN),
        );
        results.push(result);
        if let Some(directory) = &options.ids {
            write_ids(&archive, spec, &request, directory)?;
        }
    }
    let report = json!({
        "archive": options.archive,
        "open": open.json(),
        "queries": results,
    });
    match &options.out {
        Some(path) => std::fs::write(path, serde_json::to_vec_pretty(&report)?)?,
        None => println!("{}", serde_json::to_string_pretty(&report)?),
    }
    Ok(())
}

/// Writes every statement id the request matches, ascending, one per line.
fn write_ids(
    archive: &Archive,
    spec: &QuerySpec,
    request: &SearchRequest,
    directory: &std::path::Path,
) -> Result<(), Error> {
    let total = archive
        .search(&SearchRequest {
            limit: 0,
            ..request.clone()
        })?
        .total;
    let all = SearchRequest {
        limit: total.max(1),
        offset: 0,
        snippet_chars: 10,
        ..request.clone()
    };
    let mut ids: Vec<i64> = archive
        .search(&all)?
        .hits
        .iter()
        .map(|hit| hit.statement.id.0)
        .collect();
    ids.sort_unstable();
    std::fs::create_dir_all(directory)?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(
        directory.join(format!("{}.ids", spec.name)),
    )?);
    for id in ids {
        writeln!(file, "{id}")?;
    }
    file.flush()?;
    Ok(())
}

fn request(spec: &QuerySpec) -> Result<SearchRequest, Error> {
    let date = |text: &Option<String>| -> Result<Option<PartialDate>, Error> {
        Ok(match text {
            Some(text) => Some(PartialDate::parse(text).map_err(|error| error.to_string())?),
            None => None,
        })
    };
    Ok(SearchRequest {
        query: match &spec.query {
            Some(text) => Some(Query::parse(text)?),
            None => None,
        },
        speakers: spec.speakers.clone(),
        countries: spec.countries.clone(),
        from: date(&spec.from)?,
        to: date(&spec.to)?,
        ordering: match spec.ordering.as_deref() {
            None => None,
            Some("relevance") => Some(Ordering::Relevance),
            Some("newest") => Some(Ordering::Newest),
            Some("oldest") => Some(Ordering::Oldest),
            Some(other) => return Err(format!("unknown ordering {other:?}").into()),
        },
        limit: 20,
        snippet_chars: 160,
        ..SearchRequest::default()
    })
}

/// Durations of the runs of one measurement.
struct Timing {
    runs: Vec<Duration>,
}

impl Timing {
    fn percentile(&self, fraction: f64) -> f64 {
        let mut sorted = self.runs.clone();
        sorted.sort();
        let rank = ((fraction * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1].as_secs_f64() * 1e3
    }

    fn json(&self) -> serde_json::Value {
        let mean = self.runs.iter().sum::<Duration>().as_secs_f64() * 1e3 / self.runs.len() as f64;
        json!({
            "runs": self.runs.len(),
            "p50_ms": self.percentile(0.5),
            "p99_ms": self.percentile(0.99),
            "min_ms": self.percentile(0.0),
            "mean_ms": mean,
        })
    }
}

/// Runs `work` 3 times to warm up, then at least `runs` times, and on for up to a second
/// (300 runs at most) when it is fast, so that fast queries get stable percentiles.
fn measure<E: Into<Error>>(
    runs: usize,
    mut work: impl FnMut() -> Result<(), E>,
) -> Result<Timing, Error> {
    for _ in 0..3 {
        work().map_err(Into::into)?;
    }
    let started = Instant::now();
    let mut timing = Timing { runs: Vec::new() };
    while timing.runs.len() < runs
        || (started.elapsed() < Duration::from_secs(1) && timing.runs.len() < 300)
    {
        let run = Instant::now();
        work().map_err(Into::into)?;
        timing.runs.push(run.elapsed());
    }
    Ok(timing)
}

fn options() -> Result<Option<Options>, Error> {
    let mut archive = None;
    let mut queries = None;
    let mut out = None;
    let mut ids = None;
    let mut runs = 30;
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        let mut value = || arguments.next().ok_or(format!("{argument} needs a value"));
        match argument.as_str() {
            "--archive" => archive = Some(PathBuf::from(value()?)),
            "--queries" => queries = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--ids" => ids = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse()?,
            // cargo bench passes --bench to every bench target.
            "--bench" => {}
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    Ok(match (archive, queries) {
        (Some(archive), Some(queries)) => Some(Options {
            archive,
            queries,
            out,
            ids,
            runs,
        }),
        _ => None,
    })
}
