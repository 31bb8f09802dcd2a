"""Time `compare` over a synthetic store of N records (default 10,000).

    python bench/bench_compare.py [--n 10000] [--db bench/synthetic.db] [--dyad CHN-KAZ]

The store is built from the five gold seeds: each synthetic record is a seed with
a shifted meeting date, a rotated counterpart country and commitments whose text
is varied (so topics, untopical clustering and meeting merging all do work).  It
has the `records` (record JSON) and `articles` tables the real store has.  Prints
the seconds spent loading and comparing, CPU (process time: what another program on the same
cores does not inflate as much) beside wall, and the load average (the target is <= 10 s on 2 cores).
`--db PATH --keep` reuses a store built before at PATH (the build takes longer than the timed part).
`--cli` also times the whole command a user runs, `summarize compare --db PATH` in a fresh process (import, load,
compare, render), once per output: the 80-column table, JSON, Markdown and the HTML page.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.compare import compare, load_records, records_from_gold  # noqa: E402

COUNTERPARTS = ["KAZ", "KGZ", "UZB", "TJK", "TKM", "RUS", "BLR", "MNG"]
WORDS = ("energy transport digital customs agriculture tourism education science railway pipeline finance "
         "health water border media youth space satellites logistics hydropower grain").split()


def build(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    seeds = records_from_gold(ROOT / "tests" / "gold", ROOT / "tests" / "data")
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE IF EXISTS records; DROP TABLE IF EXISTS articles;"
                     "CREATE TABLE records (id INTEGER PRIMARY KEY, sha256 TEXT, record_json TEXT);"
                     "CREATE TABLE articles (sha256 TEXT PRIMARY KEY, source TEXT, raw_text TEXT);")
    rows = []
    for i in range(n):
        base = seeds[i % len(seeds)]
        other = COUNTERPARTS[rng.randrange(len(COUNTERPARTS))]
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        rec = base.model_copy(deep=True)
        rec.article.sha256 = f"{i:064x}"
        rec.article.source = None
        rec.meeting.date = day.isoformat()
        for p in rec.participants:
            if p.actor not in ("CHN",):
                p.actor = other
        for c in rec.commitments:
            c.actors = ["CHN" if a == "CHN" else other for a in c.actors][:2] or ["CHN"]
            c.targets = ["CHN" if a == "CHN" else other for a in c.targets][:2]
            if rng.random() < 0.5:
                c.text = f"{c.text} Cooperation on {rng.choice(WORDS)} and {rng.choice(WORDS)}."[:400]
        rows.append((rec.article.sha256, rec.model_dump_json()))
    db.executemany("INSERT INTO records (sha256, record_json) VALUES (?, ?)", rows)
    db.commit()
    db.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--dyad", default=None)
    parser.add_argument("--keep", action="store_true", help="with --db: reuse the store there if it has N records")
    parser.add_argument("--cli", action="store_true", help="also time the whole command, once per output format")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "synthetic.db"
        t0 = time.perf_counter()
        built = not (args.keep and args.db and path.exists() and _count(path) == args.n)
        if built:
            build(path, args.n)
        t1, c1 = time.perf_counter(), time.process_time()
        records = load_records(path)
        t2, c2 = time.perf_counter(), time.process_time()
        result = compare(records, dyad=args.dyad)
        t3, c3 = time.perf_counter(), time.process_time()
        dyad = compare(records, dyad="CHN-KAZ")
        t4, c4 = time.perf_counter(), time.process_time()
        commands = _time_commands(path, Path(tmp)) if args.cli else []
    print(f"records: {len(records)}  build {t1 - t0:.2f} s (not timed){'' if built else ', reused'}")
    print(f"load {c2 - c1:.2f} s CPU ({t2 - t1:.2f} wall)  compare(all) {c3 - c2:.2f} s CPU ({t3 - t2:.2f} wall)"
          f" -> {len(result.meetings)} meetings, {len(result.topics)} topics")
    print(f"compare(dyad=CHN-KAZ) {c4 - c3:.2f} s CPU ({t4 - t3:.2f} wall) -> {len(dyad.meetings)} meetings, "
          f"{len(dyad.topics)} topics")
    print(f"load + compare(all): {c3 - c1:.2f} s CPU ({t3 - t1:.2f} wall); target <= 10 s on 2 cores; "
          f"load average {os.getloadavg()[0]:.2f}")
    for name, wall, cpu in commands:
        print(f"summarize compare {name}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    return 0


def _time_commands(path: Path, tmp: Path) -> list[tuple[str, float, float]]:
    """Wall and CPU seconds of the whole CLI command per output (output to a file, the table at 80 columns)."""
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    base = [sys.executable, "-c", "from summarize.cli import app; app()", "compare", "--db", str(path)]
    out = []
    for name, extra in (("(table)", []), ("--format json", ["--format", "json"]),
                        ("--format markdown", ["--format", "markdown"]),
                        ("--html F --format json", ["--html", str(tmp / "report.html"), "--format", "json"])):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        with open(tmp / "stdout", "w") as sink:
            subprocess.run(base + extra, stdout=sink, stderr=subprocess.DEVNULL, env=env, cwd=ROOT, check=True)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append((name, wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
    return out


def _count(path: Path) -> int | None:
    try:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    except sqlite3.Error:
        return None


if __name__ == "__main__":
    raise SystemExit(main())
