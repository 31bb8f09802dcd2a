"""Summary design, measured side by side: composed from the record vs. written by the model.

For each seed, the record is rebuilt from its cassette (no model time); then the embedded model is asked
for a one-paragraph English summary of the same record facts (one extra call sharing the system prompt).
Both summaries are checked the same way: words, language, and names/numbers that the record does not hold.

    python bench/summary_design.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import vcr
from pydantic import BaseModel, ConfigDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import Settings, extract  # noqa: E402
from summarize.backend import Backend, resolve  # noqa: E402
from summarize.clean import detect_language  # noqa: E402
from summarize.embedded import MODEL_NAME  # noqa: E402
from summarize.load import load_path  # noqa: E402
from summarize.model import CallStats, ModelCaller  # noqa: E402
from summarize.prompt import _system, latin  # noqa: E402
from summarize.vocab import fold  # noqa: E402
from tests.conftest import body_matcher  # noqa: E402


class SummaryDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    summary: latin(900)  # type: ignore[valid-type]


def facts(record) -> str:
    m = record.meeting
    lines = [f"Meeting: {m.kind} on {m.date}" + (f" in {m.place}" if m.place else "") +
             (f" at the {m.forum}" if m.forum else "")]
    lines += [f"Participant: {p.name}, {p.role}, {p.actor}" for p in record.participants]
    lines += [f"Commitment ({'+'.join(c.actors)}): {c.text}" for c in record.commitments]
    return "\n".join(lines)


def unsupported(summary: str, record) -> list[str]:
    known = fold(record.model_dump_json())
    return [w for w in re.findall(r"\b[A-Z][a-z]{3,}\b|\b\d{2,}\b", summary[1:]) if fold(w)[:5] not in known]


def main() -> None:
    replay = Backend(name="embedded", model=MODEL_NAME, base_url="http://127.0.0.1:9/v1", api_key="embedded")
    recorder = vcr.VCR(cassette_library_dir=str(ROOT / "cassettes"), record_mode="none",
                       match_on=["method", "path", "canonical_body"])
    recorder.register_matcher("canonical_body", body_matcher)
    live = ModelCaller(resolve("embedded"), max_reasks=0)
    rows = []
    for path in sorted((ROOT / "tests" / "data").glob("0*.txt")):
        with recorder.use_cassette(f"extract_{path.stem}.yaml"):
            record = extract(load_path(path), backend=replay, settings=Settings())
        messages = [_system(), {"role": "user", "content": "TASK summary. Write one English paragraph of at most "
                                "100 words: who met, where, when, and the main commitments. Use only these "
                                "facts.\n<<<\n" + facts(record) + "\n>>>"}]
        stats, started = CallStats(), time.perf_counter()
        try:
            written = live.ask(SummaryDraft, messages, max_tokens=260, stats=stats).summary
        except Exception as exc:  # noqa: BLE001 - a failure is a measured outcome here
            written = f"<failed: {type(exc).__name__}>"
        seconds = time.perf_counter() - started
        composed = record.summary.text
        rows.append({"article": path.stem,
                     "composed": {"words": len(composed.split()), "english": detect_language(composed) == "en",
                                  "unsupported": unsupported(composed, record), "seconds": 0.0},
                     "model": {"words": len(written.split()), "english": detect_language(written) == "en",
                               "unsupported": unsupported(written, record), "seconds": round(seconds, 1),
                               "prompt_tokens": stats.prompt_tokens, "cached_tokens": stats.cached_tokens,
                               "generated_tokens": stats.completion_tokens}})
        print(json.dumps(rows[-1]), flush=True)
    for design in ("composed", "model"):
        r = [row[design] for row in rows]
        print(f"{design}: words max {max(x['words'] for x in r)}, over 120: {sum(x['words'] > 120 for x in r)}, "
              f"English {sum(x['english'] for x in r)}/{len(r)}, with unsupported names/numbers "
              f"{sum(bool(x['unsupported']) for x in r)}/{len(r)}, "
              f"seconds {sum(x['seconds'] for x in r):.1f}")


if __name__ == "__main__":
    main()
