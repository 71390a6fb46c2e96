//! `communique ingest` of CSV and TSV, JSON and JSON Lines at their edges: quoting, headers,
//! encodings, empty inputs, and the messages that say what to do.

use crate::support::Archive;

/// A field that opens with a quote and goes on after its closing quote was stored with
/// its quotes dropped (`"quoted" word` became `quoted word`), in CSV and in TSV: it is
/// rejected, naming the file, the line and the column, and nothing is written.
#[test]
fn a_field_that_goes_on_after_its_closing_quote_is_rejected_not_altered() {
    let archive = Archive::new();
    for (name, input) in [
        (
            "q.tsv",
            "text\tspeaker\tdate\nfine\tA\t2024-01-03\n\"quoted\" word\tA\t2024-01-04\n",
        ),
        (
            "q.csv",
            "text,speaker,date\nfine,A,2024-01-03\n\"quoted\" word,A,2024-02-01\n",
        ),
    ] {
        let path = archive.write(name, input);
        let run = archive.run(&["ingest", path.to_str().unwrap()]);
        run.code(2)
            .stderr_has(&format!(
                "{name}:3: text: the quoted field `\"quoted\" word` goes on after its closing quote"
            ))
            .stderr_has("`\"\"\"quoted\"\" word\"` keeps the quotes")
            .stderr_has("1 invalid record; nothing was written");
        assert!(!run.stderr.contains("quoted word"), "{run}");
    }
    // Nothing of either file was written.
    assert!(
        !archive.dir().exists() || archive.statement_count() == 0,
        "a rejected file was written"
    );

    // A quote in the middle of a field is text, and a quoted field with its quotes
    // doubled keeps them: both are stored as written.
    let path = archive.write(
        "fine.csv",
        "text,speaker,date\n\"\"\"quoted\"\" word\",A,2024\nhe said \"no\" twice,A,2024\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(2, 0, 0);
    assert_eq!(
        archive.stdout_json(&["show", "1", "--format", "json"])["text"],
        "\"quoted\" word"
    );
    assert_eq!(
        archive.stdout_json(&["show", "2", "--format", "json"])["text"],
        "he said \"no\" twice"
    );

    // With --skip-invalid the other records are stored and the bad one reported.
    let path = archive.write(
        "mixed.tsv",
        "text\tspeaker\tdate\n\"a\"b\tA\t2023\nplain\tA\t2023\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap(), "--skip-invalid"])
        .code(1)
        .stderr_has("mixed.tsv:2: text: the quoted field `\"a\"b` goes on after its closing quote")
        .ingested(1, 0, 1);
}

/// A quote left open took in every later record as one field's text, and the run said
/// "1 added, 0 rejected": the Bob and Carol lines were lost in silence. In CSV, TSV,
/// gzip and a spreadsheet's semicolons with CRLF, the field is rejected naming the file,
/// the line where the quote opens and the field, and nothing is written.
#[test]
fn a_quote_never_closed_is_rejected_not_taking_in_the_records_after_it() {
    let archive = Archive::new();
    let csv = "speaker,date,text\nAlice,2024-02-13,\"He said no\nBob,2024-02-13,second statement\nCarol,2024-02-14,third statement\n";
    let files: [(&str, Vec<u8>); 4] = [
        ("unclosed.csv", csv.into()),
        ("unclosed.tsv", csv.replace(',', "\t").into()),
        ("unclosed.csv.gz", gzip(csv.as_bytes())),
        (
            "semicolons.csv",
            "Speaker;Date;Text\r\nAlice;13.02.2024;\"He said \"\"no\r\nBob;13.02.2024;second\r\n"
                .into(),
        ),
    ];
    for (name, input) in files {
        let path = archive.write(name, input);
        archive
            .run(&["ingest", path.to_str().unwrap()])
            .code(2)
            .stderr_has(&format!(
                "{name}:2: text: the quoted field that opens here, `\"He said "
            ))
            .stderr_has("is never closed: it takes in the rest of the input")
            .stderr_has("Bob")
            .stderr_has("nothing was written")
            .stderr_has(
                "hint: fix the quote: up to its closing quote, what follows is the field's text",
            );
    }
    // A stray quote in another cell: the field it opens is named.
    let path = archive.write(
        "stray.csv",
        "speaker,date,text\nA,2024-02-12,fine\n\"Alice,2024-02-13,He said no\nBob,2024-02-13,second\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("stray.csv:3: speaker: the quoted field that opens here, `\"Alice,2024-02-13,He said no`, is never closed")
        .stderr_has("(--skip-invalid would drop the records it takes in)");
    assert!(
        !archive.dir().exists() || archive.statement_count() == 0,
        "a rejected file was written"
    );

    // With --skip-invalid the records before it are stored, and the field reported.
    archive
        .run(&["ingest", path.to_str().unwrap(), "--skip-invalid"])
        .code(1)
        .stderr_has("stray.csv:3: speaker: the quoted field")
        .ingested(1, 0, 1);
}

/// A stray quote closed by another one further on took in the records between them in
/// silence: a quoted field one of whose lines reads as a record (the header's number of
/// fields, a date in the date column) is rejected. Text that spans lines, commas and all,
/// is stored as written.
#[test]
fn a_quoted_field_that_takes_in_whole_records_is_rejected_and_paragraphs_are_not() {
    let archive = Archive::new();
    let path = archive.write(
        "paired.csv",
        "text,speaker,date\n\"He said no,Alice,2024-02-13\nsecond statement,Bob,2024-02-13\nthird statement,Carol,2024-02-14\",Dan,2024\nfine,Eve,2024\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("paired.csv:2: text: the quoted field that opens here runs to line 4 and takes in line 3, `second statement,Bob,2024-02-13`, which reads as a record of its own")
        .stderr_has("nothing was written")
        .stderr_has("hint: fix the quote");
    // Mapped, the date column is the one --map names.
    let path = archive.write(
        "mapped.csv",
        "speaker,day,text\nAlice,2024-02-13,\"He said no\nBob,2024-02-13,second statement\nCarol,2024-02-14,third\"\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "date=day"])
        .code(2)
        .stderr_has("mapped.csv:2: text: the quoted field that opens here runs to line 4 and takes in line 3");
    assert!(
        !archive.dir().exists() || archive.statement_count() == 0,
        "a rejected file was written"
    );

    let text = "In 2024, we said, no.\nThen, in March, the talks\n2024, 13, and so on\n\nThe end, 2024-02-13, x";
    let path = archive.write(
        "paragraphs.csv",
        format!("speaker,date,text\nAlice,2024-02-13,\"{text}\"\nBob,2024-02-14,second\n"),
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(2, 0, 0);
    assert_eq!(
        archive.stdout_json(&["show", "1", "--format", "json"])["text"],
        text
    );
}

/// Excel and LibreOffice write an empty row as its separators (`;;;;`): such a row
/// rejected the whole file (speaker, date and text missing) where a blank line is
/// skipped. It is skipped too; a row with one value is still a record.
#[test]
fn a_spreadsheet_row_of_separators_alone_is_skipped_as_a_blank_line() {
    let archive = Archive::new();
    let path = archive.write(
        "excel.csv",
        "Speaker;Date;Text;;\r\nA;13.02.2024;t1;;\r\n;;;;\r\n\r\n\"\";;;\r\nB;14.02.2024;t2;;\r\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(2, 0, 0);
    assert_eq!(
        archive.stdout_json(&["show", "2", "--format", "json"])["text"],
        "t2"
    );
    let path = archive.write("one.csv", "Speaker;Date;Text\r\n;;t3\r\n");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("one.csv:2: speaker: missing");
}

/// The same in the header: the column is named, and nothing is created.
#[test]
fn a_header_column_that_goes_on_after_its_closing_quote_is_an_error() {
    let archive = Archive::new();
    let path = archive.write("header.csv", "\"text\" x,speaker,date\nok,A,2024\n");
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2)
        .stderr_has(
            "header.csv:1: column 1: the quoted field `\"text\" x` goes on after its closing quote",
        )
        .stderr_has("hint: ");
    assert!(!run.stderr.contains("--skip-invalid"), "{run}");
    // A header whose quote never closes takes in the whole input.
    let path = archive.write("open.csv", "speaker,\"date,text\nA,2024,x\n");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("open.csv:1: column 2: the quoted field that opens here is never closed");
    assert!(
        !archive.dir().exists(),
        "a failed ingest created the archive"
    );
}

/// What `export --format csv` writes of texts full of quotes, commas and line ends reads
/// back as it was: the stricter reading of quotes refuses none of it.
#[test]
fn an_exported_csv_with_quotes_reads_back_identically() {
    let archive = Archive::new();
    let records = [
        r#"{"text":"\"quoted\" word","speaker":"A","date":"2024-01-01"}"#,
        r#"{"text":"\"\"","speaker":"A","date":"2024-01-02"}"#,
        r#"{"text":"ends with \"a quote\"","speaker":"\"B\" C","date":"2024-01-03","title":"\"T\", t"}"#,
        r#"{"text":"two\nlines, \"and\" a comma","speaker":"A","date":"2024-01-04","tags":["\"x\""]}"#,
    ];
    let path = archive.write("quotes.jsonl", records.join("\n"));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(4, 0, 0);
    let csv = archive.export("csv");
    let expected = archive.export("jsonl");

    let again = Archive::new();
    let path = again.write("exported.csv", &csv);
    again
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(4, 0, 0);
    assert_eq!(again.export("jsonl"), expected);
}

/// A field given by two columns kept the last one and dropped the other in silence: it
/// is an error naming the file, line 1 and the columns, before anything is written.
#[test]
fn a_field_given_by_two_columns_is_an_error() {
    let archive = Archive::new();
    let path = archive.write(
        "twice.csv",
        "text,speaker,date,date\nok,A,2024-01-01,2024-01-02\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has(
            "twice.csv:1: the field date is given by column 3 \"date\" and column 4 \"date\"",
        )
        .stderr_has("hint: remove or rename one of the columns");
    // In two cases: headers are read in any case.
    let path = archive.write("cases.tsv", "Text\tspeaker\ttext\tdate\nok\tA\tko\t2024\n");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has(
            "cases.tsv:1: the field text is given by column 1 \"Text\" and column 3 \"text\"",
        );
    let path = archive.write(
        "mapped.csv",
        "text,speaker,date,published\nok,A,2024-01-01,2024-01-02\n",
    );
    // Two --map of one field.
    archive
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--map",
            "title=published",
            "--map",
            "title=text",
        ])
        .code(2)
        .stderr_has("--map title=… is given twice (\"published\", then \"text\")");
    assert!(
        !archive.dir().exists(),
        "a failed ingest created the archive"
    );
    // A --map that takes the field's own column elsewhere leaves no clash.
    let moved = Archive::new();
    moved
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--map",
            "date=published",
            "--map",
            "title=date",
        ])
        .success();
    let shown = moved.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(shown["date"], "2024-01-02");
    assert_eq!(shown["title"], "2024-01-01");
    // A --map of a field to another column is the user's choice of the two: the column
    // named as the field is left out.
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "date=published"])
        .success();
    let shown = archive.stdout_json(&["show", "1", "--format", "json"]);
    assert_eq!(shown["date"], "2024-01-02");
}

