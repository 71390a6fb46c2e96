//! `speakers role`: which statements take a recorded role, and `--remove`, which takes it
//! back from them and from the index.

use serde_json::{json, Value};

use crate::support::Archive;

/// Records of Dmitry Peskov, ingested in this order (ids 1 to 5): two that give no role,
/// one dated before any role, one giving a role of its own of another name, one giving
/// the very name recorded below.
const PESKOV: &str = concat!(
    r#"{"text":"No comment.","speaker":"Dmitry Peskov","date":"2024-03-01"}"#,
    "\n",
    r#"{"text":"We do not know.","speaker":"Dmitry Peskov","date":"2015-06-01"}"#,
    "\n",
    r#"{"text":"Long ago.","speaker":"Dmitry Peskov","date":"2010-03-01"}"#,
    "\n",
    r#"{"text":"As reported.","speaker":"Dmitry Peskov","date":"2024-03-02","role":"Press secretary"}"#,
    "\n",
    r#"{"text":"In his own words.","speaker":"Dmitry Peskov","date":"2024-03-03","role":"Kremlin spokesprson","organization":"Kremlin"}"#,
    "\n",
);

fn peskov() -> Archive {
    let archive = Archive::new();
    archive
        .run_with_stdin(&["ingest", "-", "--format", "jsonl"], PESKOV)
        .success();
    archive
}

fn show(archive: &Archive, id: &str) -> Value {
    archive.stdout_json(&["show", id, "--format", "json"])
}

fn role(archive: &Archive, id: &str) -> Value {
    show(archive, id)["role"].clone()
}

/// A role recorded with a typo stayed forever: nothing removed it, and the statements that
/// took it kept it in `show`, in `search --role` and in every output. `--remove` takes it
/// back from them, and the index follows.
#[test]
fn removing_a_role_takes_it_back_from_the_statements_that_took_it() {
    let archive = peskov();
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesprson",
            "--org",
            "Presidential Administration",
            "--from",
            "2012-05-22",
        ])
        .success();
    assert_eq!(role(&archive, "1"), "Kremlin spokesprson");
    assert_eq!(
        show(&archive, "1")["organization"],
        "Presidential Administration"
    );
    assert_eq!(archive.ids(&["--role", "spokesprson"]), [5, 4, 1, 2]);
    assert_eq!(
        archive.ids(&["--org", "Presidential Administration"]),
        [4, 1, 2]
    );
    let hits = archive.stdout_json(&["search", "--speaker", "peskov", "--format", "json"]);
    let roles = |hits: &Value| -> Vec<Value> {
        let mut roles: Vec<(i64, Value)> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| (hit["id"].as_i64().unwrap(), hit["role"].clone()))
            .collect();
        roles.sort_by_key(|(id, _)| *id);
        roles.into_iter().map(|(_, role)| role).collect()
    };
    assert_eq!(
        roles(&hits),
        [
            json!("Kremlin spokesprson"),
            json!("Kremlin spokesprson"),
            Value::Null,
            json!("Press secretary"),
            json!("Kremlin spokesprson"),
        ]
    );

    archive
        .run(&["speakers", "role", "peskov", "Kremlin spokesprson", "--remove"])
        .success()
        .stderr_has("Dmitry Peskov: role \"Kremlin spokesprson\" (2012-05-22 –) removed; 3 statements changed");
    // The statements that took it have no role now, nor the organisation that came with
    // it (the fourth took the organisation only); those that gave their own keep them,
    // the one of the same name too.
    let first = show(&archive, "1");
    assert_eq!(first["role"], Value::Null);
    assert_eq!(first["organization"], Value::Null);
    assert_eq!(role(&archive, "2"), Value::Null);
    assert_eq!(role(&archive, "4"), "Press secretary");
    assert_eq!(show(&archive, "4")["organization"], Value::Null);
    assert_eq!(role(&archive, "5"), "Kremlin spokesprson");
    assert_eq!(show(&archive, "5")["organization"], "Kremlin");
    let hits = archive.stdout_json(&["search", "--speaker", "peskov", "--format", "json"]);
    assert_eq!(
        roles(&hits),
        [
            Value::Null,
            Value::Null,
            Value::Null,
            json!("Press secretary"),
            json!("Kremlin spokesprson"),
        ]
    );
    assert_eq!(archive.ids(&["--role", "spokesprson"]), [5]);
    assert!(archive
        .ids(&["--org", "Presidential Administration"])
        .is_empty());
    assert!(!archive.export("jsonl").contains("Presidential"));
    assert!(!archive
        .run(&["speakers", "show", "peskov"])
        .success()
        .stdout
        .contains("2012-05-22"));
    // Each change is in the statement's history, as an edit's is.
    let history = archive.stdout_json(&["show", "1", "--history", "--format", "json"]);
    let entries: Vec<(Value, Value, Value)> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["field"].clone(),
                entry["old_value"].clone(),
                entry["new_value"].clone(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (json!("role"), json!("Kremlin spokesprson"), Value::Null),
            (
                json!("organization"),
                json!("Presidential Administration"),
                Value::Null
            ),
        ],
        "{history:#}"
    );
    assert!(history["history"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("speakers role --remove"));
    archive.run(&["check"]).success();

    // Gone, it cannot be removed again; a speaker or a role that is not there is an error.
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesprson",
            "--remove",
        ])
        .code(2)
        .stderr_has("Dmitry Peskov has no role \"Kremlin spokesprson\" recorded");
    archive
        .run(&[
            "speakers",
            "role",
            "nobody",
            "Kremlin spokesprson",
            "--remove",
        ])
        .code(2)
        .stderr_has("no speaker matches \"nobody\"");
}

