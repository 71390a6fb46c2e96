//! Errors: short, with the cause and a hint naming the command that fixes it; "did you
//! mean" for misspelt speakers, countries, flags and fields.

use crate::snapshot;
use crate::support::{data, Shell};

#[test]
fn a_missing_archive_names_the_command_that_creates_it() {
    let shell = Shell::empty();
    let run = shell.run(&["search", "fire"]);
    run.code(2);
    snapshot!("error_no_archive", run);
}

#[test]
fn a_misspelt_speaker_is_answered_with_the_closest_names() {
    let shell = Shell::fire();
    let run = shell.run(&["search", "--speaker", "peskof", "--speaker", "zaharova"]);
    run.code(1);
    snapshot!("error_speaker_did_you_mean", run);
    let run = shell.run(&["timeline", "--org", "goverment of armenia"]);
    run.code(1);
    snapshot!("error_org_did_you_mean", run);
}

#[test]
fn a_misspelt_country_is_answered_with_the_closest_names() {
    let shell = Shell::fire();
    let run = shell.run(&["facets", "--country", "Azerbajan"]);
    run.code(2);
    snapshot!("error_country_did_you_mean", run);
}

#[test]
fn a_misspelt_channel_language_or_tag_is_answered_with_the_closest_values() {
    let shell = Shell::bundled();
    let run = shell.run(&["search", "--channel", "telegramm"]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "hint: --channel \"telegramm\": no statement has it; did you mean \"telegram\"?"
        ),
        "{run}"
    );
    let run = shell.run(&["timeline", "--tag", "casualtie"]);
    run.code(1);
    assert!(run.stderr.contains("did you mean \"casualties\""), "{run}");
    // A language is named as statements hold it: Russian is ru.
    let run = shell.run(&["facets", "--lang", "Russian"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("--lang \"ru\": no statement has it; the archive's languages: en"),
        "{run}"
    );
    let run = shell.run(&["facets", "--lang", "Rusian"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("found \"Rusian\"; did you mean Russian?"),
        "{run}"
    );
    // A known value that matches nothing with the other filters is no typo.
    let run = shell.run(&["search", "--channel", "telegram", "--country", "RU"]);
    run.code(1);
    assert!(!run.stderr.contains("hint"), "{run}");
}

#[test]
fn misspelt_flags_and_values_are_answered_by_clap() {
    let shell = Shell::fire();
    let run = shell.run(&["search", "--spekaer", "peskov"]);
    run.code(2);
    snapshot!("error_flag_did_you_mean", run);
    let run = shell.run(&["facets", "--by", "contry"]);
    run.code(2);
    snapshot!("error_field_did_you_mean", run);
}

#[test]
fn a_misspelt_ingest_field_is_answered_with_the_closest_fields() {
    let shell = Shell::empty();
    let file = data("fire.jsonl");
    let run = shell.run(&["ingest", file.to_str().unwrap(), "--set", "speeker=X"]);
    run.code(2);
    snapshot!("error_ingest_field_did_you_mean", run);
}

#[test]
fn an_invalid_query_points_at_the_syntax() {
    let shell = Shell::fire();
    let run = shell.run(&["timeline", "(fire"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("hint: see `communique help search` for the query syntax"),
        "{run}"
    );
}
