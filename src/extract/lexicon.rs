//! Reference data of the extractor: speech verbs, countries and their adjectives,
//! institutions and offices with the names the archive uses for them, and channels.
//!
//! The canonical names follow the bundled corpus: "State Border Service of Azerbaijan",
//! "Ministry of Defence of Armenia" (British spelling whatever the article's),
//! "Prime Minister of Armenia", "Kremlin spokesperson".

use super::text::{Token, TokenKind};

/// How a speech verb relates to what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VerbClass {
    /// Takes what was said as a clause, with or without "that": said, told, added.
    Say,
    /// Names a speech act, often with an object: announced, urged, proposed, denied.
    Act,
}

/// A speech verb: its form in the text, its lemma and its class.
pub(crate) struct Verb {
    pub form: &'static str,
    pub lemma: &'static str,
    pub class: VerbClass,
}

const fn say(form: &'static str, lemma: &'static str) -> Verb {
    Verb {
        form,
        lemma,
        class: VerbClass::Say,
    }
}

const fn act(form: &'static str, lemma: &'static str) -> Verb {
    Verb {
        form,
        lemma,
        class: VerbClass::Act,
    }
}

/// Finite forms of speech verbs. Participles and gerunds ("accusing", "saying") are not
/// here: they do not make a statement of their own.
pub(crate) const VERBS: &[Verb] = &[
    say("said", "say"),
    say("says", "say"),
    say("told", "tell"),
    say("tells", "tell"),
    say("added", "add"),
    say("adds", "add"),
    say("noted", "note"),
    say("notes", "note"),
    say("stated", "state"),
    say("states", "state"),
    say("claimed", "claim"),
    say("claims", "claim"),
    say("insisted", "insist"),
    say("stressed", "stress"),
    say("emphasized", "emphasize"),
    say("emphasised", "emphasize"),
    say("explained", "explain"),
    say("argued", "argue"),
    say("asserted", "assert"),
    say("wrote", "write"),
    say("confirmed", "confirm"),
    say("acknowledged", "acknowledge"),
    say("admitted", "admit"),
    say("alleged", "allege"),
    say("maintained", "maintain"),
    say("reiterated", "reiterate"),
    say("replied", "reply"),
    say("responded", "respond"),
    say("remarked", "remark"),
    say("continued", "continue"),
    say("reported", "report"),
    say("reports", "report"),
    say("asked", "ask"),
    say("underlined", "underline"),
    say("underscored", "underscore"),
    act("announced", "announce"),
    act("announces", "announce"),
    act("declared", "declare"),
    act("warned", "warn"),
    act("warns", "warn"),
    act("urged", "urge"),
    act("urges", "urge"),
    act("called", "call"),
    act("proposed", "propose"),
    act("accused", "accuse"),
    act("accuses", "accuse"),
    act("denied", "deny"),
    act("denies", "deny"),
    act("rejected", "reject"),
    act("dismissed", "dismiss"),
    act("condemned", "condemn"),
    act("welcomed", "welcome"),
    act("blamed", "blame"),
    act("demanded", "demand"),
    act("threatened", "threaten"),
    act("vowed", "vow"),
    act("pledged", "pledge"),
    act("promised", "promise"),
    act("expressed", "express"),
    act("criticized", "criticize"),
    act("criticised", "criticize"),
    act("appealed", "appeal"),
    act("offered", "offer"),
    act("suggested", "suggest"),
    act("ruled", "rule"),
    act("protested", "protest"),
];

/// Returns the speech verb spelled `word` (lower case).
pub(crate) fn verb(word: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|verb| verb.form == word)
}

/// How a word names a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CountryForm {
    /// "Azerbaijan", "the United States".
    Name,
    /// "Azerbaijani", "Russian".
    Adjective,
    /// "Baku", "Moscow": the capital standing for the government.
    Capital,
}

