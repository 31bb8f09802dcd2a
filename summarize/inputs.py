"""The articles a batch reads, lazily: files, folders, globs and JSONL files, one article at a time.

``iter_inputs`` yields ``InputArticle``s as it reads them, so a batch over a
million-line JSONL file holds one window of articles in memory, never the file.
``count_inputs`` says how many there will be when that is cheap to know (files
are counted, JSONL lines counted by a scan for newlines that parses nothing),
and None otherwise (a pipe, a FIFO), so the progress display can say "unknown".
"""

from __future__ import annotations

import glob as globmod
import hashlib
import json
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError, SummarizeError
from .jobs import InputArticle
from .load import load_path, load_text

ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".md", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SCAN_CHUNK = 1 << 20  # bytes read at a time when counting lines


def expand(item: str) -> list[Path]:
    """The files one input names: itself, the article and JSONL files under a folder, or a glob's matches."""
    path = Path(item)
    if path.exists():
        if path.is_dir():
            return sorted(p for p in path.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts)
                and (p.suffix.lower() in ARTICLE_SUFFIXES | JSONL_SUFFIXES or not p.suffix))
        return [path]
    if any(ch in item for ch in "*?["):
        found = sorted(Path(p) for p in globmod.glob(item, recursive=True) if Path(p).is_file())
        if found:
            return found
    raise InputError(f"{item} does not exist and matches no file")


def is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


def _jsonl(path: Path) -> Iterator[InputArticle]:
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            yield _jsonl_article(line, f"{path}:{number}")


def _jsonl_article(line: str, where: str) -> InputArticle:
    try:
        obj = json.loads(line)
        if not isinstance(obj, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        return InputArticle(id=where, error=InputError(f"{where} is not a JSON object: {exc}"))
    ident = str(obj.get("id") or where)
    source = obj.get("source") or obj.get("url") or ident
    body = obj.get("text") if obj.get("text") is not None else obj.get("html")
    article = InputArticle(id=ident, url=obj.get("url"), date=obj.get("date"), source=source)
    if not isinstance(body, str):
        article.error = InputError(f"{where} (id {ident}) has no 'text' or 'html' string")
    else:
        try:
            article.raw = load_text(body, source=str(source))
        except SummarizeError as exc:
            article.error = exc
    return article


def _file(path: Path) -> InputArticle:
    article = InputArticle(id=str(path), source=str(path))
    try:
        article.raw = load_path(path)
    except SummarizeError as exc:
        article.error = exc
    return article


def _id_key(ident: str) -> int:
    # 16 bytes of a digest instead of the id itself: the set of ids seen stays ~70 MB at a million
    # articles whatever their ids' length, and a collision (2^-64 at that size) is out of reach
    return int.from_bytes(hashlib.blake2b(ident.encode("utf-8", "surrogatepass"), digest_size=16).digest(), "big")


def iter_inputs(inputs: Iterable[str | Path]) -> Iterator[InputArticle]:
    """Every article named by the inputs, once (first occurrence of an id wins), read as it is needed.

    Every input is checked here, before any article is read: a missing file fails the call at once."""
    return _articles([path for item in inputs for path in expand(str(item))])


def _articles(paths: list[Path]) -> Iterator[InputArticle]:
    seen: set[int] = set()
    for path in paths:
        for article in (_jsonl(path) if is_jsonl(path) else [_file(path)]):
            key = _id_key(article.id)
            if key not in seen:
                seen.add(key)
                yield article


def read_inputs(inputs: Iterable[str | Path]) -> list[InputArticle]:
    """Every article named by the inputs, once, in a list (small inputs, tests)."""
    return list(iter_inputs(inputs))


def count_lines(path: Path) -> int:
    """Lines holding something in a JSONL file, by a scan for newlines (blank lines are not counted)."""
    lines = 0
    blank = 0
    last = b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(SCAN_CHUNK):
            lines += chunk.count(b"\n")
            blank += chunk.count(b"\n\n") + chunk.count(b"\n\r\n")
            if last == b"\n" and chunk[:1] == b"\n":
                blank += 1
            last = chunk[-1:]
    if last not in (b"\n", b""):
        lines += 1  # a last line without its newline
    return max(0, lines - blank)


def count_inputs(inputs: Iterable[str | Path]) -> int | None:
    """How many articles the inputs hold, or None when that is not cheap to know (not a regular file).

    An upper bound when ids repeat (the batch keeps the first of each)."""
    total = 0
    try:
        for item in inputs:
            for path in expand(str(item)):
                if not path.is_file():
                    return None
                total += count_lines(path) if is_jsonl(path) else 1
    except (OSError, InputError):
        return None
    return total
