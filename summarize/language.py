"""Which language a text is in: lingua (made for short and mixed text) over English and French.

The readouts are French or English, and so are the confusions that matter: an English field that is
really the French source, a summary sentence left in French. Other scripts are told apart by their
characters first (a Latin-script detector has nothing to say about Cyrillic or Chinese).

Measured against the old function-word count on the dev half (README): the count called short
French clauses "und" and a summary holding one French sentence "en"; lingua, asked per sentence,
catches both.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SCRIPTS = (("ru", re.compile(r"[\u0400-\u04FF]")), ("zh", re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]")),
            ("ar", re.compile(r"[\u0600-\u06FF\u0750-\u077F]")))
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý\"«(])")
# Below this many letters a detector guesses; names dominate ("Wang Yi met Tileuberdi").
MIN_LETTERS = 12


@lru_cache(maxsize=1)
def _detector():
    from lingua import LanguageDetectorBuilder

    # lingua reads a language's n-gram models on the first text that needs them (a long text: trigrams only;
    # a short one: all five sizes, ~125 MB for these six languages). Low-accuracy mode (trigrams only,
    # ~15 MB) answered differently on 9% of the texts of the tests, gold and cassettes (mostly short ones:
    # "und" became a language), so it is not used: the extraction's output would change.
    # English and French decide; the other large Latin-script languages are there so that a Spanish or
    # German page is called what it is, not "fr" (a two-way detector can only answer one of its two).
    return LanguageDetectorBuilder.from_languages(*_languages()).build()


def _languages() -> tuple:  # type: ignore[type-arg]
    from lingua import Language

    return (Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.GERMAN, Language.ITALIAN,
            Language.PORTUGUESE)


# lingua reads the models of every n-gram size for a text under 120 characters after its own clean-up,
# which keeps every letter: a text with fewer letters may need them, one with more uses trigrams only
_SHORT = 120


@lru_cache(maxsize=1)
def _every_model() -> bool:
    """Read all of the detector's n-gram models, one language at a time (issue 9: memory).

    Left to lingua, the first short text read every model of every language at once, and the reading
    needs ~40-50 MB of scratch memory beyond the ~125 MB kept: in a batch that was its peak. Here each
    detector of two neighbouring languages reads one language more (the first two at once), and the
    allocator is trimmed after each (``warm.trim``), so the scratch memory is that of one language and
    is handed back before the next is read. In a batch this function is one of the loaders
    ``warm.single_flight`` puts behind its lock, so no other model is loaded at the same time.

    lingua keeps the models it has read for the whole process, shared by every detector (``_detector``
    reads none again: measured). The answers are the ones the detector gives when it reads them itself:
    the same models. (lingua's confidence values already differed in their last bits from one call to
    the next on the same text, the sums' order not being fixed; ``detect_language`` compares them to
    0.6.) Long texts (a whole article) use the trigram models only, which the detector reads itself:
    cleaning an article does not wait for this, so a batch's first request does not either (the batch
    waits for this only on the first short text, in an article thread)."""
    from lingua import LanguageDetectorBuilder

    from .warm import trim

    languages = _languages()
    for pair in zip(languages, languages[1:]):
        LanguageDetectorBuilder.from_languages(*pair).build().compute_language_confidence_values("the minister said")
        trim()
    return True


@lru_cache(maxsize=8192)
def detect_language(text: str) -> str:
    """"en", "fr", a script's language ("ru", "zh", "ar"), or "und" when the text is too thin to tell."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS or len(_WORD.findall(text)) < 2:
        return "und"
    for lang, pattern in _SCRIPTS:
        if len(pattern.findall(text)) / len(letters) > 0.3:
            return lang
    if len(letters) < _SHORT:
        _every_model()
    values = _detector().compute_language_confidence_values(text)
    best = values[0]
    if best.value < 0.6:
        return "und"
    return best.language.iso_code_639_1.name.lower()


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def non_english_sentences(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """The sentences of ``text`` that are in another language than English (checked one by one:
    one French sentence inside an English paragraph must not hide behind the rest).

    ``names``: proper names the sentences quote as the article spells them ("Vladimir Poutine",
    "Noursoultan Nazarbaïev"); they are left out of the test, or a French spelling makes an English
    sentence "French"."""
    kept = sorted((n for n in names if n and len(n) > 2), key=len, reverse=True)
    out = []
    for sentence in sentences_of(text):
        bare = sentence
        for name in kept:
            bare = bare.replace(name, " ")
        if detect_language(bare) not in ("en", "und"):
            out.append(sentence)
    return out


def is_english_or_thin(text: str) -> bool:
    return detect_language(text) in ("en", "und")
