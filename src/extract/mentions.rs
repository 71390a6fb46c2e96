//! Who a subject phrase names: "Kremlin spokesperson Dmitry Peskov", "a statement by
//! Azerbaijan's State Border Service", "Armenia", "it", "the statement".
//!
//! A phrase is read into [`Mention`]s with canonical names from the lexicon; pronouns and
//! bare countries are left for the resolver, which knows what came before and after.

use super::lexicon::{
    country_at, country_name, institution_at, is_title_word, named_institution_at,
    presidential_office, CountryForm, OFFICES,
};
use super::text::{Token, TokenKind};
use crate::model::SpeakerKind;

/// A speaker named in the article, with what the phrase says about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entity {
    pub name: String,
    pub kind: SpeakerKind,
    pub role: Option<String>,
    pub organization: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// For a person, the last word of the name.
    pub surname: Option<String>,
    /// The noun a later definite phrase refers back with: "ministry", "service".
    pub noun: Option<String>,
}

/// Words that refer back to a speaker named before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Anaphor {
    /// "it": the last institution.
    It,
    /// "he", "she": the last person.
    Person,
    /// "the statement": the speaker of the last statement.
    Statement,
    /// "the ministry", "the spokesperson": the last speaker the noun fits.
    Noun(String),
    /// "the Defense Ministry" with no country: the last institution of that kind.
    Institution(&'static str),
}

/// What a subject phrase names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mention {
    Named(Entity),
    /// Only a country or its capital: "Azerbaijan announced", "Moscow said".
    Country(String),
    /// Only a surname: "Pashinyan said".
    Surname(String),
    Anaphor(Anaphor),
}

/// A parsed subject: one speaker or several ("Pashinyan and Aliyev"), and the channel the
/// phrase itself names ("a statement by …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Subject {
    pub mentions: Vec<Mention>,
    pub channel: Option<&'static str>,
}

const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "its", "their"];

const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "bin", "al", "ibn", "la", "le", "du", "der", "el",
];

/// Capitalised words that start sentences and name nobody: "I noted", "We said".
const NOT_NAMES: &[&str] = &[
    "i",
    "we",
    "you",
    "they",
    "one",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "nobody",
    "all",
    "both",
    "some",
    "many",
    "others",
    "yes",
    "no",
    "well",
    "so",
    "but",
    "and",
    "however",
    "also",
    "then",
    "now",
    "today",
    "meanwhile",
    "which",
    "who",
    "what",
    "it's",
    "each",
    "several",
    "most",
];

/// Honorifics: they describe a person, and are no role.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr.", "sir", "madam",
];

/// Last words that make a capitalised phrase an organisation rather than a person.
const ORGANIZATION_NOUNS: &[&str] = &[
    "watch",
    "international",
    "institute",
    "agency",
    "committee",
    "council",
    "organization",
    "organisation",
    "union",
    "commission",
    "party",
    "bank",
    "court",
    "group",
    "foundation",
    "center",
    "centre",
    "office",
    "service",
    "ministry",
    "forces",
    "front",
    "movement",
    "assembly",
    "parliament",
    "association",
    "alliance",
    "coalition",
    "mission",
    "command",
    "headquarters",
    "secretariat",
    "government",
    "administration",
    "department",
];

/// Collective nouns that, with a country adjective, stand for its government:
/// "the Armenian side", "Azerbaijani authorities".
const GOVERNMENT_NOUNS: &[&str] = &[
    "side",
    "authorities",
    "officials",
    "leadership",
    "government",
];

/// Nouns that refer back to a speaker named before: "the ministry said".
const ANAPHORIC_NOUNS: &[&str] = &[
    "ministry",
    "service",
    "office",
    "agency",
    "government",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "minister",
    "president",
    "premier",
    "army",
    "military",
    "council",
    "committee",
    "embassy",
    "department",
    "administration",
    "prime minister",
    "foreign minister",
    "defense minister",
    "defence minister",
    "official",
];

