"""clean: kept paragraphs and sentences are spans of the raw article; page furniture is not."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from summarize.clean import CleanArticle, clean
from summarize.language import page_language
from summarize.load import load_path, load_text

DATA = Path(__file__).parent / "data"
SEEDS = sorted(DATA.glob("0*.txt"))
JUNK = ("Suivez", "Retournez", "Print", "xinhuanet_french@", "Rédacteurs", "Accueil", "Partagez",
        "Copyright", "Source:", "Suggest To A Friend", "Votre pseudo")


def _seed(prefix: str) -> CleanArticle:
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return clean(load_path(path).text)


@pytest.fixture(scope="module")
def seeds() -> dict[str, CleanArticle]:
    return {p.name[:3]: clean(load_path(p).text) for p in SEEDS}


def test_every_seed_cleans_to_french_sentences(seeds: dict[str, CleanArticle]) -> None:
    assert len(seeds) >= 5
    for art in seeds.values():
        assert len(art.sentences) >= 5
        assert art.language == "fr"


def test_offsets_round_trip_and_avoid_dropped_regions(seeds: dict[str, CleanArticle]) -> None:
    for art in seeds.values():
        assert [s.index for s in art.sentences] == list(range(len(art.sentences)))
        for s in art.sentences:
            assert art.raw[s.start:s.end] == s.text and s.text == s.text.strip()
            ps, pe = art.paragraphs[s.paragraph]
            assert ps <= s.start < s.end <= pe
            assert not any(ds < s.end and s.start < de for ds, de, _ in art.dropped)
        starts = [s.start for s in art.sentences]
        assert starts == sorted(starts)


def test_no_junk_lines_in_kept_text(seeds: dict[str, CleanArticle]) -> None:
    for art in seeds.values():
        for junk in JUNK:
            assert junk not in art.text, junk
        assert not re.search(r"\d{12,}", art.text)  # tracking-number rows


def test_second_copy_of_article_is_dropped_as_duplicate() -> None:
    art = _seed("004")
    naive = [line for line in art.raw.split("\n") if len(line) > 80 and line.endswith(".")]
    assert len(art.sentences) == pytest.approx(len(naive) / 2, abs=1)
    assert sum(why == "duplicate" for *_, why in art.dropped) >= len(art.paragraphs)
    first_copy_end = art.raw.index("Vous avez une question")
    assert all(s.end < first_copy_end for s in art.sentences)  # the first occurrence is the one kept


def test_header_lines_are_metadata_not_body(seeds: dict[str, CleanArticle]) -> None:
    art = seeds["000"]
    assert art.title == "Le MAE chinois rencontre ses homologues de l'OCS à Astana"
    assert art.published == datetime.date(2024, 5, 21)
    assert "Mots clés" not in art.text and art.title not in art.text
    assert any(why == "header" for *_, why in art.dropped)


def test_titles_and_dates_found_where_the_text_gives_them(seeds: dict[str, CleanArticle]) -> None:
    assert seeds["001"].title == "Wang Yi rencontre le Ministre des Affaires étrangères du Kazakhstan"
    assert seeds["001"].published == datetime.date(2019, 5, 21)
    # The site suffix of an HTML <title> ("- Xinhua - french.news.cn") is not part of the headline.
    assert seeds["002"].title.endswith("(ministre chinois des AE)")
    assert seeds["003"].title.startswith("Conversation téléphonique entre les MAE chinois et russe")
    assert seeds["003"].published == datetime.date(2022, 1, 12)  # "12.01.2022" is day first
    assert seeds["004"].published == datetime.date(2021, 9, 17)


def test_datelines(seeds: dict[str, CleanArticle]) -> None:
    assert (seeds["002"].dateline, seeds["002"].dateline_date) == ("Xi'an", datetime.date(2023, 5, 19))
    assert seeds["004"].dateline in ("Douchanbe", "Dushanbe")
    assert seeds["004"].dateline_date == datetime.date(2021, 9, 17)
    assert seeds["000"].dateline is None  # no dateline in the text, none invented


def test_sentences_do_not_split_on_titles_or_inside_quotes(seeds: dict[str, CleanArticle]) -> None:
    texts = [s.text for art in seeds.values() for s in art.sentences]
    assert not any(t.endswith((" M.", " Mr.")) for t in texts)
    # 001 quotes several sentences inside « ... »; each quote stays one sentence with its attribution.
    assert any(t.startswith("« Le mois dernier") and t.endswith("a poursuivi M. Wang.") for t in texts)
    assert all(t.count("«") == t.count("»") for t in texts)


def test_agency_signoff_is_not_a_sentence(seeds: dict[str, CleanArticle]) -> None:
    assert seeds["002"].sentences[-1].text.endswith("portera davantage de fruits.")


def test_numbered_lists_sentences_with_collapsed_whitespace(seeds: dict[str, CleanArticle]) -> None:
    art = seeds["002"]
    lines = art.numbered().split("\n")
    assert len(lines) == len(art.sentences)
    assert lines[0].startswith("[0] XI'AN, 19 mai (Xinhua) -- ")
    assert art.text.startswith("XI'AN") and "\n\n" in art.text


ENGLISH = """Home | World | Asia
China, Kazakhstan vow to deepen strategic partnership
By Staff Reporter | Updated: May 21, 2024 10:33
Published: 2024-05-21