/// Words and phrases that name a country: lower-case words, ISO alpha-2, form.
const COUNTRY_WORDS: &[(&[&str], &str, CountryForm)] = &[
    (&["azerbaijan"], "AZ", CountryForm::Name),
    (&["azerbaijani"], "AZ", CountryForm::Adjective),
    (&["azeri"], "AZ", CountryForm::Adjective),
    (&["baku"], "AZ", CountryForm::Capital),
    (&["armenia"], "AM", CountryForm::Name),
    (&["armenian"], "AM", CountryForm::Adjective),
    (&["yerevan"], "AM", CountryForm::Capital),
    (&["russia"], "RU", CountryForm::Name),
    (&["russian"], "RU", CountryForm::Adjective),
    (&["moscow"], "RU", CountryForm::Capital),
    (&["turkey"], "TR", CountryForm::Name),
    (&["türkiye"], "TR", CountryForm::Name),
    (&["turkiye"], "TR", CountryForm::Name),
    (&["turkish"], "TR", CountryForm::Adjective),
    (&["ankara"], "TR", CountryForm::Capital),
    (&["iran"], "IR", CountryForm::Name),
    (&["iranian"], "IR", CountryForm::Adjective),
    (&["tehran"], "IR", CountryForm::Capital),
    (&["georgia"], "GE", CountryForm::Name),
    (&["georgian"], "GE", CountryForm::Adjective),
    (&["tbilisi"], "GE", CountryForm::Capital),
    (&["france"], "FR", CountryForm::Name),
    (&["french"], "FR", CountryForm::Adjective),
    (&["paris"], "FR", CountryForm::Capital),
    (&["germany"], "DE", CountryForm::Name),
    (&["german"], "DE", CountryForm::Adjective),
    (&["berlin"], "DE", CountryForm::Capital),
    (&["united", "states"], "US", CountryForm::Name),
    (&["u.s."], "US", CountryForm::Adjective),
    (&["us"], "US", CountryForm::Adjective),
    (&["america"], "US", CountryForm::Name),
    (&["american"], "US", CountryForm::Adjective),
    (&["washington"], "US", CountryForm::Capital),
    (&["united", "kingdom"], "GB", CountryForm::Name),
    (&["britain"], "GB", CountryForm::Name),
    (&["british"], "GB", CountryForm::Adjective),
    (&["u.k."], "GB", CountryForm::Adjective),
    (&["uk"], "GB", CountryForm::Adjective),
    (&["london"], "GB", CountryForm::Capital),
    (&["ukraine"], "UA", CountryForm::Name),
    (&["ukrainian"], "UA", CountryForm::Adjective),
    (&["kyiv"], "UA", CountryForm::Capital),
    (&["kiev"], "UA", CountryForm::Capital),
    (&["china"], "CN", CountryForm::Name),
    (&["chinese"], "CN", CountryForm::Adjective),
    (&["beijing"], "CN", CountryForm::Capital),
    (&["kazakhstan"], "KZ", CountryForm::Name),
    (&["kazakh"], "KZ", CountryForm::Adjective),
    (&["belarus"], "BY", CountryForm::Name),
    (&["belarusian"], "BY", CountryForm::Adjective),
    (&["minsk"], "BY", CountryForm::Capital),
    (&["israel"], "IL", CountryForm::Name),
    (&["israeli"], "IL", CountryForm::Adjective),
    (&["italy"], "IT", CountryForm::Name),
    (&["italian"], "IT", CountryForm::Adjective),
    (&["india"], "IN", CountryForm::Name),
    (&["indian"], "IN", CountryForm::Adjective),
    (&["pakistan"], "PK", CountryForm::Name),
    (&["pakistani"], "PK", CountryForm::Adjective),
];

/// Returns the country named at `tokens[index..]`: the end of its words, alpha-2, form.
/// Names must be capitalised ("us" is a pronoun); beyond the table, any country of
/// ISO 3166-1 is known by its English name.
pub(crate) fn country_at(
    tokens: &[Token],
    index: usize,
) -> Option<(usize, &'static str, CountryForm)> {
    let first = tokens.get(index)?;
    if first.kind != TokenKind::Word || !first.is_capitalized() {
        return None;
    }
    for (words, alpha2, form) in COUNTRY_WORDS {
        let matches = words.iter().enumerate().all(|(offset, word)| {
            tokens
                .get(index + offset)
                .is_some_and(|token| token.kind == TokenKind::Word && token.lower() == *word)
        });
        if matches
            && !(words.len() == 1 && words[0].len() == 2 && first.text != first.text.to_uppercase())
        {
            return Some((index + words.len(), alpha2, *form));
        }
    }
    let found = crate::country::lookup(&first.text)?;
    // Codes are not names in running text.
    (first.text.chars().count() > 3).then_some((index + 1, found.alpha2, CountryForm::Name))
}

/// Returns the English name of a country for "Government of …", with "the" where usual.
pub(crate) fn country_name(alpha2: &str) -> String {
    match alpha2 {
        "US" => "the United States".into(),
        "GB" => "the United Kingdom".into(),
        "EU" => "the European Union".into(),
        _ => crate::country::by_alpha2(alpha2)
            .map(|country| country.name.to_string())
            .unwrap_or_else(|| alpha2.to_string()),
    }
}

