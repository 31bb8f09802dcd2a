"""Archive scale: streamed input in windows, inputs counted when cheap, shards by request hash, merge.

Speed and memory figures belong to bench/bench_stream.py; these tests say what must hold at any size.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from typer.testing import CliRunner

from summarize.batch import run_batch, windows
from summarize.cli import app
from summarize.errors import InputError
from summarize.inputs import count_inputs, iter_inputs
from summarize.merge import merge_stores
from summarize.shard import Shard
from summarize.store import Store
from tests.conftest import PLAIN_TERMINAL
from tests.mock_server import MockServer, backend_for, make_articles


@pytest.fixture()
def mock():
    with MockServer() as server:
        yield server


def jsonl_of(tmp_path, count: int, extra: list[str] = ()) -> str:
    """``count`` distinct articles as JSONL lines (ids a0…), then ``extra`` raw lines."""
    texts = [p.read_text(encoding="utf-8") for p in make_articles(tmp_path / "src", count)]
    path = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": text}) for i, text in enumerate(texts)] + list(extra)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


# -- streaming ----------------------------------------------------------------------------------
def test_windows_start_small_then_hold_a_fixed_number_of_articles():
    sizes = [len(w) for w in windows(iter(range(20)), first=2, size=8)]
    assert sizes == [2, 8, 8, 2]


def test_reading_is_lazy_and_a_missing_input_fails_before_any_article_is_read(tmp_path):
    path = jsonl_of(tmp_path, 3, extra=["{not json"])
    articles = iter_inputs([path])
    assert next(articles).id == "a0"  # one line read, not the file
    with pytest.raises(InputError, match="does not exist"):
        iter_inputs([path, str(tmp_path / "missing.jsonl")])


def test_an_input_larger_than_the_window_is_extracted_once_and_a_rerun_makes_no_request(tmp_path, mock):
    text = make_articles(tmp_path / "dup", 1)[0].read_text(encoding="utf-8")
    path = jsonl_of(tmp_path, 9, extra=[json.dumps({"id": "a0", "text": "a repeated id: the first one wins"}),
                                        json.dumps({"id": "copy", "text": text.replace("ref000qz", "ref000qz")}),
                                        "{not json"])
    db = tmp_path / "out.db"
    first = run_batch([path], db, backend=backend_for(mock.url), window=4, concurrency=2)
    # 9 articles + one copy of a0's content under another id + one bad line; the repeated id is dropped
    assert first.articles == 11 and first.total == 11
    assert (first.done, first.cached, first.failed) == (9, 1, 1)
    with Store(db) as store:
        assert store.counts()["records"] == 9
        assert store.scalar("SELECT count(*) FROM articles") == 11
    requests = mock.requests
    again = run_batch([path], db, backend=backend_for(mock.url), window=4)
    assert (again.done, again.cached, again.requests) == (0, 10, 0) and mock.requests == requests


def test_the_first_request_leaves_before_the_input_is_read(tmp_path, mock):
    path = jsonl_of(tmp_path, 12)
    read_at_first_call: list[int] = []

    def progress(summary):
        if summary.prompt_tokens and not read_at_first_call:
            read_at_first_call.append(summary.articles)

    run_batch([path], tmp_path / "o.db", backend=backend_for(mock.url), window=4, concurrency=1, progress=progress)
    assert read_at_first_call and read_at_first_call[0] < 12


def test_inputs_are_counted_when_cheap_and_unknown_otherwise(tmp_path):
    folder = make_articles(tmp_path / "files", 3)[0].parent
    lines = tmp_path / "x.jsonl"
    lines.write_text('{"id": 1}\n\n{"id": 2}\n{"id": 3}', encoding="utf-8")  # a blank line, no final newline
    assert count_inputs([str(folder), str(lines)]) == 6
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    assert count_inputs([str(fifo)]) is None


# -- shards and merge ---------------------------------------------------------------------------
def test_shards_split_the_articles_by_request_hash_and_merge_keeps_each_once(tmp_path, mock):
    path = jsonl_of(tmp_path, 9, extra=["{not json"])
    parts = []
    for i in range(3):
        db = tmp_path / f"part{i}.db"
        summary = run_batch([path], db, backend=backend_for(mock.url), shard=f"{i}/3", window=4)
        assert summary.articles + summary.other_shard == 10
        parts.append(db)
    owned = []
    for db in parts:
        with Store(db) as store:
            owned.append({r["id"] for r in store.query("SELECT id FROM articles")})
    assert sum(len(ids) for ids in owned) == 10 and set.union(*owned) == {f"a{i}" for i in range(9)} | {
        f"{path}:10"}

    out = tmp_path / "all.db"
    report = merge_stores(out, parts)
    assert report["records"] == 9 and report["articles"] == 10
    again = merge_stores(out, parts + [parts[0]])  # merging the same stores again changes nothing
    assert [i["records"] for i in again["inputs"]] == [0, 0, 0, 0]
    assert [i["calls"] for i in again["inputs"]] == [0, 0, 0, 0]
    with Store(out) as store:
        rows = store.query("SELECT article_id, count(*) AS n FROM records GROUP BY article_id")
        assert len(rows) == 9 and all(r["n"] == 1 for r in rows)
        assert len(list(store.records())) == 9 and len(store.failures()) == 1
        calls = sum(sqlite3.connect(p).execute("SELECT count(*) FROM calls").fetchone()[0] for p in parts)
        assert store.scalar("SELECT count(*) FROM calls") == calls
    requests = mock.requests
    warm = run_batch([path], out, backend=backend_for(mock.url))
    assert (warm.cached, warm.requests, mock.requests) == (9, 0, requests)


def test_a_shard_owns_each_article_once():
    hashes = [f"{n:016x}" + "f" * 48 for n in range(32)]  # the shard reads the hash's first 64 bits
    owners = [[i for i in range(4) if Shard(i, 4).owns(h, "id")] for h in hashes]
    assert all(len(o) == 1 for o in owners) and {o[0] for o in owners} == {0, 1, 2, 3}
    with pytest.raises(InputError):
        Shard.parse("4/4")
    with pytest.raises(InputError):
        Shard.parse("one of two")


def test_cli_shard_and_merge_errors_are_one_line(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(app, ["batch", str(tmp_path), "--shard", "2/2", "--db", str(tmp_path / "o.db")],
                        env=PLAIN_TERMINAL)
    assert bad.exit_code == 2 and "shard" in bad.output and "Traceback" not in bad.output
    missing = runner.invoke(app, ["merge", str(tmp_path / "out.db"), str(tmp_path / "nope.db")], env=PLAIN_TERMINAL)
    assert missing.exit_code == 2 and len(missing.output.strip().splitlines()) == 1
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all " * 100)
    wrong = runner.invoke(app, ["merge", str(tmp_path / "out.db"), str(junk)], env=PLAIN_TERMINAL)
    assert wrong.exit_code != 0 and "junk.db" in wrong.output and "Traceback" not in wrong.output


def test_cli_merge_prints_what_each_input_added(tmp_path, mock):
    path = jsonl_of(tmp_path, 2)
    for i in range(2):
        run_batch([path], tmp_path / f"p{i}.db", backend=backend_for(mock.url), shard=f"{i}/2")
    result = CliRunner().invoke(app, ["merge", str(tmp_path / "all.db"), str(tmp_path / "p0.db"),
                                      str(tmp_path / "p1.db")], env=PLAIN_TERMINAL)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["records"] == 2 and sum(i["records"] for i in report["inputs"]) == 2


def test_the_rules_models_are_loaded_once_however_many_threads_start_at_once(tmp_path, mock):
    from summarize.warm import single_flight

    run_batch([jsonl_of(tmp_path, 6)], tmp_path / "o.db", backend=backend_for(mock.url), concurrency=16)
    found = single_flight()
    assert found, "the pipeline's lazily loaded models are found"
    # each loader computed its value at most once: no thread built a second copy beside another's (a
    # loader these articles never need may be unbuilt, or built by an earlier test: the order of the
    # suite must not matter)
    assert all(loader.cache_info().misses <= 1 for loader in found), [
        (loader.__qualname__, loader.cache_info()) for loader in found]
    built = {loader.__qualname__ for loader in found if loader.cache_info().misses == 1}
    assert {"_cities", "_search", "_detector", "_short_detector"} <= built, built
