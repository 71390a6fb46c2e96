#!/usr/bin/env python3
"""communique against SQLite FTS5 (sqlite-utils) and ripgrep: ingest, queries, size.

    python3 bench/compare.py                      # quick: 50,000 generated statements
    python3 bench/compare.py --count 1000000      # the full run of issue 5 (~1 h on 2 cores)
    python3 bench/compare.py --corpus ungdc       # the UN General Debate, in paragraphs

Everything is measured in the same run, on the same file, on this machine: the table
gives ratios (communique / FTS5, communique / ripgrep) so that they can be compared
across machines. See BENCHMARKS.md for what each figure means.

Steps (each result goes to WORK/results.json, the table to WORK/report.md):
 1. installs what is missing: sqlite-utils (pip), ripgrep and hyperfine (apt-get);
 2. generates the corpus (bench/gen_corpus.py) or converts the UN one
    (bench/ungdc_paragraphs.py);
 3. builds communique (`cargo build-static` on Linux x86-64, as a release would ship
    it; else cargo build --release) and the in-process bench (cargo bench);
 4. ingest, each timed with /usr/bin/time -v (wall time, peak RSS):
    FTS5: sqlite-utils insert --nl, then enable-fts --fts5 --create-triggers
    --tokenize porter on text and title (communique searches both);
    communique: communique ingest into an empty archive;
    then the size of each on disk; then indexes on the FTS5 side for the filters
    (country, date), (speaker, date), (date) - not counted in its ingest time nor size;
    then each side's maintenance, timed apart: FTS5 'optimize', `communique compact`;
 5. queries in-process, warm: communique through `cargo bench --bench compare`
    (top 20 hydrated from SQLite with snippets), FTS5 through Python's sqlite3
    (MATCH + JOIN + WHERE + ORDER BY rank LIMIT 20, no snippets); the join is written
    CROSS JOIN, which makes SQLite run the MATCH first: left to itself the planner may
    walk a filter index and re-run the MATCH for every row, seconds even at 50,000;
 6. the result sets: every statement id each side matches, compared;
 7. whole processes: `communique search` against the `sqlite3` CLI running the same SQL
    (hyperfine; the cheap ones also by turns, one run of each at a time, and their
    instructions counted), and ripgrep finding every matching line of the JSON Lines file.
"""

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(command, **kwargs):
    log("$ " + (command if isinstance(command, str) else shlex.join(command)))
    return subprocess.run(command, check=True, **kwargs)


def ensure_tools():
    if not shutil.which("sqlite-utils"):
        run([sys.executable, "-m", "pip", "install", "-q", "sqlite-utils"])
    missing = [package for package, tool in (("ripgrep", "rg"), ("hyperfine", "hyperfine"),
                                              ("sqlite3", "sqlite3"), ("time", "/usr/bin/time"))
               if not shutil.which(tool)]
    if missing:
        try:
            run(["apt-get", "update", "-qq"])
            run(["apt-get", "install", "-y", "-qq", *missing])
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            log(f"could not install {missing}: {error}; those parts are skipped")


