"""Typed exceptions and the Problem record that every layer reports through."""

from __future__ import annotations

from typing import NamedTuple

from findgroup.model import Position


class Problem(NamedTuple):
    """One finding about a catalogue: where it is, how bad it is, and what to do."""

    pos: Position
    severity: str  # "error" | "warning"
    code: str
    message: str

    def line(self) -> str:
        """The problem as `FILE:LINE:COLUMN: severity: message`."""
        return f"{self.pos}: {self.severity}: {self.message}"


class Sink:
    """Collects problems while a catalogue is built."""

    def __init__(self, problems: list[Problem] | None = None) -> None:
        self.problems: list[Problem] = problems if problems is not None else []

    def error(self, pos: Position, code: str, message: str) -> None:
        """Record an error at `pos`."""
        self.problems.append(Problem(pos, "error", code, message))

    def warning(self, pos: Position, code: str, message: str) -> None:
        """Record a warning at `pos`."""
        self.problems.append(Problem(pos, "warning", code, message))


class FindgroupError(Exception):
    """Base class of every error findgroup reports to a user."""


class CatalogueNotFound(FindgroupError):
    """A catalogue path (or the word naming one) does not exist."""


class CatalogueError(FindgroupError):
    """A catalogue cannot be read at all (syntax, encoding, shape)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(f"{first.pos}: {first.message}" if first else "catalogue error")


class FetchError(FindgroupError):
    """A remote catalogue could not be fetched; `use_cache` when a cached copy may stand in."""

    def __init__(self, message: str, *, use_cache: bool = False) -> None:
        super().__init__(message)
        self.use_cache = use_cache


class UsageError(FindgroupError):
    """A value given on the command line cannot be used."""
