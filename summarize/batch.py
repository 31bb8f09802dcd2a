"""Many articles into one store: cache, resume, adaptive concurrency, cost ledger, streamed input.

``run_batch(inputs, db)`` reads the inputs (files, folders, globs, JSONL) lazily,
in bounded windows (inputs.py): each window is cleaned and hashed, its article
rows stored, and the articles the store already holds a record for skipped
(article-level cache: a re-run makes no model call; a prompt or schema change
re-extracts everything it affects). The others go to a thread pool as soon as
their window is read, with a bound on how many wait, so memory stays flat
whatever the input's size and the first request leaves after the first window,
not after the whole input was read. An ``AdaptiveLimiter`` bounds the HTTP
requests in flight across all threads. Each finished article is one
transaction (record, or error with its cause), so a kill -9 at any moment loses
at most the articles in flight, which the next run does again.

``--shard i/N`` keeps only the articles whose request hash falls in shard i
(shard.py), for running one archive on several machines.

``--batch-api`` hands the articles to batchapi.py instead, a bounded chunk at a
time. The dependency runs one way: this module drives batchapi.py; what both need
lives below them (jobs.py, records.py, ``ledger.estimate_cost``), never in here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .backend import Backend, resolve
from .batchapi import run_phases
from .clean import clean
from .errors import InputError
from .extract import Extractor, Settings, request_hash
from .inputs import count_inputs, iter_inputs, read_inputs
from .jobs import BatchSummary, InputArticle, Prepared
from .ledger import Ledger, Price, estimate_cost
from .limits import AdaptiveLimiter, cap_for
from .model import ModelCaller, transport_wait
from .records import record_usage, store_record
from .shard import Shard
from .store import ArticleRow, Store, describe
from .warm import single_flight
from .workers import WorkerConfig, WorkerCrashed, WorkerPool, preload, usage_of

FIRST_WINDOW = 8  # articles read before the first request leaves
WINDOW = 256  # articles read, cleaned, hashed and looked up in the store at a time
BATCH_API_CHUNK = 20_000  # articles per round of Batch API jobs (bounds what one round holds)


def windows(articles: Iterator[InputArticle], first: int = FIRST_WINDOW, size: int = WINDOW
            ) -> Iterator[list[InputArticle]]:
    """The articles in lists: a small first one (the first request leaves at once), then ``size``."""
    chunk = list(itertools.islice(articles, first))
    while chunk:
        yield chunk
        chunk = list(itertools.islice(articles, size))


Progress = Callable[[BatchSummary], None]


# -- the run ------------------------------------------------------------------------------------
def prepare(articles: list[InputArticle], backend: Backend, settings: Settings) -> list[Prepared]:
    prepared = []
    for article in articles:
        if article.raw is None:
            prepared.append(Prepared(article, None))
            continue
        cleaned = clean(article.raw.text)
        prepared.append(Prepared(article, request_hash(cleaned.text, backend, settings, article.date), cleaned=cleaned))
    return prepared


def _article_rows(prepared: list[Prepared]) -> list[ArticleRow]:
    rows = []
    for p in prepared:
        raw = p.input.raw
        rows.append(ArticleRow(id=p.input.id, request_hash=p.request_hash, source=p.input.source or
                               (raw.source if raw else None), url=p.input.url, date=p.input.date,
                               sha256=hashlib.sha256(raw.text.encode()).hexdigest() if raw else None,
                               chars=len(raw.text) if raw else None))
    return rows


class _Tally:
    """Per-article HTTP counts for the calls made on the article's own thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_article: dict[str, dict[str, int]] = {}

    def add(self, row: dict[str, Any]) -> None:
        article = row.get("article_id")
        if article is None:
            return
        with self.lock:
            t = self.by_article.setdefault(article, {"prompt_tokens": 0, "completion_tokens": 0,
                                                     "cached_tokens": 0, "errors": 0, "attempts": 0})
            t["prompt_tokens"] += row["prompt_tokens"]
            t["completion_tokens"] += row["completion_tokens"]
            t["cached_tokens"] += row["cached_tokens"]
            t["errors" if row["error"] else "attempts"] += 1

    def pop(self, article: str) -> dict[str, int]:
        with self.lock:
            return self.by_article.pop(article, {"prompt_tokens": 0, "completion_tokens": 0, "cached_tokens": 0,
                                                 "errors": 0, "attempts": 0})


