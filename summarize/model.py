"""Structured calls to the model, with the two retry layers kept apart.

1. Transport faults (429 honouring Retry-After, 5xx, timeouts, connection
   errors) are retried by tenacity around the raw HTTP call. They never reach
   the prompt.
2. Invalid or cut-off output is re-asked with the LAST error only (the
   original messages plus one failed turn), under a cap, so the context can
   never snowball.

Every raw response, failed attempts included, is counted into ``CallStats``
and handed to the registered loggers.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import logging
import random
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, ContextManager, Protocol, TypeVar

import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from .backend import Backend
from .errors import BackendError, ModelOutputError

# instructor logs every failed attempt at ERROR level; we count and report them ourselves.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

T = TypeVar("T", bound=BaseModel)
E = TypeVar("E", bound=BaseException)

TEMPERATURE = 0.0


@dataclass
class CallStats:
    calls: int = 0  # logical calls (one per ask)
    attempts: int = 0  # HTTP responses received (re-asks included)
    transport_retries: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cache_hits: int = 0
    seconds: float = 0.0

    def add(self, other: "CallStats") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Exchange:
    """One HTTP round trip, for the log."""

    request: dict[str, Any]
    response: dict[str, Any] | None
    error: str | None
    seconds: float


_current_stats: contextvars.ContextVar[CallStats | None] = contextvars.ContextVar("stats", default=None)
Logger = Callable[[Exchange], None]


class CallCache(Protocol):
    """Content-addressed store of raw responses, keyed by ``call_hash`` of the request body."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, response: dict[str, Any]) -> None: ...


class Deferred(Exception):
    """Raised on a cache miss when the caller only collects requests (OpenAI Batch API mode)."""

    def __init__(self, key: str, body: dict[str, Any]):
        super().__init__(f"request {key[:12]} deferred to a batch")
        self.key = key
        self.body = body


def call_hash(body: dict[str, Any]) -> str:
    """Canonical hash of one request body: sorted keys, no transport details (host, port, headers)."""
    canonical = {k: v for k, v in body.items() if k not in ("timeout", "extra_headers", "stream")}
    blob = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _is_transport_fault(exc: BaseException) -> bool:
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return False


def _retry_after(exc: BaseException | None) -> float | None:
    response = getattr(exc, "response", None)
    if response is None:
        return None
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def transport_wait(state: RetryCallState, base: float = 0.5, cap: float = 30.0) -> float:
    """Honour Retry-After when the server gives it; else exponential backoff with full jitter."""
    exc = state.outcome.exception() if state.outcome else None
    hinted = _retry_after(exc)
    if hinted is not None:
        return min(hinted, cap)
    return random.uniform(0, min(cap, base * 2 ** (state.attempt_number - 1)))


