"""How many gold commitments and positions sit in a candidate sentence (the pipeline's recall ceiling),
and how many candidates hold no gold item (what the model has to reject). Deterministic, no model."""

from __future__ import annotations

import json
from pathlib import Path

from summarize.candidates import find_candidates
from summarize.clean import clean

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    import sys

    split = sys.argv[1] if len(sys.argv) > 1 else "seed"  # seed or dev; never tune on test
    sub = "" if split == "seed" else split
    total = {"commitments": [0, 0], "positions": [0, 0]}
    cands = empty = sentences = 0
    missed = []
    for gold_file in sorted((ROOT / "tests" / "gold" / sub).glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        raw = (ROOT / "tests" / "data" / sub / gold["article"]).read_text(encoding="utf-8")
        art = clean(raw)
        found = find_candidates([s.text for s in art.sentences])
        spans = [(art.sentences[c.sentence].start, art.sentences[c.sentence].end) for c in found]
        golds = []
        for kind in total:
            for item in gold[kind]:
                start = raw.find(item["quote"])
                end = start + len(item["quote"])
                golds.append((start, end))
                total[kind][1] += 1
                hit = any(s < end and start < e for s, e in spans)
                total[kind][0] += hit
                if not hit:
                    missed.append(f"{gold_file.stem} {kind[0]}: {item['quote']}")
        sentences += len(art.sentences)
        cands += len(spans)
        empty += sum(1 for s, e in spans if not any(s < ge and gs < e for gs, ge in golds))
    for kind, (hit, n) in total.items():
        print(f"{kind}: {hit}/{n} gold items in a candidate sentence ({hit / n:.2f})")
    print(f"candidates: {cands} of {sentences} sentences, of which {empty} hold no gold item")
    if "-v" in sys.argv:
        print("\n".join(missed))


if __name__ == "__main__":
    main()
