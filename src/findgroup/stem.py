"""English stemming (the Snowball algorithm, through PyStemmer): drinks, drinking -> drink."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer  # type: ignore[import-not-found]

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's English stem ("dying" -> "die", "gambles" -> "gambl").

    Words with digits, or letters from other scripts, come back as they are.
    """
    if not word.isascii() or not word.isalpha():
        return word
    found: str = _stemmer().stemWord(word)  # type: ignore[attr-defined]
    return found
