"""The parsed-catalogue cache: edits are seen, damage is ignored, concurrent runs are safe."""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import run
from findgroup.catalogue.snapshot import MAGIC

VOCAB = "topics:\n  - {id: grief, name: Grief, aliases: [bereavement]}\n"


def group(i: int) -> str:
    return f"groups:\n  - {{id: g{i}, name: Group {i}, topics: [grief]}}\n"


def ids(*args: str) -> list[str]:
    result = run("search", "grief", "--format", "json", "--limit", "0", *args)
    return [r["id"] for r in json.loads(result.stdout or "[]")]


def make_dir(root: Path) -> Path:
    folder = root / "cat"
    folder.mkdir()
    (folder / "a.yaml").write_text(VOCAB, encoding="utf-8")
    for i in range(1, 4):
        (folder / f"g{i}.yaml").write_text(group(i), encoding="utf-8")
    return folder


def test_an_edit_to_one_file_is_seen_by_the_next_search(tmp_path, private_home):
    folder = make_dir(tmp_path)
    assert ids("--catalog", str(folder)) == ["g1", "g2", "g3"]
    entries = list((private_home / "cache" / "findgroup" / "parsed").glob("*.pickle"))
    assert len(entries) == 4
    edited = folder / "g2.yaml"
    edited.write_text(
        group(2).replace("Group 2", "Group 2") + "  - {id: g9, name: Group 9, topics: [grief]}\n",
        encoding="utf-8",
    )
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert ids("--catalog", str(folder)) == ["g1", "g2", "g3", "g9"]


def test_an_edit_to_one_of_200_files_is_seen_and_only_it_is_read_again(tmp_path, private_home):
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "a.yaml").write_text(VOCAB, encoding="utf-8")
    for i in range(1, 200):
        (folder / f"g{i:03d}.yaml").write_text(group(i), encoding="utf-8")
    assert len(ids("--catalog", str(folder))) == 199
    parsed = private_home / "cache" / "findgroup" / "parsed"
    written = {p: p.stat().st_mtime_ns for p in parsed.glob("*.pickle")}
    assert len(written) == 200
    edited = folder / "g150.yaml"
    edited.write_text(group(150).replace("Group 150", "Renamed 150"), encoding="utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    result = run("search", "grief", "--format", "json", "--limit", "0", "--catalog", str(folder))
    names = [r["name"] for r in json.loads(result.stdout)]
    assert "Renamed 150" in names and "Group 150" not in names
    rewritten = [p for p, mtime in written.items() if p.stat().st_mtime_ns != mtime]
    assert len(rewritten) == 1


def test_a_corrupt_or_truncated_cache_is_ignored_and_rebuilt(tmp_path, private_home):
    folder = make_dir(tmp_path)
    assert ids("--catalog", str(folder)) == ["g1", "g2", "g3"]
    entries = sorted((private_home / "cache" / "findgroup" / "parsed").glob("*.pickle"))
    entries[0].write_bytes(b"not a pickle at all")
    entries[1].write_bytes(entries[1].read_bytes()[:20])
    evil = b"\x80\x05cos\nsystem\n."  # a pickle naming os.system
    entries[2].write_bytes(MAGIC + len(evil).to_bytes(8, "little") + evil)
    (merged,) = (private_home / "cache" / "findgroup" / "merged").glob("*.pickle")
    merged.write_bytes(merged.read_bytes()[:100])
    assert ids("--catalog", str(folder)) == ["g1", "g2", "g3"]
    assert all(e.read_bytes().startswith(MAGIC) and len(e.read_bytes()) > 100 for e in entries)


def test_a_warm_search_over_many_files_reads_one_entry_and_only_the_files_it_shows(
    tmp_path, private_home
):
    folder = make_dir(tmp_path)
    assert ids("--catalog", str(folder)) == ["g1", "g2", "g3"]
    parsed = private_home / "cache" / "findgroup" / "parsed"
    for entry in parsed.glob("*.pickle"):
        entry.unlink()
    result = run("search", "grief", "--catalog", str(folder), "--format", "json", "--limit", "1")
    assert [r["name"] for r in json.loads(result.stdout)] == ["Group 1"]
    assert len(list(parsed.glob("*.pickle"))) == 1  # g1.yaml's, read again to show Group 1


def test_a_damaged_group_chunk_makes_search_read_the_file_instead(tmp_path, private_home):
    folder = make_dir(tmp_path)
    assert ids("--catalog", str(folder)) == ["g1", "g2", "g3"]
    for entry in (private_home / "cache" / "findgroup" / "parsed").glob("*.pickle"):
        data = bytearray(entry.read_bytes())
        start = len(MAGIC) + 8 + int.from_bytes(data[len(MAGIC) : len(MAGIC) + 8], "little")
        data[start:] = b"\xff" * (len(data) - start)  # the header is intact, the groups not
        entry.write_bytes(bytes(data))
    result = run("search", "grief", "--catalog", str(folder), "--format", "json")
    assert [r["name"] for r in json.loads(result.stdout)] == ["Group 1", "Group 2", "Group 3"]


def test_concurrent_searches_never_corrupt_the_cache(tmp_path, private_home):
    folder = make_dir(tmp_path)
    env = dict(os.environ, XDG_CACHE_HOME=str(private_home / "cache"))
    cmd = [
        sys.executable,
        "-m",
        "findgroup",
        "search",
        "grief",
        "--catalog",
        str(folder),
        "--format",
        "jsonl",
    ]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True) for _ in range(6)]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len(set(outputs)) == 1
    assert ids("--catalog", str(folder)) == ["g1", "g2", "g3"]
    leftovers = list((private_home / "cache" / "findgroup" / "parsed").glob("*.tmp"))
    assert leftovers == []


def test_files_parsed_in_worker_processes_search_the_same(tmp_path, private_home, monkeypatch):
    from findgroup.catalogue import workers

    folder = make_dir(tmp_path)
    serial = run("search", "grief", "--catalog", str(folder), "--format", "json").stdout
    run("cache", "clear")
    started: list[int] = []
    parse_all = workers.parse_all

    def counted(paths, done):
        started.append(len(paths))
        parse_all(paths, done)

    monkeypatch.setattr(workers, "WORTH_IT", 0)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(workers, "parse_all", counted)
    parallel = run("search", "grief", "--catalog", str(folder), "--format", "json").stdout
    assert started == [4]
    assert parallel == serial
    assert len(list((private_home / "cache" / "findgroup" / "parsed").glob("*.pickle"))) == 4
