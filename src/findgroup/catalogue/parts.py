"""What each catalogue file contributes, and how the files merge into one Catalogue."""

from __future__ import annotations

from findgroup.errors import Problem, Sink
from findgroup.model import Audience, Catalogue, CrisisLine, Group, Position, Topic
from findgroup.table import GroupTable


class FileParts:
    """What one file contributes to a catalogue, with the problems found inside it."""

    def __init__(
        self,
        path: str,
        topics: list[Topic],
        audiences: list[Audience],
        groups: GroupTable,
        crisis: list[CrisisLine],
        feedback: str | None,
        problems: list[Problem],
        unreadable: bool,
    ) -> None:
        self.path = path
        self.topics = topics
        self.audiences = audiences
        self.groups = groups
        self.crisis = crisis
        self.feedback = feedback
        self.problems = problems
        self.unreadable = unreadable


def merge(files: list[FileParts], sink: Sink) -> Catalogue:
    """Merge files in order into one Catalogue; ids defined twice go to `sink`."""
    topics: dict[str, Topic] = {}
    audiences: dict[str, Audience] = {}
    tables: list[GroupTable] = []
    first: dict[str, int] = {}  # group id -> its row in the merged table
    drop: set[int] = set()
    start = 0  # the first row of the file being merged
    crisis: list[CrisisLine] = []
    feedback: str | None = None
    seen: dict[tuple[str, str], Position] = {}
    for n, parts in enumerate(files, 1):
        sink.problems.extend(parts.problems)
        feedback = feedback or parts.feedback
        for topic in parts.topics:
            if topic.id and not _duplicate("topic", topic.id, topic.pos, seen, sink):
                topics[topic.id] = topic
        for audience in parts.audiences:
            if audience.id and not _duplicate("audience", audience.id, audience.pos, seen, sink):
                audiences[audience.id] = audience
        table = parts.groups
        ids = table.ids
        if len(set(ids)) == len(ids) and first.keys().isdisjoint(ids):
            if n < len(files):  # the last file's ids need not be remembered
                first.update(zip(ids, range(start, start + len(ids)), strict=True))
        else:  # rare: decode the groups whose ids clash, to name both places
            for i, gid in enumerate(ids):
                if gid in first:
                    here, there = table[i].pos, _row([*tables, table], first[gid]).pos
                    assert here is not None and there is not None
                    sink.error(here, "duplicate-id", _twice("group", gid, there))
                    drop.add(start + i)
                else:
                    first[gid] = start + i
        tables.append(table)
        start += len(ids)
        crisis.extend(parts.crisis)
    return Catalogue(
        topics=topics,
        audiences=audiences,
        groups=GroupTable.concat(tables, frozenset(drop)),
        crisis=tuple(crisis),
        feedback=feedback,
        files=tuple(parts.path for parts in files),
        feedback_by_file={p.path: p.feedback for p in files if p.feedback},
    )


def _duplicate(
    kind: str, ident: str, pos: Position | None, seen: dict[tuple[str, str], Position], sink: Sink
) -> bool:
    assert pos is not None
    first = seen.get((kind, ident))
    if first is None:
        seen[(kind, ident)] = pos
        return False
    sink.error(pos, "duplicate-id", _twice(kind, ident, first))
    return True


def _twice(kind: str, ident: str, first: Position) -> str:
    return f"{kind} id '{ident}' is defined twice: here and at {first.file}:{first.line}"


def _row(tables: list[GroupTable], index: int) -> Group:
    for table in tables:
        if index < len(table):
            return table[index]
        index -= len(table)
    raise IndexError(index)
