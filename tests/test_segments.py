"""A sentence is cut before each coordinated action; a list of objects of one verb stays one part."""

from __future__ import annotations

import pytest

from summarize.segments import governing_modalities, opens_with_finite_verb, part_text, split
from summarize.vocab import Modality


def parts(text: str, language: str) -> list[str]:
    return [part_text(text, span) for span in split(text, language)]


def test_a_french_enumeration_of_infinitives_gives_one_part_per_action():
    sentence = ("M. Wang a dit que les deux parties devraient renforcer l'alignement de leurs stratégies, "
                "approfondir la coopération dans le commerce, l'énergie et la connectivité, améliorer le niveau "
                "des échanges et explorer de nouveaux domaines.")
    got = parts(sentence, "fr")
    assert len(got) == 4
    assert got[1].startswith("approfondir") and "l'énergie et la connectivité" in got[1]
    assert got[3].startswith("et explorer")


def test_an_english_enumeration_is_cut_before_each_verb_phrase_only():
    sentence = ("China will deepen cooperation in trade, energy and connectivity, support Kazakhstan in hosting "
                "the summit and open its market to more Kazakh products.")
    assert parts(sentence, "en") == ["China will deepen cooperation in trade, energy and connectivity",
                                     "support Kazakhstan in hosting the summit",
                                     "and open its market to more Kazakh products."]


def test_the_parts_tile_the_sentence():
    sentence = "La Chine est prête à travailler avec le Kazakhstan et soutient la position du Kazakhstan ; il a ajouté que."
    spans = split(sentence, "fr")
    assert spans[0][0] == 0 and spans[-1][1] == len(sentence)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize("sentence, parts", [
    ("The two sides should keep the freight corridors open and smooth, resume direct flights as conditions "
     "permit", 2),
    ("The two sides should strengthen security cooperation and jointly combat terrorism, separatism and extremism", 2),
    ("He said China is willing to expand imports of farm products, and that the two sides should develop the "
     "transport route", 2),
    ("China is ready to expand investment, trade and tourism with Kazakhstan", 1),  # one verb, several objects
    ("Relations are developing rapidly and steadily", 1),
])
def test_an_english_enumeration_is_cut_before_each_verb(sentence, parts):
    assert len(split(sentence, "en")) == parts


@pytest.mark.parametrize("part, language, finite", [
    ("and voiced their shared opposition to interference", "en", True),  # a past form: a new predicate
    ("and he added that trade should grow", "en", True),  # a new subject
    ("and support each other on core issues", "en", False),  # one more verb under the modal
    ("and to deepen trade", "en", False),
    ("et s'opposait à toute ingérence extérieure", "fr", True),
    ("et a exprimé son opposition aux sanctions", "fr", True),
    ("et soutenir le multilatéralisme", "fr", False),
    ("à développer le transport multimodal", "fr", False),
])
def test_a_part_that_opens_with_a_finite_verb_is_a_new_predicate(part, language, finite):
    assert opens_with_finite_verb(part, language) is finite


def test_a_modal_governs_its_enumeration_until_a_new_predicate():
    from summarize.candidates import classify
    parts = ["The two sides will continue to support each other on core interests",
             "deepen trade", "and voiced their shared opposition to interference"]
    governing = [g for _, g in governing_modalities(parts, [classify(p) for p in parts], "en")]
    assert governing[0] == governing[1] == Modality.pledge
    assert governing[2] is None  # a stated stance, not a pledge


def test_a_later_marker_does_not_govern_an_earlier_part():
    from summarize.candidates import classify
    parts = ["He said his country firmly abides by the one-China principle", "and will never allow separatism"]
    assert [g for _, g in governing_modalities(parts, [classify(p) for p in parts], "en")] == [None, Modality.pledge]


