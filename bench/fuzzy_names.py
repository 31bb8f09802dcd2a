"""Fuzzy name alignment, side by side: difflib (before) vs rapidfuzz (kept) inside ``ground._fuzzy``.

Queries: every gold participant's name and aliases from the dev half (transliterations such as
"Kulubaev" for the text's "Koulouboev"), plus the same names with one letter dropped (a model's typo).
A hit is right when the span it returns is a mention of that person (its folded text shares the first
four letters of one of the person's name tokens). Run: ``python bench/fuzzy_names.py``.
"""

from __future__ import annotations

import difflib
import json
import time
from pathlib import Path

from summarize import ground
from summarize.vocab import fold

ROOT = Path(__file__).resolve().parent.parent


def difflib_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def main() -> None:
    queries: list[tuple[str, str, set[str]]] = []
    for path in sorted((ROOT / "tests" / "gold" / "dev").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw = (ROOT / "tests" / "data" / "dev" / gold["article"]).read_text(encoding="utf-8")
        for person in gold["participants"]:
            forms = [person["name"], *person.get("aliases", [])]
            stems = {fold(t)[:4] for f in forms for t in f.split() if len(t) >= 3}
            for form in forms:
                tokens = form.split()
                surname = tokens[-1]
                queries.append((raw, surname, stems))
                if len(surname) > 4:
                    queries.append((raw, surname[:2] + surname[3:], stems))  # one letter lost
    rows = []
    for label, ratio in (("difflib SequenceMatcher (before)", difflib_ratio), ("rapidfuzz ratio (kept)", None)):
        right = wrong = missed = 0
        started = time.perf_counter()
        for raw, query, stems in queries:
            hit = ground._fuzzy(raw, query, 0, len(raw), ratio=ratio)
            if hit is None:
                missed += 1
            elif fold(raw[hit[0]:hit[1]])[:4] in stems:
                right += 1
            else:
                wrong += 1
        rows.append((label, right, wrong, missed, (time.perf_counter() - started) * 1000 / len(queries)))
    print(f"{len(queries)} name queries from the dev gold\n")
    print("| aligner | right | wrong | not found | ms / query |\n|---|---|---|---|---|")
    for label, right, wrong, missed, ms in rows:
        print(f"| {label} | {right} | {wrong} | {missed} | {ms:.2f} |")


if __name__ == "__main__":
    main()
