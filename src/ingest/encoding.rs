//! Which legacy encoding an input that is not UTF-8 is likely in, for the advice to
//! convert it.
//!
//! A spreadsheet saves CSV in its system's "ANSI" code page: Windows-1252 in Western
//! Europe, but Windows-1256 in the Arab world and Iran, 1255 in Israel, 1251 in Russia.
//! Advice that named Windows-1252 for all of them turned Arabic or Hebrew text into
//! Latin mojibake that then ingested cleanly. Firefox's detector (chardetng) tells the
//! code pages apart from the bytes themselves, as a browser does for an unlabelled page.

use std::io::{BufReader, Read};
use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};

/// How many bytes of text the guess is made on, from the first chunk that holds a
/// non-ASCII byte: a few lines of a script are enough, and the advice is given at once.
const SAMPLE: usize = 64 * 1024;

/// How far into a file its first non-ASCII byte is looked for. Past this the file is
/// taken to say nothing of its encoding: the advice then lists the candidates.
const SCANNED: u64 = 256 * 1024 * 1024;

/// The top-level domains whose guesses are compared to judge a guess: chardetng takes
/// the domain as a prior, which decides between encodings the bytes leave close. When
/// most priors still give the same encoding, the bytes alone chose it.
const PRIORS: [Option<&[u8]>; 16] = [
    None,
    Some(b"ru"),
    Some(b"il"),
    Some(b"eg"),
    Some(b"ir"),
    Some(b"gr"),
    Some(b"tr"),
    Some(b"pl"),
    Some(b"de"),
    Some(b"jp"),
    Some(b"cn"),
    Some(b"tw"),
    Some(b"kr"),
    Some(b"th"),
    Some(b"vn"),
    Some(b"lt"),
];

/// The encodings a spreadsheet most often saves in, each with the scripts it writes,
/// listed when the input tells little or nothing (standard input, read once).
pub const COMMON: [(&str, &str); 7] = [
    ("WINDOWS-1252", "Western European"),
    ("WINDOWS-1250", "Central European"),
    ("WINDOWS-1251", "Cyrillic"),
    ("WINDOWS-1253", "Greek"),
    ("WINDOWS-1254", "Turkish"),
    ("WINDOWS-1255", "Hebrew"),
    ("WINDOWS-1256", "Arabic, Persian, Urdu"),
];

/// The likely encoding of an input, named as `iconv` spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    /// The most likely encoding.
    pub encoding: &'static str,
    /// Whether the bytes chose it: most of the priors chardetng may be given agree.
    /// Short samples of one script can read about as well in another code page.
    pub sure: bool,
}

/// Guesses the encoding of `sample`, bytes of an input that is not UTF-8. Returns None
/// when the sample is ASCII: it says nothing of the encoding.
pub fn guess(sample: &[u8]) -> Option<Guess> {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    if !detector.feed(sample, true) {
        return None;
    }
    // The guess without a prior: a file has no domain.
    let encoding = detector.guess(None, Utf8Detection::Deny);
    let agreeing = PRIORS
        .iter()
        .filter(|prior| detector.guess(**prior, Utf8Detection::Deny) == encoding)
        .count();
    Some(Guess {
        encoding: iconv_name(encoding),
        sure: agreeing * 4 >= PRIORS.len() * 3,
    })
}

/// Reads a sample of the file at `path` to guess its encoding by: up to 64 KB from the
/// first chunk that holds a non-ASCII byte, gzip read decompressed. Returns None when the
/// file cannot be read or holds no non-ASCII byte early enough.
pub fn sample_of_file(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).ok()?;
    let mut input: Box<dyn Read> = if super::is_gzip_file(path) {
        Box::new(super::compression::Gzip::new(BufReader::new(file)))
    } else {
        Box::new(file)
    };
    let mut sample = Vec::new();
    let mut chunk = vec![0u8; SAMPLE];
    let mut scanned = 0u64;
    loop {
        // An error (damaged gzip) ends the sample where it is: advice, not a read.
        let read = input.read(&mut chunk).unwrap_or(0);
        if read == 0 {
            break;
        }
        scanned += read as u64;
        let chunk = &chunk[..read];
        if sample.is_empty() && chunk.is_ascii() {
            if scanned >= SCANNED {
                break;
            }
            continue;
        }
        let wanted = SAMPLE - sample.len();
        sample.extend_from_slice(&chunk[..read.min(wanted)]);
        if sample.len() >= SAMPLE {
            break;
        }
    }
    (!sample.is_empty()).then_some(sample)
}

