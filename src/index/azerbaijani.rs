//! A light stemmer of Azerbaijani, which Snowball has none for.
//!
//! Azerbaijani is close to Turkish, but Snowball's Turkish stemmer, given an Azerbaijani
//! word with ə read as e, parts too many words from their own forms: "atəşkəs" from
//! "atəşkəsin", "sərhəd" from "sərhədə", "ordu" from "ordunun", "müqavilə" from
//! "müqavilənin", "hücum" from "hücumlar", "Bakı" from "Bakıda" (it reads nominal verb
//! endings and possessives Azerbaijani writes otherwise or not at all). This stemmer, as
//! Lucene's light stemmers, strips only the commonest inflections of a noun — case,
//! possessive and plural endings — from the end, while their vowel agrees with the stem's
//! (vowel harmony), and never below a few letters.
//!
//! A consonant a word ends in is often ambiguous: "Ermənistanın" is the genitive of
//! "Ermənistan" (-ın) or of a word "Ermənista" (-nın), "atəşkəsi" the accusative of
//! "atəşkəs" (-i) or the possessive of "atəşkə" (-si), "sərhədə" the dative of "sərhəd"
//! (-ə) or the locative of "sərhə" (-də), "dəstəyə" the dative of "dəstək", whose k is y
//! between vowels, or of "dəstə" (-yə). The stemmer cannot tell, so such a final
//! consonant is stripped as well, the word's own or not: "Ermənistan" and its forms are
//! all "ermənista", "atəşkəs" and its forms "atəşk" (its final ə stripped too), "sərhəd"
//! "sərh". Words that differ
//! in that letter alone ("qala" and "qalan", castle and remaining) meet: a few, for
//! every such name meeting its forms.
//!
//! The stems of some forms (tested below), by Snowball's Turkish stemmer with ə read as e,
//! and by this one:
//!
//! | Forms                                      | Turkish, ə as e            | Here       |
//! |--------------------------------------------|----------------------------|------------|
//! | Ermənistan, -ın, -a, -da, -dan, -la, -ı    | ermenista                  | ermənista  |
//! | Qarabağ, Qarabağda, Qarabağın              | qarabak                    | qarabaq    |
//! | danışıq, danışıqlar, danışığı              | danışıq, danışık           | danışıq    |
//! | atəşkəs, atəşkəsi, atəşkəsin, atəşkəsə     | ateşkes, ateşke            | atəşk      |
//! | sərhəd, sərhədi, sərhədlər, sərhədə        | serhedi, serhed, serhe     | sərh       |
//! | müqavilə, müqavilənin, müqavilələr         | müqavil, müqavile          | müqavil    |
//! | ordu, ordusu, ordunun                      | or, ordus, ordu            | ordu       |
//! | hücum, hücumu, hücumlar                    | hüç, hücum                 | hücum      |
//! | Bakı, Bakının, Bakıda                      | bak, bakı                  | bakı       |
//! | kənd, kəndi, kəndə                         | kend, ke                   | kən        |
//! | atəş (fire); atəşkəs (ceasefire)           | ateş; ateşkes              | atəş; atəşk|

/// The vowels written before a suffix with a back vowel (a, ı, u).
const BACK_VOWELS: [char; 4] = ['a', 'ı', 'o', 'u'];

/// The vowels written before a suffix with a front vowel (ə, i, ü).
const FRONT_VOWELS: [char; 5] = ['ə', 'e', 'i', 'ö', 'ü'];

/// The fewest letters a stem keeps when a suffix with a consonant is stripped.
const MIN_STEM: usize = 3;

/// The fewest letters a stem keeps when a suffix that starts with a vowel is stripped:
/// a shorter stem would join words such as "ordu" (army) and "orda" (there). One letter
/// more than [`MIN_STEM`], so that a word whose final consonant is stripped meets its
/// forms that begin with it ("Laçın" and "Laçının" are both "laçı").
const MIN_STEM_BEFORE_VOWEL: usize = 4;

/// What a suffix must follow.
#[derive(Clone, Copy, PartialEq, Eq)]
enum After {
    /// A vowel: the suffix starts with a consonant that stands between vowels (-nın,
    /// -ya, -sı), or is that consonant alone.
    Vowel,
    /// A consonant: the suffix starts with a vowel (-ın, -ı, -a).
    Consonant,
    /// Either.
    Any,
}

