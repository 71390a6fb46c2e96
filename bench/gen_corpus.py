#!/usr/bin/env python3
"""Writes a deterministic synthetic corpus of official statements as JSON Lines.

    python3 bench/gen_corpus.py 50000 /tmp/corpus-50k.jsonl        # the quick run
    python3 bench/gen_corpus.py 1000000 /tmp/corpus-1m.jsonl       # the full run (~1 GB)

Python 3 standard library only; the same N and --seed always give the same bytes.

Text: 10-110 words (uniform) drawn from real English word frequencies
(bench/vocabulary.tsv, from the UN General Debate corpus), with 15% of the draws a
frequent word pair (bench/bigrams.tsv) so that phrases such as "human rights" occur as
in real text; sentences of 8-20 words, capitalised, with full stops. Stemming pairs come
with the vocabulary (negotiation/negotiations/negotiated, provocation/provocative ...).

Metadata, skewed as in real archives: ~2,000 speakers (Zipf, s=1: the first few say
a tenth of everything) of 40 countries (Zipf, s=0.8, fixed per speaker), persons with a
role and ministries as institutions; dates 1990-01-01 .. 2024-12-31, every year 8% more
statements than the one before, all to the day (so that a date range means the same in
SQL and in communique); channels, kinds, tags (0-3), a title on a quarter, a source on
60%, an external id on each.

Beside the corpus it writes CORPUS.meta.json: the speakers and countries by frequency,
for bench/compare.py to pick its query values from.
"""

import argparse
import bisect
import itertools
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

COUNTRIES = [
    ("RU", "Russia"), ("US", "the United States"), ("UA", "Ukraine"), ("CN", "China"),
    ("AZ", "Azerbaijan"), ("AM", "Armenia"), ("TR", "Turkey"), ("FR", "France"),
    ("DE", "Germany"), ("GB", "the United Kingdom"), ("IR", "Iran"), ("IL", "Israel"),
    ("IN", "India"), ("JP", "Japan"), ("GE", "Georgia"), ("KZ", "Kazakhstan"),
    ("PL", "Poland"), ("IT", "Italy"), ("ES", "Spain"), ("BR", "Brazil"),
    ("ZA", "South Africa"), ("EG", "Egypt"), ("SA", "Saudi Arabia"), ("PK", "Pakistan"),
    ("KR", "South Korea"), ("KP", "North Korea"), ("BY", "Belarus"), ("MD", "Moldova"),
    ("RS", "Serbia"), ("HU", "Hungary"), ("RO", "Romania"), ("GR", "Greece"),
    ("CA", "Canada"), ("MX", "Mexico"), ("NG", "Nigeria"), ("ET", "Ethiopia"),
    ("QA", "Qatar"), ("SY", "Syria"), ("IQ", "Iraq"), ("AF", "Afghanistan"),
]

FIRST_NAMES = """Alexander Maria Dmitry Anna Sergey Elena Ivan Olga Nikolai Natalia Ahmed Fatima
Mehmet Ayse Hakan Leyla Ilham Aren Nikol Ararat Zhanna Tigran Jean Claire Pierre Sophie
Hans Greta Klaus Ingrid John Mary James Linda Robert Susan Wei Li Hiroshi Yuki Carlos
Lucia Javier Ana Paolo Giulia Andrzej Katarzyna Viktor Irina Giorgi Nino Omar Layla Raj
Priya Kwame Amina Tomas Eva""".split()
LAST_NAMES = """Petrov Ivanova Smirnov Volkova Kuznetsov Sokolova Popov Lebedeva Novak Horvath
Kowalski Nowak Aliyev Mammadova Hasanov Huseynova Sargsyan Petrosyan Grigoryan Hakobyan
Yilmaz Kaya Demir Celik Dubois Martin Bernard Moreau Muller Schmidt Schneider Fischer
Smith Johnson Williams Brown Jones Miller Wang Zhang Liu Chen Tanaka Suzuki Garcia
Rodriguez Lopez Hernandez Rossi Russo Ferrari Beridze Kapanadze Khan Sharma Okafor
Mensah Haddad Nasser Mendez Kovacs""".split()
ROLES = ["Foreign Minister", "Defence Minister", "Spokesperson", "Press Secretary",
         "Prime Minister", "President", "Deputy Foreign Minister", "Ambassador",
         "Permanent Representative to the UN", "Head of the Border Service"]
INSTITUTIONS = ["Ministry of Foreign Affairs", "Ministry of Defence", "Border Service",
                "Office of the President", "Security Council"]
CHANNELS = ["statement", "press-conference", "briefing", "interview", "telegram",
            "website", "x", "speech"]
KINDS = ["statement"] * 6 + ["quote"] * 3 + ["paraphrase"]
TAGS = """border ceasefire sanctions energy gas oil nuclear elections refugees humanitarian
trade tariffs terrorism cyber migration climate health vaccines grain shipping airspace
peacekeeping negotiations treaty summit visit protest detention journalists minorities
religion water drones missiles exercises mobilisation corruption investment loans debt
inflation tourism""".split()
OUTLETS = ["TASS", "Reuters", "AFP", "AP", "Interfax", "RIA Novosti", "Anadolu",
           "APA", "Armenpress", "Xinhua", "Kyodo", "DPA", "ANSA", "EFE", "PAP", "BBC",
           "Al Jazeera", "TRT", "Trend", "News.am", "Civil.ge", "Ukrinform", "Kazinform",
           "IRNA", "Yonhap", "Agerpres", "MTI", "BTA", "Tanjug", "Hina"]


def zipf_weights(n, s):
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


