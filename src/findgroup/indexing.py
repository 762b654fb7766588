"""Bring the store up to date with the catalogues a search names, and open an Index on them.

A file is read again only when its size or modification time changed and its content hash
then differs; a remote catalogue only when the server sends a new copy. A clean YAML file is
read by the fast reader (catalogue/fast_yaml.py); anything else, or any file with a problem,
by PyYAML with every position. A store that cannot be written (a read-only cache folder, a
full disk) is kept in memory for the run, so search still works from the files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from findgroup.catalogue.files import Progress, display_name, expand, skipped_name
from findgroup.errors import CatalogueError, Problem
from findgroup.index import SHIFT, FileEntry, Index
from findgroup.model import Position
from findgroup.store import (
    AUDIENCE,
    GIDS,
    TOPIC,
    Damaged,
    Store,
    is_damage,
    memory_store,
    open_store,
)
from findgroup.store_rows import file_rows

if TYPE_CHECKING:
    from findgroup.catalogue.build import FileParts
    from findgroup.remote import Kept


def digest(data: bytes) -> str:
    """The content hash that tells a changed file from a touched one."""
    # hashlib's own BLAKE2, without the 4-7 ms hashlib spends loading OpenSSL at import
    from _blake2 import blake2b

    return blake2b(data, digest_size=20).hexdigest()


def parse(
    data: bytes,
    name: str,
    *,
    is_json: bool,
    progress: Progress | None = None,
    fast: bool = True,
) -> FileParts:
    """A catalogue file's bytes built into the model: fast when the file is clean.

    The fast reading keeps no positions (`parts.positions` says which it was).
    """
    from findgroup.catalogue.build import build_file
    from findgroup.catalogue.files import halves, read_bytes
    from findgroup.catalogue.nodes import Document

    reading, checking = halves(progress)
    if fast and not is_json:
        from findgroup.catalogue.fast_yaml import read_fast

        root = read_fast(data)
        if root is not None:
            if reading is not None:
                reading(1.0)
            parts = build_file(Document(name, root, []), checking)
            if not any(p.severity == "error" for p in parts.problems):
                parts.positions = False  # warnings are the same either way, but placeless
                return parts
    return build_file(read_bytes(data, name, json=is_json, progress=reading), checking)


class Opened:
    """An Index, the notes to show (stale copies, skipped entries), and the store it reads."""

    def __init__(self, index: Index, notes: list[str]) -> None:
        self.index = index
        self.notes = notes


def open_index(
    specs: Sequence[str],
    *,
    offline: bool = False,
    progress: Progress | None = None,
    folder: Path | None = None,
) -> Opened:
    """The Index over the named catalogues, the store brought up to date first.

    Raises CatalogueNotFound, FetchError, and CatalogueError for a file that cannot be read.
    """
    from findgroup.cache import cache_dir

    skipped: list[tuple[Path, str]] = []
    items = list(expand(specs, skipped))
    store, warning = open_store(folder or cache_dir())
    notes = [warning] if warning else []
    notes += [f"warning: {skipped_name(path)}: {why}; skipped" for path, why in skipped]
    try:
        try:
            index = _index(store, items, offline, progress, notes)
        except (sqlite3.OperationalError, OSError) as exc:
            if store.in_memory or not _cannot_write(exc):
                raise
            store = memory_store()  # read-only or full: keep it in memory for this run
            index = _index(store, items, offline, progress, notes)
    except (Damaged, sqlite3.DatabaseError) as exc:
        if not is_damage(exc):
            raise
        from findgroup.store import discard

        if store.path is not None:
            store.conn.close()
            discard(store.path)
        store, _ = open_store(folder or cache_dir())
        notes.append(DAMAGED)
        index = _index(store, items, offline, progress, notes)
    index.store.settle()
    return Opened(index, notes)


T = TypeVar("T")
DAMAGED = "warning: the search index was damaged; rebuilt it from the catalogues"


def with_index(
    specs: Sequence[str],
    work: Callable[[Index, list[str]], T],
    *,
    offline: bool = False,
    progress: Progress | None = None,
    folder: Path | None = None,
) -> T:
    """Run `work` on the catalogues' index (with the notes to show about them).

    A store found damaged while `work` reads it is discarded and rebuilt from the
    catalogues, and `work` runs again: a damaged store never changes an answer.
    """
    from findgroup.cache import cache_dir

    opened = open_index(specs, offline=offline, progress=progress, folder=folder)
    try:
        return work(opened.index, opened.notes)
    except (Damaged, sqlite3.DatabaseError) as exc:
        if not is_damage(exc):
            raise
        store = opened.index.store
        if store.path is not None:
            from findgroup.store import discard

            store.conn.close()
            discard(store.path)
        again = open_index(specs, offline=offline, progress=progress, folder=folder or cache_dir())
        return work(again.index, [DAMAGED, *(n for n in again.notes if n != DAMAGED)])


def _cannot_write(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("readonly", "read-only", "disk", "full", "permission", "unable"))


def _index(
    store: Store,
    items: Sequence[Path | str],
    offline: bool,
    progress: Progress | None,
    notes: list[str],
) -> Index:
    entries = []
    for k, item in enumerate(items):
        share = _share(progress, k, len(items))
        if isinstance(item, str):
            entry, note = remote_entry(store, item, offline)
            notes += [note] if note else []
        else:
            entry = _with_source(file_entry(store, item, share), item)
        if entry.info["unreadable"]:
            line, col, _sev, code, message = next(
                p for p in entry.info["problems"] if p[2] == "error"
            )
            raise CatalogueError([Problem(Position(entry.name, line, col), "error", code, message)])
        entries.append(entry)
    if progress is not None:
        progress(1.0)
    dropped, problems = merged(store, entries, items)
    return Index(store, entries, frozenset(dropped), problems)


def _with_source(entry: FileEntry, path: Path) -> FileEntry:
    """A subscribed source's entry, named for the source and marked with its fetch time."""
    if not path.name.startswith("catalogue."):
        return entry  # not a source's copy (and no need to import the feeds code)
    from findgroup.feeds import copies

    name = copies.source_of(path)
    if name is None:
        return entry
    fetched = copies.read_state(name).get("fetched")
    return entry._replace(name=f"source {name}", source=name, fetched=fetched)


