//! Folding of names for matching: "Dərgahlı", "DARGAHLI" and "Dargahli" are one key.
//!
//! Speaker aliases, organisation names and `--speaker` arguments are compared in this
//! folded form, so the rule must be the same everywhere; it lives here.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Returns `text` lower-cased, without diacritics, with every run of characters that are
/// not letters or digits turned into one space, trimmed.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for character in text.nfkd() {
        if is_combining_mark(character) {
            continue;
        }
        if !character.is_alphanumeric() {
            pending_space = !folded.is_empty();
            continue;
        }
        if pending_space {
            folded.push(' ');
            pending_space = false;
        }
        push_folded(character, &mut folded);
    }
    // NFKD turns Cyrillic ё into е + combining diaeresis, which is dropped above.
    folded
}

/// Writes one word folded into `out`: lower case, no diacritics, the special letters of
/// Azerbaijani, Turkish and others read as plain Latin, Cyrillic ё as е. The index's
/// analysers fold every token with this, so search and name matching agree.
pub fn fold_word(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for character in word.nfkd() {
        if is_combining_mark(character) {
            continue;
        }
        push_folded(character, out);
    }
}

fn push_folded(character: char, out: &mut String) {
    match character {
        // Letters that have no decomposition but a plain Latin reading. Schwa reads as
        // "a" in English renderings of Azerbaijani names: Əliyev is Aliyev, Dərgahlı is
        // Dargahli, Kəlbəcər is Kalbajar. (The Turkish-style "e", Ermənistan as Ermenistan,
        // is the index's second reading of such words, see `FoldStemFilter`.)
        'ə' | 'Ə' => out.push('a'),
        'ı' => out.push('i'),
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        _ => out.extend(character.to_lowercase()),
    }
}

/// Returns the folded words of `text`.
pub fn folded_words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// Returns true when every folded word of `query` is a word of `name`.
///
/// This is how `--speaker peskov` finds "Dmitry Peskov" and `--speaker "defence ministry"`
/// finds "Ministry of Defence of Armenia".
pub fn words_match(query: &str, name: &str) -> bool {
    let query_words = folded_words(query);
    if query_words.is_empty() {
        return false;
    }
    let matches = |name: &str| {
        let name_words = folded_words(name);
        query_words.iter().all(|word| name_words.contains(word))
    };
    // Schwa folds to "a" (Dargahli), but "e" is a common transliteration too (Dergahli).
    matches(name) || (name.contains(['ə', 'Ə']) && matches(&name.replace(['ə', 'Ə'], "e")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(fold("Vaqif Dərgahlı"), "vaqif dargahli");
        assert_eq!(fold("İlham Əliyev"), "ilham aliyev");
        assert_eq!(fold("  Nerkin-And "), "nerkin and");
        assert_eq!(fold("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(fold("Пёсков"), "песков");
        assert_eq!(fold("Şuşa, Çay"), "susa cay");
        assert_eq!(fold("!!!"), "");
    }

    #[test]
    fn word_subsets_match() {
        assert!(words_match("peskov", "Dmitry Peskov"));
        assert!(words_match(
            "Defence Ministry",
            "Ministry of Defence of Armenia"
        ));
        assert!(!words_match(
            "Defense Ministry",
            "Ministry of Defence of Armenia"
        ));
        assert!(!words_match("pesk", "Dmitry Peskov"));
        assert!(words_match("dargahli", "Vaqif Dərgahlı"));
        assert!(words_match("Dergahli", "Vaqif Dərgahlı"));
        assert!(!words_match("", "Dmitry Peskov"));
    }
}
