"""Item texts read on their own: a complete English sentence that opens with its actor."""

from __future__ import annotations

from summarize.vocab import Modality
from summarize.wording import complete


def test_a_trailing_reporting_frame_is_dropped():
    assert complete("Kazakhstan regards the Taiwan question as China's internal affair, he said.", ["KAZ"],
                    None) == "Kazakhstan regards the Taiwan question as China's internal affair."


def test_a_part_without_its_subject_gets_the_actor():
    assert complete("and is ready to increase exports", ["KAZ"], Modality.readiness) == \
        "Kazakhstan is ready to increase exports."


def test_the_speakers_own_country_becomes_the_actor():
    assert complete("his country is ready to expand gas deliveries to China.", ["TKM"], Modality.readiness) == \
        "Turkmenistan is ready to expand gas deliveries to China."


def test_a_joint_item_names_both_sides_as_its_subject():
    assert complete("China reached consensus on expanding e-commerce.", ["UZB", "CHN"], Modality.agreement,
                    ["UZB", "CHN"]) == "Uzbekistan and China reached consensus on expanding e-commerce."
    assert complete("China is ready to hold talks.", ["KAZ", "CHN"], Modality.readiness, ["KAZ", "CHN"]) == \
        "Kazakhstan and China are ready to hold talks."


def test_one_sides_item_never_keeps_a_group_as_its_subject():
    assert complete("The leaders of Uzbekistan, Kyrgyzstan and Kazakhstan stress that the railway will open the "
                    "region.", ["UZB"], None, ["CHN", "UZB", "KGZ"]) == \
        "Uzbekistan stresses that the railway will open the region."
    assert complete("The ministers of foreign affairs of China proposed green lanes.", ["CHN"], Modality.proposal,
                    ["CHN", "RUS", "KAZ"]) == "China proposed green lanes."


def test_a_text_that_swapped_the_two_sides_is_swapped_back_not_doubled():
    from summarize.wording import complete
    assert complete("China regards Kazakhstan as a reliable partner", ["KAZ"], None, ["CHN"]) == \
        "Kazakhstan regards China as a reliable partner."


def test_expressed_with_a_noun_is_the_stance_not_a_reporting_frame():
    from summarize.wording import complete
    assert complete("Tajikistan expressed concern about Afghanistan.", ["TJK"], None, ["CHN"]) == \
        "Tajikistan expressed concern about Afghanistan."


def test_the_one_china_principle_has_its_fixed_english_name():
    from summarize.wording import complete
    assert complete("Uzbekistan adheres to the principle of a single China.", ["UZB"], None, ["CHN"]) == \
        "Uzbekistan adheres to the one-China principle."


def test_a_reported_clause_with_its_own_subject_gets_no_verb_of_ours():
    # stripping "China noted that" leaves a clause; "China should a trade war…" is no sentence
    assert complete("China noted that a trade war has no winners.", ["CHN"], Modality.call, ["CHN", "KAZ"]) == \
        "China says that a trade war has no winners."
