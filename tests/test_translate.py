"""An item the model left in French after the re-ask, or whose text uses a fixed term of the prompt its
source never says, is translated from its part by a call of its own."""

from __future__ import annotations

from summarize import prompt
from summarize.errors import ModelOutputError
from summarize.extract import Extractor, Settings, _Part
from summarize.language import detect_language
from summarize.model import CallStats


def _french(text: str) -> bool:
    return detect_language(text) == "fr"


class _Caller:
    """Answers the translation call as the model would; records what it was asked."""

    def __init__(self, english: str | None):
        self.english, self.asked = english, []

    def ask(self, model, messages, *, max_tokens, stats=None, context=None):
        self.asked.append(messages[-1]["content"])
        if self.english is None:
            raise ModelOutputError("no valid answer")
        return model.model_validate({"text": self.english})


PART = "et qu'elle était disposée à accroître ses investissements dans les zones industrielles de l'Ouzbékistan"


def _draft(text: str):
    model = prompt.sentence_draft_model(["CHN", "UZB"], 1)
    return model, model.model_validate({"items": [f"1 commitment CHN: {text}"]})


def test_a_french_item_is_replaced_by_the_translation_of_its_part():
    model, draft = _draft("China est disposive aux accroissements de ses investissements dans les zones industrielles de l'Ouzbekistan.")
    caller = _Caller("China is ready to increase its investments in Uzbekistan's industrial zones.")
    out = Extractor(caller, Settings())._translated(model, ["CHN", "UZB"], [_Part(0, len(PART), PART)], draft,
                                                   CallStats(), _french)
    assert out.parsed()[0].text == "China is ready to increase its investments in Uzbekistan's industrial zones."
    assert out.parsed()[0].actor == "CHN" and out.parsed()[0].type == "commitment"
    # the call shows the part, not the French answer, and asks for a sentence that opens with the subject
    assert "TASK translate" in caller.asked[0] and "Subject: China" in caller.asked[0] and "disposée" in caller.asked[0]


def test_an_english_item_costs_no_call_and_a_failed_translation_keeps_the_item():
    model, draft = _draft("China is ready to increase its investments in Uzbekistan.")
    caller = _Caller("China will do something else entirely.")
    assert Extractor(caller, Settings())._translated(model, ["CHN", "UZB"], [_Part(0, 5, PART[:5])], draft,
                                                     CallStats(), _french) == draft
    assert caller.asked == []
    model, draft = _draft("China est disposive aux accroissements de ses investissements dans les zones industrielles de l'Ouzbekistan.")
    failing = _Caller(None)
    assert Extractor(failing, Settings())._translated(model, ["CHN", "UZB"], [_Part(0, len(PART), PART)], draft,
                                                      CallStats(), _french) == draft


CORRIDOR = "de développer ensemble le corridor de transport Nord-Sud"


def test_a_fixed_term_the_part_never_says_is_translated_again_or_kept():
    def invented(text: str) -> bool:
        return bool(prompt.invented_terms(text, CORRIDOR))

    model, draft = _draft("China proposed to develop the Belt and Road Initiative corridor together.")
    caller = _Caller("China proposed to develop the North-South transport corridor together.")
    out = Extractor(caller, Settings())._translated(model, ["CHN", "UZB"], [_Part(0, len(CORRIDOR), CORRIDOR)],
                                                   draft, CallStats(), invented)
    assert out.parsed()[0].text == "China proposed to develop the North-South transport corridor together."
    # a translation that invents the term again is no better: the item stays, to be flagged
    again = _Caller("China proposed the Belt and Road corridor.")
    assert Extractor(again, Settings())._translated(model, ["CHN", "UZB"], [_Part(0, len(CORRIDOR), CORRIDOR)],
                                                    draft, CallStats(), invented) == draft


def test_a_fixed_term_still_invented_is_flagged_on_the_item():
    from summarize.extract import _text_flags

    assert "term_not_in_source: 'belt and road'" in _text_flags("China proposed the Belt and Road corridor.", CORRIDOR)
    assert not any(f.startswith("term_not_in_source") for f in
                   _text_flags("China will advance the Belt and Road Initiative.", "la Ceinture et la Route"))
