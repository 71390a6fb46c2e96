//! What every listing does when it lists nothing: one rule, grep's.

use crate::support::Archive;

const EMPTY_MARKDOWN: &str =
    "| ID | Date | Speaker | Text | Source |\n|---:|------|---------|------|--------|\n";

/// `speakers` of an empty archive exited 0 while a filtered `speakers --country FR` that
/// listed nobody exited 1, and `history` of nothing 1; an empty Markdown search had no
/// header while CSV had one. Every listing (search, timeline, facets, speakers, places,
/// history) that lists nothing exits 1, filtered or not; its JSON and CSV are still whole
/// documents, Markdown its header, the table nothing. `stats` and `export` list no
/// matches: an empty archive is 0 to them.
#[test]
fn every_listing_that_lists_nothing_exits_1_with_a_whole_empty_document() {
    let empty = Archive::new();
    empty.run(&["init"]).success();
    // No gazetteer either, so that `places` has nothing to list.
    rusqlite::Connection::open(empty.dir().join("archive.sqlite3"))
        .unwrap()
        .execute_batch("DELETE FROM place_names; DELETE FROM places;")
        .unwrap();
    let listings: [&[&str]; 7] = [
        &["search"],
        &["timeline"],
        &["facets"],
        &["speakers"],
        &["speakers", "--country", "FR"],
        &["places"],
        &["history"],
    ];
    for listing in listings {
        let run = |format: &str| {
            let mut args = listing.to_vec();
            args.extend(["--format", format]);
            empty.run(&args)
        };
        assert_eq!(run("table").code(1).stdout, "", "{listing:?}");
        run("json").code(1).json();
        let (header, rows) = run("csv").code(1).csv();
        assert!(!header.is_empty(), "{listing:?}");
        assert!(rows.is_empty(), "{listing:?}");
    }
    empty.run(&["stats"]).success();
    empty.run(&["export"]).success();

    let archive = Archive::with("statements.jsonl");
    let nobody = archive.run(&["speakers", "--country", "FR", "--format", "json"]);
    assert_eq!(nobody.code(1).json(), serde_json::json!([]));
    // Markdown is a document, as CSV: an empty table is its header, whether nothing
    // matched or the page is past the last match.
    for args in [
        &["search", "nothingmatchesthis"][..],
        &["search", "--offset", "8"],
    ] {
        let mut args = args.to_vec();
        args.extend(["--format", "markdown"]);
        assert_eq!(
            archive.run(&args).code(1).stdout,
            EMPTY_MARKDOWN,
            "{args:?}"
        );
    }
    let page = archive.run(&["search", "--format", "markdown"]);
    assert!(page.success().stdout.starts_with(EMPTY_MARKDOWN), "{page}");
    assert_eq!(page.stdout.matches("| ID |").count(), 1, "{page}");
}
