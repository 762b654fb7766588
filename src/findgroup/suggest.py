"""Did-you-mean hints for a mistyped word, from a list of the words that were allowed."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 66) -> str | None:
    """The choice most like `word` (case-insensitive), or None when nothing is close."""
    from rapidfuzz import fuzz, process, utils

    found = process.extractOne(
        word,
        list(choices),
        scorer=fuzz.ratio,
        processor=utils.default_process,
        score_cutoff=cutoff,
    )
    return None if found is None else str(found[0])


def hint(word: str, choices: Iterable[str], cutoff: float = 66) -> str:
    """`; did you mean 'x'?` when a choice is close, else the empty string."""
    found = closest(word, choices, cutoff)
    return f"; did you mean '{found}'?" if found else ""


def closest_many(
    word: str, choices: Iterable[str], limit: int = 3, cutoff: float = 60
) -> list[str]:
    """Up to `limit` choices most like `word`, best first."""
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        word,
        list(choices),
        scorer=fuzz.ratio,
        processor=utils.default_process,
        score_cutoff=cutoff,
        limit=limit,
    )
    return [str(choice) for choice, _score, _i in found]
