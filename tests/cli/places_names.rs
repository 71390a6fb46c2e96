//! `communique places name`: a name is added only when a search can find it and no other
//! place goes by it.

use crate::support::Archive;

/// `places name Kapan ""` (or blank, or "!!!": nothing left after folding) said "added"
/// and stored a name no search can match; now it is an error and nothing changes.
#[test]
fn a_name_with_nothing_searchable_is_refused() {
    let archive = Archive::new();
    archive.run(&["init"]).success();
    let before = archive.run(&["places", "show", "Kapan", "--format", "json"]);
    before.success();
    for (name, message) in [
        ("", "\"\" is an empty name: no search could find it"),
        ("   ", "\"   \" is an empty name"),
        ("!!!", "\"!!!\" is a name without a letter or a digit"),
    ] {
        let run = archive.run(&["places", "name", "Kapan", name]);
        run.code(2).stderr_has(message).stderr_has("hint: ");
        assert!(!run.stderr.contains("added"), "{run}");
    }
    archive
        .run(&["places", "add", "!!!", "--id", "nowhere"])
        .code(2)
        .stderr_has("\"!!!\" is a name without a letter or a digit");
    let after = archive.run(&["places", "show", "Kapan", "--format", "json"]);
    assert_eq!(after.stdout, before.stdout);
}

/// `places name Kapan Tovuz` gave Kapan a name of another place, so `search --place
/// Kapan` found Tovuz's statements: it is refused, naming the place the name belongs to.
/// A name the place already has changes nothing and says so.
#[test]
fn a_name_of_another_place_is_refused_and_one_of_the_same_place_changes_nothing() {
    let archive = Archive::new();
    archive.run(&["init"]).success();
    let path = archive.write(
        "towns.jsonl",
        "{\"text\":\"Shots were fired near Tovuz\",\"speaker\":\"A\",\"date\":\"2024\"}\n\
         {\"text\":\"Calm in Kapan\",\"speaker\":\"A\",\"date\":\"2024\"}\n",
    );
    archive.run(&["ingest", path.to_str().unwrap()]).success();
    let kapan_before = archive.run(&["places", "show", "Kapan", "--format", "json"]);
    assert_eq!(archive.ids(&["--place", "Kapan"]), vec![2]);

    archive
        .run(&["places", "name", "Kapan", "Tovuz"])
        .code(2)
        .stderr_has("\"Tovuz\" is already a name of Tovuz (tovuz); a name belongs to one place")
        .stderr_has("hint: `communique places show tovuz`");
    assert_eq!(
        archive
            .run(&["places", "show", "Kapan", "--format", "json"])
            .stdout,
        kapan_before.stdout
    );
    assert_eq!(archive.ids(&["--place", "Kapan"]), vec![2]);

    // Its own name, in another case too: nothing changes, exit 0.
    for name in ["Qafan", "QAFAN"] {
        let run = archive.run(&["places", "name", "Kapan", name]);
        run.success()
            .stderr_has("is already a name of Kapan")
            .stderr_has("nothing changed");
        assert!(!run.stderr.contains("added"), "{run}");
    }
    assert_eq!(
        archive
            .run(&["places", "show", "Kapan", "--format", "json"])
            .stdout,
        kapan_before.stdout
    );
    // A new name is still added.
    archive
        .run(&["places", "name", "Kapan", "Kapan Town"])
        .success()
        .stderr_has("\"Kapan Town\" added to Kapan");
}
