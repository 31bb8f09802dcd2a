"""batch --workers N: worker processes run the articles, the batch's process stays the store's only writer.

What must hold whatever the number of workers: the same records as one process, each article once
after a kill -9 and a resume, and a worker's death is a clear error that loses nothing finished."""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarize.batch import run_batch
from summarize.errors import InputError
from summarize.store import Store
from summarize.workers import WorkerCrashed, WorkerPool, shares
from tests.exactly_once import assert_each_article_stored_once, meeting_calls
from tests.mock_server import MockServer, backend_for, fast_wait, make_articles

ROOT = Path(__file__).resolve().parent.parent
# the workers' fork server listens on a Unix socket in a temporary folder (multiprocessing's "forkserver"):
# local to the machine, allowed beside the loopback hosts the suite allows
pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost", r".*/pymp-[^/]+/listener-[^/]+"])
# generous: a worker's first start loads the rules' models in the fork server (tens of seconds when busy)
TIMEOUT = 120
# The fork server imports the pipeline when it starts; start it with this module, when the suite imported
# it too (not minutes later at the first test that needs a worker), so both run the same sources even in a
# working tree someone is editing. A worker that finds it runs other code stops the run (see the last test).
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["summarize._forkserver", "summarize._forkserver_fr"])
multiprocessing.forkserver.ensure_running()


@pytest.fixture()
def mock():
    with MockServer() as server:
        yield server


def _records(db: Path) -> dict[str, dict]:
    """article id -> record, without the usage figures (times, cache hits: they vary run to run)."""
    with Store(db) as store:
        records = dict(store.records())
    for record in records.values():
        record["provenance"].pop("usage", None)
    return records


def _workers() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name.startswith("summarize-worker")]


def test_the_cap_is_shared_among_the_workers():
    assert shares(16, 2) == [8, 8] and shares(3, 2) == [2, 1] and shares(64, 3) == [22, 21, 21]
    assert shares(1, 4) == [1]  # never a worker without a request to make


def test_two_workers_store_the_same_records_as_one(tmp_path, mock):
    make_articles(tmp_path / "in", 5)
    one = run_batch([str(tmp_path / "in")], tmp_path / "one.db", backend=backend_for(mock.url, timeout_s=TIMEOUT),
                    wait=fast_wait, window=2)
    mock.reset_counts()
    two = run_batch([str(tmp_path / "in")], tmp_path / "two.db", backend=backend_for(mock.url, timeout_s=TIMEOUT),
                    wait=fast_wait, window=2, workers=2)
    assert (one.done, one.failed, two.done, two.failed) == (5, 0, 5, 0)
    assert _records(tmp_path / "two.db") == _records(tmp_path / "one.db")
    # the parent wrote everything the workers did: every request in the calls log, billed in the ledger
    assert two.requests == mock.requests > 0 and two.limiter["workers"] == 2
    assert (two.prompt_tokens, two.completion_tokens) == (mock.prompt_tokens, mock.completion_tokens)
    with Store(tmp_path / "two.db") as store:
        assert store.scalar("SELECT count(*) FROM calls") == two.requests
        assert store.scalar("SELECT count(*) FROM call_cache") > 0
        assert store.scalar("SELECT sum(cost_usd) FROM records") == pytest.approx(two.cost_usd, abs=1e-8)
    assert _workers() == []  # the workers left with the run


def test_a_warm_rerun_with_workers_starts_no_process(tmp_path, mock, monkeypatch):
    make_articles(tmp_path / "in", 2)
    run_batch([str(tmp_path / "in")], tmp_path / "out.db", backend=backend_for(mock.url, timeout_s=TIMEOUT),
              wait=fast_wait)

    def no_start(self, *args):
        raise AssertionError("a run with nothing to extract started worker processes")

    monkeypatch.setattr(WorkerPool, "start", no_start)
    again = run_batch([str(tmp_path / "in")], tmp_path / "out.db", backend=backend_for(mock.url), workers=2)
    assert (again.done, again.cached, again.requests) == (0, 2, 0)


def test_workers_must_be_positive_and_are_not_for_the_batch_api(tmp_path):
    make_articles(tmp_path / "in", 1)
    with pytest.raises(InputError, match="at least 1"):
        run_batch([str(tmp_path / "in")], tmp_path / "out.db", backend=backend_for("http://127.0.0.1:9/v1"),
                  workers=0)
    with pytest.raises(InputError, match="batch-api"):
        run_batch([str(tmp_path / "in")], tmp_path / "out.db", backend=backend_for("http://127.0.0.1:9/v1"),
                  workers=2, batch_api=True)


