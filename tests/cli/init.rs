//! `communique init`, and where commands find the archive: `--archive`,
//! `COMMUNIQUE_ARCHIVE`, or the default archive under the platform data directory.

use crate::support::{data, Archive, Run};

#[test]
fn init_creates_an_empty_archive() {
    let archive = Archive::new();
    let directory = archive.dir();
    let run = Run::of({
        let mut command = archive.bare();
        command.arg("init").arg(&directory);
        command
    });
    run.success().stderr_has(&format!(
        "communique: created an empty archive at {}",
        directory.display()
    ));
    assert!(directory.join("archive.sqlite3").is_file());
    assert!(directory.join("index").is_dir());

    let stats = archive.stdout_json(&["stats", "--format", "json"]);
    assert_eq!(stats["statements"], 0);
    assert_eq!(stats["speakers"], 0);
    // An empty archive finds nothing, which is exit 1 and no output.
    let search = archive.run(&["search", "restraint"]);
    search.code(1);
    assert_eq!(search.stdout, "");
    // Nor a phrase in a period, ranked or counted: phrases are ranked by communique
    // itself, over no segment here.
    let phrase = archive.run(&["search", "\"cease fire\"", "--from", "2020"]);
    phrase.code(1);
    assert_eq!(phrase.stdout, "");
    let counted = archive.run(&["search", "\"cease fire\"", "--from", "2020", "--count"]);
    counted.code(1);
    assert_eq!(counted.stdout.trim(), "0");
    archive
        .run(&["check"])
        .success()
        .stdout_has("ok: 0 statements in the database, 0 in the index, in agreement");
}

#[test]
fn init_without_a_directory_creates_the_archive_given_by_the_flag() {
    let archive = Archive::new();
    archive.run(&["init"]).success().stderr_has(&format!(
        "created an empty archive at {}",
        archive.dir().display()
    ));
    assert!(archive.dir().join("archive.sqlite3").is_file());
    assert_eq!(archive.statement_count(), 0);
}

