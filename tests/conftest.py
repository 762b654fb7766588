"""Shared fixtures: every test runs with a private HOME, cache and config, and no FINDGROUP_*."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from findgroup.cli import app

TESTS = Path(__file__).parent

# Property tests: a quick profile for local runs, the full one in CI (.ci/run sets CI=1).
settings.register_profile("dev", max_examples=15, deadline=None)
settings.register_profile("ci", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
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


def assert_answered(result: Result) -> None:
    """The exit status says what happened, as the README promises.

    0: something was printed; 1: nothing found, said on stderr with no error line; 2: one
    `error:` line, last. (`run` lets exceptions through, so a crash fails the test itself.)
    """
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    if result.exit_code == 0:
        assert result.stdout.strip() and not errors, result.stderr
    elif result.exit_code == 1:
        assert lines and not errors, result.stderr
    else:
        assert result.exit_code == 2, result.exit_code
        assert len(errors) == 1 and lines[-1] == errors[0], result.stderr


def assert_validated(result: Result) -> None:
    """`validate` exits 1 exactly when it printed an error line, else 0."""
    has_errors = any(": error: " in line for line in result.stdout.splitlines())
    assert result.exit_code == (1 if has_errors else 0), (result.exit_code, result.stdout)


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
