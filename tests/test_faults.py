"""Fault suite: a fault-injecting OpenAI-compatible server; the batch loses no article."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.mock_server import MockServer, backend_for, fast_wait, make_articles
from summarize.batch import run_batch
from summarize.store import Store


def _meeting(i: int) -> list[str]:
    return ["TASK meeting", f"ref{i:03d}qz"]


def test_every_fault_ends_as_a_record_or_a_stored_error_with_its_cause(tmp_path):
    make_articles(tmp_path / "in", 9)
    with MockServer(retry_after=0.05, slow_seconds=3.0) as mock:
        mock.fault("429", match=_meeting(8), times=3)  # Retry-After honoured, recovers
        mock.fault("500", match=_meeting(1))  # never recovers
        mock.fault("drop", match=_meeting(2), times=2)  # connection reset, recovers
        mock.fault("slow", match=_meeting(3), times=1)  # client timeout, recovers
        mock.fault("malformed", match=_meeting(4))  # never valid JSON
        mock.fault("truncated", match=_meeting(5))  # always cut off
        mock.fault("wrong_schema", match=_meeting(6), times=1)  # re-asked once, then valid
        mock.fault("wrong_schema", match=["Speaker:", "ref007qz"])  # sentence always wrong: flagged item
        summary = run_batch([str(tmp_path / "in")], tmp_path / "out.db", backend=backend_for(mock.url, 1.5),
                            wait=fast_wait)
    assert summary.articles == 9
    assert summary.done + summary.failed == 9  # zero lost
    assert summary.failed == 1 and not summary.ok  # only the endpoint that never answers loses its article
    assert summary.transport_retries >= 3 and summary.reasks >= 1
    # 429s, 500s, drops, timeout; a loaded CI machine may time out one more healthy reply, never fewer
    assert summary.failed_requests >= 3 + 6 + 2 + 1
    with Store(tmp_path / "out.db") as store:
        failures = {f["article_id"].rsplit("/", 1)[-1]: f["message"] for f in store.failures()}
        assert set(failures) == {"a001.txt"}
        assert failures["a001.txt"].startswith("BackendError: model endpoint answered 500")
        errors = store.query("SELECT attempts, transport_retries FROM errors WHERE article_id LIKE '%a001.txt'")
        assert errors[0]["transport_retries"] == 5  # 6 attempts failed: 5 retries
        records = dict(store.records())
        assert len(records) == 8 and len(records) + len(failures) == 9
        # a meeting answer that never validates or is always cut off: the record is kept, flagged
        flagged = {k.rsplit("/", 1)[-1]: v["flags"] for k, v in records.items()
                   if k.endswith(("a004.txt", "a005.txt"))}
        assert any(f.startswith("meeting_call_failed") and "did not validate" in f for f in flagged["a004.txt"])
        assert any(f.startswith("meeting_call_failed") and "cut off" in f for f in flagged["a005.txt"])
        assert any(k.endswith("a007.txt") for k in records)  # a sentence that never validates: still a record
        assert summary.reasks >= 2
        # failed attempts are in the calls log with their error
        assert store.scalar("SELECT count(*) FROM calls WHERE error LIKE '%500%'") >= 6


def test_connection_refused_fails_every_article_and_exit_code_says_so(tmp_path):
    import typer

    from summarize import cli_batch

    make_articles(tmp_path / "in", 2)
    app = typer.Typer()
    app.command("batch")(cli_batch.batch)
    app.command("export")(cli_batch.export)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), "--db", str(tmp_path / "x.db"),
                                      "--base-url", MockServer.closed_port(), "--quiet"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["failed"] == 2 and summary["done"] == 0
    with Store(tmp_path / "x.db") as store:
        assert all("unreachable" in f["message"] for f in store.failures())
        assert len(store.failures()) == 2
