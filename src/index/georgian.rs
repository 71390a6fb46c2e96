//! A light stemmer of Georgian, which Snowball has none for.
//!
//! Georgian writes its cases and postpositions onto its nouns: Georgia's foreign
//! ministry is "საქართველოს საგარეო საქმეთა სამინისტრო", so `საქართველო` (Georgia) found
//! neither it nor "საქართველოში" (in Georgia), nor `სომხეთი` (Armenia) "სომხეთის" and
//! "სომხეთთან". As Lucene's light stemmers do, this one strips one case ending, with the
//! postposition joined to it and the plural -ებ- before it, from the end of a noun or an
//! adjective, leaving two letters with a vowel at least (three for a lone -ს or -მ); then
//! the final ა or ე of a stem that had one, which Georgian drops before -ის and -ით
//! ("მთავრობა", government, and "მთავრობის" are both "მთავრობ"); then a final -ებ, the
//! nouns' suffix -ება, whose genitive "განცხადების" (of the statement) reads as a
//! plural's: "განცხადება" and its cases are "განცხად", as its plural is.
//!
//! What no suffix stripping mends: the vowel some stems lose inside the word (საზღვარი,
//! border, and საზღვრის; ქვეყანა, country, and ქვეყნის) meets only in the other cases,
//! and verbs are left as written.
//!
//! | Forms                                                      | Stem        |
//! |------------------------------------------------------------|-------------|
//! | საქართველო, -ს, -ში, -მ, -თი, -სთვის, -დან                    | საქართველო  |
//! | სომხეთი, -ის, -ს, -ში, -მა, -თან, -ით, -ისთვის, -სა, -ისა        | სომხეთ      |
//! | აზერბაიჯანი, -ის, -ში, -მა, -თან                              | აზერბაიჯან  |
//! | მთავრობა, -ის, -მ, -ში, -ით (government)                       | მთავრობ     |
//! | ომი, -ის, -ში, -მა (war)                                       | ომ          |
//! | ქვეყნები, -ის, -ს, -ში, -მა (countries)                        | ქვეყნ       |
//! | განცხადება, -ის, -ში, -ით, განცხადებები (statement)             | განცხად     |

/// The fewest letters a stem keeps when an ending is stripped: ომი (war) is ომ.
const MIN_STEM: usize = 2;

/// The fewest letters a stem keeps when a lone -ს (-სა) or -მ is stripped, the dative and
/// the ergative of a stem ending in a vowel: რომ (that) is no ergative of რო.
const MIN_STEM_BEFORE_CONSONANT: usize = 3;

/// The fewest letters a stem keeps when its final ა or ე is stripped.
const MIN_STEM_WITHOUT_VOWEL: usize = 3;

/// The vowels of Georgian: a stem keeps one.
const VOWELS: [char; 5] = ['ა', 'ე', 'ი', 'ო', 'უ'];

/// The endings stripped, longest first where one ends another: the plural's, then the
/// postpositions joined to a case (for, towards, from, until, like, at, in, on), then the
/// cases (genitive, instrumental, adverbial, ergative, dative, nominative), with the
/// longer forms formal writing gives the genitive, dative and instrumental before "და"
/// (and): "სომხეთსა და აზერბაიჯანს შორის", between Armenia and Azerbaijan.
const ENDINGS: &[&str] = &[
    "ებისთვის",
    "ებისკენ",
    "ებიდან",
    "ებამდე",
    "ებივით",
    "ებთან",
    "ებში",
    "ებზე",
    "ებით",
    "ებმა",
    "ების",
    "ებად",
    "ებს",
    "ები",
    "ისთვის",
    "ისკენ",
    "იდან",
    "ამდე",
    "ივით",
    "სთვის",
    "სკენ",
    "დან",
    "თან",
    "ისა",
    "ითა",
    "სა",
    "ში",
    "ზე",
    "ით",
    "თი",
    "ად",
    "ის",
    "მა",
    "ს",
    "მ",
    "ი",
];

