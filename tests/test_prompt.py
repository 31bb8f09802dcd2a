"""The answer shapes the model fills in: bounded, English, never cut mid-phrase."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from summarize.prompt import sentence_draft_model, sentence_messages, shown


def draft(line: str):
    return sentence_draft_model(["CHN", "KAZ"], 2).model_validate({"items": [line]})


def test_a_complete_english_line_validates():
    assert draft("1 commitment CHN: China will expand trade with Kazakhstan.").parsed()[0].actor == "CHN"


@pytest.mark.parametrize("line", [
    "1 commitment CHN: China will strengthen cooperation against the",  # cut where a quote was copied
    "1 commitment CHN: China will work with Kazakhstan in the field of",
])
def test_a_text_that_stops_mid_phrase_is_re_asked(line):
    with pytest.raises(ValidationError, match="middle of a phrase"):
        draft(line)


def test_a_name_that_ends_like_an_article_is_no_cut():
    assert draft("1 commitment KAZ: Kazakhstan proposed to open a trade house in Xi'an").parsed()[0].actor == "KAZ"


def test_french_accents_cannot_be_written_in_an_item_text():
    with pytest.raises(ValidationError):
        draft("1 commitment CHN: China soutiendra le développement du Kazakhstan.")


def test_the_prompt_shows_no_double_quote_the_model_could_copy():
    assert shown('la coopération contre les "trois forces"') == "la coopération contre les 'trois forces'"
    message = sentence_messages("CHN = Wang Yi", "Wang Yi (CHN)", ['renforcer la lutte contre les "trois forces"'])
    assert '"' not in message[-1]["content"]


def test_past_the_reask_cap_only_the_lines_that_validate_on_their_own_are_kept():
    from summarize import prompt
    model = prompt.sentence_draft_model(["CHN", "KAZ"], 2)
    reply = ('{"items": ["1 commitment CHN: China will expand trade with Kazakhstan and the", '
             '"2 position KAZ: Kazakhstan supports the one-China principle."]}')
    kept = prompt.salvage(model, reply)
    assert [i.part for i in kept.parsed()] == [2]  # the line cut after "and the" is not kept
    assert prompt.salvage(model, '{"items": ["1 commitment CHN: China will') is None


def test_a_line_somewhat_over_the_word_bound_is_kept_without_a_reask_and_a_far_longer_one_is_not():
    from summarize import prompt
    model = prompt.sentence_draft_model(["CHN", "MNG"], 1)
    long_text = "China said the two sides should " + " ".join(["align plans and build roads"] * 8) + "."
    line = f"1 commitment CHN: {long_text}"
    assert prompt.TEXT_WORDS < len(long_text.split()) <= prompt.SALVAGE_WORDS
    # kept as it is (the pipeline flags it over_length): at temperature 0 a re-ask returns the same text
    assert [i.part for i in model.model_validate({"items": [line]}).parsed()] == [1]
    far_too_long = "1 commitment CHN: China said " + " ".join(["we will build roads"] * 20) + "."
    with pytest.raises(ValueError):  # re-asked first, then salvaged or flagged
        model.model_validate({"items": [far_too_long]})
    assert prompt.salvage(model, '{"items": ["' + far_too_long + '"]}') is None


def test_courtesy_titles_are_no_part_of_a_name_and_do_not_count_against_its_bound():
    from summarize.prompt import PersonDraft

    person = PersonDraft(name="YB Dato' Seri Utama Haji Mohamad bin Haji Hasan", role="Foreign Minister",
                         country="MYS")
    assert person.name == "Mohamad bin Haji Hasan"
    with pytest.raises(ValidationError):
        PersonDraft(name="Ali Baba Chen Dong Erkin Farid Gulnara Hasan Ivan", role="Minister", country="MYS")
    # an office before the name is no part of it either (the pipeline stores the name without it)
    assert PersonDraft(name="Deputy Prime Minister and Foreign Minister Senator Mohammad Ishaq Dar",
                       role="Foreign Minister", country="PAK").name == "Mohammad Ishaq Dar"


def test_a_meeting_reply_cut_at_the_token_limit_keeps_its_whole_participants():
    from summarize.prompt import salvage_meeting

    # a small model that loops: the same person again and again until max_tokens cuts it mid-object
    cut = ('{\n  "kind": "press_conference",\n  "place": "Moscow",\n  "forum": "",\n  "participants": [\n'
           + '    {\n      "name": "Imangali Tasmagambetov",\n      "role": "Secretary-General",\n'
             '      "country": "CSTO"\n    },\n' * 3
           + '    {\n      "name": "Imangali Tasmag')
    draft = salvage_meeting(cut)
    assert draft is not None and (draft.kind.value, draft.place) == ("press_conference", "Moscow")
    assert [(p.name, p.role, p.country) for p in draft.participants] == \
        [("Imangali Tasmagambetov", "Secretary-General", "CSTO")]
    # nothing whole to keep: no draft (the caller falls back to what the text gives)
    assert salvage_meeting('{\n  "kind": "summit",\n  "participants": [\n    {\n      "name": "Xi') is None
    assert salvage_meeting("") is None


def test_a_fixed_term_the_source_never_says_is_caught():
    from summarize.prompt import invented_terms

    assert invented_terms("Kazakhstan proposed to build the Belt and Road Initiative port.",
                          "Il a proposé de construire le port fluvial de Pavlodar.") == ["belt and road"]
    assert invented_terms("China will advance the Belt and Road Initiative.",
                          "La Chine fera avancer « la Ceinture et la Route ».") == []
    assert invented_terms("Both sides hailed their comprehensive strategic partnership.",
                          "Les deux parties ont salué leur partenariat stratégique.") == \
        ["comprehensive strategic partnership"]
