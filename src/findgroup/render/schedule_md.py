"""A printable weekly schedule of search results, in Markdown (`--format md`).

The next seven days of meetings in the reader's time, day by day, then the groups that list
no times with how to find them. For people who want a list on paper or in a note.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from findgroup.model import Group, Meeting
from findgroup.rank import Result
from findgroup.safe_text import clean_line
from findgroup.schedule import next_occurrence

DAYS_AHEAD = 7


def schedule(results: list[Result], title: str, now: dt.datetime, tz: ZoneInfo) -> str:
    """The results' meetings of the coming week, and the groups without times."""
    rows: list[tuple[dt.datetime, Group, Meeting]] = []
    without: list[Group] = []
    end = now + dt.timedelta(days=DAYS_AHEAD)
    for result in results:
        group = result.group
        meetings = [m for m, _w in result.meetings] or list(group.meetings)
        if not meetings:
            without.append(group)
            continue
        for meeting in meetings:
            when = next_occurrence(meeting, now)
            while when is not None and when < end:
                rows.append((when, group, meeting))
                when = next_occurrence(meeting, when + dt.timedelta(minutes=1))
    out = [f"# {_cell(title)}", "", f"Times are {tz.key} time. Made {now.astimezone(tz):%d %b %Y}."]
    day = None
    for when, group, meeting in sorted(rows, key=lambda r: (r[0], r[1].name)):
        local = when.astimezone(tz)
        if local.date() != day:
            day = local.date()
            out += [
                "",
                f"## {local:%A %d %B}",
                "",
                "| Time | Group | How to join |",
                "|---|---|---|",
            ]
        out.append(f"| {local:%H:%M} | {_cell(group.name)} | {_cell(_join(meeting))} |")
    if without:
        out += ["", "## Times not listed", "", "| Group | How to find times |", "|---|---|"]
        for group in without:
            how = group.schedule_note or "Ask the group."
            link = group.finder_url or group.url
            out.append(f"| {_cell(group.name)} | {_cell(how + (f' {link}' if link else ''))} |")
    if not rows and not without:
        out += ["", "Nothing this week."]
    return "\n".join(out) + "\n"


def _join(meeting: Meeting) -> str:
    parts = [meeting.format]
    if meeting.location is not None:
        parts.append(meeting.location.summary())
    if meeting.join is not None:
        parts.append(meeting.join.url or meeting.join.phone or "")
    return ", ".join(p for p in parts if p)


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell (and on a terminal)."""
    return clean_line(text).replace("|", "\\|")
