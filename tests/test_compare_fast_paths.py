"""The shortcuts compare.py takes for speed (issue 8, point 5) agree with the plain forms they replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize import compare as cmp
from summarize import resolve
from summarize.compare import Cell, ItemView, _construct, records_from_gold
from summarize.schema import Evidence

ROOT = Path(__file__).resolve().parents[1]
SERIES = ROOT / "tests" / "data" / "series" / "records"


@pytest.fixture(scope="module")
def records():
    return cmp.load_records(SERIES) + records_from_gold(ROOT / "tests" / "pairs" / "gold_v1", ROOT / "tests" / "data")


def test_each_constructed_object_has_its_own_fields_set():
    """The fields set is copied from one per class: never shared, so setting a field on one object (which adds
    to its set) leaves the others as they are."""
    values = {"meeting": "m", "status": "new", "items": [], "last_stated": None, "note": None}
    a, b = _construct(Cell, dict(values)), _construct(Cell, dict(values))
    assert a.model_fields_set == b.model_fields_set == Cell.model_construct(**values).model_fields_set
    assert a.__pydantic_fields_set__ is not b.__pydantic_fields_set__


def test_evidence_text_is_the_spaced_join():
    quotes = [Evidence(start=0, end=1, text=t) for t in ("un", "deux", "trois")]
    for n in range(4):
        assert cmp._evidence_text(quotes[:n]) == " ".join(e.text for e in quotes[:n])


def test_parties_as_before(records):
    """The states a commitment involves, as the set expression they were first written with."""
    participants = {"CHN", "KAZ"}
    seen = 0
    for record in records:
        for c in record.commitments:
            expected = cmp._states([*c.actors, *c.targets])
            if not c.targets and len(c.actors) == 1:
                expected |= participants
            got = cmp._parties(c, participants)
            assert got == expected and type(got) is set and got is not participants
            seen += 1
    assert seen > 50


def _merge_reference(items: list[ItemView], threshold: float) -> list[list[ItemView]]:
    """The merge as first written: every comparison through resolve.similarity."""
    groups: list[list[ItemView]] = []
    for item in items:
        for g in groups:
            head = g[0]
            if head.record != item.record:
                same = bool(set(head.actors) & set(item.actors)) and item.record not in {m.record for m in g}
            else:
                same = sorted(head.actors) == sorted(item.actors) and resolve.similarity(
                    resolve.tokens(head.text), resolve.tokens(item.text)) >= threshold
            if same:
                g.append(item)
                break
        else:
            groups.append([item])
    return groups


@pytest.mark.parametrize("threshold", [0.0, 0.2, resolve.SIMILARITY_THRESHOLD, 0.6, 1.0])
def test_merge_statements_as_the_reference(records, threshold):
    """Every commitment of the fixtures in one list (several records, shared and differing actors, texts with no
    content word): the same groups, each shown by the same item."""
    items = [item for r in records for item in _commitment_views(r)]
    items += [_construct(ItemView, {**items[0].__dict__, "index": 99, "text": "the and of"}),
              _construct(ItemView, {**items[0].__dict__, "index": 98, "text": ""})]
    _assert_same_groups(cmp._merge_statements(items, threshold), _merge_reference(items, threshold))


@pytest.mark.parametrize("threshold", [0.0, 0.2, resolve.SIMILARITY_THRESHOLD, 0.6, 1.0])
def test_merge_of_one_article_as_the_reference(records, threshold):
    """Each record's commitments alone (the one-article path: groups looked up by their sorted actors), then the
    same list again through the per-comparison memo: the same groups, each shown by the same item."""
    memo: dict = {}
    alive = []  # the memo is keyed on the items' ids: like a comparison's, it must not outlive its items
    for r in records:
        items = _commitment_views(r)
        if len(items) < 2:
            continue
        alive.append(items)
        reference = _merge_reference(items, threshold)
        for merged in (cmp._merge_statements(items, threshold, memo), cmp._merge_statements(items, threshold, memo)):
            _assert_same_groups(merged, reference)


def _commitment_views(record) -> list:
    return [_construct(ItemView, {"record": cmp.record_id(record), "kind": "commitment", "index": i,
                                  "actors": list(c.actors), "targets": list(c.targets), "text": c.text,
                                  "modality": c.modality, "category": c.category, "evidence": list(c.evidence),
                                  "source": None, "flags": [], "also": []})
            for i, c in enumerate(record.commitments)]


def _assert_same_groups(merged, reference) -> None:
    """The merge's groups are the reference's, each shown by its best item with the others under ``also``."""
    assert len(merged) == len(reference)
    for shown, group in zip(merged, reference):
        if len(group) == 1:
            assert shown is group[0]
        else:
            best = max(group, key=lambda it: (not it.flags, "ungrounded" not in it.flags, len(it.text)))
            expected = [best, *(it for it in group if it is not best)]
            assert [(it.record, it.index) for it in (shown, *shown.also)] == [(it.record, it.index) for it in expected]


def test_copy_with_is_model_copy(records):
    """``_copy_with`` (the side vote's copies) gives what ``model_copy(update=...)`` gives: the same values,
    fields set, extra and private attributes, a new ``__dict__`` and fields set, the original untouched."""
    from summarize.schema import Participant, Record

    record = next(r for r in records if r.participants)
    person = record.participants[0]
    partial = Participant.model_validate({"name": "Wang Yi", "role": "Foreign Minister", "actor": "CHN"})
    for model, name, value in ((record, "participants", [person]), (person, "actor", "KAZ"),
                               (partial, "actor", "KAZ"), (partial, "grounding", "exact")):
        before = model.model_dump_json()
        fast, slow = cmp._copy_with(model, name, value), model.model_copy(update={name: value})
        assert type(fast) is type(slow)
        assert fast.__dict__ == slow.__dict__ and list(fast.__dict__) == list(slow.__dict__)
        assert fast.model_fields_set == slow.model_fields_set
        assert (fast.__pydantic_extra__, fast.__pydantic_private__) == (slow.__pydantic_extra__,
                                                                         slow.__pydantic_private__)
        assert fast.__dict__ is not model.__dict__ and fast.model_fields_set is not model.model_fields_set
        assert model.model_dump_json() == before
    assert isinstance(cmp._copy_with(record, "participants", []), Record)


def test_side_vote_as_model_copy(records):
    """with_sides_by_vote's copies equal the records pydantic's model_copy would make."""
    from summarize import people

    sides = {people._name_set(p.name): ("KAZ" if p.actor == "CHN" else "CHN")
             for r in records for p in r.participants if people.is_person(p.name, p.actor)}
    voted = [r.model_copy(update={"participants": [p.model_copy(update={"actor": people.corrected_actor(
        p.name, p.actor, sides)}) if people.corrected_actor(p.name, p.actor, sides) != p.actor else p
        for p in r.participants]}) for r in records]
    import unittest.mock as mock
    with mock.patch.object(people, "sides_by_vote", return_value=sides):
        fast = cmp.with_sides_by_vote(records)
    changed = [r for r, f in zip(records, fast) if f is not r]
    assert changed
    for slow, f, r in zip(voted, fast, records):
        if f is r:
            assert slow.model_dump_json() == r.model_dump_json()
            continue
        assert f.model_dump_json() == slow.model_dump_json()
        assert f.model_fields_set == slow.model_fields_set
        assert [p.model_fields_set for p in f.participants] == [p.model_fields_set for p in slow.participants]
