"""Turn a raw article into kept paragraphs and numbered sentences, with offsets into the raw text.

Nothing here rewrites the text: cleaning only *selects* spans of ``raw``, so any
sentence or evidence can be traced back with ``raw[start:end]``.  The rules
are generic page-layout rules (menus, share bars, credits, repeated blocks),
not patterns of one outlet.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .language import page_language
from .vocab import fold


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str  # == raw[start:end]
    paragraph: int  # index into CleanArticle.paragraphs


@dataclass
class CleanArticle:
    raw: str
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    title: str | None = None
    published: datetime.date | None = None
    dateline: str | None = None
    dateline_date: datetime.date | None = None
    language: str = "und"
    dropped: list[tuple[int, int, str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.raw[s:e] for s, e in self.paragraphs)

    def numbered(self) -> str:
        return "\n".join(f"[{s.index}] {' '.join(s.text.split())}" for s in self.sentences)


# --------------------------------------------------------------------------- paragraphs

_WORD = re.compile(r"[^\W_]+")
_CLOSING = ')»"”’ \u00a0\u202f'  # stripped before asking "does this end like a sentence?"
# Page furniture, matched on fold()ed lines.  Each names a kind of thing, never one site's wording.
# These are safe on any line short of a long paragraph: prose almost never contains them.
_FURNITURE = [re.compile(p) for p in (
    r"[\w.+-]+@[\w-]+\.[\w.]+",  # contact e-mail
    r"copyright\s*(©|\(c\)|\d{4})|©|all rights reserved|tous droits reserves|todos los derechos",
    r"^(suivez|follow|abonnez|subscribe|inscrivez|sign up)\b.*\b(twitter|facebook|telegram|instagram|youtube"
    r"|linkedin|newsletter|wechat|weibo|x\.com)",
    r"^\(?(sources?|credits?|credit photo|photo credit)\s*:",
    r"^\(?(redacteurs?|redactrices?|editors?|edited by|editeur|editrice|web editor|responsable editorial|"
    r"traduit par|translated by|auteur|author)\s*:",
    r"^(additional )?(reporting|writing|editing|photos?|video) by\b",
    r"\b(cookies?|javascript)\b.*\b(accept|enable|activer|utilis)",
    r"\d{12,}",  # tracking ids, phone/fax lists
    # an image's or a file's path left where the page showed it ("/img/2025/11/18/….jpg")
    r"^\S*/\S+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|mp4|pdf)\s*$",
    # a reading time ("Lecture 3 min.", "5 min read", « Temps de lecture : 2 min »)
    r"^(?:temps de )?lecture\s*:?\s*\d+\s*min\w*\.?$|^(?:reading time\s*:?\s*)?\d+\s*(?:min|minutes?)\.?\s*"
    r"(?:read|de lecture)?\.?$",
)]
# Navigation words: only trusted on lines that are not prose ("Related talks were held..." is prose).
_NAV = re.compile(
    r"^(partagez|partager|share|shares|imprimer|print|envoyer|email this|e-mail this|suggest to a friend|"
    r"retournez en haut|retour en haut|haut de (la )?page|back to top|top of page|lire (aussi|la suite)|"
    r"a lire aussi|voir aussi|read more|read also|see also|related|articles? (lies|similaires|associes|recommandes)|"
    r"recommended|recommandes?|dans la meme rubrique|more (stories|news)|"
    r"most (read|popular)|les plus lus|publicite|advertisement|sponsored|conseils de la redaction|"
    r"votre pseudo|commentaires?|comments?|mots[- ]cles|keywords|tags|suivez-nous|follow us|abonnez-vous|"
    r"accueil|home|homepage|page d'accueil|portada|menu|navigation|recherche|search)\b")
_NAV_SEP = re.compile(r"[|>•·]")
_BULLET = re.compile(r"^\s*(?:[-–—•·*]|\d+[.)])\s")
_CAPTION = re.compile(r"^(photo|photos|file photo|photo d'archives|image|video)\s*[:(-]|\((xinhua|afp|reuters|ap|tass|"
                      r"sputnik|cns|photo|epa)\s*/[^)]*\)\s*$|"
                      # a caption that ends on its credit: "A et B à Pékin. Photo : MAE du Turkménistan."
                      r"[.!?]\s+(photo|photos|credit|credits|credit photo)\s*:\s*[^.]{1,80}\.?\s*$|"
                      # a caption that ends on its photographer and agency ("… à Astana. VYACHESLAV
                      # PROKOFYEV / SPUTNIK / AFP")
                      r"[.!?]\s+[^.]{2,60}(?:\s/\s*(?:afp|reuters|ap|sputnik|epa|xinhua|tass|getty images|"
                      r"anadolu|ria novosti|pool|kremlin|akorda|zuma|sipa|maxppp|hans lucas))+\s*\.?\s*$")
# Agency sign-off after the last sentence ("... fruits. Fin", "(END)").
_SIGNOFF = re.compile(r"(?<=[.!?»\"”])\s+(?:Fin|FIN|\(Fin\)|\(fin\)|\(END\)|END|Ends|\(AFP\)|\(Xinhua\))\s*$")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_boilerplate(line: str) -> bool:
    f = fold(line).strip()
    if not re.search(r"[^\W\d_]", f):  # bullets, separators, digit rows: no letters at all
        return _find_date(line) is None  # ... but a bare "2019-05-21" is the header's date
    if len(f) < 300 and any(p.search(f) for p in _FURNITURE):
        return True
    if _sentence_like(line):
        return False
    # Menus and breadcrumbs: several separator-delimited items, or a navigation word, and no prose.
    return len(_NAV_SEP.findall(line)) >= 2 or bool(_NAV.search(f))


def _sentence_like(line: str, min_words: int = 8) -> bool:
    """Looks like running prose: enough words and sentence punctuation."""
    s = line.rstrip()
    if _words(s) < min_words:
        return False
    # A closing bracket or quote alone does not end a sentence: "... (ministre chinois des AE)" is a headline.
    return s.rstrip(_CLOSING).endswith(tuple(".!?…")) or len(re.findall(r"[.!?](?=\s+[A-Z])", s)) >= 2


def _lines(raw: str) -> list[tuple[int, int]]:
    """Non-blank lines as stripped spans; hard-wrapped prose lines are joined into one span."""
    lines: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", raw):
        s, e = m.start(), m.end()
        while s < e and raw[s].isspace():
            s += 1
        while e > s and raw[e - 1].isspace():
            e -= 1
        if s < e:
            lines.append((s, e))
    # A hard-wrapped file (e-mail, wire copy) has most lines filling a fixed width of at most ~100 chars.
    lengths = [e - s for s, e in lines]
    width = max(lengths, default=0)
    full = sum(n >= 0.75 * width for n in lengths)
    wrapped = width <= 100 and full >= max(3, 0.4 * sum(n >= 40 for n in lengths))
    spans: list[tuple[int, int]] = []
    for s, e in lines:
        if spans and raw.count("\n", spans[-1][1], s) == 1:  # consecutive lines, no blank between
            ps, pe = spans[-1]
            prev, nxt = raw[ps:pe], raw[s:e]
            # Metadata (dates, "a | b" bars) and datelines always start their own line.
            # Furniture ("Share this article") and captions "(Xinhua/...)" are never continuations.
            unfinished = (not prev.rstrip(_CLOSING).endswith(tuple(".!?…:")) and "|" not in prev + nxt
                          and _find_date(nxt) is None and _dateline(nxt) is None and not _is_boilerplate(nxt))
            # Joined only where the previous line stops mid-word-run at the wrap width, or the next
            # visibly continues it; a headline directly above the body must stay its own line.
            if unfinished and ((wrapped and pe - ps >= 0.6 * width and (prev[-1].isalnum() or prev[-1] in ",;")) or
                               (pe - ps >= 40 and (nxt[0].islower() or prev.endswith((",", "-", "("))))):
                spans[-1] = (ps, e)
                continue
        spans.append((s, e))
    return spans


def _dup_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(text))


def _shingles(text: str) -> set[tuple[str, ...]]:
    w = fold(text).split()
    return {tuple(w[i:i + 3]) for i in range(max(1, len(w) - 2))}


def _near_duplicate(text: str, seen: list[tuple[str, set[tuple[str, ...]]]]) -> bool:
    key = _dup_key(text)
    if not key:
        return False
    sh = _shingles(text) if len(text) >= 100 else None
    for k, other in seen:
        if k == key:
            return True
        # Near-exact: the same long paragraph re-rendered with a changed word or punctuation.
        if sh and other and len(sh & other) / len(sh | other) >= 0.85:
            return True
    return False


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "janvier": 1, "january": 1, "jan": 1, "fevrier": 2, "february": 2, "feb": 2, "fev": 2, "mars": 3,
    "march": 3, "mar": 3, "avril": 4, "april": 4, "apr": 4, "avr": 4, "mai": 5, "may": 5, "juin": 6,
    "june": 6, "jun": 6, "juillet": 7, "july": 7, "jul": 7, "juil": 7, "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "september": 9, "sept": 9, "sep": 9, "octobre": 10, "october": 10, "oct": 10,
    "novembre": 11, "november": 11, "nov": 11, "decembre": 12, "december": 12, "dec": 12,
}
_MONTH_RE = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    (re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})(?:er|st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})(?!\d)"), "dMy"),
    (re.compile(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"), "Mdy"),
]
_PUBLISH_WORDS = re.compile(r"publie|published|posted|\bdate\s*:|^date\s+\d")  # "Date: …" or a bare "Date 17.09.2024"
_UPDATE_WORDS = re.compile(r"mis a jour|mise a jour|updated|update|modifie")


def _mk_date(y: int, m: int, d: int) -> datetime.date | None:
    if not 1990 <= y <= 2100:
        return None
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _find_date(line: str) -> datetime.date | None:
    f = fold(line)
    for pat, kind in _DATE_PATTERNS:
        for m in pat.finditer(f):
            a, b, c = m.groups()
            if kind == "ymd":
                got = _mk_date(int(a), int(b), int(c))
            elif kind == "dmy":  # day first (European); month first only when day-first is impossible
                got = _mk_date(int(c), int(b), int(a)) or _mk_date(int(c), int(a), int(b))
            elif kind == "dMy":
                got = _mk_date(int(c), _MONTHS[b], int(a))
            else:
                got = _mk_date(int(c), _MONTHS[a], int(b))
            if got:
                return got
    return None


def _published(lines: list[str]) -> datetime.date | None:
    """Best header date: an explicit 'published' beats a bare date, which beats 'updated'."""
    best: tuple[int, int, datetime.date] | None = None
    for i, line in enumerate(lines):
        d = _find_date(line)
        if d is None:
            continue
        f = fold(line)
        rank = 0 if _PUBLISH_WORDS.search(f) else 2 if _UPDATE_WORDS.search(f) else 1
        if best is None or (rank, i) < best[:2]:
            best = (rank, i, d)
    return best[2] if best else None


# "XI'AN, 19 mai (Xinhua) --", "BEIJING, May 19 (Xinhua) --", "MOSCOW, Jan 5 (Reuters) -", "ASTANA, 21 May --"
_DATELINE = re.compile(
    r"(?P<place>[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’.\- ]{1,40}?)"
    r"(?:\s*,\s*(?P<date>[^,()\n]{3,25}?))?"
    r"\s*(?:\((?P<agency>[^)\n]{2,40})\)\s*(?:--|—|–|-|:|\.)|/(?P<wire>[A-Za-z][^/\n]{1,20})/\.?|(?:--|—|–|-|:))\s")


def _dateline(par: str) -> tuple[str, tuple[int, int] | None] | None:
    m = _DATELINE.match(par)
    if not m or not (m.group("date") or m.group("agency") or m.group("wire")):
        return None
    place = m.group("place").strip()
    letters = [c for c in place if c.isalpha()]
    # An all-caps place is a dateline by convention; a mixed-case one only with an agency credit.
    if not letters or (not all(c.isupper() for c in letters) and not (m.group("agency") or m.group("wire"))):
        return None
    md = _month_day((m.group("date") or "").rstrip(". "))
    return _place_case(place), md


def _month_day(text: str) -> tuple[int, int] | None:
    f = fold(text).strip()
    m = re.fullmatch(r"(\d{1,2})(?:er|st|nd|rd|th)?\s+" + _MONTH_RE, f)
    if m:
        return _MONTHS[m.group(2)], int(m.group(1))
    m = re.fullmatch(_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?", f)
    if m:
        return _MONTHS[m.group(1)], int(m.group(2))
    return None


def _place_case(place: str) -> str:
    # str.title() would give "Xi'An"; capitalise after spaces and hyphens only.
    return re.sub(r"(^|[\s\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), place.lower())


def _dateline_date(md: tuple[int, int] | None, published: datetime.date | None) -> datetime.date | None:
    if md is None or published is None:
        return None
    got = _mk_date(published.year, *md)
    # A late-December dateline published in early January belongs to the previous year.
    if got and got > published + datetime.timedelta(days=2):
        got = _mk_date(published.year - 1, *md)
    return got


# --------------------------------------------------------------------------- title

_SITE_SEP = re.compile(r"\s+[-|–—]\s+")
_OUTLET = re.compile(r"xinhua|reuters|afp|associated press|bbc|tass|cgtn|sputnik|news|times|daily|"
                     r"(?<!conf\wrence de )presse|"  # not « conférence de presse »
                     r"journal|le monde|figaro|rfi|france ?24|euronews|tribune|herald|agency|agence",
                     re.IGNORECASE)


def _strip_site(title: str) -> str:
    """Drop trailing ' - Outlet - site.com' segments that HTML <title>s carry."""
    stripped_domain = False
    while True:
        seps = list(_SITE_SEP.finditer(title))
        if not seps:
            return title
        seg = title[seps[-1].end():]
        if re.search(r"\w\.\w{2,}", seg):
            stripped_domain = True
        elif not ((stripped_domain and _words(seg) <= 3) or (_OUTLET.search(seg) and _words(seg) <= 4)):
            return title
        title = title[:seps[-1].start()]


def _title_like(line: str) -> bool:
    s = line.strip()
    return (4 <= _words(s) and len(s) <= 250 and not s.endswith(".") and "|" not in s
            # a date marks a stamp line, unless the line is long enough to be a headline that dates its event
            # ("Conférence de presse régulière du porte-parole … du 7 juin 2024")
            and (_find_date(s) is None or _words(s) >= 10) and not re.match(r"(?i)(par|by)\s*:?\s", s)
            # "Last updated 09h27 12/01": timestamps and partial dates mark metadata lines
            and not re.search(r"\d{1,2}\s*[h:]\s*\d{2}|\d{1,2}[/.]\d{1,2}", s)
            and not (_PUBLISH_WORDS.search(fold(s)) or _UPDATE_WORDS.search(fold(s))))


# A page's head holds the site's own name ("Ministry of Foreign Affairs of Japan", "TASS Russian News
# Agency", "Le Quotidien du Peuple en ligne"), image paths, breadcrumbs and captions beside the headline;
# the first such line is the headline on some pages only. Measured on the dev half: the first title-like
# line was the site's name on 34 of 114 pages.
# A site's name opens on its institution ("Ministère des Affaires étrangères de…", "Embassy of…"); a headline
# may name one further on ("Conférence de presse régulière du porte-parole du Ministère…").
_SITE_NAME = re.compile(r"^(?:the |le |la |l')?(?:[\w']+ ){0,2}(?:ministry|ministere|government|gouvernement|"
                        r"embassy|ambassade|agency|agence|press service|service de presse)\b|"
                        r"\b(?:official website|site officiel|radio|online|en ligne|le media|the media)\b")
_NOT_HEADLINE = re.compile(r"<|\bsrc=|^/|/[\w.-]+\.(?:jpe?g|png|gif|webp)\b|\s[»>]\s|\bphotos?\b", re.IGNORECASE)


def _content_words(text: str) -> set[str]:
    return set(re.findall(r"\w{4,}", fold(text)))


def _headline(lines: list[str], lead: str) -> str | None:
    """The headline among the title-like lines of the page's head: not the site's name, a path, a
    breadcrumb or a caption; the first that shares at least two content words with the lead (or a third
    of the most any line shares), so that a slogan-like masthead ("Turkmenistan: the Golden Age") is
    passed over for the line that tells the same story as the lead. Falls back to the first line."""
    if not lines:
        return None
    chosen = [t for t in lines if not (_NOT_HEADLINE.search(t) or _SITE_NAME.search(fold(t)) or _OUTLET.search(t))]
    if not chosen:
        return lines[0]
    lead_words = _content_words(lead)
    shared = [len(_content_words(t) & lead_words) for t in chosen]
    most = max(shared)
    return next(t for t, n in zip(chosen, shared) if n >= 2 or 3 * n >= most)


# --------------------------------------------------------------------------- sentences

_ABBREV = {
    "M", "MM", "Mme", "Mmes", "Mlle", "Mr", "Mrs", "Ms", "Dr", "Drs", "Pr", "Prof", "St", "Ste", "Sr", "Jr",
    "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Gov", "Sen", "Rep", "Rev", "Hon", "Amb", "Pres", "Mgr",
    "Inc", "Ltd", "Co", "Corp", "vs", "No", "Nos", "no", "Vol", "vol", "Art", "art", "Fig", "fig", "p", "pp",
    "cf", "env", "av", "min", "approx", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "janv", "févr", "avr", "juil", "déc",
}
# Words that start a sentence after an ambiguous "U.S." / "a.m." token.
_STARTERS = {"the", "he", "she", "it", "they", "we", "this", "that", "these", "but", "in", "on", "a", "an",
             "le", "la", "les", "il", "elle", "ils", "elles", "nous", "ce", "cette", "mais", "selon", "un", "une"}
_END = re.compile(r"[.!?…]+(?:[\"”’)\]]|\s?»)*")
_MAX_QUOTE = 1000  # a quote longer than this is split like prose: one "sentence" per page helps no one


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for o, c in (("«", "»"), ("“", "”")):
        for m in re.finditer(re.escape(o) + "[^" + o + c + "]*" + re.escape(c), text):
            spans.append((m.start(), m.end()))
    straight = [m.start() for m in re.finditer('"', text)]
    if len(straight) % 2 == 0:  # unpaired straight quotes cannot be trusted to open/close
        spans += [(straight[i], straight[i + 1] + 1) for i in range(0, len(straight), 2)]
    return [(s, e) for s, e in spans if e - s <= _MAX_QUOTE]


def _split_points(text: str) -> list[int]:
    """Offsets (relative to text) just after each sentence end."""
    quotes = _quote_spans(text)
    points = []
    for m in _END.finditer(text):
        end = m.end()
        rest = text[end:]
        gap = len(rest) - len(rest.lstrip())
        if gap == 0 or gap == len(rest):
            continue  # "3.5", "U.S.A" or the paragraph's end
        nxt = rest.lstrip().lstrip("«\"“‘([¿¡").lstrip()
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit()):
            continue
        if text[m.start()] == ".":
            token = text[:m.start()].split()[-1] if text[:m.start()].split() else ""
            token = token.lstrip("(«\"“")
            if token in _ABBREV or re.fullmatch(r"[A-ZÀ-Þ]", token):  # titles and initials
                continue
            if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):  # U.S., a.m.: only before a clear starter
                if _WORD.match(nxt) and _WORD.match(nxt).group().lower() not in _STARTERS:
                    continue
        if any(s < end < e for s, e in quotes):
            continue
        points.append(end)
    return points


def _sentences(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    text = raw[start:end]
    bounds = [0] + _split_points(text) + [len(text)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((start + a, start + b))
    return out


# --------------------------------------------------------------------------- language


# --------------------------------------------------------------------------- clean

def clean(raw: str) -> CleanArticle:
    art = CleanArticle(raw=raw)
    seen: list[tuple[str, set[tuple[str, ...]]]] = []
    header: list[tuple[int, int]] = []  # non-boilerplate lines before the body starts
    kept: list[tuple[int, int]] = []
    body_started = False
    links = False  # after a "Related"/"Articles recommandés" heading that follows the body
    for s, e in _lines(raw):
        line = raw[s:e]
        if _is_boilerplate(line):
            art.dropped.append((s, e, "boilerplate"))
            links = links or (body_started and bool(_NAV.match(fold(line.strip()))))
            continue
        if links and (_BULLET.match(line) or not _sentence_like(line, 3)):
            # the headlines listed under it are other articles (long enough to pass for prose)
            art.dropped.append((s, e, "boilerplate"))
            continue
        links = False
        if _CAPTION.search(fold(line)) and len(line) < 400:
            art.dropped.append((s, e, "caption"))
            continue
        if _near_duplicate(line, seen):
            art.dropped.append((s, e, "duplicate"))
            continue
        seen.append((_dup_key(line), _shingles(line) if len(line) >= 100 else set()))
        # Before the body, only real prose opens it; after, shorter punctuated lines still count
        # (and a long unpunctuated one, e.g. a last paragraph ending in a sign-off).
        if body_started:
            is_body = _sentence_like(line, 3) or _words(line) >= 15
        else:
            is_body = _sentence_like(line)
        if is_body:
            body_started = True
            sign = _SIGNOFF.search(line)
            if sign:
                art.dropped.append((s + sign.start(), e, "signoff"))
                e = s + sign.start()
            kept.append((s, e))
        elif not body_started:
            header.append((s, e))
            art.dropped.append((s, e, "header"))
        else:
            art.dropped.append((s, e, "boilerplate"))  # menus, related links, subscribe bars after the body
    art.dropped.sort()
    art.paragraphs = kept

    header_lines = [raw[s:e] for s, e in header]
    # the site's name among them ("Ministry of Foreign Affairs | Government of Pakistan") says whose
    # account this is (meeting_fields.publisher_side)
    art.header = header_lines[:6]
    body_start = kept[0][0] if kept else len(raw)
    art.published = _published(header_lines) or _published(
        [raw[s:e] for s, e, why in art.dropped
         if why == "boilerplate" and (_PUBLISH_WORDS.search(fold(raw[s:e])) or _UPDATE_WORDS.search(fold(raw[s:e])))]) \
        or _published([raw[s:e] for s, e, why in art.dropped if why == "boilerplate" and e <= body_start])
    # (the last: a bare stamp line above the body, "UzA | 21.05.2024 | 18:03", reads like a menu)
    dateline_end = -1
    for s, e in kept[:2]:  # the dateline opens the first (rarely the second) body paragraph
        found = _dateline(raw[s:e])
        if found:
            art.dateline = found[0]
            art.dateline_date = _dateline_date(found[1], art.published)
            dateline_end = s + _DATELINE.match(raw[s:e]).end()  # type: ignore[union-attr]  # it matched above
            break

    for p, (s, e) in enumerate(kept):
        spans = _sentences(raw, s, e)
        # "ST. PETERSBURG, June 16. /TASS/.", "SEOUL, 07 nov. (Yonhap) --": a dateline is not cut where its own
        # abbreviations end (cut, its first piece pushed the report's first sentence out of the lead)
        while len(spans) > 1 and spans[0][0] < dateline_end and spans[0][1] < dateline_end - 1:
            spans[:2] = [(spans[0][0], spans[1][1])]
        for a, b in spans:
            art.sentences.append(Sentence(len(art.sentences), a, b, raw[a:b], p))
    art.title = _headline([_strip_site(t) for t in header_lines if _title_like(t)],
                          " ".join(t.text for t in art.sentences[:2]))
    art.language = page_language(art.text)
    return art
