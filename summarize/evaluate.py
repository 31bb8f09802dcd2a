"""Score records against hand-made gold (tests/gold/**.json, GUIDELINES.md v2).

Two columns for items:

- **strict** (the headline): a predicted commitment matches a gold one when its evidence overlaps the gold
  quote's span, its English text carries the gold pledge (at least half of the gold ``keys``, and at least
  one, matched word by word on folded text, word-bounded, five-letter stems), its actor set equals the
  gold set, and its text is English. Positions: the same with the holder.
- **soft** (kept from v1 for comparison): evidence overlap and intersecting actors (same holder).

Actor sets compare after one normalisation: ``CENTRAL_ASIA`` stands for its five countries, and at a
multilateral meeting or summit two "all sides" sets (three or more countries, or one organisation code
for its members) are equal. Matching is one-to-one, greedy in gold order.

Meeting fields: kind; date (ISO day); place (the same GeoNames city, so "Nur-Sultan" = "Astana");
forum (both none, or the same distinctive words); a predicted place or forum where gold has none is
"not given by the article". Participants: P/R/F1, and names that are countries or organisations.
Summaries: sentences not in English, words cut in the middle ("…", a sentence without its stop),
and capitalised names that no field of the record holds.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import InputError
from .language import detect_language, non_english_sentences, sentences_of
from .meeting_fields import city, is_a_place_or_body
from .schema import Record
from .summary import quoted_names
from .vocab import CENTRAL_ASIA_COUNTRIES, ORGANISATIONS, fold

SPLITS = ("seed", "dev", "test")


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


@dataclass
class Tally:
    """Counts summed over articles: each key is (hits, out of)."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, key: str, hit: int, total: int = 1) -> None:
        slot = self.counts.setdefault(key, [0, 0])
        slot[0] += hit
        slot[1] += total

    def merge(self, other: "Tally") -> None:
        for key, (hit, total) in other.counts.items():
            self.add(key, hit, total)

    def as_dict(self) -> dict[str, list[int]]:
        return {k: list(v) for k, v in self.counts.items()}


# -- matching -------------------------------------------------------------------------------------

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


_TOKEN = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    return word[:5] if len(word) >= 5 else word


def key_found(key: str, text: str) -> bool:
    """One gold key ("investment protection", "Belt and Road|BRI") in an English text, word-bounded."""
    words = {_stem(w) for w in _TOKEN.findall(fold(text))}
    for alternative in key.split("|"):
        wanted = [_stem(w) for w in _TOKEN.findall(fold(alternative)) if w not in ("the", "of", "and", "a")]
        if wanted and all(w in words for w in wanted):
            return True
    return False


def carries(text: str, keys: list[str]) -> bool:
    if not keys:
        return True
    found = sum(key_found(k, text) for k in keys)
    return found >= 1 and found * 2 >= len(keys)


def _normal(actors: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for actor in actors:
        out |= CENTRAL_ASIA_COUNTRIES if actor == "CENTRAL_ASIA" else {actor}
    return frozenset(out)


def same_actors(predicted: Iterable[str], gold: Iterable[str], multilateral: bool) -> bool:
    p, g = _normal(predicted), _normal(gold)
    if p == g:
        return True
    if multilateral:
        def all_sides(s: frozenset[str]) -> bool:
            return len(s) >= 3 or (len(s) == 1 and next(iter(s)) in ORGANISATIONS)
        return all_sides(p) and all_sides(g)
    return False


def _english(text: str) -> bool:
    return bool(text) and detect_language(text) in ("en", "und")


# -- summaries ------------------------------------------------------------------------------------

_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z'’\-]{2,}(?:\s+[A-Z][a-z'’\-]{2,})*)")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"}
_SUMMARY_COMMON = {"The", "China", "Chinese", "Foreign", "Minister", "President", "State", "Councilor", "Deputy",
                   "Prime", "Secretary", "General", "Vice", "Both", "They", "Officials", "He", "She", "Its",
                   "Central", "Asia", "Asian", "Belt", "Road", "Initiative", "United", "Nations", "Global"}


