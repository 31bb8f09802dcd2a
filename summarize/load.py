"""Read one article from a path, bytes, a string or stdin into a ``RawArticle``.

The returned ``text`` is *the* original article: every later offset (sentences,
evidence) refers to it, so all normalisation (decoding, newlines, HTML
extraction) happens here and nowhere after.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import InputError

# News articles are a few kB; 2 MB leaves room for bloated HTML while keeping a
# stray log file or PDF from being pushed into the model.
MAX_BYTES = 2_000_000

# Share of control/unassigned characters above which decoded input is treated as binary.
_MAX_CONTROL_RATIO = 0.10

_HTML_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<p[\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class RawArticle:
    text: str
    source: str | None
    format: Literal["text", "html"]
    encoding: str
    # an HTML page's own source (newlines unified): evidence offsets are carried back into it
    page: str | None = None


def load_path(path: str | Path) -> RawArticle:
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p} is a directory, expected an article file")
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{p} does not exist") from None
    except OSError as exc:
        raise InputError(f"{p} cannot be read: {exc}") from None
    # Refuse from the size alone so a huge file is never read into memory.
    if size > MAX_BYTES:
        raise InputError(f"{p} is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # +1: a file that grew (or a FIFO) is still caught
    except OSError as exc:
        raise InputError(f"{p} cannot be read: {exc}") from None
    return load_bytes(data, source=str(p))


def load_stdin() -> RawArticle:
    return load_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), source="<stdin>")


def load_bytes(data: bytes, source: str | None = None) -> RawArticle:
    name = source or "input"
    if len(data) > MAX_BYTES:
        raise InputError(f"{name} is over the limit of {MAX_BYTES:,} bytes")
    if not data.strip():
        raise InputError(f"{name} is empty")
    text, encoding = _decode(data, name)
    return _from_text(text, source, encoding)


def load_text(text: str, source: str | None = None) -> RawArticle:
    # A str has no encoding of its own; report its canonical one so the field is always a codec name.
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(f"{source or 'input'} is over the limit of {MAX_BYTES:,} bytes")
    return _from_text(text.removeprefix("\ufeff"), source, "utf-8")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    # UTF-16 is the one legitimate text encoding full of NUL bytes; only trust it with a BOM.
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError(f"{name} looks binary (contains NUL bytes), expected text or HTML")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Legacy Western pages are cp1252 far more often than true latin-1; latin-1 never fails.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _from_text(text: str, source: str | None, encoding: str) -> RawArticle:
    name = source or "input"
    if not text.strip():
        raise InputError(f"{name} is empty")
    if "\x00" in text or _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise InputError(f"{name} looks binary (mostly control characters), expected text or HTML")
    # Offsets are computed on this string, so newlines are unified once, here.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_RE.search(text):
        return RawArticle(_extract_html(text, name), source, "html", encoding, page=text)
    return RawArticle(text, source, "text", encoding)


def _control_ratio(text: str) -> float:
    bad = sum(1 for c in text if c not in "\t\n\r\f\v" and unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn"))
    return bad / len(text)


def _extract_html(html: str, name: str) -> str:
    import trafilatura  # slow import; plain-text inputs never pay for it

    doc = None
    # Precision first (menus, related links and comments are what poison a summary);
    # short pages can fall under its thresholds, so retry once with the defaults.
    for precise in (True, False):
        doc = trafilatura.bare_extraction(
            html, favor_precision=precise, include_comments=False, include_tables=False,
            with_metadata=True, date_extraction_params={"extensive_search": False},
        )
        if doc is not None and (doc.text or "").strip():
            break
    body = (doc.text or "").strip() if doc is not None else ""
    if not body:
        raise InputError(f"{name} is HTML but no article text could be extracted from it")
    title = (doc.title or "").strip()
    first, _, rest = body.partition("\n")
    if title and first.strip() == title:  # the <h1> already opens the body: keep it once, as the header
        body = rest.strip()
    parts = [title] if title else []
    # The page's metadata date goes in as a header line so clean() finds it like any other.
    if doc.date:
        parts.append(str(doc.date))
    parts.append(body)
    return "\n\n".join(parts).replace("\r\n", "\n").replace("\r", "\n")
