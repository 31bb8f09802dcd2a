"""The lean request path sends the bytes ``instructor.create`` sent, and keeps its validation and re-asks.

``ModelCaller`` builds each response model's request shape once with instructor's own pieces and
posts through openai's client; these tests run ``instructor.create`` itself beside it on the same
scripted transport and compare the request bodies byte for byte (the call cache key, the Batch API
custom_id and the cassettes all depend on them).
"""

from __future__ import annotations

import json

import httpx2
import instructor
import openai
import pytest

from summarize import prompt
from summarize.backend import Backend
from summarize.errors import ModelOutputError
from summarize.model import ModelCaller, _reask_turns, call_hash

MEETING = prompt.meeting_messages("Le ministre chinois Wang Yi a rencontré « son homologue » Mukhtar Tileuberdi.")
SENTENCE = prompt.sentence_messages("CHN = Wang Yi, minister; KAZ = Mukhtar Tileuberdi, minister",
                                    "Wang Yi (CHN)", ['La Chine est "prête" à renforcer', "et à soutenir"])
SENTENCE_MODEL = prompt.sentence_draft_model(["CHN", "KAZ"], 2)
GOOD_SENTENCE = json.dumps({"items": ["1 commitment CHN: China will deepen cooperation with Kazakhstan."]})
GOOD_MEETING = json.dumps({"kind": "bilateral_meeting", "place": "Astana", "forum": "", "participants": [
    {"name": "Wang Yi", "role": "Foreign Minister", "country": "CHN"}]})
TOO_LONG = json.dumps({"items": ["1 commitment CHN: China will " + "really " * 70 + "deepen cooperation."]})


def completion(content: str, finish_reason: str = "stop", ident: str = "chatcmpl-1") -> dict:
    return {"id": ident, "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None,
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}


class Recorder:
    """A transport answering scripted contents in turn and keeping every request body's bytes."""

    def __init__(self, *answers: dict):
        self.answers = list(answers)
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.bodies.append(request.content)
        return httpx2.Response(200, json=self.answers.pop(0))


def lean(recorder: Recorder, **kwargs) -> ModelCaller:
    backend = Backend(name="openai", model="m", base_url="http://model.test/v1", api_key="k")
    return ModelCaller(backend, http_client=httpx2.Client(transport=httpx2.MockTransport(recorder)),
                       wait=lambda state: 0.0, **kwargs)


def reference(recorder: Recorder):
    """What the pipeline called before: instructor.create on an openai client, JSON_SCHEMA mode."""
    client = openai.OpenAI(base_url="http://model.test/v1", api_key="k", max_retries=0,
                           http_client=httpx2.Client(transport=httpx2.MockTransport(recorder)))
    return instructor.from_openai(client, mode=instructor.Mode.JSON_SCHEMA)


@pytest.mark.parametrize("model, messages, answer, budget", [
    (prompt.MeetingDraft, MEETING, GOOD_MEETING, 530),
    (SENTENCE_MODEL, SENTENCE, GOOD_SENTENCE, 120),
], ids=["meeting", "sentence"])
def test_request_bytes_are_those_instructor_create_sent(model, messages, answer, budget):
    ours, theirs = Recorder(completion(answer)), Recorder(completion(answer))
    got = lean(ours).ask(model, messages, max_tokens=budget)
    expected = reference(theirs).create(response_model=model, messages=messages, model="m", max_retries=0,
                                        temperature=0.0, max_tokens=budget)
    assert ours.bodies == theirs.bodies
    assert got.model_dump() == expected.model_dump()


def test_a_reask_after_an_invalid_reply_carries_instructors_error_text_byte_for_byte():
    ours = Recorder(completion(TOO_LONG, ident="chatcmpl-a"), completion(GOOD_SENTENCE))
    lean(ours).ask(SENTENCE_MODEL, SENTENCE, max_tokens=120)
    theirs = Recorder(completion(TOO_LONG, ident="chatcmpl-a"))
    with pytest.raises(instructor.core.InstructorRetryException) as failure:
        reference(theirs).create(response_model=SENTENCE_MODEL, messages=SENTENCE, model="m", max_retries=0,
                                 temperature=0.0, max_tokens=120)
    second = json.loads(ours.bodies[1])
    assert second["messages"] == SENTENCE + _reask_turns(failure.value)
    assert "text has" in second["messages"][-1]["content"] and "<failed_attempts>" in second["messages"][-1]["content"]


def test_a_cut_off_reply_is_reasked_shorter_and_the_cap_still_holds():
    recorder = Recorder(completion(GOOD_SENTENCE[:20], finish_reason="length"),
                        completion(GOOD_SENTENCE[:20], finish_reason="length"))
    with pytest.raises(ModelOutputError, match="cut off"):
        lean(recorder, max_reasks=1).ask(SENTENCE_MODEL, SENTENCE, max_tokens=120)
    assert len(recorder.bodies) == 2
    assert "too long" in json.loads(recorder.bodies[1])["messages"][-1]["content"]


def test_the_call_hash_of_the_fast_path_equals_the_hash_of_the_whole_body():
    recorder = Recorder(completion(GOOD_SENTENCE))
    logged = []
    lean(recorder, loggers=[logged.append]).ask(SENTENCE_MODEL, SENTENCE, max_tokens=120)
    body = json.loads(recorder.bodies[0])
    assert logged[0].key == call_hash(body)
    assert json.loads(logged[0].canonical) == body
