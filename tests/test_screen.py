"""The screen a person reads: widths, a real 80x24 terminal, and the printable schedule.

Golden files in tests/golden/screen-*.txt hold `search` output at 40, 80 and 120 columns;
regenerate them deliberately (and review the diff) with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import TESTS, run

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")
AT = ["--at", "2026-11-24T12:00:00+00:00", "--tz", "Europe/London"]
GOLDEN = TESTS / "golden"


@pytest.mark.parametrize("width", [40, 80, 120])
def test_search_output_at_each_width_matches_its_golden_file(width: int) -> None:
    result = run(
        "search", "grief", "--catalog", FIXTURE, "--limit", "3", *AT,
        env={"COLUMNS": str(width)},
    )  # fmt: skip
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        assert len(line) <= width or line.strip().startswith("http"), line
    golden = GOLDEN / f"screen-{width}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_never_narrower_than_40_columns() -> None:
    narrow = run("search", "grief", "--catalog", FIXTURE, *AT, env={"COLUMNS": "12"})
    assert max(len(line) for line in narrow.stdout.splitlines()) > 12
    assert (
        narrow.stdout
        == run("search", "grief", "--catalog", FIXTURE, *AT, env={"COLUMNS": "40"}).stdout
    )


def last_screen(*args: str, rows: int = 24, cols: int = 80) -> list[str]:
    """What a terminal of rows x cols shows once `findgroup ARGS` has finished."""
    import pyte

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm"
    process = subprocess.Popen(
        [sys.executable, "-m", "findgroup", *args],
        stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break  # the program has finished and closed the terminal
        if not chunk:
            break
        stream.feed(chunk.replace(b"\n", b"\r\n") if b"\r\n" not in chunk else chunk)
    process.wait(timeout=30)
    os.close(leader)
    return [line.rstrip() for line in screen.display]


def test_the_last_screen_of_a_risk_search_holds_a_number_to_call() -> None:
    screen = last_screen("search", "i want to die", "--country", "GB", *AT)
    shown = "\n".join(screen)
    assert "Samaritans: call 116 123" in shown  # the crisis block, still on screen
    assert "Struggling to stay safe? Samaritans 116 123, 24 hours" in shown
    assert any(line.startswith(" 1. ") for line in screen)


def test_the_last_screen_of_a_search_shows_the_header_and_the_first_result() -> None:
    screen = last_screen("search", "bpd", *AT)
    assert screen[0].startswith("5 groups for Borderline personality disorder, showing ")
    assert screen[2].startswith(" 1. ")
    assert any(line.startswith("More: findgroup show ID · --limit 0 for all 5") for line in screen)


def test_md_is_a_printable_weekly_schedule(tmp_path: Path) -> None:
    catalogue = tmp_path / "week.yaml"
    catalogue.write_text(
        "format: 1\n"
        "topics: [{id: bpd, name: Borderline personality disorder, aliases: [BPD]}]\n"
        "groups:\n"
        "  - id: bpd-tuesday\n"
        "    name: BPD Tuesday Circle\n"
        "    topics: [bpd]\n"
        "    meetings: [{day: tuesday, time: '19:00', timezone: Europe/London, format: online,\n"
        "                join: {url: 'https://example.org/tue'}}]\n"
        "  - {id: bpd-no-times, name: BPD | Online Group, topics: [bpd], formats: [online],\n"
        "     schedule_note: Times are sent to members., url: 'https://example.org/bpd'}\n",
        encoding="utf-8",
    )
    result = run("search", "bpd", "--catalog", str(catalogue), "--format", "md", *AT)
    assert result.exit_code == 0
    assert result.stdout == (
        "# Groups for Borderline personality disorder\n"
        "\n"
        "Times are Europe/London time. Made 24 Nov 2026.\n"
        "\n"
        "## Tuesday 24 November\n"
        "\n"
        "| Time | Group | How to join |\n"
        "|---|---|---|\n"
        "| 19:00 | BPD Tuesday Circle | online, https://example.org/tue |\n"
        "\n"
        "## Times not listed\n"
        "\n"
        "| Group | How to find times |\n"
        "|---|---|\n"
        "| BPD \\| Online Group | Times are sent to members. https://example.org/bpd |\n"
    )


def test_a_long_schedule_note_keeps_its_indent_and_says_it_was_cut(tmp_path: Path) -> None:
    catalogue = tmp_path / "long.yaml"
    catalogue.write_text(
        "format: 1\n"
        "topics:\n  - {id: grief, name: Grief}\n"
        "groups:\n"
        "  - id: long-note\n    name: Long Note Group\n    topics: [grief]\n"
        "    url: https://example.org/long\n"
        "    schedule_note: >-\n"
        "      Meetings are held on the first and third Monday evening of every month in the\n"
        "      community room of the old library, with a second group on Thursday mornings\n"
        "      for people who work shifts, and a third online group for people far away.\n",
        encoding="utf-8",
    )
    result = run("search", "grief", "--catalog", str(catalogue), *AT, env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    first = next(k for k, line in enumerate(lines) if line.startswith("    When: "))
    assert lines[first + 1].startswith("    ") and not lines[first + 1].startswith("     ")
    assert lines[first + 1].endswith(" ...") and len(lines[first + 1]) <= 60
    assert lines[first + 2].strip() == "https://example.org/long"
