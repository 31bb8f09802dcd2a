"""Why each gold item of a split was missed: the error list that rule changes are made from (dev only).

    python bench/dev_errors.py RECORDS_DIR [--split dev] [--article D03]

For every gold commitment and position: matched strictly, or the first reason it was not (no predicted
item's evidence overlaps the quote; an overlapping item lacks the keys; wrong actor set; not English);
then the predicted items that matched no gold item (precision errors).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarize.corpus import splits
from summarize.evaluate import _english, _gold_span, _overlaps, carries, same_actors
from summarize.schema import Record


def explain(record: Record, gold: dict, raw: str) -> list[str]:
    lines: list[str] = []
    multilateral = gold["meeting"]["kind"] in ("multilateral_meeting", "summit")
    m = record.meeting
    got = (str(getattr(m.kind, "value", m.kind)) if m else None, m.date if m else None, m.place if m else None, m.forum if m else None)
    want = (gold["meeting"]["kind"], gold["meeting"]["date"], gold["meeting"].get("place"), gold["meeting"].get("forum"))
    if tuple(map(str, got)) != tuple(map(str, want)):
        lines.append(f"  meeting: got {got} want {want}")
    lines.append("  people: " + "; ".join(f"{p.name}/{p.role}/{p.actor}" for p in record.participants)
                 + "  || gold: " + "; ".join(f"{g['name']}/{g['actor']}" for g in gold["participants"]))
    for kind, preds, golds, who in (("C", record.commitments, gold["commitments"], "actors"),
                                    ("P", record.positions, gold["positions"], "holder")):
        used: set[int] = set()
        for g in golds:
            span = _gold_span(raw, g["quote"])
            want_actors = g[who] if who == "actors" else [g[who]]
            overlapping = [(i, p) for i, p in enumerate(preds) if i not in used and _overlaps(p.evidence, span)]
            reason = "NO ITEM"
            for i, p in overlapping:
                text = p.text if kind == "C" else p.statement
                have = p.actors if kind == "C" else [p.holder]
                if not carries(text, g.get("keys", [])):
                    reason = f"KEYS {g['keys']} not in: [{'/'.join(have)}] {text}"
                    continue
                if not (same_actors(have, want_actors, multilateral) if kind == "C" else have == want_actors):
                    reason = f"ACTORS {have} want {want_actors}: {text}"
                    continue
                if not _english(text):
                    reason = f"NOT EN: {text}"
                    continue
                used.add(i)
                reason = ""
                break
            if reason:
                lines.append(f"  {kind} miss [{'/'.join(want_actors)} {g.get('modality', g.get('stance'))}] "
                             f"{g.get('text', g.get('statement'))}\n      -> {reason}")
        for i, p in enumerate(preds):
            if i not in used:
                text = p.text if kind == "C" else p.statement
                have = p.actors if kind == "C" else [p.holder]
                lines.append(f"  {kind} extra [{'/'.join(have)}] {text}  <<{p.evidence[0].text[:90] if p.evidence else ''}>>")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", type=Path)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--article")
    args = parser.parse_args()
    split = splits()[args.split]
    for gold_file in sorted(split.gold.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        stem = Path(gold["article"]).stem
        if args.article and stem != args.article:
            continue
        path = args.records / f"{stem}.json"
        if not path.exists():
            continue
        record = Record.model_validate_json(path.read_text(encoding="utf-8"))
        raw = (split.articles / gold["article"]).read_text(encoding="utf-8")
        print(f"== {stem}")
        print("\n".join(explain(record, gold, raw)))


if __name__ == "__main__":
    main()
