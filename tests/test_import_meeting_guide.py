import json
from pathlib import Path

import yaml

from conftest import ROOT, run

FEED = ROOT / "tests" / "fixtures" / "meeting-guide" / "sussex-aa.json"


def import_feed(tmp_path, feed, *args):
    result = run("import", "meeting-guide", str(feed), "--topic", "AA", *args)
    out = tmp_path / "imported.yaml"
    out.write_text(result.stdout, encoding="utf-8")
    return result, out


def test_real_feed_round_trips_through_validate_and_search(tmp_path):
    result, out = import_feed(
        tmp_path, FEED, "--timezone", "America/New_York", "--organization", "Sussex County AA"
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        "imported 123 meetings into 88 groups; skipped 0 temporarily closed and 0 that could "
        "not be converted"
    )
    checked = run("validate", "--catalog", "default", "--catalog", str(out))
    assert checked.exit_code == 0
    assert checked.stderr.startswith("0 errors and ")
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    first = data["groups"][0]
    assert first["id"] == "rehoboth-beach-sunday-group"
    assert first["meetings"][0] == {
        "day": "sunday",
        "format": "in-person",
        "time": "19:00",
        "timezone": "America/New_York",
        "location": {
            "venue": "All Saints' Episcopal Church",
            "address": "18 Olive Ave",
            "city": "Rehoboth Beach",
            "region": "DE",
            "postcode": "19971",
            "country": "US",
            "lat": 38.7186782,
            "lon": -75.0780198,
        },
        "notes": "Rehoboth Beach Speaker",
    }
    found = run(
        "search",
        "drinking",
        "--catalog",
        "default",
        "--catalog",
        str(out),
        "--near",
        "Rehoboth Beach",
        "--in-person",
        "--format",
        "json",
        "--limit",
        "0",
    )
    assert "rehoboth-beach-sunday-group" in {r["id"] for r in json.loads(found.stdout)}


def test_ids_are_stable_across_reimports(tmp_path):
    first, _ = import_feed(tmp_path, FEED, "--timezone", "America/New_York")
    second, _ = import_feed(tmp_path, FEED, "--timezone", "America/New_York")
    assert first.stdout == second.stdout


EDGE_CASES = [
    {
        "name": "Days List",
        "slug": "a",
        "day": [1, 3],
        "time": "7:00 PM",
        "end_time": "20:30",
        "formatted_address": "1 Main St, Springfield, IL 62701, USA",
        "types": "O, W",
    },
    {
        "name": "Late",
        "slug": "b",
        "day": "Friday",
        "time": "23:30",
        "end_time": "00:30",
        "conference_url": "https://zoom.us/j/1",
        "types": ["ONL", "S"],
    },
    {
        "name": "Closed Room",
        "slug": "c",
        "day": 2,
        "time": "10:00",
        "types": ["TC"],
        "formatted_address": "2 Main St, Springfield, IL 62701, USA",
    },
    {
        "name": "Moved Online",
        "slug": "d",
        "day": 2,
        "time": "10:00",
        "types": ["TC"],
        "conference_phone": "+1 555 0101",
        "formatted_address": "2 Main St, Springfield, IL, USA",
    },
    {
        "name": "Both",
        "slug": "e",
        "day": 0,
        "time": "12:00",
        "address": "3 High St@Rear door",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country": "USA",
        "conference_url": "https://meet.google.com/abc",
        "group": "Springfield Group",
    },
    {
        "name": "Both Again",
        "slug": "f",
        "day": 6,
        "time": "09:00",
        "group": "Springfield Group",
        "conference_url": "https://example.org/x",
        "approximate": "yes",
        "city": "Springfield",
    },
    {
        "name": "Bad Time",
        "slug": "g",
        "day": 1,
        "time": "noonish",
        "formatted_address": "4 Main St, Springfield, IL 62701, USA",
    },
    {"name": "Nowhere", "slug": "h", "day": 1, "time": "10:00"},
    {
        "name": "By Appointment",
        "slug": "i",
        "time": "",
        "day": None,
        "formatted_address": "5 Main St, Springfield, IL 62701, USA",
    },
    "not a meeting",
]


def test_edge_cases_convert_or_report_their_row(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(EDGE_CASES), encoding="utf-8")
    result, out = import_feed(tmp_path, feed, "--timezone", "America/Chicago")
    assert result.stderr.splitlines() == [
        "row 6 (Bad Time): time 'noonish' is not a time like 19:00 or 7:00 PM; skipped",
        "row 7 (Nowhere): neither an address nor a way to join online; skipped",
        "row 8 (By Appointment): no day or time (a meeting by appointment cannot be listed); "
        "skipped",
        "row 9: not an object; skipped",
        "imported 6 meetings into 4 groups; skipped 1 temporarily closed and 4 that could not "
        "be converted",
    ]
    groups = {g["id"]: g for g in yaml.safe_load(out.read_text(encoding="utf-8"))["groups"]}
    assert list(groups) == ["a", "b", "d", "springfield-group"]
    days = groups["a"]["meetings"]
    assert [(m["day"], m["time"], m["duration"]) for m in days] == [
        ("monday", "19:00", 90),
        ("wednesday", "19:00", 90),
    ]
    assert groups["a"]["audience"] == ["women"]
    late = groups["b"]
    assert late["languages"] == ["es"]
    assert late["meetings"][0]["format"] == "online"
    assert late["meetings"][0]["join"] == {"url": "https://zoom.us/j/1", "platform": "Zoom"}
    assert groups["d"]["meetings"][0]["format"] == "phone"
    both = groups["springfield-group"]["meetings"]
    assert [m["format"] for m in both] == ["hybrid", "online"]
    assert both[0]["location"]["address"] == "3 High St"
    assert run("validate", "--catalog", "default", "--catalog", str(out)).exit_code == 0


def test_missing_timezone_and_unknown_topic_are_clear(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(EDGE_CASES[:1]), encoding="utf-8")
    no_tz = run("import", "meeting-guide", str(feed), "--topic", "alcohol")
    assert "row 0 (Days List): no timezone in the feed; give --timezone; skipped" in no_tz.stderr
    bad = run("import", "meeting-guide", str(feed), "--topic", "alcohl")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: --topic 'alcohl' is not a topic id, name or alias; did you mean 'alcohol'?\n",
    )


def test_json_output_loads_as_a_catalogue(tmp_path):
    result = run(
        "import",
        "meeting-guide",
        str(FEED),
        "--topic",
        "alcohol",
        "--timezone",
        "America/New_York",
        "--format",
        "json",
    )
    data = json.loads(result.stdout)
    assert data["format"] == 1 and len(data["groups"]) == 88
    path = Path(tmp_path / "imported.json")
    path.write_text(result.stdout, encoding="utf-8")
    assert run("validate", "--catalog", "default", "--catalog", str(path)).exit_code == 0


def test_feed_from_a_url(http_server, tmp_path):
    body = FEED.read_bytes()
    http_server.routes["/feed.json"] = lambda h: h.send(
        200, body, {"Content-Type": "application/json"}
    )
    url = f"{http_server.base}/feed.json"
    result = run(
        "import",
        "meeting-guide",
        url,
        "--topic",
        "AA",
        "--timezone",
        "America/New_York",
        "--format",
        "json",
    )
    groups = json.loads(result.stdout)["groups"]
    assert len(groups) == 88
    assert all(g["source"] == url for g in groups)
