//! Folding of names for matching: "Dərgahlı", "DARGAHLI" and "Dargahli" are one key.
//!
//! Speaker aliases, organisation names and `--speaker` arguments are compared in this
//! folded form, so the rule must be the same everywhere; it lives here, with the rule of
//! which characters are Chinese, Japanese or Korean, which the index reads differently.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Returns `text` lower-cased, without diacritics (but with the vowel signs of Indic and
/// South-East Asian scripts, which are letters: see `is_diacritic_after`), with every run
/// of characters that are not letters or digits turned into one space, trimmed.
///
/// Each letter is folded as [`fold_word`] folds it in a word of the index: the characters
/// that stand inside a word without parting it ([`is_dropped_in_word`]: a soft hyphen, a
/// joiner, an Armenian stress mark, an Arabic tatweel) are dropped, not read as a space,
/// Greek final ς is σ, Hebrew final letters are their letters, Armenian և and եւ are եվ,
/// the Persian and Arabic spellings of a letter are one (ی and ي, ک and ك), Ukrainian ґ is
/// г; a zero-width non-joiner after Arabic script parts words ([`parts_words_after`]), an
/// apostrophe between Cyrillic letters is dropped ([`is_word_apostrophe`]).
/// "Pe\u{AD}skov" is Peskov, as a search of the text finds it.
/// The keys this makes are stored in the database (aliases, organisations, place names):
/// a change here is a schema upgrade that rewrites them (see `store::rewrite_name_keys`).
///
/// Chinese, Japanese and Korean letters fold as the index folds them (voiced kana keep
/// their marks, version 6), and the modifier apostrophe ʼ parts words as ' does.
pub fn fold(text: &str) -> String {
    // Most words of most texts are ASCII letters and digits, which fold to their lower
    // case: the mention finder folds every word of every statement it reads.
    if text.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        return text.to_ascii_lowercase();
    }
    fold_general(text)
}

/// [`fold`] for any text.
fn fold_general(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut rest = text;
    while !rest.is_empty() {
        // A run of Chinese, Japanese or Korean letters folds as the index folds such a
        // token (see [`fold_word`]): a voiced kana keeps its mark, ゼ is not セ, and
        // Hangul stays in syllables.
        let cjk_run = rest
            .char_indices()
            .find(|&(_, character)| !is_cjk_letter(character))
            .map_or(rest.len(), |(at, _)| at);
        let (run, after) = if cjk_run > 0 {
            rest.split_at(cjk_run)
        } else {
            let other_run = rest
                .char_indices()
                .find(|&(_, character)| is_cjk_letter(character))
                .map_or(rest.len(), |(at, _)| at);
            rest.split_at(other_run)
        };
        rest = after;
        if cjk_run > 0 {
            if pending_space {
                folded.push(' ');
                pending_space = false;
            }
            folded.extend(run.nfkc());
            continue;
        }
        let mut characters = run.nfkd().peekable();
        while let Some(character) = characters.next() {
            // The letter before, for the characters read by it; after a space, none.
            let base = if is_combining_mark(character)
                || is_dropped_in_word(character)
                || is_apostrophe(character)
            {
                (!pending_space).then(|| last_letter(&folded)).flatten()
            } else {
                None
            };
            // A mark of a letter of the word (a vowel sign) is kept, a diacritic dropped;
            // after a space, a mark has no letter and is no word.
            if is_combining_mark(character) && is_diacritic_after(base, character) {
                drop_mark(character, &mut folded);
                continue;
            }
            // Dropped, not a break: a soft hyphen at a word's edge leaves the space the
            // characters beside it make, inside a word none. But a non-joiner after a
            // letter of Arabic script parts words (see `parts_words_after`).
            if is_dropped_in_word(character) && !parts_words_after(base, character) {
                continue;
            }
            // An apostrophe between two Cyrillic letters is a letter's sign of the word
            // (Ukrainian об'єкт), which folds away, as the index reads it.
            if is_word_apostrophe(base, character, characters.peek().copied()) {
                continue;
            }
            // The modifier apostrophe parts words, as the index reads it.
            if !is_letter_or_digit(character) && !is_combining_mark(character) {
                pending_space = !folded.is_empty();
                continue;
            }
            if pending_space {
                folded.push(' ');
                pending_space = false;
            }
            push_letter(character, &mut folded);
        }
    }
    // NFKD turns Cyrillic ё into е + combining diaeresis, which is dropped above.
    folded
}

/// A character of a run [`fold`] folds as one CJK token: a CJK letter, or a mark on
/// one (the combining voiced sound marks of kana).
fn is_cjk_letter(character: char) -> bool {
    is_cjk(character) && (character.is_alphanumeric() || is_combining_mark(character))
}

/// Writes one word folded into `out`: lower case, no diacritics, the special letters of
/// Azerbaijani, Turkish and others read as plain Latin, Cyrillic ё as е and Ukrainian ґ
/// as г, the letters of Arabic script as Lucene's Arabic and Persian analysers fold them
/// (ی and ى are ي, ک is ك, ة and ۀ are ه, ٱ is ا; see `push_folded`), and the decimal
/// digits of every script as 0 to 9 (`decimal_digit`). The index's analysers fold every
/// token with this, so search and name matching agree.
///
/// A word also loses the characters that stand inside it without parting it (see
/// [`is_dropped_in_word`]), has Greek final ς as σ, and Armenian և and եւ as եվ, letter
/// by letter as [`fold`] folds names (schema version 5 on), so that a name and the words
/// of a text that names it agree.
///
/// A token of Chinese, Japanese or Korean characters (see [`is_cjk`]) is only brought to
/// its compatibility composition (NFKC): half-width katakana become full-width ones, and
/// a voiced kana stays voiced, where dropping the mark as a diacritic would make が (ga)
/// か (ka).
pub fn fold_word(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    if word.starts_with(is_cjk) {
        out.extend(word.nfkc());
        return;
    }
    let mut characters = word.nfkd().peekable();
    while let Some(character) = characters.next() {
        if is_combining_mark(character) {
            if is_diacritic_after(last_letter(out), character) {
                drop_mark(character, out);
                continue;
            }
        } else if is_dropped_in_word(character)
            || (is_apostrophe(character)
                && is_word_apostrophe(last_letter(out), character, characters.peek().copied()))
        {
            continue;
        }
        push_letter(character, out);
    }
}

/// The Arabic letter ae (ە), the vowel letter of Kurdish and Uyghur; with a hamza above,
/// the Persian heh with yeh (ۀ), which is what Unicode decomposes that letter into.
const ARABIC_AE: char = '\u{6D5}';

