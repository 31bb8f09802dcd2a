"""Views of a ``Comparison``: JSON, Markdown, a rich table, and a self-contained HTML report.

The HTML page has inline CSS and JS only (no CDN, works offline); every piece of
article or model text is HTML-escaped.  It shows a timeline of meetings per
dyad, the topic × meeting matrix of statuses, and for each record its raw text
with the evidence of every item highlighted by character offsets (a
LangExtract-style review view).
"""

from __future__ import annotations

import itertools
from html import escape

from rich.console import Console
from rich.table import Table

from .compare import Comparison, record_id
from .schema import Record

STATUS_LABEL = {"new": "new", "reaffirmed": "reaffirmed", "dropped": "dropped",
                "fulfilled_as_reported": "fulfilled (as reported)"}
_RICH_STYLE = {"new": "bold green", "reaffirmed": "bold cyan", "dropped": "red", "fulfilled_as_reported": "magenta"}


def to_json(comparison: Comparison) -> str:
    return comparison.model_dump_json(indent=2) + "\n"


def _meeting_title(m) -> str:
    where = m.place or ("phone call" if m.mode == "phone" else m.mode)
    forum = f" ({m.forum})" if m.forum else ""
    return f"{m.date or 'undated'} {where}{forum}"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(comparison: Comparison) -> str:
    f = {k: v for k, v in comparison.filters.items() if v}
    lines = ["# Commitments across meetings", ""]
    if f:
        lines.append("Filters: " + ", ".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}" for k, v in f.items()))
        lines.append("")
    lines += ["## Meetings", "", "| date | kind | place | forum | participants | articles |", "|---|---|---|---|---|---|"]
    for m in comparison.meetings:
        people = "; ".join(f"{p.name} ({p.role or p.actor})" for p in m.participants)
        lines.append(f"| {m.date or '—'} | {m.kind} | {_md(m.place or '—')} | {_md(m.forum or '—')} | {_md(people)} "
                     f"| {len(m.records)} |")
    lines += ["", "## Topics", ""]
    if not comparison.topics:
        lines.append("No commitments match the filters.")
    for group in comparison.topics:
        lines += [f"### {_md(group.label)}", "", f"Parties: {', '.join(group.parties)}", "",
                  "| meeting | status | evidence |", "|---|---|---|"]
        for cell in group.cells:
            m = comparison.meeting(cell.meeting)
            ev = "<br>".join(
                f"{'+'.join(it.actors)}: {_md(it.text)}"
                + "".join(f" «{_md(e.text)}» [{e.start}:{e.end}]" for e in it.evidence[:1])
                for it in cell.items)
            note = f" ({_md(cell.note)})" if cell.note else ""
            lines.append(f"| {_md(_meeting_title(m))} | **{STATUS_LABEL[cell.status]}**{note} | {ev or '—'} |")
        lines.append("")
    for flag in comparison.flags:
        lines.append(f"- {flag}")
    return "\n".join(lines).rstrip() + "\n"


def to_table(comparison: Comparison, console: Console | None = None) -> None:
    console = console or Console()
    meetings = Table(title="Meetings", show_lines=False)
    for col in ("date", "kind", "place", "forum", "participants", "articles"):
        meetings.add_column(col)
    for m in comparison.meetings:
        meetings.add_row(m.date or "—", m.kind, m.place or "—", m.forum or "—",
                         "\n".join(f"{p.name} ({p.role or p.actor})" for p in m.participants), str(len(m.records)))
    console.print(meetings)
    matrix = Table(title="Commitments by topic and meeting", show_lines=True)
    matrix.add_column("topic")
    for m in comparison.meetings:
        matrix.add_column(_meeting_title(m))
    for group in comparison.topics:
        row = [group.label]
        by_meeting = {c.meeting: c for c in group.cells}
        for m in comparison.meetings:
            cell = by_meeting.get(m.id)
            if cell is None:
                row.append("")
                continue
            status = f"[{_RICH_STYLE[cell.status]}]{STATUS_LABEL[cell.status]}[/]"
            if cell.status in ("new", "reaffirmed", "fulfilled_as_reported"):
                status += "".join(f"\n• {escape_rich(it.text[:90])}" for it in cell.items[:3])
            row.append(status)
        matrix.add_row(*row)
    console.print(matrix)
    for flag in comparison.flags:
        console.print(f"[yellow]{escape_rich(flag)}[/]")


