"""Names and aliases in any script match as typed: case folded, accents dropped, letters kept."""

from __future__ import annotations

import json

import pytest

from conftest import run
from findgroup.text import normalise

CATALOGUE = """format: 1
topics:
  - id: grief
    name: Grief
    aliases: [горе, πένθος, حزن, אבל, 悲伤, 悲嘆, 애도, Trauer, deuil]
  - id: depression
    name: Depression
    aliases: [депрессия, κατάθλιψη, اكتئاب, דיכאון, 抑郁症, うつ病, dépression]
groups:
  - id: grief-circle
    name: Grief Circle
    topics: [grief]
    url: https://example.org
  - id: mood-group
    name: Группа поддержки «Настроение»
    topics: [depression]
    url: https://example.org
"""


@pytest.fixture()
def catalogue(tmp_path):
    path = tmp_path / "scripts.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("горе", "grief-circle"),  # Cyrillic
        ("ГОРЕ", "grief-circle"),
        ("ΠΈΝΘΟΣ", "grief-circle"),  # Greek, capitals with a final sigma
        ("πενθος", "grief-circle"),  # and without its accent
        ("حزن", "grief-circle"),  # Arabic
        ("אבל", "grief-circle"),  # Hebrew
        ("悲伤", "grief-circle"),  # Chinese
        ("애도", "grief-circle"),  # Korean
        ("депрессия", "mood-group"),
        ("κατάθλιψη", "mood-group"),
        ("اكتئاب", "mood-group"),
        ("דיכאון", "mood-group"),
        ("抑郁症", "mood-group"),
        ("うつ病", "mood-group"),  # Japanese
        ("depression", "mood-group"),
        ("DÉPRESSION", "mood-group"),
    ],
)
def test_an_alias_in_any_script_finds_its_groups(catalogue, query, expected):
    result = run("search", query, "--catalog", catalogue, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == [expected]


def test_a_group_name_in_cyrillic_is_found_by_its_words(catalogue):
    result = run("search", "настроение", "--catalog", catalogue, "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["mood-group"]


def test_words_of_other_scripts_are_kept_and_punctuation_still_splits():
    assert normalise("Группа «Настроение»") == "группа настроение"
    assert normalise("ΠΈΝΘΟΣ") == "πενθοσ"
    assert normalise("Crohn's & Colitis") == "crohns and colitis"
    assert normalise("悲伤、抑郁") == "悲伤 抑郁"
