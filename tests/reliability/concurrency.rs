//! Concurrency, with real processes: searches keep answering, correctly, while an ingest
//! or a reindex runs in another process (old state or new, never a broken one); two
//! writers at once queue or report "archive is busy", never corrupt, never deadlock; a
//! lock left by a killed writer never blocks.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{
    phrase, prove_consistent, wait_with_timeout, Corpus, Rng, Run, Workspace, TIMEOUT,
};

fn ingest_args(files: &[std::path::PathBuf]) -> Vec<String> {
    let mut args = vec!["ingest".to_string()];
    args.extend(files.iter().map(|file| file.display().to_string()));
    args
}

/// A generated corpus of `files` files of `per_file` statements each, written to a new
/// workspace whose archive holds the first file.
fn first_file_ingested(
    seed: u64,
    files: usize,
    per_file: usize,
) -> (Corpus, Workspace, Vec<std::path::PathBuf>) {
    let corpus = Corpus::generate(seed, files, per_file);
    let workspace = Workspace::new();
    let paths = corpus.write(&workspace, "part");
    workspace
        .run(&["ingest", paths[0].to_str().unwrap()])
        .success();
    (corpus, workspace, paths)
}

/// Checks a search that ran beside a writer: it answered, without an error.
#[track_caller]
fn answered(run: &Run) {
    run.sane();
    assert!(
        run.code == Some(0) || run.code == Some(1),
        "a search failed beside a writer:\n{run}"
    );
    assert!(
        !run.stderr.contains("error"),
        "a search reported an error beside a writer:\n{run}"
    );
}

