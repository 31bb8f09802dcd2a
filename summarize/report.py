"""Views of a ``Comparison``: JSON, Markdown, a rich table, and a self-contained HTML report.

The HTML page has inline CSS and JS only (no CDN, works offline); every piece of
article or model text is HTML-escaped.  It shows a timeline of meetings per
dyad, the topic × meeting matrix of statuses, and for each record its raw text
with the evidence of every item highlighted by character offsets (a
LangExtract-style review view).
"""

from __future__ import annotations

import itertools
import re
from html import escape

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .compare import Comparison, record_id
from .schema import Record

STATUS_LABEL = {"new": "new", "reaffirmed": "reaffirmed", "not_restated": "not restated", "dropped": "dropped",
                "fulfilled_as_reported": "fulfilled (as reported)"}
# One character per status for the narrow terminal matrix (a legend is printed under it).
STATUS_SYMBOL = {"new": "N", "reaffirmed": "R", "not_restated": "·", "dropped": "D", "fulfilled_as_reported": "F"}
_RICH_STYLE = {"new": "bold green", "reaffirmed": "bold cyan", "not_restated": "dim", "dropped": "red",
               "fulfilled_as_reported": "magenta"}
_KIND_SHORT = {"bilateral_meeting": "talks", "phone_call": "call", "multilateral_meeting": "multi",
               "summit": "summit", "interview": "interview", "press_conference": "press"}
FLAG_LABEL = {"not_english": "not English", "ungrounded": "ungrounded", "no_text": "no English text"}


def to_json(comparison: Comparison) -> str:
    return to_json_bytes(comparison).decode("utf-8")


def to_json_bytes(comparison: Comparison) -> bytes:
    """UTF-8 JSON as pydantic-core writes it: a 10,000-record comparison is ~200 MB, not decoded and encoded again."""
    return comparison.__pydantic_serializer__.to_json(comparison, indent=2) + b"\n"


def _meeting_title(m) -> str:
    return m.label or f"{m.date or 'undated'} {m.place or m.mode}"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _item_line(it) -> str:
    flags = "".join(f" [{FLAG_LABEL.get(f, f)}]" for f in it.flags)
    sources = ", ".join(dict.fromkeys(x.source or x.record for x in (it, *it.also)))
    return f"{'+'.join(it.actors)}: {it.text}{flags} ({sources})"


def to_markdown(comparison: Comparison) -> str:
    f = {k: v for k, v in comparison.filters.items() if v}
    meeting_of = {m.id: m for m in comparison.meetings}
    lines = ["# Commitments across meetings", ""]
    if f:
        lines.append("Filters: " + ", ".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}" for k, v in f.items()))
        lines.append("")
    lines += ["## Meetings", "", "| meeting | kind | forum | participants | articles |", "|---|---|---|---|---|"]
    for m in comparison.meetings:
        people = "; ".join(f"{p.name} ({p.role or p.actor})" for p in m.participants)
        lines.append(f"| {_md(_meeting_title(m))} | {m.kind} | {_md(m.forum or '—')} | {_md(people)} "
                     f"| {len(m.records)} ({_md(', '.join(m.outlets))}) |")
    lines += ["", "## Topics", ""]
    if not comparison.topics:
        lines.append("No commitments match the filters.")
    for group in comparison.topics:
        lines += [f"### {_md(group.label)}", "", f"Parties: {', '.join(group.parties)}", "",
                  "| meeting | status | evidence |", "|---|---|---|"]
        for cell in group.cells:
            m = meeting_of[cell.meeting]
            ev = "<br>".join(
                _md(_item_line(it)) + "".join(f" «{_md(e.text)}» [{e.start}:{e.end}]" for e in it.evidence[:1])
                for it in cell.items)
            note = f" ({_md(cell.note)})" if cell.note else ""
            lines.append(f"| {_md(_meeting_title(m))} | **{STATUS_LABEL[cell.status]}**{note} | {ev or '—'} |")
        lines.append("")
    for flag in comparison.flags:
        lines.append(f"- {flag}")
    return "\n".join(lines).rstrip() + "\n"


def _who(m) -> str:
    """Short names of the sides' people (Wang–Tileuberdi), else the sides' codes."""
    names = [p.short or p.name for p in m.participants][:3]
    return "–".join(names) if names else "–".join(a for a in m.actors[:3])


