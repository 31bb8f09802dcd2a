"""What a run costs: tokens per attempt priced from a table the user can override.

Prices are USD per 1M tokens: ``input``, ``output`` and ``cached_input``
(prompt tokens the provider served from its cache). The embedded model is
free. Override with a JSON or TOML file ``{"model": {"input": .., "output": ..}}``
or ``--price model=input,output``. The OpenAI Batch API bills half.
``estimate_cost`` prices an article before it runs, for the ``--max-cost`` budget.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import prompt
from .candidates import find_candidates
from .clean import clean
from .errors import InputError
from .load import RawArticle


@dataclass(frozen=True)
class Price:
    input: float
    output: float
    cached_input: float | None = None  # None: same as input

    def cost(self, prompt_tokens: int, completion_tokens: int, cached_tokens: int = 0) -> float:
        cached = min(cached_tokens, prompt_tokens)
        cached_price = self.input if self.cached_input is None else self.cached_input
        return ((prompt_tokens - cached) * self.input + cached * cached_price
                + completion_tokens * self.output) / 1_000_000


DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(0.15, 0.60, 0.075),
    "gpt-4o": Price(2.50, 10.00, 1.25),
    "gpt-4.1-mini": Price(0.40, 1.60, 0.10),
    "gpt-4.1-nano": Price(0.10, 0.40, 0.025),
}
FREE = Price(0.0, 0.0, 0.0)
BATCH_API_DISCOUNT = 0.5


def load_prices(path: str | Path | None = None, overrides: list[str] | None = None) -> dict[str, Price]:
    """The default table, updated from a JSON/TOML file and ``model=input,output[,cached]`` strings."""
    table = dict(DEFAULT_PRICES)
    if path:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"price table {p} cannot be read: {exc}") from None
        try:
            if p.suffix.lower() == ".toml":
                import tomllib

                data = tomllib.loads(text)
            else:
                data = json.loads(text)
            for model, value in data.items():
                table[model] = Price(float(value["input"]), float(value["output"]),
                                     float(value["cached_input"]) if "cached_input" in value else None)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"price table {p} is invalid (want {{model: {{input, output}}}} per 1M tokens): "
                             f"{exc}") from None
    for item in overrides or []:
        try:
            model, _, numbers = item.partition("=")
            values = [float(v) for v in numbers.split(",")]
            table[model.strip()] = Price(values[0], values[1], values[2] if len(values) > 2 else None)
        except (ValueError, IndexError):
            raise InputError(f"--price {item!r}: expected MODEL=INPUT,OUTPUT[,CACHED] in USD per 1M tokens") \
                from None
    return table


@dataclass
class Ledger:
    """Running totals and the budget check. Thread-safe."""

    price: Price
    max_cost: float | None = None
    discount: float = 1.0
    spent: float = 0.0
    reserved: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    stopped: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def for_backend(cls, backend_name: str, model: str, prices: dict[str, Price] | None = None,
                    max_cost: float | None = None, batch_api: bool = False) -> "Ledger":
        table = prices if prices is not None else DEFAULT_PRICES
        if backend_name == "embedded":
            price = FREE
        else:
            price = table.get(model) or next((p for name, p in table.items() if model.startswith(name)), None)
            if price is None:
                if max_cost is not None:
                    raise InputError(f"no price known for model {model!r}: give one with --price "
                                     f"{model}=INPUT,OUTPUT (USD per 1M tokens) to use --max-cost")
                price = FREE
        return cls(price=price, max_cost=max_cost, discount=BATCH_API_DISCOUNT if batch_api else 1.0)

    def cost(self, prompt_tokens: int, completion_tokens: int, cached_tokens: int = 0) -> float:
        return self.price.cost(prompt_tokens, completion_tokens, cached_tokens) * self.discount

    def add(self, prompt_tokens: int, completion_tokens: int, cached_tokens: int = 0) -> float:
        """Count one HTTP attempt's tokens (failed attempts included); returns its cost."""
        amount = self.cost(prompt_tokens, completion_tokens, cached_tokens)
        with self._lock:
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens
            self.cached_tokens += cached_tokens
            self.spent += amount
        return amount

    def reserve(self, estimate: float) -> bool:
        """Before starting an article: False (and stop) when spent + in flight + its estimate would
        exceed the budget."""
        with self._lock:
            if self.stopped:
                return False
            if self.max_cost is not None and self.spent + self.reserved + estimate > self.max_cost:
                self.stopped = True
                return False
            self.reserved += estimate
            return True

    def release(self, estimate: float) -> None:
        with self._lock:
            self.reserved = max(0.0, self.reserved - estimate)

    def estimate(self, calls: int, prompt_chars: int, max_tokens: int, retry_factor: float = 1.25) -> float:
        """A conservative cost for ``calls`` calls of ``prompt_chars`` characters each, every reply at its
        token cap (3 characters per token errs on the high side)."""
        prompt_tokens = calls * (prompt_chars // 3 + 50)
        return self.cost(int(prompt_tokens * retry_factor), int(calls * max_tokens * retry_factor))

    def totals(self) -> dict[str, Any]:
        with self._lock:
            return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                    "cached_tokens": self.cached_tokens, "cost_usd": round(self.spent, 8)}


def estimate_cost(ledger: Ledger, raw: RawArticle) -> float:
    """A conservative price for one article before it runs (what ``--max-cost`` reserves): the
    extractor's calls (the meeting call and its re-ask, one call per candidate sentence), every
    one at its token cap, plus retries."""
    cleaned = clean(raw.text)
    sentences = [s.text for s in cleaned.sentences]
    system = len(prompt.template(prompt.SYSTEM_TEMPLATE))
    meeting = ledger.estimate(2, system + 2 * 1600 + 400,  # the call and its re-ask
                              prompt.meeting_max_tokens(prompt.MAX_PARTICIPANTS))
    longest = max((len(s) for s in sentences), default=0)
    per_sentence = ledger.estimate(len(find_candidates(sentences)), system + longest + 600,
                                   prompt.sentence_max_tokens(prompt.MAX_ITEMS))
    return meeting + per_sentence
