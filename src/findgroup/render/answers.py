"""A search's answers in the chosen format: one dispatch for table, JSON, JSONL and CSV.

Each format returns the text for stdout and the lines for stderr; crisis lines go first
on a table's stdout, and to stderr in the machine formats so pipelines stay clean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from findgroup.search import Answer, Found, quoted


class Options(NamedTuple):
    """How to show a search: tagged with each query (stdin), explained, coloured, in a zone."""

    tagged: bool
    explain: bool
    color: bool
    tz: ZoneInfo
    today: dt.date


class Rendered(NamedTuple):
    """The text for stdout and the lines for stderr."""

    stdout: str
    stderr: list[str]


def _records(found: Found, options: Options) -> tuple[list[dict[str, Any]], list[str]]:
    from findgroup.crisis import message
    from findgroup.dates import is_stale
    from findgroup.render.records import result_record

    records: list[dict[str, Any]] = []
    stderr = list(found.notes)
    for answer in found.answers:
        if answer.lines or answer.at_risk:
            intro = [f"For {quoted(answer.text)}:"] if options.tagged else []
            block = message(answer.lines, at_risk=answer.at_risk).rstrip("\n")
            stderr.append("\n".join([*intro, block]))
        stderr += answer.notes
        records += [
            result_record(
                r,
                answer.text if options.tagged else None,
                stale=is_stale(r.group.last_verified, options.today),
                feedback=found.feedback.get(r.ref),
                origin=found.origins.get(r.ref),
            )
            for r in answer.results
        ]
    return records, stderr


def as_json(found: Found, options: Options) -> Rendered:
    """A JSON array of result records (`[]` when nothing was found)."""
    from findgroup.render import data

    records, stderr = _records(found, options)
    return Rendered(data.as_json(records), stderr)


def as_jsonl(found: Found, options: Options) -> Rendered:
    """One JSON record a line."""
    from findgroup.render import data

    records, stderr = _records(found, options)
    return Rendered(data.as_jsonl(records), stderr)


def as_csv(found: Found, options: Options) -> Rendered:
    """A header and one row per group."""
    from findgroup.render import data

    records, stderr = _records(found, options)
    return Rendered(data.as_csv(records, with_query=options.tagged), stderr)


def as_table(found: Found, options: Options) -> Rendered:
    """Numbered blocks for a person, crisis lines first and last when words suggest risk."""
    stderr = list(found.notes)
    sections = []
    for answer in found.answers:
        stderr += answer.notes
        section = _section(answer, found, options)
        if section:
            sections.append(section)
    return Rendered("\n".join(sections), stderr)


def _section(answer: Answer, found: Found, options: Options) -> str:
    from findgroup.render.table import render

    body = ""
    if answer.results:
        body = render(
            answer.results,
            found.topics,
            found.audiences,
            options.tz,
            options.today,
            explain=options.explain,
            color=options.color,
            origins=found.origins,
        )
        for where in sorted({f for r in answer.results if (f := found.feedback.get(r.ref))}):
            body += f"Something wrong or out of date? Tell us: {where}\n"
    if answer.at_risk:
        from findgroup.crisis import message, reminder

        lines = answer.lines
        body = message(lines) + ("\n" + body + reminder(lines) + "\n" if body else "")
    elif answer.lines:
        from findgroup.crisis import message

        body = message(answer.lines, at_risk=False) + ("\n" + body if body else "")
    if options.tagged and body:
        body = f"== {answer.text}\n" + body
    return body


FORMATS: dict[str, Callable[[Found, Options], Rendered]] = {
    "table": as_table,
    "json": as_json,
    "jsonl": as_jsonl,
    "csv": as_csv,
}


def render(found: Found, fmt: str, options: Options) -> Rendered:
    """The answers in `fmt` (one of FORMATS)."""
    return FORMATS[fmt](found, options)
