"""Hits, filters and schedules to ordered, explained results."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

from findgroup.dates import STALE_AFTER_MONTHS, months_before
from findgroup.filters import Filters, meeting_distance, meeting_passes, row_passes
from findgroup.index import Index, Row
from findgroup.match import Hit, Reading
from findgroup.meetings_query import Slot, by_group, minutes_from, slots
from findgroup.model import FORMATS, Group, Meeting
from findgroup.schedule import next_occurrence
from findgroup.store_rows import DESCRIPTION as IN_DESCRIPTION
from findgroup.store_rows import NAME as IN_NAME
from findgroup.store_rows import ORG as IN_ORG
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


Meetings = tuple[tuple[Meeting, dt.datetime | None], ...]


class Result(NamedTuple):
    """A group, why it matched, and its meetings that pass the filters with their next dates."""

    group: Group
    score: int
    matched: tuple[Match, ...]
    needs_met: int
    meetings: Meetings
    rank_key: tuple[float, ...] = ()
    distance_km: float | None = None
    ref: int = 0  # where the group is in the catalogue (see index.py)

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


Offer = tuple[float, Match]  # how strongly a group meets one need, and why


def _strongest(offers: list[tuple[float, Match, Sequence[int]]]) -> dict[int, Offer]:
    """Each group's strongest offer for one need (among equals, the first made)."""
    out: dict[int, Offer] = {}
    for strength, match, rows in sorted(offers, key=lambda offer: -offer[0]):
        fresh = dict.fromkeys(rows, (strength, match))
        fresh.update(out)  # what is already there is at least as strong
        out = fresh
    return out


def _need_offers(vocab: Vocabulary, hits: list[Hit]) -> dict[int, Offer]:
    """The groups meeting one need through its topics, directly or by the hierarchy."""
    index = vocab.index
    offers: list[tuple[float, Match, Sequence[int]]] = []
    for hit in hits:
        quality = hit.score / 100
        match = Match(hit.need, hit.owner, hit.via, hit.term, hit.score)
        offers.append((DIRECT * quality, match, index.topic_groups(hit.owner)))
        for topic, depth in vocab.narrower(hit.owner).items():
            strength = max(0.55, NARROWER - 0.05 * (depth - 1)) * quality
            match = Match(hit.need, topic, "narrower", hit.term, round(100 * strength))
            offers.append((strength, match, index.topic_groups(topic)))
        for topic, depth in vocab.broader(hit.owner).items():
            strength = max(0.3, BROADER - 0.05 * (depth - 1)) * quality
            match = Match(hit.need, topic, "broader", hit.term, round(100 * strength))
            offers.append((strength, match, index.topic_groups(topic)))
    return _strongest(offers)


def _word_offers(vocab: Vocabulary, word: str) -> dict[int, Offer]:
    """The groups with a word no topic matched: in name or organisation, or in description.

    Names and organisations may have it mistyped; descriptions must have it exactly.
    """
    index = vocab.index
    typed: dict[int, int] = {}
    for have, count in index.similar(word, names=True):
        for ref, fields in index.word_groups(have):
            if fields & (IN_NAME | IN_ORG) and count < typed.get(ref, 9):
                typed[ref] = count
    out: dict[int, Offer] = {}
    for ref, count in typed.items():
        strength = NAME * (1 - 0.1 * count)
        out[ref] = (strength, Match(word, None, "name", word, round(100 * strength)))
    if len(word) >= 4:
        for ref, fields in index.word_groups(word):
            if fields & IN_DESCRIPTION and ref not in out:
                out[ref] = (DESCRIPTION, Match(word, None, "description", word, 40))
    return out


