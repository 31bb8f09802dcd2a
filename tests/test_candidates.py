"""Candidate sentences come from generic commitment and stance markers (French and English)."""

from __future__ import annotations

import pytest

from summarize.candidates import (agrees_on_a_judgement, category_of, classify, contexts_of, describes_the_meeting,
                                  is_programme, predicts)
from summarize.vocab import Actor, EventCategory, Modality, Stance, actors_named_in


@pytest.mark.parametrize("sentence, modality", [
    ("La Chine est prête à renforcer la coordination avec la Russie.", Modality.readiness),
    ("The two sides agreed to expand trade in farm products.", Modality.agreement),
    ("Les deux parties devraient approfondir la confiance politique mutuelle.", Modality.call),
    ("Beijing will host the next round of talks in June.", Modality.pledge),
    ("La Chine approfondira la coordination stratégique avec la Russie.", Modality.pledge),
    ("He proposed setting up a joint working group on water resources.", Modality.proposal),
    ("He asked the Chinese side to increase imports of farm products.", Modality.call),
    ("Il a demandé à la partie chinoise de faciliter la délivrance des visas.", Modality.call),
    # an interview speaks in the first person: « nous » and "we" commit as « il » and "he" do
    ("Nous invitons les sociétés européennes à investir dans nos mines.", Modality.proposal),
    ("Nous ne laisserons jamais notre sol servir à des attaques contre un voisin.", Modality.pledge),
    ("Nous souhaitons créer un lycée franco-kazakh à Almaty.", Modality.readiness),
    ("Nous sommes tout à fait prêts à accueillir la prochaine réunion.", Modality.readiness),
    ("We want to double the flights between our capitals.", Modality.readiness),
])
def test_commitment_markers_give_the_modality(sentence, modality):
    assert classify(sentence).modality == modality


@pytest.mark.parametrize("sentence, stance", [
    ("Le Kazakhstan soutient le principe d'une seule Chine.", Stance.support),
    ("The minister said his country rejects any interference in its internal affairs.", Stance.oppose),
    ("Il s'est dit préoccupé par la montée du protectionnisme.", Stance.concern),
    ("Couper les ponts avec Kaboul serait une erreur.", Stance.assessment),  # "would be a mistake"
])
def test_stance_markers_give_the_stance(sentence, stance):
    assert classify(sentence).stance == stance


def test_background_sentences_are_not_candidates():
    assert classify("Le président ouzbek avait effectué une visite d'Etat en Chine en janvier.") is None
    assert classify("The talks took place in the capital on Monday.") is None
    # a sentence that says it recalls the past is background whatever its verbs
    assert classify("Recall, the two presidents held a call in February and agreed to deepen ties.") is None
    assert classify("Pour rappel, les deux pays ont convenu d'ouvrir un consulat.") is None
    assert classify("The two presidents agreed to deepen ties.") is not None
    # a text "agreed" in the passive is a fact about a document, not the sides agreeing
    assert classify("He noted that the text of the peace treaty had been largely agreed.") is None


def test_joint_action_is_detected_from_the_sentence():
    assert classify("Les deux parties devraient renforcer leur coordination.").joint
    assert not classify("La Chine est disposée à travailler avec le Bélarus.").joint


def test_category_and_context_follow_plover():
    assert category_of("s'opposer à l'ingérence de forces extérieures") == EventCategory.OPPOSE
    assert category_of("signer un accord d'exemption de visa") == EventCategory.SUPPORT
    assert "health" in contexts_of("renforcer la coopération contre la pandémie")


def test_country_adjectives_and_acronyms_resolve_to_codes():
    assert actors_named_in("les relations sino-russes et l'OCS") >= {Actor.RUS.value, "SCO"}
    assert actors_named_in("le ministre kazakh") == {"KAZ"}


