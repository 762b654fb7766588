"""Shell completion values (topics, group ids, audiences), read from the store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def completion_values(kind: str, specs: Sequence[str]) -> list[str]:
    """Topic names and aliases, group ids, or audience ids of the named catalogues."""
    from findgroup.index import Index
    from findgroup.search import reading

    def values(index: Index, _notes: list[str]) -> list[str]:
        if kind == "groups":
            return sorted(index.ids)
        if kind == "audiences":
            return sorted(index.audiences())
        words = {text for t in index.topics().values() for text in (t.name, *t.aliases)}
        # Typer keeps only values that start with what was typed, case and all.
        return sorted(words | {w.lower() for w in words})

    return reading(specs, values)


def matching(values: Sequence[str], incomplete: str) -> list[str]:
    """The values that start with what has been typed (case-insensitive)."""
    typed = incomplete.casefold()
    return [v for v in values if v.casefold().startswith(typed)]


def complete(kind: str, specs: Sequence[str], incomplete: str) -> list[str]:
    """Completion candidates of one kind; never raises (a TAB must not print errors)."""
    try:
        return matching(completion_values(kind, specs), incomplete)
    except Exception:  # a broken catalogue must not break the shell
        return []


def params_catalog(params: dict[str, Any]) -> list[str]:
    """The `--catalog` values already typed on the command line."""
    value = params.get("catalog")
    return list(value) if value else []
