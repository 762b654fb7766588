"""Hits, filters and schedules to ordered, explained results."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

from findgroup.dates import is_stale, months_before
from findgroup.match import Reading, typos
from findgroup.model import Group, Meeting
from findgroup.places import Point, distance_km, find_city
from findgroup.schedule import next_occurrence
from findgroup.text import normalise
from findgroup.vocabulary import Vocabulary

DIRECT, NAME, NARROWER, BROADER, DESCRIPTION = 1.0, 0.8, 0.7, 0.45, 0.4
AUDIENCE_LIFT, AUDIENCE_OTHER, NAME_BONUS = 0.1, -0.05, 0.05


class Match(NamedTuple):
    """One reason a group was found: which words, which topic, how, and how well."""

    need: str
    topic: str | None
    via: str  # exact | alias | typo | narrower | broader | name | description | audience
    term: str
    score: int


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


class Result(NamedTuple):
    """A group, why it matched, and its meetings that pass the filters with their next dates."""

    group: Group
    score: int
    matched: tuple[Match, ...]
    needs_met: int
    meetings: tuple[tuple[Meeting, dt.datetime | None], ...]
    rank_key: tuple[float, ...] = ()
    distance_km: float | None = None

    @property
    def next(self) -> dt.datetime | None:
        """The earliest next meeting among the passing meetings."""
        dates = [when for _m, when in self.meetings if when is not None]
        return min(dates) if dates else None


class Outcome:
    """Ranked results, plus what the reader should be told about the search."""

    def __init__(self, results: list[Result], left_out_unscheduled: int = 0) -> None:
        self.results = results
        self.left_out_unscheduled = left_out_unscheduled


def _meeting_passes(
    meeting: Meeting,
    when: dt.datetime | None,
    group: Group,
    f: Filters,
    tz: ZoneInfo,
    now: dt.datetime,
) -> bool:
    online = meeting.format in ("online", "hybrid", "phone")
    in_person = meeting.format in ("in-person", "hybrid")
    if f.online and not online:
        return False
    if f.in_person and not in_person:
        return False
    if when is None:
        return False
    if f.soon_hours is not None and when > now + dt.timedelta(hours=f.soon_hours):
        return False
    if f.days and when.weekday() not in f.days:
        return False
    local = when.astimezone(tz).time()
    if f.after and local < f.after:
        return False
    if f.before and local > f.before:
        return False
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


def _group_passes(group: Group, f: Filters, today: dt.date) -> bool:
    if f.verified_within is not None and (
        group.last_verified is None or group.last_verified < months_before(today, f.verified_within)
    ):
        return False
    if f.audience and not (f.audience & set(group.audience)):
        return False
    if f.lang and not any(code.split("-")[0] == f.lang for code in group.languages):
        return False
    if f.free and group.cost == "paid":
        return False
    return not (f.country and not group.meetings and group.area and f.country not in group.area)


def _words(text: str | None) -> set[str]:
    return set(normalise(text).split()) if text else set()


def _free_word_match(word: str, group: Group) -> tuple[float, str] | None:
    for text in (group.name, group.organization):
        for have in _words(text):
            found = typos(word, have)
            if found is not None:
                return NAME * (1 - 0.1 * found), "name"
    if len(word) >= 4 and word in _words(group.description):
        return DESCRIPTION, "description"
    return None


def rank(
    vocab: Vocabulary,
    reading: Reading,
    filters: Filters,
    now: dt.datetime,
    tz: ZoneInfo,
) -> Outcome:
    """Order the groups that meet the reading's needs and pass the filters."""
    groups = vocab.catalogue.groups
    today = now.astimezone(tz).date()
    best: dict[int, dict[int, tuple[float, Match]]] = {}

    def offer(gi: int, need_index: int, strength: float, match: Match) -> None:
        slot = best.setdefault(gi, {})
        current = slot.get(need_index)
        if current is None or strength > current[0]:
            slot[need_index] = (strength, match)

    for n, hits in enumerate(reading.needs):
        for hit in hits:
            quality = hit.score / 100
            for gi in vocab.groups_by_topic.get(hit.owner, ()):
                offer(
                    gi,
                    n,
                    DIRECT * quality,
                    Match(hit.need, hit.owner, hit.via, hit.term, hit.score),
                )
            for topic, depth in vocab.narrower(hit.owner).items():
                strength = max(0.55, NARROWER - 0.05 * (depth - 1)) * quality
                for gi in vocab.groups_by_topic.get(topic, ()):
                    offer(
                        gi,
                        n,
                        strength,
                        Match(hit.need, topic, "narrower", hit.term, round(100 * strength)),
                    )
            for topic, depth in vocab.broader(hit.owner).items():
                strength = max(0.3, BROADER - 0.05 * (depth - 1)) * quality
                for gi in vocab.groups_by_topic.get(topic, ()):
                    offer(
                        gi,
                        n,
                        strength,
                        Match(hit.need, topic, "broader", hit.term, round(100 * strength)),
                    )
    first_free = len(reading.needs)
    for k, word in enumerate(reading.free):
        for gi, group in enumerate(groups):
            found = _free_word_match(word, group)
            if found:
                offer(
                    gi,
                    first_free + k,
                    found[0],
                    Match(word, None, found[1], word, round(100 * found[0])),
                )

    total_needs = len(reading.needs) + len(reading.free)
    needs_times = filters.on_meetings or total_needs == 0 or filters.soon_hours is not None
    preferred = {h.owner for h in reading.audiences}
    browsing = total_needs == 0
    candidates = range(len(groups)) if browsing else sorted(best)
    results: list[Result] = []
    unscheduled = 0
    for gi in candidates:
        group = groups[gi]
        if not _group_passes(group, filters, today):
            continue
        if needs_times:
            timed = [(m, next_occurrence(m, now)) for m in group.meetings]
            passing = tuple(
                (m, w) for m, w in timed if _meeting_passes(m, w, group, filters, tz, now)
            )
            if group.meetings and not any(w for _m, w in timed):
                continue  # every meeting has ended
            if filters.on_meetings and not passing:
                if not group.meetings:
                    unscheduled += 1
                continue
            if not filters.on_meetings:
                passing = tuple(timed)
        else:
            passing = tuple((m, None) for m in group.meetings if not _ended(m, today))
            if group.meetings and not passing:
                continue  # every meeting has ended
        slot = best.get(gi, {})
        matched = [match for _s, match in sorted(slot.values(), key=lambda sm: -sm[0])]
        raw = sum(s for s, _m in slot.values()) / total_needs if total_needs else 0.0
        hit_names = {
            w for need_hits in reading.needs for h in need_hits for w in normalise(h.term).split()
        }
        if hit_names and hit_names <= _words(group.name):
            raw += NAME_BONUS
        if preferred & set(group.audience):
            raw += AUDIENCE_LIFT
            for h in reading.audiences:
                if h.owner in group.audience:
                    matched.append(Match(h.need, None, "audience", h.term, 100))
        elif group.audience and not browsing:
            raw += AUDIENCE_OTHER
        if filters.lang is None and not any(c.split("-")[0] == "en" for c in group.languages):
            raw += AUDIENCE_OTHER  # held in another language, and none was asked for
        score = max(0, min(100, round(100 * raw)))
        stale = 1.0 if is_stale(group.last_verified, today) else 0.0
        distance = None
        if filters.near_point is not None:
            distances = [meeting_distance(m, filters.near_point) for m, _w in passing]
            distance = min((d for d in distances if d is not None), default=None)
        key: tuple[float, ...] = (-raw, stale)
        if filters.near_point is not None:
            key = (-round(raw, 1), math.inf if distance is None else distance, stale)
        result = Result(group, score, tuple(matched), len(slot), passing, key, distance)
        results.append(result)

    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    if browsing or filters.soon_hours is not None:
        results.sort(key=lambda r: (r.next or far, r.group.name.casefold(), r.group.id))
    else:
        results.sort(key=lambda r: (-r.needs_met, *r.rank_key, r.group.name.casefold(), r.group.id))
    return Outcome(results, unscheduled)


