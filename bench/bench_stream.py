"""Archive scale, side by side in one run (issue 9's targets), against tests/mock_server.py in its own process.

    python bench/bench_stream.py [--big 1000000] [--small 10000] [--run 20000] [--articles 400]

Prints, in one table:
- streaming: a synthetic JSONL of --big short articles and one of --small; for each, a fresh client process
  runs ``run_batch`` against a zero-latency mock, the big one until --run articles are finished, the small
  one to its end:
  seconds from the process start to its first request, peak RSS (ru_maxrss), articles/s, requests/s;
- the request path alone: ``ModelCaller.ask`` over the pipeline's real request shapes (meeting and sentence
  calls) from 16 threads, with the store's call cache and calls log, against a zero-latency mock: client
  CPU per request and requests/s one process sustains;
- throughput of the whole pipeline (--articles short articles) at concurrency 16 / 200 ms and 64 / 1 s,
  against ideal = concurrency / latency, with the client CPU per request of that run;
- warm-cache re-run of the --small input into the store its run filled, started right after that run, by
  the same code: HTTP requests (the mock's count and the client's), articles served from the store, ms per
  article; both runs print their pipeline version and schema hash, and the row says "invalid" if they differ.
Every client process runs a copy of the sources taken when the bench starts (``snapshot``), so an edit
made in the tree while the bench runs (another session bumping ``PIPELINE_VERSION``) cannot turn the warm
re-run into a re-extraction. ``--work DIR`` keeps the synthetic inputs there and reuses them (writing the
1,000,000-line file takes minutes on a busy machine).
The client and the mock are separate processes; a busy machine distorts absolute figures, so the load
average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = [("CHN", "Chinese", "Wang Yi"), ("KAZ", "Kazakh", "Murat Nurtleu"), ("RUS", "Russian", "Sergei Lavrov"),
          ("UZB", "Uzbek", "Bakhtiyor Saidov"), ("KGZ", "Kyrgyz", "Jeenbek Kulubaev"),
          ("TJK", "Tajik", "Sirojiddin Muhriddin"), ("TKM", "Turkmen", "Rashid Meredov")]
COUNTRY = {"CHN": "China", "KAZ": "Kazakhstan", "RUS": "Russia", "UZB": "Uzbekistan", "KGZ": "Kyrgyzstan",
           "TJK": "Tajikistan", "TKM": "Turkmenistan"}
CITIES = ["Astana", "Beijing", "Moscow", "Tashkent", "Bishkek", "Dushanbe", "Ashgabat"]
TOPICS = ["trade", "energy", "transport links", "agriculture", "education", "water management", "tourism"]


def short_article(i: int) -> str:
    """A short English readout (~450 characters, two candidate sentences), distinct for every i."""
    rng = random.Random(i)
    (a, adj_a, name_a), (b, adj_b, name_b) = rng.sample(PEOPLE, 2)
    topic, other = rng.sample(TOPICS, 2)
    day = 1 + i % 28
    return (f"{adj_a} Foreign Minister {name_a} met {adj_b} Foreign Minister {name_b} in {rng.choice(CITIES)} "
            f"on May {day}, 2024 (readout {i}).\n\n"
            f"The two ministers discussed {topic} and {other}. {COUNTRY[a]} is ready to deepen cooperation "
            f"with {COUNTRY[b]} in {topic}, {name_a.split()[-1]} said. {name_b.split()[-1]} said {COUNTRY[b]} "
            f"supports closer ties in {other}.\n")


def write_jsonl(path: Path, count: int) -> float:
    if path.exists():  # --work: written by an earlier run (the count is in the name)
        return 0.0
    started = time.perf_counter()
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(json.dumps({"id": f"r{i}", "text": short_article(i)}) + "\n")
    return time.perf_counter() - started


@contextmanager
def mock_server(latency: float) -> Iterator[str]:
    """The mock server in its own process for the block; yields its URL."""
    mock = subprocess.Popen([sys.executable, str(ROOT / "tests" / "mock_server.py"), str(latency)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        yield mock.stdout.readline().strip()  # type: ignore[union-attr]
    finally:
        mock.terminate()
        mock.wait()


def mock_requests(url: str) -> int:
    with urllib.request.urlopen(url + "/stats") as response:
        return json.loads(response.read())["requests"]


# -- the client process ---------------------------------------------------------------------------
def child(args: argparse.Namespace) -> None:
    """Run one batch in this (fresh) process; write what it measured to --out and leave."""
    from summarize import model
    from summarize.batch import run_batch
    from tests.mock_server import backend_for

    first: list[float] = []
    sent = [0]
    send = model.ModelCaller._send

    def counted(self, body):  # type: ignore[no-untyped-def]
        if not first:
            first.append(time.time())
        sent[0] += 1
        return send(self, body)

    model.ModelCaller._send = counted  # type: ignore[method-assign]
    from summarize.extract import PIPELINE_VERSION, full_schema_hash
    cpu0, wall0 = time.process_time(), time.perf_counter()

    def result(summary, stopped: bool) -> dict:  # type: ignore[no-untyped-def]
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        return {"first_request_at": first[0] if first else None, "end_at": time.time(),
                "peak_rss_mb": resource.getrusage(
                    resource.RUSAGE_SELF).ru_maxrss / 1024, "finished": summary.finished, "done": summary.done,
                "cached": summary.cached, "failed": summary.failed, "requests": sent[0], "wall_s": wall,
                "cpu_s": cpu, "total": summary.total, "stopped_early": stopped, "limiter": summary.limiter,
                "pipeline": PIPELINE_VERSION, "schema": full_schema_hash(), "source": str(ROOT)}

    stopping = threading.Lock()

    def progress(summary) -> None:  # type: ignore[no-untyped-def]
        # two article threads may finish the last one together: one writes the result, the other waits
        if args.stop_after and summary.finished >= args.stop_after and stopping.acquire(blocking=False):
            Path(args.out).write_text(json.dumps(result(summary, True)))
            os._exit(0)  # the rest of a million articles is not the measure; a kill is safe (resume)

    summary = run_batch([args.input], args.db, backend=backend_for(args.url, timeout_s=60),
                        concurrency=args.concurrency, progress=progress, workers=args.workers)
    data = result(summary, False)
    # with workers the requests leave from their processes: count them from the calls log, and add the
    # workers' CPU (reported by each at its end) to this process's
    data["requests"] = max(data["requests"], summary.requests)
    data["worker_cpu_s"] = summary.limiter.get("worker_cpu_ms", 0) / 1000
    data["worker_peak_rss_mb"] = summary.limiter.get("worker_peak_rss_mb", 0)
    data["workers"] = args.workers
    import sqlite3

    with sqlite3.connect(args.db) as conn:  # when each answer came back, to time the steady middle of the run
        data["call_times"] = [row[0] for row in conn.execute(
            "SELECT created_at FROM calls WHERE run_id = ? ORDER BY created_at", (summary.run_id,))]
    if data["first_request_at"] is None and data["call_times"]:
        data["first_request_at"] = data["call_times"][0]  # workers: the first answer (the request is not seen here)
    try:
        from multiprocessing import forkserver

        pid = forkserver._forkserver._forkserver_pid  # the workers' fork server (models loaded once there)
        if pid:
            status = Path(f"/proc/{pid}/status").read_text()
            data["forkserver_rss_mb"] = int(next(line.split()[1] for line in status.splitlines()
                                                 if line.startswith("VmHWM"))) / 1024
            # its CPU (imports and model loads, once for all workers) belongs to the run too
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            data["worker_cpu_s"] += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, AttributeError):
        pass
    Path(args.out).write_text(json.dumps(data))


def snapshot(work: Path) -> Path:
    """A copy of the sources the client processes run (the package, its prompts, the mock, this file)."""
    root = work / "snapshot"
    if root.exists():
        shutil.rmtree(root)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "summarize", root / "summarize", ignore=ignore)
    shutil.copytree(ROOT / "prompts", root / "prompts", ignore=ignore)
    (root / "tests").mkdir(parents=True)
    (root / "bench").mkdir()
    for name in ("tests/__init__.py", "tests/mock_server.py", "bench/bench_stream.py"):
        shutil.copy2(ROOT / name, root / name)
    return root


SOURCE = ROOT  # the sources a client process runs: the snapshot once main() took it


def run_child(work: Path, name: str, input_path: Path, db: Path, url: str, concurrency: int,
              stop_after: int = 0, workers: int = 1) -> dict:
    out = work / f"{name}.json"
    started = time.time()
    subprocess.run([sys.executable, str(SOURCE / "bench" / "bench_stream.py"), "--child", "--input", str(input_path), "--db", str(db),
                    "--url", url, "--concurrency", str(concurrency), "--stop-after", str(stop_after),
                    "--workers", str(workers), "--out", str(out)], check=True, cwd=SOURCE)
    data = json.loads(out.read_text())
    data["first_request_s"] = data["first_request_at"] - started if data["first_request_at"] else None
    return data


# -- the request path alone -----------------------------------------------------------------------
def request_path(url: str, work: Path, count: int, threads: int) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    from summarize import prompt
    from summarize.limits import AdaptiveLimiter
    from summarize.model import ModelCaller
    from summarize.store import Store
    from tests.mock_server import backend_for

    store = Store(work / "request_path.db")
    run = store.start_run({})
    caller = ModelCaller(backend_for(url, timeout_s=60), cache=store.cache, loggers=[store.calls_logger(run)],
                         limiter=AdaptiveLimiter(threads))
    sentence = prompt.sentence_draft_model(["CHN", "KAZ"], 3)

    def ask(i: int) -> None:  # one meeting call per four sentence calls, as in a short article
        if i % 5 == 0:
            caller.ask(prompt.MeetingDraft, prompt.meeting_messages(
                f"Chinese Foreign Minister Wang Yi met Kazakh Foreign Minister Murat Nurtleu ({i})."), max_tokens=400)
        else:
            caller.ask(sentence, prompt.sentence_messages(
                "CHN = Wang Yi, Foreign Minister; KAZ = Murat Nurtleu, Foreign Minister", "Wang Yi (CHN)",
                [f"China is ready to deepen cooperation ({i})", "and to support", "Kazakhstan"]), max_tokens=200)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(ask, range(-50, 0)))  # warm: connections, shapes
        cpu0, wall0 = time.process_time(), time.perf_counter()
        list(pool.map(ask, range(count)))
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    store.close()
    return {"cpu_ms": cpu * 1000 / count, "rate": count / wall}


def throughput_rows(stats: dict, concurrency: int, latency: float, workers: int, round_: int,
                    load: float) -> list[tuple[str, str, str]]:
    """Throughput ÷ ideal (concurrency / latency) over the whole client process, from its first request,
    and over the steady middle of the run (the middle 80% of the answers: no start, no tail)."""
    requests = stats["requests"]
    label = f"{concurrency} / {latency * 1000:.0f} ms, workers {workers}, round {round_ + 1} (load {load:.1f})"
    ideal = concurrency / latency
    times = stats.get("call_times") or []
    rows = [(f"throughput ÷ ideal, whole process: {label}",
             f"{requests / stats['wall_s'] / ideal:.2f} ({requests / stats['wall_s']:.1f} of {ideal:.0f} req/s)",
             "≥ 0.9")]
    if len(times) >= 20:
        lo, hi = int(len(times) * 0.1), int(len(times) * 0.9)
        rate = (hi - lo) / max(1e-9, times[hi] - times[lo])
        rows.append(("  steady (middle 80% of the answers)", f"{rate / ideal:.2f} ({rate:.1f} req/s)", "≥ 0.9"))
    if stats.get("first_request_at"):
        serving = stats["end_at"] - stats["first_request_at"]
        rows.append(("  from the first request to the end", f"{requests / serving / ideal:.2f}", "≥ 0.9"))
    cpu = stats["cpu_s"] + stats.get("worker_cpu_s", 0.0)
    memory = f"{stats['peak_rss_mb']:.0f} MB"
    if workers > 1:
        memory += (f" + workers {stats.get('worker_peak_rss_mb', 0):.0f} MB"
                   f" + fork server {stats.get('forkserver_rss_mb', 0):.0f} MB (RSS, shared pages counted each time)")
    rows.append(("  client CPU per request (batch process + workers + fork server), peak RSS",
                 f"{cpu * 1000 / max(1, requests):.2f} ms, {memory}", "≤ 3 ms, ≤ 300 MB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--run", type=int, default=20_000, help="articles run from each input before stopping")
    parser.add_argument("--articles", type=int, default=400, help="articles per throughput run")
    parser.add_argument("--requests", type=int, default=3000, help="requests of the request-path run")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: stream,path,throughput,warm")
    parser.add_argument("--work", type=Path, help="folder for the inputs (reused when there) and stores")
    parser.add_argument("--workers", default="1",
                        help="comma-separated worker counts (batch --workers): the throughput runs alternate "
                             "over them, --rounds times; the stream and warm runs use the first")
    parser.add_argument("--rounds", type=int, default=1, help="throughput rounds over the --workers list")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    for name in ("input", "db", "url", "out"):
        parser.add_argument(f"--{name}", help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, default=16, help=argparse.SUPPRESS)
    parser.add_argument("--stop-after", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.workers = int(args.workers)
        return child(args)
    worker_counts = [int(w) for w in args.workers.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    global SOURCE
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench_stream_", dir=args.work))
    inputs = args.work or work
    SOURCE = snapshot(work)
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; work in {work}; "
          f"clients run the snapshot {SOURCE}")
    rows: list[tuple[str, str, str]] = []
    small = inputs / f"small-{args.small}.jsonl"
    print(f"writing {args.small:,} and {args.big:,} short articles ...", flush=True)
    write_jsonl(small, args.small)
    with mock_server(0.0) as url:
        if "stream" not in skip:
            big = inputs / f"big-{args.big}.jsonl"
            seconds = write_jsonl(big, args.big)
            print(f"  {big.stat().st_size / 1e6:,.0f} MB in {seconds:.0f} s", flush=True)
            # the big input stops after --run articles; the small one runs to its end (the warm re-run reads it)
            for label, path, stop in ((f"{args.big:,} lines", big, args.run), (f"{args.small:,} lines", small, 0)):
                stats = run_child(work, path.stem, path, work / f"{path.stem}.db", url, 16, stop,
                                  workers=worker_counts[0])
                first_stats = stats
                rate = stats["finished"] / stats["wall_s"]
                first_at = stats["first_request_s"]  # None: workers stopped early (their first request is not seen here)
                rows.append((f"stream {label}: first request",
                             "n/a" if first_at is None else f"{first_at:.2f} s", "≤ 5 s"))
                rows.append((f"stream {label}: peak RSS over {stats['finished']:,} articles",
                             f"{stats['peak_rss_mb']:.0f} MB", "≤ 300 MB"))
                rows.append((f"stream {label}: articles/s, requests/s, CPU ms/request",
                             f"{rate:.1f}, {stats['requests'] / stats['wall_s']:.1f}, "
                             f"{stats['cpu_s'] * 1000 / max(1, stats['requests']):.2f}", "reported"))
                print(f"  {label}: {stats}", flush=True)
            if "warm" not in skip:  # at once, by the same snapshot: the small input into the store it filled
                before = mock_requests(url)
                stats = run_child(work, "warm", small, work / f"{small.stem}.db", url, 16,
                                  workers=worker_counts[0])
                after = mock_requests(url)
                same = (stats["pipeline"], stats["schema"]) == (first_stats["pipeline"], first_stats["schema"])
                rows.append((f"warm re-run of {args.small:,} articles: HTTP requests (mock, client)",
                             f"{after - before}, {stats['requests']}" + ("" if same else " INVALID: versions differ"),
                             "0"))
                rows.append(("warm re-run: articles from the store, ms per article, peak RSS",
                             f"{stats['cached']:,} of {stats['total']:,}, "
                             f"{stats['wall_s'] * 1000 / max(1, stats['cached']):.2f} ms, {stats['peak_rss_mb']:.0f} MB",
                             "all, ≤ 5 ms"))
                print(f"  warm: {stats}", flush=True)
        if "path" not in skip:
            path_stats = request_path(url, work, args.requests, 16)
            rows.append(("request path: client CPU per request", f"{path_stats['cpu_ms']:.2f} ms", "≤ 3 ms"))
            rows.append(("request path: requests/s, one process, 0-latency mock", f"{path_stats['rate']:.0f}",
                         "reported"))
            print(f"  request path: {path_stats}", flush=True)
    if "throughput" not in skip:
        for concurrency, latency in ((16, 0.2), (64, 1.0)):
            with mock_server(latency) as url:
                for round_ in range(args.rounds):
                    for workers in worker_counts:  # alternating: each count sees the same load, turn by turn
                        name = f"tp{concurrency}-r{round_}-w{workers}"
                        part = work / f"{name}.jsonl"
                        with part.open("w", encoding="utf-8") as handle:  # articles no other run has seen
                            for i in range(args.articles):
                                seed = 10_000_000 * concurrency + 100_000 * (round_ * 10 + workers) + i
                                handle.write(json.dumps({"id": f"t{i}", "text": short_article(seed)}) + "\n")
                        load = os.getloadavg()[0]
                        stats = run_child(work, name, part, work / f"{name}.db", url, concurrency, workers=workers)
                        rows.extend(throughput_rows(stats, concurrency, latency, workers, round_, load))
                        print(f"  throughput {concurrency}/{latency} workers {workers} round {round_}: "
                              f"{ {k: v for k, v in stats.items() if k != 'call_times'} }", flush=True)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':{width}}  {'measured':>34}  target")
    for name, value, target in rows:
        print(f"{name:{width}}  {value:>34}  {target}")


if __name__ == "__main__":
    main()