def _share(progress: Progress | None, k: int, n: int) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda fraction: report((k + fraction) / n)


def file_entry(
    store: Store, path: Path, progress: Progress | None = None, *, positions: bool = False
) -> FileEntry:
    """A catalogue file's entry, indexed again only when its content changed.

    With `positions`, a file the fast reader indexed (without line numbers) is read again
    with them.
    """
    try:
        resolved = path.resolve()
        stat = path.stat()
    except OSError as exc:
        from findgroup.errors import CatalogueNotFound

        raise CatalogueNotFound(f"{path}: {exc.strerror or exc}") from None
    key, name = str(resolved), display_name(resolved, resolved=True)
    row = store.file_row(key)
    if positions and row is not None and not row["info"].get("positions", True):
        row = None
    if row is not None and (row["size"], row["mtime"]) == (stat.st_size, stat.st_mtime_ns):
        return FileEntry(row["id"], name, row["info"], row["hash"])
    try:
        data = path.read_bytes()
    except OSError as exc:
        info = _unreadable_info(f"cannot read the file: {exc.strerror or exc}")
        return FileEntry(0, name, info)
    found = digest(data)
    if row is not None and row["hash"] == found:
        store.touch_file(key, stat.st_size, stat.st_mtime_ns)
        return FileEntry(row["id"], name, row["info"], found)
    from findgroup.catalogue.load import collector_paused

    with collector_paused():
        parts = parse(
            data, name, is_json=path.suffix == ".json", progress=progress, fast=not positions
        )
        rows = file_rows(parts)
        del parts  # the built groups: only their rows are stored
        stamp = {"key": key, "name": name, "kind": "file", "size": stat.st_size,
                 "mtime": stat.st_mtime_ns, "hash": found}  # fmt: skip
        ident = store.replace_file(stamp, rows)
    return FileEntry(ident, name, rows.info, found)


def _unreadable_info(message: str) -> dict[str, Any]:
    return {"groups": 0, "meetings": 0, "zones": [], "feedback": None, "unreadable": True,
            "problems": [[1, 1, "error", "read", message]]}  # fmt: skip


def remote_entry(store: Store, url: str, offline: bool) -> tuple[FileEntry, str | None]:
    """A remote catalogue's entry: fetched (or revalidated), and indexed once per change."""
    from findgroup.catalogue.files import read_bytes
    from findgroup.catalogue.load import not_a_catalogue
    from findgroup.remote import fetch

    key = f"url:{url}"
    row = store.file_row(key)
    kept = kept_copy(store, url)

    def accept(data: bytes, is_json: bool) -> str | None:
        if row is not None and row["hash"] == digest(data):
            return None  # the catalogue already indexed: it was accepted then, not parsed again
        return not_a_catalogue(read_bytes(data, url, json=is_json))

    fetched = fetch(url, offline=offline, accept=accept, kept=kept)
    found = digest(fetched.data)
    if row is not None and row["hash"] == found:
        if fetched.meta is not None and fetched.meta != (kept.meta if kept else None):
            store.put_body(row["id"], fetched.data, fetched.meta)
        entry = FileEntry(row["id"], url, row["info"], found, fetched=_when(fetched.meta))
        return entry, fetched.warning
    from findgroup.catalogue.load import collector_paused

    with collector_paused():
        rows = file_rows(parse(fetched.data, url, is_json=fetched.json))
    rows.body = (fetched.data, fetched.meta or {})
    stamp = {"key": key, "name": url, "kind": "remote", "size": len(fetched.data),
             "mtime": 0, "hash": found}  # fmt: skip
    ident = store.replace_file(stamp, rows)
    return FileEntry(ident, url, rows.info, found, fetched=_when(fetched.meta)), fetched.warning


