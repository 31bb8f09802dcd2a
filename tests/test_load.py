"""load: any path/bytes/str becomes one RawArticle of text, or an InputError that says why."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from summarize.errors import InputError
from summarize.load import MAX_BYTES, RawArticle, load_bytes, load_path, load_stdin, load_text

DATA = Path(__file__).parent / "data"
SEEDS = sorted(DATA.glob("0*.txt"))

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Wang Yi meets Lavrov in Astana - Example News</title>
<meta property="article:published_time" content="2024-05-21T10:00:00Z"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/asia">Asia</a></li></ul></nav>
<article>
<h1>Wang Yi meets Lavrov in Astana</h1>
<p>ASTANA, May 20 (Xinhua) -- Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov
on Monday on the sidelines of the SCO foreign ministers' meeting in Astana.</p>
<p>The two ministers agreed to strengthen coordination within the Shanghai Cooperation Organization
and to prepare for the heads of state summit in July.</p>
<p>Lavrov said Russia supported China's position on the Taiwan question.</p>
</article>
<footer><p>Copyright 2024 Example News. All rights reserved.</p><p>Contact us | Privacy | Terms</p></footer>
</body></html>
"""


def test_seed_files_load_as_utf8_text() -> None:
    assert len(SEEDS) >= 5
    for path in SEEDS:
        art = load_path(path)
        assert isinstance(art, RawArticle)
        assert art.format == "text" and art.encoding == "utf-8"
        assert art.source == str(path)
        assert "\r" not in art.text and len(art.text) > 1000


def test_crlf_and_bom_are_normalised_so_offsets_are_stable() -> None:
    art = load_bytes("\ufeffLigne un.\r\nLigne deux.\rLigne trois.".encode("utf-8"))
    assert art.text == "Ligne un.\nLigne deux.\nLigne trois."


def test_latin1_bytes_with_accents_are_decoded() -> None:
    art = load_bytes("Le ministre a salué l'été à Pékin.".encode("latin-1"), source="x.txt")
    assert art.text == "Le ministre a salué l'été à Pékin."
    assert art.encoding in ("cp1252", "latin-1")


def test_utf16_with_bom_is_text_not_binary() -> None:
    assert load_bytes("Réunion à Astana.".encode("utf-16")).text == "Réunion à Astana."


def test_html_gives_article_text_without_navigation_or_footer() -> None:
    art = load_text(HTML_PAGE, source="page.html")
    assert art.format == "html"
    assert "Wang Yi met Russian Foreign Minister Sergei Lavrov" in art.text
    assert "Taiwan question" in art.text
    assert art.text.startswith("Wang Yi meets Lavrov in Astana")  # headline kept as the first line
    for junk in ("Copyright", "All rights reserved", "Privacy", "World\n"):
        assert junk not in art.text


def test_html_bytes_are_detected_by_content() -> None:
    assert load_bytes(HTML_PAGE.encode("utf-8")).format == "html"


def test_html_without_article_text_is_refused() -> None:
    with pytest.raises(InputError):
        load_text("<html><body><script>var x = 1;</script></body></html>")


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", "\u00a0 \u3000".encode("utf-8")])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        load_bytes(data)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load_path(path)


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00binary\x00zip", bytes(range(1, 9)) * 200])
def test_binary_input_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        load_bytes(data)


def test_ten_megabyte_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(10_000_000)  # sparse: 10 MB on paper, nothing to write
    # Any attempt to open the file would fail loudly: the size alone must decide.
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("file was opened"))
    with pytest.raises(InputError, match=f"{MAX_BYTES:,}"):
        load_path(path)


def test_oversized_bytes_and_text_are_refused() -> None:
    with pytest.raises(InputError, match="limit"):
        load_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="limit"):
        load_text("a" * (MAX_BYTES + 1))


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        load_path(tmp_path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_path(tmp_path / "nope.txt")


def test_stdin_is_read_as_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("Réunion à Astana lundi.\n".encode("cp1252")))
    monkeypatch.setattr(sys, "stdin", fake)
    art = load_stdin()
    assert art.text == "Réunion à Astana lundi.\n" and art.encoding == "cp1252"