class _Scorer:
    """How strongly each candidate meets the reading, before meetings are looked at."""

    def __init__(self, vocab: Vocabulary, reading: Reading, filters: Filters, today: dt.date):
        self.reading = reading
        self.filters = filters
        self.per_need = [_need_offers(vocab, hits) for hits in reading.needs]
        self.per_need += [_word_offers(vocab, word) for word in reading.free]
        self.browsing = not self.per_need
        self.preferred = frozenset(h.owner for h in reading.audiences)
        self.hit_names = {
            w for need in reading.needs for h in need for w in normalise(h.term).split()
        }
        self.stale_before = months_before(today, STALE_AFTER_MONTHS)
        within = filters.verified_within
        self.verified_since = months_before(today, within) if within is not None else None
        self.judges_groups = bool(
            self.verified_since or filters.audience or filters.lang or filters.free
            or filters.country
        )  # fmt: skip
        self.english: dict[tuple[str, ...], bool] = {}

    def candidates(self) -> list[int]:
        """The groups that meet some need, in catalogue order."""
        return sorted(set().union(*self.per_need))

    def key(self, ref: int, row: Row) -> tuple[int, float, bool] | None:
        """(needs met, score, stale) as a sort key, or None when a group filter leaves it out."""
        if self.judges_groups and not row_passes(row, self.filters, self.verified_since):
            return None
        per_need = self.per_need
        strengths = [need[ref][0] for need in per_need if ref in need]
        raw = sum(strengths) / len(per_need) if per_need else 0.0
        name = row.name_words
        hit_names = self.hit_names
        if hit_names and all(w in name for w in hit_names) and hit_names.issubset(name.split()):
            raw += NAME_BONUS
        if not self.preferred.isdisjoint(row.audience):
            raw += AUDIENCE_LIFT
        elif row.audience and not self.browsing:
            raw += AUDIENCE_OTHER
        spoken = row.languages
        if spoken not in self.english:
            self.english[spoken] = any(c.split("-")[0] == "en" for c in spoken)
        if self.filters.lang is None and not self.english[spoken]:
            raw += AUDIENCE_OTHER  # held in another language, and none was asked for
        when = row.verified
        return (-len(strengths), -raw, when is None or when < self.stale_before)

    def result(
        self, ref: int, group: Group, key: tuple[int, float, bool], passing: Meetings
    ) -> Result:
        """The group as a result: its matches, score, passing meetings and distance."""
        offers = [need[ref] for need in self.per_need if ref in need]
        matched = [match for _s, match in sorted(offers, key=lambda offer: -offer[0])]
        matched += [
            Match(h.need, None, "audience", h.term, 100)
            for h in self.reading.audiences
            if h.owner in group.audience
        ]
        needs_met, raw, stale = -key[0], -key[1], key[2]
        distance = None
        rank_key: tuple[float, ...] = (-raw, float(stale))
        point = self.filters.near_point
        if point is not None:
            distances = [meeting_distance(m, point) for m, _w in passing]
            distance = min((d for d in distances if d is not None), default=None)
            rank_key = (-round(raw, 1), math.inf if distance is None else distance, stale)
        score = max(0, min(100, round(100 * raw)))
        return Result(group, score, tuple(matched), needs_met, passing, rank_key, distance, ref)


def rank(
    vocab: Vocabulary,
    reading: Reading,
    filters: Filters,
    now: dt.datetime,
    tz: ZoneInfo,
    limit: int = 0,
) -> Outcome:
    """Order the groups that meet the reading's needs and pass the filters.

    Candidates are found and scored from their columns. Meeting filters run as queries on
    the meeting columns (meetings_query.py); whole groups are read only for the results
    shown, and for the few meetings a query cannot settle. `limit` (0: all) bounds that.
    """
    index = vocab.index
    scorer = _Scorer(vocab, reading, filters, now.astimezone(tz).date())
    timed = filters.on_meetings or scorer.browsing
    found: dict[int, list[Slot]] = by_group(slots(index, filters, now, tz)) if timed else {}
    if scorer.browsing and filters.on_meetings:
        # every group with a meeting the query kept: read rows only for those shown
        lazy = _LazyRows(index)
        meets = _Meetings(index, filters, now, tz, lazy.one, found)
        results, _none = _by_time(scorer, sorted(found), lazy.get, meets, limit)
        without = index.unscheduled()
        if scorer.judges_groups:  # only those the group filters would have kept count
            rows = index.rows(without)
            without = [ref for ref in without if scorer.key(ref, rows[ref]) is not None]
        return Outcome(results, len(without))
    if not scorer.browsing:
        candidates = scorer.candidates()
        rows = index.rows(candidates)
    else:
        rows = dict(index.all_rows())
        candidates = list(rows)
    keys: dict[int, tuple[int, float, bool]] = {}
    unscheduled = 0
    for ref in candidates:
        row = rows[ref]
        key = scorer.key(ref, row)
        if key is None:
            continue
        if filters.on_meetings and not row.meetings:
            unscheduled += 1
            continue
        keys[ref] = key
    if not timed:
        today = now.astimezone(tz).date()
        return Outcome(_by_score(index, scorer, keys, rows, today, limit), unscheduled)
    if scorer.browsing or filters.soon_hours is not None:
        results, _none = _timed(index, scorer, keys, rows, found, now, tz, limit)
        return Outcome(results, unscheduled)
    meets = _Meetings(index, filters, now, tz, rows.__getitem__, found)
    meets.prefetch([ref for ref in meets.unsettled(list(keys)) if ref in found])
    passing = [ref for ref in keys if meets.passes(ref)]

    def order(ref: int) -> tuple[object, ...]:
        key = keys[ref]
        near = meets.near_key(ref, key)
        main = (key[0], *near) if near else key
        return (*main, rows[ref].name.casefold(), rows[ref].gid)

    ordered = sorted(passing, key=order)
    results = []
    for ref in ordered[:limit] if limit else ordered:
        group = meets.group(ref)
        results.append(scorer.result(ref, group, keys[ref], meets.passing(ref)))
    return Outcome(results, unscheduled)


