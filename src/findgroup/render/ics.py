"""Groups' meetings as an RFC 5545 calendar: one recurring event per meeting, with VTIMEZONE.

Catalogue text is cleaned of escape sequences and control or direction characters before it
goes in, as in every other output: a calendar is often printed to a terminal first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from findgroup import __version__
from findgroup.model import Group, Meeting
from findgroup.safe_text import clean, clean_line
from findgroup.schedule import next_occurrence, rule_text, zone


def _until_utc(meeting: Meeting) -> dt.datetime | None:
    if meeting.until is None:
        return None
    local_end = dt.datetime.combine(
        meeting.until, dt.time(23, 59, 59), tzinfo=zone(meeting.timezone)
    )
    return local_end.astimezone(dt.UTC)


def _description(group: Group, meeting: Meeting) -> str:
    lines = [group.description or group.name]
    if meeting.notes:
        lines.append(meeting.notes)
    if meeting.join and (meeting.join.url or meeting.join.phone):
        lines.append("Join: " + (meeting.join.url or meeting.join.phone or ""))
    if group.url:
        lines.append(f"More: {group.url}")
    lines.append("Check with the organiser before you go; times can change.")
    return clean("\n".join(lines))


def calendar(groups: Sequence[Group], now: dt.datetime) -> str:
    """An iCalendar text with every meeting of `groups` that still has dates after `now`."""
    from icalendar import Calendar, Event, vRecur

    cal = Calendar()
    cal.add("prodid", f"-//findgroup//findgroup {__version__}//EN")
    cal.add("version", "2.0")
    for group in groups:
        for n, meeting in enumerate(group.meetings, 1):
            start = next_occurrence(meeting, now)
            if start is None:
                continue
            event = Event()
            event.add("uid", clean_line(f"{group.id}-{n}@findgroup"))
            event.add("dtstamp", now.astimezone(dt.UTC))
            event.add("summary", clean_line(group.name))
            event.add("dtstart", start)
            event.add("duration", dt.timedelta(minutes=meeting.duration))
            rule = vRecur.from_ical(rule_text(meeting))
            until = _until_utc(meeting)
            if until is not None:
                rule["UNTIL"] = [until]
            event.add("rrule", rule)
            if meeting.location is not None:
                event.add("location", clean_line(meeting.location.summary()))
            elif meeting.join is not None and (meeting.join.url or meeting.join.phone):
                event.add("location", clean_line(meeting.join.url or meeting.join.phone or ""))
            if meeting.join is not None and meeting.join.url:
                event.add("url", meeting.join.url)
            elif group.url:
                event.add("url", group.url)
            event.add("description", _description(group, meeting))
            cal.add_component(event)
    cal.add_missing_timezones(first_date=now.date() - dt.timedelta(days=366))
    text: str = cal.to_ical().decode("utf-8")
    return text