def timed(command, log_path):
    """Runs command under /usr/bin/time -v; returns (wall seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    with open(log_path, "w") as stderr:
        run(["/usr/bin/time", "-v", *command], stdout=subprocess.DEVNULL, stderr=stderr)
    wall = time.perf_counter() - started
    rss_kib = 0
    with open(log_path) as stderr:
        for line in stderr:
            if "Maximum resident set size" in line:
                rss_kib = int(line.split(":")[1])
    return wall, rss_kib / 1024


def disk_bytes(path):
    return int(subprocess.run(["du", "-sb", path], check=True, capture_output=True,
                              text=True).stdout.split()[0])


# ---------------------------------------------------------------------------------------
# The queries. Each has the communique request (for the bench target and the CLI), the
# FTS5 SQL (Python's sqlite3 and the sqlite3 CLI) and a ripgrep pipeline.

def sql_literal(value):
    return "'" + str(value).replace("'", "''") + "'"


class Spec:
    def __init__(self, name, label, query=None, match=None, speaker=None, speaker_sql=None,
                 country=None, country_sql=None, date_from=None, date_to=None,
                 ordering=None, mode="search", rg=None):
        self.name, self.label = name, label
        self.query, self.match = query, match
        self.speaker, self.speaker_sql = speaker, speaker_sql or speaker
        self.country, self.country_sql = country, country_sql or country
        self.date_from, self.date_to = date_from, date_to
        self.ordering, self.mode, self.rg = ordering, mode, rg

    def for_bench(self):
        spec = {"name": self.name, "mode": self.mode}
        if self.query:
            spec["query"] = self.query
        if self.speaker:
            spec["speakers"] = [self.speaker]
        if self.country:
            spec["countries"] = [self.country]
        if self.date_from:
            spec["from"] = self.date_from
        if self.date_to:
            spec["to"] = self.date_to
        if self.ordering:
            spec["ordering"] = self.ordering
        return spec

    def cli(self, binary, archive):
        command = [binary, "--archive", archive, "search"]
        if self.query:
            command.append(self.query)
        if self.speaker:
            command += ["--speaker", self.speaker]
        if self.country:
            command += ["--country", self.country]
        if self.date_from:
            command += ["--from", self.date_from]
        if self.date_to:
            command += ["--to", self.date_to]
        if self.mode == "count":
            command.append("--count")
        return command

    def where(self):
        """The filter conditions on `s` (statements), with their parameters."""
        conditions, parameters = [], []
        if self.speaker:
            conditions.append("s.speaker = ?")
            parameters.append(self.speaker_sql)
        if self.country:
            conditions.append("s.country = ?")
            parameters.append(self.country_sql)
        if self.date_from:
            conditions.append("s.date >= ?")
            parameters.append(self.date_from)
        if self.date_to:
            conditions.append("s.date <= ?")
            parameters.append(self.date_to + "\uffff" if len(self.date_to) < 10 else self.date_to)
        return conditions, parameters

    def sql(self):
        """The FTS5 query a user would write, with its parameters."""
        conditions, parameters = self.where()
        # Every column of the row: communique's hits carry every field of a statement
        # (text, title, speaker, role, organisation, country, date, channel, kind,
        # language, tags, source), so this is the equivalent read.
        columns = "s.rowid, s.*"
        if self.match:
            sources = "statements_fts CROSS JOIN statements s ON s.rowid = statements_fts.rowid"
            conditions = ["statements_fts MATCH ?"] + conditions
            parameters = [self.match] + parameters
            order = "ORDER BY statements_fts.rank"
        else:
            sources = "statements s"
            order = "ORDER BY s.date DESC, s.rowid DESC"
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        if self.mode == "count":
            return f"SELECT count(*) FROM {sources}{where}", parameters
        if self.mode == "timeline":
            return (f"SELECT substr(s.date, 1, 7) AS month, count(*) FROM {sources}{where} "
                    "GROUP BY month ORDER BY month", parameters)
        return f"SELECT {columns} FROM {sources}{where} {order} LIMIT 20", parameters

    def ids_sql(self):
        conditions, parameters = self.where()
        sources = "statements s"
        if self.match:
            sources = "statements_fts CROSS JOIN statements s ON s.rowid = statements_fts.rowid"
            conditions = ["statements_fts MATCH ?"] + conditions
            parameters = [self.match] + parameters
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        return f"SELECT s.rowid FROM {sources}{where} ORDER BY s.rowid", parameters

    def own_sql(self):
        """A filters-only query as SQL on communique's own database (`archive.sqlite3`):
        the same rows, every field joined as a hit has them, newest first. Run by the
        `sqlite3` CLI it bounds what any route of such a query through SQLite alone could
        cost a process; None for text queries, which SQLite cannot answer there. Written
        as SQLite runs fastest: one speaker by its exact alias, and dates by a statement's
        first day (which leaves out statements dated to a month or year that began before
        `--from`, none in these corpora; the benchmark's own check compares the rows)."""
        if self.match or self.mode != "search":
            return None
        conditions = ["s.deleted_at IS NULL"]
        if self.speaker:
            key = re.sub(r"[^\w]+", " ", self.speaker.lower()).strip()
            conditions.append("s.speaker_id = (SELECT speaker_id FROM speaker_aliases "
                              f"WHERE alias_key = {sql_literal(key)})")
        if self.country:
            conditions.append(f"sp.country = {sql_literal(self.country)}")
        def day_key(date, last):
            year, month, day = (date.split("-") + [None, None])[:3]
            return int(year + (month or ("12" if last else "01")) + (day or ("31" if last else "01")))
        if self.date_from:
            conditions.append(f"s.date_start >= {day_key(self.date_from, False)}")
        if self.date_to:
            conditions.append(f"s.date_start <= {day_key(self.date_to, True)}")
        return ("SELECT s.id, s.external_id, s.date, s.speaker_id, sp.name, sp.kind, s.role, o.name, "
                "sp.country, s.channel, s.kind, s.language, s.title, s.text, s.source_outlet, "
                "s.source_url, s.source_published, i.at, s.deleted_at, s.deleted_reason, s.tags "
                "FROM statements s JOIN speakers sp ON sp.id = s.speaker_id "
                "JOIN ingests i ON i.id = s.ingest_id LEFT JOIN organizations o ON o.id = s.organization_id "
                f"WHERE {' AND '.join(conditions)} ORDER BY s.date_start DESC, s.id DESC LIMIT 20")

    def cli_sql(self):
        sql, parameters = self.sql()
        for parameter in parameters:
            sql = sql.replace("?", sql_literal(parameter), 1)
        return sql


def rg_word(word):
    return f"rg -i -w {shlex.quote(word)}"


def synthetic_specs(meta):
    speaker = next(s for s in meta["speakers"] if s["kind"] == "person")["name"]
    countries = [code for code, _ in meta["countries"]]
    busy_country, mid_country = countries[1], countries[5]
    common, mid, rare = "countries", "negotiations", "battleground"
    phrase = "human rights"
    speaker_rg = f"rg -F {shlex.quote(chr(34) + 'speaker' + chr(34) + ': ' + chr(34) + speaker + chr(34))}"
    country_rg = lambda code: f"rg -F {shlex.quote(chr(34) + 'country' + chr(34) + ': ' + chr(34) + code + chr(34))}"
    return [
        Spec("common_speaker_dates", f"common word + speaker + dates ({common}, {speaker}, 2015-2024)",
             query=common, match=common, speaker=speaker, date_from="2015-01-01", date_to="2024-12-31",
             rg=f"{speaker_rg} CORPUS | {rg_word(common)} | rg '\"date\": \"20(1[5-9]|2[0-4])-'"),
        Spec("common_word", f"common word ({common})", query=common, match=common,
             rg=f"{rg_word(common)} CORPUS"),
        Spec("phrase_dates", f"phrase + dates (\"{phrase}\", 2010-2019)", query=f'"{phrase}"',
             match=f'"{phrase}"', date_from="2010-01-01", date_to="2019-12-31",
             rg=f"{rg_word(phrase)} CORPUS | rg '\"date\": \"201[0-9]-'"),
        Spec("mid_word_country", f"mid-frequency word + country ({mid}, {mid_country})", query=mid,
             match=mid, country=mid_country, rg=f"{country_rg(mid_country)} CORPUS | {rg_word(mid)}"),
        Spec("rare_word", f"rare word ({rare})", query=rare, match=rare, rg=f"{rg_word(rare)} CORPUS"),
        Spec("filters_newest", f"filters only, newest first (country {busy_country})",
             country=busy_country, rg=f"{country_rg(busy_country)} CORPUS"),
        Spec("filters_speaker_newest", f"filters only, newest first ({speaker}, from 2020)",
             speaker=speaker, date_from="2020-01-01",
             rg=f"{speaker_rg} CORPUS | rg '\"date\": \"202[0-4]-'"),
        Spec("count_common", f"--count, common word ({common})", query=common, match=common,
             mode="count", rg=f"rg -c -i -w {common} CORPUS"),
        Spec("timeline_common", f"counts by month, common word ({common})", query=common,
             match=common, mode="timeline", rg=f"{rg_word(common)} CORPUS"),
    ]


def ungdc_specs():
    def country_rg(code):
        return f"rg -F {shlex.quote(chr(34) + 'country' + chr(34) + ': ' + chr(34) + code + chr(34))}"
    return [
        Spec("common_country_dates", "common word + country + dates (peace, RUS, 1990-2010)",
             query="peace", match="peace", country="RU", country_sql="RUS", date_from="1990",
             date_to="2010", rg=f"{country_rg('RUS')} CORPUS | {rg_word('peace')} | rg '\"date\": \"(199[0-9]|200[0-9]|2010)\"'"),
        Spec("common_word", "common word (development)", query="development", match="development",
             rg=f"{rg_word('development')} CORPUS"),
        Spec("phrase_dates", "phrase + dates (\"climate change\", 2000-2024)", query='"climate change"',
             match='"climate change"', date_from="2000", date_to="2024",
             rg=f"{rg_word('climate change')} CORPUS | rg '\"date\": \"20'"),
        Spec("mid_word_country", "mid-frequency word + country (sanctions, CUB)", query="sanctions",
             match="sanctions", country="CU", country_sql="CUB",
             rg=f"{country_rg('CUB')} CORPUS | {rg_word('sanctions')}"),
        Spec("rare_word", "rare word (cryptocurrency)", query="cryptocurrency", match="cryptocurrency",
             rg=f"{rg_word('cryptocurrency')} CORPUS"),
        Spec("filters_newest", "filters only, newest first (country FRA)", country="FR",
             country_sql="FRA", rg=f"{country_rg('FRA')} CORPUS"),
        Spec("count_common", "--count, common word (development)", query="development",
             match="development", mode="count", rg="rg -c -i -w development CORPUS"),
        Spec("timeline_common", "counts by year, common word (peace)", query="peace", match="peace",
             mode="timeline", rg=f"{rg_word('peace')} CORPUS"),
    ]


# ---------------------------------------------------------------------------------------

def percentile(values, fraction):
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]