/// The suffixes stripped, longest first where one ends another.
const SUFFIXES: &[(&str, After)] = &[
    // Locative with the relative -kı (Qarabağdakı), after a possessive.
    ("ndakı", After::Vowel),
    ("ndəki", After::Vowel),
    ("dakı", After::Any),
    ("dəki", After::Any),
    // Possessive of "our" (ölkəmiz, torpaqlarımız).
    ("ımız", After::Consonant),
    ("imiz", After::Consonant),
    ("umuz", After::Consonant),
    ("ümüz", After::Consonant),
    ("mız", After::Vowel),
    ("miz", After::Vowel),
    ("muz", After::Vowel),
    ("müz", After::Vowel),
    // Ablative, after a possessive (ərazisindən) or not.
    ("ndan", After::Vowel),
    ("ndən", After::Vowel),
    ("dan", After::Any),
    ("dən", After::Any),
    // Plural.
    ("lar", After::Any),
    ("lər", After::Any),
    // Genitive.
    ("nın", After::Vowel),
    ("nin", After::Vowel),
    ("nun", After::Vowel),
    ("nün", After::Vowel),
    // Locative, after a possessive (bəyanatında) or not.
    ("nda", After::Vowel),
    ("ndə", After::Vowel),
    // Instrumental (ilə written as a suffix).
    ("yla", After::Vowel),
    ("ylə", After::Vowel),
    ("ın", After::Consonant),
    ("in", After::Consonant),
    ("un", After::Consonant),
    ("ün", After::Consonant),
    ("da", After::Any),
    ("də", After::Any),
    // Instrumental after a consonant; after a vowel it is -yla.
    ("la", After::Consonant),
    ("lə", After::Consonant),
    // Accusative after a vowel.
    ("nı", After::Vowel),
    ("ni", After::Vowel),
    ("nu", After::Vowel),
    ("nü", After::Vowel),
    // Dative after a vowel, or after a possessive.
    ("ya", After::Vowel),
    ("yə", After::Vowel),
    ("na", After::Vowel),
    ("nə", After::Vowel),
    // Possessive of the third person after a vowel.
    ("sı", After::Vowel),
    ("si", After::Vowel),
    ("su", After::Vowel),
    ("sü", After::Vowel),
    // Accusative or possessive after a consonant, and dative.
    ("ı", After::Consonant),
    ("i", After::Consonant),
    ("u", After::Consonant),
    ("ü", After::Consonant),
    ("a", After::Consonant),
    ("ə", After::Consonant),
    // A final consonant a suffix may have begun with (see the module's documentation):
    // n, s and y after a vowel; k, which is y between vowels (dəstək, dəstəyi); d,
    // which begins the locative after a vowel or a consonant (sərhəd, sərhədə).
    ("n", After::Vowel),
    ("s", After::Vowel),
    ("y", After::Vowel),
    ("k", After::Vowel),
    ("d", After::Any),
];

/// The most suffixes stripped from one word: a noun takes a plural, a possessive and a
/// case at most, and a final consonant and a vowel may follow.
const MAX_SUFFIXES: usize = 6;

/// Returns the stem of `word`, an Azerbaijani word lower-cased as Turkish is (I is ı):
/// its commonest noun endings stripped, longest first, then a final ğ read as q, which
/// it is before a vowel ("danışığı" of "danışıq"; "Qarabağ" is "qarabaq").
pub(super) fn stem(word: &str) -> String {
    let mut stem = word.to_string();
    for _ in 0..MAX_SUFFIXES {
        let Some(suffix) = SUFFIXES
            .iter()
            .find(|(suffix, after)| strips(&stem, suffix, *after))
            .map(|(suffix, _)| suffix)
        else {
            break;
        };
        stem.truncate(stem.len() - suffix.len());
    }
    if stem.ends_with('ğ') {
        stem.pop();
        stem.push('q');
    }
    stem
}

/// Returns true when `suffix` may be stripped from `word`: the word ends with it, what
/// is left has enough letters, holds a vowel, ends as `after` asks and has a last vowel
/// of the suffix's kind (front or back).
fn strips(word: &str, suffix: &str, after: After) -> bool {
    let Some(rest) = word.strip_suffix(suffix) else {
        return false;
    };
    let suffix_vowel = suffix.chars().find(|&letter| is_vowel(letter));
    let minimum = match suffix.starts_with(is_vowel) {
        true => MIN_STEM_BEFORE_VOWEL,
        false => MIN_STEM,
    };
    if rest.chars().count() < minimum {
        return false;
    }
    let Some(last) = rest.chars().next_back() else {
        return false;
    };
    let agrees = match after {
        After::Vowel => is_vowel(last),
        After::Consonant => !is_vowel(last),
        After::Any => true,
    };
    let Some(last_vowel) = rest.chars().rev().find(|&letter| is_vowel(letter)) else {
        return false;
    };
    agrees
        && suffix_vowel
            .is_none_or(|vowel| BACK_VOWELS.contains(&vowel) == BACK_VOWELS.contains(&last_vowel))
}

