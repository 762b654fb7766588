"""Need words to topic and audience hits: normalisation, phrases, acronyms and typo budgets."""

import re
from itertools import pairwise
from typing import NamedTuple

from findgroup.index import Term
from findgroup.stem import stem
from findgroup.text import normalise
from findgroup.typo import typos
from findgroup.vocabulary import Vocabulary

_FILLER_WORDS = """a about affected an and any are at by can cope coping dealing do for
    from get group
    groups has have having he help her him his i im in is it its looking meeting meetings
    my need needs of on or our people person she someone support the their them they to want
    we who with living lives find near"""
FILLER = frozenset(_FILLER_WORDS.split())
# Aliases that are also everyday words: they match only typed in capitals or alone.
EVERYDAY = frozenset({"me", "us", "it", "am", "an", "as", "be", "do", "go", "he", "so", "no"})
_PIECES = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# the words a run of a longer term may leave out: what kind of thing the term names, never
# what it is about ("boderline personality" is the disorder; "cutting down on" is no drinking)
_GENERIC = frozenset(
    {"disorder", "disorders", "disease", "diseases", "syndrome", "condition", "conditions",
     "illness", "illnesses", "problem", "problems", "difficulties", "issues", "injury",
     "injuries", "anonymous"}
)  # fmt: skip
MAX_WORDS = 32  # a query is read this far: enough for any need, and bounded time for any text


class Token(NamedTuple):
    """One query word: normalised, and as typed."""

    norm: str
    raw: str


class Hit(NamedTuple):
    """A need matched to a topic (or audience) through one of its terms."""

    need: str
    owner: str
    term: str
    via: str  # exact | alias | typo
    typos: int

    @property
    def score(self) -> int:
        """How well the words matched the term, 0-100."""
        return max(60, 100 - 15 * self.typos)


class Reading:
    """What a query asks for: needs (each a list of topic hits), free words, audiences."""

    def __init__(self) -> None:
        self.needs: list[list[Hit]] = []
        self.free: list[str] = []
        self.audiences: list[Hit] = []
        self.content_words = 0
        self.words = 0  # how many words were read
        self.cut_short = False  # the query had more words than were read


def tokenize(text: str) -> list[Token]:
    """Split a query into words, keeping how each was typed."""
    out = []
    for piece in _PIECES.findall(text):
        for norm in normalise(piece).split():
            out.append(Token(norm, piece))
    return out


def join_split_words(tokens: list[Token], vocab: Vocabulary) -> list[Token]:
    """Two words the vocabulary knows as one ("post natal" for "postnatal"), joined.

    Only when no term has the two words in a row ("post traumatic" stays two words).
    """
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            first, second = tokens[i], tokens[i + 1]
            joined = first.norm + second.norm
            if (
                len(first.norm) > 1
                and vocab.index.terms(joined)
                and not any(
                    _in_a_row(term.words, first.norm, second.norm)
                    for term in vocab.index.terms(first.norm)
                )
            ):
                out.append(Token(joined, first.raw + second.raw))
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return out


def _in_a_row(words: tuple[str, ...], first: str, second: str) -> bool:
    return any(a == first and b == second for a, b in pairwise(words))


def _match_term(tokens: list[Token], term: Term, alone: bool, partial: bool = False) -> int | None:
    """Typos needed for `tokens` to spell `term` (all its words, in order), or None.

    With `partial`, two or more tokens (two of them not filler words) may spell a run of a
    longer term's words, at the cost of one more typo ("boderline personality" for
    "borderline personality disorder"), when the words left out are generic (_GENERIC).
    """
    if partial:
        if len(tokens) < 2 or len(tokens) >= len(term.words):
            return None
        if sum(t.norm not in FILLER for t in tokens) < 2:
            return None  # "want to" is no part of "want to die", nor "my son" of "lost my son"
        found = [
            _match_words(tokens, term.words[start : start + len(tokens)], alone)
            for start in range(len(term.words) - len(tokens) + 1)
            if _GENERIC.issuperset(term.words[:start] + term.words[start + len(tokens) :])
        ]
        counts = [f for f in found if f is not None]
        return min(counts) + 1 if counts else None
    if len(tokens) != len(term.words):
        return None
    return _match_words(tokens, term.words, alone)


def _match_words(tokens: list[Token], words: tuple[str, ...], alone: bool) -> int | None:
    total = 0
    for token, word in zip(tokens, words, strict=True):
        typed_as_acronym = alone or (token.raw.isupper() and len(token.raw) > 1)
        if word in EVERYDAY and len(words) == 1 and not typed_as_acronym:
            return None
        found = typos(token.norm, word)
        if found is None and stem(token.norm) != stem(word):
            return None
        total += found or 0  # another form of the word ("drinks", "drinking") is no typo
    return total


def _best(
    tokens: list[Token], words: tuple[str, ...], of: str, alone: bool, vocab: Vocabulary
) -> list[tuple[Term, int]]:
    for partial in (False, True):
        best: dict[str, tuple[Term, int]] = {}
        for term in vocab.candidates(words, of, partial):
            found = _match_term(tokens, term, alone, partial)
            if found is None or not vocab.index.counts(term):
                continue
            current = best.get(term.owner)
            rank = (found, term.kind != "name")
            if current is None or rank < (current[1], current[0].kind != "name"):
                best[term.owner] = (term, found)
        if best:
            return list(best.values())
    return []


def _hits(need: str, found: list[tuple[Term, int]]) -> list[Hit]:
    hits = []
    for term, count in found:
        via = "typo" if count else ("exact" if term.kind == "name" else "alias")
        hits.append(Hit(need, term.owner, term.text, via, count))
    return sorted(hits, key=lambda h: (h.typos, h.owner))


def read_query(
    text: str, vocab: Vocabulary, max_phrase: int = 6, max_words: int = MAX_WORDS
) -> Reading:
    """Split a query into needs, audience preferences and leftover words.

    Only the first `max_words` words are read (`cut_short` says when there were more).
    """
    tokens = join_split_words(tokenize(text), vocab)
    reading = Reading()
    if len(tokens) > max_words:
        tokens, reading.cut_short = tokens[: max(max_words, 0)], True
    reading.words = len(tokens)
    alone = len(tokens) == 1
    i = 0
    while i < len(tokens):
        matched = False
        for length in range(min(max_phrase, len(tokens) - i), 0, -1):
            span = tokens[i : i + length]
            if length == 1 and span[0].norm in FILLER:
                break
            need = " ".join(t.raw for t in span)
            words = tuple(t.norm for t in span)
            topics = _best(span, words, "topic", alone, vocab)
            audiences = _best(span, words, "audience", alone, vocab)
            if topics:
                reading.needs.append(_hits(need, topics))
            if audiences:
                reading.audiences.extend(_hits(need, audiences))
            if topics or audiences:
                reading.content_words += length
                i += length
                matched = True
                break
        if not matched:
            token = tokens[i]
            if (
                token.norm not in FILLER
                and token.norm not in EVERYDAY
                and len(token.norm) > 2
                and not token.norm.isdigit()
            ):
                reading.free.append(token.norm)
                reading.content_words += 1
            i += 1
    return reading
