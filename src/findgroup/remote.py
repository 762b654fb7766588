"""Remote catalogues: fetch a catalogue URL over HTTP(S), cache it, and revalidate it.

Only the catalogue's own URL is ever requested: nothing about a search is sent anywhere.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from findgroup import __version__
from findgroup.errors import FetchError

USER_AGENT = f"findgroup/{__version__} (catalogue fetch; no search data is sent)"
CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 30.0
MAX_BYTES = 50 * 1024 * 1024
MAX_REDIRECTS = 5
Accept = Callable[[bytes, bool], str | None]  # why an answer is not usable, or None


@dataclass(frozen=True, slots=True)
class Fetched:
    """A catalogue's bytes, whether they are JSON, a warning to show, and fetch details.

    `meta` (url, etag, last_modified, json, fetched) is what to keep with the bytes; it is
    None when nothing new was learnt (offline, or a failure answered by the kept copy).
    """

    data: bytes
    json: bool
    warning: str | None = None
    meta: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Kept:
    """The last good copy of a remote catalogue, and what was known when it was fetched."""

    data: bytes
    meta: dict[str, Any]


def is_url(spec: str) -> bool:
    """True for an `http://` or `https://` catalogue name."""
    return spec.lower().startswith(("http://", "https://"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _meta(url: str, headers: Any, is_json: bool) -> dict[str, Any]:
    return {
        "url": url,
        "etag": headers.get("etag"),
        "last_modified": headers.get("last-modified"),
        "json": is_json,
        "fetched": _now(),
    }


def _age(meta: dict[str, Any]) -> str:
    try:
        fetched = dt.datetime.fromisoformat(meta["fetched"])
    except (KeyError, ValueError, TypeError):
        return "of unknown age"
    seconds = (dt.datetime.now(dt.UTC) - fetched).total_seconds()
    if seconds < 3600:
        count, unit = max(1, int(seconds // 60)), "minute"
    elif seconds < 172800:
        count, unit = int(seconds // 3600), "hour"
    else:
        count, unit = int(seconds // 86400), "day"
    return f"{count} {unit}{'' if count == 1 else 's'} old"


def _looks_like_json(url: str, content_type: str, data: bytes) -> bool:
    if "json" in content_type or url.lower().split("?")[0].endswith(".json"):
        return True
    return data.lstrip()[:1] in (b"{", b"[")


def _check_body(url: str, content_type: str, data: bytes) -> None:
    head = data.lstrip()[:200].lower()
    if "html" in content_type or head.startswith((b"<!doctype", b"<html", b"<")):
        raise FetchError(
            f"{url}: the server sent a web page, not a catalogue (check the URL)", use_cache=True
        )


def fetch(
    url: str,
    *,
    offline: bool = False,
    total_timeout: float = TOTAL_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    accept: Accept | None = None,
    kept: Kept | None = None,
) -> Fetched:
    """The catalogue at `url`, from the network when possible, else the kept copy.

    The kept copy's validators make an unchanged catalogue cost a 304. `accept` says why a
    downloaded answer is not usable (or None when it is): only an accepted answer may replace
    the kept copy, so a server that starts sending an error page, an empty body or broken
    text never costs the last good copy.
    """
    if offline:
        if kept is None:
            raise FetchError(f"{url}: not in the cache, and --offline forbids fetching it")
        return Fetched(kept.data, bool(kept.meta.get("json")))
    try:
        return _download(url, kept, total_timeout, max_bytes, accept)
    except FetchError as exc:
        if kept is None or not exc.use_cache:
            raise
        return Fetched(
            kept.data,
            bool(kept.meta.get("json")),
            f"warning: {exc}; using the cached copy, {_age(kept.meta)}",
        )


# radon D: one HTTP exchange; each way it can fail has its own except clause and message
def _download(
    url: str,
    kept: Kept | None,
    total_timeout: float,
    max_bytes: int,
    accept: Accept | None = None,
) -> Fetched:
    import httpx

    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/yaml, */*"}
    if kept is not None:
        if kept.meta.get("etag"):
            headers["If-None-Match"] = kept.meta["etag"]
        if kept.meta.get("last_modified"):
            headers["If-Modified-Since"] = kept.meta["last_modified"]
    timeout = httpx.Timeout(total_timeout, connect=CONNECT_TIMEOUT)
    started = time.monotonic()
    try:
        with (
            httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers=headers,
                trust_env=True,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code == 304:
                if kept is not None:
                    meta = kept.meta | {"fetched": _now()}
                    return Fetched(kept.data, bool(kept.meta.get("json")), meta=meta)
                raise FetchError(
                    f"{url}: the server answered 304 Not Modified, but no copy is cached; "
                    "try again later"
                )
            if response.status_code >= 400:
                raise FetchError(
                    f"{url}: the server answered {response.status_code} {response.reason_phrase}",
                    use_cache=True,
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"{url}: the catalogue is larger than {max_bytes:,} bytes", use_cache=True
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(
                        f"{url}: the catalogue is larger than {max_bytes:,} bytes "
                        "(after decompression)",
                        use_cache=True,
                    )
                if time.monotonic() - started > total_timeout:
                    raise FetchError(f"{url}: took longer than {total_timeout:g} s", use_cache=True)
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "").lower()
            data = b"".join(chunks)
            response_headers = response.headers
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects", use_cache=True) from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out", use_cache=True) from None
    except httpx.ConnectError as exc:
        reason = str(exc).split("] ", 1)[-1] or "connection refused"
        if "CERTIFICATE" in str(exc).upper():
            raise FetchError(
                f"{url}: the server's certificate is not trusted ({reason}); "
                "the catalogue was not fetched",
                use_cache=True,
            ) from None
        raise FetchError(f"{url}: could not connect ({reason})", use_cache=True) from None
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise FetchError(f"{url}: {reason}", use_cache=True) from None
    except httpx.InvalidURL:  # a redirect to `javascript:` or another address httpx cannot use
        raise FetchError(
            f"{url}: the server redirected to an address that is not http(s); not followed",
            use_cache=True,
        ) from None
    _check_body(url, content_type, data)
    is_json = _looks_like_json(url, content_type, data)
    refused = accept(data, is_json) if accept is not None else None
    if refused is not None:
        raise FetchError(
            f"{url}: the server's answer is not a catalogue ({refused})", use_cache=True
        )
    return Fetched(data, is_json, meta=_meta(url, response_headers, is_json))


def age(meta: dict[str, Any]) -> str:
    """How old a kept copy is, in words: `3 hours old`."""
    return _age(meta)