def _timed(
    index: Index,
    scorer: _Scorer,
    keys: dict[int, tuple[int, float, bool]],
    rows: dict[int, Row],
    found: dict[int, list[Slot]],
    now: dt.datetime,
    tz: ZoneInfo,
    limit: int,
) -> tuple[list[Result], int]:
    """Soonest first among groups already scored (a need with --soon, or a browse)."""
    meets = _Meetings(index, scorer.filters, now, tz, rows.__getitem__, found)
    return _by_time(scorer, list(keys), lambda refs: rows, meets, limit)


class _LazyRows:
    """Group rows read when asked for, and kept."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.held: dict[int, Row] = {}

    def get(self, refs: Sequence[int]) -> dict[int, Row]:
        """These groups' rows (and any read before)."""
        missing = [r for r in refs if r not in self.held]
        if missing:
            self.held.update(self.index.rows(missing))
        return self.held

    def one(self, ref: int) -> Row:
        """One group's row."""
        return self.get([ref])[ref]


def _by_score(
    index: Index,
    scorer: _Scorer,
    keys: dict[int, tuple[int, float, bool]],
    rows: dict[int, Row],
    today: dt.date,
    limit: int,
) -> list[Result]:
    """Results in score order (no meeting filter): ties by name, then id."""
    ranked: dict[tuple[int, float, bool], list[int]] = {}
    for ref, key in keys.items():
        ranked.setdefault(key, []).append(ref)
    results: list[Result] = []
    for key in sorted(ranked):
        tied = sorted(ranked[key], key=lambda ref: (rows[ref].name.casefold(), rows[ref].gid))
        for ref in tied:
            group = index.group(ref)
            passing = tuple((m, None) for m in group.meetings)
            if rows[ref].may_end:
                passing = tuple((m, w) for m, w in passing if not _ended(m, today))
                if not passing:
                    continue  # every meeting has ended
            results.append(scorer.result(ref, group, key, passing))
            if len(results) == limit:
                return results
    return results


class _Meetings:
    """Which of a group's meetings pass: from the columns where they settle it.

    Otherwise from the group's record, read once.
    """

    def __init__(
        self,
        index: Index,
        filters: Filters,
        now: dt.datetime,
        tz: ZoneInfo,
        row: Callable[[int], Row],
        found: dict[int, list[Slot]],
    ) -> None:
        self.index, self.filters, self.now, self.tz = index, filters, now, tz
        self.row, self.found = row, found
        self._groups: dict[int, Group] = {}
        self._timed: dict[int, list[tuple[Meeting, dt.datetime | None]]] = {}

    def group(self, ref: int) -> Group:
        """The whole group."""
        if ref not in self._groups:
            self._groups[ref] = self.index.group(ref)
        return self._groups[ref]

    def prefetch(self, refs: Sequence[int]) -> None:
        """Read these groups' records together (they will be needed)."""
        wanted = [ref for ref in refs if ref not in self._groups]
        if wanted:
            self._groups.update(self.index.groups(wanted))

    def unsettled(self, refs: Sequence[int]) -> list[int]:
        """The groups no meeting of which the columns settle."""
        return [r for r in refs if not any(self._settled(s) for s in self.found.get(r, ()))]

    def timed(self, ref: int) -> list[tuple[Meeting, dt.datetime | None]]:
        """Every meeting of the group with its next start."""
        if ref not in self._timed:
            self._timed[ref] = [(m, next_occurrence(m, self.now)) for m in self.group(ref).meetings]
        return self._timed[ref]

    def passing(self, ref: int) -> Meetings:
        """The meetings that pass (all of them, with their dates, when no filter asks)."""
        timed = self.timed(ref)
        if not self.filters.on_meetings:
            return tuple(timed)
        group = self.group(ref)
        f, tz, now = self.filters, self.tz, self.now
        return tuple((m, w) for m, w in timed if meeting_passes(m, w, group, f, tz, now))

    def _settled(self, slot: Slot) -> bool:
        """True when a meeting the columns settle passes what SQL could not check."""
        f = self.filters
        if not slot.settled or f.near:
            return False
        if f.country and slot.fmt != _IN_PERSON:
            if slot.fmt == _HYBRID and slot.country:
                return True
            area = self.row(slot.ref).area
            return not (area and f.country not in area)
        return True

    def passes(self, ref: int) -> bool:
        """True when some meeting of the group passes the filters."""
        if any(self._settled(slot) for slot in self.found.get(ref, ())):
            return True
        if ref not in self.found:
            return False
        return bool(self.passing(ref))

    def soonest(self, ref: int) -> int | None:
        """Minutes to the group's next passing start when its columns settle it, else None."""
        slots = self.found.get(ref, ())
        if slots and all(self._settled(s) for s in slots):
            return min(s.minutes for s in slots if s.minutes is not None)
        return None

    def next(self, ref: int) -> dt.datetime | None:
        """The group's next passing start (worked out from its record), or None."""
        if not self.filters.on_meetings:
            dates = [w for _m, w in self.timed(ref) if w is not None]
        else:
            dates = [w for _m, w in self.passing(ref) if w is not None]
        return min(dates) if dates else None

    def near_key(self, ref: int, key: tuple[int, float, bool]) -> tuple[float, ...]:
        """The order of a near search: rounded score, then distance, then staleness."""
        point = self.filters.near_point
        if point is None:
            return ()
        distances = [meeting_distance(m, point) for m, _w in self.passing(ref)]
        distance = min((d for d in distances if d is not None), default=None)
        return (-round(-key[1], 1), math.inf if distance is None else distance, key[2])


