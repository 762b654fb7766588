import json

import pytest

from conftest import run
from findgroup.errors import FetchError
from findgroup.remote import Kept, fetch


def ids(result):
    return [r["id"] for r in json.loads(result.stdout or "[]")]


def test_remote_catalogue_is_fetched_cached_and_revalidated(http_server):
    url = f"{http_server.base}/cat.yaml"
    first = run("search", "bereavement", "--catalog", url, "--format", "json")
    assert ids(first) == ["remote-grief"]
    second = run("search", "grief", "--catalog", url, "--format", "json")
    assert ids(second) == ["remote-grief"]
    revalidation = http_server.requests[-1]["headers"]
    assert revalidation["If-None-Match"] == '"v1"'
    assert revalidation["User-Agent"].startswith("findgroup/")


def test_only_the_catalogue_url_is_requested_never_the_query(http_server):
    url = f"{http_server.base}/cat.yaml"
    for words in ("bereavement", "my son has borderline", "secret-words-xyz"):
        run("search", words, "--catalog", url)
    sent = json.dumps(http_server.requests)
    assert {r["path"] for r in http_server.requests} == {"/cat.yaml"}
    for word in ("bereavement", "borderline", "secret"):
        assert word not in sent


def test_network_failure_uses_the_cached_copy_with_a_warning(http_server):
    url = f"{http_server.base}/cat.yaml"
    run("search", "grief", "--catalog", url)
    http_server.routes["/cat.yaml"] = lambda h: h.send(500, b"down")
    result = run("search", "grief", "--catalog", url, "--format", "json")
    assert ids(result) == ["remote-grief"]
    assert result.stderr.startswith(
        f"warning: {url}: the server answered 500 Internal Server Error; using the cached copy, "
    )


def test_offline_uses_only_the_cache(http_server):
    url = f"{http_server.base}/cat.yaml"
    missing = run("search", "grief", "--offline", "--catalog", url)
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"error: {url}: not in the cache, and --offline forbids fetching it\n",
    )
    assert http_server.requests == []
    run("search", "grief", "--catalog", url)
    count = len(http_server.requests)
    offline = run("search", "grief", "--offline", "--catalog", url, "--format", "json")
    assert ids(offline) == ["remote-grief"]
    assert len(http_server.requests) == count


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/html", "the server sent a web page, not a catalogue (check the URL)"),
        ("/error", "the server answered 500 Internal Server Error"),
        ("/missing.yaml", "the server answered 404 Not Found"),
        ("/loop", "more than 5 redirects"),
    ],
)
def test_failures_without_a_cache_are_one_line_and_exit_2(http_server, path, message):
    url = f"{http_server.base}{path}"
    result = run("search", "grief", "--catalog", url)
    assert (result.exit_code, result.stderr) == (2, f"error: {url}: {message}\n")


def test_a_redirect_to_javascript_is_one_line_and_exit_2(http_server):
    http_server.routes["/js"] = lambda h: h.send(302, headers={"Location": "javascript:alert(1)"})
    url = f"{http_server.base}/js"
    result = run("search", "grief", "--catalog", url)
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {url}: the server redirected to an address that is not http(s); not followed\n",
    )


def test_no_server_at_all_is_one_line(http_server):
    url = f"{http_server.base}/cat.yaml"
    http_server.stop()
    result = run("search", "grief", "--catalog", url)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {url}: could not connect (")
    assert result.stderr.count("\n") == 1


def test_redirects_are_followed(http_server):
    result = run("search", "grief", "--catalog", f"{http_server.base}/moved", "--format", "json")
    assert ids(result) == ["remote-grief"]


def test_limits_on_size_time_and_broken_bodies_keep_the_cached_copy(http_server):
    with pytest.raises(FetchError, match="larger than 1,048,576 bytes \\(after decompression\\)"):
        fetch(f"{http_server.base}/bomb.yaml", max_bytes=1024 * 1024)
    with pytest.raises(FetchError, match=r"took longer than 1 s|timed out"):
        fetch(f"{http_server.base}/slow", total_timeout=1)
    with pytest.raises(FetchError):
        fetch(f"{http_server.base}/closes")
    url = f"{http_server.base}/cat.yaml"
    first = fetch(url)
    assert first.meta is not None
    http_server.routes["/cat.yaml"] = http_server.routes["/closes"]
    again = fetch(url, kept=Kept(first.data, first.meta))
    assert again.data.startswith(b"format: 1\ntopics:") and again.warning


def test_only_http_and_https_are_fetched():
    result = run("search", "grief", "--catalog", "ftp://example.org/cat.yaml")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: ftp://example.org/cat.yaml: only http:// and https:// catalogues can be "
        "fetched, not ftp:\n",
    )


