"""The Markdown view: enum values as words, and an item without a text shows why."""

from __future__ import annotations

from summarize.render import to_markdown
from summarize.schema import ArticleInfo, Commitment, Record


def test_a_flagged_item_without_text_says_why_and_categories_read_as_words():
    article = ArticleInfo(language="en", sha256="0" * 64, chars=0, kept_chars=0)
    record = Record(article=article, commitments=[Commitment(actors=["CHN"], text="", modality="call",
                                            flags=["model_error: the model's reply was cut off"])])
    page = to_markdown(record)
    assert "| call | AGREE | _(no text: model_error: the model's reply was cut off)_ |" in page
    assert "EventCategory" not in page