def time_fts5(connection, spec, runs, budget):
    sql, parameters = spec.sql()
    for _ in range(2):
        connection.execute(sql, parameters).fetchall()
    durations = []
    started = time.perf_counter()
    while len(durations) < runs and (len(durations) < 5 or time.perf_counter() - started < budget):
        begin = time.perf_counter()
        rows = connection.execute(sql, parameters).fetchall()
        durations.append((time.perf_counter() - begin) * 1e3)
    while time.perf_counter() - started < 1.0 and len(durations) < 300:
        begin = time.perf_counter()
        connection.execute(sql, parameters).fetchall()
        durations.append((time.perf_counter() - begin) * 1e3)
    return {"runs": len(durations), "p50_ms": percentile(durations, 0.5),
            "p99_ms": percentile(durations, 0.99), "rows": rows}


def time_shell(pipeline, runs):
    durations = []
    output = ""
    for attempt in range(runs + 1):
        begin = time.perf_counter()
        output = subprocess.run(["bash", "-c", pipeline + " | wc -l"], capture_output=True,
                                text=True).stdout
        if attempt:
            durations.append((time.perf_counter() - begin) * 1e3)
    return {"p50_ms": statistics.median(durations), "lines": int(output.strip() or 0)}


def instructions(command):
    """The instructions `command` runs in user space, counted by callgrind (the same count
    for the same binary and input, whatever else the machine does); None without
    valgrind."""
    if not shutil.which("valgrind"):
        return None
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm
    counted = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                              *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", counted.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def paired(ours, theirs, pairs):
    """Runs two commands alternately, one run each in turn (ours first in one pair, theirs
    first in the next), `pairs` times after a few unmeasured: a host whose speed drifts
    between rounds of hyperfine slows both commands of a pair alike. Returns the median of
    the pairs' ratios of wall time, and each side's median CPU time (user and system, from
    the kernel's accounting of the child, which time spent waiting for a core does not
    count)."""
    null = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]

    def one(command):
        started = time.perf_counter_ns()
        child = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
        _, status, usage = os.wait4(child, 0)
        wall = (time.perf_counter_ns() - started) / 1e6
        return wall, (usage.ru_utime + usage.ru_stime) * 1e3

    for _ in range(5):
        one(ours)
        one(theirs)
    ratios, our_cpu, their_cpu = [], [], []
    for pair in range(pairs):
        if pair % 2 == 0:
            mine, other = one(ours), one(theirs)
        else:
            other, mine = one(theirs), one(ours)
        ratios.append(mine[0] / other[0])
        our_cpu.append(mine[1])
        their_cpu.append(other[1])
    os.close(null)
    return {"pairs": pairs, "wall_ratio": statistics.median(ratios),
            "communique_cpu_ms": statistics.median(our_cpu),
            "sqlite3_cpu_ms": statistics.median(their_cpu)}


