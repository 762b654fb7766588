"""The user's cache folder: where it is, keys for catalogue files, and atomic writes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/findgroup`, else `~/.cache/findgroup` (`%LOCALAPPDATA%` on Windows)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base and os.name == "nt":
        base = os.environ.get("LOCALAPPDATA")
    root = Path(base) if base else Path.home() / ".cache"
    return root / "findgroup"


def files_key(paths: Iterable[Path | str]) -> str:
    """A key that changes when any file's path, size or modification time changes (or a URL)."""
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        if isinstance(path, str):
            digest.update(f"{path}\n".encode())
            continue
        stat = path.stat()
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename, never half-written."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
