"""``summarize merge OUT.db IN1.db IN2.db …``: join stores written by shards (or by any runs) into one.

Exactly once, whatever is merged and however often:

- a record is keyed by its request hash: one per extraction identity (``INSERT OR IGNORE``), so two
  shards, or one store merged twice, never give an article two records;
- runs are matched by (started_at, options): a run already in OUT is not added again, nor are its
  calls and errors, so merging the same input twice changes nothing;
- an article id present in OUT and in an input keeps the row whose extraction has a record, the
  newer one when both do;
- the call cache is the union (identical keys are identical requests).

Run ids are renumbered after OUT's own; every reference (records, errors, calls, articles' first
run, batch jobs) follows. Each input is merged in one transaction: a kill leaves OUT as it was
before that input. Inputs are opened read-only.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from .errors import InputError
from .store import Store, StoreError

REQUIRED = ("_migrations", "runs", "articles", "records", "errors", "calls", "call_cache")


def _tables(db: sqlite3.Connection, schema: str) -> set[str]:
    return {r[0] for r in db.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")}


def _columns(db: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA {schema}.table_info({table})")]


def merge_stores(out: str | Path, inputs: list[str | Path]) -> dict[str, Any]:
    """Merge ``inputs`` into the store at ``out`` (created if missing); returns what each input added."""
    out_path = Path(out)
    paths = [Path(p) for p in inputs]
    if not paths:
        raise InputError("merge needs at least one input store")
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path} does not exist (or is not a file)")
        if out_path.exists() and path.resolve() == out_path.resolve():
            raise InputError(f"{path} is the output store; name it once, as OUT")
    with Store(out_path) as store:  # creates OUT and brings it to the current schema
        merge_run = store.start_run({"merge": [str(p) for p in paths]})
    db = sqlite3.connect(str(out_path), isolation_level=None, timeout=30.0)
    report: dict[str, Any] = {"db": str(out_path), "inputs": []}
    try:
        for path in paths:
            report["inputs"].append(_merge_one(db, path))
        report["records"] = db.execute("SELECT count(*) FROM records").fetchone()[0]
        report["articles"] = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        db.execute("UPDATE runs SET summary = ?, finished_at = ? WHERE id = ?",
                   (json.dumps(report), time.time(), merge_run))
    finally:
        db.close()
    return report


def _merge_one(db: sqlite3.Connection, path: Path) -> dict[str, Any]:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        db.execute("ATTACH DATABASE ? AS src", (uri,))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be opened as a summarize store: {exc}") from None
    try:
        try:
            missing = [t for t in REQUIRED if t not in _tables(db, "src")]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a summarize store: {exc}") from None
        if missing:
            raise StoreError(f"{path} is not a summarize store (no {', '.join(missing)} table)")
        db.execute("BEGIN IMMEDIATE")
        try:
            added = _copy(db)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return {"path": str(path), **added}
    finally:
        db.execute("DETACH DATABASE src")


def _copy(db: sqlite3.Connection) -> dict[str, int]:
    def run(sql: str, args: tuple[Any, ...] = ()) -> int:
        return db.execute(sql, args).rowcount

    before = db.execute("SELECT count(*) FROM main.records").fetchone()[0]
    offset = db.execute("SELECT coalesce(max(id), 0) FROM main.runs").fetchone()[0]
    run("DROP TABLE IF EXISTS temp.run_map")
    run("CREATE TEMP TABLE run_map (src_id INTEGER PRIMARY KEY, dst_id INTEGER, new INTEGER)")
    run("INSERT INTO temp.run_map SELECT s.id, coalesce(m.id, s.id + ?), m.id IS NULL FROM src.runs s "
        "LEFT JOIN main.runs m ON m.started_at = s.started_at AND m.options = s.options", (offset,))
    runs = run("INSERT INTO main.runs (id, started_at, finished_at, options, summary) "
               "SELECT k.dst_id, s.started_at, s.finished_at, s.options, s.summary FROM src.runs s "
               "JOIN temp.run_map k ON k.src_id = s.id WHERE k.new")
    mapped = "(SELECT dst_id FROM temp.run_map WHERE src_id = {col})"
    fresh = "{col} IN (SELECT src_id FROM temp.run_map WHERE new)"

    record_cols = [c for c in _columns(db, "main", "records") if c in _columns(db, "src", "records")]
    select = ", ".join(mapped.format(col="run_id") if c == "run_id" else c for c in record_cols)
    run(f"INSERT OR IGNORE INTO main.records ({', '.join(record_cols)}) SELECT {select} FROM src.records")
    records = db.execute("SELECT count(*) FROM main.records").fetchone()[0] - before

    article_cols = [c for c in _columns(db, "main", "articles") if c in _columns(db, "src", "articles")]
    select = ", ".join(mapped.format(col="first_run") if c == "first_run" else c for c in article_cols)
    updates = ", ".join(f"{c} = excluded.{c}" for c in article_cols if c not in ("id", "first_run"))
    has_record = "EXISTS (SELECT 1 FROM main.records r WHERE r.request_hash = {row}.request_hash)"
    # "WHERE true" lets SQLite parse the upsert after a SELECT
    articles = run(
        f"INSERT INTO main.articles ({', '.join(article_cols)}) SELECT {select} FROM src.articles WHERE true "
        f"ON CONFLICT(id) DO UPDATE SET {updates} WHERE {has_record.format(row='excluded')} AND "
        f"(NOT {has_record.format(row='articles')} OR excluded.updated_at > articles.updated_at)")

    error_cols = [c for c in _columns(db, "main", "errors") if c != "id" and c in _columns(db, "src", "errors")]
    select = ", ".join(mapped.format(col="run_id") if c == "run_id" else c for c in error_cols)
    errors = run(f"INSERT INTO main.errors ({', '.join(error_cols)}) SELECT {select} FROM src.errors "
                 f"WHERE {fresh.format(col='run_id')} ORDER BY id")

    call_cols = [c for c in _columns(db, "main", "calls") if c != "id" and c in _columns(db, "src", "calls")]
    select = ", ".join(mapped.format(col="run_id") if c == "run_id" else c for c in call_cols)
    calls = run(f"INSERT INTO main.calls ({', '.join(call_cols)}) SELECT {select} FROM src.calls "
                f"WHERE {fresh.format(col='run_id')} ORDER BY id")

    cached = run("INSERT OR IGNORE INTO main.call_cache (call_hash, response, created_at) "
                 "SELECT call_hash, response, created_at FROM src.call_cache")
    if {"batch_jobs", "batch_requests"} <= _tables(db, "src"):
        job_cols = [c for c in _columns(db, "main", "batch_jobs") if c in _columns(db, "src", "batch_jobs")]
        select = ", ".join(mapped.format(col="run_id") if c == "run_id" else c for c in job_cols)
        run(f"INSERT OR IGNORE INTO main.batch_jobs ({', '.join(job_cols)}) SELECT {select} FROM src.batch_jobs")
        run("INSERT OR IGNORE INTO main.batch_requests (call_hash, batch_id, error) "
            "SELECT call_hash, batch_id, error FROM src.batch_requests")
    run("DROP TABLE temp.run_map")
    return {"runs": runs, "records": records, "articles": articles, "errors": errors, "calls": calls,
            "cache_entries": cached}
