"""The attribution convention (tests/gold/GUIDELINES.md v2): one voice's "both sides should" is that
side's call; joint only where the report has both sides act; else the clause's opening actor."""

from __future__ import annotations

import pytest

from summarize.attribution import Voice, actors_for, clause_subject, holders_of, side_speaking, sides_speaking
from summarize.vocab import fold, mentions_in

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
    "Under the joint declaration, the sides will coordinate their positions at the United Nations",
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


# -- rules added from dev-half errors ---------------------------------------------------------------

def test_jointly_in_one_voice_is_that_sides_pledge():
    lavrov = Voice(speaker="RUS", reported=True)
    sentence = "Lavrov said Russia values the partnership and will jointly oppose attempts to replace international law"
    assert actors(sentence, "will", chosen="BOTH", voice=lavrov, countries=["RUS", "CHN"]) == ["RUS"]


def test_a_hope_that_both_sides_will_act_is_the_speakers():
    assert actors("He expressed the hope that the two sides will step up coordination", "hope",
                  voice=Voice(speaker="KAZ", reported=True), chosen="BOTH") == ["KAZ"]


@pytest.mark.parametrize("sentence", [
    "Les deux ministres ont par ailleurs convenu de renforcer la communication au sein de l'OCS",
    "Dans la déclaration, les parties s'opposent à l'ingérence dans les affaires intérieures",
])
def test_adverbs_and_the_present_do_not_hide_a_joint_act(sentence):
    assert actors(sentence) == ["CHN", "KAZ"]


def test_at_a_meeting_of_many_the_sides_agreeing_are_all_sides():
    sides = ["CHN", "KAZ", "KGZ", "TJK", "UZB"]
    assert actors("Les participants ont en outre convenu de renforcer la lutte contre le terrorisme",
                  countries=sides) == sides


def test_a_judgement_is_the_speakers_whatever_the_clause_subject():
    chinese_minister = Voice(speaker="CHN", reported=True, named_here=True)
    sentence = "He noted that Tajikistan plays an important role in maintaining stability"
    assert actors_for(sentence, (0, len(sentence)), None, "TJK", chinese_minister, ["CHN", "TJK"], "TJK",
                      stance=True) == ["CHN"]
    # a readiness is the clause subject's, even in another's words
    ready = "He said Tajikistan is ready to expand cooperation"
    assert actors_for(ready, (0, len(ready)), "ready to", "CHN", chinese_minister, ["CHN", "TJK"], "TJK") == ["TJK"]


def test_a_side_named_by_its_office_speaks():
    assert side_speaking(fold("while the Turkmen president said his country is ready"), ["CHN", "TKM"])[1] == "TKM"
    assert side_speaking(fold("Le ministre kazakh a indiqué que"), ["CHN", "KAZ"])[1] == "KAZ"
    assert side_speaking(fold("Wang Yi said the Kazakh side should"), ["CHN", "KAZ"]) is None


def test_a_stance_the_five_central_asian_countries_state_beside_another_side_is_held_by_their_group():
    assert holders_of(["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"]) == ["CHN", "CENTRAL_ASIA"]
    assert holders_of(["CHN", "KAZ"]) == ["CHN", "KAZ"]
    # the five alone, in a "Japan + Central Asia" dialogue or a summit of the five: one position each
    assert holders_of(["KAZ", "KGZ", "TJK", "TKM", "UZB"]) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert holders_of(["TJK", "UZB", "CENTRAL_ASIA"]) == ["TJK", "UZB", "KAZ", "KGZ", "TKM"]
    assert holders_of(["CHN", "CENTRAL_ASIA"]) == ["CHN", "CENTRAL_ASIA"]


@pytest.mark.parametrize("sentence", [
    "He thanked China for providing vaccines at a difficult time.",
    "Il a salué les efforts de la Chine pour la stabilité régionale.",
])
def test_a_pronoun_subject_is_the_person_last_named(sentence):
    kazakh_speaks = Voice(speaker="KAZ", reported=True)
    assert actors(sentence, chosen="CHN", voice=kazakh_speaks) == ["KAZ"]


