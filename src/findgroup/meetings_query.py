"""Which meetings pass the meeting filters, asked of the store's meeting columns.

Format, country, day and time filters run in SQL. A weekly meeting's day and time in the
reader's zone, and how many minutes until it next starts, follow from its own weekday and
start minute and the two zones' offsets; that is exact while neither zone changes its clocks
in the week ahead. Every other meeting (fortnightly, monthly, an rrule, one with a first or
last date near, or in a zone about to change its clocks) is settled from its record with
the schedule's own rules, and only for the meetings the query could not rule out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from findgroup.filters import Filters
from findgroup.index import SHIFT, Index
from findgroup.model import FORMATS
from findgroup.store_rows import country_number

WEEK = 7 * 1440
ONLINE = tuple(FORMATS.index(f) for f in ("online", "hybrid", "phone"))
IN_PERSON = tuple(FORMATS.index(f) for f in ("in-person", "hybrid"))
_AHEAD = dt.timedelta(days=8)  # how far a weekly meeting's next start can be


class Slot(NamedTuple):
    """A meeting as its columns describe it, and when it next starts if that is known."""

    ref: int
    k: int  # which meeting of the group
    fmt: int
    country: int
    minutes: int | None  # minutes from now (rounded up) to its next start, when settled
    settled: bool


def _offset(zone: ZoneInfo, moment: dt.datetime) -> int:
    found = moment.astimezone(zone).utcoffset()
    return int(found.total_seconds() // 60) if found is not None else 0


def _steady(zone: ZoneInfo, now: dt.datetime) -> bool:
    """True when the zone keeps one UTC offset from now through the week ahead."""
    first = _offset(zone, now)
    return all(_offset(zone, now + dt.timedelta(hours=h)) == first for h in range(0, 193, 6))


@lru_cache(maxsize=1024)
def _zone_facts(name: str, now: dt.datetime, tz: ZoneInfo) -> tuple[int, bool]:
    """A zone's shift to the reader's clock now, and whether both keep their offsets all week.

    Kept per zone for the search (every file of a catalogue shares its zones).
    """
    zone = ZoneInfo(name)
    shift = _offset(tz, now) - _offset(zone, now)
    return shift, _steady(tz, now) and _steady(zone, now)


class Plan(NamedTuple):
    """One file's query: its condition, parameters, and each zone's shift and steadiness."""

    where: str
    params: list[object]
    shifts: dict[int, int]  # zone index -> minutes to add to reach the reader's clock
    steady: frozenset[int]


def plan(filters: Filters, zones: list[str], now: dt.datetime, tz: ZoneInfo) -> Plan:
    """The SQL condition on one file's meeting columns for these filters."""
    shifts, steady = {}, set()
    for i, name in enumerate(zones):
        shifts[i], is_steady = _zone_facts(name, now, tz)
        if is_steady:
            steady.add(i)
    conditions: list[str] = ["1"]
    params: list[object] = []
    if filters.online:
        conditions.append(f"fmt IN ({', '.join(map(str, ONLINE))})")
    if filters.in_person:
        conditions.append(f"fmt IN ({', '.join(map(str, IN_PERSON))})")
    if filters.country:
        conditions.append(f"NOT (fmt = {FORMATS.index('in-person')} AND country NOT IN (0, ?))")
        params.append(country_number(filters.country))
    exact = [i for i in sorted(steady)]
    timed = _timing(filters, now, tz, shifts)
    if timed and exact:
        # rows the columns settle must meet the timing; others are checked one by one
        zone_list = ", ".join(map(str, exact))
        conditions.append(f"(rule = 3 OR tz NOT IN ({zone_list}) OR ({timed[0]}))")
        params += timed[1]
    return Plan(" AND ".join(conditions), params, shifts, frozenset(steady))


def _reader_minute(shifts: dict[int, int]) -> str:
    """SQL for a meeting's minute of the week on the reader's clock."""
    cases = " ".join(f"WHEN {i} THEN {d}" for i, d in shifts.items())
    shift = f"(CASE tz {cases} ELSE 0 END)" if cases else "0"
    return f"(((weekday * 1440 + minute + {shift}) % {WEEK} + {WEEK}) % {WEEK})"


def minutes_from(now: dt.datetime, tz: ZoneInfo, when: dt.datetime) -> int:
    """Whole minutes from now (rounded up to the minute) to a start, as slots count them."""
    ceil, _minute = _now_minute(now, tz)
    return int((when - ceil).total_seconds() // 60)


def _now_minute(now: dt.datetime, tz: ZoneInfo) -> tuple[dt.datetime, int]:
    """Now rounded up to the minute on the reader's clock, and its minute of the week."""
    local = now.astimezone(tz)
    ceil = local.replace(second=0, microsecond=0)
    if ceil < local:
        ceil += dt.timedelta(minutes=1)
    return ceil, ceil.weekday() * 1440 + ceil.hour * 60 + ceil.minute


def _timing(
    filters: Filters, now: dt.datetime, tz: ZoneInfo, shifts: dict[int, int]
) -> tuple[str, list[object]] | None:
    """SQL for the day, time and soon filters of a meeting whose columns settle it."""
    when = _reader_minute(shifts)
    parts: list[str] = []
    params: list[object] = []
    if filters.days:
        parts.append(f"{when} / 1440 IN ({', '.join('?' * len(filters.days))})")
        params += sorted(filters.days)
    if filters.after is not None:
        parts.append(f"{when} % 1440 >= ?")
        params.append(filters.after.hour * 60 + filters.after.minute)
    if filters.before is not None:
        parts.append(f"{when} % 1440 <= ?")
        params.append(filters.before.hour * 60 + filters.before.minute)
    if filters.soon_hours is not None:
        _ceil, minute = _now_minute(now, tz)
        parts.append(f"((({when} - ?) % {WEEK}) + {WEEK}) % {WEEK} <= ?")
        params += [minute, int(filters.soon_hours * 60)]
    return (" AND ".join(parts), params) if parts else None


def slots(index: Index, filters: Filters, now: dt.datetime, tz: ZoneInfo) -> list[Slot]:
    """Every meeting the query cannot rule out, in catalogue order."""
    out: list[Slot] = []
    _ceil, now_minute = _now_minute(now, tz)
    today = now.astimezone(tz).date().toordinal()
    for n, f in enumerate(index.files):
        if not f.info["meetings"]:
            continue
        index.store.check_meetings(f.id, f.info["meetings"])
        zones = f.info["zones"]
        query = plan(filters, zones, now, tz)
        rows = index.store.meetings(f.id, query.where, query.params)
        for ord_, k, fmt, weekday, minute, zone, _duration, rule, until, start, *rest in rows:
            ref = n << SHIFT | ord_
            if ref in index.dropped:
                continue
            settled = (
                rule == 0
                and zone in query.steady
                and (until == 0 or until > today + 8)
                and (start == 0 or start < today - 1)
            )
            minutes = None
            if settled:
                mine = ((weekday * 1440 + minute + query.shifts[zone]) % WEEK + WEEK) % WEEK
                minutes = (mine - now_minute) % WEEK
            out.append(Slot(ref, k, fmt, rest[-1], minutes, settled))
    return out


def by_group(found: Iterable[Slot]) -> dict[int, list[Slot]]:
    """The slots of each group."""
    out: dict[int, list[Slot]] = {}
    for slot in found:
        out.setdefault(slot.ref, []).append(slot)
    return out
