import json

import pytest

from conftest import TESTS, run
from findgroup.places import Point, distance_km, parse_coordinates, resolve

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")
AT = ["--at", "2026-11-24T12:00:00+00:00", "--tz", "Europe/London", "--catalog", FIXTURE]


def found(*args):
    result = run("search", *args, "--format", "json", "--limit", "0", *AT)
    return [(r["id"], r["distance_km"]) for r in json.loads(result.stdout or "[]")]


def test_haversine_and_coordinates():
    assert parse_coordinates("53.38, -1.47") == Point(53.38, -1.47, "53.38,-1.47")
    assert parse_coordinates("95,10") is None
    london, paris = Point(51.5074, -0.1278, ""), Point(48.8566, 2.3522, "")
    assert round(distance_km(london, paris)) == 344


def test_city_names_resolve_offline():
    sheffield = resolve("Sheffield")
    assert sheffield is not None and sheffield.label == "Sheffield, GB"
    assert resolve("Portland, US").label == "Portland, US"
    assert resolve("Nowhere At All") is None


def test_near_coordinates_keeps_in_person_meetings_within_range_with_distance():
    results = found("bpd", "--near", "53.38,-1.47", "--in-person")
    assert results[0][0] == "bpd-family-group"
    assert results[0][1] == pytest.approx(0.4, abs=0.2)


def test_within_widens_or_narrows_the_radius():
    assert found("bpd", "--near", "Leeds", "--in-person") == []
    wide = found("bpd", "--near", "Leeds", "--in-person", "--within", "60")
    assert wide[0][0] == "bpd-family-group"  # direct topic first, broader ones after
    assert all(d == pytest.approx(46, abs=3) for _gid, d in wide)


def test_online_meetings_stay_unless_in_person_is_asked(tmp_path):
    cat = tmp_path / "mixed.yaml"
    cat.write_text(
        """format: 1
timezone: Europe/London
topics: [{id: grief, name: Grief}]
groups:
  - {id: online, name: Online Group, topics: [grief], meetings: [{format: online, day: mon,
     time: "19:00", join: {url: https://example.org/j}}]}
  - {id: far, name: Far Group, topics: [grief], meetings: [{format: in-person, day: mon,
     time: "19:00", location: {city: Leeds, country: GB, lat: 53.8, lon: -1.55}}]}
""",
        encoding="utf-8",
    )
    args = ["search", "grief", "--near", "Sheffield", "--catalog", str(cat), "--format", "json"]
    assert [r["id"] for r in json.loads(run(*args).stdout)] == ["online"]
    assert run(*args, "--in-person").stdout == "[]\n"


def test_results_near_a_place_are_nearest_first_among_equally_relevant(tmp_path):
    cat = tmp_path / "near.yaml"
    cat.write_text(
        """format: 1
timezone: Europe/London
topics: [{id: grief, name: Grief}]
groups:
  - {id: far, name: A Far Group, topics: [grief], meetings: [{format: in-person, day: mon,
     time: "19:00", location: {city: Rotherham, country: GB, lat: 53.43, lon: -1.357}}]}
  - {id: near, name: Z Near Group, topics: [grief], meetings: [{format: in-person, day: mon,
     time: "19:00", location: {venue: Hall, city: Sheffield, country: GB, lat: 53.381,
     lon: -1.470}}]}
""",
        encoding="utf-8",
    )
    result = run(
        "search", "grief", "--near", "Sheffield", "--catalog", str(cat), "--format", "json"
    )
    assert [r["id"] for r in json.loads(result.stdout)] == ["near", "far"]
    table = run("search", "grief", "--near", "Sheffield", "--catalog", str(cat)).stdout
    assert "    In person · 0.3 km away\n" in table


def test_unknown_places_fall_back_to_matching_location_words(tmp_path):
    cat = tmp_path / "village.yaml"
    cat.write_text(
        """format: 1
timezone: Australia/Sydney
topics: [{id: grief, name: Grief}]
groups:
  - {id: v, name: Village Group, topics: [grief], meetings: [{format: in-person, day: thu,
     time: "12:00", location: {city: Smalltownville, region: New South Wales, country: AU}}]}
""",
        encoding="utf-8",
    )
    result = run("search", "grief", "--near", "smalltownvile", "--catalog", str(cat))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2].startswith(" 1. Village Group")
