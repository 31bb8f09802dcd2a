"""Check gold files against the guidelines' mechanical rules (stdlib only, so annotators can run it anywhere).

    python3 tests/gold/validate.py [GOLD_DIR ...]      # default: seeds, dev and test

Checks: the article exists; every quote is an exact substring of it (15-200 chars, no line break inside);
codes, kinds, modalities, categories and stances are from the vocabulary; keys are 1-3 and texts are
non-empty. Exits 1 with one line per problem.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
KINDS = {"bilateral_meeting", "phone_call", "multilateral_meeting", "summit", "interview", "press_conference"}
MODALITIES = {"pledge", "agreement", "proposal", "readiness", "call"}
CATEGORIES = {"AGREE", "SUPPORT", "COOPERATE", "AID", "CONSULT", "OPPOSE"}
STANCES = {"support", "oppose", "concern", "welcome", "assessment"}
PRECISIONS = {"day", "week", "month", "year", "unknown"}
ORGS = {"SCO", "CSTO", "UN", "EU", "EAEU", "CICA", "ASEAN", "BRICS", "CIS", "CENTRAL_ASIA", "OTHER"}


def _code_ok(code: str) -> bool:
    return code in ORGS or (len(code) == 3 and code.isalpha() and code.isupper())


def check_file(path: Path, articles: Path) -> list[str]:
    problems: list[str] = []
    gold = json.loads(path.read_text(encoding="utf-8"))
    article = articles / gold["article"]
    if not article.exists():
        return [f"{path.name}: article {article} missing"]
    raw = article.read_text(encoding="utf-8")
    meeting = gold["meeting"]
    if meeting["kind"] not in KINDS:
        problems.append(f"{path.name}: meeting kind {meeting['kind']!r}")
    if meeting.get("date_precision", "day") not in PRECISIONS:
        problems.append(f"{path.name}: date_precision {meeting.get('date_precision')!r}")
    for p in gold["participants"]:
        if not _code_ok(p["actor"]):
            problems.append(f"{path.name}: participant actor {p['actor']!r}")
    for kind in ("commitments", "positions"):
        for i, item in enumerate(gold[kind]):
            where = f"{path.name}: {kind}[{i}]"
            quote = item.get("quote", "")
            if quote not in raw:
                problems.append(f"{where}: quote not in article: {quote[:60]!r}")
            if not 15 <= len(quote) <= 200 or "\n" in quote:
                problems.append(f"{where}: quote length {len(quote)} or line break")
            keys = item.get("keys", [])
            if not 1 <= len(keys) <= 3:
                problems.append(f"{where}: {len(keys)} keys")
            if kind == "commitments":
                if item["modality"] not in MODALITIES or item["category"] not in CATEGORIES:
                    problems.append(f"{where}: modality/category {item['modality']}/{item['category']}")
                if not item["actors"] or not all(_code_ok(c) for c in item["actors"] + item["targets"]):
                    problems.append(f"{where}: actors/targets {item['actors']}/{item['targets']}")
                if not item.get("text"):
                    problems.append(f"{where}: empty text")
            else:
                if item["stance"] not in STANCES or not _code_ok(item["holder"]):
                    problems.append(f"{where}: stance/holder {item['stance']}/{item['holder']}")
                if not item.get("statement"):
                    problems.append(f"{where}: empty statement")
    return problems


def main(argv: list[str]) -> int:
    dirs = [Path(a) for a in argv] or [HERE, HERE / "dev", HERE / "test"]
    problems: list[str] = []
    count = 0
    for gold_dir in dirs:
        articles = DATA / gold_dir.name if gold_dir.name in ("dev", "test") else DATA
        for path in sorted(gold_dir.glob("*.json")):
            count += 1
            problems += check_file(path, articles)
    print("\n".join(problems) if problems else f"{count} gold files OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
