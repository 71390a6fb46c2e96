//! `communique man`: manual pages generated from the clap definitions, so the manual says
//! what `--help` says.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, GlobalArgs};

use super::{status, Outcome};

/// Print the manual page.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  communique man | man -l -
  communique man --dir ~/.local/share/man/man1     # communique.1, communique-search.1, …")]
pub struct Args {
    /// Write communique.1 and a page per command (communique-search.1, …) into DIR
    /// instead of printing communique.1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs `man`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    let command = Cli::command();
    match args.dir {
        Some(directory) => {
            std::fs::create_dir_all(&directory).with_context(|| {
                format!("cannot create {}", crate::quote::shown_path(&directory))
            })?;
            write_pages(command, &directory).with_context(|| {
                format!(
                    "cannot write the pages into {}",
                    crate::quote::shown_path(&directory)
                )
            })?;
            status(
                global,
                &format!("wrote the manual pages into {}", directory.display()),
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            render(command, &mut stdout)?;
            stdout.flush()?;
        }
    }
    Ok(Outcome::Success)
}

/// The EXIT STATUS section of every page, in roff: a script that reads 1 as a failure
/// (`communique search X || exit`) must learn that it means "nothing found", as grep's
/// page says.
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Something was found, or the command did what it was asked.
.TP
\fB1\fR
Nothing was found. A listing listed nothing: search, timeline or facets matched no
statement, speakers, places or history had nothing to list (in an empty archive too), or
a search or history page printed none (past the last match, or \-\-limit 0); its JSON
and CSV are still whole (\fB[]\fR, the header row), its table is empty. Or show or
speakers show named nothing there, check found a problem, ingest \-\-skip\-invalid
rejected records, or add and edit changed nothing. stats and export list no matches:
an empty archive is 0 for them.
.TP
\fB2\fR
An error: a bad argument (an id that names two statements, the number of one and the
external id of another, too), a file or an archive that could not be read or written.
"#;

/// Writes one page as clap_mangen renders it, followed by the EXIT STATUS section.
fn render(command: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(command).render(out)?;
    out.write_all(EXIT_STATUS.as_bytes())
}

/// Writes a page for `command` and each of its subcommands into `directory`, named as
/// `clap_mangen::generate_to` names them (communique-search.1), each with the EXIT
/// STATUS section.
fn write_pages(command: clap::Command, directory: &std::path::Path) -> std::io::Result<()> {
    fn write_all(command: clap::Command, directory: &std::path::Path) -> std::io::Result<()> {
        for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            write_all(sub.clone(), directory)?;
        }
        let path = directory.join(clap_mangen::Man::new(command.clone()).get_filename());
        let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
        render(command, &mut file)?;
        file.flush()
    }
    // As clap_mangen does: a built command names its pages after its parents.
    let mut command = command.disable_help_subcommand(true);
    command.build();
    write_all(command, directory)
}
