"""Whether a search's words suggest a risk of suicide or self-harm, from data/risk.txt.

The phrases (and where their classes come from) live in one data file, matched by the
phrasebook; benign contexts such as bereavement are set aside first. Function words are
never typo-matched, so "want to" on its own can never look like "want to die".
"""

from typing import NamedTuple

from findgroup.phrasebook import BOUNDARY, FUNCTION_WORDS, find, load, set_aside, tokens

__all__ = ["FUNCTION_WORDS", "Risk", "assess", "phrases", "suggests_risk"]


class Risk(NamedTuple):
    """What the risk check found: the phrases that matched, and the words they used."""

    phrases: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    self_harm: bool = False  # some matched phrase is about self-harm
    benign: frozenset[str] = frozenset()  # words set aside as a benign context (bereavement)

    def __bool__(self) -> bool:
        return bool(self.phrases)


def phrases() -> tuple[tuple[object, ...], tuple[object, ...], frozenset[str]]:
    """The data file's benign contexts, risk phrases, and the self-harm phrases' texts."""
    every = load("risk.txt").every()
    benign = tuple(p for p in every if p.benign)
    risky = tuple(p for p in every if not p.benign)
    return benign, risky, frozenset(p.text for p in risky if "Self-harm" in p.section)


def assess(text: str) -> Risk:
    """What in `text` suggests a risk of suicide or self-harm (falsy when nothing does)."""
    words = tokens(text)
    book = load("risk.txt")
    aside: set[str] = set()
    for _k, phrase in book.candidates(words):
        if phrase.benign:
            before = {w.text for w in words}
            words = set_aside(phrase, words)
            aside |= before - {w.text for w in words}
    found: list[str] = []
    used: set[str] = set()
    self_harm = False
    for _k, phrase in book.candidates(words):  # the words left once benign ones are aside
        if phrase.benign:
            continue
        span = find(phrase, words)
        if span is not None:
            found.append(phrase.text)
            used.update(w.text for w in words[span[0] : span[1]] if w.text != BOUNDARY)
            self_harm |= "Self-harm" in phrase.section
    return Risk(tuple(found), frozenset(used), self_harm, frozenset(aside))


def suggests_risk(text: str) -> bool:
    """True when the words suggest a risk of suicide or self-harm."""
    return bool(assess(text))
