"""What each group offers a need: through its topics, or through a specific word.

Topics offer directly or by the hierarchy; words through a group's name, organisation or
description.

A word that matched no topic finds groups only when it is not one of the common words in
data/common-words.txt ("adult", "many", "lost", "without" and "alternative" find nothing on
their own); rarer words weigh more.
"""

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from findgroup.match import Hit
from findgroup.store_rows import DESCRIPTION as IN_DESCRIPTION
from findgroup.store_rows import NAME as IN_NAME
from findgroup.store_rows import ORG as IN_ORG
from findgroup.vocabulary import Vocabulary

DIRECT, NAME, NARROWER, BROADER, DESCRIPTION = 1.0, 0.8, 0.7, 0.45, 0.4


class Match(NamedTuple):
    """One reason a group was found: which words, which topic, how, and how well.

    `via`: exact, alias, typo, narrower, broader, family, family-named, name, description or
    audience.
    """

    need: str
    topic: str | None
    via: str
    term: str
    score: int


Offer = tuple[float, Match]  # how strongly a group meets one need, and why


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words too general to find a group by (data/common-words.txt)."""
    text = (Path(__file__).parent / "data" / "common-words.txt").read_text("utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


def word_weight(word: str, groups_with_it: int, size: int) -> float:
    """How specific a word is: 0 for a common or short word, else 0.5 to 1 by rarity.

    A word in one group of many weighs nearly 1; one in every group, 0.5.
    """
    if len(word) < 4 or word in common_words() or word.isdigit() or size <= 0:
        return 0.0
    rarity = math.log((size + 1) / (groups_with_it + 0.5)) / math.log(size + 1)
    return 0.5 + 0.5 * max(0.0, min(1.0, rarity))


def _strongest(offers: list[tuple[float, Match, Sequence[int]]]) -> dict[int, Offer]:
    """Each group's strongest offer for one need (among equals, the first made)."""
    out: dict[int, Offer] = {}
    for strength, match, refs in sorted(offers, key=lambda offer: -offer[0]):
        fresh = dict.fromkeys(refs, (strength, match))
        fresh.update(out)  # what is already there is at least as strong
        out = fresh
    return out


def need_offers(vocab: Vocabulary, hits: list[Hit], *, broader: bool = False) -> dict[int, Offer]:
    """The groups meeting one need through its topic and the topics below it.

    With `broader`, the topics above it too (general support, ranked after).
    """
    index = vocab.index
    offers: list[tuple[float, Match, Sequence[int]]] = []
    for hit in hits:
        quality = hit.score / 100
        match = Match(hit.need, hit.owner, hit.via, hit.term, hit.score)
        offers.append((DIRECT * quality, match, index.topic_groups(hit.owner)))
        for topic, depth in vocab.narrower(hit.owner).items():
            strength = max(0.55, NARROWER - 0.05 * (depth - 1)) * quality
            match = Match(hit.need, topic, "narrower", hit.term, round(100 * strength))
            offers.append((strength, match, index.topic_groups(topic)))
        if broader:
            for topic, depth in vocab.broader(hit.owner).items():
                strength = max(0.3, BROADER - 0.05 * (depth - 1)) * quality
                match = Match(hit.need, topic, "broader", hit.term, round(100 * strength))
                offers.append((strength, match, index.topic_groups(topic)))
    return _strongest(offers)


def word_offers(vocab: Vocabulary, word: str, *, mistyped: bool = True) -> dict[int, Offer]:
    """The groups with a specific word no topic matched, weighed by how specific it is.

    Names and organisations may have it mistyped or in another form; descriptions must have
    it, or another form of it ("walks", "walk"). Unless `mistyped`, only the word itself
    counts: beside a need that was understood, "refugee" is a word of its own, not "Refuge"
    mistyped or another form of it (Snowball stems both "refuge").
    """
    index = vocab.index
    size = max(index.size, 1)
    named: dict[int, int] = {}
    described: set[int] = set()
    for have, count in index.similar(word, names=True) if mistyped else [(word, 0)]:
        for ref, fields in index.word_groups(have):
            if fields & (IN_NAME | IN_ORG) and count < named.get(ref, 9):
                named[ref] = count
            if fields & IN_DESCRIPTION and count == 0:
                described.add(ref)
    weight = word_weight(word, len(set(named) | described), size)
    if not weight:
        return {}
    made: dict[tuple[str, float], Offer] = {}  # one object per distinct offer (see Scorer.key)

    def offer(via: str, strength: float) -> Offer:
        found = made.get((via, strength))
        if found is None:
            found = made[via, strength] = (
                strength,
                Match(word, None, via, word, round(100 * strength)),
            )
        return found

    out: dict[int, Offer] = {}
    for ref, count in named.items():
        out[ref] = offer("name", NAME * (1 - 0.1 * count) * weight)
    if len(word) >= 4:
        for ref in described - set(named):
            out[ref] = offer("description", DESCRIPTION * weight)
    return out
