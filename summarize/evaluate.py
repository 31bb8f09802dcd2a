"""Score records against hand-made gold (tests/gold/*.json).

Soft match (documented in README):
- participant: same actor code, and the names share their surname (folded,
  or ≥ 0.8 similar, to absorb transliterations) — gold aliases count;
- commitment / position: the predicted evidence span overlaps the span of
  the gold quote in the raw article, and the actor sets intersect (holder
  for positions). Matching is one-to-one, greedy in article order.
Grounding rate counts items with an exact/normalised/fuzzy evidence span;
"grounded or flagged" also counts items that carry a not_found flag.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .clean import detect_language
from .errors import InputError
from .schema import Record
from .vocab import fold


@dataclass
class PRF:
    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: "PRF") -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "matched": self.matched, "predicted": self.predicted, "gold": self.gold}


def _surnames(names: Iterable[str]) -> set[str]:
    out = set()
    for name in names:
        tokens = [t for t in fold(name).replace(".", " ").split() if len(t) >= 3 and t not in ("m", "mr")]
        if tokens:
            out.add(tokens[-1])
    return out


def _same_person(predicted: str, gold: dict[str, Any]) -> bool:
    mine = _surnames([predicted])
    theirs = _surnames([gold["name"], *gold.get("aliases", [])])
    return any(a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8 for a in mine for b in theirs)


def _greedy(pairs_ok, predicted: list, gold: list) -> int:
    used: set[int] = set()
    matched = 0
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and pairs_ok(p, g):
                used.add(i)
                matched += 1
                break
    return matched


def _gold_span(raw: str, quote: str) -> tuple[int, int]:
    start = raw.find(quote)
    if start < 0:
        raise InputError(f"gold quote not found in article: {quote[:60]!r}")
    return start, start + len(quote)


def _overlaps(evidence: list, span: tuple[int, int]) -> bool:
    return any(e.start < span[1] and span[0] < e.end for e in evidence)


def score_record(record: Record, gold: dict[str, Any], raw: str) -> dict[str, PRF | float | int]:
    participants = PRF(predicted=len(record.participants), gold=len(gold["participants"]))
    participants.matched = _greedy(lambda p, g: p.actor == g["actor"] and _same_person(p.name, g),
                                   record.participants, gold["participants"])
    commitments = PRF(predicted=len(record.commitments), gold=len(gold["commitments"]))
    spans = [(g, _gold_span(raw, g["quote"])) for g in gold["commitments"]]
    commitments.matched = _greedy(lambda p, g: _overlaps(p.evidence, g[1]) and bool(set(p.actors) & set(g[0]["actors"])),
                                  record.commitments, spans)
    actor_exact = _greedy(lambda p, g: _overlaps(p.evidence, g[1]) and set(p.actors) == set(g[0]["actors"]),
                          record.commitments, spans)
    positions = PRF(predicted=len(record.positions), gold=len(gold["positions"]))
    pspans = [(g, _gold_span(raw, g["quote"])) for g in gold["positions"]]
    positions.matched = _greedy(lambda p, g: _overlaps(p.evidence, g[1]) and p.holder == g[0]["holder"],
                                record.positions, pspans)
    items = [*record.participants, *record.commitments, *record.positions]
    grounded = sum(1 for i in items if i.grounding != "not_found" and i.evidence)
    flagged = sum(1 for i in items if i.grounding == "not_found" and i.flags)
    english = 1 if record.summary and detect_language(record.summary.text) == "en" else 0
    meeting = record.meeting
    kind_ok = int(bool(meeting) and meeting.kind == gold["meeting"]["kind"])
    date_ok = int(bool(meeting) and meeting.date == gold["meeting"]["date"])
    return {"participants": participants, "commitments": commitments, "positions": positions,
            "commitment_actor_exact": actor_exact, "items": len(items), "grounded": grounded,
            "flagged": flagged, "english_summary": english, "meeting_kind": kind_ok, "meeting_date": date_ok,
            "summary_words": record.summary.words if record.summary else 0,
            "seconds": record.provenance.usage.seconds if record.provenance else 0.0}


def score_directory(records_dir: Path, gold_dir: Path, articles_dir: Path) -> dict[str, Any]:
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise InputError(f"no gold files in {gold_dir}")
    totals = {"participants": PRF(), "commitments": PRF(), "positions": PRF()}
    per_article: dict[str, Any] = {}
    items = grounded = flagged = english = actor_exact = summaries = kinds = dates = 0
    for gold_file in gold_files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        stem = Path(gold["article"]).stem
        record_file = Path(records_dir) / f"{stem}.json"
        if not record_file.exists():
            raise InputError(f"no record for {stem} in {records_dir} (expected {record_file.name})")
        record = Record.model_validate_json(record_file.read_text(encoding="utf-8"))
        raw = (Path(articles_dir) / gold["article"]).read_text(encoding="utf-8")
        scores = score_record(record, gold, raw)
        for key in totals:
            totals[key].add(scores[key])  # type: ignore[arg-type]
        items += scores["items"]
        grounded += scores["grounded"]
        flagged += scores["flagged"]
        english += scores["english_summary"]
        actor_exact += scores["commitment_actor_exact"]
        kinds += scores["meeting_kind"]
        dates += scores["meeting_date"]
        summaries += 1
        per_article[stem] = {k: (v.as_dict() if isinstance(v, PRF) else v) for k, v in scores.items()}
    return {
        "articles": summaries,
        "participants": totals["participants"].as_dict(),
        "commitments": totals["commitments"].as_dict(),
        "positions": totals["positions"].as_dict(),
        "commitment_actor_exact_rate": round(actor_exact / totals["commitments"].matched, 3)
        if totals["commitments"].matched else 0.0,
        "grounding_rate": round(grounded / items, 3) if items else 1.0,
        "grounded_or_flagged_rate": round((grounded + flagged) / items, 3) if items else 1.0,
        "english_summary_rate": round(english / summaries, 3) if summaries else 0.0,
        "meeting_kind_accuracy": round(kinds / summaries, 3) if summaries else 0.0,
        "meeting_date_accuracy": round(dates / summaries, 3) if summaries else 0.0,
        "per_article": per_article,
    }


def format_scores(scores: dict[str, Any]) -> str:
    lines = [f"articles scored: {scores['articles']}", "", "| measure | precision | recall | F1 | matched/pred/gold |",
             "|---|---|---|---|---|"]
    for key in ("participants", "commitments", "positions"):
        s = scores[key]
        lines.append(f"| {key} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | "
                     f"{s['matched']}/{s['predicted']}/{s['gold']} |")
    lines += ["", f"commitments with exactly the gold actors: {scores['commitment_actor_exact_rate']:.2f} of matched",
              f"grounding rate: {scores['grounding_rate']:.3f}; grounded or flagged: {scores['grounded_or_flagged_rate']:.3f}",
              f"English summaries: {scores['english_summary_rate']:.2f}",
              f"meeting kind correct: {scores['meeting_kind_accuracy']:.2f}; meeting date correct: "
              f"{scores['meeting_date_accuracy']:.2f}", ""]
    for stem, s in scores["per_article"].items():
        lines.append(f"- {stem}: participants F1 {s['participants']['f1']:.2f}, commitments P {s['commitments']['precision']:.2f} "
                     f"R {s['commitments']['recall']:.2f}, positions P {s['positions']['precision']:.2f} "
                     f"R {s['positions']['recall']:.2f}, summary {s['summary_words']} words, {s['seconds']:.0f} s")
    return "\n".join(lines) + "\n"
