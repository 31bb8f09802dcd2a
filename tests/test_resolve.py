"""Entity and commitment resolution (summarize/resolve.py)."""

from __future__ import annotations

import pytest

from summarize import resolve, topics


@pytest.mark.parametrize("name, codes", [
    ("Kazakhstan", ["KAZ"]), ("kazakh", ["KAZ"]), ("kazakhe", ["KAZ"]), ("Chine", ["CHN"]), ("chinois", ["CHN"]),
    ("Russie", ["RUS"]), ("Russia", ["RUS"]), ("Bélarus", ["BLR"]), ("Kirghizistan", ["KGZ"]),
    ("Ouzbékistan", ["UZB"]), ("sino-russe", ["CHN", "RUS"]), ("sino-kirghizes", ["CHN", "KGZ"]),
    ("russo-chinois", ["RUS", "CHN"]), ("OCS", ["SCO"]), ("OTSC", ["CSTO"]), ("ONU", ["UN"]),
    ("l'Organisation de coopération de Shanghai", ["SCO"]), ("Asie centrale", ["CENTRAL_ASIA"]),
    ("Atlantis", []),
])
def test_resolve_actors(name, codes):
    assert resolve.resolve_actors(name) == codes


def test_resolve_actor_single_or_none():
    assert resolve.resolve_actor("OCS") == "SCO"
    assert resolve.resolve_actor("sino-russe") is None  # two actors


def test_transliterations_resolve_to_one_person():
    people = {resolve.resolve_person(n, "KAZ") for n in ("Mukhtar Tileuberdi", "Tleuberdi", "M. Tleouberdi",
                                                          "Moukhtar Tileuberdi")}
    assert len(people) == 1
    assert people.pop().name == "Mukhtar Tileuberdi"
    assert resolve.resolve_person("Sergueï Lavrov").name == "Sergei Lavrov"
    assert resolve.resolve_person("Aleïnik", "BLR").name == "Sergei Aleinik"
    assert resolve.resolve_person("Nobody Atall") is None
    assert resolve.name_key("Tileuberdi") == resolve.name_key("Tleouberdi") == resolve.name_key("Tleuberdi")


@pytest.mark.parametrize("name, date, office", [
    ("Wang Yi", "2019-05-21", "State Councilor and Foreign Minister of China"),
    ("Wang Yi", "2024-05-20", "Foreign Minister of China"),
    ("Qin Gang", "2023-05-19", "State Councilor and Foreign Minister of China"),
    ("Qin Gang", "2024-01-01", None),
    ("Tleuberdi", "2021-09-16", "Foreign Minister of Kazakhstan"),
    ("Tleuberdi", "2022-06-01", "Deputy Prime Minister and Foreign Minister of Kazakhstan"),
])
def test_office_on_the_article_date(name, date, office):
    assert resolve.office_on(resolve.resolve_person(name), date) == office


def test_canonical_person_keeps_unknown_people_and_their_role():
    assert resolve.canonical_person("M. Tleouberdi", "KAZ", "FM", "2021-09-16") == (
        "Mukhtar Tileuberdi", "Foreign Minister of Kazakhstan")
    assert resolve.canonical_person("Jane Roe", "FRA", "Minister", "2021-01-01") == ("Jane Roe", "Minister")


def test_groups_expand():
    assert resolve.expand(["CHN", "CENTRAL_ASIA"]) >= {"CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_topics_from_english_text_or_french_evidence():
    assert "belt_and_road_alignment" in topics.topics_of(
        "Kazakhstan is ready to work for synergy between Nurly Zhol and the Belt and Road Initiative.")
    assert "belt_and_road_alignment" in topics.topics_of("x", "la Ceinture et la Route")
    assert "pandemic_cooperation" in topics.topics_of("strengthen cooperation against COVID-19")
    assert topics.topics_of("The two sides will build a new stadium.") == ()


def test_fast_fold_matches_fold():
    from summarize.vocab import fold

    for text in ("Sergueï Aleïnik «OCS» – l'été", "ASCII only   text", "Douchanbé\u00a0capitale"):
        assert resolve.fast_fold(text) == fold(text)


def test_group_untopical_is_exact_single_link():
    texts = ["build a new railway line to the border", "build the new railway line to the border crossing",
             "open a consulate in Almaty", "open consulate Almaty soon", "space satellites launch"]
    ids = resolve.group_untopical(texts, threshold=0.35)
    assert ids[0] == ids[1] and ids[2] == ids[3]
    assert len({ids[0], ids[2], ids[4]}) == 3
    # brute force agrees
    toks = [resolve.tokens(t) for t in texts]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if resolve.similarity(toks[i], toks[j]) >= 0.35:
                assert ids[i] == ids[j]


def test_topic_prefilter_agrees_with_the_bare_search():
    """A topic whose anchors are all absent from a text never matches it: checked on every record text,
    evidence and article of the fixtures, and on texts built to sit near the patterns' edges."""
    import json
    from pathlib import Path

    from summarize.vocab import fold

    root = Path(__file__).resolve().parent
    texts = [p.read_text(encoding="utf-8") for p in (root / "data").rglob("*.txt")]
    for path in list((root / "gold").rglob("*.json")) + list((root / "data" / "series").rglob("*.json")):
        texts.append(path.read_text(encoding="utf-8"))
        try:
            texts.extend(str(v) for v in json.loads(path.read_text(encoding="utf-8")).values())
        except (ValueError, AttributeError):
            pass
    texts += ["heads of states' leaders consensus", "translating the consensus", "align the development strategies",
              "bri", "the bright path", "colour revolution", "core interests", "green lanes", "gaz", "trade"]
    assert all(a is not None for a in topics._ANCHORS.values())
    for text in texts:
        folded = fold(text)
        for key, pattern in topics._COMPILED.items():
            assert topics._matches(key, folded) == bool(pattern.search(folded)), (key, text[:80])
        # the one-pass anchor search names the same topics as the per-topic prefilter
        assert topics._candidates(folded) == {k for k, anchors in topics._ANCHORS.items()
                                              if any(a in folded for a in anchors)}, text[:80]


def test_anchor_trie_finds_overlapping_and_nested_anchors():
    """Anchors that overlap or nest (one a prefix or part of another) are all found."""
    anchors = list(topics._ANCHOR_TOPICS)
    nested = [(a, b) for a in anchors for b in anchors if a != b and b in a]
    assert nested  # the table has some, e.g. a word inside a phrase
    for long, short in nested:
        for text in (long, f"x {long} y", long + long[1:], f"{short} {long}"):
            assert topics._candidates(text) == {k for k, an in topics._ANCHORS.items()
                                                if any(a in text for a in an)}, (long, short)
    joined = "".join(anchors)  # every anchor, run together
    assert topics._candidates(joined) == set(topics._COMPILED)
