import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from conftest import TESTS, run

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")
AT = ["--at", "2026-11-24T12:00:00+00:00", "--tz", "Europe/London", "--catalog", FIXTURE]


def test_cards_show_a_header_and_the_next_meeting_in_the_readers_time():
    result = run("search", "grief", "--limit", "2", "--day", "thu", *AT)
    assert result.exit_code == 0
    # Wednesday 19:00 in New York is Thursday 00:00 for a reader in London: --day is theirs
    assert result.stdout.splitlines()[:6] == [
        "3 groups for Grief and bereavement, showing 2; GB first",
        "",
        " 1. Grief and bereavement Peer Group [grief-group]",
        "    Online · free",
        "    Next: Thu 26 Nov 00:00 (19:00 New York time) · online",
        "    https://example.org/grief",
    ]
    assert result.stdout.splitlines()[-1] == (
        "More: findgroup show ID · --limit 0 for all 3 · --country/--near to narrow"
    )


def test_long_shows_every_detail_in_the_readers_and_the_meetings_time():
    result = run("search", "grief", "--limit", "2", "--day", "thu", "--long", *AT)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:7] == [
        " 1. Grief and bereavement Peer Group",
        "    Example Network 37",
        '    Why:     "grief": Grief and bereavement (alias)',
        "    Next:    Thu 26 Nov 00:00 (19:00 New York time) · online ·",
        "             https://example.org/join/grief",
    ]
    assert all(len(line) <= 80 for line in result.stdout.splitlines() if "https://" not in line)


def test_a_json_record_says_how_it_matched_and_when_it_next_meets():
    # that the fields are the README's is tests/test_readme_contract.py
    result = run("search", "bpd", "--format", "json", "--limit", "1", *AT)
    record = json.loads(result.stdout)[0]
    assert {
        "id",
        "name",
        "organization",
        "score",
        "matched",
        "topics",
        "audience",
        "url",
        "cost",
        "last_verified",
        "meetings",
        "next",
    } <= set(record)
    assert record["matched"] == [{"need": "bpd", "topic": "bpd", "via": "alias", "score": 100}]
    meeting = record["meetings"][0]
    assert {"format", "day", "time", "timezone", "location", "join", "next"} <= set(meeting)
    assert (meeting["day"], meeting["next"]) == ("thursday", "2026-11-26T19:00:00-05:00")


def test_empty_machine_formats_are_still_valid():
    result = run("search", "pizza", "--format", "json", *AT)
    assert (result.exit_code, result.stdout) == (1, "[]\n")
    assert result.stderr == (
        "No groups match \"pizza\".\n'findgroup topics' lists every need findgroup knows.\n"
    )
    result = run("search", "pizza", "--format", "csv", *AT)
    assert result.stdout.startswith("id,name,organization,score")


def test_a_clear_misspelling_is_searched_as_the_word_it_misspells():
    result = run("search", "schizofreniaa", "--format", "json", *AT)
    assert result.exit_code == 0
    assert result.stderr == 'note: showing results for "schizophrenia"\n'
    assert "psychosis" in json.loads(result.stdout)[0]["topics"]


def test_a_word_much_shorter_or_longer_is_not_taken_for_a_misspelling():
    # "prison" is 80% like "Parkinson" by letters, but it is another word
    result = run("search", "my son is in prison", "--tz", "UTC")  # the built-in catalogue
    assert result.exit_code == 1
    assert "Parkinson" not in result.stderr and "Parkinson" not in result.stdout


def test_stdin_answers_one_query_a_line_with_a_query_field():
    result = run(
        "search", "-", "--format", "jsonl", "--limit", "1", *AT, input="EUPD\npizza\nsober\n"
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["query"], r["id"]) for r in rows] == [
        ("EUPD", "bpd-group"),
        ("sober", "addiction-group"),
    ]
    assert result.exit_code == 0
    assert 'No groups match "pizza".' in result.stderr


def test_csv_has_one_row_a_group_and_neutralises_formulas(tmp_path):
    result = run("search", "bpd", "--format", "csv", *AT)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["id"] == "bpd-group"
    assert len(rows) == len({r["id"] for r in rows})
    formulas = tmp_path / "formulas.yaml"
    formulas.write_text(
        """format: 1
topics: [{id: grief, name: Grief}]
groups:
  - id: sum
    name: "=SUM(A1:A9)"
    organization: "+44 20 7946 0000"
    topics: [grief]
    url: https://example.org
    schedule_note: "@SUM(1+1)"
  - id: minus
    name: "-2+3"
    topics: [grief]
    url: https://example.org
""",
        encoding="utf-8",
    )
    printed = run("search", "grief", "--catalog", str(formulas), "--format", "csv", *AT).stdout
    cells = {r["id"]: r for r in csv.DictReader(io.StringIO(printed))}
    assert cells["sum"]["name"] == "'=SUM(A1:A9)"
    assert cells["sum"]["organization"] == "'+44 20 7946 0000"
    assert cells["sum"]["schedule_note"] == "'@SUM(1+1)"
    assert cells["minus"]["name"] == "'-2+3"


def test_limit_and_browsing_by_next_meeting():
    result = run("search", "--online", "--format", "json", "--limit", "3", *AT)
    nexts = [r["next"] for r in json.loads(result.stdout)]
    assert len(nexts) == 3 and nexts == sorted(nexts)


def test_days_and_times_as_people_write_them():
    def ids(*args: str) -> list[str]:
        result = run("search", "--online", "--format", "json", "--limit", "0", *args, *AT)
        return [r["id"] for r in json.loads(result.stdout or "[]")]

    weekend = ids("--day", "weekend")
    assert weekend and weekend == ids("--day", "sat", "--day", "sun")
    weekdays = ids("--day", "weekdays", "--after", "6pm")
    assert weekdays and weekdays == ids(
        *[a for d in ("mon", "tue", "wed", "thu", "fri") for a in ("--day", d)], "--after", "18:00"
    )
    evening = ids("--before", "7:30PM")
    assert evening and evening == ids("--before", "19:30")
    bad = run("search", "bpd", "--after", "13pm", *AT)
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: --after '13pm' is not a time; use 18:30 or 6:30pm\n",
    )


def test_bad_values_are_usage_errors():
    assert run("search", "bpd", "--day", "someday", *AT).exit_code == 2
    bad = run("search", "bpd", "--tz", "Mars/Olympus", "--catalog", FIXTURE)
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: --tz 'Mars/Olympus' is not a timezone; use an IANA name such as Europe/London\n",
    )


def test_unreadable_catalogue_exits_2_with_one_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("groups: [\n", encoding="utf-8")
    result = run("search", "bpd", "--catalog", str(broken))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_installed_entry_point_runs_without_traceback():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "findgroup"), "search", "bpd", "--limit", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2].startswith(" 1. ")
    assert "httpx" not in done.stderr


def test_lang_takes_a_code_or_a_name_and_suggests_for_a_typo():
    spanish = run("search", "--lang", "spanish", "--format", "json", *AT)
    code = run("search", "--lang", "es", "--format", "json", *AT)
    assert spanish.exit_code == code.exit_code == 0
    assert spanish.stdout == code.stdout
    typo = run("search", "bpd", "--lang", "englsh", *AT)
    assert (typo.exit_code, typo.stderr) == (
        2,
        "error: --lang 'englsh' is not a language: give an ISO 639 code (en, es, fr) or a name "
        "(Spanish); did you mean 'english'?\n",
    )
