"""The command line: a thin face over the library. Output goes to stdout so it pipes."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .cli_support import err, friendly_errors

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Grounded, structured records of diplomatic meetings from news readouts.")


class Format(str, Enum):
    json = "json"
    markdown = "markdown"
    both = "both"


class _BytesColumn(DownloadColumn):
    """Bytes only for the model's assembly (the one task with a size in bytes); nothing for the others."""

    def render(self, task):  # type: ignore[no-untyped-def]
        return super().render(task) if (task.total or 0) > 1 else ""


def progress_bar(quiet: bool = False) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), _BytesColumn(),
                    TimeElapsedColumn(), console=err, transient=True, disable=quiet)


def _resolve_backend(backend: Optional[str], model: Optional[str], base_url: Optional[str], progress: Progress):
    from .backend import resolve

    return resolve(backend, model=model, base_url=base_url, progress=progress)


@app.command()
def extract(
    file: str = typer.Argument(..., help="article file (text or HTML), or - for stdin"),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json, markdown or both"),
    backend: Optional[str] = typer.Option(None, help="embedded (default) or openai"),
    model: Optional[str] = typer.Option(None, help="model name at the endpoint"),
    base_url: Optional[str] = typer.Option(None, help="any OpenAI-compatible endpoint, e.g. http://localhost:8000/v1"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write here instead of stdout"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress display"),
    date: Optional[str] = typer.Option(None, "--date", help="the article's date (YYYY-MM-DD) when the page lacks one"),
) -> None:
    """Extract one article into a grounded record and an English summary."""
    with friendly_errors():
        from .dates import parse_iso
        from .errors import InputError
        from .extract import extract as run_extract
        from .load import load_path, load_stdin
        from .render import to_markdown

        if date is not None and parse_iso(date) is None:
            raise InputError(f"--date {date!r} is not a date (YYYY-MM-DD)")
        raw = load_stdin() if file == "-" else load_path(file)
        with progress_bar(quiet) as progress:
            chosen = _resolve_backend(backend, model, base_url, progress)
            task = progress.add_task("extracting", total=None)
            record = run_extract(raw, backend=chosen, date=date,
                                 progress=lambda message: progress.update(task, description=message))
        parts = []
        if fmt in (Format.json, Format.both):
            parts.append(record.model_dump_json(indent=2))
        if fmt in (Format.markdown, Format.both):
            parts.append(to_markdown(record))
        text = "\n\n".join(parts) + "\n"
        if output:
            from .files import atomic_write

            atomic_write(output, text)
        else:
            sys.stdout.write(text)
        if not record.participants and not record.commitments:
            reason = next((f for f in record.flags if f.startswith(("not_a_meeting", "no_participants"))),
                          "nothing could be extracted")
            err.print(f"[yellow]nothing extracted:[/yellow] {reason}")
            raise typer.Exit(5)


@app.command()
def schema(write: Optional[Path] = typer.Option(None, help="directory to write <type>.schema.json files into")) -> None:
    """Print (or write) the JSON Schema of every output type."""
    with friendly_errors():
        from .schema import json_schemas

        schemas = json_schemas()
        if write:
            write.mkdir(parents=True, exist_ok=True)
            for name, body in schemas.items():
                (write / f"{name}.schema.json").write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
            err.print(f"wrote {len(schemas)} schema(s) to {write}")
        else:
            sys.stdout.write(json.dumps(schemas, indent=2, ensure_ascii=False) + "\n")


@app.command("eval")
def evaluate(
    records: Path = typer.Argument(Path("eval-records"), help="folder of <article-stem>.json records"),
    split: list[str] = typer.Option(["seed", "dev", "test"], "--split", help="seed, dev or test (repeatable)"),
    run: bool = typer.Option(False, "--run", help="first extract the articles that have no record yet"),
    redo: bool = typer.Option(False, "--redo", help="with --run: extract every article again"),
    cache: Optional[Path] = typer.Option(None, "--cache", help="with --run: SQLite call cache (a store)"),
    backend: Optional[str] = typer.Option(None, help="with --run: embedded (default) or openai"),
    model: Optional[str] = typer.Option(None, help="with --run: model name"),
    base_url: Optional[str] = typer.Option(None, help="with --run: OpenAI-compatible endpoint"),
    as_json: bool = typer.Option(False, "--json", help="machine-readable scores"),
    details: bool = typer.Option(False, "--details", help="one line per article under the table"),
) -> None:
    """Score records against the gold of each split: the strict table (and the soft column)."""
    with friendly_errors():
        from .corpus import run_split, splits
        from .errors import InputError
        from .evaluate import format_scores, format_table, score_directory

        known = splits()
        unknown = [s for s in split if s not in known]
        if unknown:
            raise InputError(f"unknown split {unknown[0]!r}; choose from {', '.join(known)}")
        if run:
            with progress_bar() as bar:
                task = bar.add_task("extracting", total=None)
                chosen = _resolve_backend(backend, model, base_url, bar)
                for name in split:
                    run_split(known[name], records, backend=chosen, cache_db=cache, redo=redo,
                              progress=lambda m: bar.update(task, description=m))
        scores = {name: score_directory(records, known[name].gold, known[name].articles) for name in split}
        if as_json:
            sys.stdout.write(json.dumps(scores, indent=2) + "\n")
            return
        sys.stdout.write(format_table(scores))
        if details:
            for name, s in scores.items():
                sys.stdout.write(f"\n{name}:\n" + format_scores(s).split("\n\n", 1)[1])


# Commands that live in their own modules (they never import this one: no cycle).
from . import cli_batch, cli_compare  # noqa: E402

app.command("batch")(cli_batch.batch)
app.command("export")(cli_batch.export)
app.command("merge")(cli_batch.merge)
app.command("compare")(cli_compare.compare)

if __name__ == "__main__":
    app()
