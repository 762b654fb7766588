"""Load catalogues in full, with every position: names to files, files to the checked model.

This is what `validate`, `check-links` and `import` read. Searches read the store instead
(store.py), which keeps what they need and re-reads a file only when it changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from findgroup.catalogue.build import FileParts
from findgroup.catalogue.files import Progress, expand, skipped_name
from findgroup.catalogue.nodes import Document
from findgroup.errors import Problem, Sink
from findgroup.model import Audience, Catalogue, CrisisLine, Group, Position, Topic


class Loaded(NamedTuple):
    """A merged catalogue with every problem found while reading and checking it."""

    catalogue: Catalogue
    problems: tuple[Problem, ...]
    unreadable: tuple[str, ...]  # files that could not be parsed at all
    notes: tuple[str, ...] = ()  # warnings for stderr, such as a stale cached copy

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(1 for p in self.problems if p.severity == "warning")


def load(
    specs: Sequence[str],
    today: dt.date,
    *,
    offline: bool = False,
    progress: Progress | None = None,
) -> Loaded:
    """Load and check the named catalogues (paths, directories, URLs, 'default') in full.

    Raises CatalogueNotFound for a name that does not exist and FetchError for a URL that
    cannot be had; every other problem is reported in the result, sorted by position.
    `progress` hears how far through the files the load is.
    """
    from findgroup.catalogue.build import build_file
    from findgroup.catalogue.files import halves, read_file
    from findgroup.catalogue.rules import check

    skipped: list[tuple[Path, str]] = []
    items = list(expand(specs, skipped))
    files: list[FileParts] = []
    notes: list[str] = []
    with collector_paused():
        for k, item in enumerate(items):
            report = _share(progress, k, len(items))
            if isinstance(item, str):
                parts, note = remote_parts(item, offline)
                files.append(parts)
                notes += [note] if note else []
                continue
            reading, checking = halves(report)
            files.append(build_file(read_file(item, reading), checking))
        if progress is not None:
            progress(1.0)
        sink = Sink()
        for path, why in skipped:
            sink.warning(Position(skipped_name(path), 1, 1), "not-a-file", f"{why}; skipped")
        catalogue = merge(files, sink)
        check(catalogue, sink, today)
    unreadable = tuple(parts.path for parts in files if parts.unreadable)
    return Loaded(catalogue, tuple(sorted(set(sink.problems))), unreadable, tuple(notes))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while catalogues load.

    Loading makes millions of small objects and no cycles worth finding; collection passes
    over them all would cost more than the load itself.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _share(progress: Progress | None, k: int, n: int) -> Progress | None:
    """Progress through the k-th of n files, as progress through them all."""
    if progress is None:
        return None
    report = progress
    return lambda fraction: report((k + fraction) / n)


def remote_parts(url: str, offline: bool) -> tuple[FileParts, str | None]:
    """A remote catalogue fetched (or from its kept copy) and built, and a note to show."""
    from findgroup.catalogue.build import build_file
    from findgroup.catalogue.files import read_bytes
    from findgroup.remote import fetch

    accepted: dict[bytes, Document] = {}

    def accept(data: bytes, is_json: bool) -> str | None:
        doc = read_bytes(data, url, json=is_json)
        reason = not_a_catalogue(doc)
        if reason is None:
            accepted[data] = doc
        return reason

    fetched = fetch(url, offline=offline, accept=accept, kept=_kept(url))
    doc = accepted.get(fetched.data) or read_bytes(fetched.data, url, json=fetched.json)
    return build_file(doc), fetched.warning


def _kept(url: str) -> Any:
    """The store's last good copy of a remote catalogue (validate only reads the store)."""
    from findgroup.cache import cache_dir
    from findgroup.indexing import kept_copy
    from findgroup.store import Damaged, open_store

    try:
        store, _warning = open_store(cache_dir())
        return kept_copy(store, url)
    except Damaged:
        return None


def not_a_catalogue(doc: Document) -> str | None:
    """Why a document cannot be a catalogue at all, or None when it may be one.

    A catalogue parses, is a mapping with only the format's top-level keys, and lists
    something; a file with some broken entries still is one (search skips those entries).
    """
    from findgroup.catalogue.fields import OBJECTS

    if doc.root is None:
        first = next((p for p in doc.problems if p.severity == "error"), None)
        return first.message if first is not None else "the answer is empty"
    value = doc.root.value
    if not isinstance(value, dict):
        what = (
            "plain text"
            if isinstance(value, str)
            else "a list"
            if isinstance(value, list)
            else "a single value"
        )
        return f"{what}, not a mapping of keys"
    unknown = sorted(key for key in value if key not in OBJECTS["file"])
    if unknown:
        return f"unknown top-level key '{unknown[0]}'"
    if not any(isinstance(value[k].value, list) for k in _LISTS if k in value):
        return "it lists no topics, audiences, groups or crisis lines"
    return None


_LISTS = ("topics", "audiences", "groups", "crisis")


def merge(files: Sequence[FileParts], sink: Sink) -> Catalogue:
    """Merge files in order into one Catalogue; ids defined twice go to `sink` (first wins)."""
    topics: dict[str, Topic] = {}
    audiences: dict[str, Audience] = {}
    groups: list[Group] = []
    crisis: list[CrisisLine] = []
    seen: dict[tuple[str, str], Position] = {}
    for parts in files:
        sink.problems.extend(parts.problems)
        for topic in parts.topics:
            if topic.id and _first("topic", topic.id, topic.pos, seen, sink):
                topics[topic.id] = topic
        for audience in parts.audiences:
            if audience.id and _first("audience", audience.id, audience.pos, seen, sink):
                audiences[audience.id] = audience
        groups += [g for g in parts.groups if _first("group", g.id, g.pos, seen, sink)]
        crisis.extend(parts.crisis)
    return Catalogue(
        topics=topics,
        audiences=audiences,
        groups=tuple(groups),
        crisis=tuple(crisis),
        feedback=next((p.feedback for p in files if p.feedback), None),
        files=tuple(parts.path for parts in files),
        feedback_by_file={p.path: p.feedback for p in files if p.feedback},
    )


def _first(
    kind: str, ident: str, pos: Position | None, seen: dict[tuple[str, str], Position], sink: Sink
) -> bool:
    """True for the first definition of an id; a later one is an error naming both places."""
    assert pos is not None
    first = seen.get((kind, ident))
    if first is None:
        seen[(kind, ident)] = pos
        return True
    sink.error(pos, "duplicate-id", twice(kind, ident, first))
    return False


def twice(kind: str, ident: str, first: Position) -> str:
    """The message for an id defined a second time."""
    return f"{kind} id '{ident}' is defined twice: here and at {first.file}:{first.line}"
