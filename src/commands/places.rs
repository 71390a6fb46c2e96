//! `communique places`: the gazetteer — every place and the names it goes by.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::GlobalArgs;
use crate::ingest::reference::read_places;
use crate::model::{Place, PlaceName};
use crate::output::{clean, RecordFormat, Style};
use crate::quote::{excerpt, plural, quoted};

use super::{
    archive_error, country_argument, open_archive, status, stdout_style, IfMissing, Outcome,
    UserError,
};

/// List and curate the gazetteer of place names.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
#[command(
    after_help = "A search for any name of a place finds every name of it: Kapan, Qafan, Gafan, Կապան.

Exit status, as grep's: 0 when places are listed or shown, 1 when none is, 2 on an error.

Examples:
  communique places
  communique places show Gafan
  communique places add \"Nerkin Hand\" --id nerkin-hand --country AM --kind village --region Syunik
  communique places name nerkin-hand \"Nerkin-And\" --used-by AZ
  communique places import more-places.tsv"
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    /// Output format of the list
    #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
    pub format: RecordFormat,
}

/// What to do with the gazetteer.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// List places with their names (the default)
    List {
        /// Output format
        #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
        format: RecordFormat,
    },
    /// Show the places a name refers to, with every name
    Show {
        /// Any name of the place, or its id
        name: String,
        /// Output format
        #[arg(long, short = 'f', value_enum, default_value_t = RecordFormat::Table)]
        format: RecordFormat,
    },
    /// Add a place
    Add {
        /// Display name
        name: String,
        /// Stable id [default: from the name]
        #[arg(long)]
        id: Option<String>,
        /// Country it lies in
        #[arg(long)]
        country: Option<String>,
        /// city, town, village, district or region
        #[arg(long)]
        kind: Option<String>,
        /// First-level division
        #[arg(long)]
        region: Option<String>,
    },
    /// Add a name to a place
    Name {
        /// Any name of the place, or its id
        place: String,
        /// The new name
        name: String,
        /// Language of the name: en, hy, az, ru …
        #[arg(long = "lang")]
        language: Option<String>,
        /// The country whose official usage this name is
        #[arg(long)]
        used_by: Option<String>,
    },
    /// Import places from a TSV file (as corpus/places.tsv)
    Import {
        /// The file
        file: PathBuf,
    },
}

