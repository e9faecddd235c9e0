"""Shared fixtures: one warm Checker for the session, and the command line as the oracle."""

import json
import os
import shutil
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


def copy_of_checkout(dest, jar=True):
    """python/ copied to DEST/python (without build artefacts), with DEST/target/reluconvex.jar a link to
    the checkout's jar if ``jar``: setup.py finds it there as in the checkout (../target/reluconvex.jar),
    and the builds of the tests leave no build/ or reluconvex.egg-info in the checkout."""
    shutil.copytree(PYTHON_DIR, dest / "python", ignore=shutil.ignore_patterns(
        "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache"))
    if jar:
        (dest / "target").mkdir()
        (dest / "target" / "reluconvex.jar").symlink_to(_jar.CHECKOUT_JAR)
    return dest / "python"


def build_wheel(source, out):
    """The wheel that ``pip wheel --no-build-isolation SOURCE`` builds with the system's setuptools."""
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index", "--no-build-isolation",
                        "-w", str(out), str(source)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    wheels = list(Path(out).glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The package's wheel, with the jar if target/reluconvex.jar exists (as ``pip install`` builds it)."""
    tmp = tmp_path_factory.mktemp("wheel")
    return build_wheel(copy_of_checkout(tmp, jar=_jar.CHECKOUT_JAR.is_file()), tmp / "dist")
