"""Splitting a list of catalogues given in one string (FINDGROUP_CATALOG)."""

from __future__ import annotations

import os


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