/// The Arabic hamza above, a combining mark: what tells ۀ from ە once decomposed.
const ARABIC_HAMZA_ABOVE: char = '\u{654}';

/// The Arabic letter heh (ه), which every Persian and Urdu heh folds to.
pub(crate) const ARABIC_HEH: char = '\u{647}';

/// Drops a combining mark of a word being folded into `out`, which holds the word's
/// letters before it. A mark is a diacritic, but for the hamza above ە: the two are the
/// Persian heh with yeh ۀ (the ezafe written on a word's final heh), a heh as Lucene's
/// PersianNormalizer reads it, where ە alone is a letter of its own (Kurdish, Uyghur).
#[inline]
fn drop_mark(mark: char, out: &mut String) {
    if mark == ARABIC_HAMZA_ABOVE && out.ends_with(ARABIC_AE) {
        out.pop();
        out.push(ARABIC_HEH);
    }
}

/// Writes one letter or digit of a word (decomposed, its marks dropped) folded onto
/// `out`, which holds the word's letters before it: the rule of [`fold`] and
/// [`fold_word`] alike.
fn push_letter(character: char, out: &mut String) {
    match character {
        // Lower-casing maps Σ to σ wherever it stands: ΕΙΡΗΝΗΣ is ειρηνησ, so the
        // final form of ειρήνης must be σ too.
        'ς' => out.push('σ'),
        // The ligature և decomposes to ե + ւ, the classical spelling (Երեւան); the
        // reformed one writes եվ (Երեվան, ԵՐԵՎԱՆ, as և has no capital): all three
        // are եվ. Only ւ right after ե: in ու (Սեուլ) it follows ո; after a space
        // (ե ւ) it starts a word of its own.
        'ւ' | 'Ւ' if out.ends_with('ե') => out.push('վ'),
        _ => push_positional(character, out),
    }
}

/// Writes `character` onto `out` with the positional variants of a letter read as the
/// letter, else as [`push_folded`] folds it.
fn push_positional(character: char, out: &mut String) {
    match character {
        // The Hebrew final letters are the forms of כ מ נ פ צ at a word's end, as ς is of
        // σ: a stem typed alone ends in one (הסכם), and in its longer words the medial
        // form stands (הסכמים), so a prefix query `הסכם*` must find them.
        'ך' => out.push('כ'),
        'ם' => out.push('מ'),
        'ן' => out.push('נ'),
        'ף' => out.push('פ'),
        'ץ' => out.push('צ'),
        // The Urdu do-chashmi heh ھ is the heh ه in the shape it takes at a word's start
        // and in aspirates (بھارت): Urdu and Arabic spellings of one word or name
        // (ھجوم, هجوم) are one, as a char filter for Urdu makes them in Elasticsearch.
        '\u{6BE}' => out.push('\u{647}'),
        _ => push_folded(character, out),
    }
}

/// The last character of `folded` that is no mark: the letter the marks after it are
/// of (a kept vowel sign is no letter to Unicode: Myanmar ် U+103A, before း).
fn last_letter(folded: &str) -> Option<char> {
    folded
        .chars()
        .rev()
        .find(|&character| !is_combining_mark(character))
}

/// Whether the combining mark `mark`, after the letter `base` of a word (the last one
/// folded; None at a word's start), is a diacritic, which folding drops, rather than a
/// letter of the word, which it keeps.
///
/// The marks of Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic and Syriac
/// letters are accents and points that a word is written with or without (é and e, the
/// niqqud, the harakat): dropped, as Meilisearch drops them for these scripts. Those of
/// Chinese, Japanese and Korean are read in `fold_word`'s own way, and a mark with no
/// letter before it (or after a digit or a symbol) is no letter of anything. But in
/// Devanagari, Bengali, Gurmukhi, Tamil, Telugu, Sinhala, Thai, Myanmar, Khmer, Tibetan
/// and the other scripts whose vowels are signs on a consonant, the signs are letters:
/// dropped, अजय सिंह and अजय साहू were one name and काम, कम and कमी one word. They are
/// kept, as Lucene's Hindi normaliser keeps them, and so are the virama (क्या is not
/// कया) and the marks of any script not listed, where dropping could lose a letter.
/// Only the nukta goes ([`is_nukta`]).
fn is_diacritic_after(base: Option<char>, mark: char) -> bool {
    let marks_are_letters =
        base.is_some_and(|base| base.is_alphabetic() && !is_cjk(base) && !has_optional_marks(base));
    !marks_are_letters || is_nukta(mark)
}

/// The nukta of the Indic scripts, a dot under a consonant that writes a sound of
/// Persian or English loans (ज़ is z, फ़ f). It is often left out (ज for ज़, as Hindi is
/// typed), and Unicode makes it a diacritic: Lucene's Hindi normaliser and ICU folding
/// drop it, and so does folding, so that both spellings and the letters composed with it
/// (U+0958 क़, which decomposes) are one.
fn is_nukta(mark: char) -> bool {
    matches!(
        mark,
        '\u{93C}' | '\u{9BC}' | '\u{A3C}' | '\u{ABC}' | '\u{B3C}' | '\u{C3C}' | '\u{CBC}'
    )
}

/// Whether `letter` is of a script whose combining marks are optional diacritics (see
/// [`is_diacritic_after`]): Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac,
/// Georgian, by their blocks.
fn has_optional_marks(letter: char) -> bool {
    matches!(
        letter,
        '\u{0}'..='\u{74F}'           // Latin, IPA, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac
            | '\u{750}'..='\u{77F}'   // Arabic Supplement
            | '\u{860}'..='\u{8FF}'   // Syriac Supplement, Arabic Extended-B and -A
            | '\u{10A0}'..='\u{10FF}' // Georgian
            | '\u{1C80}'..='\u{1CBF}' // Cyrillic Extended-C, Georgian Extended
            | '\u{1D00}'..='\u{1FFF}' // Phonetic Extensions, Latin Extended Additional, Greek Extended
            | '\u{2C60}'..='\u{2C7F}' // Latin Extended-C
            | '\u{2D00}'..='\u{2D2F}' // Georgian Supplement
            | '\u{A640}'..='\u{A69F}' // Cyrillic Extended-B
            | '\u{A720}'..='\u{A7FF}' // Latin Extended-D
            | '\u{AB30}'..='\u{AB6F}' // Latin Extended-E
            | '\u{FB00}'..='\u{FDFF}' // Latin, Armenian, Hebrew and Arabic presentation forms
            | '\u{FE70}'..='\u{FEFF}' // Arabic Presentation Forms-B
            | '\u{FF21}'..='\u{FF5A}' // Full-width Latin
            | '\u{10780}'..='\u{107BF}' // Latin Extended-F
            | '\u{10EC0}'..='\u{10EFF}' // Arabic Extended-C
            | '\u{1DF00}'..='\u{1DFFF}' // Latin Extended-G
            | '\u{1E030}'..='\u{1E08F}' // Cyrillic Extended-D
            | '\u{1EE00}'..='\u{1EEFF}' // Arabic Mathematical Alphabetic Symbols
    )
}

