"""English stemming (the Snowball algorithm, through PyStemmer): drinks, drinking -> drink."""

from __future__ import annotations

from functools import lru_cache

# Snowball cuts some words down to another word ("overeating" -> "over"); a stem that drops
# more letters than this is not taken (the word stands for itself). Part of the keys of what
# is made with stems (compiled phrases, the store's postings), so a change remakes them.
MOST_CUT = 4
RULES = f"snowball-english-cut-{MOST_CUT}"


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer  # type: ignore[import-not-found]

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's English stem ("dying" -> "die", "gambles" -> "gambl").

    Words with digits, or letters from other scripts, come back as they are, and so does a
    word Snowball would cut by more than MOST_CUT letters ("overeating", not "over").
    """
    if not word.isascii() or not word.isalpha():
        return word
    found: str = _stemmer().stemWord(word)  # type: ignore[attr-defined]
    return found if len(word) - len(found) <= MOST_CUT else word