/// The error of a field given by two columns named them in lower case ("date" for a
/// header's "Date"), which a user looking at the header would not find: they are named as
/// the header writes them.
#[test]
fn columns_that_give_one_field_are_named_as_the_header_writes_them() {
    let archive = Archive::new();
    let path = archive.write(
        "cased.csv",
        "Text,Speaker, Date ,DATE\nok,A,2024-01-01,2024-01-02\n",
    );
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2).stderr_has(
        "cased.csv:1: the field date is given by column 3 \"Date\" and column 4 \"DATE\"",
    );
    // So do the lists of columns of the other header errors.
    let path = archive.write("listed.csv", "Text,Speaker,When\nok,A,2024\n");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("listed.csv: the header has no column for date (required; its columns are: Text, Speaker, When)");
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "date=wen"])
        .code(2)
        .stderr_has("--map date=wen: no column \"wen\" in ")
        .stderr_has("did you mean \"When\"?");
    archive
        .run(&["ingest", path.to_str().unwrap(), "--map", "title=body"])
        .code(2)
        .stderr_has("its columns are: Text, Speaker, When");
    assert!(
        !archive.dir().exists(),
        "a failed ingest created the archive"
    );
}

/// A UTF-16 CSV (as spreadsheets save "Unicode text") was reported as an invalid record
/// with a hint to use --skip-invalid, which cannot help with a header: the hint says how
/// to convert it, and no archive is created.
#[test]
fn a_utf16_csv_is_an_error_that_says_how_to_convert_it() {
    let archive = Archive::new();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "text,speaker,date\nok,A,2024\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let path = archive.write("wide.csv", bytes);
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2)
        .stderr_has("wide.csv is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8")
        .stderr_has("hint: convert it to UTF-8: `iconv -f UTF-16 -t UTF-8 ");
    assert!(!run.stderr.contains("--skip-invalid"), "{run}");
    assert!(!run.stderr.contains("invalid record"), "{run}");
    assert!(
        !archive.dir().exists(),
        "a failed ingest created the archive"
    );
}

