"""What every converter shares: a conversion's result, stable ids, and tolerant value readers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from findgroup.importers.meeting_guide import slug


@dataclass
class Converted:
    """Catalogue groups converted from a feed, and what was skipped on the way."""

    groups: list[dict[str, Any]] = field(default_factory=list)
    meetings: int = 0
    closed: int = 0  # temporarily closed meetings with no way to join
    problems: list[str] = field(default_factory=list)  # rows that could not be converted


def content_id(name: str, *facts: object) -> str:
    """An id from a meeting's name and what makes it that meeting (day, time, place).

    The same meeting listed by two sources gets the same id, so it is shown once.
    """
    mark = hashlib.sha256("|".join(str(f) for f in facts).encode()).hexdigest()[:8]
    return f"{slug(name)[:48].strip('-') or 'meeting'}-{mark}"


def text(value: Any) -> str | None:
    """A feed value as one clean line of text, or None when empty."""
    if value is None or isinstance(value, (dict, list)):
        return None
    found = " ".join(str(value).split())
    return found or None


def number(value: Any) -> float | None:
    """A feed value (often a string) as a float, or None."""
    try:
        found = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return found if found == found and abs(found) < 1e6 else None


def web(value: Any) -> str | None:
    """An http(s) link, or None."""
    found = text(value)
    if found and found.lower().startswith(("http://", "https://")) and " " not in found:
        return found
    return None
