"""Which catalogues a command reads: flags first, then FINDGROUP_CATALOG, then the built-in one."""

from __future__ import annotations

import os
from collections.abc import Sequence


def split_env(value: str, sep: str = os.pathsep) -> list[str]:
    """Split a FINDGROUP_CATALOG value on the path separator, keeping `http(s)://` URLs whole."""
    parts = value.split(sep)
    out: list[str] = []
    for part in parts:
        if out and sep == ":" and part.startswith("//") and out[-1].lower() in ("http", "https"):
            out[-1] = f"{out[-1]}:{part}"
        elif part.strip():
            out.append(part.strip())
    return out


def catalogue_specs(given: Sequence[str], env: str | None) -> list[str]:
    """The catalogues to load: those given, else those in the environment, else 'default'."""
    if given:
        return list(given)
    if env and env.strip():
        return split_env(env)
    return ["default"]