def test_the_impersonal_il_is_no_speaker():
    assert actors("Il faut que la Chine renforce la coopération.", chosen="CHN",
                  voice=Voice(speaker="KAZ", reported=True)) == ["CHN"]


def test_a_side_named_by_its_office_speaks_through_an_inserted_phrase():
    assert side_speaking(fold("Le président mongol a pour sa part indiqué que son pays était prêt"),
                         ["CHN", "MNG", "RUS"]) == (13, "MNG")


def test_according_to_a_source_the_clause_subject_still_decides():
    from summarize.attribution import clause_subject
    from summarize.vocab import fold
    assert clause_subject("", fold("According to the Chinese minister, China will fully support Russia's "
                                   "chairmanship"), "will") == ["CHN"]


def test_an_adjective_names_its_country_in_every_agreement():
    # French adjectives agree with their noun: « la partie mongole », « les entreprises chinoises »
    assert mentions_in(fold("selon lui, la partie mongole souhaite"))[0][2] == "MNG"
    assert {c for _, _, c in mentions_in(fold("les ministres indienne et turque"))} == {"IND", "TUR"}
    assert {c for _, _, c in mentions_in(fold("Kazakhstani and Uzbekistani officials"))} == {"KAZ", "UZB"}


def test_a_side_that_opens_the_clause_of_a_future_is_bound_by_it():
    from summarize.attribution import a_side_acts
    said = "The minister stated that China would continue to provide Pakistan with assistance."
    assert a_side_acts(said, (0, len(said)), "would", ["CHN", "PAK"])
    # « ajoutant que son pays … »: a participle in -ant still opens the clause with « que »
    said = "a-t-il dit, ajoutant que son pays respecterait l'engagement pris en 2016."
    assert a_side_acts(said, (12, len(said)), "engagement", ["CHN", "MNG"])
    said = "The new railway will become an artery of trade between China and Kazakhstan."
    assert not a_side_acts(said, (0, len(said)), "will", ["CHN", "KAZ"])


def test_a_side_named_by_its_office_speaks_with_any_reporting_verb():
    assert side_speaking(fold("The Chinese side reiterated that the issue is a dispute"), ["CHN", "PAK"])[1] == "CHN"


def test_both_sides_as_the_subject_of_one_speakers_words_are_that_speakers():
    said = "According to the Russian minister, Moscow and Beijing will continue to coordinate their approaches."
    assert actors_for(said, (0, len(said)), "will", "RUS", Voice("RUS", True, True), ["RUS", "CHN"], "CHN") == ["RUS"]
    # the narrator's own report of both sides keeps both
    said = "Russia and China will continue to coordinate their approaches at the UN."
    assert actors_for(said, (0, len(said)), "will", "RUS", Voice("RUS", True), ["RUS", "CHN"], "CHN") == ["RUS", "CHN"]


@pytest.mark.parametrize("sentence", [
    "Ils ont estimé que la communauté internationale devrait fournir une aide humanitaire à l'Afghanistan",
    "The two ministers stressed that Afghanistan must never again become a haven for terrorists",
    "They noted with satisfaction that trade had reached a record level",
])
def test_both_sides_as_the_voice_is_joint_whatever_the_verb_inside(sentence):
    assert actors(sentence, "devr" if "devr" in sentence else None) == ["CHN", "KAZ"]


def test_one_voice_reporting_what_both_should_do_stays_that_voices():
    assert actors("Les deux parties devraient renforcer leur coordination, a-t-il dit", "devr") == ["CHN"]
    assert actors("He said that they should strengthen their coordination", "should") == ["CHN"]


def test_he_said_the_sides_will_is_one_voice_not_joint():
    assert actors("He said the sides will coordinate their positions at the United Nations", "will") == ["CHN"]


