"""When meetings happen: a meeting's recurrence as an RFC 5545 rule, and its next dates.

Every recurrence is expanded by python-dateutil on naive wall-clock times in the meeting's
own zone, then given that zone, so a 19:00 meeting stays at 19:00 through daylight-saving
changes. The clock is always passed in. dateutil is imported only when a rule needs it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

from findgroup.model import Meeting

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PROBE_START = dt.datetime(2026, 1, 5, 12, 0)


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name (cached)."""
    return ZoneInfo(name)


@lru_cache(maxsize=1024)
def rrule_problem(text: str) -> str | None:
    """Why an RRULE string cannot be used, or None when it is fine."""
    from dateutil import rrule as du

    body = text.strip().removeprefix("RRULE:")
    if "DTSTART" in body.upper():
        return "put the first date in 'from', not DTSTART inside rrule"
    try:
        rule = du.rrulestr(body, dtstart=_PROBE_START)
    except (ValueError, TypeError, KeyError) as exc:
        return f"{body!r} cannot be read: {exc}"
    if not isinstance(rule, du.rrule):
        return f"{body!r} must be a single rule"
    freq = re.search(r"FREQ=([A-Z]+)", body.upper())
    if not freq or freq.group(1) not in ("YEARLY", "MONTHLY", "WEEKLY", "DAILY"):
        return "rrule must repeat daily, weekly, monthly or yearly"
    # A rule with no dates at all would make every search hunt for one until the year 9999.
    # Asked yearly, with the same day filters, the hunt takes thousands of steps, not millions.
    yearly = rule.replace(freq=du.YEARLY, interval=1, count=None, until=None, bysetpos=None)
    if yearly.after(_PROBE_START, inc=True) is None:
        return f"{body!r} gives no date in ten years; check its BYMONTH and BYMONTHDAY"
    return None


def rule_text(meeting: Meeting) -> str:
    """The meeting's recurrence as an RRULE body (without DTSTART or UNTIL)."""
    if meeting.rrule:
        return meeting.rrule
    assert meeting.day is not None
    day = _BYDAY[meeting.day]
    if meeting.every == "month":
        weeks = meeting.weeks or (1,)
        return "FREQ=MONTHLY;BYDAY=" + ",".join(f"{w}{day}" for w in weeks)
    if meeting.every == "2 weeks":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    return f"FREQ=WEEKLY;BYDAY={day}"


def first_date(meeting: Meeting) -> dt.date | None:
    """The first real meeting date on or after `from` (None when there is no `from`)."""
    if meeting.start is None:
        return None
    from dateutil import rrule as du

    start = dt.datetime.combine(meeting.start, meeting.time)
    rule = du.rrulestr(rule_text(meeting), dtstart=start)
    first = rule.after(start, inc=True)
    return first.date() if first else None


def _anchor(meeting: Meeting, local_after: dt.datetime) -> dt.datetime:
    """A DTSTART close before `local_after` that keeps the rule's phase."""
    first = first_date(meeting)
    if meeting.every == "2 weeks" and not meeting.rrule:
        assert first is not None
        weeks = max(0, (local_after.date() - first).days // 14 - 1)
        return dt.datetime.combine(first + dt.timedelta(weeks=2 * weeks), meeting.time)
    if first is not None and (meeting.rrule and "INTERVAL" in meeting.rrule.upper()):
        return dt.datetime.combine(first, meeting.time)
    month_ago = (local_after.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    base = dt.datetime.combine(month_ago.date(), meeting.time)
    if first is not None:
        base = max(base, dt.datetime.combine(first, meeting.time))
    return base


def occurrences(meeting: Meeting, after: dt.datetime, count: int = 1) -> list[dt.datetime]:
    """The next `count` starts at or after `after` (aware), in the meeting's own zone."""
    tz = zone(meeting.timezone)
    local_after = after.astimezone(tz).replace(tzinfo=None)
    start = _anchor(meeting, local_after)
    until = dt.datetime.combine(meeting.until, dt.time(23, 59)) if meeting.until else None
    from dateutil import rrule as du

    rule = du.rrulestr(rule_text(meeting), dtstart=start)
    found: list[dt.datetime] = []
    for naive in rule.xafter(local_after, count=count, inc=True):
        if until is not None and naive > until:
            break
        if meeting.start is not None and naive.date() < meeting.start:
            continue
        found.append(_aware(naive, tz))
    return found


def next_occurrence(meeting: Meeting, after: dt.datetime) -> dt.datetime | None:
    """The next start at or after `after`, or None when the meeting has ended.

    Weekly, fortnightly and monthly meetings are worked out directly; an rrule by dateutil.
    Both give the same dates (tests/test_schedule.py compares them).
    """
    if meeting.rrule or meeting.day is None:
        found = occurrences(meeting, after, 1)
        return found[0] if found else None
    tz = zone(meeting.timezone)
    naive = _next_simple(meeting, after.astimezone(tz).replace(tzinfo=None))
    if naive is None:
        return None
    if meeting.until is not None and naive > dt.datetime.combine(meeting.until, dt.time(23, 59)):
        return None
    return _aware(naive, tz)


_WEEK = dt.timedelta(days=7)


def _next_simple(meeting: Meeting, after: dt.datetime) -> dt.datetime | None:
    """The first start at or after `after` (naive local time) of a meeting without an rrule."""
    assert meeting.day is not None
    at, day = meeting.time, meeting.day
    first = first_date(meeting) if meeting.start is not None else None
    if meeting.every == "2 weeks":
        assert first is not None
        start = dt.datetime.combine(first, at)
        if start >= after:
            return start
        steps = -(-(after - start) // (2 * _WEEK))
        return start + steps * 2 * _WEEK
    if meeting.every == "month":
        return _next_monthly(meeting, after, first)
    date = after.date()
    found = dt.datetime.combine(date + dt.timedelta(days=(day - date.weekday()) % 7), at)
    if found < after:
        found += _WEEK
    if first is not None and found.date() < first:
        found = dt.datetime.combine(first, at)
    return found


def _next_monthly(
    meeting: Meeting, after: dt.datetime, first: dt.date | None
) -> dt.datetime | None:
    assert meeting.day is not None
    year, month = after.year, after.month
    for _ in range(60):  # a 5th-weekday meeting skips months; none skips five years
        for date in sorted(_nth_weekdays(year, month, meeting.day, meeting.weeks or (1,))):
            found = dt.datetime.combine(date, meeting.time)
            if found >= after and (first is None or date >= first):
                return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _nth_weekdays(year: int, month: int, day: int, weeks: tuple[int, ...]) -> list[dt.date]:
    """The dates of the given weeks' weekday in a month (-1 is the last; a missing 5th is not)."""
    first = dt.date(year, month, 1)
    offset = (day - first.weekday()) % 7
    days = [first + dt.timedelta(days=offset + 7 * k) for k in range(5)]
    days = [d for d in days if d.month == month]
    out = []
    for week in weeks:
        if week == -1:
            out.append(days[-1])
        elif week <= len(days):
            out.append(days[week - 1])
    return out


def _aware(naive: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """Attach the zone; a wall time skipped by a spring-forward change moves an hour later."""
    aware = naive.replace(tzinfo=tz)
    round_trip = aware.astimezone(dt.UTC).astimezone(tz)
    return round_trip if round_trip.replace(tzinfo=None) != naive else aware
