"""The two retry layers, against a scripted in-process transport (no network).

Transport faults are retried below instructor and never reach the prompt;
invalid or cut-off replies are re-asked with the last error only, under a cap.
"""

from __future__ import annotations

import json

import httpx2
import pytest
from pydantic import BaseModel

from summarize.backend import Backend
from summarize.errors import BackendError, ModelOutputError
from summarize.model import CallStats, ModelCaller


class Answer(BaseModel):
    name: str


def completion(content: str, finish_reason: str = "stop") -> dict:
    return {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": finish_reason,
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}


class Script:
    """Answers each request with the next scripted (status, body, headers)."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.requests: list[dict] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(json.loads(request.content))
        status, body, headers = self.steps.pop(0)
        return httpx2.Response(status, json=body, headers=headers)


def caller_for(script: Script, **kwargs) -> ModelCaller:
    backend = Backend(name="openai", model="m", base_url="http://model.test/v1", api_key="k")
    return ModelCaller(backend, http_client=httpx2.Client(transport=httpx2.MockTransport(script)),
                       wait=lambda state: 0.0, **kwargs)


MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]


def test_rate_limits_and_server_errors_are_retried_without_touching_the_prompt():
    script = Script((429, {"error": {"message": "slow down"}}, {"retry-after": "0"}),
                    (500, {"error": {"message": "boom"}}, {}),
                    (200, completion('{"name": "Wang Yi"}'), {}))
    stats = CallStats()
    answer = caller_for(script).ask(Answer, MESSAGES, max_tokens=20, stats=stats)
    assert answer.name == "Wang Yi"
    assert stats.transport_retries == 2 and stats.reasks == 0
    assert script.requests[0] == script.requests[1] == script.requests[2]
    assert "slow down" not in json.dumps(script.requests)


def test_retry_after_is_honoured():
    from summarize.model import transport_wait

    class Outcome:
        def exception(self):
            import openai

            response = httpx2.Response(429, headers={"retry-after": "7"},
                                       request=httpx2.Request("POST", "http://x"))
            return openai.RateLimitError("limited", response=response, body=None)

    class State:
        attempt_number = 1
        outcome = Outcome()

    assert transport_wait(State()) == 7.0


def test_transport_faults_give_up_with_a_clear_error():
    script = Script(*[(503, {"error": {"message": "down"}}, {})] * 3)
    with pytest.raises(BackendError, match="503"):
        caller_for(script, transport_attempts=3).ask(Answer, MESSAGES, max_tokens=20)
    assert len(script.requests) == 3


def test_invalid_reply_is_reasked_once_with_the_last_error_only():
    script = Script((200, completion('{"nom": 1}'), {}), (200, completion('{"name": "Lavrov"}'), {}))
    stats = CallStats()
    answer = caller_for(script).ask(Answer, MESSAGES, max_tokens=20, stats=stats)
    assert answer.name == "Lavrov" and stats.reasks == 1 and stats.attempts == 2
    reask = script.requests[1]["messages"]
    assert reask[:2] == MESSAGES and len(reask) == 4  # original + one failed turn + one error
    assert reask[2] == {"role": "assistant", "content": '{"nom": 1}'}


def test_the_reask_cap_ends_in_a_clear_error_and_counts_every_attempt():
    script = Script(*[(200, completion("not json"), {})] * 2)
    stats = CallStats()
    with pytest.raises(ModelOutputError, match="did not validate"):
        caller_for(script, max_reasks=1).ask(Answer, MESSAGES, max_tokens=20, stats=stats)
    assert stats.attempts == 2 and stats.prompt_tokens == 20  # failed attempts are billed too
    assert len(script.requests[1]["messages"]) == 4  # the context never snowballs


def test_cut_off_reply_is_an_error_not_a_result():
    script = Script((200, completion('{"name": "Wa', "length"), {}),
                    (200, completion('{"name": "Wa', "length"), {}))
    with pytest.raises(ModelOutputError, match="finish_reason=length"):
        caller_for(script).ask(Answer, MESSAGES, max_tokens=3)


def test_cache_answers_a_repeated_request_without_http():
    class Memory(dict):
        def put(self, key, value):
            self[key] = value

    cache = Memory()
    script = Script((200, completion('{"name": "Saidov"}'), {}))
    caller = caller_for(script, cache=cache)
    first = caller.ask(Answer, MESSAGES, max_tokens=20)
    stats = CallStats()
    second = caller.ask(Answer, MESSAGES, max_tokens=20, stats=stats)
    assert first.model_dump() == second.model_dump() and len(script.requests) == 1 and stats.cache_hits == 1