fn is_vowel(letter: char) -> bool {
    BACK_VOWELS.contains(&letter) || FRONT_VOWELS.contains(&letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A noun, or a name, and its inflected forms have one stem: the forms a
    /// fact-checker meets in Azerbaijani statements, nominative first.
    #[test]
    fn a_word_and_its_forms_have_one_stem() {
        let table: [&[&str]; 24] = [
            &[
                "ermənistan",
                "ermənistanın",
                "ermənistana",
                "ermənistanda",
                "ermənistandan",
                "ermənistanla",
                "ermənistanı",
            ],
            &[
                "azərbaycan",
                "azərbaycanın",
                "azərbaycana",
                "azərbaycanda",
                "azərbaycandan",
                "azərbaycanı",
            ],
            &[
                "qarabağ",
                "qarabağda",
                "qarabağın",
                "qarabağa",
                "qarabağdan",
                "qarabağdakı",
            ],
            &[
                "təxribat",
                "təxribatlar",
                "təxribatı",
                "təxribatlara",
                "təxribatların",
                "təxribatlarla",
            ],
            &[
                "atəşkəs",
                "atəşkəsi",
                "atəşkəsin",
                "atəşkəsə",
                "atəşkəsdə",
                "atəşkəsdən",
            ],
            &["sülh", "sülhə", "sülhün", "sülhdə", "sülhü"],
            &[
                "danışıq",
                "danışıqlar",
                "danışıqların",
                "danışıqlarda",
                "danışığı",
            ],
            &[
                "sərhəd",
                "sərhədi",
                "sərhəddə",
                "sərhədin",
                "sərhədlər",
                "sərhədə",
            ],
            &[
                "müqavilə",
                "müqavilənin",
                "müqaviləni",
                "müqaviləyə",
                "müqavilədə",
                "müqavilələr",
            ],
            &[
                "nazirlik",
                "nazirliyi",
                "nazirliyin",
                "nazirlikdə",
                "nazirliyinin",
            ],
            &[
                "bəyanat",
                "bəyanatı",
                "bəyanatında",
                "bəyanatlar",
                "bəyanatda",
            ],
            &["bakı", "bakının", "bakıda", "bakıya", "bakıdan"],
            &["şuşa", "şuşanın", "şuşada", "şuşaya"],
            &["ordu", "ordusu", "ordunun", "orduya", "ordusunun"],
            &["hücum", "hücumu", "hücumlar", "hücuma"],
            &["mövqe", "mövqeyi", "mövqelər", "mövqelərə"],
            &["kənd", "kəndi", "kəndlər", "kəndə"],
            &["ərazi", "ərazisi", "ərazilər", "ərazisində", "ərazilərimiz"],
            &["rusiya", "rusiyanın", "rusiyaya", "rusiyada"],
            &["dəstək", "dəstəyi", "dəstəyə"],
            &["əməkdaşlıq", "əməkdaşlığı", "əməkdaşlıqda"],
            &["laçın", "laçının", "laçında"],
            &["əliyev", "əliyevin", "əliyevə", "əliyevlə"],
            &["paşinyan", "paşinyanın", "paşinyana", "paşinyanla"],
        ];
        for forms in table {
            let nominative = stem(forms[0]);
            for form in forms {
                assert_eq!(stem(form), nominative, "{form} and {}", forms[0]);
            }
        }
    }

    /// Words that only begin alike keep their stems apart: fire is not a ceasefire, nor
    /// an army "there", nor snow a deaf man.
    #[test]
    fn unrelated_words_keep_their_stems_apart() {
        for (word, other) in [
            ("atəş", "atəşkəs"),
            ("atəşi", "atəşkəsi"),
            ("ordu", "orda"),
            ("qar", "kar"),
            ("ermə", "ermənistan"),
            ("sülhsevər", "sülh"),
            ("sərhədsiz", "sərhəd"),
            ("bakı", "bak"),
        ] {
            assert_ne!(stem(word), stem(other), "{word} and {other}");
        }
    }

    /// A suffix whose vowel breaks the harmony with the stem's, or that would leave too
    /// short a stem, stays.
    #[test]
    fn stripping_keeps_harmony_and_length() {
        assert_eq!(stem("təxribatlər"), "təxribatlər");
        assert_eq!(stem("ada"), "ada");
        assert_eq!(stem("orda"), "orda");
        assert_eq!(stem("qarda"), "qar");
    }
}