/// A statement dated in another recorded role of its speaker takes that one when the role
/// it had is removed; so does the speaker's current role.
#[test]
fn a_statement_takes_another_role_recorded_for_its_date() {
    let archive = peskov();
    for (role, from) in [
        ("Kremlin spokesperson", "2012-05-22"),
        ("Kremlin spokesprson", "2014"),
    ] {
        archive
            .run(&["speakers", "role", "peskov", role, "--from", from])
            .success();
    }
    assert_eq!(role(&archive, "2"), "Kremlin spokesprson");
    archive
        .run(&["speakers", "role", "peskov", "spokesprson", "--remove"])
        .code(2)
        .stderr_has("has no role \"spokesprson\" recorded")
        .stderr_has("did you mean \"Kremlin spokesprson\" or \"Kremlin spokesperson\"?");
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "kremlin spokesprson",
            "--remove",
        ])
        .success();
    for id in ["1", "2"] {
        assert_eq!(role(&archive, id), "Kremlin spokesperson");
    }
    // `--role` finds the statements by whoever held the role, their own role aside.
    assert_eq!(archive.ids(&["--role", "spokesperson"]), [5, 4, 1, 2]);
    assert_eq!(archive.ids(&["--role", "spokesprson"]), [5]);
    let speaker = archive.stdout_json(&["speakers", "show", "peskov", "--format", "json"]);
    assert_eq!(speaker["role"], "Kremlin spokesperson");
    // Replaced by the role that started later, then given back: both are in its history.
    let history = archive.stdout_json(&["show", "2", "--history", "--format", "json"]);
    let changes: Vec<(&str, &str, &str)> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["old_value"].as_str().unwrap(),
                entry["new_value"].as_str().unwrap(),
                entry["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(changes.len(), 2, "{history:#}");
    assert_eq!(changes[0].0, "Kremlin spokesperson");
    assert_eq!(changes[0].1, "Kremlin spokesprson");
    assert!(changes[0]
        .2
        .starts_with("speakers role: \"Kremlin spokesprson\" recorded for Dmitry Peskov"));
    assert_eq!(changes[1].0, "Kremlin spokesprson");
    assert_eq!(changes[1].1, "Kremlin spokesperson");
    assert!(changes[1].2.starts_with("speakers role --remove: "));
    archive.run(&["check"]).success();
}

/// One role recorded twice, for two periods: `--remove` without the dates would take a
/// guess, so it refuses, and lists each record with the command that removes it.
#[test]
fn a_role_recorded_twice_is_removed_only_when_its_dates_name_one() {
    let archive = peskov();
    archive
        .run(&[
            "speakers", "role", "peskov", "Adviser", "--from", "2009", "--to", "2011",
        ])
        .success();
    archive
        .run(&["speakers", "role", "peskov", "Adviser", "--from", "2015"])
        .success();
    assert_eq!(role(&archive, "3"), "Adviser");
    assert_eq!(role(&archive, "2"), "Adviser");
    let refused = archive.run(&["speakers", "role", "peskov", "Adviser", "--remove"]);
    refused
        .code(2)
        .stderr_has(
            "Dmitry Peskov has the role \"Adviser\" recorded 2 times; name the one to remove",
        )
        .stderr_has("communique speakers role peskov Adviser --remove --from 2009 --to 2011")
        .stderr_has("communique speakers role peskov Adviser --remove --from 2015 --to none");
    // Dates that name neither are refused too.
    archive
        .run(&[
            "speakers", "role", "peskov", "Adviser", "--remove", "--from", "2010",
        ])
        .code(2)
        .stderr_has("Dmitry Peskov has no role \"Adviser\" recorded with --from 2010")
        .stderr_has("--remove --from 2009 --to 2011");
    // Nothing changed.
    assert_eq!(role(&archive, "3"), "Adviser");
    assert_eq!(role(&archive, "2"), "Adviser");

    archive
        .run(&[
            "speakers", "role", "peskov", "Adviser", "--remove", "--from", "2015", "--to", "none",
        ])
        .success()
        .stderr_has("2 statements changed");
    assert_eq!(role(&archive, "3"), "Adviser");
    assert_eq!(role(&archive, "2"), Value::Null);
    assert_eq!(role(&archive, "1"), Value::Null);
    assert_eq!(archive.ids(&["--role", "adviser"]), [3]);
    // One record left: the name alone is enough.
    archive
        .run(&["speakers", "role", "peskov", "Adviser", "--remove"])
        .success();
    assert!(archive.ids(&["--role", "adviser"]).is_empty());
    archive.run(&["check"]).success();
}

/// A role the record gave stays when a recorded role of the same name is removed: only
/// what the recorded role gave is taken back, whatever the order of ingest and record.
#[test]
fn a_role_the_record_gave_is_kept() {
    let recorded_first = Archive::new();
    recorded_first
        .run(&["speakers", "add", "Dmitry Peskov"])
        .success();
    recorded_first
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesprson",
            "--from",
            "2012",
        ])
        .success();
    recorded_first
        .run_with_stdin(&["ingest", "-", "--format", "jsonl"], PESKOV)
        .success();
    let recorded_after = peskov();
    recorded_after
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesprson",
            "--from",
            "2012",
        ])
        .success();
    for archive in [&recorded_first, &recorded_after] {
        assert_eq!(role(archive, "1"), "Kremlin spokesprson");
        archive
            .run(&[
                "speakers",
                "role",
                "peskov",
                "Kremlin spokesprson",
                "--remove",
            ])
            .success();
        assert_eq!(role(archive, "1"), Value::Null);
        assert_eq!(role(archive, "5"), "Kremlin spokesprson");
        assert_eq!(archive.ids(&["--role", "Kremlin spokesprson"]), [5]);
        // A role given by an edit is the statement's own too.
        archive
            .run(&["speakers", "role", "peskov", "Envoy", "--from", "2012"])
            .success();
        archive
            .run(&[
                "edit",
                "2",
                "--set",
                "role=Envoy",
                "--reason",
                "as the source says",
            ])
            .success();
        archive
            .run(&["speakers", "role", "peskov", "Envoy", "--remove"])
            .success()
            .stderr_has("1 statement changed");
        assert_eq!(role(archive, "1"), Value::Null);
        assert_eq!(role(archive, "2"), "Envoy");
        archive.run(&["check"]).success();
    }
}

