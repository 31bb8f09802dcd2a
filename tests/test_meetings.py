"""Meeting identity across articles (summarize/meetings.py) and people from the records (summarize/people.py).

The records here are built in the test: each states one rule.  The pipeline's own records of a written
series are scored in tests/test_series.py.
"""

from __future__ import annotations

import hashlib

import pytest

from summarize import people
from summarize.compare import compare, merge_meetings, record_id
from summarize.meetings import ArticleMeta, compatible, account, merge_scores, place_key
from summarize.schema import ArticleInfo, Commitment, Evidence, Meeting, Participant, Record
from summarize.vocab import PLOVER_MODE, MeetingKind

WANG = ("Wang Yi", "State Councilor and Foreign Minister", "CHN")
TILEUBERDI = ("Mukhtar Tileuberdi", "Foreign Minister", "KAZ")
LAVROV = ("Sergei Lavrov", "Foreign Minister", "RUS")


def rec(ident: str, date: str | None, *people_: tuple[str, str, str], kind: str = "bilateral_meeting",
        place: str | None = None, pledges: tuple[tuple[list[str], str], ...] = (), language: str = "en") -> Record:
    """A record as the pipeline writes it: one article's account of one meeting."""
    text = f"article {ident}"
    return Record(
        article=ArticleInfo(source=ident, language=language, sha256=hashlib.sha256(text.encode()).hexdigest(),
                            chars=len(text), kept_chars=len(text)),
        meeting=Meeting(kind=kind, mode=PLOVER_MODE[MeetingKind(kind)], date=date,
                        date_precision="day" if date else "unknown", place=place),
        participants=[Participant(name=n, role=r, actor=a) for n, r, a in people_],
        commitments=[Commitment(actors=actors, text=t, modality="pledge", grounding="exact",
                                evidence=[Evidence(start=0, end=7, text="article")]) for actors, t in pledges])


def grouped(records: list[Record], metas: dict[str, ArticleMeta] | None = None) -> list[list[str]]:
    return sorted(sorted(r.article.source for r in g) for g in merge_meetings(records, metas))


def test_outlets_and_both_sides_accounts_dated_days_apart_are_one_meeting():
    records = [rec("cn", "2023-11-20", WANG, TILEUBERDI, place="Beijing"),
               rec("wire", "2023-11-20", ("Wang Yi", "Foreign Minister", "CHN"), ("Tleouberdi", "", "KAZ"),
                   place="Pékin", language="fr"),
               rec("kz", "2023-11-22", ("Moukhtar Tleouberdi", "ministre", "KAZ"), ("Wang Yi", "", "CHN"),
                   language="fr")]  # the partner's account, two days later, no place
    assert grouped(records) == [["cn", "kz", "wire"]]


def test_near_dated_different_meetings_stay_apart():
    records = [
        rec("call", "2025-01-14", WANG, TILEUBERDI, kind="phone_call"),
        rec("visit", "2025-01-16", WANG, TILEUBERDI, place="Beijing"),  # a call is never a visit
        rec("kaz", "2019-05-21", WANG, TILEUBERDI, place="Bishkek"),
        rec("rus", "2019-05-21", WANG, LAVROV, place="Bishkek"),  # same day and city, another counterpart
        rec("qin", "2023-04-26", ("Qin Gang", "Foreign Minister", "CHN"), TILEUBERDI, place="Xi'an"),
        rec("wang", "2023-04-27", WANG, TILEUBERDI, place="Xi'an"),  # another minister for the same side
        rec("later", "2021-05-04", WANG, TILEUBERDI, place="Beijing"),
        rec("week", "2021-05-12", WANG, TILEUBERDI, place="Beijing"),  # beyond the window
    ]
    assert len(merge_meetings(records)) == len(records)


def test_places_agree_across_transliterations_and_disagree_across_cities():
    assert place_key("Nur-Sultan") == place_key("Nour-Soultan") == place_key("Astana")  # renamed, one city
    assert place_key("Pékin") == place_key("Beijing") and place_key("Douchanbé") == place_key("Dushanbe")
    assert place_key("Astana") != place_key("Almaty")
    assert grouped([rec("a", "2022-06-08", WANG, TILEUBERDI, place="Nur-Sultan"),
                    rec("b", "2022-06-08", WANG, TILEUBERDI, place="Nour-Soultan")]) == [["a", "b"]]
    assert len(grouped([rec("a", "2022-06-08", WANG, TILEUBERDI, place="Astana"),
                        rec("b", "2022-06-08", WANG, TILEUBERDI, place="Almaty")])) == 2


