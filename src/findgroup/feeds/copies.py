"""The last good copy of each source, and its state, in the data folder.

`$XDG_DATA_HOME/findgroup/sources/NAME/`, else `~/.local/share/findgroup/sources/NAME/`:
each fetched answer's body and validators (ETag, Last-Modified), and `state.json` (when the
source was fetched and changed, what it held, the last failure). It lives outside the cache
folder, so clearing the cache loses nothing: the store is rebuilt from these copies without
touching the network.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from findgroup.remote import Kept


def data_folder(env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_DATA_HOME/findgroup`, else `~/.local/share/findgroup` (`%LOCALAPPDATA%` on Windows)."""
    env = env if env is not None else os.environ
    base = env.get("XDG_DATA_HOME")
    if not base and os.name == "nt":
        base = env.get("LOCALAPPDATA")
    root = Path(base) if base else Path(env.get("HOME") or Path.home()) / ".local" / "share"
    return root / "findgroup"


def folder(name: str) -> Path:
    """Where one source's copies live."""
    return data_folder() / "sources" / name


def _stem(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:24]


def kept(name: str, url: str) -> Kept | None:
    """The kept answer to one of a source's requests, when there is one."""
    base = folder(name) / _stem(url)
    try:
        data = base.with_suffix(".body").read_bytes()
        meta = json.loads(base.with_suffix(".meta").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Kept(data, meta) if isinstance(meta, dict) else None


def bodies(name: str) -> list[bytes] | None:
    """The bodies of a source's kept answers, in request order; None when it has none."""
    order = read_state(name).get("requests")
    if not isinstance(order, list) or not order:
        return None
    found = []
    for url in order:
        copy = kept(name, str(url))
        if copy is None:
            return None
        found.append(copy.data)
    return found


def keep(name: str, answers: Sequence[tuple[str, bytes, dict[str, Any]]]) -> None:
    """Replace a source's kept answers with these (url, body, validators), in this order."""
    place = folder(name)
    place.mkdir(parents=True, exist_ok=True)
    for url, data, meta in answers:
        base = place / _stem(url)
        _write(base.with_suffix(".body"), data)
        _write(base.with_suffix(".meta"), json.dumps(meta).encode())
    wanted = {_stem(url) for url, _d, _m in answers}
    for path in place.iterdir():
        if path.suffix in (".body", ".meta") and path.stem not in wanted:
            path.unlink(missing_ok=True)


def read_state(name: str) -> dict[str, Any]:
    """What is known about a source's last updates (empty when nothing is)."""
    try:
        found = json.loads((folder(name) / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def write_state(name: str, state: Mapping[str, Any]) -> None:
    """Record a source's state."""
    place = folder(name)
    place.mkdir(parents=True, exist_ok=True)
    _write(place / "state.json", json.dumps(dict(state), indent=1).encode())


def forget(name: str) -> None:
    """Delete everything kept for a source."""
    shutil.rmtree(folder(name), ignore_errors=True)


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def keep_catalogue(name: str, data: bytes, suffix: str) -> None:
    """Keep a source's converted catalogue (what the store indexes)."""
    place = folder(name)
    place.mkdir(parents=True, exist_ok=True)
    for old in place.glob("catalogue.*"):
        if old.suffix != suffix and not old.name.endswith(".tmp"):
            old.unlink(missing_ok=True)
    _write(place / f"catalogue{suffix}", data)


def catalogue_path(name: str, state: Mapping[str, Any] | None = None) -> Path | None:
    """The converted catalogue of a source, when it has one."""
    state = read_state(name) if state is None else state
    found = folder(name) / str(state.get("catalogue") or "catalogue.json")
    return found if found.is_file() else None


def source_of(path: Path) -> str | None:
    """The source whose converted catalogue this is, or None for any other file."""
    if not path.name.startswith("catalogue.") or path.parent.parent.name != "sources":
        return None
    try:
        return path.parent.name if path.parent.parent == data_folder() / "sources" else None
    except OSError:
        return None
