"""The parsed-catalogue cache: each file's built model, reused while the file is unchanged.

One entry per file, keyed by its path, size and modification time, with a content hash so a
touched but unchanged file is not parsed again. An entry is a header (the vocabulary, crisis
lines, problems and the group table's columns) followed by the groups themselves in chunks,
which a search decodes only for the results it shows; the file is mapped, not read, so a
search over 100,000 groups touches little of it. Field positions (`spans`) are not kept:
`validate` and `check-links`, which report them, always parse the files.

A big YAML file may be parsed in pieces side by side (split.py): each piece's groups arrive
as columns and chunks, joined here into one entry.

Entries are written atomically (a concurrent search never sees half a file); an entry that
cannot be read is discarded and rebuilt, and a damaged chunk makes the search parse the file
instead. Only findgroup's own model classes can be read back, so the cache cannot run code.
"""

from __future__ import annotations

import bisect
import contextlib
import copyreg
import io
import mmap
import operator
import os
import pickle
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from findgroup import __version__
from findgroup.cache import atomic_write, cache_dir
from findgroup.catalogue.files import Progress, display_name, halves
from findgroup.catalogue.parts import FileParts
from findgroup.errors import CatalogueError, Problem
from findgroup.model import Group, Meeting, Position
from findgroup.table import COLUMNS, GroupTable