def test_a_record_without_a_date_takes_the_input_date():
    dated, undated = rec("cn", "2020-03-16", WANG, TILEUBERDI, kind="phone_call"), \
        rec("kz", None, WANG, TILEUBERDI, kind="phone_call", language="fr")
    metas = {record_id(undated): ArticleMeta(outlet="kz-news", date="2020-03-17")}
    assert grouped([dated, undated], metas) == [["cn", "kz"]]
    assert len(grouped([dated, undated])) == 2  # with no date at all, nothing can place it
    result = compare([undated], articles=metas)
    assert result.meetings[0].date == "2020-03-17" and result.meetings[0].date_source == "input"


def test_the_texts_date_wins_over_a_later_publication():
    records = [rec("kz", "2021-05-13", WANG, TILEUBERDI, place="Xi'an"),  # a lag the record did not undo
               rec("cn", "2021-05-12", WANG, TILEUBERDI, place="Xi'an"),
               rec("wire", "2021-05-12", WANG, TILEUBERDI)]
    result = compare(records)
    assert [m.date for m in result.meetings] == ["2021-05-12"]


def test_a_one_sided_record_joins_only_through_a_person_both_name():
    both = rec("both", "2021-09-16", WANG, TILEUBERDI, place="Dushanbe")
    other = rec("other", "2021-09-16", WANG, LAVROV, place="Dushanbe")
    one_side = rec("one", "2021-09-16", ("Tleouberdi", "ministre", "KAZ"), language="fr")
    assert grouped([both, other, one_side]) == [["both", "one"], ["other"]]
    nobody = rec("nobody", "2021-09-16", ("the Kazakh side", "", "KAZ"))
    assert len(grouped([both, nobody])) == 2


def test_no_chaining_through_a_vague_account():
    # day 0 and day 6 are different meetings even though an account dated day 3 fits both
    records = [rec("d0", "2024-05-17", WANG, TILEUBERDI), rec("d3", "2024-05-20", WANG, TILEUBERDI),
               rec("d6", "2024-05-23", WANG, TILEUBERDI)]
    assert len(merge_meetings(records)) == 2


def test_accounts_compare_by_the_rules():
    a = account(0, rec("a", "2024-05-20", WANG, TILEUBERDI, place="Astana"), None)
    b = account(1, rec("b", "2024-05-21", WANG, TILEUBERDI), None)
    assert compatible(a, b) and compatible(b, a)


def test_merge_scores_are_pairwise():
    s = merge_scores([["a", "b", "c"], ["d"]], [["a", "b"], ["c", "d"]])
    assert (s["precision"], s["recall"]) == (1 / 3, 1 / 2)
    assert merge_scores([["a"], ["b"]], [["a"], ["b"]])["precision"] == 1.0


# --------------------------------------------------------------------------- people

@pytest.mark.parametrize("names", [("Mukhtar Tileuberdi", "Moukhtar Tleouberdi", "M. Tleuberdi", "Tileuberdi"),
                                   ("Murat Nurtleu", "Mourat Nourtleou"), ("Sergei Lavrov", "Sergueï Lavrov"),
                                   ("Beibut Atamkulov", "Beibout Atamkoulov")])
def test_one_person_across_transliterations(names):
    directory = people.Directory()
    found = {id(directory.add(n, "KAZ", None, "2021-01-01", True)) for n in names}
    assert len(found) == 1


def test_family_name_first_for_chinese_names():
    assert people.name_parts("Wang Yi", "CHN").surname == people.skeleton("Wang")
    assert not people.same_person("Wang Yi", "Wang Wenbin", "CHN")
    assert people.same_person("Wang Yi", "Wang", "CHN")


@pytest.mark.parametrize("name", ["China", "Kazakhstan", "SCO", "l'OCS", "the Kazakh side", "Ministry of Foreign "
                                  "Affairs", "China and Kazakhstan", "", "   "])
def test_a_country_or_an_organisation_is_never_a_person(name):
    assert not people.is_person(name)


def test_names_and_offices_come_from_the_records():
    records = [rec("cn", "2023-11-20", ("Wang Yi", "Foreign Minister of China", "CHN"),
                   ("Murat Nurtleu", "Deputy Prime Minister and Foreign Minister", "KAZ")),
               rec("kz", "2023-11-20", ("Wang Yi", "Foreign Minister of China", "CHN"),
                   ("Mourat Nourtleou", "Deputy Prime Minister and Foreign Minister", "KAZ"), language="fr"),
               rec("kz2", "2024-02-01", ("Zhang Nobody", "Ambassador", "CHN"), ("Nourtleou", "", "KAZ"),
                   kind="phone_call", language="fr")]
    result = compare(records)
    first, second = result.meetings
    assert [(p.name, p.role) for p in first.participants] == [
        ("Wang Yi", "Foreign Minister of China"), ("Murat Nurtleu", "Deputy Prime Minister and Foreign Minister")]
    # the bare surname resolves to the person; a role no article of that day gives comes from the nearest one
    assert ("Murat Nurtleu", "Deputy Prime Minister and Foreign Minister") in [(p.name, p.role)
                                                                               for p in second.participants]
    assert {p.short for p in first.participants} == {"Wang", "Nurtleu"}


