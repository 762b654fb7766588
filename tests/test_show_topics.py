import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import TESTS, run

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")
AT = ["--at", "2026-11-24T12:00:00+00:00", "--tz", "Europe/London", "--catalog", FIXTURE]


def test_show_lists_each_meeting_with_its_next_dates():
    result = run("show", "last-thursday-grief", *AT)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  Meeting 1:"))
    assert lines[start : start + 7] == [
        "  Meeting 1:      hybrid, last Thursday of the month at 14:00 New York time",
        "                  next Thu 26 Nov 19:00 (14:00 New York time)",
        "                  next Thu 31 Dec 19:00 (14:00 New York time)",
        "                  next Thu 28 Jan 19:00 (14:00 New York time)",
        "                  at Boston, US",
        "                  join +1 555 0100",
        "  Checked:        Oct 2026",
    ]


def test_show_json_has_upcoming_dates_per_meeting():
    result = run("show", "fortnightly-fibro-cafe", "--format", "json", "--count", "2", *AT)
    record = json.loads(result.stdout)
    assert record["id"] == "fortnightly-fibro-cafe"
    assert record["meetings"][0]["upcoming"] == [
        "2026-11-28T10:30:00+00:00",
        "2026-12-12T10:30:00+00:00",
    ]
    assert record["meetings"][0]["next"] == "2026-11-28T10:30:00+00:00"


def test_show_unknown_id_suggests_the_closest():
    result = run("show", "fortnightly-fibro-caf", *AT)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "No group with id 'fortnightly-fibro-caf'; did you mean 'fortnightly-fibro-cafe'?"
    )


def test_topics_json_counts_groups_and_narrower_topics():
    records = {r["id"]: r for r in json.loads(run("topics", "--format", "json").stdout)}
    assert len(records) >= 40
    assert records["chronic-pain"]["narrower"] == ["fibromyalgia"]
    assert records["bpd"]["broader"] == ["personality-disorders"]
    assert records["bpd"]["groups"] >= 3
    assert records["suicidal-feelings"]["crisis"] is True


def test_topics_table_names_aliases():
    out = run("topics", "--catalog", FIXTURE).stdout
    assert "Borderline personality disorder [bpd] - 2 groups\n  aliases:  BPD, EUPD," in out


def complete(words, cword, home):
    env = dict(
        os.environ,
        _FINDGROUP_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(cword),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    # Completion needs the installed script: the shell calls it by its own name.
    script = Path(sys.executable).parent / "findgroup"
    done = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60)
    return done.stdout.splitlines()


def test_completion_of_needs_ids_and_audiences_reads_the_store(private_home):
    assert complete("findgroup search fibrom", 2, private_home) == [
        "fibromyalgia",
        "fibromyalgia syndrome",
    ]
    assert complete("findgroup show smart-rec", 2, private_home) == ["smart-recovery"]
    assert complete("findgroup search --audience vet", 3, private_home) == ["veterans"]
    assert (private_home / "cache" / "findgroup" / "store.sqlite").is_file()


URL = "https://example.org/mental-health"  # mental-health-group's url in the fixture


def test_open_prints_the_page_when_no_browser_can_be_used():
    result = run("open", "mental-health-group", "--catalog", FIXTURE, env={"BROWSER": "none"})
    assert (result.exit_code, result.stdout) == (0, f"{URL}\n")
    unknown = run("open", "mental-health-grop", "--catalog", FIXTURE)
    assert unknown.exit_code == 1
    assert "did you mean 'mental-health-group'" in unknown.stderr
