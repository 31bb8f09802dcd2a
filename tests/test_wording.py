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