def test_a_predicate_without_a_subject_of_its_own_shares_the_sentences():
    # the model read the "that"-clause ("Taiwan is part of China's territory") and gave the stance to China
    said = ("Kazakhstan firmly adheres to the one-China principle, recognizes that Taiwan is an inalienable part "
            "of China's territory, and firmly supports China's position on Xinjiang.")
    chinese_speaker = Voice(speaker="CHN", reported=True, named_here=False)
    for opening in ("recognizes that", "and firmly supports"):
        at = said.index(opening)
        end = said.find(",", at)
        span = (at, end if end > 0 else len(said))
        assert actors_for(said, span, None, "CHN", chinese_speaker, ["CHN", "KAZ"], "KAZ", stance=True) == ["KAZ"]
    # both sides as the subject of one speaker's words stay that speaker's call
    call = "Xi said China and Turkmenistan should speed up the pipeline, expand gas trade and explore 5G."
    at = call.index("expand")
    assert actors_for(call, (at, call.index(" and explore")), "should", "TKM",
                      Voice(speaker="CHN", reported=True, named_here=True), ["CHN", "TKM"], "TKM") == ["CHN"]


def test_an_office_of_a_country_speaks():
    assert side_speaking(fold("In turn, the President of Turkmenistan stated that our country is ready"),
                         ["CHN", "TKM"])[1] == "TKM"


def test_they_with_a_clitic_before_the_verb_act_together():
    from summarize.attribution import joint_by_report

    said = "Ils y expriment aussi leur préoccupation face à la situation humanitaire en Afghanistan."
    assert joint_by_report(said, "", fold(said))
    one = "Il y exprime sa préoccupation face à la situation humanitaire en Afghanistan."
    assert not joint_by_report(one, "", fold(one))


def test_what_the_narrator_says_a_third_party_will_do_binds_no_side():
    narrator = Voice(speaker="UZB", reported=False)
    said = "Le président américain Joe Biden doit d'ailleurs rencontrer les cinq dirigeants la semaine prochaine."
    assert actors_for(said, (0, len(said)), "doit", "UZB", narrator, ["TJK", "UZB"], None) == []
    # in a speaker's words a call on a third party stays the speaker's
    reported = Voice(speaker="CHN", reported=True)
    call = "Wang said the United States should lift its unilateral sanctions."
    at = call.index("the United States")
    assert actors_for(call, (at, len(call)), "should", "USA", reported, ["CHN", "KAZ"], "KAZ") == ["CHN"]


def test_a_proposal_named_as_someone_elses_is_no_marker():
    from summarize.candidates import classify

    assert classify("Kazakhstan highly appreciates the Global Development Initiative proposed by President Xi.").modality is None
    assert classify("Wang proposed that the two sides hold a strategic dialogue.").modality.value == "proposal"


def test_a_contrast_opens_a_clause_with_its_own_subject():
    # at a summit of many, "while the Kyrgyz president invited…" is Kyrgyzstan's, not the Uzbek speaker's
    sentence = ("The Uzbek president called for the early launch of the railway, while the Kyrgyz president "
                "invited the leaders to the World Nomad Games.")
    start = sentence.index("while")
    sides = ["CHN", "KAZ", "KGZ", "UZB"]
    assert actors_for(sentence, (start, len(sentence)), None, "UZB", Voice("UZB", True), sides, None) == ["KGZ"]


def test_a_predicate_without_subject_after_a_pronoun_is_the_speakers():
    # "He proposed X and urged Y": "urged" is his, whatever side the model picked for the part
    sentence = "He proposed setting up an investment fund and urged the member states to build a logistics space."
    start = sentence.index("and urged")
    assert actors_for(sentence, (start, len(sentence)), "urged", "CHN", Voice("KAZ", True),
                      ["CHN", "KAZ", "RUS"], None) == ["KAZ"]


def test_feminine_plural_agreement_is_joint():
    # « Elles » (les parties) « sont convenues de… »: both sides agreed
    sentence = "Elles sont convenues de renforcer la coordination au sein de l'ONU et de l'OCS."
    assert actors_for(sentence, (0, len(sentence)), None, "RUS", Voice("RUS", False), ["RUS", "CHN"],
                      "CHN") == ["RUS", "CHN"]


def test_a_side_speaks_by_a_compound_office():
    before = fold("The Azerbaijani Deputy Prime Minister stated that ")
    assert side_speaking(before, ["KAZ", "AZE"])[1] == "AZE"