/// Returns the stem of `word`, lower-cased (see the module's comment). A word without a
/// Georgian letter is returned as it is.
pub(super) fn stem(word: &str) -> String {
    if !word.chars().any(is_georgian) {
        return word.to_string();
    }
    let stem = ENDINGS
        .iter()
        .find_map(|ending| {
            word.strip_suffix(ending)
                .filter(|stem| may_end_before(stem, ending))
        })
        .unwrap_or(word);
    let stem = stem
        .strip_suffix(['ა', 'ე'])
        .filter(|shorter| keeps(shorter, MIN_STEM_WITHOUT_VOWEL))
        .unwrap_or(stem);
    let stem = stem
        .strip_suffix("ებ")
        .filter(|shorter| keeps(shorter, MIN_STEM_WITHOUT_VOWEL))
        .unwrap_or(stem);
    stem.to_string()
}

/// Whether `ending` may be stripped from a word, leaving `stem`.
fn may_end_before(stem: &str, ending: &str) -> bool {
    let least = match ending {
        "ს" | "მ" | "სა" => MIN_STEM_BEFORE_CONSONANT,
        // The instrumental of a stem in ო or უ (საქართველოთი); after any other letter,
        // a stem's თ and the nominative (სომხეთი, Armenia).
        "თი" if !stem.ends_with(['ო', 'უ']) => return false,
        _ => MIN_STEM,
    };
    keeps(stem, least)
}

/// Whether `stem` has at least `letters` letters, one of them a vowel.
fn keeps(stem: &str, letters: usize) -> bool {
    stem.chars().count() >= letters && stem.chars().any(|letter| VOWELS.contains(&letter))
}

/// A letter of Georgian's Mkhedruli alphabet, the one written today.
fn is_georgian(character: char) -> bool {
    matches!(character, '\u{10D0}'..='\u{10FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each group of forms of one word, as the module's table gives them, has one stem.
    #[test]
    fn the_cases_of_a_noun_have_one_stem() {
        for (forms, expected) in [
            (
                &[
                    "საქართველო",
                    "საქართველოს",
                    "საქართველოში",
                    "საქართველომ",
                    "საქართველოთი",
                    "საქართველოსთვის",
                    "საქართველოდან",
                ][..],
                "საქართველო",
            ),
            (
                &[
                    "სომხეთი",
                    "სომხეთის",
                    "სომხეთს",
                    "სომხეთში",
                    "სომხეთმა",
                    "სომხეთთან",
                    "სომხეთით",
                    "სომხეთისთვის",
                    "სომხეთსა",
                    "სომხეთისა",
                ],
                "სომხეთ",
            ),
            (
                &[
                    "აზერბაიჯანი",
                    "აზერბაიჯანის",
                    "აზერბაიჯანში",
                    "აზერბაიჯანმა",
                    "აზერბაიჯანთან",
                ],
                "აზერბაიჯან",
            ),
            (
                &[
                    "მთავრობა",
                    "მთავრობის",
                    "მთავრობამ",
                    "მთავრობაში",
                    "მთავრობით",
                ],
                "მთავრობ",
            ),
            (&["ომი", "ომის", "ომში", "ომმა"], "ომ"),
            (
                &[
                    "ქვეყნები",
                    "ქვეყნების",
                    "ქვეყნებს",
                    "ქვეყნებში",
                    "ქვეყნებმა",
                ],
                "ქვეყნ",
            ),
            (
                &[
                    "განცხადება",
                    "განცხადების",
                    "განცხადებაში",
                    "განცხადებით",
                    "განცხადებები",
                    "განცხადებას",
                ],
                "განცხად",
            ),
            (
                &[
                    "უსაფრთხოება",
                    "უსაფრთხოების",
                    "უსაფრთხოებისთვის",
                    "უსაფრთხოებაზე",
                ],
                "უსაფრთხო",
            ),
        ] {
            for form in forms {
                assert_eq!(stem(form), expected, "{form}");
            }
        }
    }

    /// A stem keeps two letters with a vowel, three without its final ა or ე; a word of
    /// another script is no Georgian word.
    #[test]
    fn a_stem_keeps_a_vowel_and_short_words_stay_whole() {
        for word in ["და", "რომ", "ის", "nato", "мир"] {
            assert_eq!(stem(word), word, "{word}");
        }
        // ზე (on) is an ending, but სზე would leave no vowel.
        assert_eq!(stem("სზე"), "სზე");
    }
}
