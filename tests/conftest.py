"""Shared test configuration: cassettes recorded from the real embedded server.

Requests match on method + path + canonical JSON body (sorted keys) — never on
host or port, which change with every start of the embedded server. Secrets
and volatile headers are scrubbed before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CASSETTES = ROOT / "cassettes"
SCRUBBED_REQUEST_HEADERS = ["authorization", "api-key", "openai-organization", "openai-project", "cookie",
                            "x-stainless-os", "x-stainless-arch", "x-stainless-runtime-version",
                            "x-stainless-package-version", "x-stainless-runtime", "user-agent"]
KEPT_RESPONSE_HEADERS = {"content-type"}
# The terminal a CLI test runs in, whatever pytest was started from (a TTY, FORCE_COLOR, a narrow
# COLUMNS): CliRunner.invoke(..., env=PLAIN_TERMINAL); None removes the variable for the call.
PLAIN_TERMINAL: dict[str, str | None] = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1",
                                         "COLUMNS": "80"}


def canonical_body(body: bytes | str | None) -> str:
    if body is None:
        return ""
    text = body.decode() if isinstance(body, bytes) else body
    try:
        return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except ValueError:
        return text


def body_matcher(r1, r2) -> None:
    assert canonical_body(r1.body) == canonical_body(r2.body), "request body differs from the recorded one"


def _scrub_response(response: dict) -> dict:
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() in KEPT_RESPONSE_HEADERS}
    return response


@pytest.fixture
def cassette(record_mode):
    """``with cassette("name"):`` replays cassettes/name.yaml strictly; ``--record-mode=rewrite``
    (pytest-recording's option) re-records it from the live embedded server."""
    import contextlib

    import vcr

    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), match_on=["method", "path", "canonical_body"],
                       filter_headers=SCRUBBED_REQUEST_HEADERS, before_record_response=_scrub_response,
                       decode_compressed_response=True)
    recorder.register_matcher("canonical_body", body_matcher)

    @contextlib.contextmanager
    def use(name: str):
        path = CASSETTES / f"{name}.yaml"
        if record_mode == "rewrite" and path.exists():
            path.unlink()
        mode = "none" if record_mode in ("none", None) else "all" if record_mode == "rewrite" else record_mode
        with recorder.use_cassette(path.name, record_mode=mode, allow_playback_repeats=False):
            yield

    return use


@pytest.fixture
def replay_backend(record_mode):
    """The embedded backend's identity; a live server only when (re-)recording."""
    from summarize.backend import Backend, resolve
    from summarize.embedded import MODEL_NAME

    if record_mode in ("none", None):
        # Port 9 (discard) is never contacted: a request missing from the cassette fails first.
        return Backend(name="embedded", model=MODEL_NAME, base_url="http://127.0.0.1:9/v1", api_key="embedded")
    return resolve("embedded")