/// Reads a subject phrase (and an apposition after it: "Dmitry Peskov, the Kremlin
/// spokesperson") into mentions; None when it names no speaker ("both sides").
pub(crate) fn parse_subject(tokens: &[Token], apposition: &[Token]) -> Option<Subject> {
    if tokens.is_empty()
        || tokens
            .iter()
            .any(|token| !matches!(token.kind, TokenKind::Word | TokenKind::Possessive))
    {
        return None;
    }
    let (tokens, channel) = unwrap_channel(tokens);
    // Coordinated speakers: "Pashinyan and his Azerbaijani counterpart Ilham Aliyev".
    let parts: Vec<&[Token]> = tokens.split(|token| token.is("and")).collect();
    if parts.len() > 1 {
        let mentions = parts
            .iter()
            .map(|part| parse_one(part, &[]))
            .collect::<Option<Vec<_>>>();
        if let Some(mentions) = mentions {
            return Some(Subject { mentions, channel });
        }
    }
    parse_one(tokens, apposition).map(|whole| Subject {
        mentions: vec![whole],
        channel,
    })
}

/// Takes the speaker out of "a statement by X", "X's statement", "a spokesman for X",
/// "X's press service", and returns the channel such a phrase names.
fn unwrap_channel(tokens: &[Token]) -> (&[Token], Option<&'static str>) {
    let start = usize::from(tokens.first().is_some_and(is_determiner));
    let rest = &tokens[start..];
    let word = |i: usize| rest.get(i).map(Token::lower).unwrap_or_default();
    if matches!(word(0).as_str(), "statement" | "communique" | "release")
        && matches!(word(1).as_str(), "by" | "from" | "of")
        && rest.len() > 2
    {
        return (&rest[2..], Some("statement"));
    }
    if word(0) == "press" && word(1) == "service" && word(2) == "of" && rest.len() > 3 {
        return (&rest[3..], Some("statement"));
    }
    if matches!(
        word(0).as_str(),
        "spokesperson" | "spokesman" | "spokeswoman"
    ) && word(1) == "for"
        && rest.len() > 2
    {
        return (&rest[2..], None);
    }
    let n = tokens.len();
    if n > 2
        && tokens[n - 2].kind == TokenKind::Possessive
        && matches!(tokens[n - 1].lower().as_str(), "statement" | "communique")
    {
        return (&tokens[..n - 2], Some("statement"));
    }
    if n > 3
        && tokens[n - 3].kind == TokenKind::Possessive
        && tokens[n - 2].is("press")
        && tokens[n - 1].is("service")
    {
        return (&tokens[..n - 3], Some("statement"));
    }
    (tokens, None)
}

fn is_determiner(token: &Token) -> bool {
    token.kind == TokenKind::Word && DETERMINERS.contains(&token.lower().as_str())
}

