#!/usr/bin/env python3
"""Writes .cargo/search-symbols.txt: the functions a `search` process runs, which the
static build (`cargo build-static`, .cargo/config.toml) asks the linker to lay out
together at the start of the binary's code.

Spread over the binary's 13 MB of code, the functions one search runs touched 125
windows of 64 KiB, each a page fault (the kernel maps a window of a file at a time):
half of a search process's faults. Together, they touch a few dozen. A list gone stale
(a new compiler, new dependencies, renamed functions) is harmless: the linker orders
what it finds and leaves the rest where it would be; run this again to refresh it, and
after any change to what a search runs (session 24: a list written before SQLite read
through `pread` left those reads spread out, 0.89 of the process's time once refreshed).

Usage: python3 bench/search_symbols.py ARCHIVE
ARCHIVE: an archive with statements (e.g. bench/compare.py's, or `communique init`'s).
Needs valgrind; builds the static binary first.
"""

import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / ".cargo" / "search-symbols.txt"

# What people search: filters alone, a word, a phrase, a count, each output format.
SEARCHES = [
    ["search", "--country", "RU"],
    ["search", "--speaker", "Giulia Mendez", "--from", "2020-01-01"],
    ["search", "battleground"],
    ["search", "countries", "--speaker", "Giulia", "--from", "2015"],
    ["search", '"human rights"', "--from", "2010"],
    ["search", "countries", "--count"],
    ["search", "fire", "--format", "json"],
    ["search", "fire", "--format", "jsonl"],
    ["search", "fire", "--format", "csv"],
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    archive = pathlib.Path(sys.argv[1]).resolve()
    subprocess.run(["cargo", "build-static", "--quiet"], cwd=ROOT, check=True)
    binary = ROOT / "target" / "x86_64-unknown-linux-gnu" / "release" / "communique"
    # Each function's first search, in the list's order: a search's functions are laid
    # out together, a filters-only search's first, and each later search adds its own
    # after them, so the commonest searches touch the fewest windows of code.
    first_search = {}
    with tempfile.TemporaryDirectory() as work:
        for number, arguments in enumerate(SEARCHES):
            out = pathlib.Path(work) / f"callgrind.{number}"
            subprocess.run(
                ["valgrind", "--tool=callgrind", "--demangle=no",
                 f"--callgrind-out-file={out}", str(binary), "--archive", str(archive)]
                + arguments,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            # Each function is named once per file, where it first appears.
            for line in out.read_text(errors="replace").splitlines():
                found = re.match(r"c?fn=\(\d+\) (.+)", line)
                if found and not found.group(1).startswith(("(", "0x")):
                    first_search.setdefault(found.group(1), number)
    names = sorted(first_search, key=lambda name: (first_search[name], name))
    OUTPUT.write_text("".join(name + "\n" for name in names))
    print(f"{OUTPUT}: {len(names)} functions")


if __name__ == "__main__":
    main()
