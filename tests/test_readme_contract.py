"""What the README promises scripts is what findgroup prints: JSON fields and the CSV header."""

from __future__ import annotations

import csv
import io
import json
import re

from conftest import ROOT, TESTS, run

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")
AT = ("--at", "2026-11-25T09:00:00+00:00", "--tz", "Europe/London")


def _paragraph(start: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    begin = readme.index(start)
    return readme[begin : readme.index("\n\n", begin)]


def _documented_json_fields() -> tuple[set[str], set[str]]:
    """The README's top-level JSON fields, and the fields it lists for each meeting."""
    text = _paragraph("JSON fields (a stable API")
    text = " ".join(text[: text.index("CSV has one")].split())
    top, meetings = text.split("`meetings` (each with", 1)
    top_fields = set(re.findall(r"`([a-z_]+)`", re.sub(r"\([^()]*\)", "", top))) | {"meetings"}
    return top_fields, set(re.findall(r"`([a-z_]+)`", meetings))


def test_the_readme_lists_every_json_field_and_no_other():
    documented, documented_meeting = _documented_json_fields()
    records = json.loads(run("search", "grief", "--catalog", FIXTURE, "-f", "json", *AT).stdout)
    assert records
    for record in records:
        assert set(record) == documented
        for meeting in record["meetings"]:
            assert set(meeting) == documented_meeting
    assert any(record["meetings"] for record in records)


def test_the_readme_gives_the_csv_header_exactly():
    text = _paragraph("JSON fields (a stable API")
    header = re.search(r"row per group: `([^`]+)`", text.replace("\n", ""))
    assert header is not None
    printed = run("search", "grief", "--catalog", FIXTURE, "-f", "csv", *AT).stdout
    assert next(csv.reader(io.StringIO(printed))) == header.group(1).split(",")
