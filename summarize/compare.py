"""Compare commitments across meetings.

``load_records`` reads Records from a directory of JSON/JSONL files, one such
file, or the SQLite store; ``load_articles`` the outlet, address, input date and
text of each article (the store's ``articles`` table, the batch's input files).
``compare`` merges the articles that report one meeting (``meetings``), names
people from the records (``people``), groups commitments that express the same
pledge (``topics``, ``resolve``) and gives, per topic and meeting, whether the
pledge is new, reaffirmed, not restated, dropped or reported as fulfilled.

Change labels (what each means):

* ``new``: first stated at this meeting (within the filters).
* ``reaffirmed``: stated again at this meeting.
* ``not_restated``: a later meeting of the same parties does not state it; nothing more is claimed.  This
  is the label whenever that meeting is of another kind (a call after a visit), or its report is short, or
  it does not touch the topic at all.
* ``dropped``: a later meeting of the same kind, with a full report (``SHORT_REPORT`` statements or more),
  speaks to the topic (a position on it) without the pledge.
* ``fulfilled_as_reported``: a later meeting reports it done (a position saying it was completed, held...).
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sqlite3
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as _date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

from pydantic import BaseModel, Field, ValidationError

from . import meetings as identity
from . import people as people_mod
from . import resolve
from . import topics as topic_table
from .meetings import ArticleMeta
from .errors import InputError
from .schema import ArticleInfo, Commitment, Evidence, Meeting, Participant, Position, Record
from .vocab import ORGANISATIONS, fold

# what an article without metadata has (frozen: one shared instance, not one per lookup)
_NO_META = ArticleMeta()

Status = Literal["new", "reaffirmed", "not_restated", "dropped", "fulfilled_as_reported"]

# A meeting whose articles together state fewer commitments than this is "short": silence there says little.
SHORT_REPORT = 3

# Completion markers that make a later position a report that a pledge was carried out.
_FULFILLED = re.compile(
    r"\b(has|have|had) been (implemented|completed|signed|launched|held|opened|delivered|achieved|realised|realized)"
    r"|\b(was|were) (a (complete )?success|held|signed|completed|launched|opened|implemented|delivered)"
    r"|\bachieved\b|\bcompleted\b|\btook place\b|\bfully realised\b|\bsuccessfully\b")


# --------------------------------------------------------------------------- output model

class ItemView(BaseModel):
    record: str = Field(description="id of the record (article) the item comes from")
    kind: Literal["commitment", "position"] = "commitment"
    index: int
    actors: list[str]
    targets: list[str] = Field(default_factory=list)
    text: str
    modality: str | None = None
    category: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    source: str | None = Field(default=None, description="the outlet that published the article")
    flags: list[str] = Field(default_factory=list, description="'not_english', 'ungrounded'")
    also: list["ItemView"] = Field(default_factory=list, description="the same statement in other articles of "
                                   "the meeting: merged, not counted twice")


class PersonView(BaseModel):
    name: str
    short: str = Field(default="", description="the surname, for narrow views")
    role: str | None
    actor: str
    sources: list[str] = Field(default_factory=list, description="outlets (or record ids) that name this person")


class MeetingView(BaseModel):
    id: str
    label: str = Field(default="", description="short column title: date and place (or 'call')")
    date: str | None
    date_source: str = Field(default="text", description="text, input (the JSONL date / --date), published, none")
    date_precision: str
    kind: str
    mode: str
    place: str | None
    forum: str | None
    actors: list[str] = Field(description="states and organisations involved (participants and committers)")
    participants: list[PersonView]
    mentioned: list[PersonView] = Field(default_factory=list, description="organisation officials named in an "
                                        "account of a two-sided meeting: mentioned, not counted as a side")
    records: list[str] = Field(description="ids of the articles merged into this meeting")
    outlets: list[str] = Field(default_factory=list)
    statements: int = Field(default=0, description="distinct commitments stated at the meeting (all articles)")
    short_report: bool = False


class Cell(BaseModel):
    meeting: str
    status: Status
    items: list[ItemView] = Field(default_factory=list, description="the evidence: one item per statement made "
                                  "at this meeting; for 'fulfilled' the report; for 'dropped' the positions that "
                                  "spoke to the topic without the pledge; none for 'not_restated'")
    last_stated: str | None = Field(default=None, description="meeting id of the last statement, for later cells")
    note: str | None = None


class TopicGroup(BaseModel):
    key: str
    label: str
    parties: list[str]
    sides: list[str] = Field(default_factory=list, description="who commits on this topic (actor codes)")
    cells: list[Cell]


class RecordView(BaseModel):
    id: str
    source: str | None
    title: str | None
    published: str | None
    sha256: str
    meeting: str | None
    chars: int
    outlet: str | None = None
    url: str | None = None
    date: str | None = Field(default=None, description="the date the article came with (JSONL date / --date)")
    language: str | None = None


class Comparison(BaseModel):
    filters: dict[str, str | list[str] | None]
    meetings: list[MeetingView]
    topics: list[TopicGroup]
    records: list[RecordView]
    flags: list[str] = Field(default_factory=list)

    def meeting(self, meeting_id: str) -> MeetingView:
        return next(m for m in self.meetings if m.id == meeting_id)


_new_object = object.__new__
_set_attr = object.__setattr__
_FIELD_SETS: dict[type, set[str]] = {}  # class -> the names of its fields (what model_fields_set holds here)


def _construct(cls, values: dict):
    """``cls.model_construct(**values)`` for ``values`` that name every field of ``cls`` in declaration order
    (the same ``__dict__`` and ``model_fields_set``), without pydantic's per-field loop: the comparison builds
    hundreds of thousands of items and cells from validated parts (tests/test_compare.py checks the two agree)."""
    m = _new_object(cls)
    _set_attr(m, "__dict__", values)
    # a copy of the class's field-name set: copying a set's table is cheaper than hashing the keys into a new
    # one (a third of this function's time), and each object keeps its own set, as pydantic's do
    fields = _FIELD_SETS.get(cls)
    if fields is None:
        fields = _FIELD_SETS[cls] = set(cls.model_fields)
    _set_attr(m, "__pydantic_fields_set__", fields.copy())
    _set_attr(m, "__pydantic_extra__", None)
    _set_attr(m, "__pydantic_private__", None)
    return m


# --------------------------------------------------------------------------- input

@contextmanager
def _gc_paused():
    """Pause the cyclic GC: building ~10^6 small acyclic objects otherwise triggers repeated full collections
    (measured: loading and comparing 10,000 records took 11.8 s with it, 4.6 s without).

    On the way out the objects made meanwhile are frozen (``gc.freeze``) before the collector is switched back
    on: else its first young collection walks every one of them (2.7 million after loading 10,000 records,
    0.5-1 s each time, and again when they are promoted).  They are the loaded records and the comparison,
    acyclic: reference counting still frees them; only a reference cycle made while paused would stay
    uncollected, and none is made here."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def load_records(source: str | Path) -> list[Record]:
    """Records from a SQLite store, a directory of ``*.json``/``*.jsonl`` files, or one such file."""
    with _gc_paused():
        return _load_records(source)


