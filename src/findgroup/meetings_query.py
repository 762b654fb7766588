"""Which meetings pass the meeting filters, asked of the store's meeting columns.

Format, country, day and time filters run in SQL. A weekly meeting's day and time in the
reader's zone, and how many minutes until it next starts, follow from its own weekday and
start minute and the two zones' offsets; that is exact while neither zone changes its clocks
in the week ahead. A monthly meeting's next start is the first of those weekly starts that
falls in one of its weeks of the month, settled the same way while neither zone changes its
clocks in the six weeks ahead. Every other meeting (fortnightly, an rrule, one with a first
or last date near, one whose next start is further off, or in a zone about to change its
clocks) is settled from its record with the schedule's own rules, and only for the meetings
the query could not rule out.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
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
LONG_WEEKS = 6  # how far ahead a monthly meeting's next start is settled from its columns
_WEEK_OF_MONTH = (1, 2, 4, 8, 16)  # bits of the weeks column (store_rows.week_mask)
_LAST_WEEK = 32


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


def _steady_weeks(zone: ZoneInfo, now: dt.datetime) -> int:
    """For how many weeks ahead (0, 1 or LONG_WEEKS) the zone keeps its UTC offset from now.

    A week counts with a day to spare; the offset is looked at every six hours.
    """
    first = _offset(zone, now)
    for h in range(0, 24 * (7 * LONG_WEEKS + 1) + 1, 6):
        if _offset(zone, now + dt.timedelta(hours=h)) != first:
            return 1 if h > 24 * 8 else 0
    return LONG_WEEKS


@lru_cache(maxsize=1024)
def _zone_facts(name: str, now: dt.datetime, tz: ZoneInfo) -> tuple[int, int]:
    """A zone's shift to the reader's clock now, and for how many weeks both keep their offsets.

    Kept per zone for the search (every file of a catalogue shares its zones).
    """
    zone = ZoneInfo(name)
    shift = _offset(tz, now) - _offset(zone, now)
    return shift, min(_steady_weeks(tz, now), _steady_weeks(zone, now))


class Plan(NamedTuple):
    """One file's query: its condition, parameters, and each zone's shift and steadiness."""

    where: str
    params: list[object]
    shifts: dict[int, int]  # zone index -> minutes to add to reach the reader's clock
    steady: frozenset[int]  # zones whose offsets (and the reader's) hold for a week
    steady_long: frozenset[int]  # ... and for LONG_WEEKS


def plan(filters: Filters, zones: list[str], now: dt.datetime, tz: ZoneInfo) -> Plan:
    """The SQL condition on one file's meeting columns for these filters."""
    shifts, steady, steady_long = {}, set(), set()
    for i, name in enumerate(zones):
        shifts[i], weeks = _zone_facts(name, now, tz)
        if weeks:
            steady.add(i)
        if weeks == LONG_WEEKS:
            steady_long.add(i)
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
        # rows the columns settle must meet the timing; others are checked one by one (a
        # meeting less than weekly may next meet after a clock change the week ahead misses)
        zone_list = ", ".join(map(str, exact))
        longer = ", ".join(map(str, sorted(steady_long)))
        beyond = f"(rule != 0 AND tz NOT IN ({longer}))" if longer else "rule != 0"
        conditions.append(f"(rule = 3 OR tz NOT IN ({zone_list}) OR {beyond} OR ({timed[0]}))")
        params += timed[1]
    return Plan(" AND ".join(conditions), params, shifts, frozenset(steady), frozenset(steady_long))


def _reader_minute(shifts: dict[int, int]) -> str:
    """SQL for a meeting's minute of the week on the reader's clock."""
    cases = " ".join(f"WHEN {i} THEN {d}" for i, d in shifts.items())
    shift = f"(CASE tz {cases} ELSE 0 END)" if cases else "0"
    return f"(((weekday * 1440 + minute + {shift}) % {WEEK} + {WEEK}) % {WEEK})"