/// A role held from 2004-03-10 was given to statements dated only "2004" or "2004-03",
/// which may have been said before it: a statement takes a recorded role only when its
/// speaker held it for the whole of the statement's period, whether the role is recorded
/// before the ingest or after, and `search --role` finds what `show` says.
#[test]
fn a_statement_dated_to_a_year_takes_a_role_held_all_that_year_only() {
    let records = concat!(
        r#"{"text":"That year.","speaker":"Ilham Aliyev","date":"2004"}"#,
        "\n",
        r#"{"text":"That month.","speaker":"Ilham Aliyev","date":"2004-03"}"#,
        "\n",
        r#"{"text":"That day.","speaker":"Ilham Aliyev","date":"2004-03-10"}"#,
        "\n",
        r#"{"text":"The month after.","speaker":"Ilham Aliyev","date":"2004-04"}"#,
        "\n",
        r#"{"text":"The next year.","speaker":"Ilham Aliyev","date":"2005"}"#,
        "\n",
        r#"{"text":"Later.","speaker":"Ilham Aliyev","date":"2008-11"}"#,
        "\n",
    );
    let recorded_first = Archive::new();
    recorded_first
        .run(&["speakers", "add", "Ilham Aliyev"])
        .success();
    let role = [
        "speakers",
        "role",
        "aliyev",
        "Minister",
        "--from",
        "2004-03-10",
        "--to",
        "2008-11-15",
    ];
    recorded_first.run(&role).success();
    recorded_first
        .run_with_stdin(&["ingest", "-", "--format", "jsonl"], records)
        .success();
    let recorded_after = Archive::new();
    recorded_after
        .run_with_stdin(&["ingest", "-", "--format", "jsonl"], records)
        .success();
    recorded_after.run(&role).success();
    for archive in [&recorded_first, &recorded_after] {
        let roles: Vec<Value> = (1..=6)
            .map(|id| self::role(archive, &id.to_string()))
            .collect();
        assert_eq!(
            roles,
            [
                Value::Null,
                Value::Null,
                json!("Minister"),
                json!("Minister"),
                json!("Minister"),
                Value::Null
            ]
        );
        assert_eq!(archive.ids(&["--role", "minister"]), [5, 4, 3]);
    }
    // A role recorded from a year is held all that year, as written.
    recorded_after
        .run(&[
            "speakers",
            "role",
            "aliyev",
            "President",
            "--from",
            "2003",
            "--to",
            "2004",
        ])
        .success();
    assert_eq!(self::role(&recorded_after, "1"), "President");
    assert_eq!(self::role(&recorded_after, "2"), "President");
    assert_eq!(self::role(&recorded_after, "3"), "Minister");
    assert_eq!(recorded_after.ids(&["--role", "president"]), [4, 3, 2, 1]);
    recorded_after.run(&["check"]).success();
}

