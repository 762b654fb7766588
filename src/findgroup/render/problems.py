"""Validation problems as lines, a summary, or JSON for editors and CI."""

from __future__ import annotations

from collections.abc import Sequence

from findgroup.errors import Problem
from findgroup.render.data import to_json
from findgroup.safe_text import clean_line


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def as_lines(problems: Sequence[Problem]) -> str:
    """One `FILE:LINE:COLUMN: severity: message` line per problem."""
    return "".join(clean_line(p.line()) + "\n" for p in problems)


def summary(problems: Sequence[Problem], files: int) -> str:
    """`3 errors and 1 warning in 2 files`."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    return f"{_count(errors, 'error')} and {_count(warnings, 'warning')} in {_count(files, 'file')}"


def as_json(problems: Sequence[Problem]) -> str:
    """The problems as a JSON list of {file, line, column, severity, code, message}."""
    rows = [
        {
            "file": p.pos.file,
            "line": p.pos.line,
            "column": p.pos.column,
            "severity": p.severity,
            "code": p.code,
            "message": p.message,
        }
        for p in problems
    ]
    return to_json(rows)
