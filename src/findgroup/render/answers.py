"""A search's answers in the chosen format: one dispatch for table, JSON, JSONL and CSV.

Each format returns the text for stdout and the lines for stderr; crisis lines go first
on a table's stdout, and to stderr in the machine formats so pipelines stay clean.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from findgroup.search import Answer, Found, quoted


class Options(NamedTuple):
    """How to show a search: tagged with each query (stdin), explained, coloured, in a zone.

    `width` is the screen's; `long` shows full blocks instead of cards; `ordered` says whom
    the results are ordered for ("GB first", "nearest Sheffield first"); `narrowed` is true
    when --country or --near was given.
    """

    tagged: bool
    explain: bool
    color: bool
    tz: ZoneInfo
    today: dt.date
    width: int = 80
    long: bool = False
    ordered: str = ""
    narrowed: bool = False
    now: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # for --format md's week
    height: int = 0  # a terminal's rows: show the cards that fit (0: all of them)


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
    lines: list[str] = []
    if answer.results:
        lines = _results(answer, found, options, options.height - 1 if options.height else 0)
        places = {f for r in answer.results if (f := found.feedback.get(r.ref)) is not None}
        lines += [f"Something wrong or out of date? Tell us: {w}" for w in sorted(places)]
    if answer.at_risk or answer.lines:
        from findgroup.crisis import message, reminder

        block = _emphasised(message(answer.lines, at_risk=answer.at_risk), options)
        if lines and options.height:
            room = options.height - len(block) - 3  # a blank line, the reminder, the prompt
            lines = _results(answer, found, options, room)
        if answer.at_risk and lines:
            lines += [*_emphasised(reminder(answer.lines), options)]
        lines = block + ([""] if lines else []) + lines
    if options.tagged and lines:
        lines.insert(0, f"== {answer.text}")
    return "".join(f"{line}\n" for line in lines)


def _results(answer: Answer, found: Found, options: Options, room: int = 0) -> list[str]:
    """The header, the cards (or the full blocks with --long) and what to do next.

    With `room` (a terminal's rows), only as many cards as fit, at least one.
    """
    from findgroup.render import cards

    shown = len(answer.results)
    if room and not options.long:
        shown = _fitting(answer, found, options, room)
    general = sum(r.general for r in answer.results)
    answer = answer._replace(results=answer.results[:shown])
    ordered = f"{answer.country_named} first" if answer.country_named else options.ordered
    head = cards.header(answer.total, shown, answer.understood, answer.text, ordered, general)
    lines = [*cards.wrap(head, options.width, "", ""), ""]
    from findgroup.render.table import blocks

    layout = blocks if options.long else cards.cards
    lines += layout(
        answer.results,
        found.topics,
        found.audiences,
        options.tz,
        options.today,
        options.width,
        color=options.color,
        explain=options.explain,
        origins=found.origins,
    )
    lines += cards.wrap(cards.closing(answer.total, shown, options.narrowed), options.width, "", "")
    return lines


def _fitting(answer: Answer, found: Found, options: Options, room: int) -> int:
    """How many cards fit in `room` lines with the header and the closing line."""
    from findgroup.render import cards

    for count in range(len(answer.results), 0, -1):
        body = cards.cards(answer.results[:count], found.topics, found.audiences, options.tz,
                           options.today, options.width)  # fmt: skip
        rows = sum(max(1, -(-len(line) // options.width)) for line in body)  # long URLs wrap
        if rows + 4 <= room:  # the header, a blank line, the closing line (two lines)
            return count
    return 1


def _emphasised(text: str, options: Options) -> list[str]:
    """Crisis lines wrapped to the screen, bold on a terminal that takes colour."""
    from findgroup.render.cards import wrap

    out: list[str] = []
    for line in text.rstrip("\n").splitlines():
        indent = "  " if line.startswith("  ") else ""
        out += wrap(line, options.width, indent, indent + "  ")
    if options.color:
        out = [f"\x1b[1m{line}\x1b[0m" for line in out]
    return out


def as_md(found: Found, options: Options) -> Rendered:
    """A printable weekly schedule of each query's results (crisis lines on stderr)."""
    from findgroup.render.schedule_md import schedule

    records, stderr = _records(found, options)  # the notes and crisis lines, as machine formats
    del records
    pages = []
    for answer in found.answers:
        if answer.results:
            title = "Groups for " + (
                " and ".join(answer.understood) or answer.text or "your filters"
            )
            pages.append(schedule(answer.results, title, options.now, options.tz))
    return Rendered("\n".join(pages), stderr)


FORMATS: dict[str, Callable[[Found, Options], Rendered]] = {
    "table": as_table,
    "md": as_md,
    "json": as_json,
    "jsonl": as_jsonl,
    "csv": as_csv,
}


def render(found: Found, fmt: str, options: Options) -> Rendered:
    """The answers in `fmt` (one of FORMATS)."""
    return FORMATS[fmt](found, options)