def summary_problems(record: Record) -> dict[str, int]:
    """French sentences, cut words and names the record does not hold, in one record's summary."""
    if not record.summary or not record.summary.text:
        return {"not_english": 0, "cut": 0, "ungrounded_names": 0, "missing": 1}
    text = record.summary.text
    sentences = sentences_of(text)
    cut = sum(1 for s in sentences if "…" in s or "..." in s or not re.search(r"[.!?]$", s.strip()))
    held = " ".join([p.name for p in record.participants] + [p.role for p in record.participants]
                    + [c.text for c in record.commitments] + [p.statement for p in record.positions]
                    + [record.meeting.place or "", record.meeting.forum or ""] if record.meeting else [])
    held_folded = fold(held)
    names = [w for m in _CAPITAL.finditer(text) for w in m.group(1).split()
             if w not in _SUMMARY_COMMON and fold(w) not in _MONTHS]
    ungrounded = sum(1 for w in names if fold(w)[:5] not in held_folded and not is_a_place_or_body(w))
    return {"not_english": len(non_english_sentences(text, quoted_names(record))), "cut": cut,
            "ungrounded_names": ungrounded,
            "missing": 0}


# -- one record -------------------------------------------------------------------------------------

def _forum_same(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return not predicted and not gold
    words = lambda s: {w[:5] for w in _TOKEN.findall(fold(s)) if len(w) >= 3 and w not in  # noqa: E731
                       ("the", "and", "meeting", "council", "summit", "forum", "foreign", "ministers", "des")}
    a, b = words(predicted), words(gold)
    return bool(a & b) and len(a & b) * 2 >= min(len(a), len(b))


def _place_same(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return not predicted and not gold
    return (city(predicted) or fold(predicted)) == (city(gold) or fold(gold))


def score_record(record: Record, gold: dict[str, Any], raw: str) -> dict[str, Any]:
    meeting_gold = gold["meeting"]
    multilateral = meeting_gold["kind"] in ("multilateral_meeting", "summit")
    participants = PRF(predicted=len(record.participants), gold=len(gold["participants"]))
    participants.matched = _greedy(lambda p, g: p.actor == g["actor"] and _same_person(p.name, g),
                                   record.participants, gold["participants"])
    spans = [(g, _gold_span(raw, g["quote"])) for g in gold["commitments"]]
    soft = PRF(predicted=len(record.commitments), gold=len(spans))
    soft.matched = _greedy(lambda p, g: _overlaps(p.evidence, g[1]) and bool(set(p.actors) & set(g[0]["actors"])),
                           record.commitments, spans)
    strict = PRF(predicted=len(record.commitments), gold=len(spans))
    strict.matched = _greedy(lambda p, g: _overlaps(p.evidence, g[1]) and carries(p.text, g[0].get("keys", []))
                             and same_actors(p.actors, g[0]["actors"], multilateral) and _english(p.text),
                             record.commitments, spans)
    content = _greedy(lambda p, g: _overlaps(p.evidence, g[1]) and carries(p.text, g[0].get("keys", [])),
                      record.commitments, spans)
    pspans = [(g, _gold_span(raw, g["quote"])) for g in gold["positions"]]
    psoft = PRF(predicted=len(record.positions), gold=len(pspans))
    psoft.matched = _greedy(lambda p, g: _overlaps(p.evidence, g[1]) and p.holder == g[0]["holder"],
                            record.positions, pspans)
    pstrict = PRF(predicted=len(record.positions), gold=len(pspans))
    pstrict.matched = _greedy(lambda p, g: _overlaps(p.evidence, g[1]) and p.holder == g[0]["holder"]
                              and carries(p.statement, g[0].get("keys", [])) and _english(p.statement),
                              record.positions, pspans)

    tally = Tally()
    items = [*record.participants, *record.commitments, *record.positions]
    tally.add("grounded", sum(1 for i in items if i.grounding != "not_found" and i.evidence), len(items))
    tally.add("grounded_or_flagged", sum(1 for i in items if (i.grounding != "not_found" and i.evidence)
                                         or i.flags), len(items))
    texts = [(c.text, c.flags) for c in record.commitments] + [(p.statement, p.flags) for p in record.positions]
    tally.add("text_english", sum(1 for t, _ in texts if _english(t)), len(texts))
    tally.add("text_english_or_flagged", sum(1 for t, f in texts if _english(t) or
                                             any(x.startswith(("not_english", "model_error")) for x in f)), len(texts))
    roles = [p.role for p in record.participants if p.role != "unknown"]
    tally.add("role_english", sum(1 for r in roles if detect_language(r) != "fr"), len(roles))
    tally.add("country_as_person", sum(1 for p in record.participants if is_a_place_or_body(p.name)), 0)
    meeting = record.meeting
    tally.add("kind", int(bool(meeting) and meeting.kind == meeting_gold["kind"]))
    tally.add("date", int(bool(meeting) and meeting.date == meeting_gold["date"]))
    tally.add("place", int(_place_same(meeting.place if meeting else None, meeting_gold.get("place"))))
    tally.add("forum", int(_forum_same(meeting.forum if meeting else None, meeting_gold.get("forum"))))
    tally.add("place_not_given", int(bool(meeting and meeting.place) and not meeting_gold.get("place")), 0)
    tally.add("forum_not_given", int(bool(meeting and meeting.forum) and not meeting_gold.get("forum")), 0)
    problems = summary_problems(record)
    for key, value in problems.items():
        tally.add(f"summary_{key}", value, 0)
    tally.add("summary_clean", int(not any(problems.values())))
    return {"participants": participants, "commitments": strict, "commitments_soft": soft,
            "commitments_content": content, "positions": pstrict, "positions_soft": psoft, "tally": tally,
            "seconds": record.provenance.usage.seconds if record.provenance else 0.0}


# -- a directory ------------------------------------------------------------------------------------

def gold_files(gold_dir: Path) -> list[Path]:
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise InputError(f"no gold files in {gold_dir}")
    return files


def score_directory(records_dir: Path, gold_dir: Path, articles_dir: Path) -> dict[str, Any]:
    """Scores of the records in ``records_dir`` (``<stem>.json``) against every gold file of ``gold_dir``.
    A gold article without a record counts as lost (all its items missed)."""
    totals = {k: PRF() for k in ("participants", "commitments", "commitments_soft", "positions", "positions_soft")}
    tally = Tally()
    per_article: dict[str, Any] = {}
    lost = content = 0
    seconds: list[float] = []
    files = gold_files(gold_dir)
    for gold_file in files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        stem = Path(gold["article"]).stem
        raw = (Path(articles_dir) / gold["article"]).read_text(encoding="utf-8")
        record_file = Path(records_dir) / f"{stem}.json"
        if not record_file.exists():
            lost += 1
            for key, items in (("commitments", "commitments"), ("commitments_soft", "commitments"),
                               ("positions", "positions"), ("positions_soft", "positions"),
                               ("participants", "participants")):
                totals[key].add(PRF(gold=len(gold[items])))
            per_article[stem] = {"lost": True}
            continue
        record = Record.model_validate_json(record_file.read_text(encoding="utf-8"))
        scores = score_record(record, gold, raw)
        for key in totals:
            totals[key].add(scores[key])
        tally.merge(scores["tally"])
        content += scores["commitments_content"]
        seconds.append(scores["seconds"])
        per_article[stem] = {k: (v.as_dict() if isinstance(v, (PRF, Tally)) else v) for k, v in scores.items()}
    out: dict[str, Any] = {"articles": len(files), "lost": lost}
    out.update({k: v.as_dict() for k, v in totals.items()})
    out["commitments_content_recall"] = round(content / totals["commitments"].gold, 3) if totals["commitments"].gold else 0.0
    out["tally"] = tally.as_dict()
    out["median_seconds"] = sorted(seconds)[len(seconds) // 2] if seconds else 0.0
    out["per_article"] = per_article
    return out


def _rate(tally: dict[str, list[int]], key: str) -> str:
    hit, total = tally.get(key, [0, 0])
    return f"{hit / total:.2f} ({hit}/{total})" if total else "n/a"


def _count(tally: dict[str, list[int]], key: str) -> int:
    return tally.get(key, [0, 0])[0]


ROWS = [
    ("commitments strict P / R", lambda s: f"{s['commitments']['precision']:.2f} / {s['commitments']['recall']:.2f}"),
    ("commitments soft P / R", lambda s: f"{s['commitments_soft']['precision']:.2f} / "
                                         f"{s['commitments_soft']['recall']:.2f}"),
    ("pledge content recall", lambda s: f"{s['commitments_content_recall']:.2f}"),
    ("commitments pred / gold", lambda s: f"{s['commitments']['predicted']} / {s['commitments']['gold']}"),
    ("positions strict P / R", lambda s: f"{s['positions']['precision']:.2f} / {s['positions']['recall']:.2f}"),
    ("positions soft P / R", lambda s: f"{s['positions_soft']['precision']:.2f} / {s['positions_soft']['recall']:.2f}"),
    ("participants F1", lambda s: f"{s['participants']['f1']:.2f}"),
    ("countries as people", lambda s: str(_count(s["tally"], "country_as_person"))),
    ("item texts English", lambda s: _rate(s["tally"], "text_english")),
    ("... English or flagged", lambda s: _rate(s["tally"], "text_english_or_flagged")),
    ("grounded or flagged", lambda s: _rate(s["tally"], "grounded_or_flagged")),
    ("meeting kind right", lambda s: _rate(s["tally"], "kind")),
    ("meeting date right", lambda s: _rate(s["tally"], "date")),
    ("meeting place right", lambda s: _rate(s["tally"], "place")),
    ("meeting forum right", lambda s: _rate(s["tally"], "forum")),
    ("places not given", lambda s: str(_count(s["tally"], "place_not_given"))),
    ("forums not given", lambda s: str(_count(s["tally"], "forum_not_given"))),
    ("summary French sentences", lambda s: str(_count(s["tally"], "summary_not_english"))),
    ("summary cut words", lambda s: str(_count(s["tally"], "summary_cut"))),
    ("summary ungrounded names", lambda s: str(_count(s["tally"], "summary_ungrounded_names"))),
    ("articles lost", lambda s: str(s["lost"])),
    ("median s / article", lambda s: f"{s['median_seconds']:.0f}"),
]


def format_table(by_split: dict[str, dict[str, Any]]) -> str:
    """The strict table, one column per split, as Markdown (fits 80 columns for three splits)."""
    names = list(by_split)
    header = "| measure | " + " | ".join(f"{n} ({by_split[n]['articles']})" for n in names) + " |"
    lines = [header, "|---|" + "---|" * len(names)]
    for label, get in ROWS:
        lines.append(f"| {label} | " + " | ".join(get(by_split[n]) for n in names) + " |")
    return "\n".join(lines) + "\n"


def format_scores(scores: dict[str, Any]) -> str:
    lines = [format_table({"records": scores}), ""]
    for stem, s in scores["per_article"].items():
        if s.get("lost"):
            lines.append(f"- {stem}: LOST (no record)")
            continue
        lines.append(f"- {stem}: commitments strict {s['commitments']['matched']}/{s['commitments']['gold']} "
                     f"(pred {s['commitments']['predicted']}), positions {s['positions']['matched']}/"
                     f"{s['positions']['gold']}, participants F1 {s['participants']['f1']:.2f}, {s['seconds']:.0f} s")
    return "\n".join(lines) + "\n"