/// U+200C, the zero-width non-joiner: see [`parts_words_after`].
pub const ZERO_WIDTH_NON_JOINER: char = '\u{200C}';

/// Whether `character`, dropped inside other words ([`is_dropped_in_word`]), parts the
/// word whose last letter is `before`: the zero-width non-joiner after a letter of
/// Arabic script. Persian writes it where a word's suffix or prefix begins (تحریم‌ها,
/// the sanctions; می‌خواهیم), as it writes a space or nothing there; Lucene's Persian
/// analyser reads it as a space, so that تحریم finds تحریم‌ها. In Indic scripts it (and
/// the joiner) only chooses how a conjunct is drawn inside one word, and elsewhere it
/// breaks a ligature (Auf‌lage): there it is dropped, and the word stays whole.
#[inline]
pub fn parts_words_after(before: Option<char>, character: char) -> bool {
    character == ZERO_WIDTH_NON_JOINER && before.is_some_and(is_arabic_script)
}

/// Whether `character` is of Arabic script (the letters, marks and digits of its blocks).
#[inline]
pub fn is_arabic_script(character: char) -> bool {
    matches!(
        character,
        '\u{600}'..='\u{6FF}'
            | '\u{750}'..='\u{77F}'
            | '\u{870}'..='\u{8FF}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
            | '\u{10EC0}'..='\u{10EFF}'
    )
}

/// Whether `character` is an apostrophe: ', ’ or ʼ.
#[inline]
fn is_apostrophe(character: char) -> bool {
    matches!(character, '\'' | '\u{2019}' | MODIFIER_APOSTROPHE)
}

/// Whether `character` is an apostrophe (' ’ or ʼ) that stands between the Cyrillic
/// letters `before` and `after`: a sign of the word in Ukrainian and Belarusian (об'єкт,
/// сем'я, п'ять), as Lucene's Ukrainian analyser reads it, which the index keeps inside
/// the word and folding drops, so that обєкт, typed without it, finds it and єкт does
/// not. Elsewhere an apostrophe parts words (don't, Ankara'da).
#[inline]
pub fn is_word_apostrophe(before: Option<char>, character: char, after: Option<char>) -> bool {
    is_apostrophe(character)
        && before.is_some_and(is_cyrillic_letter)
        && after.is_some_and(is_cyrillic_letter)
}

/// Whether `character` is a letter of Cyrillic script.
#[inline]
pub fn is_cyrillic_letter(character: char) -> bool {
    matches!(
        character,
        '\u{400}'..='\u{52F}' | '\u{1C80}'..='\u{1C8F}' | '\u{A640}'..='\u{A69F}'
    ) && character.is_alphabetic()
}

/// Returns true for the characters that may stand inside a word without parting it, and
/// that [`fold_word`] and [`fold`] drop: the invisible format characters
/// ([`is_invisible_format`]), which HTML (`&shy;`) and word processors put inside words,
/// the Armenian marks written on the stressed vowel, inside the word (Ինչո՞ւ,
/// Ադրբեջա՛նը), and the Arabic tatweel (kashida), which stretches the joint between
/// two letters to justify a line or for emphasis (علـــى is على).
#[inline]
pub fn is_dropped_in_word(character: char) -> bool {
    matches!(
        character,
        '\u{055B}'..='\u{055C}'       // Armenian emphasis ՛ and exclamation ՜ marks
            | '\u{055E}'..='\u{055F}' // Armenian question ՞ and abbreviation ՟ marks
            | ARABIC_TATWEEL
    ) || is_invisible_format(character)
}

/// U+0640, the Arabic tatweel (kashida): a letter to Unicode (a modifier letter), but no
/// sound, only a longer joint between the letters it stands between.
const ARABIC_TATWEEL: char = '\u{640}';

/// Returns true for the invisible format characters: the default-ignorable ones of
/// category Cf (soft hyphen, zero-width joiner and non-joiner, word joiner, byte order
/// mark, direction marks). They draw nothing, or, as some terminals draw a soft hyphen,
/// something a table's widths do not count.
///
/// The zero-width space (U+200B) is not one: Thai, Khmer, Lao and Burmese, written
/// without spaces, put it between words, and Unicode's word boundaries (UAX #29) break
/// at it as at a space, where they ignore these.
#[inline]
pub fn is_invisible_format(character: char) -> bool {
    matches!(
        character,
        '\u{00AD}'                       // soft hyphen
            | '\u{061C}'                 // Arabic letter mark
            | '\u{180E}'                 // Mongolian vowel separator
            | '\u{200C}'..='\u{200F}'   // zero-width non-joiner, joiner, direction marks
            | '\u{202A}'..='\u{202E}'   // direction embeddings and overrides
            | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
            | '\u{2066}'..='\u{206F}'   // direction isolates, deprecated format characters
            | '\u{FEFF}'                 // zero-width no-break space (byte order mark)
            | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
            | '\u{1D173}'..='\u{1D17A}' // musical format characters
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}' // tags
    )
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
        // Ukrainian ґ is written as г as often as not (Lucene's Ukrainian analyser folds
        // it so), as Russian ё as е, which decomposes.
        'ґ' | 'Ґ' => out.push('г'),
        // Arabic script, as Lucene's ArabicNormalizer and PersianNormalizer fold it: one
        // word is typed with the Persian or the Arabic letter by the keyboard at hand,
        // and a final yeh or heh by habit. The Farsi yeh ی, the alef maksura ى (a final
        // yeh without its dots) and the Urdu yeh barree ے are the yeh ي; the keheh ک
        // (the Persian kaf) is the kaf ك; the teh marbuta ة (a final heh with the dots of
        // a teh) and the Urdu heh goal ہ are the heh ه. The alef with a hamza or a madda
        // (أ إ آ), ئ and ؤ decompose to their base letter and a mark, which is dropped;
        // the alef wasla ٱ has no decomposition, and is the alef ا.
        '\u{6CC}' | '\u{649}' | '\u{6D2}' => out.push('\u{64A}'),
        '\u{6A9}' => out.push('\u{643}'),
        '\u{629}' | '\u{6C1}' => out.push(ARABIC_HEH),
        '\u{671}' => out.push('\u{627}'),
        // The decimal digits of every script are the digits 0 to 9 in other shapes, and
        // a number is written in either beside the other: Arabic-Indic ٢٠٢٤, Persian
        // ۲۰۲۴, Devanagari २०२४ and Thai ๒๐๒๔ are 2024, as Lucene's Arabic, Persian and
        // Hindi analysers and ICU's folding read them.
        _ => match decimal_digit(character) {
            Some(digit) => out.push(digit),
            None => out.extend(character.to_lowercase()),
        },
    }
}

