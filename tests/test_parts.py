"""The parts of an answer: the need itself, general support, and groups whose times are not listed.

A person filtering by day must still see the group for their need that does not publish
times, labelled; a general group comes after every group on the need, and only while those
are fewer than three; a general group for an audience the reader did not name never comes.
"""

import json
from pathlib import Path

import pytest

from conftest import run

AT = ["--at", "2026-11-24T12:00:00+00:00", "--tz", "Europe/London"]
CATALOGUE = """\
format: 1
topics:
  - {id: mental-health, name: Mental health}
  - {id: bpd, name: Borderline personality disorder, aliases: [BPD], broader: [mental-health]}
audiences:
  - {id: carers, name: Carers}
groups:
  - id: bpd-tuesday
    name: BPD Tuesday Circle
    topics: [bpd]
    meetings:
      - {day: tuesday, time: "19:00", timezone: Europe/London, format: online,
         join: {url: "https://example.org/tue"}}
  - id: bpd-no-times
    name: BPD Online Group
    topics: [bpd]
    formats: [online]
    schedule_note: Times are sent to members.
  - id: mh-general
    name: Open Mental Health Group
    topics: [mental-health]
    formats: [online]
  - id: mh-carers
    name: Carers Mental Health Circle
    topics: [mental-health]
    audience: [carers]
    formats: [online]
  - id: mh-in-person
    name: Mental Health Drop-in
    topics: [mental-health]
    formats: [in-person]
    area: [GB]
"""


def catalog(tmp_path: Path, text: str) -> list[str]:
    """The options that search a catalogue of `text`, written to a file in `tmp_path`."""
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    return ["--catalog", str(path)]


@pytest.fixture()
def catalogue(tmp_path: Path) -> list[str]:
    return catalog(tmp_path, CATALOGUE)


def records(*args: str) -> list[dict[str, object]]:
    result = run("search", *args, "--format", "json", *AT)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_general_support_comes_after_the_need_and_never_for_an_audience_not_named(
    catalogue: list[str],
) -> None:
    found = records("bpd", *catalogue)
    assert [(r["id"], r["general_support"]) for r in found] == [
        ("bpd-no-times", False),
        ("bpd-tuesday", False),
        ("mh-in-person", True),
        ("mh-general", True),
    ]


def test_the_audience_named_brings_its_general_group(catalogue: list[str]) -> None:
    found = records("bpd carers", *catalogue)
    assert "mh-carers" in [r["id"] for r in found]


def test_a_family_group_on_a_broader_topic_is_general_support_after_the_need(
    catalogue: list[str],
) -> None:
    # "my son has bpd": the carers' mental-health circle serves him too, but it is not on
    # his need, so it comes after both BPD groups (neither is for families) and says so
    found = records("my son has bpd", *catalogue)
    assert [(r["id"], r["general_support"]) for r in found][:3] == [
        ("bpd-no-times", False),
        ("bpd-tuesday", False),
        ("mh-carers", True),
    ]
    result = run("search", "my son has bpd", *catalogue, *AT)
    headings = [line for line in result.stdout.splitlines() if line.startswith("--")]
    assert headings == ["-- General support: groups for Mental health in general --"]
    # the first line counts the general support apart from the groups on the need
    first = result.stdout.splitlines()[0]
    wanted = "2 groups for Borderline personality disorder and 1 for general support"
    assert first.startswith(wanted)


def test_a_filter_on_times_keeps_groups_without_times_in_their_own_part(
    catalogue: list[str],
) -> None:
    found = records("bpd", "--day", "tuesday", *catalogue)
    assert [(r["id"], r["part"], r["general_support"]) for r in found] == [
        ("bpd-tuesday", None, False),
        ("bpd-no-times", "times not listed", False),
        ("mh-in-person", "times not listed", True),
        ("mh-general", "times not listed", True),
    ]


def test_the_table_labels_each_part(catalogue: list[str]) -> None:
    result = run("search", "bpd", "--day", "tuesday", *catalogue, *AT)
    headings = [line for line in result.stdout.splitlines() if line.startswith("--")]
    assert headings == [
        "-- Times not listed: ask these groups when they meet --",
        "-- Times not listed: ask these groups when they meet (general support, on a",
    ]
    lines = result.stdout.splitlines()
    assert lines[2] == " 1. BPD Tuesday Circle [bpd-tuesday]"


