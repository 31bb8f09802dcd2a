"""OpenAI Batch API mode against the mock: rounds, custom_ids, restart resume, failed lines."""

from __future__ import annotations

import json
import shutil

import pytest

from summarize import batchapi
from summarize.batch import run_batch
from summarize.ledger import BATCH_API_DISCOUNT
from summarize.model import call_hash
from summarize.store import Store
from tests.mock_server import SEEDS_DIR, MockServer, backend_for, make_articles

# run_batch rounds BatchSummary.cost_usd to 8 decimals: pytest.approx's default (1e-6 relative)
# is tighter than that for a run costing under half a cent, so compare to the rounding instead.
COST_ROUNDING = 1e-8


@pytest.fixture()
def mock():
    with MockServer() as server:
        yield server


def seeds(folder, count=3):
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(SEEDS_DIR.glob("0*.txt"))[:count]:
        shutil.copy(path, folder / path.name)
    return folder


def batch_api(inputs, db, url, **kwargs):
    return run_batch(inputs, db, backend=backend_for(url), batch_api=True, poll_interval=0, **kwargs)


def submitted_lines(mock, batch_ids=None):
    """Every JSONL line the mock received, per batch id."""
    return {bid: mock.batch_lines(b.input_file_id) for bid, b in mock.batches.items()
            if batch_ids is None or bid in batch_ids}


def test_three_seeds_complete_then_a_rerun_makes_no_request(tmp_path, mock):
    folder, db = seeds(tmp_path / "in"), tmp_path / "out.db"
    first = batch_api([str(folder)], db, mock.url)
    assert (first.done, first.failed, first.cached, first.pending) == (3, 0, 0, 0) and first.ok
    # The sentence calls need the meeting call's participants: round 1 holds every article's meeting
    # call, round 2 all their sentence calls (every miss of every article is collected in one pass); calls
    # the rules make only after a sentence answer (a stance asked for a part left without an item) follow.
    assert first.batches == mock.batch_creates >= 2
    assert mock.requests == 0  # nothing went through /chat/completions
    assert first.prompt_tokens == mock.prompt_tokens > 0 and first.completion_tokens == mock.completion_tokens
    full = (mock.prompt_tokens * 0.15 + mock.completion_tokens * 0.6) / 1e6
    assert first.cost_usd == pytest.approx(full * BATCH_API_DISCOUNT, abs=COST_ROUNDING)
    with Store(db) as store:
        assert store.counts()["records"] == 3 and store.counts()["errors"] == 0
        jobs = store.query("SELECT status, collected, requests FROM batch_jobs ORDER BY created_at")
        assert [(j["status"], j["collected"]) for j in jobs] == [("completed", 1)] * first.batches
        meetings = [line for line in submitted_lines(mock)[first_batch(store)]
                    if line["body"]["messages"][-1]["content"].startswith("TASK meeting")]
        assert len(meetings) == 3 == jobs[0]["requests"]  # one meeting call per article, first
        assert jobs[1]["requests"] > 3  # then the candidate sentences
        assert first.requests == sum(j["requests"] for j in jobs) == store.counts()["calls"]
        rows = store.query("SELECT prompt_tokens, completion_tokens, cost_usd, attempts FROM records")
        assert all(r["prompt_tokens"] > 0 and r["cost_usd"] > 0 and r["attempts"] > 0 for r in rows)
        assert sum(r["prompt_tokens"] for r in rows) == mock.prompt_tokens
        assert sum(r["cost_usd"] for r in rows) == pytest.approx(first.cost_usd, abs=COST_ROUNDING)
    files = len(mock.files)
    second = batch_api([str(folder)], db, mock.url)
    assert (second.done, second.cached, second.requests, second.batches) == (0, 3, 0, 0)
    assert mock.batch_creates == first.batches and len(mock.files) == files and mock.requests == 0


def first_batch(store):
    return store.scalar("SELECT id FROM batch_jobs ORDER BY created_at LIMIT 1")


