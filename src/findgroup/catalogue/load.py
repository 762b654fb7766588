"""Load catalogues end to end: names to files, files to nodes, nodes to the checked model."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from findgroup.catalogue.files import Progress, expand
from findgroup.catalogue.nodes import Document
from findgroup.catalogue.parts import FileParts, merge
from findgroup.errors import Problem, Sink
from findgroup.model import Catalogue


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

    def parse(path: Path, report: Progress | None) -> FileParts:
        reading, checking = halves(report)
        return build_file(read_file(path, reading), checking)

    items = list(expand(specs))
    with _collector_paused():
        files, notes = _read_all(items, parse, offline, progress)
        return _finish(files, today, notes, whole=True)


def load_quick(
    specs: Sequence[str],
    today: dt.date,
    *,
    offline: bool = False,
    progress: Progress | None = None,
) -> Loaded:
    """Load catalogues for searching: each file from the parsed cache when unchanged.

    Only problems inside each file (and ids defined twice) are reported; the checks that
    need the whole catalogue are `validate`'s job. `progress` hears how far through the
    files the load is (a file parsed again moves it most).
    """
    from findgroup.catalogue import merged
    from findgroup.catalogue.snapshot import cached_only, cached_parts

    items = list(expand(specs))
    paths = [item for item in items if isinstance(item, Path)]
    many_files = len(items) > 1 and len(paths) == len(items)
    with _collector_paused():
        found = merged.read(specs, paths) if many_files else None
        if found is not None:
            return Loaded(*found)
        ready: dict[Path, FileParts] = {}
        if many_files:
            ready = {p: parts for p in paths if (parts := cached_only(p))}
            stale = [p for p in paths if p not in ready]
            if len(stale) > 1:
                from findgroup.catalogue import workers  # multiprocessing: only when parsing

                if workers.worthwhile(stale):  # progress: files done of len(stale)
                    workers.parse_all(stale, _share(progress, 0, len(stale)))

        def parse(path: Path, report: Progress | None) -> FileParts:
            return ready.get(path) or cached_parts(path, report)

        files, notes = _read_all(items, parse, offline, progress)
        loaded = _finish(files, today, notes, whole=False)
        if many_files:
            merged.write(specs, paths, files, merged.Merged(*loaded[:3]))
        return loaded


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while catalogues load, then set what loaded aside.

    Loading makes millions of small objects and no cycles worth finding; collection passes
    over them all would cost more than the load itself. Afterwards they are frozen (moved
    out of the collector's sight), so the first collection does not walk them all either.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _share(progress: Progress | None, k: int, n: int) -> Progress | None:
    """Progress through the k-th of n files, as progress through them all."""
    if progress is None:
        return None
    report = progress
    return lambda fraction: report((k + fraction) / n)


def _read_all(
    items: Sequence[Path | str],
    parse: Callable[[Path, Progress | None], FileParts],
    offline: bool,
    progress: Progress | None,
) -> tuple[list[FileParts], list[str]]:
    """Each catalogue's parts in order (URLs fetched, files by `parse`), and notes to show."""
    files, notes = [], []
    for k, item in enumerate(items):
        if isinstance(item, str):
            parts, note = _remote_parts(item, offline)
            files.append(parts)
            notes += [note] if note else []
        else:
            files.append(parse(item, _share(progress, k, len(items))))
    if progress is not None:
        progress(1.0)
    return files, notes


def _remote_parts(url: str, offline: bool) -> tuple[FileParts, str | None]:
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

    fetched = fetch(url, offline=offline, accept=accept)
    doc = accepted.get(fetched.data) or read_bytes(fetched.data, url, json=fetched.json)
    return build_file(doc), fetched.warning


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


def _finish(files: list[FileParts], today: dt.date, notes: list[str], *, whole: bool) -> Loaded:
    sink = Sink()
    catalogue = merge(files, sink)
    if whole:
        from findgroup.catalogue.rules import check

        check(catalogue, sink, today)
    unreadable = tuple(parts.path for parts in files if parts.unreadable)
    return Loaded(catalogue, tuple(sorted(set(sink.problems))), unreadable, tuple(notes))
