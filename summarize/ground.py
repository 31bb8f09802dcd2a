"""Map extracted items back to character offsets in the ORIGINAL article.

Alignment goes exact → normalised (accents, quotes, apostrophes, non-breaking
spaces, case) → bounded fuzzy (token similarity, linear in the article
length, so it cannot hang on long texts). An item that cannot be placed keeps
status ``not_found`` and a flag; it is never dropped or invented.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from rapidfuzz.fuzz import ratio as _rapid_ratio

from .schema import Evidence, GroundingStatus
from .vocab import _QUOTES, fold

FUZZY_THRESHOLD = 0.8
_TOKEN = re.compile(r"\w[\w'\-]*\w|\w", re.UNICODE)


@dataclass(frozen=True)
class Folded:
    """A folded copy of a text plus, for each folded character, its offset in the original."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, raw: str) -> "Folded":
        out: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(raw):
            if char.isspace() and ((index and raw[index - 1] == "\u00ab") or raw[index + 1:index + 2] == "\u00bb"):
                continue  # French typography pads guillemets with spaces; English quotes are not padded
            char = char.translate(_QUOTES)
            if char.isspace():
                if out and out[-1] == " ":
                    continue
                out.append(" ")
                origin.append(index)
                continue
            for piece in unicodedata.normalize("NFKD", char):
                if unicodedata.combining(piece):
                    continue
                for lowered in piece.lower():
                    out.append(lowered)
                    origin.append(index)
        return cls("".join(out), origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def _fold_needle(needle: str) -> str:
    return Folded.of(needle).text.strip()


def locate(raw: str, needle: str, folded: Folded | None = None, *, within: tuple[int, int] | None = None,
           ) -> tuple[int, int, GroundingStatus] | None:
    """First place where ``needle`` occurs in ``raw`` (optionally inside ``within``)."""
    lo, hi = within or (0, len(raw))
    needle = needle.strip()
    if not needle:
        return None
    index = raw.find(needle, lo, hi)
    if index >= 0:
        return index, index + len(needle), "exact"
    folded = folded or Folded.of(raw)
    target = _fold_needle(needle)
    for match in re.finditer(re.escape(target), folded.text):
        start, end = folded.span(match.start(), match.end())
        if lo <= start and end <= hi:
            return start, end, "normalized"
    return _fuzzy(raw, needle, lo, hi)


def _similarity(a: str, b: str) -> float:
    """rapidfuzz's normalised Indel similarity in [0, 1] (difflib's ratio, in C; bench/fuzzy_names.py)."""
    return _rapid_ratio(a, b) / 100.0


def _fuzzy(raw: str, needle: str, lo: int, hi: int, ratio: Callable[[str, str], float] | None = None,
           ) -> tuple[int, int, GroundingStatus] | None:
    """Best window of raw tokens whose folded form is similar to the needle's tokens.

    Compares windows of the needle's token count only, so cost is O(tokens × window).
    """
    ratio = ratio or _similarity
    needle_tokens = [_fold_needle(t) for t in _TOKEN.findall(needle)]
    if not needle_tokens:
        return None
    tokens = [(m.start(), m.end(), _fold_needle(m.group(0))) for m in _TOKEN.finditer(raw, lo, hi)]
    size = len(needle_tokens)
    target = " ".join(needle_tokens)
    best: tuple[float, int, int] | None = None
    for i in range(0, max(0, len(tokens) - size + 1)):
        window = tokens[i:i + size]
        # cheap pre-filter: first letters must mostly agree
        if sum(a[2][:1] == b[:1] for a, b in zip(window, needle_tokens)) < max(1, size // 2):
            continue
        score = ratio(" ".join(t[2] for t in window), target)
        if best is None or score > best[0]:
            best = (score, window[0][0], window[-1][1])
    if best and best[0] >= FUZZY_THRESHOLD:
        return best[1], best[2], "fuzzy"
    return None


def locate_name(raw: str, name: str, folded: Folded | None = None) -> tuple[int, int, GroundingStatus] | None:
    """A person's name: the full name, else the surname (last token), else a fuzzy surname.

    Transliterations differ between outlets (Tileuberdi / Tleuberdi), so the
    surname alone is an acceptable anchor; the status tells how it was found.
    """
    found = locate(raw, name, folded)
    if found:
        return found
    tokens = _TOKEN.findall(name)
    if len(tokens) > 1:
        for token in reversed(tokens):
            if len(token) >= 3:
                hit = locate(raw, token, folded)
                if hit:
                    return hit[0], hit[1], "fuzzy"  # a surname alone is a partial match, however found
    return None


def evidence(raw: str, start: int, end: int, sentence: int | None = None) -> Evidence:
    return Evidence(start=start, end=end, text=raw[start:end], sentence=sentence)


# -- which part an item's text belongs to ---------------------------------------------------------
# The first five letters of a word: a cheap bridge between a French part and its English rendering
# ("coopération"/"cooperation", "agricoles"/"agricultural", "sécurité"/"security" fold to one stem).
_STEM_WORD = re.compile(r"[a-z]{4,}")


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _STEM_WORD.findall(fold(text))}


def realign_parts(texts: list[str], parts: list[str], assigned: list[int], margin: int = 2) -> list[int]:
    """The part (1-based) each item's text renders, where the model numbered two of them crosswise.

    The model sometimes writes part 2's sentence on the line of part 1 and the reverse; each item's
    evidence would then prove another item's text. Two items swap their parts only when both texts share
    clearly more stems with the other's part (by ``margin`` stems in all) — a rendering too free to tell
    keeps the model's numbering."""
    stems = [_stems(t) for t in texts]
    part_stems = {n: _stems(parts[n - 1]) for n in set(assigned) if 1 <= n <= len(parts)}
    out = list(assigned)

    def fit(i: int, n: int) -> int:
        return len(stems[i] & part_stems.get(n, set()))

    for i in range(len(out)):
        for j in range(i + 1, len(out)):
            a, b = out[i], out[j]
            if a == b:
                continue
            if fit(i, b) > fit(i, a) and fit(j, a) > fit(j, b) and \
                    fit(i, b) + fit(j, a) >= fit(i, a) + fit(j, b) + margin:
                out[i], out[j] = b, a
    return out
