"""What people ask, against the built-in catalogue: tests/relevance/builtin.yaml.

Each case is judged by what the groups are for (their topics and audience in groups.yaml),
never by what the code returned before. The test prints precision at 3, the share of honest
"none" answers and crisis recall; any failing case fails it.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Any

import pytest
import yaml

from conftest import ROOT, TESTS, run

CASES: list[dict[str, Any]] = yaml.safe_load(
    (TESTS / "relevance" / "builtin.yaml").read_text(encoding="utf-8")
)
AT = ["--at", "2026-12-01T12:00:00+00:00", "--tz", "UTC", "--limit", "0", "--format", "json"]
FAMILY = {"family", "carers", "parents"}
ROLES = {"family-addiction", "carers"}  # topics that say a group is for the people around someone
CRISIS_INTRO = "If you are struggling to stay safe right now"
SIGNPOST_INTRO = "If you are not safe, or want to talk to someone now"
GAP: list[str] = []  # a case the catalogue cannot serve is reported, not failed


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "groups.yaml").read_text(encoding="utf-8"))
    return loaded


@cache
def below(topic: str) -> frozenset[str]:
    """A topic and every topic under it, from the catalogue's own hierarchy."""
    children = [t["id"] for t in catalogue()["topics"] if topic in (t.get("broader") or [])]
    return frozenset({topic}).union(*(below(c) for c in children))


def named(audience: str, query: str) -> bool:
    """True when the query names the audience, by its id or one of its aliases."""
    entry = next(a for a in catalogue()["audiences"] if a["id"] == audience)
    words = f" {query.lower()} "
    return any(f" {term.lower()} " in words for term in [audience, *entry.get("aliases", [])])


def relevant(group: dict[str, Any], case: dict[str, Any]) -> bool:
    """True when a peer-support worker would offer this group for the case."""
    wanted = frozenset().union(*(below(t) for t in case["want"]))
    if wanted.isdisjoint(group.get("topics") or []):
        return False
    audience = set(group.get("audience") or [])
    if case.get("for") == "family":  # and not for the families of others (veterans, LGBTQ+)
        if not audience and ROLES.intersection(group["topics"]):
            return True  # open to all, on the families' own topic (OLG-Anon, GamCare's forum)
        others = audience - FAMILY - {"parents", "women", "men"}
        return bool(audience & FAMILY) and all(named(other, case["q"]) for other in others)
    if case.get("for") == "self":
        return not audience or not audience <= FAMILY
    return True


def open_to(group: dict[str, Any], args: list[str]) -> bool:
    """True when the group is open to the country the case asks for (if it asks)."""
    if "--country" not in args:
        return True
    country = args[args.index("--country") + 1]
    return not group.get("area") or country in group["area"]


def available(case: dict[str, Any]) -> int:
    """How many relevant groups the catalogue holds for the case."""
    args = case.get("args", [])
    return sum(relevant(g, case) and open_to(g, args) for g in catalogue()["groups"])


def answer(case: dict[str, Any]) -> tuple[list[dict[str, Any]], int, str]:
    result = run("search", case["q"], *case.get("args", []), *AT)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout or "[]"), result.exit_code, result.stderr


def verdict(case: dict[str, Any]) -> tuple[list[str], float | None]:
    """What is wrong with the answer (nothing: passes), and its precision at 3."""
    found, code, stderr = answer(case)
    ids = [r["id"] for r in found]
    problems = []
    if case.get("crisis") and CRISIS_INTRO not in stderr:
        problems.append("no crisis lines")
    if case.get("crisis") is False and CRISIS_INTRO in stderr:
        problems.append("crisis lines for words with no risk")
    if case.get("signpost") and SIGNPOST_INTRO not in stderr:
        problems.append("no helplines")
    if case.get("none"):
        if ids or code != 1:
            problems.append(f"expected none, got {ids[:3]}")
        return problems, None
    if not available(case):
        if not all(r["general_support"] for r in found):
            problems.append(f"no group is for this need, yet {ids[:3]} are not labelled general")
        return [*problems, *GAP], None
    if not ids:
        return [*problems, "nothing found"], 0.0
    groups = {g["id"]: g for g in catalogue()["groups"]}
    good = [relevant(groups[i], case) for i in ids[:3]]
    if not good[0]:
        problems.append(f"first result {ids[0]} is not for this need")
    if "first" in case and ids[0] not in case["first"]:
        problems.append(f"first result {ids[0]}, wanted one of {case['first']}")
    if sum(good) < min(3, len(ids), available(case)):
        problems.append(f"top 3 {ids[:3]}: {sum(good)} relevant")
    banned = [i for i in ids if i in case.get("never", [])]
    if banned:
        problems.append(f"must not appear: {banned}")
    return problems, sum(good) / len(good)


def label(case: dict[str, Any]) -> str:
    return " ".join([case["q"], *case.get("args", [])])


def test_the_set_is_big_and_varied() -> None:
    assert len(CASES) >= 300
    assert len([c for c in CASES if c.get("none")]) >= 30
    assert len([c for c in CASES if c.get("crisis")]) >= 15
    listed = {g["id"] for g in catalogue()["groups"]}
    for case in CASES:
        for topic in case.get("want", []):
            assert below(topic), f"{label(case)}: unknown topic {topic}"
        for gid in case.get("never", []) + case.get("first", []):
            assert gid in listed, f"{label(case)}: {gid} is not in the catalogue"


@pytest.fixture(scope="module")
def verdicts() -> dict[str, tuple[list[str], float | None]]:
    return {label(case): verdict(case) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=label)
def test_case(case: dict[str, Any], verdicts: dict[str, tuple[list[str], float | None]]) -> None:
    problems, _precision = verdicts[label(case)]
    assert not problems, f"{label(case)}: " + "; ".join(problems)


def test_report(verdicts: dict[str, tuple[list[str], float | None]]) -> None:
    precisions = [p for _problems, p in verdicts.values() if p is not None]
    nones = [label(c) for c in CASES if c.get("none")]
    honest = sum(not verdicts[n][0] for n in nones)
    risky = [label(c) for c in CASES if c.get("crisis")]
    recalled = sum("no crisis lines" not in verdicts[r][0] for r in risky)
    failing = sum(bool(problems) for problems, _p in verdicts.values())
    gaps = [label(c) for c in CASES if not c.get("none") and not available(c)]
    print(
        f"\nbuilt-in relevance: {len(CASES)} cases, precision@3 "
        f"{sum(precisions) / len(precisions):.3f}, honest none {honest}/{len(nones)}, "
        f"crisis recall {recalled}/{len(risky)}, failing {failing}; no group listed yet for: "
        + (", ".join(gaps) or "none")
    )
