"""The typed, immutable catalogue: topics, audiences, groups, meetings and crisis lines.

Records are NamedTuples: immutable, compact, and quick to define (start-up time matters:
dataclasses with slots cost about a millisecond each to create at import).
"""

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FORMATS = ("in-person", "online", "hybrid", "phone")


class Position(NamedTuple):
    """A place in a catalogue file; lines and columns count from 1 (ordered as written)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


Spans = Mapping[str, Position]
NO_SPANS: Spans = MappingProxyType({})  # where each field was written; kept only when read in full
NO_FEEDBACK: Mapping[str, str] = MappingProxyType({})


class Topic(NamedTuple):
    """A need people search for, with the other names they use for it."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    crisis: bool = False
    pos: Position | None = None
    spans: Spans = NO_SPANS


class Audience(NamedTuple):
    """Who a group is for (family, women, veterans ...)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    pos: Position | None = None
    spans: Spans = NO_SPANS


class Location(NamedTuple):
    """Where an in-person meeting happens."""

    venue: str | None = None
    address: str | None = None
    city: str | None = None
    region: str | None = None
    postcode: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def summary(self) -> str:
        """The location in one line, most specific part first."""
        parts = [self.venue, self.address, self.city, self.postcode, self.country]
        return ", ".join(p for p in parts if p)


class Join(NamedTuple):
    """How to join an online or phone meeting."""

    url: str | None = None
    phone: str | None = None
    platform: str | None = None


class Contact(NamedTuple):
    """How to reach the people who run a group."""

    email: str | None = None
    phone: str | None = None


class Meeting(NamedTuple):
    """One recurring session of a group, in its own timezone."""

    format: str
    time: dt.time
    timezone: str
    day: int | None = None  # 0 = Monday; None when `rrule` says the days
    duration: int = 60
    every: str = "week"  # week | 2 weeks | month
    weeks: tuple[int, ...] = ()
    start: dt.date | None = None  # the format's `from`
    until: dt.date | None = None
    rrule: str | None = None
    location: Location | None = None
    join: Join | None = None
    notes: str | None = None
    pos: Position | None = None
    spans: Spans = NO_SPANS

    @property
    def may_end(self) -> bool:
        """True when the meeting has a last date: `until`, or an rrule with UNTIL or COUNT."""
        rule = (self.rrule or "").upper()
        return self.until is not None or "UNTIL" in rule or "COUNT" in rule

    @property
    def day_name(self) -> str | None:
        """The meeting's local weekday as a full lowercase name."""
        return None if self.day is None else DAYS[self.day]


class Group(NamedTuple):
    """A peer support group or programme and its meetings."""

    id: str
    name: str
    topics: tuple[str, ...]
    organization: str | None = None
    description: str | None = None
    audience: tuple[str, ...] = ()
    facilitation: str | None = None
    cost: str | None = None
    cost_note: str | None = None
    languages: tuple[str, ...] = ("en",)
    area: tuple[str, ...] = ()
    url: str | None = None
    finder_url: str | None = None
    contact: Contact | None = None
    registration: str | None = None
    schedule_note: str | None = None
    source: str | None = None
    last_verified: dt.date | None = None
    timezone: str | None = None
    meetings: tuple[Meeting, ...] = ()
    formats: tuple[str, ...] = ()  # how it meets, for a group without a meeting list
    pos: Position | None = None
    spans: Spans = NO_SPANS

    @property
    def meets(self) -> frozenset[str]:
        """How the group meets: its meetings' formats, else its declared `formats`."""
        if self.meetings:
            return frozenset(m.format for m in self.meetings)
        return frozenset(self.formats)


class CrisisLine(NamedTuple):
    """Where to turn right now, for one country ('*' = international directory)."""

    country: str
    name: str
    phone: str | None = None
    text: str | None = None
    url: str | None = None
    hours: str | None = None
    topics: tuple[str, ...] = ()  # who it is for, when not everyone: topic ids ...
    audience: tuple[str, ...] = ()  # ... and audience ids
    pos: Position | None = None
    spans: Spans = NO_SPANS


class Catalogue(NamedTuple):
    """Everything loaded from one or more catalogue files, merged."""

    topics: Mapping[str, Topic]
    audiences: Mapping[str, Audience]
    groups: tuple[Group, ...]
    crisis: tuple[CrisisLine, ...] = ()
    feedback: str | None = None
    files: tuple[str, ...] = ()
    feedback_by_file: Mapping[str, str] = NO_FEEDBACK

    def feedback_for(self, group: Group) -> str | None:
        """Where to report a wrong listing: its own file's `feedback`, else the first one."""
        if group.pos is not None and group.pos.file in self.feedback_by_file:
            return self.feedback_by_file[group.pos.file]
        return self.feedback