def test_every_parallel_miss_is_collected_and_a_reask_goes_into_the_next_round(tmp_path, mock):
    """The collecting caller records the misses of all sibling threads, not only the first one; a
    reply that does not validate is re-asked in the next batch."""
    from concurrent.futures import ThreadPoolExecutor

    from summarize.model import Deferred

    store = Store(tmp_path / "unit.db")
    caller = batchapi.CollectingCaller(backend_for(mock.url), store.cache)
    caller.begin()

    def ask(i):
        try:
            caller.ask(type("Answer", (__import__("pydantic").BaseModel,), {"__annotations__": {"n": int}}),
                       [{"role": "user", "content": f"question {i}"}], max_tokens=10)
        except batchapi.ParkedCall:  # a ModelOutputError too: the worker keeps going
            return "parked"

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(ask, range(6))) == ["parked"] * 6
    assert len(caller.deferred) == 6
    with pytest.raises(Deferred) as raised:  # on the article's own thread a miss stops the article
        ask(99)
    assert not isinstance(raised.value, batchapi.ParkedCall) and len(caller.deferred) == 7
    store.close()

    with MockServer() as clean:
        rounds = batch_api([str(seeds(tmp_path / "clean"))], tmp_path / "clean.db", clean.url).batches
    mock.fault("malformed", match="Report opening", times=1)  # one meeting reply is not JSON
    summary = batch_api([str(seeds(tmp_path / "in"))], tmp_path / "out.db", mock.url)
    assert (summary.done, summary.failed) == (3, 0)
    # the malformed reply did not fail its article: it was re-asked in a later round, which may be a round
    # the other articles' follow-up calls (a stance, a translation) need anyway, so there is no fixed count
    assert summary.batches == mock.batch_creates >= max(rounds, 2)


def test_records_match_the_direct_path_and_share_its_cache(tmp_path, mock):
    folder = seeds(tmp_path / "in", 2)
    batch_api([str(folder)], tmp_path / "batch.db", mock.url)
    run_batch([str(folder)], tmp_path / "direct.db", backend=backend_for(mock.url))

    def records(db):
        with Store(db) as store:
            out = {}
            for article, record in store.records():
                record["provenance"].pop("usage")
                out[article] = record
            return out

    assert records(tmp_path / "batch.db") == records(tmp_path / "direct.db")
    # a direct run over the Batch API store answers every call from the cache the batches filled
    with Store(tmp_path / "batch.db") as store:
        store.query("DELETE FROM records")
    again = run_batch([str(folder)], tmp_path / "batch.db", backend=backend_for(mock.url))
    assert again.done == 2 and again.requests == 0


def test_custom_id_is_the_call_hash_of_the_body(tmp_path, mock):
    batch_api([str(seeds(tmp_path / "in"))], tmp_path / "out.db", mock.url)
    lines = [line for per_batch in submitted_lines(mock).values() for line in per_batch]
    assert lines
    for line in lines:
        assert line["custom_id"] == call_hash(line["body"])
        assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
        assert line["body"]["model"] == "gpt-4o-mini" and line["body"]["messages"]
    ids = [line["custom_id"] for line in lines]
    assert len(ids) == len(set(ids))  # deduplicated, and never submitted twice
    with Store(tmp_path / "out.db") as store:
        cached = {r["call_hash"] for r in store.query("SELECT call_hash FROM call_cache")}
        requested = {r["call_hash"] for r in store.query("SELECT call_hash FROM batch_requests")}
    assert set(ids) == cached == requested


class Stop(Exception):
    """Stands for the process dying."""


def test_restart_resumes_the_stored_batch_instead_of_submitting_again(tmp_path, monkeypatch):
    def mock_with_a_reask(**kwargs):
        server = MockServer(**kwargs)
        server.fault("malformed", match="Report opening", times=1)  # forces a second round
        return server

    with mock_with_a_reask() as reference:
        rounds = batch_api([str(seeds(tmp_path / "in"))], tmp_path / "ref.db", reference.url).batches
    assert rounds >= 3  # meeting calls, their re-ask, sentence calls (and what the rules ask after those)

    def die(self, batch_id):
        raise Stop(batch_id)

    db = tmp_path / "out.db"
    with mock_with_a_reask(batch_polls=3) as mock:  # the batch stays in progress over several polls
        monkeypatch.setattr(batchapi.Phases, "poll", die)
        with pytest.raises(Stop) as stopped:
            batch_api([str(tmp_path / "in")], db, mock.url)
        first_id = stopped.value.args[0]
        assert mock.batch_creates == 1
        with Store(db) as store:
            assert store.counts()["records"] == 0
            jobs = store.open_batch_jobs()
            assert [j["id"] for j in jobs] == [first_id] and jobs[0]["status"] == "validating"
        monkeypatch.undo()

        resumed = batch_api([str(tmp_path / "in")], db, mock.url)
        assert (resumed.done, resumed.failed) == (3, 0)
        assert mock.batch_creates == rounds  # exactly one batches.create per round, the first one reused
        assert resumed.batches == rounds - 1
        assert mock.batches[first_id].polls >= 3
        with Store(db) as store:
            jobs = store.query("SELECT id, collected FROM batch_jobs ORDER BY created_at")
            assert [j["id"] for j in jobs][0] == first_id and all(j["collected"] for j in jobs)
        ids = [line["custom_id"] for lines in submitted_lines(mock).values() for line in lines]
        assert len(ids) == len(set(ids))  # no request went out twice


