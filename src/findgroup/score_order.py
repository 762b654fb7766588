"""Candidates in score order, read from per-group facts rather than rows.

For a search with no meeting, country or whole-group filter, a group's key needs only its
offers, its profile (topics, audience, languages, area), whether its name holds what was
asked, and its freshness, which each file keeps as facts (store.FACTS, PROFILES, INITIALS).
Rows are read only to order groups whose keys tie, by name then id, as far as they are shown.
"""

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence

from findgroup.index import MASK, SHIFT, FileFacts, Index, alike_row
from findgroup.scoring import Key, Scorer

FIRST, CHUNK = 4, 16  # rows read per file to order tied groups of several files: at first, then

TieOrder = Callable[[list[int]], Iterable[int]]


def quick_keys(index: Index, scorer: Scorer) -> dict[int, Key] | None:
    """Each standing candidate's key, from facts; None when they cannot settle it.

    They cannot when a filter judges whole groups, when a word of the need is a number (the
    word index keeps none), or when a file keeps no facts.
    """
    if scorer.judges_groups or any(w.isdigit() for w in scorer.hit_names):
        return None
    candidates = scorer.candidates()
    facts = index.file_facts({ref >> SHIFT for ref in candidates})
    if facts is None:
        return None
    programme: set[int] = set()
    for acronym in scorer.acronyms:
        programme |= index.initials_groups(acronym)
    named = index.named_groups(scorer.hit_names) if scorer.hit_names else set()
    stale_day = scorer.stale_before.toordinal()
    key_of, lift_of, widened = scorer.key_of, scorer.lift_of, scorer.widened
    keys: dict[int, Key] = {}
    for ref in candidates:
        mine = facts[ref >> SHIFT]
        o = ref & MASK
        alike = alike_row(mine.profiles[mine.profile[o]])
        day = mine.verified[o]
        key = key_of(ref, alike, lift_of(ref, programme, named), day == 0 or day < stale_day)
        if key is None or (widened and scorer.general(ref, alike)):
            continue
        keys[ref] = key
    return keys


def in_order(keys: dict[int, Key], tie_order: TieOrder) -> Iterator[tuple[Key, int]]:
    """Each group with its key, best first; groups whose keys tie in `tie_order`."""
    ranked: dict[Key, list[int]] = {}
    for ref, key in keys.items():
        ranked.setdefault(key, []).append(ref)
    for key in sorted(ranked):
        for ref in tie_order(ranked[key]):
            yield key, ref


def by_name(index: Index) -> TieOrder:
    """Tied groups by name, then id: within a file from its facts, across files by rows."""

    def order(refs: list[int]) -> Iterator[int]:
        facts = index.file_facts({ref >> SHIFT for ref in refs}) or {}
        by_file: dict[int, list[int]] = {}
        for ref in refs:
            by_file.setdefault(ref >> SHIFT, []).append(ref)
        for n, mine in by_file.items():
            mine.sort(key=_place_in(facts[n]))
        if len(by_file) == 1:
            yield from mine
            return
        index.rows([ref for mine in by_file.values() for ref in mine[:FIRST]])  # one statement
        for _name, _gid, ref in heapq.merge(*(_named(index, m) for m in by_file.values())):
            yield ref

    return order


def _place_in(facts: FileFacts) -> Callable[[int], int]:
    place = facts.order
    return lambda ref: place[ref & MASK]


def _named(index: Index, refs: Sequence[int]) -> Iterator[tuple[str, str, int]]:
    """One file's groups, in its name order, with what orders them across files."""
    bounds = [0, *range(FIRST, len(refs), CHUNK), len(refs)]
    for start, end in itertools.pairwise(bounds):
        chunk = refs[start:end]
        rows = index.rows(chunk)
        for ref in chunk:
            row = rows[ref]
            yield row.name.casefold(), row.gid, ref
