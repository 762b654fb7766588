"""The searchable vocabulary over an Index: candidate terms for a word, and the hierarchy."""

from __future__ import annotations

from findgroup.index import Index, Term

PARTIAL_LIMIT = 64_000


class Vocabulary:
    """Topic and audience terms, looked up a word at a time, and broader/narrower topics."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._candidates: dict[tuple[str, str, int], list[Term]] = {}
        self._weights: dict[str, int] = {}

    def candidates(self, words: tuple[str, ...], of: str, partial: bool = False) -> list[Term]:
        """The terms (of topics, or of audiences) the typed `words` might spell, in order.

        A term the words could spell has a word within the typo budget of each of them, so
        the candidates are the terms with a word like the rarest of them: of as many words
        as were typed, or with `partial` longer ones whose run of words they might be. The
        work grows with the query, not with the vocabulary: words too common to name one
        need (in more than PARTIAL_LIMIT bytes of terms) spell no part of a longer term.
        """
        rarest = min(words, key=self._weight) if len(words) > 1 else words[0]
        if not partial:
            return self._like(rarest, of, len(words))
        if self._weight(rarest) > PARTIAL_LIMIT:
            return []
        return [t for t in self._like(rarest, of, 0) if len(t.words) > len(words)]

    def _weight(self, word: str) -> int:
        if word not in self._weights:
            similar = self.index.similar(word)
            self._weights[word] = sum(self.index.term_weight(w) for w, _t in similar)
        return self._weights[word]

    def _like(self, word: str, of: str, length: int) -> list[Term]:
        key = (word, of, length)
        if key not in self._candidates:
            found: dict[tuple[str, tuple[int, int]], Term] = {}
            for similar, _typos in self.index.similar(word):
                for term in self.index.terms(similar, length):
                    if term.of == of:
                        found[(term.text, term.order)] = term
            self._candidates[key] = sorted(found.values(), key=lambda t: t.order)
        return self._candidates[key]

    def _walk(self, start: str, step: str) -> dict[str, int]:
        depth: dict[str, int] = {}
        frontier = [start]
        level = 0
        while frontier and level < 32:
            level += 1
            nxt = []
            for node in frontier:
                if step == "down":
                    others: tuple[str, ...] = self.index.children(node)
                else:
                    topic = self.index.topic(node)
                    others = topic.broader if topic is not None else ()
                for other in others:
                    if other != start and other not in depth:
                        depth[other] = level
                        nxt.append(other)
            frontier = nxt
        return depth

    def narrower(self, topic_id: str) -> dict[str, int]:
        """Every topic below `topic_id`, with how many levels below it is."""
        return self._walk(topic_id, "down")

    def broader(self, topic_id: str) -> dict[str, int]:
        """Every topic above `topic_id`, with how many levels above it is."""
        return self._walk(topic_id, "up")
