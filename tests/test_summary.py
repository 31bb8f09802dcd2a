"""The English summary is composed from the record: who, where, when, then commitments, ≤ 120 words."""

from __future__ import annotations

from summarize.language import detect_language
from summarize.schema import ArticleInfo, Commitment, Evidence, Meeting, Participant, Record
from summarize.summary import MAX_WORDS, compose_summary

EVIDENCE = [Evidence(start=0, end=5, text="texte")]


def record(commitments: list[str], flags: list[list[str]] | None = None) -> Record:
    flags = flags or [[] for _ in commitments]
    return Record(
        article=ArticleInfo(language="fr", sha256="0" * 64, chars=100, kept_chars=100),
        meeting=Meeting(kind="phone_call", mode="phone", date="2022-01-10", date_precision="day"),
        participants=[Participant(name="Wang Yi", role="Foreign Minister", actor="CHN", evidence=EVIDENCE,
                                  grounding="exact"),
                      Participant(name="Sergei Lavrov", role="Foreign Minister of Russia", actor="RUS",
                                  evidence=EVIDENCE, grounding="fuzzy")],
        commitments=[Commitment(actors=["CHN"], text=text, modality="readiness", evidence=EVIDENCE,
                                grounding="exact", flags=f) for text, f in zip(commitments, flags)])


def test_names_who_met_how_and_when_with_countries():
    summary = compose_summary(record(["China is ready to deepen strategic coordination with Russia."]))
    assert summary.text.startswith("Wang Yi (Foreign Minister, China) and Sergei Lavrov (Foreign Minister of "
                                   "Russia) held a phone call on 10 January 2022.")
    assert "deepen strategic coordination" in summary.text
    assert summary.language == "en" == detect_language(summary.text) and summary.method == "record"


def test_stays_within_the_word_budget():
    long = ["China and Russia will strengthen cooperation in trade, energy, transport and many other areas "
            "of common interest over the coming years."] * 12
    summary = compose_summary(record(long))
    assert summary.words <= MAX_WORDS


def test_flagged_or_untranslated_commitments_are_left_out_and_counted():
    summary = compose_summary(record(["La Chine est prête à renforcer la coordination avec la Russie.",
                                      "China will host the Winter Olympics.", "China will support the SCO."],
                                     [[], ["unsupported_name: Olympics"], []]))
    assert "prête" not in summary.text and "Olympics" not in summary.text
    assert "support the SCO" in summary.text
    assert any(flag.startswith("skipped_items: 2") for flag in summary.flags)


def test_no_item_is_ever_cut_and_every_sentence_ends_as_a_sentence():
    summary = compose_summary(record(["China is ready to deepen coordination with Russia, to prepare the visit "
                                      "of the president and to host the next round of talks"]))
    assert summary.text.endswith("host the next round of talks.") and "\u2026" not in summary.text


def test_a_council_of_many_ministers_is_named_by_its_first_and_counted():
    many = record(["China will support the SCO."])
    many.participants = [many.participants[0].model_copy(update={"name": f"Minister {i}"}) for i in range(12)]
    assert compose_summary(many).text.startswith("Minister 0 (Foreign Minister, China) and 11 other officials")


def test_reporting_clauses_give_way_to_the_pledge():
    summary = compose_summary(record(["Wang Yi, Minister of Foreign Affairs of the PRC, said that China is "
                                      "ready to deepen coordination with Russia.",
                                      "According to him, the two sides should expand trade."]))
    assert "2022. China is ready to deepen coordination with Russia. The two sides should expand trade." \
        in summary.text


def test_one_fact_is_said_once():
    summary = compose_summary(record(["China will support the SCO.", "China will support the SCO.",
                                      "China will deepen trade with Russia."]))
    assert summary.text.count("China will support the SCO.") == 1
    assert "deepen trade" in summary.text
