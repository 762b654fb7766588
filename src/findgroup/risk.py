"""Whether a search's words suggest a risk of suicide or self-harm, from data/risk.txt.

The phrases (and where their classes come from) live in one data file. Each is matched in
order after normalisation (case, accents, apostrophes, contractions, slang rewrites) and
English stemming, allowing a couple of words in between and one typo in a long word; benign
contexts such as bereavement are set aside first. Function words are never typo-matched, so
"want to" on its own can never look like "want to die".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from findgroup.stem import stem
from findgroup.text import normalise
from findgroup.typo import typos

FUNCTION_WORDS = frozenset(  # a word list reads better as text
    """a about after again all am an and any are as at be because been being but by can cant
    could did didnt do does doesnt dont down for from get got had has have having he her
    here hers herself him himself his how i if in into is isnt it its just let like make
    made me more most much my myself need never no noone not now of off on once only or
    our out over please really same she should so some such than that the their them
    themselves then there these they this those to too up us very was wasnt we were what
    whats when where which while who why will with without wont would you your yourself
    going want wanna feel felt think keep try take took taken go every everyone everything
    nothing someone""".split()  # noqa: SIM905
)
# Words naming someone else: between the words of a phrase they mean it is not about the
# reader ("i don't want dad to die").
OTHERS = frozenset(  # a word list reads better as text
    """my his her their your our him them he she they you someone somebody people mum mom
    mother dad father son daughter husband wife partner boyfriend girlfriend friend
    brother sister child kids baby family""".split()  # noqa: SIM905
)
MAX_GAP = 2  # other words allowed between two words of a risk phrase
MAX_BENIGN_GAP = 4
BOUNDARY = ""
_SENTENCE_END = re.compile(r"[.!?;:,\n]+")
_REWRITES = {
    "cannot": ("cant",),
    "wanna": ("want", "to"),
    "gonna": ("going", "to"),
    "gotta": ("got", "to"),
    "im": ("i", "am"),
    "ive": ("i", "have"),
    "youre": ("you", "are"),
    "kms": ("kill", "myself"),
    "kys": ("kill", "yourself"),
    "nobody": ("noone",),
    "everybody": ("everyone",),
    "2": ("to",),
    "u": ("you",),
    "ur": ("your",),
    "selfharm": ("selfharm",),
}
_PAIRS = {
    ("can", "not"): "cant",
    ("do", "not"): "dont",
    ("any", "more"): "anymore",
    ("my", "self"): "myself",
    ("no", "one"): "noone",
    ("every", "one"): "everyone",
    ("sewer", "slide"): "sewerslide",
}


class Token(NamedTuple):
    """A word of the search as matching sees it: normalised, and stemmed."""

    text: str
    stem: str


class Word(NamedTuple):
    """One way to fill a slot of a phrase."""

    text: str
    stem: str
    exact: bool  # '=word': this form only
    fuzzy: bool  # may be mistyped

    def matches(self, token: Token) -> bool:
        """True when the token is this word (as typed, stemmed, or mistyped within budget)."""
        if token.text == self.text:
            return True
        if self.exact:
            return _squeezed(token.text) == _squeezed(self.text)
        if token.stem == self.stem or _squeezed(token.text) == _squeezed(self.text):
            return True
        if not self.fuzzy or token.text in FUNCTION_WORDS:
            return _swapped(token.text, self.text)
        return typos(token.stem, self.stem) is not None or typos(token.text, self.text) is not None


Choice = tuple[Word, ...]  # one alternative: a word, or words that follow each other


class Slot(NamedTuple):
    """One position of a phrase: its alternatives, or the end of a sentence (`end`)."""

    choices: tuple[Choice, ...]
    optional: bool = False
    end: bool = False

    def spell(self, words: list[Token], at: int) -> list[int]:
        """Where each alternative that `words` spell from position `at` ends."""
        ends = []
        for choice in self.choices:
            stop = at + len(choice)
            if stop <= len(words) and all(w.matches(words[at + i]) for i, w in enumerate(choice)):
                ends.append(stop)
        return ends


class Phrase(NamedTuple):
    """A risk phrase (or a benign context) as written in the data file, compiled."""

    text: str
    slots: tuple[Slot, ...]
    benign: bool


class Risk(NamedTuple):
    """What the risk check found: the phrases that matched, and the words they used."""

    phrases: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    self_harm: bool = False  # some matched phrase is about self-harm
    benign: frozenset[str] = frozenset()  # words set aside as a benign context (bereavement)

    def __bool__(self) -> bool:
        return bool(self.phrases)


def _swapped(typed: str, word: str) -> bool:
    """True when `typed` is `word` of four letters or more with two neighbours swapped."""
    if len(word) < 4 or len(typed) != len(word) or typed == word:
        return False
    i = next(k for k in range(len(word)) if typed[k] != word[k])
    if i + 1 >= len(word):
        return False
    swapped = typed[i] == word[i + 1] and typed[i + 1] == word[i]
    return swapped and typed[i + 2 :] == word[i + 2 :]


@lru_cache(maxsize=4096)
def _squeezed(word: str) -> str:
    """The word with doubled letters made single ("kill" -> "kil", "pills" -> "pils")."""
    return re.sub(r"(.)\1+", r"\1", word)


def tokens(text: str) -> list[Token]:
    """The words of a search for risk matching, with BOUNDARY tokens between sentences."""
    out: list[str] = []
    for chunk in _SENTENCE_END.split(text):
        words: list[str] = []
        for word in normalise(chunk).split():
            words.extend(_REWRITES.get(word, (word,)))
        i = 0
        while i < len(words):
            pair = _PAIRS.get((words[i], words[i + 1])) if i + 1 < len(words) else None
            out.append(pair or words[i])
            i += 2 if pair else 1
        out.append(BOUNDARY)
    return [Token(w, stem(w) if w else w) for w in out]


@lru_cache(maxsize=2048)
def _word(item: str) -> Word:
    exact = item.startswith("=")
    text = item.removeprefix("=")
    if not (text.isascii() and text.isalnum() and text.islower()):
        text = normalise(text)
    return Word(text, stem(text), exact, len(text) >= 5 and text not in FUNCTION_WORDS)


def compile_phrase(line: str) -> Phrase:
    """A phrase from one line of the data file (see its header for the syntax)."""
    benign = line.startswith("!")
    body = line.removeprefix("!").strip()
    slots = []
    for part in body.split():
        if part == "$":
            slots.append(Slot((), end=True))
            continue
        optional = part.startswith("[") and part.endswith("]")
        items = part.strip("[]").split("|")
        choices = tuple(tuple(_word(w) for w in item.split("_")) for item in items)
        slots.append(Slot(choices, optional=optional))
    return Phrase(line, tuple(slots), benign)


@lru_cache(maxsize=1)
def phrases() -> tuple[tuple[Phrase, ...], tuple[Phrase, ...], frozenset[str]]:
    """The data file's benign contexts, risk phrases, and the self-harm phrases' texts."""
    text = (Path(__file__).parent / "data" / "risk.txt").read_text("utf-8")
    benign: list[Phrase] = []
    risky: list[Phrase] = []
    self_harm: set[str] = set()
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("# ---"):
            section = line
        if not line or line.startswith("#"):
            continue
        phrase = compile_phrase(line)
        (benign if phrase.benign else risky).append(phrase)
        if "Self-harm" in section:
            self_harm.add(phrase.text)
    return tuple(benign), tuple(risky), frozenset(self_harm)


def _gap_ok(token: Token, benign: bool) -> bool:
    if token.text == BOUNDARY:
        return False
    return benign or token.text not in OTHERS


def find(phrase: Phrase, words: list[Token]) -> tuple[int, int] | None:
    """The first span (start, end) of `words` that spells the phrase, or None."""
    gap = MAX_BENIGN_GAP if phrase.benign else MAX_GAP
    slots = phrase.slots

    def from_slot(k: int, after: int) -> int | None:
        """Where the match ends when slots[k:] are matched starting right after `after`."""
        if k == len(slots):
            return after
        slot = slots[k]
        if slot.end:
            ends = after == len(words) or words[after].text == BOUNDARY
            return from_slot(k + 1, after) if ends else None
        for j in range(after, min(len(words), after + gap + 1)):
            if j > after and not _gap_ok(words[j - 1], phrase.benign):
                break
            for stop in slot.spell(words, j):
                found = from_slot(k + 1, stop)
                if found is not None:
                    return found
        return from_slot(k + 1, after) if slot.optional else None

    # a phrase starts at its first required slot; optional ones before it are not looked for
    first = next((k for k, s in enumerate(slots) if not s.optional and not s.end), 0)
    for start in range(len(words)):
        for stop in slots[first].spell(words, start):
            end = from_slot(first + 1, stop)
            if end is not None:
                return start, end
    return None


def assess(text: str) -> Risk:
    """What in `text` suggests a risk of suicide or self-harm (falsy when nothing does)."""
    words = tokens(text)
    benign, risky, self_harm = phrases()
    set_aside: set[str] = set()
    for phrase in benign:
        while (span := find(phrase, words)) is not None:
            start, end = span
            set_aside.update(w.text for w in words[start:end] if w.text)
            words[start:end] = [Token(BOUNDARY, BOUNDARY)]
    found: list[str] = []
    used: set[str] = set()
    for phrase in risky:
        span = find(phrase, words)
        if span is not None:
            found.append(phrase.text)
            used.update(w.text for w in words[span[0] : span[1]] if w.text)
    return Risk(
        tuple(found), frozenset(used), any(p in self_harm for p in found), frozenset(set_aside)
    )


def suggests_risk(text: str) -> bool:
    """True when the words suggest a risk of suicide or self-harm."""
    return bool(assess(text))
