"""Concurrent link checking: every url, finder_url, source and join link of a catalogue."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

from findgroup import __version__
from findgroup.model import Catalogue, Position

MAX_AT_ONCE = 10
MAX_PER_HOST = 2
TIMEOUT = 15.0
_HEAD_REFUSED = {403, 405, 501}


@dataclass(frozen=True, slots=True)
class Link:
    """A URL and where the catalogue mentions it."""

    url: str
    pos: Position
    field: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one URL did: its final status, and where it moved to."""

    url: str
    status: int | None
    reason: str
    final_url: str | None = None
    permanent: bool = False

    @property
    def broken(self) -> bool:
        """True for an error status or no answer at all."""
        return self.status is None or self.status >= 400


def collect(catalogue: Catalogue) -> list[Link]:
    """Every checkable link with its position, in catalogue order."""
    links: list[Link] = []

    def add(url: str | None, spans: object, key: str, fallback: Position | None) -> None:
        if not url or not url.lower().startswith(("http://", "https://")):
            return
        pos = spans.get(key) if isinstance(spans, dict) else None
        where = pos or fallback
        if where is not None:
            links.append(Link(url, where, key))

    for group in catalogue.groups:
        for key in ("url", "finder_url", "source"):
            add(getattr(group, key), group.spans, key, group.pos)
        for meeting in group.meetings:
            if meeting.join is not None:
                add(meeting.join.url, meeting.spans, "join", meeting.pos)
    for line in catalogue.crisis:
        add(line.url, line.spans, "url", line.pos)
    return links


async def _check_one(client: object, url: str) -> Outcome:
    import httpx

    assert isinstance(client, httpx.AsyncClient)
    try:
        response = await client.head(url)
        if response.status_code in _HEAD_REFUSED:
            async with client.stream("GET", url) as streamed:
                response = streamed
    except httpx.TooManyRedirects:
        return Outcome(url, None, "too many redirects")
    except httpx.TimeoutException:
        return Outcome(url, None, "timed out")
    except httpx.HTTPError as exc:
        reason = str(exc).split("] ", 1)[-1] or type(exc).__name__
        return Outcome(url, None, f"no answer ({reason})")
    except httpx.InvalidURL:
        return Outcome(url, None, "redirects to an address that is not http(s)")
    final = str(response.url)
    moved = final != url and bool(response.history)
    permanent = any(r.status_code in (301, 308) for r in response.history)
    return Outcome(
        url,
        response.status_code,
        response.reason_phrase or "",
        final if moved else None,
        permanent and moved,
    )


async def check_all(
    urls: list[str],
    *,
    timeout: float = TIMEOUT,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Outcome]:
    """Check each URL once: at most 10 requests at once and 2 to any one host."""
    import httpx

    at_once = asyncio.Semaphore(MAX_AT_ONCE)
    per_host: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(MAX_PER_HOST))
    results: dict[str, Outcome] = {}
    limits = httpx.Limits(max_connections=MAX_AT_ONCE, max_keepalive_connections=MAX_AT_ONCE)
    headers = {"User-Agent": f"findgroup/{__version__} (link check)"}
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=True, max_redirects=10, limits=limits, headers=headers
    ) as client:

        async def run(url: str) -> None:
            host = (urlparse(url).hostname or "").lower()
            async with per_host[host], at_once:
                results[url] = await _check_one(client, url)
            if progress:
                progress(len(results), len(urls))

        await asyncio.gather(*(run(url) for url in urls))
    return results


def check(
    catalogue: Catalogue,
    *,
    timeout: float = TIMEOUT,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[Link, Outcome]]:
    """Every link with what happened when it was checked, in catalogue order."""
    links = collect(catalogue)
    unique = list(dict.fromkeys(link.url for link in links))
    outcomes = asyncio.run(check_all(unique, timeout=timeout, progress=progress))
    return [(link, outcomes[link.url]) for link in links]


def outcome_lines(results: list[tuple[Link, Outcome]]) -> list[str]:
    """One line per broken link, then one per permanently moved link."""
    from findgroup.safe_text import clean_line

    lines = []
    for link, out in results:
        if out.broken:
            status = f"{out.status} {out.reason}" if out.status else out.reason
            lines.append(clean_line(f"{link.pos.file}:{link.pos.line}: {link.url}: {status}"))
    for link, out in results:
        if not out.broken and out.permanent:
            lines.append(
                clean_line(
                    f"{link.pos.file}:{link.pos.line}: {link.url}: moved permanently to "
                    f"{out.final_url} (update the entry)"
                )
            )
    return lines


def outcome_records(results: list[tuple[Link, Outcome]]) -> list[dict[str, object]]:
    """Every link with what happened, for scripts."""
    return [
        {
            "file": link.pos.file,
            "line": link.pos.line,
            "field": link.field,
            "url": link.url,
            "status": out.status,
            "reason": out.reason,
            "broken": out.broken,
            "moved_to": out.final_url,
            "permanent": out.permanent,
        }
        for link, out in results
    ]
