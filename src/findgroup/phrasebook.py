"""Phrases in data files, matched the way people write: the engine under risk and understand.

A phrase is matched in order after normalisation (case, accents, apostrophes, contractions,
slang rewrites) and English stemming, allowing a couple of words in between (never a word
naming someone else, never across a sentence) and one typo in a long word. Function words
are never typo-matched. The syntax is described at the top of data/risk.txt.
"""

import contextlib
import json
import re
import zlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from findgroup import __version__
from findgroup.stem import RULES, stem
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
MAX_GAP = 2  # other words allowed between two words of a phrase
MAX_BENIGN_GAP = 4
# Words that, between the words of a benign context, make it the reader's own risk again:
# "suicide attempt survivor" is not "suicide survivor" (bereaved by suicide).
OWN_RISK = frozenset(stem(w) for w in ("attempt", "attempted", "attempts", "attempting"))
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
    """A word of the search as matching sees it: normalised, stemmed, and as typed."""

    text: str
    stem: str
    raw: str = ""


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
        """Where each alternative that `words` spell from position `at` ends, longest first."""
        ends = []
        for choice in self.choices:
            stop = at + len(choice)
            if stop <= len(words) and all(w.matches(words[at + i]) for i, w in enumerate(choice)):
                ends.append(stop)
        return sorted(ends, reverse=True)


class Phrase(NamedTuple):
    """A phrase as written in a data file, compiled; `then` is what a rewrite puts instead."""

    text: str
    slots: tuple[Slot, ...]
    benign: bool
    then: str = ""  # a rewrite's words, or "@other" / "@self"
    section: str = ""

    @property
    def lenient(self) -> bool:
        """True for phrases whose gaps may name other people (benign contexts, rewrites)."""
        return self.benign or bool(self.then)


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


_PIECES = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def tokens(text: str) -> list[Token]:
    """The words of a text for phrase matching, with BOUNDARY tokens between sentences."""
    out: list[tuple[str, str]] = []
    for chunk in _SENTENCE_END.split(text):
        words: list[tuple[str, str]] = []
        for piece in _PIECES.findall(chunk):
            for word in normalise(piece).split():
                for w in _REWRITES.get(word, (word,)):
                    words.append((w, piece))
                    piece = ""  # the words a piece became: only the first carries it
        i = 0
        while i < len(words):
            pair = _PAIRS.get((words[i][0], words[i + 1][0])) if i + 1 < len(words) else None
            if pair:
                out.append((pair, f"{words[i][1]} {words[i + 1][1]}"))
                i += 2
            else:
                out.append(words[i])
                i += 1
        out.append((BOUNDARY, ""))
    return [Token(w, stem(w) if w else w, raw) for w, raw in out]


@lru_cache(maxsize=2048)
def _word(item: str) -> Word:
    exact = item.startswith("=")
    text = item.removeprefix("=")
    if not (text.isascii() and text.isalnum() and text.islower()):
        text = normalise(text)
    return Word(text, stem(text), exact, len(text) >= 5 and text not in FUNCTION_WORDS)


def compile_phrase(line: str, section: str = "") -> Phrase:
    """A phrase from one line of a data file (see data/risk.txt's header for the syntax)."""
    benign = line.startswith("!")
    body, _arrow, then = line.removeprefix("!").partition("->")
    body = body.strip()
    if body.startswith("@"):
        then, _space, body = body.partition(" ")
    slots = []
    for part in body.split():
        if part == "$":
            slots.append(Slot((), end=True))
            continue
        optional = part.startswith("[") and part.endswith("]")
        items = part.strip("[]").split("|")
        choices = tuple(tuple(_word(w) for w in item.split("_")) for item in items)
        slots.append(Slot(choices, optional=optional))
    return Phrase(line, tuple(slots), benign, then.strip(), section)


class Book:
    """The phrases of one data file, built when first needed, and the words each starts with.

    A phrase can only match where its first required word does, so `candidates` looks the
    search's words up in that index (and typo-compares the few long words that start alike)
    and only those phrases are matched in full.
    """

    def __init__(self, records: Sequence[Any], starts: dict[str, list[int]], loose: list[Any]):
        self._records = records
        self._built: dict[int, Phrase] = {}
        self._starts = starts  # a first word's text, stem or squeezed form -> phrases
        self._loose = loose  # [text, stem, phrase]: first words that may be mistyped

    def phrase(self, k: int) -> Phrase:
        """The k-th phrase of the file."""
        found = self._built.get(k)
        if found is None:
            found = self._built[k] = _phrase(self._records[k])
        return found

    def every(self) -> tuple[Phrase, ...]:
        """Every phrase, in the file's order."""
        return tuple(self.phrase(k) for k in range(len(self._records)))

    def candidates(self, words: Sequence[Token]) -> list[tuple[int, Phrase]]:
        """The phrases that could start at one of `words`, with their places in the file.

        In the file's order; every phrase that `find` could find in `words` is among them.
        """
        found: set[int] = set()
        for token in words:
            if token.text == BOUNDARY:
                continue
            forms = {token.text, token.stem, _squeezed(token.text)}
            forms.update(_swaps(token.text))
            for form in forms:
                found.update(self._starts.get(form, ()))
            if token.text in FUNCTION_WORDS:
                continue
            for text, stem_, k in self._loose:
                if k not in found and (
                    typos(token.stem, stem_) is not None or typos(token.text, text) is not None
                ):
                    found.add(k)
        return [(k, self.phrase(k)) for k in sorted(found)]


