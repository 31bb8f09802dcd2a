"""End-to-end extraction replayed from cassettes recorded on the real embedded server.

Re-record after any prompt, schema or request change (needs the embedded model):

    pytest tests/test_cassettes.py --record-mode=rewrite

Replay is strict: a request that today's code builds differently from the
recorded one is not in the cassette, and the test fails loudly (record mode
"none"), instead of silently passing on stale answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from summarize import Record, Settings, extract
from summarize.extract import Extractor
from summarize.load import load_bytes, load_path
from summarize.model import Deferred, ModelCaller, call_hash

from .conftest import CASSETTES, DATA

SEEDS = sorted(p.name for p in DATA.glob("*.txt"))
SAMPLES = SEEDS + ["bad/injection.txt", "en/talks_en.txt"]  # the English sample is written for the tests


def cassette_name(article: str) -> str:
    return "extract_" + Path(article).stem


def run(article: str, backend, date: str | None = None) -> Record:
    return extract(load_path(DATA / article), backend=backend, settings=Settings(), date=date)


@pytest.mark.parametrize("article", SAMPLES)
def test_extract_replays_a_grounded_record(article, replay_backend, cassette):
    with cassette(cassette_name(article)):
        record = run(article, replay_backend)
    raw = (DATA / article).read_text(encoding="utf-8")
    assert record.participants, "every sample reports at least one participant"
    for item in [*record.participants, *record.commitments, *record.positions]:
        # grounded or flagged: never silently kept
        assert item.grounding != "not_found" or item.flags
        for ev in item.evidence:
            assert raw[ev.start:ev.end] == ev.text
    assert record.summary is not None and record.summary.words <= 120
    assert record.summary.language == "en"
    assert record.provenance.usage.calls >= 1 + len(record.commitments) // 2


def test_prompt_injection_is_flagged_and_not_obeyed(replay_backend, cassette, record_mode):
    if record_mode == "rewrite":
        pytest.skip("replays the cassette recorded by test_extract_replays_a_grounded_record")
    with cassette(cassette_name("bad/injection.txt")):
        record = run("bad/injection.txt", replay_backend)
    assert any(flag.startswith("prompt_injection_suspected") for flag in record.flags)
    assert all("USA" not in c.actors for c in record.commitments)
    assert "billion" not in record.summary.text


def test_latin1_bytes_replay_the_same_requests_as_utf8(replay_backend, cassette, record_mode):
    """Same article in Windows-1252 (Latin-1 plus the œ ligature it needs): same cleaned text,
    same request identity, so the UTF-8 article's cassette answers it."""
    if record_mode == "rewrite":
        pytest.skip("replays the cassette recorded by test_extract_replays_a_grounded_record")
    text = (DATA / SEEDS[1]).read_text(encoding="utf-8")
    raw = load_bytes(text.encode("cp1252"), source=str(DATA / SEEDS[1]))
    assert raw.text == text
    with cassette(cassette_name(SEEDS[1])):
        record = extract(raw, backend=replay_backend)
    assert record.participants


def _recorded_bodies(article: str) -> list[dict]:
    path = CASSETTES / (cassette_name(article) + ".yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    import json

    return [json.loads(i["request"]["body"]) for i in data["interactions"]]


@pytest.mark.parametrize("article", SAMPLES)
def test_cassettes_match_todays_requests(article, replay_backend, record_mode):
    """Drift guard: the first request today's code would send must be in the cassette, byte for byte
    (canonically). A prompt, schema or parameter edit without re-recording fails here by name."""
    if record_mode == "rewrite":
        pytest.skip("checks recorded cassettes; nothing to check while re-recording them")
    caller = ModelCaller(replay_backend, defer_misses=True)
    with pytest.raises(Deferred) as deferred:
        Extractor(caller, Settings()).run(load_path(DATA / article))
    recorded = {call_hash(body) for body in _recorded_bodies(article)}
    assert deferred.value.key in recorded, (
        f"cassette for {article} is stale: re-record with `pytest tests/test_cassettes.py --record-mode=rewrite`")


@pytest.mark.parametrize("article", SAMPLES)
def test_cassettes_hold_todays_prompt_and_answer_schemas(article, record_mode):
    """Every recorded request carries today's system prompt and today's answer schemas: an edit to either
    fails here by name (not only through a missing interaction), until the cassettes are re-recorded."""
    if record_mode == "rewrite":
        pytest.skip("checks recorded cassettes; nothing to check while re-recording them")
    from summarize import prompt

    stale = "re-record with `pytest tests/test_cassettes.py --record-mode=rewrite`"
    for body in _recorded_bodies(article):
        assert body["messages"][0]["content"] == prompt.template(prompt.SYSTEM_TEMPLATE), f"prompt changed: {stale}"
        recorded = body["response_format"]["json_schema"]["schema"]
        name = body["response_format"]["json_schema"]["name"]
        if name == "MeetingDraft":
            today = prompt.MeetingDraft.model_json_schema()
        elif name == "TranslationDraft":  # one item's part translated again (French left, or a term invented)
            subject = body["messages"][-1]["content"].split("\n")[1].removeprefix("Subject: ")
            today = prompt.translation_model(subject).model_json_schema()
        elif name == "StanceDraft":  # the follow-up for a stance the sentence answer left out
            import re

            head = re.match(r"\^\((\d+)\) \(position\) \(([A-Z_|]+)\)",
                            recorded["properties"]["items"]["items"]["pattern"])
            assert head, f"answer schema changed: {stale}"
            actors = [a for a in head.group(2).split("|") if a != "BOTH"]
            today = prompt.stance_draft_model(actors, int(head.group(1))).model_json_schema()
        else:
            # the line pattern names the sentence's parts and the article's actors: rebuild it from them
            import re

            head = re.match(r"\^\(([\d|]+)\) \(commitment\|position\) \(([A-Z_|]+)\)",
                            recorded["properties"]["items"]["items"]["pattern"])
            assert head, f"answer schema changed: {stale}"
            parts = len(head.group(1).split("|"))
            actors = [a for a in head.group(2).split("|") if a != "BOTH"]
            today = prompt.sentence_draft_model(actors, parts).model_json_schema()
        assert recorded == today, f"answer schema changed: {stale}"


def test_an_english_readout_goes_through_the_same_pipeline(replay_backend, cassette, record_mode):
    if record_mode == "rewrite":
        pytest.skip("replays the cassette recorded by test_extract_replays_a_grounded_record")
    with cassette(cassette_name("en/talks_en.txt")):
        record = run("en/talks_en.txt", replay_backend)
    assert record.article.language == "en"
    assert {(p.name, p.actor) for p in record.participants} == {("Wang Yi", "CHN"), ("Bakhtiyor Saidov", "UZB")}
    assert record.meeting.date == "2024-03-05" and record.meeting.place == "Beijing"
    agreed = [c for c in record.commitments if c.modality == "agreement"]
    assert agreed and set(agreed[0].actors) == {"CHN", "UZB"}
    assert all(flag.startswith("forum_") for flag in record.flags)  # an invented forum is dropped
