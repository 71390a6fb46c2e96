//! Language tags as stored, filtered and counted: every way a language is written
//! (`rus`, `Russian`, `RU_ru`) normalised to one BCP 47 tag (`ru`, `ru-RU`), so that
//! a statement's language decides its stemming, `--lang` and `facets --by lang` alike,
//! whatever code its source used.

mod iso639;

use unicode_normalization::UnicodeNormalization;

use crate::quote::quoted;

/// A value that is not a language tag, nor a language's name this table knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a language code such as en, ru or hy, or a language's name in English, found {}{}",
    quoted(.value),
    .closest.map(|name| format!("; did you mean {name}?")).unwrap_or_default()
)]
pub struct NotALanguage {
    /// The value, trimmed.
    pub value: String,
    /// The language's name closest to it (`Russian` for `Rusian`), if one is close.
    pub closest: Option<&'static str>,
}

impl NotALanguage {
    fn new(value: &str) -> NotALanguage {
        // A name misspelt is the likely mistake; a code is too short to tell one from
        // another by a typo.
        let names = iso639::LANGUAGES
            .iter()
            .flat_map(|(_, _, _, names)| names.iter().copied());
        let closest = match value.chars().count() {
            4.. => crate::suggest::closest(value, names, 1).first().copied(),
            _ => None,
        };
        NotALanguage {
            value: value.to_string(),
            closest,
        }
    }
}

/// The longest tag BCP 47 says to support (RFC 5646, 4.4.1).
const MAX_TAG_LENGTH: usize = 35;

/// Names in use beside ISO 639's: other English names, and the languages' own names for
/// those of the archive's region and of its main sources.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("azeri", "az"),
    ("farsi", "fa"),
    ("greek", "el"),
    ("khmer", "km"),
    ("slovene", "sl"),
    ("sotho", "st"),
    ("русский", "ru"),
    ("english", "en"),
    ("հայերեն", "hy"),
    ("azərbaycanca", "az"),
    ("azərbaycan dili", "az"),
    ("türkçe", "tr"),
    ("français", "fr"),
    ("deutsch", "de"),
    ("українська", "uk"),
    ("ქართული", "ka"),
    ("فارسی", "fa"),
    ("العربية", "ar"),
    ("中文", "zh"),
    ("español", "es"),
    // Kurdish and Persian as their speakers and the region's sources name them: ISO
    // 639-3 calls Sorani "Central Kurdish" and Kurmanji "Northern Kurdish", and Dari,
    // Afghanistan's Persian, has a code of its own.
    ("central kurdish", "ckb"),
    ("sorani", "ckb"),
    ("کوردی", "ckb"),
    ("northern kurdish", "kmr"),
    ("kurmanji", "kmr"),
    ("kurmancî", "kmr"),
    ("dari", "prs"),
    ("دری", "prs"),
    ("فارسي", "fa"),
    // The languages' own names (CLDR's), which scraped metadata gives as often as the
    // English ones.
    ("עברית", "he"),
    ("ελληνικά", "el"),
    ("हिन्दी", "hi"),
    ("हिंदी", "hi"),
    ("اردو", "ur"),
    ("پښتو", "ps"),
    ("српски", "sr"),
    ("srpski", "sr"),
    ("hrvatski", "hr"),
    ("bosanski", "bs"),
    ("slovenščina", "sl"),
    ("македонски", "mk"),
    ("български", "bg"),
    ("беларуская", "be"),
    ("shqip", "sq"),
    ("română", "ro"),
    ("magyar", "hu"),
    ("čeština", "cs"),
    ("slovenčina", "sk"),
    ("polski", "pl"),
    ("eesti", "et"),
    ("latviešu", "lv"),
    ("lietuvių", "lt"),
    ("suomi", "fi"),
    ("svenska", "sv"),
    ("dansk", "da"),
    ("norsk", "no"),
    ("norsk bokmål", "nb"),
    ("norsk nynorsk", "nn"),
    ("íslenska", "is"),
    ("nederlands", "nl"),
    ("italiano", "it"),
    ("português", "pt"),
    ("català", "ca"),
    ("galego", "gl"),
    ("euskara", "eu"),
    ("қазақ тілі", "kk"),
    ("қазақша", "kk"),
    ("кыргызча", "ky"),
    ("oʻzbekcha", "uz"),
    ("o'zbekcha", "uz"),
    ("тоҷикӣ", "tg"),
    ("türkmençe", "tk"),
    ("монгол", "mn"),
    ("ئۇيغۇرچە", "ug"),
    ("tiếng việt", "vi"),
    ("አማርኛ", "am"),
    ("ትግርኛ", "ti"),
    ("soomaali", "so"),
    ("kiswahili", "sw"),
    ("বাংলা", "bn"),
    ("नेपाली", "ne"),
    ("मराठी", "mr"),
    ("ਪੰਜਾਬੀ", "pa"),
    ("ગુજરાતી", "gu"),
    ("தமிழ்", "ta"),
    ("తెలుగు", "te"),
    ("ಕನ್ನಡ", "kn"),
    ("മലയാളം", "ml"),
    ("සිංහල", "si"),
    ("ไทย", "th"),
    ("ລາວ", "lo"),
    ("ខ្មែរ", "km"),
    ("မြန်မာ", "my"),
    ("bahasa indonesia", "id"),
    ("bahasa melayu", "ms"),
    ("日本語", "ja"),
    ("한국어", "ko"),
];