def test_a_dead_worker_is_a_clear_error_and_nothing_finished_is_lost(tmp_path):
    make_articles(tmp_path / "in", 10)
    db = tmp_path / "out.db"
    killed: list[int] = []
    done_at_kill: list[int] = []

    def kill_one_worker(summary):
        if summary.done >= 2 and not killed:
            victim = _workers()[0]
            killed.append(victim.pid)
            done_at_kill.append(summary.done)
            os.kill(victim.pid, signal.SIGKILL)

    with MockServer(latency=0.05) as mock:
        with pytest.raises(WorkerCrashed) as caught:
            run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url, timeout_s=TIMEOUT), wait=fast_wait,
                      concurrency=2, window=3, workers=2, progress=kill_one_worker)
        message = str(caught.value)
        assert f"pid {killed[0]}" in message and "killed by signal 9" in message and "run the batch again" in message
        with Store(db) as store:
            finished = {r["article_id"] for r in store.query("SELECT article_id FROM records")}
            failures = store.failures()
            run = store.query("SELECT summary FROM runs")[0]
        lost = {f["article_id"] for f in failures}
        assert len(finished) >= done_at_kill[0]  # what was stored before the death is still there
        assert json.loads(run["summary"])["stopped"] == "worker_crashed"
        assert all(f["message"].startswith("WorkerCrashed") for f in failures)
        assert not finished & lost
        assert _workers() == []
        calls_before = meeting_calls(mock, finished)

        again = run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url, timeout_s=TIMEOUT),
                          wait=fast_wait, window=3, workers=2)
        assert (again.cached, again.done, again.failed) == (len(finished), 10 - len(finished), 0)
        assert meeting_calls(mock, finished) == calls_before  # finished articles were not asked again
    with Store(db) as store:
        rows = store.query("SELECT article_id, count(*) AS n FROM records GROUP BY article_id")
        assert len(rows) == 10 and all(r["n"] == 1 for r in rows)
        assert store.failures() == []


CHILD = """
import json, multiprocessing, os, sys
from summarize.batch import run_batch
from tests.mock_server import backend_for

def note_workers(summary):
    pids = [p.pid for p in multiprocessing.active_children() if p.name.startswith("summarize-worker")]
    if pids and not os.path.exists(sys.argv[4]):  # written whole or not at all: the kill may land any time
        with open(sys.argv[4] + ".tmp", "w") as handle:
            json.dump(pids, handle)
        os.replace(sys.argv[4] + ".tmp", sys.argv[4])

if __name__ == "__main__":
    run_batch([sys.argv[1]], sys.argv[2], backend=backend_for(sys.argv[3], timeout_s=120), concurrency=2, window=3,
              workers=2, progress=note_workers)
"""


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM records").fetchone()[0]
    except sqlite3.Error:
        return 0


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_kill_9_of_the_batch_stops_its_workers_and_a_resume_is_exactly_once(tmp_path):
    make_articles(tmp_path / "in", 10)
    db, pids_file, script = tmp_path / "out.db", tmp_path / "pids.json", tmp_path / "child.py"
    script.write_text(CHILD)
    with MockServer(latency=0.05) as mock:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = subprocess.Popen([sys.executable, str(script), str(tmp_path / "in"), str(db), mock.url,
                                  str(pids_file)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        deadline = time.time() + 300  # a safety net only: the fork server loads the rules' models first
        while _count(db) < 3 and time.time() < deadline and child.poll() is None:
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        stored_before = _count(db)
        assert 3 <= stored_before < 10, "the kill should land mid-run"
        workers = json.loads(pids_file.read_text())
        deadline = time.time() + 30
        while any(_alive(pid) for pid in workers) and time.time() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), "workers outlived the batch"
        with Store(db) as store:
            finished = {r["article_id"] for r in store.query("SELECT article_id FROM records")}
        calls_before = meeting_calls(mock, finished)

        summary = run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url, timeout_s=TIMEOUT),
                            window=3, workers=2)
        assert summary.cached == stored_before and summary.done == 10 - stored_before and summary.failed == 0
        assert meeting_calls(mock, finished) == calls_before
    assert_each_article_stored_once(db, 10)


def test_a_worker_running_other_code_than_the_batch_stops_the_run(tmp_path, mock, monkeypatch):
    import summarize.batch as batch

    make_articles(tmp_path / "in", 2)
    real = batch.request_hash
    # the batch's identity of the pipeline as if the sources had changed after the fork server imported them
    monkeypatch.setattr(batch, "request_hash", lambda text, *args, **kw: real(text, *args, **kw) if text else "other")
    with pytest.raises(WorkerCrashed, match="other extraction code than the batch"):
        run_batch([str(tmp_path / "in")], tmp_path / "out.db", backend=backend_for(mock.url, timeout_s=TIMEOUT),
                  wait=fast_wait, workers=2)
    with Store(tmp_path / "out.db") as store:
        assert store.counts()["records"] == 0
        assert {f["article_id"] for f in store.failures()} <= {str(p) for p in (tmp_path / "in").iterdir()}