#[test]
fn searches_answer_while_an_ingest_runs() {
    let (corpus, workspace, files) = first_file_ingested(0x5EA, 8, 150);
    // A reader sees whole files: the counts after 1, 2, … files.
    let allowed: Vec<usize> = (1..=corpus.files.len()).map(|n| n * 150).collect();
    let mut writer = workspace.spawn(&ingest_args(&files[1..]));
    let mut rng = Rng::new(3);
    let mut searches = 0;
    let mut last_count = 0;
    let mut seen: BTreeMap<usize, bool> = BTreeMap::new();
    let started = Instant::now();
    loop {
        let running = writer.try_wait().expect("polling the writer").is_none();
        let count = workspace.run(&["search", "--count"]);
        answered(&count);
        let count: usize = count.stdout.trim().parse().expect("a count");
        assert!(
            allowed.contains(&count),
            "a reader saw {count} statements: half a file"
        );
        assert!(
            count >= last_count,
            "a reader saw the archive go back: {last_count} then {count}"
        );
        last_count = count;
        // A statement of the first file: always there, once.
        let old = corpus.files[0][rng.below(150)];
        let found = workspace.run(&["search", &format!("\"{}\"", phrase(old)), "--format", "ids"]);
        answered(&found);
        assert_eq!(
            found.stdout.lines().count(),
            1,
            "statement {old} not found once:\n{found}"
        );
        // A statement of a file being ingested: absent or there, and once there, there.
        let new = corpus.files[1 + rng.below(7)][rng.below(150)];
        let found = workspace.run(&[
            "search",
            &format!("\"{}\"", phrase(new)),
            "--format",
            "jsonl",
        ]);
        answered(&found);
        let hits = found.json_lines();
        assert!(hits.len() <= 1, "statement {new} found twice:\n{found}");
        if let Some(hit) = hits.first() {
            assert_eq!(
                hit["text"], corpus.records[new]["text"],
                "the hit is another statement"
            );
        }
        let present = !hits.is_empty();
        if let Some(&before) = seen.get(&new) {
            assert!(!before || present, "statement {new} was found, then not");
        }
        seen.insert(new, present);
        searches += 1;
        if !running {
            break;
        }
        assert!(started.elapsed() < TIMEOUT, "the ingest does not end");
    }
    let status = writer.wait().expect("the writer");
    assert!(
        status.success(),
        "the ingest failed beside the readers: {status:?}"
    );
    eprintln!("searches beside an ingest: {searches} rounds of 3 searches");
    assert!(
        searches >= 3,
        "the ingest ended before the searches could overlap it"
    );
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

/// A first load into an empty archive is a bulk load: its indexes are rebuilt at the end
/// and it writes through a rollback journal, not the WAL. A search beside it sees the
/// empty archive or the whole file, or waits and reports the archive busy; never part of
/// the file, never another error.
#[test]
fn searches_beside_a_first_load_see_nothing_or_everything() {
    let corpus = Corpus::generate(0xB17, 1, 4000);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "load");
    workspace.run(&["init"]).success();
    let total = corpus.files[0].len();
    let mut writer = workspace.spawn(&ingest_args(&files));
    let mut outcomes: BTreeSet<String> = BTreeSet::new();
    let started = Instant::now();
    loop {
        let running = writer.try_wait().expect("polling the writer").is_none();
        let count = workspace.run(&["search", "--count"]);
        count.sane();
        match count.code {
            Some(0) | Some(1) => {
                let count: usize = count.stdout.trim().parse().expect("a count");
                assert!(
                    count == 0 || count == total,
                    "a reader saw {count} of {total} statements of a first load"
                );
                outcomes.insert(format!("{count} statements"));
            }
            Some(2) if count.stderr.contains("busy") => {
                outcomes.insert("busy".into());
            }
            _ => panic!("a search beside a first load failed:\n{count}"),
        }
        if !running {
            break;
        }
        assert!(started.elapsed() < TIMEOUT, "the load does not end");
    }
    let status = writer.wait().expect("the writer");
    assert!(
        status.success(),
        "the load failed beside the readers: {status:?}"
    );
    eprintln!("searches beside a first load saw: {outcomes:?}");
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

#[test]
fn searches_answer_while_a_reindex_runs() {
    let corpus = Corpus::generate(0x2E1, 4, 250);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    workspace.run(&ingest_args(&files)).success();
    let total = corpus.records.len().to_string();
    let mut rng = Rng::new(5);
    let mut searches = 0;
    for _ in 0..3 {
        let mut reindex = workspace.spawn(&["reindex"]);
        loop {
            let running = reindex.try_wait().expect("polling").is_none();
            let count = workspace.run(&["search", "--count"]);
            answered(&count);
            assert_eq!(count.stdout.trim(), total, "a reader saw a partial index");
            let key = rng.below(corpus.records.len());
            let found =
                workspace.run(&["search", &format!("\"{}\"", phrase(key)), "--format", "ids"]);
            answered(&found);
            assert_eq!(
                found.stdout.lines().count(),
                1,
                "statement {key} not found once:\n{found}"
            );
            searches += 1;
            if !running {
                break;
            }
        }
        assert!(reindex.wait().expect("reindex").success());
    }
    eprintln!("searches beside reindex: {searches} rounds of 2 searches");
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

/// Two first ingests at once into an archive that does not exist yet (two scripts
/// started together): one creates it and the other adds to it. Both used to build the
/// database under one temporary name, so that one often failed on the other's files and
/// left a database no command could open, or renamed its empty archive over one already
/// holding the other's statements, which the index still listed.
#[test]
fn two_first_ingests_at_once_make_one_archive_holding_both() {
    let corpus = Corpus::generate(0xC4EA7E, 2, 30);
    for round in 0..8 {
        let workspace = Workspace::new();
        let files = corpus.write(&workspace, "part");
        let writers: Vec<_> = files
            .iter()
            .map(|file| {
                workspace
                    .command(&["ingest", file.to_str().unwrap()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("starting a writer")
            })
            .collect();
        for mut writer in writers {
            let status = wait_with_timeout(&mut writer, TIMEOUT)
                .expect("a writer deadlocked (still running after the timeout)");
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut writer.stderr.take().unwrap(), &mut stderr).unwrap();
            assert!(
                status.success(),
                "round {round}: an ingest failed:\n{stderr}"
            );
        }
        let observed = prove_consistent(&workspace, &corpus);
        assert_eq!(
            observed.present.len(),
            60,
            "round {round}: statements were lost"
        );
    }
}

#[test]
fn two_writers_at_once_queue_or_report_busy() {
    let corpus = Corpus::generate(0x2F1, 6, 120);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    workspace.run(&["init"]).success();
    let mut present = BTreeSet::new();
    let mut outcomes = BTreeMap::new();
    for round in 0..3 {
        let first = &files[round * 2];
        let second = &files[round * 2 + 1];
        let spawn = |file: &std::path::PathBuf| {
            workspace
                .command(&["ingest", file.to_str().unwrap()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("starting a writer")
        };
        let mut a = spawn(first);
        std::thread::sleep(Duration::from_millis(round as u64 * 40));
        let mut b = spawn(second);
        for (writer, number) in [(&mut a, round * 2), (&mut b, round * 2 + 1)] {
            let status = wait_with_timeout(writer, Duration::from_secs(60))
                .expect("a writer deadlocked (still running after 60 s)");
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut writer.stderr.take().unwrap(), &mut stderr).unwrap();
            assert!(!stderr.contains("panicked"), "{stderr}");
            if status.success() {
                present.extend(corpus.files[number].iter().copied());
                *outcomes.entry("finished").or_insert(0) += 1;
            } else {
                assert_eq!(status.code(), Some(2), "{stderr}");
                assert!(
                    stderr.contains("archive is busy"),
                    "a second writer failed otherwise:\n{stderr}"
                );
                *outcomes.entry("busy").or_insert(0) += 1;
            }
        }
        assert_eq!(prove_consistent(&workspace, &corpus).present, present);
    }
    eprintln!("two writers at once: {outcomes:?}");
}

#[test]
fn a_writer_holding_the_archive_makes_the_next_one_busy_and_its_death_frees_it() {
    let (corpus, workspace, files) = first_file_ingested(0xB05, 2, 50);
    let before = workspace.snapshot();
    // A writer reading standard input holds both locks until its input ends.
    let mut holder = workspace
        .command(&["ingest", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting the holder");
    let mut input = holder.stdin.take().expect("piped stdin");
    writeln!(
        input,
        "{}",
        serde_json::json!({"text": "held open", "speaker": "Holder", "date": "2024"})
    )
    .unwrap();
    input.flush().unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        holder.try_wait().unwrap().is_none(),
        "the holder ended early"
    );

    // Readers are not blocked by a writer.
    let count = workspace.run(&["search", "--count"]);
    answered(&count);
    assert_eq!(count.stdout.trim(), "50");
    assert!(
        count.elapsed < Duration::from_secs(5),
        "a reader waited for the writer"
    );

    let second = workspace.run(&["ingest", files[1].to_str().unwrap()]);
    second.code(2);
    assert!(second.stderr.contains("archive is busy"), "{second}");
    // The hint names every kind of writer it may be waiting for, compact included.
    assert!(
        second
            .stderr
            .contains("hint: wait for the command writing to it")
            && second.stderr.contains("compact"),
        "{second}"
    );
    assert!(
        second.elapsed >= Duration::from_secs(5) && second.elapsed < Duration::from_secs(30),
        "the second writer should wait a bounded time ({:.1} s)",
        second.elapsed.as_secs_f64()
    );
    // SIGKILL the holder: its locks die with it.
    holder.kill().unwrap();
    holder.wait().unwrap();
    drop(input);
    assert_eq!(
        workspace.snapshot(),
        before,
        "the killed writer left something behind"
    );
    let third = workspace.run(&["ingest", files[1].to_str().unwrap()]);
    third.success();
    assert!(
        third.elapsed < Duration::from_secs(5),
        "the dead writer's lock blocked ({:.1} s)",
        third.elapsed.as_secs_f64()
    );
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

#[test]
fn a_stale_lock_file_does_not_block() {
    let corpus = Corpus::generate(0x57A, 1, 20);
    let workspace = Workspace::new();
    let files = corpus.write(&workspace, "part");
    workspace.run(&["init"]).success();
    // Lock files as a killed process leaves them (tantivy's locks are flocks on them).
    for name in [".tantivy-writer.lock", ".tantivy-meta.lock"] {
        std::fs::write(workspace.archive().join("index").join(name), "").unwrap();
    }
    let run = workspace.run(&["ingest", files[0].to_str().unwrap()]);
    run.success();
    assert!(run.elapsed < Duration::from_secs(5));
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

/// While another process rebuilds the whole index (a `reindex`, or the repair of an index
/// found unusable), the committed index holds little or nothing: a search then answered
/// "0 matches" as if that were the answer. It says the rebuild is under way.
#[test]
fn a_search_during_another_process_rebuild_says_results_are_incomplete() {
    let corpus = Corpus::generate(0x4EB, 1, 50);
    let workspace = Workspace::new();
    let other = Workspace::new();
    for space in [&workspace, &other] {
        let files = corpus.write(space, "part");
        space.run(&["ingest", files[0].to_str().unwrap()]).success();
    }
    // An index built for another archive must be rebuilt whole.
    let index = workspace.archive().join("index");
    std::fs::remove_dir_all(&index).unwrap();
    std::fs::create_dir(&index).unwrap();
    for entry in std::fs::read_dir(other.archive().join("index")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), index.join(entry.file_name())).unwrap();
    }
    // Another process is writing the index: it holds the writer's lock.
    let lock = hold_index_writer(&index);
    let run = workspace.run(&["search", "--count"]);
    run.sane();
    assert!(
        run.stderr.contains("another process is rebuilding it"),
        "a search beside a rebuild does not say its answer is incomplete:\n{run}"
    );
    drop(lock);
    let run = workspace.run(&["search", "--count"]);
    run.success();
    assert_eq!(run.stdout.trim(), "50", "{run}");
    assert!(run.stderr.contains("built for another archive"), "{run}");
}

/// `check` beside a writer between its database commit and its index commit sees the
/// index behind. That is a moment, not damage: it waits for the writer, catches up and
/// says the archive agrees (it rebuilt the whole index and exited 1).
#[test]
fn check_beside_a_writer_waits_for_it_rather_than_rebuilding() {
    let (_, workspace, _) = first_file_ingested(0xC4EC, 1, 20);
    // A writer has committed statement 2 to the database, not yet to the index.
    rusqlite::Connection::open(workspace.archive().join("archive.sqlite3"))
        .unwrap()
        .execute(
            "INSERT INTO index_changes (first_id, last_id) VALUES (2, 2)",
            [],
        )
        .unwrap();
    let lock = hold_index_writer(&workspace.archive().join("index"));
    let mut check = workspace
        .command(&["check"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting check");
    std::thread::sleep(Duration::from_millis(300));
    drop(lock);
    wait_with_timeout(&mut check, TIMEOUT).expect("check did not finish");
    let output = check.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("ok: 20 statements"), "{stdout}");
}

/// Another program reading the database in one long transaction (a query left open in
/// `sqlite3`, Datasette) holds off a commit while the archive is at rest with its rollback
/// journal. The writer used to wait for it twice (the switch to WAL mode, then the commit:
/// 20 s) and then blame "another communique process writing". It now waits about the busy
/// timeout once, says what holds it, writes nothing, and writes once the reader is gone.
#[test]
fn a_long_reader_of_the_database_makes_a_writer_busy_once_and_says_so() {
    let (corpus, workspace, files) = first_file_ingested(0x10EAD, 2, 20);
    let before = workspace.snapshot();
    let reader = rusqlite::Connection::open(workspace.archive().join("archive.sqlite3")).unwrap();
    let mode: String = reader
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(
        mode, "delete",
        "the archive at rest keeps a rollback journal"
    );
    reader.execute_batch("BEGIN").unwrap();
    let count: i64 = reader
        .query_row("SELECT count(*) FROM statements", [], |row| row.get(0))
        .unwrap();
    assert_eq!(count, 20);

    let writer = workspace.run(&["ingest", files[1].to_str().unwrap()]);
    writer.code(2);
    assert!(
        writer.stderr.contains(
            "the archive is busy: a program has been reading its database in one transaction"
        ) && writer.stderr.contains("nothing was written")
            && writer
                .stderr
                .contains("hint: end that program's open transaction"),
        "{writer}"
    );
    assert!(
        writer.elapsed >= Duration::from_secs(9) && writer.elapsed < Duration::from_secs(15),
        "the writer should wait about the busy timeout, once ({:.1} s)",
        writer.elapsed.as_secs_f64()
    );
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    assert_eq!(
        workspace.snapshot(),
        before,
        "the busy writer left something behind"
    );

    workspace
        .run(&["ingest", files[1].to_str().unwrap()])
        .success();
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

/// A search whose reader stops reading (a pager left open on `--format jsonl` or
/// `--limit all`) must not hold off writers: one page is read before anything is written,
/// and more pages are read in WAL mode. Before, a search of up to 500 hits wrote them
/// inside its read transaction, and a writer then waited for the pager and failed.
#[test]
fn a_search_stopped_by_its_reader_does_not_hold_off_a_writer() {
    let (corpus, workspace, files) = first_file_ingested(0x9A6E, 3, 1_000);
    for (limit, file, expected) in [("400", &files[1], 400), ("all", &files[2], 2_000)] {
        // Far more than a pipe holds: the search blocks writing until it is read.
        let mut search = workspace
            .command(&["search", "--format", "jsonl", "--limit", limit])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting the search");
        std::thread::sleep(Duration::from_millis(800));
        assert!(
            search.try_wait().unwrap().is_none(),
            "the search did not block on its output"
        );
        let writer = workspace.run(&["ingest", file.to_str().unwrap()]);
        writer.success();
        assert!(
            writer.elapsed < Duration::from_secs(5),
            "--limit {limit}: the writer waited for a stopped search ({:.1} s)",
            writer.elapsed.as_secs_f64()
        );
        let mut output = String::new();
        std::io::Read::read_to_string(search.stdout.as_mut().unwrap(), &mut output).unwrap();
        assert!(wait_with_timeout(&mut search, TIMEOUT).unwrap().success());
        assert_eq!(output.lines().count(), expected, "--limit {limit}");
    }
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}

/// Takes the index writer's lock as another communique process writing would, until the
/// returned file is dropped.
fn hold_index_writer(index: &std::path::Path) -> std::fs::File {
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(index.join(".tantivy-writer.lock"))
        .unwrap();
    lock.lock().unwrap();
    lock
}

/// Writers that waited for one another leave no file behind: each one's segments are
/// deleted once no commit uses them. A writer that opened the index, then waited while
/// another wrote, used to write tantivy's list of its files back without the other's,
/// whose segments then stayed on disk for good (ten `add`s at once, then `compact`: 24).
#[test]
fn writers_that_waited_for_one_another_leave_no_segment_behind() {
    let workspace = Workspace::new();
    workspace.run(&["init"]).success();
    let mut writers: Vec<_> = (0..8)
        .map(|number| {
            workspace
                .command(&[
                    "add",
                    "--speaker",
                    &format!("Speaker {number}"),
                    "--date",
                    "2024-01-01",
                    &format!("Statement number {number} of a crowd of writers."),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("starting a writer")
        })
        .collect();
    for writer in &mut writers {
        let status = wait_with_timeout(writer, Duration::from_secs(60))
            .expect("a writer deadlocked (still running after 60 s)");
        assert!(status.success(), "a writer failed: {status:?}");
    }
    workspace.run(&["compact"]).success();
    let index = workspace.archive().join("index");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(index.join("meta.json")).unwrap()).unwrap();
    let live: BTreeSet<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|segment| segment["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(&index)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let (stem, _) = name.split_once('.')?;
            (stem.len() == 32 && stem.bytes().all(|byte| byte.is_ascii_hexdigit()))
                .then(|| stem.to_string())
        })
        .collect();
    assert_eq!(on_disk, live, "segments on disk that no commit uses");
    assert_eq!(live.len(), 1);
    workspace.run(&["check"]).success();
}

/// Waits until `child` waits for a lock (`flock`, the creation's lock on the archive
/// directory), as Linux's `/proc/PID/syscall` tells; where it cannot tell, for a second.
fn wait_until_waiting_for_a_lock(child: &mut std::process::Child) {
    let flock = if cfg!(target_arch = "x86_64") {
        "73 "
    } else if cfg!(target_arch = "aarch64") {
        "32 "
    } else {
        std::thread::sleep(Duration::from_secs(1));
        return;
    };
    let path = format!("/proc/{}/syscall", child.id());
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match std::fs::read_to_string(&path) {
            Ok(state) if state.starts_with(flock) => return,
            Ok(_) => {}
            Err(_) => {
                std::thread::sleep(Duration::from_secs(1));
                return;
            }
        }
        if child.try_wait().expect("polling the child").is_some() {
            let mut said = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut stderr, &mut said);
            }
            panic!("the second ingest ended before the first:\n{said}");
        }
        assert!(Instant::now() < deadline, "the second ingest never waited");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Two first ingests into one new archive, the first of which fails: the second waited
/// for the creation, opened the archive the first then took back, and wrote to removed
/// files. The creation lasts until the first write commits or is taken back: the second
/// waits for it, then creates the archive itself, and keeps its records.
#[test]
fn a_first_ingest_taken_back_does_not_take_another_ingest_with_it() {
    let corpus = Corpus::generate(0xc0c0_0001, 1, 50);
    let workspace = Workspace::new();
    let good = corpus.write(&workspace, "good");
    let (mut first, mut stdin, lines) =
        crate::interrupt::start(&workspace, &["ingest", "--format", "jsonl", "-"]);
    let valid = r#"{"text": "Held open.", "speaker": "A", "date": "2024"}"#;
    writeln!(stdin, "{valid}").expect("writing a record");
    stdin.flush().expect("flushing the record");
    crate::interrupt::wait_for_line(&lines, "created the archive at");
    let mut second = workspace
        .command(&ingest_args(&good))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the second ingest");
    wait_until_waiting_for_a_lock(&mut second);
    // The first ingest meets a bad record, fails, and takes its archive back.
    writeln!(
        stdin,
        r#"{{"text": "Bad.", "speaker": "A", "date": "2024-02-30"}}"#
    )
    .expect("writing a bad record");
    drop(stdin);
    let status = wait_with_timeout(&mut first, TIMEOUT).expect("the first ingest ended");
    assert_eq!(status.code(), Some(2));
    let status = wait_with_timeout(&mut second, TIMEOUT).expect("the second ingest ended");
    let mut said = String::new();
    if let Some(mut stderr) = second.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut stderr, &mut said);
    }
    assert_eq!(status.code(), Some(0), "{said}");
    assert_eq!(prove_consistent(&workspace, &corpus).present, corpus.all());
}