def test_cache_list_and_clear(http_server, private_home):
    url = f"{http_server.base}/cat.yaml"
    run("search", "grief", "--catalog", url)
    listed = run("cache", "list")
    assert listed.stdout.startswith(f"{url}  ")
    assert 'etag: "v1"' in listed.stdout
    cleared = run("cache", "clear")
    assert cleared.stderr == f"Removed {private_home}/cache/findgroup\n"
    assert not (private_home / "cache" / "findgroup").exists()


def test_a_damaged_kept_copy_is_never_used(http_server, private_home):
    import sqlite3

    url = f"{http_server.base}/cat.yaml"
    run("search", "grief", "--catalog", url)
    store = sqlite3.connect(private_home / "cache" / "findgroup" / "store.sqlite")
    store.execute("UPDATE bodies SET data = ?", (b"truncated",))
    store.commit()
    store.close()
    http_server.routes["/cat.yaml"] = lambda h: h.send(500, b"down")
    result = run("search", "grief", "--catalog", url)
    assert result.exit_code == 2
    assert result.stderr == f"error: {url}: the server answered 500 Internal Server Error\n"


BAD_ANSWERS = {
    "plain text": (b"Service temporarily unavailable", "text/plain"),
    "empty body": (b"", "application/yaml"),
    "JSON error object": (b'{"error": "rate limited"}', "application/json"),
    "broken YAML": (b"groups: [\n  - {id: x", "application/yaml"),
}


@pytest.mark.parametrize("kind", sorted(BAD_ANSWERS))
def test_a_bad_answer_never_replaces_a_good_cached_copy(http_server, kind):
    url = f"{http_server.base}/cat.yaml"
    assert ids(run("search", "grief", "--catalog", url, "--format", "json")) == ["remote-grief"]
    body, content_type = BAD_ANSWERS[kind]
    http_server.routes["/cat.yaml"] = lambda h: h.send(200, body, {"Content-Type": content_type})
    answered = run("search", "grief", "--catalog", url, "--format", "json")
    assert ids(answered) == ["remote-grief"]
    assert answered.stderr.startswith(f"warning: {url}: the server's answer is not a catalogue (")
    assert "; using the cached copy, " in answered.stderr
    offline = run("search", "grief", "--offline", "--catalog", url, "--format", "json")
    assert ids(offline) == ["remote-grief"]
    assert offline.exit_code == 0


@pytest.mark.parametrize("kind", sorted(BAD_ANSWERS))
def test_a_bad_answer_without_a_cached_copy_is_one_error_line(http_server, kind):
    url = f"{http_server.base}/other.yaml"
    body, content_type = BAD_ANSWERS[kind]
    http_server.routes["/other.yaml"] = lambda h: h.send(200, body, {"Content-Type": content_type})
    result = run("search", "grief", "--catalog", url)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {url}: the server's answer is not a catalogue (")
    assert result.stderr.count("\n") == 1


def test_a_304_without_a_cached_copy_is_an_error_and_stores_nothing(http_server, private_home):
    url = f"{http_server.base}/stale.yaml"
    http_server.routes["/stale.yaml"] = lambda h: h.send(304, headers={"ETag": '"v9"'})
    result = run("search", "grief", "--catalog", url)
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {url}: the server answered 304 Not Modified, but no copy is cached; "
        "try again later\n",
    )
    assert "v9" not in run("cache", "list").stdout