@pytest.mark.parametrize("english, part, frame", [
    ("Russia and China held talks in Beijing on Friday.", "Lavrov and Wang Yi held talks in Beijing on Friday", True),
    ("The sides discussed the implementation of agreements.", "The sides discussed the agreements reached at the "
     "highest level", True),
    ("China welcomed the talks held in Astana.", "Wang a salué les entretiens tenus à Astana", False),
    ("China opposes interference in internal affairs.", "la Chine s'oppose à l'ingérence", False),
])
def test_what_the_meeting_was_is_no_position(english, part, frame):
    assert describes_the_meeting(english, part) is frame


@pytest.mark.parametrize("text, kind", [
    ("the China-Kyrgyzstan-Uzbekistan railway will become a new transport artery", "prediction"),
    ("This project will turn Kyrgyzstan from a landlocked country into a land-linked one", "prediction"),
    ("Le sommet des chefs d'Etat de l'OCS se tiendra en septembre à Douchanbé", "schedule"),
    ("China will give support to Kazakhstan", None),  # binds an actor
    ("He recalled that Bishkek will host a summit of the CIS in September", "schedule"),
    ("Astana accueillera le prochain sommet de l'OCS", "schedule"),
    ("China will host more Kazakh students at its universities", None),
])
def test_a_future_that_predicts_or_schedules_binds_no_one(text, kind):
    assert predicts(text) == kind


@pytest.mark.parametrize("sentence, assessed", [
    ("Relations between the two countries have stood firm amid a changing landscape, Wang Yi noted.", True),
    ("« Les relations entre le Kazakhstan et la Chine n'ont jamais été aussi solides », a affirmé M. Idrissov.", True),
    ("Wang Yi said the two countries established diplomatic relations in 1992.", False),  # the object: a fact
    ("The two ministers held talks on bilateral relations on Monday.", False),  # nobody's voice
])
def test_what_a_speaker_says_of_the_relationship_is_an_assessment(sentence, assessed):
    found = classify(sentence)
    assert (found is not None and found.stance == Stance.assessment) is assessed


def test_a_past_meeting_or_a_planned_visit_is_no_stance():
    assert describes_the_meeting("China and Kyrgyzstan held a productive meeting in Samarkand only days ago.",
                                 "Wang Yi said that the two presidents held a productive meeting in Samarkand")
    assert describes_the_meeting("Kazakhstan's president will visit China.", "la visite d'Etat du président")
    assert not describes_the_meeting("China highly values the contribution.", "Beijing highly values the contribution")


def test_agreeing_on_a_judgement_binds_no_one():
    from summarize.candidates import agrees_on_a_judgement

    assert agrees_on_a_judgement("the two sides agreed that there is no military solution to the conflict")
    assert not agrees_on_a_judgement("the two sides agreed that they will hold the next round in Beijing")
    assert not agrees_on_a_judgement("the two sides agreed to expand trade")


def test_a_programme_binds_no_side_whatever_the_modal():
    # « doit être reçu par » / "is due to" say what will happen to someone: the organiser's diary
    assert is_programme("M. Dorj doit être reçu jeudi par le Premier ministre.")
    assert is_programme("Les ministres doivent être reçus dans la soirée par le président.")
    assert is_programme("The minister is scheduled to visit Tashkent next week.")
    assert is_programme("la visite d'Etat que le président doit effectuer en Chine à la fin du mois")
    assert is_programme("le programme de la visite, qui doit coïncider avec la mise en service de l'oléoduc")
    # a passive call and a modal call stay calls
    assert not is_programme("Les sanctions unilatérales doivent être levées.")
    assert not is_programme("Les deux parties doivent renforcer la coopération.")