def _load_records(source: str | Path) -> list[Record]:
    path = Path(source)
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl") and p.is_file())
        if not files:
            raise InputError(f"{path} holds no .json or .jsonl record files")
        out: list[Record] = []
        for file in files:
            out.extend(_records_from_file(file))
        return out
    if _is_sqlite(path):
        return [record for record, _ in _store_rows(path, texts=False)]
    return _records_from_file(path)


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _parse(text: str, where: str) -> Record:
    fast = _record_validator()
    if fast is not None:
        try:
            return fast.validate_json(text)
        except ValidationError:
            pass  # the model's own validator says what is wrong (or, should it differ, decides)
    try:
        return Record.model_validate_json(text)
    except ValidationError as exc:
        raise InputError(f"{where} is not a valid record: {exc.errors()[0]['msg']}") from None


@lru_cache(maxsize=1)
def _record_validator():
    """``Record``'s own core schema with every enum field checked as a literal of the enum's values.

    With ``use_enum_values`` pydantic validates an enum field by finding the member, then calls Python's
    ``Enum.value`` on it: 850,000 Python calls for 10,000 stored records, a quarter of their validation.  A
    literal of the values accepts the same JSON strings and keeps the same string, so the records are the same
    (same instances of the same classes; tests/test_compare.py checks both validators on the fixtures and on
    rejected rows).  A row it rejects goes through the model's validator, which gives the message.  None when
    the schema is not the shape this expects (another pydantic): then the model's validator alone is used."""
    try:
        from pydantic_core import SchemaValidator

        schema = Record.__pydantic_core_schema__
        swapped = [0]
        fast = _enum_values_as_literals(schema, swapped)
        if not swapped[0]:
            return None
        # pydantic-core reuses a complete model's own validator for a model node ("prebuilt"), which would
        # bring the enum fields back: the classes are marked incomplete while this one is built, as pydantic's
        # model_rebuild does for its own rebuild, and marked back at once.
        classes = _model_classes(schema)
        marks = {cls: cls.__dict__.get("__pydantic_complete__", _UNSET) for cls in classes}
        with _BUILD_LOCK:
            try:
                for cls in classes:
                    type.__setattr__(cls, "__pydantic_complete__", False)
                return SchemaValidator(fast, {**schema.get("config", {}), "title": Record.__name__})
            finally:
                for cls, mark in marks.items():
                    if mark is _UNSET:
                        type.__delattr__(cls, "__pydantic_complete__")
                    else:
                        type.__setattr__(cls, "__pydantic_complete__", mark)
    except Exception:  # noqa: BLE001 - an optimisation only: the model's validator is always right
        return None


_BUILD_LOCK = threading.Lock()
_UNSET = object()


def _model_classes(node, out: list | None = None) -> list:
    """Every model class a core schema builds."""
    out = [] if out is None else out
    if isinstance(node, dict):
        if node.get("type") == "model" and node.get("cls") not in out:
            out.append(node["cls"])
        for value in node.values():
            _model_classes(value, out)
    elif isinstance(node, list):
        for value in node:
            _model_classes(value, out)
    return out


def _enum_values_as_literals(node, swapped: list[int]):
    """A copy of a core schema where ``function-after(enum, attrgetter('value'))`` is ``literal(values)`` (only
    that exact shape: an enum of string values, its value taken after it, nothing else attached)."""
    if isinstance(node, list):
        return [_enum_values_as_literals(v, swapped) for v in node]
    if not isinstance(node, dict):
        return node
    inner = node.get("schema")
    if node.get("type") == "function-after" and isinstance(inner, dict) and inner.get("type") == "enum" \
            and set(node) <= {"type", "function", "schema", "serialization"} \
            and set(node["function"]) == {"type", "function"} and node["function"]["type"] == "no-info" \
            and set(inner) <= {"type", "cls", "members", "sub_type", "ref", "metadata"} \
            and all(isinstance(m.value, str) and node["function"]["function"](m) is m.value
                    for m in inner["members"]):
        swapped[0] += 1
        return {"type": "literal", "expected": [m.value for m in inner["members"]]}
    return {k: _enum_values_as_literals(v, swapped) for k, v in node.items()}


def _records_from_file(path: Path) -> list[Record]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} cannot be read: {exc}") from None
    stripped = text.lstrip()
    if path.suffix == ".jsonl" or (stripped.startswith("{") and "\n{" in stripped.rstrip()):
        return [_parse(line, f"{path}:{n}") for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} is not JSON: {exc}") from None
        return [_parse(json.dumps(item), f"{path}[{i}]") for i, item in enumerate(items)]
    return [_parse(text, str(path))]