/// Returns the name `iconv -f` knows an encoding by: encoding_rs's names in capitals,
/// but for logical Hebrew, which iconv calls ISO-8859-8.
fn iconv_name(encoding: &'static encoding_rs::Encoding) -> &'static str {
    use encoding_rs::*;
    [
        (WINDOWS_1250, "WINDOWS-1250"),
        (WINDOWS_1251, "WINDOWS-1251"),
        (WINDOWS_1252, "WINDOWS-1252"),
        (WINDOWS_1253, "WINDOWS-1253"),
        (WINDOWS_1254, "WINDOWS-1254"),
        (WINDOWS_1255, "WINDOWS-1255"),
        (WINDOWS_1256, "WINDOWS-1256"),
        (WINDOWS_1257, "WINDOWS-1257"),
        (WINDOWS_1258, "WINDOWS-1258"),
        (WINDOWS_874, "WINDOWS-874"),
        (ISO_8859_2, "ISO-8859-2"),
        (ISO_8859_4, "ISO-8859-4"),
        (ISO_8859_5, "ISO-8859-5"),
        (ISO_8859_6, "ISO-8859-6"),
        (ISO_8859_7, "ISO-8859-7"),
        (ISO_8859_8, "ISO-8859-8"),
        (ISO_8859_8_I, "ISO-8859-8"),
        (ISO_8859_13, "ISO-8859-13"),
        (KOI8_U, "KOI8-U"),
        (KOI8_R, "KOI8-R"),
        (IBM866, "IBM866"),
        (SHIFT_JIS, "SHIFT_JIS"),
        (EUC_JP, "EUC-JP"),
        (ISO_2022_JP, "ISO-2022-JP"),
        (EUC_KR, "EUC-KR"),
        (GBK, "GBK"),
        (GB18030, "GB18030"),
        (BIG5, "BIG5"),
    ]
    .into_iter()
    .find(|(known, _)| *known == encoding)
    // chardetng guesses none but these; should it, Western European is the old advice.
    .map_or("WINDOWS-1252", |(_, name)| name)
}

/// Returns the scripts an encoding (as iconv names it) writes, for advice that lists
/// candidates.
pub fn scripts(iconv_name: &str) -> &'static str {
    match iconv_name {
        "WINDOWS-1252" => "Western European",
        "WINDOWS-1250" | "ISO-8859-2" => "Central European",
        "WINDOWS-1251" | "ISO-8859-5" | "KOI8-U" | "KOI8-R" | "IBM866" => "Cyrillic",
        "WINDOWS-1253" | "ISO-8859-7" => "Greek",
        "WINDOWS-1254" => "Turkish",
        "WINDOWS-1255" | "ISO-8859-8" => "Hebrew",
        "WINDOWS-1256" | "ISO-8859-6" => "Arabic, Persian, Urdu",
        "WINDOWS-1257" | "ISO-8859-4" | "ISO-8859-13" => "Baltic",
        "WINDOWS-1258" => "Vietnamese",
        "WINDOWS-874" => "Thai",
        "SHIFT_JIS" | "EUC-JP" | "ISO-2022-JP" => "Japanese",
        "EUC-KR" => "Korean",
        "GBK" | "GB18030" => "Simplified Chinese",
        "BIG5" => "Traditional Chinese",
        _ => "another script",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
        let (bytes, _, errors) = encoding.encode(text);
        assert!(!errors, "{text} is not in {}", encoding.name());
        bytes.into_owned()
    }

    #[test]
    fn a_line_of_each_script_names_its_code_page() {
        for (text, encoding, name) in [
            (
                "text,speaker,date\nالمدرسة مغلقة بسبب الحرب,وزارة التربية,2024-01-01\n",
                encoding_rs::WINDOWS_1256,
                "WINDOWS-1256",
            ),
            (
                "text,speaker,date\nצה\"ל הודיע,דובר,2024-01-01\n",
                encoding_rs::WINDOWS_1255,
                "WINDOWS-1255",
            ),
            (
                "text,speaker,date\nПривет мир обстрел,Песков,2024-01-01\n",
                encoding_rs::WINDOWS_1251,
                "WINDOWS-1251",
            ),
            (
                "text,speaker,date\nΗ Ελλάδα καταδικάζει,Υπουργείο,2024-01-01\n",
                encoding_rs::WINDOWS_1253,
                "WINDOWS-1253",
            ),
            (
                "text,speaker,date\ndéjà vu,A,2024\n",
                encoding_rs::WINDOWS_1252,
                "WINDOWS-1252",
            ),
        ] {
            let guess = guess(&encoded(text, encoding)).expect("not ASCII");
            assert_eq!(guess.encoding, name, "{text}");
        }
    }

    #[test]
    fn ascii_says_nothing() {
        assert_eq!(guess(b"text,speaker,date\n"), None);
    }
}