# How many meetings one block of the terminal matrix shows at most: 4 characters each keeps 12 (and the topic)
# within 80 columns; a narrower terminal gets fewer per block rather than squeezed or cut columns.
_BLOCK = 12


def _centred(label: str) -> str:
    """``label`` in a 3-wide centred cell as rich prints it (extra space on the right; longer: cut with an ellipsis)."""
    if len(label) > 3:
        return label[:2] + "…"
    left = (3 - len(label)) // 2
    return " " * left + label + " " * (3 - len(label) - left)


def _joined(cells: list[tuple[str, str]], whole: bool = False) -> Text:
    """3-wide cells one space apart; a cell's style covers its symbol only, as rich styles a centred body cell
    (``whole``: the padded cell, as rich styles a header)."""
    out = Text()
    for i, (cell, style) in enumerate(cells):
        if i:
            out.append(" ")
        if style and not whole and cell.strip() != cell:
            stripped = cell.strip()
            left = cell.index(stripped)
            out.append(cell[:left])
            out.append(stripped, style)
            out.append(cell[left + len(stripped):])
        else:
            out.append(cell, style or None)
    return out


def to_table(comparison: Comparison, console: Console | None = None, detail: bool = False) -> None:
    """Meetings, then the topic x meeting matrix, one symbol per cell, readable at 80 columns.

    ``detail``: also every meeting's participants with their offices and articles, and every statement."""
    console = console or Console()
    meeting_of = {m.id: m for m in comparison.meetings}
    cells_of = [{c.meeting: c for c in group.cells} for group in comparison.topics]  # once, not once per block
    # styled symbols made once: rich parsing "[bold green]N[/]" markup for every cell was most of a long table's time
    symbols = {status: (f" {sym} ", _RICH_STYLE[status]) for status, sym in STATUS_SYMBOL.items()}
    meetings = Table(title="Meetings", show_lines=False, expand=False)
    for col, kw in (("#", {"justify": "right"}), ("date", {"no_wrap": True}), ("kind", {"no_wrap": True}),
                    ("place", {"overflow": "ellipsis", "no_wrap": True, "max_width": 14}),
                    ("who", {"overflow": "ellipsis", "no_wrap": True, "max_width": 26}), ("art.", {"justify": "right"})):
        meetings.add_column(col, **kw)
    for n, m in enumerate(comparison.meetings, 1):
        meetings.add_row(str(n), m.date or "—", _KIND_SHORT.get(m.kind, m.kind), m.place or "—", _who(m),
                         str(len(m.records)))
    console.print(meetings)
    ms = comparison.meetings
    per_block = max(1, min(_BLOCK, (console.width - 30) // 4))  # edges, a 28-wide topic and 4 per meeting
    for block in range(0, max(len(ms), 1), per_block):
        part = ms[block:block + per_block]
        # The block's meeting columns are one column of pre-assembled text (each meeting 3 wide, centred, one
        # space apart): what a column per meeting printed, at a seventh of rich's per-cell work (a 10,000-record
        # comparison has ~360 blocks).
        matrix = Table(title="Commitments by topic and meeting" if block == 0 else None, show_lines=False,
                       box=box.SIMPLE_HEAD, padding=(0, 0), collapse_padding=True, header_style="")
        matrix.add_column(Text("topic", style="table.header"), overflow="ellipsis", no_wrap=True,
                          max_width=max(8, min(28, console.width - 2 - 4 * len(part))))
        numbers = [_centred(str(n)) for n in range(block + 1, block + len(part) + 1)]
        matrix.add_column(_joined([(x, "table.header") for x in numbers], whole=True), no_wrap=True, width=4 * len(part) - 1)
        for group, by_meeting in zip(comparison.topics, cells_of):
            cells = []
            for m in part:
                cell = by_meeting.get(m.id)
                cells.append(symbols[cell.status] if cell else ("   ", ""))
            matrix.add_row(group.label, _joined(cells))
        if comparison.topics:
            console.print(matrix)
    if not comparison.topics:
        console.print("No commitments match the filters.")
    else:
        console.print("N new · R reaffirmed · [dim]·[/] not restated · D dropped · F fulfilled (as reported)")
    if detail:
        for n, m in enumerate(ms, 1):
            console.print(f"\n[bold]{n}. {escape_rich(_meeting_title(m))}[/] {m.kind}"
                          + (f", {escape_rich(m.forum)}" if m.forum else ""))
            for p in m.participants:
                console.print(f"  {escape_rich(p.name)} — {escape_rich(p.role or p.actor)}")
            console.print(f"  articles: {escape_rich(', '.join(m.outlets))}")
        for group in comparison.topics:
            console.print(f"\n[bold]{escape_rich(group.label)}[/]")
            for cell in group.cells:
                m = meeting_of[cell.meeting]
                console.print(f"  {escape_rich(_meeting_title(m))}: {STATUS_LABEL[cell.status]}"
                              + (f" ({escape_rich(cell.note)})" if cell.note else ""))
                for it in cell.items:
                    console.print(f"    • {escape_rich(_item_line(it))}")
    for flag in comparison.flags:
        console.print(f"[yellow]{escape_rich(flag)}[/]")


def escape_rich(text: str) -> str:
    return text.replace("[", "\\[")


# --------------------------------------------------------------------------- HTML

_CSS = """
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;
background:#f6f7f9}header{background:#1d2a44;color:#fff;padding:16px 24px}header h1{margin:0;font-size:21px}
header p{margin:4px 0 0;opacity:.8}main{padding:14px 24px}h2{font-size:17px;margin:22px 0 8px}
.filters{position:sticky;top:0;z-index:5;background:#eef1f6;border:1px solid #d5dbe5;border-radius:8px;padding:8px 12px;
display:flex;gap:16px;flex-wrap:wrap;align-items:center;font-size:13px}.filters label{font-weight:600}
.filters select,.filters input{font:inherit;padding:2px 4px}
.timeline{position:relative;display:flex;gap:10px;overflow-x:auto;padding:16px 4px 8px;border-top:3px solid #8aa1c7}
.meeting{flex:0 0 168px;background:#fff;border:1px solid #d5dbe5;border-radius:8px;padding:8px 10px;position:relative;
font-size:12px}.meeting:before{content:"";position:absolute;top:-25px;left:14px;width:12px;height:12px;border-radius:50%;
background:#1d2a44;border:3px solid #f6f7f9}.meeting .date{font-weight:700;font-size:14px}
.meeting .kind{font-size:11px;text-transform:uppercase;color:#56627a;letter-spacing:.04em}
.meeting ul{margin:4px 0 0;padding-left:16px}.meeting .outlets a{margin-right:6px}.dyad{font-weight:600;margin-top:12px}
.wrap{overflow-x:auto}table.matrix{border-collapse:collapse;background:#fff;table-layout:fixed}
table.matrix{width:max-content}table.matrix th,table.matrix td{border:1px solid #d5dbe5;padding:3px 4px;vertical-align:top;font-size:11px;width:102px;min-width:102px;max-width:102px;overflow-wrap:anywhere}
table.matrix th.topic{width:150px;min-width:150px;max-width:150px;position:sticky;left:0;background:#eef1f6;z-index:2}
table.matrix thead th{background:#eef1f6;text-align:left;font-weight:600}
.st{display:inline-block;font-weight:700;border-radius:4px;padding:0 5px;font-size:11px}
.st-new{background:#d8f5dd;color:#17612a}.st-reaffirmed{background:#d9ecfb;color:#0d4f86}
.st-dropped{background:#fde2e1;color:#9b1c1c}.st-fulfilled_as_reported{background:#efe0fb;color:#6a2296}
.st-not_restated{background:#f0f1f3;color:#7a8599;font-weight:400}
td.cell-not_restated{background:#fafbfc;color:#7a8599}td.cell-not_restated a{color:#7a8599}
.item{margin-top:4px}.item summary{cursor:pointer;list-style:none}.item summary::-webkit-details-marker{display:none}
.item .full{margin:4px 0 0;padding:4px 6px;background:#f6f7f9;border-radius:4px}.item .full a{display:block}
.side{font-weight:700;color:#56627a}.src{color:#56627a;font-size:11px}
.flag{display:inline-block;border-radius:3px;padding:0 4px;font-size:10px;font-weight:700;margin-left:3px}
.flag-not_english{background:#fff3bf;color:#8a5a00;border:1px dashed #c99a00}.flag-ungrounded{background:#fde2e1;color:#9b1c1c}
.item.flagged summary{font-style:italic}.note{color:#56627a;font-style:italic;display:block;margin-top:2px}
.hidden{display:none!important}
.record{background:#fff;border:1px solid #d5dbe5;border-radius:8px;margin:12px 0;padding:0}
.record h3{margin:0;padding:8px 12px;font-size:14px;border-bottom:1px solid #d5dbe5;background:#fafbfc}
.record .cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
.source{white-space:pre-wrap;font:12px/1.55 ui-monospace,SFMono-Regular,Menlo,monospace;padding:10px 12px;
max-height:420px;overflow:auto;border-right:1px solid #d5dbe5}
mark{border-radius:2px;padding:0 1px;cursor:pointer}mark.commitment{background:#ffe58f}
mark.position{background:#c7e3ff}mark.participant{background:#d4f7d4}mark.multi{background:#ffc9a8}
.focus{outline:3px solid #d9480f}ol.items{margin:0;padding:8px 12px 8px 30px;font-size:12px;
max-height:420px;overflow:auto}ol.items li{margin-bottom:5px}ol.items li.focus{background:#fff3bf}
.tag{font-size:11px;font-weight:700;text-transform:uppercase;color:#56627a}.legend mark{cursor:default}
.warn{color:#9b1c1c}footer{padding:10px 24px 30px;color:#56627a;font-size:12px}
"""

_JS = """
document.addEventListener('click',function(e){
  var t=e.target.closest('[data-ev]');if(!t||e.target.closest('summary'))return;
  var ids=t.getAttribute('data-ev').split(' ');
  document.querySelectorAll('.focus').forEach(function(n){n.classList.remove('focus')});
  var first=null;
  ids.forEach(function(id){
    document.querySelectorAll('[data-item~="'+id+'"]').forEach(function(n){n.classList.add('focus');if(!first&&n.tagName==='MARK')first=n;});
    var li=document.getElementById('li-'+id);if(li)li.classList.add('focus');
  });
  if(first){e.preventDefault();first.scrollIntoView({block:'center',behavior:'smooth'});}
});
function applyFilters(){
  var topic=document.getElementById('f-topic').value, side=document.getElementById('f-side').value;
  var quiet=document.getElementById('f-quiet').checked;
  document.querySelectorAll('tr[data-topic]').forEach(function(row){
    var show=(!topic||row.getAttribute('data-topic')===topic)&&(!side||(' '+row.getAttribute('data-sides')+' ').indexOf(' '+side+' ')>=0);
    row.classList.toggle('hidden',!show);
    row.querySelectorAll('.item[data-actors]').forEach(function(it){
      it.classList.toggle('hidden',!!side&&(' '+it.getAttribute('data-actors')+' ').indexOf(' '+side+' ')<0);});
    row.querySelectorAll('td.cell-not_restated').forEach(function(td){td.classList.toggle('muted',quiet);
      Array.prototype.forEach.call(td.children,function(c){c.classList.toggle('hidden',quiet);});});
  });
}
['f-topic','f-side','f-quiet'].forEach(function(id){var n=document.getElementById(id);if(n)n.addEventListener('change',applyFilters);});
// A link can carry the filters: report.html#side=KAZ&topic=trade_investment&quiet=1
(function(){var h=location.hash.replace(/^#/,'');if(h.indexOf('=')<0||!document.getElementById('f-topic'))return;
  h.split('&').forEach(function(kv){var p=kv.split('='),v=decodeURIComponent(p[1]||'');
    if(p[0]==='topic')document.getElementById('f-topic').value=v;if(p[0]==='side')document.getElementById('f-side').value=v;
    if(p[0]==='quiet')document.getElementById('f-quiet').checked=v==='1';});
  applyFilters();})();
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
            start, end = ev.start, ev.end
            inside = 0 <= start < end <= len(raw)
            if not inside or raw[start:end] != ev.text:
                # a page's evidence indexes the page's HTML source; the report shows the text read from it
                found = _nearest_occurrence(raw, ev.text, start) if ev.text else None
                if found is not None:
                    start, end = found, found + len(ev.text)
                elif not inside:
                    warnings.append(f"{kind} {i}: offsets [{start}:{end}] outside the text")
                    continue
                else:
                    warnings.append(f"{kind} {i}: text at [{start}:{end}] differs from the evidence")
            out.append((start, end, kind, _item_id(rid, kind, i), label))
    return out, warnings


def _nearest_occurrence(raw: str, text: str, near: int) -> int | None:
    hits = [m.start() for m in re.finditer(re.escape(text), raw)]
    return min(hits, key=lambda h: abs(h - near)) if hits else None


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
    """Timelines: one per pair of states that met (a meeting of several states is on each of its pairs'),
    and one per state for a meeting with only one (an interview)."""
    if comparison.filters.get("dyad"):
        return [(str(comparison.filters["dyad"]), comparison.meetings)]
    from .vocab import ORGANISATIONS

    seen: dict[str, list] = {}
    for m in comparison.meetings:
        states = sorted({a for a in m.actors if a not in ORGANISATIONS})
        pairs = [f"{a}-{b}" for a, b in itertools.combinations(states, 2)] or states or ["—"]
        for pair in pairs:
            seen.setdefault(pair, []).append(m)
    return sorted(seen.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _short(text: str, limit: int = 72) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _flags_html(flags: list[str]) -> str:
    return "".join(f'<span class="flag flag-{escape(f)}" title="{escape(FLAG_LABEL.get(f, f))}">'
                   f'{escape(FLAG_LABEL.get(f, f))}</span>' for f in flags)


def _item_html(it) -> str:
    """One statement: its side, a short text (the full text and the other outlets' wording on demand)."""
    e = escape
    every = (it, *it.also)
    ev = " ".join(_item_id(x.record, x.kind, x.index) for x in every)
    outlets = ", ".join(dict.fromkeys(_short(x.source or x.record, 14) for x in every))
    full = "".join(f'<a href="#r-{e(x.record)}" data-ev="{e(_item_id(x.record, x.kind, x.index))}">'
                   f'<span class="src">{e(x.source or x.record)}:</span> {e(x.text)}{_flags_html(x.flags)}</a>'
                   for x in every)
    flagged = " flagged" if it.flags else ""
    text = it.text.strip() or (f"«{it.evidence[0].text}»" if it.evidence else "")  # no text: its evidence
    return (f'<details class="item{flagged}" data-actors="{e(" ".join(it.actors))}" data-ev="{e(ev)}"><summary>'
            f'<span class="side">{e("+".join(it.actors))}</span> {e(_short(text))}{_flags_html(it.flags)} '
            f'<span class="src">({e(outlets)})</span></summary><div class="full">{full}</div></details>')


def to_html(comparison: Comparison, records: list[Record], texts: dict[str, str]) -> str:
    """The self-contained report; ``texts`` maps record ids to raw article text (see ``compare.load_articles``)."""
    by_id = {record_id(r): r for r in records}
    meeting_of = {m.id: m for m in comparison.meetings}
    records_of: dict[str, list] = {}
    for rv in comparison.records:
        records_of.setdefault(rv.meeting, []).append(rv)
    e = escape
    filt = ", ".join(f"{k} = {'+'.join(v) if isinstance(v, list) else v}" for k, v in comparison.filters.items() if v)
    out = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
           f"<title>{e('Commitments across meetings' + (' — ' + filt if filt else ''))}</title>",
           f"<style>{_CSS}</style></head><body>",
           "<header><h1>Commitments across meetings</h1>",
           f"<p>{e(filt or 'no filter')} · {len(comparison.meetings)} meetings · {len(comparison.records)} articles · "
           f"{len(comparison.topics)} topics</p></header><main>"]

    sides = sorted({s for g in comparison.topics for s in g.sides})
    out.append('<div class="filters"><span><label for="f-topic">Topic</label> <select id="f-topic">'
               '<option value="">all topics</option>'
               + "".join(f'<option value="{e(g.key)}">{e(g.label)}</option>' for g in comparison.topics)
               + '</select></span><span><label for="f-side">Side</label> <select id="f-side">'
               '<option value="">all sides</option>'
               + "".join(f'<option value="{e(s)}">{e(s)}</option>' for s in sides)
               + '</select></span><span><label><input type="checkbox" id="f-quiet"> hide "not restated"</label></span>'
               '<span>Each statement is shown once; a later cell points back at it · click an item for its '
               'full text and every outlet\'s wording</span></div>')

    out.append('<h2 id="topics">Commitments by topic and meeting</h2>')
    if not comparison.topics:
        out.append("<p>No commitments match the filters.</p>")
    else:
        labels = {m.id: m.label or _meeting_title(m) for m in comparison.meetings}
        out.append('<div class="wrap"><table class="matrix"><thead><tr><th class="topic">topic</th>')
        out += [f'<th><a href="#m-{e(m.id)}">{e(m.date or "undated")}</a><br>{e((m.label or "").split(" ", 1)[-1])}'
                f'</th>' for m in comparison.meetings]
        out.append("</tr></thead><tbody>")
        for group in comparison.topics:
            cells = {c.meeting: c for c in group.cells}
            out.append(f'<tr data-topic="{e(group.key)}" data-sides="{e(" ".join(group.sides))}">'
                       f'<th class="topic">{e(group.label)}<br><span class="tag">{e(", ".join(group.parties))}</span>'
                       f'</th>')
            for m in comparison.meetings:
                cell = cells.get(m.id)
                if cell is None:
                    out.append("<td></td>")
                    continue
                cid = f"c-{group.key}-{m.id}"
                if cell.status == "not_restated":
                    back = f"c-{group.key}-{cell.last_stated}"
                    out.append(f'<td class="cell-not_restated" id="{e(cid)}"><span class="st st-not_restated">'
                               f'not restated</span> <a href="#{e(back)}" title="{e(cell.note or "")}">← '
                               f'{e(labels.get(cell.last_stated or "", ""))}</a></td>')
                    continue
                items = "".join(_item_html(it) for it in cell.items)
                note = f'<span class="note">{e(cell.note)}</span>' if cell.note else ""
                out.append(f'<td class="cell-{e(cell.status)}" id="{e(cid)}"><span class="st st-{e(cell.status)}">'
                           f'{e(STATUS_LABEL[cell.status])}</span>{note}{items}</td>')
            out.append("</tr>")
        out.append("</tbody></table></div>")

    out.append('<h2 id="timeline">Timeline of meetings</h2>')
    for dyad, meetings in _dyads(comparison):
        out.append(f'<div class="dyad">{e(dyad)}</div><div class="timeline">')
        for m in meetings:
            people = "".join(f'<li>{e(p.name)} <span class="src">{e(p.role or p.actor)}</span></li>' for p in m.participants)
            also = "".join(f"<li>{e(p.name)} — {e(p.role or p.actor)} (mentioned)</li>" for p in m.mentioned)
            forum = f"<div>{e(m.forum)}</div>" if m.forum else ""
            dated = "" if m.date_source == "text" else f' <span class="src">(date: {e(m.date_source)})</span>'
            rids = records_of.get(m.id, [])
            outlets = "".join(f'<a href="#r-{e(rv.id)}">{e(rv.outlet or rv.id)}</a>' for rv in rids)
            out.append(f'<div class="meeting" id="m-{e(m.id)}" data-meeting="{e(m.id)}">'
                       f'<div class="date">{e(m.date or "undated")}{dated}</div>'
                       f'<div class="kind">{e(m.kind.replace("_", " "))} · {e(m.place or m.mode)}</div>{forum}'
                       f'<ul>{people}{also}</ul><div class="outlets">{len(m.records)} article(s): {outlets}</div>'
                       f'</div>')
        out.append("</div>")

    out.append('<h2 id="sources">Sources with evidence</h2><p class="legend">'
               '<mark class="commitment">commitment</mark> <mark class="position">position</mark> '
               '<mark class="participant">participant</mark> <mark class="multi">several items</mark> '
               '— click a highlight or an item to find it.</p>')
    for rv in comparison.records:
        record = by_id.get(rv.id)
        raw = texts.get(rv.id)
        title = rv.title or rv.source or rv.id
        meta = " · ".join(x for x in (rv.outlet, rv.date or rv.published, rv.url) if x)
        out.append(f'<section class="record" id="r-{e(rv.id)}" data-record="{e(rv.id)}"><h3>{e(title)}'
                   f' <span class="tag">{e(_meeting_title(meeting_of[rv.meeting]) if rv.meeting else "")}'
                   f' · {e(meta)}</span></h3><div class="cols">')
        if record is None or raw is None:
            out.append('<div class="source warn">The article text is not available (not in the store and its '
                       'source file cannot be read; pass the batch input with --inputs).</div>')
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