class ModelCaller:
    """Asks one backend for instances of Pydantic models."""

    def __init__(self, backend: Backend, *, max_reasks: int = 1, transport_attempts: int = 6,
                 loggers: list[Logger] | None = None, wait: Callable[[RetryCallState], float] | None = None,
                 cache: CallCache | None = None, limiter: ContextManager[Any] | None = None,
                 defer_misses: bool = False, http_client: Any = None):
        """``cache``: answers repeated requests without HTTP; ``limiter``: a context manager entered
        around every HTTP attempt (adaptive concurrency sees each exception); ``defer_misses``:
        raise ``Deferred`` instead of calling the endpoint (Batch API collection)."""
        self.backend = backend
        self.cache = cache
        self.limiter = limiter
        self.defer_misses = defer_misses
        self.max_reasks = max_reasks
        self.loggers = list(loggers or [])
        self._http_client = http_client
        self._sender: Callable[..., Any] | None = None
        self._sender_lock = threading.Lock()
        # instructor only needs a client object to drive; the HTTP itself goes through ``_send``, whose
        # client is made on the first cache miss (a fully cached run never starts the embedded server).
        self._raw = openai.OpenAI(base_url=backend.base_url or "http://127.0.0.1:9/v1",
                                  api_key=backend.api_key or "not-needed", max_retries=0)
        create = self._send
        retrying = Retrying(retry=retry_if_exception(_is_transport_fault),
                            wait=wait or (lambda state: transport_wait(state)),
                            stop=stop_after_attempt(transport_attempts), reraise=True,
                            before_sleep=self._count_transport_retry)

        def create_with_transport_retries(*args: Any, **kwargs: Any) -> Any:
            return retrying(self._timed_create, create, *args, **kwargs)

        # instructor drives this function: validation lives above it, transport below it.
        self._raw.chat.completions.create = create_with_transport_retries  # type: ignore[method-assign]
        self.client = instructor.from_openai(self._raw, mode=instructor.Mode[backend.mode])

    def _send(self, *args: Any, **kwargs: Any) -> Any:
        if self._sender is None:
            with self._sender_lock:
                if self._sender is None:
                    base_url = self.backend.base_url or self.backend.start()
                    client = openai.OpenAI(base_url=base_url, api_key=self.backend.api_key or "not-needed",
                                           max_retries=0, timeout=self.backend.timeout_s,
                                           http_client=self._http_client)
                    self._sender = client.chat.completions.create
        return self._sender(*args, **kwargs)

    @staticmethod
    def _count_transport_retry(state: RetryCallState) -> None:
        stats = _current_stats.get()
        if stats is not None:
            stats.transport_retries += 1

    def _timed_create(self, create: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        key = call_hash(kwargs)
        stats = _current_stats.get()
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                if stats is not None:
                    stats.cache_hits += 1
                return ChatCompletion.model_validate(cached)
        if self.defer_misses:
            raise Deferred(key, kwargs)
        started = time.perf_counter()
        try:
            with self.limiter if self.limiter is not None else contextlib.nullcontext():
                response = create(*args, **kwargs)
        except Exception as exc:
            self._log(Exchange(kwargs, None, f"{type(exc).__name__}: {exc}", time.perf_counter() - started))
            raise
        elapsed = time.perf_counter() - started
        if stats is not None:
            stats.attempts += 1
            stats.seconds += elapsed
            usage = getattr(response, "usage", None)
            if usage is not None:
                stats.prompt_tokens += usage.prompt_tokens or 0
                stats.completion_tokens += usage.completion_tokens or 0
                details = getattr(usage, "prompt_tokens_details", None)
                stats.cached_tokens += (getattr(details, "cached_tokens", 0) or 0) if details else 0
        dumped = response.model_dump(mode="json") if hasattr(response, "model_dump") else None
        # Only complete answers are cached: a cut-off reply must be re-asked, not replayed forever.
        if self.cache is not None and dumped is not None and finish_reason(dumped) == "stop":
            self.cache.put(key, dumped)
        self._log(Exchange(kwargs, dumped, None, elapsed))
        return response

    def _log(self, exchange: Exchange) -> None:
        for logger in self.loggers:
            logger(exchange)

    def ask(self, response_model: type[T], messages: list[dict[str, str]], *, max_tokens: int,
            stats: CallStats | None = None, context: dict[str, Any] | None = None) -> T:
        """One logical call: validated object, or ModelOutputError after the re-ask cap."""
        stats = stats if stats is not None else CallStats()
        token = _current_stats.set(stats)
        stats.calls += 1
        try:
            attempt_messages = messages
            for attempt in range(self.max_reasks + 1):
                try:
                    return self.client.create(
                        model=self.backend.model, messages=attempt_messages, response_model=response_model,
                        max_retries=0, temperature=TEMPERATURE, max_tokens=max_tokens,
                        context=context)
                except (InstructorRetryException, IncompleteOutputException,
                        ValidationError, json.JSONDecodeError) as exc:
                    deferred = _cause_of_type(exc, Deferred)
                    if deferred is not None:  # collecting for a batch: not a failure, not re-asked
                        raise deferred from None
                    transport = _transport_cause(exc)
                    if transport is not None:  # instructor wraps API errors too: they are not re-asked
                        raise _backend_error(transport) from exc
                    if attempt == self.max_reasks:
                        raise ModelOutputError(_describe(exc)) from exc
                    stats.reasks += 1
                    attempt_messages = messages + _reask_turns(exc)
                except openai.OpenAIError as exc:
                    raise _backend_error(exc) from exc
            raise AssertionError("unreachable")
        finally:
            _current_stats.reset(token)


def _cause_of_type(exc: BaseException, kind: type[E]) -> E | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _transport_cause(exc: BaseException) -> openai.OpenAIError | None:
    return _cause_of_type(exc, openai.OpenAIError)


def _backend_error(exc: openai.OpenAIError) -> BackendError:
    if isinstance(exc, openai.APIStatusError):
        return BackendError(f"model endpoint answered {exc.status_code} after transport retries: {exc.message}")
    return BackendError(f"model endpoint unreachable after transport retries: {exc}")


def finish_reason(response: dict[str, Any]) -> str | None:
    try:
        return response["choices"][0]["finish_reason"]
    except (KeyError, IndexError, TypeError):
        return None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, IncompleteOutputException):
        return "the model's reply was cut off at the token limit (finish_reason=length)"
    return f"the model's reply did not validate: {str(exc)[:300]}"


def _last_content(exc: BaseException) -> str:
    completion = getattr(exc, "last_completion", None)
    try:
        return completion.choices[0].message.content or ""
    except (AttributeError, IndexError):
        return ""


def _reask_turns(exc: BaseException) -> list[dict[str, str]]:
    """The failed reply and its error: only the last one is ever sent back."""
    previous = _last_content(exc)[:2000]
    if isinstance(exc, IncompleteOutputException):
        note = "Your reply was cut off because it was too long. Reply again, shorter, as valid JSON."
    else:
        note = f"Your reply was invalid: {str(exc)[:500]}\nReply again with corrected JSON."
    turns = [{"role": "assistant", "content": previous}] if previous else []
    return turns + [{"role": "user", "content": note}]
