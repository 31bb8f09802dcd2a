"""The HTML report in a real headless browser (Debian's chromium).

Installed by `.ci/run` with `apt-get update && apt-get install -y chromium`.  Skipped only when
chromium is absent outside CI; with CI set, a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from summarize import report
from summarize.compare import compare, load_texts, records_from_gold

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


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    records = records_from_gold(ROOT / "tests" / "gold", ROOT / "tests" / "data")
    result = compare(records, dyad="CHN-KAZ")
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report.to_html(result, records, load_texts(None, records)), encoding="utf-8")
    return path, result


def test_report_renders_the_seed_meetings(seeds_report, tmp_path):
    path, result = seeds_report
    proc = _chromium(tmp_path, "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    for meeting in result.meetings:
        assert f'data-meeting="{meeting.id}"' in dom
    for text in ("2019-05-21", "2021-09-16", "2023-05-19", "Bishkek", "Dushanbe", "Xi'an", "Mukhtar Tileuberdi",
                 "Belt and Road alignment", "reaffirmed", "<mark"):
        assert text in dom.replace("&#x27;", "'"), text
    assert dom.count('class="record"') == 3


def test_report_screenshot(seeds_report, tmp_path):
    path, _ = seeds_report
    out_dir = Path(os.environ.get("SUMMARIZE_SCREENSHOT_DIR", tmp_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    shot = out_dir / "report.png"
    proc = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a rendered page, not a blank one