/// A statement whose date is corrected takes the role its speaker held on the new date,
/// when the role came from a recorded role; its own role stays.
#[test]
fn correcting_a_date_gives_the_role_held_then() {
    let archive = peskov();
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--from",
            "2012-05-22",
        ])
        .success();
    archive
        .run(&[
            "edit",
            "1",
            "--set",
            "date=2011-03-01",
            "--reason",
            "misdated",
        ])
        .success();
    assert_eq!(role(&archive, "1"), Value::Null);
    let history = archive.stdout_json(&["show", "1", "--history", "--format", "json"]);
    let fields: Vec<&str> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["date", "role"]);
    archive
        .run(&["edit", "3", "--set", "date=2013", "--reason", "misdated"])
        .success();
    assert_eq!(role(&archive, "3"), "Kremlin spokesperson");
    archive
        .run(&["edit", "4", "--set", "date=2011", "--reason", "misdated"])
        .success();
    assert_eq!(role(&archive, "4"), "Press secretary");
    assert_eq!(archive.ids(&["--role", "Kremlin spokesperson"]), [5, 2, 3]);
    archive.run(&["check"]).success();
}

/// An archive of schema version 5 did not keep which statements took their role from a
/// recorded role: opening it counts those whose role is a recorded role held on their
/// date as taken from it, so that removing the role takes it back, and gives a role only
/// to the statements dated within it.
#[test]
fn opening_an_older_archive_finds_the_roles_recorded_roles_gave() {
    let archive = peskov();
    archive
        .run_with_stdin(
            &["ingest", "-", "--format", "jsonl"],
            r#"{"text":"That year.","speaker":"Dmitry Peskov","date":"2012"}"#,
        )
        .success();
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--from",
            "2012-05-22",
        ])
        .success();
    let database = archive.dir().join("archive.sqlite3");
    // What version 5 held: the role given by its dates overlapping, and no provenance.
    rusqlite::Connection::open(&database)
        .unwrap()
        .execute_batch(
            "UPDATE statements SET role = 'Kremlin spokesperson' WHERE id = 6;
             UPDATE statements SET role_given_by = NULL, organization_given_by = NULL;
             PRAGMA user_version = 5;",
        )
        .unwrap();
    assert_eq!(role(&archive, "6"), Value::Null);
    let version: i64 = rusqlite::Connection::open(&database)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, communique::store::SCHEMA_VERSION);
    assert_eq!(
        archive.ids(&["--role", "Kremlin spokesperson"]),
        [5, 4, 1, 2]
    );
    archive.run(&["check"]).success();
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--remove",
        ])
        .success();
    assert_eq!(role(&archive, "1"), Value::Null);
    assert_eq!(role(&archive, "4"), "Press secretary");
    assert!(archive.ids(&["--role", "Kremlin spokesperson"]).is_empty());
    archive.run(&["check"]).success();
}

