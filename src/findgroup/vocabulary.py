"""The searchable vocabulary over an Index: candidate terms for a word, and the hierarchy."""

from __future__ import annotations

from findgroup.index import Index, Term


class Vocabulary:
    """Topic and audience terms, looked up a word at a time, and broader/narrower topics."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._candidates: dict[tuple[str, str], list[Term]] = {}

    def candidates(self, word: str, of: str) -> list[Term]:
        """The terms (of topics, or of audiences) with a word like `word`, in their own order.

        Any term that typed words starting with `word` could spell, in whole or in part,
        is among them: it has a word within the typo budget of `word`.
        """
        key = (word, of)
        if key not in self._candidates:
            found: dict[tuple[str, tuple[int, int]], Term] = {}
            for similar, _typos in self.index.similar(word):
                for term in self.index.terms(similar):
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
