//! `communique facets`: counts of matches by field.

use crate::snapshot;
use crate::support::Shell;

#[test]
fn every_default_field_of_the_bundled_corpus() {
    let shell = Shell::bundled();
    let run = shell.run(&["facets"]);
    run.success().fits(80);
    snapshot!("facets_bundled", run);
}

#[test]
fn chosen_fields_of_a_search_as_csv_and_json() {
    let shell = Shell::fire();
    let run = shell.run(&[
        "facets",
        "fire*",
        "--by",
        "country,speaker",
        "--format",
        "csv",
    ]);
    run.success();
    snapshot!("facets_fire_csv", run);
    let run = shell.run(&[
        "facets",
        "--by",
        "year",
        "--by",
        "kind",
        "--format",
        "json",
        "--country",
        "RU",
    ]);
    run.success();
    snapshot!("facets_ru_json", run);
}

#[test]
fn top_cuts_the_list_and_says_how_many_more() {
    let shell = Shell::fire();
    let run = shell.run(&["facets", "--by", "speaker", "--top", "2"]);
    run.success();
    snapshot!("facets_top_2", run);
}