def escape_rich(text: str) -> str:
    return text.replace("[", "\\[")


# --------------------------------------------------------------------------- HTML

_CSS = """
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;
background:#f6f7f9}header{background:#1d2a44;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;opacity:.8}main{padding:18px 28px;max-width:1500px}h2{font-size:18px;margin:26px 0 10px}
.timeline{position:relative;display:flex;gap:14px;overflow-x:auto;padding:18px 4px 8px;border-top:3px solid #8aa1c7}
.meeting{flex:0 0 250px;background:#fff;border:1px solid #d5dbe5;border-radius:8px;padding:10px 12px;position:relative}
.meeting:before{content:"";position:absolute;top:-27px;left:16px;width:14px;height:14px;border-radius:50%;
background:#1d2a44;border:3px solid #f6f7f9}.meeting .date{font-weight:700;font-size:16px}
.meeting .kind{font-size:12px;text-transform:uppercase;color:#56627a;letter-spacing:.04em}
.meeting ul{margin:6px 0 0;padding-left:18px;font-size:13px}.dyad{font-weight:600;margin-top:14px}
table.matrix{border-collapse:collapse;background:#fff;width:100%}table.matrix th,table.matrix td{border:1px solid #d5dbe5;
padding:6px 8px;vertical-align:top;font-size:13px}table.matrix th{background:#eef1f6;text-align:left}
.st{display:inline-block;font-weight:700;border-radius:4px;padding:1px 6px;font-size:12px}
.st-new{background:#d8f5dd;color:#17612a}.st-reaffirmed{background:#d9ecfb;color:#0d4f86}
.st-dropped{background:#fde2e1;color:#9b1c1c}.st-fulfilled_as_reported{background:#efe0fb;color:#6a2296}
.item{display:block;margin-top:4px;color:#1d2330;text-decoration:none}.item:hover{text-decoration:underline}
.item.faded{color:#7a8599;font-size:12px}.note{color:#56627a;font-style:italic;display:block;margin-top:3px}
.record{background:#fff;border:1px solid #d5dbe5;border-radius:8px;margin:14px 0;padding:0}
.record h3{margin:0;padding:10px 14px;font-size:15px;border-bottom:1px solid #d5dbe5;background:#fafbfc}
.record .cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
.source{white-space:pre-wrap;font:13px/1.55 ui-monospace,SFMono-Regular,Menlo,monospace;padding:12px 14px;
max-height:560px;overflow:auto;border-right:1px solid #d5dbe5}
mark{border-radius:2px;padding:0 1px;cursor:pointer}mark.commitment{background:#ffe58f}
mark.position{background:#c7e3ff}mark.participant{background:#d4f7d4}mark.multi{background:#ffc9a8}
mark.focus{outline:3px solid #d9480f}ol.items{margin:0;padding:10px 14px 10px 34px;font-size:13px;
max-height:560px;overflow:auto}ol.items li{margin-bottom:6px}ol.items li.focus{background:#fff3bf}
.tag{font-size:11px;font-weight:700;text-transform:uppercase;color:#56627a}.legend mark{cursor:default}
.warn{color:#9b1c1c}footer{padding:10px 28px 30px;color:#56627a;font-size:12px}
"""

_JS = """
document.addEventListener('click',function(e){
  var t=e.target.closest('[data-ev]');if(!t)return;
  var ids=t.getAttribute('data-ev').split(' ');
  document.querySelectorAll('.focus').forEach(function(n){n.classList.remove('focus')});
  var first=null;
  ids.forEach(function(id){
    document.querySelectorAll('[data-item~="'+id+'"]').forEach(function(n){n.classList.add('focus');if(!first&&n.tagName==='MARK')first=n;});
    var li=document.getElementById('li-'+id);if(li)li.classList.add('focus');
  });
  if(first){e.preventDefault();first.scrollIntoView({block:'center',behavior:'smooth'});}
});
"""


