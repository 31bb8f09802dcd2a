"""Summary design, measured side by side on the development half: composed from the record (kept) vs.
written by the model from the same record facts.

Reads records made by ``summarize eval RECORDS --run --split dev`` (no extraction here), asks the embedded
model once per record for a one-paragraph English summary of the record's grounded facts (one extra call
sharing the system prompt), and checks both summaries with the scorer's own checks
(``evaluate.summary_problems``: French sentences, cut words, capitalised names no field of the record holds),
plus their length and the extra time.

    python bench/summary_design.py RECORDS_DIR
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, StringConstraints
from typing_extensions import Annotated

from summarize.backend import resolve
from summarize.evaluate import summary_problems
from summarize.model import CallStats, ModelCaller
from summarize.prompt import LATIN, _system
from summarize.schema import Record, Summary


class SummaryDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    summary: Annotated[str, StringConstraints(pattern=LATIN)]


def facts(record: Record) -> str:
    m = record.meeting
    lines = [f"Meeting: {m.kind} on {m.date}" + (f" in {m.place}" if m.place else "") +
             (f" at the {m.forum}" if m.forum else "")] if m else []
    lines += [f"Participant: {p.name}, {p.role}, {p.actor}" for p in record.participants]
    lines += [f"Commitment ({'+'.join(c.actors)}): {c.text}" for c in record.commitments if not c.flags]
    lines += [f"Position ({p.holder}): {p.statement}" for p in record.positions if not p.flags][:6]
    return "\n".join(lines)


def main() -> None:
    records = sorted(Path(sys.argv[1]).glob("*.json"))
    live = ModelCaller(resolve("embedded"), max_reasks=0)
    totals = {"composed": [0, 0, 0, 0, 0, 0.0], "model": [0, 0, 0, 0, 0, 0.0]}  # French, cut, names, >120 words, failed, s
    for path in records:
        record = Record.model_validate_json(path.read_text(encoding="utf-8"))
        messages = [_system(), {"role": "user", "content": "TASK summary. Write one English paragraph of at most "
                                "100 words: who met, where, when, and the main commitments. Use only these "
                                "facts.\n<<<\n" + facts(record) + "\n>>>"}]
        stats, started = CallStats(), time.perf_counter()
        try:
            written = live.ask(SummaryDraft, messages, max_tokens=260, stats=stats).summary
            failed = 0
        except Exception:  # noqa: BLE001 - a failed call is a measured outcome here
            written, failed = "", 1
        seconds = time.perf_counter() - started
        for design, text, extra in (("composed", record.summary.text if record.summary else "", 0.0),
                                    ("model", written, seconds)):
            probe = record.model_copy(update={"summary": Summary(text=text[:1000], words=len(text.split()),
                                                                 language="en", method="record")})
            problems = summary_problems(probe)
            row = totals[design]
            row[0] += problems["not_english"]
            row[1] += problems["cut"]
            row[2] += problems["ungrounded_names"]
            row[3] += len(text.split()) > 120
            row[4] += failed if design == "model" else 0
            row[5] += extra
        print(f"{path.stem}: model {seconds:.1f} s, {len(written.split())} words", flush=True)
    print(f"\n{len(records)} records\n")
    print("| summary design | French sentences | cut words | names the record lacks | over 120 words | failed | "
          "extra s |\n|---|---|---|---|---|---|---|")
    for design, label in (("composed", "composed from the record (kept)"), ("model", "written by the model")):
        r = totals[design]
        print(f"| {label} | {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]:.0f} |")


if __name__ == "__main__":
    main()
