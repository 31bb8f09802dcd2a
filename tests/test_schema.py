"""The record schema: bounded, versioned, and published in schemas/ without drift."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from summarize.prompt import MeetingDraft, sentence_draft_model
from summarize.schema import Record, json_schemas

from .conftest import ROOT


def test_published_schemas_match_the_models():
    for name, schema in json_schemas().items():
        published = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert published == schema, f"schemas/{name}.schema.json is stale: run `summarize schema --write schemas`"


def _walk(schema: dict, defs: dict, path: str = "$"):
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        yield from _walk(defs[name], defs, path)
        return
    kind = schema.get("type")
    if kind == "string" and "enum" not in schema and "const" not in schema:
        yield path, "maxLength" in schema
    if kind == "array":
        yield path, "maxItems" in schema
        yield from _walk(schema["items"], defs, path + "[]")
    for key, sub in schema.get("properties", {}).items():
        yield from _walk(sub, defs, f"{path}.{key}")
    for sub in schema.get("anyOf", []):
        yield from _walk(sub, defs, path)


def test_every_string_and_list_of_the_record_is_bounded():
    schema = Record.model_json_schema()
    unbounded = [path for path, ok in _walk(schema, schema.get("$defs", {})) if not ok]
    assert not unbounded, f"Record: unbounded {unbounded}"


def test_answer_lists_are_bounded_and_texts_are_bounded_in_words_not_cut_by_the_grammar():
    model = sentence_draft_model(["CHN", "KAZ"], 3)
    assert model.model_json_schema()["properties"]["items"]["maxItems"] == 3
    long = "China will " + " ".join(["deepen"] * 70) + " cooperation."  # past the 60 words kept unasked
    with pytest.raises(ValidationError, match="at most"):
        model.model_validate({"items": [f"1 commitment CHN: {long}"]})
    schema = MeetingDraft.model_json_schema()
    assert schema["properties"]["participants"]["maxItems"] == 16


def test_codes_parts_and_types_are_in_the_grammar_so_it_cannot_invent_one():
    pattern = sentence_draft_model(["CHN", "KAZ"], 2).model_json_schema()["properties"]["items"]["items"]["pattern"]
    assert pattern.startswith("^(1|2) (commitment|position) (CHN|KAZ|BOTH): (")
    assert "CNH" not in json.dumps(MeetingDraft.model_json_schema())
    assert "CHN" in json.dumps(MeetingDraft.model_json_schema())
