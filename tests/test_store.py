"""The store: what it keeps, when it reads a file again, and that damage never changes answers."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import synthetic
from conftest import TESTS, run

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")
AT = ["--at", "2026-11-24T12:00:00+00:00", "--tz", "Europe/London"]
QUESTIONS = [
    ["search", "bpd", *AT],
    ["search", "my son has borderline personality disorder", "--limit", "0", *AT],
    ["search", "grief", "--online", *AT],
    ["search", "depression", "--day", "tue", *AT],
    ["search", "--soon", "--limit", "0", *AT],
    ["search", "sheffield peer", *AT],
    ["search", "suicidal", *AT],
    ["show", "bpd-group", "--format", "json", *AT],
    ["topics", "--format", "json"],
    ["crisis", "--country", "GB", "--format", "json"],
]


def store_path(home: Path) -> Path:
    return home / "cache" / "findgroup" / "store.sqlite"


def answers(catalog: str) -> list[str]:
    out = []
    for question in QUESTIONS:
        fmt = [] if "--format" in question else ["--format", "json"]
        result = run(*question, "--catalog", catalog, *fmt)
        assert result.exit_code in (0, 1), result.stderr
        out.append(result.stdout)
    return out


def settle(path: Path) -> None:
    """Fold the write-ahead log into the database file, so every byte is in one file."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_random_bit_flips_in_the_store_never_change_an_answer(private_home):
    clean = answers(FIXTURE)
    path = store_path(private_home)
    settle(path)
    pristine = path.read_bytes()
    rnd = random.Random(7)
    damaged_seen = 0
    for _ in range(60):
        data = bytearray(pristine)
        bit = rnd.randrange(len(data) * 8)
        data[bit // 8] ^= 1 << (bit % 8)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.write_bytes(bytes(data))
        assert answers(FIXTURE) == clean, f"bit {bit} changed an answer"
        damaged_seen += path.read_bytes() != bytes(data)
    assert damaged_seen  # some flips were found and the store rebuilt


def test_a_damaged_row_is_rebuilt_with_one_warning(private_home):
    run("search", "bpd", "--catalog", FIXTURE)
    path = store_path(private_home)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE records SET record = replace(record, 'BPD', 'XYZ')")
    conn.commit()
    conn.close()
    result = run("search", "bpd", "--catalog", FIXTURE, "--format", "json")
    assert result.exit_code == 0
    assert "XYZ" not in result.stdout
    assert result.stderr.count("warning: the search index was damaged") == 1


MEETINGS = """format: 1
timezone: Europe/London
topics:
  - {id: grief, name: Grief}
  - {id: walking, name: Walking}
groups:
"""
for _n, _day in enumerate(["mon", "tue", "wed", "tue"]):
    MEETINGS += f"""  - id: g{_n}
    name: Grief circle {_n}
    topics: [grief]
    meetings:
      - {{format: online, day: {_day}, time: "19:00", join: {{url: https://example.org/{_n}}}}}
      - {{format: in-person, day: sat, time: "10:00", location: {{city: Leeds, country: GB}}}}
"""
for _n in range(4, 24):  # others, so the grief groups are a few of the file's (see slots)
    MEETINGS += f"""  - id: g{_n}
    name: Walking group {_n}
    topics: [walking]
    meetings: [{{format: online, day: tue, time: "18:00", join: {{url: https://example.org/}}}}]
"""


def test_a_changed_deleted_or_moved_meeting_row_never_changes_a_filtered_answer(
    private_home, tmp_path
):
    catalogue = tmp_path / "grief.yaml"
    catalogue.write_text(MEETINGS, encoding="utf-8")
    questions = [["grief", "--online"], ["grief", "--day", "tue"], ["--soon-hours", "170"]]

    def answer(question: list[str]) -> str:
        result = run("search", *question, "--limit", "0", "--catalog", str(catalogue),
                     "--format", "json", *AT)  # fmt: skip
        assert result.exit_code in (0, 1), result.stderr
        return result.stdout

    clean = [answer(q) for q in questions]
    assert all(json.loads(a) for a in clean)
    harms = [
        "UPDATE meetings SET fmt = 3 WHERE ord = 1 AND k = 0",  # online to phone
        "DELETE FROM meetings WHERE ord = 1 AND k = 0",
        "UPDATE meetings SET ord = 0, k = 5 WHERE ord = 1 AND k = 0",  # another group's
        "UPDATE meetings SET weekday = 0 WHERE k = 0",
    ]
    path = store_path(private_home)
    for harm in harms:
        for question, expected in zip(questions, clean, strict=True):
            conn = sqlite3.connect(path)
            conn.execute(harm)
            conn.commit()
            conn.close()
            assert answer(question) == expected, f"{harm}: search {' '.join(question)}"


def test_a_store_from_another_version_is_made_anew(private_home):
    run("search", "bpd", "--catalog", FIXTURE)
    path = store_path(private_home)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 'findgroup-store-0/0.0.1' WHERE key = 'schema'")
    conn.commit()
    conn.close()
    result = run("search", "bpd", "--catalog", FIXTURE, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)
    conn = sqlite3.connect(path)
    (schema,) = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    conn.close()
    assert schema.startswith("findgroup-store-") and "0.0.1" not in schema


def test_a_malformed_file_in_place_of_the_store_is_replaced(private_home):
    path = store_path(private_home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database at all" * 100)
    result = run("search", "bpd", "--catalog", FIXTURE, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)


def test_a_store_that_cannot_be_written_leaves_search_working(private_home):
    folder = private_home / "cache" / "findgroup"
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the cache folder should be")
    result = run("search", "bpd", "--catalog", FIXTURE, "--format", "json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)][:1] == ["bpd-group"]


def test_only_a_changed_file_is_read_again(tmp_path, monkeypatch):
    import findgroup.indexing as indexing

    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "a.yaml").write_text("topics: [{id: grief, name: Grief}]\n", encoding="utf-8")
    for k in range(5):
        (folder / f"g{k}.yaml").write_text(
            f"groups: [{{id: g{k}, name: Grief Circle {k}, topics: [grief]}}]\n", encoding="utf-8"
        )
    parsed: list[str] = []
    real = indexing.parse

    def counting(data, name, **kw):
        parsed.append(Path(name).name)
        return real(data, name, **kw)

    monkeypatch.setattr(indexing, "parse", counting)
    assert run("search", "grief", "--catalog", str(folder)).exit_code == 0
    assert sorted(parsed) == ["a.yaml", "g0.yaml", "g1.yaml", "g2.yaml", "g3.yaml", "g4.yaml"]
    parsed.clear()
    run("search", "grief", "--catalog", str(folder))
    assert parsed == []
    (folder / "g3.yaml").write_text(
        "groups: [{id: g3, name: Grief Walk, topics: [grief]}]\n", encoding="utf-8"
    )
    (folder / "g1.yaml").touch()  # a new time, the same content
    result = run("search", "walk", "--catalog", str(folder), "--format", "json")
    assert parsed == ["g3.yaml"]
    assert [r["id"] for r in json.loads(result.stdout)] == ["g3"]


def test_parallel_searches_and_an_edit_never_break_the_store(tmp_path):
    catalogue = synthetic.write(tmp_path / "syn.yaml", 300)
    env_cache = tmp_path / "cache"
    code = (
        "import sys; from findgroup.cli import main; "
        "sys.argv = ['findgroup', 'search', 'grief', '--catalog', sys.argv[1], '--format', "
        "'json']; main()"
    )
    env = {"XDG_CACHE_HOME": str(env_cache), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(catalogue)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(6)
    ]
    catalogue.write_text(catalogue.read_text() + "# an edit while they run\n")
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _out, err in outputs]
    first = json.loads(outputs[0][0])
    assert first and all(json.loads(out) == first for out, _err in outputs)


def test_clearing_the_cache_loses_nothing(private_home):
    before = answers(FIXTURE)
    shutil.rmtree(private_home / "cache" / "findgroup")
    assert answers(FIXTURE) == before


def test_a_missing_posting_in_a_directory_of_files_never_changes_an_answer(private_home, tmp_path):
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "topics: [{id: grief, name: Grief, aliases: [bereavement]},"
        " {id: walking, name: Walking}]\n",
        encoding="utf-8",
    )
    for k in range(4):
        topics = "[grief, walking]" if k % 2 else "[grief]"
        (folder / f"g{k}.yaml").write_text(
            f"groups: [{{id: g{k}, name: Grief Circle {k}, topics: {topics}}}]\n", encoding="utf-8"
        )
    questions = [["grief"], ["bereavement walking"], ["walking"], ["circle"]]

    def ask() -> list[str]:
        found = []
        for words in questions:
            result = run("search", *words, "--catalog", str(folder), "--format", "json")
            found.append(result.stdout)
        return found

    clean = ask()
    assert all(clean)
    path = store_path(private_home)
    settle(path)
    pristine = path.read_bytes()
    conn = sqlite3.connect(path)
    keys = conn.execute("SELECT kind, file, key FROM postings").fetchall()
    conn.close()
    rnd = random.Random(3)
    for kind, file, key in rnd.sample(keys, 25):
        copy = tmp_path / "copy.sqlite"  # made apart, so no search holds it open
        copy.write_bytes(pristine)
        conn = sqlite3.connect(copy)
        conn.execute(
            "DELETE FROM postings WHERE kind = ? AND file = ? AND key = ?", (kind, file, key)
        )
        conn.commit()
        conn.close()
        settle(copy)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.write_bytes(copy.read_bytes())
        assert ask() == clean, f"without posting {kind}/{file}/{key!r}"


def test_a_search_that_wrote_the_store_leaves_its_log_empty(private_home):
    # a full write-ahead log is read by every later search before it answers
    run("search", "bpd", "--catalog", FIXTURE)
    log = Path(str(store_path(private_home)) + "-wal")
    assert not log.exists() or log.stat().st_size == 0
    conn = sqlite3.connect(store_path(private_home))
    (groups,) = conn.execute("SELECT count(*) FROM groups").fetchone()
    conn.close()
    assert groups > 0