/// Returns `text` in UTF-16, little-endian or big-endian, with a byte order mark or not.
fn utf16(text: &str, little_endian: bool, byte_order_mark: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = byte_order_mark
        .then_some(0xFEFF)
        .into_iter()
        .chain(text.encode_utf16());
    for unit in units {
        if little_endian {
            bytes.extend_from_slice(&unit.to_le_bytes());
        } else {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
    }
    bytes
}

/// UTF-16 JSON and JSON Lines (as Windows tools save "Unicode") were "invalid UTF-8" or
/// "invalid JSON" on every line, with a hint to use --skip-invalid, which would store
/// nothing: the file is refused whole, named, with the iconv command that converts it,
/// and no archive is created.
#[test]
fn utf16_json_and_json_lines_are_refused_with_how_to_convert_them() {
    let archive = Archive::new();
    let record = r#"{"text":"Мы призываем","speaker":"A","date":"2024-01-01"}"#;
    for (name, contents, told, encoding) in [
        (
            "bom-le.json",
            utf16(&format!("[{record}]\n"), true, true),
            "it starts with a UTF-16 byte order mark",
            "UTF-16",
        ),
        (
            "bom-be.jsonl",
            utf16(&format!("{record}\n{record}\n"), false, true),
            "it starts with a UTF-16 byte order mark",
            "UTF-16",
        ),
        (
            "plain-le.jsonl",
            utf16(&format!("{record}\n"), true, false),
            "every other byte of its start is NUL",
            "UTF-16LE",
        ),
        (
            "plain-be.json",
            utf16(&format!("[\n  {record}\n]\n"), false, false),
            "every other byte of its start is NUL",
            "UTF-16BE",
        ),
        (
            "sniffed.txt",
            utf16(&format!("{record}\n"), true, false),
            "every other byte of its start is NUL",
            "UTF-16LE",
        ),
    ] {
        let path = archive.write(name, &contents);
        let run = archive.run(&["ingest", path.to_str().unwrap()]);
        run.code(2)
            .stderr_has(&format!("{name} is UTF-16 ({told}), not UTF-8"))
            .stderr_has(&format!(
                "hint: convert it to UTF-8: `iconv -f {encoding} -t UTF-8 {} > {}`",
                path.display(),
                archive.path(&format!("utf8-{name}")).display()
            ));
        assert!(!run.stderr.contains("--skip-invalid"), "{run}");
        assert!(!run.stderr.contains("invalid"), "{run}");
        // Standard input is refused alike, with iconv in the pipe.
        let run = archive.run_with_stdin(&["ingest", "-"], contents.clone());
        run.code(2)
            .stderr_has("<stdin> is UTF-16")
            .stderr_has(&format!(
                "hint: convert it to UTF-8 on its way in: `iconv -f {encoding} -t UTF-8 FILE | communique ingest -`"
            ));
    }
    assert!(
        !archive.dir().exists(),
        "a failed ingest created the archive"
    );
    // Converted, the same records are read (UTF-8 text with NULs would not be JSON).
    let path = archive.write("converted.jsonl", format!("{record}\n"));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(1, 0, 0);
}

/// An empty, blank or BOM-only `.json` file was an error ("EOF while parsing"), while the
/// same input as JSON Lines or CSV, or `[]`, added nothing: now every one adds nothing.
#[test]
fn empty_blank_and_lone_bom_json_files_add_nothing() {
    let archive = Archive::with("statements.jsonl");
    for (name, contents) in [
        ("empty.json", &b""[..]),
        ("blank.json", b"  \n\t\r\n"),
        ("bom.json", b"\xEF\xBB\xBF"),
        ("bom-blank.json", b"\xEF\xBB\xBF \n"),
        ("array.json", b"[]"),
        ("empty.jsonl", b""),
        ("bom.csv", b"\xEF\xBB\xBF"),
    ] {
        let path = archive.write(name, contents);
        archive
            .run(&["ingest", path.to_str().unwrap()])
            .success()
            .ingested(0, 0, 0);
    }
    assert_eq!(archive.statement_count(), 8);
}

/// A JSON Lines file named `.json` was "expected a JSON array of objects" with a hint to
/// use --skip-invalid, which cannot help; then an error whose hint named --format jsonl.
/// JSON is read as objects one after another, which JSON Lines is too (s18 M6): it is
/// read, however large its first object.
#[test]
fn json_lines_named_json_is_read_as_objects_one_after_another() {
    let archive = Archive::new();
    let lines = "{\"text\":\"a\",\"speaker\":\"A\",\"date\":\"2024\"}\n{\"text\":\"b\",\"speaker\":\"A\",\"date\":\"2024\"}\n";
    let path = archive.write("lines.json", lines);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(2, 0, 0);
    let big = format!(
        "{{\"text\":\"{}\",\"speaker\":\"A\",\"date\":\"2024\"}}\n{lines}",
        "x".repeat(100_000)
    );
    let path = archive.write("big-lines.json", big);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(1, 2, 0);
    let path = archive.write("lines.json", lines);
    archive
        .run(&["ingest", path.to_str().unwrap(), "--format", "jsonl"])
        .success()
        .ingested(0, 2, 0);
}

/// A `.json` file of one object, not in an array (as `jq` writes a single record), was
/// "expected a JSON array of objects" with a hint to use --skip-invalid, which stores
/// nothing of it: it is read as one record.
#[test]
fn a_json_file_of_one_object_is_one_record() {
    let archive = Archive::new();
    let path = archive.write(
        "one.json",
        "\u{FEFF}\n{\n  \"text\": \"We call for restraint\",\n  \"speaker\": \"A\",\n  \"date\": \"2024-02-13\"\n}\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(1, 0, 0);
    assert_eq!(
        archive.stdout_json(&["show", "1", "--format", "json"])["text"],
        "We call for restraint"
    );
    // Its problems are named with the line it starts on, like an array's records.
    let path = archive.write("bad.json", "\n\n{\"text\": \"x\", \"speaker\": \"A\"}\n");
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2)
        .stderr_has("bad.json:3: date: missing (this field is required)")
        .stderr_has("1 invalid record; nothing was written");
    assert!(!run.stderr.contains("--skip-invalid to store"), "{run}");
    assert_eq!(archive.statement_count(), 1);
}

/// A record printed by `jq .` (one object over several lines) or a JSON array, named
/// `.jsonl` or piped in, was an invalid record on every line, with a hint to use
/// --skip-invalid. An array named `.jsonl` is refused, saying it is JSON, with --format
/// json as the hint; objects over several lines are read one after another, as JSON is
/// (s18 M6); without an extension, or on standard input, both are read as JSON.
#[test]
fn json_spread_over_lines_is_read_as_json_or_named_as_such() {
    let archive = Archive::new();
    let pretty = "{\n  \"text\": \"We call for restraint\",\n  \"speaker\": \"A\",\n  \"date\": \"2024-02-13\"\n}\n";
    let path = archive.write("array.jsonl", format!("[\n{pretty}]\n"));
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2)
        .stderr_has("array.jsonl holds a JSON array, not JSON Lines (one object a line)")
        .stderr_has("hint: read it as JSON with --format json");
    assert!(!run.stderr.contains("--skip-invalid"), "{run}");
    archive
        .run(&["ingest", path.to_str().unwrap(), "--format", "json"])
        .success()
        .ingested(1, 0, 0);
    let path = archive.write("pretty.jsonl", pretty);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(0, 1, 0);
    assert_eq!(archive.statement_count(), 1);
    let other = Archive::new();
    other
        .run_with_stdin(&["ingest", "-"], pretty)
        .success()
        .ingested(1, 0, 0);
    let path = other.write("pretty", pretty.replace("2024-02-13", "2024-02-14"));
    other
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(1, 0, 0);
}