/// `speakers role --remove` changes the history of every statement that took the role,
/// as `edit` and `delete` do, but took no reason: the history said what was removed and
/// never why. `--reason` is kept in each entry, beside what was removed, and `history`
/// shows it.
#[test]
fn removing_a_role_keeps_the_reason_given_in_each_history_entry() {
    let archive = peskov();
    archive
        .run(&["speakers", "role", "peskov", "Envoy", "--from", "2012"])
        .success();
    archive
        .run(&["speakers", "role", "peskov", "Adviser", "--to", "2011"])
        .success();
    // A reason that says nothing is refused, as edit's and delete's are, and so is one
    // without --remove, which writes no history to keep it in.
    archive
        .run(&[
            "speakers", "role", "peskov", "Envoy", "--remove", "--reason", "  ",
        ])
        .code(2)
        .stderr_has("--reason cannot be empty");
    archive
        .run(&[
            "speakers", "role", "peskov", "Envoy", "--from", "2020", "--reason", "why",
        ])
        .code(2)
        .stderr_has("--remove");
    assert_eq!(role(&archive, "1"), "Envoy");
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Envoy",
            "--remove",
            "--reason",
            "he was never an envoy",
        ])
        .success()
        .stderr_has("2 statements changed");
    let history = archive.stdout_json(&["history", "--format", "json"]);
    let mut removals: Vec<(i64, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["statement_id"].as_i64().unwrap(),
                entry["reason"].as_str().unwrap(),
            )
        })
        .collect();
    removals.sort();
    let reason = "speakers role --remove: \"Envoy\" is no longer recorded for Dmitry Peskov (#1), from 2012: he was never an envoy";
    assert_eq!(removals, [(1, reason), (2, reason)], "{history:#}");
    let table = archive.run(&["history"]).success().stdout.clone();
    assert!(table.contains("he was never an envoy"), "{table}");
    // Without --reason, the entry says what was removed, as before.
    archive
        .run(&["speakers", "role", "peskov", "Adviser", "--remove"])
        .success()
        .stderr_has("1 statement changed");
    let entries = archive.stdout_json(&["show", "3", "--history", "--format", "json"]);
    assert_eq!(
        entries["history"][0]["reason"],
        "speakers role --remove: \"Adviser\" is no longer recorded for Dmitry Peskov (#1), to 2011",
        "{entries:#}"
    );
    archive.run(&["check"]).success();
}

