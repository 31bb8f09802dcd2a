"""Structured calls to the model, with the two retry layers kept apart.

1. Transport faults (429 honouring Retry-After, 5xx, timeouts, connection
   errors) are retried by tenacity around the raw HTTP call. They never reach
   the prompt.
2. Invalid or cut-off output is re-asked with the LAST error only (the
   original messages plus one failed turn), under a cap, so the context can
   never snowball.

Every raw response, failed attempts included, is counted into ``CallStats``
and handed to the registered loggers.

The lean path (issue 9). ``instructor.create`` rebuilds the response model's
wrapper class and its JSON schema on every call and parses every answer into
openai's ChatCompletion with ``construct_type``; together ~9-14 ms of CPU per
request on these cores, more than the rest of the request. Here each response
model's request shape is built once by instructor's own pieces
(``prepare_response_model`` and the mode's request handler, ``RequestShape``),
the answer is validated by the mode's own response parser (Pydantic's
``model_validate_json``, strict, as ``create`` does), and a reply that does
not validate becomes the same ``InstructorRetryException`` ``create`` raises,
so re-ask messages are byte for byte what they were. The request body sent is
the dict ``create`` used to send (same keys, same order, same values).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import inspect
import json
import logging
import random
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, ContextManager, Protocol, TypeVar

import httpx2
import instructor
import openai
import pydantic
from instructor.core import IncompleteOutputException, InstructorRetryException
from instructor.v2.core.errors import FailedAttempt
from instructor.v2.core.registry import mode_registry
from instructor.v2.core.response_model import prepare_response_model
from instructor.v2.core.retry import _RETRYABLE_PARSE_ERRORS
from openai._models import construct_type
from openai.resources.chat.completions import Completions
from openai.types.chat import ChatCompletion
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from .backend import Backend
from .errors import BackendError, ModelOutputError

# instructor logs every failed attempt at ERROR level; we count and report them ourselves.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

T = TypeVar("T", bound=BaseModel)
E = TypeVar("E", bound=BaseException)

TEMPERATURE = 0.0
TRANSPORT_KEYS = ("timeout", "extra_headers", "stream")  # never part of a request's identity
# The order ``chat.completions.create`` writes a body's keys in (its parameters' order): the lean path
# posts the body through the same client with the keys in this order, so the bytes are the same.
_CREATE_ORDER = {name: n for n, name in enumerate(inspect.signature(Completions.create).parameters)}


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
    """One HTTP round trip, for the log. ``key`` and ``canonical``: the request's call hash and the
    canonical JSON it was computed from, when the caller already has them (loggers need not redo them)."""

    request: dict[str, Any]
    response: dict[str, Any] | None
    error: str | None
    seconds: float
    key: str | None = None
    canonical: str | None = None


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


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def canonical_json(body: dict[str, Any], known: dict[str, str] | None = None) -> str:
    """The canonical JSON of one request body (sorted keys, no transport details); ``known``: values
    already serialised this way (a response model's schema), reused instead of dumped again. The result
    is the same string as ``_dumps`` of the whole body, since sorted keys nest."""
    known = known or {}
    parts = [f"{json.dumps(k, ensure_ascii=False)}:{known[k] if k in known else _dumps(body[k])}"
             for k in sorted(body) if k not in TRANSPORT_KEYS]
    return "{" + ",".join(parts) + "}"


def call_hash(body: dict[str, Any], known: dict[str, str] | None = None) -> str:
    """Canonical hash of one request body: sorted keys, no transport details (host, port, headers)."""
    return hashlib.sha256(canonical_json(body, known).encode()).hexdigest()


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


# -- request shapes, built once per response model -----------------------------------------------
@dataclass(frozen=True)
class RequestShape:
    """What instructor adds to a request for one response model, computed once.

    ``model``: the class instructor validates against (``prepare_response_model``'s);
    ``extra``: the keys the mode's request handler adds (``response_format`` for JSON_SCHEMA,
    ``tools`` for TOOLS), or None when the handler rewrites the messages too (then it runs per call);
    ``known``: those keys' values as canonical JSON, for ``call_hash``.
    """

    model: type[BaseModel]
    handlers: Any
    extra: dict[str, Any] | None
    known: dict[str, str]

    def body(self, head: dict[str, Any]) -> dict[str, Any]:
        if self.extra is not None:
            return {**head, **self.extra}
        _, body = self.handlers.request_handler(response_model=self.model, kwargs=head)
        return body


@lru_cache(maxsize=2048)
def request_shape(response_model: type[BaseModel], provider: Any, mode: Any) -> RequestShape:
    handlers = mode_registry.get_handlers(provider, mode)
    prepared = prepare_response_model(response_model)
    probe = [{"role": "user", "content": "\0probe"}]
    _, body = handlers.request_handler(response_model=prepared, kwargs={"messages": probe})
    added = {k: v for k, v in body.items() if k != "messages"}
    static = body.get("messages") == probe
    return RequestShape(model=prepared, handlers=handlers, extra=added if static else None,
                        known={k: _dumps(v) for k, v in added.items()} if static else {})


class Reply:
    """One chat completion answer as its JSON dict. The openai object the validation error quotes is
    built only on that path, the way the answer came: openai's own parse for an HTTP answer (as
    ``create`` did), ``model_validate`` for one from the cache."""

    __slots__ = ("data", "_raw")

    def __init__(self, data: dict[str, Any], raw: bool = False):
        self.data = data
        self._raw = raw

    def completion(self) -> ChatCompletion:
        if self._raw:
            return construct_type(type_=ChatCompletion, value=self.data)  # what openai's create returns
        return ChatCompletion.model_validate(self.data)

    def usage(self) -> tuple[int, int, int]:
        usage = self.data.get("usage") or {}
        details = usage.get("prompt_tokens_details") or {}
        return usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0, details.get("cached_tokens") or 0


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
        # instructor decides the provider and mode the request shapes and parsers come from; the HTTP
        # client itself is made on the first cache miss (a fully cached run never starts the embedded server).
        probe = instructor.from_openai(openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="not-needed",
                                                     max_retries=0), mode=instructor.Mode[backend.mode])
        self.provider, self.mode = probe.provider, probe.mode
        self._retrying = Retrying(retry=retry_if_exception(_is_transport_fault),
                                  wait=wait or (lambda state: transport_wait(state)),
                                  stop=stop_after_attempt(transport_attempts), reraise=True,
                                  before_sleep=self._count_transport_retry)

    def _send(self, body: dict[str, Any]) -> Any:
        if self._sender is None:
            with self._sender_lock:
                if self._sender is None:
                    base_url = self.backend.base_url or self.backend.start()
                    client = openai.OpenAI(base_url=base_url, api_key=self.backend.api_key or "not-needed",
                                           max_retries=0, timeout=self.backend.timeout_s,
                                           http_client=self._http_client)
                    self._sender = client.post
        # openai's own client, through its documented ``post`` for raw requests: ``create`` would run its
        # TypedDict transform over the whole schema and construct a ChatCompletion per answer (~1.5 ms of
        # CPU together); the body is already in create's key order and its JSON is what the cache keeps
        ordered = {k: body[k] for k in sorted(body, key=lambda k: _CREATE_ORDER.get(k, len(_CREATE_ORDER)))}
        return self._sender("/chat/completions", body=ordered, cast_to=httpx2.Response)

    @staticmethod
    def _count_transport_retry(state: RetryCallState) -> None:
        stats = _current_stats.get()
        if stats is not None:
            stats.transport_retries += 1

    def _request(self, body: dict[str, Any], known: dict[str, str] | None = None) -> Reply:
        """One request with its transport retries (each attempt answered from the cache or sent)."""
        canonical = canonical_json(body, known)
        key = hashlib.sha256(canonical.encode()).hexdigest()
        return self._retrying(self._timed_create, body, key, canonical)

    def _timed_create(self, body: dict[str, Any], key: str, canonical: str) -> Reply:
        stats = _current_stats.get()
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                if stats is not None:
                    stats.cache_hits += 1
                return Reply(cached)
        if self.defer_misses:
            raise Deferred(key, body)
        started = time.perf_counter()
        try:
            with self.limiter if self.limiter is not None else contextlib.nullcontext():
                data = json.loads(self._send(body).content)
        except Exception as exc:
            self._log(Exchange(body, None, f"{type(exc).__name__}: {exc}", time.perf_counter() - started,
                               key, canonical))
            raise
        elapsed = time.perf_counter() - started
        reply = Reply(data, raw=True)
        if stats is not None:
            prompt_tokens, completion_tokens, cached_tokens = reply.usage()
            stats.attempts += 1
            stats.seconds += elapsed
            stats.prompt_tokens += prompt_tokens
            stats.completion_tokens += completion_tokens
            stats.cached_tokens += cached_tokens
        # Only complete answers are cached: a cut-off reply must be re-asked, not replayed forever.
        if self.cache is not None and finish_reason(data) == "stop":
            self.cache.put(key, data)
        self._log(Exchange(body, data, None, elapsed, key, canonical))
        return reply

    def _log(self, exchange: Exchange) -> None:
        for logger in self.loggers:
            logger(exchange)

    def ask(self, response_model: type[T], messages: list[dict[str, str]], *, max_tokens: int,
            stats: CallStats | None = None, context: dict[str, Any] | None = None) -> T:
        """One logical call: validated object, or ModelOutputError after the re-ask cap."""
        stats = stats if stats is not None else CallStats()
        token = _current_stats.set(stats)
        stats.calls += 1
        shape = request_shape(response_model, self.provider, self.mode)
        try:
            attempt_messages = messages
            for attempt in range(self.max_reasks + 1):
                # the keys and their order are the ones instructor.create sent: the request bytes stay the same
                body = shape.body({"messages": attempt_messages, "model": self.backend.model,
                                   "temperature": TEMPERATURE, "max_tokens": max_tokens})
                try:
                    reply = self._request(body, shape.known)
                except openai.OpenAIError as exc:
                    raise _backend_error(exc) from exc
                try:
                    return self._parse(shape, reply, body, context)
                except (InstructorRetryException, IncompleteOutputException) as exc:
                    if attempt == self.max_reasks:
                        failure = ModelOutputError(_describe(exc))
                        failure.reply = _last_content(exc)  # the caller may keep the lines that do validate
                        raise failure from exc
                    stats.reasks += 1
                    attempt_messages = messages + _reask_turns(exc)
            raise AssertionError("unreachable")
        finally:
            _current_stats.reset(token)

    def _parse(self, shape: RequestShape, reply: Reply, body: dict[str, Any], context: dict[str, Any] | None) -> Any:
        """instructor's response parser for the mode; a reply that does not validate raises what
        ``instructor.create`` raises with ``max_retries=0`` (its text goes into the re-ask)."""
        completion = ChatCompletion.model_validate(reply.data)
        try:
            return shape.handlers.response_parser(response=completion, response_model=shape.model,
                                                  validation_context=context, strict=True, stream=False,
                                                  is_async=False)
        except IncompleteOutputException:
            raise
        except _RETRYABLE_PARSE_ERRORS as exc:
            original = reply.completion()
            raise InstructorRetryException(str(exc), last_completion=original, n_attempts=1,
                                           total_usage=original.usage, messages=body.get("messages"),
                                           create_kwargs=body,
                                           failed_attempts=[FailedAttempt(1, exc, original)]) from exc


def _cause_of_type(exc: BaseException, kind: type[E]) -> E | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


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
    invalid = _cause_of_type(exc, pydantic.ValidationError)
    if invalid is not None and invalid.errors():
        first = invalid.errors()[0]  # the reason, not instructor's XML wrapper around it
        return f"the model's reply did not validate: {first.get('msg', '')[:200]}"
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