/// The two-letter codes ISO 639-1 withdrew, and their successors, as BCP 47 maps them.
const WITHDRAWN_CODES: &[(&str, &str)] = &[
    ("in", "id"),
    ("iw", "he"),
    ("ji", "yi"),
    ("jw", "jv"),
    ("mo", "ro"),
];

/// Returns `value` as the BCP 47 tag stored for it: a language's name (`Russian`,
/// `русский`) or ISO 639-2/3 code of a language with a two-letter one (`rus`, `arm`)
/// becomes that code (`ru`, `hy`); subtags are joined by hyphens (`ru_RU` → `ru-RU`),
/// in the case RFC 5646 recommends: the language in lower case, a script in title case,
/// a region in upper case (`zh_hant_tw` → `zh-Hant-TW`), extensions and private use in
/// lower case. A well-formed code this module does not know stays as given (lower case):
/// see [`is_known`]. Normalising a normalised tag changes nothing.
pub fn normalize(value: &str) -> Result<String, NotALanguage> {
    // As every label is read: a direction mark copied with the name is no part of it.
    let cleaned = crate::model::label_text(value);
    let trimmed: &str = &cleaned;
    let folded = trimmed.to_lowercase();
    let tag = folded.replace('_', "-");
    // A code first: every record of an ingest comes this way. No name has the shape of
    // a tag but those of three letters (Ewe, Ido, Lao, Twi), which are their own codes.
    if !has_tag_shape(&tag) {
        return code_of_name(&folded)
            .map(str::to_string)
            .ok_or_else(|| NotALanguage::new(trimmed));
    }
    let mut subtags = tag.split('-');
    // The shape check saw a first subtag.
    let primary = subtags.next().unwrap_or_default();
    let mut normalized = String::with_capacity(tag.len());
    normalized.push_str(two_letter_code(primary).unwrap_or(primary));
    // After a singleton (an extension, `x` private use) the subtags are no script or
    // region; a private-use tag (`x-klingon`) has none either.
    let mut in_extension = primary.len() == 1;
    for subtag in subtags {
        normalized.push('-');
        in_extension |= subtag.len() == 1;
        let all_letters = subtag.bytes().all(|byte| byte.is_ascii_alphabetic());
        let all_digits = subtag.bytes().all(|byte| byte.is_ascii_digit());
        match subtag.len() {
            _ if in_extension => normalized.push_str(subtag),
            4 if all_letters => {
                normalized.push_str(&subtag[..1].to_ascii_uppercase());
                normalized.push_str(&subtag[1..]);
            }
            2 if all_letters => normalized.push_str(&subtag.to_ascii_uppercase()),
            3 if all_digits => normalized.push_str(subtag),
            _ => normalized.push_str(subtag),
        }
    }
    Ok(normalized)
}