def hyperfine(commands, json_path, runs, slow=False):
    arguments = ["hyperfine", "-N", "-i", "--export-json", json_path, "--style", "none"]
    arguments += ["--warmup", "1", "--min-runs", "5", "--max-runs", "15"] if slow else \
                 ["--warmup", "3", "--runs", str(runs)]
    run(arguments + commands, stdout=subprocess.DEVNULL)
    with open(json_path) as results:
        return [{"median_ms": result["median"] * 1e3, "mean_ms": result["mean"] * 1e3,
                 "runs": len(result["times"])} for result in json.load(results)["results"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=50_000, help="statements to generate")
    parser.add_argument("--corpus", default="generated", help="'generated' or 'ungdc'")
    parser.add_argument("--work", default=None, help="working directory [/tmp/communique-bench-NAME]")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (at least)")
    parser.add_argument("--fts5-budget", type=float, default=30.0,
                        help="seconds one FTS5 query may take to be measured (after 5 runs)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds, alternating both sides, for queries under a millisecond "
                             "in-process and processes under 20 ms")
    parser.add_argument("--ingest-rounds", type=int, default=1,
                        help="ingests of each side, alternating; each keeps its median time "
                             "(the host's noise moves a single pair's ratio by a third)")
    parser.add_argument("--skip-ingest", action="store_true", help="reuse the archives in WORK")
    parser.add_argument("--skip-cli", action="store_true", help="no whole-process timings")
    args = parser.parse_args()

    name = f"{args.count // 1000}k" if args.corpus == "generated" else args.corpus
    work = os.path.abspath(args.work or f"/tmp/communique-bench-{name}")
    os.makedirs(work, exist_ok=True)
    corpus = os.path.join(work, "corpus.jsonl")
    database = os.path.join(work, "fts5.db")
    archive = os.path.join(work, "archive")
    results = {"corpus": args.corpus, "count": args.count, "machine": machine()}
    ensure_tools()

    if not os.path.exists(corpus):
        if args.corpus == "generated":
            run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(args.count), corpus])
        else:
            source = os.path.join(ROOT, "..", "shared", "corpora", "ungdc-1946-2024.jsonl.gz")
            run([sys.executable, os.path.join(HERE, "ungdc_paragraphs.py"), source, corpus])
    with open(corpus, "rb") as lines:
        results["statements"] = sum(1 for _ in lines)
    results["corpus_bytes"] = os.path.getsize(corpus)

    # Both builds are copied to WORK/bin, so that the whole run measures one build even if
    # the sources change meanwhile.
    # The binary as a release ships it where it can: static on Linux x86-64
    # (`cargo build-static`, .cargo/config.toml), which starts without loading libraries.
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    static = sys.platform.startswith("linux") and platform.machine() == "x86_64"
    if static:
        run(["cargo", "build-static", "--quiet"], cwd=ROOT)
        built_binary = os.path.join(target, "x86_64-unknown-linux-gnu", "release", "communique")
    else:
        run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
        built_binary = os.path.join(target, "release", "communique")
    results["machine"]["binary"] = "static" if static else "dynamic"
    built = subprocess.run(["cargo", "bench", "--bench", "compare", "--no-run", "--quiet",
                            "--message-format=json"], cwd=ROOT, check=True, capture_output=True,
                           text=True).stdout
    # The bench's own artifact: cargo lists the binary it builds beside it too, in either
    # order.
    artifacts = [json.loads(line) for line in built.splitlines() if '"executable":"' in line]
    bench_executable = next(artifact["executable"] for artifact in artifacts
                            if artifact.get("target", {}).get("name") == "compare"
                            and "bench" in artifact.get("target", {}).get("kind", []))
    os.makedirs(os.path.join(work, "bin"), exist_ok=True)
    binary = os.path.join(work, "bin", "communique")
    bench_binary = os.path.join(work, "bin", "compare")
    shutil.copy2(built_binary, binary)
    shutil.copy2(bench_executable, bench_binary)

    if not args.skip_ingest:
        # Each round loads both sides afresh, FTS5 first; the last round's database and
        # archive are the ones queried. Every round's times go to results.json.
        rounds = {"fts5_s": [], "communique_s": []}
        for _ in range(max(1, args.ingest_rounds)):
            for path in (database, database + "-wal", database + "-shm"):
                if os.path.exists(path):
                    os.remove(path)
            shutil.rmtree(archive, ignore_errors=True)
            subprocess.run(["sync"])
            insert = timed(["sqlite-utils", "insert", database, "statements", corpus, "--nl"],
                           os.path.join(work, "fts5-insert.time"))
            fts = timed(["sqlite-utils", "enable-fts", database, "statements", "text", "title",
                         "--fts5", "--create-triggers", "--tokenize", "porter"],
                        os.path.join(work, "fts5-enable.time"))
            subprocess.run(["sync"])
            ingest = timed([binary, "--archive", archive, "ingest", corpus],
                           os.path.join(work, "communique-ingest.time"))
            rounds["fts5_s"].append(insert[0] + fts[0])
            rounds["communique_s"].append(ingest[0])
        results["fts5_ingest"] = {"insert_s": insert[0], "enable_fts_s": fts[0],
                                  "total_s": statistics.median(rounds["fts5_s"]),
                                  "peak_rss_mib": max(insert[1], fts[1]),
                                  "bytes": disk_bytes(database)}
        results["communique_ingest"] = {"total_s": statistics.median(rounds["communique_s"]),
                                        "peak_rss_mib": ingest[1],
                                        "bytes": disk_bytes(archive),
                                        "sqlite_bytes": disk_bytes(os.path.join(archive, "archive.sqlite3")),
                                        "index_bytes": disk_bytes(os.path.join(archive, "index"))}
        if len(rounds["fts5_s"]) > 1:
            results["ingest_rounds"] = rounds
        started = time.perf_counter()
        connection = sqlite3.connect(database)
        for columns in (("country", "date"), ("speaker", "date"), ("date",)):
            connection.execute(f"CREATE INDEX IF NOT EXISTS statements_by_{'_'.join(columns)} "
                               f"ON statements ({', '.join(columns)})")
        connection.commit()
        connection.close()
        results["fts5_filter_indexes"] = {"seconds": time.perf_counter() - started,
                                          "bytes_after": disk_bytes(database)}
        # Each side's own maintenance after a large load, timed apart from the ingest: FTS5
        # merges its index's b-trees into one ('optimize', what `sqlite-utils optimize`
        # runs besides VACUUM), communique its index's segments (`compact`). The queries
        # below run on both results.
        started = time.perf_counter()
        connection = sqlite3.connect(database)
        connection.execute("INSERT INTO statements_fts(statements_fts) VALUES('optimize')")
        connection.commit()
        connection.close()
        results["fts5_optimize"] = {"seconds": time.perf_counter() - started,
                                    "bytes_after": disk_bytes(database)}
        compact = timed([binary, "--archive", archive, "compact"],
                        os.path.join(work, "communique-compact.time"))
        results["communique_compact"] = {"seconds": compact[0], "peak_rss_mib": compact[1],
                                         "bytes_after": disk_bytes(archive)}
        log(f"ingest: {json.dumps({k: results[k] for k in ('fts5_ingest', 'communique_ingest', 'fts5_optimize', 'communique_compact')})}")
    else:
        # Archives of an earlier run: brought to the same maintained state, untimed.
        connection = sqlite3.connect(database)
        connection.execute("INSERT INTO statements_fts(statements_fts) VALUES('optimize')")
        connection.commit()
        connection.close()
        run([binary, "--quiet", "--archive", archive, "compact"])

    if args.corpus == "generated":
        with open(corpus + ".meta.json") as meta:
            specs = synthetic_specs(json.load(meta))
    else:
        specs = ungdc_specs()
    queries_path = os.path.join(work, "queries.json")
    with open(queries_path, "w") as queries:
        json.dump([spec.for_bench() for spec in specs], queries, indent=1)

    # communique, in-process.
    bench_out = os.path.join(work, "communique-queries.json")
    ids_dir = os.path.join(work, "ids")
    run([bench_binary, "--archive", archive,
         "--queries", queries_path, "--out", bench_out, "--ids", ids_dir,
         "--runs", str(args.runs)], cwd=ROOT)
    with open(bench_out) as bench:
        communique = json.load(bench)
    results["communique_open"] = communique["open"]
    by_name = {query["name"]: query for query in communique["queries"]}

    # FTS5, in-process (Python's sqlite3, the same library sqlite-utils uses).
    connection = sqlite3.connect(database)
    rows = []
    for spec in specs:
        log(f"FTS5: {spec.name}")
        fts5 = time_fts5(connection, spec, args.runs, args.fts5_budget)
        mine = by_name[spec.name]
        ids_sql, parameters = spec.ids_sql()
        theirs = [row[0] for row in connection.execute(ids_sql, parameters)]
        with open(os.path.join(ids_dir, f"{spec.name}.ids")) as ids:
            ours = [int(line) for line in ids]
        only_ours = sorted(set(ours) - set(theirs))
        only_theirs = sorted(set(theirs) - set(ours))
        row = {"name": spec.name, "label": spec.label, "mode": spec.mode,
               "communique": mine["timing"], "fts5": {k: v for k, v in fts5.items() if k != "rows"},
               "total_communique": mine["total"], "total_fts5": len(theirs),
               "same_set": not only_ours and not only_theirs,
               "only_communique": only_ours[:5], "only_fts5": only_theirs[:5],
               "only_communique_count": len(only_ours), "only_fts5_count": len(only_theirs)}
        for key in ("index_only", "hydrate_hits", "open_and_first_search"):
            if key in mine:
                row[key] = mine[key]
        if spec.mode == "search":
            # communique's ids are the line numbers, as are sqlite-utils' rowids: check it.
            row["ids_agree"] = all(hit["external_id"] is None or
                                   connection.execute("SELECT id FROM statements WHERE rowid = ?",
                                                      (hit["id"],)).fetchone()[0] == hit["external_id"]
                                   for hit in mine["top"])
        if spec.mode == "timeline":
            theirs_months = dict(connection.execute(*spec.sql()).fetchall())
            if args.corpus == "ungdc":
                ours_by_year = {}
                for month, count in mine["months"].items():
                    ours_by_year[month[:4]] = ours_by_year.get(month[:4], 0) + count
                row["same_buckets"] = ours_by_year == {k[:4]: v for k, v in theirs_months.items()}
            else:
                row["same_buckets"] = mine["months"] == theirs_months
        rows.append(row)

    # Sub-millisecond queries: a host's noise (another VM, a frequency change) moves such
    # a p50 by a third between runs. Both sides are measured again in alternating rounds
    # and each keeps the median of its rounds' p50s, so a noisy moment weighs on neither.
    quick = [spec for spec, row in zip(specs, rows) if spec.mode == "search"
             and max(row["communique"]["p50_ms"], row["fts5"]["p50_ms"]) < 1.0]
    if quick and args.rounds > 1:
        quick_path = os.path.join(work, "queries-quick.json")
        with open(quick_path, "w") as out:
            json.dump([spec.for_bench() for spec in quick], out)
        rounds = {spec.name: ([by_name[spec.name]["timing"]["p50_ms"]],
                              [next(r for r in rows if r["name"] == spec.name)["fts5"]["p50_ms"]])
                  for spec in quick}
        for number in range(2, args.rounds + 1):
            log(f"quick queries: round {number} of {args.rounds}")
            round_out = os.path.join(work, "communique-quick.json")
            run([bench_binary, "--archive", archive, "--queries", quick_path, "--out", round_out,
                 "--runs", str(max(args.runs, 300))], cwd=ROOT, stderr=subprocess.DEVNULL)
            with open(round_out) as measured:
                for query in json.load(measured)["queries"]:
                    rounds[query["name"]][0].append(query["timing"]["p50_ms"])
            for spec in quick:
                rounds[spec.name][1].append(time_fts5(connection, spec, max(args.runs, 300), 1.0)["p50_ms"])
        for row in rows:
            if row["name"] in rounds:
                ours, theirs = rounds[row["name"]]
                row["communique"]["p50_ms"] = statistics.median(ours)
                row["fts5"]["p50_ms"] = statistics.median(theirs)
                row["rounds"] = {"communique_p50_ms": ours, "fts5_p50_ms": theirs}
    connection.close()

    # Whole processes, and ripgrep.
    if not args.skip_cli and shutil.which("hyperfine"):
        for spec, row in zip(specs, rows):
            if spec.mode == "timeline":
                continue
            log(f"processes: {spec.name}")
            # A slow process (over 200 ms) gets 5-15 runs instead of 30.
            first = max((r.get("open_and_first_search", {}).get("p50_ms", 0) for r in rows), default=0)
            ours = hyperfine([shlex.join(spec.cli(binary, archive))],
                             os.path.join(work, f"cli-{spec.name}.json"), args.runs, first > 200)[0]
            slow = row["fts5"]["p50_ms"] > 200
            theirs = hyperfine([shlex.join(["sqlite3", database, spec.cli_sql()])],
                               os.path.join(work, f"sqlite3-{spec.name}.json"), args.runs, slow)[0]
            row["cli"] = {"communique_ms": ours["median_ms"], "sqlite3_ms": theirs["median_ms"],
                          "communique_runs": ours["runs"], "sqlite3_runs": theirs["runs"]}
            if max(ours["median_ms"], theirs["median_ms"]) < 20 and args.rounds > 1:
                # Cheap processes, where the ratio is near 1: alternating rounds, as in-process.
                medians = ([ours["median_ms"]], [theirs["median_ms"]])
                for _ in range(args.rounds - 1):
                    medians[0].append(hyperfine([shlex.join(spec.cli(binary, archive))],
                                                os.path.join(work, f"cli-{spec.name}.json"), args.runs)[0]["median_ms"])
                    medians[1].append(hyperfine([shlex.join(["sqlite3", database, spec.cli_sql()])],
                                                os.path.join(work, f"sqlite3-{spec.name}.json"), args.runs)[0]["median_ms"])
                row["cli"].update(communique_ms=statistics.median(medians[0]),
                                  sqlite3_ms=statistics.median(medians[1]),
                                  rounds={"communique_ms": medians[0], "sqlite3_ms": medians[1]})
                # The same, a run of each in turn rather than a round of each.
                row["cli"]["paired"] = paired(spec.cli(binary, archive),
                                              ["sqlite3", database, spec.cli_sql()],
                                              args.runs * args.rounds)
                # What a noisy host cannot blur: the instructions each process runs.
                ours_counted = instructions(spec.cli(binary, archive))
                theirs_counted = instructions(["sqlite3", database, spec.cli_sql()])
                if ours_counted and theirs_counted:
                    row["cli"].update(communique_instructions=ours_counted,
                                      sqlite3_instructions=theirs_counted)
            own = spec.own_sql()
            if own:
                bound = hyperfine([shlex.join(["sqlite3", os.path.join(archive, "archive.sqlite3"), own])],
                                  os.path.join(work, f"sqlite3-own-{spec.name}.json"), args.runs)[0]
                row["cli"]["sqlite3_own_ms"] = bound["median_ms"]
                own_database = sqlite3.connect(f"file:{os.path.join(archive, 'archive.sqlite3')}?mode=ro",
                                               uri=True)
                own_ids = [found[0] for found in own_database.execute(own)]
                own_database.close()
                row["cli"]["sqlite3_own_same_rows"] = \
                    own_ids == [hit["id"] for hit in by_name[spec.name]["top"]]
        results["cli_version"] = hyperfine([shlex.join([binary, "--version"])],
                                           os.path.join(work, "cli-version.json"), args.runs)[0]
    if shutil.which("rg"):
        for spec, row in zip(specs, rows):
            if spec.rg:
                log(f"ripgrep: {spec.name}")
                row["rg"] = time_shell(spec.rg.replace("CORPUS", shlex.quote(corpus)), 5)
    results["queries"] = rows
    with open(os.path.join(work, "results.json"), "w") as out:
        json.dump(results, out, indent=1)
    report = render(results)
    with open(os.path.join(work, "report.md"), "w") as out:
        out.write(report)
    print(report)


