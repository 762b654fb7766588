"""The merged-catalogue cache: a catalogue of many files, read back as one entry.

A search over a directory of 200 files would otherwise open 200 parsed-cache entries. While
no file has changed (the same paths, sizes and modification times), the merged catalogue is
read from one entry instead: the vocabulary, the problems, the group table's columns and
topic index, and the row where each file's groups start. A whole group is fetched from its
own file's entry (see snapshot.py) only when a result shows it.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from findgroup.cache import atomic_write, cache_dir
from findgroup.catalogue.parts import FileParts
from findgroup.catalogue.snapshot import FORMAT as FILE_FORMAT
from findgroup.catalogue.snapshot import cached_parts, lean_dumps, restricted_loads
from findgroup.errors import CatalogueError, Problem
from findgroup.model import Catalogue, Group, Position
from findgroup.table import GroupTable

FORMAT = FILE_FORMAT + "-merged-1"


class Merged(NamedTuple):
    """A merged catalogue read from the cache, with its problems and unreadable files."""

    catalogue: Catalogue
    problems: tuple[Problem, ...]
    unreadable: tuple[str, ...]


def _entry(specs: Sequence[str]) -> Path:
    named = "\n".join(s if s == "default" else os.path.abspath(s) for s in specs)
    digest = hashlib.sha256(named.encode()).hexdigest()[:24]
    return cache_dir() / "merged" / f"{digest}.pickle"


def _stamps(paths: Sequence[Path]) -> list[tuple[str, int, int]]:
    stamps = []
    for path in paths:
        stat = path.stat()
        stamps.append((os.path.abspath(path), stat.st_size, stat.st_mtime_ns))
    return stamps


def read(specs: Sequence[str], paths: Sequence[Path]) -> Merged | None:
    """The merged catalogue of these files, when its entry is sound and none has changed."""
    try:
        found = restricted_loads(_entry(specs).read_bytes())
        if found["format"] != FORMAT or found["files"] != _stamps(paths):
            return None
        if found["cwd"] != os.getcwd():  # messages name files relative to it
            return None
        columns, segments = found["columns"], found["segments"]
        catalogue = Catalogue(
            groups=GroupTable(columns, _fetcher(segments, columns["ids"]), found["by_topic"]),
            **found["catalogue"],
        )
        return Merged(catalogue, found["problems"], found["unreadable"])
    except Exception:  # missing or damaged: the files are read one by one instead
        return None


def _fetcher(segments: list[tuple[str, int]], ids: list[str]) -> Any:
    """Fetch row i from its own file's table, opening each file's entry once."""
    starts = [start for _path, start in segments]
    opened: dict[int, GroupTable] = {}

    def fetch(i: int) -> Group:
        k = bisect.bisect_right(starts, i) - 1
        table = opened.get(k)
        if table is None:
            path, start = segments[k]
            table = cached_parts(Path(path)).groups
            if table.ids != ids[start : start + len(table)]:
                message = "the file changed during the search; run it again"
                raise CatalogueError([Problem(Position(path, 1, 1), "error", "changed", message)])
            opened[k] = table
        return table[i - starts[k]]

    return fetch


def write(
    specs: Sequence[str], paths: Sequence[Path], files: Sequence[FileParts], merged: Merged
) -> None:
    """Keep a merged catalogue for the next search (not when ids clash: that stays slow)."""
    table = merged.catalogue.groups
    if len(table) != sum(len(parts.groups) for parts in files):
        return
    segments, start = [], 0
    for path, parts in zip(paths, files, strict=True):
        segments.append((os.path.abspath(path), start))
        start += len(parts.groups)
    cat = merged.catalogue
    record = {
        "format": FORMAT,
        "files": _stamps(paths),
        "cwd": os.getcwd(),
        "catalogue": {
            "topics": cat.topics,
            "audiences": cat.audiences,
            "crisis": cat.crisis,
            "feedback": cat.feedback,
            "files": cat.files,
            "feedback_by_file": cat.feedback_by_file,
        },
        "problems": merged.problems,
        "unreadable": merged.unreadable,
        "columns": table.columns(),
        "by_topic": table.topic_index(),
        "segments": segments,
    }
    with contextlib.suppress(OSError):  # a read-only cache folder only costs speed
        atomic_write(_entry(specs), lean_dumps(record))
