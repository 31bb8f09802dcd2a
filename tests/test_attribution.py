"""The attribution convention (tests/gold/GUIDELINES.md v2): one voice's "both sides should" is that
side's call; joint only where the report has both sides act; else the clause's opening actor."""

from __future__ import annotations

import pytest

from summarize.attribution import Voice, actors_for, clause_subject
from summarize.vocab import fold

CHINA_SPEAKS = Voice(speaker="CHN", reported=True)
KAZ = ["CHN", "KAZ"]


def actors(sentence: str, marker: str | None = None, chosen: str = "CHN", voice: Voice = CHINA_SPEAKS,
           countries: list[str] = KAZ) -> list[str]:
    return actors_for(sentence, (0, len(sentence)), marker, chosen, voice, countries, "KAZ")


@pytest.mark.parametrize("sentence, marker", [
    ("M. Wang a dit que les deux parties devraient renforcer l'alignement de leurs stratégies", "devr"),
    ("Wang said the two sides should speed up the construction of the railway", "should"),
    ("Selon lui, les deux pays doivent approfondir la coopération", "doivent"),
])
def test_both_sides_should_in_one_voice_is_that_sides_call(sentence, marker):
    assert actors(sentence, marker, chosen="BOTH") == ["CHN"]


@pytest.mark.parametrize("sentence", [
    "Les deux parties ont convenu de renforcer la coopération dans le domaine de l'énergie",
    "The two ministers agreed to hold the next round of consultations in Beijing",
    "Les deux parties ont signé un plan de coopération et tiendront la prochaine session à Astana",
    "Both sides reaffirmed their commitment to the one-China principle",
])
def test_joint_only_where_the_report_has_both_sides_act(sentence):
    assert actors(sentence) == ["CHN", "KAZ"]


def test_a_model_saying_both_does_not_make_a_joint_item():
    assert actors("Il a ajouté que la coopération devrait être renforcée", "devrait", chosen="BOTH") == ["CHN"]


def test_the_counterparts_readiness_is_the_counterparts_even_in_a_chinese_account():
    assert actors("M. Tileuberdi a dit que le Kazakhstan est prêt à travailler avec la Chine", "est pret") == ["KAZ"]


def test_his_country_is_the_speakers():
    kazakh = Voice(speaker="KAZ", reported=True)
    assert actors("Il a ajouté que son pays soutient fermement la Chine", voice=kazakh) == ["KAZ"]


@pytest.mark.parametrize("sentence, marker, subject", [
    ("Pour la nouvelle année, la Chine approfondira la coordination avec la Russie", "approfondira", ["CHN"]),
    ("Le Kazakhstan, a dit le ministre, est prêt à travailler avec la Chine", "est pret", ["KAZ"]),
    ("La Chine et la Russie, en tant que membres permanents du Conseil de sécurité, doivent empêcher le chaos",
     "doivent", ["CHN", "RUS"]),
    ("China and Kazakhstan will deepen trade", "will", ["CHN", "KAZ"]),
    ("Il a souligné que les parties devraient coopérer davantage", "devraient", []),
])
def test_the_clause_initial_actor_is_the_subject(sentence, marker, subject):
    assert clause_subject("", fold(sentence), marker) == subject


def test_a_later_part_of_an_enumeration_keeps_the_subject_of_its_sentence():
    sentence = "La Chine est prête à renforcer la coopération commerciale, approfondir les échanges et ouvrir son marché"
    start = sentence.index("approfondir")
    assert actors_for(sentence, (start, start + 25), None, "KAZ", Voice("KAZ", True), KAZ, "KAZ") == ["CHN"]
