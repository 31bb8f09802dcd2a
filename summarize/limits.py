"""Adaptive concurrency: how many HTTP requests may be in flight at once.

``AdaptiveLimiter`` is the ``limiter`` of ``ModelCaller``: it is entered around
every HTTP attempt, so it sees each failure as it happens. The limit halves on
a 429, a 5xx, a timeout or a connection error (at most once per
``cooldown_s``, so one burst of failures counts once) and grows by one after
``grow_after`` successes in a row, never above ``cap``.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import openai


def is_overload(exc: BaseException | None) -> bool:
    """Failures that mean "slow down": rate limits, server errors, timeouts, refused connections."""
    if exc is None:
        return False
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, (TimeoutError, ConnectionError))


class AdaptiveLimiter:
    def __init__(self, cap: int, initial: int | None = None, grow_after: int = 8, cooldown_s: float = 0.5,
                 floor: int = 1):
        if cap < 1:
            raise ValueError("cap must be at least 1")
        self.cap = cap
        self.floor = max(1, min(floor, cap))
        self.limit = max(self.floor, min(cap, initial if initial is not None else cap))
        self.grow_after = grow_after
        self.cooldown_s = cooldown_s
        self.in_flight = 0
        self.peak = 0
        self.successes = 0
        self.decreases = 0
        self.increases = 0
        self._last_decrease = float("-inf")
        self._cond = threading.Condition()

    def __enter__(self) -> "AdaptiveLimiter":
        with self._cond:
            while self.in_flight >= self.limit:
                self._cond.wait()
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        with self._cond:
            self.in_flight -= 1
            if is_overload(exc):
                self.on_overload()
            elif exc is None:
                self.on_success()
            self._cond.notify_all()

    def on_overload(self) -> None:
        with self._cond:
            now = time.monotonic()
            self.successes = 0
            if now - self._last_decrease >= self.cooldown_s and self.limit > self.floor:
                self.limit = max(self.floor, self.limit // 2)
                self.decreases += 1
                self._last_decrease = now

    def on_success(self) -> None:
        with self._cond:
            self.successes += 1
            if self.successes >= self.grow_after and self.limit < self.cap:
                self.limit += 1
                self.increases += 1
                self.successes = 0
                self._cond.notify_all()

    def snapshot(self) -> dict[str, int]:
        with self._cond:
            return {"limit": self.limit, "cap": self.cap, "in_flight": self.in_flight, "peak": self.peak,
                    "decreases": self.decreases, "increases": self.increases}


def cap_for(backend_name: str, requested: int | None, default: int = 16) -> int:
    """The most requests in flight: the embedded server has a fixed number of slots."""
    if backend_name == "embedded":
        from .embedded import DEFAULT_SLOTS

        return max(1, min(requested or DEFAULT_SLOTS, DEFAULT_SLOTS))
    return max(1, requested or default)
