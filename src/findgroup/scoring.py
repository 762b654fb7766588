"""How strongly each candidate group meets a reading, before its meetings are looked at.

A group's key is (needs met, for whom, score, from another country, stale): more needs
first; for a search about someone else, groups for families and carers on that need before
the rest; then the score, then groups for the reader's own country, then fresher listings.
The score is the mean of the group's offers for each need, lifted for the audience the
reader named and, for a search about someone else, for groups for family and carers
(not those on a broader topic, offered for being such groups: general support); lowered
for a group for another audience, one in another language, one also on a more specific
topic than the one asked for (a baby-loss group, to "my mum died"), on a need of another
kind (bereavement by cancer), or on several needs beside the one asked (a programme for
every addiction, to "heroin").
"""

from __future__ import annotations

import datetime as dt
import math

from findgroup.dates import STALE_AFTER_MONTHS, months_before
from findgroup.filters import Filters, meeting_distance, row_passes
from findgroup.index import Row
from findgroup.match import Hit, Reading
from findgroup.model import Group, Meeting
from findgroup.offers import Match, Offer, need_offers, word_offers
from findgroup.perspective import (
    ADDICTION,
    APPROACHES,
    FAMILY,
    FEELINGS,
    ROLES,
    for_family_only,
    plan,
)
from findgroup.text import normalise
from findgroup.vocabulary import Vocabulary

AUDIENCE_LIFT, AUDIENCE_OTHER, NAME_BONUS = 0.1, -0.05, 0.05
NAMED_AUDIENCE = 0.35  # a group for the audience the reader named ("sober women")
# audiences beside families that do not say whose families a group is for
FAMILY_TOO = frozenset({"parents", "women", "men"})
NAMED_OTHER = -0.15  # a group only for others than the audience named (men's, to "i'm trans")
PROGRAMME_NAMED = 0.2  # the reader named the programme by its initials ("na meetings")
SPECIALISED = -0.1  # a group also on a more specific topic than the one asked for
ELSEWHERE = -0.05  # a group also on a need of another kind (bereavement by cancer, to "grief")
WIDE = -0.02  # a group also on two or more needs beside the one asked (SMART, to "heroin")
RARE_NEED = 0.02  # among equals, the group on the rarer need ("in debt and cant cope": debt)
CONTEXT = 0.05  # a group on the addiction itself, to a family member ("my husband drinks")
# a group on that addiction alone (Al-Anon, OLG-Anon): above a families' group naming none
FOCUSED_CONTEXT = 0.12
FOR_FAMILY_BROADER = 0.8  # a family group on a broader topic, to a search about someone else
Key = tuple[int, int, float, float, bool]  # see Scorer.key
Weighed = tuple[int, int, float, tuple[float, ...], float, float]  # see Scorer._weigh
Meetings = tuple[tuple[Meeting, dt.datetime | None], ...]
# a signature not weighed yet, told by identity (None: weighed, and it does not stand)
_UNWEIGHED: Weighed = (0, 0, 0.0, (), 0.0, 0.0)


