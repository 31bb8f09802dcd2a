"""Cross-meeting comparison (summarize/compare.py), its views (report.py) and CLI (cli_compare.py)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from summarize import cli_compare, report
from summarize.compare import compare, load_records, load_texts, record_id, records_from_gold
from summarize.errors import InputError
from summarize.schema import Evidence, Position

ROOT = Path(__file__).resolve().parents[1]
# The comparison fixtures are the v1 seed gold, on which the pair labels of tests/pairs/ were made.
GOLD, DATA = ROOT / "tests" / "pairs" / "gold_v1", ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def seeds():
    return records_from_gold(GOLD, DATA)


def write_store(path: Path, records, json_col: str = "record_json", with_text: bool = True) -> Path:
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE records (id INTEGER PRIMARY KEY, sha256 TEXT, {json_col} TEXT)")
    db.execute("CREATE TABLE articles (sha256 TEXT PRIMARY KEY, source TEXT, raw_text TEXT)")
    for r in records:
        db.execute(f"INSERT INTO records (sha256, {json_col}) VALUES (?, ?)", (r.article.sha256, r.model_dump_json()))
        if with_text:
            db.execute("INSERT INTO articles VALUES (?, ?, ?)",
                       (r.article.sha256, r.article.source, Path(r.article.source).read_text(encoding="utf-8")))
    db.commit()
    db.close()
    return path


def _by_key(result):
    return {g.key: [(result.meeting(c.meeting).date, c.status) for c in g.cells] for g in result.topics}


def test_gold_records_have_exact_offsets(seeds):
    assert len(seeds) == 5
    for r in seeds:
        raw = Path(r.article.source).read_text(encoding="utf-8")
        for item in [*r.commitments, *r.positions, *r.participants]:
            for ev in item.evidence:
                assert raw[ev.start:ev.end] == ev.text


def test_chn_kaz_timeline_and_statuses(seeds):
    result = compare(seeds, dyad="CHN-KAZ")
    assert [m.date for m in result.meetings] == ["2019-05-21", "2021-09-16", "2023-05-19"]
    assert [m.place for m in result.meetings] == ["Bishkek", "Dushanbe", "Xi'an"]
    topics = _by_key(result)
    # Xi'an is a summit whose report does not touch the alignment: silence there is "not restated", not "dropped"
    assert topics["belt_and_road_alignment"] == [("2019-05-21", "new"), ("2021-09-16", "reaffirmed"),
                                                 ("2023-05-19", "not_restated")]
    assert topics["heads_of_state_consensus"] == [("2019-05-21", "new"), ("2021-09-16", "reaffirmed"),
                                                  ("2023-05-19", "reaffirmed")]
    assert topics["pandemic_cooperation"][0] == ("2021-09-16", "new")
    # every new/reaffirmed cell carries the evidence of its commitments; a later silence points at it instead
    for group in result.topics:
        for cell in group.cells:
            if cell.status in ("new", "reaffirmed"):
                assert cell.items and all(it.evidence for it in cell.items)
            elif cell.status == "not_restated":
                assert not cell.items and cell.last_stated in {m.id for m in result.meetings}
    # people: canonical names, office on the date
    people = {p.name: p.role for m in result.meetings for p in m.participants}
    assert people["Mukhtar Tileuberdi"] == "Foreign Minister of Kazakhstan"
    assert people["Qin Gang"] == "State Councilor and Foreign Minister of China"


def test_chn_rus_keeps_only_china_russia_items(seeds):
    result = compare(seeds, dyad="RUS-CHN")
    assert [m.date for m in result.meetings] == ["2022-01-10", "2024-05-20"]
    items = {(it.record, it.index) for g in result.topics for c in g.cells for it in c.items}
    astana = next(r for r in seeds if r.meeting.date == "2024-05-20")
    assert {i for rid, i in items if rid == record_id(astana)} == {0, 5}  # not the Belarus/Kyrgyz/Uzbek items


def test_two_articles_about_one_meeting_are_one_meeting(seeds):
    dushanbe = next(r for r in seeds if r.meeting.date == "2021-09-16")
    copy = dushanbe.model_copy(deep=True)
    copy.article.sha256 = "f" * 64
    copy.participants[1].name = "Tleouberdi"  # another transliteration
    result = compare([*seeds, copy], dyad="CHN-KAZ")
    assert len(result.meetings) == 3
    meeting = result.meetings[1]
    assert len(meeting.records) == 2
    assert [p.name for p in meeting.participants] == ["Wang Yi", "Mukhtar Tileuberdi"]
    bri = next(g for g in result.topics if g.key == "belt_and_road_alignment")
    assert [c.status for c in bri.cells] == ["new", "reaffirmed", "not_restated"]
    # the copy's items are the same statements: merged under the original, not counted twice
    dushanbe_cell = bri.cells[1]
    assert {it.record for it in dushanbe_cell.items} == {record_id(dushanbe)}
    assert all([a.record for a in it.also] == [record_id(copy)] for it in dushanbe_cell.items)


def test_fulfilled_as_reported(seeds):
    xian = next(r for r in seeds if r.meeting.date == "2023-05-19").model_copy(deep=True)
    xian.positions.append(Position(holder="KAZ", topic="Nurly Zhol", stance="welcome",
                                   statement="The alignment of Nurly Zhol with the Belt and Road has been completed.",
                                   evidence=[Evidence(start=0, end=5, text="x" * 5)]))
    others = [r for r in seeds if r.meeting.date != "2023-05-19"]
    result = compare([*others, xian], dyad="CHN-KAZ")
    assert _by_key(result)["belt_and_road_alignment"][-1] == ("2023-05-19", "fulfilled_as_reported")


def test_filters(seeds):
    assert [m.date for m in compare(seeds, dyad="CHN-KAZ", since="2020-01-01").meetings] == ["2021-09-16",
                                                                                              "2023-05-19"]
    assert [m.date for m in compare(seeds, until="2021-12-31").meetings] == ["2019-05-21", "2021-09-16"]
    assert {g.key for g in compare(seeds, dyad="CHN-KAZ", topic="pandemic").topics} == {"pandemic_cooperation"}
    assert {g.key for g in compare(seeds, topic="Belt and Road").topics} == {"belt_and_road_alignment"}
    assert [m.date for m in compare(seeds, countries=["Bélarus"]).meetings] == ["2024-05-20"]
    assert len(compare(seeds).meetings) == 5
    with pytest.raises(InputError):
        compare(seeds, dyad="CHN")
    with pytest.raises(InputError):
        compare(seeds, dyad="CHN-XYZ")
    with pytest.raises(InputError):
        compare(seeds, since="last year")


def test_load_records_from_dir_jsonl_and_store(seeds, tmp_path):
    d = tmp_path / "records"
    d.mkdir()
    for r in seeds[:2]:
        (d / f"{record_id(r)}.json").write_text(r.model_dump_json(), encoding="utf-8")
    (d / "more.jsonl").write_text("\n".join(r.model_dump_json() for r in seeds[2:]) + "\n", encoding="utf-8")
    assert {record_id(r) for r in load_records(d)} == {record_id(r) for r in seeds}
    store = write_store(tmp_path / "out.db", seeds)
    assert len(load_records(store)) == 5
    other = write_store(tmp_path / "other.db", seeds, json_col="json", with_text=False)
    assert len(load_records(other)) == 5
    texts = load_texts(store, seeds)
    assert set(texts) == {record_id(r) for r in seeds}
    assert load_texts(other, seeds).keys() == texts.keys()  # falls back to article.source


@pytest.mark.parametrize("content", ["{not json", '{"schema_version": "1.0"}'])
def test_load_records_rejects_bad_files(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        load_records(bad)
    with pytest.raises(InputError):
        load_records(tmp_path / "missing.db")


def test_markdown_and_json(seeds):
    result = compare(seeds, dyad="CHN-KAZ")
    md = report.to_markdown(result)
    assert "## Meetings" in md and "Belt and Road alignment" in md and "**reaffirmed**" in md
    data = json.loads(report.to_json(result))
    assert data["filters"]["dyad"] == "CHN-KAZ" and len(data["meetings"]) == 3


def test_html_is_escaped_and_highlights_offsets(seeds):
    rec = seeds[1].model_copy(deep=True)
    raw = Path(rec.article.source).read_text(encoding="utf-8")
    evil = "<script>alert(1)</script> & «x»"
    hostile = raw + "\n" + evil
    rec.commitments[0].text = "<img src=x onerror=alert(1)>"
    start = hostile.index(evil)
    rec.commitments[0].evidence.append(Evidence(start=start, end=start + len(evil), text=evil))
    result = compare([rec])
    html = report.to_html(result, [rec], {record_id(rec): hostile})
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'class="commitment"' in html and "<mark" in html
    assert "http://" not in html and "https://" not in html  # nothing to fetch: works offline
    assert report.highlight("abcdef", [(1, 4, "commitment", "i1", "one"), (2, 5, "position", "i2", "two")]) == (
        'a<mark class="commitment" data-item="i1" data-ev="i1" title="one">b</mark>'
        '<mark class="multi" data-item="i1 i2" data-ev="i1 i2" title="one | two">cd</mark>'
        '<mark class="position" data-item="i2" data-ev="i2" title="two">e</mark>f')


def test_html_flags_bad_offsets(seeds):
    rec = seeds[1].model_copy(deep=True)
    rec.commitments[0].evidence = [Evidence(start=10, end=10_000_000, text="nope")]
    html = report.to_html(compare([rec]), [rec], {record_id(rec): Path(rec.article.source).read_text("utf-8")})
    assert "outside the text" in html


def _app():
    app = typer.Typer()
    app.command("compare")(cli_compare.compare)
    app.command("noop")(lambda: None)
    return app


def test_cli(seeds, tmp_path):
    store = write_store(tmp_path / "out.db", seeds)
    runner = CliRunner()
    out = runner.invoke(_app(), ["compare", "--db", str(store), "--dyad", "CHN-KAZ", "--format", "json",
                                 "--html", str(tmp_path / "report.html")])
    assert out.exit_code == 0, out.output
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert '"dyad": "CHN-KAZ"' in out.stdout
    out = runner.invoke(_app(), ["compare", "--db", str(store), "--dyad", "CHN-KAZ", "--format", "markdown"])
    assert out.exit_code == 0 and "# Commitments across meetings" in out.stdout
    out = runner.invoke(_app(), ["compare", "--db", str(store), "--country", "KAZ"])
    assert out.exit_code == 0 and "Bishkek" in out.stdout


@pytest.mark.parametrize("args", [[], ["--db", "missing.db"], ["--db", "X", "--records", "Y"],
                                  ["--dyad", "CHN-XYZ"], ["--since", "yesterday"]])
def test_cli_errors_are_messages_not_tracebacks(seeds, tmp_path, args):
    store = write_store(tmp_path / "out.db", seeds)
    if args and args[0] not in ("--db",):
        args = ["--db", str(store), *args]
    out = CliRunner().invoke(_app(), ["compare", *args])
    assert out.exit_code != 0
    assert "Traceback" not in out.output and "error:" in out.output
    assert not isinstance(out.exception, Exception) or isinstance(out.exception, SystemExit)


def _load_bench(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pair_precision_and_recall_targets():
    ev = _load_bench("pairs_eval")
    doc = ev.load_pairs()
    s = ev.scores(ev.grouping_predictions(doc), doc["pairs"])
    assert s["precision"] >= 0.9 and s["recall"] >= 0.7, s
    assert sum(p["label"] == "same" for p in doc["pairs"]) >= 20


def test_bench_store_compares(tmp_path):
    bench = _load_bench("bench_compare")
    path = tmp_path / "syn.db"
    bench.build(path, 300)
    records = load_records(path)
    assert len(records) == 300
    result = compare(records, dyad="CHN-KAZ")
    assert result.meetings and result.topics


def test_reads_the_real_store_current_records_only(seeds, tmp_path):
    store_mod = pytest.importorskip("summarize.store")
    path = tmp_path / "out.db"
    with store_mod.Store(path) as store:
        rows = [store_mod.ArticleRow(id=r.article.source, request_hash=f"h{i}", source=r.article.source,
                                     sha256=r.article.sha256, chars=r.article.chars) for i, r in enumerate(seeds)]
        store.upsert_articles(rows, None)
        for i, r in enumerate(seeds):
            store.save_record(r.article.source, f"h{i}", r.model_dump_json(), None, {}, 0.0)
        # a stale extraction of the first article (an older request hash) must not be counted
        store.save_record(seeds[0].article.source, "old", seeds[0].model_dump_json(), None, {}, 0.0)
    records = load_records(path)
    assert len(records) == 5
    assert len(load_texts(path, records)) == 5  # texts from article.source: the store keeps none
    result = compare(records, dyad="CHN-KAZ")
    assert [m.date for m in result.meetings] == ["2019-05-21", "2021-09-16", "2023-05-19"]


def test_fast_construct_matches_model_construct():
    """compare._construct builds the same object as pydantic's model_construct (dict, order, fields set)."""
    from summarize.compare import Cell, ItemView, PersonView, TopicGroup, _construct

    item = {"record": "r", "kind": "commitment", "index": 1, "actors": ["CHN"], "targets": [], "text": "t",
            "modality": "will", "category": "AGREE", "evidence": [], "source": None, "flags": [], "also": []}
    cell = {"meeting": "m", "status": "new", "items": [], "last_stated": None, "note": None}
    group = {"key": "k", "label": "l", "parties": ["CHN"], "sides": ["CHN"], "cells": []}
    person = {"name": "Wang Yi", "short": "Wang", "role": None, "actor": "CHN", "sources": []}
    for cls, values in ((ItemView, item), (Cell, cell), (TopicGroup, group), (PersonView, person)):
        assert list(values) == list(cls.model_fields)  # every field, in declaration order
        fast, slow = _construct(cls, dict(values)), cls.model_construct(**values)
        assert fast.__dict__ == slow.__dict__ and list(fast.__dict__) == list(slow.__dict__)
        assert fast.model_fields_set == slow.model_fields_set
        assert fast.model_dump_json() == slow.model_dump_json() and fast == slow


