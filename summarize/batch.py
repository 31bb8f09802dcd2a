"""Many articles into one store: cache, resume, adaptive concurrency, cost ledger.

``run_batch(inputs, db)`` reads every input (files, folders, globs, JSONL),
computes each article's request hash *before* any model call and skips the
ones the store already holds a record for (article-level cache: a re-run makes
no model call; a prompt or schema change re-extracts everything it affects).
The others run on a thread pool; an ``AdaptiveLimiter`` bounds the HTTP
requests in flight across all threads. Each finished article is one
transaction (record, or error with its cause), so a kill -9 at any moment
loses at most the articles in flight, which the next run does again.

``--batch-api`` hands the articles to batchapi.py instead. The dependency runs one
way: this module drives batchapi.py; what both need lives below them (jobs.py,
records.py, ``ledger.estimate_cost``), never in here.
"""

from __future__ import annotations

import glob as globmod
import hashlib
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .backend import Backend, resolve
from .batchapi import run_phases
from .clean import clean
from .errors import InputError, SummarizeError
from .extract import Extractor, Settings, request_hash
from .jobs import BatchSummary, InputArticle, Prepared
from .ledger import Ledger, Price, estimate_cost
from .limits import AdaptiveLimiter, cap_for
from .load import load_path, load_text
from .model import ModelCaller, transport_wait
from .records import save_record
from .store import ArticleRow, Store, describe

ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".md", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


# -- inputs -------------------------------------------------------------------------------------
def _expand(item: str) -> list[Path]:
    path = Path(item)
    if path.exists():
        if path.is_dir():
            return sorted(p for p in path.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts)
                and (p.suffix.lower() in ARTICLE_SUFFIXES | JSONL_SUFFIXES or not p.suffix))
        return [path]
    if any(ch in item for ch in "*?["):
        found = sorted(Path(p) for p in globmod.glob(item, recursive=True) if Path(p).is_file())
        if found:
            return found
    raise InputError(f"{item} does not exist and matches no file")


def _jsonl(path: Path) -> Iterator[InputArticle]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                yield InputArticle(id=where, error=InputError(f"{where} is not a JSON object: {exc}"))
                continue
            ident = str(obj.get("id") or where)
            source = obj.get("source") or obj.get("url") or ident
            body = obj.get("text") if obj.get("text") is not None else obj.get("html")
            article = InputArticle(id=ident, url=obj.get("url"), date=obj.get("date"), source=source)
            if not isinstance(body, str):
                article.error = InputError(f"{where} (id {ident}) has no 'text' or 'html' string")
            else:
                try:
                    article.raw = load_text(body, source=str(source))
                except SummarizeError as exc:
                    article.error = exc
            yield article


def read_inputs(inputs: Iterable[str | Path]) -> list[InputArticle]:
    """Every article named by the inputs, once (first occurrence of an id wins)."""
    seen: set[str] = set()
    out: list[InputArticle] = []
    for item in inputs:
        for path in _expand(str(item)):
            articles = _jsonl(path) if path.suffix.lower() in JSONL_SUFFIXES else [_file(path)]
            for article in articles:
                if article.id not in seen:
                    seen.add(article.id)
                    out.append(article)
    return out


def _file(path: Path) -> InputArticle:
    article = InputArticle(id=str(path), source=str(path))
    try:
        article.raw = load_path(path)
    except SummarizeError as exc:
        article.error = exc
    return article


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


def _usage_of(exc: BaseException) -> dict[str, Any] | None:
    stats = getattr(exc, "usage", None)
    if stats is None:
        return None
    if hasattr(stats, "__dataclass_fields__"):
        return asdict(stats)
    if hasattr(stats, "model_dump"):
        return stats.model_dump()
    return dict(stats) if isinstance(stats, dict) else None


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


