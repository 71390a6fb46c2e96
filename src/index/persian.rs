//! A light stemmer of Persian, for `text_stemmed`.
//!
//! Persian writes its plural and the ezafe onto the noun, with a zero-width non-joiner
//! before them or joined: "تحریم‌ها" (the sanctions) is two words to the index, which
//! parts words at the non-joiner, but "تحریمهای" is one, and `تحریم` did not find it; nor
//! `نیرو` (force) "نیروهای مسلح" (the armed forces), nor `ایران` "ایرانی" (Iranian).
//! Snowball's Persian stemmer strips far more (تحریم, sanctions, is "تحر"; ایرانی
//! "ایر" but ایرانیان "ایران"), so this one strips, as Lucene's light stemmers do, only
//! what is unambiguous enough, from the end of the word and in this order, each part at
//! most once and only where at least three letters stay:
//!
//! 1. the plural: -ها with the ezafe or the indefinite after it (-های, -هایی), the Arabic
//!    plural -ات, and -ان after a ی (ایرانیان);
//! 2. the adjective's or the ezafe's -ی, or -یی after a vowel (آمریکایی);
//! 3. the comparative and superlative -تر and -ترین.
//!
//! Not stripped: -ان after any other letter (Iran, Tehran, Armenia, Azerbaijan and every
//! -stan end in it), the pronouns' -م -ت -ش (دولت, government, would be دول), -گان
//! (گروگان, hostage, would be گروه, group), and the ه of a word before -ات (حمله,
//! attack, and حملات, attacks, do not meet: without it, نامه, letter, would be نام,
//! name). Verbs are left as written.
//!
//! The stemmer reads a word folded ([`crate::fold::fold_word`]): Persian ی and ک and
//! their Arabic shapes ي and ك are one, so a word typed on either keyboard has one stem.
//!
//! | Forms                                               | Stem      |
//! |-----------------------------------------------------|-----------|
//! | تحریم, تحریمها, تحریمهای, تحریمهایی (sanctions)     | تحريم     |
//! | نیرو, نیروها, نیروهای (force)                        | نيرو      |
//! | ایران, ایرانی, ایرانیان, ایرانیها                    | ايران     |
//! | مرز, مرزها, مرزی (border)                            | مرز       |
//! | آمریکا, آمریکایی, آمریکاییها                         | امريكا    |
//! | انتخاب, انتخابات (election)                          | انتخاب    |
//! | بزرگ, بزرگتر, بزرگترین                               | بزرگ      |

/// The fewest letters a stem keeps.
const MIN_STEM: usize = 3;

/// The fewest letters a word keeps when -ان is stripped after its ی: بیان (statement),
/// جریان (current) and پایان (end) are no plurals.
const MIN_BEFORE_PLURAL_AN: usize = 4;

/// Returns the stem of `word`, folded (see the module's comment). A word without a letter
/// of Arabic script is returned folded.
pub(super) fn stem(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    crate::fold::fold_word(word, &mut folded);
    if !folded.chars().any(crate::fold::is_arabic_script) {
        return folded;
    }
    let mut stem = folded.as_str();
    stem = strip_first(stem, &["هايي", "هاي", "ها", "ات"], MIN_STEM);
    if let Some(before) = stem
        .strip_suffix("ان")
        .filter(|before| before.ends_with(YEH) && before.chars().count() >= MIN_BEFORE_PLURAL_AN)
    {
        stem = before;
    }
    stem = strip_first(stem, &["يي", "ي"], MIN_STEM);
    stem = strip_first(stem, &["ترين", "تر"], MIN_STEM);
    stem.to_string()
}

/// The yeh as folding writes it (Persian ی is Arabic ي).
const YEH: char = '\u{64A}';

/// `word` without the first of `endings` it ends with, if at least `least` letters stay;
/// else `word`.
fn strip_first<'word>(word: &'word str, endings: &[&str], least: usize) -> &'word str {
    endings
        .iter()
        .find_map(|ending| word.strip_suffix(ending))
        .filter(|stem| stem.chars().count() >= least)
        .unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module's table, and the words it names as not stripped.
    #[test]
    fn the_forms_of_a_word_have_its_stem() {
        let table: &[(&[&str], &str)] = &[
            (&["تحریم", "تحریمها", "تحریمهای", "تحریمهایی"], "تحريم"),
            (&["نیرو", "نیروها", "نیروهای"], "نيرو"),
            (
                &["ایران", "ایرانی", "ایرانیان", "ایرانیها", "ايراني"],
                "ايران",
            ),
            (&["مرز", "مرزها", "مرزی"], "مرز"),
            (&["آمریکا", "آمریکایی", "آمریکاییها"], "امريكا"),
            (&["انتخاب", "انتخابات"], "انتخاب"),
            (&["بزرگ", "بزرگتر", "بزرگترین"], "بزرگ"),
            (&["کشور", "کشورها", "كشورهاي"], "كشور"),
        ];
        for (forms, expected) in table {
            for form in *forms {
                assert_eq!(stem(form), *expected, "{form}");
            }
        }
    }

    #[test]
    fn words_that_only_end_like_an_ending_keep_it() {
        for (word, expected) in [
            // -ان after a letter other than ی: countries and cities.
            ("تهران", "تهران"),
            ("ارمنستان", "ارمنستان"),
            ("آذربایجان", "اذربايجان"),
            // -ان after ی, in a word too short to be a plural.
            ("بیان", "بيان"),
            ("جریان", "جريان"),
            // The pronouns' endings and -گان.
            ("دولت", "دولت"),
            ("گروگان", "گروگان"),
            // The final ه stays: a letter is not a name.
            ("نامه", "نامه"),
            ("حمله", "حمله"),
            // Too short to lose an ending.
            ("تنها", "تنها"),
            ("ملی", "ملي"),
            ("دفتر", "دفتر"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
        // No Arabic script: folded only.
        assert_eq!(stem("Iran"), "iran");
    }
}