def cumulative(weights):
    return list(itertools.accumulate(weights))


def read_counts(path):
    items, counts = [], []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            item, count = line.rstrip("\n").split("\t")
            items.append(item)
            counts.append(int(count))
    return items, counts


def make_speakers(rng):
    """About 2,000 speakers: persons with unique names, and ministries per country."""
    country_cum = cumulative(zipf_weights(len(COUNTRIES), 0.8))
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    speakers = []
    for name in names[:1800]:
        code, country = COUNTRIES[bisect.bisect_left(country_cum, rng.random() * country_cum[-1])]
        role = rng.choice(ROLES)
        organization = ("Office of the President of " if role in ("President", "Press Secretary")
                        else "Government of ") + country
        speakers.append({"speaker": name, "speaker_kind": "person", "role": role,
                         "organization": organization, "country": code})
    for code, country in COUNTRIES:
        for institution in INSTITUTIONS:
            speakers.append({"speaker": institution, "speaker_kind": "institution",
                             "organization": f"{institution} of {country}", "country": code})
    # Frequency rank is independent of the kind: shuffle, then Zipf over the order.
    rng.shuffle(speakers)
    return speakers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=50_000)
    parser.add_argument("output", nargs="?", default="-")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    words, word_counts = read_counts(os.path.join(HERE, "vocabulary.tsv"))
    pairs, pair_counts = read_counts(os.path.join(HERE, "bigrams.tsv"))
    # One table of units: a word, or a pair of words for 15% of the draws.
    word_total, pair_total = sum(word_counts), sum(pair_counts)
    units = [(word, 1) for word in words] + [(pair, 2) for pair in pairs]
    unit_cum = cumulative([0.85 * count / word_total for count in word_counts]
                          + [0.15 * count / pair_total for count in pair_counts])
    title_cum = cumulative(word_counts[:5000])

    speakers = make_speakers(rng)
    speaker_cum = cumulative(zipf_weights(len(speakers), 1.0))
    tag_cum = cumulative(zipf_weights(len(TAGS), 1.0))
    channel_cum = cumulative(zipf_weights(len(CHANNELS), 0.9))
    years = list(range(1990, 2025))
    year_cum = cumulative([1.08 ** (year - 1990) for year in years])
    month_days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    speaker_uses = [0] * len(speakers)
    block = 1 << 16
    unit_draws = iter(())
    choose_units = rng.choices
    for number in range(1, args.count + 1):
        length = rng.randint(10, 110)
        tokens = []
        while len(tokens) < length:
            try:
                unit, size = next(unit_draws)
            except StopIteration:
                unit_draws = iter(choose_units(units, cum_weights=unit_cum, k=block))
                unit, size = next(unit_draws)
            tokens.extend(unit.split(" ") if size == 2 else (unit,))
        del tokens[length:]
        # Sentences of 8-20 words, capitalised, with a comma now and then.
        sentence_end = 0
        for position in range(length):
            if position == sentence_end:
                tokens[position] = tokens[position].capitalize()
                sentence_end = position + rng.randint(8, 20)
                if sentence_end < length:
                    tokens[sentence_end - 1] += "."
            elif rng.random() < 0.04:
                tokens[position] += ","
        text = " ".join(tokens).rstrip(",")
        if not text.endswith("."):
            text += "."

        index = bisect.bisect_left(speaker_cum, rng.random() * speaker_cum[-1])
        speaker_uses[index] += 1
        record = {"id": f"gen-{number:07d}", "text": text}
        record.update(speakers[index])
        year = years[bisect.bisect_left(year_cum, rng.random() * year_cum[-1])]
        month = rng.randint(1, 12)
        days = month_days[month - 1] + (1 if month == 2 and year % 4 == 0 else 0)
        date = f"{year}-{month:02d}-{rng.randint(1, days):02d}"
        record["date"] = date
        record["channel"] = CHANNELS[bisect.bisect_left(channel_cum, rng.random() * channel_cum[-1])]
        record["kind"] = rng.choice(KINDS)
        record["language"] = "en"
        if rng.random() < 0.25:
            title = rng.choices(words[:5000], cum_weights=title_cum, k=rng.randint(4, 10))
            record["title"] = " ".join(title).capitalize()
        if rng.random() < 0.6:
            outlet = rng.choice(OUTLETS)
            domain = outlet.lower().replace(" ", "").replace(".", "")
            record["source"] = {"outlet": outlet, "url": f"https://{domain}.example/news/{number}",
                                "published": date}
        tag_count = rng.choice((0, 0, 1, 1, 1, 2, 2, 3))
        tags = {TAGS[bisect.bisect_left(tag_cum, rng.random() * tag_cum[-1])] for _ in range(tag_count)}
        record["tags"] = sorted(tags)
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
    if out is not sys.stdout:
        out.close()
        ranked = sorted(range(len(speakers)), key=lambda i: -speaker_uses[i])
        country_uses = {}
        for i, uses in enumerate(speaker_uses):
            code = speakers[i]["country"]
            country_uses[code] = country_uses.get(code, 0) + uses
        meta = {
            "count": args.count,
            "seed": args.seed,
            "speakers": [{"name": speakers[i]["speaker"], "country": speakers[i]["country"],
                          "kind": speakers[i]["speaker_kind"], "statements": speaker_uses[i]}
                         for i in ranked[:50]],
            "countries": sorted(country_uses.items(), key=lambda item: -item[1]),
        }
        with open(args.output + ".meta.json", "w", encoding="utf-8") as meta_file:
            json.dump(meta, meta_file, indent=1)


if __name__ == "__main__":
    main()