def test_groups_without_meetings_pass_online_on_their_formats(
    catalogue: list[str],
) -> None:
    found = records("mental health", "--online", *catalogue)
    assert sorted(r["id"] for r in found) == [
        "bpd-no-times",
        "bpd-tuesday",
        "mh-carers",
        "mh-general",
    ]


def test_a_group_in_the_country_of_near_is_shown_as_meeting_in_several_places(
    catalogue: list[str],
) -> None:
    found = records("mental health", "--in-person", "--near", "Sheffield", *catalogue)
    assert [(r["id"], r["part"]) for r in found] == [("mh-in-person", "several places")]


CANCER = """\
format: 1
topics:
  - {id: cancer, name: Cancer}
  - {id: blood-cancer, name: Blood cancer, aliases: [leukaemia], broader: [cancer]}
audiences:
  - {id: family, name: Family and friends, aliases: [dad, mum]}
groups:
  - {id: blood, name: Blood Cancer Forum, topics: [cancer, blood-cancer], formats: [online]}
  - {id: open, name: Cancer Circle, topics: [cancer], formats: [online]}
"""


@pytest.fixture()
def cancer(tmp_path: Path) -> list[str]:
    return catalog(tmp_path, CANCER)


def test_a_group_named_for_a_narrower_topic_comes_after_the_general_one(
    cancer: list[str],
) -> None:
    # "cancer": the blood cancer forum's name holds "cancer", but it is for one kind
    assert [r["id"] for r in records("cancer", *cancer)] == ["open", "blood"]
    assert [r["id"] for r in records("leukaemia", *cancer)] == ["blood", "open"]


def test_a_search_about_someone_else_is_offered_general_support_too(
    cancer: list[str],
) -> None:
    # neither group is for families, yet the general one serves "my dad" as it serves him
    found = records("my dad has leukaemia", *cancer)
    assert [(r["id"], r["general_support"]) for r in found] == [("blood", False), ("open", True)]


def test_the_general_support_heading_names_every_broader_topic_under_it(tmp_path: Path) -> None:
    options = catalog(
        tmp_path,
        """\
format: 1
topics:
  - {id: neurodivergence, name: Neurodivergence}
  - {id: neurological, name: Neurological conditions}
  - {id: tourettes, name: Tourettes, aliases: [tics], broader: [neurodivergence, neurological]}
groups:
  - {id: nd, name: A Neurodiverse Circle, topics: [neurodivergence], formats: [online]}
  - {id: neuro, name: B Neuro Group, topics: [neurological], formats: [online]}
""",
    )
    result = run("search", "tics", *options, *AT)
    headings = [line for line in result.stdout.splitlines() if line.startswith("--")]
    assert headings == [
        "-- General support: groups for Neurodivergence and Neurological conditions in",
    ]


def test_a_group_on_two_narrower_needs_comes_before_one_on_a_single_one(tmp_path: Path) -> None:
    options = catalog(
        tmp_path,
        """\
format: 1
topics:
  - {id: addiction, name: Addiction recovery}
  - {id: alcohol, name: Alcohol, broader: [addiction]}
  - {id: drugs, name: Drugs, broader: [addiction]}
  - {id: cocaine, name: Cocaine, broader: [drugs]}
groups:
  - {id: cocaine, name: A Cocaine Group, topics: [addiction, cocaine, drugs], formats: [online]}
  - {id: both, name: B Sober Circle, topics: [addiction, alcohol, drugs], formats: [online]}
  - {id: any, name: C Recovery Group, topics: [addiction], formats: [online]}
""",
    )
    # "addiction": a group for any addiction, then one for alcohol and drugs, then cocaine
    # alone (drugs is above cocaine, so the fellowship has one focus, not two)
    assert [r["id"] for r in records("addiction", *options)] == [
        "any",
        "both",
        "cocaine",
    ]


