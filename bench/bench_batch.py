"""Batch throughput, client CPU, warm-cache re-run and token overhead against the local mock server.

    python bench/bench_batch.py [--articles 60] [--latency 0.2] [--concurrency 16]

The mock runs in a separate process (so its CPU is not the client's) with a fixed latency per request.
Figures, side by side in one run:
- concurrent batch (AdaptiveLimiter, cap = --concurrency) vs a sequential loop (one request at a time);
  ideal = requests x latency / concurrency;
- client CPU ms per article (process CPU time of this process during the concurrent batch);
- warm-cache re-run: HTTP requests (counted by the mock) and ms per article;
- tokens billed / tokens of one perfect attempt per call.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize.batch import read_inputs, run_batch  # noqa: E402
from summarize.extract import Extractor, Settings  # noqa: E402
from summarize.model import ModelCaller  # noqa: E402
from summarize.store import Store  # noqa: E402
from tests.mock_server import backend_for, make_articles  # noqa: E402


def stats(url: str) -> dict:
    with urllib.request.urlopen(url + "/stats") as response:
        return json.loads(response.read())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--sequential-articles", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    make_articles(work / "in", args.articles)
    mock = subprocess.Popen([sys.executable, str(ROOT / "tests" / "mock_server.py"), str(args.latency)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        url = mock.stdout.readline().strip()
        backend = backend_for(url, timeout_s=30)

        # sequential loop: one article after another, one request at a time
        seq_inputs = read_inputs([str(p) for p in sorted((work / "in").glob("*.txt"))[:args.sequential_articles]])
        caller = ModelCaller(backend)
        before = stats(url)["requests"]
        started = time.perf_counter()
        for item in seq_inputs:
            Extractor(caller, Settings(slots=1)).run(item.raw)
        seq_wall = time.perf_counter() - started
        seq_requests = stats(url)["requests"] - before
        seq_rate = seq_requests / seq_wall

        # concurrent batch
        before = stats(url)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        summary = run_batch([str(work / "in")], work / "bench.db", backend=backend, concurrency=args.concurrency)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        after = stats(url)
        requests = after["requests"] - before["requests"]
        ideal_wall = requests * args.latency / args.concurrency
        rate = requests / wall
        ideal_rate = args.concurrency / args.latency

        # warm-cache re-run
        before_warm = stats(url)["requests"]
        w0 = time.perf_counter()
        warm = run_batch([str(work / "in")], work / "bench.db", backend=backend, concurrency=args.concurrency)
        warm_wall = time.perf_counter() - w0
        warm_requests = stats(url)["requests"] - before_warm

        # tokens billed vs one perfect attempt per logical call
        with Store(work / "bench.db") as store:
            billed = store.scalar("SELECT sum(prompt_tokens + completion_tokens) FROM calls WHERE run_id = ?",
                                  (summary.run_id,))
            # a perfect attempt: an answered request that is not a re-ask (no earlier assistant turn in it)
            perfect = sum(r["t"] for r in store.query(
                "SELECT request, prompt_tokens + completion_tokens AS t FROM calls "
                "WHERE run_id = ? AND error IS NULL", (summary.run_id,))
                if not any(m.get("role") == "assistant" for m in json.loads(r["request"]).get("messages", [])))

        print(f"mock latency {args.latency * 1000:.0f} ms, {args.articles} articles, {requests} requests")
        print(f"{'':28}{'sequential':>14}{'concurrent':>14}{'ideal':>14}")
        print(f"{'requests/s':28}{seq_rate:14.1f}{rate:14.1f}{ideal_rate:14.1f}")
        print(f"{'articles/s':28}{len(seq_inputs) / seq_wall:14.2f}{summary.done / wall:14.2f}"
              f"{summary.done / ideal_wall:14.2f}")
        print(f"throughput / ideal at concurrency {args.concurrency}: {ideal_wall / wall:.3f}  "
              f"(speed-up over sequential: {rate / seq_rate:.1f}x; limiter {summary.limiter})")
        print(f"client CPU: {cpu * 1000 / max(1, summary.done):.1f} ms per article "
              f"({cpu * 1000 / max(1, requests):.2f} ms per request)")
        print(f"warm-cache re-run: {warm_requests} HTTP requests, {warm.cached} cached, "
              f"{warm_wall * 1000 / max(1, warm.cached):.1f} ms per article")
        print(f"tokens billed / perfect-attempt tokens: {billed / perfect:.3f} ({billed} / {perfect})")
        print(f"done {summary.done}, failed {summary.failed}, cost ${summary.cost_usd:.4f}")
    finally:
        mock.terminate()
        mock.wait()


if __name__ == "__main__":
    main()
