import datetime as dt
import json
import os
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, run

BROKEN = TESTS / "broken"
CATALOGUES = sorted(p.name for p in BROKEN.iterdir() if p.suffix in (".yaml", ".json"))

VOCAB = """format: 1
timezone: Europe/London
topics:
  - {id: bpd, name: Borderline personality disorder}
"""


def expected_lines(name: str) -> list[str]:
    path = BROKEN / name
    source = path.with_name(name + ".expect") if path.suffix == ".json" else path
    marker = b"# expect: "
    return [
        name + ":" + line[len(marker) :].decode()
        for line in source.read_bytes().splitlines()
        if line.startswith(marker)
    ]


@pytest.mark.parametrize("name", CATALOGUES)
def test_each_broken_catalogue_reports_its_exact_lines(name, monkeypatch):
    monkeypatch.chdir(BROKEN)
    expected = expected_lines(name)
    assert expected, f"{name} has no '# expect:' lines"
    result = run("validate", name)
    assert result.stdout.splitlines() == expected
    has_error = any(": error: " in line for line in expected)
    assert result.exit_code == (1 if has_error else 0)
    assert "Traceback" not in result.output


def test_every_rule_of_the_format_has_a_broken_catalogue():
    codes = set()
    for name in CATALOGUES:
        monkey = json.loads(run("validate", "--format", "json", str(BROKEN / name)).stdout)
        codes |= {p["code"] for p in monkey}
    assert {
        "syntax",
        "encoding",
        "empty",
        "tag",
        "duplicate-key",
        "type",
        "missing",
        "unknown-key",
        "enum",
        "undeclared",
        "duplicate-id",
        "cycle",
        "alias",
        "value",
        "lookalike",
        "line-break",
    } <= codes


def test_summary_counts_errors_warnings_and_files(monkeypatch):
    monkeypatch.chdir(BROKEN)
    result = run("validate", "dates.yaml", "empty.yaml")
    assert result.stderr == "2 errors and 2 warnings in 2 files\n"
    assert result.exit_code == 1


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_freshness_future_is_an_error_and_old_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    today = dt.date.today()
    future = today + dt.timedelta(days=3)
    old = today - dt.timedelta(days=400)
    write(
        tmp_path / "fresh.yaml",
        VOCAB
        + f"""groups:
  - id: new
    name: New group
    topics: [bpd]
    last_verified: {future}
  - id: old
    name: Old group
    topics: [bpd]
    last_verified: {old}
  - id: ok
    name: Fine group
    topics: [bpd]
    last_verified: {today}
""",
    )
    result = run("validate", "fresh.yaml")
    assert result.stdout.splitlines() == [
        f"fresh.yaml:9:20: error: last_verified {future} is in the future",
        f"fresh.yaml:13:20: warning: last_verified {old} is more than 12 months ago; "
        "check the listing and update the date",
    ]
    assert result.exit_code == 1


def test_warnings_pass_unless_strict(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old = dt.date.today() - dt.timedelta(days=400)
    write(
        tmp_path / "old.yaml",
        VOCAB + f"groups:\n  - {{id: a, name: A, topics: [bpd], last_verified: {old}}}\n",
    )
    assert run("validate", "old.yaml").exit_code == 0
    strict = run("validate", "--strict", "old.yaml")
    assert strict.exit_code == 1
    assert strict.stderr == "0 errors and 1 warning in 1 file\n"


def test_directory_merges_files_in_sorted_order_and_names_both_places_of_a_duplicate(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "cat" / "a-vocab.yaml", VOCAB)
    write(
        tmp_path / "cat" / "b" / "leeds.yml", "groups:\n  - {id: g1, name: Leeds, topics: [bpd]}\n"
    )
    write(
        tmp_path / "cat" / "c.json",
        json.dumps({"groups": [{"id": "g1", "name": "Copy", "topics": ["bpd"]}]}, indent=1),
    )
    write(tmp_path / "cat" / ".hidden" / "x.yaml", "not: [valid")
    write(tmp_path / "cat" / "notes.txt", "not a catalogue")
    result = run("validate", "cat")
    assert result.stdout == (
        "cat/c.json:3:3: error: group id 'g1' is defined twice: here and at cat/b/leeds.yml:2\n"
    )
    assert result.stderr == "1 error and 0 warnings in 3 files\n"


def test_several_catalogues_merge_and_default_names_the_builtin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "mine.yaml", "groups:\n  - {id: mine, name: Mine, topics: [bpd]}\n")
    result = run("validate", "--catalog", "default", "--catalog", "mine.yaml")
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "0 errors and 0 warnings in 2 files\n"
    alone = run("validate", "mine.yaml")
    assert alone.stdout == ("mine.yaml:2:37: error: topic 'bpd' is not declared under topics\n")


def test_environment_lists_catalogues_with_the_path_separator(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "vocab.yaml", VOCAB)
    write(tmp_path / "groups.yaml", "groups:\n  - {id: g, name: G, topics: [bdp]}\n")
    env = {"FINDGROUP_CATALOG": os.pathsep.join(["vocab.yaml", "groups.yaml"])}
    result = run("validate", env=env)
    assert result.stdout == (
        "groups.yaml:2:31: error: topic 'bdp' is not declared under topics; did you mean 'bpd'?\n"
    )


def test_missing_path_is_a_usage_error_with_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate", "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: nowhere.yaml: no such file or directory "
        "(give a catalogue file, a directory, or 'default')\n"
    )
    assert result.stdout == ""


def test_json_format_lists_problems_for_editors(monkeypatch):
    monkeypatch.chdir(BROKEN)
    result = run("validate", "--format", "json", "enum.yaml")
    assert json.loads(result.stdout) == [
        {
            "file": "enum.yaml",
            "line": 11,
            "column": 11,
            "severity": "error",
            "code": "enum",
            "message": "cost: unknown value 'fre'; expected free, donation or paid; "
            "did you mean 'free'?",
        },
        {
            "file": "enum.yaml",
            "line": 13,
            "column": 17,
            "severity": "error",
            "code": "enum",
            "message": "format: unknown value 'onlin'; expected in-person, online, hybrid or "
            "phone; did you mean 'online'?",
        },
    ]
    clean = run("validate", "--format", "json", str(ROOT / "groups.yaml"))
    assert clean.stdout == "[]\n"


def test_builtin_catalogue_passes_strict_validation():
    result = run("validate", "--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_python_tag_is_never_executed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    write(
        tmp_path / "evil.yaml",
        f"groups: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    result = run("validate", "evil.yaml")
    assert result.stdout.startswith("evil.yaml:1:9: error: the tag !!python/object/apply:os.system")
    assert not marker.exists()


def test_alias_bomb_is_refused_without_expanding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    result = run("validate", "bomb.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        "bomb.yaml:6:5: error: aliases here expand to more than 100,000 values; anchors may be "
        "reused, but not to multiply the file (an alias bomb?)\n"
    )


def test_unquoted_times_and_leading_zero_postcodes_keep_their_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "plain.yaml",
        VOCAB
        + """groups:
  - id: g
    name: G
    topics: [bpd]
    meetings:
      - format: in-person
        day: mon
        time: 19:00
        location: {city: Boston, postcode: 02134, country: us}
""",
    )
    from findgroup.catalogue.load import load

    loaded = load(["plain.yaml"], dt.date.today())
    assert loaded.problems == ()
    meeting = loaded.catalogue.groups[0].meetings[0]
    assert meeting.time == dt.time(19, 0)
    assert meeting.location is not None
    assert (meeting.location.postcode, meeting.location.country) == ("02134", "US")
