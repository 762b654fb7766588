"""The relevance set: every query must rank as expected; MRR and recall@3 are reported."""

import json

import pytest
import yaml

from conftest import TESTS, run

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")
CASES = yaml.safe_load((TESTS / "relevance.yaml").read_text(encoding="utf-8"))
AT = "2026-11-24T12:00:00+00:00"


def ids_for(case):
    result = run(
        "search",
        case["query"],
        "--catalog",
        FIXTURE,
        "--format",
        "json",
        "--limit",
        "0",
        "--at",
        AT,
        "--tz",
        "Europe/London",
        *case.get("args", []),
    )
    assert result.exit_code in (0, 1), result.output
    return [r["id"] for r in json.loads(result.stdout or "[]")], result


def test_the_set_is_big_enough():
    assert len([c for c in CASES if not c.get("none")]) >= 60
    assert len([c for c in CASES if c.get("none")]) >= 10


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: c["query"] + " " + " ".join(c.get("args", []))
)
def test_query(case):
    ids, result = ids_for(case)
    if case.get("none"):
        assert ids == []
        assert result.exit_code == 1
        assert result.stderr.startswith(f'No groups match "{case["query"]}')
        return
    assert result.exit_code == 0
    if "first" in case:
        assert ids[0] == case["first"], ids[:5]
    for wanted in case.get("top3", []):
        assert wanted in ids[:3], ids[:5]


def test_mrr_and_recall_at_3_are_perfect(capsys):
    reciprocal, recalled, positives = 0.0, 0, 0
    for case in CASES:
        if case.get("none"):
            continue
        positives += 1
        ids, _ = ids_for(case)
        relevant = [case["first"]] if "first" in case else case["top3"]
        rank = next((i + 1 for i, gid in enumerate(ids) if gid in relevant), None)
        reciprocal += 1 / rank if rank else 0
        recalled += bool(rank and rank <= 3)
    mrr, recall = reciprocal / positives, recalled / positives
    with capsys.disabled():
        print(f"\nrelevance: {positives} queries, MRR {mrr:.3f}, recall@3 {recall:.3f}")
    assert mrr == 1.0
    assert recall == 1.0
