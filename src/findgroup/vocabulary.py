"""The searchable vocabulary: normalised names and aliases, the topic hierarchy, topic -> groups."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from findgroup.model import Catalogue
from findgroup.text import normalise


class Term(NamedTuple):
    """One name or alias of a topic or audience, split into normalised words."""

    words: tuple[str, ...]
    text: str
    owner: str
    kind: str  # "name" | "alias"


def _terms(owner: str, name: str, aliases: tuple[str, ...]) -> list[Term]:
    out: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    for text, kind in [(name, "name"), (owner.replace("-", " "), "alias")] + [
        (a, "alias") for a in aliases
    ]:
        words = tuple(normalise(text).split())
        if words and words not in seen:
            seen.add(words)
            out.append(Term(words, text, owner, kind))
    return out


class Vocabulary:
    """Topic and audience terms plus the indexes a search walks."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.topic_terms = [
            term
            for topic in catalogue.topics.values()
            for term in _terms(topic.id, topic.name, topic.aliases)
        ]
        self.audience_terms = [
            term
            for audience in catalogue.audiences.values()
            for term in _terms(audience.id, audience.name, audience.aliases)
        ]
        children: dict[str, list[str]] = defaultdict(list)
        for topic in catalogue.topics.values():
            for parent in topic.broader:
                children[parent].append(topic.id)
        self.children = {k: tuple(sorted(v)) for k, v in children.items()}

    def _walk(self, start: str, step: dict[str, tuple[str, ...]]) -> dict[str, int]:
        depth: dict[str, int] = {}
        frontier = [start]
        level = 0
        while frontier and level < 32:
            level += 1
            nxt = []
            for node in frontier:
                for other in step.get(node, ()):
                    if other != start and other not in depth:
                        depth[other] = level
                        nxt.append(other)
            frontier = nxt
        return depth

    def narrower(self, topic_id: str) -> dict[str, int]:
        """Every topic below `topic_id`, with how many levels below it is."""
        return self._walk(topic_id, self.children)

    def broader(self, topic_id: str) -> dict[str, int]:
        """Every topic above `topic_id`, with how many levels above it is."""
        parents = {t.id: t.broader for t in self.catalogue.topics.values()}
        return self._walk(topic_id, parents)
