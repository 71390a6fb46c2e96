#!/usr/bin/env python3
"""Splits the UN General Debate corpus into paragraph statements, as JSON Lines.

    python3 bench/ungdc_paragraphs.py ../shared/corpora/ungdc-1946-2024.jsonl.gz /tmp/ungdc.jsonl

Paragraphs: the corpus mixes speeches with blank lines between paragraphs, speeches
with one paragraph per line, speeches hard-wrapped at ~60 characters (a paragraph ends
on a short line that ends a sentence) and a few without line breaks (cut into runs of
sentences of about 100 words). Each paragraph of at least 10 words becomes a statement of its speaker, country
and year, with an id "ungdc-SPEECH-PARAGRAPH". A paragraph repeated by the same speaker
in the same year ("Thank you, Mr. President.") is written once, so that communique (which
keeps one copy of a duplicate) and sqlite-utils (which keeps all) hold the same rows, in
the same order: the statement ids of one are the rowids of the other.
"""

import gzip
import json
import re
import sys


def paragraphs(text):
    """Returns the paragraphs of one speech, whitespace collapsed."""
    if "\n\n" in text:
        parts = text.split("\n\n")
    elif "\n" in text:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        lengths = sorted(len(line) for line in lines)
        median = lengths[len(lengths) // 2] if lengths else 0
        if median >= 100:
            parts = lines
        else:
            parts, current = [], []
            for line in lines:
                current.append(line)
                if line[-1] in ".!?:\"'”" and len(line) < 0.7 * median:
                    parts.append(" ".join(current))
                    current = []
            parts.append(" ".join(current))
    else:
        parts, current = [], []
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            current.append(sentence)
            if sum(len(part.split()) for part in current) >= 100:
                parts.append(" ".join(current))
                current = []
        parts.append(" ".join(current))
    return [" ".join(part.split()) for part in parts if part.strip()]


def main():
    source, target = sys.argv[1], sys.argv[2]
    seen = set()
    written = 0
    with gzip.open(source, "rt", encoding="utf-8") as speeches, open(target, "w", encoding="utf-8") as out:
        for number, line in enumerate(speeches, 1):
            speech = json.loads(line)
            for position, paragraph in enumerate(paragraphs(speech["text"]), 1):
                if len(paragraph.split()) < 10:
                    continue
                key = (speech.get("speaker"), speech.get("country"), speech.get("date"), paragraph)
                if key in seen:
                    continue
                seen.add(key)
                record = {"id": f"ungdc-{number}-{position}", "text": paragraph}
                for field in ("speaker", "country", "organization", "date", "channel", "kind", "language", "title"):
                    if speech.get(field):
                        record[field] = speech[field]
                out.write(json.dumps(record, ensure_ascii=False))
                out.write("\n")
                written += 1
    print(f"{written} paragraphs", file=sys.stderr)


if __name__ == "__main__":
    main()
