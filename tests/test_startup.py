"""Start-up stays lean: a warm search imports no YAML, HTTP, rich, pydantic or process pool."""

import json
import os
import subprocess
import sys

PROBE = """
import contextlib, io, json, sys
sys.argv = ["findgroup"] + sys.argv[1:]
from findgroup.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
heavy = ("yaml", "httpx", "rich", "pydantic", "jsonschema", "multiprocessing")
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in heavy})))
"""


def imported(*args, home):
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_warm_search_imports_neither_yaml_nor_httpx(private_home):
    assert "httpx" not in imported("search", "bpd", home=private_home)  # first run parses
    assert imported("search", "bpd", home=private_home) == []


def test_help_imports_nothing_heavy(private_home):
    assert imported("--help", home=private_home) == []
