"""The shipped registry of open public sources (data/registry.toml), with their evidence."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, NamedTuple


class Suggestion(NamedTuple):
    """An open source someone could subscribe to, and why it is listed."""

    name: str
    type: str
    url: str
    country: str | None
    topics: tuple[str, ...]
    openness: str
    evidence: tuple[str, ...]

    def add_command(self) -> str:
        """The command line that subscribes to it."""
        parts = ["findgroup sources add", self.url, "--type", self.type, "--name", self.name]
        parts += [f"--topic {t}" for t in self.topics]
        if self.country:
            parts += ["--country", self.country]
        return " ".join(parts)


def suggestions(country: str | None = None) -> list[Suggestion]:
    """The registry's sources, for one country when given (worldwide ones always)."""
    path = Path(__file__).parent.parent / "data" / "registry.toml"
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    found = []
    for entry in data.get("source", []):
        if country and entry.get("country") not in (None, country):
            continue
        found.append(
            Suggestion(
                entry["name"],
                entry["type"],
                entry["url"],
                entry.get("country"),
                tuple(entry.get("topics", [])),
                entry.get("openness", ""),
                tuple(entry.get("evidence", [])),
            )
        )
    return found
