"""``summarize batch --workers N``: N processes do the articles' work, the batch's process writes the store.

One process runs the extraction rules under one GIL: against a fast server the rules' CPU (language
detection, date search, ~15-20 ms per request) caps what it can keep in flight. ``WorkerPool`` runs N
worker processes; each gets prepared articles (read, cleaned and hashed by the parent, which needs the
request hash to skip what the store holds) and runs them on its own threads: the rules, the model
requests (through its share of the concurrency cap) and the record's JSON. Everything a worker would
write goes back over its pipe, in the order it happened, and the parent writes it:

- ``call``: a row of the calls log (the parent also counts its tokens in the ledger);
- ``cache``: a complete answer for the call cache (workers read the cache themselves, read-only);
- ``done`` / ``failed``: an article's record JSON and usage, or its error and usage.

So the parent stays the store's only writer: a record is stored in one transaction by one process,
resume and exactly-once hold as with threads, and a kill -9 of the parent loses the articles in flight
(each worker sees its pipe close and leaves at once). A worker that dies (killed, out of memory, a crash
in native code) is noticed by its process sentinel: what it had sent is stored first, the articles it
held are stored as errors naming it, the other workers finish what they hold, and the run stops with
``WorkerCrashed`` (run again to resume: finished articles are not redone).

Workers start from a fork server that imported the pipeline once (``multiprocessing``'s "forkserver":
a clean single-threaded process, so forking never copies another thread's held lock), so starting N
of them costs one import, not N. The pool starts on the first article that needs extracting: a warm
re-run starts no process.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Callable

from .errors import SummarizeError

# imported here so the fork server imports them once, before it forks any worker
from .extract import Extractor, Settings  # noqa: E402
from .limits import AdaptiveLimiter
from .model import ModelCaller
from .records import record_usage
from .store import CacheReader, call_row, describe


class WorkerCrashed(SummarizeError):
    """A worker process died; what was finished is stored, the run can be resumed."""

    exit_code = 7


def usage_of(exc: BaseException) -> dict[str, Any] | None:
    """The usage an extraction failure carries (the extractor puts its call stats on the exception)."""
    stats = getattr(exc, "usage", None)
    if stats is None:
        return None
    if hasattr(stats, "__dataclass_fields__"):
        return asdict(stats)
    if hasattr(stats, "model_dump"):
        return stats.model_dump()
    return dict(stats) if isinstance(stats, dict) else None


def preload() -> None:
    """Load what the rules load lazily for an English article (the fork server calls this once, see
    _forkserver.py; a batch on threads, on a thread of its own at its first article). A failure here is
    left for the worker that needs the model to meet and report."""
    from .warm import single_flight, trim

    single_flight()
    try:
        from . import dates, meeting_fields
        from .language import detect_language

        detect_language("The two ministers discussed trade and energy cooperation in Astana.")
        dates._search()
        meeting_fields._cities()
        from lemminflect import getInflection, getLemma

        getLemma("discussed", upos="VERB")
        getInflection("discuss", tag="VBD")
    except Exception:  # noqa: BLE001 - the worker meets the same failure where it can report it
        pass
    trim()


def preload_french() -> None:
    """spaCy's French pipeline, for a fork server whose workers will meet French articles."""
    from .warm import trim

    try:
        from . import segments

        segments._nlp()("Les deux ministres ont convenu de renforcer la coopération.")
    except Exception:  # noqa: BLE001 - the worker meets the same failure where it can report it
        pass
    trim()


