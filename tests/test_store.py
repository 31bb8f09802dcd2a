"""store: migrations once, WAL, atomic article results, call cache."""

from __future__ import annotations

import sqlite3

from summarize.store import MIGRATIONS, ArticleRow, Store, migrate


def test_migrations_apply_once_and_wal(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        assert store.scalar("PRAGMA journal_mode") == "wal"
        names = [r["name"] for r in store.query("SELECT name FROM _migrations ORDER BY name")]
        assert names == [fn.__name__ for fn in MIGRATIONS]
    db = sqlite3.connect(path)
    assert migrate(db) == []  # nothing applied twice
    with Store(path) as store:
        assert store.counts()["runs"] == 0


def test_record_unique_per_request_hash(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run = store.start_run({})
        store.upsert_articles([ArticleRow("a", "h1")], run)
        assert store.save_record("a", "h1", '{"x": 1}', run, {"prompt_tokens": 5}, 0.1)
        assert not store.save_record("a", "h1", '{"x": 2}', run, {}, 0.0)
        assert store.counts()["records"] == 1
        assert list(store.records()) == [("a", {"x": 1})]
        assert store.done_hashes(["h1", "h2"]) == {"h1"}


def test_errors_keep_their_cause_and_failures_view(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run = store.start_run({})
        store.upsert_articles([ArticleRow("a", "h1"), ArticleRow("b", "h2")], run)
        try:
            try:
                raise ValueError("socket closed")
            except ValueError as inner:
                raise RuntimeError("endpoint unreachable") from inner
        except RuntimeError as exc:
            message = store.save_error("a", "h1", run, exc)
        assert message.startswith("RuntimeError: endpoint unreachable")
        assert "socket closed" in message
        failures = store.failures()
        assert [f["article_id"] for f in failures] == ["a"]
        store.save_record("a", "h1", "{}", run, {}, 0.0)
        assert store.failures() == []


def test_call_cache_roundtrip_and_transaction_rollback(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.cache.get("k") is None
        store.cache.put("k", {"choices": []})
        assert store.cache.get("k") == {"choices": []}
        try:
            with store.transaction() as db:
                db.execute("INSERT INTO runs (started_at) VALUES (1)")
                raise RuntimeError("crash mid-transaction")
        except RuntimeError:
            pass
        assert store.counts()["runs"] == 0


def test_a_batch_store_checkpoints_off_the_write_path_and_its_log_starts_over(tmp_path):
    import time

    store = Store(tmp_path / "s.db")
    store.checkpoint_in_background(every_s=0.05)
    written, until = 0, time.monotonic() + 1.5
    while time.monotonic() < until:  # commits never stop while the log is copied
        store.cache.put_json(f"key{written}", '{"answer": "' + "x" * 2000 + '"}')
        written += 1
    probe = sqlite3.connect(str(tmp_path / "s.db"))
    frames = probe.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
    probe.close()
    # the log started over while the writes went on: it holds the last rounds' pages, not all of them
    assert written > 100 and frames < written, (written, frames)
    assert store.cache.get(f"key{written - 1}") == {"answer": "x" * 2000}
    store.stop_checkpointing()
    assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    store.close()
