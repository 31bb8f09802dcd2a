"""Meeting dates from French and English leads, resolved against the page's own date or the user's."""

from __future__ import annotations

import datetime as dt

import pytest

from summarize.clean import clean
from summarize.dates import meeting_date


@pytest.mark.parametrize("page, given, expected", [
    ("Updated: 2024-05-21 10:00\n\nOn May 20, Chinese Foreign Minister Wang Yi held a phone call with Saidov, "
     "the foreign minister of Uzbekistan, and the two discussed trade.", None, "2024-05-20"),
    ("MOSCOW, January 10. /TASS/. Russian Foreign Minister Sergey Lavrov held talks with his Chinese counterpart "
     "Wang Yi on Tuesday, the Russian foreign ministry said.", "2024-01-10", "2024-01-09"),
    ("ASTANA – Kazakhstan's foreign minister met China's foreign minister on Tuesday to discuss trade and "
     "transport links.\n\nPublished 2022-10-12", None, "2022-10-11"),
    ("Mis à jour le 2021-09-17\n\nDOUCHANBE, 17 septembre (Xinhua) -- Le ministre chinois des Affaires "
     "étrangères Wang Yi s'est entretenu jeudi avec son homologue kazakh à Douchanbé.", None, "2021-09-16"),
    ("Tachkent, 31 mars (UzA). Le ministre ouzbek des Affaires étrangères s'est entretenu le 30 mars avec son "
     "homologue chinois, en marge d'une réunion régionale.", "2022-03-31", "2022-03-30"),
    ("Le 12 septembre 2019, le ministre chinois des Affaires étrangères a rencontré son homologue kazakh "
     "à Beijing pour discuter de la coopération.", None, "2019-09-12"),
    # a day named relative to the dateline's date
    ("29.05.2020 09:14\n\nDOUCHANBÉ, 29.05.2020 /NIAT « Khovar »/. Hier, les ministres des Affaires étrangères du Tadjikistan et "
     "de l'Ouzbékistan ont tenu une réunion par visioconférence.", None, "2020-05-28"),
    ("Published 12.07.2021\n\nToday, the President of Turkmenistan received the Chinese foreign minister, who "
     "is in Ashgabat on a working visit.", None, "2021-07-12"),
])
def test_the_meeting_day_is_read_from_the_lead(page, given, expected):
    day, precision = meeting_date(clean(page), dt.date.fromisoformat(given) if given else None)
    assert (day, precision) == (expected, "day")


def test_a_yearless_date_without_any_reference_is_not_guessed():
    day, _ = meeting_date(clean("On May 20, Chinese Foreign Minister Wang Yi held a phone call with his "
                                "counterpart from Uzbekistan to discuss trade and transport."))
    assert day is None


def test_a_sentence_set_in_an_earlier_year_is_not_this_meetings():
    from summarize.dates import set_in_an_earlier_year

    assert set_in_an_earlier_year("When the two ministers met in Astana in 2019, they pledged to double trade.",
                                  "2025-03-17")
    assert set_in_an_earlier_year("En 2018, les deux pays avaient signé un accord.", "2021-05-02")
    assert not set_in_an_earlier_year("In 2025, the two sides will open a consulate.", "2025-03-17")
    assert not set_in_an_earlier_year("The sides agreed to implement the 2019 agreements.", "2025-03-17")
