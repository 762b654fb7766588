"""How many typing mistakes separate two words, within a budget that grows with their length.

The budget is at most two edits, so the distance is found by trying the four edits at the first
letter that differs (a few string comparisons in C) rather than filling a table: a search checks
a few hundred word pairs, and this keeps rapidfuzz's import (tens of milliseconds) for the
commands that compare one word against thousands.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8192)
def typos(query: str, target: str) -> int | None:
    """Edits between two words within the length budget, or None when too far.

    Up to 4 letters: exact only. 5-8 letters: 1 edit. 9 or more: 2. A swapped pair counts once;
    a wrong first letter counts twice. A prefix of 5 or more letters counts as one edit.
    """
    if query == target:
        return 0
    if len(query) <= 4 or len(target) <= 4:
        return None
    budget = 1 if len(query) <= 8 else 2
    if target.startswith(query):
        return 1
    penalty = 1 if query[0] != target[0] else 0
    distance = edits_within(query, target, budget - penalty)
    return None if distance is None else distance + penalty


def edits_within(a: str, b: str, limit: int) -> int | None:
    """The optimal-string-alignment distance of `a` and `b` when it is at most `limit`, else None.

    Substitutions, insertions, deletions and swaps of two neighbouring letters count one each,
    and no letter is edited twice (as rapidfuzz's OSA.distance counts them).
    """
    if limit < 0 or abs(len(a) - len(b)) > limit:
        return None
    start = 0
    stop = min(len(a), len(b))
    while start < stop and a[start] == b[start]:
        start += 1
    a, b = a[start:], b[start:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return len(a) + len(b) if len(a) + len(b) <= limit else None
    if limit == 0:
        return None
    tries = [(a[1:], b[1:]), (a[1:], b), (a, b[1:])]
    if len(a) > 1 and len(b) > 1 and a[0] == b[1] and a[1] == b[0]:
        tries.append((a[2:], b[2:]))
    found = [edits_within(x, y, limit - 1) for x, y in tries]
    best = min((f for f in found if f is not None), default=None)
    return None if best is None else best + 1
