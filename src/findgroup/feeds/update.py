"""Fetch subscribed sources side by side and keep each one's last good copy.

Each source's requests go one after another (a directory's pages), sources side by side,
at most two requests at a time to one host. ETag and Last-Modified make an unchanged feed
cost a 304. A source whose answer fails, or is not of its type, or holds no meeting that can
be read, keeps its previous copy and says why; nothing is lost. Only the subscribed URLs are
requested, with findgroup's User-Agent: never a query, a place or a filter.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from findgroup.errors import FetchError
from findgroup.feeds import copies
from findgroup.feeds.subscriptions import Source

PER_HOST = 2
WORKERS = 8
MAX_PAGES = 200
HSDS_PAGE_SIZE = 100


class Outcome(NamedTuple):
    """What an update did for one source."""

    name: str
    ok: bool
    changed: bool
    groups: int
    meetings: int
    closed: int
    skipped: int
    message: str  # why it failed, or the first skipped row's problem


def first_request(source: Source) -> str:
    """The URL a source is read from (a BMLT root server's search, a directory's first page)."""
    if source.type == "bmlt":
        if "client_interface/json" in source.url:
            return _with_query(source.url, switcher="GetSearchResults", get_used_formats="1")
        base = source.url.rstrip("/") + "/client_interface/json/"
        return _with_query(base, switcher="GetSearchResults", get_used_formats="1")
    if source.type == "hsds":
        base = source.url if "/services" in source.url else source.url.rstrip("/") + "/services"
        return _with_query(base, page="1", per_page=str(HSDS_PAGE_SIZE))
    return source.url


def _with_query(url: str, **values: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(values)
    return urlunsplit(parts._replace(query=urlencode(query)))


class _Hosts:
    """At most PER_HOST requests at a time to one host."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.slots: dict[str, threading.Semaphore] = {}

    def slot(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).netloc.lower()
        with self.lock:
            return self.slots.setdefault(host, threading.Semaphore(PER_HOST))


def update(
    sources: Sequence[Source],
    term_topics: Mapping[str, Sequence[str]],
    *,
    offline: bool = False,
    done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Update every source; outcomes in the sources' order."""
    hosts = _Hosts()

    def one(source: Source) -> Outcome:
        found = _update_one(source, term_topics, hosts, offline)
        if done is not None:
            done(found)
        return found

    if not sources:
        return []
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(sources))) as pool:
        return list(pool.map(one, sources))


def _update_one(
    source: Source, term_topics: Mapping[str, Sequence[str]], hosts: _Hosts, offline: bool
) -> Outcome:
    from findgroup.feeds.convert import catalogue_bytes, convert, shape_problem
    from findgroup.remote import fetch

    state = copies.read_state(source.name)
    answers: list[tuple[str, bytes, dict[str, object]]] = []
    url: str | None = first_request(source)
    changed = False
    try:
        while url is not None:
            kept = copies.kept(source.name, url)
            with hosts.slot(url):
                got = fetch(
                    url,
                    offline=offline,
                    kept=kept,
                    accept=lambda data, _json: shape_problem(source, data),
                )
            if got.warning:  # the kept copy stood in for a failed request
                raise FetchError(got.warning.removeprefix("warning: "))
            changed |= kept is None or kept.data != got.data
            answers.append((url, got.data, dict(got.meta or (kept.meta if kept else {}))))
            url = _next_page(source, url, got.data, len(answers))
    except FetchError as exc:
        return _failed(source, state, str(exc))
    changed |= [u for u, _d, _m in answers] != state.get("requests")
    if not changed and copies.catalogue_path(source.name, state) is not None:
        state |= {"fetched": _now(), "error": None}
        copies.write_state(source.name, state)
        first = (state.get("problems") or [""])[0]
        return Outcome(source.name, True, False, state.get("groups", 0), state.get("meetings", 0),
                       state.get("closed", 0), state.get("skipped", 0), first)  # fmt: skip
    if source.type == "findgroup":
        data, counts = answers[0][1], _catalogue_counts(answers[0][1], source)
        if isinstance(counts, str):
            return _failed(source, state, counts)
        groups, meetings, closed, problems = *counts, []
        suffix = ".json" if data.lstrip()[:1] in (b"{", b"[") else ".yaml"
    else:
        try:
            converted = convert(source, [d for _u, d, _m in answers], term_topics)
        except ValueError as exc:
            return _failed(source, state, f"{source.url}: {exc}")
        if not converted.groups:
            why = converted.problems[0] if converted.problems else "it lists no meetings"
            return _failed(source, state, f"{source.url}: no meeting could be read ({why})")
        data, suffix = catalogue_bytes(converted), ".json"
        groups, meetings = len(converted.groups), converted.meetings
        closed, problems = converted.closed, converted.problems
    copies.keep(source.name, answers)
    copies.keep_catalogue(source.name, data, suffix)
    now = _now()
    state = {
        "requests": [u for u, _d, _m in answers], "fetched": now, "changed": now,
        "groups": groups, "meetings": meetings, "closed": closed, "skipped": len(problems),
        "problems": problems[:20], "catalogue": "catalogue" + suffix, "error": None,
    }  # fmt: skip
    copies.write_state(source.name, state)
    return Outcome(source.name, True, True, groups, meetings, closed, len(problems),
                   problems[0] if problems else "")  # fmt: skip


def _catalogue_counts(data: bytes, source: Source) -> tuple[int, int, int] | str:
    """A findgroup catalogue's group count (meetings and closed: 0), or why it is not one."""
    from findgroup.catalogue.files import read_bytes
    from findgroup.catalogue.load import not_a_catalogue

    is_json = data.lstrip()[:1] in (b"{", b"[")
    document = read_bytes(data, source.url, json=is_json)
    problem = not_a_catalogue(document)
    if problem is not None:
        return f"{source.url}: not a catalogue ({problem})"
    root = document.root.value if document.root is not None else {}
    groups = root.get("groups") if isinstance(root, dict) else None
    count = len(groups.value) if groups is not None and isinstance(groups.value, list) else 0
    return count, 0, 0


def _next_page(source: Source, url: str, data: bytes, done: int) -> str | None:
    """The next page of a directory, or None when this was the last (or not paged)."""
    if source.type != "hsds" or done >= MAX_PAGES:
        return None
    from findgroup.feeds.convert import parsed
    from findgroup.feeds.hsds import page_rows

    rows, pages = page_rows(parsed(data))
    if done >= pages or not rows:
        return None
    return _with_query(url, page=str(done + 1))


def _failed(source: Source, state: dict[str, object], why: str) -> Outcome:
    state = dict(state) | {"error": why, "failed": _now()}
    copies.write_state(source.name, state)
    kept_since = state.get("changed")
    message = why + (f"; kept the copy fetched {_age(str(kept_since))}" if kept_since else "")
    return Outcome(source.name, False, False, int(state.get("groups", 0) or 0),  # type: ignore[call-overload]
                   int(state.get("meetings", 0) or 0), 0, 0, message)  # type: ignore[call-overload]  # fmt: skip


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _age(when: str) -> str:
    try:
        then = dt.datetime.fromisoformat(when)
    except ValueError:
        return "earlier"
    days = (dt.datetime.now(dt.UTC) - then).days
    return "today" if days < 1 else f"{days} day{'s' if days != 1 else ''} ago"