#[test]
fn init_bundled_loads_the_14_bundled_statements() {
    let archive = Archive::new();
    archive
        .run(&["init", "--bundled", archive.dir().to_str().unwrap()])
        .success()
        .stderr_has(&format!(
            "communique: created the archive at {} with the 14 bundled statements",
            archive.dir().display()
        ));
    assert_eq!(archive.statement_count(), 14);
    let hits = archive.stdout_json(&[
        "search",
        "restraint",
        "--speaker",
        "peskov",
        "--format",
        "json",
    ]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits:#}");
    assert_eq!(hits[0]["speaker"], "Dmitry Peskov");
    assert!(hits[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("We call on both sides to show restraint"));
}

#[test]
fn init_refuses_an_existing_archive() {
    let archive = Archive::with("statements.jsonl");
    let before = archive.export("jsonl");
    let run = archive.run(&["init", archive.dir().to_str().unwrap()]);
    run.code(2).stderr_has(&format!(
        "communique: error: an archive already exists at {}",
        archive.dir().display()
    ));
    assert_eq!(run.stdout, "");
    assert_eq!(
        archive.export("jsonl"),
        before,
        "init must not touch an archive"
    );
    // --bundled does not sneak statements into an existing archive either.
    archive
        .run(&["init", "--bundled", archive.dir().to_str().unwrap()])
        .code(2);
    assert_eq!(archive.statement_count(), 8);
}

#[test]
fn init_refuses_a_directory_with_other_files() {
    let archive = Archive::new();
    std::fs::create_dir(archive.dir()).unwrap();
    std::fs::write(archive.dir().join("notes.txt"), "my notes").unwrap();
    archive
        .run(&["init", archive.dir().to_str().unwrap()])
        .code(2)
        .stderr_has("is not a communique archive")
        .stderr_has("hint: ");
    assert!(!archive.dir().join("archive.sqlite3").exists());
    let mut entries: Vec<String> = std::fs::read_dir(archive.dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(entries, ["notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(archive.dir().join("notes.txt")).unwrap(),
        "my notes"
    );
    // Reading commands refuse it the same way.
    archive
        .run(&["search", "restraint"])
        .code(2)
        .stderr_has("is not a communique archive");
}

/// A directory or an empty file under the database's name is not "an archive already
/// exists" (init) nor "it has no archive.sqlite3" (search): it is named for what it is.
#[test]
fn a_directory_or_an_empty_file_in_the_database_s_place_is_named() {
    for (make, found) in [
        (
            (|path: &std::path::Path| std::fs::create_dir(path).unwrap()) as fn(&std::path::Path),
            "is a directory",
        ),
        (
            |path: &std::path::Path| std::fs::write(path, "").unwrap(),
            "is an empty file",
        ),
    ] {
        let archive = Archive::new();
        std::fs::create_dir(archive.dir()).unwrap();
        let database = archive.dir().join("archive.sqlite3");
        make(&database);
        let expected = format!(
            "communique: error: {} {found}, not a communique database",
            database.display()
        );
        for args in [&["init"][..], &["search", "restraint"], &["ingest", "-"]] {
            archive
                .run(args)
                .code(2)
                .stderr_has(&expected)
                .stderr_has("hint: move it out of the way");
        }
        // Nothing was put in its place.
        assert_eq!(std::fs::read_dir(archive.dir()).unwrap().count(), 1);
    }
}

/// A file, or a link to nothing, where the archive should be: said as such, not as the
/// operating system's "Not a directory (os error 20)" or "File exists (os error 17)".
#[test]
fn a_file_or_a_broken_link_in_the_archive_s_place_is_named() {
    let archive = Archive::new();
    std::fs::write(archive.dir(), "not an archive").unwrap();
    for args in [
        &["init"][..],
        &["add", "--speaker", "X", "--date", "2020", "A statement."],
    ] {
        archive
            .run(args)
            .code(2)
            .stderr_has("is a file, not a directory")
            .stderr_has("hint: ");
    }
    assert_eq!(
        std::fs::read_to_string(archive.dir()).unwrap(),
        "not an archive"
    );
    std::fs::remove_file(archive.dir()).unwrap();
    std::os::unix::fs::symlink(archive.path("nowhere/archive"), archive.dir()).unwrap();
    archive
        .run(&["add", "--speaker", "X", "--date", "2020", "A statement."])
        .code(2)
        .stderr_has("is a symbolic link to something that does not exist");
}

#[test]
fn the_default_archive_is_created_with_the_bundled_statements_on_first_use() {
    let archive = Archive::new();
    let default = archive.home().join(".local/share/communique");
    let search = |args: &[&str]| {
        let mut command = archive.bare();
        command.args(args);
        Run::of(command)
    };

    let first = search(&["search", "restraint", "--speaker", "peskov"]);
    first
        .success()
        .stderr_has(&format!(
            "communique: created the archive at {} with the 14 bundled statements",
            default.display()
        ))
        .stdout_has("Dmitry Peskov")
        .stdout_has("We call on both sides to show restraint");
    assert!(default.join("archive.sqlite3").is_file());
    assert!(!archive.dir().exists(), "no other archive is created");

    // The second time the archive exists: no creation message, same answer.
    let second = search(&["search", "restraint", "--speaker", "peskov"]);
    second.success();
    assert!(!second.stderr.contains("created"), "{second}");
    assert_eq!(second.stdout, first.stdout);
    let stats = search(&["stats", "--format", "json"]);
    assert_eq!(stats.success().json()["statements"], 14);
}

/// Two first uses at once (two terminals, or a script's parallel searches): one creates
/// the default archive and loads the bundled statements; the other waits for them and
/// gets the same answer, not an empty archive's "nothing found".
#[test]
fn two_first_uses_at_once_both_find_the_bundled_statements() {
    for round in 0..4 {
        let archive = Archive::new();
        let searches: Vec<_> = (0..2)
            .map(|_| {
                let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_communique"));
                command
                    .args([
                        "search",
                        "restraint",
                        "--speaker",
                        "peskov",
                        "--format",
                        "ids",
                    ])
                    .env_clear()
                    .env("HOME", archive.home())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("starting communique")
            })
            .collect();
        for search in searches {
            let output = search.wait_with_output().expect("waiting for communique");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(0), "round {round}: {stderr}");
            assert_eq!(
                String::from_utf8_lossy(&output.stdout).trim(),
                "14",
                "round {round}"
            );
        }
    }
}

/// A shell expands `~` before a flag, not in a quoted variable, a systemd unit or a
/// Dockerfile: `COMMUNIQUE_ARCHIVE="~/archives/caucasus"` must not make a directory named
/// `~` in whatever directory the command runs in.
#[test]
fn a_tilde_in_the_archive_variable_is_the_home_directory() {
    let archive = Archive::new();
    let working = archive.path("working");
    std::fs::create_dir_all(&working).unwrap();
    let mut command = archive.bare();
    command
        .current_dir(&working)
        .env("COMMUNIQUE_ARCHIVE", "~/archives/caucasus")
        .arg("init");
    let created = archive.home().join("archives/caucasus");
    Run::of(command).success().stderr_has(&format!(
        "created an empty archive at {}",
        created.display()
    ));
    assert!(created.join("archive.sqlite3").is_file());
    assert!(!working.join("~").exists());

    // The configuration file's variable alike: its archive is the one used.
    std::fs::write(
        archive.home().join("communique.toml"),
        "archive = \"~/archives/caucasus\"\n",
    )
    .unwrap();
    let mut command = archive.bare();
    command
        .current_dir(&working)
        .env("COMMUNIQUE_CONFIG", "~/communique.toml")
        .args(["stats", "--format", "json"]);
    assert_eq!(Run::of(command).success().json()["statements"], 0);
}

#[test]
fn the_communique_archive_variable_names_the_archive() {
    let archive = Archive::new();
    let statements = data("statements.jsonl");
    let with_variable = |args: &[&str]| {
        let mut command = archive.bare();
        command.env("COMMUNIQUE_ARCHIVE", archive.dir()).args(args);
        Run::of(command)
    };
    with_variable(&["ingest", statements.to_str().unwrap()])
        .success()
        .stderr_has(&format!(
            "created the archive at {}",
            archive.dir().display()
        ));
    assert!(archive.dir().join("archive.sqlite3").is_file());
    assert!(
        !archive.home().join(".local/share/communique").exists(),
        "the default archive must not be touched"
    );
    let stats = with_variable(&["stats", "--format", "json"]);
    assert_eq!(stats.success().json()["statements"], 8);

    // --archive wins over the variable.
    let other = archive.path("other");
    let mut command = archive.bare();
    command
        .env("COMMUNIQUE_ARCHIVE", archive.dir())
        .arg("init")
        .arg(&other);
    Run::of(command).success();
    let mut command = archive.bare();
    command
        .env("COMMUNIQUE_ARCHIVE", archive.dir())
        .arg("--archive")
        .arg(&other)
        .args(["stats", "--format", "json"]);
    assert_eq!(Run::of(command).success().json()["statements"], 0);

    // Set but blank, as `COMMUNIQUE_ARCHIVE= communique …` sets it: no archive given, the
    // default one; not "a value is required for '--archive <DIR>'".
    for blank in ["", " "] {
        let mut command = archive.bare();
        command
            .env("COMMUNIQUE_ARCHIVE", blank)
            .env("COMMUNIQUE_CONFIG", blank)
            .arg("config");
        Run::of(command)
            .success()
            .stdout_has(".local/share/communique\"  # default");
    }
}

#[test]
fn a_missing_explicit_archive_is_an_error_with_a_hint() {
    let archive = Archive::new();
    let run = archive.run(&["search", "restraint"]);
    run.code(2)
        .stderr_has(&format!("no archive at {}", archive.dir().display()))
        .stderr_has("hint: create one with `communique init");
    assert_eq!(run.stdout, "");
    assert!(!archive.dir().exists(), "reading commands create nothing");

    // The same through the variable: only the default archive is created on demand.
    let mut command = archive.bare();
    command
        .env("COMMUNIQUE_ARCHIVE", archive.dir())
        .args(["search", "restraint"]);
    Run::of(command).code(2).stderr_has("no archive at");
    assert!(!archive.dir().exists());
    assert!(!archive.home().join(".local/share/communique").exists());

    for args in [
        &["show", "1"][..],
        &["speakers"],
        &["export"],
        &["stats"],
        &["check"],
        &["reindex"],
    ] {
        archive.run(args).code(2).stderr_has("no archive at");
    }
    assert!(!archive.dir().exists());
}

/// A path longer than 80 characters was cut in the commands hints suggest
/// (`--archive '/tmp/a very long…' (130 characters)`), which then named another
/// directory, and was not quoted for the shell where the hints named it raw
/// (`communique init /tmp/my archive`). The commands hold it whole, quoted.
#[test]
fn suggested_commands_hold_a_long_path_whole_and_quoted() {
    let archive = Archive::new();
    let parent = archive.path(&format!("a long directory {}", "x".repeat(90)));
    std::fs::create_dir(&parent).unwrap();
    let directory = parent.join("arch");
    let dir = directory.to_str().unwrap();
    let quoted = format!("'{dir}'");
    let run_in = |args: &[&str]| {
        let mut command = archive.bare();
        command.arg("--archive").arg(&directory).args(args);
        Run::of(command)
    };
    run_in(&["ingest", data("statements.jsonl").to_str().unwrap()]).success();
    run_in(&["search", "restraint", "zzzq"])
        .code(1)
        .stderr_has(&format!(
            "without it: communique search restraint --archive {quoted}\n"
        ));
    run_in(&["search", "restraint", "-drill"])
        .code(2)
        .stderr_has(&format!(
            "put the query after --: communique --archive {quoted} search -- restraint -drill\n"
        ));
    let missing = format!("{dir}/nope");
    let mut command = archive.bare();
    command.args(["--archive", &missing, "search", "x"]);
    Run::of(command)
        .code(2)
        .stderr_has(&format!("error: no archive at {missing}\n"))
        .stderr_has(&format!(
            "hint: create one with `communique init '{missing}'`, or ingest into it with `communique ingest FILE --archive '{missing}'`\n"
        ));
    let wrapped = parent.join("wrapped records.json");
    std::fs::write(
        &wrapped,
        r#"{"records": [{"text": "t", "speaker": "s", "date": "2024"}]}"#,
    )
    .unwrap();
    run_in(&["ingest", wrapped.to_str().unwrap()])
        .code(2)
        .stderr_has(&format!(
            "hint: ingest its records: `jq -c '.records[]' '{}' | communique ingest -`\n",
            wrapped.display()
        ));
}

/// A file name of 120 KB (a pasted document given as the file) was echoed whole twice:
/// "cannot read PATH", then "caused by: PATH: File name too long"; an archive path as
/// long, three times, in the error and the two commands of its hint. Such a path names
/// no file: it is named once, by its beginning, and no command holds it.
#[test]
fn a_huge_path_is_named_once_by_its_beginning() {
    let archive = Archive::with("statements.jsonl");
    let huge = archive.path(&"a".repeat(120_000));
    let huge = huge.to_str().unwrap();
    let start: String = huge.chars().take(80).collect();
    let length = huge.chars().count();
    let named = format!("{start}… ({length} characters)");
    for args in [
        vec!["ingest", huge],
        vec!["extract", huge],
        vec!["export", "--output", huge],
    ] {
        let run = archive.run(&args);
        run.code(2)
            .stderr_lines_within(400)
            .stderr_has(&named)
            .stderr_has("caused by: File name too long");
        assert_eq!(run.stderr.matches(&start).count(), 1, "{run}");
    }
    let mut command = archive.bare();
    command.args(["--archive", huge, "search", "x"]);
    let run = Run::of(command);
    run.code(2)
        .stderr_lines_within(400)
        .stderr_has(&format!("error: no archive at {named}\n"))
        .stderr_has("hint: create one with `communique init DIR`");
    assert_eq!(run.stderr.matches(&start).count(), 1, "{run}");
}

/// A hint's command named an archive path that is not UTF-8 lossily (`caf\u{fffd}`): pasted,
/// it made another directory. It names the same bytes, the bad ones ANSI-C quoted as GNU
/// `ls --quoting-style=shell-escape` writes them, and writes no control byte raw.
#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_is_suggested_as_the_same_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let archive = Archive::new();
    let root = archive.path("");
    let latin = root.join(std::ffi::OsStr::from_bytes(b"caf\xe9 x"));
    let control = root.join(std::ffi::OsStr::from_bytes(b"a\x1b[31mb\nc"));
    let suggested = |directory: &std::path::Path| -> String {
        let mut command = archive.bare();
        command
            .arg("search")
            .arg("anything")
            .arg("--archive")
            .arg(directory);
        let run = Run::of(command);
        run.code(2).stderr_has("no archive at");
        assert!(!run.stderr.contains('\u{1b}'), "a raw escape:\n{run}");
        let hint = run
            .stderr
            .lines()
            .find(|line| line.starts_with("hint: "))
            .unwrap_or_else(|| panic!("no hint:\n{run}"));
        let start = hint.find("`communique init ").expect("the init command") + 1;
        let end = start + hint[start..].find('`').expect("the command's end");
        hint[start..end].to_string()
    };
    let root_word = root.to_str().expect("a UTF-8 temporary directory");
    let latin_command = suggested(&latin);
    assert_eq!(
        latin_command,
        format!("communique init {root_word}caf$'\\xe9'' x'")
    );
    let control_command = suggested(&control);
    assert_eq!(
        control_command,
        format!("communique init {root_word}a$'\\x1b''[31mb'$'\\x0a'c")
    );
    // Pasted into bash, each names the directory given.
    if !std::path::Path::new("/bin/bash").exists() {
        return;
    }
    let binaries = std::path::Path::new(env!("CARGO_BIN_EXE_communique"))
        .parent()
        .expect("the binary's directory");
    for (command, directory) in [(&latin_command, &latin), (&control_command, &control)] {
        let status = std::process::Command::new("/bin/bash")
            .arg("-c")
            .arg(command)
            .env_clear()
            .env("PATH", binaries)
            .env("HOME", archive.home())
            .output()
            .expect("running bash");
        assert!(status.status.success(), "{command}: {status:?}");
        assert!(
            directory.join("archive.sqlite3").is_file(),
            "{command} made another directory"
        );
    }
}
