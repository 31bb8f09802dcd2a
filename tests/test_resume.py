"""kill -9 a batch mid-way, run again: every article exactly once, no torn or duplicate record.

The batch reads its input a window at a time; the input here (10 articles) is larger than the
window (3), so the kill lands with windows read, windows not read yet and articles in flight."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from summarize.batch import run_batch
from summarize.store import Store
from tests.exactly_once import assert_each_article_stored_once, meeting_calls
from tests.mock_server import MockServer, backend_for, make_articles

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import sys
from summarize.batch import run_batch
from tests.mock_server import backend_for
run_batch([sys.argv[1]], sys.argv[2], backend=backend_for(sys.argv[3]), concurrency=2, window=3)
"""


def _records(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM records").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_kill_9_then_resume_processes_every_article_exactly_once(tmp_path):
    make_articles(tmp_path / "in", 10)
    db = tmp_path / "out.db"
    with MockServer(latency=0.03) as mock:
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "in"), str(db), mock.url],
                                 cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 180  # a safety net only: the child loads spaCy and the gazetteer first
        while _records(db) < 3 and time.time() < deadline and child.poll() is None:
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        stored_before = _records(db)
        assert 3 <= stored_before < 10, "the kill should land mid-run"
        with Store(db) as store:
            finished = {r["article_id"] for r in store.query("SELECT article_id FROM records")}
        calls_before = meeting_calls(mock, finished)

        summary = run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url), window=3)
        assert summary.cached == stored_before and summary.done == 10 - stored_before and summary.failed == 0
        # finished articles were not asked again
        assert meeting_calls(mock, finished) == calls_before
    assert_each_article_stored_once(db, 10)