def _item_id(rid: str, kind: str, index: int) -> str:
    return f"{rid}-{kind[0]}{index}"


def _spans(record: Record, raw: str) -> tuple[list[tuple[int, int, str, str, str]], list[str]]:
    """(start, end, kind, item id, label) for every item's evidence; plus warnings for offsets that do not fit."""
    rid = record_id(record)
    out, warnings = [], []
    items = [("participant", i, f"{p.name} — {p.role} ({p.actor})", p.evidence)
             for i, p in enumerate(record.participants)]
    items += [("commitment", i, f"{'+'.join(c.actors)} [{c.modality}]: {c.text}", c.evidence)
              for i, c in enumerate(record.commitments)]
    items += [("position", i, f"{p.holder} [{p.stance}] {p.topic}: {p.statement}", p.evidence)
              for i, p in enumerate(record.positions)]
    for kind, i, label, evidence in items:
        for ev in evidence:
            if not (0 <= ev.start < ev.end <= len(raw)):
                warnings.append(f"{kind} {i}: offsets [{ev.start}:{ev.end}] outside the text")
                continue
            if raw[ev.start:ev.end] != ev.text:
                warnings.append(f"{kind} {i}: text at [{ev.start}:{ev.end}] differs from the evidence")
            out.append((ev.start, ev.end, kind, _item_id(rid, kind, i), label))
    return out, warnings


