import datetime as dt
import json

from conftest import run

TODAY = dt.date.today()
OLD = TODAY - dt.timedelta(days=500)
HEAD = """format: 1
timezone: Europe/London
feedback: mailto:listings@example.org
topics:
  - {id: grief, name: Grief, aliases: [bereavement]}
"""


def write(tmp_path, body, name="cat.yaml", head=HEAD):
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return str(path)


def test_stale_listings_rank_below_equally_relevant_fresh_ones_and_are_marked(tmp_path):
    cat = write(
        tmp_path,
        f"""groups:
  - {{id: a-old, name: Alpha Grief Group, topics: [grief], last_verified: {OLD}}}
  - {{id: b-new, name: Beta Grief Group, topics: [grief], last_verified: {TODAY}}}
""",
    )
    result = run("search", "grief", "--catalog", cat, "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["id"], r["stale"]) for r in rows] == [("b-new", False), ("a-old", True)]
    table = run("search", "grief", "--catalog", cat).stdout
    assert f"Not verified since {OLD:%b %Y} - check with the organiser first" in table


def test_verified_within_filters_by_months(tmp_path):
    cat = write(
        tmp_path,
        f"""groups:
  - {{id: a-old, name: Alpha, topics: [grief], last_verified: {OLD}}}
  - {{id: b-new, name: Beta, topics: [grief], last_verified: {TODAY}}}
  - {{id: c-never, name: Gamma, topics: [grief]}}
""",
    )
    result = run("search", "grief", "--catalog", cat, "--verified-within", "6", "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["b-new"]


def test_feedback_comes_from_each_groups_own_file(tmp_path):
    first = write(tmp_path, "groups:\n  - {id: a, name: Alpha, topics: [grief]}\n")
    second = write(
        tmp_path,
        "groups:\n  - {id: b, name: Beta, topics: [grief]}\n",
        name="other.yaml",
        head="feedback: https://other.example.org/report\n",
    )
    result = run("search", "grief", "--catalog", first, "--catalog", second, "--format", "json")
    assert [(r["id"], r["feedback"]) for r in json.loads(result.stdout)] == [
        ("a", "mailto:listings@example.org"),
        ("b", "https://other.example.org/report"),
    ]
    table = run("search", "grief", "--catalog", first, "--catalog", second).stdout
    assert table.endswith(
        "Something wrong or out of date? Tell us: https://other.example.org/report\n"
        "Something wrong or out of date? Tell us: mailto:listings@example.org\n"
    )
    shown = run("show", "b", "--catalog", first, "--catalog", second).stdout
    assert "  Corrections:    https://other.example.org/report\n" in shown


def test_soon_keeps_meetings_within_the_window_ordered_by_start(tmp_path):
    cat = write(
        tmp_path,
        """groups:
  - id: tue
    name: Tuesday Circle
    topics: [grief]
    meetings: [{format: online, day: tue, time: "19:00", join: {url: https://example.org/t}}]
  - id: mon
    name: Monday Circle
    topics: [grief]
    meetings: [{format: online, day: mon, time: "20:00", join: {url: https://example.org/m}}]
  - id: fri
    name: Friday Circle
    topics: [grief]
    meetings: [{format: online, day: fri, time: "10:00", join: {url: https://example.org/f}}]
""",
    )
    at = ["--at", "2026-11-23T12:00:00+00:00", "--tz", "Europe/London", "--catalog", cat]
    soon = run("search", "grief", "--soon", "--format", "json", *at)
    assert [(r["id"], r["next"]) for r in json.loads(soon.stdout)] == [
        ("mon", "2026-11-23T20:00:00+00:00")
    ]
    wider = run("search", "grief", "--soon-hours", "40", "--format", "json", *at)
    assert [r["id"] for r in json.loads(wider.stdout)] == ["mon", "tue"]


def test_what_meets_next_lists_the_soonest_first_whatever_the_repeat(tmp_path):
    # someone in London on a Monday lunchtime asks what they could join in the next two days
    cat = write(
        tmp_path,
        """groups:
  - id: tuesday-weekly
    name: A Tuesday Circle
    topics: [grief]
    meetings: [{format: online, day: tue, time: "19:00", join: {url: https://example.org/t}}]
  - id: fortnightly-tonight
    name: B Fortnightly Circle
    topics: [grief]
    meetings:
      - {format: online, day: mon, time: "18:00", every: 2 weeks, from: 2026-11-09,
         join: {url: https://example.org/f}}
  - id: weekly-and-fortnightly
    name: C Two Meetings
    topics: [grief]
    meetings:
      - {format: online, day: wed, time: "09:00", join: {url: https://example.org/w}}
      - {format: online, day: mon, time: "15:00", every: 2 weeks, from: 2026-11-09,
         join: {url: https://example.org/w2}}
  - id: new-york-room
    name: D New York Room
    topics: [grief]
    meetings:
      - format: in-person
        day: mon
        time: "14:00"
        timezone: America/New_York
        location: {venue: Hall, city: New York, country: US}
""",
    )
    at = ["--at", "2026-11-23T12:00:00+00:00", "--tz", "Europe/London", "--catalog", cat]
    found = run("search", "--soon-hours", "48", "--country", "GB", "--format", "json", *at)
    assert found.exit_code == 0, found.stderr
    assert [(r["id"], r["next"]) for r in json.loads(found.stdout)] == [
        ("weekly-and-fortnightly", "2026-11-23T15:00:00+00:00"),  # its fortnightly meeting
        ("fortnightly-tonight", "2026-11-23T18:00:00+00:00"),
        ("tuesday-weekly", "2026-11-24T19:00:00+00:00"),
    ]
    anywhere = run("search", "--soon-hours", "48", "--format", "json", *at)
    assert [r["id"] for r in json.loads(anywhere.stdout)] == [
        "weekly-and-fortnightly",
        "fortnightly-tonight",
        "new-york-room",  # 14:00 in New York is 19:00 in London
        "tuesday-weekly",
    ]