/// An institution that belongs to a country: the words that name it and the template of
/// its canonical name (`{}` is the country).
pub(crate) struct InstitutionHead {
    pub words: &'static [&'static str],
    pub template: &'static str,
    /// The noun a later "the ministry" refers back with.
    pub noun: &'static str,
}

const fn head(
    words: &'static [&'static str],
    template: &'static str,
    noun: &'static str,
) -> InstitutionHead {
    InstitutionHead {
        words,
        template,
        noun,
    }
}

/// Institutions of a country, longest phrases first.
pub(crate) const INSTITUTIONS: &[InstitutionHead] = &[
    head(
        &["ministry", "of", "foreign", "affairs"],
        "Ministry of Foreign Affairs of {}",
        "ministry",
    ),
    head(
        &["foreign", "affairs", "ministry"],
        "Ministry of Foreign Affairs of {}",
        "ministry",
    ),
    head(
        &["ministry", "of", "internal", "affairs"],
        "Ministry of Internal Affairs of {}",
        "ministry",
    ),
    head(
        &["internal", "affairs", "ministry"],
        "Ministry of Internal Affairs of {}",
        "ministry",
    ),
    head(
        &["ministry", "of", "the", "interior"],
        "Ministry of Internal Affairs of {}",
        "ministry",
    ),
    head(
        &["ministry", "of", "emergency", "situations"],
        "Ministry of Emergency Situations of {}",
        "ministry",
    ),
    head(
        &["emergency", "situations", "ministry"],
        "Ministry of Emergency Situations of {}",
        "ministry",
    ),
    head(
        &["ministry", "of", "defense"],
        "Ministry of Defence of {}",
        "ministry",
    ),
    head(
        &["ministry", "of", "defence"],
        "Ministry of Defence of {}",
        "ministry",
    ),
    head(
        &["defense", "ministry"],
        "Ministry of Defence of {}",
        "ministry",
    ),
    head(
        &["defence", "ministry"],
        "Ministry of Defence of {}",
        "ministry",
    ),
    head(
        &["foreign", "ministry"],
        "Ministry of Foreign Affairs of {}",
        "ministry",
    ),
    head(
        &["interior", "ministry"],
        "Ministry of Internal Affairs of {}",
        "ministry",
    ),
    head(
        &["emergencies", "ministry"],
        "Ministry of Emergency Situations of {}",
        "ministry",
    ),
    head(
        &["state", "border", "service"],
        "State Border Service of {}",
        "service",
    ),
    head(
        &["border", "guard", "service"],
        "State Border Service of {}",
        "service",
    ),
    head(
        &["border", "service"],
        "State Border Service of {}",
        "service",
    ),
    head(
        &["national", "security", "service"],
        "National Security Service of {}",
        "service",
    ),
    head(
        &["state", "security", "service"],
        "State Security Service of {}",
        "service",
    ),
    head(
        &["prosecutor", "general", "'s", "office"],
        "Prosecutor General's Office of {}",
        "office",
    ),
    head(
        &["investigative", "committee"],
        "Investigative Committee of {}",
        "committee",
    ),
    head(
        &["security", "council"],
        "Security Council of {}",
        "council",
    ),
    head(
        &["presidential", "administration"],
        "Presidential Administration of {}",
        "administration",
    ),
    head(
        &["presidential", "office"],
        "Presidential Administration of {}",
        "office",
    ),
    head(
        &["president", "'s", "office"],
        "Presidential Administration of {}",
        "office",
    ),
    head(
        &["national", "assembly"],
        "National Assembly of {}",
        "assembly",
    ),
    head(&["parliament"], "Parliament of {}", "parliament"),
    head(&["armed", "forces"], "Armed Forces of {}", "military"),
    head(&["army"], "Armed Forces of {}", "army"),
    head(&["military"], "Armed Forces of {}", "military"),
    head(&["embassy"], "Embassy of {}", "embassy"),
    head(&["central", "bank"], "Central Bank of {}", "bank"),
    head(&["government"], "Government of {}", "government"),
    head(&["cabinet"], "Government of {}", "government"),
];

/// Returns the institution named at `tokens[index..]` and the end of its words.
pub(crate) fn institution_at(
    tokens: &[Token],
    index: usize,
) -> Option<(usize, &'static InstitutionHead)> {
    INSTITUTIONS.iter().find_map(|institution| {
        let matches = institution.words.iter().enumerate().all(|(offset, word)| {
            tokens
                .get(index + offset)
                .is_some_and(|token| match token.kind {
                    TokenKind::Possessive => *word == "'s",
                    TokenKind::Word => token.lower() == *word,
                    _ => false,
                })
        });
        matches.then_some((index + institution.words.len(), institution))
    })
}