# a new findgroup or a new column makes every entry stale
FORMAT = f"findgroup-{__version__}-parsed-2-{zlib.crc32(' '.join(COLUMNS).encode()):08x}"
MAGIC = b"findgroup-parsed\n"
_LENGTH = struct.Struct("<Q")
CHUNK = 16  # groups decoded together
_HEADER_KEYS = {
    *("format", "source", "size", "mtime", "hash", "path", "topics", "audiences", "crisis"),
    *("feedback", "problems", "unreadable", "columns", "by_topic", "starts", "chunks"),
}
_ALLOWED = {
    "findgroup.model": {
        "Position",
        "Topic",
        "Audience",
        "Location",
        "Join",
        "Contact",
        "Meeting",
        "Group",
        "CrisisLine",
    },
    "findgroup.errors": {"Problem"},
    "datetime": {"date", "time"},
    "copyreg": {"_reconstructor", "__newobj__"},
    "builtins": {"object", "set", "frozenset"},
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def restricted_loads(data: bytes) -> Any:
    """Unpickle data that may only hold findgroup's model classes and plain values."""
    return _Unpickler(io.BytesIO(data)).load()


def _without_spans(cls: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    fields = [name for name in cls.__match_args__ if name != "spans"]
    getter = operator.attrgetter(*fields)
    return lambda obj: (cls, getter(obj))


_LEAN = copyreg.dispatch_table | {
    Group: _without_spans(Group),
    Meeting: _without_spans(Meeting),
    Position: lambda pos: (Position, tuple(pos)),
}


def lean_dumps(value: Any) -> bytes:
    """Pickle a value, leaving out the field positions (`spans`) of groups and meetings."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _LEAN
    pickler.dump(value)
    return out.getvalue()


def entry_path(source: str) -> Path:
    """Where the cache entry of one catalogue file lives (the entry names its source too)."""
    key = source.encode()
    return cache_dir() / "parsed" / f"{zlib.crc32(key):08x}{len(key):04x}.pickle"


class _Entry:
    """An entry read back: its header, and its chunk region (mapped)."""

    def __init__(self, header: dict[str, Any], view: Any, base: int) -> None:
        self.header = header
        self.view = view
        self.base = base

    def chunk(self, k: int) -> bytes:
        """The pickled bytes of chunk k."""
        ends = self.header["chunks"]
        start = ends[k - 1] if k else 0
        return bytes(self.view[self.base + start : self.base + ends[k]])

    def chunk_region(self) -> bytes:
        """Every chunk's bytes, as written."""
        ends = self.header["chunks"]
        return bytes(self.view[self.base : self.base + (ends[-1] if ends else 0)])


def _open_entry(entry: Path) -> _Entry | None:
    try:
        with entry.open("rb") as handle:
            view: Any = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        top = len(MAGIC) + _LENGTH.size
        if view[: len(MAGIC)] != MAGIC:
            raise ValueError("not an entry")
        (length,) = _LENGTH.unpack(view[len(MAGIC) : top])
        header = restricted_loads(view[top : top + length])
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return None
        if not _HEADER_KEYS.issubset(header):
            raise ValueError("incomplete")
        ends = header["chunks"]
        if top + length + (ends[-1] if ends else 0) != len(view):
            raise ValueError("truncated")
    except Exception:  # any damage at all: discard and rebuild
        with contextlib.suppress(OSError):
            entry.unlink()
        return None
    return _Entry(header, view, top + length)


def _write_entry(entry: Path, header: dict[str, Any], chunks: bytes) -> _Entry:
    data = lean_dumps(header)
    whole = MAGIC + _LENGTH.pack(len(data)) + data + chunks
    with contextlib.suppress(OSError):  # a read-only cache folder only costs speed
        atomic_write(entry, whole)
    return _Entry(header, whole, len(whole) - len(chunks))


class _Packed(NamedTuple):
    """A table's groups pickled in chunks: each chunk's first row and end offset, the bytes."""

    starts: list[int]
    ends: list[int]
    data: bytes


def _pack(table: GroupTable) -> _Packed:
    starts, ends, out = [], [], bytearray()
    for start in range(0, len(table), CHUNK):
        out += lean_dumps(table[start : start + CHUNK])
        starts.append(start)
        ends.append(len(out))
    return _Packed(starts, ends, bytes(out))


def _joined(packs: list[_Packed], sizes: list[int]) -> _Packed:
    """Several tables' chunks as one table's."""
    starts, ends, rows, offset = [], [], 0, 0
    for pack, size in zip(packs, sizes, strict=True):
        starts += [rows + start for start in pack.starts]
        ends += [offset + end for end in pack.ends]
        rows += size
        offset += len(pack.data)
    return _Packed(starts, ends, b"".join(pack.data for pack in packs))


def _lazy_table(found: _Entry, rebuild: Callable[[], FileParts], name: str) -> GroupTable:
    decoded: dict[int, list[Group]] = {}
    fallback: list[GroupTable] = []
    ids = found.header["columns"]["ids"]

    def fetch(i: int) -> Group:
        if not fallback:
            starts = found.header["starts"]
            k = bisect.bisect_right(starts, i) - 1
            j = i - starts[k]
            try:
                if k not in decoded:
                    decoded[k] = restricted_loads(found.chunk(k))
                group: Group = decoded[k][j]
                if group.id == ids[i]:
                    return group
            except Exception:  # a damaged chunk: parse the file itself
                pass
            fallback.append(_rebuilt(rebuild, ids, name))
        return fallback[0][i]

    return GroupTable(found.header["columns"], fetch, found.header["by_topic"])


def _rebuilt(rebuild: Callable[[], FileParts], ids: list[str], name: str) -> GroupTable:
    table = rebuild().groups
    if table.ids != ids:
        message = "the file changed during the search; run it again"
        raise CatalogueError([Problem(Position(name, 1, 1), "error", "changed", message)])
    return table


class _Source(NamedTuple):
    """A catalogue file as the cache knows it: its path, name in messages, entry and stat."""

    path: Path
    name: str
    key: str  # the resolved path and the name: the entry is for this pair only
    entry: Path
    stat: os.stat_result

    @classmethod
    def of(cls, path: Path) -> _Source:
        resolved = path.resolve()
        name = display_name(resolved)
        key = f"{resolved}\0{name}"
        return cls(path, name, key, entry_path(key), path.stat())

    def rebuild(self) -> FileParts:
        """The file parsed again, for an entry that turns out to be damaged."""
        from findgroup.catalogue.build import build_file
        from findgroup.catalogue.files import read_file

        return build_file(read_file(self.path))


def cached_parts(path: Path, progress: Progress | None = None) -> FileParts:
    """The built parts of one catalogue file, from the cache when the file is unchanged.

    `progress` hears how far a parse has got (reading the text is the first half).
    """
    source = _Source.of(path)
    return _cached(source) or _parse(source, progress)


def cached_only(path: Path) -> FileParts | None:
    """The file's parts from its cache entry, or None when it must be parsed."""
    return _cached(_Source.of(path))


def parse_into_cache(path: Path) -> None:
    """Parse one file and write its cache entry (for a worker process: the file is not cut)."""
    _parse(_Source.of(path), None, cut_up=False)


def _cached(source: _Source) -> FileParts | None:
    found = _open_entry(source.entry)
    if found is None or found.header.get("source") != source.key:
        return None  # none, or another file's whose name hashed alike
    stat = source.stat
    if (found.header["size"], found.header["mtime"]) != (stat.st_size, stat.st_mtime_ns):
        data = source.path.read_bytes()
        if found.header["hash"] != _digest(data):
            return None
        # touched but unchanged: keep the entry, with the file's new size and time
        header = found.header | {"size": stat.st_size, "mtime": stat.st_mtime_ns}
        _write_entry(source.entry, header, found.chunk_region())
    return _parts(found, _lazy_table(found, source.rebuild, source.name))


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _parse(source: _Source, progress: Progress | None, *, cut_up: bool = True) -> FileParts:
    from findgroup.catalogue.build import build_file
    from findgroup.catalogue.files import read_bytes

    data = source.path.read_bytes()
    cut = None
    if cut_up and source.path.suffix != ".json":
        from findgroup.catalogue import split

        cut = split.parse(data, source.name, _pack, progress)
    if cut is None:
        reading, checking = halves(progress)
        doc = read_bytes(data, source.name, json=source.path.suffix == ".json", progress=reading)
        parts = build_file(doc, checking)
        table, packed, problems = parts.groups, _pack(parts.groups), parts.problems
    else:  # the pieces' groups, one after another, as one table
        parts, pieces = cut
        columns = {name: [v for piece in pieces for v in piece.columns[name]] for name in COLUMNS}
        table = GroupTable(columns, _not_held)
        sizes = [len(piece.columns["ids"]) for piece in pieces]
        packed = _joined([piece.packed for piece in pieces], sizes)
        problems = [problem for piece in pieces for problem in piece.problems]
    header = {
        "format": FORMAT,
        "source": source.key,
        "size": source.stat.st_size,
        "mtime": source.stat.st_mtime_ns,
        "hash": _digest(data),
        "path": parts.path,
        "topics": parts.topics,
        "audiences": parts.audiences,
        "crisis": parts.crisis,
        "feedback": parts.feedback,
        "problems": problems,
        "unreadable": parts.unreadable,
        "columns": table.columns(),
        "by_topic": table.topic_index(),
        "starts": packed.starts,
        "chunks": packed.ends,
    }
    written = _write_entry(source.entry, header, packed.data)
    if cut is None:
        return parts
    return _parts(written, _lazy_table(written, source.rebuild, source.name))


def _not_held(i: int) -> Group:
    raise IndexError(i)  # a table of columns only, made to be written


def _parts(found: _Entry, groups: GroupTable) -> FileParts:
    h = found.header
    return FileParts(
        path=h["path"],
        topics=h["topics"],
        audiences=h["audiences"],
        groups=groups,
        crisis=h["crisis"],
        feedback=h["feedback"],
        problems=h["problems"],
        unreadable=h["unreadable"],
    )
