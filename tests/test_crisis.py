import json

import pytest

from conftest import run

GB_BLOCK = (  # wrapped to the 80 columns of a screen
    "If you are struggling to stay safe right now, you can talk to someone:\n"
    "  Samaritans: call 116 123 (24 hours, every day) https://www.samaritans.org\n"
    "  Shout: Text SHOUT to 85258 (24 hours, every day) https://giveusashout.org\n"
    "  Find A Helpline (free, confidential helplines worldwide) (Directory; hours\n"
    "    vary by helpline) https://findahelpline.com\n"
    "  If you are in immediate danger, call your local emergency number.\n"
)


@pytest.mark.parametrize(
    "query",
    ["suicidal", "I want to die", "self harm", "overdose", "kill myself", "mental health crisis"],
)
def test_risk_words_show_crisis_lines_before_results(query):
    result = run("search", query, "--country", "GB")
    assert result.stdout.startswith(GB_BLOCK)
    assert result.stdout.splitlines()[-1] == "Struggling to stay safe? Samaritans 116 123, 24 hours"


def test_no_crisis_block_for_ordinary_needs():
    result = run("search", "fibromyalgia", "--country", "GB")
    assert "talk to someone" not in result.stdout + result.stderr


def test_machine_formats_keep_stdout_clean_and_put_lines_on_stderr():
    result = run("search", "suicidal", "--format", "json", "--country", "US")
    assert isinstance(json.loads(result.stdout), list)
    assert result.stderr.startswith(
        "If you are struggling to stay safe right now, you can talk to someone:\n"
        "  988 Suicide & Crisis Lifeline: call 988, or text 988 (24 hours, every day) "
        "https://988lifeline.org\n"
    )


def test_crisis_lines_show_even_when_no_group_matches(tmp_path):
    empty = tmp_path / "lines.yaml"
    empty.write_text(
        "crisis:\n  - {country: '*', name: Find A Helpline, url: https://findahelpline.com}\n",
        encoding="utf-8",
    )
    result = run("search", "I want to die", "--catalog", str(empty))
    assert result.exit_code == 1
    assert result.stdout.startswith("If you are struggling to stay safe right now")
    assert "Find A Helpline https://findahelpline.com" in result.stdout


def test_country_comes_from_the_locale_then_falls_back_to_the_directory():
    by_locale = run("crisis", env={"LANG": "en_AU.UTF-8", "TZ": "UTC"})
    assert by_locale.stdout.splitlines()[1].startswith("  Lifeline: call 13 11 14")
    unknown = run("crisis", "--country", "FR")
    assert unknown.stdout.splitlines()[1].startswith("  Find A Helpline")


def test_crisis_json_lists_lines():
    rows = json.loads(run("crisis", "--country", "IE", "--format", "json").stdout)
    assert [r["name"] for r in rows] == [
        "Samaritans Ireland",
        "Childline (ISPCC)",
        "Women's Aid 24hr National Freephone Helpline",
        "National Rape Crisis Helpline (Dublin Rape Crisis Centre)",
        "Find A Helpline (free, confidential helplines worldwide)",
    ]


@pytest.mark.parametrize(
    ("query", "args", "first_line"),
    [
        ("i want to die ireland", [], "  Samaritans Ireland: call 116 123"),
        ("suicidal in new zealand", [], "  1737 Need to talk?"),
        ("i want to end it all, canada", ["--tz", "Europe/London"], "  9-8-8"),
        ("i want to die ireland", ["--country", "GB"], "  Samaritans: call 116 123"),
        ("my son jordan is suicidal", ["--country", "GB"], "  Samaritans: call 116 123"),
    ],
)
def test_a_country_named_in_the_words_chooses_the_crisis_lines(query, args, first_line):
    result = run("search", query, "--format", "json", *args, env={"LANG": "C", "TZ": "UTC"})
    assert result.stderr.splitlines()[1].startswith(first_line), result.stderr
    if not args:  # the country's name is read as the reader's country, not as a need
        assert "nothing matched" not in result.stderr


def test_a_state_named_like_a_country_is_no_country():
    result = run("search", "suicidal new south wales", "--format", "json", "--tz", "UTC",
                 env={"LANG": "C", "TZ": "UTC"})  # fmt: skip
    assert result.stderr.splitlines()[1].startswith("  Find A Helpline"), result.stderr
