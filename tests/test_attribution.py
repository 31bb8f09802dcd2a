"""Deterministic rules applied to the model's answers: who commits, and tidy titles."""

from __future__ import annotations

import pytest

from summarize.extract import _subject, _tidy_role
from summarize.vocab import fold


@pytest.mark.parametrize("sentence, marker, actors", [
    ("Pour la nouvelle année, la Chine approfondira la coordination avec la Russie", "approfondira", ["CHN"]),
    ("Le Kazakhstan, a dit le ministre, est prêt à travailler avec la Chine", "est pret", ["KAZ"]),
    ("La Chine et la Russie, en tant que membres permanents du Conseil de sécurité des Nations Unies, "
     "doivent empêcher le chaos", "doivent", ["CHN", "RUS"]),
    ("Enfin, le Kazakhstan, qui soutient les positions de la Chine, espère renforcer la coordination",
     "espere", ["KAZ"]),
    ("China and Kazakhstan will deepen trade", "will", ["CHN", "KAZ"]),
    ("Il a souligné que les parties devraient coopérer davantage", "devraient", []),
])
def test_the_clause_initial_actor_is_the_subject(sentence, marker, actors):
    assert _subject(fold(sentence), marker) == actors


@pytest.mark.parametrize("role, tidy", [
    ("Minister of Foreign Affairs of the PRC", "Foreign Minister"),
    ("Minister of Foreign Affairs of Kyrgyzst", "Foreign Minister"),
    ("State Councilor and Minister of Foreign Affairs", "State Councilor and Foreign Minister"),
    ("President of Kazakhstan", "President"),
    ("Secretary-General of the SCO", "Secretary-General of the SCO"),
])
def test_roles_lose_the_country_the_actor_code_already_carries(role, tidy):
    assert _tidy_role(role) == tidy


def test_a_forum_must_have_support_in_the_article():
    from summarize.extract import _supported

    french = "en marge de la réunion du Conseil des ministres des Affaires étrangères de l'OCS"
    assert _supported("SCO Council of Foreign Ministers", french)
    assert not _supported("China-Uzbekistan Friendship Association", "Wang Yi held talks with Saidov in Beijing.")
