"""What a search is about, as people put it: life events rewritten, and who it is for.

"my husband drinks too much" is about alcohol, for a family member; "lost my son to suicide"
is suicide bereavement and the loss of a child; "12 step alternative" is secular recovery.
The rewrites and the signs of who a search is for live in data/needs.txt; the rewritten
words are then matched against the catalogue's vocabulary as any words are.
"""

from typing import NamedTuple

from findgroup.phrasebook import BOUNDARY, Book, Token, find, load, tokens


class Understanding(NamedTuple):
    """The words to match, who the search is for, and what was read differently."""

    text: str
    perspective: str  # "other" (someone else), "parent" (their child), "self", "own", or ""
    # ("own": a rewrite said the need is the reader's, as a bereavement is; groups for
    # families are not set aside, since the bereaved are the family)
    rewrites: tuple[tuple[str, str], ...]  # (what was written, what it was read as)


def understand(text: str) -> Understanding:
    """Rewrite life events into needs and tell who the search is for."""
    book = load("needs.txt")
    written = tokens(text)
    words, rewrites, mine = _rewritten(book, written)
    # who it is for, in the words as rewritten, else as written (a rewrite may take the
    # words that said it: "my son overdosed" is read as drugs, and is about the son)
    perspective = "own" if mine else _marked(book, words) or _marked(book, written)
    kept = " ".join(t.raw for t in words if t.raw)
    return Understanding(kept, perspective, tuple(rewrites))


def _marked(book: Book, words: list[Token]) -> str:
    """Who the words say the search is for ("parent", "other", "self"), or ""."""
    markers = [p for _k, p in book.candidates(words) if p.then.startswith("@")]
    for marker in ("@parent", "@other", "@self"):
        if any(p.then == marker and find(p, words) is not None for p in markers):
            return marker[1:]
    return ""


def _rewritten(book: Book, words: list[Token]) -> tuple[list[Token], list[tuple[str, str]], bool]:
    """The words with every life event rewritten, in the file's order.

    Also the rewrites made, and whether one said the need is the reader's own (a bereavement).
    """
    rewrites: list[tuple[str, str]] = []
    mine = False
    queue = book.candidates(words)
    while queue:
        k, phrase = queue.pop(0)
        if not phrase.then or phrase.then.startswith("@"):
            continue
        then, own = phrase.then.removesuffix(" @self"), phrase.then.endswith(" @self")
        rewritten = False
        while (span := find(phrase, words)) is not None:
            start, end = span
            said = " ".join(t.raw for t in words[start:end] if t.raw)
            rewrites.append((said, then))
            mine = mine or own
            read = [Token(w, w, w) for w in then.replace(",", " ").split()]
            words = [*words[:start], *read, Token(BOUNDARY, BOUNDARY), *words[end:]]
            rewritten = True
        if rewritten:  # the new words may start later phrases
            queue = [(j, p) for j, p in book.candidates(words) if j > k]
    return words, rewrites, mine
