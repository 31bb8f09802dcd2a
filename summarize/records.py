"""A finished extraction into the store, with the usage and cost stored beside it.

Both ways of running a batch (the thread pool in batch.py, the Batch API rounds
in batchapi.py) end a successful article here, so a record's usage columns mean
the same whichever mode produced it.
"""

from __future__ import annotations

from typing import Any

from .ledger import Ledger
from .schema import Record
from .store import Store


def record_usage(record: Record) -> dict[str, Any]:
    """The usage a finished record carries (its provenance), with its re-asks."""
    usage = record.provenance.usage.model_dump() if record.provenance else {}
    usage["reasks"] = max(0, usage.get("attempts", 0) - usage.get("calls", 0))
    return usage


def store_record(store: Store, article_id: str, key: str, record_json: str, usage: dict[str, Any], run_id: int,
                 ledger: Ledger, own: dict[str, int] | None = None) -> dict[str, Any]:
    """Store one finished article given as JSON and its ``record_usage`` (what a batch worker process
    sends back); returns the usage stored with it."""
    usage = dict(usage)
    usage["transport_retries"] = (own or {}).get("errors", 0)
    cost = ledger.cost(usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0),
                       usage.get("cached_tokens", 0))
    store.save_record(article_id, key, record_json, run_id, usage, cost)
    return usage


def save_record(store: Store, article_id: str, key: str, record: Record, run_id: int, ledger: Ledger,
                own: dict[str, int] | None = None) -> dict[str, Any]:
    """Store one finished article; returns the usage stored with it.

    ``own``: the HTTP tally of the calls made on the article's own thread; its failed
    attempts are the transport retries, which the record's provenance does not count.
    """
    return store_record(store, article_id, key, record.model_dump_json(), record_usage(record), run_id, ledger,
                        own)
