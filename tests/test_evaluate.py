"""The scorer, on cases whose scores are known by construction."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summarize.cli import app
from summarize.evaluate import key_found, same_actors, score_record
from summarize.schema import (ArticleInfo, Commitment, Evidence, Participant, Position, Record, Summary)

from .conftest import DATA, ROOT

GOLD = ROOT / "tests" / "gold"


def span(raw: str, quote: str) -> Evidence:
    start = raw.find(quote)
    return Evidence(start=start, end=start + len(quote), text=quote)


def record_from_gold(gold: dict, raw: str) -> Record:
    """A perfect record: every gold item, grounded at its quote."""
    return Record(
        article=ArticleInfo(language="fr", sha256="0" * 64, chars=len(raw), kept_chars=len(raw)),
        participants=[Participant(name=p["name"], role=p["role"], actor=p["actor"],
                                  evidence=[span(raw, p["aliases"][0] if p.get("aliases") else p["name"])]
                                  if (p.get("aliases") or [p["name"]])[0] in raw else [],
                                  grounding="exact") for p in gold["participants"]],
        commitments=[Commitment(actors=c["actors"], targets=c.get("targets", []), text=c["text"],
                                modality=c["modality"], evidence=[span(raw, c["quote"])], grounding="exact")
                     for c in gold["commitments"]],
        positions=[Position(holder=p["holder"], topic=p.get("topic", "unspecified"), stance=p["stance"], statement=p["statement"],
                            evidence=[span(raw, p["quote"])], grounding="exact") for p in gold["positions"]],
        summary=Summary(text="Wang Yi met his counterpart and both sides agreed to deepen their cooperation.",
                        words=13, language="en", method="record"))


@pytest.fixture
def gold004():
    gold = json.loads((GOLD / "004_5687b5c5f0498ff9.json").read_text(encoding="utf-8"))
    raw = (DATA / gold["article"]).read_text(encoding="utf-8")
    return gold, raw


def test_gold_against_itself_scores_one(gold004):
    gold, raw = gold004
    scores = score_record(record_from_gold(gold, raw), gold, raw)
    for key in ("participants", "commitments", "commitments_soft", "positions", "positions_soft"):
        assert scores[key].f1 == 1.0, key


def test_strict_needs_the_pledge_in_the_english_text_and_the_exact_actor_set(gold004):
    gold, raw = gold004
    record = record_from_gold(gold, raw)
    n = len(gold["commitments"])
    record.commitments[0].actors = list(record.commitments[0].actors) + ["RUS"]  # actors intersect, not equal
    record.commitments[1].text = "The two countries discussed many things."  # evidence right, pledge lost
    record.commitments[2].text = "La Chine est prête à renforcer la coopération avec le Kazakhstan."  # French
    scores = score_record(record, gold, raw)
    assert scores["commitments_soft"].matched == n
    assert scores["commitments"].matched == n - 3


def test_a_wrong_actor_is_no_match_at_all_and_an_extra_item_lowers_precision(gold004):
    gold, raw = gold004
    record = record_from_gold(gold, raw)
    record.commitments[0].actors = ["RUS"]
    record.commitments.append(record.commitments[1].model_copy())
    scores = score_record(record, gold, raw)["commitments_soft"]
    n = len(gold["commitments"])
    assert scores.matched == n - 1
    assert scores.precision == pytest.approx((n - 1) / (n + 1))


@pytest.mark.parametrize("key, text, found", [
    ("investment protection", "China will sign an agreement on the protection of investments.", True),
    ("Belt and Road|BRI", "Kazakhstan supports the BRI.", True),
    ("UN|United Nations", "China said the union would grow.", False),  # word-bounded, no "un" inside words
    ("railway", "The two sides will speed up the road.", False),
])
def test_keys_match_word_by_word_on_stems(key, text, found):
    assert key_found(key, text) is found


def test_central_asia_stands_for_its_five_countries_and_all_sides_equal_all_sides():
    assert same_actors(["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"], ["CHN", "CENTRAL_ASIA"], multilateral=False)
    assert same_actors(["SCO"], ["CHN", "RUS", "KAZ", "IND"], multilateral=True)
    assert not same_actors(["CHN"], ["CHN", "KAZ"], multilateral=True)


def test_transliterated_names_match_and_missing_people_lower_recall(gold004):
    gold, raw = gold004
    record = record_from_gold(gold, raw)
    record.participants[1].name = "Mukhtar Tleuberdi"  # another transliteration
    assert score_record(record, gold, raw)["participants"].f1 == 1.0
    record.participants = record.participants[:1]
    assert score_record(record, gold, raw)["participants"].recall == 0.5


def test_eval_command_prints_the_strict_table_per_split(tmp_path):
    for gold_file in GOLD.glob("*.json"):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        raw = (DATA / gold["article"]).read_text(encoding="utf-8")
        (tmp_path / f"{gold_file.stem}.json").write_text(record_from_gold(gold, raw).model_dump_json())
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--split", "seed"])
    assert result.exit_code == 0, result.output
    assert "| commitments strict P / R | 1.00 / 1.00 |" in result.output
    assert "| articles lost | 0 |" in result.output


def test_an_article_without_a_record_counts_as_lost(tmp_path):
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--split", "seed"])
    assert result.exit_code == 0, result.output
    assert "| articles lost | 5 |" in result.output


def test_an_unknown_split_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--split", "train"])
    assert result.exit_code == 2 and "unknown split" in result.output
