"""Who a search is for, and what that changes about its needs.

"caring for my wife who has ms" and "cancer carer" are about ms and cancer, for someone who
cares: the caring says who is asking, so groups for carers and families come first. "my
husband drinks too much" is about alcohol for a family member, and the family member's own
need is the catalogue's topic for the families of people with an addiction (Al-Anon meets
both). "my partner has bipolar": a family group for mental illness in general serves too.
"""

from collections.abc import Sequence
from typing import NamedTuple

from findgroup.match import Hit, Reading
from findgroup.vocabulary import Vocabulary

FAMILY = frozenset({"family", "carers"})  # audiences of the people around someone
ROLES = frozenset({"carers", "family-addiction"})  # topics that say who is asking, not what
APPROACHES = frozenset({"twelve-step", "secular-recovery"})  # topics that say how, not what
# how a need feels rather than what it is: beside a need that says what, it is not searched
# ("struggling with alcohol" is about alcohol; "i'm struggling" alone is emotional distress)
FEELINGS = frozenset({"emotional-distress"})
ADDICTION, FAMILY_OF_ADDICTION = "addiction", "family-addiction"
# who the search is about, when a family word says so ("my mum is lonely": not a men's group)
WOMEN = frozenset({"mum", "mom", "mother", "wife", "sister", "daughter", "girlfriend"})
MEN = frozenset({"dad", "father", "husband", "brother", "son", "boyfriend"})


class Plan(NamedTuple):
    """The needs to search for, the audiences to prefer, and who the search is for."""

    needs: list[list[Hit]]
    context: list[list[Hit]]  # needs that only lift groups ("drinks" in "my husband drinks")
    named: frozenset[str]  # audiences the reader named ("women", "veterans")
    preferred: frozenset[str]  # audiences that follow from who is asking (families, carers)
    perspective: str  # "self", "other" or ""
    family_wide: bool  # family groups on a broader topic meet the needs too
    not_them: frozenset[str] = frozenset()  # audiences the person talked about is not in


def plan(vocab: Vocabulary, reading: Reading, perspective: str) -> Plan:
    """What the search looks for, given who it is for."""
    needs = _what_it_is(reading.needs)
    named = frozenset(h.owner for h in reading.audiences)
    preferred: set[str] = set()
    roles = [n for n in needs if _is_role(n)]
    if roles:  # "i am a carer for my dad": "dad" says whom the reader cares for, "carer" who
        named = named - {"family", "parents"}
        preferred, perspective = _roles_say_who(needs, roles, perspective)
    family_wide = False
    context: list[list[Hit]] = []
    if perspective == "parent":  # "my son has adhd": groups for parents too
        preferred.add("parents")
        perspective = "other"
    if perspective == "other":
        preferred |= FAMILY
        named = named - FAMILY - {"parents"}  # "my dad has...": "dad" says who, not for whom
        addictions = [n for n in needs if _is_addiction(vocab, n)]
        if addictions and vocab.index.topic_count(FAMILY_OF_ADDICTION):
            # the family member's need: groups for families of people with an addiction,
            # those on this addiction first (Al-Anon, to "my husband drinks too much")
            first = addictions[0][0]
            context = addictions
            needs = [n for n in needs if n not in addictions]
            needs.insert(0, [Hit(first.need, FAMILY_OF_ADDICTION, first.term, "alias", 0)])
        else:
            family_wide = True
    not_them = _not_them(reading, perspective)
    return Plan(needs, context, named, frozenset(preferred), perspective, family_wide, not_them)


def _roles_say_who(
    needs: list[list[Hit]], roles: list[list[Hit]], perspective: str
) -> tuple[set[str], str]:
    """The audiences a role prefers, and who the search is for; takes roles from `needs`.

    "cancer carer": cancer is the need, carer says who is asking, so the role goes. "young
    carer": the role is the need itself, and groups for carers are for the reader.
    """
    if len(roles) == len(needs):
        return {h.owner for need in roles for h in need if h.owner in FAMILY}, perspective
    preferred: set[str] = set()
    for need in roles:
        needs.remove(need)
        preferred |= {h.owner for h in need if h.owner in FAMILY} or set(FAMILY)
    return preferred, perspective if perspective in ("other", "parent") else "other"


def _not_them(reading: Reading, perspective: str) -> frozenset[str]:
    """The gendered audience the person talked about is not in ("my mum": men)."""
    if perspective != "other":
        return frozenset()
    said = {w for h in reading.audiences for w in h.need.lower().split()}
    if said & WOMEN and not said & MEN:
        return frozenset({"men"})
    if said & MEN and not said & WOMEN:
        return frozenset({"women"})
    return frozenset()


def _is_addiction(vocab: Vocabulary, need: Sequence[Hit]) -> bool:
    """True when a need is an addiction (and not already the families' topic)."""
    owners = {h.owner for h in need}
    if FAMILY_OF_ADDICTION in owners:
        return False
    return any(o == ADDICTION or ADDICTION in vocab.broader(o) for o in owners)


def _what_it_is(needs: Sequence[list[Hit]]) -> list[list[Hit]]:
    """The needs that say what the need is: those saying only how it feels go, unless all do."""
    said = [n for n in needs if not (n and all(h.owner in FEELINGS for h in n))]
    return said or list(needs)


def _is_role(need: Sequence[Hit]) -> bool:
    """True when every topic a need matched says who is asking (carers, families)."""
    return bool(need) and all(h.owner in ROLES for h in need)


def for_family_only(audience: Sequence[str]) -> bool:
    """True for a group only for the people around someone (families, carers).

    Parents count when the group is for carers or families too ("parents and carers" of a
    child with ADHD); a group for parents alone may be for their own need (new mums).
    """
    return not FAMILY.isdisjoint(audience) and FAMILY.union(("parents",)).issuperset(audience)
