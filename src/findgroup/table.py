"""A catalogue's groups: what ranking reads, column by column, and each whole group on demand.

A search over 100,000 groups must not build 100,000 objects. The columns hold the few fields
that decide whether a group is a candidate and where it ranks; a whole Group is fetched only
for the results shown (from the parsed cache, a chunk at a time). Built from a list of Group
objects, the table simply holds them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from findgroup.model import Group
from findgroup.text import normalise

COLUMNS = (
    "ids",
    "sort_names",  # casefolded, for ordering ties
    "name_words",  # normalised name
    "org_words",  # normalised organisation
    "description_words",  # normalised description
    "topics",
    "audience",
    "languages",
    "area",
    "cost",
    "verified",
    "meetings",  # how many
    "may_end",  # some meeting has an end (until, or an rrule with UNTIL or COUNT)
)


_REPEATED = {"org_words", "topics", "audience", "languages", "area", "cost", "verified"}


class GroupTable(Sequence[Group]):
    """The groups of a catalogue in order; `table[i]` is the whole Group."""

    __slots__ = (*COLUMNS, "_by_id", "_fetch", "_by_topic", "_joined")

    ids: list[str]
    sort_names: list[str]
    name_words: list[str]
    org_words: list[str]
    description_words: list[str]
    topics: list[tuple[str, ...]]
    audience: list[tuple[str, ...]]
    languages: list[tuple[str, ...]]
    area: list[tuple[str, ...]]
    cost: list[str | None]
    verified: list[dt.date | None]
    meetings: list[int]
    may_end: list[bool]

    def __init__(
        self,
        columns: dict[str, list[Any]],
        fetch: Callable[[int], Group],
        by_topic: dict[str, list[int]] | None = None,
        joined: Sequence[tuple[int, GroupTable]] = (),
    ) -> None:
        for name in COLUMNS:
            setattr(self, name, columns[name])
        self._fetch = fetch
        self._by_id: dict[str, int] | None = None
        # topic id -> rows naming it: complete once made (or read from the cache); for a
        # table joined from others (first row, table), filled one topic at a time from theirs
        self._by_topic = by_topic
        self._joined = joined

    @classmethod
    def of(cls, groups: Sequence[Group]) -> GroupTable:
        """A table holding these Group objects."""
        held = list(groups)
        columns: dict[str, list[Any]] = {
            "ids": [g.id for g in held],
            "sort_names": [g.name.casefold() for g in held],
            "name_words": [normalise(g.name) for g in held],
            "org_words": [normalise(g.organization or "") for g in held],
            "description_words": [normalise(g.description or "") for g in held],
            "topics": [g.topics for g in held],
            "audience": [g.audience for g in held],
            "languages": [g.languages for g in held],
            "area": [g.area for g in held],
            "cost": [g.cost for g in held],
            "verified": [g.last_verified for g in held],
            "meetings": [len(g.meetings) for g in held],
            "may_end": [any(m.may_end for m in g.meetings) for g in held],
        }
        return cls(columns, held.__getitem__)

    @classmethod
    def concat(cls, tables: Sequence[GroupTable], drop: frozenset[int] = frozenset()) -> GroupTable:
        """The tables one after another, leaving out the rows numbered in `drop`."""
        if len(tables) == 1 and not drop:
            return tables[0]
        columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
        starts: list[int] = []
        for table in tables:
            starts.append(len(columns["ids"]))
            for name in COLUMNS:
                columns[name].extend(getattr(table, name))

        def fetch_joined(i: int) -> Group:
            k = bisect.bisect_right(starts, i) - 1
            return tables[k]._fetch(i - starts[k])

        if not drop:
            return cls(columns, fetch_joined, joined=list(zip(starts, tables, strict=True)))
        keep = [i for i in range(len(columns["ids"])) if i not in drop]
        kept = {name: [values[i] for i in keep] for name, values in columns.items()}
        return cls(kept, lambda i: fetch_joined(keep[i]))

    def with_topic(self, topic_id: str) -> list[int]:
        """The rows of the groups that name this topic, in order."""
        if self._joined:
            self._by_topic = self._by_topic or {}
            rows = self._by_topic.get(topic_id)
            if rows is None:
                rows = self._by_topic[topic_id] = [
                    start + i for start, table in self._joined for i in table.with_topic(topic_id)
                ]
            return rows
        return self.topic_index().get(topic_id, [])

    def topic_index(self) -> dict[str, list[int]]:
        """Every topic id with the rows of the groups that name it."""
        if self._by_topic is None or self._joined:
            index: dict[str, list[int]] = {}
            for i, topic_ids in enumerate(self.topics):
                for topic_id in topic_ids:
                    index.setdefault(topic_id, []).append(i)
            self._by_topic = index
            self._joined = ()
        return self._by_topic

    def columns(self) -> dict[str, list[Any]]:
        """The columns by name, for the cache: equal values made one object, stored once."""
        shared: dict[Any, Any] = {}
        same = shared.setdefault
        return {
            name: [same(v, v) for v in getattr(self, name)]
            if name in _REPEATED
            else getattr(self, name)
            for name in COLUMNS
        }

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Group: ...

    @overload
    def __getitem__(self, index: slice) -> list[Group]: ...

    def __getitem__(self, index: int | slice) -> Group | list[Group]:
        if isinstance(index, slice):
            return [self._fetch(i) for i in range(len(self))[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._fetch(index)

    def __iter__(self) -> Iterator[Group]:
        fetch = self._fetch
        for i in range(len(self)):
            yield fetch(i)

    def find(self, group_id: str) -> Group | None:
        """The group with this id, or None."""
        if self._by_id is None:
            self._by_id = {gid: i for i, gid in enumerate(self.ids)}
        i = self._by_id.get(group_id)
        return None if i is None else self._fetch(i)