/// The first (zero) digit of each run of ten decimal digits (Unicode's category Nd)
/// beyond ASCII, in order: Arabic-Indic, Persian, N'Ko, the Indic scripts, Thai, Lao,
/// Tibetan, Myanmar, Khmer, Mongolian and the rest. Every run holds the digits 0 to 9
/// in order (`tests::every_decimal_digit_folds_to_its_ascii_digit` checks the table).
const DIGIT_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The ASCII digit a decimal digit of another script is (٣, ३ and ๓ are 3), None for
/// any other character.
#[inline]
fn decimal_digit(character: char) -> Option<char> {
    let code = u32::from(character);
    // Latin, Greek, Cyrillic, Armenian and Hebrew letters come before the first run.
    if code < DIGIT_ZEROS[0] {
        return None;
    }
    let run = DIGIT_ZEROS.partition_point(|&zero| zero <= code) - 1;
    let value = code - DIGIT_ZEROS[run];
    (value < 10).then(|| char::from(b'0' + value as u8))
}

/// U+02BC "ʼ", the modifier letter apostrophe: Unicode's recommended apostrophe for
/// Ukrainian (обʼєкт), and common in transliterations. A letter to Unicode, it is written
/// as ' and ’ are, so the index reads it as them: it parts words, and "Armeniaʼs" is the
/// word Armenia (see `index/tokenizer.rs`).
pub const MODIFIER_APOSTROPHE: char = '\u{2BC}';

/// Whether `character` is a letter or a digit of a word as the index cuts words: one
/// Unicode calls alphanumeric, but for [`MODIFIER_APOSTROPHE`] and the Arabic tatweel,
/// which stands inside a word as a soft hyphen does ([`is_dropped_in_word`]): alone, it
/// is no word.
#[inline]
pub fn is_letter_or_digit(character: char) -> bool {
    character.is_alphanumeric() && character != MODIFIER_APOSTROPHE && character != ARABIC_TATWEEL
}

/// Returns true for the characters of Chinese, Japanese and Korean writing: Han
/// ideographs (with 々 and 〇), hiragana, katakana (half-width too) and Hangul. These
/// scripts do not separate words by spaces (Korean puts particles on its words), so the
/// index cuts their runs into pairs of characters instead of words (see
/// [`is_written_unspaced`]); folding brings them only to their compatibility composition.
#[inline]
pub fn is_cjk(character: char) -> bool {
    matches!(
        character,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
            | '\u{3005}'..='\u{3007}' // 々 〆 〇
            | '\u{3021}'..='\u{3029}' // Hangzhou numerals
            | '\u{3038}'..='\u{303C}'
            | '\u{3041}'..='\u{309F}' // Hiragana, with the combining voiced sound marks
            | '\u{30A0}'..='\u{30FF}' // Katakana
            | '\u{3130}'..='\u{318F}' // Hangul Compatibility Jamo
            | '\u{31F0}'..='\u{31FF}' // Katakana Phonetic Extensions
            | '\u{3400}'..='\u{4DBF}' // CJK Unified Ideographs Extension A
            | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
            | '\u{A960}'..='\u{A97F}' // Hangul Jamo Extended-A
            | '\u{AC00}'..='\u{D7FF}' // Hangul Syllables, Jamo Extended-B
            | '\u{F900}'..='\u{FAFF}' // CJK Compatibility Ideographs
            | '\u{FF66}'..='\u{FF9F}' // Half-width katakana
            | '\u{FFA0}'..='\u{FFDC}' // Half-width Hangul
            | '\u{1AFF0}'..='\u{1B16F}' // Kana Extended, Supplement, Small Kana
            | '\u{20000}'..='\u{3FFFF}' // Ideographs of planes 2 and 3
    )
}

/// Returns true for the characters of the scripts that write words without spaces
/// between them: Chinese, Japanese and Korean ([`is_cjk`]), and Thai, Lao, Khmer and
/// Myanmar (Burmese), which put a space between phrases or sentences only ("กระทรวง
/// การต่างประเทศไทยเรียกร้อง…" is one run). The index cuts their runs into pairs of
/// characters instead of words. Combining marks of the four (vowel signs, tone marks,
/// Khmer's coeng) are included: they stand with the letter before them. Their digits
/// are not: a number is a word of its own, whose digits fold to 0 to 9 ([`fold_word`]),
/// as CJK text writes its numbers in ASCII digits.
#[inline]
pub fn is_written_unspaced(character: char) -> bool {
    matches!(
        character,
        '\u{E00}'..='\u{E4F}'       // Thai, before its digits ๐ to ๙
            | '\u{E5A}'..='\u{ECF}' // Thai, Lao, before Lao's digits
            | '\u{EDA}'..='\u{EFF}'
            | '\u{1000}'..='\u{103F}' // Myanmar, around its two runs of digits
            | '\u{104A}'..='\u{108F}'
            | '\u{109A}'..='\u{109F}'
            | '\u{1780}'..='\u{17DF}' // Khmer, before its digits
            | '\u{17EA}'..='\u{17FF}'
            | '\u{19E0}'..='\u{19FF}' // Khmer Symbols
            | '\u{A9E0}'..='\u{A9EF}' // Myanmar Extended-B, before its digits
            | '\u{A9FA}'..='\u{A9FF}'
            | '\u{AA60}'..='\u{AA7F}' // Myanmar Extended-A
    ) || is_cjk(character)
}

/// Whether `character`, in an unspaced run ([`is_written_unspaced`]), belongs to the
/// character before it: a combining mark (a Thai vowel sign or tone mark, the combining
/// voiced sound marks of kana), or a half-width voiced sound mark, which completes the
/// half-width katakana before it (ｶﾞ is ガ).
pub fn is_attached_mark(character: char) -> bool {
    matches!(character, '\u{FF9E}' | '\u{FF9F}') || is_combining_mark(character)
}

