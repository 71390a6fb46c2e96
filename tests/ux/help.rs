//! Help: every command and flag documented with an example; the query syntax in
//! `communique help search`; completions and the manual page from the clap definitions.

use clap::CommandFactory;
use communique::cli::Cli;

use crate::snapshot;
use crate::support::Shell;

#[test]
fn every_command_has_examples_and_every_flag_a_description() {
    let mut command = Cli::command();
    // A command's arguments are added when it runs (`defer`): build them all to look.
    command.build();
    for argument in command.get_arguments() {
        assert!(
            argument.get_help().is_some(),
            "--{} has no help",
            argument.get_id()
        );
    }
    // Building adds clap's own `help` command.
    for subcommand in command
        .get_subcommands()
        .filter(|command| command.get_name() != "help")
    {
        let name = subcommand.get_name();
        assert!(subcommand.get_about().is_some(), "{name} has no summary");
        let after = subcommand
            .get_after_help()
            .map(|text| text.to_string())
            .unwrap_or_default();
        assert!(
            after.contains("Example") && after.contains(&format!("communique {name}")),
            "`communique {name} --help` has no example of itself"
        );
        for argument in subcommand.get_arguments() {
            assert!(
                argument.get_help().is_some() || argument.is_hide_set(),
                "`communique {name}`: {} has no help",
                argument.get_id()
            );
        }
    }
}

/// However wide the terminal, help lines stop at 100 columns, easier to read; a
/// subcommand's help too, parsed without the other subcommands (`cli::command_for`).
#[test]
fn help_is_wrapped_at_a_hundred_columns_on_a_wide_terminal() {
    let shell = Shell::empty();
    for line in [
        &["--help"][..],
        &["search", "--help"],
        &["speakers", "alias", "--help"],
    ] {
        let run = shell.run_env(line, &[("COLUMNS", Some("200"))]);
        let widest = run
            .success()
            .stdout
            .lines()
            .map(|line| line.chars().count())
            .max();
        assert!(
            widest.is_some_and(|widest| (90..=100).contains(&widest)),
            "{line:?}: the widest line has {widest:?} characters\n{run}"
        );
    }
}

/// `communique --help` lists the commands before any is built, `communique restore --help`
/// describes one after: both must give the same summary.
#[test]
fn the_command_list_and_each_commands_help_give_the_same_summary() {
    let listed = Cli::command();
    let mut built = Cli::command();
    built.build();
    for (before, after) in listed.get_subcommands().zip(built.get_subcommands()) {
        assert_eq!(
            before.get_about().map(ToString::to_string),
            after.get_about().map(ToString::to_string),
            "`communique {}`",
            before.get_name()
        );
    }
}

#[test]
fn help_search_shows_the_query_syntax() {
    let shell = Shell::empty();
    let run = shell.run(&["help", "search"]);
    run.success();
    for line in [
        "Query syntax:",
        "\"combat post\"          the words next to each other, in order",
        "Tovuz OR Gafan         either word (OR in capitals)",
        "communique search restraint --speaker peskov",
        "--format",
        "cite",
    ] {
        assert!(run.stdout.contains(line), "lacks {line:?}:\n{run}");
    }
    let short = shell.run(&["search", "-h"]);
    snapshot!("help_search_short", short.success());
}

