"""``summarize batch``, ``summarize export`` and ``summarize merge``: plain functions, registered on the
app by cli.py.

    app.command("batch")(cli_batch.batch)
    app.command("export")(cli_batch.export)
    app.command("merge")(cli_batch.merge)

Progress goes to stderr; stdout gets one JSON summary line, so scripts can parse it.
Exit code of ``batch``: 0 when every article has a record, 1 when any failed (or
was left for later by --max-cost); the usual error codes for setup failures.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text

from .cli_support import err, friendly_errors
from .errors import InputError


class _OfTotal(ProgressColumn):
    """"seen/total", or "seen/unknown" while the inputs are not counted (or cannot be cheaply)."""

    def render(self, task: Task) -> Text:
        total = "unknown" if task.total is None else f"{int(task.total):,}"
        return Text(f"{int(task.completed):,}/{total}", style="progress.download")


def _progress_bar(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), _OfTotal(),
        TextColumn("[green]{task.fields[done]} done[/green] [red]{task.fields[failed]} failed[/red] "
                   "[cyan]{task.fields[cached]} cached[/cyan]"),
        TextColumn("{task.fields[rate]:.2f}/s"), TimeRemainingColumn(),
        TextColumn("{task.fields[tokens]:,} tok ${task.fields[cost]:.4f}"),
        console=err, transient=False, disable=quiet)


def batch(
    inputs: List[str] = typer.Argument(..., help="article files, folders, globs or JSONL files "
                                                 "(one article per line: id, text or html, url, date, source)"),
    db: Path = typer.Option(Path("summarize.db"), "--db", help="SQLite store (created if missing)"),
    backend: Optional[str] = typer.Option(None, help="embedded (default) or openai"),
    model: Optional[str] = typer.Option(None, help="model name at the endpoint"),
    base_url: Optional[str] = typer.Option(None, help="any OpenAI-compatible endpoint"),
    concurrency: Optional[int] = typer.Option(None, "--concurrency", "-c", min=1,
                                              help="most requests in flight (default 16; embedded: its slots)"),
    max_cost: Optional[float] = typer.Option(None, "--max-cost", min=0.0,
                                             help="stop before the run's cost would exceed this many USD"),
    prices: Optional[Path] = typer.Option(None, "--prices", help="JSON/TOML price table (USD per 1M tokens)"),
    price: Optional[List[str]] = typer.Option(None, "--price", help="MODEL=INPUT,OUTPUT[,CACHED] per 1M tokens"),
    batch_api: bool = typer.Option(False, "--batch-api", help="submit through the OpenAI Batch API (resumable)"),
    poll_interval: float = typer.Option(30.0, "--poll-interval", help="seconds between Batch API polls"),
    shard: Optional[str] = typer.Option(None, "--shard", metavar="i/N",
                                        help="only shard i of N (by request hash), for several machines; "
                                             "join the stores with 'summarize merge'"),
    workers: int = typer.Option(1, "--workers", "-w", min=1,
                                help="processes that run the articles' rules and requests (this one "
                                     "stays the store's only writer); more than 1 when one core cannot "
                                     "keep a fast server busy"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress display"),
) -> None:
    """Extract many articles into a SQLite store: cached, resumable, concurrent, with a cost ledger."""
    with friendly_errors("interrupted (finished articles are stored; run again to resume)"):
        from .backend import resolve
        from .batch import run_batch
        from .ledger import load_prices
        from .shard import Shard

        table = load_prices(prices, price)
        part = Shard.parse(shard) if shard is not None else None
        with _progress_bar(quiet) as bar:
            task = bar.add_task("batch", total=None, done=0, failed=0, cached=0, rate=0.0, tokens=0, cost=0.0)
            # lazy: a run whose every article is already stored never loads the embedded model
            chosen = resolve(backend, model=model, base_url=base_url, lazy=True)
            started = time.perf_counter()
            last = [0.0]

            def show(summary) -> None:  # type: ignore[no-untyped-def]
                now = time.perf_counter()
                if now - last[0] < 0.1 and summary.total is None:
                    return
                if now - last[0] < 0.1 and summary.finished + summary.pending + summary.other_shard < summary.total:
                    return
                last[0] = now
                rate = summary.done / max(now - started, 1e-6)
                # every article read counts, the other shards' too: the total counts the whole input
                bar.update(task, total=summary.total,
                           completed=summary.finished + summary.pending + summary.other_shard,
                           done=summary.done, failed=summary.failed, cached=summary.cached, rate=rate,
                           tokens=summary.prompt_tokens + summary.completion_tokens, cost=summary.cost_usd)

            summary = run_batch(inputs, db, backend=chosen, concurrency=concurrency, max_cost=max_cost,
                                prices=table, batch_api=batch_api, progress=show, poll_interval=poll_interval,
                                shard=part, workers=workers)
        sys.stdout.write(summary.to_json() + "\n")
        sys.stdout.flush()
        if not quiet:
            for item in summary.errors[:10]:
                err.print(f"[red]failed[/red] {item['id']}: {item['error']}")
            if summary.stopped == "max_cost":
                err.print(f"[yellow]stopped by --max-cost[/yellow]: {summary.pending} article(s) left for a later run")
        if not summary.ok:
            raise typer.Exit(1)


def export(
    db: Path = typer.Argument(..., help="SQLite store written by 'summarize batch'"),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="write records as JSON Lines here"),
    csv: Optional[Path] = typer.Option(None, "--csv", help="write one row per commitment here"),
    markdown: Optional[Path] = typer.Option(None, "--markdown", "--md", help="write Markdown here"),
) -> None:
    """Export the store's records; with no option, writes DB.jsonl, DB.csv and DB.md next to the store."""
    with friendly_errors("interrupted (finished articles are stored; run again to resume)"):
        from .export import export as run_export
        from .store import Store

        if not db.exists():
            raise InputError(f"{db} does not exist (run 'summarize batch ... --db {db}' first)")
        if not (jsonl or csv or markdown):
            jsonl, csv, markdown = db.with_suffix(".jsonl"), db.with_suffix(".csv"), db.with_suffix(".md")
        with Store(db) as store:
            written = run_export(store, jsonl=jsonl, csv_path=csv, markdown=markdown)
        sys.stdout.write(json.dumps(written) + "\n")


def merge(
    out: Path = typer.Argument(..., help="the store to merge into (created if missing)"),
    inputs: List[Path] = typer.Argument(..., help="stores written by 'summarize batch' (e.g. one per --shard)"),
) -> None:
    """Merge stores into OUT: each extraction's record once, runs, calls and errors once, cache joined."""
    with friendly_errors("interrupted (OUT holds every input merged before this one; run again to finish)"):
        from .merge import merge_stores

        report = merge_stores(out, list(inputs))
        sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":  # for tests and scripts before the commands are registered on the main app
    app = typer.Typer(add_completion=False)
    app.command("batch")(batch)
    app.command("export")(export)
    app.command("merge")(merge)
    app()