def minutes_from(now: dt.datetime, tz: ZoneInfo, when: dt.datetime) -> int:
    """Whole minutes from now (rounded up to the minute) to a start, as slots count them."""
    ceil, _minute = _now_minute(now, tz)
    # in UTC: between two times of one zone, Python's subtraction ignores a change of clocks
    return int((when.astimezone(dt.UTC) - ceil.astimezone(dt.UTC)).total_seconds() // 60)


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


def _file_rows(
    index: Index, n: int, query: Plan, refs: Sequence[int] | None
) -> list[tuple[int, ...]]:
    """The meeting rows of file `n` the query keeps: of every group, or only of `refs`.

    Only of `refs` when they are a few of the file's groups: their rows are read to count
    their meetings, which costs more than one scan of the file once they are many.
    """
    f = index.files[n]
    if refs is None or len(refs) * 4 > f.info["groups"]:
        return index.store.meetings(f.id, f.info["meetings"], query.where, query.params)
    rows = index.rows(refs)
    counts = {ref & 0xFFFFFFFF: rows[ref].meetings for ref in refs if rows[ref].meetings}
    if not counts:
        return []
    return index.store.group_meetings(f.id, counts, query.where, query.params)


# radon D: one pass over the rows a query kept, settling each from its columns where it can
def slots(
    index: Index,
    filters: Filters,
    now: dt.datetime,
    tz: ZoneInfo,
    refs: Iterable[int] | None = None,
) -> list[Slot]:
    """Every meeting the query cannot rule out, in catalogue order: of `refs`, or of all."""
    by_file: dict[int, list[int]] | None = None
    if refs is not None:
        by_file = {}
        for ref in refs:
            by_file.setdefault(ref >> SHIFT, []).append(ref)
    out: list[Slot] = []
    ceil, now_minute = _now_minute(now, tz)
    today = now.astimezone(tz).date().toordinal()
    horizon = today + 7 * LONG_WEEKS + 1  # a monthly meeting ending sooner: from its record
    clock = ceil.toordinal() * 1440 + ceil.hour * 60 + ceil.minute  # the reader's, in minutes
    soon = None if filters.soon_hours is None else int(filters.soon_hours * 60)
    for n, f in enumerate(index.files):
        if not f.info["meetings"] or (by_file is not None and n not in by_file):
            continue
        zones = f.info["zones"]
        query = plan(filters, zones, now, tz)
        rows = _file_rows(index, n, query, None if by_file is None else by_file[n])
        for ord_, k, fmt, weekday, minute, zone, rule, weeks, until, start, country, _ok in rows:
            ref = n << SHIFT | ord_
            if ref in index.dropped:
                continue
            minutes = None
            weekly = rule == 0 and zone in query.steady and (until == 0 or until > today + 8)
            monthly = rule == 2 and zone in query.steady_long and (until == 0 or until > horizon)
            if (weekly or monthly) and (start == 0 or start < today - 1):
                shift = query.shifts[zone]
                mine = ((weekday * 1440 + minute + shift) % WEEK + WEEK) % WEEK
                minutes = (mine - now_minute) % WEEK  # its next start, were it weekly
                if monthly:
                    minutes = _monthly(minutes, weeks, (clock + minutes - shift) // 1440)
                    if minutes is not None and soon is not None and minutes > soon:
                        continue  # it next meets after the window the query's weekday allowed
            out.append(Slot(ref, k, fmt, country, minutes, minutes is not None))
    return out


def _monthly(first: int, weeks: int, day: int) -> int | None:
    """Minutes to a monthly meeting's next start, or None when not within LONG_WEEKS.

    `first` is the minutes to the next start were it weekly, `day` that start's date (its
    own zone's, as an ordinal), `weeks` its weeks of the month as bits.
    """
    for j in range(LONG_WEEKS):
        date = dt.date.fromordinal(day + 7 * j)
        bits = _WEEK_OF_MONTH[(date.day - 1) // 7]
        if dt.date.fromordinal(day + 7 * j + 7).month != date.month:
            bits |= _LAST_WEEK
        if weeks & bits:
            return first + j * WEEK
    return None


def by_group(found: Iterable[Slot]) -> dict[int, list[Slot]]:
    """The slots of each group."""
    out: dict[int, list[Slot]] = {}
    for slot in found:
        out.setdefault(slot.ref, []).append(slot)
    return out
