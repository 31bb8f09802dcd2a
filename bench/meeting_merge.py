"""Meeting-merge precision and recall: which articles `summarize compare` puts into one meeting, against labels.

    python bench/meeting_merge.py [--records tests/data/series/records] [--inputs tests/data/series/series.jsonl]
                                  [--labels tests/data/series/meetings.json]

The series (tests/data/series/) is short readouts written for the tests: several outlets per meeting, both
sides' accounts dated up to two days apart, and near-dated different meetings (a call and a visit a week
apart, two counterparts in one SCO week, one day).  Its records are the real pipeline's output, recorded.
Scores are pairwise: every pair of articles put in one meeting is a predicted pair, every pair in one
labelled meeting a gold pair.  Besides the records as recorded, the record's own errors are simulated: every
meeting date dropped (the JSONL ``date`` must stand in), every place dropped, both.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.compare import load_articles, load_records, merge_meetings, record_id  # noqa: E402
from summarize.meetings import merge_scores  # noqa: E402
from summarize.schema import Record  # noqa: E402

SERIES = ROOT / "tests" / "data" / "series"


def _without(records: list[Record], date: bool = False, place: bool = False) -> list[Record]:
    out = []
    for r in records:
        copy = r.model_copy(deep=True)
        if copy.meeting is not None:
            if date:
                copy.meeting.date = None
                copy.article.published = None
            if place:
                copy.meeting.place = None
        out.append(copy)
    return out


def evaluate(records_dir: Path = SERIES / "records", inputs: Path = SERIES / "series.jsonl",
             labels: Path = SERIES / "meetings.json") -> dict[str, dict]:
    records = load_records(records_dir)
    metas = load_articles(None, records, [inputs])
    article_of = {rid: m.id for rid, m in metas.items()}
    missing = [rid for rid, a in article_of.items() if a is None]
    if missing:
        raise SystemExit(f"records without an input article: {missing}")
    done = set(article_of.values())
    gold = [[a for a in ids if a in done] for ids in json.loads(labels.read_text("utf-8"))["meetings"].values()]
    gold = [g for g in gold if g]
    out: dict[str, dict] = {}
    for name, variant in (("as recorded", records), ("no meeting dates", _without(records, date=True)),
                          ("no places", _without(records, place=True)),
                          ("no dates, no places", _without(records, date=True, place=True))):
        groups = [[article_of[record_id(r)] for r in g] for g in merge_meetings(variant, metas)]
        scores = merge_scores(groups, gold)
        scores.update(articles=len(records), meetings=len(groups), gold_meetings=len(gold),
                      groups=sorted(sorted(g) for g in groups))
        out[name] = scores
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=Path, default=SERIES / "records")
    parser.add_argument("--inputs", type=Path, default=SERIES / "series.jsonl")
    parser.add_argument("--labels", type=Path, default=SERIES / "meetings.json")
    parser.add_argument("--groups", action="store_true", help="print the predicted meetings too")
    args = parser.parse_args()
    for name, s in evaluate(args.records, args.inputs, args.labels).items():
        print(f"{name:>20}: precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
              f"({s['true_pairs']} of {s['predicted_pairs']} predicted pairs, {s['gold_pairs']} gold pairs; "
              f"{s['meetings']} meetings for {s['gold_meetings']}, {s['articles']} articles)")
        if args.groups:
            print("    " + " | ".join(" ".join(g) for g in s["groups"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
