"""Shared fixtures: one warm Checker for the session, and the command line as the oracle."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
sys.path.insert(0, str(PYTHON_DIR))  # the package of this checkout, installed or not

import reluconvex  # noqa: E402
from reluconvex import _jar  # noqa: E402

SHARED = Path(os.environ.get("RELUCONVEX_SHARED", REPO))
CORPUS = SHARED / "reference" / "corpus"


@pytest.fixture(scope="session")
def checker():
    with reluconvex.Checker() as c:
        yield c


def cli(*args, stdin=None):
    """(exit code, [JSON objects]) of ``java -jar reluconvex.jar ARGS``: one pretty object, or JSON lines."""
    r = subprocess.run([_jar.find_java(), "-jar", str(_jar.find_jar()), *map(str, args)], input=stdin,
                       capture_output=True, text=True, timeout=600)
    try:
        objects = [json.loads(r.stdout)]
    except ValueError:
        objects = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    return r.returncode, objects


def untimed(j, *also):
    """The fields of a --json answer that do not vary between runs."""
    return {k: v for k, v in j.items() if k not in ("check_seconds", "seconds", *also)}