def machine():
    def command(*arguments):
        try:
            return subprocess.run(arguments, capture_output=True, text=True).stdout.strip()
        except FileNotFoundError:
            return ""
    model = re.search(r"Model name:\s*(.*)", command("lscpu"))
    memory = re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read())
    return {"cpu": model.group(1) if model else "?", "nproc": os.cpu_count(),
            "memory_gib": round(int(memory.group(1)) / 2**20, 1) if memory else None,
            "kernel": command("uname", "-r"), "sqlite": sqlite3.sqlite_version,
            "sqlite_utils": command("sqlite-utils", "--version"),
            "ripgrep": command("rg", "--version").split("\n")[0],
            "rustc": command("rustc", "--version"),
            "commit": command("git", "-C", ROOT, "describe", "--always", "--dirty")}


def args_rounds(results):
    """How many rounds the cheap processes were measured in."""
    return max(len(row["cli"]["rounds"]["sqlite3_ms"]) for row in results["queries"]
               if "rounds" in row.get("cli", {}))


def render(results):
    def ms(value):
        if value is None:
            return "-"
        return f"{value:.3f}" if value < 1 else f"{value:.1f}" if value < 100 else f"{value:.0f}"

    def ratio(ours, theirs):
        if not ours or not theirs:
            return "-"
        value = ours / theirs
        return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"

    out = []
    m = results["machine"]
    out.append(f"Corpus: {results['corpus']}, {results['statements']:,} statements, "
               f"{results['corpus_bytes'] / 1e6:.0f} MB of JSON Lines. Machine: {m['nproc']} x {m['cpu']}, "
               f"{m['memory_gib']} GiB; SQLite {m['sqlite']}, {m['sqlite_utils']}, {m['ripgrep']}; "
               f"communique {m['commit']}.\n")
    if "fts5_ingest" in results:
        f, c = results["fts5_ingest"], results["communique_ingest"]
        out.append("| ingest | FTS5 (sqlite-utils) | communique | communique / FTS5 |")
        out.append("|---|---:|---:|---:|")
        rounds = results.get("ingest_rounds")
        if rounds:
            def listed(times):
                return ", ".join(f"{time:.1f}" for time in times)
            out.append(f"| time, median of {len(rounds['fts5_s'])} rounds alternating both sides "
                       f"| {f['total_s']:.1f} s ({listed(rounds['fts5_s'])}) "
                       f"| {c['total_s']:.1f} s ({listed(rounds['communique_s'])}) "
                       f"| {ratio(c['total_s'], f['total_s'])} |")
        else:
            out.append(f"| time | {f['total_s']:.1f} s (insert {f['insert_s']:.1f} + enable-fts {f['enable_fts_s']:.1f}) "
                       f"| {c['total_s']:.1f} s | {ratio(c['total_s'], f['total_s'])} |")
        out.append(f"| peak memory | {f['peak_rss_mib']:.0f} MiB | {c['peak_rss_mib']:.0f} MiB "
                   f"| {ratio(c['peak_rss_mib'], f['peak_rss_mib'])} |")
        out.append(f"| on disk | {f['bytes'] / 1e6:.0f} MB | {c['bytes'] / 1e6:.0f} MB "
                   f"(SQLite {c['sqlite_bytes'] / 1e6:.0f} + index {c['index_bytes'] / 1e6:.0f}) "
                   f"| {ratio(c['bytes'], f['bytes'])} |")
        if "communique_compact" in results:
            fo, co = results["fts5_optimize"], results["communique_compact"]
            with_fts5 = f["total_s"] + fo["seconds"]
            with_ours = c["total_s"] + co["seconds"]
            out.append(f"| then maintenance | FTS5 'optimize' {fo['seconds']:.1f} s | `compact` "
                       f"{co['seconds']:.1f} s ({co['peak_rss_mib']:.0f} MiB) | |")
            out.append(f"| ingest and maintenance | {with_fts5:.1f} s | {with_ours:.1f} s "
                       f"| {ratio(with_ours, with_fts5)} |")
            # Without the filter indexes added to the FTS5 side, as in the row above.
            fts5_after = fo["bytes_after"] - (results["fts5_filter_indexes"]["bytes_after"] - f["bytes"])
            out.append(f"| on disk after maintenance | {fts5_after / 1e6:.0f} MB "
                       f"| {co['bytes_after'] / 1e6:.0f} MB | {ratio(co['bytes_after'], fts5_after)} |")
        i = results["fts5_filter_indexes"]
        out.append(f"\nFTS5 side, not counted above: indexes for the filters took {i['seconds']:.1f} s "
                   f"and brought the database to {i['bytes_after'] / 1e6:.0f} MB. The queries below "
                   f"run after both sides' maintenance. communique's binary: "
                   f"{results['machine'].get('binary', 'dynamic')}.\n")
    out.append("| query (in-process, warm, top 20) | matches | same set | FTS5 p50 | FTS5 p99 "
               "| communique p50 | p99 | communique / FTS5 (p50) | communique: index only / hydrate 20 |")
    out.append("|---|---:|:---:|---:|---:|---:|---:|---:|---:|")
    for row in results["queries"]:
        same = "yes" if row["same_set"] else f"no (+{row['only_communique_count']} / -{row['only_fts5_count']})"
        if row.get("same_buckets") is False:
            same += ", buckets differ"
        total = f"{row['total_communique']:,}" if row["same_set"] else \
            f"{row['total_communique']:,} vs {row['total_fts5']:,}"
        breakdown = "-"
        if "index_only" in row:
            breakdown = f"{ms(row['index_only']['p50_ms'])} / {ms(row['hydrate_hits']['p50_ms'])}"
        out.append(f"| {row['label']} | {total} | {same} | {ms(row['fts5']['p50_ms'])} "
                   f"| {ms(row['fts5']['p99_ms'])} | {ms(row['communique']['p50_ms'])} "
                   f"| {ms(row['communique']['p99_ms'])} "
                   f"| {ratio(row['communique']['p50_ms'], row['fts5']['p50_ms'])} | {breakdown} |")
    if any(row.get("ids_agree") is False for row in results["queries"]):
        out.append("\n**Warning**: communique's statement ids are not the FTS5 rowids (duplicates "
                   "in the input?); the set comparison above is meaningless.")
    rounded = [row for row in results["queries"] if "rounds" in row]
    rounds_note = ""
    if rounded:
        rounds_note = (f" Queries under a millisecond: p50 is the median of {len(rounded[0]['rounds']['fts5_p50_ms'])} "
                       "rounds alternating both sides (each round's p50 in results.json).")
    out.append(f"\nAll times in ms. Opening the archive (in-process, warm): p50 "
               f"{ms(results['communique_open']['p50_ms'])} ms.{rounds_note}\n")
    if rounded:
        # A host that flips between a fast and a slow state from one round to the next
        # (session 26: 52 or 90 µs for the same query, either side) makes the medians of
        # nine rounds a draw of states; each side's fastest round is that side undisturbed.
        out.append("The same queries' rounds: each side's fastest and slowest round's p50, "
                   "and the ratio of the fastest rounds (the host undisturbed, as `timeit` "
                   "reads a benchmark):\n")
        out.append("| query | FTS5 rounds (µs) | communique rounds (µs) "
                   "| communique / FTS5, fastest rounds |")
        out.append("|---|---:|---:|---:|")
        for row in rounded:
            ours = row["rounds"]["communique_p50_ms"]
            theirs = row["rounds"]["fts5_p50_ms"]
            out.append(f"| {row['label']} | {min(theirs) * 1000:.0f}–{max(theirs) * 1000:.0f} "
                       f"| {min(ours) * 1000:.0f}–{max(ours) * 1000:.0f} "
                       f"| {ratio(min(ours), min(theirs))} |")
        out.append("")
    if any("cli" in row or "rg" in row for row in results["queries"]):
        out.append("| whole process (median) | `communique search` | `sqlite3` CLI | communique / sqlite3 "
                   "| ripgrep, all matching lines | communique / ripgrep | communique in-process: open + first search |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for row in results["queries"]:
            cli, rg = row.get("cli", {}), row.get("rg", {})
            out.append(f"| {row['label']} | {ms(cli.get('communique_ms'))} | {ms(cli.get('sqlite3_ms'))} "
                       f"| {ratio(cli.get('communique_ms'), cli.get('sqlite3_ms'))} "
                       f"| {ms(rg.get('p50_ms'))} ({rg.get('lines', '-')} lines) "
                       f"| {ratio(cli.get('communique_ms'), rg.get('p50_ms'))} "
                       f"| {ms(row.get('open_and_first_search', {}).get('p50_ms'))} |")
        for row in results["queries"]:
            own = row.get("cli", {}).get("sqlite3_own_ms")
            if own:
                rows = "the same rows" if row["cli"].get("sqlite3_own_same_rows") else \
                    "NOT the same rows as communique's page"
                out.append(f"\n{row['label']}: the `sqlite3` CLI running it on communique's own "
                           f"database ({rows}, names joined) takes {ms(own)} ms, "
                           f"{ratio(own, row['cli']['sqlite3_ms'])} of its time on sqlite-utils' "
                           "database: no route through SQLite alone could do better.")
        if any("rounds" in row.get("cli", {}) for row in results["queries"]):
            out.append(f"\nProcesses under 20 ms on both sides: the median of {args_rounds(results)} "
                       "rounds of hyperfine alternating both sides (each round's median in results.json).")
        alternated = [row for row in results["queries"] if "paired" in row.get("cli", {})]
        if alternated:
            pairs = alternated[0]["cli"]["paired"]["pairs"]
            out.append(f"\nThe same processes run in turn, one of each at a time ({pairs} pairs): "
                       "the median of the pairs' ratios of wall time, and each side's median CPU "
                       "time (user and system, as the kernel accounts the child; waiting for a "
                       "core is not in it):\n")
            out.append("| whole process | communique / sqlite3, wall (pairs' median) "
                       "| CPU ms: `communique search` | `sqlite3` CLI | communique / sqlite3, CPU |")
            out.append("|---|---:|---:|---:|---:|")
            for row in alternated:
                together = row["cli"]["paired"]
                out.append(f"| {row['label']} | {together['wall_ratio']:.2f} "
                           f"| {ms(together['communique_cpu_ms'])} | {ms(together['sqlite3_cpu_ms'])} "
                           f"| {ratio(together['communique_cpu_ms'], together['sqlite3_cpu_ms'])} |")
        counted = [row for row in results["queries"] if "communique_instructions" in row.get("cli", {})]
        if counted:
            out.append("\nThe same processes' instructions in user space (callgrind: the same count "
                       "run after run, whatever the host's noise; the kernel's work, page faults "
                       "among it, is not counted):\n")
            out.append("| whole process | `communique search` | `sqlite3` CLI | communique / sqlite3 |")
            out.append("|---|---:|---:|---:|")
            for row in counted:
                cli = row["cli"]
                out.append(f"| {row['label']} | {cli['communique_instructions'] / 1e6:.2f} million "
                           f"| {cli['sqlite3_instructions'] / 1e6:.2f} million "
                           f"| {ratio(cli['communique_instructions'], cli['sqlite3_instructions'])} |")
        if "cli_version" in results:
            out.append(f"\n`communique --version` (process start-up alone): "
                       f"{ms(results['cli_version']['median_ms'])} ms.\n")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
