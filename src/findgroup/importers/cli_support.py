"""What the import commands share: reading a feed, resolving topics, writing the catalogue."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from findgroup.errors import CatalogueNotFound, UsageError
from findgroup.model import Topic
from findgroup.text import normalise


def read_feed(feed: str, *, offline: bool = False) -> tuple[list[Any], str | None]:
    """The feed's rows, and its URL when it was fetched (used as each group's `source`)."""
    from findgroup.remote import fetch, is_url

    if is_url(feed):
        data, source = fetch(feed, offline=offline).data, feed
    else:
        try:
            data, source = Path(feed).read_bytes(), None
        except FileNotFoundError:
            raise CatalogueNotFound(f"{feed}: no such file") from None
        except OSError as exc:
            raise UsageError(f"{feed}: cannot read it: {exc.strerror or exc}") from None
    try:
        rows = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{feed}: not a JSON feed ({exc})") from None
    if isinstance(rows, dict) and isinstance(rows.get("meetings"), list):
        rows = rows["meetings"]
    if not isinstance(rows, list):
        raise UsageError(f"{feed}: a Meeting Guide feed is a JSON list of meetings")
    return rows, source


def resolve_topics(needs: Sequence[str], topics: Mapping[str, Topic]) -> list[str]:
    """Topic ids for the words given (an id, a name or an alias); a usage error otherwise."""
    from findgroup.suggest import hint

    names: dict[str, set[str]] = {}
    for topic in topics.values():
        for text in (topic.id, topic.name, *topic.aliases):
            names.setdefault(normalise(text), set()).add(topic.id)
    found: list[str] = []
    for need in needs:
        ids = names.get(normalise(need), set())
        if len(ids) != 1:
            why = "is claimed by several topics" if ids else "is not a topic id, name or alias"
            raise UsageError(
                f"--topic {need!r} {why}"
                + (hint(need, sorted(topics)) if not ids else f": {', '.join(sorted(ids))}")
            )
        found.extend(i for i in ids if i not in found)
    return found


def write_catalogue(groups: list[dict[str, Any]], fmt: str) -> str:
    """The groups as a format-1 catalogue in YAML or JSON."""
    document = {"format": 1, "groups": groups}
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
    import yaml

    header = "# Imported by findgroup import meeting-guide. Check before publishing.\n"
    body: str = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return header + body
