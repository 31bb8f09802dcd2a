"""`summarize compare`: commitments across meetings (registered by cli.py as ``app.command("compare")``)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .cli_support import err, friendly_errors
from .errors import InputError


class Format(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


def compare(
    db: Optional[Path] = typer.Option(None, "--db", help="SQLite store written by `summarize` (records table)."),
    records: Optional[Path] = typer.Option(None, "--records", help="Directory (or file) of Record JSON/JSONL."),
    dyad: Optional[str] = typer.Option(None, "--dyad", help="Two countries, e.g. CHN-KAZ."),
    country: Optional[list[str]] = typer.Option(None, "--country", help="Country that every meeting involves "
                                                "(repeatable; ISO-3166 alpha-3 or a name)."),
    since: Optional[str] = typer.Option(None, "--since", help="First meeting date, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Last meeting date, YYYY-MM-DD."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Keep topics whose key or label contains this."),
    format: Format = typer.Option(Format.table, "--format", help="Output on stdout: table, markdown or json."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML report here."),
    inputs: Optional[list[Path]] = typer.Option(None, "--inputs", help="The batch's input JSONL or article files "
                                                "(repeatable): article texts for the report, outlets and dates "
                                                "where the store has none."),
    detail: bool = typer.Option(False, "--detail", help="Table: also each meeting's people with their offices, "
                                "its articles, and every statement."),
) -> None:
    """Compare commitments across meetings: new, reaffirmed, dropped or fulfilled, with evidence."""
    from . import compare as cmp
    from . import report
    from .files import atomic_write

    with friendly_errors():
        if (db is None) == (records is None):
            raise InputError("give exactly one source: --db STORE or --records DIR")
        source = db if db is not None else records
        loaded = cmp.load_records(source)
        if not loaded:
            raise InputError(f"{source} holds no records")
        articles = cmp.load_articles(source, loaded, inputs or [])
        result = cmp.compare(loaded, dyad=dyad, countries=country, since=since, until=until, topic=topic,
                             articles=articles)
        if html is not None:
            texts = {rid: a.text for rid, a in articles.items() if a.text is not None}
            atomic_write(html, report.to_html(result, loaded, texts))
            err.print(f"wrote {html}")
        if format is Format.json:
            sys.stdout.flush()
            sys.stdout.buffer.write(report.to_json_bytes(result))
            sys.stdout.buffer.flush()
        elif format is Format.markdown:
            sys.stdout.write(report.to_markdown(result))
        else:
            report.to_table(result, Console(), detail=detail)
