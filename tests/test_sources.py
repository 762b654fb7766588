"""Live sources end to end: subscribe, update, search, over real HTTP on 127.0.0.1.

The servers answer with the shapes the real sources use: the sanitised Meeting Guide feed in
tests/fixtures/meeting-guide/, BMLT GetSearchResults as its API document describes it
(every value a string, empty time zones, venue types, format keys), and Open Referral pages
built from the HSDS examples.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run
from httpserver import Handler, Server

FIXTURES = ROOT / "tests" / "fixtures"
AT = ["--at", "2026-12-07T12:00:00+00:00", "--tz", "Europe/Dublin"]


def bmlt_meeting(n: int, **values: str) -> dict[str, str]:
    """A meeting as a BMLT root server sends it: every value a string."""
    base = {
        "id_bigint": str(n), "worldid_mixed": f"G{n}", "service_body_bigint": "6",
        "weekday_tinyint": "2", "venue_type": "1", "start_time": "19:30:00",
        "duration_time": "01:30:00", "time_zone": "", "formats": "O,JT", "lang_enum": "en",
        "longitude": "-6.2603", "latitude": "53.3498", "meeting_name": f"Hope Group {n}",
        "location_text": "St Mary's Hall", "location_street": "1 Main Street",
        "location_municipality": "Dublin", "location_province": "", "location_postal_code_1": "",
        "location_nation": "IE", "comments": "", "virtual_meeting_link": "",
        "phone_meeting_number": "",
    }  # fmt: skip
    return base | values


BMLT_FORMATS = [
    {"key_string": "O", "name_string": "Open", "world_id": "OPEN", "id": "17"},
    {"key_string": "JT", "name_string": "Just for Today", "world_id": "", "id": "4"},
    {"key_string": "W", "name_string": "Women", "world_id": "W", "id": "32"},
    {"key_string": "TC", "name_string": "Temporarily Closed", "world_id": "TC", "id": "55"},
    {"key_string": "VM", "name_string": "Virtual Meeting", "world_id": "VM", "id": "54"},
]


def bmlt_answer() -> bytes:
    meetings = [
        bmlt_meeting(1),
        bmlt_meeting(2, weekday_tinyint="1", formats="W", meeting_name="Women's Recovery"),
        bmlt_meeting(
            3,
            venue_type="2",
            virtual_meeting_link="https://example.org/zoom/3",
            location_street="",
            location_text="Online",
            meeting_name="Online Hope",
            time_zone="Europe/Dublin",
        ),
        bmlt_meeting(4, formats="TC", meeting_name="Closed For Now"),
        bmlt_meeting(5, weekday_tinyint="9"),  # a weekday that does not exist
    ]
    return json.dumps({"meetings": meetings, "formats": BMLT_FORMATS}).encode()


def hsds_page(n: int, total: int) -> bytes:
    service = json.loads((FIXTURES / "hsds" / "service_full.json").read_text(encoding="utf-8"))
    service |= {"id": f"svc-{n}", "name": f"Bereavement Circle {n}", "status": "active",
                "url": f"https://example.org/circle/{n}", "assured_date": "2026-10-01"}  # fmt: skip
    service["attributes"][0]["taxonomy_term"] |= {"name": "Bereavement", "code": "bereavement"}
    service["schedules"] = [{"freq": "WEEKLY", "byday": "TU", "interval": 1,
                             "opens_at": "18:00:00", "closes_at": "19:30:00"}]  # fmt: skip
    location = service["service_at_locations"][0]["location"]
    location |= {"location_type": "physical", "latitude": 51.4545, "longitude": -2.5879}
    location["addresses"][0] |= {"city": "Bristol", "country": "GB", "state_province": "Avon"}
    other = {"id": f"sport-{n}", "name": "Five-a-side football", "attributes": []}
    return json.dumps({"total_items": 2 * total, "total_pages": total, "page_number": n,
                       "contents": [service, other]}).encode()  # fmt: skip


def route(body: Callable[[], bytes], etag: str = '"v1"') -> Callable[[Handler], None]:
    def answer(h: Handler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.send(304, headers={"ETag": etag})
            return
        h.send(200, body(), {"Content-Type": "application/json", "ETag": etag})

    return answer


@pytest.fixture()
def feeds(http_server: Server) -> Server:
    mg = (FIXTURES / "meeting-guide" / "sussex-aa.json").read_bytes()
    http_server.routes |= {
        "/mg.json": route(lambda: mg),
        "/bmlt/client_interface/json/": route(bmlt_answer),
        "/hsds/services": lambda h: h.send(
            200,
            hsds_page(int(h.path.split("page=")[1].split("&")[0]), 2),
            {"Content-Type": "application/json"},
        ),
        "/empty.json": route(lambda: b"[]"),
    }
    return http_server


def add(server: Server, path: str, *args: str) -> Any:
    return run("sources", "add", server.base + path, *args)


def search(*args: str) -> list[dict[str, Any]]:
    result = run("search", *args, "--format", "json", "--limit", "0", *AT)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout or "[]")


def test_a_bmlt_server_added_updated_and_searched_in_the_readers_time(feeds: Server) -> None:
    added = add(feeds, "/bmlt/", "--type", "bmlt", "--name", "na-test", "--country", "IE")
    assert added.exit_code == 0, added.stderr
    assert added.stderr.splitlines()[-1].startswith(
        "Added na-test: 3 groups, 3 meetings (1 temporarily closed left out; 1 rows could not "
        "be read, such as: meeting 5: no valid weekday or start time; skipped)"
    )
    found = search("na", "--soon", "--soon-hours", "48")
    hope = next(r for r in found if r["name"] == "Hope Group 1")
    assert hope["source_name"] == "na-test"
    assert hope["next"] == "2026-12-07T19:30:00+00:00"  # Monday 19:30 in Dublin, Dublin time
    assert hope["meetings"][0]["timezone"] == "Europe/Dublin"  # from the coordinates
    women = next(r for r in search("na") if r["name"] == "Women's Recovery")
    assert women["audience"] == ["women"]
    assert "Closed For Now" not in [r["name"] for r in search("na")]


def test_update_costs_a_304_when_nothing_changed_and_keeps_rows_when_a_source_fails(
    feeds: Server,
) -> None:
    assert add(feeds, "/bmlt/", "--type", "bmlt", "--name", "na-test").exit_code == 0
    again = run("update")
    assert (again.exit_code, again.stdout) == (
        0,
        "na-test: 3 groups, 3 meetings (1 temporarily closed left out; 1 rows could not be "
        "read, such as: meeting 5: no valid weekday or start time; skipped) (unchanged)\n",
    )
    assert feeds.requests[-1]["headers"].get("If-None-Match") == '"v1"'
    feeds.routes["/bmlt/client_interface/json/"] = lambda h: h.send(500, b"boom")
    failed = run("update")
    assert failed.exit_code == 1
    assert failed.stderr.startswith("error: na-test: ")
    assert "the server answered 500" in failed.stderr
    assert "kept the copy fetched today" in failed.stderr
    assert "Hope Group 1" in [r["name"] for r in search("na")]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (
            lambda h: h.send(200, b"<!DOCTYPE html><p>login</p>", {"Content-Type": "text/html"}),
            "a web page",
        ),
        (
            lambda h: h.send(200, b'{"meetings": [', {"Content-Type": "application/json"}),
            "not complete JSON",
        ),
        (
            lambda h: h.send(200, b"[]", {"Content-Type": "application/json"}),
            "no meeting could be read",
        ),
        (
            lambda h: h.send(
                200, b'{"error": "bad switcher"}', {"Content-Type": "application/json"}
            ),
            "an error",
        ),
    ],
)
def test_a_bad_answer_is_one_line_and_the_good_copy_stays(
    feeds: Server, answer: Callable[[Handler], None], reason: str
) -> None:
    assert add(feeds, "/bmlt/", "--type", "bmlt", "--name", "na-test").exit_code == 0
    feeds.routes["/bmlt/client_interface/json/"] = answer
    failed = run("update", "na-test")
    assert failed.exit_code == 1
    assert len(failed.stderr.splitlines()) == 1
    assert reason in failed.stderr
    assert len(search("na")) >= 3


def test_a_meeting_guide_feed_needs_a_topic_and_gets_timezones_from_its_coordinates(
    feeds: Server,
) -> None:
    without = add(feeds, "/mg.json", "--type", "meeting-guide")
    assert without.exit_code == 2
    assert "--topic is needed" in without.stderr
    added = add(feeds, "/mg.json", "--type", "meeting-guide", "--topic", "alcohol")
    assert added.exit_code == 0, added.stderr
    listed = json.loads(run("sources", "list", "--format", "json").stdout)
    assert listed[0]["name"] == "127-0-0-1"
    assert listed[0]["state"] == "ok"
    assert listed[0]["meetings"] > 100
    found = search("alcohol", "--country", "US")
    rehoboth = next(r for r in found if r["name"] == "Rehoboth Beach Sunday Group")
    assert rehoboth["meetings"][0]["timezone"] == "America/New_York"


def test_an_open_referral_directory_keeps_only_services_on_known_topics(feeds: Server) -> None:
    added = add(feeds, "/hsds", "--type", "hsds", "--name", "directory", "--country", "GB")
    assert added.exit_code == 0, added.stderr
    assert "2 groups, 2 meetings" in added.stderr  # two pages, one bereavement service each
    found = search("bereavement", "--country", "GB")
    circle = next(r for r in found if r["name"] == "Bereavement Circle 1")
    assert circle["meetings"][0]["timezone"] == "Europe/London"
    assert circle["last_verified"] == "2026-10-01"
    assert not any(r["name"] == "Five-a-side football" for r in search("football"))


def test_clearing_the_cache_loses_no_source(feeds: Server) -> None:
    assert add(feeds, "/bmlt/", "--type", "bmlt", "--name", "na-test").exit_code == 0
    assert run("cache", "clear").exit_code == 0
    feeds.routes.clear()  # the network is gone: the kept copy is enough
    assert "Hope Group 1" in [r["name"] for r in search("na")]


def test_the_same_meeting_from_two_sources_appears_once(feeds: Server) -> None:
    assert add(feeds, "/bmlt/", "--type", "bmlt", "--name", "one").exit_code == 0
    assert add(feeds, "/bmlt/", "--type", "bmlt", "--name", "two").exit_code == 0
    names = [r["name"] for r in search("na")]
    assert names.count("Hope Group 1") == 1


def test_remove_and_show_and_a_stale_source_note(feeds: Server, private_home: Path) -> None:
    assert add(feeds, "/bmlt/", "--type", "bmlt", "--name", "na-test").exit_code == 0
    shown = run("sources", "show", "na-test")
    assert "could not read: meeting 5: no valid weekday or start time; skipped" in shown.stdout
    state = private_home / "data" / "findgroup" / "sources" / "na-test" / "state.json"
    record = json.loads(state.read_text())
    record["fetched"] = "2026-01-01T00:00:00+00:00"
    state.write_text(json.dumps(record))
    result = run("search", "na", *AT)
    assert "note: source na-test was last updated" in result.stderr
    assert run("sources", "remove", "na-test").exit_code == 0
    assert "Hope Group 1" not in [r["name"] for r in search("na")]
    assert run("sources", "remove", "na-test").exit_code == 2


def test_suggest_lists_confirmed_open_sources_with_evidence() -> None:
    result = run("sources", "suggest", "--country", "IE")
    assert result.exit_code == 0
    assert result.stdout.startswith("na-ireland (bmlt, IE): https://bmlt.nasouth.ie/main_server/")
    assert "evidence: bmlt-enabled/aggregator:serverList.json@7da18da (2025-12-20)" in result.stdout
    none = run("sources", "suggest", "--country", "FR")
    assert none.exit_code == 1


def test_a_search_never_opens_a_socket_even_with_sources(
    feeds: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    assert add(feeds, "/bmlt/", "--type", "bmlt", "--name", "na-test").exit_code == 0

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a search tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    started = time.monotonic()
    assert search("na")
    assert time.monotonic() - started < 30
