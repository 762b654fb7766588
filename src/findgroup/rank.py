"""Needs, filters and schedules to ordered, explained results.

Groups on the need itself come first; groups on a broader topic (general support) only
while those are fewer than three. Meeting filters run as queries on the meeting columns
(meetings_query.py); a group without a meeting list passes on its declared formats and
area, and when a filter needs times it goes into a part of its own ("times not listed").
Whole groups are read only for the results shown.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

from findgroup.filters import Filters, unscheduled_part
from findgroup.index import Index, Row
from findgroup.match import Reading
from findgroup.meeting_checks import MeetingChecks, Meetings
from findgroup.meetings_query import Slot, by_group, minutes_from, slots
from findgroup.model import Group, Meeting
from findgroup.offers import Match
from findgroup.schedule import next_occurrence
from findgroup.score_order import TieOrder, by_name, in_order, quick_keys
from findgroup.scoring import Key, Scorer
from findgroup.text import normalise
from findgroup.vocabulary import Vocabulary

__all__ = ["Match", "Outcome", "Result", "closest_topics", "rank", "with_times"]
FEW = 3  # below this many groups on the need itself, broader topics are offered too
TIMES_NOT_LISTED, SEVERAL_PLACES = "times not listed", "several places"
GENERAL_VIAS = ("broader", "family")  # how a match on a topic above the need was made


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
    part: str = ""  # "" | "several places" | "times not listed"

    @property
    def next(self) -> dt.datetime | None:
        """The earliest next meeting among the passing meetings."""
        dates = [when for _m, when in self.meetings if when is not None]
        return min(dates) if dates else None

    @property
    def general(self) -> bool:
        """True when only broader topics found the group (general support).

        A family group offered on a topic above the need (an autism forum for parents, to "my
        son has tics") is general support too.
        """
        topical = [m for m in self.matched if m.topic is not None]
        return bool(topical) and all(m.via in GENERAL_VIAS for m in topical)


class Outcome:
    """Ranked results, plus what the reader should be told about the search."""

    def __init__(
        self, results: list[Result], left_out_unscheduled: int = 0, total: int | None = None
    ) -> None:
        self.results = results
        self.left_out_unscheduled = left_out_unscheduled
        self.total = len(results) if total is None else total  # before the limit


def rank(
    vocab: Vocabulary,
    reading: Reading,
    filters: Filters,
    now: dt.datetime,
    tz: ZoneInfo,
    limit: int = 0,
    *,
    perspective: str = "",
    home: str | None = None,
    home_named: bool = False,
) -> Outcome:
    """Order the groups that meet the reading's needs and pass the filters.

    `perspective` ("self", "other") says who the search is for; `home` is the reader's
    country, whose groups come first among equals, and before all others when the query
    named it (`home_named`). `limit` (0: all) bounds the results.
    """
    index = vocab.index
    scorer = Scorer(
        vocab, reading, filters, now.astimezone(tz).date(), perspective, home, home_named
    )
    judged = filters.on_meetings or bool(filters.country)
    asked = scorer.candidates() if judged and not scorer.browsing else None
    found = by_group(slots(index, filters, now, tz, asked)) if judged or scorer.browsing else {}
    if scorer.browsing and filters.on_meetings:
        return _browse_meetings(index, scorer, found, now, tz, limit)
    outcome = _ranked(index, scorer, found, now, tz, limit)
    if scorer.browsing:
        return outcome
    few = [n for n in range(scorer.topic_needs) if _on_need(outcome.results, n, scorer) < FEW]
    if not few:  # general support follows the need, however high an audience lifts it
        results = sorted(outcome.results, key=_part_order(scorer))
        return Outcome(results, outcome.left_out_unscheduled, outcome.total)
    for n in few:
        scorer.widen(n)
    if judged:
        _add_slots(found, index, scorer, asked or [], now, tz)
    wider = _ranked(index, scorer, found, now, tz, limit)
    seen = {r.ref for r in outcome.results}
    extra = [r for r in wider.results if r.ref not in seen and r.general]
    results = sorted(outcome.results + extra, key=_part_order(scorer))
    total = outcome.total + len(extra)
    return Outcome(results[:limit] if limit else results, outcome.left_out_unscheduled, total)


def _add_slots(
    found: dict[int, list[Slot]],
    index: Index,
    scorer: Scorer,
    asked: list[int],
    now: dt.datetime,
    tz: ZoneInfo,
) -> None:
    """Add the meetings of the candidates widening brought (those not in `asked`)."""
    known = set(asked)
    broader = [c for c in scorer.candidates() if c not in known]
    found.update(by_group(slots(index, scorer.filters, now, tz, broader)))


def _part_order(scorer: Scorer) -> Callable[[Result], tuple[bool, bool]]:
    """Groups with times before those without, and within each, the need before general support.

    To a family member asking about a crisis ("my son attempted suicide"), a group for
    families is the first answer, though it is general support (see Scorer.crisis_of_other).
    """

    def order(result: Result) -> tuple[bool, bool]:
        general = result.general and not (
            scorer.crisis_of_other and scorer.for_these_families(result.group.audience)
        )
        return (result.part == TIMES_NOT_LISTED, general)

    return order


def _on_need(results: Sequence[Result], need: int, scorer: Scorer) -> int:
    """How many results meet a need on its own topic (not a broader one)."""
    offers = scorer.per_need[need]
    return sum(1 for r in results if r.ref in offers and offers[r.ref][1].via != "broader")


# radon E: the parts of an answer (the need, general support, times not listed) filled in one pass
# over ordered candidates
def _ranked(
    index: Index,
    scorer: Scorer,
    found: dict[int, list[Slot]],
    now: dt.datetime,
    tz: ZoneInfo,
    limit: int,
) -> Outcome:
    filters = scorer.filters
    today = now.astimezone(tz).date()
    if not filters.on_meetings and not filters.country and not scorer.browsing:
        quick = quick_keys(index, scorer)
        if quick is not None:  # the usual search: no row read but for the results shown
            results = _by_score(index, scorer, in_order(quick, by_name(index)), today, limit)
            return Outcome(results, 0, max(len(results), len(quick)))
    if scorer.browsing:
        rows = dict(index.all_rows())
        candidates = list(rows)
    else:
        candidates = scorer.candidates()
        if filters.on_meetings:  # a group with meetings passes only if one is among `found`
            without = set(index.unscheduled())
            candidates = [c for c in candidates if c in found or c in without]
        rows = index.rows(candidates)
    keys: dict[int, Key] = {}
    parts: dict[int, str] = {}
    unscheduled = 0
    key_of, widened, on_meetings = scorer.key, scorer.widened, filters.on_meetings
    for ref in candidates:
        row = rows[ref]
        key = key_of(ref, row)
        if key is None or (widened and scorer.general(ref, row)):
            continue
        if on_meetings and not row.meetings:
            part = unscheduled_part(row, filters)
            if part is None:
                unscheduled += 1
                continue
            parts[ref] = part
        keys[ref] = key
    if not filters.on_meetings and not filters.country and not scorer.browsing:
        results = _by_score(index, scorer, in_order(keys, _by_row(rows)), today, limit)
        return Outcome(results, unscheduled, max(len(results), len(keys)))
    checks = MeetingChecks(index, filters, now, tz, rows.__getitem__, found)
    if scorer.browsing or filters.soon_hours is not None:
        results, total = _by_time(scorer, list(keys), lambda refs: rows, checks, limit, parts)
        return Outcome(results, unscheduled, total)
    scheduled = [ref for ref in keys if ref not in parts and rows[ref].meetings]
    checks.prefetch([ref for ref in checks.unsettled(scheduled) if ref in found])
    passing = [ref for ref in keys if ref in parts or not rows[ref].meetings or checks.passes(ref)]
    if filters.near_point is None and limit:
        # the order needs no meeting (no distance): read whole groups only for those shown
        passing.sort(key=lambda ref: _row_order(scorer, ref, keys[ref], rows[ref], parts))
        shown = passing[:limit]
    else:
        shown = passing
    results = []
    for ref in shown:
        group = checks.group(ref)
        meetings = checks.passing(ref) if rows[ref].meetings else ()
        results.append(_result(scorer, ref, group, keys[ref], meetings, parts.get(ref, "")))
    results.sort(key=_order)
    return Outcome(results[:limit] if limit else results, unscheduled, len(passing))


def _row_order(
    scorer: Scorer, ref: int, key: Key, row: Row, parts: dict[int, str]
) -> tuple[object, ...]:
    """The order `_order` gives a result, from its row (for a search not near a place)."""
    return _sort_key(parts.get(ref, ""), -key[0], scorer.rank_key(key, None), row.name, row.gid)


def _order(r: Result) -> tuple[object, ...]:
    """Results of the main part first, then by needs met, score, name and id."""
    return _sort_key(r.part, r.needs_met, r.rank_key, r.group.name, r.group.id)


def _sort_key(
    part: str, needs_met: int, rank_key: tuple[float, ...], name: str, gid: str
) -> tuple[object, ...]:
    return (part == TIMES_NOT_LISTED, -needs_met, *rank_key, name.casefold(), gid)


def _result(
    scorer: Scorer, ref: int, group: Group, key: Key, passing: Meetings, part: str = ""
) -> Result:
    distance = scorer.distance(passing)
    needs_met, raw = -key[0], -key[2]
    score = max(0, min(100, round(100 * raw)))
    return Result(
        group,
        score,
        scorer.matches(ref, group),
        needs_met,
        passing,
        scorer.rank_key(key, distance),
        distance,
        ref,
        part,
    )


def _by_row(rows: dict[int, Row]) -> TieOrder:
    """Tied groups by name, then id, from their rows."""
    return lambda refs: sorted(refs, key=lambda ref: (rows[ref].name.casefold(), rows[ref].gid))


def _by_score(
    index: Index,
    scorer: Scorer,
    ordered: Iterable[tuple[Key, int]],
    today: dt.date,
    limit: int,
) -> list[Result]:
    """Results in score order (no meeting filter), from groups with their keys in order."""
    results: list[Result] = []
    for key, ref in ordered:
        group = index.group(ref)
        passing = tuple((m, None) for m in group.meetings)
        if any(m.may_end for m in group.meetings):
            passing = tuple((m, w) for m, w in passing if not _ended(m, today))
            if not passing:
                continue  # every meeting has ended
        results.append(_result(scorer, ref, group, key, passing))
        if len(results) == limit:
            return results
    return results


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


def _browse_meetings(
    index: Index,
    scorer: Scorer,
    found: dict[int, list[Slot]],
    now: dt.datetime,
    tz: ZoneInfo,
    limit: int,
) -> Outcome:
    """Every group with a meeting the query kept, soonest first; then the rest allowed.

    The rest are groups without a meeting list that the filters allow ("times not
    listed"). Rows are read only for those shown.
    """
    lazy = _LazyRows(index)
    checks = MeetingChecks(index, scorer.filters, now, tz, lazy.one, found)
    results, timed = _by_time(scorer, sorted(found), lazy.get, checks, limit, {})
    without = index.unscheduled()
    rows = index.rows(without)
    kept: list[tuple[tuple[object, ...], int, Key, str]] = []
    left_out = 0
    for ref in without:
        key = scorer.key(ref, rows[ref])
        if key is None:
            continue
        part = unscheduled_part(rows[ref], scorer.filters)
        if part is None:
            left_out += 1
        else:
            order = (part == TIMES_NOT_LISTED, *key, rows[ref].name.casefold(), rows[ref].gid)
            kept.append((order, ref, key, part))
    kept.sort()
    room = max(0, limit - len(results)) if limit else len(kept)
    groups = index.groups([ref for _o, ref, _k, _p in kept[:room]])
    extra = [_result(scorer, ref, groups[ref], key, (), part) for _o, ref, key, part in kept[:room]]
    return Outcome(results + extra, left_out, timed + len(kept))


_NEVER = 10**9  # minutes: a group without a next start sorts last


# radon E: settles order from meeting columns where SQL can, and from records only where it cannot;
# the two paths share one loop so no group is read twice
def _by_time(
    scorer: Scorer,
    refs: Sequence[int],
    rows_of: Callable[[Sequence[int]], dict[int, Row]],
    checks: MeetingChecks,
    limit: int,
    parts: dict[int, str],
) -> tuple[list[Result], int]:
    """Results soonest first (browsing, or --soon), ties by name then id; and how many in all.

    Each group's next
    start comes from its meeting columns where they settle it, else from its record; whole
    groups are read only for the results shown. Groups in a part of their own (times not
    listed) come after.
    """
    on_meetings = checks.judging
    if parts or on_meetings:
        # no meeting of a group outside found can pass (found holds every one that may)
        refs = [r for r in refs if r not in parts and (not on_meetings or r in checks.found)]
    minutes, unsure = checks.soonest(refs)
    checks.prefetch(unsure)
    for ref in unsure:
        if on_meetings and not checks.passes(ref):
            continue
        if checks.group(ref).meetings and not any(w for _m, w in checks.timed(ref)):
            continue  # every meeting has ended
        when = checks.next(ref)
        minutes[ref] = _NEVER if when is None else minutes_from(checks.now, checks.tz, when)
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
            if checks.filters.on_meetings and not rows[ref].meetings:
                unscheduled += 1
                continue
            results.append(_result(scorer, ref, checks.group(ref), key, checks.passing(ref)))
            if len(results) == limit:
                break
    rest = [ref for ref in refs if ref in parts]
    if rest and (not limit or len(results) < limit):
        rows = rows_of(rest)
        extra = []
        for ref in rest:
            key = scorer.key(ref, rows[ref])
            if key is not None:
                extra.append(_result(scorer, ref, checks.group(ref), key, (), parts[ref]))
        extra.sort(key=_order)
        results += extra[: limit - len(results)] if limit else extra
    return results, len(ordered) + len(rest) - unscheduled


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
    return [name for _text, name, _score in topic_suggestions(words, vocab, limit)]


def topic_suggestions(
    words: Sequence[str], vocab: Vocabulary, limit: int = 3
) -> list[tuple[str, str, float]]:
    """Topics close to words that matched nothing, closest first.

    Each is the close name or alias, the topic's name, and how close (0-100).
    """
    from rapidfuzz import fuzz, process

    norms, texts, owners = vocab.index.spellings()
    found: dict[str, tuple[float, str]] = {}
    for word in words:
        if len(word) < 4:
            continue
        typed = normalise(word)
        for norm, score, k in process.extract(typed, norms, scorer=fuzz.ratio, limit=limit * 3):
            text = texts[k]
            topic = vocab.index.topic(owners[k])
            if topic is None or score < 75 or abs(len(norm) - len(typed)) > 2:
                continue  # a word much shorter or longer is another word ("prison", Parkinson)
            if score > found.get(topic.name, (0.0, ""))[0]:
                found[topic.name] = (score, text)
    ranked = sorted(found.items(), key=lambda item: -item[1][0])[:limit]
    return [(text, name, score) for name, (score, text) in ranked]
