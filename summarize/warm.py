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

Memory (issue 9). A model's load leaves freed memory behind in the C allocator (lingua's Rust loader:
~40 MB of its ~170 MB, measured): after each first build the allocator is asked to hand it back
(``malloc_trim``, glibc only). ``lemminflect``, imported for its English lexicon, imports spaCy
(~65 MB) when it can, only to register token extensions nothing here uses; ``lean_imports`` imports
it with spaCy hidden, so a batch of English articles never loads spaCy (a French one still does, for
its own pipeline in segments.py).
"""

from __future__ import annotations

import ctypes
import functools
import importlib.abc
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


def trim() -> None:
    """Hand the C allocator's free memory back to the system (glibc; elsewhere nothing)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass


def _locked(loader: Any) -> Callable[[], Any]:
    lock = threading.Lock()

    @functools.wraps(loader)
    def call() -> Any:
        if loader.cache_info().currsize:  # built: no lock on the path every call takes
            return loader()
        with lock:
            built = loader.cache_info().currsize
            value = loader()
            if not built:
                trim()
            return value

    return call


class _HideFrom(importlib.abc.MetaPathFinder):
    """Makes ``import <name>`` fail on one thread (the one importing a module that would pull it in)."""

    def __init__(self, name: str):
        self.name, self.thread = name, threading.get_ident()

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname == self.name and threading.get_ident() == self.thread:
            raise ImportError(f"{fullname} hidden while importing lemminflect")
        return None


def _import_lemminflect() -> None:
    """Import lemminflect without letting it import spaCy (when neither is imported yet)."""
    if "lemminflect" in sys.modules or "spacy" in sys.modules:
        return
    finder = _HideFrom("spacy")
    sys.meta_path.insert(0, finder)
    try:
        import lemminflect  # noqa: F401
    except Exception:  # spaCy imported meanwhile by another thread: lemminflect's hook then needs it
        sys.meta_path.remove(finder)
        import lemminflect  # noqa: F401,F811
    finally:
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)


def _once(cls: type, name: str) -> None:
    """Put a lock in front of one of lemminflect's lazy lexicon getters (its singletons load their
    lexicons on first use without a lock: ~50 MB a copy, one per thread that starts at once)."""
    original = getattr(cls, name)
    if getattr(original, "__wrapped__", None) is not None:
        return
    lock = threading.Lock()
    loaded: list[bool] = []

    @functools.wraps(original)
    def call(self: Any) -> Any:
        if loaded:
            return original(self)
        with lock:
            value = original(self)
            if not loaded:
                loaded.append(True)
                trim()
            return value

    setattr(cls, name, call)


def lean_imports() -> None:
    """lemminflect imported without spaCy, its lexicons loaded by one thread (idempotent)."""
    with _registry_lock:
        _import_lemminflect()
        from lemminflect.core.Inflections import Inflections
        from lemminflect.core.Lemmatizer import Lemmatizer

        for cls in (Lemmatizer, Inflections):
            for name in ("_getLemmaDict", "_getInflDict", "_getOverridesDict", "_getOOVLemmatizer",
                         "_getInflStyleModel"):
                if name in vars(cls):
                    _once(cls, name)


def single_flight() -> list[Any]:
    """Guard every zero-argument ``lru_cache(maxsize=1)`` loader of the imported pipeline modules
    (idempotent), and lemminflect's (``lean_imports``); returns the original loaders (their
    ``cache_info`` says how often each was built)."""
    lean_imports()
    with _registry_lock:
        for name, module in sorted(sys.modules.items()):
            if not name.startswith("summarize.") or name.startswith(_SKIPPED) or module is None:
                continue
            for attr, value in list(vars(module).items()):
                if (name, attr) not in _guarded and _is_loader(value, name):
                    _guarded[(name, attr)] = value
                    setattr(module, attr, _locked(value))
        return list(_guarded.values())
