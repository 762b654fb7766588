"""Progress of slow steps: nothing for a quick one, a bar on a terminal, one line in a log."""

import io

from findgroup.indexing import open_index
from findgroup.progress import ProgressBar


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_step_quicker_than_the_delay_shows_nothing():
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar("Reading", out, tty=True, note="Reading once.", delay=1.0, clock=clock)
    for fraction in (0.2, 0.6, 1.0):
        bar.update(fraction)
    bar.finish()
    assert out.getvalue() == ""


def test_on_a_terminal_the_bar_redraws_in_place_and_is_wiped_at_the_end():
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar("Reading", out, tty=True, delay=1.0, clock=clock)
    bar.update(0.1)
    clock.now += 1.5
    bar.update(0.5)
    bar.update(0.5)  # unchanged: not drawn again
    bar.update(1.0)
    bar.finish()
    shown = "Reading [###############...............]  50%"
    done = "Reading [##############################] 100%"
    assert out.getvalue() == f"\r{shown}\r{done}\r{' ' * len(done)}\r"
    bar.update(0.7)
    assert out.getvalue().endswith("\r")


def test_in_a_log_one_line_is_written_once():
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar("Reading", out, tty=False, note="Reading once.", delay=1.0, clock=clock)
    clock.now += 2
    for fraction in (0.3, 0.6, 0.9, 1.0):
        bar.update(fraction)
    bar.finish()
    assert out.getvalue() == "Reading once.\n"


def test_a_first_load_reports_its_progress_from_start_to_end(tmp_path):
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "a.yaml").write_text("topics:\n  - {id: grief, name: Grief}\n", encoding="utf-8")
    groups = "".join(f"  - {{id: g{i}, name: G{i}, topics: [grief]}}\n" for i in range(2000))
    (folder / "b.yaml").write_text("groups:\n" + groups, encoding="utf-8")
    heard: list[float] = []
    opened = open_index([str(folder)], progress=heard.append)
    assert opened.index.size == 2000
    assert heard == sorted(heard)
    assert heard[0] < 0.5 < heard[-2] < 1.0 == heard[-1]
    assert len(heard) > 5