/// `jq .` writes records one after another, each over several lines: such a stream was
/// refused by --format json as JSON Lines and by --format jsonl as JSON, each hint
/// pointing to the other (s18 M6). It is read, a record at a time, with or without
/// --format; a record's problem names the file, the line it starts on and the field,
/// and JSON at fault the line it is on; the records after it are still read.
#[test]
fn objects_one_after_another_over_several_lines_are_read_in_every_format() {
    let records = concat!(
        "{\n  \"text\": \"a\",\n  \"speaker\": \"S\",\n  \"date\": \"2024\"\n}\n",
        "{\n  \"text\": \"b\",\n  \"speaker\": \"S\",\n  \"date\": \"2024\"\n}\n",
    );
    for format in [None, Some("json"), Some("jsonl")] {
        let archive = Archive::new();
        let mut args = vec!["ingest", "-"];
        args.extend(format.iter().flat_map(|format| ["--format", *format]));
        archive
            .run_with_stdin(&args, records)
            .success()
            .ingested(2, 0, 0);
        assert_eq!(archive.statement_count(), 2, "{format:?}");
    }
    let archive = Archive::new();
    let path = archive.write(
        "p.json",
        concat!(
            "{\n  \"text\": \"a\",\n  \"speaker\": \"S\",\n  \"date\": \"2024\"\n}\n",
            "{\n  \"text\": \"b\",\n  \"speaker\": \"S\",\n  \"date\": \"2024-02-30\"\n}\n",
            "{\n  \"text\": \"c\",\n  \"speaker\": \"S\"\n  \"date\": \"2024\"\n}\n",
            "{\n  \"text\": \"d\",\n  \"speaker\": \"S\",\n  \"date\": \"2024\"\n}\n",
        ),
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("p.json:6: date: 2024-02-30 is not a date in the calendar")
        .stderr_has("p.json:14: invalid JSON: expected `,` or `}` at column 3")
        .stderr_has("2 invalid record");
    archive
        .run(&["ingest", path.to_str().unwrap(), "--skip-invalid"])
        .code(1)
        .ingested(2, 0, 2);
}

/// A `.json` file that is not JSON, or neither an array nor an object, or not UTF-8, was
/// reported as an invalid record with a hint to use --skip-invalid, which stores nothing
/// of a file no record of which can be read: the hint says what to fix instead. So does
/// the hint of a file whose every record is invalid.
#[test]
fn a_file_that_gives_no_valid_record_is_never_told_to_use_skip_invalid() {
    let archive = Archive::with("statements.jsonl");
    for (name, contents, message, hint) in [
        (
            "string.json",
            &b"\n\"hello\"\n"[..],
            "string.json:2: expected a JSON array of objects, or objects one after another, found a string",
            "hint: fix the file: JSON holds an array of records, `[{\u{2026}}, {\u{2026}}]`, or records one after another",
        ),
        (
            "broken.json",
            b"[{\"text\": \"a\",\n \"speaker\": }]\n",
            "broken.json:2: invalid JSON: expected value",
            "hint: fix the file: JSON holds an array of records",
        ),
        (
            "latin.json",
            b"[{\"text\": \"caf\xE9\", \"speaker\": \"A\", \"date\": \"2024\"}]",
            "latin.json:1: invalid UTF-8 (the file is in another encoding?)",
            "hint: convert it to UTF-8 from its encoding, which looks like WINDOWS-1252 (Western European): `iconv -f WINDOWS-1252 -t UTF-8 ",
        ),
        (
            "none-valid.jsonl",
            b"{\"text\": \"a\", \"speaker\": \"A\"}\n{\"text\": \"b\", \"date\": \"2024\"}\n",
            "2 invalid records; nothing was written",
            "hint: fix the records: none of them is valid (--skip-invalid would store nothing)",
        ),
    ] {
        let path = archive.write(name, contents);
        let run = archive.run(&["ingest", path.to_str().unwrap()]);
        run.code(2).stderr_has(message).stderr_has(hint);
        assert!(!run.stderr.contains("use --skip-invalid"), "{run}");
    }
    // One valid record among invalid ones: --skip-invalid helps, and the hint says so.
    let path = archive.write(
        "some-valid.jsonl",
        "{\"text\": \"a\", \"speaker\": \"A\"}\n{\"text\": \"b\", \"speaker\": \"A\", \"date\": \"2024\"}\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("hint: fix the records, or use --skip-invalid to store the valid ones");
    assert_eq!(archive.statement_count(), 8);
}

/// `--map text=body` on a file of one record whose records have no `body` said
/// "2 invalid records": the note that no record has the key was counted as a record.
#[test]
fn a_map_key_no_record_has_is_not_counted_as_a_record() {
    let archive = Archive::new();
    let path = archive.write(
        "one.jsonl",
        "{\"text\":\"a\",\"speaker\":\"A\",\"date\":\"2024-01-01\"}\n",
    );
    let run = archive.run(&["ingest", path.to_str().unwrap(), "--map", "text=body"]);
    run.code(2)
        .stderr_has("one.jsonl:1: text (column body): missing (this field is required)")
        .stderr_has("one.jsonl: --map text=body: no record has the key \"body\"")
        .stderr_has("1 invalid record; nothing was written")
        .stderr_has("hint: name in --map FIELD=KEY a key the records have");
    assert!(!run.stderr.contains("2 invalid records"), "{run}");
    // With --skip-invalid the summary counts the one record too.
    archive
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--map",
            "text=body",
            "--skip-invalid",
        ])
        .code(1)
        .ingested(0, 0, 1);
}

/// A JSON record that gives a key twice is refused, naming the key: serde_json would keep
/// the last value, and which one its author meant is a guess.
#[test]
fn a_json_key_given_twice_is_an_error_naming_it() {
    let archive = Archive::new();
    let lines = archive.write(
        "twice.jsonl",
        concat!(
            r#"{"text":"kept","speaker":"X","date":"2024-01-01"}"#,
            "\n",
            r#"{"text":"a","speaker":"X","text":"b","date":"2024-01-01"}"#,
            "\n",
        ),
    );
    archive
        .run(&["ingest", lines.to_str().unwrap()])
        .code(2)
        .stderr_has("twice.jsonl:2: text: given twice in one record");
    let array = archive.write(
        "twice.json",
        r#"[{"text":"a","speaker":"X","date":"2024-01-01","source":{"url":"u","url":"v"}}]"#,
    );
    archive
        .run(&["ingest", array.to_str().unwrap()])
        .code(2)
        .stderr_has("twice.json:1: url: given twice in one record");
    assert!(!archive.dir().exists() || archive.statement_count() == 0);
}