/// Writes into `e_spelling` `word` with "e" for ə: the Turkish-style spelling of an
/// Azerbaijani word (Ermenistan for Ermənistan), which the index holds as a second
/// reading of every word with ə, beside the folding's, ə as "a".
pub fn write_e_spelling(word: &str, e_spelling: &mut String) {
    e_spelling.clear();
    e_spelling.extend(word.chars().map(|character| match character {
        'ə' | 'Ə' => 'e',
        other => other,
    }));
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
    let matches = |query_words: &[String], name: &str| {
        let name_words = folded_words(name);
        query_words.iter().all(|word| name_words.contains(word))
    };
    // Schwa folds to "a" (Dargahli), but "e" is a common transliteration too (Dergahli):
    // either reading of the name, for either reading of the query.
    let mut queries = vec![query_words];
    if has_schwa(query) {
        queries.push(folded_words(&schwa_as_e(query)));
    }
    queries.iter().any(|query_words| {
        matches(query_words, name) || (has_schwa(name) && matches(query_words, &schwa_as_e(name)))
    })
}

/// Returns true when `query` (a `--role` value) names the role `role`: every word of it
/// is a word of the role ([`words_match`]), one at least is a word of the role's head
/// ([`role_head`]), and the head has no word of rank the query does not have
/// ([`RANK_WORDS`]).
///
/// A role names whom it serves after its head: "Press Secretary of the Prime Minister of
/// Russia" has every word of "Prime Minister of Russia", and "Assistant to the President
/// of Azerbaijan" of "President of Azerbaijan", but neither is that office, and a search
/// for the prime minister's statements returned his press secretary's. "Kremlin
/// spokesperson" is still found by `spokesperson`, "Spokesperson of the Ministry of
/// Defence" by `spokesperson` and `defence spokesperson`; `--org` finds the ministry's.
pub fn role_words_match(query: &str, role: &str) -> bool {
    if !words_match(query, role) {
        return false;
    }
    let head = folded_words(role_head(role));
    let query_words = folded_words(query);
    let touches_head = head.iter().any(|word| query_words.contains(word));
    let rank_left_out = head
        .iter()
        .any(|word| RANK_WORDS.contains(&word.as_str()) && !query_words.contains(word));
    touches_head && !rank_left_out
}

/// The words of a role before the first word that links it to whom it serves (`of`,
/// `to`, `for`, `at`, `on`): "Press Secretary" of "Press Secretary of the Prime Minister".
/// The whole role when it has none, or starts with one.
pub fn role_head(role: &str) -> &str {
    let mut offset = 0;
    for word in role.split_inclusive(char::is_whitespace) {
        let bare = word.trim();
        if offset > 0
            && ROLE_LINKS
                .iter()
                .any(|link| bare.eq_ignore_ascii_case(link))
        {
            return role[..offset].trim_end();
        }
        offset += word.len();
    }
    role
}

/// The words that link an English role's head to whom it serves.
const ROLE_LINKS: [&str; 5] = ["of", "to", "for", "at", "on"];

/// Words that make a role's head another office than the same head without them: a
/// deputy minister is not the minister, nor a vice-president the president.
pub const RANK_WORDS: [&str; 7] = [
    "deputy",
    "vice",
    "assistant",
    "acting",
    "adviser",
    "advisor",
    "aide",
];

/// Whether two labels (tags, channels) are one, as names are matched: folded, a schwa
/// read as "a" or as "e" (`erazi`, `arazi` and `Ərazi`).
pub fn labels_alike(first: &str, second: &str) -> bool {
    let second = label_readings(second);
    label_readings(first)
        .iter()
        .any(|reading| second.contains(reading))
}

/// The readings of a label that [`labels_alike`] compares: folded, and with a schwa read
/// as "e" too.
pub fn label_readings(text: &str) -> Vec<String> {
    let mut readings = vec![fold(text)];
    if has_schwa(text) {
        readings.push(fold(&schwa_as_e(text)));
    }
    readings
}

/// Whether `text` has an Azerbaijani schwa, which names read as "a" or "e".
pub fn has_schwa(text: &str) -> bool {
    text.contains(['ə', 'Ə'])
}

/// `text` with its schwas read as "e" (Ermənistan as Ermenistan), the reading [`fold`] does
/// not give.
pub fn schwa_as_e(text: &str) -> String {
    text.replace(['ə', 'Ə'], "e")
}

