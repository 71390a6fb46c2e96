//! The prefixes Hebrew writes onto its words.
//!
//! Hebrew joins its commonest small words to the word after them: the article ה (the),
//! and ו (and), ב (in), ל (to), מ (from), ש (that), כ (as), alone or together (והצבא,
//! "and the army"; כשהצבא, "when the army"). So the statement says "הצבא" or "בלבנון",
//! and `צבא` (army) or `לבנון` (Lebanon) typed alone found neither. Stripping them from
//! the index's words, as a stemmer would, cannot be done without a dictionary: לבנון
//! itself starts with ל, and שלום (peace) with ש. The index therefore keeps words as
//! written, and a query's word is looked for with each prefix too, where a statement has
//! the word so prefixed (one term lookup each): `לבנון` finds "בלבנון" and "ולבנון". A
//! word that merely ends like the query's is found where its first letters read as
//! prefixes: the fewer letters the query's word has, the likelier, so a word of two
//! letters takes only ה and ו (`שר`, minister, finds "השר" and "ושר", not בשר, meat). In
//! a phrase, only its first word takes a prefix ("בצבא ההגנה").

/// The prefixes looked for before a word: the seven letters, and the sequences of them
/// Hebrew writes, ו first and the article last (ב, ל and כ take the article into their
/// vowel: בצבא is "in the army" as well).
const PREFIXES: [&str; 28] = [
    "ה", "ו", "ב", "ל", "מ", "ש", "כ", "וה", "וב", "ול", "ומ", "וש", "וכ", "מה", "שה", "שב", "של",
    "שמ", "כש", "ומה", "ושה", "ושב", "ושל", "ושמ", "כשה", "וכש", "לכש", "וכשה",
];

/// The prefixes of a word of two letters: the article and "and" (see the module).
const SHORT_WORD_PREFIXES: [&str; 3] = ["ה", "ו", "וה"];

/// Returns `word` (folded, as the index holds it) with each prefix Hebrew writes onto a
/// word, when it is a Hebrew word of two letters or more; nothing for any other word.
pub(super) fn prefixed_forms(word: &str) -> impl Iterator<Item = String> + '_ {
    let letters = if word.chars().all(is_hebrew_letter) {
        word.chars().count()
    } else {
        0
    };
    let prefixes: &[&str] = match letters {
        0 | 1 => &[],
        2 => &SHORT_WORD_PREFIXES,
        _ => &PREFIXES,
    };
    prefixes.iter().map(move |prefix| format!("{prefix}{word}"))
}

/// A letter of the Hebrew alphabet (final forms included).
fn is_hebrew_letter(character: char) -> bool {
    matches!(character, '\u{5D0}'..='\u{5EA}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hebrew_word_is_looked_for_with_each_prefix() {
        let forms: Vec<String> = prefixed_forms("צבא").collect();
        assert_eq!(forms.len(), PREFIXES.len());
        for form in ["הצבא", "בצבא", "והצבא", "כשהצבא", "מהצבא"] {
            assert!(forms.iter().any(|each| each == form), "{form}");
        }
        let short: Vec<String> = prefixed_forms("שר").collect();
        assert_eq!(short, ["השר", "ושר", "והשר"]);
        // Not a word of other scripts, an acronym with its gershayim, or a lone letter.
        for word in ["army", "армия", "צה\"ל", "צה״ל", "ב"] {
            assert_eq!(prefixed_forms(word).count(), 0, "{word}");
        }
    }
}
