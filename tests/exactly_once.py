"""What resuming a killed batch must leave: the checks test_resume and test_workers share."""

from __future__ import annotations

from pathlib import Path

from summarize.schema import Record
from summarize.store import Store


def meeting_calls(mock, articles) -> dict[str, int]:
    """How often the mock was asked each article's meeting call (make_articles' "refNNNqz" marker): equal
    before and after a resume when finished articles are not asked again."""
    return {a: mock.count(f"ref{int(Path(a).stem[1:]):03d}qz", meeting_only=True) for a in articles}


def assert_each_article_stored_once(db: Path, articles: int) -> None:
    """One whole record per article, none torn, an intact database, no failure left."""
    with Store(db) as store:
        rows = store.query("SELECT article_id, count(*) AS n FROM records GROUP BY article_id")
        assert len(rows) == articles and all(r["n"] == 1 for r in rows)
        for _, record in store.records():
            Record.model_validate(record)  # no torn record
        assert store.scalar("PRAGMA integrity_check") == "ok"
        assert store.failures() == []
