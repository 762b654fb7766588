"""How strongly each candidate group meets a reading, before its meetings are looked at.

A group's key is (needs met, score, from another country, stale): more needs first, then
the score, then groups for the reader's own country, then fresher listings. The score is
the mean of the group's offers for each need, lifted for the audience the reader named and,
for a search about someone else, for groups for family and carers; lowered for a group for
another audience, one in another language, one also on a more specific topic than the one
asked for (a baby-loss group, to "my mum died"), and for a search about oneself, a group
for family members.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from findgroup.dates import STALE_AFTER_MONTHS, months_before
from findgroup.filters import Filters, meeting_distance, row_passes
from findgroup.index import Row
from findgroup.match import Hit, Reading
from findgroup.model import Group, Meeting
from findgroup.offers import Match, Offer, need_offers, word_offers
from findgroup.text import normalise
from findgroup.vocabulary import Vocabulary

AUDIENCE_LIFT, AUDIENCE_OTHER, NAME_BONUS = 0.1, -0.05, 0.05
SPECIALISED = -0.1  # a group also on a more specific topic than the one asked for
FOR_FAMILY = -0.15  # a group for family members, to a reader asking for themselves
FAMILY = frozenset({"family", "carers"})  # audiences of the people around someone
ROLES = frozenset({"carers", "family-addiction"})  # topics that say who, not what
Key = tuple[int, float, int, bool]
Meetings = tuple[tuple[Meeting, dt.datetime | None], ...]


class Scorer:
    """The offers each need makes, and each candidate's key."""

    def __init__(
        self,
        vocab: Vocabulary,
        reading: Reading,
        filters: Filters,
        today: dt.date,
        perspective: str = "",
        home: str | None = None,
    ) -> None:
        self.vocab, self.reading, self.filters = vocab, reading, filters
        self.perspective = perspective
        self.home = home if not filters.country else None
        needs = list(reading.needs)
        preferred = {h.owner for h in reading.audiences}
        if perspective == "other" and any(not _is_role(n) for n in needs):
            # "caring for my wife who has ms": ms is the need; caring says who is asking
            for need in [n for n in needs if _is_role(n)]:
                needs.remove(need)
                preferred |= {h.owner for h in need if h.owner in FAMILY} or set(FAMILY)
        self.needs: list[list[Hit]] = needs
        self.preferred = frozenset(preferred)
        self.per_need = [need_offers(vocab, hits) for hits in needs]
        words = [word_offers(vocab, word) for word in reading.free]
        self.per_need += [offers for offers in words if offers]  # a common word finds nothing
        self.topic_needs = len(needs)
        self.browsing = not needs and not reading.free
        self.hit_names = {w for need in needs for h in need for w in normalise(h.term).split()}
        self.stale_before = months_before(today, STALE_AFTER_MONTHS)
        within = filters.verified_within
        self.verified_since = months_before(today, within) if within is not None else None
        self.judges_groups = bool(
            self.verified_since or filters.audience or filters.lang or filters.free
            or filters.country
        )  # fmt: skip
        self.english: dict[tuple[str, ...], bool] = {}
        self.asked = frozenset(h.owner for need in needs for h in need)
        below = {t for owner in self.asked for t in vocab.narrower(owner)}
        self.specialised = frozenset(below - self.asked)

    def widen(self, need: int) -> None:
        """Offer groups on the topics above a need too (it found fewer than three)."""
        wider = need_offers(self.vocab, self.needs[need], broader=True)
        above = {t for h in self.needs[need] for t in self.vocab.broader(h.owner)}
        beside = {t for topic in above for t in self.vocab.narrower(topic)}
        self.specialised |= beside - above - self.asked
        for ref, offer in wider.items():
            if ref not in self.per_need[need]:
                self.per_need[need][ref] = offer

    def general(self, ref: int, row: Row) -> bool:
        """True for a broader-topic group for an audience the reader did not name.

        Such as a general carers' group, for someone asking about bpd.
        """
        offers = [need[ref] for need in self.per_need if ref in need]
        if not offers or any(match.via != "broader" for _s, match in offers):
            return False
        return bool(row.audience) and self.preferred.isdisjoint(row.audience)

    def candidates(self) -> list[int]:
        """The groups that meet some need, in catalogue order."""
        return sorted(set().union(*self.per_need)) if self.per_need else []

    def key(self, ref: int, row: Row) -> Key | None:
        """The group's sort key, or None when a filter leaves it out."""
        if self.judges_groups and not row_passes(row, self.filters, self.verified_since):
            return None
        per_need = self.per_need
        strengths = [need[ref][0] for need in per_need if ref in need]
        raw = sum(strengths) / len(per_need) if per_need else 0.0
        name = row.name_words
        hit_names = self.hit_names
        if hit_names and all(w in name for w in hit_names) and hit_names.issubset(name.split()):
            raw += NAME_BONUS
        raw += self._audience(row)
        if self._specialised(ref, row):
            raw += SPECIALISED  # "my mum died": a baby-loss group after general bereavement
        spoken = row.languages
        if spoken not in self.english:
            self.english[spoken] = any(c.split("-")[0] == "en" for c in spoken)
        if self.filters.lang is None and not self.english[spoken]:
            raw += AUDIENCE_OTHER  # held in another language, and none was asked for
        foreign = int(bool(self.home and row.area and self.home not in row.area))
        when = row.verified
        return (-len(strengths), -raw, foreign, when is None or when < self.stale_before)

    def _specialised(self, ref: int, row: Row) -> bool:
        """True for a group on one or two topics more specific than those asked for.

        Groups found only through such a topic already score lower, and one on three or more
        of them covers the field broadly (a general mental-health group listing conditions).
        """
        narrower = len(self.specialised.intersection(row.topics))
        if not 0 < narrower <= 2:
            return False
        return any(need[ref][1].via != "narrower" for need in self.per_need if ref in need)

    def _audience(self, row: Row) -> float:
        """The lift or fall for who the group is for."""
        audience = row.audience
        if not self.preferred.isdisjoint(audience):
            return AUDIENCE_LIFT
        for_family = not FAMILY.isdisjoint(audience)
        if self.perspective == "other" and for_family:
            return AUDIENCE_LIFT
        if self.perspective == "self" and for_family:
            return FOR_FAMILY
        if audience and not self.browsing:
            return AUDIENCE_OTHER
        return 0.0

    def matches(self, ref: int, group: Group) -> tuple[Match, ...]:
        """Why the group was found, strongest first."""
        offers: list[Offer] = [need[ref] for need in self.per_need if ref in need]
        matched = [match for _s, match in sorted(offers, key=lambda offer: -offer[0])]
        matched += [
            Match(h.need, None, "audience", h.term, 100)
            for h in self.reading.audiences
            if h.owner in group.audience
        ]
        return tuple(matched)

    def distance(self, passing: Meetings) -> float | None:
        """How far the nearest passing in-person meeting is from --near."""
        point = self.filters.near_point
        if point is None:
            return None
        distances = [meeting_distance(m, point) for m, _w in passing]
        return min((d for d in distances if d is not None), default=None)

    def rank_key(self, key: Key, distance: float | None) -> tuple[float, ...]:
        """The order among equal numbers of needs met (near a place: distance counts)."""
        raw, foreign, stale = -key[1], key[2], key[3]
        if self.filters.near_point is not None:
            far = math.inf if distance is None else distance
            return (-round(raw, 1), float(foreign), far, float(stale))
        return (-raw, float(foreign), float(stale))


def _is_role(need: Sequence[Hit]) -> bool:
    """True when every topic a need matched says who is asking (carers, families)."""
    return bool(need) and all(h.owner in ROLES for h in need)
