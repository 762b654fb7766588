"""What the reader asked to keep, and whether a group or one of its meetings passes."""

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

from findgroup.index import Row
from findgroup.model import Group, Meeting
from findgroup.places import Point, distance_km, find_city
from findgroup.text import normalise
from findgroup.typo import typos


class Filters(NamedTuple):
    """What the reader asked to keep; meeting filters keep a group if any meeting passes."""

    online: bool = False
    in_person: bool = False
    days: frozenset[int] = frozenset()
    after: dt.time | None = None
    before: dt.time | None = None
    near: str | None = None
    country: str | None = None
    audience: frozenset[str] = frozenset()
    lang: str | None = None
    free: bool = False
    verified_within: int | None = None  # months
    soon_hours: float | None = None
    near_point: Point | None = None  # --near resolved to coordinates
    within_km: float = 25.0
    near_country: str | None = None  # the country --near is in, when it can be told

    @property
    def on_times(self) -> bool:
        """True when some filter needs a meeting's day or time."""
        return bool(self.days or self.after or self.before or self.soon_hours)

    @property
    def on_meetings(self) -> bool:
        """True when some filter can only be judged on a fixed meeting."""
        return bool(
            self.online
            or self.in_person
            or self.days
            or self.after
            or self.before
            or self.near
            or self.soon_hours
        )


def meeting_passes(
    meeting: Meeting,
    when: dt.datetime | None,
    group: Group,
    f: Filters,
    tz: ZoneInfo,
    now: dt.datetime,
) -> bool:
    """True when a meeting (next at `when`) passes every meeting filter."""
    online = meeting.format in ("online", "hybrid", "phone")
    in_person = meeting.format in ("in-person", "hybrid")
    if (f.online and not online) or (f.in_person and not in_person) or when is None:
        return False
    return _time_passes(when, f, tz, now) and _place_passes(meeting, group, f, online, in_person)


def _time_passes(when: dt.datetime, f: Filters, tz: ZoneInfo, now: dt.datetime) -> bool:
    """The next date against --soon, --day, --after and --before, in the reader's zone."""
    if f.soon_hours is not None and when > now + dt.timedelta(hours=f.soon_hours):
        return False
    local = when.astimezone(tz)
    if f.days and local.weekday() not in f.days:
        return False
    if f.after and local.time() < f.after:
        return False
    return not (f.before and local.time() > f.before)


def _place_passes(
    meeting: Meeting, group: Group, f: Filters, online: bool, in_person: bool
) -> bool:
    """Where the meeting is against --country and --near; online meetings are anywhere."""
    if f.country:
        if in_person and meeting.location is not None and meeting.location.country:
            if meeting.location.country != f.country and not online:
                return False
        elif online and group.area and f.country not in group.area:
            return False
    if f.near and in_person and not (online and not f.in_person):
        if f.near_point is not None:
            far = meeting_distance(meeting, f.near_point)
            if far is not None:
                return far <= f.within_km
        return _near(meeting, f.near)
    return True


def meeting_distance(meeting: Meeting, point: Point) -> float | None:
    """Kilometres from `point` to an in-person meeting, when its place is known."""
    loc = meeting.location
    if loc is None or meeting.format not in ("in-person", "hybrid"):
        return None
    if loc.lat is not None and loc.lon is not None:
        return distance_km(Point(loc.lat, loc.lon, ""), point)
    if loc.city:
        found = find_city(loc.city, loc.country)
        if found is not None:
            return distance_km(found, point)
    return None


def _near(meeting: Meeting, place: str) -> bool:
    loc = meeting.location
    if loc is None:
        return False
    wanted = normalise(place)
    for part in (loc.city, loc.region, loc.postcode, loc.country):
        if not part:
            continue
        have = normalise(part)
        if have == wanted or have.replace(" ", "") == wanted.replace(" ", ""):
            return True
        if len(wanted.split()) == len(have.split()) and all(
            typos(a, b) is not None for a, b in zip(wanted.split(), have.split(), strict=True)
        ):
            return True
    return False


def row_passes(row: Row, f: Filters, verified_since: dt.date | None) -> bool:
    """True when a group passes the filters judged on whole groups (read from its columns)."""
    if verified_since is not None and (row.verified is None or row.verified < verified_since):
        return False
    if f.audience and f.audience.isdisjoint(row.audience):
        return False
    if f.lang and not any(code.split("-")[0] == f.lang for code in row.languages):
        return False
    if f.free and row.cost == "paid":
        return False
    return not (f.country and not row.meetings and row.area and f.country not in row.area)


def unscheduled_part(row: Row, f: Filters) -> str | None:
    """Where a group without a meeting list goes under meeting filters (None: left out).

    "" is among the results; "several places" meets in person in the country --near is
    in; "times not listed" is for a filter that needs times the group does not give.
    """
    meets = row.meets
    online = bool(meets & {"online", "hybrid", "phone"})
    in_person = bool(meets & {"in-person", "hybrid"})
    unknown = not meets
    if f.online and not online and not (unknown and f.on_times):
        return None
    if f.in_person and not in_person and not (unknown and f.on_times):
        return None
    part = ""
    if f.near and not (online and not f.in_person):
        if not (in_person or unknown) or not f.near_country or f.near_country not in row.area:
            return None
        part = "several places"
    if f.on_times:
        return "times not listed"
    return part