/// Reads one speaker phrase (no coordination).
fn parse_one(tokens: &[Token], apposition: &[Token]) -> Option<Mention> {
    let definite = tokens.first().is_some_and(|token| token.is("the"));
    let determiners = tokens
        .iter()
        .take_while(|token| is_determiner(token))
        .count();
    let tokens = &tokens[determiners..];
    if tokens.is_empty() {
        return None;
    }
    let lower: Vec<String> = tokens.iter().map(Token::lower).collect();
    if tokens.len() == 1 && determiners == 0 {
        match lower[0].as_str() {
            "it" => return Some(Mention::Anaphor(Anaphor::It)),
            "he" | "she" => return Some(Mention::Anaphor(Anaphor::Person)),
            word if NOT_NAMES.contains(&word) => return None,
            _ => {}
        }
    }
    if !tokens.iter().any(Token::is_capitalized) {
        if !definite {
            return None;
        }
        let phrase = lower.join(" ");
        if phrase == "statement" {
            return Some(Mention::Anaphor(Anaphor::Statement));
        }
        return ANAPHORIC_NOUNS
            .contains(&phrase.as_str())
            .then_some(Mention::Anaphor(Anaphor::Noun(phrase)));
    }

    // What each position is: a country, an institution, or a plain word.
    let mut covered = vec![false; tokens.len()];
    let mut country: Option<(&'static str, CountryForm)> = None;
    let mut institution = None;
    let mut named = None;
    let mut index = 0;
    while index < tokens.len() {
        if let Some((end, found)) = named_institution_at(tokens, index) {
            named.get_or_insert(found);
            covered[index..end].fill(true);
            index = end;
        } else if let Some((end, found)) = institution_at(tokens, index) {
            institution.get_or_insert(found);
            covered[index..end].fill(true);
            index = end;
        } else if let Some((end, alpha2, form)) = country_at(tokens, index) {
            country.get_or_insert((alpha2, form));
            covered[index..end].fill(true);
            if index > 0 && tokens[index - 1].is("of") {
                covered[index - 1] = true;
            }
            index = end;
            if tokens
                .get(index)
                .is_some_and(|token| token.kind == TokenKind::Possessive)
            {
                covered[index] = true;
                index += 1;
            }
        } else {
            index += 1;
        }
    }

    // A trailing personal name: capitalised words that are neither titles nor places.
    let mut name_start = tokens.len();
    while name_start > 0 {
        let token = &tokens[name_start - 1];
        let capitalized_name = token.is_capitalized() && !is_title_word(&token.text);
        let particle = NAME_PARTICLES.contains(&token.lower().as_str())
            && name_start < tokens.len()
            && name_start > 1;
        if covered[name_start - 1]
            || token.kind != TokenKind::Word
            || !(capitalized_name || particle)
        {
            break;
        }
        name_start -= 1;
    }
    let name_words = &tokens[name_start..];
    let prefix = &tokens[..name_start];
    let alpha2 = country.map(|(alpha2, _)| alpha2.to_string());

    if !name_words.is_empty() {
        // "This Executive Order", "the Head of Buryatia", "remember how the Western": no
        // personal name, and no speaker the extractor can name.
        let first = name_words[0].lower();
        let object_of_title = prefix
            .last()
            .is_some_and(|token| matches!(token.lower().as_str(), "of" | "for" | "to"));
        let describes = prefix.iter().enumerate().all(|(index, token)| {
            covered[index]
                || token.kind == TokenKind::Possessive
                || token.is_capitalized()
                || is_title_word(&token.text)
                || HONORIFICS.contains(&token.lower().as_str())
        });
        if NOT_NAMES.contains(&first.as_str()) || object_of_title || !describes {
            return None;
        }
        let last = name_words[name_words.len() - 1].lower();
        if ORGANIZATION_NOUNS.contains(&last.as_str()) && institution.is_none() && named.is_none() {
            return Some(Mention::Named(institution_entity(join(tokens), None, None)));
        }
        if prefix.is_empty() && name_words.len() == 1 {
            let word = &name_words[0].text;
            if word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase() || c == '.') {
                return Some(Mention::Named(institution_entity(word.clone(), None, None)));
            }
            if apposition.is_empty() {
                return Some(Mention::Surname(word.clone()));
            }
        }
        let mut person = Entity {
            name: join(name_words),
            kind: SpeakerKind::Person,
            role: None,
            organization: None,
            country: alpha2,
            surname: Some(name_words[name_words.len() - 1].text.clone()),
            noun: None,
        };
        describe_office(&mut person, prefix);
        if person.role.is_none() && !apposition.is_empty() {
            describe_office(&mut person, apposition);
        }
        return Some(Mention::Named(person));
    }

    if let Some(found) = named {
        return Some(Mention::Named(Entity {
            name: found.name.to_string(),
            kind: SpeakerKind::Institution,
            role: None,
            organization: None,
            country: found.country.map(str::to_string),
            surname: None,
            noun: Some(found.noun.to_string()),
        }));
    }
    if let Some(found) = institution {
        return Some(match alpha2 {
            Some(alpha2) => Mention::Named(institution_entity(
                found.template.replace("{}", &country_name(&alpha2)),
                Some(found.noun),
                Some(alpha2),
            )),
            None => Mention::Anaphor(Anaphor::Institution(found.template)),
        });
    }
    let uncovered: Vec<&Token> = tokens
        .iter()
        .zip(&covered)
        .filter(|(_, covered)| !**covered)
        .map(|(token, _)| token)
        .collect();
    match (country, uncovered.as_slice()) {
        (Some((alpha2, _)), []) => Some(Mention::Country(alpha2.to_string())),
        (Some((alpha2, CountryForm::Adjective)), [noun])
            if GOVERNMENT_NOUNS.contains(&noun.lower().as_str()) =>
        {
            Some(Mention::Country(alpha2.to_string()))
        }
        _ => None,
    }
}

