"""Human-readable views of a Record (Markdown). JSON is the Record itself."""

from __future__ import annotations

from .schema import Record


def _where(evidence: list) -> str:
    if not evidence:
        return "—"
    first = evidence[0]
    return f"[{first.start}:{first.end}]"


def to_markdown(record: Record) -> str:
    lines: list[str] = []
    title = record.article.title or record.article.source or "Article"
    lines.append(f"# {title}")
    meeting = record.meeting
    if meeting:
        lines.append("")
        lines.append(f"- **Meeting**: {meeting.kind} (PLOVER {meeting.plover}/{meeting.mode})")
        lines.append(f"- **Date**: {meeting.date or 'unknown'} ({meeting.date_precision})")
        lines.append(f"- **Place**: {meeting.place or 'unknown'}")
        if meeting.forum:
            lines.append(f"- **Forum**: {meeting.forum}")
    if record.summary:
        lines += ["", "## Summary", "", record.summary.text]
    if record.participants:
        lines += ["", "## Participants", "", "| name | role | actor | grounding | evidence |", "|---|---|---|---|---|"]
        for p in record.participants:
            lines.append(f"| {p.name} | {p.role} | {p.actor} | {p.grounding} | {_where(p.evidence)} |")
    if record.commitments:
        lines += ["", "## Commitments", "", "| actors | targets | modality | category | text | evidence |",
                  "|---|---|---|---|---|---|"]
        for c in record.commitments:
            lines.append(f"| {'+'.join(c.actors)} | {'+'.join(c.targets) or '—'} | {_label(c.modality)} | "
                         f"{_label(c.category)} | {_text(c.text, c.flags)} | {_where(c.evidence)} |")
    if record.positions:
        lines += ["", "## Positions", "", "| holder | stance | topic | statement | evidence |", "|---|---|---|---|---|"]
        for p in record.positions:
            lines.append(f"| {p.holder} | {_label(p.stance)} | {p.topic} | {_text(p.statement, p.flags)} | "
                         f"{_where(p.evidence)} |")
    if record.flags:
        lines += ["", "## Flags", ""] + [f"- {flag}" for flag in record.flags]
    if record.provenance:
        u = record.provenance.usage
        lines += ["", f"_{record.provenance.backend}/{record.provenance.model}, prompt {record.provenance.prompt_version},"
                      f" schema {record.provenance.schema_hash}; {u.calls} calls, {u.attempts} attempts, "
                      f"{u.prompt_tokens} prompt + {u.completion_tokens} generated tokens, {u.seconds:.1f} s_"]
    return "\n".join(lines) + "\n"


def _label(value: object) -> str:
    """An enum's value ("AGREE"), whether the record holds the member or its value."""
    return str(getattr(value, "value", value))


def _text(text: str, flags: list[str]) -> str:
    """The item's English text, or — where there is none — why, so a flagged item is visible as such."""
    if text:
        return text
    return f"_(no text: {flags[0][:80]})_" if flags else "_(no text)_"
