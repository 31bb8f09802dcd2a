"""The HTML report in a real headless browser (Debian's chromium).

Installed by `.ci/run` with `apt-get update && apt-get install -y chromium`.  Skipped only when
chromium is absent outside CI; with CI set, a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from summarize import report
from summarize.compare import compare, load_articles, load_records

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed but CI is set: .ci/run must `apt-get install -y chromium`",
                    pytrace=False)
    pytestmark = pytest.mark.skip(reason="chromium not installed (apt-get install -y chromium); CI would fail")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=120)


SERIES = ROOT / "tests" / "data" / "series"


@pytest.fixture(scope="module")
def series_report(tmp_path_factory):
    """The CHN-KAZ meetings of the written series and the real readouts (tests/data/series/), from the pipeline's
    recorded records."""
    records = load_records(SERIES / "records") + load_records(SERIES / "real")
    articles = load_articles(None, records, [SERIES / "series.jsonl"] + sorted((ROOT / "tests" / "data").glob("*.txt"))
                             + sorted((ROOT / "tests" / "data" / "test").glob("*.txt")))
    result = compare(records, dyad="CHN-KAZ", articles=articles)
    path = tmp_path_factory.mktemp("report") / "report.html"
    texts = {rid: a.text for rid, a in articles.items() if a.text}
    path.write_text(report.to_html(result, records, texts), encoding="utf-8")
    return path, result


def test_report_renders_a_series_of_ten_meetings_or_more(series_report, tmp_path):
    path, result = series_report
    assert len(result.meetings) >= 10
    proc = _chromium(tmp_path, "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout.replace("&#x27;", "'")
    for meeting in result.meetings:
        assert f'data-meeting="{meeting.id}"' in dom
        assert meeting.date in dom
    for text in ("Wang Yi", "Belt and Road alignment", "reaffirmed", "not restated", "<mark", 'id="f-side"',
                 "kz-mfa"):
        assert text in dom, text
    assert dom.count('class="record"') == len(result.records)
    assert "The article text is not available" not in dom


def test_side_filter_from_the_address_hides_other_sides_items(series_report, tmp_path):
    path, result = series_report
    proc = _chromium(tmp_path, "--dump-dom", path.as_uri() + "#side=KAZ")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    items = re.findall(r'<details class="item[^"]*" data-actors="([^"]*)"', dom)
    hidden = re.findall(r'<details class="item[^"]*hidden[^"]*" data-actors="([^"]*)"', dom)
    assert items and hidden  # the series has China-only statements
    assert all("KAZ" not in actors.split() for actors in hidden)


def test_report_screenshot(series_report, tmp_path):
    path, _ = series_report
    out_dir = Path(os.environ.get("SUMMARIZE_SCREENSHOT_DIR", tmp_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    shot = out_dir / "report.png"
    proc = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1720,1400", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a rendered page, not a blank one
