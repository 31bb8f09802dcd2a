"""A stance the sentence answer left out is asked for once, for that part only (one line), never invented."""

from __future__ import annotations

from summarize import prompt
from summarize.errors import ModelOutputError
from summarize.extract import Extractor, Settings, _Part
from summarize.model import CallStats

PARTS = [_Part(0, 41, "Kazakhstan is ready to expand gas exports"),
         _Part(41, 87, "and firmly supports the one-China principle")]
FIRST = prompt.sentence_draft_model(["CHN", "KAZ"], 2).model_validate(
    {"items": ["1 commitment KAZ: Kazakhstan is ready to expand gas exports."]})


class Caller:
    def __init__(self, reply: str | None):
        self.reply, self.asked = reply, []

    def ask(self, model, messages, max_tokens, stats):
        self.asked.append((model.__name__, messages[-1]["content"]))
        if self.reply is None:
            raise ModelOutputError("no valid reply")
        return model.model_validate({"items": [self.reply]})


def follow_up(caller: Caller, first=FIRST):
    return Extractor(caller, Settings())._missed_stance(["CHN", "KAZ"], PARTS, [{"role": "user", "content": "…"}],
                                                       first, CallStats())


def test_the_left_out_stance_is_asked_for_its_part_only():
    caller = Caller("2 position KAZ: Kazakhstan firmly supports the one-China principle.")
    answer = follow_up(caller)
    assert caller.asked == [("StanceDraft", prompt.missed_stance_note(2))]
    assert [(i.part, i.type) for i in answer.parsed()] == [(1, "commitment"), (2, "position")]


def test_no_follow_up_when_every_stance_part_has_its_item():
    both = prompt.sentence_draft_model(["CHN", "KAZ"], 2).model_validate(
        {"items": ["1 commitment KAZ: Kazakhstan is ready to expand gas exports.",
                   "2 position KAZ: Kazakhstan firmly supports the one-China principle."]})
    caller = Caller(None)
    assert follow_up(caller, both) is both and caller.asked == []


def test_a_failed_or_copied_follow_up_leaves_the_answer_as_it_was():
    assert follow_up(Caller(None)) is FIRST
    assert follow_up(Caller("2 position KAZ: Kazakhstan is ready to expand gas exports.")) is FIRST
