"""Defaults for every command: a TOML config file, overridden by FINDGROUP_* variables.

Flags given on the command line override both; that last step is the CLI's.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from findgroup.errors import UsageError
from findgroup.suggest import hint


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


KEYS = ("country", "tz", "catalog", "format")
FORMATS = ("table", "json", "jsonl", "csv")


class Settings(NamedTuple):
    """The effective defaults, and where each one came from."""

    country: str | None = None
    tz: str | None = None
    catalog: tuple[str, ...] = ()
    format: str | None = None
    origin: Mapping[str, str] = MappingProxyType({})


def config_path(env: Mapping[str, str]) -> Path:
    """`$XDG_CONFIG_HOME/findgroup/config.toml` (`%APPDATA%` on Windows, else ~/.config)."""
    base = env.get("XDG_CONFIG_HOME")
    if not base and os.name == "nt":
        base = env.get("APPDATA")
    root = Path(base) if base else Path(env.get("HOME") or Path.home()) / ".config"
    return root / "findgroup" / "config.toml"


def _from_file(path: Path) -> dict[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the config file: {exc}") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}; fix or delete the file") from None
    for key in data:
        if key not in KEYS:
            raise UsageError(f"{path}: unknown setting '{key}'{hint(key, KEYS)}")
    return data


def _check(key: str, value: object, where: str) -> object:
    if key == "catalog":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise UsageError(f"{where}: catalog must be a path or a list of paths")
        return tuple(items)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{where}: {key} must be text")
    if key == "format" and value not in FORMATS:
        raise UsageError(f"{where}: format must be one of {', '.join(FORMATS)}")
    if key == "country":
        return value.strip().upper()
    return value.strip()


def load_settings(env: Mapping[str, str]) -> Settings:
    """The config file's settings with FINDGROUP_* variables on top."""
    path = config_path(env)
    values: dict[str, object] = {}
    origin: dict[str, str] = {}
    for key, value in _from_file(path).items():
        values[key] = _check(key, value, str(path))
        origin[key] = str(path)
    for key in KEYS:
        name = f"FINDGROUP_{key.upper()}"
        raw = env.get(name)
        if raw and raw.strip():
            values[key] = tuple(split_env(raw)) if key == "catalog" else _check(key, raw, name)
            origin[key] = name
    return Settings(origin=origin, **values)  # type: ignore[arg-type]
