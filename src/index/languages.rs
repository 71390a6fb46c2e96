//! The languages a statement is stemmed in beside English, each by its Snowball stemmer
//! or, for Azerbaijani, Ukrainian and Georgian, which Snowball has none for, and Persian,
//! by a light stemmer of its own.
//!
//! The `text` field stems every Latin word as English, whatever the statement's language:
//! Turkish "görüşmeleri" never meets "görüşme" there, nor German "Verhandlungen"
//! "Verhandlung". A statement in one of the languages of [`LANGUAGES`] is indexed a second
//! time, in the field `text_stemmed`, by its language's stemmer, and a query's words are
//! looked up there as each language present in the archive reads them. One field holds
//! every language, so that an archive without them pays for nothing but that one empty
//! field (Russian had it already): the text added to it starts with a marker character
//! naming its language ([`marker`]), which the field's tokenizer reads to choose the
//! stemmer, and which it indexes as a term of its own, so that the languages a segment
//! holds are one range of its term dictionary.

/// How a language's words are lower-cased before its stemmer reads them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Casing {
    /// Folded first, then stemmed, as Russian always was: the Russian stemmer reads ё
    /// as е, which folding makes of it.
    FoldFirst,
    /// Lower-cased as Unicode does, stemmed, and the stem folded: Snowball stemmers read
    /// the language's letters (German ß and ü, French é), which folding would take away.
    Unicode,
    /// As `Unicode`, but for the dotted and dotless i: Turkish I is ı, and İ is i. For
    /// Turkish and Azerbaijani statements, which write the same letters; elsewhere I is
    /// i.
    Turkish,
}

/// What stems a language's words.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Stemmer {
    /// Its Snowball stemmer.
    Snowball(frostem::Algorithm),
    /// The light stemmer of Azerbaijani (see [`super::azerbaijani`]): Snowball has none,
    /// and its Turkish stemmer parts Azerbaijani words from their own forms.
    Azerbaijani,
    /// The light stemmer of Ukrainian (see [`super::ukrainian`]): Snowball has none.
    Ukrainian,
    /// The light stemmer of Georgian (see [`super::georgian`]): Snowball has none.
    Georgian,
    /// The light stemmer of Persian (see [`super::persian`]): Snowball's strips far more
    /// than the plural and the ezafe.
    Persian,
}

/// A language with a stemmer, as [`LANGUAGES`] lists them.
pub(super) struct Language {
    /// The primary subtags of the language tags stemmed so: the ISO 639-1 code, which is
    /// how languages are stored, and the ISO 639-2 codes, should a tag not be normalised.
    pub(super) tags: &'static [&'static str],
    pub(super) stemmer: Stemmer,
    pub(super) casing: Casing,
    /// Whether the stemmer only strips endings, keeping a word's first letter: a
    /// snippet's analyser can then leave alone the words whose first letter no stem
    /// looked for has. Not so for Indonesian and Irish, which strip prefixes and initial
    /// mutations, nor Serbian, whose stems of Cyrillic words are Latin; Dutch and Polish,
    /// whose stemmers are Snowball's newest, are left out too, by caution: a snippet
    /// that stems every word is slower, one that skips a match is wrong.
    pub(super) keeps_first_letter: bool,
}

/// The number of languages of [`LANGUAGES`]; each is a bit of a [`LanguageSet`].
pub(super) const LANGUAGE_COUNT: usize = 28;

/// Russian's place in [`LANGUAGES`]: its readings of a query are its own (see
/// `russian_readings`).
pub(super) const RUSSIAN: usize = 0;