/// Returns the language subtag of a tag: `ru` of `ru-RU`.
pub fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Returns true when the language of normalised `tag` is one ISO 639 lists (or a private
/// use, grandfathered or qaa–qtz code, which no list can): a two- or three-letter code it
/// does not know is most likely a typo or a country's code (`ua` for `uk`), which ingest
/// keeps but names.
pub fn is_known(tag: &str) -> bool {
    let primary = primary_subtag(tag);
    match primary.len() {
        1 => true,
        2 => iso639::LANGUAGES
            .binary_search_by(|(code, ..)| (*code).cmp(primary))
            .is_ok(),
        3 => {
            ("qaa"..="qtz").contains(&primary)
                || alpha3_codes()
                    .binary_search(&primary.as_bytes().try_into().unwrap_or_default())
                    .is_ok()
        }
        _ => false,
    }
}

/// The three-letter codes of ISO 639, sorted.
fn alpha3_codes() -> &'static [[u8; 3]] {
    // The table is whole codes, one after another (a test checks it).
    iso639::ALPHA3.as_bytes().as_chunks::<3>().0
}

/// Country codes written for a language (`ua` for Ukrainian): the language most likely
/// meant, where the country code is no language's.
const COUNTRY_CODES_FOR_LANGUAGES: &[(&str, &str)] = &[
    ("al", "sq"),
    ("by", "be"),
    ("cn", "zh"),
    ("cz", "cs"),
    ("dk", "da"),
    ("ge", "ka"),
    ("gr", "el"),
    ("ir", "fa"),
    ("jp", "ja"),
    ("kz", "kk"),
    ("rs", "sr"),
    ("ua", "uk"),
];

/// What to say of normalised `tag` when [`is_known`] does not know its language: the
/// language most likely meant (`ua`: did you mean uk, Ukrainian), or how to correct one.
pub fn unknown_note(tag: &str) -> String {
    let primary = primary_subtag(tag);
    let meant = COUNTRY_CODES_FOR_LANGUAGES
        .iter()
        .find(|(country, _)| *country == primary)
        .and_then(|(_, code)| {
            iso639::LANGUAGES
                .iter()
                .find(|(two, ..)| two == code)
                .map(|(two, _, _, names)| format!("{two} ({})", names[0]))
        });
    match meant {
        Some(meant) => format!(
            "{} is a country's code, not a language's: did you mean {meant}?",
            quoted(primary)
        ),
        None => format!("no ISO 639 list has {}", quoted(primary)),
    }
}

/// Returns true when normalised `tag` is `range` or one of its subtags, as a language
/// range matches a tag in HTTP's Accept-Language (RFC 4647, 3.3.1 basic filtering): `ru`
/// matches `ru` and `ru-RU`, `ru-RU` only `ru-RU`.
pub fn matches_range(tag: &str, range: &str) -> bool {
    tag.strip_prefix(range)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// The two-letter code of a language's lower-case name, if it has one.
fn code_of_name(name: &str) -> Option<&'static str> {
    // Spaces inside a name are written one way here: "Modern  Greek" is "modern greek";
    // and letters composed one way (NFC), as macOS and some scrapers decompose them.
    let name = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect::<String>();
    iso639::LANGUAGES
        .iter()
        .find(|(_, _, _, names)| names.iter().any(|known| known.to_lowercase() == name))
        .map(|(code, ..)| *code)
        .or_else(|| {
            OTHER_NAMES
                .iter()
                .find(|(known, _)| *known == name)
                .map(|(_, code)| *code)
        })
}

/// The two-letter code of a lower-case ISO 639-2 or 639-3 code, if the language has one,
/// or the successor of a withdrawn two-letter code.
fn two_letter_code(code: &str) -> Option<&'static str> {
    match code.len() {
        2 => WITHDRAWN_CODES
            .iter()
            .find(|(withdrawn, _)| *withdrawn == code)
            .map(|(_, successor)| *successor),
        3 => iso639::LANGUAGES
            .iter()
            .find(|(_, terminology, bibliographic, _)| {
                *terminology == code || *bibliographic == code
            })
            .map(|(two, ..)| *two),
        _ => None,
    }
}

