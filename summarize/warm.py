"""Load the pipeline's lazily loaded resources once, on one thread, before a batch's threads start.

The extraction rules load their models on first use behind ``functools.lru_cache(maxsize=1)``
loaders (lingua's detector, spaCy's French pipelines, the GeoNames gazetteer, dateparser).
``lru_cache`` does not lock: when 32 article threads reach a loader at once, each builds its own
copy, and a batch's peak memory was ~2 GB after 300 short articles (measured) instead of the few
hundred MB one copy of each takes. ``warm_pipeline`` calls every such loader of the modules the
extractor uses, one after the other; it finds them rather than naming them, so a loader added to
the rules later is warmed too.
"""

from __future__ import annotations

import functools
import inspect
import sys
from typing import Any, Callable

# modules whose loaders a batch never needs (the embedded server, comparison, reports, the CLI)
_SKIPPED = ("summarize.embedded", "summarize.cli", "summarize.compare", "summarize.resolve", "summarize.report",
            "summarize.render", "summarize.export", "summarize.corpus", "summarize.evaluate", "summarize.meetings",
            "summarize.people")


def loaders() -> list[Callable[[], Any]]:
    """Every zero-argument ``lru_cache(maxsize=1)`` function defined in an imported pipeline module."""
    found = []
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("summarize.") or name.startswith(_SKIPPED) or module is None:
            continue
        for value in vars(module).values():
            if (isinstance(value, functools._lru_cache_wrapper) and value.__module__ == name
                    and (value.cache_parameters() or {}).get("maxsize") == 1):
                try:
                    required = [p for p in inspect.signature(value).parameters.values() if p.default is p.empty
                                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
                except (TypeError, ValueError):
                    continue
                if not required:
                    found.append(value)
    return found


def warm_pipeline() -> int:
    """Call each loader once on this thread; returns how many there were. A loader that fails is left
    to fail where the pipeline calls it (with that article's error), never here."""
    count = 0
    for loader in loaders():
        try:
            loader()
        except Exception:  # noqa: BLE001 - the article that needs it reports it
            continue
        count += 1
    return count
