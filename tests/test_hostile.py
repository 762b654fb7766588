"""Hostile and broken input: a corpus of catalogues, terminal safety, remote faults, privacy."""

import json
import os
import re
import socket
import subprocess
import sys

import pytest

from conftest import TESTS, assert_answered, kept_bodies, run
from findgroup.errors import FetchError
from findgroup.remote import Kept, fetch

HOSTILE = TESTS / "hostile"
EXPECTED = {
    line.split(":", 1)[0]: line
    for line in (HOSTILE / "EXPECTED").read_text(encoding="utf-8").splitlines()
}
CASES = sorted(p.name for p in HOSTILE.iterdir() if p.name != "EXPECTED")
# What must never reach a terminal from a catalogue: C0/C1 controls (line breaks and tabs
# aside), escape sequences (they start with one) and bidirectional overrides.
ACTIVE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_the_corpus_is_large_and_every_file_has_its_expected_first_line():
    assert len(CASES) >= 40
    assert sorted(EXPECTED) == CASES


@pytest.mark.parametrize("name", CASES)
def test_validate_reports_the_expected_first_line(name, monkeypatch):
    monkeypatch.chdir(HOSTILE)
    result = run("validate", name)
    assert result.stdout.splitlines()[0] == EXPECTED[name]
    assert result.exit_code == (1 if ": error: " in EXPECTED[name] else 0)
    assert not ACTIVE.search(result.stdout + result.stderr)


def _unreadable(name: str) -> bool:
    problems = json.loads(run("validate", name, "--format", "json").stdout)
    return problems[0]["code"] in ("syntax", "encoding")


@pytest.mark.parametrize("name", CASES)
def test_search_and_show_never_crash_nor_print_escapes(name, monkeypatch):
    monkeypatch.chdir(HOSTILE)
    unreadable = _unreadable(name)
    for args in (
        ["search", "grief"],
        ["search", "grief", "--format", "json"],
        ["search", "grief", "--format", "csv"],
        ["show", "g1"],
    ):
        result = run(*args, "--catalog", name)
        text = result.stdout + result.stderr
        assert "Traceback" not in text
        assert not ACTIVE.search(text), args
        if unreadable:
            # validate's line, without its second "error:"
            line = EXPECTED[name].replace(": error: ", ": ", 1)
            assert (result.exit_code, result.stderr) == (2, f"error: {line}\n")
        else:
            assert result.exit_code in (0, 1)
            assert_answered(result)
            if "json" in args:
                json.loads(result.stdout)


def test_escape_sequences_are_removed_and_the_words_kept(monkeypatch):
    monkeypatch.chdir(HOSTILE)
    table = run("search", "grief", "--catalog", "ansi-colour-in-name.yaml")
    assert table.stdout.splitlines()[2] == " 1. Grief Circle [g1]"
    shown = run("show", "g1", "--catalog", "osc8-hyperlink.yaml").stdout
    assert "Join  here  now" in shown
    assert "evil.example" not in shown
    title = run("search", "grief", "--long", "--catalog", "window-title.yaml").stdout
    assert title.splitlines()[3] == "     Grief Org"


def test_json_keeps_the_data_but_escapes_what_acts_on_a_terminal(monkeypatch):
    monkeypatch.chdir(HOSTILE)
    result = run("search", "grief", "--catalog", "c1-control.yaml", "--format", "json")
    assert "\\u009b31m" in result.stdout
    assert json.loads(result.stdout)[0]["name"] == "Grief \x9b31mCircle"


def test_markup_and_brackets_print_as_typed(tmp_path):
    path = tmp_path / "markup.yaml"
    path.write_text(
        "topics: [{id: grief, name: Grief}]\n"
        "groups: [{id: g1, name: '[bold]Grief[/bold] [link=https://evil.example]x[/link]',"
        " topics: [grief]}]\n",
        encoding="utf-8",
    )
    result = run("search", "grief", "--catalog", str(path))
    assert result.stdout.splitlines()[2] == (
        " 1. [bold]Grief[/bold] [link=https://evil.example]x[/link] [g1]"
    )


def test_a_query_of_any_length_is_read_in_bounded_words():
    long_query = " ".join(["lorem", "grief", "pizza"] * 3000)
    result = run("search", long_query, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "note: only the first 32 words of a query are read"
    assert result.stderr.splitlines()[1] == 'note: nothing matched "lorem", "pizza"'


# --- remote faults: one clear line each, and the cached copy kept -------------------------


FAULTS = [
    ("/closes", "peer closed connection without sending complete message body"),
    ("/loop", "more than 5 redirects"),
    ("/html", "the server sent a web page, not a catalogue (check the URL)"),
    ("/error", "the server answered 500 Internal Server Error"),
]


@pytest.mark.parametrize(("route", "reason"), FAULTS)
def test_a_remote_fault_falls_back_to_the_cached_copy(http_server, private_home, route, reason):
    url = f"{http_server.base}/cat.yaml"
    assert run("search", "grief", "--catalog", url).exit_code == 0
    (before,) = kept_bodies(private_home)
    http_server.routes["/cat.yaml"] = http_server.routes[route]
    result = run("search", "grief", "--catalog", url, "--format", "json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == ["remote-grief"]
    warning = result.stderr.splitlines()
    assert len(warning) == 1 and warning[0].startswith(f"warning: {url}: ")
    assert reason in warning[0] and warning[0].endswith("using the cached copy, 1 minute old")
    assert kept_bodies(private_home) == [before]


def test_a_slow_drip_or_a_decompression_bomb_leaves_the_cached_copy(http_server, private_home):
    url = f"{http_server.base}/cat.yaml"
    first = fetch(url)
    assert first.meta is not None
    kept = Kept(first.data, first.meta)
    for route, limits, reason in (
        ("/slow", {"total_timeout": 1}, r"took longer than 1 s|timed out"),
        ("/bomb.yaml", {"max_bytes": 1024 * 1024}, r"larger than 1,048,576 bytes"),
    ):
        http_server.routes["/cat.yaml"] = http_server.routes[route]
        again = fetch(url, kept=kept, **limits)
        assert again.data == first.data
        assert again.warning is not None and re.search(reason, again.warning)
        with pytest.raises(FetchError, match=reason):
            fetch(f"{http_server.base}{route}", **limits)


def test_an_untrusted_certificate_is_one_line_and_nothing_is_read():
    from httpserver import Server

    server = Server(tls=True)
    try:
        url = f"{server.base}/cat.yaml"
        result = run("search", "grief", "--catalog", url)
    finally:
        server.stop()
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {url}: the server's certificate is not trusted (")
    assert "certificate verify failed" in result.stderr
    assert result.stderr.count("\n") == 1


# --- privacy ---------------------------------------------------------------------------


def test_searches_write_nothing_that_holds_the_query(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FINDGROUP_", "XDG_", "HOME"))}
    env |= {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")}
    env["XDG_CONFIG_HOME"] = str(home / "config")
    secret = "zqxjkvb borderline"
    for args in (
        ["search", secret],
        ["search", secret, "--format", "jsonl", "--online"],
        ["search", "-", "--format", "csv"],
    ):
        subprocess.run(
            [sys.executable, "-m", "findgroup", *args],
            input=secret + "\n",
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written, "the parsed-catalogue cache should have been written"
    for path in written:
        assert b"zqxjkvb" not in path.read_bytes(), path


def test_a_search_makes_no_network_connection(monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a search tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = run("search", "bpd", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)