/// JSON keys were matched in their case only, where CSV headers are matched in any case:
/// `{"Text":…,"Speaker":…,"Date":…}` (pandas' JSON of a capitalised spreadsheet) was
/// "text: missing", never naming `Text` (s18 L6). Keys are matched as headers are: in any
/// case, with spaces around them; two keys naming one field are refused, naming both;
/// `--map` finds its key in any case too.
#[test]
fn json_keys_name_fields_in_any_case_as_csv_headers_do() {
    let archive = Archive::new();
    let capitals = concat!(
        r#"{"Text":"a","SPEAKER":"S"," Date ":"2024","Country":"AM","Tags":["x"]}"#,
        "\n",
    );
    archive
        .run_with_stdin(&["ingest", "-"], capitals)
        .success()
        .ingested(1, 0, 0);
    let csv = Archive::new();
    csv.run_with_stdin(
        &["ingest", "-"],
        "Text,SPEAKER, Date ,Country,Tags\na,S,2024,AM,x\n",
    )
    .success()
    .ingested(1, 0, 0);
    assert_eq!(archive.export("jsonl"), csv.export("jsonl"));
    assert!(archive.export("jsonl").contains(r#""country":"AM""#));
    let twice = archive.write(
        "twice.jsonl",
        r#"{"Text":"a","text":"b","speaker":"S","date":"2024"}"#,
    );
    archive
        .run(&["ingest", twice.to_str().unwrap()])
        .code(2)
        .stderr_has("twice.jsonl:1: text: given twice in one record, as \"Text\" and \"text\"");
    archive
        .run_with_stdin(
            &["ingest", "-", "--map", "text=body"],
            r#"{"Body":"b","speaker":"S","date":"2024"}"#,
        )
        .success()
        .ingested(1, 0, 0);
    assert_eq!(archive.statement_count(), 2);
}

/// A CSV column whose header cell is empty (the index pandas' `to_csv` writes first) was
/// named in "ignored unknown fields: " as nothing at all (s18 L9): it is named by its
/// place, as is each other one; a JSON key without a name is shown as `""`.
#[test]
fn an_unnamed_column_is_named_by_its_place_among_the_ignored_fields() {
    let archive = Archive::new();
    archive
        .run_with_stdin(
            &["ingest", "-"],
            ",text,speaker,date,,contry\n0,a,S,2024,,AM\n",
        )
        .success()
        .ingested(1, 0, 0)
        .stderr_has("<stdin>: ignored unknown fields: the unnamed column 1, the unnamed column 5, contry (did you mean \"country\"?)\n");
    archive
        .run_with_stdin(
            &["ingest", "-"],
            r#"{"":1,"text":"b","speaker":"S","date":"2024"}"#,
        )
        .success()
        .stderr_has("<stdin>: ignored unknown fields: \"\" (a key without a name)\n");
}

/// UTF-16 or Latin-1 text inside gzip got the advice to run iconv on the compressed file,
/// which writes garbage: the advice decompresses first, and names the converted file as
/// the text inside (its extension still telling the format). A CSV that a spreadsheet
/// saved in Windows-1252 got "fix the records, or use --skip-invalid", which would drop
/// every record with an accent: the advice is to convert it.
#[test]
fn text_in_another_encoding_is_advised_to_be_converted_even_inside_gzip() {
    let archive = Archive::new();
    let mut wide = vec![0xFF, 0xFE];
    for unit in "text,speaker,date\nok,A,2024\n".encode_utf16() {
        wide.extend_from_slice(&unit.to_le_bytes());
    }
    let path = archive.write("wide.csv.gz", gzip(&wide));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("hint: decompress and convert it to UTF-8: `gzip -dc ")
        .stderr_has("wide.csv.gz | iconv -f UTF-16 -t UTF-8 > ")
        .stderr_has("utf8-wide.csv`, and ingest that");
    assert!(
        !archive.dir().exists(),
        "a failed ingest created the archive"
    );
    let latin = b"text,speaker,date\nd\xe9j\xe0 vu,A,2024\nplain,B,2024\n";
    let path = archive.write("latin.csv.gz", gzip(latin));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("hint: the file is not in UTF-8: decompress and convert it")
        .stderr_has("`gzip -dc ")
        .stderr_has("latin.csv.gz | iconv -f WINDOWS-1252 -t UTF-8 > ")
        .stderr_has("utf8-latin.csv`");
    let path = archive.write("latin.csv", latin);
    let plain = archive.run(&["ingest", path.to_str().unwrap()]);
    plain
        .code(2)
        .stderr_has("latin.csv:2: text: invalid UTF-8")
        .stderr_has("hint: the file is not in UTF-8: convert it to UTF-8 from its encoding, which looks like WINDOWS-1252 (Western European): `iconv -f WINDOWS-1252 -t UTF-8 ");
    assert!(!plain.stderr.contains("--skip-invalid"), "{plain}");
    archive.assert_no_archive();
}

/// The advice for a file not in UTF-8 named WINDOWS-1252 whatever the file: followed, it
/// turned an Arabic, Hebrew or Russian spreadsheet's CSV (saved in its Windows code page)
/// into Latin mojibake that then ingested cleanly. The encoding is told from the bytes,
/// and the command the hint gives, run as it is, makes a file that reads right. Standard
/// input, read once, gets the common encodings by script.
#[test]
fn the_advice_for_a_file_not_in_utf8_names_the_code_page_of_its_script() {
    let archive = Archive::new();
    let iconv = std::process::Command::new("iconv")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    for (name, text, speaker, encoding, iconv_name) in [
        (
            "ar.csv",
            "المدرسة مغلقة بسبب الحرب",
            "وزارة التربية",
            encoding_rs::WINDOWS_1256,
            "WINDOWS-1256",
        ),
        (
            "he.csv",
            "צה\"ל הודיע על הפסקת אש",
            "דובר הצבא",
            encoding_rs::WINDOWS_1255,
            "WINDOWS-1255",
        ),
        (
            "ru.csv",
            "Обстрел продолжался всю ночь",
            "Дмитрий Песков",
            encoding_rs::WINDOWS_1251,
            "WINDOWS-1251",
        ),
    ] {
        let quoted = text.replace('"', "\"\"");
        let csv = format!("text,speaker,date\n\"{quoted}\",{speaker},2024-01-01\n");
        let (bytes, _, unmappable) = encoding.encode(&csv);
        assert!(!unmappable, "{name}");
        let path = archive.write(name, &bytes);
        let run = archive.run(&["ingest", path.to_str().unwrap()]);
        run.code(2)
            .stderr_has(&format!("iconv -f {iconv_name} -t UTF-8 "));
        assert!(!run.stderr.contains("WINDOWS-1252 -t"), "{run}");
        // The command between the hint's backticks, run by a shell as a user would.
        let hint = run
            .stderr
            .lines()
            .find(|line| line.starts_with("hint:"))
            .unwrap();
        let command = hint.split('`').nth(1).unwrap();
        let converted = archive.path(&format!("utf8-{name}"));
        if iconv {
            let status = std::process::Command::new("sh")
                .args(["-c", command])
                .current_dir(archive.path(""))
                .status()
                .unwrap();
            assert!(status.success(), "{command}");
        } else {
            // Without iconv, the encoding it names decodes the file as iconv would.
            let named = encoding_rs::Encoding::for_label(iconv_name.as_bytes()).unwrap();
            std::fs::write(&converted, named.decode(&bytes).0.as_bytes()).unwrap();
        }
        archive
            .run(&["ingest", converted.to_str().unwrap()])
            .success();
        archive
            .run(&["search", "--speaker", speaker, "--format", "csv"])
            .success()
            .stdout_has(&quoted)
            .stdout_has(speaker);
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("text,speaker,date\nالحرب,وزارة,2024\n");
    archive
        .run_with_stdin(&["ingest", "-"], bytes.into_owned())
        .code(2)
        .stderr_has("the encoding is its script's: ")
        .stderr_has("WINDOWS-1256 (Arabic, Persian, Urdu)")
        .stderr_has("WINDOWS-1255 (Hebrew)")
        .stderr_has("WINDOWS-1251 (Cyrillic)");
}

/// A Windows-1252 cell hid the record's other faults: only its first field not in UTF-8
/// was reported, not the next one nor the unknown country beside them. Every field at
/// fault is, in the order of the record, a mapped one by its column.
#[test]
fn a_field_not_in_utf8_does_not_hide_the_records_other_problems() {
    let archive = Archive::new();
    let path = archive.write(
        "latin.csv",
        b"speaker,date,text,country\nFran\xe7ois,2024-02-13,caf\xe9,Azerbajan\n".as_slice(),
    );
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2)
        .stderr_has("1 invalid record; nothing was written")
        .stderr_has("hint: the file is not in UTF-8");
    in_order(
        &run.stderr,
        &[
            "latin.csv:2: speaker: invalid UTF-8 at byte 5 of the field\n",
            "latin.csv:2: text: invalid UTF-8 at byte 4 of the field\n",
            "latin.csv:2: country: unknown country \"Azerbajan\"",
        ],
    );
    let path = archive.write(
        "mapped.csv",
        b"body,date,speaker,extra\ncaf\xe9,2024-13-01,X,\xff\n".as_slice(),
    );
    let run = archive.run(&["ingest", path.to_str().unwrap(), "--map", "text=body"]);
    run.code(2);
    in_order(
        &run.stderr,
        &[
            "mapped.csv:2: text (column body): invalid UTF-8 at byte 4 of the field\n",
            "mapped.csv:2: date: 2024-13-01 is not a date in the calendar\n",
            "mapped.csv:2: extra: invalid UTF-8 at byte 1 of the field\n",
        ],
    );
    // A line of JSON Lines likewise.
    let path = archive.write(
        "latin.jsonl",
        b"{\"text\":\"d\xe9j\xe0\",\"speaker\":\"A\",\"date\":\"2024-13-01\",\"country\":\"Azerbajan\"}\n"
            .as_slice(),
    );
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2).stderr_has("hint: the file is not in UTF-8");
    in_order(
        &run.stderr,
        &[
            "latin.jsonl:1: text: invalid UTF-8 at byte 11 of the line\n",
            "latin.jsonl:1: date: 2024-13-01 is not a date in the calendar\n",
            "latin.jsonl:1: country: unknown country \"Azerbajan\"",
        ],
    );
    assert!(
        !archive.dir().exists() || archive.statement_count() == 0,
        "a rejected file was written"
    );
}

/// A header typo (`Speakr`, `Statment`) got no "did you mean", though `--map` has one:
/// the columns that look like the missing fields are offered as `--map`s to paste.
#[test]
fn a_header_without_a_required_field_suggests_the_columns_that_look_like_it() {
    let archive = Archive::new();
    let path = archive.write("typo.csv", "Speakr,Date,Statment\nX,2024-02-13,ok\n");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("the header has no column for text, speaker")
        .stderr_has("hint: read them from the columns that look like them: --map text=Statment --map speaker=Speakr");
    let path = archive.write(
        "long.csv",
        "Speaker,Date of statement,Statement text\nX,2024-02-13,ok\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("--map 'text=Statement text' --map 'date=Date of statement'");
    // The --map suggested reads the file.
    archive
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--map",
            "text=Statement text",
            "--map",
            "date=Date of statement",
        ])
        .success()
        .ingested(1, 0, 0);
    let path = archive.write("none.csv", "who,when,what\nX,2024-02-13,ok\n");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("hint: read a field from another column with --map FIELD=COLUMN");
}