def kept_copy(store: Store, url: str) -> Kept | None:
    """The last good copy of a remote catalogue, when the store keeps one."""
    from findgroup.remote import Kept

    row = store.file_row(f"url:{url}")
    body = store.body(row["id"]) if row is not None else None
    return Kept(body[0], body[1]) if body is not None else None


def _when(meta: dict[str, Any] | None) -> str | None:
    return meta.get("fetched") if meta else None


def merged(
    store: Store, entries: list[FileEntry], items: Sequence[Path | str]
) -> tuple[list[int], list[Problem]]:
    """Groups and topics an earlier file defines too: the later ones' refs, and the errors.

    Kept in the store for each list of files and their contents, so only a change pays.
    """
    if len(entries) < 2:
        return [], []
    key = "set:" + digest("|".join(f"{e.id}:{e.hash}" for e in entries).encode())
    found = store.set_record(key)
    if found is None:
        found = _merge(store, entries)
        if found["problems"] and _placed(store, entries, items):
            return merged(store, entries, items)
        store.put_set_record(key, found)
    dropped = [n << SHIFT | o for n, o in found["dropped"]]
    problems = [
        Problem(Position(entries[n].name, line, col), "error", "duplicate-id", message)
        for n, line, col, message in found["problems"]
    ]
    return dropped, problems


def _placed(store: Store, entries: list[FileEntry], items: Sequence[Path | str]) -> bool:
    """Read again with positions the files the fast reader indexed; True when any was."""
    again = False
    for n, (entry, item) in enumerate(zip(entries, items, strict=True)):
        if isinstance(item, Path) and not entry.info.get("positions", True):
            entries[n] = file_entry(store, item, positions=True)
            again = True
    return again


def _merge(store: Store, entries: Sequence[FileEntry]) -> dict[str, Any]:
    """What a list of files defines twice (read from every group, topic and audience id).

    Ids a file defines twice itself were dealt with when it was indexed. A group's line is
    read from its row only when its id is defined twice.
    """
    seen: dict[tuple[str, str], tuple[int, int, int]] = {}  # the first: file, line, group row
    twice: list[tuple[int, str, str, int, int, int, tuple[int, int, int]]] = []
    for n, entry in enumerate(entries):
        for label, ident, line, col, ord_ in _ids(store, entry):
            first = seen.setdefault((label, ident), (n, line, ord_))
            if first[0] != n:
                twice.append((n, label, ident, line, col, ord_, first))
    lines = _group_lines(store, entries, twice)
    dropped: list[tuple[int, int]] = []
    problems: list[tuple[int, int, int, str]] = []
    for n, label, ident, line, col, ord_, (first_n, first_line, first_ord) in twice:
        if _both_sources(entries, n, first_n) and label == "group":
            dropped.append((n, ord_))  # the same meeting from two sources: shown once
            continue
        if label == "group":
            line, col = lines[n, ord_]
            first_line = lines[first_n, first_ord][0]
        there = entries[first_n].name
        message = f"{label} id '{ident}' is defined twice: here and at {there}:{first_line}"
        problems.append((n, line, col, message))
        if label == "group":
            dropped.append((n, ord_))
    return {"dropped": dropped, "problems": problems}


def _both_sources(entries: Sequence[FileEntry], n: int, first: int) -> bool:
    """True when both files are subscribed sources' copies."""
    return bool(entries[n].source and entries[first].source)


def _group_lines(
    store: Store,
    entries: Sequence[FileEntry],
    twice: Sequence[tuple[int, str, str, int, int, int, tuple[int, int, int]]],
) -> dict[tuple[int, int], tuple[int, int]]:
    """The line and column of each group whose id is defined twice, and of its first."""
    wanted: dict[int, set[int]] = {}
    for n, label, _ident, _line, _col, ord_, (first_n, _first_line, first_ord) in twice:
        if label == "group" and not _both_sources(entries, n, first_n):
            wanted.setdefault(n, set()).add(ord_)
            wanted.setdefault(first_n, set()).add(first_ord)
    out = {}
    for n, ords in wanted.items():
        for o, row in store.groups(entries[n].id, ords).items():
            out[n, o] = (int(row[-2]), int(row[-1]))
    return out


def _ids(store: Store, entry: FileEntry) -> list[tuple[str, str, int, int, int]]:
    """Every id a file defines: (kind, id, line, column, group row or -1).

    A group's line and column are 0 here (see _group_lines).
    """
    out = [("topic", i, d[-2], d[-1], -1) for i, d in store.postings_all(TOPIC, entry.id)]
    out += [("audience", i, d[-2], d[-1], -1) for i, d in store.postings_all(AUDIENCE, entry.id)]
    every = store.posting(GIDS, entry.id, "groups") or []  # one row, not one per group
    out += [("group", gid, 0, 0, o) for gid, o in every]
    return out