/// Returns an institution speaking for itself, part of its country's government.
fn institution_entity(name: String, noun: Option<&str>, country: Option<String>) -> Entity {
    let organization = match &country {
        Some(alpha2) if !name.starts_with("Government of") => {
            Some(format!("Government of {}", country_name(alpha2)))
        }
        _ => None,
    };
    Entity {
        name,
        kind: SpeakerKind::Institution,
        role: None,
        organization,
        country,
        surname: None,
        noun: noun.map(str::to_string),
    }
}

/// Fills a person's role, organisation and country from the title words before the name
/// ("Armenian Prime Minister", "Kremlin spokesperson") or from an apposition.
fn describe_office(person: &mut Entity, title: &[Token]) {
    let title: Vec<Token> = title
        .iter()
        .filter(|token| !is_determiner(token) && !HONORIFICS.contains(&token.lower().as_str()))
        .cloned()
        .collect();
    if title.is_empty() {
        return;
    }
    let mut country = person.country.clone();
    let mut kept: Vec<&Token> = Vec::new();
    // A template with `{}` for the country, or a name.
    let mut organization: Option<String> = None;
    let mut index = 0;
    while index < title.len() {
        if let Some((end, alpha2, _)) = country_at(&title, index) {
            country.get_or_insert_with(|| alpha2.to_string());
            index = end;
            if title
                .get(index)
                .is_some_and(|t| t.kind == TokenKind::Possessive)
            {
                index += 1;
            }
            if kept.last().is_some_and(|t| t.is("of")) {
                kept.pop();
            }
            continue;
        }
        if let Some((end, found)) = named_institution_at(&title, index) {
            if let Some(alpha2) = found.country {
                country.get_or_insert_with(|| alpha2.to_string());
            }
            organization.get_or_insert_with(|| found.name.to_string());
            kept.extend(&title[index..end]);
            index = end;
            continue;
        }
        if let Some((end, found)) = institution_at(&title, index) {
            organization.get_or_insert_with(|| found.template.to_string());
            kept.extend(&title[index..end]);
            index = end;
            continue;
        }
        kept.push(&title[index]);
        index += 1;
    }
    let written = kept
        .iter()
        .map(|token| token.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" 's", "'s");
    let key = written.to_lowercase();
    if let Some(office) = OFFICES.iter().find(|office| office.words == key) {
        if let Some(alpha2) = office.country {
            country.get_or_insert_with(|| alpha2.to_string());
        }
        let label = country.as_deref().map(country_name);
        let fill = |template: &str| -> Option<String> {
            match &label {
                _ if !template.contains("{}") => Some(template.to_string()),
                Some(label) => Some(template.replace("{}", label)),
                None => None,
            }
        };
        person.role = fill(office.role).or_else(|| Some(written.clone()));
        person.organization = match office.organization {
            Some(template) => fill(template),
            None if office.words == "president" => country
                .as_deref()
                .and_then(presidential_office)
                .map(str::to_string),
            None => None,
        };
    } else if !written.is_empty() && key != "counterpart" && !key.ends_with(" counterpart") {
        person.role = Some(written);
    }
    if person.organization.is_none() {
        let label = country.as_deref().map(country_name);
        person.organization = organization.map(|template| match &label {
            Some(label) => template.replace("{}", label),
            None => template.replace(" of {}", ""),
        });
    }
    person.country = country;
}

