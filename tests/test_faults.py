"""Faults outside the catalogue's text: odd files, lost output streams, odd words and ids.

Each runs the installed `findgroup` command in a real process, as a shell would, where the
fault is one of streams or files; the rest run the CLI in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run

FINDGROUP = str(Path(sys.executable).parent / "findgroup")
GRIEF = """format: 1
topics:
  - id: grief
    name: Grief
groups:
  - id: grief-circle
    name: Grief Circle
    topics: [grief]
    url: https://example.org
"""


def shell(command: str, cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run a shell command line with the installed findgroup first on PATH."""
    env = {**os.environ, "PATH": f"{Path(FINDGROUP).parent}:{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A catalogue directory holding a good file, a FIFO and a dangling symlink."""
    cat = tmp_path / "cat"
    cat.mkdir()
    (cat / "a.yaml").write_text(GRIEF, encoding="utf-8")
    os.mkfifo(cat / "pipe.yaml")
    (cat / "gone.yaml").symlink_to("nowhere.yaml")
    return cat


def test_a_fifo_or_dangling_symlink_in_a_directory_is_skipped_with_a_warning(folder):
    found = shell("findgroup search grief --catalog cat --format json", folder.parent)
    assert found.returncode == 0, found.stderr
    assert [r["id"] for r in json.loads(found.stdout)] == ["grief-circle"]
    assert found.stderr == (
        "warning: cat/gone.yaml: a symlink to nowhere.yaml, which does not exist; skipped\n"
        "warning: cat/pipe.yaml: a FIFO (named pipe), not a regular file; skipped\n"
    )
    checked = shell("findgroup validate cat", folder.parent)
    assert (checked.returncode, checked.stdout) == (
        0,
        "cat/gone.yaml:1:1: warning: a symlink to nowhere.yaml, which does not exist; skipped\n"
        "cat/pipe.yaml:1:1: warning: a FIFO (named pipe), not a regular file; skipped\n",
    )


def test_a_fifo_or_a_symlink_loop_named_directly_says_what_it_is(folder):
    (folder / "x.yaml").symlink_to("y.yaml")
    (folder / "y.yaml").symlink_to("x.yaml")
    for name, what in (("pipe.yaml", "a FIFO (named pipe), not a regular file"),
                       ("x.yaml", "a symlink loop")):  # fmt: skip
        result = run("search", "grief", "--catalog", str(folder / name))
        assert (result.exit_code, result.stderr) == (
            2,
            f"error: {folder / name}: {what} (give a catalogue file, a directory, or 'default')\n",
        )


@pytest.mark.parametrize(
    "redirect",
    [
        "findgroup search grief --catalog a.yaml >&-",
        "findgroup search grief --catalog a.yaml >/dev/full",
    ],
)
def test_output_that_cannot_be_written_is_one_line_and_not_success(tmp_path, redirect):
    (tmp_path / "a.yaml").write_text(GRIEF, encoding="utf-8")
    done = shell(redirect, tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("error: could not write the output (")
    assert done.stderr.endswith("); nothing was lost, run it again\n")
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "command",
    ["show grief-circle --catalog a.yaml", "topics --catalog a.yaml", "crisis --country GB",
     "schema", "show grief-circle --catalog a.yaml --format json"],
)  # fmt: skip
def test_other_commands_do_not_claim_success_when_their_output_is_lost(tmp_path, command):
    (tmp_path / "a.yaml").write_text(GRIEF, encoding="utf-8")
    done = shell(f"findgroup {command} >/dev/full", tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: could not write the output (")


def test_with_stderr_closed_a_search_still_prints_its_results_and_succeeds(tmp_path):
    (tmp_path / "a.yaml").write_text(GRIEF, encoding="utf-8")
    done = shell("findgroup search grief --catalog a.yaml --format json 2>&-", tmp_path)
    assert done.returncode == 0
    assert [r["id"] for r in json.loads(done.stdout)] == ["grief-circle"]


def test_words_only_yaml_1_1_reads_as_booleans_are_read_as_written(tmp_path):
    path = tmp_path / "norway.yaml"
    path.write_text(
        GRIEF + "    area: [NO]\n    languages: [no]\n  - id: sweden\n    name: Sweden Grief\n"
        "    topics: [grief]\n    url: https://example.org\n    area: [SE]\n",
        encoding="utf-8",
    )
    checked = run("validate", str(path))
    assert checked.exit_code == 0
    assert checked.stdout.splitlines() == [
        f"{path}:10:12: warning: area: NO is read as the text 'NO', but YAML 1.1 readers take "
        'it for a boolean; quote it ("NO") so every reader agrees',
        f"{path}:11:17: warning: languages: no is read as the text 'no', but YAML 1.1 readers "
        'take it for a boolean; quote it ("no") so every reader agrees',
    ]

    def ids(*args: str) -> list[str]:
        result = run("search", "grief", "--catalog", str(path), "--format", "json", *args)
        return [r["id"] for r in json.loads(result.stdout)]

    assert ids("--country", "SE") == ["sweden"]
    assert ids("--country", "NO") == ["grief-circle"]
    assert ids("--lang", "no") == ["grief-circle"]


def test_true_and_false_where_text_is_due_are_still_errors(tmp_path):
    path = tmp_path / "bool.yaml"
    path.write_text(GRIEF + "    area: [true]\n", encoding="utf-8")
    assert run("validate", str(path)).stdout == (
        f"{path}:10:12: error: area: expected text, got true\n"
    )


def test_ids_that_look_alike_are_warned_of_naming_both_places(tmp_path):
    path = tmp_path / "ids.yaml"
    path.write_text(
        GRIEF.replace("grief-circle", "ga")
        + "  - id: g\u0430\n    name: Two\n    topics: [grief]\n    url: https://e.org\n"
        "  - id: grief-circle\n    name: Three\n    topics: [grief]\n    url: https://e.org\n"
        "  - id: grief\u2010circle\n    name: Four\n    topics: [grief]\n    url: https://e.org\n",
        encoding="utf-8",
    )
    assert run("validate", str(path)).stdout.splitlines() == [
        f"{path}:10:5: warning: group id 'g\u0430' looks the same as 'ga' ({path}:6:5) but is "
        "written with other characters; give one of them a different id",
        f"{path}:18:5: warning: group id 'grief\u2010circle' looks the same as 'grief-circle' "
        f"({path}:14:5) but is written with other characters; give one of them a different id",
    ]
