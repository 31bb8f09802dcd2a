"""One copy of each model the extraction rules load lazily, however many batch threads need it at once.

The rules load their models on first use behind ``functools.lru_cache(maxsize=1)`` loaders (lingua's
detector, spaCy's French pipelines, the GeoNames gazetteer, dateparser). ``lru_cache`` does not lock:
when 32 article threads reach a loader together, each builds its own copy; a batch's peak memory was
~2 GB after 300 short articles (measured) instead of the ~600 MB one copy of each takes. Loading them
all before the threads start fixed the memory but held every article but the first back for as long
as the loads take (25 s on a busy machine: measured). ``single_flight`` instead puts a lock in front
of each loader: the first thread that needs a model builds it while the threads that need the same one
wait, and every other thread goes on. The loaders are found, not named, so one added to the rules
later is covered too; the rules' modules are not edited, their loader names are rebound.
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
from typing import Any, Callable

# modules whose loaders a batch never needs (the embedded server, comparison, reports, the CLI)
_SKIPPED = ("summarize.embedded", "summarize.cli", "summarize.compare", "summarize.resolve", "summarize.report",
            "summarize.render", "summarize.export", "summarize.corpus", "summarize.evaluate", "summarize.meetings",
            "summarize.people")
_guarded: dict[tuple[str, str], Any] = {}  # (module, name) -> the original lru_cache loader
_registry_lock = threading.Lock()


def _is_loader(value: Any, module: str) -> bool:
    if not (isinstance(value, functools._lru_cache_wrapper) and value.__module__ == module
            and (value.cache_parameters() or {}).get("maxsize") == 1):
        return False
    try:
        return not [p for p in inspect.signature(value).parameters.values() if p.default is p.empty
                    and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    except (TypeError, ValueError):
        return False


def _locked(loader: Any) -> Callable[[], Any]:
    lock = threading.Lock()

    @functools.wraps(loader)
    def call() -> Any:
        if loader.cache_info().currsize:  # built: no lock on the path every call takes
            return loader()
        with lock:
            return loader()

    return call


def single_flight() -> list[Any]:
    """Guard every zero-argument ``lru_cache(maxsize=1)`` loader of the imported pipeline modules
    (idempotent); returns the original loaders (their ``cache_info`` says how often each was built)."""
    with _registry_lock:
        for name, module in sorted(sys.modules.items()):
            if not name.startswith("summarize.") or name.startswith(_SKIPPED) or module is None:
                continue
            for attr, value in list(vars(module).items()):
                if (name, attr) not in _guarded and _is_loader(value, name):
                    _guarded[(name, attr)] = value
                    setattr(module, attr, _locked(value))
        return list(_guarded.values())
