"""OpenAI Batch API mode (``summarize batch --batch-api``): half the price, answers within 24 h.

The extractor is not rewritten for batches. It runs as usual against a
``ModelCaller`` that answers from the store's call cache and, on a miss,
records the request and raises ``Deferred`` instead of calling the endpoint.
One run goes through rounds (phases), with every piece of state in the store:

1. resume: batch jobs the store knows but has not collected yet (a previous
   process stopped while they were in flight) are polled and collected first,
   never submitted again;
2. collect: every pending article runs against the cache; the ones whose calls
   all hit it are finished and stored (record, or error with its cause); the
   others leave the requests they miss (all of them: the sentence calls run in
   parallel, each records its own miss);
3. submit: the missing requests, deduplicated, as JSONL lines
   ``{"custom_id": call_hash(body), "method": "POST", "url": "/v1/chat/completions", "body": body}``;
   the batch id and the custom_ids it covers are stored before anything waits;
4. poll ``batches.retrieve`` until the batch is completed, failed, expired or
   cancelled;
5. download: each line answered 200 with ``finish_reason == "stop"`` goes into the
   call cache under its custom_id; every other line (and every request the
   output does not mention) is recorded with its error.

Then back to 2: calls that depend on an earlier answer (a re-ask after a reply
that did not validate, the meeting call's grounding re-ask, a sentence's
English re-ask, or any call the extractor makes only after another one) go
into the next batch. The rounds end when no article is left waiting, or when a
round would submit nothing new (the articles still waiting get an error saying
why).
A request whose line failed in this process is not submitted again in the same
run: the article that needs it gets a ``BatchRequestError`` with the line's
cause; a later run tries it again.

Tokens come from the batch responses (billed at ``ledger.BATCH_API_DISCOUNT``)
and each downloaded line is written to the ``calls`` table like an HTTP
exchange; a record's usage is the sum over the responses it was built from.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import openai

from .backend import Backend
from .errors import BackendError, ModelOutputError
from .extract import Extractor, Settings
from .jobs import BatchSummary, Prepared
from .ledger import Ledger, estimate_cost
from .model import CallCache, Deferred, Exchange, ModelCaller, Reply, call_hash, finish_reason
from .records import save_record
from .store import Store

ENDPOINT = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
TERMINAL = {"completed", "failed", "expired", "cancelled"}
MAX_REQUESTS_PER_BATCH = 50_000  # the provider's limit per input file
TRANSPORT_KEYS = ("timeout", "extra_headers", "stream")  # never part of a request's identity


class BatchRequestError(BackendError):
    """A request of a Batch API job got no usable answer (error line, cut-off reply, missing line)."""


class BatchIncomplete(BackendError):
    """A Batch API round could not make progress for an article."""


class ParkedCall(Deferred, ModelOutputError):
    """A miss on one of the extractor's worker threads (calls it runs side by side).

    ``ask()`` re-raises it like any ``Deferred``; being a ``ModelOutputError`` too, a sentence
    worker keeps it as that sentence's failed decision instead of raising it out of
    ``pool.map`` (which would cancel the sentence calls not started yet, and their misses would
    only surface one batch round later). The article's result is thrown away when anything was
    parked: it is built again once the batch has answered.
    """


# -- the caller --------------------------------------------------------------------------------------
class CollectingCaller(ModelCaller):
    """A ``ModelCaller`` that only reads the cache: every miss is recorded (thread-safe) and deferred.

    ``begin()`` on the article's thread before each article; afterwards ``deferred`` holds every
    request the article missed and ``used`` the usage of every cached response it was answered
    with. A miss on the article's own thread raises ``Deferred`` and stops the article (what it
    would do next may depend on that answer); a miss on one of the extractor's worker threads
    (the calls it runs side by side: the meeting call and the sentence calls) raises
    ``ParkedCall`` so that every sibling still runs and records its miss. Whatever the extractor
    builds after a parked miss is thrown away, so a miss can cost an extra round, never a wrong
    record.
    """

    def __init__(self, backend: Backend, cache: CallCache, *, max_reasks: int = 1):
        super().__init__(backend, max_reasks=max_reasks, cache=cache, defer_misses=True)
        self._lock = threading.Lock()
        self.deferred: dict[str, dict[str, Any]] = {}
        self.used: list[dict[str, int]] = []
        self._article_thread: int | None = None

    def begin(self) -> None:
        with self._lock:
            self.deferred = {}
            self.used = []
            self._article_thread = threading.get_ident()

    def _timed_create(self, body: dict[str, Any], key: str, canonical: str) -> Reply:
        try:
            reply = super()._timed_create(body, key, canonical)
        except Deferred as deferred:
            with self._lock:
                self.deferred.setdefault(deferred.key, request_body(deferred.body))
            if threading.get_ident() != self._article_thread:
                raise ParkedCall(deferred.key, deferred.body) from None
            raise
        prompt_tokens, completion_tokens, cached_tokens = reply.usage()
        with self._lock:
            self.used.append({"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                              "cached_tokens": cached_tokens})
        return reply

    def tokens(self) -> dict[str, int]:
        with self._lock:
            return {name: sum(u[name] for u in self.used)
                    for name in ("prompt_tokens", "completion_tokens", "cached_tokens")}


def request_body(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The JSON body of one chat completion request, as sent in a batch line."""
    return json.loads(json.dumps({k: v for k, v in kwargs.items() if k not in TRANSPORT_KEYS}, default=str))


