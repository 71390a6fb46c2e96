//! A light stemmer of Ukrainian, which Snowball has none for.
//!
//! Ukrainian declines its nouns and adjectives in seven cases, so the ministry's
//! "кордону", "кордоні" and "кордонів" never met "кордон" (border), nor "України"
//! "Україна", nor "російські танки" "російський танк". As Lucene's light stemmers for
//! Russian and other Slavic languages (Savoy's) do, this one strips one case, number and
//! gender ending of a noun or an adjective from the end of a word, the longest that
//! leaves a stem of at least three letters with a vowel ("страх", fear, keeps its -ах),
//! and the noun suffix -ість with its endings, so that a quality meets its adjective
//! ("відповідальність", "відповідальності" and "відповідальний" are all "відповідальн").
//! A stem ending in нн loses one н: "припинення" (a cessation) and "припинень" meet.
//! Verbs are left as they are, as the light stemmers leave them: their endings are the
//! nouns' own (-ла, -ли), and stripping them parts nouns ("школа", "школу") from each
//! other.
//!
//! What no suffix stripping mends: vowels that alternate inside the stem (Київ, Києва;
//! Харків, Харкова; вогонь, вогню) meet only in their other cases, and a noun whose stem
//! ends like an ending ("режим", regime) is cut in its nominative alone.
//!
//! | Forms                                                  | Stem       |
//! |--------------------------------------------------------|------------|
//! | кордон, кордону, кордоні, кордоном, кордони, кордонів  | кордон     |
//! | Україна, України, Україні, Україну, Україною           | україн     |
//! | російський, російського, російські, російських, -ою    | російськ   |
//! | танк, танки, танків, танками                           | танк       |
//! | область, області, областю, областей, областями         | област     |
//! | Зеленський, Зеленського, Зеленському, Зеленським       | зеленськ   |
//! | третій, третього, третьої (third)                      | трет       |
//! | армія, армії, армію, армією, армій (army)              | арм        |

/// The fewest letters a stem keeps.
const MIN_STEM: usize = 3;

/// The vowels of Ukrainian: a stem keeps one.
const VOWELS: [char; 10] = ['а', 'е', 'є', 'и', 'і', 'ї', 'о', 'у', 'ю', 'я'];

/// The endings stripped, longest first: the first that leaves a stem long enough is.
const ENDINGS: &[&str] = &[
    // The noun suffix -ість (a quality) with its case endings, to the adjective's stem.
    "остями",
    "остей",
    "остям",
    "остях",
    "ості",
    "істю",
    "ість",
    // Nouns in -ія with their і, which the genitive plural loses (армія, армій; лінія,
    // лінії).
    "іями",
    "іям",
    "іях",
    "ією",
    "ія",
    "ії",
    "ію",
    // Adjectives with a soft stem (третього, синьому, третьої).
    "ього",
    "ьому",
    "ьої",
    "ьою",
    // Adjectives; the dative of nouns (президентові, Іванові).
    "ого",
    "ому",
    "ими",
    "іми",
    "ами",
    "ями",
    "ові",
    "еві",
    "єві",
    "ий",
    "ій",
    "їй",
    "ої",
    "ою",
    "ею",
    "єю",
    "их",
    "іх",
    "им",
    "ім",
    "ом",
    "ем",
    "єм",
    "ів",
    "їв",
    "ей",
    "ам",
    "ям",
    "ах",
    "ях",
    "а",
    "я",
    "о",
    "е",
    "є",
    "у",
    "ю",
    "і",
    "ї",
    "и",
    "ь",
    "й",
];

/// Returns the stem of `word`, lower-cased as Unicode lower-cases it (see the module's
/// comment). A word without a Cyrillic letter is returned as it is.
pub(super) fn stem(word: &str) -> String {
    if !word.chars().any(is_cyrillic) {
        return word.to_string();
    }
    let mut stem = ENDINGS
        .iter()
        .find_map(|ending| {
            word.strip_suffix(ending)
                .filter(|stem| is_long_enough(stem))
        })
        .unwrap_or(word);
    // An apostrophe that stood before the ending (перемир'я) is no part of the stem.
    stem = stem.trim_end_matches(is_apostrophe);
    let mut stem = stem.to_string();
    if stem.ends_with("нн") {
        stem.pop();
    }
    stem
}