@pytest.mark.parametrize("sentence, language, parts", [
    ("The diplomat stressed that Beijing is willing to encourage investment in processing, and said the two "
     "countries should jointly resist bloc confrontation.", "en", 2),
    ("The minister thanked the Chinese side for sending a delegation to the forum and noted that the summit had "
     "opened a new chapter.", "en", 2),
    ("Le Kazakhstan adhère au principe d'une seule Chine, a-t-il déclaré, ajoutant que la partie kazakhe était "
     "disposée à accroître ses exportations.", "fr", 2),
])
def test_a_new_reported_clause_is_a_part_of_its_own(sentence, language, parts):
    assert len(split(sentence, language)) == parts


@pytest.mark.parametrize("sentence", [
    "Wang Yi said China values Kazakhstan as a trustworthy partner and supports Kazakhstan's chairmanship.",
    "The two sides will continue to support each other on core interests, and voiced their shared opposition to "
    "interference.",
])
def test_a_finite_verb_after_a_coordinator_opens_a_part(sentence):
    assert len(split(sentence, "en")) == 2



def test_a_present_verb_continues_a_french_que_clause():
    # « M. Wang a proposé que les membres renforcent…, établissent… et mettent en place… »: one proposal each
    assert not opens_with_finite_verb("établissent des voies rapides pour le fret", "fr")
    assert not opens_with_finite_verb("et mettent en place un mécanisme de coordination", "fr")


@pytest.mark.parametrize("sentence, language, parts", [
    # a phrasal verb opens its own action
    ("The two sides should push for an early start of the railway, and step up security cooperation", "en", 2),
    # one-word conjuncts after "to" or a modal share one object: one action
    ("China will encourage Chinese companies to invest and do business in Kyrgyzstan", "en", 1),
    ("The two sides should promote and protect investment", "en", 1),
    # a new modal predicate, and a finite verb before a determiner
    ("Kyrgyzstan stands ready to keep the crossings running smoothly, and will take effective measures", "en", 2),
    ("China supports Kyrgyzstan in upholding its independence, and opposes any external interference", "en", 2),
    # a second « que » clause of one reporting verb
    ("M. Wang a dit que la Chine soutenait l'Ouzbékistan dans ses réformes, et qu'elle s'opposait à toute "
     "ingérence extérieure.", "fr", 2),
])
def test_coordinated_predicates_from_the_second_dev_batch(sentence, language, parts):
    assert len(split(sentence, language)) == parts


@pytest.mark.parametrize("sentence, parts", [
    # a reporting verb after its bare subject and an adverbial opens no clause of its own
    ("Wang Yi, in turn, said that China is ready to send more vaccines", 1),
    ("The Kazakh minister, for his part, noted that Kazakhstan is ready to expand exports", 1),
    # …and so does any verb after a bare subject ("X, for his part, praised…")
    ("The Chinese minister, for his part, praised Kazakhstan's foreign policy and its role in the region", 1),
    # after a clause of its own it does
    ("Kazakhstan is ready to deepen cooperation with China, and said the two sides should meet more often", 2),
])
def test_a_reporting_verb_opens_a_part_only_after_a_clause_of_its_own(sentence, parts):
    assert len(split(sentence, "en")) == parts


def test_a_reporting_participle_ends_the_modal_of_the_part_before():
    from summarize.candidates import classify

    sentence = ("The six countries should firmly oppose unilateralism and protectionism, the Chinese minister "
                "said, noting that a trade war has no winners.")
    texts = parts(sentence, "en")
    assert len(texts) == 2
    assert [g for _, g in governing_modalities(texts, [classify(t) for t in texts], "en")] == [Modality.call, None]


def test_a_clause_with_its_own_subject_after_a_comma_is_a_part_of_its_own():
    fr = "Nous voulons relancer les vols directs, et les deux gouvernements signeront un accord en juin."
    assert [fr[a:b].strip(" ,") for a, b in split(fr, "fr")] == [
        "Nous voulons relancer les vols directs", "et les deux gouvernements signeront un accord en juin."]
    en = "Astana will keep funding the corridor, and we are ready to open a second terminal."
    assert len(split(en, "en")) == 2


def test_two_countries_as_one_subject_stay_one_part():
    fr = "Il a dit que la Mongolie et la Chine devraient ouvrir un nouveau poste-frontière."
    assert len(split(fr, "fr")) == 1
