"""The units of a batch run and its report, shared by both ways of running one.

``batch.py`` (the thread pool) and ``batchapi.py`` (the OpenAI Batch API rounds)
both work on ``Prepared`` articles and fill in one ``BatchSummary``; the classes
live here so that batchapi.py never has to import batch.py, which drives it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .clean import CleanArticle
from .errors import SummarizeError
from .load import RawArticle


@dataclass
class InputArticle:
    id: str
    raw: RawArticle | None = None
    error: SummarizeError | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None


@dataclass
class Prepared:
    input: InputArticle
    request_hash: str | None
    candidates: int = 0
    cleaned: CleanArticle | None = None  # kept from hashing so the extractor does not clean again


@dataclass
class BatchSummary:
    run_id: int = 0
    db: str = ""
    articles: int = 0  # read so far (this shard's, when sharded); all of them once the run ends
    total: int | None = None  # how many the inputs hold, when cheap to know (all shards); None: unknown
    other_shard: int = 0  # read and left to the other shards (--shard i/N)
    done: int = 0  # extracted in this run
    cached: int = 0  # already in the store
    failed: int = 0
    pending: int = 0  # not started (budget)
    requests: int = 0  # HTTP requests made (failed ones included)
    failed_requests: int = 0
    transport_retries: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0
    stopped: str | None = None  # "max_cost" when the budget stopped the run
    batches: int = 0  # Batch API jobs submitted
    limiter: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.pending == 0

    @property
    def finished(self) -> int:
        return self.done + self.cached + self.failed

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
