"""Grounding: exact, then normalised, then bounded fuzzy; offsets always into the original text."""

from __future__ import annotations

from summarize.ground import Folded, locate, locate_name, realign_parts

RAW = "Le ministre kazakh, Mukhtar Tileuberdi, a rencontré M. Wang à Douchanbé « jeudi ».\u00a0Fin"


def test_exact_match_gives_original_offsets():
    start, end, status = locate(RAW, "Mukhtar Tileuberdi")
    assert RAW[start:end] == "Mukhtar Tileuberdi" and status == "exact"


def test_accents_quotes_and_spaces_are_normalised_but_offsets_stay_original():
    start, end, status = locate(RAW, 'a rencontre M. Wang a Douchanbe "jeudi"')
    assert status == "normalized"
    assert RAW[start:end] == "a rencontré M. Wang à Douchanbé « jeudi »"


def test_transliterations_fall_back_to_fuzzy_surname():
    start, end, status = locate_name(RAW, "Mukhtar Tleuberdi")
    assert status == "fuzzy" and "Tileuberdi" in RAW[start:end]
    start, end, status = locate_name(RAW, "Sergey Lavrov") or (0, 0, "not_found")
    assert status == "not_found"


def test_folding_keeps_an_offset_for_every_character():
    folded = Folded.of(RAW)
    assert len(folded.text) == len(folded.origin)
    assert all(0 <= o < len(RAW) for o in folded.origin)


def test_fuzzy_search_is_bounded_on_long_texts():
    # counted, not timed (a test must not depend on the machine's speed): at most one comparison per
    # window of the needle's size, so the cost grows linearly with the text
    from summarize.ground import _TOKEN, _fuzzy, _similarity

    long_text = ("Le ministre a souligné la coopération régionale et le développement commun. " * 4000)
    calls = []

    def counting(a: str, b: str) -> float:
        calls.append(1)
        return _similarity(a, b)

    assert _fuzzy(long_text, "Bakhtiyor Saidov a rappelé", 0, len(long_text), counting) is None
    assert locate(long_text, "Bakhtiyor Saidov a rappelé") is None
    assert len(calls) <= len(_TOKEN.findall(long_text))


def test_a_name_translated_or_a_title_case_word_is_not_flagged_as_unsupported():
    from summarize.extract import _support_flags
    source = "Ils ont convenu de préparer la visite du président Vladimir Poutine en juin et le règlement de la crise syrienne."
    assert _support_flags("The sides agreed to prepare Vladimir Putin's visit in June and settle the Syrian crisis, "
                          "under the Treaty.", source) == []
    # a name the source does not contain at all is still flagged
    assert _support_flags("China will meet Nazarbayev in Astana.", "la Chine rencontrera le président à Pékin") == \
        ["unsupported_name: Nazarbayev", "unsupported_name: Astana"]


def test_two_items_numbered_crosswise_take_back_the_parts_their_texts_render():
    # the model wrote part 2's pledge on part 1's line and the reverse: each evidence would prove the
    # other item's text
    parts = ["He also called for full resumption of cargo traffic through the two border checkpoints",
             "and asked the other side to increase imports of agricultural products."]
    texts = ["Kyrgyzstan should increase imports of agricultural products.",
             "Kyrgyzstan should resume cargo traffic through the border checkpoints."]
    assert realign_parts(texts, parts, [1, 2]) == [2, 1]
    assert realign_parts(texts[::-1], parts, [1, 2]) == [1, 2]


def test_a_free_rendering_keeps_the_models_numbering():
    parts = ["les deux parties devraient approfondir les échanges culturels", "et renforcer la sécurité"]
    texts = ["Both sides should deepen cultural exchanges.", "They should work together."]
    assert realign_parts(texts, parts, [1, 2]) == [1, 2]
