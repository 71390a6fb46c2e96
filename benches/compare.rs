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
//! hydration of its hits alone (one read of the page's rows, as a search does). With `--ids DIR` it writes every matching statement id,
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
    if std::env::args().any(|argument| argument == "--probe") {
        return probe::run();
    }
    if let Some(position) = std::env::args().position(|argument| argument == "--startup") {
        return startup(&PathBuf::from(
            std::env::args()
                .nth(position + 1)
                .ok_or("--startup ARCHIVE")?,
        ));
    }
    if let Some(position) =
        std::env::args().position(|argument| argument == "--spin" || argument == "--spin-fresh")
    {
        let fresh = std::env::args().nth(position).as_deref() == Some("--spin-fresh");
        let mut arguments = std::env::args().skip(position + 1);
        let usage = "--spin[-fresh] ARCHIVE QUERIES.json NAME SECONDS";
        let archive = PathBuf::from(arguments.next().ok_or(usage)?);
        let queries = PathBuf::from(arguments.next().ok_or(usage)?);
        let name = arguments.next().ok_or(usage)?;
        let seconds: f64 = arguments.next().ok_or(usage)?.parse()?;
        return spin(
            &archive,
            &queries,
            &name,
            Duration::from_secs_f64(seconds),
            fresh,
        );
    }
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
                // What a CLI process pays on top of the warm query: opening the archive and
                // the first search's one-time work (caches filled on first use).
                let first = measure(5, || {
                    let fresh = Archive::open(&options.archive)?;
                    fresh.search(&request).map(drop)
                })?;
                let ids: Vec<StatementId> = found.hits.iter().map(|hit| hit.statement.id).collect();
                let hydrate = measure(options.runs, || archive.statements(&ids).map(drop))?;
                json!({
                    "name": spec.name,
                    "mode": spec.mode,
                    "total": found.total,
                    "timing": full.json(),
                    "index_only": index_only.json(),
                    "hydrate_hits": hydrate.json(),
                    "open_and_first_search": first.json(),
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

/// `--startup ARCHIVE`: what a fresh process pays before its query, part by part.
fn startup(directory: &std::path::Path) -> Result<(), Error> {
    let report = |label: &str, timing: Timing| {
        eprintln!("{label:<44} p50 {:>8.3} ms", timing.percentile(0.5));
    };
    report(
        "Archive::open",
        measure(30, || Archive::open(directory).map(drop))?,
    );
    let archive = Archive::open(directory)?;
    report(
        "Archive::places (all places and names)",
        measure(30, || archive.places().map(drop))?,
    );
    report(
        "open + gazetteer (fresh each run)",
        measure(30, || {
            let fresh = Archive::open(directory)?;
            fresh.gazetteer().map(drop)
        })?,
    );
    let rare = SearchRequest {
        query: Some(Query::parse("battleground")?),
        limit: 20,
        snippet_chars: 160,
        ..SearchRequest::default()
    };
    report(
        "open + search battleground (fresh each run)",
        measure(30, || {
            let fresh = Archive::open(directory)?;
            fresh.search(&rare).map(drop)
        })?,
    );
    report(
        "search battleground (warm)",
        measure(30, || archive.search(&rare).map(drop))?,
    );
    Ok(())
}

/// `--spin ARCHIVE QUERIES NAME SECONDS`: runs one query's search warm, over and over, for
/// a profiler (`perf record … compare --spin …`) to see nothing but the search.
/// `--spin-fresh` opens the archive for each search, as a CLI process does.
fn spin(
    directory: &std::path::Path,
    queries: &std::path::Path,
    name: &str,
    duration: Duration,
    fresh: bool,
) -> Result<(), Error> {
    let specs: Vec<QuerySpec> = serde_json::from_slice(&std::fs::read(queries)?)?;
    let spec = specs
        .iter()
        .find(|spec| spec.name == name)
        .ok_or(format!("no query named {name:?}"))?;
    let request = request(spec)?;
    let archive = Archive::open(directory)?;
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < duration {
        if fresh {
            Archive::open(directory)?.search(&request)?;
        } else {
            archive.search(&request)?;
        }
        runs += 1;
    }
    eprintln!(
        "{name}: {runs} runs, mean {:.3} ms",
        started.elapsed().as_secs_f64() * 1e3 / runs as f64
    );
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

/// Runs `work` once to warm up, then at least `runs` times, and on for up to a second
/// (300 runs at most) when it is fast, so that fast queries get stable percentiles.
fn measure<E: Into<Error>>(
    runs: usize,
    mut work: impl FnMut() -> Result<(), E>,
) -> Result<Timing, Error> {
    work().map_err(Into::into)?;
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

/// `--probe --index DIR --speaker-id N`: the same queries built in different ways with
/// tantivy directly on an archive's index, to measure what each construction costs (the
/// numbers behind the proposals in BENCHMARKS.md). Terms are given already analysed.
mod probe {
    use std::ops::Bound;
    use std::time::{Duration, Instant};

    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{
        AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
        TermSetQuery,
    };
    use tantivy::schema::IndexRecordOption;
    use tantivy::{Index, Order, Searcher, Term};

    fn time(label: &str, searcher: &Searcher, mut work: impl FnMut(&Searcher) -> usize) {
        let mut runs = Vec::new();
        let mut found = work(searcher);
        let started = Instant::now();
        while runs.len() < 30 || (started.elapsed() < Duration::from_secs(1) && runs.len() < 300) {
            let run = Instant::now();
            found = work(searcher);
            runs.push(run.elapsed());
        }
        runs.sort();
        eprintln!(
            "{label:<58} {found:>8}  p50 {:>8.3} ms",
            runs[runs.len() / 2].as_secs_f64() * 1e3
        );
    }

    pub fn run() -> Result<(), super::Error> {
        let mut index = None;
        let mut speaker = 0u64;
        let mut arguments = std::env::args().skip(1);
        while let Some(argument) = arguments.next() {
            match argument.as_str() {
                "--index" => index = arguments.next(),
                "--speaker-id" => speaker = arguments.next().ok_or("--speaker-id N")?.parse()?,
                _ => {}
            }
        }
        let index = Index::open_in_dir(index.ok_or("--index DIR")?)?;
        if std::env::args().any(|argument| argument == "--merge") {
            // Into one segment, as a bulk ingest could leave it (only ever on a copy).
            let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
            let ids = index.searchable_segment_ids()?;
            let started = Instant::now();
            writer.merge(&ids).wait()?;
            writer.wait_merging_threads()?;
            eprintln!(
                "merged {} segments in {:.1} s",
                ids.len(),
                started.elapsed().as_secs_f64()
            );
        }
        let searcher = index.reader()?.searcher();
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name).expect("field of the archive schema");
        let (text, title, speaker_field, country) = (
            field("text"),
            field("title"),
            field("speaker"),
            field("country"),
        );
        let (first_day, last_day) = (field("first_day"), field("last_day"));
        let day = |y, m, d| {
            i64::from(chrono::Datelike::num_days_from_ce(
                &chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date"),
            ))
        };
        let term = |word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(text, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let word_union = |word: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(word)),
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(title, word),
                        IndexRecordOption::WithFreqs,
                    )) as Box<dyn Query>,
                ),
            ]))
        };
        let filter = |query: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(query, 0.0))
        };
        let speaker_set = || {
            filter(Box::new(TermSetQuery::new([Term::from_field_u64(
                speaker_field,
                speaker,
            )])))
        };
        let speaker_term = || {
            filter(Box::new(TermQuery::new(
                Term::from_field_u64(speaker_field, speaker),
                IndexRecordOption::Basic,
            )))
        };
        let dates = || -> Vec<(Occur, Box<dyn Query>)> {
            vec![
                (
                    Occur::Must,
                    filter(Box::new(RangeQuery::new(
                        Bound::Included(Term::from_field_i64(last_day, day(2015, 1, 1))),
                        Bound::Unbounded,
                    ))),
                ),
                (
                    Occur::Must,
                    filter(Box::new(RangeQuery::new(
                        Bound::Unbounded,
                        Bound::Included(Term::from_field_i64(first_day, day(2024, 12, 31))),
                    ))),
                ),
            ]
        };
        let top = |searcher: &Searcher, query: &dyn Query| {
            searcher
                .search(query, &TopDocs::with_limit(20).order_by_score())
                .map(|hits| hits.len())
                .unwrap_or(0)
        };
        let count_and_top = |searcher: &Searcher, query: &dyn Query| {
            searcher
                .search(query, &(Count, TopDocs::with_limit(20).order_by_score()))
                .map(|(count, _)| count)
                .unwrap_or(0)
        };
        let count = |searcher: &Searcher, query: &dyn Query| query.count(searcher).unwrap_or(0);
        eprintln!(
            "segments: {}, docs: {}",
            searcher.segment_readers().len(),
            searcher.num_docs()
        );

        let union = word_union("countri");
        time(
            "word (text|title): Count + TopDocs (as now)",
            &searcher,
            |s| count_and_top(s, &*union),
        );
        time("word (text|title): TopDocs alone", &searcher, |s| {
            top(s, &*union)
        });
        time("word (text|title): Count alone", &searcher, |s| {
            count(s, &*union)
        });
        let single = term("countri");
        time("word (text only): TopDocs alone", &searcher, |s| {
            top(s, &*single)
        });
        time("word (text only): Count alone (doc_freq)", &searcher, |s| {
            count(s, &*single)
        });

        let as_now = BooleanQuery::new(vec![
            (Occur::Must, word_union("countri")),
            (Occur::Must, speaker_set()),
        ]);
        time(
            "word + speaker TermSetQuery: Count + TopDocs (as now)",
            &searcher,
            |s| count_and_top(s, &as_now),
        );
        let with_term = BooleanQuery::new(vec![
            (Occur::Must, word_union("countri")),
            (Occur::Must, speaker_term()),
        ]);
        time(
            "word + speaker TermQuery: Count + TopDocs",
            &searcher,
            |s| count_and_top(s, &with_term),
        );
        time("word + speaker TermQuery: TopDocs alone", &searcher, |s| {
            top(s, &with_term)
        });
        time("word + speaker TermQuery: Count alone", &searcher, |s| {
            count(s, &with_term)
        });

        let mut clauses = vec![
            (Occur::Must, word_union("countri")),
            (Occur::Must, speaker_set()),
        ];
        clauses.extend(dates());
        let full_now = BooleanQuery::new(clauses);
        time(
            "word + speaker + dates (as now): Count + TopDocs",
            &searcher,
            |s| count_and_top(s, &full_now),
        );
        let mut clauses = vec![
            (Occur::Must, word_union("countri")),
            (Occur::Must, speaker_term()),
        ];
        clauses.extend(dates());
        let full_term = BooleanQuery::new(clauses);
        time(
            "word + speaker TermQuery + dates: Count + TopDocs",
            &searcher,
            |s| count_and_top(s, &full_term),
        );
        time(
            "word + speaker TermQuery + dates: TopDocs alone",
            &searcher,
            |s| top(s, &full_term),
        );
        time(
            "word + speaker TermQuery + dates: Count alone",
            &searcher,
            |s| count(s, &full_term),
        );

        let text_speaker = BooleanQuery::new(vec![
            (Occur::Must, term("countri")),
            (Occur::Must, speaker_term()),
        ]);
        time(
            "word (text only) + speaker TermQuery: TopDocs alone",
            &searcher,
            |s| top(s, &text_speaker),
        );
        time(
            "word (text only) + speaker TermQuery: Count alone",
            &searcher,
            |s| count(s, &text_speaker),
        );
        let mut clauses = vec![
            (Occur::Must, term("countri")),
            (Occur::Must, speaker_term()),
        ];
        clauses.extend(dates());
        let text_speaker_dates = BooleanQuery::new(clauses);
        time(
            "word (text only) + speaker TermQuery + dates: TopDocs alone",
            &searcher,
            |s| top(s, &text_speaker_dates),
        );
        time(
            "word (text only) + speaker TermQuery + dates: Count alone",
            &searcher,
            |s| count(s, &text_speaker_dates),
        );

        let mut clauses = vec![(Occur::Must, word_union("countri"))];
        clauses.extend(dates());
        let word_dates = BooleanQuery::new(clauses);
        time("word + dates: Count + TopDocs (as now)", &searcher, |s| {
            count_and_top(s, &word_dates)
        });
        time("word + dates: Count alone", &searcher, |s| {
            count(s, &word_dates)
        });
        let mut clauses = vec![(Occur::Must, word_union("countri"))];
        clauses.push(dates().remove(0));
        let word_from = BooleanQuery::new(clauses);
        time(
            "word + from only (one range): Count alone",
            &searcher,
            |s| count(s, &word_from),
        );

        let phrase = PhraseQuery::new(vec![
            Term::from_field_text(text, "human"),
            Term::from_field_text(text, "right"),
        ]);
        time("phrase (text only): Count + TopDocs", &searcher, |s| {
            count_and_top(s, &phrase)
        });
        time("phrase (text only): TopDocs alone", &searcher, |s| {
            top(s, &phrase)
        });

        let newest = |query: &dyn Query, searcher: &Searcher| {
            searcher
                .search(
                    query,
                    &(
                        Count,
                        TopDocs::with_limit(20)
                            .order_by_fast_field::<u64>("chronology", Order::Desc),
                    ),
                )
                .map(|(count, _)| count)
                .unwrap_or(0)
        };
        let country_now = BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (
                Occur::Must,
                filter(Box::new(TermSetQuery::new([Term::from_field_text(
                    country, "RU",
                )]))),
            ),
        ]);
        time(
            "country RU newest (as now): Count + top by chronology",
            &searcher,
            |s| newest(&country_now, s),
        );
        let country_term = TermQuery::new(
            Term::from_field_text(country, "RU"),
            IndexRecordOption::Basic,
        );
        time(
            "country RU newest, TermQuery: Count + top by chronology",
            &searcher,
            |s| newest(&country_term, s),
        );
        time(
            "country RU, TermQuery: Count alone (doc_freq)",
            &searcher,
            |s| count(s, &country_term),
        );
        time("all newest: Count + top by chronology", &searcher, |s| {
            newest(&AllQuery, s)
        });
        Ok(())
    }
}