_IN_PERSON, _HYBRID = FORMATS.index("in-person"), FORMATS.index("hybrid")
_NEVER = 10**9  # minutes: a group without a next start sorts last


def _by_time(
    scorer: _Scorer,
    refs: Sequence[int],
    rows_of: Callable[[Sequence[int]], dict[int, Row]],
    meets: _Meetings,
    limit: int,
) -> tuple[list[Result], int]:
    """Results soonest first (browsing, or --soon), ties by name then id; and how many left out.

    The count is of groups without fixed meetings the filters left out. Each group's next
    start comes from its meeting columns where they settle it, else from its record; whole
    groups are read only for the results shown.
    """
    on_meetings = meets.filters.on_meetings
    minutes: dict[int, int] = {}
    unsure = []
    for ref in refs:
        found = meets.soonest(ref)
        if found is None:
            unsure.append(ref)
        else:
            minutes[ref] = found
    meets.prefetch(unsure)
    for ref in unsure:
        if on_meetings and not meets.passes(ref):
            continue
        if meets.group(ref).meetings and not any(w for _m, w in meets.timed(ref)):
            continue  # every meeting has ended
        when = meets.next(ref)
        minutes[ref] = _NEVER if when is None else minutes_from(meets.now, meets.tz, when)
    ordered = sorted(minutes, key=minutes.__getitem__)
    results: list[Result] = []
    unscheduled = 0
    start = 0
    while start < len(ordered) and (not limit or len(results) < limit):
        end = start + 1
        while end < len(ordered) and minutes[ordered[end]] == minutes[ordered[start]]:
            end += 1
        run = ordered[start:end]
        start = end
        rows = rows_of(run)
        run.sort(key=lambda ref: (rows[ref].name.casefold(), rows[ref].gid))
        for ref in run:
            key = scorer.key(ref, rows[ref])
            if key is None:
                continue
            if on_meetings and not rows[ref].meetings:
                unscheduled += 1
                continue
            results.append(scorer.result(ref, meets.group(ref), key, meets.passing(ref)))
            if len(results) == limit:
                break
    return results, unscheduled


def _ended(meeting: Meeting, today: dt.date) -> bool:
    """True when a meeting can have no more dates (checked exactly when its rule may end)."""
    if meeting.until is not None and meeting.until < today - dt.timedelta(days=1):
        return True
    if meeting.rrule and meeting.may_end:
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

    topics = vocab.index.topics()
    choices = {
        text: topic.id
        for topic in topics.values()
        for text in (topic.name, topic.id.replace("-", " "), *topic.aliases)
    }
    names: list[str] = []
    for word in words:
        if len(word) < 4:
            continue
        for text, score, _i in process.extract(
            word, list(choices), scorer=fuzz.ratio, processor=normalise, limit=limit
        ):
            if score >= 75:
                name = topics[choices[text]].name
                if name not in names:
                    names.append(name)
    return names[:limit]
