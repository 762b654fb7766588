"""JSON, JSON Lines and CSV renderings of result records; valid even when empty."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from findgroup.render.records import CSV_COLUMNS, csv_row
from findgroup.safe_text import clean, json_safe

_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")


def to_json(value: Any, indent: int | None = 2) -> str:
    """JSON text, readable (not ASCII-escaped), with terminal-active characters escaped."""
    return json_safe(json.dumps(value, indent=indent, ensure_ascii=False)) + "\n"


def as_json(records: Sequence[dict[str, Any]]) -> str:
    """A JSON array (`[]` when empty)."""
    return to_json(list(records))


def as_jsonl(records: Sequence[dict[str, Any]]) -> str:
    """One JSON object a line."""
    return "".join(to_json(r, indent=None) for r in records)


def _safe(cell: str) -> str:
    # OWASP CSV injection: a leading formula character is neutralised with a quote.
    cell = clean(cell)
    return "'" + cell if cell.startswith(_CSV_RISKY) else cell


def as_csv(records: Sequence[dict[str, Any]], with_query: bool = False) -> str:
    """A header and one row per group."""
    columns = ("query", *CSV_COLUMNS) if with_query else CSV_COLUMNS
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _safe(v) for k, v in csv_row(record).items()})
    return out.getvalue()