/// Returns the first run of `text` that reads as UTF-8 decoded as Windows-1252 (or
/// Latin-1): `Ã©` for `é`, `â€”` for `—`, `Ø§Ù„` for `ال`, with what it was. Such
/// mojibake comes of a file converted from the wrong encoding, and ingests cleanly.
///
/// Only characters that UTF-8 writes as two or three bytes and that real text holds
/// (Latin to Arabic letters, general punctuation, the euro sign) are read back, from runs
/// of two or more characters of Windows-1252's upper half: a single accented letter, or
/// `ß“` (an NKo letter if read back), is never one. Over the UN General Debate corpus it
/// finds the 1998 session's `â€”` and `SchÃ¼ssel` and nothing else; over the Kremlin's
/// releases, nothing.
pub fn mojibake(text: &str) -> Option<(String, String)> {
    if text.is_ascii() {
        return None;
    }
    // Every text of an ingest passes here. A run is of characters beyond ASCII, so only
    // the stretches of two or more such characters are decoded (most texts have none: a
    // lone ’ or é), and a run is kept in place, as the byte each character stands for and
    // where it starts, in a buffer made once.
    let mut run: Vec<(usize, u8)> = Vec::new();
    for (first, stretch) in crate::fold::non_ascii_stretches(text) {
        if stretch.chars().nth(1).is_none() {
            continue;
        }
        for (offset, character) in stretch.char_indices().chain([(stretch.len(), ' ')]) {
            if let Some(byte) = windows_1252_byte(character) {
                run.push((first + offset, byte));
                continue;
            }
            if run.len() >= 2 {
                if let Some(found) = read_back(text, &run, first + offset) {
                    return Some(found);
                }
            }
            run.clear();
        }
    }
    None
}

/// The first character of `run` (bytes of Windows-1252's upper half, each with where its
/// character starts in `text`; the run ends at `end`) that UTF-8 writes as those bytes, as
/// [`mojibake`] returns it.
fn read_back(text: &str, run: &[(usize, u8)], end: usize) -> Option<(String, String)> {
    let bytes: Vec<u8> = run.iter().map(|&(_, byte)| byte).collect();
    for at in 0..bytes.len() {
        let length = match bytes[at] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => continue,
        };
        let Some(sequence) = bytes.get(at..at + length) else {
            continue;
        };
        if !sequence[1..]
            .iter()
            .all(|byte| (0x80..=0xBF).contains(byte))
        {
            continue;
        }
        let read = std::str::from_utf8(sequence)
            .ok()
            .and_then(|read| read.chars().next())
            .filter(
                |&read| matches!(read, '\u{A0}'..='\u{6FF}' | '\u{2000}'..='\u{206F}' | '\u{20AC}'),
            );
        if let Some(read) = read {
            let start = run[at].0;
            let stop = run.get(at + length).map_or(end, |&(offset, _)| offset);
            return Some((text[start..stop].to_string(), read.to_string()));
        }
    }
    None
}

/// The byte Windows-1252 (or, for its unassigned places, Latin-1) writes `character`
/// as, when it is one of the upper half.
fn windows_1252_byte(character: char) -> Option<u8> {
    const SPECIALS: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('\u{2018}', 0x91),
        ('\u{2019}', 0x92),
        ('\u{201C}', 0x93),
        ('\u{201D}', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match u32::from(character) {
        // Latin-1's C1 controls stand for themselves: a Latin-1 decoding leaves them.
        code @ 0x80..=0xFF => u8::try_from(code).ok(),
        // Most characters of a text are none of the specials: told by their code alone.
        0x152..=0x192 | 0x2C6 | 0x2DC | 0x2013..=0x203A | 0x20AC | 0x2122 => SPECIALS
            .iter()
            .find(|(special, _)| *special == character)
            .map(|(_, byte)| *byte),
        _ => None,
    }
}

#[cfg(test)]
mod mojibake_tests {
    use super::mojibake;

    #[test]
    fn utf8_read_as_windows_1252_is_found_and_real_text_is_not() {
        let found = |text: &str| mojibake(text).map(|(found, read)| format!("{found}={read}"));
        assert_eq!(found("cafÃ© au lait").as_deref(), Some("Ã©=é"));
        assert_eq!(found("policy â€” people").as_deref(), Some("â€”=—"));
        assert_eq!(found("Ø§Ù„Ù…Ø¯Ø±Ø³Ø©").as_deref(), Some("Ø§=ا"));
        for text in [
            "café, déjà vu, Côte d’Ivoire",
            "„Gruß“ aus Köln",
            "Schüssel — “zero victim”",
            "المدرسة مغلقة",
            "Привет мир",
            "Æsir, Øresund, ÀÉÎÕÜ",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }
}
