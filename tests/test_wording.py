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


# -- one rendering given to several parts -------------------------------------------------------------

from summarize.extract import _split_copies  # noqa: E402
from summarize.prompt import Item  # noqa: E402
from summarize.wording import split_rendering  # noqa: E402


def test_a_rendering_of_a_whole_enumeration_is_cut_one_sentence_per_part():
    assert split_rendering("China agreed to hold the next round of consultations in Bishkek and to intensify "
                           "preparations for high-level contacts.", 2) == [
        "China agreed to hold the next round of consultations in Bishkek.",
        "China agreed to intensify preparations for high-level contacts."]
    assert split_rendering("India should oppose protectionism and unilateralism and defend the multilateral "
                           "system.", 2) == ["India should oppose protectionism and unilateralism.",
                                             "India should defend the multilateral system."]
    assert split_rendering("Kazakhstan will support the SCO presidency and support the Chinese initiatives.", 2) == [
        "Kazakhstan will support the SCO presidency.", "Kazakhstan will support the Chinese initiatives."]


def test_a_rendering_that_does_not_cut_into_as_many_pieces_is_left_alone():
    # "drug trafficking" is a list item, not a verb of its own; one piece for two parts is no split either
    assert split_rendering("The leaders pledged to jointly combat terrorism, separatism and extremism as well as "
                           "drug trafficking and transnational organized crime.", 2) is None
    assert split_rendering("Russia shares China's position on the issue.", 2) is None


def test_copies_of_one_rendering_become_one_item_per_part_and_read_as_a_commitment():
    text = "China should deepen cooperation in energy and agriculture, and ensure the fluidity of freight trains."
    items = [Item(part=1, type="position", actor="CHN", text=text), Item(part=2, type="commitment", actor="CHN",
                                                                          text=text)]
    split = _split_copies(items)
    assert [i.text for i in split] == ["China should deepen cooperation in energy and agriculture.",
                                       "China should ensure the fluidity of freight trains."]
    assert {i.type for i in split} == {"commitment"}
    # distinct texts are the model's own split: untouched
    assert _split_copies(split) == split
