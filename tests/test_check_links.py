import json
import threading
import time

from conftest import run


def catalogue(tmp_path, base, closed_port_url):
    path = tmp_path / "links.yaml"
    path.write_text(
        f"""format: 1
timezone: Europe/London
topics: [{{id: grief, name: Grief}}]
groups:
  - id: a
    name: A
    topics: [grief]
    url: {base}/ok
    finder_url: {base}/missing
    source: {base}/moved
  - id: b
    name: B
    topics: [grief]
    url: {base}/head-refused
    source: {base}/ok
    meetings:
      - {{format: online, day: mon, time: "19:00", join: {{url: {base}/gone}}}}
crisis:
  - {{country: GB, name: Line, url: {closed_port_url}}}
""",
        encoding="utf-8",
    )
    return path


def closed_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/x"


def test_broken_and_moved_links_are_reported_with_their_lines(http_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dead = closed_port()
    catalogue(tmp_path, http_server.base, dead)
    result = run("check-links", "links.yaml", "--timeout", "5")
    base = http_server.base
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"links.yaml:9: {base}/missing: 404 Not Found",
        f"links.yaml:17: {base}/gone: 410 Gone",
    ]
    assert lines[2].startswith(f"links.yaml:19: {dead}: no answer (")
    assert lines[3:] == [
        f"links.yaml:10: {base}/moved: moved permanently to {base}/cat.yaml (update the entry)"
    ]
    assert result.stderr == "3 broken and 1 moved of 7 links (6 distinct)\n"
    assert result.exit_code == 1
    methods = [(r["method"], r["path"]) for r in http_server.requests]
    assert ("HEAD", "/head-refused") in methods and ("GET", "/head-refused") in methods
    assert methods.count(("HEAD", "/ok")) == 1  # each distinct URL once


def test_json_format_lists_every_link(http_server, tmp_path):
    path = catalogue(tmp_path, http_server.base, closed_port())
    rows = json.loads(run("check-links", str(path), "--format", "json", "--timeout", "5").stdout)
    by_url = {r["url"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_url["ok"]["status"] == 200 and not by_url["ok"]["broken"]
    assert by_url["moved"]["moved_to"].endswith("/cat.yaml") and by_url["moved"]["permanent"]
    assert by_url["missing"]["broken"] and by_url["missing"]["status"] == 404


def test_no_more_than_two_requests_at_once_to_one_host(http_server, tmp_path):
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def slow(h):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.1)
        with lock:
            state["now"] -= 1
        h.send(200, b"ok")

    groups = []
    for i in range(12):
        http_server.routes[f"/page/{i}"] = slow
        groups.append(
            f"  - {{id: g{i}, name: G{i}, topics: [grief], url: {http_server.base}/page/{i}}}"
        )
    path = tmp_path / "many.yaml"
    path.write_text(
        "topics: [{id: grief, name: Grief}]\ngroups:\n" + "\n".join(groups) + "\n", encoding="utf-8"
    )
    result = run("check-links", str(path))
    assert result.exit_code == 0
    assert result.stderr == "0 broken and 0 moved of 12 links (12 distinct)\n"
    assert state["peak"] == 2
