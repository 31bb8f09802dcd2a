"""Bad input gets a clear message and a non-zero exit, never a traceback."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summarize.cli import app

from .conftest import DATA, PLAIN_TERMINAL, ROOT

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    # --base-url keeps these tests off the embedded server: none of them may reach a model.
    return runner.invoke(app, [*args], input=input, env=PLAIN_TERMINAL)


def extract_args(path: str) -> list[str]:
    return ["extract", path, "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--quiet"]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\t\n", "empty"),
    (b"\x00\x01\x02binary\x00\xff" * 50, "binary"),
])
def test_unreadable_files_exit_2_with_a_message(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    result = invoke(*extract_args(str(path)))
    assert result.exit_code == 2
    assert message in result.output.lower()
    assert "Traceback" not in result.output


def test_a_10_mb_file_is_refused_before_any_model_call(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Le ministre a rencontre son homologue. " * 260_000)
    result = invoke(*extract_args(str(path)))
    assert result.exit_code == 2 and "limit" in result.output


def test_missing_file_and_directory(tmp_path):
    assert invoke(*extract_args(str(tmp_path / "nope.txt"))).exit_code == 2
    assert invoke(*extract_args(str(tmp_path))).exit_code == 2


def test_a_recipe_is_not_a_meeting_report_and_costs_no_model_call():
    result = invoke(*extract_args(str(DATA / "bad" / "recipe.txt")))
    assert result.exit_code == 5
    assert "not_a_meeting_report" in result.output
    record = json.loads(result.stdout)
    assert record["participants"] == [] and record["provenance"]["usage"]["calls"] == 0


def test_unreachable_endpoint_is_a_clear_backend_error(monkeypatch):
    monkeypatch.setattr("summarize.model.transport_wait", lambda state: 0.0)
    result = invoke(*extract_args(str(DATA / "001_b635a0b6bb457146.txt")))
    assert result.exit_code == 3
    assert "unreachable" in result.output and "Traceback" not in result.output


def test_an_error_is_one_plain_line_at_any_terminal_width(tmp_path):
    missing = tmp_path / "a-folder-name-longer-than-a-narrow-terminal" / "article.txt"
    stderr = {}
    for columns in ("30", "40", "300"):
        result = runner.invoke(app, extract_args(str(missing)), env={**PLAIN_TERMINAL, "COLUMNS": columns})
        assert result.exit_code == 2
        stderr[columns] = result.stderr
    line = stderr["30"]
    assert len(line) > 2 * 30  # long enough that wrapping at 30 columns would show
    assert line.count("\n") == 1 and line.endswith("\n"), line
    assert line.startswith("error: ") and str(missing) in line and "\x1b" not in line
    assert stderr["40"] == stderr["300"] == line  # the width changes nothing


def test_unknown_backend_is_refused():
    result = invoke("extract", str(DATA / "001_b635a0b6bb457146.txt"), "--backend", "nope", "--quiet")
    assert result.exit_code == 3 and "unknown backend" in result.output


def test_schema_command_prints_json_schema():
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["record"]["title"] == "Record"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in readme.split("```") if b.startswith(("bash", "sh"))]
    assert "summarize extract" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in readme.split("```") if b.startswith(("bash", "sh"))]
    command = blocks[1].strip().splitlines()[-1].strip()
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