def highlight(raw: str, spans: list[tuple[int, int, str, str, str]]) -> str:
    """Escaped ``raw`` with <mark> elements over the spans; overlapping spans are split at every boundary."""
    cuts = sorted({0, len(raw), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    parts = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        chunk = escape(raw[a:b])
        active = [s for s in spans if s[0] <= a and b <= s[1]]
        if not active:
            parts.append(chunk)
            continue
        kinds = {s[2] for s in active}
        cls = kinds.pop() if len(kinds) == 1 else "multi"
        ids = " ".join(dict.fromkeys(s[3] for s in active))
        title = " | ".join(dict.fromkeys(s[4] for s in active))
        parts.append(f'<mark class="{cls}" data-item="{escape(ids)}" data-ev="{escape(ids)}" '
                     f'title="{escape(title)}">{chunk}</mark>')
    return "".join(parts)


def _dyads(comparison: Comparison) -> list[tuple[str, list]]:
    if comparison.filters.get("dyad"):
        return [(str(comparison.filters["dyad"]), comparison.meetings)]
    seen: dict[str, list] = {}
    for m in comparison.meetings:
        states = sorted({p.actor for p in m.participants})
        for a, b in itertools.combinations(states, 2):
            seen.setdefault(f"{a}-{b}", []).append(m)
    return sorted(seen.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def to_html(comparison: Comparison, records: list[Record], texts: dict[str, str]) -> str:
    """The self-contained report; ``texts`` maps record ids to raw article text (see ``compare.load_texts``)."""
    by_id = {record_id(r): r for r in records}
    e = escape
    filt = ", ".join(f"{k} = {'+'.join(v) if isinstance(v, list) else v}" for k, v in comparison.filters.items() if v)
    out = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
           f"<title>{e('Commitments across meetings' + (' — ' + filt if filt else ''))}</title>",
           f"<style>{_CSS}</style></head><body>",
           "<header><h1>Commitments across meetings</h1>",
           f"<p>{e(filt or 'no filter')} · {len(comparison.meetings)} meetings · {len(comparison.records)} articles · "
           f"{len(comparison.topics)} topics</p></header><main>"]

    out.append('<h2 id="timeline">Timeline of meetings</h2>')
    for dyad, meetings in _dyads(comparison):
        out.append(f'<div class="dyad">{e(dyad)}</div><div class="timeline">')
        for m in meetings:
            people = "".join(f"<li>{e(p.name)} — {e(p.role or p.actor)}</li>" for p in m.participants)
            forum = f"<div>{e(m.forum)}</div>" if m.forum else ""
            out.append(f'<div class="meeting" id="m-{e(m.id)}" data-meeting="{e(m.id)}">'
                       f'<div class="date">{e(m.date or "undated")}</div>'
                       f'<div class="kind">{e(m.kind.replace("_", " "))} · {e(m.place or m.mode)}</div>{forum}'
                       f'<ul>{people}</ul><div class="kind">{len(m.records)} article(s)</div></div>')
        out.append("</div>")

    out.append('<h2 id="topics">Commitments by topic and meeting</h2>')
    if not comparison.topics:
        out.append("<p>No commitments match the filters.</p>")
    else:
        out.append('<table class="matrix"><thead><tr><th>topic</th>')
        out += [f"<th>{e(_meeting_title(m))}</th>" for m in comparison.meetings]
        out.append("</tr></thead><tbody>")
        for group in comparison.topics:
            cells = {c.meeting: c for c in group.cells}
            out.append(f'<tr data-topic="{e(group.key)}"><th>{e(group.label)}<br>'
                       f'<span class="tag">{e(", ".join(group.parties))}</span></th>')
            for m in comparison.meetings:
                cell = cells.get(m.id)
                if cell is None:
                    out.append("<td></td>")
                    continue
                faded = " faded" if cell.status == "dropped" else ""
                items = "".join(
                    f'<a class="item{faded}" href="#r-{e(it.record)}" data-ev="{e(_item_id(it.record, it.kind, it.index))}">'
                    f'{e("+".join(it.actors))}: {e(it.text)}</a>' for it in cell.items)
                note = f'<span class="note">{e(cell.note)}</span>' if cell.note else ""
                out.append(f'<td class="cell-{e(cell.status)}"><span class="st st-{e(cell.status)}">'
                           f'{e(STATUS_LABEL[cell.status])}</span>{note}{items}</td>')
            out.append("</tr>")
        out.append("</tbody></table>")

    out.append('<h2 id="sources">Sources with evidence</h2><p class="legend">'
               '<mark class="commitment">commitment</mark> <mark class="position">position</mark> '
               '<mark class="participant">participant</mark> <mark class="multi">several items</mark> '
               '— click a highlight or an item to find it.</p>')
    for rv in comparison.records:
        record = by_id.get(rv.id)
        raw = texts.get(rv.id)
        title = rv.title or rv.source or rv.id
        out.append(f'<section class="record" id="r-{e(rv.id)}" data-record="{e(rv.id)}"><h3>{e(title)}'
                   f' <span class="tag">{e(_meeting_title(comparison.meeting(rv.meeting)) if rv.meeting else "")}'
                   f' · {e(rv.source or "")}</span></h3><div class="cols">')
        if record is None or raw is None:
            out.append('<div class="source warn">The article text is not available (not in the store and its '
                       'source file cannot be read).</div>')
            spans, warnings = [], []
        else:
            spans, warnings = _spans(record, raw)
            out.append(f'<div class="source">{highlight(raw, spans)}</div>')
        out.append('<ol class="items">')
        if record is not None:
            for kind, seq in (("participant", record.participants), ("commitment", record.commitments),
                              ("position", record.positions)):
                for i, item in enumerate(seq):
                    iid = _item_id(rv.id, kind, i)
                    if kind == "participant":
                        text = f"{item.name} — {item.role} ({item.actor})"
                    elif kind == "commitment":
                        text = f"{'+'.join(item.actors)} → {'+'.join(item.targets) or '—'} [{item.modality}, " \
                               f"{item.category}]: {item.text}"
                    else:
                        text = f"{item.holder} [{item.stance}] {item.topic}: {item.statement}"
                    where = "" if item.evidence else ' <span class="warn">(no evidence)</span>'
                    out.append(f'<li id="li-{e(iid)}" data-item="{e(iid)}" data-ev="{e(iid)}">'
                               f'<span class="tag">{e(kind)}</span> {e(text)}{where}</li>')
        out.append("</ol></div>")
        for w in warnings:
            out.append(f'<p class="warn">&nbsp;{e(w)}</p>')
        out.append("</section>")
    for flag in comparison.flags:
        out.append(f'<p class="warn">{e(flag)}</p>')
    out.append("</main><footer>Generated by summarize compare. Self-contained page: no external resources."
               f"</footer><script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"
