//! The configuration file and `communique config`: flags > environment > file > defaults.

use crate::snapshot;
use crate::support::Shell;

#[test]
fn without_a_file_the_defaults_apply() {
    let shell = Shell::empty();
    let run = shell.run_env(&["config"], &[("COMMUNIQUE_ARCHIVE", None)]);
    run.success();
    snapshot!("config_defaults", run);
}

#[test]
fn the_file_sets_archive_format_and_colour_and_says_so() {
    let shell = Shell::bundled();
    shell.write_config(
        "archive = \"../../../archive\"\nformat = \"markdown\"\ncolor = \"always\"\n",
    );
    let run = shell.run_env(&["config"], &[("COMMUNIQUE_ARCHIVE", None)]);
    run.success();
    snapshot!("config_from_file", run);
    // The archive of the file is used: a relative path is relative to the file.
    let run = shell.run_env(&["search", "restraint"], &[("COMMUNIQUE_ARCHIVE", None)]);
    assert!(run.success().stdout.starts_with("| ID | Date |"), "{run}");
    assert!(run.stdout.contains("**restraint**"), "{run}");
}

#[test]
fn flags_and_environment_override_the_file() {
    let shell = Shell::bundled();
    shell.write_config("archive = \"/nowhere\"\ncolor = \"always\"\n");
    let run = shell.run(&["config", "--color", "never"]);
    run.success();
    snapshot!("config_overridden", run);
    let run = shell.run(&["search", "restraint", "--color", "never"]);
    assert!(!run.success().stdout.contains('\x1b'), "{run}");
    let run = shell.run(&["search", "restraint"]);
    assert!(
        run.success().stdout.contains('\x1b'),
        "the file's colour: {run}"
    );
}

#[test]
fn communique_config_names_another_file() {
    let shell = Shell::bundled();
    let other = shell.root().join("elsewhere.toml");
    std::fs::write(&other, "format = \"ids\"\n").unwrap();
    let other = other.to_str().unwrap();
    let run = shell.run_env(
        &["search", "restraint"],
        &[("COMMUNIQUE_CONFIG", Some(other))],
    );
    assert_eq!(run.success().stdout, "14\n");
    let run = shell.run(&["search", "restraint", "--config", other]);
    assert_eq!(run.success().stdout, "14\n");
    let run = shell.run(&["config", "--path", "--config", other]);
    assert_eq!(run.success().stdout, "[TMP]/elsewhere.toml\n");
    // A file named on purpose must exist.
    let run = shell.run(&["search", "restraint", "--config", "/nowhere.toml"]);
    run.code(2);
    snapshot!("config_named_file_missing", run);
}

#[test]
fn a_bad_file_is_an_error_with_a_hint_except_for_config_itself() {
    let shell = Shell::bundled();
    shell.write_config("colour = \"never\"\n");
    let run = shell.run(&["search", "restraint"]);
    run.code(2);
    snapshot!("config_bad_key", run);
    let run = shell.run(&["config"]);
    run.code(2);
    snapshot!("config_bad_key_config_command", run);
    shell.write_config("format = \"yaml\"\n");
    let run = shell.run(&["stats"]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "format = \"yaml\" is not one of table, json, jsonl, csv, ids, markdown, cite"
        ),
        "{run}"
    );
}

/// What `config` prints is a file that names the same archive wherever it is saved: a
/// relative `--archive` is printed absolute, as the file would read a relative path
/// against its own directory.
#[test]
fn a_saved_config_names_the_archive_a_relative_path_named() {
    let shell = Shell::bundled();
    // The output as written: a `Run` holds it with the temporary directory scrubbed.
    let printed = shell
        .command(&["config", "--archive", "archive"])
        .env_remove("COMMUNIQUE_ARCHIVE")
        .output()
        .unwrap();
    assert!(printed.status.success());
    let saved = shell.root().join("settings").join("config.toml");
    std::fs::create_dir_all(saved.parent().unwrap()).unwrap();
    std::fs::write(&saved, &printed.stdout).unwrap();
    let run = shell.run_env(
        &["search", "restraint", "--format", "ids"],
        &[
            ("COMMUNIQUE_ARCHIVE", None),
            ("COMMUNIQUE_CONFIG", Some(saved.to_str().unwrap())),
        ],
    );
    assert_eq!(run.success().stdout, "14\n");
}