def test_a_future_inside_what_a_stance_is_about_is_no_pledge():
    from summarize.candidates import stance_governs

    said = ("M. X s'est dit préoccupé par la situation dans le nord de l'Afghanistan, où des groupes terroristes "
            "continueraient de recruter des combattants.")
    assert stance_governs(said, classify(said))
    # a pledge first, a stance after: the pledge stands
    pledge = "La Chine renforcera la coopération avec le Kazakhstan et salue ses efforts."
    assert not stance_governs(pledge, classify(pledge))
    oppose = "La Chine s'opposera résolument aux forces extérieures qui sabotent les gouvernements légitimes."
    assert not stance_governs(oppose, classify(oppose))


def test_confidence_in_an_outcome_is_an_expectation_not_a_pledge():
    from summarize.candidates import expects_an_outcome
    assert expects_an_outcome("The two leaders expressed confidence that joint efforts will overcome the pandemic")
    assert not expects_an_outcome("China will continue to support Kazakhstan")
    assert not expects_an_outcome("They are confident that the talks were useful")  # no future: no expectation


def test_satisfaction_is_an_assessment_and_a_feminine_plural_pledge_is_a_pledge():
    noted = classify("The two ministers noted with satisfaction that trade had doubled since 2020.")
    assert noted is not None and noted.stance == Stance.assessment
    french = classify("Les parties se sont déclarées satisfaites des résultats de la commission mixte.")
    assert french is not None and french.stance == Stance.assessment
    pledged = classify("Les deux parties se sont engagées à ouvrir un nouveau poste-frontière.")
    assert pledged is not None and pledged.modality == Modality.pledge and pledged.joint


def test_a_future_said_of_an_event_or_a_thing_is_a_prediction_not_a_pledge():
    assert predicts("He said the summit would mark a turning point for the region") == "prediction"
    assert predicts("Il a estimé que l'élargissement ne changerait pas la nature de l'organisation") == "prediction"
    assert predicts("la coopération sino-kazakhe se développera encore") == "prediction"
    # a side, or a body that acts, binds itself
    assert predicts("Il a ajouté que le secrétariat aiderait les nouveaux membres") is None
    assert predicts("China will expand cooperation with Kazakhstan") is None



def test_nouns_ending_like_a_future_are_no_pledge():
    assert classify("Les environs de la capitale ont accueilli les patrons.") is None


def test_wanting_to_be_is_a_stance_not_a_pledge():
    for sentence in ("La Turquie veut être un pont entre l'Europe et l'Asie.", "We want to be a dependable neighbour."):
        found = classify(sentence)
        assert found is None or found.modality is None


def test_a_briefings_stock_answer_is_no_pledge():
    assert predicts("Nous communiquerons les détails en temps utile.") == "schedule"
    assert predicts("We will release relevant information in due course.") == "schedule"


def test_readiness_as_a_noun_marks_readiness():
    found = classify("The minister confirmed the readiness of his country: to buy more gas; to build a new line.")
    assert found is not None and found.modality == Modality.readiness


def test_asking_the_guest_to_convey_greetings_is_no_request():
    assert classify("President Japarov asked Wang Yi to convey his warm greetings to President Xi Jinping.") is None
    found = classify("He asked the Chinese side to support the railway project.")
    assert found is not None and found.modality == Modality.call


def test_agreeing_that_the_next_meeting_will_be_held_binds_the_sides():
    assert not agrees_on_a_judgement("Les ministres ont convenu que la prochaine réunion se tiendrait à Minsk.")
    assert agrees_on_a_judgement("Les ministres ont convenu que la situation restait complexe.")


def test_a_head_of_states_instruction_to_his_government_binds_his_state():
    for sentence in ("After the talks, the President instructed the Government to speed up the new border crossing.",
                     "A l'issue de l'entretien, le président a chargé le gouvernement d'accélérer les travaux."):
        found = classify(sentence)
        assert found is not None and found.modality == Modality.pledge


def test_counting_on_doing_is_an_intention():
    found = classify("Il a indiqué que la Russie comptait faire des transports une priorité de sa présidence.")
    assert found is not None and found.modality == Modality.readiness
    assert classify("Le pays compte entre 10 et 20 projets communs.") is None