def _swaps(word: str) -> list[str]:
    """The word with each pair of neighbours swapped (four letters or more)."""
    if len(word) < 4:
        return []
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]


def _phrase(record: Any) -> Phrase:
    if isinstance(record, Phrase):
        return record
    text, slots, benign, then, section = record
    return Phrase(
        text,
        tuple(
            Slot(tuple(tuple(Word(*w) for w in c) for c in choices), optional, end)
            for choices, optional, end in slots
        ),
        benign,
        then,
        section,
    )


def _first_required(slots: tuple[Slot, ...]) -> int:
    """Where a match starts: the first required slot (optional ones before it are not sought)."""
    return next((k for k, s in enumerate(slots) if not s.optional and not s.end), 0)


def _first_words(phrase: Phrase) -> list[Word]:
    """The words a match of the phrase can start with (see `find`)."""
    first = phrase.slots[_first_required(phrase.slots)]
    return [choice[0] for choice in first.choices if choice]


def _index(phrases: Sequence[Phrase]) -> tuple[dict[str, list[int]], list[Any]]:
    starts: dict[str, list[int]] = {}
    loose: list[Any] = []
    for k, phrase in enumerate(phrases):
        for word in _first_words(phrase):
            for form in {word.text, word.stem, _squeezed(word.text)}:
                if k not in starts.setdefault(form, []):
                    starts[form].append(k)
            if word.fuzzy:
                loose.append([word.text, word.stem, k])
    return starts, loose


@lru_cache(maxsize=4)
def load(name: str) -> Book:
    """The phrases of a data file in data/, each with the `# ---` section it is under.

    Compiled once per version of the file and kept in the cache folder as JSON behind a
    checksum; a copy whose checksum fails, or that does not read back, is compiled again.
    """
    text = (Path(__file__).parent / "data" / name).read_text("utf-8")
    kept = _kept_path(name, text)
    with contextlib.suppress(OSError, ValueError, TypeError, IndexError, KeyError):
        mark, _newline, body = kept.read_text("utf-8").partition("\n")
        if int(mark, 16) == zlib.crc32(body.encode()):
            data = json.loads(body)
            return Book(data["phrases"], data["starts"], data["loose"])
    found = compile_text(text)
    starts, loose = _index(found)
    with contextlib.suppress(OSError):
        body = json.dumps({"phrases": found, "starts": starts, "loose": loose})
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_suffix(".tmp")
        temporary.write_text(f"{zlib.crc32(body.encode()):08x}\n{body}", "utf-8")
        temporary.replace(kept)
    return Book(found, starts, loose)


def _kept_path(name: str, text: str) -> Path:
    from findgroup.cache import cache_dir

    mark = zlib.crc32(text.encode()) ^ zlib.crc32(f"{__version__}/{RULES}".encode())
    return cache_dir() / "phrases" / f"{name}-{mark:08x}.json"


def compile_text(text: str) -> tuple[Phrase, ...]:
    """Every phrase of a data file's text, each with the `# ---` section it is under."""
    found: list[Phrase] = []
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("# ---"):
            section = line.strip("# -")
        if line and not line.startswith("#"):
            found.append(compile_phrase(line, section))
    return tuple(found)


def set_aside(phrase: Phrase, words: list[Token]) -> list[Token]:
    """The words with every span the phrase spells replaced by one BOUNDARY token."""
    while (span := find(phrase, words)) is not None:
        start, end = span
        words = [*words[:start], Token(BOUNDARY, BOUNDARY), *words[end:]]
    return words


def _gap_ok(token: Token, benign: bool) -> bool:
    if token.text == BOUNDARY:
        return False
    if benign:
        return token.stem not in OWN_RISK
    return token.text not in OTHERS


def find(phrase: Phrase, words: list[Token]) -> tuple[int, int] | None:
    """The first span (start, end) of `words` that spells the phrase, or None."""
    slots = phrase.slots
    if sum(not s.optional and not s.end for s in slots) > len(words):
        return None  # each slot it needs takes a word of its own
    gap = MAX_BENIGN_GAP if phrase.lenient else MAX_GAP

    def from_slot(k: int, after: int) -> int | None:
        """Where the match ends when slots[k:] are matched starting right after `after`."""
        if k == len(slots):
            return after
        slot = slots[k]
        if slot.end:
            ends = after == len(words) or words[after].text == BOUNDARY
            return from_slot(k + 1, after) if ends else None
        for j in range(after, min(len(words), after + gap + 1)):
            if j > after and not _gap_ok(words[j - 1], phrase.lenient):
                break
            for stop in slot.spell(words, j):
                found = from_slot(k + 1, stop)
                if found is not None:
                    return found
        return from_slot(k + 1, after) if slot.optional else None

    first = _first_required(slots)
    for start in range(len(words)):
        for stop in slots[first].spell(words, start):
            end = from_slot(first + 1, stop)
            if end is not None:
                return start, end
    return None
