"""Exports from the batch store: JSONL (one Record per line), CSV (one row per commitment), Markdown.

Every file is written atomically (temporary file + rename): a crash never
leaves a torn export behind.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterable

from .files import atomic_write
from .render import to_markdown
from .schema import Record
from .store import Store

CSV_COLUMNS = ["article_id", "source", "title", "published", "meeting_kind", "meeting_date", "place",
               "request_hash", "index", "actors", "targets", "modality", "category", "context", "text",
               "grounding", "evidence_start", "evidence_end", "evidence_sentence", "evidence_text", "flags"]


def _records(store: Store) -> list[tuple[str, dict[str, Any]]]:
    return list(store.records())


def to_jsonl(rows: Iterable[tuple[str, dict[str, Any]]]) -> str:
    return "".join(json.dumps({"id": ident, **record}, ensure_ascii=False) + "\n" for ident, record in rows)


def to_csv(rows: Iterable[tuple[str, dict[str, Any]]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for ident, record in rows:
        article = record.get("article") or {}
        meeting = record.get("meeting") or {}
        provenance = record.get("provenance") or {}
        for index, item in enumerate(record.get("commitments") or []):
            first = (item.get("evidence") or [{}])[0]
            writer.writerow({
                "article_id": ident, "source": article.get("source"), "title": article.get("title"),
                "published": article.get("published"), "meeting_kind": meeting.get("kind"),
                "meeting_date": meeting.get("date"), "place": meeting.get("place"),
                "request_hash": provenance.get("request_hash"), "index": index,
                "actors": "+".join(item.get("actors") or []), "targets": "+".join(item.get("targets") or []),
                "modality": item.get("modality"), "category": item.get("category"),
                "context": "+".join(item.get("context") or []), "text": item.get("text"),
                "grounding": item.get("grounding"), "evidence_start": first.get("start"),
                "evidence_end": first.get("end"), "evidence_sentence": first.get("sentence"),
                "evidence_text": first.get("text"), "flags": "; ".join(item.get("flags") or [])})
    return buffer.getvalue()


def to_markdown_all(rows: Iterable[tuple[str, dict[str, Any]]]) -> str:
    parts = []
    for ident, record in rows:
        parts.append(f"<!-- article: {ident} -->\n" + to_markdown(Record.model_validate(record)))
    return "\n---\n\n".join(parts)


def export(store: Store, *, jsonl: str | Path | None = None, csv_path: str | Path | None = None,
           markdown: str | Path | None = None) -> dict[str, Any]:
    """Write the requested files; returns {format: {path, records or rows}}."""
    rows = _records(store)
    written: dict[str, Any] = {}
    if jsonl:
        atomic_write(jsonl, to_jsonl(rows))
        written["jsonl"] = {"path": str(jsonl), "records": len(rows)}
    if csv_path:
        atomic_write(csv_path, to_csv(rows))
        written["csv"] = {"path": str(csv_path),
                          "rows": sum(len(record.get("commitments") or []) for _, record in rows)}
    if markdown:
        atomic_write(markdown, to_markdown_all(rows))
        written["markdown"] = {"path": str(markdown), "records": len(rows)}
    return written
