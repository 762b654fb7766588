"""A source's kept answers to catalogue data: one converter per type, the same result shape."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from findgroup.feeds.shapes import Converted, number
from findgroup.feeds.subscriptions import Source
from findgroup.feeds.zones import zone_for


def parsed(data: bytes) -> Any:
    """A body as JSON; ValueError (with a reason a person can read) when it is not."""
    if not data.strip():
        raise ValueError("the answer is empty")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValueError("the answer is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"the answer is not complete JSON ({exc.msg} at character {exc.pos})"
        ) from None


def shape_problem(source: Source, data: bytes) -> str | None:
    """Why an answer is not what a source of this type sends, or None when it is."""
    from findgroup.feeds import bmlt, hsds

    try:
        document = parsed(data)
        if source.type == "bmlt":
            bmlt.feed_rows(document)
        elif source.type == "hsds":
            hsds.page_rows(document)
        elif source.type == "meeting-guide":
            meeting_guide_rows(document)
    except ValueError as exc:
        return str(exc)
    return None


def meeting_guide_rows(document: Any) -> list[Any]:
    """A Meeting Guide feed's rows; ValueError when the document is not one."""
    if isinstance(document, dict) and isinstance(document.get("meetings"), list):
        document = document["meetings"]
    if not isinstance(document, list):
        raise ValueError("a Meeting Guide feed is a JSON list of meetings")
    if document and not any(
        isinstance(r, dict) and ("day" in r or "time" in r) for r in document[:20]
    ):
        raise ValueError("the list does not hold Meeting Guide meetings (no day or time)")
    return document


def convert(
    source: Source,
    bodies: Sequence[bytes],
    term_topics: Mapping[str, Sequence[str]],
    progress: Callable[[int, int], None] | None = None,
) -> Converted:
    """The groups a source's answers hold; ValueError when an answer is not of its type."""
    documents = [parsed(b) for b in bodies]
    common: dict[str, Any] = {"audience": source.audience, "timezone": source.timezone,
                              "country": source.country, "source": source.url}  # fmt: skip
    if source.type == "bmlt":
        from findgroup.feeds import bmlt

        return bmlt.convert(documents[0], topics=source.topics, progress=progress, **common)
    if source.type == "hsds":
        from findgroup.feeds import hsds

        return hsds.convert(
            documents, topics=source.topics, term_topics=term_topics, progress=progress, **common
        )
    return _meeting_guide(source, documents[0], progress)


def _meeting_guide(
    source: Source, document: Any, progress: Callable[[int, int], None] | None
) -> Converted:
    from findgroup.importers.meeting_guide import convert as convert_rows

    rows = meeting_guide_rows(document)
    for row in rows:
        if isinstance(row, dict) and not row.get("timezone"):
            zone = zone_for(
                source.timezone,
                number(row.get("latitude")),
                number(row.get("longitude")),
                source.country,
            )
            if zone:
                row["timezone"] = zone
    imported = convert_rows(
        rows, topics=source.topics, audience=source.audience, source=source.url, progress=progress
    )
    for group in imported.groups:
        if "last_verified" in group:
            group["last_verified"] = str(group["last_verified"])
    return Converted(imported.groups, imported.meetings, imported.closed, imported.problems)


def catalogue_bytes(converted: Converted) -> bytes:
    """The groups as a format-1 JSON catalogue."""
    document = {"format": 1, "groups": converted.groups}
    return json.dumps(document, ensure_ascii=False, default=str).encode()
