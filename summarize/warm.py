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

Peak memory (issue 9, second pass). A model's first build needs scratch memory beyond what it keeps
(lingua ~40 MB a language group, the GeoNames index ~50 MB); two built at once by two threads added
their scratch memory up. The first builds are now behind one lock for all loaders (``_LOADING``): one
model is loaded at a time, each followed by ``trim``. lemminflect's two lexicons, ~50 MB of small
Python dicts and tuples, are read into ``PackedLexicon``s (~3 MB): the same entries, encoded in one
string, decoded on lookup into the dict lemminflect's own loader built (its callers deep-copy it anyway).
"""

from __future__ import annotations

import ctypes
import functools
import gzip
import importlib.abc
import inspect
import re
import sys
import threading
from array import array
from bisect import bisect_left
from typing import Any, Callable

from .gazetteer import PackedStrings

# modules whose loaders a batch never needs (the embedded server, comparison, reports, the CLI)
_SKIPPED = ("summarize.embedded", "summarize.cli", "summarize.compare", "summarize.resolve", "summarize.report",
            "summarize.render", "summarize.export", "summarize.corpus", "summarize.evaluate", "summarize.meetings",
            "summarize.people")
_guarded: dict[tuple[str, str], Any] = {}  # (module, name) -> the original lru_cache loader
_registry_lock = threading.Lock()
# held while any model is first built: one load (and its scratch memory) at a time; re-entrant, as one
# loader may call another
_LOADING = threading.RLock()


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
    @functools.wraps(loader)
    def call() -> Any:
        if loader.cache_info().currsize:  # built: no lock on the path every call takes
            return loader()
        with _LOADING:
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


# -- lemminflect's lexicons, packed -----------------------------------------------------------------
# A lexicon entry is {tag: (spelling, ...)}; packed as tag TAG spelling FORM spelling ENTRY tag ...
_TAG, _FORM, _ENTRY, _SEP = "\x1f", "\x1e", "\x1d", "\x00"
_RESERVED = (_TAG, _FORM, _ENTRY, _SEP)


_HAS_RESERVED = re.compile("[" + "".join(_RESERVED) + "]").search


def _plain(text: Any) -> bool:
    return isinstance(text, str) and not _HAS_RESERVED(text)


def encode_entry(entry: Any) -> str:
    """One lexicon entry as a string; ValueError for anything ``decode_entry`` would not give back."""
    if not isinstance(entry, dict):
        raise ValueError(f"not a lexicon entry: {entry!r}")
    parts = []
    for tag, forms in entry.items():
        if not (_plain(tag) and isinstance(forms, tuple) and forms and all(_plain(f) for f in forms)):
            raise ValueError(f"not a lexicon entry: {entry!r}")
        parts.append(tag + _TAG + _FORM.join(forms))
    return _ENTRY.join(parts)


def decode_entry(packed: str) -> dict[str, tuple[str, ...]]:
    if not packed:
        return {}
    entry = {}
    for part in packed.split(_ENTRY):
        tag, _, forms = part.partition(_TAG)
        entry[tag] = tuple(forms.split(_FORM))
    return entry


class _Encoded(dict):  # type: ignore[type-arg]
    """word -> packed entry while a lexicon is read: ``d[word] = entry`` stores it packed, so a loader
    written for a plain dict (lemminflect's ``updateForAuxMod``) fills this one the same way."""

    def __setitem__(self, word: str, entry: Any) -> None:
        if not _plain(word):
            raise ValueError(f"not a lexicon word: {word!r}")
        super().__setitem__(word, encode_entry(entry))

    def update_entry(self, word: str, entry: dict[str, Any]) -> None:
        """What lemminflect's loaders do for each line: a new word's entry, or the word's entry updated."""
        if dict.__contains__(self, word):
            merged = decode_entry(dict.__getitem__(self, word))
            merged.update(entry)
            entry = merged
        self[word] = entry


class PackedLexicon:
    """word -> entry; the read-only part of the dict interface lemminflect uses (``get``), plus the rest
    of a mapping's reading side. Each lookup decodes a new dict equal to the one the plain dict held."""

    def __init__(self, encoded: dict[str, str]):
        words = list(encoded)
        self._words = PackedStrings(words, _SEP)
        self._entries = PackedStrings(list(encoded.values()), _SEP)
        self._sorted = array("I", sorted(range(len(words)), key=words.__getitem__))

    def __len__(self) -> int:
        return len(self._words)

    def _find(self, word: Any) -> int | None:
        if not isinstance(word, str):
            return None
        words = self._words.__getitem__
        n = bisect_left(self._sorted, word, key=words)
        if n < len(self._sorted) and words(self._sorted[n]) == word:
            return self._sorted[n]
        return None

    def get(self, word: Any, default: Any = None) -> Any:
        i = self._find(word)
        return default if i is None else decode_entry(self._entries[i])

    def __getitem__(self, word: Any) -> dict[str, tuple[str, ...]]:
        i = self._find(word)
        if i is None:
            raise KeyError(word)
        return decode_entry(self._entries[i])

    def __contains__(self, word: object) -> bool:
        return self._find(word) is not None

    def keys(self) -> list[str]:
        return self._words.all()

    def __iter__(self) -> Any:
        return iter(self.keys())

    def items(self) -> Any:
        return zip(self._words.all(), map(decode_entry, self._entries.all()))


def _read_lines(path: str) -> Any:
    with gzip.open(path, "rb") as handle:
        for line in handle:
            yield line.decode()


def packed_lemmas(path: str) -> PackedLexicon:
    """lemminflect's ``LemmaLUCodec.load``, line by line with the codec's own parser, into a PackedLexicon."""
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
    from lemminflect.core.LexicalUtils import categoryToUPos

    table = _Encoded()
    for line in _read_lines(path):
        word, category, forms = LemmaLUCodec.fromString(line)
        table.update_entry(word, {categoryToUPos(category): forms})
    return PackedLexicon(table)


def packed_inflections(path: str) -> PackedLexicon:
    """lemminflect's ``InflectionLUCodec.load``, line by line with the codec's own parser and its own
    fixed entries for the auxiliaries and modals, into a PackedLexicon."""
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

    table = _Encoded()
    for line in _read_lines(path):
        word, _, forms = InflectionLUCodec.fromString(line)
        table.update_entry(word, forms)
    return PackedLexicon(InflectionLUCodec.updateForAuxMod(table))


def _pack_lemmas(lemmatizer: Any) -> None:
    if not hasattr(lemmatizer, "lemma_dict"):
        lemmatizer.lemma_dict = packed_lemmas(lemmatizer.lemma_lu_fn)


def _pack_inflections(inflections: Any) -> None:
    if not hasattr(inflections, "infl_dict"):
        inflections.infl_dict = packed_inflections(inflections.infl_lu_fn)


_PACKED = {"_getLemmaDict": _pack_lemmas, "_getInflDict": _pack_inflections}


def _once(cls: type, name: str) -> None:
    """Put the loading lock in front of one of lemminflect's lazy lexicon getters (its singletons load
    their lexicons on first use without a lock: ~50 MB a copy, one per thread that starts at once);
    the two lexicons are read packed (``PackedLexicon``) before lemminflect's getter would read them."""
    original = getattr(cls, name)
    if getattr(original, "__wrapped__", None) is not None:
        return
    loaded: list[bool] = []
    pack = _PACKED.get(name)

    @functools.wraps(original)
    def call(self: Any) -> Any:
        if loaded:
            return original(self)
        with _LOADING:
            if pack is not None and not loaded:
                try:
                    pack(self)
                except ValueError:  # an entry the packing cannot give back as it was: lemminflect's dict
                    pass
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