class Scorer:
    """The offers each need makes, and each candidate's key."""

    # radon E: precomputes, once per search, every fact the per-group key reads (needs, tiers,
    # audiences, filters); each is a short independent branch
    def __init__(
        self,
        vocab: Vocabulary,
        reading: Reading,
        filters: Filters,
        today: dt.date,
        perspective: str = "",
        home: str | None = None,
        home_named: bool = False,
    ) -> None:
        self.vocab, self.reading, self.filters = vocab, reading, filters
        self.home = filters.country or home  # whose groups come first among equals
        # "grief support in ireland": the reader said where, so other countries' groups
        # follow every group open there, however relevant (--country leaves them out)
        self.home_named = home_named and self.home is not None
        aim = plan(vocab, reading, perspective)
        needs = aim.needs
        self.perspective = aim.perspective
        self.named = aim.named
        self.not_them = aim.not_them
        self.preferred = aim.preferred | aim.named
        self.needs: list[list[Hit]] = needs
        self.per_need = [need_offers(vocab, hits) for hits in needs]
        # the broader offer to a group holding a family offer, for when it is not for families
        self.not_for_family: dict[tuple[int, int], Offer] = {}  # by (need, group)
        self.context = [need_offers(vocab, hits) for hits in aim.context]
        self.context_topics = frozenset(h.owner for need in aim.context for h in need)
        self._addictions: dict[str, bool] = {}
        self.named_addictions = self.context_topics - {ADDICTION}  # "drinks": alcohol
        if aim.family_wide:
            for n in range(len(needs)):
                self._offer_family_groups(n)
        words = [word_offers(vocab, word, mistyped=not needs) for word in reading.free]
        self.per_need += [offers for offers in words if offers]  # a common word finds nothing
        self.topic_needs = len(needs)
        size = max(vocab.index.size, 1)
        self.rarity = [1 - min(len(offers), size) / size for offers in self.per_need]
        self.browsing = not needs and not reading.free
        self.hit_names = {w for need in needs for h in need for w in normalise(h.term).split()}
        # no name holds the text "\x00": with no words to find, no group is named for them
        self._longest_hit = max(self.hit_names, key=len, default="\x00")
        self.acronyms = {
            term for need in needs for h in need if 2 <= len(term := normalise(h.term)) <= 5
        } | {w for w in reading.free if 2 <= len(w) <= 5}
        self.asked_roles = frozenset(h.owner for need in needs for h in need) & ROLES
        self.stale_before = months_before(today, STALE_AFTER_MONTHS)
        within = filters.verified_within
        self.verified_since = months_before(today, within) if within is not None else None
        self.judges_groups = bool(
            self.verified_since or filters.audience or filters.lang or filters.free
            or filters.country
        )  # fmt: skip
        self.asked = frozenset(h.owner for need in needs for h in need)
        # "my son attempted suicide": a group on suicidal feelings is for those who have them;
        # the one asking is served first by a group for families, even on a broader topic
        self.crisis_of_other = self.perspective == "other" and any(
            (topic := vocab.index.topic(owner)) is not None and topic.crisis for owner in self.asked
        )
        below = {t for owner in self.asked for t in vocab.narrower(owner)}
        self.below = frozenset(below - self.asked - APPROACHES)  # more specific than the need
        above = {t for owner in self.asked for t in vocab.broader(owner)}
        siblings = {t for topic in above for t in vocab.narrower(topic)}
        # beside it, under a broader topic: one other condition is another focus
        # (an approach, such as the twelve steps, says how a group works, not what it is about)
        self.beside = frozenset(siblings - above - self.asked - self.below - APPROACHES)
        self._roots: dict[str, frozenset[str]] = {}
        self._topic_facts: dict[tuple[str, ...], tuple[float, float]] = {}
        self._alike: dict[tuple[object, ...], Weighed | None] = {}
        self._narrower_named: set[int] | None = None  # see _named_for_narrower
        self.proper_name_asked = _proper_name_asked(needs)
        # one need and no context, the usual search: a group's offers are one object
        self._one_need = self.per_need[0] if len(self.per_need) == 1 and not self.context else None
        self.widened = False
        self.asked_roots = frozenset(r for owner in self.asked for r in self.roots(owner))
        families = _families_served(vocab, self.asked)  # groups for families serve the need
        self.families_need = bool(families)
        self.preferred = self.preferred | families
        self._families_for = FAMILY | FAMILY_TOO | self.named | self.preferred  # whose families

    def _offer_family_groups(self, need: int) -> None:
        """Groups on the topics above a need, offered if they turn out to be for families."""
        hit = self.needs[need][0]
        above: dict[str, int] = {}
        for h in self.needs[need]:
            for topic, depth in self.vocab.broader(h.owner).items():
                above[topic] = min(depth, above.get(topic, depth))
        for topic, depth in above.items():
            strength = (FOR_FAMILY_BROADER - 0.05 * (depth - 1)) * hit.score / 100
            offer = (strength, Match(hit.need, topic, "family", hit.term, round(100 * strength)))
            for ref in self.vocab.index.topic_groups(topic):  # one offer object: see key_of
                if ref not in self.per_need[need]:
                    self.per_need[need][ref] = offer

    def widen(self, need: int) -> None:
        """Offer groups on the topics above a need too (it found fewer than three)."""
        self.widened = True
        wider = need_offers(self.vocab, self.needs[need], broader=True)
        above = {t for h in self.needs[need] for t in self.vocab.broader(h.owner)}
        beside = {t for topic in above for t in self.vocab.narrower(topic)}
        self.beside |= beside - above - self.asked - self.below - APPROACHES
        self._topic_facts.clear()  # they read `beside`
        self._alike.clear()
        held = self.per_need[need]
        for ref, offer in wider.items():
            if ref not in held:
                held[ref] = offer
            elif held[ref][1].via == "family":
                self.not_for_family[need, ref] = offer

    def general(self, ref: int, row: Row) -> bool:
        """True for a broader-topic group that is no general support for this reader.

        Such as a general carers' group, for someone asking about bpd (an audience the reader
        did not name), or a Parkinson's group also listed as neurological, for someone asking
        about epilepsy (one other condition beside the need is its focus; how a need feels,
        emotional distress, is no condition). For a need under a families' topic, only
        groups on that topic are general support.
        """
        if not self.widened:
            return False  # only widen() offers groups on broader topics
        offers = self._offers(ref, row.audience)
        if not offers or any(match.via != "broader" for _s, match in offers):
            return False
        if self.families_need:  # adult children of alcoholics: Al-Anon, not Cocaine Anonymous
            return ROLES.isdisjoint(row.topics)
        if len(self.beside.intersection(row.topics).difference(FEELINGS)) == 1:
            return True
        return bool(row.audience) and self.preferred.isdisjoint(row.audience)

    def candidates(self) -> list[int]:
        """The groups that meet some need, in catalogue order."""
        return sorted(set().union(*self.per_need)) if self.per_need else []

    def key(self, ref: int, row: Row) -> Key | None:
        """The group's sort key, or None when a filter leaves it out."""
        if self.judges_groups and not row_passes(row, self.filters, self.verified_since):
            return None
        when = row.verified
        return self.key_of(ref, row, self._named(row), when is None or when < self.stale_before)

    def key_of(self, ref: int, alike: Row, lift: float, stale: bool) -> Key | None:
        """The sort key from a group's profile (in `alike`), its name's lift and its freshness.

        All but the lift and freshness follow from the group's offers and its topics,
        audience, languages and area (its row's profile), so groups alike in those are
        weighed once (the sums are made in the same order). The filters judged on whole
        groups are not asked here (see key).
        """
        if self._one_need is not None:
            offered: object = id(self._one_need.get(ref))
        else:
            offered = (
                tuple([id(need.get(ref)) for need in self.per_need]),
                tuple([id(c.get(ref)) for c in self.context]),
            )
        sig = (offered, alike.profile)
        weighed = self._alike.get(sig, _UNWEIGHED)
        if weighed is _UNWEIGHED:
            weighed = self._alike[sig] = self._weigh(ref, alike)
        if weighed is None:
            return None
        needs_met, for_them, raw, addends, specialised, foreign = weighed
        raw += lift
        for addend in addends:
            raw += addend
        # a group named for the programme asked for ("al-anon") is not set lower; one whose
        # name holds a plain word asked ("Sands Bereavement", to "bereavement") or the narrower
        # topic's name ("Blood Cancer UK", to "cancer") is
        if specialised and not (
            lift and self.proper_name_asked and not self._named_for_narrower(ref)
        ):
            raw += specialised
        return (needs_met, for_them, -raw, foreign, stale)

    def lift_of(self, ref: int, programme: set[int], named: set[int]) -> float:
        """The name's lift (see _named), from sets of groups found in the word index.

        `programme`: those whose initials make an acronym asked; `named`: those whose name
        holds every word of the need.
        """
        if ref in programme:
            return PROGRAMME_NAMED
        return NAME_BONUS if ref in named else 0.0

    def _weigh(self, ref: int, row: Row) -> Weighed | None:
        """What the key takes from a group's offers and columns: None when it does not stand.

        Needs met (negated), for whom (a tier: 0 first; with a country named in the query,
        other countries' groups after each), the mean offer, what is added to it after the name's
        lift, in order (zeros left out: adding one changes nothing), whether it is
        specialised (set lower unless its name holds what was asked), and where it stands
        for the reader's country (see _foreign).
        """
        offers = self.offers(ref, row)
        if not self._stands(ref, row, offers):
            return None
        english = any(code.split("-")[0] == "en" for code in row.languages)
        area = row.area
        foreign = _foreign(self.home, area)
        facts = self._topic_facts.get(row.topics)
        if facts is None:
            facts = self._topic_facts[row.topics] = self._on_topics(row.topics)
        may_specialise, lower = facts
        strengths = [strength for strength, _m in offers]
        raw = sum(strengths) / len(self.per_need) if self.per_need else 0.0
        addends = [self._audience(row, offers)]
        if self.context:
            on_it = max((c[ref][0] for c in self.context if ref in c), default=0.0)
            if self._on_one_addiction(row.topics):  # Nar-Anon, on drugs, to "he smokes weed"
                addends.append(FOCUSED_CONTEXT * max(on_it, FOR_FAMILY_BROADER))
            else:
                addends.append(CONTEXT * on_it)
        needs = enumerate(self.per_need)
        addends.append(
            RARE_NEED * max((self.rarity[n] for n, need in needs if ref in need), default=0.0)
        )
        # "my mum died": a baby-loss group after bereavement (see key)
        specialised = self._specialised(ref, may_specialise)
        if lower:
            addends.append(lower)
        if self.filters.lang is None and not english:
            addends.append(AUDIENCE_OTHER)  # held in another language, and none was asked for
        on_need_for_family = self.for_these_families(row.audience) and (
            self.crisis_of_other or any(m.via != "family" for _s, m in offers)
        )
        # a group on the families' own topic is for them, whoever else it serves (OLG-Anon)
        on_role = not row.audience and not self.asked_roles.isdisjoint(row.topics)
        for_them = int(self.perspective == "other" and not (on_need_for_family or on_role))
        if self.home_named:
            for_them = 2 * for_them + int(foreign == 1.0)
        kept = tuple(a for a in addends if a)
        return (-len(strengths), for_them, raw, kept, specialised, foreign)

    def offers(self, ref: int, row: Row) -> list[Offer]:
        """The group's offers for each need; a broader one made to families only if it is."""
        return self._offers(ref, row.audience)

    def _offers(self, ref: int, audience: tuple[str, ...]) -> list[Offer]:
        found = [need[ref] for need in self.per_need if ref in need]
        if not any(m.via == "family" for _s, m in found) or self.for_these_families(audience):
            return found
        kept = []
        for n, need in enumerate(self.per_need):
            offer = need.get(ref)
            if offer is not None and offer[1].via == "family":
                offer = self.not_for_family.get((n, ref))  # general support, once widened
            if offer is not None:
                kept.append(offer)
        return kept

    def for_these_families(self, audience: tuple[str, ...]) -> bool:
        """True when a group is for families and for no one else the reader did not name.

        A family group serves "my son attempted suicide"; one for the families of LGBTQ+
        people (PFLAG) or of veterans does not, unless the reader said so. Women or men beside
        families name another of the organisation's groups, not whose families it is for.
        """
        return not FAMILY.isdisjoint(audience) and self._families_for.issuperset(audience)

    def _stands(self, ref: int, row: Row, offers: list[Offer]) -> bool:
        """False for a group that should not be offered at all for this search.

        Not when found by a word in its description alone ("learn french"); not a group
        only for families to a reader asking for themselves ("i cant stop drinking"); not,
        when browsing for an audience, a group for someone else.
        """
        if self.browsing:
            return not self.named or self.named <= set(row.audience)  # a trans teen: both
        if not offers or all(m.via == "description" for _s, m in offers):
            return False
        self_only = self.perspective == "self" and not self.asked_roles
        if self_only and for_family_only(row.audience) and not self.named:
            return False
        return not self._about_another_addiction(row)

    def _about_another_addiction(self, row: Row) -> bool:
        """True for a families' group on other addictions only (Gam-Anon, to "he drinks").

        Only when the search names a particular addiction; a group naming none, or a related
        one (drugs, to "heroin"), stands.
        """
        if not self.named_addictions:
            return False
        own = self._own_addictions(row.topics)
        return bool(own) and not any(
            self._related(t, c) for t in own for c in self.named_addictions
        )

    def _on_one_addiction(self, topics: tuple[str, ...]) -> bool:
        """True when a group's topics name one addiction, and it is the one the reader named."""
        own = [t for t in self._own_addictions(topics) if t not in APPROACHES]
        return len(own) == 1 and any(self._related(own[0], c) for c in self.named_addictions)

    def _own_addictions(self, topics: tuple[str, ...]) -> list[str]:
        """The addictions among a group's topics, but for addiction itself."""
        return [t for t in topics if t != ADDICTION and self._is_addiction(t)]

    def _is_addiction(self, topic: str) -> bool:
        if topic not in self._addictions:
            self._addictions[topic] = topic not in ROLES and ADDICTION in self.vocab.broader(topic)
        return self._addictions[topic]

    def _related(self, one: str, other: str) -> bool:
        """The same topic, or one above the other ("drugs" and "opioids")."""
        return one == other or one in self.vocab.broader(other) or other in self.vocab.broader(one)

    def _named(self, row: Row) -> float:
        """The lift for a group whose name holds the need's words, or the programme's initials."""
        if self.acronyms and not self.acronyms.isdisjoint(row.initials):
            return PROGRAMME_NAMED
        name = row.name_words
        if self._longest_hit in name and self.hit_names.issubset(name.split()):
            return NAME_BONUS  # (the first test is a quick one, on the text)
        return 0.0

    def roots(self, topic: str) -> frozenset[str]:
        """The topics at the top of the hierarchy above a topic (itself, when it has none)."""
        if topic not in self._roots:
            above = self.vocab.broader(topic)
            found = frozenset(t for t in above if not self.vocab.broader(t)) or frozenset({topic})
            self._roots[topic] = found
        return self._roots[topic]

    def _on_topics(self, topics: tuple[str, ...]) -> tuple[float, float]:
        """How much a group's topics may set it lower as specialised, and as spread wider.

        One focus below the need sets it lower by SPECIALISED, two by half as much (alcohol
        and drugs, to "addiction", is broader than cocaine alone); a topic above another of
        its own is no focus of its own. Wider: also on a need of another kind (a topic
        under another root), ELSEWHERE; also on two or more needs beside this one (alcohol
        and gambling, to "heroin": a programme for every addiction after Narcotics
        Anonymous), WIDE.
        """
        elsewhere = bool(self.asked_roots) and any(
            self.roots(t).isdisjoint(self.asked_roots)
            for t in topics  # a role under a need is of that need's kind (families, addiction)
            if (t not in ROLES or self.vocab.broader(t)) and t not in APPROACHES
        )
        beside = len(self.beside.intersection(topics))
        lower = (ELSEWHERE if elsewhere else 0.0) + (WIDE if beside >= 2 else 0.0)
        # its focus is what the reader said ("drinks": Al-Anon; "weed": drugs, Nar-Anon)
        if not self.context_topics.isdisjoint(topics) or any(
            self._related(t, c) for t in topics if t != ADDICTION for c in self.named_addictions
        ):
            return 0.0, lower
        mine = self.below.intersection(topics)
        foci = [t for t in mine if not any(t in self.vocab.broader(u) for u in mine)]
        if len(foci) == 1 or (not foci and beside == 1):
            return SPECIALISED, lower
        return (SPECIALISED / 2 if len(foci) == 2 else 0.0), lower

    def _named_for_narrower(self, ref: int) -> bool:
        """True when the group's name holds the name of a topic below the need."""
        if self._narrower_named is None:
            found: set[int] = set()
            for topic in self.below:
                entry = self.vocab.index.topic(topic)
                words = normalise(entry.name).split() if entry is not None else []
                if words and not any(w.isdigit() for w in words):
                    found |= self.vocab.index.named_groups(words)
            self._narrower_named = found
        return ref in self._narrower_named

    def _specialised(self, ref: int, weight: float) -> float:
        """`weight` for a group with a focus more specific than, or beside, the need; else 0.

        A bereavement group for parents, to "my mum died": one or two topics below the need.
        Three or more cover the field broadly (a general mental-health group listing
        conditions). Beside the need, only a single other focus counts (a young people's
        group on self-harm and distress is near "suicidal"). Groups found only through such
        topics already score lower. `weight` is what its topics may cost it (see _on_topics).
        """
        if weight and any(need[ref][1].via != "narrower" for need in self.per_need if ref in need):
            return weight
        return 0.0

    def _audience(self, row: Row, offers: list[Offer]) -> float:
        """The lift or fall for who the group is for.

        A family group offered on a broader topic is offered for being one: it is not lifted
        for it again.
        """
        audience = row.audience
        if not self.named.isdisjoint(audience):
            return NAMED_AUDIENCE
        if offers and all(m.via == "family" for _s, m in offers):
            return 0.0
        if not self.not_them.isdisjoint(audience) and FAMILY.isdisjoint(audience):
            return NAMED_OTHER  # a men's group, to "my mum is lonely"
        if not self.preferred.isdisjoint(audience):
            others = set(audience) - self.preferred - FAMILY_TOO
            return AUDIENCE_OTHER if others else AUDIENCE_LIFT  # veterans' families: not lifted
        if audience and not self.browsing:
            return NAMED_OTHER if self.named else AUDIENCE_OTHER
        return 0.0

    def matches(self, ref: int, group: Group) -> tuple[Match, ...]:
        """Why the group was found, strongest first."""
        offers = self._offers(ref, tuple(group.audience))
        matched = [match for _s, match in sorted(offers, key=lambda offer: -offer[0])]
        if not self.named.isdisjoint(group.audience):  # PFLAG, to "my son is gay": no general group
            matched = [m._replace(via="family-named") if m.via == "family" else m for m in matched]
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
        tier, raw, foreign, stale = key[1], -key[2], key[3], key[4]
        if self.filters.near_point is not None:
            far = math.inf if distance is None else distance
            return (float(tier), -round(raw, 1), foreign, far, float(stale))
        return (float(tier), -raw, foreign, float(stale))


def _foreign(home: str | None, area: tuple[str, ...]) -> float:
    """Where a group stands among equals for a reader in `home` (lower first).

    Its own country's groups (0), then groups for anywhere (0.5), then other countries' (1).
    """
    if not home:
        return 0.0
    if not area:
        return 0.5
    return 0.0 if home in area else 1.0


def _families_served(vocab: Vocabulary, asked: frozenset[str]) -> frozenset[str]:
    """FAMILY for a need under a families' topic, else nothing.

    Adult children of alcoholics, under families affected by addiction, is a families' need
    itself, so groups for families serve it.
    """
    return FAMILY if any(not ROLES.isdisjoint(vocab.broader(t)) for t in asked) else frozenset()


def _proper_name_asked(needs: list[list[Hit]]) -> bool:
    """True when a need was matched through an alias written as a proper name ("Al-Anon")."""
    return any(h.via == "alias" and h.term[:1].isupper() for need in needs for h in need)