/// Runs `places`.
pub fn run(global: &GlobalArgs, args: Args) -> anyhow::Result<Outcome> {
    match args.action.unwrap_or(Action::List {
        format: args.format,
    }) {
        Action::List { format } => {
            let archive = open_archive(global, IfMissing::Fail)?;
            let places = archive
                .places()
                .map_err(|error| archive_error(error, archive.directory()))?;
            write_places(&places, format, stdout_style(global))?;
            // As every listing: a list of nothing is "nothing found".
            Ok(match places.is_empty() {
                true => Outcome::NothingFound,
                false => Outcome::Success,
            })
        }
        Action::Show { name, format } => {
            let archive = open_archive(global, IfMissing::Fail)?;
            let places = find(&archive, &name)?;
            if places.is_empty() {
                status(
                    global,
                    &clean(&format!("no place is named {}", quoted(&name))),
                );
                return Ok(Outcome::NothingFound);
            }
            write_places(&places, format, stdout_style(global))?;
            Ok(Outcome::Success)
        }
        Action::Add {
            name,
            id,
            country,
            kind,
            region,
        } => {
            check_searchable(&name)?;
            let id = id.unwrap_or_else(|| slug(&name));
            if id.is_empty() {
                return Err(
                    UserError::with_hint("the place needs an id", "give one with --id").into(),
                );
            }
            let place = Place {
                id: id.clone(),
                name,
                country: country_argument(country)?,
                kind,
                region,
                names: Vec::new(),
            };
            let mut archive = open_archive(global, IfMissing::Create)?;
            archive
                .add_places(&[place])
                .map_err(|error| archive_error(error, archive.directory()))?;
            println!("{id}");
            Ok(Outcome::Success)
        }
        Action::Name {
            place,
            name,
            language,
            used_by,
        } => {
            let mut archive = open_archive(global, IfMissing::Fail)?;
            let mut found = find(&archive, &place)?;
            let mut target = match found.len() {
                1 => found.remove(0),
                0 => {
                    return Err(UserError::with_hint(
                        format!("no place is named {}", quoted(&place)),
                        "`communique places add` adds it",
                    )
                    .into())
                }
                _ => {
                    let ids: Vec<&str> = found.iter().map(|place| place.id.as_str()).collect();
                    return Err(UserError::with_hint(
                        format!(
                            "{} names several places: {}",
                            quoted(&place),
                            ids.join(", ")
                        ),
                        "name the place by its id",
                    )
                    .into());
                }
            };
            check_searchable(&name)?;
            let used_by = country_argument(used_by)?;
            // A name found under another place would make that place's statements the
            // target's too (`search --place`); one the target has already changes nothing.
            let holders = find_by_name(&archive, &name)?;
            let others: Vec<&Place> = holders
                .iter()
                .filter(|holder| holder.id != target.id)
                .collect();
            if !others.is_empty() {
                let named: Vec<String> = others
                    .iter()
                    .map(|other| format!("{} ({})", excerpt(&other.name), excerpt(&other.id)))
                    .collect();
                return Err(UserError::with_hint(
                    clean(&format!(
                        "{} is already a name of {}; a name belongs to one place",
                        quoted(&name),
                        named.join(", ")
                    )),
                    // The id whole, as the command is to be pasted.
                    clean(&format!(
                        "`{}` shows its names",
                        crate::quote::command_line(&[
                            "communique",
                            "places",
                            "show",
                            &others[0].id
                        ])
                        .unwrap_or_else(|| "communique places show ID".to_string())
                    )),
                )
                .into());
            }
            if holders.iter().any(|holder| holder.id == target.id) {
                let same = target
                    .names
                    .iter()
                    .find(|known| crate::fold::fold(&known.name) == crate::fold::fold(&name));
                // The same spelling given a language or a usage it lacks is an update.
                let updates = same.is_some_and(|known| {
                    known.name == name
                        && (language.is_some() && language != known.language
                            || used_by.is_some() && used_by != known.used_by)
                });
                if !updates {
                    let spelled = same
                        .filter(|known| known.name != name)
                        .map(|known| format!(" (as {})", quoted(&known.name)))
                        .unwrap_or_default();
                    status(
                        global,
                        &clean(&format!(
                            "{} is already a name of {}{spelled}; nothing changed",
                            quoted(&name),
                            excerpt(&target.name)
                        )),
                    );
                    return Ok(Outcome::Success);
                }
            }
            target.names = vec![PlaceName {
                name: name.clone(),
                language,
                used_by,
            }];
            archive
                .add_places(&[target])
                .map_err(|error| archive_error(error, archive.directory()))?;
            status(
                global,
                &clean(&format!("{} added to {}", quoted(&name), excerpt(&place))),
            );
            Ok(Outcome::Success)
        }
        Action::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", crate::quote::shown_path(&file)))?;
            let places = read_places(&file.display().to_string(), &text).map_err(|problems| {
                let lines: Vec<String> = problems
                    .iter()
                    .map(|problem| clean(&problem.to_string()).into_owned())
                    .collect();
                UserError::with_hint(
                    format!("{}\nnothing was imported", lines.join("\n")),
                    "fix the rows and import again",
                )
            })?;
            let mut archive = open_archive(global, IfMissing::Create)?;
            // An archive this import created is taken back when the write fails, as an
            // ingest's is: left empty, the next command would take it for one made.
            if let Err(error) = archive.add_places(&places) {
                let error = archive_error(error, archive.directory());
                return Err(super::discard_new_archive(archive, "import", error));
            }
            archive.keep_created();
            status(
                global,
                &format!(
                    "{} {} imported",
                    places.len(),
                    plural(places.len(), "place", "places")
                ),
            );
            Ok(Outcome::Success)
        }
    }
}