def test_topics_split_search_matches_joined_search():
    """topics_of searches the text and the evidence apart (memoised each); the joined search agrees."""
    from summarize import topics
    from summarize.vocab import fold

    assert topics._SPLIT_SAFE
    cases = [("Both sides will implement the consensus reached by the two heads of state", ""),
             ("heads of state", "consensus atteint par les deux chefs d'etat"),
             ("China supports the leaders", "consensus"), ("gaz", "Gaz et petrole"),
             ("Silk Road", "strategies de developpement"), ("nothing here", "rien ici")]
    for text, evidence in cases:
        joined = fold(text) + " \n " + fold(evidence)
        expected = tuple(k for k, pat in topics._COMPILED.items() if pat.search(joined))
        assert topics.topics_of(text, evidence) == expected


def _same_model(a, b) -> bool:
    """Same class, same fields set, same values of the same types, all the way down."""
    from pydantic import BaseModel

    if isinstance(a, BaseModel) or isinstance(b, BaseModel):
        return (type(a) is type(b) and a.model_fields_set == b.model_fields_set
                and list(a.__dict__) == list(b.__dict__)
                and all(_same_model(a.__dict__[k], b.__dict__[k]) for k in a.__dict__))
    if isinstance(a, list) or isinstance(b, list):
        return type(a) is type(b) and len(a) == len(b) and all(_same_model(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def test_fast_record_validator_matches_the_model(seeds):
    """compare._record_validator (enum fields checked as literals of their values) gives the very records the
    model's validator gives, and a row it rejects is rejected with the model's message."""
    from summarize.compare import _parse, _record_validator
    from summarize.schema import Record

    fast = _record_validator()
    assert fast is not None
    series = ROOT / "tests" / "data" / "series"
    texts = [r.model_dump_json() for r in seeds]
    texts += [p.read_text(encoding="utf-8") for p in sorted((series / "records").glob("*.json"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((series / "real").glob("*.json"))]
    sparse = json.loads(texts[0])  # defaults left out: they stay defaults (the enum member, not its value)
    for c in sparse["commitments"]:
        c.pop("category", None)
    sparse["meeting"].pop("date_precision", None)
    texts.append(json.dumps(sparse))
    for text in texts:
        assert _same_model(fast.validate_json(text), Record.model_validate_json(text))
    assert Record.__pydantic_complete__  # the classes are left as they were
    base = json.loads(texts[0])
    bad = []
    for change in ({"participants": [{**base["participants"][0], "actor": "XXX"}]},
                   {"meeting": {**base["meeting"], "kind": "picnic"}},
                   {"commitments": [{**base["commitments"][0], "modality": "Will"}]},
                   {"commitments": [{**base["commitments"][0], "actors": [1]}]},
                   {"commitments": [{**base["commitments"][0], "text": "x" * 401}]},
                   {"article": {**base["article"], "extra": 1}}, {"meeting": {"kind": "phone_call"}}):
        bad.append(json.dumps({**base, **change}))
    for text in bad:
        with pytest.raises(Exception) as slow:
            Record.model_validate_json(text)
        with pytest.raises(InputError) as err:
            _parse(text, "row 1")
        assert str(err.value) == f"row 1 is not a valid record: {slow.value.errors()[0]['msg']}"