/// The roles in the history of statement `id`, oldest first: (field, old, new, reason).
fn role_history(archive: &Archive, id: &str) -> Vec<(String, Value, Value, String)> {
    let history = archive.stdout_json(&["show", id, "--history", "--format", "json"]);
    history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["field"].as_str().unwrap().to_string(),
                entry["old_value"].clone(),
                entry["new_value"].clone(),
                entry["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A role cleared with `edit --set role=` was filled in again by the next `speakers role`
/// that covered the statement's date, recorded or removed, and nothing in the history said
/// so: the user's decision was undone behind their back. A cleared role (or organisation)
/// is the statement's own, as a role it gives itself: no recorded role fills it.
#[test]
fn a_role_cleared_by_an_edit_stays_cleared_when_roles_change() {
    let archive = peskov();
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--from",
            "2012-05-22",
        ])
        .success();
    assert_eq!(role(&archive, "1"), "Kremlin spokesperson");
    archive
        .run(&[
            "edit",
            "1",
            "--set",
            "role=",
            "--reason",
            "the source names no role",
        ])
        .success();
    // Statement 3 has no role: clearing it is the decision that none fills it, in its
    // history though its role does not change.
    archive
        .run(&[
            "edit",
            "3",
            "--set",
            "role=",
            "--set",
            "organization=",
            "--reason",
            "said as a private person",
        ])
        .success();
    assert_eq!(
        role_history(&archive, "3"),
        [
            (
                "role".to_string(),
                Value::Null,
                Value::Null,
                "said as a private person".to_string()
            ),
            (
                "organization".to_string(),
                Value::Null,
                Value::Null,
                "said as a private person".to_string()
            ),
        ]
    );
    // Roles recorded after, one that started later over statement 1's date and one over
    // statement 3's, and the removal of the one statement 1 had.
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Press secretary",
            "--org",
            "Kremlin",
            "--from",
            "2020",
        ])
        .success();
    archive
        .run(&[
            "speakers", "role", "peskov", "Adviser", "--org", "Aeroflot", "--to", "2011",
        ])
        .success();
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--remove",
        ])
        .success();
    let first = show(&archive, "1");
    assert_eq!(first["role"], Value::Null, "{first:#}");
    // The organisation was not cleared: the recorded role gives it.
    assert_eq!(first["organization"], "Kremlin");
    let third = show(&archive, "3");
    assert_eq!(third["role"], Value::Null, "{third:#}");
    assert_eq!(third["organization"], Value::Null, "{third:#}");
    // `--role` still finds statement 1 by who held the role on its date, as it finds
    // those that give a role of their own.
    assert_eq!(archive.ids(&["--role", "press secretary"]), [5, 4, 1]);
    assert_eq!(archive.ids(&["--org", "Aeroflot"]), Vec::<i64>::new());
    // The history's last word on statement 1's role is the user's.
    let history = role_history(&archive, "1");
    let roles: Vec<_> = history.iter().filter(|entry| entry.0 == "role").collect();
    assert_eq!(roles.len(), 1, "{history:?}");
    assert_eq!(roles[0].1, "Kremlin spokesperson");
    assert_eq!(roles[0].2, Value::Null);
    assert_eq!(roles[0].3, "the source names no role");
    // A role set by an edit later is the statement's, as before; cleared again, it stays.
    archive
        .run(&["edit", "1", "--set", "role=Envoy", "--reason", "per TASS"])
        .success();
    archive
        .run(&["edit", "1", "--set", "role=", "--reason", "TASS was wrong"])
        .success();
    archive
        .run(&["speakers", "role", "peskov", "Press secretary", "--remove"])
        .success();
    archive
        .run(&["speakers", "role", "peskov", "Envoy", "--from", "2024"])
        .success();
    assert_eq!(role(&archive, "1"), Value::Null);
    assert_eq!(role(&archive, "2"), Value::Null);
    assert_eq!(role(&archive, "4"), "Press secretary");
    archive.run(&["check"]).success();
}

/// An archive of schema version 7 did not keep that an edit cleared a role, and a recorded
/// role filled it again: opening it reads the clearing from the history, takes back what
/// a recorded role filled in since, and leaves alone a role a recorded role's removal took.
#[test]
fn opening_an_archive_of_version_7_finds_the_roles_edits_cleared() {
    let archive = peskov();
    for role in ["Kremlin spokesperson", "Envoy"] {
        archive
            .run(&["speakers", "role", "peskov", role, "--from", "2012-05-22"])
            .success();
    }
    archive
        .run(&["speakers", "role", "peskov", "Envoy", "--remove"])
        .success();
    archive
        .run(&[
            "edit",
            "1",
            "--set",
            "role=",
            "--reason",
            "the source names no role",
        ])
        .success();
    let database = archive.dir().join("archive.sqlite3");
    // What version 7 held after a later role change: statement 1's role filled again.
    rusqlite::Connection::open(&database)
        .unwrap()
        .execute_batch(
            "UPDATE statements SET role_cleared = 0, organization_cleared = 0;
             UPDATE statements SET role = 'Kremlin spokesperson',
                 role_given_by = (SELECT role_given_by FROM statements WHERE id = 2)
                 WHERE id = 1;
             PRAGMA user_version = 7;",
        )
        .unwrap();
    assert_eq!(role(&archive, "1"), Value::Null);
    let version: i64 = rusqlite::Connection::open(&database)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, communique::store::SCHEMA_VERSION);
    assert_eq!(role(&archive, "2"), "Kremlin spokesperson");
    archive.run(&["check"]).success();
    // Statement 2 lost "Envoy" to its removal, not to an edit: a role recorded again
    // gives it one; statement 1 keeps none.
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--remove",
        ])
        .success();
    archive
        .run(&["speakers", "role", "peskov", "Envoy", "--from", "2012"])
        .success();
    assert_eq!(role(&archive, "1"), Value::Null);
    assert_eq!(role(&archive, "2"), "Envoy");
    archive.run(&["check"]).success();
}

