//! Reference data: speakers with aliases and roles (JSON Lines), and the gazetteer of
//! places (TSV, one row per name). Both ship in `corpus/` and can be imported.

use serde_json::Value;

use crate::archive::{InvalidRecord, SpeakerRecord};
use crate::country;
use crate::model::{PartialDate, Place, PlaceName, RolePeriod, SpeakerKind, SpeakerMention};
use crate::quote::quoted;

/// The speakers of the bundled corpus, with their aliases and roles.
pub const BUNDLED_SPEAKERS: &str = include_str!("../../corpus/speakers.jsonl");

/// The gazetteer of the Armenia–Azerbaijan border conflict (contains data from GeoNames,
/// CC BY 4.0), loaded into every new archive.
pub const BUNDLED_PLACES: &str = include_str!("../../corpus/places.tsv");

/// Reads speakers, one JSON object per line: `name`, `kind`, `country`, `organization`,
/// `role`, `aliases` (list), `roles` (list of `{role, organization, country, from, to}`).
pub fn read_speakers(file: &str, text: &str) -> Result<Vec<SpeakerRecord>, Vec<InvalidRecord>> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_number = index as u64 + 1;
        match speaker_record(line) {
            Ok(record) => records.push(record),
            Err((field, problem)) => problems.push(InvalidRecord {
                file: file.to_string(),
                line: line_number,
                field,
                problem,
                further_problem: false,
            }),
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// Reads the gazetteer TSV: a header, then `place, country, kind, region, name, language,
/// used_by, canonical` per name; rows of one place are grouped by `place`.
pub fn read_places(file: &str, text: &str) -> Result<Vec<Place>, Vec<InvalidRecord>> {
    let mut places: Vec<Place> = Vec::new();
    let mut problems = Vec::new();
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = lines
        .next()
        .map(|(_, line)| line.split('\t').collect())
        .unwrap_or_default();
    let column = |name: &str| header.iter().position(|column| column.trim() == name);
    let columns = [
        "place",
        "country",
        "kind",
        "region",
        "name",
        "language",
        "used_by",
        "canonical",
    ]
    .map(column);
    if let Some(missing) = columns.iter().position(Option::is_none) {
        let names = [
            "place",
            "country",
            "kind",
            "region",
            "name",
            "language",
            "used_by",
            "canonical",
        ];
        return Err(vec![InvalidRecord {
            file: file.into(),
            line: 1,
            field: Some(names[missing].into()),
            problem: "missing column in the header".into(),
            further_problem: false,
        }]);
    }
    let columns = columns.map(|column| column.unwrap_or_default());
    for (index, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |position: usize| {
            cells
                .get(columns[position])
                .map(|cell| cell.trim())
                .filter(|cell| !cell.is_empty())
        };
        let problem = |field: &str, problem: &str| InvalidRecord {
            file: file.into(),
            line: index as u64 + 1,
            field: Some(field.into()),
            problem: problem.into(),
            further_problem: false,
        };
        let (Some(id), Some(name)) = (cell(0), cell(4)) else {
            problems.push(problem("place", "place and name are required"));
            continue;
        };
        // As `places name` refuses it: a name that folds to nothing no search finds.
        if crate::fold::fold(name).is_empty() {
            problems.push(problem(
                "name",
                "a name without a letter or a digit: no search could find it",
            ));
            continue;
        }
        let country = match cell(1) {
            Some(code) => match country::lookup(code) {
                Some(found) => Some(found.alpha2.to_string()),
                None => {
                    problems.push(problem("country", "unknown country"));
                    continue;
                }
            },
            None => None,
        };
        let used_by = cell(6)
            .and_then(country::lookup)
            .map(|found| found.alpha2.to_string());
        let canonical = cell(7) == Some("1");
        let position = match places.iter().position(|place| place.id == id) {
            Some(position) => position,
            None => {
                places.push(Place {
                    id: id.to_string(),
                    name: name.to_string(),
                    country: country.clone(),
                    kind: cell(2).map(str::to_string),
                    region: cell(3).map(str::to_string),
                    names: Vec::new(),
                });
                places.len() - 1
            }
        };
        let place = &mut places[position];
        if canonical {
            place.name = name.to_string();
        }
        place.names.push(PlaceName {
            name: name.to_string(),
            language: cell(5).map(str::to_string),
            used_by,
        });
    }
    if problems.is_empty() {
        Ok(places)
    } else {
        Err(problems)
    }
}

type Problem = (Option<String>, String);

fn speaker_record(line: &str) -> Result<SpeakerRecord, Problem> {
    let value: Value =
        serde_json::from_str(line).map_err(|error| (None, format!("invalid JSON: {error}")))?;
    let object = value
        .as_object()
        .ok_or((None, "expected a JSON object".to_string()))?;
    let text = |key: &str| -> Result<Option<String>, Problem> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if !text.trim().is_empty() => {
                Ok(Some(text.trim().to_string()))
            }
            Some(Value::String(_)) => Ok(None),
            Some(_) => Err((Some(key.to_string()), "expected a string".into())),
        }
    };
    let name = text("name")?.ok_or((
        Some("name".to_string()),
        "missing (this field is required)".to_string(),
    ))?;
    let kind = text("kind")?
        .map(|kind| {
            SpeakerKind::parse(&kind).ok_or((
                Some("kind".to_string()),
                format!("expected person or institution, found {}", quoted(&kind)),
            ))
        })
        .transpose()?;
    let country = country_code(text("country")?, "country")?;
    let aliases = match object.get("aliases") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_string).ok_or((
                    Some("aliases".to_string()),
                    "expected a list of strings".to_string(),
                ))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err((Some("aliases".into()), "expected a list of strings".into())),
    };
    let roles = match object.get("roles") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(role_period).collect::<Result<_, _>>()?,
        Some(_) => return Err((Some("roles".into()), "expected a list of roles".into())),
    };
    Ok(SpeakerRecord {
        speaker: SpeakerMention {
            name,
            kind,
            role: text("role")?,
            organization: text("organization")?,
            country,
        },
        aliases,
        roles,
    })
}