def test_every_side_that_speaks_by_its_office_is_found_in_reading_order():
    folded = fold("Le président tadjik a salué l'accord, tandis que le président kirghiz s'est inquiété des prix.")
    assert [code for _, code in sides_speaking(folded, ["KGZ", "TJK", "CHN"])] == ["TJK", "KGZ"]
    # a side named in another speaker's words does not speak
    assert sides_speaking(fold("He said the Kyrgyz side should open the border."), ["KGZ"]) == []


def test_a_side_speaks_past_the_relative_clause_that_describes_it():
    from summarize.attribution import side_speaking
    from summarize.vocab import fold

    text = fold("Le président mongol, qui recevait son hôte pour la première fois, a souligné les liens avec la partie turque.")
    assert side_speaking(text, ["TUR", "MNG"], before=60) == (13, "MNG")


def test_a_pronoun_still_speaks_after_naming_its_verbs_object():
    from summarize.extract import _Person, _speaks_before
    from summarize.meeting_fields import mention_pattern
    from summarize.schema import Participant
    from summarize.vocab import fold

    guest = _Person(Participant(name="Rashid Meredov", role="Foreign Minister", actor="TKM"), "Foreign Minister",
                    mention_pattern(["Rashid Meredov"]))
    invited = fold("He invited Minister Meredov to visit Ulaanbaatar and asked the Turkmen side to back the bid.")
    assert not _speaks_before(guest, invited, len(invited))  # the object of "invited"
    said = fold("He recalled the talks, and Meredov said Ashgabat would host the next round.")
    assert _speaks_before(guest, said, len(said))


def test_a_capital_opening_the_clause_acts_for_its_state():
    from summarize.attribution import capital_subject

    sides = ["KAZ", "UZB"]
    assert capital_subject("", fold("Selon lui, Astana est prête à augmenter ses livraisons"), None, sides) == "KAZ"
    assert capital_subject("", fold("Tashkent will host the next round"), None, sides) == "UZB"
    assert capital_subject("", fold("Moscow will host the next round"), None, sides) is None  # no side here
    assert capital_subject("", fold("la ville de Tachkent accueillera"), None, sides) is None


def test_the_head_of_state_after_an_opening_phrase_is_the_president():
    from summarize.attribution import office_subject

    roles = ["minister of foreign affairs", "president"]
    assert office_subject(fold("Warmly welcoming the guest, the head of state said ties were strong."), roles) == 1
    assert office_subject(fold("Le chef de l'Etat a souligné l'importance des liens."), roles) == 1


def test_names_in_an_opening_phrase_are_not_its_subject():
    from summarize.attribution import opening_phrase_end

    text = fold("Meeting Foreign Minister Bakhtiyor Saidov in Moscow, Lavrov said the two sides should act.")
    assert text[opening_phrase_end(text):].startswith("lavrov said")
    assert opening_phrase_end(fold("Lavrov said that, in his view, ties were strong.")) == 0


def test_an_analysts_quote_is_no_sides_words():
    from summarize.attribution import commentary

    sentences = ["Wang said China is ready to expand trade.",
                 "\"Tashkent needs both partners,\" said Kamila Yusupova, a Tashkent-based economist.",
                 "\"Moscow should not worry.\"",
                 "She said Uzbekistan would keep its options open.",
                 "Wang added that China will open two consulates."]
    assert commentary(sentences) == {1, 2, 3}


def test_a_side_named_by_its_office_speaks_past_a_parenthesis():
    sides = ["FRA", "KGZ", "TKM"]
    assert sides_speaking(fold("Le président kirghiz a, de son côté, appelé la France à soutenir le projet."), sides) \
        == [(13, "KGZ")]
    assert [c for _, c in sides_speaking(fold("Le chef de l'Etat turkmène a réaffirmé la neutralité."), sides)] == ["TKM"]


def test_the_subject_of_an_agreements_own_clause_is_bound_by_it():
    assert clause_subject("", fold("a grant agreement, under which China will finance new schools"), "will") == ["CHN"]