/// The role and organisation `show` gives each of statements 1 to 5.
fn roles_shown(archive: &Archive) -> Vec<(Value, Value)> {
    (1..=5)
        .map(|id| {
            let statement = show(archive, &id.to_string());
            (statement["role"].clone(), statement["organization"].clone())
        })
        .collect()
}

/// An export did not say which recorded role gave a statement its role: restored from
/// the backup (`speakers export`, `export --with-history`) into a new archive, the role was
/// the statement's own, so removing the recorded role there left it, and a role an edit
/// cleared was filled again. The export says where each came from (`role_origin`,
/// `organization_origin`), and the restored archive gives them the same way.
#[test]
fn a_restored_backup_knows_which_roles_recorded_roles_gave() {
    let archive = peskov();
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--org",
            "Kremlin",
            "--from",
            "2012-05-22",
        ])
        .success();
    archive
        .run(&[
            "edit",
            "2",
            "--set",
            "role=",
            "--reason",
            "not as spokesman",
        ])
        .success();
    let backup = archive
        .run(&["export", "--with-history"])
        .success()
        .stdout
        .clone();
    let records: Vec<Value> = backup
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(records[0]["role"], "Kremlin spokesperson");
    assert_eq!(records[0]["role_origin"], "recorded");
    assert_eq!(records[0]["organization_origin"], "recorded");
    assert_eq!(records[1]["role"], Value::Null);
    assert_eq!(records[1]["role_origin"], "cleared");
    assert_eq!(records[1]["organization_origin"], "recorded");
    // The record's own role and organisation say nothing of where they came from.
    assert_eq!(records[3]["role_origin"], Value::Null);
    assert_eq!(records[3]["organization_origin"], "recorded");
    assert_eq!(records[4]["role_origin"], Value::Null);
    assert_eq!(records[4]["organization_origin"], Value::Null);
    let speakers = archive
        .run(&["speakers", "export"])
        .success()
        .stdout
        .clone();
    let restored = Archive::new();
    let path = restored.write("speakers.jsonl", &speakers);
    restored
        .run(&["speakers", "import", path.to_str().unwrap()])
        .success();
    let path = restored.write("backup.jsonl", &backup);
    restored
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(5, 0, 0);
    assert_eq!(roles_shown(&restored), roles_shown(&archive));
    assert_eq!(
        restored.run(&["export", "--with-history"]).success().stdout,
        backup
    );

    // The recorded role removed, and another recorded, in both: the same statements
    // lose the role and the organisation, and statement 2 keeps none.
    for archive in [&archive, &restored] {
        archive
            .run(&[
                "speakers",
                "role",
                "peskov",
                "Kremlin spokesperson",
                "--remove",
                "--reason",
                "recorded in the wrong archive",
            ])
            .success()
            .stderr_has("3 statements changed");
        archive
            .run(&["speakers", "role", "peskov", "Envoy", "--from", "2015"])
            .success();
        archive.run(&["check"]).success();
    }
    let shown = roles_shown(&restored);
    assert_eq!(shown, roles_shown(&archive));
    assert_eq!(
        shown,
        [
            (json!("Envoy"), Value::Null),
            (Value::Null, Value::Null),
            (Value::Null, Value::Null),
            (json!("Press secretary"), Value::Null),
            (json!("Kremlin spokesprson"), json!("Kremlin")),
        ]
    );
    assert_eq!(
        restored.ids(&["--role", "Kremlin spokesperson"]),
        Vec::<i64>::new()
    );

    // Ingested where no role is recorded for its date, a role from a recorded role is
    // the record's own rather than lost.
    let alone = Archive::new();
    let path = alone.write("backup.jsonl", &backup);
    alone
        .run(&["ingest", path.to_str().unwrap()])
        .ingested(5, 0, 0);
    assert_eq!(role(&alone, "1"), "Kremlin spokesperson");
    assert_eq!(role(&alone, "2"), Value::Null);
    // A value no archive writes is refused, as any field's is.
    alone
        .run_with_stdin(
            &["ingest", "-", "--format", "jsonl"],
            r#"{"text":"New.","speaker":"Dmitry Peskov","date":"2024-05-01","role":"Envoy","role_origin":"guessed"}"#,
        )
        .stderr_has("role_origin: expected \"recorded\" or \"cleared\", found \"guessed\"");
}

