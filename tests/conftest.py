"""Shared fixtures: every test runs with a private HOME, cache and config, and no FINDGROUP_*."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from findgroup.cli import app

TESTS = Path(__file__).parent
ROOT = TESTS.parent


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith("FINDGROUP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("NO_COLOR", "1")
    yield home


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Invoke the real CLI in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture()
def http_server() -> Iterator[object]:
    """A real HTTP server on 127.0.0.1 (see tests/httpserver.py)."""
    from httpserver import Server

    server = Server()
    yield server
    server.stop()


def kept_bodies(home: Path) -> list[bytes]:
    """The remote copies the store keeps (read straight from its database)."""
    import sqlite3

    store = sqlite3.connect(home / "cache" / "findgroup" / "store.sqlite")
    try:
        return [row[0] for row in store.execute("SELECT data FROM bodies ORDER BY file")]
    finally:
        store.close()
