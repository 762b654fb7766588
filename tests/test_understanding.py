"""How a search's words and the reader's place shape the answer, as a user sees it."""

import json
from pathlib import Path

import pytest

from conftest import run

AT = ["--at", "2026-12-01T12:00:00+00:00", "--format", "json", "--limit", "0"]
CATALOGUE = """\
format: 1
topics:
  - {id: grief, name: Grief, aliases: [bereavement]}
groups:
  - {id: uk-grief, name: Grief Circle UK, topics: [grief], area: [GB]}
  - {id: us-grief, name: Grief Circle US, topics: [grief], area: [US]}
  - id: sunderland-grief
    name: A Grief Circle in Sunderland
    topics: [grief]
    meetings:
      - {format: in-person, day: monday, time: "19:00", timezone: Europe/London,
         location: {venue: Hall, city: Sunderland, country: GB}}
"""


def ids(*args: str, env: dict[str, str] | None = None) -> list[str]:
    result = run("search", *args, *AT, env=env)
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


@pytest.fixture()
def catalogue(tmp_path: Path) -> list[str]:
    path = tmp_path / "places.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return ["--catalog", str(path)]


def test_the_same_words_quoted_or_not_give_the_same_answer() -> None:
    unquoted = run("search", "lost", "my", "son", "to", "suicide", *AT)
    quoted = run("search", "lost my son to suicide", *AT)
    assert unquoted.stdout == quoted.stdout
    assert json.loads(quoted.stdout)[0]["id"] in {
        "compassionate-friends-uk",
        "compassionate-friends-usa",
        "bereaved-parents-of-the-usa",
    }  # a group for parents bereaved by suicide meets both needs


def test_a_country_leaves_out_other_countries_groups_and_in_person_meetings(
    catalogue: list[str],
) -> None:
    assert ids("grief", "--country", "US", *catalogue) == ["us-grief"]
    # the group that names GB before the one open to anywhere, equally relevant
    assert ids("grief", "--country", "UK", *catalogue) == ["uk-grief", "sunderland-grief"]


def test_without_a_country_the_readers_own_country_comes_first(catalogue: list[str]) -> None:
    london = ids("grief", "--tz", "Europe/London", *catalogue, env={"LANG": "C"})
    new_york = ids("grief", "--tz", "America/New_York", *catalogue, env={"LANG": "C"})
    # own country, then open to anywhere (the Sunderland group names no area), then elsewhere
    assert london == ["uk-grief", "sunderland-grief", "us-grief"]
    assert new_york == ["us-grief", "sunderland-grief", "uk-grief"]


def test_a_first_person_search_leaves_out_groups_only_for_families() -> None:
    found = ids("i cant stop drinking")
    assert "alcoholics-anonymous" in found[:3]
    assert "al-anon-family-groups" not in found


def test_a_family_members_search_puts_the_families_group_for_that_addiction_first() -> None:
    assert ids("my husband drinks too much")[0] == "al-anon-family-groups"
    assert ids("my wife gambles")[0] == "gam-anon"
    # OLG-Anon is open to gamers and families alike; Learn to Cope names no addiction
    assert ids("my son is addicted to gaming")[:2] == ["online-gamers-anonymous", "learn-to-cope"]
    # weed is a drug: the families' groups on drugs before those naming no addiction
    assert set(ids("my brother smokes weed every day")[:2]) == {
        "nar-anon-family-groups",
        "moms-stop-the-harm-holding-hope",
    }


def test_audiences_named_without_a_need_find_groups_for_all_of_them(tmp_path):
    path = tmp_path / "audiences.yaml"
    path.write_text(
        """format: 1
topics: [{id: support, name: Peer support}]
audiences:
  - {id: lgbtq, name: LGBTQ+ people, aliases: [trans]}
  - {id: young-people, name: Young people, aliases: [teen]}
groups:
  - {id: both, name: Trans Youth Circle, topics: [support], audience: [lgbtq, young-people]}
  - {id: teens, name: Teen Talk, topics: [support], audience: [young-people]}
  - {id: adults, name: Trans Adults, topics: [support], audience: [lgbtq]}
""",
        encoding="utf-8",
    )
    found = run("search", "trans teen", "--catalog", str(path), "--format", "json")
    assert [r["id"] for r in json.loads(found.stdout)] == ["both"]
    teens = run("search", "teen", "--catalog", str(path), "--format", "json")
    assert sorted(r["id"] for r in json.loads(teens.stdout)) == ["both", "teens"]


def test_a_country_named_in_the_query_puts_its_groups_before_more_relevant_foreign_ones(
    tmp_path: Path,
) -> None:
    path = tmp_path / "named.yaml"
    path.write_text(
        """format: 1
topics:
  - {id: grief, name: Grief, aliases: [bereavement]}
  - {id: child-loss, name: Loss of a child, broader: [grief]}
groups:
  - {id: au-grief, name: Grief Circle Australia, topics: [grief], area: [AU]}
  - {id: ie-parents, name: Bereaved Parents Ireland, topics: [child-loss, grief], area: [IE]}
  - {id: anywhere, name: Online Grief Circle, topics: [child-loss, grief]}
""",
        encoding="utf-8",
    )
    options = ["--catalog", str(path), "--tz", "UTC", "--at", "2026-12-01T12:00:00+00:00"]
    # without a place, the plain grief group comes first, wherever it is
    plain = run("search", "grief", *options, "--format", "json")
    assert json.loads(plain.stdout)[0]["id"] == "au-grief"
    # "in ireland": Ireland's group and one open anywhere; the other country's last, kept
    named = run("search", "grief support in ireland", *options, "--format", "json")
    found = [r["id"] for r in json.loads(named.stdout)]
    assert set(found[:2]) == {"ie-parents", "anywhere"} and found[2] == "au-grief"
    table = run("search", "grief uk", *options)
    assert table.stdout.splitlines()[0] == "3 groups for Grief; GB first"