/// A misspelt country got "did you mean" from `search --country` only: a record's
/// country, `--set country=` and `add --country` name the closest countries too.
#[test]
fn a_misspelt_country_gets_did_you_mean_wherever_it_is_read() {
    let archive = Archive::new();
    let path = archive.write(
        "cz.jsonl",
        r#"{"speaker":"X","date":"2024-02-13","text":"t","country":"Azerbajan"}"#,
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("cz.jsonl:1: country: unknown country \"Azerbajan\": did you mean \"Azerbaijan\"? (use an ISO 3166-1 code");
    let path = archive.write(
        "plain.jsonl",
        r#"{"speaker":"X","date":"2024-02-13","text":"t"}"#,
    );
    archive
        .run(&[
            "ingest",
            path.to_str().unwrap(),
            "--set",
            "country=Azerbajan",
        ])
        .code(2)
        .stderr_has(
            "--set country=Azerbajan: unknown country \"Azerbajan\": did you mean \"Azerbaijan\"?",
        );
    archive
        .run_with_stdin(
            &[
                "add",
                "--speaker",
                "X",
                "--date",
                "2024-02-13",
                "--country",
                "Azerbajan",
            ],
            "t",
        )
        .code(2)
        .stderr_has("did you mean \"Azerbaijan\"?");
    assert!(
        !archive.dir().exists() || archive.statement_count() == 0,
        "a rejected record was written"
    );
}

/// An API's export wrapped in an object (`{"data": […]}`) was one record missing text,
/// speaker and date, and the key holding the records went unmentioned: it is named,
/// with the jq command that ingests its records.
#[test]
fn json_records_wrapped_in_an_object_are_named_with_the_command_that_unwraps_them() {
    let archive = Archive::new();
    let path = archive.write(
        "wrapped.json",
        r#"{"data": [{"speaker":"X","date":"2024-02-13","text":"hello"}], "meta": {"page": 1}}"#,
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("wrapped.json holds one object, not a record: its key \"data\" holds an array of 1 object,")
        .stderr_has("hint: ingest its records: `jq -c '.data[]' ")
        .stderr_has("wrapped.json | communique ingest -`");
    archive
        .run_with_stdin(
            &["ingest", "-", "--format", "json"],
            r#"{"search results": [{"speaker":"X","date":"2024","text":"a"}]}"#,
        )
        .code(2)
        .stderr_has(
            "hint: ingest its records: `… | jq -c '.[\"search results\"][]' | communique ingest -`",
        );
    // One object with record fields is still one record.
    let path = archive.write(
        "one.json",
        r#"{"speaker":"X","date":"2024-02-13","text":"hello","tags":["a"]}"#,
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(1, 0, 0);
}

/// `--set FIELD=VALUE` fills the records that lack FIELD, as documented: a file where
/// every record has it left the value unused in silence. The run says so, once.
#[test]
fn a_set_value_no_record_takes_is_said_to_be_unused() {
    let archive = Archive::new();
    let path = archive.write(
        "good.csv",
        "speaker,date,text\nP,2024-02-13,good\nQ,2024,two\n",
    );
    let run = archive.run(&[
        "ingest",
        path.to_str().unwrap(),
        "--set",
        "speaker=Someone Else",
        "--set",
        "country=AM",
    ]);
    run.success()
        .stderr_has("good.csv: --set speaker=Someone Else not used: every record has its own speaker (--set fills only the records that lack the field)");
    assert!(!run.stderr.contains("--set country"), "{run}");
    assert_eq!(run.stderr.matches("not used").count(), 1, "{run}");
}

/// Checks that `text` holds each of `parts`, one after another.
#[track_caller]
fn in_order(text: &str, parts: &[&str]) {
    let mut rest = text;
    for part in parts {
        let at = rest
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} is not after the parts before it in:\n{text}"));
        rest = &rest[at + part.len()..];
    }
}

/// Returns `text` compressed with gzip, as `gzip` writes it.
fn gzip(text: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, text).unwrap();
    encoder.finish().unwrap()
}

/// The UN corpus ships as `.jsonl.gz`: its first bytes were read as a CSV header "not in
/// UTF-8", with advice to convert it from WINDOWS-1252. Gzip is read as `zcat` reads it,
/// told by its first bytes: the format by the name without `.gz`, or by the content.
#[test]
fn gzip_files_are_read_decompressed_their_format_told_by_the_inner_name() {
    let archive = Archive::new();
    let lines = concat!(
        r#"{"text":"We call for restraint","speaker":"A","date":"2024-02-13"}"#,
        "\n",
        r#"{"text":"The talks go on","speaker":"B","date":"2024-02-14"}"#,
        "\n",
    );
    let path = archive.write("speeches.jsonl.gz", gzip(lines.as_bytes()));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(2, 0, 0);
    // A CSV of the same statements, named .csv.gz: its header is found, the records are
    // the same statements.
    let csv =
        "text,speaker,date\nWe call for restraint,A,2024-02-13\nThe talks go on,B,2024-02-14\n";
    let path = archive.write("speeches.csv.gz", gzip(csv.as_bytes()));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(0, 2, 0);
    // Members one after another (`cat a.gz b.gz`) are read whole; a gzip file without
    // a telling name is sniffed from its decompressed content; a semicolon CSV keeps its
    // delimiter.
    let mut members = gzip(b"text;speaker;date\nA third one;C;2024\n");
    members.extend(gzip(b"A fourth one;C;2024\n"));
    let path = archive.write("download", members);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(2, 0, 0);
    // --format still wins over the inner name.
    let path = archive.write(
        "misnamed.csv.gz",
        gzip(b"{\"text\":\"Fifth\",\"speaker\":\"D\",\"date\":\"2024\"}\n"),
    );
    archive
        .run(&["ingest", "--format", "jsonl", path.to_str().unwrap()])
        .success()
        .ingested(1, 0, 0);
    // Named .gz but plain text, the file is read as it is.
    let path = archive.write(
        "plain.jsonl.gz",
        b"{\"text\":\"Sixth\",\"speaker\":\"D\",\"date\":\"2024\"}\n",
    );
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .success()
        .ingested(1, 0, 0);
    assert_eq!(archive.statement_count(), 6);
}

/// Gzip on standard input (`curl … | communique ingest -`) is told by its first bytes.
#[test]
fn gzip_on_standard_input_is_read_decompressed() {
    let archive = Archive::new();
    let csv = "text,speaker,date\nWe call for restraint,A,2024-02-13\n";
    archive
        .run_with_stdin(&["ingest", "-"], gzip(csv.as_bytes()))
        .success()
        .ingested(1, 0, 0);
    let lines = r#"{"text":"The talks go on","speaker":"B","date":"2024-02-14"}"#;
    archive
        .run_with_stdin(&["ingest", "-"], gzip(lines.as_bytes()))
        .success()
        .ingested(1, 0, 0);
}

/// A bad record of a gzip file is named by its line of the decompressed text, and nothing
/// of the file is written; a file cut short (a download stopped) says so, at the line the
/// data stops.
#[test]
fn a_bad_record_in_gzip_names_its_line_and_a_cut_file_is_said_to_be() {
    let archive = Archive::new();
    let mut lines = String::new();
    for number in 1..=5 {
        let date = if number == 4 {
            "2024-02-30"
        } else {
            "2024-02-13"
        };
        lines.push_str(&format!(
            "{{\"text\":\"Statement {number}\",\"speaker\":\"A\",\"date\":\"{date}\"}}\n"
        ));
    }
    let path = archive.write("bad.jsonl.gz", gzip(lines.as_bytes()));
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("bad.jsonl.gz:4: date: 2024-02-30 is not a date in the calendar")
        .stderr_has("1 invalid record; nothing was written");
    assert!(!archive.dir().exists() || archive.statement_count() == 0);
    // Records that do not repeat, so that the compressed data is long enough to cut.
    let mut text = String::from("text,speaker,date\n");
    for number in 0..3000u64 {
        let words: String = (0..8)
            .map(|word| {
                format!(
                    " w{}",
                    number.wrapping_mul(2654435761).wrapping_add(word) % 100_003
                )
            })
            .collect();
        text.push_str(&format!("Statement{words},A,2024\n"));
    }
    let mut compressed = gzip(text.as_bytes());
    compressed.truncate(compressed.len() / 2);
    let path = archive.write("cut.csv.gz", compressed);
    let run = archive.run(&["ingest", path.to_str().unwrap()]);
    run.code(2)
        .stderr_has(": read error: the gzip data is damaged or cut short")
        .stderr_has("nothing was written");
    // Named by a line of the decompressed text, past the records read whole.
    let line: u64 = run
        .stderr
        .split("cut.csv.gz:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|line| line.parse().ok())
        .unwrap_or_else(|| panic!("no line named:\n{run}"));
    assert!(line > 100 && line <= 3001, "{run}");
    assert!(!archive.dir().exists() || archive.statement_count() == 0);
}

/// Zstandard, bzip2, xz and zip were read as text: a header "not in UTF-8" with advice to
/// convert an encoding, or every line an invalid record. Each is refused up front, told
/// by its first bytes, with the command that decompresses it into `ingest -`.
#[test]
fn other_compressions_are_refused_with_the_command_that_decompresses_them() {
    let archive = Archive::new();
    for (name, start, told, hint) in [
        (
            "speeches.jsonl.zst",
            &b"\x28\xb5\x2f\xfd\x24\x00"[..],
            "is compressed with zstd",
            "`zstd -dc SPEECHES | communique ingest --format jsonl -`",
        ),
        (
            "speeches.csv.bz2",
            b"BZh91AY&SY\x00\x00",
            "is compressed with bzip2",
            "`bzip2 -dc SPEECHES | communique ingest --format csv -`",
        ),
        (
            "speeches.xz",
            b"\xfd7zXZ\x00\x00\x04",
            "is compressed with xz",
            "`xz -dc SPEECHES | communique ingest -`",
        ),
        (
            "speeches.zip",
            b"PK\x03\x04\x14\x00",
            "is a zip archive",
            "`unzip -p SPEECHES | communique ingest -`",
        ),
    ] {
        let path = archive.write(name, start);
        let run = archive.run(&["ingest", path.to_str().unwrap()]);
        run.code(2)
            .stderr_has(&format!("{name} {told} (told by its first bytes)"))
            .stderr_has(&format!(
                "hint: decompress it on its way in: {}",
                hint.replace("SPEECHES", &path.display().to_string())
            ));
        assert!(!run.stderr.contains("UTF-8"), "{run}");
        assert!(!run.stderr.contains("invalid record"), "{run}");
    }
    let run = archive.run_with_stdin(&["ingest", "-"], &b"\x28\xb5\x2f\xfd\x24\x00"[..]);
    run.code(2)
        .stderr_has("<stdin> is compressed with zstd")
        .stderr_has("hint: decompress it on its way in: `… | zstd -dc | communique ingest -`");
    // A workbook is a zip archive whose parts are XML, not rows.
    let path = archive.write("speeches.xlsx", b"PK\x03\x04\x14\x00");
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("speeches.xlsx is a zip archive")
        .stderr_has("save its sheet as CSV");
    assert!(
        !archive.dir().exists(),
        "a failed ingest created the archive"
    );
}

/// JSON Lines that go on with records as `jq .` prints them (over several lines), in one
/// file: each line of those was "invalid JSON", ten errors for two records, and
/// `--skip-invalid` stored the first two records alone. Every record is read, in either
/// order, from a file or standard input, and a record at fault is named by its line.
#[test]
fn json_lines_then_objects_over_several_lines_are_all_read() {
    let compact = |text: &str| {
        format!(r#"{{"text": "{text}", "speaker": "A", "date": "2024-02-13"}}"#) + "\n"
    };
    let pretty = |text: &str| {
        format!(
            "{{\n  \"text\": \"{text}\",\n  \"speaker\": \"A\",\n  \"date\": \"2024-02-13\"\n}}\n"
        )
    };
    let mixed = [
        compact("One."),
        compact("Two."),
        pretty("Three."),
        pretty("Four."),
        compact("Five."),
    ]
    .concat();
    let reversed = [pretty("One."), compact("Two."), compact("Three.")].concat();
    for (name, input, count) in [("mixed.jsonl", &mixed, 5), ("reversed.jsonl", &reversed, 3)] {
        let archive = Archive::new();
        let path = archive.write(name, input);
        archive
            .run(&["ingest", path.to_str().unwrap()])
            .success()
            .ingested(count, 0, 0);
        assert_eq!(archive.statement_count(), count);
        let piped = Archive::new();
        piped
            .run_with_stdin(&["ingest", "-"], input.as_str())
            .success()
            .ingested(count, 0, 0);
        assert_eq!(piped.statement_count(), count);
    }
    // A record at fault after the change is named by the line it starts on; nothing of
    // the file is written.
    let bad = [
        compact("One."),
        pretty("Two."),
        pretty("Three.").replace("2024-02-13", "2024-02-30"),
    ]
    .concat();
    let archive = Archive::new();
    let path = archive.write("bad.jsonl", bad);
    archive
        .run(&["ingest", path.to_str().unwrap()])
        .code(2)
        .stderr_has("bad.jsonl:7: date: 2024-02-30 is not a date in the calendar")
        .stderr_has("1 invalid record; nothing was written");
    archive.assert_no_archive();
}

/// One line of JSON Lines at fault swallowed the rest of the file once the reader took
/// it for records `jq .` prints: a line cut short after its brace read as the start of
/// an object over several lines, and after such objects a line missing its closing
/// brace or quote, each took in every line after it as one invalid record. The line is
/// named with its column, and `--skip-invalid` skips it alone.
#[test]
fn one_broken_line_of_json_lines_is_that_line_alone_at_fault() {
    let compact = |text: &str| {
        format!(r#"{{"text": "{text}", "speaker": "A", "date": "2024-02-13"}}"#) + "\n"
    };
    let pretty = |text: &str| {
        format!(
            "{{\n  \"text\": \"{text}\",\n  \"speaker\": \"A\",\n  \"date\": \"2024-02-13\"\n}}\n"
        )
    };
    let cut_after_brace = [
        compact("One."),
        "{\n".to_string(),
        compact("Two."),
        compact("Three."),
    ];
    let brace_missing = [
        compact("One."),
        pretty("Two."),
        compact("Three.").replace("}\n", "\n"),
        compact("Four."),
        pretty("Five."),
    ];
    let quote_missing = [
        compact("One."),
        pretty("Two."),
        compact("Three.").replacen("\"A\"", "\"A", 1),
        compact("Four."),
    ];
    for (input, problem, kept) in [
        (
            cut_after_brace.concat(),
            "f.jsonl:2: invalid JSON: EOF while parsing an object at column 1",
            3,
        ),
        (
            brace_missing.concat(),
            "f.jsonl:7: invalid JSON: EOF while parsing an object at column 55; the line ends inside the record",
            4,
        ),
        (
            quote_missing.concat(),
            "f.jsonl:7: invalid JSON: expected `,` or `}` at column 36; the line ends inside a string",
            3,
        ),
    ] {
        let archive = Archive::new();
        let path = archive.write("f.jsonl", &input);
        archive
            .run(&["ingest", path.to_str().unwrap()])
            .code(2)
            .stderr_has(problem)
            .stderr_has("1 invalid record; nothing was written");
        archive.assert_no_archive();
        archive
            .run(&["ingest", path.to_str().unwrap(), "--skip-invalid"])
            .code(1)
            .stderr_has(problem)
            .ingested(kept, 0, 1);
        assert_eq!(archive.statement_count(), kept, "{input}");
    }
}
