"""Checks that need the whole merged catalogue: references, cycles, aliases, freshness, twins."""

from __future__ import annotations

import datetime as dt
import unicodedata

from findgroup.dates import STALE_AFTER_MONTHS, months_before
from findgroup.errors import Sink
from findgroup.model import Catalogue, Group, Position
from findgroup.suggest import hint
from findgroup.text import normalise


def check(catalogue: Catalogue, sink: Sink, today: dt.date) -> None:
    """Report every whole-catalogue problem in `catalogue` to `sink`."""
    _references(catalogue, sink)
    _cycles(catalogue, sink)
    _aliases(catalogue, sink)
    _freshness(catalogue, sink, today)
    _lookalikes(catalogue, sink)
    _confusable_ids(catalogue, sink)


def _pos(spans: dict[str, Position] | object, key: str, fallback: Position | None) -> Position:
    found = spans.get(key) if isinstance(spans, dict) else None
    assert found is not None or fallback is not None
    return found or fallback  # type: ignore[return-value]


def _references(cat: Catalogue, sink: Sink) -> None:
    for topic in cat.topics.values():
        for i, parent in enumerate(topic.broader):
            if parent not in cat.topics:
                sink.error(
                    _pos(topic.spans, f"broader.{i}", topic.pos),
                    "undeclared",
                    f"broader topic '{parent}' is not declared under topics"
                    + hint(parent, cat.topics),
                )
    for group in cat.groups:
        for i, ident in enumerate(group.topics):
            if ident not in cat.topics:
                sink.error(
                    _pos(group.spans, f"topics.{i}", group.pos),
                    "undeclared",
                    f"topic '{ident}' is not declared under topics" + hint(ident, cat.topics),
                )
        for i, ident in enumerate(group.audience):
            if ident not in cat.audiences:
                sink.error(
                    _pos(group.spans, f"audience.{i}", group.pos),
                    "undeclared",
                    f"audience '{ident}' is not declared under audiences"
                    + hint(ident, cat.audiences),
                )
        if "topics" in group.spans and not group.topics:
            sink.error(group.spans["topics"], "missing", "a group needs at least one topic")


def _cycles(cat: Catalogue, sink: Sink) -> None:
    reported: set[frozenset[str]] = set()
    for start in sorted(cat.topics):
        path = [start]
        stack = [(start, iter(cat.topics[start].broader))]
        on_path = {start}
        while stack:
            _node, parents = stack[-1]
            parent = next(parents, None)
            if parent is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            if parent not in cat.topics:
                continue
            if parent == start:
                loop = frozenset(path)
                if loop not in reported:
                    reported.add(loop)
                    topic = cat.topics[start]
                    sink.error(
                        _pos(topic.spans, "broader", topic.pos),
                        "cycle",
                        "broader topics form a cycle: " + " -> ".join([*path, start]),
                    )
                continue
            if parent not in on_path and len(path) < 64:
                path.append(parent)
                on_path.add(parent)
                stack.append((parent, iter(cat.topics[parent].broader)))


def _aliases(cat: Catalogue, sink: Sink) -> None:
    owner: dict[str, str] = {}
    for topic in cat.topics.values():
        names = [(topic.name, "name")] + [(a, f"aliases.{i}") for i, a in enumerate(topic.aliases)]
        mine: set[str] = set()
        for text, key in names:
            norm = normalise(text)
            if not norm or norm in mine:
                continue
            mine.add(norm)
            other = owner.setdefault(norm, topic.id)
            if other != topic.id:
                first = cat.topics[other].pos
                where = f" ({first.file}:{first.line})" if first else ""
                sink.warning(
                    _pos(topic.spans, key, topic.pos),
                    "alias",
                    f"'{text}' of topic '{topic.id}' is also claimed by topic '{other}'{where}; "
                    "a search for it will find both",
                )


def _freshness(cat: Catalogue, sink: Sink, today: dt.date) -> None:
    year_ago = months_before(today, STALE_AFTER_MONTHS)
    for group in cat.groups:
        when = group.last_verified
        if when is None:
            continue
        pos = _pos(group.spans, "last_verified", group.pos)
        if when > today:
            sink.error(pos, "future", f"last_verified {when} is in the future")
        elif when < year_ago:
            sink.warning(
                pos,
                "stale",
                f"last_verified {when} is more than 12 months ago; "
                "check the listing and update the date",
            )


def _lookalikes(cat: Catalogue, sink: Sink) -> None:
    seen: dict[tuple[str, str], Group] = {}
    for group in cat.groups:
        key = (normalise(group.name), normalise(group.organization or ""))
        first = seen.setdefault(key, group)
        if first is not group:
            assert first.pos is not None and group.pos is not None
            sink.warning(
                group.pos,
                "lookalike",
                f"group '{group.id}' looks like the same group as '{first.id}' "
                f"({first.pos.file}:{first.pos.line}): same name and organization",
            )


# Letters of other scripts drawn like Latin ones, and dashes and invisible characters that
# pass for '-' or nothing: two ids that differ only by these read as one id to a person.
_LIKE_LATIN = str.maketrans(
    "аеорсухіјѕԁӏкмнтвАЕОРСУХІЈЅКМНТВαοντρικεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdlkmhtbaeopcyxijskmhtbaovtpikeabezhikmnoptyx",
)
_LIKE_NOTHING = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_LIKE_DASH = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"), "-")


def id_skeleton(ident: str) -> str:
    """What an id looks like to a reader: `gа` (Cyrillic a) and `ga` share one skeleton."""
    folded = unicodedata.normalize("NFKC", ident).casefold()
    return folded.translate(_LIKE_NOTHING).translate(_LIKE_DASH).translate(_LIKE_LATIN)


def _confusable_ids(cat: Catalogue, sink: Sink) -> None:
    seen: dict[str, Group] = {}
    for group in cat.groups:
        if not group.id or (group.id.isascii() and group.id.islower()):
            skeleton = group.id
        else:
            skeleton = id_skeleton(group.id)
        first = seen.setdefault(skeleton, group)
        if first is not group and first.id != group.id:
            assert first.pos is not None and group.pos is not None
            sink.warning(
                group.pos,
                "lookalike-id",
                f"group id {group.id!r} looks the same as {first.id!r} "
                f"({first.pos.file}:{first.pos.line}:{first.pos.column}) but is written with "
                "other characters; give one of them a different id",
            )
