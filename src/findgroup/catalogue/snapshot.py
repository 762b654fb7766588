"""The parsed-catalogue cache: each file's built model, reused while the file is unchanged.

One entry per file, keyed by its path, size and modification time, with a content hash so a
touched but unchanged file is not parsed again. Entries are written atomically (a concurrent
search never sees half a file); an entry that cannot be read is discarded and rebuilt. Only
findgroup's own model classes can be read back from an entry, so the cache cannot run code.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import zlib
from pathlib import Path
from typing import Any

from findgroup import __version__
from findgroup.cache import atomic_write, cache_dir
from findgroup.catalogue.files import display_name
from findgroup.catalogue.parts import FileParts

FORMAT = f"findgroup-{__version__}-parsed-2"
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
    "findgroup.catalogue.parts": {"FileParts"},
    "datetime": {"date", "time"},
    "copyreg": {"_reconstructor", "__newobj__"},
    "builtins": {"object", "set", "frozenset"},
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def _source(path: Path, name: str) -> str:
    return f"{path.resolve()}\0{name}"


def entry_path(path: Path, name: str) -> Path:
    """Where the cache entry of one catalogue file lives (the entry names its source too)."""
    source = _source(path, name).encode()
    return cache_dir() / "parsed" / f"{zlib.crc32(source):08x}{len(source):04x}.pickle"


def _read_entry(entry: Path) -> dict[str, Any] | None:
    try:
        data = entry.read_bytes()
        found = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # any damage at all: discard and rebuild
        with contextlib.suppress(OSError):
            entry.unlink()
        return None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        return None
    return found


def cached_parts(path: Path) -> FileParts:
    """The built parts of one catalogue file, from the cache when the file is unchanged."""
    name = display_name(path)
    entry = entry_path(path, name)
    stat = path.stat()
    found = _read_entry(entry)
    if found and found.get("source") != _source(path, name):
        found = None  # another file whose name hashed alike
    if found and (found["size"], found["mtime"]) == (stat.st_size, stat.st_mtime_ns):
        return found["parts"]  # type: ignore[no-any-return]
    import hashlib

    data = path.read_bytes()
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    if found and found["hash"] == digest:
        parts: FileParts = found["parts"]
    else:
        from findgroup.catalogue.build import build_file
        from findgroup.catalogue.files import read_bytes

        parts = build_file(read_bytes(data, name, json=path.suffix == ".json"))
    record = {
        "format": FORMAT,
        "source": _source(path, name),
        "size": stat.st_size,
        "mtime": stat.st_mtime_ns,
        "hash": digest,
        "parts": parts,
    }
    with contextlib.suppress(OSError):  # a read-only cache folder only costs speed
        atomic_write(entry, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    return parts