/// A plain export ingested again with `--overwrite-curated` over the statements it came
/// from (their text corrected since) made a role a recorded role gave their own, and
/// filled a cleared one: the file's role was applied as an edit. It is left to the
/// recorded role, and a cleared one stays cleared.
#[test]
fn overwriting_curated_statements_leaves_roles_to_recorded_roles() {
    let archive = peskov();
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--from",
            "2012-05-22",
        ])
        .success();
    archive
        .run(&[
            "edit",
            "2",
            "--set",
            "role=",
            "--reason",
            "not as spokesman",
        ])
        .success();
    let exported = archive.export("jsonl");
    for (id, text) in [("1", "No comment at all."), ("2", "We do not know yet.")] {
        archive
            .run(&[
                "edit",
                id,
                "--set",
                &format!("text={text}"),
                "--reason",
                "typo",
            ])
            .success();
    }
    let path = archive.write("export.jsonl", &exported);
    archive
        .run(&["ingest", path.to_str().unwrap(), "--overwrite-curated"])
        .success();
    assert_eq!(show(&archive, "1")["text"], "No comment.");
    assert_eq!(role(&archive, "1"), "Kremlin spokesperson");
    assert_eq!(role(&archive, "2"), Value::Null);
    archive
        .run(&[
            "speakers",
            "role",
            "peskov",
            "Kremlin spokesperson",
            "--remove",
        ])
        .success();
    archive
        .run(&["speakers", "role", "peskov", "Envoy", "--from", "2012"])
        .success();
    assert_eq!(role(&archive, "1"), "Envoy");
    assert_eq!(role(&archive, "2"), Value::Null);
    archive.run(&["check"]).success();
}

/// `--role "Prime Minister of Russia"` returned the statements of his press secretary
/// ("Press Secretary of the Prime Minister of Russia", recorded or given), and `--role
/// "President of Azerbaijan"` those of the president's assistant: a role matched every
/// role holding its words. A role is now named by its head, the words before whom it
/// serves, and a rank (deputy, assistant…) the query leaves out is another office.
#[test]
fn a_role_names_an_office_not_whom_it_serves() {
    let archive = Archive::new();
    let records = [
        r#"{"id":"peskov","text":"The prime minister will visit Yerevan.","speaker":"Dmitry Peskov","date":"2010-06-01"}"#,
        r#"{"id":"putin","text":"We discussed gas prices.","speaker":"Vladimir Putin","role":"Prime Minister of Russia","date":"2010-06-02"}"#,
        r#"{"id":"hajiyev","text":"Armenia bears responsibility.","speaker":"Hikmet Hajiyev","role":"Assistant to the President of Azerbaijan","date":"2024-02-14"}"#,
        r#"{"id":"aliyev","text":"Peace is possible.","speaker":"Ilham Aliyev","role":"President of Azerbaijan","date":"2024-02-15"}"#,
        r#"{"id":"deputy","text":"Talks go on.","speaker":"Shahin Mustafayev","role":"Deputy Prime Minister of Azerbaijan","date":"2024-02-16"}"#,
    ];
    archive
        .run_with_stdin(&["ingest", "-", "--format", "jsonl"], records.join("\n"))
        .success();
    archive
        .run(&[
            "speakers",
            "role",
            "Dmitry Peskov",
            "Press Secretary of the Prime Minister of Russia",
            "--from",
            "2008-05",
            "--to",
            "2012-05",
        ])
        .success();
    let found = |role: &str| -> Vec<String> {
        let hits = archive.stdout_json(&["search", "--role", role, "--format", "json"]);
        let mut ids: Vec<String> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| hit["external_id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(found("Prime Minister of Russia"), ["putin"]);
    assert_eq!(found("President of Azerbaijan"), ["aliyev"]);
    assert_eq!(found("Prime Minister"), ["putin"]);
    assert_eq!(found("press secretary"), ["peskov"]);
    assert_eq!(found("assistant"), ["hajiyev"]);
    assert_eq!(found("Deputy Prime Minister"), ["deputy"]);
    assert_eq!(found("president"), ["aliyev"]);
}