fn join(tokens: &[Token]) -> String {
    let mut text = String::new();
    for token in tokens {
        if !text.is_empty() && token.kind != TokenKind::Possessive {
            text.push(' ');
        }
        text.push_str(&token.text);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    /// Parses `phrase` and shows each mention on a line of its own.
    fn check(phrase: &str, expect: &str) {
        let tokens = tokenize(phrase);
        let shown = match parse_subject(&tokens, &[]) {
            None => "none".to_string(),
            Some(subject) => {
                let mut lines: Vec<String> = subject.mentions.iter().map(show).collect();
                if let Some(channel) = subject.channel {
                    lines.push(format!("channel {channel}"));
                }
                lines.join("\n")
            }
        };
        assert_eq!(shown, expect, "for {phrase:?}");
    }

    fn show(mention: &Mention) -> String {
        match mention {
            Mention::Named(entity) => format!(
                "{} {} | {} | {} | {}",
                entity.kind.as_str(),
                entity.name,
                entity.role.as_deref().unwrap_or("-"),
                entity.organization.as_deref().unwrap_or("-"),
                entity.country.as_deref().unwrap_or("-"),
            ),
            Mention::Country(alpha2) => format!("country {alpha2}"),
            Mention::Surname(name) => format!("surname {name}"),
            Mention::Anaphor(anaphor) => format!("anaphor {anaphor:?}"),
        }
    }

    #[test]
    fn institutions_get_the_archive_names() {
        check(
            "a statement by Azerbaijan's State Border Service",
            "institution State Border Service of Azerbaijan | - | Government of Azerbaijan | AZ\nchannel statement",
        );
        check(
            "the Azerbaijani Defense Ministry",
            "institution Ministry of Defence of Azerbaijan | - | Government of Azerbaijan | AZ",
        );
        check(
            "Armenia’s Defence Ministry",
            "institution Ministry of Defence of Armenia | - | Government of Armenia | AM",
        );
        check(
            "the Ministry of Foreign Affairs of Armenia",
            "institution Ministry of Foreign Affairs of Armenia | - | Government of Armenia | AM",
        );
        check(
            "the Kremlin",
            "institution Presidential Executive Office of Russia | - | - | RU",
        );
        check(
            "Human Rights Watch",
            "institution Human Rights Watch | - | - | -",
        );
        check(
            "the Defense Ministry",
            "anaphor Institution(\"Ministry of Defence of {}\")",
        );
    }

    #[test]
    fn people_get_roles_from_their_titles() {
        check(
            "Kremlin spokesperson Dmitry Peskov",
            "person Dmitry Peskov | Kremlin spokesperson | Presidential Executive Office of Russia | RU",
        );
        check(
            "Armenian Prime Minister Nikol Pashinyan",
            "person Nikol Pashinyan | Prime Minister of Armenia | Government of Armenia | AM",
        );
        check(
            "Azerbaijani President Ilham Aliyev",
            "person Ilham Aliyev | President of Azerbaijan | Presidential Administration of Azerbaijan | AZ",
        );
        check(
            "Russian Foreign Ministry spokeswoman Maria Zakharova",
            "person Maria Zakharova | Foreign Ministry spokeswoman | Ministry of Foreign Affairs of Russia | RU",
        );
        check(
            "Pashinyan and his Azerbaijani counterpart Ilham Aliyev",
            "surname Pashinyan\nperson Ilham Aliyev | - | - | AZ",
        );
    }

    #[test]
    fn countries_pronouns_and_generic_subjects() {
        check("Azerbaijan", "country AZ");
        check("Baku", "country AZ");
        check("the Armenian side", "country AM");
        check("it", "anaphor It");
        check("he", "anaphor Person");
        check("the statement", "anaphor Statement");
        check("the ministry", "anaphor Noun(\"ministry\")");
        check("both sides", "none");
        check("officials", "none");
        check("Pashinyan", "surname Pashinyan");
    }
}
