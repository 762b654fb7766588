"""The same questions give the same answers: a fixed list of searches against the built-in
catalogue and a 10,000-group synthetic one, compared with tests/golden/answers.json.

Regenerate deliberately (and review the diff) with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os

import pytest

import synthetic
from conftest import TESTS, run

GOLDEN = TESTS / "golden" / "answers.json"
AT = ["--at", "2026-11-24T12:00:00+00:00", "--tz", "Europe/London"]
BUILTIN_QUERIES = [
    ["bpd"],
    ["my son has borderline personality disorder"],
    ["depression"],
    ["anxiety", "--online"],
    ["alcohol"],
    ["grief", "--country", "GB"],
    ["chronic pain", "--free"],
    ["fibromyalgia"],
    ["long covid"],
    ["eating disorder", "--audience", "family"],
    ["ptsd", "--country", "US"],
    ["hearing voices"],
    ["bipolar", "--lang", "en"],
    ["carers", "--verified-within", "12"],
    ["self harm", "--country", "GB"],
    ["drugs", "--limit", "0"],
    ["gambling"],
    ["suicide bereavement"],
    ["psychosis", "--country", "IE"],
    ["menopause"],
]
SYNTHETIC_QUERIES = [
    ["bpd"],
    ["depression", "--day", "tuesday"],
    ["grief", "--online"],
    ["anxiety", "--in-person", "--near", "53.38,-1.47", "--within", "20"],
    ["alcohol", "--after", "18:00"],
    ["recovery", "--before", "10:00", "--day", "sat"],
    ["mental health", "--limit", "25"],
    ["chronic pain", "--free", "--country", "US"],
    ["bpd", "--audience", "family"],
    ["depression", "--lang", "es"],
    ["grief", "--soon"],
    ["--day", "tuesday", "--online"],
    ["--soon", "--limit", "20"],
    ["bpd", "--online", "--after", "18:00"],
    ["low mood", "--verified-within", "6"],
    ["peer circle", "--limit", "15"],
    ["sheffield"],
    ["depresion anxeity"],
]


def answer(args: list[str], catalog: list[str]) -> list[list[object]]:
    result = run("search", *args, *catalog, "--format", "json", *AT)
    assert result.exit_code in (0, 1), result.stderr
    return [[r["id"], r["score"], r["next"]] for r in json.loads(result.stdout or "[]")]


@pytest.fixture(scope="module")
def synthetic_catalogue(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(synthetic.write(tmp_path_factory.mktemp("syn") / "syn.yaml", 10_000))


def test_answers_are_unchanged(synthetic_catalogue: str) -> None:
    found = {
        "builtin": {" ".join(q): answer(q, []) for q in BUILTIN_QUERIES},
        "synthetic": {
            " ".join(q): answer(q, ["--catalog", synthetic_catalogue]) for q in SYNTHETIC_QUERIES
        },
    }
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for part in ("builtin", "synthetic"):
        for query, ids in expected[part].items():
            assert found[part][query] == ids, f"{part}: search {query}"
