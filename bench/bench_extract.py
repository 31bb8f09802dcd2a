"""Embedded-model benchmark on the seed articles (issue #2 targets).

For each article: wall time of `extract`, prompt/generated tokens, generation
rate, then the SAME request bodies re-sent straight to the llama.cpp server
with urllib, in the same order, to measure our client overhead side by
side. Peak RSS covers the whole process, which hosts the in-process server.

    python bench/bench_extract.py [--slots N] [--out bench/out/records] [articles...]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import urllib.request

from summarize.backend import resolve
from summarize.extract import Extractor, Settings
from summarize.load import load_path
from summarize.model import Exchange, ModelCaller

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("articles", nargs="*")
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "records"))
    parser.add_argument("--no-direct", action="store_true", help="skip the direct-to-server replay")
    args = parser.parse_args()
    paths = [Path(a) for a in args.articles] or sorted((ROOT / "tests" / "data").glob("*.txt"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    backend = resolve("embedded")
    # Warm-up: the first call of a fresh server pays for the shared system prompt once; without this
    # the first article's own run would be charged for it but its direct replay would not.
    from summarize import prompt

    try:
        ModelCaller(backend, max_reasks=0).ask(prompt.MeetingDraft, prompt.meeting_messages("Warm-up."),
                                               max_tokens=8)
    except Exception:  # noqa: BLE001 - only the prompt prefill matters, not the answer
        pass
    rows = []
    for path in paths:
        exchanges: list[Exchange] = []
        caller = ModelCaller(backend, loggers=[exchanges.append])
        started = time.perf_counter()
        try:
            record = Extractor(caller, Settings(slots=args.slots)).run(load_path(path))
        except Exception as exc:  # keep measuring the other articles; the failure is a result too
            print(json.dumps({"article": path.stem, "error": f"{type(exc).__name__}: {str(exc)[:200]}",
                              "wall_s": round(time.perf_counter() - started, 1)}), flush=True)
            continue
        wall = time.perf_counter() - started
        (out / f"{path.stem}.json").write_text(record.model_dump_json(indent=2), encoding="utf-8")
        usage = record.provenance.usage
        ours_http = sum(e.seconds for e in exchanges)
        row = {"article": path.stem, "wall_s": round(wall, 1), "calls": usage.calls, "attempts": usage.attempts,
               "prompt_tokens": usage.prompt_tokens, "cached_tokens": usage.cached_tokens,
               "generated_tokens": usage.completion_tokens,
               "generated_per_s_of_wall": round(usage.completion_tokens / wall, 1)}
        if not args.no_direct and args.slots == 1:
            # Same bodies, same order, straight to the server: what the model alone costs.
            direct = 0.0
            for exchange in exchanges:
                body = json.dumps(exchange.request).encode()
                request = urllib.request.Request(backend.base_url + "/chat/completions", data=body,
                                                 headers={"Content-Type": "application/json"})
                t = time.perf_counter()
                with urllib.request.urlopen(request, timeout=600) as response:
                    response.read()
                direct += time.perf_counter() - t
            row["ours_http_s"] = round(ours_http, 2)
            row["direct_s"] = round(direct, 2)
            row["overhead_pct"] = round(100 * (wall - direct) / direct, 2)
        rows.append(row)
        print(json.dumps(row), flush=True)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    walls = [r["wall_s"] for r in rows] or [0.0]
    print(json.dumps({"median_wall_s": statistics.median(walls), "max_wall_s": max(walls),
                      "peak_rss_gb": round(peak_gb, 2), "slots": args.slots}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