/// The languages stemmed in `text_stemmed`, Russian first. Serbian's stemmer reads
/// Cyrillic and Latin alike and gives Latin stems, so a statement in either script meets
/// a query in either; Croatian, Bosnian and Montenegrin are stemmed by it too. Norwegian
/// is Bokmål's stemmer, for Nynorsk as well. Azerbaijani, Ukrainian, Georgian and Persian
/// come last, their stemmers not Snowball's.
pub(super) const LANGUAGES: [Language; LANGUAGE_COUNT] = [
    language(
        &["ru", "rus"],
        frostem::Algorithm::Russian,
        Casing::FoldFirst,
        true,
    ),
    language(
        &["tr", "tur"],
        frostem::Algorithm::Turkish,
        Casing::Turkish,
        true,
    ),
    language(
        &["eu", "eus", "baq"],
        frostem::Algorithm::Basque,
        Casing::Unicode,
        true,
    ),
    language(
        &["ca", "cat"],
        frostem::Algorithm::Catalan,
        Casing::Unicode,
        true,
    ),
    language(
        &["cs", "ces", "cze"],
        frostem::Algorithm::Czech,
        Casing::Unicode,
        true,
    ),
    language(
        &["da", "dan"],
        frostem::Algorithm::Danish,
        Casing::Unicode,
        true,
    ),
    language(
        &["nl", "nld", "dut"],
        frostem::Algorithm::Dutch,
        Casing::Unicode,
        false,
    ),
    language(
        &["et", "est"],
        frostem::Algorithm::Estonian,
        Casing::Unicode,
        true,
    ),
    language(
        &["fi", "fin"],
        frostem::Algorithm::Finnish,
        Casing::Unicode,
        true,
    ),
    language(
        &["fr", "fra", "fre"],
        frostem::Algorithm::French,
        Casing::Unicode,
        true,
    ),
    language(
        &["de", "deu", "ger"],
        frostem::Algorithm::German,
        Casing::Unicode,
        true,
    ),
    language(
        &["hi", "hin"],
        frostem::Algorithm::Hindi,
        Casing::Unicode,
        true,
    ),
    language(
        &["hu", "hun"],
        frostem::Algorithm::Hungarian,
        Casing::Unicode,
        true,
    ),
    language(
        &["id", "ind"],
        frostem::Algorithm::Indonesian,
        Casing::Unicode,
        false,
    ),
    language(
        &["ga", "gle"],
        frostem::Algorithm::Irish,
        Casing::Unicode,
        false,
    ),
    language(
        &["it", "ita"],
        frostem::Algorithm::Italian,
        Casing::Unicode,
        true,
    ),
    language(
        &["lt", "lit"],
        frostem::Algorithm::Lithuanian,
        Casing::Unicode,
        true,
    ),
    language(
        &["no", "nor", "nb", "nob", "nn", "nno"],
        frostem::Algorithm::Norwegian,
        Casing::Unicode,
        true,
    ),
    language(
        &["pl", "pol"],
        frostem::Algorithm::Polish,
        Casing::Unicode,
        false,
    ),
    language(
        &["pt", "por"],
        frostem::Algorithm::Portuguese,
        Casing::Unicode,
        true,
    ),
    language(
        &["ro", "ron", "rum"],
        frostem::Algorithm::Romanian,
        Casing::Unicode,
        true,
    ),
    language(
        &["sr", "srp", "hr", "hrv", "bs", "bos", "sh", "cnr"],
        frostem::Algorithm::Serbian,
        Casing::Unicode,
        false,
    ),
    language(
        &["es", "spa"],
        frostem::Algorithm::Spanish,
        Casing::Unicode,
        true,
    ),
    language(
        &["sv", "swe"],
        frostem::Algorithm::Swedish,
        Casing::Unicode,
        true,
    ),
    // North Azerbaijani, in Latin script; South Azerbaijani (azb) writes Arabic script.
    Language {
        tags: &["az", "aze", "azj"],
        stemmer: Stemmer::Azerbaijani,
        casing: Casing::Turkish,
        keeps_first_letter: true,
    },
    Language {
        tags: &["uk", "ukr"],
        stemmer: Stemmer::Ukrainian,
        casing: Casing::Unicode,
        keeps_first_letter: true,
    },
    Language {
        tags: &["ka", "kat", "geo"],
        stemmer: Stemmer::Georgian,
        casing: Casing::Unicode,
        keeps_first_letter: true,
    },
    // Persian of Iran (pes) and Dari (prs) alike.
    Language {
        tags: &["fa", "fas", "per", "pes", "prs"],
        stemmer: Stemmer::Persian,
        casing: Casing::Unicode,
        keeps_first_letter: true,
    },
];

const fn language(
    tags: &'static [&'static str],
    algorithm: frostem::Algorithm,
    casing: Casing,
    keeps_first_letter: bool,
) -> Language {
    Language {
        tags,
        stemmer: Stemmer::Snowball(algorithm),
        casing,
        keeps_first_letter,
    }
}

/// Returns the place in [`LANGUAGES`] of the language of the tag `tag` ("tr", "de-AT"),
/// None for a language without a stemmer here (English among them, at once).
pub(super) fn language_of(tag: &str) -> Option<usize> {
    let primary = crate::language::primary_subtag(tag);
    if primary == "en" {
        return None;
    }
    LANGUAGES.iter().position(|language| {
        language
            .tags
            .iter()
            .any(|known| known.eq_ignore_ascii_case(primary))
    })
}