def shares(cap: int, workers: int) -> list[int]:
    """The concurrency cap split over the workers (every worker at least one request in flight)."""
    workers = max(1, min(workers, cap))
    return [cap // workers + (1 if i < cap % workers else 0) for i in range(workers)]


def threads_for(cap: int) -> int:
    """Article threads for a cap of ``cap`` requests in flight (the thread pool's own rule)."""
    return max(1, min(64, cap * 2))


@dataclass
class WorkerConfig:
    db: str
    backend: Any
    settings: Settings
    cap: int
    transport_attempts: int
    wait: Callable[[Any], float] | None
    identity: str = ""  # the parent's request hash of an empty text: the worker must run the same pipeline


def pipeline_identity(backend: Any, settings: Settings) -> str:
    """What a worker and its parent must agree on: the request identity (prompts, schema, pipeline
    version, backend, settings) of an empty text."""
    from .extract import request_hash

    return request_hash("", backend, settings)


# -- the worker process -----------------------------------------------------------------------------
def _worker_main(conn: Connection, config: WorkerConfig) -> None:
    send_lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with send_lock:
            conn.send(message)

    try:
        from .warm import single_flight

        single_flight()
        if config.identity and pipeline_identity(config.backend, config.settings) != config.identity:
            # the fork server imported the sources after the batch did, and they changed in between: records
            # made here would not be the extraction their request hash names
            send(("fatal", "it runs other extraction code than the batch (the prompts, schema or pipeline "
                           "version changed after the batch started): run the batch again"))
            os._exit(1)
        local = threading.local()

        def log(exchange: Any) -> None:
            send(("call", call_row(exchange, getattr(local, "article", None))))

        cache = CacheReader(config.db, lambda key, response: send(("cache", key, json.dumps(response,
                                                                                            ensure_ascii=False))))
        limiter = AdaptiveLimiter(config.cap)
        caller = ModelCaller(config.backend, max_reasks=config.settings.max_reasks,
                             transport_attempts=config.transport_attempts, loggers=[log],
                             cache=cache, limiter=limiter, **({"wait": config.wait} if config.wait else {}))

        def work(seq: int, article_id: str, raw: Any, cleaned: Any, date: str | None) -> None:
            local.article = article_id
            try:
                record = Extractor(caller, config.settings).run(raw, cleaned, given_date=date)
            except Exception as exc:  # every failure goes back with its cause; none is lost
                send(("failed", seq, describe(exc), usage_of(exc)))
            else:
                send(("done", seq, record.model_dump_json(), record_usage(record)))
            finally:
                local.article = None

        pool = ThreadPoolExecutor(max_workers=threads_for(config.cap), thread_name_prefix="article")
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                os._exit(0)  # the parent is gone: nobody would store what this process finishes
            if task is None:
                break
            pool.submit(work, *task)
        pool.shutdown(wait=True)
        import resource
        import time

        # the worker's own figures, for the run's summary (``limiter``): CPU seconds and peak RSS
        send(("bye", {**limiter.snapshot(), "worker_cpu_ms": int(time.process_time() * 1000),
                      "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
    except BaseException:
        try:
            send(("fatal", traceback.format_exc(limit=8)))
        finally:
            os._exit(1)


# -- the parent's side ------------------------------------------------------------------------------
@dataclass
class _Worker:
    index: int
    process: Any
    conn: Connection
    capacity: int
    held: dict[int, Any] = field(default_factory=dict)  # seq -> the task's handle, sent and not answered
    said_bye: bool = False
    gone: bool = False
    limiter: dict[str, int] = field(default_factory=dict)
    send_lock: threading.Lock = field(default_factory=threading.Lock)  # the batch's thread and the receiver both send

    def send(self, message: Any) -> None:
        with self.send_lock:
            self.conn.send(message)


class WorkerPool:
    """N worker processes; ``submit`` hands one a prepared article, the pool's receiver thread hands
    each message to the callbacks (which write the store) in the order its worker sent them.

    ``on_call(row)``, ``on_cache(key, json)``, ``on_done(handle, record_json, usage)``,
    ``on_failed(handle, message, usage)``; ``on_lost(handle, message)`` for each article a dead worker
    held. Callbacks run on the receiver thread."""

    def __init__(self, workers: int, config: WorkerConfig, *, on_call: Callable[[dict[str, Any]], None],
                 on_cache: Callable[[str, str], None], on_done: Callable[[Any, str, dict[str, Any]], None],
                 on_failed: Callable[[Any, str, dict[str, Any] | None], None],
                 on_lost: Callable[[Any, str], None]):
        self.config = config
        self.count = workers
        self.on_call, self.on_cache, self.on_done, self.on_failed, self.on_lost = (
            on_call, on_cache, on_done, on_failed, on_lost)
        self.workers: list[_Worker] = []
        self.cond = threading.Condition()
        self.crash: str | None = None
        self.error: BaseException | None = None  # a callback's own failure (e.g. the disk is full)
        self._seq = 0
        self._receiver: threading.Thread | None = None

    # -- life ---------------------------------------------------------------------------------
    def start(self, languages: set[str] | frozenset[str] = frozenset()) -> "WorkerPool":
        """``languages``: those of the first articles; a French one loads spaCy's French pipeline in
        the fork server (when this start is the one that starts it: it serves the process's later runs)."""
        context = multiprocessing.get_context("forkserver")
        preload = ["summarize._forkserver"] + (["summarize._forkserver_fr"] if "fr" in languages else [])
        context.set_forkserver_preload(preload)  # used when the fork server starts, not after
        for index, cap in enumerate(shares(self.config.cap, self.count)):
            parent_end, child_end = context.Pipe()
            config = WorkerConfig(**{**self.config.__dict__, "cap": cap})
            process = context.Process(target=_worker_main, args=(child_end, config), daemon=True,
                                      name=f"summarize-worker-{index}")
            process.start()
            child_end.close()
            self.workers.append(_Worker(index, process, parent_end, capacity=threads_for(cap) * 2))
        self._receiver = threading.Thread(target=self._receive, daemon=True, name="worker-results")
        self._receiver.start()
        return self

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers]

    def submit(self, handle: Any, article_id: str, raw: Any, cleaned: Any, date: str | None) -> None:
        """Hand one article to the worker with the most room; waits while every worker is full.
        Raises ``WorkerCrashed`` once a worker died (nothing more is handed out)."""
        with self.cond:
            while True:
                self._raise_if_broken()
                open_ = [w for w in self.workers if not w.gone and len(w.held) < w.capacity]
                if open_:
                    break
                self.cond.wait(1.0)
            worker = max(open_, key=lambda w: w.capacity - len(w.held))
            self._seq += 1
            seq = self._seq
            worker.held[seq] = handle
        try:
            worker.send((seq, article_id, raw, cleaned, date))
        except (OSError, ValueError):  # its pipe closed: the receiver reports the death
            with self.cond:
                while not worker.gone and self.error is None:
                    self.cond.wait(1.0)
                self._raise_if_broken()

    def finish(self) -> dict[str, int]:
        """Let every worker finish what it holds, then stop them; the limiters' figures, the workers' CPU
        milliseconds and peak RSS (MB), each summed over the workers.
        Raises ``WorkerCrashed`` when a worker died during the run."""
        for worker in self.workers:
            try:
                worker.send(None)
            except (OSError, ValueError):
                pass
        if self._receiver is not None:
            self._receiver.join()
        for worker in self.workers:
            worker.process.join(timeout=10)
        with self.cond:
            self._raise_if_broken()
        total: dict[str, int] = {"workers": len(self.workers)}
        for worker in self.workers:
            for key, value in worker.limiter.items():
                total[key] = total.get(key, 0) + value
        return total

    def abort(self) -> None:
        """Stop at once (the parent was interrupted): the workers are killed, what they hold is lost
        (the next run does it again)."""
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.kill()
        for worker in self.workers:
            worker.process.join(timeout=10)
            worker.conn.close()

    def _raise_if_broken(self) -> None:
        if self.error is not None:
            raise self.error
        if self.crash is not None:
            raise WorkerCrashed(self.crash)

    # -- the receiver thread ------------------------------------------------------------------
    def _receive(self) -> None:
        live = {w.conn: w for w in self.workers}
        sentinels = {w.process.sentinel: w for w in self.workers}
        while live:
            ready = wait(list(live) + [s for s, w in sentinels.items() if w.conn in live])
            for item in ready:
                worker = live.get(item) if isinstance(item, Connection) else sentinels.get(item)
                if worker is None or worker.conn not in live:
                    continue
                closed = self._drain(worker)
                # a process that ended has nothing more to send: what it sent before is drained above
                if closed or item is not worker.conn:
                    del live[worker.conn]
                    self._ended(worker)

    def _drain(self, worker: _Worker) -> bool:
        """Handle every message waiting on a worker's pipe, in order; True once the pipe is closed
        (or torn: a worker killed in the middle of a message)."""
        conn = worker.conn
        while True:
            try:
                if not conn.poll(0):
                    return False
                message = conn.recv()
            except Exception:  # EOF, a closed handle, a message cut short by the worker's death
                return True
            try:
                self._handle(worker, message)
            except Exception as exc:  # the store could not be written (disk full...): the run stops
                with self.cond:
                    self.error = self.error or exc
                    self.cond.notify_all()

    def _handle(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "call":
            self.on_call(message[1])
        elif kind == "cache":
            self.on_cache(message[1], message[2])
        elif kind in ("done", "failed"):
            with self.cond:
                handle = worker.held.pop(message[1])
            try:
                if kind == "done":
                    self.on_done(handle, message[2], message[3])
                else:
                    self.on_failed(handle, message[2], message[3])
            finally:
                with self.cond:
                    self.cond.notify_all()
        elif kind == "bye":
            worker.said_bye = True
            worker.limiter = message[1]
        elif kind == "fatal":
            with self.cond:
                self.crash = self.crash or (f"batch worker {worker.index + 1} of {len(self.workers)} "
                                            f"(pid {worker.process.pid}) stopped: {message[1].strip()}")

    def _ended(self, worker: _Worker) -> None:
        worker.process.join(timeout=10)
        code = worker.process.exitcode
        with self.cond:
            worker.gone = True
            lost = list(worker.held.values())
            worker.held.clear()
            if not worker.said_bye or lost:
                how = ("killed by signal %d" % -code) if code is not None and code < 0 else f"exit code {code}"
                message = (f"batch worker {worker.index + 1} of {len(self.workers)} (pid {worker.process.pid}) "
                           f"died ({how}) holding {len(lost)} article(s); every article finished before "
                           f"is stored, the ones it held are stored as errors: run the batch again to resume")
                self.crash = self.crash or message
            else:
                message = ""
            self.cond.notify_all()
        for handle in lost:
            try:
                self.on_lost(handle, f"WorkerCrashed: {message}")
            except Exception as exc:  # noqa: BLE001 - keep the first failure, store the rest
                with self.cond:
                    self.error = self.error or exc
        with worker.send_lock:
            worker.conn.close()
        if self.crash is not None:  # stop handing out: the others finish what they hold
            for other in self.workers:
                if not other.gone:
                    try:
                        other.send(None)
                    except (OSError, ValueError):
                        pass
