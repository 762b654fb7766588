"""Shell completion values (topics, group ids, audiences), served from a small cached index."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from findgroup.cache import atomic_write, cache_dir, files_key
from findgroup.catalogue.files import expand


def completion_index(specs: Sequence[str]) -> dict[str, list[str]]:
    """Topic names and aliases, group ids and audience ids; parsed once per catalogue change."""
    paths = list(expand(specs))
    path = cache_dir() / f"completion-{files_key(paths)}.json"
    try:
        cached: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        return cached
    except (OSError, ValueError):
        pass
    from findgroup.catalogue.load import load

    catalogue = load(specs, dt.date.today()).catalogue
    words = {t.name for t in catalogue.topics.values()}
    words |= {a for t in catalogue.topics.values() for a in t.aliases}
    index = {
        # Typer keeps only values that start with what was typed, case and all.
        "needs": sorted(words | {w.lower() for w in words}),
        "groups": sorted(g.id for g in catalogue.groups),
        "audiences": sorted(catalogue.audiences),
    }
    with contextlib.suppress(OSError):  # completion still works, just without the cache
        atomic_write(path, json.dumps(index).encode())
    return index


def matching(values: Sequence[str], incomplete: str) -> list[str]:
    """The values that start with what has been typed (case-insensitive)."""
    typed = incomplete.casefold()
    return [v for v in values if v.casefold().startswith(typed)]


def complete(kind: str, specs: Sequence[str], incomplete: str) -> list[str]:
    """Completion candidates of one kind; never raises (a TAB must not print errors)."""
    try:
        return matching(completion_index(specs)[kind], incomplete)
    except Exception:  # a broken catalogue must not break the shell
        return []


def params_catalog(params: dict[str, Any]) -> list[str]:
    """The `--catalog` values already typed on the command line."""
    value = params.get("catalog")
    return list(value) if value else []