/// Returns the place in [`LANGUAGES`] of the language a statement's words are stemmed in:
/// its tag's, or, for a statement in English, ingest's default when a record names no
/// language, the language its letters tell ([`language_by_letters`]): a Ukrainian post
/// scraped without a language is stemmed as Ukrainian all the same.
pub(super) fn stemming_language(tag: &str, text: &str) -> Option<usize> {
    match language_of(tag) {
        Some(language) => Some(language),
        None if crate::language::primary_subtag(tag) == "en" => language_by_letters(text),
        None => None,
    }
}

/// The most characters of a text [`language_by_letters`] reads: enough to tell a script.
const LETTERS_READ: usize = 500;

/// Returns the place in [`LANGUAGES`] of the language the letters of `text` tell, where
/// they tell it beyond doubt: Georgian letters are Georgian; Cyrillic with Ukrainian's
/// own letters (і ї є ґ) and none of Russian's (ы э ё) is Ukrainian, and the other way
/// round Russian, but Cyrillic with a letter of neither (Serbian ј, Bulgarian without
/// either, Kazakh ә, Belarusian ў) is none; Latin with Azerbaijani's ə, twice or more, is
/// Azerbaijani; Arabic script with Persian's own letters (پ چ ژ گ and the Persian ی and
/// ک), twice or more, and none of Arabic's (ي ك ة ى) or of Urdu's, Pashto's, Kurdish's
/// and the other languages' written in it, is Persian. Only a script that has most of
/// the letters counts. None for any other text, at once for one without a byte that
/// starts such a letter (every statement of an English archive passes here as it is
/// indexed).
pub(super) fn language_by_letters(text: &str) -> Option<usize> {
    // Only the first LETTERS_READ characters are read, at most four bytes each. The first
    // bytes of Ukrainian's and Russian's letters (D0 to D2), of Georgian (E1), ə (C9) and
    // Ə (C6), and of Persian's (DA, DB; the Persian ی is DB 8C): found by memchr's
    // vectorised search, where a loop over the bytes cost an English text with a curly
    // quote a tenth of a microsecond per 100 bytes.
    let bytes = text.as_bytes();
    let head = &bytes[..bytes.len().min(LETTERS_READ * 4)];
    if head.is_ascii()
        || (memchr::memchr3(0xD0, 0xD1, 0xD2, head).is_none()
            && memchr::memchr3(0xE1, 0xC9, 0xC6, head).is_none()
            && memchr::memchr2(0xDA, 0xDB, head).is_none())
    {
        return None;
    }
    let (mut letters, mut latin, mut cyrillic, mut georgian) = (0, 0, 0, 0);
    let (mut ukrainian_only, mut russian_only, mut other_cyrillic, mut schwas) = (0, 0, 0, 0);
    let (mut arabic_script, mut persian_only, mut not_persian) = (0, 0, 0);
    for character in text
        .chars()
        .take(LETTERS_READ)
        .filter(|c| c.is_alphabetic())
    {
        letters += 1;
        match character {
            // ə is in the block of phonetic letters, Ə in Latin Extended-B.
            'ə' | 'Ə' => {
                latin += 1;
                schwas += 1;
            }
            'a'..='z' | 'A'..='Z' | '\u{C0}'..='\u{24F}' => latin += 1,
            'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => {
                cyrillic += 1;
                ukrainian_only += 1;
            }
            'ы' | 'э' | 'ё' | 'Ы' | 'Э' | 'Ё' => {
                cyrillic += 1;
                russian_only += 1;
            }
            'а'..='я' | 'А'..='Я' => cyrillic += 1,
            '\u{400}'..='\u{52F}' => {
                cyrillic += 1;
                other_cyrillic += 1;
            }
            '\u{10A0}'..='\u{10FF}' | '\u{1C90}'..='\u{1CBF}' => georgian += 1,
            // پ چ ژ گ, the keheh ک, the Farsi yeh ی, the heh with yeh ۀ.
            '\u{67E}' | '\u{686}' | '\u{698}' | '\u{6AF}' | '\u{6A9}' | '\u{6CC}' | '\u{6C0}' => {
                arabic_script += 1;
                persian_only += 1;
            }
            // Arabic's yeh, kaf, teh marbuta and alef maksura, where Persian writes ی, ک
            // and ه.
            '\u{64A}' | '\u{643}' | '\u{629}' | '\u{649}' => {
                arabic_script += 1;
                not_persian += 1;
            }
            // The letters Arabic and Persian share.
            '\u{621}'..='\u{64A}' => arabic_script += 1,
            // Any other letter of the script: Urdu's ٹ ڈ ڑ ں ے, Pashto's, Kurdish's…
            _ if crate::fold::is_arabic_script(character) => {
                arabic_script += 1;
                not_persian += 1;
            }
            _ => {}
        }
    }
    let most = |count: usize| count * 2 > letters;
    let tag = if most(georgian) {
        "ka"
    } else if most(cyrillic) && other_cyrillic == 0 {
        match (ukrainian_only > 0, russian_only > 0) {
            (true, false) => "uk",
            (false, true) => "ru",
            _ => return None,
        }
    } else if most(latin) && schwas >= 2 {
        "az"
    } else if most(arabic_script) && persian_only >= 2 && not_persian == 0 {
        "fa"
    } else {
        return None;
    };
    language_of(tag)
}

