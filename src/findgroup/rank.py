"""Hits, filters and schedules to ordered, explained results."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

from findgroup.dates import STALE_AFTER_MONTHS, months_before
from findgroup.filters import Filters, meeting_distance, meeting_passes, row_passes
from findgroup.index import Row
from findgroup.match import Hit, Reading
from findgroup.model import Group, Meeting
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


def rank(
    vocab: Vocabulary,
    reading: Reading,
    filters: Filters,
    now: dt.datetime,
    tz: ZoneInfo,
    limit: int = 0,
) -> Outcome:
    """Order the groups that meet the reading's needs and pass the filters.

    Candidates are found and scored from their columns; a whole group is read only when its
    meetings matter: for the first `limit` results (0: all), or for every candidate when a
    filter or the order depends on meeting times (then `limit` is not applied).
    """
    index = vocab.index
    today = now.astimezone(tz).date()
    per_need = [_need_offers(vocab, hits) for hits in reading.needs]
    per_need += [_word_offers(vocab, word) for word in reading.free]
    browsing = not per_need
    preferred = frozenset(h.owner for h in reading.audiences)
    hit_names = {
        w for need_hits in reading.needs for h in need_hits for w in normalise(h.term).split()
    }
    stale_before = months_before(today, STALE_AFTER_MONTHS)
    verified_since = (
        months_before(today, filters.verified_within)
        if filters.verified_within is not None
        else None
    )
    judges_groups = bool(
        verified_since or filters.audience or filters.lang or filters.free or filters.country
    )
    english: dict[tuple[str, ...], bool] = {}
    # (needs met, score, stale) -> refs: few distinct keys, so only ties are sorted by name
    ranked: dict[tuple[int, float, bool], list[int]] = {}
    unscheduled = 0
    if browsing:
        rows: dict[int, Row] = dict(index.all_rows())
        candidates: list[int] = list(rows)
    else:
        candidates = sorted(set().union(*per_need))
        rows = index.rows(candidates)
    on_meetings, any_language = filters.on_meetings, filters.lang is None
    for ref in candidates:
        row = rows[ref]
        if judges_groups and not row_passes(row, filters, verified_since):
            continue
        if on_meetings and not row.meetings:
            unscheduled += 1
            continue
        strengths = [need[ref][0] for need in per_need if ref in need]
        raw = sum(strengths) / len(per_need) if per_need else 0.0
        name = row.name_words
        if hit_names and all(w in name for w in hit_names) and hit_names.issubset(name.split()):
            raw += NAME_BONUS
        if not preferred.isdisjoint(row.audience):
            raw += AUDIENCE_LIFT
        elif row.audience and not browsing:
            raw += AUDIENCE_OTHER
        spoken = row.languages
        if spoken not in english:
            english[spoken] = any(c.split("-")[0] == "en" for c in spoken)
        if any_language and not english[spoken]:
            raw += AUDIENCE_OTHER  # held in another language, and none was asked for
        when = row.verified
        key = (-len(strengths), -raw, when is None or when < stale_before)
        ranked.setdefault(key, []).append(ref)

    def result(ref: int, group: Group, key: tuple[int, float, bool], passing: Meetings) -> Result:
        offers = [need[ref] for need in per_need if ref in need]
        matched = [match for _s, match in sorted(offers, key=lambda offer: -offer[0])]
        matched += [
            Match(h.need, None, "audience", h.term, 100)
            for h in reading.audiences
            if h.owner in group.audience
        ]
        needs_met, raw, stale = -key[0], -key[1], key[2]
        distance = None
        rank_key: tuple[float, ...] = (-raw, float(stale))
        if filters.near_point is not None:
            distances = [meeting_distance(m, filters.near_point) for m, _w in passing]
            distance = min((d for d in distances if d is not None), default=None)
            rank_key = (-round(raw, 1), math.inf if distance is None else distance, stale)
        score = max(0, min(100, round(100 * raw)))
        return Result(group, score, tuple(matched), needs_met, passing, rank_key, distance, ref)

    results: list[Result] = []
    if filters.on_meetings or browsing or filters.soon_hours is not None:
        every = [ref for refs in ranked.values() for ref in refs]
        groups = index.groups(every)
        for key, refs in ranked.items():
            for ref in refs:
                group = groups[ref]
                timed = [(m, next_occurrence(m, now)) for m in group.meetings]
                if group.meetings and not any(w for _m, w in timed):
                    continue  # every meeting has ended
                passing = tuple(timed)
                if filters.on_meetings:
                    passing = tuple(
                        (m, w) for m, w in timed if meeting_passes(m, w, group, filters, tz, now)
                    )
                    if not passing:
                        continue
                results.append(result(ref, group, key, passing))
        far = dt.datetime.max.replace(tzinfo=dt.UTC)
        if browsing or filters.soon_hours is not None:
            results.sort(key=lambda r: (r.next or far, r.group.name.casefold(), r.group.id))
        else:
            results.sort(
                key=lambda r: (-r.needs_met, *r.rank_key, r.group.name.casefold(), r.group.id)
            )
        return Outcome(results, unscheduled)

    for key in sorted(ranked):
        tied = sorted(ranked[key], key=lambda ref: rows[ref].gid)
        tied.sort(key=lambda ref: rows[ref].name.casefold())  # by name, then id
        for ref in tied:
            group = index.group(ref)
            passing = tuple((m, None) for m in group.meetings)
            if rows[ref].may_end:
                passing = tuple((m, w) for m, w in passing if not _ended(m, today))
                if not passing:
                    continue  # every meeting has ended
            results.append(result(ref, group, key, passing))
            if len(results) == limit:
                return Outcome(results, unscheduled)
    return Outcome(results, unscheduled)


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
