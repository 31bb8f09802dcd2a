"""batch: store, article cache, re-extraction on identity change, ledger, limiter, inputs."""

from __future__ import annotations

import json
import threading
import time

import pytest

from tests.mock_server import MockServer, backend_for, fast_wait, make_articles
from summarize.batch import read_inputs, run_batch
from summarize.errors import InputError
from summarize.extract import Settings
from summarize.ledger import Ledger, Price, load_prices
from summarize.limits import AdaptiveLimiter
from summarize.store import Store

# run_batch rounds BatchSummary.cost_usd to 8 decimals: pytest.approx's default (1e-6 relative)
# is tighter than that for a run costing under half a cent, so compare to the rounding instead.
COST_ROUNDING = 1e-8


@pytest.fixture()
def mock():
    with MockServer() as server:
        yield server


def test_seed_folder_then_warm_rerun_makes_no_call(tmp_path, mock):
    db = tmp_path / "out.db"
    # a timeout long enough for a busy machine: a request timed out and retried is billed by the mock twice
    first = run_batch([str(make_articles(tmp_path / "in", 5)[0].parent)], db,
                      backend=backend_for(mock.url, timeout_s=120), wait=fast_wait)
    assert (first.done, first.failed, first.cached) == (5, 0, 0)
    assert first.requests == mock.requests > 0
    assert first.prompt_tokens == mock.prompt_tokens and first.completion_tokens == mock.completion_tokens
    full = (mock.prompt_tokens * 0.15 + mock.completion_tokens * 0.6) / 1e6
    assert first.cost_usd == pytest.approx(full, abs=COST_ROUNDING)
    with Store(db) as store:
        assert store.counts()["records"] == 5
        rows = store.query("SELECT cost_usd, prompt_tokens FROM records")
        assert all(r["prompt_tokens"] > 0 and r["cost_usd"] > 0 for r in rows)
    before = mock.requests
    second = run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url))
    assert (second.done, second.cached, second.requests) == (0, 5, 0)
    assert mock.requests == before


def test_identity_change_reextracts_only_what_it_affects(tmp_path, mock):
    db = tmp_path / "out.db"
    paths = make_articles(tmp_path / "in", 3)
    run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url))
    paths[1].write_text(paths[1].read_text(encoding="utf-8") + "\n\nUne phrase de plus sur la cooperation.",
                        encoding="utf-8")
    again = run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url))
    assert (again.done, again.cached) == (1, 2)
    changed = run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url),
                        settings=Settings(max_reasks=2))  # part of the request identity
    assert (changed.done, changed.cached) == (3, 0)


def test_jsonl_glob_and_bad_lines(tmp_path, mock):
    seeds = make_articles(tmp_path / "src", 2)
    jsonl = tmp_path / "articles.jsonl"
    texts = [path.read_text(encoding="utf-8") for path in seeds]
    lines = [json.dumps({"id": "one", "text": texts[0], "url": "http://x/1", "date": "2024-05-21"}),
             json.dumps({"id": "two", "html": "<html><body><p>" + texts[1].replace("\n\n", "</p><p>")
                         + "</p></body></html>"}),
             "{not json", json.dumps({"id": "three"})]
    jsonl.write_text("\n".join(lines) + "\n")
    items = read_inputs([str(jsonl), str(tmp_path / "src" / "*.txt")])
    assert [i.id for i in items][:2] == ["one", "two"] and len(items) == 6
    summary = run_batch([str(jsonl)], tmp_path / "o.db", backend=backend_for(mock.url))
    assert (summary.done, summary.failed) == (2, 2)
    with Store(tmp_path / "o.db") as store:
        row = store.query("SELECT url, date FROM articles WHERE id = 'one'")[0]
        assert row == {"url": "http://x/1", "date": "2024-05-21"}
        assert all(e["message"].startswith("InputError") for e in store.failures())
    with pytest.raises(InputError):
        read_inputs([str(tmp_path / "missing-*.txt")])


def test_max_cost_stops_cleanly_before_the_budget(tmp_path, mock):
    db = tmp_path / "out.db"
    make_articles(tmp_path / "in", 6)
    summary = run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url), max_cost=0.012,
                        concurrency=1)
    assert summary.stopped == "max_cost" and summary.pending > 0 and summary.done > 0
    assert summary.cost_usd <= 0.012 and not summary.ok
    rest = run_batch([str(tmp_path / "in")], db, backend=backend_for(mock.url))
    assert rest.done == summary.pending and rest.cached == summary.done


def test_price_overrides(tmp_path):
    table = tmp_path / "p.toml"
    table.write_text('[my-model]\ninput = 1.0\noutput = 2.0\n')
    prices = load_prices(table, ["other=3,4"])
    assert prices["my-model"] == Price(1.0, 2.0) and prices["other"] == Price(3.0, 4.0)
    ledger = Ledger.for_backend("openai", "my-model", prices)
    assert ledger.add(1_000_000, 500_000) == pytest.approx(2.0)
    assert Ledger.for_backend("embedded", "qwen", prices).cost(10**6, 10**6) == 0
    with pytest.raises(InputError):
        load_prices(None, ["bad"])
    with pytest.raises(InputError):
        Ledger.for_backend("openai", "unknown-model", prices, max_cost=1.0)


def test_adaptive_limiter_halves_and_grows():
    import types

    import openai

    limiter = AdaptiveLimiter(cap=8, grow_after=2, cooldown_s=0.0)
    response = types.SimpleNamespace(status_code=429, headers={}, request=None)
    error = openai.RateLimitError("slow down", response=response, body=None)
    with pytest.raises(openai.RateLimitError):
        with limiter:
            raise error
    assert limiter.limit == 4
    for _ in range(4):
        with limiter:
            pass
    assert limiter.limit == 6
    # the limit bounds concurrency across threads
    limiter = AdaptiveLimiter(cap=3)
    active, peak = [0], [0]
    lock = threading.Lock()

    def job():
        with limiter:
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.01)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=job) for _ in range(12)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert peak[0] == 3


def test_embedded_cap_is_the_slot_count():
    from summarize.embedded import DEFAULT_SLOTS
    from summarize.limits import cap_for

    assert cap_for("embedded", 16) == DEFAULT_SLOTS
    assert cap_for("openai", None) == 16