def run_in_threads(caller: ModelCaller, settings: Settings, todo_of: Callable[[list[InputArticle]], list[Prepared]],
                   articles: Iterator[InputArticle], window: int, cap: int,
                   finished_ok: Callable[[Prepared, str, dict[str, Any]], None],
                   finished_failed: Callable[[Prepared, BaseException | str, dict[str, Any] | None], None],
                   reserve: Callable[[Prepared], float | None], settle: Callable[[Prepared, float], None],
                   store: Store) -> None:
    """The articles on a thread pool in this process (``--workers 1``)."""

    def work(p: Prepared) -> None:
        estimate = reserve(p)
        if estimate is None:
            return
        store.set_article(p.input.id)
        try:
            record = Extractor(caller, settings).run(p.input.raw, p.cleaned, given_date=p.input.date)
            p.cleaned = None
        except Exception as exc:  # every failure is stored with its cause; none is lost
            finished_failed(p, exc, usage_of(exc))
        else:
            finished_ok(p, record.model_dump_json(), record_usage(record))
        finally:
            store.set_article(None)
            settle(p, estimate)

    threads = max(1, min(64, cap * 2))
    # articles handed to the pool and not finished: enough to keep every thread busy while the next
    # window is read, few enough that memory does not grow with the input
    slots = threading.BoundedSemaphore(threads * 2)
    failures: list[BaseException] = []

    def finished(future: Future[None]) -> None:
        slots.release()
        if not future.cancelled() and future.exception() is not None:
            failures.append(future.exception())  # type: ignore[arg-type]

    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="article")
    loading: threading.Thread | None = None
    try:
        for article_window in windows(articles, min(FIRST_WINDOW, window), window):
            for p in todo_of(article_window):
                if loading is None:
                    # The rules' models (GeoNames, dateparser, lingua's short-text models, lemminflect) are
                    # read while the first requests are out, not when their answers come back: read on
                    # first use, they held every article thread for the seconds they take (measured: no
                    # answer handled for 2-3 s after the first ones, 0.87 of ideal throughput over 2,000
                    # articles). One at a time behind the loading lock (warm.py), as before. On the first
                    # article to extract: a warm re-run reads none.
                    loading = threading.Thread(target=preload, name="preload", daemon=True)
                    loading.start()
                slots.acquire()
                if failures:
                    raise failures[0]
                pool.submit(work, p).add_done_callback(finished)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    if failures:
        raise failures[0]


def run_in_workers(workers: int, todo_of: Callable[[list[InputArticle]], list[Prepared]],
                   articles: Iterator[InputArticle], window: int,
                   finished_ok: Callable[[Prepared, str, dict[str, Any]], None],
                   finished_failed: Callable[[Prepared, BaseException | str, dict[str, Any] | None], None],
                   reserve: Callable[[Prepared], float | None], settle: Callable[[Prepared, float], None],
                   on_call: Callable[[dict[str, Any]], None], summary: BatchSummary, store: Store, chosen: Backend,
                   settings: Settings, cap: int, transport_attempts: int, wait: Callable[[Any], float]
                   ) -> WorkerCrashed | None:
    """The articles on ``workers`` processes (workers.py); this thread and the pool's receiver thread
    write the store. Returns the crash that stopped the run, if a worker died."""
    pool: WorkerPool | None = None

    def on_call_row(row: dict[str, Any]) -> None:
        store.insert_call(summary.run_id, row)
        on_call(row)

    def done(handle: tuple[Prepared, float], record_json: str, usage: dict[str, Any]) -> None:
        try:
            finished_ok(handle[0], record_json, usage)
        finally:
            settle(*handle)

    def failed(handle: tuple[Prepared, float], message: str, usage: dict[str, Any] | None) -> None:
        try:
            finished_failed(handle[0], message, usage)
        finally:
            settle(*handle)

    crash: WorkerCrashed | None = None
    try:
        for article_window in windows(articles, min(FIRST_WINDOW, window), window):
            todo = todo_of(article_window)
            for p in todo:
                if pool is None:  # on the first article to extract: a warm re-run starts no process
                    # the embedded server runs in this process; the workers are sent its address
                    backend = chosen if chosen.base_url else dataclasses.replace(chosen, base_url=chosen.start())
                    config = WorkerConfig(db=str(store.path), backend=backend, settings=settings, cap=cap,
                                          transport_attempts=transport_attempts, wait=wait,
                                          identity=request_hash("", backend, settings))
                    pool = WorkerPool(workers, config, on_call=on_call_row, on_cache=store.cache.put_json,
                                      on_done=done, on_failed=failed,
                                      on_lost=lambda handle, message: failed(handle, message, None))
                    pool.start({q.cleaned.language for q in todo if q.cleaned is not None})
                estimate = reserve(p)
                if estimate is None:
                    continue
                raw, cleaned = p.input.raw, p.cleaned
                p.cleaned = None  # the worker has its copy: the parent keeps only what it stores
                pool.submit((p, estimate), p.input.id, raw, cleaned, p.input.date)
    except WorkerCrashed as exc:
        crash = exc  # nothing more is handed out; the other workers finish what they hold
    except BaseException:
        if pool is not None:
            pool.abort()
        raise
    if pool is not None:
        try:
            summary.limiter = pool.finish()
        except WorkerCrashed as exc:
            crash = crash or exc
        except BaseException:
            pool.abort()
            raise
    return crash