def test_an_organisation_official_at_a_two_sided_meeting_is_mentioned_not_a_side():
    records = [rec("cn", "2021-09-16", WANG, TILEUBERDI, place="Dushanbe"),
               rec("kz", "2021-09-16", WANG, TILEUBERDI, ("Vladimir Norov", "Secretary-General", "SCO"),
                   place="Dushanbe")]
    (meeting,) = compare(records).meetings
    assert meeting.actors == ["CHN", "KAZ"]
    assert [p.name for p in meeting.participants] == ["Wang Yi", "Mukhtar Tileuberdi"]
    assert [p.name for p in meeting.mentioned] == ["Vladimir Norov"]


@pytest.mark.parametrize("forum, english", [
    ("Conseil des ministres des Affaires étrangères de l'OCS", "SCO Council of Foreign Ministers"),
    ("sommet de l'OCS", "SCO Summit"), ("Réunion Chine–Asie centrale", "China–Central Asia Meeting"),
    ("dialogue stratégique", "Strategic Dialogue"), ("SCO summit", "SCO summit")])
def test_forums_are_shown_in_english(forum, english):
    from summarize.compare import english_forum

    assert english_forum(forum) == english


def test_a_forum_the_article_does_not_name_is_left_out():
    record = rec("cn", "2024-05-20", WANG, TILEUBERDI, place="Astana")
    record.meeting.forum = "Boao Forum for Asia"
    metas = {record_id(record): ArticleMeta(text="Wang Yi met Mukhtar Tileuberdi in Astana on Monday.")}
    assert compare([record], articles=metas).meetings[0].forum is None
    metas = {record_id(record): ArticleMeta(text="On the sidelines of the SCO meeting, Wang Yi met ...")}
    record.meeting.forum = "réunion de l'OCS"
    assert compare([record], articles=metas).meetings[0].forum == "SCO Meeting"


def test_a_person_put_on_the_wrong_side_by_one_record_is_moved_back_by_the_others():
    slip = rec("slip", "2020-03-17", ("Moukhtar Tleouberdi", "Foreign Minister", "CHN"), WANG, kind="phone_call")
    right = rec("right", "2020-03-16", ("Mukhtar Tileuberdi", "Foreign Minister", "KAZ"), WANG, kind="phone_call")
    other = rec("other", "2021-05-04", ("Mukhtar Tileuberdi", "Foreign Minister", "KAZ"), WANG, kind="phone_call")
    assert grouped([slip, right, other]) == [["other"], ["right", "slip"]]
    (first, _second) = compare([slip, right, other]).meetings
    assert sorted((p.name, p.actor) for p in first.participants) == [("Mukhtar Tileuberdi", "KAZ"), ("Wang Yi", "CHN")]
    assert slip.participants[0].actor == "CHN"  # the caller's record is left as it is


def test_a_same_day_talk_that_one_record_calls_a_phone_call_is_still_that_talk():
    talk = rec("talk", "2021-09-16", WANG, TILEUBERDI, place="Dushanbe")
    slip = rec("slip", "2021-09-16", WANG, ("Moukhtar Tleouberdi", "ministre", "KAZ"), kind="phone_call",
               language="fr")  # the model read « entretien » as a call; no place given
    assert grouped([talk, slip]) == [["slip", "talk"]]
    call_elsewhere = rec("call", "2021-09-16", WANG, TILEUBERDI, kind="phone_call", place="Beijing")
    assert len(grouped([talk, call_elsewhere])) == 2
    next_day = rec("next", "2021-09-17", WANG, TILEUBERDI, kind="phone_call")
    assert len(grouped([talk, next_day])) == 2


def test_an_office_slip_is_outvoted_by_the_persons_other_records():
    slip = rec("slip", "2021-05-04", ("Wang Yi", "president", "CHN"), TILEUBERDI, kind="phone_call")
    usual = [rec(f"r{i}", f"2021-0{i}-10", ("Wang Yi", "Foreign Minister", "CHN"), TILEUBERDI) for i in (2, 6, 8)]
    result = compare([slip, *usual])
    call = next(m for m in result.meetings if m.kind == "phone_call")
    assert [p.role for p in call.participants if p.name == "Wang Yi"] == ["Foreign Minister"]