/// Whether `stem` may be left when an ending is stripped: [`MIN_STEM`] letters or more,
/// one of them a vowel.
fn is_long_enough(stem: &str) -> bool {
    let letters = stem.chars().filter(|&letter| !is_apostrophe(letter));
    letters.clone().count() >= MIN_STEM
        && letters.into_iter().any(|letter| VOWELS.contains(&letter))
}

fn is_cyrillic(character: char) -> bool {
    matches!(character, '\u{400}'..='\u{4FF}')
}

/// The apostrophe Ukrainian writes inside words (об'єкт), in its three spellings.
fn is_apostrophe(character: char) -> bool {
    matches!(character, '\'' | '\u{2019}' | '\u{2BC}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each group of forms of one word, as the module's table gives them, has one stem.
    #[test]
    fn the_cases_of_a_noun_or_an_adjective_have_one_stem() {
        for (forms, expected) in [
            (
                &[
                    "кордон",
                    "кордону",
                    "кордоні",
                    "кордоном",
                    "кордони",
                    "кордонів",
                    "кордонам",
                    "кордонами",
                    "кордонах",
                ][..],
                "кордон",
            ),
            (
                &["україна", "україни", "україні", "україну", "україною"],
                "україн",
            ),
            (
                &[
                    "російський",
                    "російського",
                    "російському",
                    "російським",
                    "російськім",
                    "російська",
                    "російської",
                    "російську",
                    "російською",
                    "російське",
                    "російські",
                    "російських",
                    "російськими",
                ],
                "російськ",
            ),
            (
                &["танк", "танки", "танків", "танками", "танкам", "танках"],
                "танк",
            ),
            (
                &["військо", "війська", "військ", "військами", "військах"],
                "військ",
            ),
            (
                &["обстріл", "обстріли", "обстрілу", "обстрілів", "обстрілом"],
                "обстріл",
            ),
            (
                &[
                    "область",
                    "області",
                    "областю",
                    "областей",
                    "областями",
                    "областях",
                ],
                "област",
            ),
            (
                &["зеленський", "зеленського", "зеленському", "зеленським"],
                "зеленськ",
            ),
            (
                &[
                    "третій",
                    "третього",
                    "третьому",
                    "третьої",
                    "третьою",
                    "третя",
                    "третє",
                ],
                "трет",
            ),
            (
                &[
                    "президент",
                    "президента",
                    "президентові",
                    "президенту",
                    "президентом",
                ],
                "президент",
            ),
            (&["росія", "росії", "росію", "росією"], "рос"),
            (
                &[
                    "армія",
                    "армії",
                    "армію",
                    "армією",
                    "армій",
                    "арміями",
                    "арміях",
                ],
                "арм",
            ),
            (&["лінія", "лінії", "лінію", "лінією", "ліній"], "лін"),
            (
                &[
                    "територія",
                    "території",
                    "територію",
                    "територій",
                    "територіях",
                ],
                "територ",
            ),
            (
                &[
                    "відповідальність",
                    "відповідальності",
                    "відповідальністю",
                    "відповідальний",
                ],
                "відповідальн",
            ),
            (
                &[
                    "припинення",
                    "припиненню",
                    "припиненням",
                    "припиненні",
                    "припинень",
                ],
                "припинен",
            ),
            (&["перемир'я", "перемир'ям", "перемир'ю"], "перемир"),
            (&["крим", "криму", "кримом"], "крим"),
            (&["запоріжжя", "запоріжжі", "запоріжжю"], "запоріжж"),
        ] {
            for form in forms {
                assert_eq!(stem(form), expected, "{form}");
            }
        }
    }

    /// A stem keeps three letters and a vowel: short words and abbreviations are left
    /// whole, and so is a noun whose ending would leave no vowel.
    #[test]
    fn a_stem_keeps_three_letters_and_a_vowel() {
        for word in ["зсу", "сша", "оон", "мир", "страх", "київ"] {
            assert_eq!(stem(word), word);
        }
        assert_eq!(stem("миру"), "мир");
        assert_eq!(stem("страху"), "страх");
        // Words of other scripts are not Ukrainian words.
        assert_eq!(stem("nato"), "nato");
        // The alternation of vowels inside a stem is not mended (see the module).
        assert_eq!(stem("києва"), stem("києві"));
        assert_ne!(stem("київ"), stem("києва"));
    }
}
