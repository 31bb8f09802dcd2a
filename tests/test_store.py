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
