"""Language identification, side by side: lingua (summarize/language.py) vs the function-word count it
replaced, on labelled text from the dev half's gold: every English `text`/`statement` (en), every quote
of a French article (fr), and mixed summaries (an English sentence + a French quote: must not be "en").

    python bench/language_id.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from summarize.language import detect_language, non_english_sentences

ROOT = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"[^\W_]+")
_FW = {"en": set("the of and to in is that for on with was as by it at from are be this has have will were said "
                 "which an its their would he his they not but been who also had".split()),
       "fr": set("le la les des de du et est une un dans pour que qui sur au aux avec par ont ces ses leur été être "
                 "pas ne il elle nous cette sont entre selon à où été lors".split())}


def old_detect(text: str) -> str:
    """The function-word count of earlier versions (French/English part)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return "und"
    words = [w.lower() for w in _WORD.findall(text) if not w.isdigit()]
    if len(words) < 5:
        return "und"
    scores = sorted(((sum(w in fw for w in words), lang) for lang, fw in _FW.items()), reverse=True)
    (top, lang), (second, _) = scores[0], scores[1]
    if top < 3 or top / len(words) < 0.12 or top < 1.3 * second:
        return "und"
    return lang


def main() -> None:
    samples: list[tuple[str, str]] = []
    for path in sorted((ROOT / "tests" / "gold" / "dev").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for item in gold["commitments"] + gold["positions"]:
            english = item.get("text") or item.get("statement")
            samples.append((english, "en"))
            if gold["language"] == "fr":
                samples.append((item["quote"], "fr"))
                samples.append((english + " " + item["quote"][0].upper() + item["quote"][1:] + ".", "mixed"))
    rows = {"lingua (per sentence for mixed)": lambda t: ("fr" if non_english_sentences(t) else "en")
            if t.count(". ") else detect_language(t),
            "function words (old)": old_detect}
    print(f"{len(samples)} labelled texts from the dev gold\n")
    print("| detector | English right | French right | mixed caught (not 'en') |")
    print("|---|---|---|---|")
    for name, fn in rows.items():
        got = {"en": [0, 0], "fr": [0, 0], "mixed": [0, 0]}
        for text, label in samples:
            answer = fn(text)
            ok = answer == label if label != "mixed" else answer != "en"
            got[label][0] += ok
            got[label][1] += 1
        print(f"| {name} | " + " | ".join(f"{h}/{n}" for h, n in got.values()) + " |")


if __name__ == "__main__":
    main()