fn role_period(value: &Value) -> Result<RolePeriod, Problem> {
    let object = value.as_object().ok_or((
        Some("roles".to_string()),
        "expected an object per role".to_string(),
    ))?;
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_string)
    };
    let date = |key: &str| -> Result<Option<PartialDate>, Problem> {
        text(key)
            .map(|date| {
                PartialDate::parse(&date)
                    .map_err(|error| (Some("roles".to_string()), format!("{key}: {error}")))
            })
            .transpose()
    };
    Ok(RolePeriod {
        role: text("role").ok_or((Some("roles".to_string()), "role: missing".to_string()))?,
        organization: text("organization"),
        country: country_code(text("country"), "roles")?,
        from: date("from")?,
        to: date("to")?,
    })
}

fn country_code(name: Option<String>, field: &str) -> Result<Option<String>, Problem> {
    name.map(|name| {
        country::lookup(&name)
            .map(|found| found.alpha2.to_string())
            .ok_or((
                Some(field.to_string()),
                format!("unknown country {}", quoted(&name)),
            ))
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_reference_data_reads() {
        let speakers = read_speakers("speakers.jsonl", BUNDLED_SPEAKERS).unwrap();
        let peskov = speakers
            .iter()
            .find(|record| record.speaker.name == "Dmitry Peskov")
            .unwrap();
        assert!(peskov.aliases.iter().any(|alias| alias == "Песков"));
        assert_eq!(peskov.roles[1].role, "Kremlin spokesperson");
        let places = read_places("places.tsv", BUNDLED_PLACES).unwrap();
        let kapan = places.iter().find(|place| place.id == "kapan").unwrap();
        assert!(kapan.names.iter().any(|name| name.name == "Qafan"));
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        let problems = read_places("p.tsv", "place\tcountry\tkind\tregion\tname\tlanguage\tused_by\tcanonical\nx\tQL\tvillage\t\tX\ten\t\t1\n").unwrap_err();
        assert_eq!(problems[0].to_string(), "p.tsv:2: country: unknown country");
        // A name of punctuation alone, which `places name` refuses too.
        let problems = read_places("p.tsv", "place\tcountry\tkind\tregion\tname\tlanguage\tused_by\tcanonical\nx\tAM\tvillage\t\t--\ten\t\t1\n").unwrap_err();
        assert_eq!(
            problems[0].to_string(),
            "p.tsv:2: name: a name without a letter or a digit: no search could find it"
        );
        let problems = read_speakers("s.jsonl", "{\"kind\": \"person\"}\n").unwrap_err();
        assert_eq!(
            problems[0].to_string(),
            "s.jsonl:1: name: missing (this field is required)"
        );
    }
}