def run_batch(inputs: Iterable[str | Path], db: str | Path | Store, *, backend: Backend | str | None = None,
              model: str | None = None, base_url: str | None = None, api_key: str | None = None,
              concurrency: int | None = None, max_cost: float | None = None,
              prices: dict[str, Price] | None = None, batch_api: bool = False,
              settings: Settings | None = None, transport_attempts: int = 6,
              wait: Callable[[Any], float] = transport_wait, progress: Progress | None = None,
              poll_interval: float = 10.0, max_errors_listed: int = 50, shard: Shard | str | None = None,
              window: int = WINDOW, count: bool = True, workers: int = 1) -> BatchSummary:
    """Extract every input article into the store at ``db``; returns what happened.

    ``shard``: only the articles of shard i of N (``"i/N"`` or a ``Shard``); ``window``: articles read
    and prepared at a time; ``count``: count the inputs (in the background) for the progress total;
    ``workers``: processes that run the articles (workers.py; 1: threads in this process). This
    process stays the store's only writer either way. A worker that dies raises ``WorkerCrashed``
    once the others finished what they held (everything finished is stored)."""
    if workers < 1:
        raise InputError(f"workers must be at least 1, not {workers}")
    if workers > 1 and batch_api:
        raise InputError("--workers runs articles in several processes; --batch-api has no per-article "
                         "work to share (the provider runs the requests): use one or the other")
    started = time.perf_counter()
    inputs = [str(i) for i in inputs]
    part = Shard.parse(shard) if isinstance(shard, str) else (shard or Shard(0, 1))
    articles = iter_inputs(inputs)  # checks every input now: a missing file fails before anything runs
    single_flight()  # each lazily loaded model of the rules is built by one thread, not by each (warm.py)
    store = db if isinstance(db, Store) else Store(db)
    store.checkpoint_in_background()
    try:
        chosen = backend if isinstance(backend, Backend) else resolve(backend, model=model, base_url=base_url,
                                                                      api_key=api_key)
        settings = settings or Settings()
        ledger = Ledger.for_backend(chosen.name, chosen.model, prices, max_cost, batch_api)
        cap = cap_for(chosen.name, concurrency)
        options = {"backend": chosen.identity(), "concurrency": cap, "max_cost": max_cost, "batch_api": batch_api,
                   "inputs": inputs, "shard": str(part)}
        run_id = store.start_run(options)
        summary = BatchSummary(run_id=run_id, db=str(store.path))
        lock = threading.Lock()
        ended = threading.Event()

        def count_total() -> None:
            total = count_inputs(inputs)
            if not ended.is_set():  # a run that ended first has the exact figure
                summary.total = total

        if count:  # counted beside the run: a long scan never delays the first request
            threading.Thread(target=count_total, daemon=True, name="count-inputs").start()

        def notify() -> None:
            if progress is not None:
                summary.prompt_tokens, summary.completion_tokens = ledger.prompt_tokens, ledger.completion_tokens
                summary.cost_usd = round(ledger.spent, 8)
                progress(summary)

        tally = _Tally()

        def on_call(row: dict[str, Any]) -> None:
            ledger.add(row["prompt_tokens"], row["completion_tokens"], row["cached_tokens"])
            tally.add(row)
            if row["error"]:
                with lock:
                    summary.failed_requests += 1
            notify()

        logger = store.calls_logger(run_id, on_call)
        in_flight: set[str] = set()  # request hashes submitted and not finished: a copy of one is not redone
        crash: WorkerCrashed | None = None

        def todo_of(window_articles: list[InputArticle]) -> list[Prepared]:
            """One window: cleaned, hashed, this shard's rows stored; what is left to extract."""
            prepared = [p for p in prepare(window_articles, chosen, settings)
                        if part.owns(p.request_hash, p.input.id)]
            summary.other_shard += len(window_articles) - len(prepared)
            summary.articles += len(prepared)
            store.upsert_articles(_article_rows(prepared), run_id)
            done = store.done_hashes([p.request_hash for p in prepared if p.request_hash])
            todo: list[Prepared] = []
            for p in prepared:
                if p.request_hash is None:
                    message = store.save_error(p.input.id, None, run_id, p.input.error or InputError("unreadable"))
                    with lock:
                        summary.failed += 1
                        if len(summary.errors) < max_errors_listed:
                            summary.errors.append({"id": p.input.id, "error": message})
                elif p.request_hash in done or p.request_hash in in_flight:
                    with lock:
                        summary.cached += 1
                else:
                    todo.append(p)
                    with lock:
                        in_flight.add(p.request_hash)  # two inputs with the same content are extracted once
            notify()
            return todo

        if batch_api:
            chunk: list[Prepared] = []

            def flush() -> None:
                run_phases(chunk, store, chosen, settings, ledger, summary, run_id, logger=logger,
                           poll_interval=poll_interval, notify=notify, max_errors_listed=max_errors_listed)
                in_flight.difference_update(p.request_hash for p in chunk if p.request_hash)
                chunk.clear()

            for batch_window in windows(articles, window, window):
                chunk.extend(todo_of(batch_window))
                if len(chunk) >= BATCH_API_CHUNK:
                    flush()
            if chunk:
                flush()
        else:
            limiter = AdaptiveLimiter(cap)

            def finished_ok(p: Prepared, record_json: str, usage: dict[str, Any]) -> None:
                own = tally.pop(p.input.id)
                usage = store_record(store, p.input.id, p.request_hash or "", record_json, usage, run_id, ledger, own)
                with lock:
                    summary.done += 1
                    summary.transport_retries += usage["transport_retries"]
                    summary.reasks += usage["reasks"]

            def finished_failed(p: Prepared, error: BaseException | str, exc_usage: dict[str, Any] | None) -> None:
                own = tally.pop(p.input.id)
                usage = exc_usage or {**own, "attempts": own["attempts"] + own["errors"],
                                      "transport_retries": max(0, own["errors"] - 1)}
                cost = ledger.cost(usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0),
                                   usage.get("cached_tokens", 0))
                message = store.save_error(p.input.id, p.request_hash, run_id, error, usage, cost)
                with lock:
                    summary.failed += 1
                    summary.transport_retries += usage.get("transport_retries", 0)
                    summary.reasks += usage.get("reasks", 0)
                    if len(summary.errors) < max_errors_listed:
                        summary.errors.append({"id": p.input.id, "error": message})

            def reserve(p: Prepared) -> float | None:
                """The article's share of the budget, or None (counted as pending) when it does not fit."""
                estimate = estimate_cost(ledger, p.input.raw) if ledger.max_cost is not None else 0.0
                if ledger.reserve(estimate):
                    return estimate
                with lock:
                    summary.pending += 1
                    summary.stopped = "max_cost"
                notify()
                return None

            def settle(p: Prepared, estimate: float) -> None:
                ledger.release(estimate)
                with lock:
                    in_flight.discard(p.request_hash or "")
                notify()

            if workers > 1:
                crash = run_in_workers(workers, todo_of, articles, window, finished_ok, finished_failed, reserve,
                                       settle, on_call, summary, store, chosen, settings, cap, transport_attempts,
                                       wait)
            else:
                caller = ModelCaller(chosen, max_reasks=settings.max_reasks, transport_attempts=transport_attempts,
                                     loggers=[logger], wait=wait, cache=store.cache, limiter=limiter)
                run_in_threads(caller, settings, todo_of, articles, window, cap, finished_ok, finished_failed,
                               reserve, settle, store)
                summary.limiter = limiter.snapshot()

        totals = store.run_totals(run_id)
        summary.requests = int(totals["requests"])
        summary.failed_requests = int(totals["failed_requests"])
        summary.prompt_tokens = ledger.prompt_tokens
        summary.completion_tokens = ledger.completion_tokens
        summary.cached_tokens = ledger.cached_tokens
        summary.cost_usd = round(ledger.spent, 8)
        ended.set()
        summary.total = summary.articles + summary.other_shard  # read to the end: now exact
        summary.seconds = round(time.perf_counter() - started, 3)
        if crash is not None:
            summary.stopped = "worker_crashed"
        store.finish_run(run_id, summary.to_dict())
        notify()
        if crash is not None:
            raise crash
        return summary
    finally:
        if not isinstance(db, Store):
            store.close()
        else:
            store.stop_checkpointing()


__all__ = ["run_batch", "read_inputs", "windows", "BatchSummary", "InputArticle", "describe"]