/// An institution known by a name of its own.
pub(crate) struct NamedInstitution {
    pub words: &'static [&'static str],
    pub name: &'static str,
    pub country: Option<&'static str>,
    pub noun: &'static str,
}

const fn named(
    words: &'static [&'static str],
    name: &'static str,
    country: Option<&'static str>,
    noun: &'static str,
) -> NamedInstitution {
    NamedInstitution {
        words,
        name,
        country,
        noun,
    }
}

/// Institutions with names of their own.
pub(crate) const NAMED_INSTITUTIONS: &[NamedInstitution] = &[
    named(
        &["kremlin"],
        "Presidential Executive Office of Russia",
        Some("RU"),
        "kremlin",
    ),
    named(
        &["white", "house"],
        "White House",
        Some("US"),
        "white house",
    ),
    named(
        &["state", "department"],
        "United States Department of State",
        Some("US"),
        "department",
    ),
    named(
        &["pentagon"],
        "United States Department of Defense",
        Some("US"),
        "pentagon",
    ),
    named(&["nato"], "NATO", None, "alliance"),
    named(
        &["european", "commission"],
        "European Commission",
        Some("EU"),
        "commission",
    ),
    named(
        &["european", "union"],
        "European Union",
        Some("EU"),
        "union",
    ),
    named(&["eu"], "European Union", Some("EU"), "union"),
    named(&["united", "nations"], "United Nations", None, "un"),
    named(&["un"], "United Nations", None, "un"),
    named(&["osce"], "OSCE", None, "osce"),
];

/// Returns the named institution at `tokens[index..]` and the end of its words.
pub(crate) fn named_institution_at(
    tokens: &[Token],
    index: usize,
) -> Option<(usize, &'static NamedInstitution)> {
    if !tokens.get(index)?.is_capitalized() {
        return None;
    }
    NAMED_INSTITUTIONS.iter().find_map(|institution| {
        let matches = institution.words.iter().enumerate().all(|(offset, word)| {
            tokens
                .get(index + offset)
                .is_some_and(|token| token.kind == TokenKind::Word && token.lower() == *word)
        });
        matches.then_some((index + institution.words.len(), institution))
    })
}

/// Words of titles and offices: they describe a person and are not part of a name.
const TITLE_WORDS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "president",
    "presidential",
    "prime",
    "minister",
    "deputy",
    "foreign",
    "defense",
    "defence",
    "interior",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "secretary",
    "general",
    "state",
    "chief",
    "head",
    "leader",
    "ambassador",
    "envoy",
    "adviser",
    "advisor",
    "aide",
    "official",
    "commander",
    "chairman",
    "chairwoman",
    "chair",
    "speaker",
    "representative",
    "special",
    "senior",
    "first",
    "vice",
    "mayor",
    "governor",
    "chancellor",
    "counterpart",
    "press",
    "assistant",
    "director",
    "ombudsman",
    "lawmaker",
    "mp",
    "senator",
    "king",
    "queen",
    "pope",
    "of",
    "for",
    "to",
    "the",
    "affairs",
    "ministry",
    "service",
    "border",
    "security",
    "national",
    "top",
    "diplomat",
    "former",
    "acting",
    "colonel",
    "lieutenant",
    "major",
    "captain",
    "kremlin",
    "department",
    "policy",
    "human",
    "rights",
    "defender",
    "staff",
    "army",
    "military",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "gen.",
    "col.",
    "premier",
    "foreign-policy",
];

/// Returns true when `word` (any case) is a title word.
pub(crate) fn is_title_word(word: &str) -> bool {
    TITLE_WORDS.contains(&word.to_lowercase().as_str())
}

/// An office a person holds, as a title before the name ("Armenian Prime Minister"):
/// the title words and the canonical role and organisation (`{}` is the country).
pub(crate) struct Office {
    pub words: &'static str,
    pub role: &'static str,
    pub organization: Option<&'static str>,
    pub country: Option<&'static str>,
}

const fn office(
    words: &'static str,
    role: &'static str,
    organization: Option<&'static str>,
    country: Option<&'static str>,
) -> Office {
    Office {
        words,
        role,
        organization,
        country,
    }
}