/// Refuses a name with nothing a search could match: empty, blank, or only punctuation
/// and symbols, which fold to nothing (a place would be "added" a name no one finds).
fn check_searchable(name: &str) -> Result<(), UserError> {
    if crate::fold::fold(name).is_empty() {
        let what = if name.trim().is_empty() {
            "an empty name"
        } else {
            "a name without a letter or a digit"
        };
        return Err(UserError::with_hint(
            clean(&format!(
                "{} is {what}: no search could find it",
                quoted(name)
            )),
            "give the name as it is written, with its letters",
        ));
    }
    Ok(())
}

/// Returns the places that go by `name` (in any spelling: folded), not by id.
fn find_by_name(archive: &crate::archive::Archive, name: &str) -> anyhow::Result<Vec<Place>> {
    let gazetteer = archive
        .gazetteer()
        .map_err(|error| archive_error(error, archive.directory()))?;
    Ok(gazetteer.lookup(name).into_iter().cloned().collect())
}

/// Returns the places `name` refers to: those that go by it, else the one of that id.
fn find(archive: &crate::archive::Archive, name: &str) -> anyhow::Result<Vec<Place>> {
    let mut found = find_by_name(archive, name)?;
    if found.is_empty() {
        let places = archive
            .places()
            .map_err(|error| archive_error(error, archive.directory()))?;
        found = places
            .into_iter()
            .filter(|place| place.id == name)
            .collect();
    }
    Ok(found)
}

fn write_places(places: &[Place], format: RecordFormat, style: Style) -> anyhow::Result<()> {
    let mut out = super::stdout_for(format == RecordFormat::Csv);
    match format {
        RecordFormat::Json => {
            crate::output::write_json(&mut out, places, true)?;
            writeln!(out)?;
        }
        RecordFormat::Jsonl => {
            for place in places {
                crate::output::write_json(&mut out, place, false)?;
                writeln!(out)?;
            }
        }
        RecordFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record([
                "place",
                "country",
                "kind",
                "region",
                "name",
                "language",
                "used_by",
                "canonical",
            ])?;
            for place in places {
                for name in &place.names {
                    writer.write_record([
                        place.id.as_str(),
                        place.country.as_deref().unwrap_or(""),
                        place.kind.as_deref().unwrap_or(""),
                        place.region.as_deref().unwrap_or(""),
                        name.name.as_str(),
                        name.language.as_deref().unwrap_or(""),
                        name.used_by.as_deref().unwrap_or(""),
                        if name.name == place.name { "1" } else { "0" },
                    ])?;
                }
            }
            writer.flush()?;
        }
        RecordFormat::Table => {
            for place in places {
                let about: Vec<&str> = [
                    place.kind.as_deref(),
                    place.region.as_deref(),
                    place.country.as_deref(),
                ]
                .into_iter()
                .flatten()
                .collect();
                let heading = format!(
                    "{}  ({}; {})",
                    clean(&place.name),
                    clean(&place.id),
                    clean(&about.join(", "))
                );
                crate::output::write_indented(&mut out, 0, &heading, style)?;
                let names: Vec<String> = place
                    .names
                    .iter()
                    .filter(|name| name.name != place.name)
                    .map(|name| match &name.used_by {
                        Some(country) => format!("{} [{}]", clean(&name.name), clean(country)),
                        None => clean(&name.name).into_owned(),
                    })
                    .collect();
                if !names.is_empty() {
                    crate::output::write_indented(&mut out, 4, &names.join(", "), style)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn slug(name: &str) -> String {
    crate::fold::fold(name)
        .split(' ')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