/// The stretches of `text` beyond ASCII, each with where it starts: what a check that
/// only characters beyond ASCII can fail reads, where most of a text is ASCII. Found a
/// byte at a time, without decoding the ASCII between them.
pub fn non_ascii_stretches(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        let first = start + bytes.get(start..)?.iter().position(|&byte| byte >= 0x80)?;
        // A byte beyond ASCII after an ASCII one (or the start) leads a character, and
        // an ASCII byte is a character of its own: both ends are character boundaries.
        let end = bytes[first..]
            .iter()
            .position(|&byte| byte < 0x80)
            .map_or(bytes.len(), |length| first + length);
        start = end;
        Some((first, &text[first..end]))
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The ASCII shortcut of `fold` keys a word as the general rule does: keys are
        /// stored, and a word folded one way must meet a name folded the other.
        #[test]
        fn an_ascii_word_folds_as_the_general_rule_folds_it(word in "[A-Za-z0-9]{1,24}") {
            prop_assert_eq!(super::fold(&word), super::fold_general(&word));
        }
    }

    #[test]
    fn a_role_is_named_by_its_head_not_by_whom_it_serves() {
        assert_eq!(
            role_head("Press Secretary of the Prime Minister"),
            "Press Secretary"
        );
        assert_eq!(role_head("Kremlin spokesperson"), "Kremlin spokesperson");
        assert_eq!(role_head("Assistant to the President"), "Assistant");
        assert!(role_words_match(
            "Prime Minister of Russia",
            "Prime Minister of Russia"
        ));
        assert!(!role_words_match(
            "Prime Minister of Russia",
            "Press Secretary of the Prime Minister of Russia"
        ));
        assert!(!role_words_match(
            "President of Azerbaijan",
            "Assistant to the President of Azerbaijan"
        ));
        assert!(role_words_match("spokesperson", "Kremlin spokesperson"));
        assert!(role_words_match(
            "defence spokesperson",
            "Spokesperson of the Ministry of Defence"
        ));
        assert!(!role_words_match(
            "Ministry of Defence",
            "Spokesperson of the Ministry of Defence"
        ));
        assert!(!role_words_match(
            "minister",
            "Deputy Minister of Foreign Affairs"
        ));
        assert!(role_words_match(
            "deputy minister",
            "Deputy Minister of Foreign Affairs"
        ));
        assert!(!role_words_match("President", "Vice-President"));
        assert!(role_words_match("president", "President of Azerbaijan"));
        // Words the role does not have never match.
        assert!(!role_words_match("spokesman", "Kremlin spokesperson"));
    }

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

    /// A soft hyphen or a joiner inside a name was a word break: "Dmitry Pe\u{AD}skov" was
    /// another speaker than Dmitry Peskov.
    #[test]
    fn a_name_loses_what_stands_inside_its_words_without_parting_them() {
        assert_eq!(fold("Dmitry Pe\u{AD}skov"), "dmitry peskov");
        assert_eq!(fold("Dmitry\u{AD} \u{200E}Peskov\u{FEFF}"), "dmitry peskov");
        assert_eq!(
            fold("\u{FEFF}Nikol Pa\u{200D}shi\u{2060}nyan"),
            "nikol pashinyan"
        );
        assert_eq!(fold("Ինչո՞ւ"), "ինչու");
        assert_eq!(fold("\u{AD}"), "");
        // The zero-width space parts words, as the index's words.
        assert_eq!(fold("Pe\u{200B}skov"), "pe skov");
    }

    #[test]
    fn a_name_folds_greek_final_sigma_and_armenian_yev_as_words_do() {
        assert_eq!(fold("Νίκος Δένδιας"), "νικοσ δενδιασ");
        assert_eq!(fold("ΝΊΚΟΣ ΔΈΝΔΙΑΣ"), "νικοσ δενδιασ");
        for name in ["Երևան", "Երեւան", "Երեվան", "ԵՐԵՒԱՆ"] {
            assert_eq!(fold(name), "երեվան", "{name}");
        }
        assert_eq!(fold("Սեուլ"), "սեուլ");
        // ւ starting a word is no part of a եւ across the space.
        assert_eq!(fold("Ե ւ"), "ե ւ");
    }

    /// The name's words are the words the index folds: a name found in a text and the
    /// text's words are one spelling.
    #[test]
    fn a_name_folds_word_by_word_as_the_index_folds_words() {
        for name in [
            "Dmitry Pe\u{AD}skov",
            "Ειρήνης Σ",
            "Երևան Ինչո՞ւ",
            "Ilham Əliyev",
            "Provo\u{200D}cation",
            "Şuşa Пёсков",
            "अजय सिंह क़ानून",
            "הסכם ךםןףץ ھجوم",
            "Об'єкт сем’я",
            "علـــى خامنۀ ایران ٢٠٢٤",
            "Ґрунтовні ٱلله",
        ] {
            let words: Vec<String> = name.split(' ').map(folded).collect();
            assert_eq!(fold(name), words.join(" "), "{name}");
        }
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
        assert!(words_match("Hikmət", "Hikmet Hajiyev"));
        assert!(words_match("Hikmət", "Hikmat Hajiyev"));
        assert!(words_match("Hikmət", "Hikmət Hacıyev"));
        assert!(!words_match("Hikmət", "Hikmit Hajiyev"));
        assert!(!words_match("", "Dmitry Peskov"));
    }

    fn folded(word: &str) -> String {
        let mut out = String::new();
        fold_word(word, &mut out);
        out
    }

    #[test]
    fn a_word_loses_what_stands_inside_it_without_parting_it() {
        assert_eq!(folded("сдер\u{AD}жан\u{AD}ности"), "сдержанности");
        assert_eq!(folded("re\u{AD}straint"), "restraint");
        assert_eq!(folded("Provo\u{200D}cation"), "provocation");
        assert_eq!(folded("a\u{200C}b\u{2060}c\u{FEFF}d\u{200F}e"), "abcde");
        assert_eq!(folded("Ինչո՞ւ"), "ինչու");
        assert_eq!(folded("Ադրբեջա՛նը"), folded("Ադրբեջանը"));
        assert_eq!(folded("ո՜չ"), "ոչ");
        assert!(is_dropped_in_word('\u{AD}') && is_dropped_in_word('\u{FEFF}'));
        assert!(is_dropped_in_word('\u{55E}') && !is_invisible_format('\u{55E}'));
        assert!(!is_dropped_in_word('\u{200B}') && !is_dropped_in_word('\u{55D}'));
    }

    #[test]
    fn greek_final_sigma_is_sigma() {
        assert_eq!(folded("ειρήνης"), "ειρηνησ");
        assert_eq!(folded("ΕΙΡΗΝΗΣ"), "ειρηνησ");
        assert_eq!(folded("Σς"), "σσ");
    }

    /// The ligature և, its classical spelling եւ and its reformed spelling եվ are one.
    #[test]
    fn armenian_yev_is_one_in_every_spelling() {
        for word in ["Երևան", "Երեւան", "Երեվան", "ԵՐԵՎԱՆ", "ԵՐԵՒԱՆ"] {
            assert_eq!(folded(word), "երեվան", "{word}");
        }
        assert_eq!(folded("և"), "եվ");
        assert_eq!(folded("ԵՎ"), "եվ");
        // ւ after ո is the vowel ու, not part of եւ.
        assert_eq!(folded("Սեուլ"), "սեուլ");
    }

    /// The vowel signs of Indic and South-East Asian scripts are letters of the word: they
    /// were dropped as diacritics, and अजय सिंह and अजय साहू were one speaker, काम (work),
    /// कम (less) and कमी (shortage) one word.
    #[test]
    fn vowel_signs_of_indic_and_south_east_asian_scripts_are_kept() {
        assert_ne!(fold("अजय सिंह"), fold("अजय साहू"));
        assert_eq!(fold("अजय सिंह"), "अजय सिंह");
        assert_ne!(fold("भारतीय सेना"), fold("भारतीय सन"));
        let words = ["काम", "कम", "कमी", "सीमा", "सुमा", "समा"];
        for (at, word) in words.iter().enumerate() {
            assert_eq!(folded(word), *word, "{word}");
            for other in &words[at + 1..] {
                assert_ne!(folded(word), folded(other), "{word} {other}");
            }
        }
        // Gurmukhi, Tamil, Bengali, Sinhala, Myanmar, Khmer, Thai, Tibetan.
        assert_ne!(fold("ਮੀਨਾ"), fold("ਮਾਨ"));
        assert_ne!(fold("ਭਗਵੰਤ ਮਾਨ"), fold("ਭਗਵਤ ਮਨ"));
        for word in [
            "தாக்குதல்",
            "সেনাবাহিনী",
            "රනිල්",
            "အောင်ဆန်းစုကြည်",
            "កម្ពុជា",
            "ประเทศไทย",
            "བོད་",
        ] {
            assert_eq!(folded(word), word, "{word}");
        }
        // The virama is kept: क्या (kyā) is not कया (kayā).
        assert_ne!(folded("क्या"), folded("कया"));
        // The nukta is dropped, as Hindi is often typed without it; the letters composed
        // with it decompose.
        assert_eq!(folded("ज़रूरी"), folded("जरूरी"));
        assert_eq!(folded("\u{958}ानून"), "कानून");
        assert_eq!(fold("ਸ਼ਹਿਰ"), fold("ਸਹਿਰ"));
        // A joiner or non-joiner only draws a conjunct one way or another.
        assert_eq!(fold("වික්\u{200D}රමසිංහ"), fold("වික්රමසිංහ"));
        assert_eq!(folded("क्\u{200C}ष"), "क्ष");
        // A vowel sign with no letter before it is no word, as in the index.
        assert_eq!(fold("क \u{93F}"), "क");
        assert_eq!(fold("\u{93F}"), "");
        // The marks of Latin, Greek, Cyrillic, Hebrew and Arabic letters are still dropped,
        // and so are marks after a digit or a symbol.
        assert_eq!(fold("Pe\u{301}skov Ἀθῆναι й"), "peskov αθηναι и");
        assert_eq!(folded("נְתַנְיָהוּ"), "נתניהו");
        assert_eq!(folded("مُحَمَّد"), "محمد");
        assert_eq!(folded("1\u{20E3}"), "1");
    }

    /// The Hebrew final letters are their letters, as ς is σ: a stem typed alone ends in
    /// one, the longer words have the medial form.
    #[test]
    fn hebrew_final_letters_are_their_letters() {
        assert_eq!(folded("הסכם"), "הסכמ");
        assert!(folded("הסכמים").starts_with(&folded("הסכם")));
        assert_eq!(folded("ךםןףץ"), "כמנפצ");
        assert_eq!(fold("בנימין נתניהו"), "בנימינ נתניהו");
        // With a dagesh (a presentation form), a final letter still.
        assert_eq!(folded("\u{FB3A}"), "כ");
    }

    /// The Urdu do-chashmi heh is the heh: Urdu and Arabic spellings of a word are one.
    #[test]
    fn urdu_do_chashmi_heh_is_heh() {
        assert_eq!(folded("ھجوم"), folded("هجوم"));
        assert_eq!(fold("شھباز"), fold("شهباز"));
    }

    /// A zero-width non-joiner after a letter of Arabic script parts words (Persian
    /// تحریم‌ها, the sanctions, is تحریم and the plural suffix); elsewhere it stays
    /// inside the word, dropped.
    #[test]
    fn a_non_joiner_parts_words_of_arabic_script_only() {
        assert_eq!(fold("تحریم\u{200C}ها"), fold("تحریم ها"));
        assert_eq!(fold("تحریم\u{200C}ها").split(' ').count(), 2);
        assert_eq!(fold("می\u{200C}خواهیم"), fold("می خواهیم"));
        assert_eq!(fold("می\u{200C}خواهیم").split(' ').count(), 2);
        assert_eq!(fold("Auf\u{200C}lage"), "auflage");
        assert_eq!(fold("क्\u{200C}ष"), "क्ष");
        assert!(parts_words_after(Some('م'), '\u{200C}'));
        assert!(!parts_words_after(Some('क'), '\u{200C}'));
        assert!(!parts_words_after(Some('م'), '\u{200D}'));
        assert!(!parts_words_after(None, '\u{200C}'));
    }

    /// An apostrophe between two Cyrillic letters is a sign of the word (Ukrainian
    /// об'єкт), which folds away; elsewhere it parts words.
    #[test]
    fn an_apostrophe_inside_a_cyrillic_word_folds_away() {
        for word in ["об'єкт", "об’єкт", "обʼєкт", "ОБ'ЄКТ", "обєкт"] {
            assert_eq!(folded(word), "обєкт", "{word}");
            assert_eq!(fold(word), "обєкт", "{word}");
        }
        assert_eq!(fold("Сем'я П'ятниця"), "семя пятниця");
        // Not between two Cyrillic letters: a break.
        assert_eq!(fold("об' єкт"), "об єкт");
        assert_eq!(fold("'об'"), "об");
        assert_eq!(fold("Ob'yekt"), "ob yekt");
        assert_eq!(fold("об'yekt"), "об yekt");
    }

    /// One word of Arabic script is written with the Persian or the Arabic letter (ی or
    /// ي, ک or ك), a final yeh or heh with or without its dots (ى, ة), stretched by
    /// tatweels, its numbers in either script's digits: every such letter folds as
    /// Lucene's ArabicNormalizer and PersianNormalizer fold it, in a word and in a name.
    #[test]
    fn arabic_script_letters_fold_as_lucene_folds_them() {
        let (yeh, kaf, heh, alef, waw) = ("\u{64A}", "\u{643}", "\u{647}", "\u{627}", "\u{648}");
        let table = [
            ('\u{64A}', yeh),       // yeh ي, itself
            ('\u{6CC}', yeh),       // Farsi yeh ی
            ('\u{649}', yeh),       // alef maksura ى
            ('\u{6D2}', yeh),       // yeh barree ے
            ('\u{6D3}', yeh),       // yeh barree with hamza above ۓ
            ('\u{626}', yeh),       // yeh with hamza above ئ
            ('\u{643}', kaf),       // kaf ك, itself
            ('\u{6A9}', kaf),       // keheh ک
            ('\u{647}', heh),       // heh ه, itself
            ('\u{629}', heh),       // teh marbuta ة
            ('\u{6C0}', heh),       // heh with yeh above ۀ
            ('\u{6C1}', heh),       // heh goal ہ
            ('\u{6C2}', heh),       // heh goal with hamza above ۂ
            ('\u{627}', alef),      // alef ا, itself
            ('\u{622}', alef),      // alef with madda above آ
            ('\u{623}', alef),      // alef with hamza above أ
            ('\u{625}', alef),      // alef with hamza below إ
            ('\u{671}', alef),      // alef wasla ٱ
            ('\u{624}', waw),       // waw with hamza above ؤ
            ('\u{6D5}', "\u{6D5}"), // ae ە, a letter of Kurdish and Uyghur: itself
            ('\u{640}', ""),        // tatweel ـ
            ('\u{660}', "0"),       // Arabic-Indic digits ٠ to ٩
            ('\u{665}', "5"),
            ('\u{669}', "9"),
            ('\u{6F0}', "0"), // Persian digits ۰ to ۹
            ('\u{6F4}', "4"),
            ('\u{6F9}', "9"),
            ('ґ', "г"), // Ukrainian ґ
            ('Ґ', "г"),
        ];
        for (letter, expected) in table {
            let code = u32::from(letter);
            assert_eq!(folded(&letter.to_string()), expected, "U+{code:04X}");
            let word = format!("\u{628}{letter}\u{628}");
            let expected_word = format!("\u{628}{expected}\u{628}");
            assert_eq!(folded(&word), expected_word, "U+{code:04X} in a word");
            assert_eq!(fold(&word), expected_word, "U+{code:04X} in a name");
        }
        // The same words spelled the Persian and the Arabic way.
        for (first, second) in [
            ("ایران", "ايران"),
            ("کشور", "كشور"),
            ("علـــى", "علي"),
            ("المدرسة", "المدرسه"),
            ("إسرائيل", "اسرائيل"),
            ("ٱلله", "الله"),
            ("خانۀ", "خانه"),
            ("خانه\u{654}", "خانه"),
            ("خانە\u{654}", "خانه"),
            ("پایی\u{654}ز", "پاييز"),
            ("٢٠٢٤", "2024"),
            ("۲۰۲۴", "2024"),
            ("Ґрунтовні", "грунтовні"),
        ] {
            assert_eq!(folded(first), folded(second), "{first} and {second}");
            assert_eq!(fold(first), fold(second), "{first} and {second} as names");
        }
        // A tatweel alone is no word, as a soft hyphen is not.
        assert_eq!(fold("علي ـــ خامنه"), "علي خامنه");
        assert!(!is_letter_or_digit('\u{640}') && is_dropped_in_word('\u{640}'));
    }

    /// Every decimal digit of Unicode (category Nd) folds to its ASCII digit, in a word
    /// and in a name: the table of runs is checked against the standard library's own
    /// reading of which characters are numeric and what `to_digit` makes of NFKD forms.
    #[test]
    fn every_decimal_digit_folds_to_its_ascii_digit() {
        for zero in DIGIT_ZEROS {
            for value in 0..10 {
                let digit = char::from_u32(zero + value).expect("a character");
                assert!(digit.is_numeric(), "U+{:04X}", zero + value);
                let expected = char::from(b'0' + value as u8);
                assert_eq!(
                    decimal_digit(digit),
                    Some(expected),
                    "U+{:04X}",
                    zero + value
                );
                let mut out = String::new();
                fold_word(&format!("a{digit}"), &mut out);
                assert_eq!(
                    out,
                    format!("a{expected}"),
                    "U+{:04X} in a word",
                    zero + value
                );
            }
        }
        // What follows a run is no digit (٩ is followed by ٪, percent; ๙ by ๚), unless
        // another run starts there (the mathematical digits: bold, double-struck …).
        for zero in DIGIT_ZEROS
            .iter()
            .filter(|&zero| !DIGIT_ZEROS.contains(&(zero + 10)))
        {
            let after = char::from_u32(zero + 10).expect("a character");
            assert_eq!(decimal_digit(after), None, "U+{:04X}", zero + 10);
        }
        for character in ['a', '9', 'я', 'ա', 'א', 'ب', 'क', 'ก', '克', '½', 'Ⅻ', '①']
        {
            assert_eq!(decimal_digit(character), None, "{character}");
        }
        for (digits, expected) in [
            ("२०२४", "2024"),
            ("২০২৪", "2024"),
            ("๒๕๖๗", "2567"),
            ("១២", "12"),
            ("၂၀၂၄", "2024"),
            ("௨௦௨௪", "2024"),
            ("٢٠٢٤", "2024"),
            ("۲۰۲۴", "2024"),
            ("２０２４", "2024"),
        ] {
            assert_eq!(fold(digits), expected, "{digits} as a name");
        }
        // A Thai or Khmer number is a word of its own, not a part of the run beside it.
        assert!(!"๐๙໐໙၀၉႐႙០៩꧰꧹".chars().any(is_written_unspaced));
        assert!("กๆ๚ກ໌ໜကဿ၊ႚកៗ៰".chars().all(is_written_unspaced));
    }

    #[test]
    fn a_name_in_kana_keeps_its_voiced_marks_as_its_words_in_a_text_do() {
        // ゼレンスキー and セレンスキー are two names, as they are two words of the index.
        assert_eq!(fold("ゼレンスキー"), "ゼレンスキー");
        assert_ne!(fold("ゼレンスキー"), fold("セレンスキー"));
        // Decomposed or half-width, the same name.
        assert_eq!(fold("セ\u{3099}レンスキー"), "ゼレンスキー");
        assert_eq!(fold("ｾﾞﾚﾝｽｷｰ"), "ゼレンスキー");
        assert_eq!(fold("자제"), "자제");
        // Beside other scripts, words apart as before.
        assert_eq!(fold("Ms. ゼレンスキー (Kyiv)"), "ms ゼレンスキー kyiv");
    }

    #[test]
    fn the_modifier_apostrophe_parts_a_name_as_it_parts_words_of_a_text() {
        assert_eq!(fold("Obʼyekt"), "ob yekt");
        assert_eq!(fold("Obʼyekt"), fold("Ob'yekt"));
    }

    #[test]
    fn cjk_tokens_keep_their_voiced_marks_and_lose_their_width() {
        let folded = |word: &str| {
            let mut out = String::new();
            fold_word(word, &mut out);
            out
        };
        assert_eq!(folded("克制"), "克制");
        assert_eq!(folded("ガス"), "ガス");
        // Half-width katakana, the voiced mark a character of its own.
        assert_eq!(folded("ｶﾞｽ"), "ガス");
        // Decomposed: か and the combining voiced mark.
        assert_eq!(folded("か\u{3099}"), "が");
        assert_eq!(folded("자제"), "자제");
        assert!(is_cjk('克') && is_cjk('が') && is_cjk('ｶ') && is_cjk('자') && is_cjk('𠀋'));
        assert!(!is_cjk('a') && !is_cjk('я') && !is_cjk('。') && !is_cjk('、') && !is_cjk('２'));
        assert!(["ก", "ั", "ລ", "ក", "្", "မ", "ျ", "克"]
            .iter()
            .all(|character| character.chars().all(is_written_unspaced)));
        assert!(!"aяա\u{A70}ि".chars().any(is_written_unspaced));
    }

    #[test]
    fn stretches_beyond_ascii_are_found_whole_at_their_offsets() {
        let stretches = |text| non_ascii_stretches(text).collect::<Vec<_>>();
        assert_eq!(stretches("plain"), []);
        assert_eq!(stretches(""), []);
        assert_eq!(
            stretches("Armenia’s “border” — Ermənistan"),
            [(7, "’"), (12, "“"), (21, "”"), (25, "—"), (32, "ə")]
        );
        assert_eq!(stretches("اردو"), [(0, "اردو")]);
        assert_eq!(stretches("a éé b"), [(2, "éé")]);
    }
}