def test_a_note_says_where_groups_for_the_audience_named_are(tmp_path: Path) -> None:
    options = catalog(
        tmp_path,
        """\
format: 1
topics:
  - {id: mental-health, name: Mental health}
  - {id: depression, name: Depression, broader: [mental-health]}
audiences:
  - {id: lgbtq, name: LGBTQ+, aliases: [gay]}
  - {id: family, name: Family and friends, aliases: [son]}
groups:
  - {id: d1, name: Depression Circle One, topics: [depression], formats: [online]}
  - {id: d2, name: Depression Circle Two, topics: [depression], formats: [online]}
  - {id: d3, name: Depression Circle Three, topics: [depression], formats: [online]}
  - {id: rainbow, name: Rainbow Line, topics: [mental-health], audience: [lgbtq], formats: [phone]}
  - {id: kin, name: Kin Circle, topics: [mental-health], audience: [family], formats: [phone]}
""",
    )
    # three groups on depression fill the answer; the LGBTQ+ line is on mental health in general
    found = run("search", "gay depression", *options, *AT)
    assert "rainbow" not in found.stdout
    assert found.stderr.splitlines()[-1] == (
        "note: none of these is for LGBTQ+; for LGBTQ+, on mental health in general: "
        'findgroup search "gay mental health"'
    )
    asked = run("search", "gay mental health", *options, "--format", "json", *AT)
    assert json.loads(asked.stdout)[0]["id"] == "rainbow"
    assert "note:" not in run("search", "depression", *options, *AT).stderr
    # "son" says whom the search is about, not whom the groups should be for
    about_son = run("search", "my son has depression", "--limit", "3", *options, *AT)
    assert "note:" not in about_son.stderr


FAMILIES = """\
format: 1
topics:
  - {id: mental-health, name: Mental health}
  - {id: depression, name: Depression, broader: [mental-health]}
audiences:
  - {id: family, name: Family and friends}
  - {id: lgbtq, name: LGBTQ+, aliases: [gay]}
  - {id: veterans, name: Veterans}
groups:
  - {id: dep-a, name: Depression Circle A, topics: [depression]}
  - {id: dep-b, name: Depression Circle B, topics: [depression]}
  - {id: dep-c, name: Depression Circle C, topics: [depression]}
  - {id: dep-veteran-families, name: Veteran Families Depression Group, topics: [depression],
     audience: [veterans, family]}
  - {id: mh-families, name: Families Mental Health Group, topics: [mental-health],
     audience: [family]}
  - {id: mh-lgbtq-families, name: Families of LGBTQ+ People, topics: [mental-health],
     audience: [lgbtq, family]}
"""


def found_ids(tmp_path: Path, query: str) -> list[str]:
    result = run("search", query, "--format", "json", *catalog(tmp_path, FAMILIES), *AT)
    return [r["id"] for r in json.loads(result.stdout)]


def test_families_of_an_audience_not_named_are_not_offered_or_lifted(tmp_path: Path) -> None:
    ids = found_ids(tmp_path, "my son is depressed")
    assert "mh-lgbtq-families" not in ids
    assert ids[0] == "dep-a"  # a veterans' families group is not lifted above the need itself
    assert ids.index("dep-veteran-families") > ids.index("dep-c")


def test_families_of_a_named_audience_come_with_the_need(tmp_path: Path) -> None:
    result = run("search", "my son is gay and depressed", *catalog(tmp_path, FAMILIES), *AT)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Families of LGBTQ+ People [mh-lgbtq-families]" in lines[2]
    headings = [line for line in lines if line.startswith("-- General support")]
    assert headings == ["-- General support: groups for Mental health in general --"]


CRISIS_OF_ANOTHER = """\
format: 1
topics:
  - {id: mental-health, name: Mental health}
  - {id: suicidal-feelings, name: Suicidal feelings, aliases: [suicidal, suicide],
     broader: [mental-health], crisis: true}
audiences:
  - {id: family, name: Family and friends}
groups:
  - {id: alt-a, name: Alternatives Circle A, topics: [suicidal-feelings]}
  - {id: alt-b, name: Alternatives Circle B, topics: [suicidal-feelings]}
  - {id: alt-c, name: Alternatives Circle C, topics: [suicidal-feelings]}
  - {id: mh-families, name: Families Mental Health Group, topics: [mental-health],
     audience: [family]}
"""


def test_a_family_asking_about_a_crisis_is_offered_groups_for_families_first(
    tmp_path: Path,
) -> None:
    # "my son attempted suicide": groups on suicidal feelings are for those who have them;
    # the parent asking is served first by the families' group, on the broader topic
    options = catalog(tmp_path, CRISIS_OF_ANOTHER)
    for limit in ("0", "1", "2"):
        found = records("my son attempted suicide", "--limit", limit, *options)
        assert found[0]["id"] == "mh-families"
        assert found[0]["general_support"] is True
    result = run("search", "my son attempted suicide", *options, *AT)
    headings = [line for line in result.stdout.splitlines() if line.startswith("--")]
    assert headings == [
        "-- General support: groups for Mental health in general --",
        "-- Groups for Suicidal feelings --",
    ]
    # asking for oneself, the groups on the need come first and no families' group is offered
    assert [r["id"] for r in records("i feel suicidal", *options)] == ["alt-a", "alt-b", "alt-c"]