def run_batch(inputs: Iterable[str | Path], db: str | Path | Store, *, backend: Backend | str | None = None,
              model: str | None = None, base_url: str | None = None, api_key: str | None = None,
              concurrency: int | None = None, max_cost: float | None = None,
              prices: dict[str, Price] | None = None, batch_api: bool = False,
              settings: Settings | None = None, transport_attempts: int = 6,
              wait: Callable[[Any], float] = transport_wait, progress: Progress | None = None,
              poll_interval: float = 10.0, max_errors_listed: int = 50) -> BatchSummary:
    """Extract every input article into the store at ``db``; returns what happened."""
    started = time.perf_counter()
    store = db if isinstance(db, Store) else Store(db)
    try:
        articles = read_inputs(inputs)
        chosen = backend if isinstance(backend, Backend) else resolve(backend, model=model, base_url=base_url,
                                                                      api_key=api_key)
        settings = settings or Settings()
        ledger = Ledger.for_backend(chosen.name, chosen.model, prices, max_cost, batch_api)
        cap = cap_for(chosen.name, concurrency)
        options = {"backend": chosen.identity(), "concurrency": cap, "max_cost": max_cost, "batch_api": batch_api,
                   "inputs": [str(i) for i in inputs] if isinstance(inputs, (list, tuple)) else None}
        run_id = store.start_run(options)
        summary = BatchSummary(run_id=run_id, db=str(store.path), articles=len(articles))
        lock = threading.Lock()

        def notify() -> None:
            if progress is not None:
                summary.prompt_tokens, summary.completion_tokens = ledger.prompt_tokens, ledger.completion_tokens
                summary.cost_usd = round(ledger.spent, 8)
                progress(summary)

        prepared = prepare(articles, chosen, settings)
        store.upsert_articles(_article_rows(prepared), run_id)
        done = store.done_hashes([p.request_hash for p in prepared if p.request_hash])
        todo: list[Prepared] = []
        for p in prepared:
            if p.request_hash is None:
                message = store.save_error(p.input.id, None, run_id, p.input.error or InputError("unreadable"))
                summary.failed += 1
                summary.errors.append({"id": p.input.id, "error": message})
            elif p.request_hash in done:
                summary.cached += 1
            else:
                todo.append(p)
                done.add(p.request_hash)  # two inputs with the same content are extracted once
        notify()

        tally = _Tally()

        def on_call(row: dict[str, Any]) -> None:
            ledger.add(row["prompt_tokens"], row["completion_tokens"], row["cached_tokens"])
            tally.add(row)
            if row["error"]:
                with lock:
                    summary.failed_requests += 1
            notify()

        logger = store.calls_logger(run_id, on_call)
        if batch_api:
            run_phases(todo, store, chosen, settings, ledger, summary, run_id, logger=logger,
                       poll_interval=poll_interval, notify=notify, max_errors_listed=max_errors_listed)
        else:
            limiter = AdaptiveLimiter(cap)
            caller = ModelCaller(chosen, max_reasks=settings.max_reasks, transport_attempts=transport_attempts,
                                 loggers=[logger], wait=wait, cache=store.cache, limiter=limiter)

            def work(p: Prepared) -> None:
                article = p.input
                estimate = estimate_cost(ledger, article.raw) if ledger.max_cost is not None else 0.0
                if not ledger.reserve(estimate):
                    with lock:
                        summary.pending += 1
                        summary.stopped = "max_cost"
                    notify()
                    return
                store.set_article(article.id)
                try:
                    record = Extractor(caller, settings).run(article.raw, p.cleaned, given_date=article.date)
                    p.cleaned = None
                except Exception as exc:  # every failure is stored with its cause; none is lost
                    own = tally.pop(article.id)
                    usage = _usage_of(exc) or {**own, "attempts": own["attempts"] + own["errors"],
                                               "transport_retries": max(0, own["errors"] - 1)}
                    cost = ledger.cost(usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0),
                                       usage.get("cached_tokens", 0))
                    message = store.save_error(article.id, p.request_hash, run_id, exc, usage, cost)
                    with lock:
                        summary.failed += 1
                        summary.transport_retries += usage.get("transport_retries", 0)
                        summary.reasks += usage.get("reasks", 0)
                        if len(summary.errors) < max_errors_listed:
                            summary.errors.append({"id": article.id, "error": message})
                else:
                    own = tally.pop(article.id)
                    usage = save_record(store, article.id, p.request_hash, record, run_id, ledger, own)
                    with lock:
                        summary.done += 1
                        summary.transport_retries += usage["transport_retries"]
                        summary.reasks += usage["reasks"]
                finally:
                    ledger.release(estimate)
                    store.set_article(None)
                notify()

            workers = max(1, min(64, cap * 2))
            pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="article")
            try:
                futures = [pool.submit(work, p) for p in todo]
                for future in futures:
                    future.result()
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
            summary.limiter = limiter.snapshot()

        totals = store.run_totals(run_id)
        summary.requests = int(totals["requests"])
        summary.failed_requests = int(totals["failed_requests"])
        summary.prompt_tokens = ledger.prompt_tokens
        summary.completion_tokens = ledger.completion_tokens
        summary.cached_tokens = ledger.cached_tokens
        summary.cost_usd = round(ledger.spent, 8)
        summary.seconds = round(time.perf_counter() - started, 3)
        store.finish_run(run_id, summary.to_dict())
        notify()
        return summary
    finally:
        if not isinstance(db, Store):
            store.close()


__all__ = ["run_batch", "read_inputs", "BatchSummary", "InputArticle", "describe"]
