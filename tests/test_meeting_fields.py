"""Place, forum, participants and roles are checked against the article (GUIDELINES.md v2)."""

from __future__ import annotations

import pytest

from summarize.meeting_fields import city, forum_of, is_a_place_or_body, organisation_of, place_of, tidy_role


@pytest.mark.parametrize("spelling, english", [
    ("Tachkent", "Tashkent"), ("Douchanbé, Kazakhstan", "Dushanbe"), ("Pékin", "Beijing"), ("Moscou", "Moscow"),
    ("Nur-Sultan", "Astana"), ("Xi'an", "Xi'an"),
])
def test_places_come_out_in_english_from_the_gazetteer(spelling, english):
    assert city(spelling) == english


def test_a_place_the_article_does_not_name_is_dropped_with_a_flag():
    place, notes = place_of("Almaty", None, "M. Wang a rencontré son homologue à Tachkent mardi.", True)
    assert place is None and notes and notes[0].startswith("place_not_found")
    assert place_of("Tachkent", None, "M. Wang a rencontré son homologue à Tachkent mardi.", True) == \
        ("Tashkent", [])


def test_a_phone_call_has_no_place():
    assert place_of("Beijing", "Beijing", "BEIJING -- Wang Yi spoke by phone with Lavrov.", False) == (None, [])


def test_an_organisation_only_mentioned_is_no_forum():
    sentences = ["Les deux parties ont salué la coopération au sein de l'OTSC et de l'OCS."]
    forum, notes = forum_of("CSTO", sentences, None)
    assert forum is None and notes[0].startswith("forum_not_a_venue")


def test_the_meeting_held_on_the_sidelines_of_a_council_has_it_as_forum():
    sentences = ["M. Wang a rencontré M. Lavrov en marge de la réunion du Conseil des ministres des AE de l'OCS."]
    assert forum_of("SCO Council of Foreign Ministers", sentences, None) == ("SCO Council of Foreign Ministers", [])


@pytest.mark.parametrize("forum", ["Akorda press service", "CGTN", "Kazakhstan",
                                   "Central Committee of the Communist Party of China"])
def test_outlets_offices_parties_and_countries_are_no_forum(forum):
    text = f"Selon {forum}, les deux ministres se sont rencontrés lors de la visite au {forum}."
    assert forum_of(forum, [text], None)[0] is None


@pytest.mark.parametrize("name", ["China", "Kazakhstan", "OCS", "la Russie", "Shanghai Cooperation Organization"])
def test_a_country_or_an_organisation_is_never_a_person(name):
    assert is_a_place_or_body(name)


def test_people_are_people():
    assert not is_a_place_or_body("Wang Yi") and not is_a_place_or_body("Mukhtar Tileuberdi")


@pytest.mark.parametrize("role, tidy", [
    ("Minister of Foreign Affairs of the PRC", "Foreign Minister"),
    ("State Councilor and Minister of Foreign Affairs", "State Councilor and Foreign Minister"),
    ("President of Kazakhstan", "President"),
    ("Deputy Prime Minister and Minister of", "Deputy Prime Minister and Minister"),
    ("minister of 19", "minister"),
])
def test_roles_are_titles_without_the_country_or_a_dangling_word(role, tidy):
    assert tidy_role(role) == (tidy, [])


def test_a_role_that_is_no_title_is_unknown_and_flagged():
    role, flags = tidy_role("organisation")
    assert role == "unknown" and flags[0].startswith("role_not_a_title")


def test_an_organisations_official_takes_the_organisations_code():
    assert organisation_of("Secretary-General", "le secrétaire général de l'OCS, Zhang Ming, a déclaré") == "SCO"
    assert organisation_of("Foreign Minister", "le ministre kazakh") is None
