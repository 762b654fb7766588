"""Text normalisation shared by matching and checks: case, accents, apostrophes, punctuation."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")  # what is not a letter or digit, in any script


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "a", "an", "in", "uk", "usa"})


def initials(words: str) -> str:
    """The initials of normalised words ("narcotics anonymous" -> "na")."""
    return "".join(w[0] for w in words.split() if w not in _SMALL_WORDS and not w.isdigit())


def normalise(text: str) -> str:
    """Case-folded words of letters and digits, in any script, separated by single spaces.

    "Crohn's" -> "crohns", "Self-Harm" -> "self harm", "ME/CFS" -> "me cfs", "Café" -> "cafe",
    "ΠΈΝΘΟΣ" -> "πενθοσ", "Горе" -> "горе", "悲伤" stays "悲伤". Accents and other combining
    marks are removed, so a word written with or without them is the same word.
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _APOSTROPHES.sub("", text.casefold()).replace("&", " and ")
    return _NON_WORD.sub(" ", folded).strip()