/// Returns true when lower-case `tag` has the shape of a BCP 47 language tag (RFC 5646,
/// 2.1): subtags of one to eight letters or digits joined by single hyphens, the first a
/// language of two or three letters, or the singleton `x` or `i` (private use,
/// grandfathered). Four letters are reserved, so `none` is not a language; five to eight
/// are for languages the registry has never had, so `klingon` is a name this module does
/// not know, not a code; nor are `-`, `en--us` or `languages` tags.
fn has_tag_shape(tag: &str) -> bool {
    if tag.is_empty() || tag.len() > MAX_TAG_LENGTH {
        return false;
    }
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    let primary_fits = match primary.len() {
        1 => primary == "x" || primary == "i",
        2 | 3 => primary.bytes().all(|byte| byte.is_ascii_alphabetic()),
        _ => false,
    };
    primary_fits
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len())
                && subtag.bytes().all(|byte| byte.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_letter_codes_and_names_become_the_two_letter_code() {
        for (value, code) in [
            ("rus", "ru"),
            ("RUS", "ru"),
            ("eng", "en"),
            ("hye", "hy"),
            ("arm", "hy"),
            ("aze", "az"),
            ("tur", "tr"),
            ("fra", "fr"),
            ("fre", "fr"),
            ("deu", "de"),
            ("ger", "de"),
            ("ukr", "uk"),
            ("kat", "ka"),
            ("geo", "ka"),
            ("fas", "fa"),
            ("per", "fa"),
            ("ara", "ar"),
            ("zho", "zh"),
            ("chi", "zh"),
            ("spa", "es"),
            ("Russian", "ru"),
            (" RUSSIAN ", "ru"),
            ("english", "en"),
            ("Armenian", "hy"),
            ("Azerbaijani", "az"),
            ("Azeri", "az"),
            ("Georgian", "ka"),
            ("Persian", "fa"),
            ("Farsi", "fa"),
            ("Modern  Greek", "el"),
            ("Greek", "el"),
            ("Norwegian Bokmål", "nb"),
            ("Русский", "ru"),
            ("Հայերեն", "hy"),
            ("Azərbaycanca", "az"),
            ("iw", "he"),
            ("IW-il", "he-IL"),
            ("Ewe", "ee"),
            ("lao", "lo"),
            ("Thai", "th"),
        ] {
            assert_eq!(normalize(value).as_deref(), Ok(code), "{value:?}");
        }
    }

    /// The ISO 639-3 names of Sorani and Kurmanji, the names their speakers use, Dari,
    /// and the languages' own names were refused, and "Sorani" asked "did you mean
    /// Somali?".
    #[test]
    fn kurdish_dari_and_own_names_are_language_names() {
        for (value, code) in [
            ("Central Kurdish", "ckb"),
            ("central  kurdish", "ckb"),
            ("Sorani", "ckb"),
            ("Northern Kurdish", "kmr"),
            ("Kurmanji", "kmr"),
            ("Dari", "prs"),
            ("עברית", "he"),
            ("العربية", "ar"),
            ("فارسی", "fa"),
            ("Türkçe", "tr"),
            ("TÜRKÇE", "tr"),
            ("українська", "uk"),
            ("ქართული", "ka"),
            ("Հայերեն", "hy"),
            ("Azərbaycan dili", "az"),
            ("Ελληνικά", "el"),
            ("हिन्दी", "hi"),
            ("اردو", "ur"),
            ("српски", "sr"),
            ("Tiếng Việt", "vi"),
            // Decomposed, as macOS writes it.
            ("Tie\u{302}\u{301}ng Vie\u{323}\u{302}t", "vi"),
            ("አማርኛ", "am"),
            // With the direction marks of a value copied from a right-to-left page.
            ("\u{200f}עברית\u{200f}", "he"),
            ("he\u{200e}", "he"),
        ] {
            assert_eq!(normalize(value).as_deref(), Ok(code), "{value:?}");
        }
        for (name, code) in OTHER_NAMES {
            assert_eq!(*name, name.to_lowercase(), "{name}");
            assert_eq!(*name, name.nfc().collect::<String>(), "{name}");
            assert!(is_known(code), "{name}: {code}");
        }
    }

    #[test]
    fn subtags_take_the_case_bcp_47_recommends() {
        for (value, tag) in [
            ("ru", "ru"),
            ("ru-RU", "ru-RU"),
            ("RU-ru", "ru-RU"),
            ("ru_RU", "ru-RU"),
            ("rus-RU", "ru-RU"),
            ("rus_ru", "ru-RU"),
            ("zh_hant_tw", "zh-Hant-TW"),
            (" ZH-Hant ", "zh-Hant"),
            ("sr-latn-rs", "sr-Latn-RS"),
            ("es-419", "es-419"),
            ("zh-yue-hk", "zh-yue-HK"),
            ("de-CH-1996", "de-CH-1996"),
            ("en-US-x-twain", "en-US-x-twain"),
            ("en-a-bbb-x-a-CCC", "en-a-bbb-x-a-ccc"),
            ("X-Klingon", "x-klingon"),
            ("i-KLINGON", "i-klingon"),
            ("sgn-BE-FR", "sgn-BE-FR"),
        ] {
            assert_eq!(normalize(value).as_deref(), Ok(tag), "{value:?}");
            // A stored tag read back (an export ingested again) stays as it is.
            assert_eq!(normalize(tag).as_deref(), Ok(tag), "{tag:?}");
        }
    }

    /// A code no list has is kept, in lower case: ISO 639-3 has 7,900 languages and new
    /// ones come; `is_known` tells ingest to name it.
    #[test]
    fn unknown_well_formed_codes_are_kept_and_told_apart() {
        for (value, tag, known) in [
            ("XX", "xx", false),
            ("ua", "ua", false),
            ("qzz", "qzz", false),
            ("lez", "lez", true),
            ("ckb", "ckb", true),
            ("und", "und", true),
            ("zxx", "zxx", true),
            ("qab", "qab", true),
            ("sgn", "sgn", true),
            ("en", "en", true),
            ("zu", "zu", true),
            ("aa", "aa", true),
            ("x-private", "x-private", true),
        ] {
            assert_eq!(normalize(value).as_deref(), Ok(tag), "{value:?}");
            assert_eq!(is_known(tag), known, "{tag:?}");
        }
        assert_eq!(
            unknown_note("ua-UA"),
            r#""ua" is a country's code, not a language's: did you mean uk (Ukrainian)?"#
        );
        assert_eq!(unknown_note("xx"), r#"no ISO 639 list has "xx""#);
        for (country, language) in COUNTRY_CODES_FOR_LANGUAGES {
            assert!(!is_known(country) && is_known(language), "{country}");
        }
    }

    #[test]
    fn values_that_are_no_language_are_refused() {
        let long = ["en"; 13].join("-");
        for bad in [
            "ru; DROP",
            "ru\u{7}",
            "en fr",
            "",
            " ",
            "é",
            "none",
            "Klingon",
            "russkiy",
            "-",
            "--",
            "en-",
            "-en",
            "en--us",
            "e",
            "y-abc",
            "languages",
            "12",
            "en-abcdefghi",
            &long,
        ] {
            let error = normalize(bad).unwrap_err();
            assert_eq!(error.value, bad.trim());
            assert!(
                error.to_string().starts_with("expected a language code"),
                "{bad:?}"
            );
        }
        assert_eq!(
            normalize("Rusian").unwrap_err().to_string(),
            r#"expected a language code such as en, ru or hy, or a language's name in English, found "Rusian"; did you mean Russian?"#
        );
        assert_eq!(normalize("Klingon").unwrap_err().closest, None);
        let longest = ["en"; 12].join("-");
        assert_eq!(normalize(&longest).map(|tag| tag.len()), Ok(35));
    }

    #[test]
    fn a_range_matches_its_tag_and_the_tags_below_it() {
        assert!(matches_range("ru", "ru"));
        assert!(matches_range("ru-RU", "ru"));
        assert!(matches_range("ru-RU", "ru-RU"));
        assert!(matches_range("zh-Hant-TW", "zh-Hant"));
        assert!(!matches_range("ru", "ru-RU"));
        assert!(!matches_range("rue", "ru"));
        assert!(!matches_range("en", "ru"));
        assert_eq!(primary_subtag("ru-RU"), "ru");
        assert_eq!(primary_subtag("ru_RU"), "ru");
        assert_eq!(primary_subtag("ru"), "ru");
    }

    /// The generated tables are sorted, as the binary searches need.
    #[test]
    fn tables_are_sorted() {
        assert!(iso639::LANGUAGES
            .windows(2)
            .all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(iso639::ALPHA3.len() % 3, 0);
        assert!(alpha3_codes().windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(alpha3_codes().len(), iso639::ALPHA3.len() / 3);
    }
}
