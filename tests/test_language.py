"""English fields are checked per sentence with lingua: one French sentence cannot hide in a paragraph."""

from __future__ import annotations

from summarize.language import detect_language, non_english_sentences
from summarize.wording import complete
from summarize.vocab import Modality


def test_french_and_english_are_told_apart_on_short_texts():
    assert detect_language("China will deepen cooperation with Kazakhstan.") == "en"
    assert detect_language("La Chine est prête à approfondir la coopération.") == "fr"
    assert detect_language("Wang Yi met Tileuberdi in Astana.") != "fr"  # names alone: never French


def test_a_french_sentence_inside_an_english_summary_is_found():
    text = ("Wang Yi met Saidov in Beijing on 5 March 2024. China will deepen trade with Uzbekistan. "
            "La Chine est prête à renforcer la coopération avec l'Ouzbékistan.")
    assert non_english_sentences(text) == ["La Chine est prête à renforcer la coopération avec l'Ouzbékistan."]


def test_item_texts_become_sentences_that_name_their_actor():
    assert complete("And is ready to increase exports.", ["KAZ"], Modality.readiness) == \
        "Kazakhstan is ready to increase exports."
    assert complete("To hold the next round of talks in Beijing.", ["CHN", "KAZ"], Modality.agreement) == \
        "China and Kazakhstan agreed to hold the next round of talks in Beijing."
    assert complete("According to Mr Wang, China will open its market.", ["CHN"], Modality.pledge) == \
        "China will open its market."
    assert complete("Kazakhstan should align the Belt and Road with Nurly Zhol.", ["CHN"], Modality.call,
                    ["CHN", "KAZ"]) == "China should align the Belt and Road with Nurly Zhol."


def test_names_spelled_the_french_way_do_not_make_an_english_sentence_french():
    sentence = ("Vladimir Poutine (President, Russia), Emomali Rakhmon (Head of State, Tajikistan) and Noursoultan "
                "Nazarbaïev (President, Kazakhstan) met at a summit in Douchanbé on 12 September 2014.")
    names = ("Vladimir Poutine", "Emomali Rakhmon", "Noursoultan Nazarbaïev", "Douchanbé")
    assert non_english_sentences(sentence, names) == []
    # the names are set aside, not the sentence: a French sentence stays French
    assert non_english_sentences("Vladimir Poutine a rencontré les dirigeants de la région à Douchanbé.", names)
