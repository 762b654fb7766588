"""The sources a reader subscribes to, kept in `sources.toml` in the config folder."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from findgroup.errors import UsageError

TYPES = ("meeting-guide", "bmlt", "hsds", "findgroup")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class Source(NamedTuple):
    """One subscribed source: where it is, what kind, and what its meetings are about."""

    name: str
    url: str
    type: str
    topics: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    timezone: str | None = None
    country: str | None = None


def config_folder(env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CONFIG_HOME/findgroup`, else `~/.config/findgroup` (where config.toml lives)."""
    from findgroup.settings import config_path

    return config_path(env if env is not None else os.environ).parent


def subscriptions_path(env: Mapping[str, str] | None = None) -> Path:
    """The subscriptions file."""
    return config_folder(env) / "sources.toml"


def check_name(name: str) -> str:
    """The name, or a usage error: lowercase letters, digits and '-' (it names files)."""
    if not _NAME.match(name):
        raise UsageError(
            f"source name {name!r}: use lowercase letters, digits and '-' (such as 'na-ireland')"
        )
    return name


def load(path: Path | None = None) -> list[Source]:
    """Every subscribed source, in the order added; none when the file does not exist."""
    path = path or subscriptions_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc}); fix or delete it") from None
    found = []
    for n, entry in enumerate(data.get("source", [])):
        try:
            found.append(_source(entry))
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{path}: source {n + 1} is not complete ({exc})") from None
    return found


def _source(entry: Mapping[str, object]) -> Source:
    kind = str(entry["type"])
    if kind not in TYPES:
        raise ValueError(f"unknown type {kind!r}")
    return Source(
        check_name(str(entry["name"])),
        str(entry["url"]),
        kind,
        tuple(str(t) for t in entry.get("topics", []) or []),  # type: ignore[attr-defined]
        tuple(str(a) for a in entry.get("audience", []) or []),  # type: ignore[attr-defined]
        str(entry["timezone"]) if entry.get("timezone") else None,
        str(entry["country"]) if entry.get("country") else None,
    )


def save(sources: Sequence[Source], path: Path | None = None) -> None:
    """Write the subscriptions (atomically: a crash leaves the old file or the new)."""
    path = path or subscriptions_path()
    lines = ["# Sources findgroup reads meetings from; edit with 'findgroup sources'.", ""]
    for source in sources:
        lines.append("[[source]]")
        for key, value in source._asdict().items():
            if value in (None, ()):
                continue
            lines.append(f"{key} = {_toml(value)}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text("\n".join(lines), encoding="utf-8")
    os.replace(temporary, path)


def _toml(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return f'"{text}"'
