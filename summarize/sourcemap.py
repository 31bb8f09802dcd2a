"""Offsets into an HTML page's source for evidence found in the text extracted from it.

The pipeline reads the text trafilatura extracts from a page (title, date line, paragraphs), so its
offsets index that text, which the user never sees. An analyst checks a fact in the file they gave:
each evidence span is carried back to the page source, so ``page[start:end]`` holds the cited words
(with whatever inline tags or entities the page wrote between them); ``Evidence.text`` keeps the words
as read.

The page's visible characters are listed with the source offset each comes from (markup skipped,
entities decoded, script and style left out); the extracted text is aligned to them once with
rapidfuzz's edit operations (trafilatura folds whitespace and may reorder the title and date lines), and
every offset maps through that alignment.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from rapidfuzz.distance import Indel

from .schema import Evidence, Record

_HIDDEN = {"script", "style", "noscript", "template", "svg"}
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


class _Visible(HTMLParser):
    """Visible characters of a page and, for each, its offset in the source."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        # absolute offset of each line start, for getpos()'s (line, column)
        self.lines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.hidden = 0

    def _here(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in ("br", "p", "div", "li", "h1", "h2", "h3", "h4", "tr", "title", "figcaption"):
            self._put(" ", self._here())

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        start = self._here()
        for i, ch in enumerate(data):
            self._put(ch, start + i)

    def _reference(self, written: str) -> None:
        start = self._here()
        for ch in html.unescape(written):
            self._put(ch, start)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _put(self, ch: str, offset: int) -> None:
        if not self.hidden:
            self.chars.append(ch)
            self.offsets.append(offset)


def _squash(chars: list[str], offsets: list[int]) -> tuple[str, list[int]]:
    """Whitespace runs as one space (trafilatura folds them too), each keeping its first offset."""
    out, where = [], []
    for ch, offset in zip(chars, offsets):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        where.append(offset)
    return "".join(out), where


class PageMap:
    """Maps offsets of the text extracted from ``page`` to offsets in ``page`` itself."""

    def __init__(self, page: str, text: str) -> None:
        parser = _Visible(page)
        parser.feed(page)
        parser.close()
        visible, where = _squash(parser.chars, parser.offsets)
        flat = re.sub(r"\s", " ", text)
        self.page, self.text = page, text
        self.where = where
        # for each character of the text, the index of the visible character it was aligned with
        self.to_visible: list[int | None] = [None] * len(text)
        for op in Indel.opcodes(flat, visible):
            if op.tag == "equal":
                for k in range(op.src_end - op.src_start):
                    self.to_visible[op.src_start + k] = op.dest_start + k

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The page span of ``text[start:end]``: from its first to past its last character the page shows;
        None when the words are not on the page together (an alignment scatters what it cannot match)."""
        inside = [self.to_visible[i] for i in range(start, end) if self.to_visible[i] is not None]
        length = max(1, end - start)
        if len(inside) * 10 < length * 9 or max(inside) - min(inside) + 1 > length * 1.2 + 5:
            return None
        first, last = self.where[min(inside)], self.where[max(inside)]
        # past the last character as the page writes it (an entity is longer than its character)
        entity = _ENTITY.match(self.page, last) if self.page[last] == "&" else None
        return first, (entity.end() if entity else last + 1)


def evidence_in_page(record: Record, page: str, text: str) -> int:
    """Rewrite every evidence span of ``record`` (offsets into ``text``) as offsets into ``page``; return how
    many spans could not be placed on the page (those keep their text offsets and are flagged)."""
    pagemap = PageMap(page, text)
    missing = 0
    groups = [p.evidence for p in record.participants] + [c.evidence for c in record.commitments] + \
             [p.evidence for p in record.positions]
    for evidence in groups:
        for i, ev in enumerate(evidence):
            placed = pagemap.span(ev.start, ev.end)
            if placed is None:
                missing += 1
                continue
            evidence[i] = Evidence(start=placed[0], end=placed[1], text=ev.text, sentence=ev.sentence)
    return missing