# The store (summarize/store.py) is read with plain SELECTs so this module does not depend on its code.
_JSON_COLUMNS = ("record_json", "json", "record", "data", "body", "payload")
_TEXT_COLUMNS = ("raw_text", "raw", "text", "content", "body", "article")


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def _connect(path: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        db.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
        return db
    except sqlite3.Error as exc:
        raise InputError(f"{path} cannot be opened as a SQLite store: {exc}") from None


def _store_rows(path: Path, texts: bool = True) -> list[tuple[Record, str | None]]:
    """(record, raw article text or None) for every row of the store's ``records`` table (``texts=False``: the
    records alone, each with None: the articles table is not read)."""
    db = _connect(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "records" not in tables:
            raise InputError(f"{path} has no 'records' table; is it a summarize store?")
        cols = _columns(db, "records")
        json_col = next((c for c in _JSON_COLUMNS if c in cols), None)
        if json_col is None:
            sample = db.execute("SELECT * FROM records LIMIT 1").fetchone()
            if sample is None:
                return []
            json_col = next((c for c, v in zip(cols, sample) if isinstance(v, str) and v.lstrip().startswith("{")),
                            None)
            if json_col is None:
                raise InputError(f"{path}: no column of 'records' holds record JSON (columns: {', '.join(cols)})")
        query = f"SELECT {json_col} FROM records"
        if {"request_hash", "article_id"} <= set(cols) and "articles" in tables \
                and {"id", "request_hash"} <= set(_columns(db, "articles")):
            # summarize/store.py keeps one record per extraction identity: only each article's current one counts.
            query = (f"SELECT r.{json_col} FROM records r JOIN articles a "
                     "ON a.id = r.article_id AND a.request_hash = r.request_hash")
        records = _store_records(db, path, query, json_col)
        if not texts:
            return [(r, None) for r in records]
        found = _store_texts(db, tables, {r.article.sha256 for r in records})
        return [(r, found.get(r.article.sha256)) for r in records]
    except sqlite3.Error as exc:
        raise InputError(f"{path} cannot be read as a summarize store: {exc}") from None
    finally:
        db.close()


def _store_records(db: sqlite3.Connection, path: Path, query: str, json_col: str) -> list[Record]:
    """The records of the rows ``query`` selects.

    In a UTF-8 store each text cell is fetched as its bytes and validated as they are: the same JSON, the same
    records, without decoding ~110 MB into Python strings first (measured on 10,000 rows: ~0.1-0.2 s less
    fetching, ~0.4 s less validating).  Should any row not be text or be rejected, every row is read again as
    before and parsed as before, so what is raised (sqlite's error for a row that is not UTF-8, the first invalid row's
    message) is what reading text raised."""
    encoding = db.execute("PRAGMA encoding").fetchone()
    fast = _record_validator()
    if fast is not None and encoding and encoding[0] == "UTF-8":
        column = f"r.{json_col}" if query.startswith(f"SELECT r.{json_col} ") else json_col
        # a cell that is not text (a blob, NULL...) stays NULL here: then the rows are read as before
        as_bytes = (f"SELECT CASE WHEN typeof({column}) = 'text' THEN CAST({column} AS BLOB) END"
                    + query[len(f"SELECT {column}"):])
        validate = fast.validate_json
        records = []
        for (cell,) in db.execute(as_bytes).fetchall():
            if cell is None:
                break
            try:
                records.append(validate(cell))
            except ValidationError:
                break
        else:
            return records
    rows = db.execute(query).fetchall()
    return [_parse(row[0], f"{path}: records row {n}") for n, row in enumerate(rows, 1)]


def _store_texts(db: sqlite3.Connection, tables: set[str], wanted: set[str]) -> dict[str, str]:
    if "articles" not in tables:
        return {}
    cols = _columns(db, "articles")
    text_col = next((c for c in _TEXT_COLUMNS if c in cols), None)
    key_col = next((c for c in ("sha256", "sha", "hash", "id") if c in cols), None)
    if text_col is None or key_col is None:
        return {}
    out: dict[str, str] = {}
    for key, text in db.execute(f"SELECT {key_col}, {text_col} FROM articles"):
        if key in wanted and isinstance(text, str):
            out[key] = text
    return out


def _store_article_texts(path: Path, wanted: set[str]) -> dict[str, str]:
    """sha256 -> raw text, from the store's ``articles`` table, for the articles in ``wanted``."""
    db = _connect(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return _store_texts(db, tables, wanted)
    except sqlite3.Error as exc:
        raise InputError(f"{path} cannot be read as a summarize store: {exc}") from None
    finally:
        db.close()


def load_texts(source: str | Path | None, records: Iterable[Record]) -> dict[str, str]:
    """Raw article text per record id: from the store when it has it, else from ``article.source``."""
    texts: dict[str, str] = {}
    if source is not None and Path(source).is_file() and _is_sqlite(Path(source)):
        for record, text in _store_rows(Path(source)):
            if text is not None:
                texts[record_id(record)] = text
    for record in records:
        rid = record_id(record)
        if rid in texts or not record.article.source:
            continue
        try:
            from .load import load_path

            texts[rid] = load_path(record.article.source).text
        except Exception:  # noqa: BLE001 - a missing source only costs the review view its text
            continue
    return texts


def record_id(record: Record) -> str:
    return record.article.sha256[:12]


# --------------------------------------------------------------------------- gold fixtures

def records_from_gold(gold_dir: str | Path, articles_dir: str | Path) -> list[Record]:
    """Records built from the hand annotations in ``tests/gold`` (quotes located with ``str.find``)."""
    out = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article = Path(articles_dir) / gold["article"]
        raw = article.read_text(encoding="utf-8")

        def ev(quote: str) -> list[Evidence]:
            start = raw.find(quote)
            if start < 0:
                raise InputError(f"{gold_path.name}: quote not in article: {quote[:60]}")
            return [Evidence(start=start, end=start + len(quote), text=quote)]

        def grounded(item: dict) -> dict:
            return {"evidence": ev(item["quote"]), "grounding": "exact"} if item.get("quote") else {}

        m = gold["meeting"]
        from .vocab import PLOVER_MODE, MeetingKind

        meeting = Meeting(kind=m["kind"], mode=PLOVER_MODE[MeetingKind(m["kind"])], date=m.get("date"),
                          date_precision=m.get("date_precision", "unknown"), place=m.get("place"),
                          forum=m.get("forum"))
        participants = []
        for p in gold.get("participants", []):
            alias = next((a for a in [p["name"], *p.get("aliases", [])] if a in raw), None)
            extra = {"evidence": ev(alias), "grounding": "exact"} if alias else {}
            participants.append(Participant(name=p["name"], role=p["role"], actor=p["actor"], **extra))
        commitments = [Commitment(actors=c["actors"], targets=c.get("targets", []), text=c["text"],
                                  modality=c["modality"], category=c.get("category", "AGREE"), **grounded(c))
                       for c in gold.get("commitments", [])]
        positions = [Position(holder=p["holder"], topic=p["topic"], stance=p["stance"], statement=p["statement"],
                              **grounded(p)) for p in gold.get("positions", [])]
        title = next((line.strip() for line in raw.splitlines() if len(line.strip()) > 30), None)
        out.append(Record(
            article=ArticleInfo(source=str(article), title=(title or "")[:300] or None, language="fr",
                                published=m.get("date"), sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
                                chars=len(raw), kept_chars=len(raw)),
            meeting=meeting, participants=participants, commitments=commitments, positions=positions,
            flags=["gold"]))
    return out


# --------------------------------------------------------------------------- articles: outlet, address, date, text

def load_articles(source: str | Path | None, records: Iterable[Record],
                  inputs: Iterable[str | Path] = ()) -> dict[str, ArticleMeta]:
    """Per record id: the outlet, URL, input date and raw text of its article.

    From the store's ``articles`` table (``source``, ``url``, ``date``) when ``source`` is a store, and from the
    batch's input files (``inputs``: JSONL lines with id, text|html, url, date, source, or article files), matched
    on the sha256 of the text the pipeline read; else from ``article.source`` when it is a readable file.
    """
    records = list(records)
    wanted = {r.article.sha256: record_id(r) for r in records}
    found: dict[str, dict[str, str | None]] = {}
    if source is not None and Path(source).is_file() and _is_sqlite(Path(source)):
        for sha, meta in _store_metas(Path(source), set(wanted)).items():
            found[wanted[sha]] = meta
        # the texts of these records only, by sha256: not load_texts, which validates every stored record again
        for sha, text in _store_article_texts(Path(source), set(wanted)).items():
            found.setdefault(wanted[sha], {})["text"] = text
    for path in inputs:
        for sha, meta in _input_metas(Path(path)).items():
            if sha in wanted:
                entry = found.setdefault(wanted[sha], {})
                for k, v in meta.items():
                    if v is not None and entry.get(k) is None:
                        entry[k] = v
    out: dict[str, ArticleMeta] = {}
    for r in records:
        rid = record_id(r)
        entry = found.get(rid, {})
        text = entry.get("text")
        if text is None and r.article.source and Path(r.article.source).is_file():
            text = load_texts(None, [r]).get(rid)
        source = r.article.source
        # an article read from a file is named by its file; a JSONL line's ``source`` is its outlet
        outlet = entry.get("outlet") or (Path(source).stem if source and Path(source).suffix else source)
        out[rid] = ArticleMeta(id=entry.get("id"), outlet=outlet, url=entry.get("url"), date=entry.get("date"),
                               text=text)
    return out


def _store_metas(path: Path, wanted: set[str]) -> dict[str, dict[str, str | None]]:
    db = _connect(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "articles" not in tables:
            return {}
        cols = set(_columns(db, "articles"))
        if "sha256" not in cols:
            return {}
        pick = [c if c in cols else "NULL" for c in ("id", "source", "url", "date")]
        out = {}
        for sha, ident, outlet, url, when in db.execute(f"SELECT sha256, {', '.join(pick)} FROM articles"):
            if sha in wanted:
                out[sha] = {"id": ident, "outlet": outlet, "url": url, "date": when}
        return out
    except sqlite3.Error as exc:
        raise InputError(f"{path} cannot be read as a summarize store: {exc}") from None
    finally:
        db.close()


def _input_metas(path: Path) -> dict[str, dict[str, str | None]]:
    """sha256 of the text the pipeline read -> outlet, url, date, text, for a JSONL input or an article file."""
    from .errors import SummarizeError
    from .load import load_path, load_text

    if not path.exists():
        raise InputError(f"{path} does not exist")
    out: dict[str, dict[str, str | None]] = {}
    if path.suffix.lower() not in (".jsonl", ".ndjson"):
        try:
            raw = load_path(path)
        except SummarizeError as exc:
            raise InputError(f"{path} cannot be read: {exc}") from None
        out[hashlib.sha256(raw.text.encode()).hexdigest()] = {"id": str(path), "outlet": None, "url": None,
                                                               "date": None, "text": raw.text}
        return out
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} cannot be read: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number} is not JSON: {exc}") from None
        body = obj.get("text") if isinstance(obj, dict) and obj.get("text") is not None else \
            (obj.get("html") if isinstance(obj, dict) else None)
        if not isinstance(body, str):
            continue
        ident = str(obj.get("id") or f"{path}:{number}")
        outlet = obj.get("source") or obj.get("url") or ident
        try:
            raw = load_text(body, source=str(outlet))
        except SummarizeError:
            continue
        when = obj.get("date")
        out[hashlib.sha256(raw.text.encode()).hexdigest()] = {
            "id": ident, "outlet": str(outlet), "url": obj.get("url"), "date": str(when) if when else None,
            "text": raw.text}
    return out


# --------------------------------------------------------------------------- comparison

def _states(codes: Iterable[str]) -> set[str]:
    return set(_states_of(tuple(codes)))


@lru_cache(maxsize=4096)
def _states_of(codes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c for c in resolve.expand(codes) if c not in ORGANISATIONS and c != "OTHER")


def _parties(c: Commitment, participants: set[str]) -> set[str]:
    """States a commitment involves; a one-sided commitment with no target is towards the other participants."""
    targets = c.targets
    if not targets and len(c.actors) == 1:
        return participants | _states_of(tuple(c.actors))  # a new set (the left operand's type)
    return set(_states_of((*c.actors, *targets)))


def with_sides_by_vote(records: list[Record]) -> list[Record]:
    """The records, a participant whom most records put on another side moved to that side (a copy of the
    record; the caller's records are left as they are)."""
    sides = people_mod.sides_by_vote(records)
    if not sides:
        return records
    out = []
    corrected = people_mod.corrected_actor
    for r in records:
        participants = r.participants
        fixed = None  # the participants as corrected, made at the first one that moves
        for i, p in enumerate(participants):
            a = corrected(p.name, p.actor, sides)
            if a != p.actor:
                if fixed is None:
                    fixed = participants[:i]
                fixed.append(_copy_with(p, "actor", a))
            elif fixed is not None:
                fixed.append(p)
        out.append(r if fixed is None else _copy_with(r, "participants", fixed))
    return out


def _copy_with(model: BaseModel, name: str, value) -> BaseModel:
    """``model.model_copy(update={name: value})`` for a validated model of a field ``name`` (the same
    ``__dict__``, fields set, extra and private attributes as pydantic's shallow copy), without its Python steps:
    a store's records move thousands of participants.  Anything else goes through ``model_copy``."""
    if model.__pydantic_extra__ is not None or model.__pydantic_private__ is not None \
            or name not in model.__dict__ or model.model_config.get("extra") == "allow":
        return model.model_copy(update={name: value})
    m = _new_object(type(model))
    values = model.__dict__.copy()
    values[name] = value
    _set_attr(m, "__dict__", values)
    _set_attr(m, "__pydantic_extra__", None)
    fields_set = model.__pydantic_fields_set__.copy()
    fields_set.add(name)
    _set_attr(m, "__pydantic_fields_set__", fields_set)
    _set_attr(m, "__pydantic_private__", None)
    return m


def merge_meetings(records: list[Record], metas: dict[str, ArticleMeta] | None = None) -> list[list[Record]]:
    """Records grouped by the meeting they report (see ``summarize/meetings.py`` for the rules)."""
    return [[a.record for a in g] for g in identity.group(with_sides_by_vote(records), metas, key=record_id)]


# French forum words the records sometimes keep: the column and card show the English form.
_FORUM_WORDS = (
    (r"conseil des ministres des affaires etrangeres", "Council of Foreign Ministers"),
    (r"reunion (ministerielle|des ministres des affaires etrangeres)", "Foreign Ministers' Meeting"),
    (r"sommet", "Summit"), (r"reunion", "Meeting"), (r"conseil", "Council"), (r"dialogue strategique",
                                                                              "Strategic Dialogue"),
)


@lru_cache(maxsize=4096)
def english_forum(forum: str | None) -> str | None:
    """A forum in English: a French one is rebuilt from its organisation and its kind of meeting."""
    if not forum or not forum.strip():
        return None
    folded = fold(forum)
    kind = next((label for pattern, label in _FORUM_WORDS if re.search(pattern, folded)), None)
    if kind is None and not re.search(r"\b(de|des|du|la|le|les|l')\b|[éèêàç]", forum.lower()):
        return " ".join(forum.split())
    orgs = [code for code in re.findall(r"\b[a-z]{2,5}\b", folded) if resolve.resolve_actor(code) in ORGANISATIONS]
    org = resolve.resolve_actor(orgs[0]) if orgs else next(
        (c for c in resolve.resolve_actors(forum) if c in ORGANISATIONS), None)
    if org and kind:
        return f"{org} {kind}"
    if kind:  # «Réunion Chine–Asie centrale», «dialogue stratégique»: the sides it names, then its kind
        from .meeting_fields import english_name

        rest = folded
        for pattern, _label in _FORUM_WORDS:
            rest = re.sub(pattern, " ", rest)
        sides = [c for part in re.split(r"[-–—/]| et ", rest) for c in resolve.resolve_actors(part.strip())
                 if c not in ORGANISATIONS or c == "CENTRAL_ASIA"]
        names = [("Central Asia" if c == "CENTRAL_ASIA" else english_name(c)) for c in dict.fromkeys(sides)]
        return " ".join(["–".join(names), kind] if names else [kind])
    return " ".join(forum.split())


_FORUM_GENERIC = {"meeting", "reunion", "summit", "sommet", "council", "conseil", "forum", "ministers", "ministres",
                  "foreign", "affairs", "affaires", "etrangeres", "session", "dialogue", "talks", "entretiens",
                  "organisation", "organization", "cooperation", "heads", "state", "chefs", "etat", "with", "avec"}


def _forum_in_text(forum: str, text: str | None) -> bool:
    """Does the article name the forum the record gives it?  (True when the text is not at hand.)

    A small model sometimes fills the forum from what it knows of the place and date; a forum no word of
    which is in the article is left out rather than shown."""
    if text is None:
        return True
    folded = fold(text)
    words = [w for w in re.findall(r"[a-z]{4,}", fold(forum)) if w not in _FORUM_GENERIC]
    if any(w in folded for w in words):
        return True
    orgs = {c for c in resolve.resolve_actors(forum) if c in ORGANISATIONS} | {
        resolve.resolve_actor(w) for w in re.findall(r"\b[a-z]{2,5}\b", fold(forum))} - {None}
    return bool(orgs & set(_actors_named(folded)))


@lru_cache(maxsize=4096)
def _actors_named(folded_text: str) -> frozenset[str]:
    from .vocab import actors_named_in

    found = set(actors_named_in(folded_text))
    found |= {resolve.resolve_actor(w) for w in re.findall(r"\b[a-z]{2,5}\b", folded_text)} - {None}
    return frozenset(found)


def _meeting_label(date: str | None, place: str | None, kind_class: str) -> str:
    where = place or {"phone": "call", "multilateral": "multilateral"}.get(kind_class, "talks")
    return f"{date or 'undated'} {where}"


def _people(records: list[Record], metas: dict[str, ArticleMeta]) -> people_mod.Directory:
    directory = people_mod.Directory()
    for r in records:
        when = r.meeting.date if r.meeting else None
        english = (r.article.language or "").startswith("en")
        for p in r.participants:
            directory.add(p.name, p.actor, p.role, when or (metas.get(record_id(r)) or _NO_META).date, english)
    return directory


def _meeting_view(accounts: list[identity.Account], directory: people_mod.Directory,
                  metas: dict[str, ArticleMeta], taken: set[str]) -> MeetingView:
    group = [a.record for a in accounts]
    when = identity.meeting_date(accounts)
    kinds = Counter(r.meeting.kind for r in group)
    kind = max(kinds, key=lambda k: (kinds[k], k == "phone_call"))
    first = next(r for r in group if r.meeting.kind == kind)
    places = Counter(r.meeting.place for r in group if r.meeting.place)
    place = max(places, key=lambda p: (places[p], p.isascii(), -len(p))) if places else None
    forums = Counter(english_forum(r.meeting.forum) for r in group
                     if r.meeting.forum and _forum_in_text(r.meeting.forum, (metas.get(record_id(r)) or _NO_META).text))
    forum = max(forums, key=lambda f: (forums[f], f.isascii(), -len(f))) if forums else None
    klass = identity.kind_class(kind, first.meeting.mode)

    states: set[str] = set()
    for a in accounts:
        states |= a.states
    two_sided = len(states) == 2 and klass in ("phone", "bilateral")
    found: dict[int, tuple[people_mod.Person, list[str], list[str]]] = {}  # id(person) -> (person, roles, sources)
    mentioned: dict[int, tuple[people_mod.Person, list[str], list[str]]] = {}
    orgs: set[str] = set()
    for r in group:
        rid = record_id(r)
        outlet = (metas.get(rid) or _NO_META).outlet or rid
        for p in r.participants:
            person = directory.find(p.name, p.actor) if people_mod.is_person(p.name, p.actor) else None
            if person is None:
                if p.actor in ORGANISATIONS and not two_sided:
                    orgs.add(p.actor)
                continue  # a country or an organisation named as a participant is a side, never a person
            # An organisation's official in an account of a two-sided talk was mentioned, not a party to it.
            bucket = mentioned if (p.actor in ORGANISATIONS and two_sided) else found
            if bucket is found and p.actor in ORGANISATIONS:
                orgs.add(p.actor)
            entry = bucket.setdefault(id(person), (person, [], []))
            if p.role:
                entry[1].append(p.role)
            if outlet not in entry[2]:
                entry[2].append(outlet)

    def view(entry: tuple[people_mod.Person, list[str], list[str]]) -> PersonView:
        person, roles, sources = entry
        return _construct(PersonView, {"name": person.name, "short": person.short,
                                       "role": directory.office(person, when, roles), "actor": person.actor,
                                       "sources": sources})

    participants = sorted((view(e) for e in found.values()), key=lambda p: (p.actor not in states, p.actor))
    base = f"{when or 'undated'}_{re.sub(r'[^A-Za-z0-9]+', '-', fold(place or klass)).strip('-')}_" \
           f"{'-'.join(sorted(states))}"
    mid, n = base, 2
    while mid in taken:
        mid, n = f"{base}_{n}", n + 1
    taken.add(mid)
    rids = [record_id(r) for r in group]
    outlets = list(dict.fromkeys((metas.get(rid) or _NO_META).outlet or rid for rid in rids))
    return MeetingView(id=mid, label=_meeting_label(when, place, klass), date=when,
                       date_source=identity.date_source(accounts),
                       date_precision=first.meeting.date_precision if first.meeting.date == when else "day",
                       kind=kind, mode=first.meeting.mode, place=place, forum=forum,
                       actors=sorted(states) + sorted(orgs), participants=participants,
                       mentioned=[view(e) for e in mentioned.values()], records=rids, outlets=outlets)


def _parse_dyad(dyad: str | None) -> list[str] | None:
    if not dyad:
        return None
    parts = [p for p in re.split(r"[-,/ ]+", dyad.strip()) if p]
    codes = []
    for part in parts:
        code = part.upper() if part.upper() in _KNOWN else resolve.resolve_actor(part)
        if code is None:
            raise InputError(f"unknown country in dyad: {part!r} (use ISO-3166 alpha-3 codes, e.g. CHN-KAZ)")
        codes.append(code)
    if len(codes) != 2 or codes[0] == codes[1]:
        raise InputError(f"a dyad names two different countries, e.g. CHN-KAZ; got {dyad!r}")
    return codes


def _parse_countries(countries: Iterable[str] | None) -> list[str]:
    out = []
    for name in countries or []:
        for part in (p for p in re.split(r"[,\s]+", name) if p):
            code = part.upper() if part.upper() in _KNOWN else resolve.resolve_actor(part)
            if code is None:
                raise InputError(f"unknown country: {part!r} (use ISO-3166 alpha-3 codes such as KAZ)")
            out.append(code)
    return out


def _check_date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return _date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"--{name} must be an ISO date (YYYY-MM-DD), got {value!r}") from None


from .vocab import Actor as _Actor  # noqa: E402

_KNOWN = {a.value for a in _Actor}

# Words frequent in French and rare in English: an item text that is mostly these was left in French.
_FRENCH = re.compile(r"\b(le|la|les|des|du|et|est|une|avec|pour|dans|sur|qui|que|au|aux|ont|sont|a été|deux)\b")
_ENGLISH = re.compile(r"\b(the|and|of|to|with|will|is|are|has|have|for|on|in)\b")


@lru_cache(maxsize=65536)
def _looks_french(text: str) -> bool:
    low = text.lower()
    french = len(_FRENCH.findall(low))  # counted once (the test reads it twice)
    return french >= 2 and french > len(_ENGLISH.findall(low))


def _item_flags(text: str, grounding: str, evidence: list[Evidence], flags: list[str]) -> list[str]:
    return list(_flags_of(text, grounding, not evidence, tuple(flags) if flags else ()))


@lru_cache(maxsize=65536)
def _flags_of(text: str, grounding: str, no_evidence: bool, flags: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    if not text.strip():
        out.append("no_text")  # the model's answer failed: the report shows the evidence instead
    if any(f.startswith("not_english") for f in flags) or _looks_french(text):
        out.append("not_english")
    if grounding == "not_found" or no_evidence:
        out.append("ungrounded")
    return tuple(out)


def _merge_statements(items: list[ItemView], threshold: float,
                      memo: dict[tuple[int, ...], list[list[int]]] | None = None) -> list[ItemView]:
    """One item per statement: an item on one topic in another article of the meeting by an overlapping set of
    actors (or a close paraphrase by the same actors in the same article) is that statement again, kept under
    ``also``, not counted twice.
    The item shown is the clean one (English, grounded), then the fuller.

    ``memo`` (one per comparison) keeps the grouping of a list of items seen before (the items of a meeting
    often stand under several topics alike): keyed on the items' ids, so it lives no longer than they do."""
    key = tuple(map(id, items)) if memo is not None else None
    groups = memo.get(key) if memo is not None else None
    if groups is None:
        record = items[0].record
        for it in items:  # all of one article? (a plain loop: no generator per call)
            if it.record != record:
                groups = _statement_groups(items, threshold)
                break
        else:
            groups = _statement_groups_one_article(items, threshold)
        if memo is not None:
            memo[key] = groups
    out = []
    for members in groups:
        if len(members) == 1:
            out.append(items[members[0]])
            continue
        group = [items[i] for i in members]
        best = max(group, key=_best_item)
        rest = [it for it in group if it is not best]
        # a new object: one item can sit in several topics' cells, each with its own merge
        out.append(_construct(ItemView, {**best.__dict__, "also": rest}))
    return out


def _best_item(item: ItemView) -> tuple[bool, bool, int]:
    flags = item.flags
    return (not flags, "ungrounded" not in flags, len(item.text))


def _statement_groups_one_article(items: list[ItemView], threshold: float) -> list[list[int]]:
    """``_statement_groups`` for items of one article: only a close paraphrase by the same actors joins a group,
    so an item is tried against the groups of its own sorted actors only (in their order: the first that takes
    it is the one the full scan finds, every other group failing on the actors)."""
    tokens = resolve.tokens
    groups: list[list[int]] = []
    by_actors: dict[tuple[str, ...], list[list]] = {}  # sorted actors -> [[members, head tokens or None], ...]
    for i, item in enumerate(items):
        actors = item.actors
        key = tuple(actors) if len(actors) < 2 else tuple(sorted(actors))
        same_actors = by_actors.get(key)
        if same_actors is None:
            members = [i]
            groups.append(members)
            by_actors[key] = [[members, None]]
            continue
        item_tokens = tokens(item.text)
        for entry in same_actors:
            head_tokens = entry[1]
            if head_tokens is None:
                head_tokens = entry[1] = tokens(items[entry[0][0]].text)
            # resolve.similarity inlined: |a & b| / |a | b|, with |a | b| = |a| + |b| - |a & b| (the same
            # integers, so the same float); 0.0 when either is empty
            if head_tokens and item_tokens:
                common = len(head_tokens & item_tokens)
                similarity = common / (len(head_tokens) + len(item_tokens) - common)
            else:
                similarity = 0.0
            if similarity >= threshold:
                entry[0].append(i)
                break
        else:
            members = [i]
            groups.append(members)
            same_actors.append([members, None])
    return groups


def _statement_groups(items: list[ItemView], threshold: float) -> list[list[int]]:
    """The items' indices grouped by statement (each group in order, the groups in order of their first)."""
    # Each group: [its item indices, the head's record, actor set, sorted actors and tokens (taken when first
    # needed), the records in it]; an item's own sorted actors and tokens are taken once, at its first
    # comparison that needs them.
    groups: list[list] = []
    tokens = resolve.tokens
    for i, item in enumerate(items):
        record = item.record
        sorted_actors = item_tokens = None
        for g in groups:
            members, head_record, head_actors, head_sorted, head_tokens, records = g
            if head_record != record:
                # another outlet's account: one side may report as joint what the other reports as its own
                same = not head_actors.isdisjoint(item.actors) and record not in records
            else:
                if sorted_actors is None:
                    sorted_actors = sorted(item.actors)
                if head_sorted == sorted_actors:
                    if head_tokens is None:
                        head_tokens = g[4] = tokens(items[members[0]].text)
                    if item_tokens is None:
                        item_tokens = tokens(item.text)
                    # resolve.similarity inlined (see above)
                    if head_tokens and item_tokens:
                        common = len(head_tokens & item_tokens)
                        similarity = common / (len(head_tokens) + len(item_tokens) - common)
                    else:
                        similarity = 0.0
                    same = similarity >= threshold
                else:
                    same = False
            if same:
                members.append(i)
                records.add(record)
                break
        else:
            head_sorted = sorted_actors if sorted_actors is not None else sorted(item.actors)
            groups.append([[i], record, set(item.actors), head_sorted, None, {record}])
    return [g[0] for g in groups]


def compare(records: list[Record], dyad: str | None = None, countries: Iterable[str] | None = None,
            since: str | None = None, until: str | None = None, topic: str | None = None,
            threshold: float = resolve.SIMILARITY_THRESHOLD,
            articles: dict[str, ArticleMeta] | None = None) -> Comparison:
    """Meetings timeline and per-topic status of commitments across the records that pass the filters.

    dyad: two countries ("CHN-KAZ"): meetings involving both, commitments involving both.
    countries: meetings involving all of them, commitments involving any of them.
    since/until: ISO dates, inclusive, on the meeting date.  topic: substring of a topic key or label.
    articles: per record id, the outlet, input date and text (``load_articles``): the input date dates a
    record whose text gives none, the outlet says who said what.
    """
    with _gc_paused():
        return _compare(records, dyad, countries, since, until, topic, threshold, articles or {})


def _compare(records, dyad, countries, since, until, topic, threshold, metas) -> Comparison:
    pair = _parse_dyad(dyad)
    wanted = _parse_countries(countries)
    since, until = _check_date(since, "since"), _check_date(until, "until")
    flags: list[str] = []
    no_meeting = sum(1 for r in records if r.meeting is None)
    if no_meeting:
        flags.append(f"{no_meeting} record(s) without a meeting were left out")

    # 1. meetings (the articles that report one meeting are one meeting), then the filters
    records = with_sides_by_vote(records)
    directory = _people(records, metas)
    meetings: list[tuple[MeetingView, list[Record]]] = []
    taken: set[str] = set()
    for accounts in identity.group(records, metas, key=record_id):
        involved = set().union(*(a.states for a in accounts))
        if pair and not set(pair) <= involved or wanted and not set(wanted) <= involved:
            continue  # cheap pre-filter before the view is built
        view = _meeting_view(accounts, directory, metas, taken)
        involved = set(view.actors)
        if pair and not set(pair) <= involved:
            continue
        if wanted and not set(wanted) <= involved:
            continue
        if (since or until) and view.date is None:
            continue
        if since and view.date < since or until and view.date > until:
            continue
        meetings.append((view, [a.record for a in accounts]))

    # 2. commitments that concern the filter's parties, with their topics
    must = set(pair or [])
    any_of = set(wanted)
    entries: list[tuple[int, ItemView, set[str], list[str]]] = []  # (meeting index, item, parties, topics)
    untopical: list[int] = []
    states_of, flags_of, topics_of = _states_of, _flags_of, topic_table.topics_of
    for mi, (view, group) in enumerate(meetings):
        participants = {p.actor for p in view.participants} | {a for a in view.actors if a not in ORGANISATIONS}
        for record in group:
            rid = record_id(record)
            outlet = (metas.get(rid) or _NO_META).outlet
            for ci, c in enumerate(record.commitments):
                # _parties, _item_flags and _evidence_text inlined: this loop runs for every commitment
                actors, targets = c.actors, c.targets
                if not targets and len(actors) == 1:
                    parties = participants | states_of(tuple(actors))  # a new set (the left operand's type)
                else:
                    parties = set(states_of((*actors, *targets)))
                if must and not must <= parties:
                    continue
                if any_of and not any_of & parties:
                    continue
                text, evidence, flags = c.text, c.evidence, c.flags
                # constructed: the record was validated when loaded
                item = _construct(ItemView, {
                    "record": rid, "kind": "commitment", "index": ci, "actors": list(actors),
                    "targets": list(targets), "text": text, "modality": c.modality, "category": c.category,
                    "evidence": list(evidence), "source": outlet,
                    "flags": list(flags_of(text, c.grounding, not evidence, tuple(flags) if flags else ())),
                    "also": []})
                topics = list(topics_of(text, evidence[0].text if len(evidence) == 1
                                        else " ".join(e.text for e in evidence)))
                if not topics:
                    untopical.append(len(entries))
                entries.append((mi, item, parties, topics))
    if untopical:
        clusters = resolve.group_untopical([entries[i][1].text for i in untopical], threshold)
        members: dict[int, list[int]] = {}
        for i, cid in zip(untopical, clusters):
            members.setdefault(cid, []).append(i)
        for idxs in members.values():
            key = resolve.cluster_name([entries[i][1].text for i in idxs])
            for i in idxs:
                entries[i][3].append(key)

    # 3. per topic and meeting: one item per statement; how many statements each meeting's report holds
    by_topic: dict[str, dict[int, list[ItemView]]] = {}
    parties_of: dict[str, set[str]] = {}
    sides_of: dict[str, set[str]] = {}
    for mi, item, parties, topics in entries:
        for key in topics:
            per_meeting = by_topic.get(key)
            if per_meeting is None:  # the three made at the key's first item (no dict or set made and dropped)
                by_topic[key] = {mi: [item]}
                parties_of[key] = set(parties)
                sides_of[key] = set(item.actors)
                continue
            items = per_meeting.get(mi)
            if items is None:
                per_meeting[mi] = [item]
            else:
                items.append(item)
            parties_of[key].update(parties)
            sides_of[key].update(item.actors)
    merged: dict[tuple[int, ...], list[list[int]]] = {}
    for per_meeting in by_topic.values():
        for mi, items in per_meeting.items():
            if len(items) > 1:
                per_meeting[mi] = _merge_statements(items, threshold, merged)
    statements = Counter()
    for per_meeting in by_topic.values():
        for mi, items in per_meeting.items():
            statements[mi] += len(items)
    for mi, (view, _group) in enumerate(meetings):
        view.statements = statements[mi]
        view.short_report = statements[mi] < SHORT_REPORT
    if topic:
        needle = fold(topic).replace(" ", "_")
        by_topic = {k: v for k, v in by_topic.items()
                    if needle in k or fold(topic) in fold(topic_table.topic_label(k))}

    # 4. statuses over the meetings that concern each topic's parties
    said_on = _positions_by_topic(_position_topics(meetings), len(meetings))
    classes = [identity.kind_class(v.kind, v.mode) for v, _ in meetings]
    # one frozenset per distinct set of actors: whether a meeting concerns a topic's parties is then asked once
    # per topic and distinct set (a few dozen), not once per topic and meeting
    distinct: dict[frozenset[str], frozenset[str]] = {}
    actor_sets = [distinct.setdefault(s, s) for s in (frozenset(v.actors) for v, _ in meetings)]
    # _construct below: the cells are built from validated parts, one per topic and later meeting.
    views = [v for v, _ in meetings]
    groups: list[TopicGroup] = []
    for key, per_meeting in by_topic.items():
        parties = parties_of[key]
        need = min(2, len(parties))
        concerns: dict[frozenset[str], bool] = {}
        cells: list[Cell] = []
        last: MeetingView | None = None
        last_class = None
        quiet_note = None  # "last stated at ...", the same text for every cell until the next statement
        for mi in range(min(per_meeting), len(views)):  # nothing before the first statement
            view = views[mi]
            items = per_meeting.get(mi)
            if items is not None:
                cells.append(_construct(Cell, {"meeting": view.id, "status": "reaffirmed" if last else "new",
                                               "items": items, "last_stated": last.id if last else None,
                                               "note": None}))
                last, last_class = view, classes[mi]
                quiet_note = f"last stated at {last.label}"
                continue
            actors = actor_sets[mi]
            concerned = concerns.get(actors)
            if concerned is None:
                concerned = concerns[actors] = len(actors & parties) >= need
            if not concerned:
                continue
            on_topic = said_on[mi].get(key)
            said = [p for p in on_topic if not parties.isdisjoint(p.holders)] if on_topic else None
            if not said:
                cells.append(_construct(Cell, {"meeting": view.id, "status": "not_restated", "items": [],
                                               "last_stated": last.id, "note": quiet_note}))
                continue
            done = [p.item for p in said if p.done]
            if done:
                cells.append(_construct(Cell, {"meeting": view.id, "status": "fulfilled_as_reported", "items": done,
                                               "last_stated": last.id,
                                               "note": f"reported done; pledged at {last.label}"}))
            elif classes[mi] == last_class and not view.short_report:
                cells.append(_construct(Cell, {"meeting": view.id, "status": "dropped",
                                               "items": [p.item for p in said], "last_stated": last.id,
                                               "note": f"spoken to without the pledge; last stated at {last.label}"}))
            else:
                cells.append(_construct(Cell, {"meeting": view.id, "status": "not_restated", "items": [],
                                               "last_stated": last.id, "note": quiet_note}))
        groups.append(_construct(TopicGroup, {"key": key, "label": _label(key, per_meeting),
                                              "parties": sorted(parties), "sides": sorted(sides_of[key]),
                                              "cells": cells}))
    order = {m.id: i for i, (m, _) in enumerate(meetings)}
    groups.sort(key=lambda g: (order[g.cells[0].meeting], g.key.startswith("other:"), g.key))

    meeting_of = {rid: v.id for v in views for rid in v.records}
    record_views = []
    for r in records:
        rid = record_id(r)
        if rid not in meeting_of:
            continue
        meta = metas.get(rid) or ArticleMeta()
        a = r.article
        values = {"id": rid, "source": a.source, "title": a.title, "published": a.published, "sha256": a.sha256,
                  "meeting": meeting_of[rid], "chars": a.chars, "outlet": meta.outlet, "url": meta.url,
                  "date": meta.date, "language": a.language}
        # constructed when the article metadata are plain strings (the record's fields were validated with it):
        # the store's columns are not typed, so anything else goes through validation, which says what is wrong
        plain = all(v is None or type(v) is str for v in (meta.outlet, meta.url, meta.date))
        record_views.append(_construct(RecordView, values) if plain else RecordView(**values))
    position = {v.id: i for i, v in enumerate(views)}
    record_views.sort(key=lambda rv: (position[rv.meeting], rv.date or rv.published or "", rv.id))
    filters = {"dyad": "-".join(pair) if pair else None, "countries": wanted or None, "since": since,
               "until": until, "topic": topic}
    return Comparison(filters=filters, meetings=views, topics=groups, records=record_views, flags=flags)


def _label(key: str, per_meeting: dict[int, list[ItemView]]) -> str:
    """The table's label; for a group of untopiced pledges, its shortest statement, cut at a word."""
    if not key.startswith("other:"):
        return topic_table.topic_label(key)
    text = min((it.text for items in per_meeting.values() for it in items), key=len, default=key)
    text = text.rstrip(" .")
    return text if len(text) <= 60 else text[:59].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class _Said:
    item: ItemView
    topics: tuple[str, ...]
    holders: tuple[str, ...]
    done: bool  # reports the pledge carried out


_LABEL_KEY = {label: key for key, (label, _patterns) in topic_table.TOPICS.items()}


def _position_topics(meetings) -> dict[int, list[_Said]]:
    """Per meeting: positions with a topic: those that report something done, and those that speak to it
    without favouring it (a supportive or welcoming position is no sign that a pledge was dropped)."""
    out: dict[int, list[_Said]] = {}
    for mi, (_view, group) in enumerate(meetings):
        for record in group:
            rid = record_id(record)
            sides = None  # the states of the record's participants, taken at its first kept position
            for pi, p in enumerate(record.positions):
                # The stance decides first (no topic search for a position that is dropped anyway).
                stance = p.stance
                if stance == "support":
                    continue
                done = stance in ("welcome", "assessment") and _reports_done(p.statement)
                if not done and stance == "welcome":
                    continue
                # The record's topic is the table's label when the table knows it: no pattern to run then.
                known = _LABEL_KEY.get(p.topic)
                topics = (known,) if known else _statement_topics(p.statement, p.topic, _evidence_text(p.evidence))
                if not topics:
                    continue
                item = _construct(ItemView, {
                    "record": rid, "kind": "position", "index": pi, "actors": [p.holder], "targets": [],
                    "text": p.statement, "modality": None, "category": None, "evidence": list(p.evidence),
                    "source": None, "flags": _item_flags(p.statement, p.grounding, p.evidence, p.flags),
                    "also": []})
                if sides is None:
                    sides = _states(q.actor for q in record.participants)
                holders = tuple(sorted(_states([p.holder]) | sides))
                out.setdefault(mi, []).append(_Said(item, tuple(topics), holders, done))
    return out


def _positions_by_topic(positions: dict[int, list[_Said]], n: int) -> list[dict[str, list[_Said]]]:
    """Per meeting index: topic key -> the positions on it, in their order (a topic is looked up, not searched
    for in every position of the meeting, once per topic and meeting)."""
    out: list[dict[str, list[_Said]]] = [{} for _ in range(n)]
    for mi, said in positions.items():
        on = out[mi]
        for p in said:
            for key in dict.fromkeys(p.topics):
                on.setdefault(key, []).append(p)
    return out


@lru_cache(maxsize=65536)
def _reports_done(statement: str) -> bool:
    return _FULFILLED.search(resolve.fast_fold(statement)) is not None


@lru_cache(maxsize=65536)
def _statement_topics(statement: str, topic: str, evidence_text: str) -> tuple[str, ...]:
    """A position's topics from its statement and topic label (memoised on the parts: the joined string is
    not built for a position seen before)."""
    return topic_table.topics_of(statement + " " + topic, evidence_text)


def _evidence_text(evidence: list[Evidence]) -> str:
    """The evidence quotes joined by spaces; a single quote is its own string (its hash already taken)."""
    if len(evidence) == 1:
        return evidence[0].text
    return " ".join(e.text for e in evidence)


def same_pledge_pairs(comparison: Comparison) -> set[frozenset[tuple[str, int]]]:
    """Pairs of commitments (record id, index) that the comparison puts in one topic group."""
    pairs: set[frozenset[tuple[str, int]]] = set()
    for group in comparison.topics:
        items = {(it.record, it.index) for cell in group.cells if cell.status in ("new", "reaffirmed")
                 for top in cell.items for it in (top, *top.also) if it.kind == "commitment"}
        ordered = sorted(items)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs.add(frozenset((a, b)))
    return pairs
