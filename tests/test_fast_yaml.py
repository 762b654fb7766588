"""The fast first reading (rapidyaml) and PyYAML's store the same, or the fast one steps aside.

A search indexes a plain catalogue with the fast reader; anything it might read differently
goes to PyYAML. Either way the store must hold exactly what PyYAML reads.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import synthetic
from conftest import ROOT, TESTS
from findgroup.indexing import parse
from findgroup.store_rows import file_rows


def stored(data: bytes, *, fast: bool) -> tuple[Any, ...]:
    parts = parse(data, "catalogue.yaml", is_json=False, fast=fast)
    rows = file_rows(parts)
    groups = [row[:-2] for row in rows.groups]  # the last two columns are line and column
    records = [without_positions(json.loads(r)) for r in rows.records]
    problems = [p.message for p in parts.problems]
    return records, groups, sorted(rows.postings), problems, parts.positions


def without_positions(value: Any) -> Any:
    """A stored record without its positions (the fast reading keeps none)."""
    if isinstance(value, dict):
        return {k: without_positions(v) for k, v in value.items() if k != "pos"}
    if isinstance(value, list):
        return [without_positions(v) for v in value]
    return value


def same_reading(data: bytes) -> bool:
    """True when both readings store the same; returns whether the fast one was used."""
    fast, slow = stored(data, fast=True), stored(data, fast=False)
    assert fast[:4] == slow[:4]
    return not fast[4]


def test_the_built_in_catalogue_is_read_fast_and_the_same() -> None:
    assert same_reading((ROOT / "groups.yaml").read_bytes())


def test_a_synthetic_catalogue_of_every_meeting_kind_reads_the_same(tmp_path) -> None:
    path = synthetic.write(tmp_path / "syn.yaml", 500)
    assert same_reading(path.read_bytes())


def test_the_fixture_catalogue_reads_the_same() -> None:
    same_reading((TESTS / "catalogues" / "fixture.yaml").read_bytes())


TRICKY = [
    "yes",
    "No",
    "on",
    "~",
    "null",
    "1e3",
    "0x1F",
    "012",
    "1_000",
    "19:00",
    "2026-01-05",
    ".inf",
    "'quoted'",
    '"double \\u00e9"',
    "a: b",
    "- dash",
    "#not a comment",
    "ünïcödé 中文 عربى",
    "emoji 🙂",
    "trailing space ",
    "",
]


@pytest.mark.parametrize("value", TRICKY)
def test_values_yaml_reads_its_own_way_read_the_same(value: str) -> None:
    for text in (value, f'"{value}"' if '"' not in value else value):
        data = (
            "format: 1\n"
            "topics: [{id: grief, name: Grief}]\n"
            "groups:\n"
            "  - id: g1\n"
            "    name: A group\n"
            "    topics: [grief]\n"
            f"    description: {text}\n"
            f"    schedule_note: {text}\n"
        ).encode()
        same_reading(data)


def test_anchors_and_aliases_are_left_to_pyyaml() -> None:
    data = (
        b"format: 1\ntopics: [{id: grief, name: Grief}]\n"
        b"base: &base {topics: [grief]}\n"
        b"groups:\n  - {id: g1, name: One, topics: [grief]}\n"
    )
    assert not same_reading(data)


@pytest.mark.parametrize(
    "lines",
    [
        "    area: [NO]\n    languages: [no]\n",
        "    area:\n      - NO\n    languages:\n      - 'no'\n",
        "    area: [GB, NO]\n",
        "    description: {a: on}\n",
        "    on: yes\n",
        "    cost: ~\n",
    ],
)
def test_words_yaml_1_1_reads_as_booleans_anywhere_read_the_same(lines: str) -> None:
    data = (
        "format: 1\ntopics: [{id: grief, name: Grief}]\ngroups:\n"
        "  - id: g1\n    name: A group\n    topics: [grief]\n" + lines
    ).encode()
    assert not same_reading(data)  # left to PyYAML: only it knows where such a word stands


def test_prose_with_a_line_ending_in_no_is_read_fast() -> None:
    data = (
        b"format: 1\ntopics: [{id: grief, name: Grief}]\ngroups:\n"
        b"  - id: g1\n    name: A group\n    topics: [grief]\n"
        b"    description: >\n      Members listen and there is no\n      advice given.\n"
    )
    assert same_reading(data)
