"""How many typing mistakes separate two words, within a budget that grows with their length."""

from __future__ import annotations


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
    from rapidfuzz.distance import OSA

    distance = OSA.distance(query, target, score_cutoff=budget + 1)
    if query[0] != target[0]:
        distance += 1
    return distance if distance <= budget else None
