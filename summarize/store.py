"""The batch store: one SQLite file (WAL) with articles, records, errors, runs, calls and a call cache.

Schema changes are an ordered list of small numbered migrations, each applied
once and recorded in ``_migrations`` (the simonw/llm pattern): add a function
at the end of ``MIGRATIONS``, never edit an applied one.

One connection is shared by all threads behind a lock; every finished article
is one transaction (article status + record or error), so a kill -9 leaves
either the whole result or nothing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import SummarizeError
from .model import Exchange, call_hash


class StoreError(SummarizeError):
    """The store cannot be opened or is not a summarize database."""

    exit_code = 6


# -- migrations ---------------------------------------------------------------------------------
def m001_initial(db: sqlite3.Connection) -> None:
    db.executescript("""
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at REAL NOT NULL,
            finished_at REAL,
            options TEXT NOT NULL DEFAULT '{}',
            summary TEXT
        );
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,              -- the input's id: JSONL id or file path
            request_hash TEXT,                -- current identity of its extraction (NULL: unreadable)
            source TEXT,
            url TEXT,
            date TEXT,
            sha256 TEXT,
            chars INTEGER,
            first_run INTEGER REFERENCES runs(id),
            updated_at REAL NOT NULL
        );
        CREATE INDEX articles_request_hash ON articles(request_hash);
        CREATE TABLE records (
            request_hash TEXT PRIMARY KEY,    -- unique: one record per extraction identity
            article_id TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id),
            record TEXT NOT NULL,             -- Record JSON
            calls INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            transport_retries INTEGER NOT NULL DEFAULT 0,
            reasks INTEGER NOT NULL DEFAULT 0,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cached_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            seconds REAL NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE TABLE errors (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL,
            request_hash TEXT,
            run_id INTEGER REFERENCES runs(id),
            kind TEXT NOT NULL,               -- exception class
            message TEXT NOT NULL,            -- "Kind: cause"
            attempts INTEGER NOT NULL DEFAULT 0,
            transport_retries INTEGER NOT NULL DEFAULT 0,
            reasks INTEGER NOT NULL DEFAULT 0,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE INDEX errors_article ON errors(article_id);
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER REFERENCES runs(id),
            article_id TEXT,                  -- NULL when the call ran on a thread not tied to an article
            call_hash TEXT NOT NULL,
            request TEXT NOT NULL,
            response TEXT,
            error TEXT,
            seconds REAL NOT NULL,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cached_tokens INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE INDEX calls_run ON calls(run_id);
        CREATE TABLE call_cache (
            call_hash TEXT PRIMARY KEY,
            response TEXT NOT NULL,
            created_at REAL NOT NULL
        );
    """)


def m002_batch_jobs(db: sqlite3.Connection) -> None:
    db.executescript("""
        CREATE TABLE batch_jobs (
            id TEXT PRIMARY KEY,              -- the provider's batch id
            run_id INTEGER REFERENCES runs(id),
            input_file_id TEXT,
            output_file_id TEXT,
            status TEXT NOT NULL,
            requests INTEGER NOT NULL DEFAULT 0,
            collected INTEGER NOT NULL DEFAULT 0,  -- 1 once its output is in call_cache
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE batch_requests (
            call_hash TEXT PRIMARY KEY,       -- the custom_id
            batch_id TEXT NOT NULL REFERENCES batch_jobs(id),
            error TEXT
        );
    """)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [m001_initial, m002_batch_jobs]


def migrate(db: sqlite3.Connection) -> list[str]:
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (fn.__name__,)).fetchone():
            db.execute("ROLLBACK")  # another process applied it meanwhile
            continue
        try:
            _script(db, fn)
            db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (fn.__name__, time.time()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        applied.append(fn.__name__)
    return applied


def _script(db: sqlite3.Connection, fn: Callable[[sqlite3.Connection], None]) -> None:
    """Run a migration inside the open transaction (executescript would COMMIT first)."""

    class _Inline:
        def executescript(self, sql: str) -> None:
            for statement in _statements(sql):
                db.execute(statement)

        def execute(self, *args: Any) -> Any:
            return db.execute(*args)

    fn(_Inline())  # type: ignore[arg-type]


def _statements(sql: str) -> Iterator[str]:
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line.split("--", 1)[0] + ("\n" if "--" in line else "")
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


# -- the store ----------------------------------------------------------------------------------
@dataclass
class ArticleRow:
    id: str
    request_hash: str | None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    sha256: str | None = None
    chars: int | None = None


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None,
                                      timeout=30.0)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=OFF")
            migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} cannot be used as a summarize store: {exc}") from exc
        self.lock = threading.RLock()
        self._local = threading.local()
        self._readers = ReadPool(self.path)  # its own lock: taking a connection never waits behind a write
        self.cache = CallCacheTable(self)
        self._checkpointer: tuple[threading.Event, threading.Thread] | None = None  # checkpoint_in_background

    def reader(self) -> Any:
        """A read-only connection from a pool: a cache lookup never waits for another thread's write
        (WAL lets readers and the one writer work at once; the shared connection serialises both).
        Pooled, not per thread: the extractor's sentence threads live for one article each."""
        return self._readers.connection()

    def checkpoint_in_background(self, every_s: float = 2.0) -> None:
        """Copy the write-ahead log into the database from a thread of its own, not inside a commit.

        By default SQLite checkpoints in the commit that fills 1,000 pages, under this store's write lock;
        as the file grows each checkpoint writes across more of it, and a batch's article threads queue
        behind it: against a 16 / 200 ms mock the request rate fell from 75-77 to 62-68 requests/s after
        ~1,500 articles (measured; with the checkpoints off it held 72-77). Here the writer does not
        checkpoint; every ``every_s`` seconds this thread copies the log outside the lock, then, holding
        it, copies the few pages written meanwhile, so that the next write finds the log fully copied and
        starts it over (a log only ever copied while writes go on is never restarted and grows without
        end: measured, 322 MB over 6,000 articles). Stops with ``stop_checkpointing`` or ``close``."""
        if self._checkpointer is not None:
            return
        with self.lock:
            self.db.execute("PRAGMA wal_autocheckpoint=0")
        stop = threading.Event()

        def run() -> None:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=30.0)
            try:
                while not stop.wait(every_s):
                    try:
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()  # the bulk, unlocked
                        with self.lock:
                            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    except sqlite3.Error:
                        pass  # busy: the next round tries again
            finally:
                conn.close()

        thread = threading.Thread(target=run, name="checkpoint", daemon=True)
        self._checkpointer = (stop, thread)
        thread.start()

    def stop_checkpointing(self) -> None:
        """Back to SQLite's own checkpoints (after ``checkpoint_in_background``; nothing otherwise)."""
        if self._checkpointer is None:
            return
        stop, thread = self._checkpointer
        stop.set()
        thread.join(timeout=60)
        self._checkpointer = None
        with self.lock:
            self.db.execute("PRAGMA wal_autocheckpoint=1000")

    def close(self) -> None:
        self.stop_checkpointing()
        with self.lock:
            self._readers.close()
            self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self.lock:
            cursor = self.db.execute(sql, args)
            cols = [d[0] for d in cursor.description or []]
            return [dict(zip(cols, row)) for row in cursor.fetchall()]  # type: ignore[misc]

    def scalar(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        with self.lock:
            row = self.db.execute(sql, args).fetchone()
        return row[0] if row else None

    # -- runs -------------------------------------------------------------------------------
    def start_run(self, options: dict[str, Any]) -> int:
        with self.transaction() as db:
            cursor = db.execute("INSERT INTO runs (started_at, options) VALUES (?, ?)",
                                (time.time(), json.dumps(options, default=str)))
            return int(cursor.lastrowid)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
                       (time.time(), json.dumps(summary, default=str), run_id))

    # -- articles ---------------------------------------------------------------------------
    def upsert_articles(self, rows: list[ArticleRow], run_id: int | None) -> None:
        now = time.time()
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO articles (id, request_hash, source, url, date, sha256, chars, first_run, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "request_hash = excluded.request_hash, source = excluded.source, url = excluded.url, "
                "date = excluded.date, sha256 = excluded.sha256, chars = excluded.chars, "
                "updated_at = excluded.updated_at",
                [(r.id, r.request_hash, r.source, r.url, r.date, r.sha256, r.chars, run_id, now) for r in rows])

    def done_hashes(self, hashes: list[str]) -> set[str]:
        """Which of these request hashes already have a record."""
        found: set[str] = set()
        with self.lock:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i:i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(r[0] for r in self.db.execute(
                    f"SELECT request_hash FROM records WHERE request_hash IN ({marks})", chunk))
        return found

    def save_record(self, article_id: str, request_hash: str, record_json: str, run_id: int | None,
                    usage: dict[str, Any], cost_usd: float) -> bool:
        """Store one finished article atomically. False when a record with this hash already exists."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO records (request_hash, article_id, run_id, record, calls, attempts, "
                "transport_retries, reasks, prompt_tokens, completion_tokens, cached_tokens, cost_usd, seconds, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (request_hash, article_id, run_id, record_json, usage.get("calls", 0), usage.get("attempts", 0),
                 usage.get("transport_retries", 0), usage.get("reasks", 0), usage.get("prompt_tokens", 0),
                 usage.get("completion_tokens", 0), usage.get("cached_tokens", 0), cost_usd,
                 usage.get("seconds", 0.0), time.time()))
            return cursor.rowcount == 1

    def save_error(self, article_id: str, request_hash: str | None, run_id: int | None, exc: BaseException | str,
                   usage: dict[str, Any] | None = None, cost_usd: float = 0.0) -> str:
        message = describe(exc)
        kind = message.split(":", 1)[0]
        usage = usage or {}
        with self.transaction() as db:
            db.execute(
                "INSERT INTO errors (article_id, request_hash, run_id, kind, message, attempts, transport_retries, "
                "reasks, prompt_tokens, completion_tokens, cost_usd, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, request_hash, run_id, kind, message, usage.get("attempts", 0),
                 usage.get("transport_retries", 0), usage.get("reasks", 0), usage.get("prompt_tokens", 0),
                 usage.get("completion_tokens", 0), cost_usd, time.time()))
        return message

    def records(self, current_only: bool = True) -> Iterator[tuple[str, dict[str, Any]]]:
        """(article id, Record JSON as dict) for each article's current record, in article order."""
        if current_only:
            sql = ("SELECT a.id, r.record FROM articles a JOIN records r ON r.request_hash = a.request_hash "
                   "ORDER BY a.id")
        else:
            sql = "SELECT article_id, record FROM records ORDER BY article_id, created_at"
        for row in self.query(sql):
            values = list(row.values())
            yield values[0], json.loads(values[1])

    def failures(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Articles whose current extraction has no record, with their latest error."""
        sql = ("SELECT a.id AS article_id, a.request_hash, e.message, e.run_id FROM articles a "
               "JOIN errors e ON e.id = (SELECT max(id) FROM errors WHERE article_id = a.id) "
               "WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.request_hash = a.request_hash)")
        rows = self.query(sql)
        return [r for r in rows if run_id is None or r["run_id"] == run_id]

    def counts(self) -> dict[str, int]:
        return {table: int(self.scalar(f"SELECT count(*) FROM {table}"))
                for table in ("articles", "records", "errors", "runs", "calls", "call_cache")}

    # -- calls log --------------------------------------------------------------------------
    def set_article(self, article_id: str | None) -> None:
        """Tie the calls made on this thread to an article (for the calls log)."""
        self._local.article = article_id

    def calls_logger(self, run_id: int | None, on_call: Callable[[dict[str, Any]], None] | None = None
                     ) -> Callable[[Exchange], None]:
        """A ``ModelCaller`` logger writing every HTTP exchange (failed ones included) to ``calls``."""

        def log(exchange: Exchange) -> None:
            row = call_row(exchange, getattr(self._local, "article", None))
            self.insert_call(run_id, row)
            if on_call is not None:
                on_call(row)

        return log

    def insert_call(self, run_id: int | None, row: dict[str, Any]) -> None:
        """One row of the calls log (``call_row``'s dict), written at once (its own transaction)."""
        with self.lock:
            self.db.execute(
                "INSERT INTO calls (run_id, article_id, call_hash, request, response, error, seconds, "
                "prompt_tokens, completion_tokens, cached_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, row["article_id"], row["call_hash"], row["request"], row["response"], row["error"],
                 row["seconds"], row["prompt_tokens"], row["completion_tokens"], row["cached_tokens"],
                 row["created_at"]))

    def run_totals(self, run_id: int) -> dict[str, Any]:
        row = self.query("SELECT count(*) AS requests, coalesce(sum(error IS NOT NULL), 0) AS failed_requests, "
                         "coalesce(sum(prompt_tokens), 0) AS prompt_tokens, "
                         "coalesce(sum(completion_tokens), 0) AS completion_tokens, "
                         "coalesce(sum(cached_tokens), 0) AS cached_tokens FROM calls WHERE run_id = ?", (run_id,))
        return row[0]

    # -- batch jobs -------------------------------------------------------------------------
    def add_batch_job(self, batch_id: str, run_id: int | None, input_file_id: str, status: str,
                      custom_ids: list[str]) -> None:
        now = time.time()
        with self.transaction() as db:
            db.execute("INSERT INTO batch_jobs (id, run_id, input_file_id, status, requests, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (batch_id, run_id, input_file_id, status, len(custom_ids), now, now))
            db.executemany("INSERT OR REPLACE INTO batch_requests (call_hash, batch_id) VALUES (?, ?)",
                           [(c, batch_id) for c in custom_ids])

    def open_batch_jobs(self) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM batch_jobs WHERE collected = 0 ORDER BY created_at")

    def update_batch_job(self, batch_id: str, status: str, output_file_id: str | None = None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE batch_jobs SET status = ?, output_file_id = coalesce(?, output_file_id), "
                       "updated_at = ? WHERE id = ?", (status, output_file_id, time.time(), batch_id))

    def pending_custom_ids(self) -> set[str]:
        """Requests submitted in a batch that is not collected yet."""
        return {r["call_hash"] for r in self.query(
            "SELECT q.call_hash FROM batch_requests q JOIN batch_jobs j ON j.id = q.batch_id "
            "WHERE j.collected = 0")}

    def batch_request_error(self, call_hash_: str) -> str | None:
        return self.scalar("SELECT error FROM batch_requests WHERE call_hash = ?", (call_hash_,))

    def collect_batch(self, batch_id: str, responses: dict[str, dict[str, Any]], errors: dict[str, str]) -> None:
        """Put a finished batch's answers into the call cache and mark it collected, atomically."""
        now = time.time()
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO call_cache (call_hash, response, created_at) VALUES (?, ?, ?)",
                           [(k, json.dumps(v, ensure_ascii=False), now) for k, v in responses.items()])
            db.executemany("UPDATE batch_requests SET error = ? WHERE call_hash = ?",
                           [(v, k) for k, v in errors.items()])
            db.execute("UPDATE batch_jobs SET collected = 1, updated_at = ? WHERE id = ?", (now, batch_id))


class ReadPool:
    """Idle read-only connections to one store file, handed out one per lookup."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
        try:
            yield conn
        finally:
            with self._lock:
                self._idle.append(conn)

    def close(self) -> None:
        with self._lock:
            for conn in self._idle:
                conn.close()
            self._idle.clear()


def call_row(exchange: Exchange, article_id: str | None) -> dict[str, Any]:
    """The calls log's row for one HTTP exchange (failed ones included), ready for ``Store.insert_call``."""
    usage = (exchange.response or {}).get("usage") or {}
    details = usage.get("prompt_tokens_details") or {}
    return {"article_id": article_id, "call_hash": exchange.key or call_hash(exchange.request),
            "request": exchange.canonical or json.dumps(exchange.request, default=str, ensure_ascii=False),
            "response": json.dumps(exchange.response, ensure_ascii=False) if exchange.response is not None else None,
            "error": exchange.error, "seconds": exchange.seconds,
            "prompt_tokens": usage.get("prompt_tokens") or 0, "completion_tokens": usage.get("completion_tokens") or 0,
            "cached_tokens": details.get("cached_tokens") or 0, "created_at": time.time()}


class CacheReader:
    """``model.CallCache`` for a process that does not write the store (a batch worker, workers.py):
    lookups through read-only connections, each new answer handed to ``put`` (which sends it to the
    process that writes the store)."""

    def __init__(self, path: str | Path, put: Callable[[str, dict[str, Any]], None]):
        self._readers = ReadPool(path)
        self._put = put

    def get(self, key: str) -> dict[str, Any] | None:
        with self._readers.connection() as conn:
            row = conn.execute("SELECT response FROM call_cache WHERE call_hash = ?", (key,)).fetchone()
        return json.loads(row[0]) if row is not None else None

    def put(self, key: str, response: dict[str, Any]) -> None:
        self._put(key, response)

    def close(self) -> None:
        self._readers.close()


class CallCacheTable:
    """``model.CallCache`` over the ``call_cache`` table."""

    def __init__(self, store: Store):
        self.store = store

    def get(self, key: str) -> dict[str, Any] | None:
        with self.store.reader() as conn:
            row = conn.execute("SELECT response FROM call_cache WHERE call_hash = ?", (key,)).fetchone()
        return json.loads(row[0]) if row is not None else None

    def put(self, key: str, response: dict[str, Any]) -> None:
        self.put_json(key, json.dumps(response, ensure_ascii=False))

    def put_json(self, key: str, response: str) -> None:
        """An answer already serialised (a worker's, sent over its pipe as JSON)."""
        with self.store.lock:
            self.store.db.execute(
                "INSERT OR REPLACE INTO call_cache (call_hash, response, created_at) VALUES (?, ?, ?)",
                (key, response, time.time()))


def describe(exc: BaseException | str) -> str:
    """'Kind: cause' for an exception, following the chain to the root cause when it adds something."""
    if isinstance(exc, str):
        return exc
    message = f"{type(exc).__name__}: {exc}"
    cause = exc.__cause__
    if cause is not None and str(cause) and str(cause) not in message:
        message += f" (cause: {type(cause).__name__}: {str(cause)[:200]})"
    return message