def test_failed_lines_become_stored_errors_with_their_cause_and_a_later_run_retries(tmp_path, mock):
    make_articles(tmp_path / "in", 3)
    db = tmp_path / "out.db"
    mock.fault("500", match="ref001qz")  # the marker is in each article's meeting call
    mock.fault("truncated", match="ref002qz")
    summary = batch_api([str(tmp_path / "in")], db, mock.url)
    assert (summary.done, summary.failed) == (1, 2) and not summary.ok
    assert summary.failed_requests >= 2
    with Store(db) as store:
        errors = {row["article_id"].rsplit("/", 1)[-1]: row["message"] for row in store.failures()}
        assert set(errors) == {"a001.txt", "a002.txt"}
        assert errors["a001.txt"].startswith("BatchRequestError: batch request ")
        assert "status 500" in errors["a001.txt"] and "injected server error" in errors["a001.txt"]
        assert "finish_reason=length" in errors["a002.txt"]
        failed_lines = store.query("SELECT error FROM batch_requests WHERE error IS NOT NULL")
        assert len(failed_lines) >= 2  # the marked opening sentence may be a candidate sentence too
        # a cut-off reply is never cached; the failing lines never went out again in that run
        assert store.scalar("SELECT count(*) FROM call_cache") == store.scalar(
            "SELECT count(*) FROM batch_requests WHERE error IS NULL")
    creates = mock.batch_creates
    mock.clear()
    retry = batch_api([str(tmp_path / "in")], db, mock.url)
    assert (retry.done, retry.cached, retry.failed) == (2, 1, 0)
    assert mock.batch_creates > creates


def test_a_failed_batch_fails_its_articles_with_the_batch_error(tmp_path, mock):
    folder, db = seeds(tmp_path / "in", 2), tmp_path / "out.db"
    mock.batch_outcome = "failed"
    summary = batch_api([str(folder)], db, mock.url)
    assert (summary.done, summary.failed, summary.batches) == (0, 2, 1)
    assert all("injected batch failure" in e["error"] and "status failed" in e["error"] for e in summary.errors)
    mock.batch_outcome = "completed"
    again = batch_api([str(folder)], db, mock.url)
    assert (again.done, again.failed) == (2, 0)


def test_a_batch_the_endpoint_does_not_know_is_submitted_again(tmp_path, mock):
    folder, db = seeds(tmp_path / "in", 1), tmp_path / "out.db"
    with Store(db) as store:
        store.add_batch_job("batch_gone", None, "file-gone", "in_progress", ["0" * 64])
    summary = batch_api([str(folder)], db, mock.url)
    assert (summary.done, summary.failed) == (1, 0)
    with Store(db) as store:
        assert store.query("SELECT status, collected FROM batch_jobs WHERE id = 'batch_gone'") == [
            {"status": "lost", "collected": 1}]


def test_jsonl_is_split_at_the_request_limit(tmp_path, mock, monkeypatch):
    monkeypatch.setattr(batchapi, "MAX_REQUESTS_PER_BATCH", 4)
    summary = batch_api([str(seeds(tmp_path / "in", 1))], tmp_path / "out.db", mock.url)
    assert summary.done == 1
    sizes = [len(lines) for lines in submitted_lines(mock).values()]
    assert max(sizes) <= 4 and summary.batches == mock.batch_creates == len(sizes) > 1


def test_cli_batch_api(tmp_path, mock):
    from typer.testing import CliRunner

    from summarize.cli import app

    folder = seeds(tmp_path / "in", 1)
    result = CliRunner().invoke(app, ["batch", str(folder), "--db", str(tmp_path / "o.db"), "--backend", "openai",
                                      "--base-url", mock.url, "--batch-api", "--poll-interval", "0", "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["done"] == 1 and summary["batches"] >= 2 and summary["ok"]