const KREMLIN: Option<&str> = Some("Presidential Executive Office of Russia");
const STATE_DEPARTMENT: Option<&str> = Some("United States Department of State");

/// Offices with canonical roles.
pub(crate) const OFFICES: &[Office] = &[
    office(
        "prime minister",
        "Prime Minister of {}",
        Some("Government of {}"),
        None,
    ),
    office(
        "premier",
        "Prime Minister of {}",
        Some("Government of {}"),
        None,
    ),
    office(
        "deputy prime minister",
        "Deputy Prime Minister of {}",
        Some("Government of {}"),
        None,
    ),
    office("president", "President of {}", None, None),
    office(
        "foreign minister",
        "Minister of Foreign Affairs of {}",
        Some("Ministry of Foreign Affairs of {}"),
        None,
    ),
    office(
        "defense minister",
        "Minister of Defence of {}",
        Some("Ministry of Defence of {}"),
        None,
    ),
    office(
        "defence minister",
        "Minister of Defence of {}",
        Some("Ministry of Defence of {}"),
        None,
    ),
    office(
        "interior minister",
        "Minister of Internal Affairs of {}",
        Some("Ministry of Internal Affairs of {}"),
        None,
    ),
    office(
        "kremlin spokesperson",
        "Kremlin spokesperson",
        KREMLIN,
        Some("RU"),
    ),
    office(
        "kremlin spokesman",
        "Kremlin spokesperson",
        KREMLIN,
        Some("RU"),
    ),
    office(
        "kremlin spokeswoman",
        "Kremlin spokesperson",
        KREMLIN,
        Some("RU"),
    ),
    office(
        "kremlin press secretary",
        "Kremlin spokesperson",
        KREMLIN,
        Some("RU"),
    ),
    office(
        "presidential aide",
        "Assistant to the President of {}",
        Some("Presidential Administration of {}"),
        None,
    ),
    office(
        "secretary of state",
        "Secretary of State",
        STATE_DEPARTMENT,
        Some("US"),
    ),
    office(
        "state department spokesperson",
        "State Department spokesperson",
        STATE_DEPARTMENT,
        Some("US"),
    ),
    office(
        "state department spokesman",
        "State Department spokesperson",
        STATE_DEPARTMENT,
        Some("US"),
    ),
    office(
        "state department spokeswoman",
        "State Department spokesperson",
        STATE_DEPARTMENT,
        Some("US"),
    ),
];

/// Returns the organisation a president speaks for, where the archive has a name for it.
pub(crate) fn presidential_office(alpha2: &str) -> Option<&'static str> {
    match alpha2 {
        "AZ" => Some("Presidential Administration of Azerbaijan"),
        "RU" => Some("Presidential Executive Office of Russia"),
        "AM" => Some("Office of the President of Armenia"),
        _ => None,
    }
}

/// Returns the channel named by the words at `tokens[index..]`, and the end of its words.
pub(crate) fn channel_at(tokens: &[Token], index: usize) -> Option<(usize, &'static str)> {
    let word = |offset: usize| {
        tokens
            .get(index + offset)
            .filter(|token| token.kind == TokenKind::Word)
            .map(Token::lower)
            .unwrap_or_default()
    };
    let first = word(0);
    let second = word(1);
    let (width, channel) = match (first.as_str(), second.as_str()) {
        ("telegram", _) => (1, "telegram"),
        ("twitter", _) => (1, "x"),
        ("x", _) if tokens[index].text == "X" => (1, "x"),
        ("facebook", _) => (1, "facebook"),
        ("instagram", _) => (1, "instagram"),
        ("youtube", _) => (1, "youtube"),
        ("website", _) => (1, "website"),
        ("web", "site") => (2, "website"),
        ("press", "conference") | ("news", "conference") => (2, "press-conference"),
        ("press", "release") => (2, "statement"),
        ("briefing", _) => (1, "briefing"),
        ("interview", _) => (1, "interview"),
        ("televised", "address") | ("televised", "speech") => (2, "televised-address"),
        ("speech", _) => (1, "speech"),
        ("statement", _) | ("communique", _) | ("communiqué", _) => (1, "statement"),
        _ => return None,
    };
    Some((index + width, channel))
}

/// Ranks channels so that the most specific one named wins: "a statement posted on
/// Telegram" is a Telegram post.
pub(crate) fn channel_rank(channel: &str) -> u8 {
    match channel {
        "statement" => 1,
        "speech" | "interview" | "briefing" => 2,
        "press-conference" | "televised-address" => 3,
        _ => 4,
    }
}