def batch_line(body: dict[str, Any]) -> dict[str, Any]:
    """One JSONL line of a batch input file; its custom_id is the request's cache key."""
    return {"custom_id": call_hash(body), "method": "POST", "url": ENDPOINT, "body": body}


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        inner = error.get("error") if isinstance(error.get("error"), dict) else error
        code, message = inner.get("code"), inner.get("message")
        return ": ".join(str(x) for x in (code, message) if x) or json.dumps(error)[:300]
    return str(error)[:300]


def parse_output_line(item: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """(response body to cache, None) or (response body or None, error) for one output line."""
    if item.get("error"):
        return None, _error_text(item["error"])
    response = item.get("response") or {}
    status, body = response.get("status_code"), response.get("body")
    if status != 200 or not isinstance(body, dict):
        return (body if isinstance(body, dict) and body.get("usage") else None), \
            f"status {status}: {_error_text(body)}"
    reason = finish_reason(body)
    if reason != "stop":
        why = "the reply was cut off at the token limit" if reason == "length" else "the reply is incomplete"
        return body, f"finish_reason={reason}: {why}"
    return body, None


# -- the rounds --------------------------------------------------------------------------------------
@dataclass
class _Outcome:
    finished: bool
    deferred: dict[str, dict[str, Any]]


class Phases:
    """One run of Batch API rounds over the pending articles; all state that matters is in the store."""

    def __init__(self, store: Store, backend: Backend, settings: Settings, ledger: Ledger, summary: BatchSummary,
                 run_id: int, *, logger: Callable[[Exchange], None] | None = None, poll_interval: float = 10.0,
                 notify: Callable[[], None] | None = None, client: Any = None,
                 max_requests_per_batch: int | None = None, max_errors_listed: int = 50,
                 sleep: Callable[[float], None] = time.sleep):
        self.store = store
        self.backend = backend
        self.settings = settings
        self.ledger = ledger
        self.summary = summary
        self.run_id = run_id
        self.logger = logger
        self.poll_interval = poll_interval
        self.notify = notify or (lambda: None)
        self.client = client or openai.OpenAI(base_url=backend.base_url, api_key=backend.api_key or "not-needed",
                                              timeout=min(backend.timeout_s, 300.0), max_retries=5)
        self.max_requests_per_batch = max_requests_per_batch or MAX_REQUESTS_PER_BATCH
        self.max_errors_listed = max_errors_listed
        self.sleep = sleep
        self.caller = CollectingCaller(backend, store.cache, max_reasks=settings.max_reasks)
        self.submitted: set[str] = set()  # custom_ids submitted by this process
        self.failed: dict[str, str] = {}  # custom_id -> cause, for lines collected by this process

    # -- driver ------------------------------------------------------------------------------
    def run(self, todo: list[Prepared]) -> None:
        self.resume()
        pending = self._within_budget(todo)
        while pending:
            waiting: dict[str, dict[str, Any]] = {}
            still: list[tuple[Prepared, float]] = []
            for item in pending:
                outcome = self.attempt(item[0])
                if outcome.finished:
                    self.ledger.release(item[1])
                else:
                    still.append(item)
                    waiting.update(outcome.deferred)
                self.notify()
            pending = still
            new = {key: body for key, body in waiting.items() if key not in self.submitted}
            if not pending:
                break
            if not new:  # a round would submit nothing new: say so instead of looping
                for p, estimate in pending:
                    missing = sorted(k[:12] for k in self._needs(p))
                    self._fail(p, BatchIncomplete(f"no usable answer came back for request(s) {', '.join(missing)} "
                                                  f"although they were submitted in this run"))
                    self.ledger.release(estimate)
                break
            for batch_id in self.submit(new):
                self.collect(self.poll(batch_id))
            self.notify()

    def _within_budget(self, todo: list[Prepared]) -> list[tuple[Prepared, float]]:
        chosen = []
        for p in todo:
            estimate = estimate_cost(self.ledger, p.input.raw) if self.ledger.max_cost is not None else 0.0
            if self.ledger.reserve(estimate):
                chosen.append((p, estimate))
            else:
                self.summary.pending += 1
                self.summary.stopped = "max_cost"
        return chosen

    def _needs(self, p: Prepared) -> set[str]:
        outcome = self.attempt(p, store_result=False)
        return set(outcome.deferred)

    # -- one article against the cache -------------------------------------------------------
    def attempt(self, p: Prepared, store_result: bool = True) -> _Outcome:
        """Run the extractor from the cache: finished (record or error stored), or the requests it misses."""
        article = p.input
        self.caller.begin()
        error: BaseException | None = None
        try:
            record = Extractor(self.caller, self.settings).run(article.raw, given_date=article.date)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - every failure is stored with its cause
            error = exc
        deferred = dict(self.caller.deferred)
        if deferred:  # whatever was built without these answers is thrown away
            failed = [key for key in deferred if key in self.failed]
            if not failed:
                return _Outcome(False, deferred)
            error = BatchRequestError(f"batch request {failed[0][:12]} failed: {self.failed[failed[0]]}"
                                      + (f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""))
        if error is not None:
            if store_result:
                self._fail(p, error)
            return _Outcome(True, {})
        if store_result:
            tokens = self.caller.tokens()
            if record.provenance is not None:
                usage = record.provenance.usage
                usage.prompt_tokens = tokens["prompt_tokens"]
                usage.completion_tokens = tokens["completion_tokens"]
                usage.cached_tokens = tokens["cached_tokens"]
                usage.attempts = len(self.caller.used)
            save_record(self.store, article.id, p.request_hash or "", record, self.run_id, self.ledger)
            self.summary.done += 1
        return _Outcome(True, {})

    def _fail(self, p: Prepared, exc: BaseException) -> None:
        tokens = self.caller.tokens()
        usage = {**tokens, "attempts": len(self.caller.used)}
        cost = self.ledger.cost(tokens["prompt_tokens"], tokens["completion_tokens"], tokens["cached_tokens"])
        message = self.store.save_error(p.input.id, p.request_hash, self.run_id, exc, usage, cost)
        self.summary.failed += 1
        if len(self.summary.errors) < self.max_errors_listed:
            self.summary.errors.append({"id": p.input.id, "error": message})

    # -- the provider ------------------------------------------------------------------------
    def submit(self, requests: dict[str, dict[str, Any]]) -> list[str]:
        """Upload the requests (deduplicated by custom_id) and create their batch(es); ids are stored
        before anything waits, so a restart resumes them instead of submitting again."""
        lines = [batch_line(body) for _, body in sorted(requests.items())]
        for line in lines:
            if line["custom_id"] not in requests:  # the key the cache will be looked up with
                raise AssertionError(f"custom_id {line['custom_id'][:12]} differs from the request's cache key")
        ids = []
        for start in range(0, len(lines), self.max_requests_per_batch):
            chunk = lines[start:start + self.max_requests_per_batch]
            data = "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in chunk)
            try:
                uploaded = self.client.files.create(file=("summarize-batch.jsonl", data.encode("utf-8"),
                                                          "application/jsonl"), purpose="batch")
                batch = self.client.batches.create(input_file_id=uploaded.id, endpoint=ENDPOINT,
                                                   completion_window=COMPLETION_WINDOW,
                                                   metadata={"summarize_run": str(self.run_id)})
            except openai.OpenAIError as exc:
                raise BackendError(f"the Batch API refused the submission: {exc}") from exc
            custom_ids = [line["custom_id"] for line in chunk]
            self.store.add_batch_job(batch.id, self.run_id, uploaded.id, batch.status, custom_ids)
            self.submitted.update(custom_ids)
            self.summary.batches += 1
            ids.append(batch.id)
        self.notify()
        return ids

    def resume(self) -> None:
        """Poll and collect the batches a previous process submitted but did not collect."""
        for job in self.store.open_batch_jobs():
            self.collect(self.poll(job["id"]))

    def poll(self, batch_id: str) -> Any:
        """The batch once it is completed, failed, expired or cancelled (None: the provider lost it)."""
        while True:
            try:
                batch = self.client.batches.retrieve(batch_id)
            except openai.NotFoundError:
                return _Lost(batch_id)
            except openai.OpenAIError as exc:
                raise BackendError(f"cannot poll batch {batch_id} (run again to resume it): {exc}") from exc
            self.store.update_batch_job(batch_id, batch.status, batch.output_file_id)
            if batch.status in TERMINAL:
                return batch
            self.notify()
            self.sleep(self.poll_interval)

    def collect(self, batch: Any) -> None:
        """Answers into the call cache, per-line errors into batch_requests, tokens into the ledger."""
        keys = {r["call_hash"] for r in self.store.query(
            "SELECT call_hash FROM batch_requests WHERE batch_id = ?", (batch.id,))}
        if isinstance(batch, _Lost):  # not at this endpoint: its requests will be submitted again
            self.store.update_batch_job(batch.id, "lost")
            self.store.collect_batch(batch.id, {}, {})
            return
        bodies = self._input_bodies(batch)
        responses: dict[str, dict[str, Any]] = {}
        errors: dict[str, str] = {}
        exchanges: list[Exchange] = []
        for file_id in (batch.output_file_id, getattr(batch, "error_file_id", None)):
            for item in self._lines(file_id):
                key = item.get("custom_id")
                if key not in keys or key in responses:
                    continue
                body, error = parse_output_line(item)
                if error is None and body is not None:
                    responses[key] = body
                    errors.pop(key, None)
                else:
                    errors[key] = error or "no answer"
                if body is not None or error is not None:
                    exchanges.append(Exchange(bodies.get(key, {"custom_id": key}), body, error, 0.0))
        whole = _batch_errors(batch)
        for key in keys - responses.keys() - errors.keys():
            errors[key] = f"no answer in batch {batch.id} (status {batch.status}{': ' + whole if whole else ''})"
        self.store.collect_batch(batch.id, responses, errors)
        self.failed.update(errors)
        for key in responses:
            self.failed.pop(key, None)
        for exchange in exchanges:  # billed lines into the calls log and the ledger
            if self.logger is not None:
                self.logger(exchange)
            else:
                usage = (exchange.response or {}).get("usage") or {}
                self.ledger.add(usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0)

    def _lines(self, file_id: str | None) -> list[dict[str, Any]]:
        if not file_id:
            return []
        try:
            text = self.client.files.content(file_id).text
        except openai.OpenAIError as exc:
            raise BackendError(f"cannot download batch file {file_id} (run again to resume): {exc}") from exc
        out = []
        for line in text.splitlines():
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError:
                    continue
        return out

    def _input_bodies(self, batch: Any) -> dict[str, dict[str, Any]]:
        """custom_id -> request body, from the input file (for the calls log only)."""
        try:
            return {item["custom_id"]: item.get("body") or {} for item in self._lines(batch.input_file_id)
                    if "custom_id" in item}
        except BackendError:
            return {}


@dataclass
class _Lost:
    id: str
    status: str = "lost"


def _batch_errors(batch: Any) -> str:
    errors = getattr(batch, "errors", None)
    data = getattr(errors, "data", None) or []
    return "; ".join(f"{getattr(e, 'code', None) or ''} {getattr(e, 'message', None) or ''}".strip()
                     for e in data)[:300]


def run_phases(todo: list[Prepared], store: Store, backend: Backend, settings: Settings, ledger: Ledger,
               summary: BatchSummary, run_id: int, *, logger: Callable[[Exchange], None] | None = None,
               poll_interval: float = 10.0, notify: Callable[[], None] | None = None, client: Any = None,
               max_requests_per_batch: int | None = None, max_errors_listed: int = 50) -> None:
    """Extract ``todo`` through the OpenAI Batch API into ``store`` (see the module docstring)."""
    Phases(store, backend, settings, ledger, summary, run_id, logger=logger, poll_interval=poll_interval,
           notify=notify, client=client, max_requests_per_batch=max_requests_per_batch,
           max_errors_listed=max_errors_listed).run(todo)


__all__ = ["run_phases", "Phases", "CollectingCaller", "BatchRequestError", "BatchIncomplete", "batch_line",
           "request_body", "parse_output_line"]
