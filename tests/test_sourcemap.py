"""Evidence from an HTML page points into the page the user gave, not into the text read from it."""

from __future__ import annotations

import html
import re

from summarize.load import load_text
from summarize.schema import Commitment, Evidence, Participant, Record
from summarize.sourcemap import PageMap, evidence_in_page

PAGE = """<!doctype html>
<html><head><title>Wang Yi meets Kazakh counterpart</title>
<script>var tracker = "Wang Yi will promise nothing";</script>
<style>p { color: red; }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Wang Yi meets Kazakh counterpart</h1>
<figure><img src="/img/wang.jpg" alt="photo"><figcaption>Photo: archive</figcaption></figure>
<p>BEIJING, May 20 &mdash; Chinese Foreign Minister <strong>Wang Yi</strong> met
   Kazakh Foreign Minister Murat Nurtleu in Beijing on Monday.</p>
<p>Wang said China is ready to expand trade &amp; investment with Kazakhstan and to deepen
cooperation on the <a href="/bri">Belt and Road Initiative</a>.</p>
<p>Nurtleu said Kazakhstan firmly supports the one-China principle.</p>
</article><footer>Copyright 2024 Example News</footer></body></html>"""


def _visible(source: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", source))).strip()


def _span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_span_read_from_the_page_is_found_in_the_page_source():
    article = load_text(PAGE, source="page.html")
    assert article.page == PAGE.replace("\r\n", "\n")
    pagemap = PageMap(article.page, article.text)
    for words in ("China is ready to expand trade & investment with Kazakhstan",
                  "cooperation on the Belt and Road Initiative",  # a link inside the span
                  "Chinese Foreign Minister Wang Yi met",  # inline <strong>, a line break in the source
                  "Kazakhstan firmly supports the one-China principle"):
        start, end = pagemap.span(*_span_of(article.text, words))
        assert _visible(PAGE[start:end]) == words


def test_a_record_of_a_page_carries_page_offsets_and_keeps_its_words():
    article = load_text(PAGE, source="page.html")
    words = "China is ready to expand trade & investment with Kazakhstan"
    start, end = _span_of(article.text, words)
    name = _span_of(article.text, "Wang Yi met")
    record = Record.model_construct(
        participants=[Participant(name="Wang Yi", role="Foreign Minister", actor="CHN",
                                  evidence=[Evidence(start=name[0], end=name[0] + 7, text="Wang Yi")])],
        commitments=[Commitment(actors=["CHN"], text="China is ready to expand trade.", modality="readiness",
                                category="COOPERATE", evidence=[Evidence(start=start, end=end, text=words)])],
        positions=[], meeting=None)
    assert evidence_in_page(record, article.page, article.text) == 0
    moved = record.commitments[0].evidence[0]
    assert moved.text == words and _visible(PAGE[moved.start:moved.end]) == words
    person = record.participants[0].evidence[0]
    assert PAGE[person.start:person.end] == "Wang Yi"
    assert PAGE.index("<strong>Wang Yi") < person.start  # the body's mention, not the script's


def test_words_the_page_does_not_show_are_not_placed():
    pagemap = PageMap(PAGE, "Wang Yi will promise nothing at all today")  # the script's words: never shown
    assert pagemap.span(0, len(pagemap.text)) is None