def _ended(meeting: Meeting, today: dt.date) -> bool:
    """True when a meeting can have no more dates (checked exactly when its rule may end)."""
    if meeting.until is not None and meeting.until < today - dt.timedelta(days=1):
        return True
    if meeting.rrule and ("UNTIL" in meeting.rrule.upper() or "COUNT" in meeting.rrule.upper()):
        now = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
        return next_occurrence(meeting, now) is None
    return False


def with_times(results: list[Result], now: dt.datetime) -> list[Result]:
    """The results with each meeting's next date filled in, soonest first."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    out = []
    for result in results:
        if result.meetings and all(w is None for _m, w in result.meetings):
            timed = [(m, next_occurrence(m, now)) for m, _w in result.meetings]
            timed.sort(key=lambda mw: mw[1] or far)
            result = result._replace(meetings=tuple(timed))
        out.append(result)
    return out


def closest_topics(words: Sequence[str], vocab: Vocabulary, limit: int = 3) -> list[str]:
    """Topic names close to words that matched nothing, for a did-you-mean hint."""
    from rapidfuzz import fuzz, process

    choices = {term.text: term.owner for term in vocab.topic_terms}
    names: list[str] = []
    for word in words:
        if len(word) < 4:
            continue
        for text, score, _i in process.extract(
            word, list(choices), scorer=fuzz.ratio, processor=normalise, limit=limit
        ):
            if score >= 75:
                name = vocab.catalogue.topics[choices[text]].name
                if name not in names:
                    names.append(name)
    return names[:limit]