ASTANA, May 20 (Xinhua) -- Chinese Foreign Minister Wang Yi met with Kazakh Foreign Minister
Murat Nurtleu on Monday. Mr. Wang said the two sides had agreed to strengthen cooperation under
the Shanghai Cooperation Organization (SCO). The U.S. was not mentioned in the talks, which began
at 10 a.m. local time and lasted 2.5 hours.

"We will work together. China is ready," Wang said, citing Dr. J. R. Smith of St. Petersburg.

Photo taken on May 20, 2024 shows the meeting in Astana. (Xinhua/Li Xin)
Share this article
Editor: Huaxia
"""


def test_english_wire_story() -> None:
    art = clean(ENGLISH)
    assert art.title == "China, Kazakhstan vow to deepen strategic partnership"
    assert art.published == datetime.date(2024, 5, 21)
    assert (art.dateline, art.dateline_date) == ("Astana", datetime.date(2024, 5, 20))
    assert art.language == "en"
    assert [s.text.split()[0] for s in art.sentences] == ["ASTANA,", "Mr.", "The", '"We']
    assert "Murat Nurtleu on Monday." in art.sentences[0].text  # hard-wrapped lines joined
    for junk in ("Share", "Editor", "Xinhua/Li Xin", "Home"):
        assert junk not in art.text


def test_html_article_cleans_like_text() -> None:
    page = ("<html><head><title>Wang Yi meets Lavrov - Example News</title></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/w'>World</a></nav><article><h1>Wang Yi meets Lavrov in Astana</h1>"
            "<p>ASTANA, May 20 (Xinhua) -- Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei "
            "Lavrov on Monday on the sidelines of the SCO foreign ministers' meeting in Astana.</p>"
            "<p>The two ministers agreed to strengthen coordination within the organization and to prepare "
            "for the heads of state summit in July.</p></article>"
            "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>")
    art = clean(load_text(page).text)
    assert art.title == "Wang Yi meets Lavrov in Astana"
    assert art.dateline == "Astana" and art.language == "en"
    assert len(art.sentences) == 2


def test_the_headline_is_not_the_sites_name_a_path_or_a_caption() -> None:
    # Pages written for this test: the site's name, an image path and a caption all sit in the head
    # above or beside the headline; the headline is the line that tells the lead's story.
    page = ("Ministry of Foreign Affairs of the Kyrgyz Republic\n"
            "Home > Press Centre > News\n"
            "/media/news/2022/kulubaev_lavrov_moscow.jpg\n"
            "Jeenbek Kulubaev and Sergey Lavrov review preparations for the CSTO summit\n"
            "The two ministers before their talks in Moscow\n"
            "12.10.2022\n\n"
            "On 11 October, Minister of Foreign Affairs of the Kyrgyz Republic Jeenbek Kulubaev held talks in "
            "Moscow with Minister of Foreign Affairs of Russia Sergey Lavrov. The ministers reviewed the "
            "preparations for the CSTO summit and the agenda of bilateral cooperation.\n")
    assert clean(page).title == "Jeenbek Kulubaev and Sergey Lavrov review preparations for the CSTO summit"
    # A slogan-like masthead no institution word gives away is passed over for the line that shares
    # the lead's words; with nothing better the first title-like line stays the title.
    slogan = ("Turkmenistan: the Golden Age\n"
              "President of Turkmenistan receives the Chinese Minister of Commerce\n\n"
              "President of Turkmenistan Gurbanguly Berdimuhamedov today received the Minister of Commerce of "
              "China, who is in Ashgabat for the meeting of the intergovernmental committee.\n")
    assert clean(slogan).title == "President of Turkmenistan receives the Chinese Minister of Commerce"
    alone = "Ambassade de Chine en France\n\nLe ministre chinois des Affaires étrangères a reçu mardi son homologue.\n"
    assert clean(alone).title == "Ambassade de Chine en France"


def test_empty_and_furniture_only_text_give_no_sentences() -> None:
    for raw in ("", "Accueil | Monde | Asie\nPartagez cet article\nRetournez en haut de la page"):
        art = clean(raw)
        assert art.sentences == [] and art.text == "" and art.language == "und"


EN_PARAGRAPH = (
    "Chinese Foreign Minister Wang Yi met his French counterpart Jean-Noël Barrot in Paris on Monday at the "
    "Quai d'Orsay, ahead of the state visit of President Xi Jinping to the Élysée. Barrot said that France and "
    "China bore a responsabilité particulière as permanent members of the Conseil de sécurité des Nations unies. "
    "Wang said China was ready to work with France to implement the consensus reached by the two heads of state "
    "and to deepen cooperation in aviation, nuclear energy and agriculture.")
FR_PARAGRAPH = (
    "Le ministre chinois des Affaires étrangères Wang Yi a rencontré lundi à Paris son homologue Jean-Noël "
    "Barrot. Les deux parties ont convenu de renforcer la coopération dans les domaines de l'énergie et de "
    "l'aviation, selon un communiqué publié par le ministère, qui salue un dialogue stratégique renouvelé.")


@pytest.mark.parametrize(("text", "lang"), [
    (EN_PARAGRAPH, "en"),
    (FR_PARAGRAPH, "fr"),
    ("El ministro de Asuntos Exteriores de China se reunió con su homólogo para hablar de la cooperación "
     "entre los dos países.", "es"),
    ("Der chinesische Außenminister hat sich am Montag mit seinem Amtskollegen getroffen, um über die "
     "Zusammenarbeit zu sprechen.", "de"),
    ("Министр иностранных дел Китая провел переговоры со своим казахстанским коллегой.", "ru"),
    ("中国外交部长王毅周一在阿斯塔纳会见了哈萨克斯坦外长，双方同意加强合作。", "zh"),
    ("Hello world", "und"),
    ("Wang Yi, Sergueï Lavrov, Astana, OCS, Xi Jinping", "und"),
])
def test_a_pages_language_is_told_among_six_at_any_length(text: str, lang: str) -> None:
    assert page_language(text) == lang


def test_a_stamp_line_above_the_body_dates_the_page_and_an_agency_dateline_may_end_on_a_period():
    art = clean("Ministers hold talks in Astana\n\nUzA | 21.05.2024 | 18:03\n\nASTANA (UzA). The foreign minister "
                "of Uzbekistan on Tuesday held talks with his Chinese counterpart on the sidelines of a meeting.")
    assert art.published == datetime.date(2024, 5, 21)
    assert art.dateline == "Astana"


def test_a_caption_that_ends_on_its_photo_credit_is_not_the_lead():
    art = clean("Meredov reçu par Wang Yi à Pékin\n\nRachid Meredov et Wang Yi à Pékin. Photo : MAE du Turkménistan.\n\n"
                "Le ministre turkmène des Affaires étrangères s'est entretenu lundi 12 janvier à Pékin avec son "
                "homologue chinois Wang Yi, a rapporté le service de presse.")
    assert art.sentences[0].text.startswith("Le ministre turkmène")


def test_headlines_listed_under_a_related_heading_are_not_the_body():
    raw = ("ASTANA, 3 May (Xinhua) -- The two ministers met on Friday and agreed to expand trade.\n\n"
           "They also discussed transport links across the Caspian Sea in some detail.\n\n"
           "Articles recommandés\n"
           "- Le président chinois appelle à une Asie de la sécurité commune lors du sommet de la CICA\n"
           "- Photos : Douchanbé accueille le président chinois\n")
    texts = [s.text for s in clean(raw).sentences]
    assert texts[-1].startswith("They also discussed") and not any("CICA" in t for t in texts)


def test_a_bare_date_line_below_the_lead_dates_the_page_and_the_site_line_is_kept():
    art = clean("Ministry of Foreign Affairs of Georgia\n\nGeorgian and Armenian ministers meet in Tbilisi\n\n"
                "The foreign ministers of Georgia and Armenia met on Tuesday in Tbilisi to discuss transit.\n\n"
                "Date 17.09.2024\n\n"
                "They agreed to reopen the Sadakhlo crossing to lorries around the clock from next month.")
    assert art.published == datetime.date(2024, 9, 17)
    assert art.header[0] == "Ministry of Foreign Affairs of Georgia"


def test_a_dateline_is_not_cut_at_its_own_abbreviations():
    art = clean("Talks in the north\n\nST. PETERSBURG, May 3. /TASS/. The Russian and Uzbek presidents held talks "
                "on Friday. They agreed to expand trade.")
    assert art.dateline == "St. Petersburg"
    assert [s.text for s in art.sentences[:2]] == ["ST. PETERSBURG, May 3. /TASS/.",
                                                   "The Russian and Uzbek presidents held talks on Friday."]


def test_image_paths_reading_times_and_photo_credits_are_not_sentences() -> None:
    page = ("Asie centrale : Paris accueille un sommet\n\n"
            "La France a promis des investissements dans la région lors d'une réunion à l'Elysée.\n\n"
            "Lecture 2 min.\n\n"
            "/img/2025/11/18/0/0/5000/3333/sommet-elysee.jpg\n\n"
            "Les présidents posent dans la cour de l'Elysée, à Paris, mardi. JEAN DUPONT / AFP\n\n"
            "Emmanuel Macron a réuni mardi les cinq présidents d'Asie centrale pour un premier sommet commun.")
    texts = [s.text for s in clean(page).sentences]
    assert not any("Lecture" in t or ".jpg" in t or "AFP" in t for t in texts)
    assert any(t.startswith("Emmanuel Macron a réuni") for t in texts)
