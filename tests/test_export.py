"""export: JSONL, CSV (one row per commitment, evidence offsets) and Markdown, written atomically."""

from __future__ import annotations

import csv
import json

import typer
from typer.testing import CliRunner

from summarize import cli_batch
from summarize.store import Store
from tests.conftest import PLAIN_TERMINAL
from tests.mock_server import MockServer, make_articles


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("batch")(cli_batch.batch)
    app.command("export")(cli_batch.export)
    return app


def test_cli_batch_then_export_all_formats(tmp_path):
    make_articles(tmp_path / "in", 5)
    db = tmp_path / "out.db"
    runner = CliRunner(env=PLAIN_TERMINAL)
    with MockServer() as mock:
        first = runner.invoke(_app(), ["batch", str(tmp_path / "in"), "--db", str(db), "--base-url", mock.url, "-q"])
        assert first.exit_code == 0, first.output
        assert json.loads(first.stdout.strip().splitlines()[-1])["done"] == 5
        calls = mock.requests
        again = runner.invoke(_app(), ["batch", str(tmp_path / "in"), "--db", str(db), "--base-url", mock.url, "-q"])
        assert again.exit_code == 0 and mock.requests == calls
        assert json.loads(again.stdout.strip().splitlines()[-1])["cached"] == 5
    result = runner.invoke(_app(), ["export", str(db)])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(line)["provenance"]["request_hash"] for line in lines)
    with Store(db) as store:
        commitments = sum(len(r["commitments"]) for _, r in store.records())
    raw = {str(p): p.read_text(encoding="utf-8") for p in (tmp_path / "in").glob("*.txt")}
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == commitments > 0
    for row in rows:  # evidence offsets point into the original article
        start, end = int(row["evidence_start"]), int(row["evidence_end"])
        assert raw[row["article_id"]][start:end] == row["evidence_text"]
    markdown = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert markdown.count("<!-- article:") == 5 and "## Commitments" in markdown
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temporary file


def test_export_missing_db_is_a_clear_error(tmp_path):
    # a narrow terminal: the message (two long paths) once wrapped there and split "does not exist"
    result = CliRunner().invoke(_app(), ["export", str(tmp_path / "nope.db")], env={**PLAIN_TERMINAL, "COLUMNS": "30"})
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