/// The query syntax opened with `restraint peskov`, "both words", which found nothing in
/// the bundled corpus: a speaker's name is not in the text searched. Every example of
/// the syntax in `help search` that the bundled corpus can show finds statements there,
/// and the README opens with the same example.
#[test]
fn the_query_syntax_examples_find_statements_in_the_bundled_corpus() {
    let shell = Shell::bundled();
    let help = shell.run(&["help", "search"]);
    help.success();
    let examples: Vec<&str> = help
        .stdout
        .lines()
        .skip_while(|line| *line != "Query syntax:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.trim_start().split("  ").next())
        .collect();
    assert_eq!(examples.first(), Some(&"restraint provocation"), "{help}");
    // Exclusions find what lacks the word; the corpus has no Chinese.
    let shown: Vec<&str> = examples
        .iter()
        .copied()
        .filter(|example| example.is_ascii() && !example.contains(','))
        .collect();
    assert!(shown.len() >= 5, "{shown:?}");
    for example in shown {
        let run = shell.run(&["search", example, "--format", "ids"]);
        assert_eq!(run.code, Some(0), "{example} finds nothing:\n{run}");
    }
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("reading README.md");
    let syntax = readme
        .split("### Search\n\n```\n")
        .nth(1)
        .expect("the README's query syntax");
    assert!(
        syntax.starts_with(&format!("{}  both words (AND)", examples[0])),
        "the README opens its syntax with another example:\n{}",
        &syntax[..200]
    );
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    let shell = Shell::empty();
    for (name, marker) in [
        ("bash", "complete -F _communique"),
        ("zsh", "#compdef communique"),
        ("fish", "complete -c communique"),
    ] {
        let run = shell.run(&["completions", name]);
        run.success();
        assert!(run.stdout.contains(marker), "{name}: no {marker:?}");
        let flags = if name == "fish" {
            ["-l speaker", "-l format"]
        } else {
            ["--speaker", "--format"]
        };
        for word in ["timeline", "facets"].into_iter().chain(flags) {
            assert!(run.stdout.contains(word), "{name}: {word} is not completed");
        }
    }
    let run = shell.run(&["completions", "tcsh"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{run}"
    );
}

/// Regression: with the commands deferred, `communique help speakers <TAB>` offered
/// nothing, clap having copied the commands under `help` before building them.
#[test]
fn completions_offer_the_subcommands_under_help() {
    let shell = Shell::empty();
    let bash = shell.run(&["completions", "bash"]);
    bash.success();
    let fish = shell.run(&["completions", "fish"]);
    fish.success();
    let mut command = Cli::command();
    command.build();
    let mut checked = 0;
    for parent in command.get_subcommands().filter(|c| c.get_name() != "help") {
        let parent_name = parent.get_name();
        for child in parent.get_subcommands().filter(|c| c.get_name() != "help") {
            let name = child.get_name();
            let case = format!("communique__subcmd__help__subcmd__{parent_name},{name})");
            assert!(
                bash.stdout.contains(&case),
                "bash: no `help {parent_name} {name}`"
            );
            let line = format!(
                "-n \"__fish_communique_using_subcommand help; and __fish_seen_subcommand_from {parent_name}\" -f -a \"{name}\""
            );
            assert!(
                fish.stdout.contains(&line),
                "fish: no `help {parent_name} {name}`"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "the speakers and places subcommands are checked"
    );
}

/// Every command's flags, and its subcommands' flags, are completed after it, though
/// clap builds a command's flags only when it runs.
#[test]
fn completions_offer_every_commands_own_flags() {
    let shell = Shell::empty();
    let fish = shell.run(&["completions", "fish"]);
    fish.success();
    let lines: Vec<&str> = fish.stdout.lines().collect();
    let completes = |condition: &dyn Fn(&str) -> bool, long: &str| {
        let flag = format!(" -l {long} ");
        lines
            .iter()
            .any(|line| condition(line) && format!("{line} ").contains(&flag))
    };
    let mut command = Cli::command();
    command.build();
    let mut checked = 0;
    for parent in command.get_subcommands().filter(|c| c.get_name() != "help") {
        let parent_name = parent.get_name();
        let after_parent = |line: &str| {
            line.contains(&format!("using_subcommand {parent_name}\""))
                || line.contains(&format!("using_subcommand {parent_name}; and not "))
        };
        for long in parent.get_arguments().filter_map(|a| a.get_long()) {
            assert!(
                completes(&after_parent, long),
                "fish: `{parent_name} --{long}` is not completed"
            );
            checked += 1;
        }
        for child in parent.get_subcommands().filter(|c| c.get_name() != "help") {
            let name = child.get_name();
            let after_child = |line: &str| {
                line.contains(&format!(
                    "using_subcommand {parent_name}; and __fish_seen_subcommand_from {name}\""
                ))
            };
            for long in child.get_arguments().filter_map(|a| a.get_long()) {
                assert!(
                    completes(&after_child, long),
                    "fish: `{parent_name} {name} --{long}` is not completed"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} flags checked");
}

#[test]
fn the_manual_page_comes_from_the_same_definitions() {
    let shell = Shell::empty();
    let run = shell.run(&["man"]);
    run.success();
    assert!(
        run.stdout.starts_with(".ie \\n(.g .ds Aq") || run.stdout.contains(".TH communique 1"),
        "{}",
        &run.stdout[..200.min(run.stdout.len())]
    );
    for word in ["timeline", "facets", "\\-\\-archive"] {
        assert!(run.stdout.contains(word), "the page lacks {word}");
    }
    let directory = shell.root().join("man1");
    let run = shell.run(&["man", "--dir", directory.to_str().unwrap()]);
    run.success();
    for page in [
        "communique.1",
        "communique-search.1",
        "communique-timeline.1",
    ] {
        let text =
            std::fs::read_to_string(directory.join(page)).unwrap_or_else(|_| panic!("no {page}"));
        assert!(text.contains(".TH"), "{page} is not a manual page");
    }
    let search = std::fs::read_to_string(directory.join("communique-search.1")).unwrap();
    assert!(
        search.contains("Query syntax"),
        "the search page shows the syntax"
    );
}

/// The grep-like exit codes (1: nothing found) were only in the README: a scripter
/// reading `communique man` or `--help` took 1 for a failure. Every manual page has an
/// EXIT STATUS section, and the help of the commands that find things says it.
#[test]
fn the_manual_pages_and_the_help_give_the_exit_status() {
    let shell = Shell::empty();
    let run = shell.run(&["man"]);
    assert!(
        run.success().stdout.contains(".SH \"EXIT STATUS\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Nothing was found"), "{}", run.stdout);
    let directory = shell.root().join("man1");
    shell
        .run(&["man", "--dir", directory.to_str().unwrap()])
        .success();
    let pages: Vec<_> = std::fs::read_dir(&directory).unwrap().collect();
    assert!(pages.len() > 20, "{} pages", pages.len());
    for page in pages {
        let path = page.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(".SH \"EXIT STATUS\""),
            "{} has no EXIT STATUS",
            path.display()
        );
    }
    for command in [
        &["--help"][..],
        &["search", "--help"],
        &["timeline", "--help"],
        &["facets", "--help"],
        &["show", "--help"],
    ] {
        let run = shell.run(command);
        assert!(
            run.success().stdout.contains("Exit status"),
            "{command:?}:\n{}",
            run.stdout
        );
    }
}
