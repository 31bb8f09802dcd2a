"""The record schema: bounded, versioned, and published in schemas/ without drift."""

from __future__ import annotations

import json

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


def test_every_string_and_list_is_bounded():
    for model in (Record, MeetingDraft, sentence_draft_model(["CHN", "KAZ"])):
        schema = model.model_json_schema()
        unbounded = [path for path, ok in _walk(schema, schema.get("$defs", {})) if not ok]
        assert not unbounded, f"{model.__name__}: unbounded {unbounded}"


def test_actor_codes_are_an_enum_so_the_grammar_cannot_invent_one():
    schema = sentence_draft_model(["CHN", "KAZ"]).model_json_schema()
    actor = schema["$defs"]["ActorChoice"]
    assert actor["enum"] == ["CHN", "KAZ", "BOTH"]
    assert "CNH" not in json.dumps(MeetingDraft.model_json_schema())
