//! HTML articles turned into plain text: paragraphs kept, markup, scripts and page
//! furniture dropped, character references decoded; and the publication date a page
//! declares in its metadata.

use chrono::NaiveDate;

use crate::model::{DatePrecision, PartialDate};

/// Returns true when `text` looks like an HTML document or fragment rather than prose.
pub fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !start.starts_with('<') {
        return false;
    }
    let head: String = start.chars().take(4096).collect::<String>().to_lowercase();
    [
        "<!doctype html",
        "<html",
        "<body",
        "<p>",
        "<p ",
        "<div",
        "<article",
        "<head",
    ]
    .iter()
    .any(|tag| head.contains(tag))
}

/// Elements whose content is not article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "head", "nav", "footer", "aside", "figure", "form", "button",
    "svg", "iframe", "template", "select",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "article",
    "section",
    "blockquote",
    "header",
    "main",
    "hr",
    "dd",
    "dt",
    "pre",
    "title",
];

/// Returns the text of an HTML page, one paragraph per block, blank lines between them.
/// When the page has an `<article>` element, only its content is kept.
pub fn html_to_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let body = match (lower.find("<article"), lower.rfind("</article>")) {
        (Some(start), Some(end)) if start < end => &html[start..end],
        _ => html,
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest = body;
    let mut skipping: Option<String> = None;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if skipping.is_none() {
                current.push_str(rest);
            }
            break;
        };
        if skipping.is_none() {
            current.push_str(&rest[..open]);
        }
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(close) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(skipped) = &skipping {
            if closing && *skipped == name {
                skipping = None;
            }
            continue;
        }
        if !closing && SKIPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            skipping = Some(name);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            let paragraph = decode_entities(&current)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !paragraph.is_empty() {
                paragraphs.push(paragraph);
            }
            current.clear();
        }
    }
    let paragraph = decode_entities(&current)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    paragraphs.join("\n\n")
}

/// Decodes the character references of `text`: named ones common in news pages and all
/// numeric ones; an unknown reference is kept as written.
pub fn decode_entities(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let Some(end) = end else {
            decoded.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let character =
            if let Some(number) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(number, 16)
                    .ok()
                    .and_then(char::from_u32)
            } else if let Some(number) = name.strip_prefix('#') {
                number.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                named_entity(name)
            };
        match character {
            Some('\u{ad}') => {}
            Some(character) => decoded.push(character),
            None => decoded.push_str(&rest[..=end]),
        }
        rest = &rest[end + 1..];
    }
    decoded.push_str(rest);
    decoded
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "shy" => '\u{ad}',
        "eacute" => 'é',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "ccedil" => 'ç',
        _ => return None,
    })
}

/// Returns the publication day a page declares: `article:published_time`,
/// `datePublished`, `date` meta tags, or the first `<time datetime>`.
pub fn published_date(html: &str) -> Option<NaiveDate> {
    let lower = html.to_ascii_lowercase();
    let keys = [
        "article:published_time",
        "\"datepublished\"",
        "name=\"date\"",
        "name=\"pubdate\"",
        "<time",
    ];
    keys.iter().find_map(|key| {
        let at = lower.find(key)?;
        let window = &html[at..html.len().min(at + 400)];
        date_in(window)
    })
}

/// Returns the first `YYYY-MM-DD` date in `text`.
fn date_in(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|start| {
        let candidate = text.get(start..start + 10)?;
        let shape = candidate.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
        if !shape {
            return None;
        }
        let date = PartialDate::parse(candidate).ok()?;
        (date.precision() == DatePrecision::Day).then(|| date.first_day())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_become_paragraphs_of_text() {
        let page = r#"<!DOCTYPE html><html><head><title>T</title>
<meta property="article:published_time" content="2024-02-13T09:30:00Z">
<script>var x = "<p>not text</p>";</script></head>
<body><nav>Home | World</nav><article><h1>Border clash</h1>
<p>&ldquo;We call on both sides,&rdquo; Kremlin spokesperson Dmitry Peskov said&nbsp;Tuesday.</p>
<p>Azerbaijan&#8217;s ministry <b>said</b> so.<br>Next line &amp; more.</p></article>
<footer>© 2024</footer></body></html>"#;
        assert!(looks_like_html(page));
        assert_eq!(
            html_to_text(page),
            "Border clash\n\n“We call on both sides,” Kremlin spokesperson Dmitry Peskov said Tuesday.\n\nAzerbaijan’s ministry said so.\n\nNext line & more."
        );
        assert_eq!(published_date(page), NaiveDate::from_ymd_opt(2024, 2, 13));
        assert!(!looks_like_html("Azerbaijan announced <something>."));
    }
}
