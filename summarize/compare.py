"""Compare commitments across meetings.

``load_records`` reads Records from a directory of JSON/JSONL files, one such
file, or the SQLite store; ``compare`` merges the articles that report one
meeting, groups commitments that express the same pledge (``resolve``) and
gives, per topic and meeting, whether the pledge is new, reaffirmed, dropped or
reported as fulfilled, each with its evidence.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sqlite3
from contextlib import contextmanager
from datetime import date as _date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

from pydantic import BaseModel, Field, ValidationError

from . import resolve
from . import topics as topic_table
from .errors import InputError
from .schema import ArticleInfo, Commitment, Evidence, Meeting, Participant, Position, Record
from .vocab import ORGANISATIONS, fold

Status = Literal["new", "reaffirmed", "dropped", "fulfilled_as_reported"]

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


class PersonView(BaseModel):
    name: str
    role: str | None
    actor: str


class MeetingView(BaseModel):
    id: str
    date: str | None
    date_precision: str
    kind: str
    mode: str
    place: str | None
    forum: str | None
    actors: list[str] = Field(description="states and organisations involved (participants and committers)")
    participants: list[PersonView]
    records: list[str] = Field(description="ids of the articles merged into this meeting")


class Cell(BaseModel):
    meeting: str
    status: Status
    items: list[ItemView] = Field(default_factory=list, description="the evidence: the commitments stated at "
                                  "this meeting, the last statement for 'dropped', the report for 'fulfilled'")
    note: str | None = None


class TopicGroup(BaseModel):
    key: str
    label: str
    parties: list[str]
    cells: list[Cell]


class RecordView(BaseModel):
    id: str
    source: str | None
    title: str | None
    published: str | None
    sha256: str
    meeting: str | None
    chars: int


class Comparison(BaseModel):
    filters: dict[str, str | list[str] | None]
    meetings: list[MeetingView]
    topics: list[TopicGroup]
    records: list[RecordView]
    flags: list[str] = Field(default_factory=list)

    def meeting(self, meeting_id: str) -> MeetingView:
        return next(m for m in self.meetings if m.id == meeting_id)


# --------------------------------------------------------------------------- input

@contextmanager
def _gc_paused():
    """Pause the cyclic GC: building ~10^6 small acyclic objects otherwise triggers repeated full collections
    (measured: loading and comparing 10,000 records took 11.8 s with it, 4.6 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
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
        return [record for record, _ in _store_rows(path)]
    return _records_from_file(path)


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _parse(text: str, where: str) -> Record:
    try:
        return Record.model_validate_json(text)
    except ValidationError as exc:
        raise InputError(f"{where} is not a valid record: {exc.errors()[0]['msg']}") from None


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


def _store_rows(path: Path) -> list[tuple[Record, str | None]]:
    """(record, raw article text or None) for every row of the store's ``records`` table."""
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
        rows = db.execute(query).fetchall()
        records = [_parse(row[0], f"{path}: records row {n}") for n, row in enumerate(rows, 1)]
        texts = _store_texts(db, tables, {r.article.sha256 for r in records})
        return [(r, texts.get(r.article.sha256)) for r in records]
    except sqlite3.Error as exc:
        raise InputError(f"{path} cannot be read as a summarize store: {exc}") from None
    finally:
        db.close()


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


# --------------------------------------------------------------------------- comparison

def _states(codes: Iterable[str]) -> set[str]:
    return set(_states_of(tuple(codes)))


@lru_cache(maxsize=4096)
def _states_of(codes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c for c in resolve.expand(codes) if c not in ORGANISATIONS and c != "OTHER")


def _parties(c: Commitment, participants: set[str]) -> set[str]:
    """States a commitment involves; a one-sided commitment with no target is towards the other participants."""
    parties = _states([*c.actors, *c.targets])
    if not c.targets and len(c.actors) == 1:
        parties |= participants
    return parties


def _participant_states(record: Record) -> set[str]:
    return _states(p.actor for p in record.participants)


def _involved(record: Record) -> set[str]:
    """States a record's meeting involves: participants, plus those who commit (not mere targets)."""
    out = _participant_states(record)
    for c in record.commitments:
        out |= _states(c.actors)
    return out


def _same_meeting(a: Record, b: Record) -> bool:
    ma, mb = a.meeting, b.meeting
    if ma is None or mb is None or ma.date != mb.date or ma.date is None:
        return False
    if ma.mode != mb.mode and "phone" in (ma.mode, mb.mode):
        return False
    if ma.place and mb.place and fold(ma.place) != fold(mb.place):
        return False
    sa, sb = _participant_states(a) or _involved(a), _participant_states(b) or _involved(b)
    return len(sa & sb) >= min(2, len(sa), len(sb))


def merge_meetings(records: list[Record]) -> list[list[Record]]:
    """Records grouped by the meeting they report (same day, compatible mode and place, shared parties)."""
    by_date: dict[str | None, list[list[Record]]] = {}
    for record in records:
        if record.meeting is None:
            continue
        buckets = by_date.setdefault(record.meeting.date, [])
        for bucket in buckets:
            if record.meeting.date is not None and _same_meeting(bucket[0], record):
                bucket.append(record)
                break
        else:
            buckets.append([record])
    groups = [g for buckets in by_date.values() for g in buckets]
    groups.sort(key=lambda g: (g[0].meeting.date or "9999", record_id(g[0])))
    return groups


def _meeting_id(group: list[Record], states: set[str]) -> str:
    m = group[0].meeting
    where = m.place or m.mode
    slug = re.sub(r"[^A-Za-z0-9]+", "-", fold(where)).strip("-")
    return f"{m.date or 'undated'}_{slug}_{'-'.join(sorted(states))}"


def _meeting_view(group: list[Record]) -> MeetingView:
    m = group[0].meeting
    states: set[str] = set()
    for r in group:
        states |= _involved(r)
    orgs = sorted({p.actor for r in group for p in r.participants if p.actor in ORGANISATIONS})
    people: dict[tuple[str, str], PersonView] = {}
    for r in group:
        for p in r.participants:
            name, role = resolve.canonical_person(p.name, p.actor, p.role, m.date)
            people.setdefault((p.actor, resolve.name_key(name)),
                              PersonView.model_construct(name=name, role=role, actor=p.actor))
    # fill place/forum from whichever article has them
    place = next((r.meeting.place for r in group if r.meeting.place), None)
    forum = next((r.meeting.forum for r in group if r.meeting.forum), None)
    return MeetingView(id=_meeting_id(group, states), date=m.date, date_precision=m.date_precision, kind=m.kind,
                       mode=m.mode, place=place, forum=forum, actors=sorted(states) + orgs,
                       participants=list(people.values()), records=[record_id(r) for r in group])


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


def compare(records: list[Record], dyad: str | None = None, countries: Iterable[str] | None = None,
            since: str | None = None, until: str | None = None, topic: str | None = None,
            threshold: float = resolve.SIMILARITY_THRESHOLD) -> Comparison:
    """Meetings timeline and per-topic status of commitments across the records that pass the filters.

    dyad: two countries ("CHN-KAZ"): meetings involving both, commitments involving both.
    countries: meetings involving all of them, commitments involving any of them.
    since/until: ISO dates, inclusive, on the meeting date.  topic: substring of a topic key or label.
    """
    with _gc_paused():
        return _compare(records, dyad, countries, since, until, topic, threshold)


def _compare(records, dyad, countries, since, until, topic, threshold) -> Comparison:
    pair = _parse_dyad(dyad)
    wanted = _parse_countries(countries)
    since, until = _check_date(since, "since"), _check_date(until, "until")
    flags: list[str] = []
    undated = sum(1 for r in records if r.meeting is None)
    if undated:
        flags.append(f"{undated} record(s) without a meeting were left out")

    # 1. meetings (two articles about one meeting are one meeting), then the filters
    meetings: list[tuple[MeetingView, list[Record]]] = []
    for group in merge_meetings(records):
        view = _meeting_view(group)
        involved = set(view.actors)
        if pair and not set(pair) <= involved:
            continue
        if wanted and not set(wanted) <= involved:
            continue
        if (since or until) and view.date is None:
            continue
        if since and view.date < since or until and view.date > until:
            continue
        meetings.append((view, group))

    # 2. commitments that concern the filter's parties, with their topics
    must = set(pair or [])
    any_of = set(wanted)
    entries: list[tuple[int, ItemView, set[str], list[str]]] = []  # (meeting index, item, parties, topics)
    untopical: list[int] = []
    for mi, (view, group) in enumerate(meetings):
        participants = {p.actor for p in view.participants}
        for record in group:
            rid = record_id(record)
            for ci, c in enumerate(record.commitments):
                parties = _parties(c, participants)
                if must and not must <= parties:
                    continue
                if any_of and not any_of & parties:
                    continue
                # model_construct: the record was validated when loaded; this loop runs for every commitment.
                item = ItemView.model_construct(record=rid, kind="commitment", index=ci, actors=list(c.actors),
                                                targets=list(c.targets), text=c.text, modality=c.modality,
                                                category=c.category, evidence=list(c.evidence))
                topics = list(topic_table.topics_of(c.text, " ".join(e.text for e in c.evidence)))
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

    # 3. per topic: the meetings it appears at, then the statuses over the meetings that concern its parties
    by_topic: dict[str, dict[int, list[ItemView]]] = {}
    parties_of: dict[str, set[str]] = {}
    for mi, item, parties, topics in entries:
        for key in topics:
            by_topic.setdefault(key, {}).setdefault(mi, []).append(item)
            parties_of.setdefault(key, set()).update(parties)
    if topic:
        needle = fold(topic).replace(" ", "_")
        by_topic = {k: v for k, v in by_topic.items()
                    if needle in k or fold(topic) in fold(topic_table.topic_label(k))}

    position_topics = _position_topics(meetings)
    groups: list[TopicGroup] = []
    for key, per_meeting in by_topic.items():
        parties = parties_of[key]
        cells: list[Cell] = []
        last: tuple[str, list[ItemView]] | None = None
        for mi, (view, _group) in enumerate(meetings):
            if mi in per_meeting:
                status: Status = "new" if last is None else "reaffirmed"
                cells.append(Cell(meeting=view.id, status=status, items=per_meeting[mi]))
                last = (f"{view.date or 'undated'} {view.place or view.mode}", per_meeting[mi])
                continue
            if last is None or len(set(view.actors) & parties) < min(2, len(parties)):
                continue
            done = [p for p in position_topics.get(mi, []) if key in p[1] and set(p[2]) & parties]
            if done:
                cells.append(Cell(meeting=view.id, status="fulfilled_as_reported", items=[d[0] for d in done],
                                  note=f"reported done; pledged at {last[0]}"))
            else:
                cells.append(Cell(meeting=view.id, status="dropped", items=last[1],
                                  note=f"not restated; last stated at {last[0]}"))
        groups.append(TopicGroup(key=key, label=topic_table.topic_label(key), parties=sorted(parties), cells=cells))
    order = {m.id: i for i, (m, _) in enumerate(meetings)}
    groups.sort(key=lambda g: (order[g.cells[0].meeting], g.key.startswith("other:"), g.key))

    views = [v for v, _ in meetings]
    meeting_of = {rid: v.id for v in views for rid in v.records}
    record_views = [RecordView(id=record_id(r), source=r.article.source, title=r.article.title,
                               published=r.article.published, sha256=r.article.sha256,
                               meeting=meeting_of[record_id(r)], chars=r.article.chars)
                    for r in records if record_id(r) in meeting_of]
    position = {v.id: i for i, v in enumerate(views)}
    record_views.sort(key=lambda rv: position[rv.meeting])
    filters = {"dyad": "-".join(pair) if pair else None, "countries": wanted or None, "since": since,
               "until": until, "topic": topic}
    return Comparison(filters=filters, meetings=views, topics=groups, records=record_views, flags=flags)


def _position_topics(meetings) -> dict[int, list[tuple[ItemView, list[str], list[str]]]]:
    """Per meeting: positions that report something done, with their topics and holder."""
    out: dict[int, list[tuple[ItemView, list[str], list[str]]]] = {}
    for mi, (_view, group) in enumerate(meetings):
        for record in group:
            for pi, p in enumerate(record.positions):
                if p.stance not in ("welcome", "assessment") or not _FULFILLED.search(resolve.fast_fold(p.statement)):
                    continue
                topics = topic_table.topics_of(p.statement + " " + p.topic, " ".join(e.text for e in p.evidence))
                if topics:
                    item = ItemView(record=record_id(record), kind="position", index=pi, actors=[p.holder],
                                    text=p.statement, evidence=list(p.evidence))
                    out.setdefault(mi, []).append((item, topics, sorted(_states([p.holder]) | {
                        a for a in _states(q.actor for q in record.participants)})))
    return out


def same_pledge_pairs(comparison: Comparison) -> set[frozenset[tuple[str, int]]]:
    """Pairs of commitments (record id, index) that the comparison puts in one topic group."""
    pairs: set[frozenset[tuple[str, int]]] = set()
    for group in comparison.topics:
        items = {(it.record, it.index) for cell in group.cells if cell.status in ("new", "reaffirmed")
                 for it in cell.items if it.kind == "commitment"}
        ordered = sorted(items)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs.add(frozenset((a, b)))
    return pairs
