"""The core's search: it returns data (answers, results, notes), never text, for any renderer."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from conftest import TESTS
from findgroup.search import Found, Request, search

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")
LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
NO_FILTERS = {"audience": [], "days": frozenset(), "within_km": 25.0}


def found(*queries: str, limit: int = 10, **filters: object) -> Found:
    request = Request(
        specs=[FIXTURE],
        filters=NO_FILTERS | filters,
        tz=LONDON,
        now=NOW,
        today=NOW.date(),
        limit=limit,
        crisis_country=lambda: "GB",
    )
    return search(request, list(queries))


def test_each_query_gets_its_own_answer_with_the_groups_best_first():
    answers = found("EUPD", "fibromyalgia").answers
    assert [a.text for a in answers] == ["EUPD", "fibromyalgia"]
    assert answers[0].results[0].group.id == "bpd-group"
    assert answers[0].understood == ("Borderline personality disorder",)
    assert answers[1].results[0].group.id == "fibromyalgia-group"
    assert not any(a.at_risk for a in answers)


def test_the_limit_cuts_the_results_but_the_total_counts_them_all():
    full = found("grief", limit=0).answers[0]
    cut = found("grief", limit=1).answers[0]
    assert len(full.results) == full.total > 1
    assert (len(cut.results), cut.total) == (1, full.total)
    assert cut.results[0].group.id == full.results[0].group.id


def test_a_query_that_suggests_risk_carries_the_crisis_lines_for_the_country(tmp_path):
    lines = tmp_path / "lines.yaml"
    lines.write_text(
        """format: 1
crisis:
  - {country: GB, name: Samaritans, phone: "116 123", hours: 24 hours}
  - {country: US, name: 988 Suicide & Crisis Lifeline, phone: "988", hours: 24 hours}
""",
        encoding="utf-8",
    )
    request = Request([FIXTURE, str(lines)], NO_FILTERS, LONDON, NOW, NOW.date(),
                      crisis_country=lambda: "GB")  # fmt: skip
    result = search(request, ["i want to end it all", "grief"])
    assert [a.at_risk for a in result.answers] == [True, False]
    assert [line.name for line in result.crisis] == ["Samaritans"]


def test_nothing_found_is_an_answer_with_no_results_and_a_note():
    answer = found("pizza").answers[0]
    assert answer.results == []
    assert answer.notes == [
        'No groups match "pizza".',
        "'findgroup topics' lists every need findgroup knows.",
    ]