/// The first of the marker characters, one per language of [`LANGUAGES`] in its order:
/// characters of the Private Use Area, which no word of a text holds (the tokenizer
/// reads them as no letter).
const FIRST_MARKER: u32 = 0xE000;

/// The character that starts a text added to `text_stemmed` in the language `index` of
/// [`LANGUAGES`], and the term that tells the field holds that language.
pub(super) fn marker(index: usize) -> char {
    char::from_u32(FIRST_MARKER + index as u32).expect("invariant: LANGUAGES is short")
}

/// The language whose [`marker`] is `character`, if it is one.
pub(super) fn language_of_marker(character: char) -> Option<usize> {
    let index = u32::from(character).checked_sub(FIRST_MARKER)? as usize;
    (index < LANGUAGE_COUNT).then_some(index)
}

/// A set of languages of [`LANGUAGES`], by their places.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(super) struct LanguageSet(u32);

impl LanguageSet {
    /// Every language of [`LANGUAGES`].
    pub(super) fn all() -> LanguageSet {
        LanguageSet((1 << LANGUAGE_COUNT) - 1)
    }

    pub(super) fn insert(&mut self, index: usize) {
        self.0 |= 1 << index;
    }

    pub(super) fn contains(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }

    pub(super) fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub(super) fn union(self, other: LanguageSet) -> LanguageSet {
        LanguageSet(self.0 | other.0)
    }

    /// The places of the languages in the set, in order.
    pub(super) fn iter(self) -> impl Iterator<Item = usize> {
        (0..LANGUAGE_COUNT).filter(move |&index| self.contains(index))
    }
}

