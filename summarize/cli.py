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


def progress_bar(quiet: bool = False) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
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
) -> None:
    """Extract one article into a grounded record and an English summary."""
    with friendly_errors():
        from .extract import extract as run_extract
        from .load import load_path, load_stdin
        from .render import to_markdown

        raw = load_stdin() if file == "-" else load_path(file)
        with progress_bar(quiet) as progress:
            chosen = _resolve_backend(backend, model, base_url, progress)
            task = progress.add_task("extracting", total=None)
            record = run_extract(raw, backend=chosen,
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
    records: Path = typer.Argument(..., help="directory of <article-stem>.json records (from extract)"),
    gold: Path = typer.Option(Path("tests/gold"), help="directory of gold annotations"),
    articles: Path = typer.Option(Path("tests/data"), help="directory of the raw articles"),
    as_json: bool = typer.Option(False, "--json", help="machine-readable scores"),
) -> None:
    """Score records against hand-made gold: P/R/F1, grounding rate, English-summary rate."""
    with friendly_errors():
        from .evaluate import format_scores, score_directory

        scores = score_directory(records, gold, articles)
        sys.stdout.write(json.dumps(scores, indent=2) + "\n" if as_json else format_scores(scores))


# Commands that live in their own modules (they never import this one: no cycle).
from . import cli_batch, cli_compare  # noqa: E402

app.command("batch")(cli_batch.batch)
app.command("export")(cli_batch.export)
app.command("compare")(cli_compare.compare)

if __name__ == "__main__":
    app()