/// Writes `word` (as written, one token) lower-cased by `casing` into `out`, as its
/// stemmer expects it: composed (a text that arrives decomposed writes "ş" as s and a
/// cedilla), without the characters that stand inside a word and folding drops (a soft
/// hyphen), I and İ read as Turkish reads them.
pub(super) fn lower_for_stemming(word: &str, casing: Casing, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    out.clear();
    if word.is_ascii() && !(casing == Casing::Turkish && word.contains('I')) {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for character in word.nfc() {
        match character {
            _ if crate::fold::is_dropped_in_word(character) => {}
            'I' if casing == Casing::Turkish => out.push('ı'),
            // Unicode lower-cases it as i with a combining dot, which is no letter of any
            // stemmer's; outside Turkish it is written in names (İstanbul) only.
            'İ' => out.push('i'),
            _ => out.extend(character.to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A statement in English by default is stemmed in the language its letters tell,
    /// where they tell it beyond doubt; one whose tag names a language, by that.
    #[test]
    fn a_statement_in_english_by_default_is_stemmed_in_the_language_of_its_letters() {
        let by_letters = |text: &str| stemming_language("en", text);
        assert_eq!(
            by_letters("Ситуація на кордоні залишається напруженою."),
            language_of("uk")
        );
        assert_eq!(
            by_letters("Обстрелы границы продолжаются, это ясно."),
            language_of("ru")
        );
        assert_eq!(
            by_letters("საქართველოს საგარეო საქმეთა სამინისტრო"),
            language_of("ka")
        );
        assert_eq!(
            by_letters("Ermənistan tərəfi atəşkəsi pozub."),
            language_of("az")
        );
        assert_eq!(
            by_letters("سخنگوی وزارت امور خارجه ایران تحریمها را محکوم کرد."),
            language_of("fa")
        );
        for undecided in [
            "Shelling of the border goes on.",
            // Neither Ukrainian's letters nor Russian's.
            "Министр сказал",
            // Serbian, Bulgarian, Belarusian.
            "Војска Југославије",
            "Българската армия",
            "Беларуская армія ўзмацняе",
            // Both Ukrainian's and Russian's letters.
            "Мы и Україна",
            // Arabic, with its own yeh, kaf and teh marbuta.
            "أعلنت وزارة الخارجية الإيرانية",
            // Persian typed on an Arabic keyboard: its letters tell nothing apart.
            "سخنگوي وزارت خارجه ايران",
            // Urdu, with ے and ٹ.
            "پاکستان کی وزارت خارجہ نے بیان جاری کیا ہے",
            // Persian in a text of another script: not most of its letters.
            "The spokesman said \"ایران\" and \"تحریم\" twice in the statement.",
            // English quoting a Ukrainian word.
            "The ministry said \"кордоні\" in its statement about the border area.",
            "Düzce'de görüşmeler sürüyor.",
        ] {
            assert_eq!(by_letters(undecided), None, "{undecided}");
        }
        // A language named is the language stemmed, whatever the letters.
        assert_eq!(
            stemming_language("ru", "Ситуація на кордоні"),
            language_of("ru")
        );
        assert_eq!(stemming_language("he", "Ситуація на кордоні"), None);
        assert_eq!(
            stemming_language("en-GB", "Ситуація на кордоні"),
            language_of("uk")
        );
    }

    #[test]
    fn a_language_is_found_by_any_tag_of_it() {
        assert_eq!(language_of("tr"), Some(1));
        assert_eq!(language_of("TR"), Some(1));
        assert_eq!(language_of("tur"), Some(1));
        assert_eq!(language_of("ru-RU"), Some(RUSSIAN));
        assert_eq!(language_of("sr-Latn"), language_of("sr-Cyrl"));
        assert_eq!(language_of("en"), None);
        assert_eq!(language_of("en-GB"), None);
        assert_eq!(language_of("hy"), None);
        assert_eq!(language_of("az"), Some(LANGUAGE_COUNT - 4));
        assert_eq!(language_of("uk-UA"), Some(LANGUAGE_COUNT - 3));
        assert_eq!(language_of("ka"), Some(LANGUAGE_COUNT - 2));
        assert_eq!(language_of("fa-IR"), Some(LANGUAGE_COUNT - 1));
        assert_eq!(language_of("prs"), language_of("fa"));
        assert_eq!(
            language_of("hi").map(|hindi| LANGUAGES[hindi].tags[1]),
            Some("hin")
        );
        assert_eq!(language_of("aze"), language_of("az-Latn"));
    }

    #[test]
    fn markers_name_their_languages() {
        for index in 0..LANGUAGE_COUNT {
            assert_eq!(language_of_marker(marker(index)), Some(index));
            assert!(!crate::fold::is_letter_or_digit(marker(index)));
        }
        assert_eq!(language_of_marker('a'), None);
        let past_the_last = char::from_u32(FIRST_MARKER + LANGUAGE_COUNT as u32).unwrap();
        assert_eq!(language_of_marker(past_the_last), None);
    }

    #[test]
    fn turkish_lower_cases_the_dotted_and_dotless_i_as_turkish() {
        let lower = |word: &str, casing| {
            let mut out = String::new();
            lower_for_stemming(word, casing, &mut out);
            out
        };
        assert_eq!(lower("IRAK", Casing::Turkish), "ırak");
        assert_eq!(lower("İstanbul", Casing::Turkish), "istanbul");
        assert_eq!(lower("DIŞIŞLERİ", Casing::Turkish), "dışışleri");
        assert_eq!(lower("IRAK", Casing::Unicode), "irak");
        assert_eq!(lower("İstanbul", Casing::Unicode), "istanbul");
        // Decomposed, and with a soft hyphen.
        assert_eq!(
            lower("Gö\u{AD}ru\u{308}s\u{327}me", Casing::Turkish),
            "görüşme"
        );
        assert_eq!(lower("Straße", Casing::Unicode), "straße");
    }

    /// Turkish capitals lower-cased as Turkish meet the word's other forms: as Unicode
    /// lower-cases them, "ANLAŞMANIN" would be "anlaşmanin", whose ending breaks the
    /// vowel harmony the stemmer checks, and stay whole.
    #[test]
    fn turkish_capitals_are_stemmed_as_turkish() {
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::Turkish);
        let stem = |word: &str, casing| {
            let mut lower = String::new();
            lower_for_stemming(word, casing, &mut lower);
            stemmer.stem(&lower).into_owned()
        };
        assert_eq!(stem("ANLAŞMANIN", Casing::Turkish), "anlaşma");
        assert_eq!(stem("BAKANLIĞI", Casing::Turkish), "bakanlık");
        assert_ne!(stem("ANLAŞMANIN", Casing::Unicode), "anlaşma");
    }
}
