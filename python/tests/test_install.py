"""`pip install ./python` in a fresh virtual environment that sees the system's numpy (and torch),
without a package index, then a check from outside the checkout with the bundled jar."""

import os
import subprocess
import sys

import pytest

from conftest import PYTHON_DIR
from reluconvex import _jar


def test_pip_install_bundles_the_jar_and_checks(tmp_path):
    if not _jar.CHECKOUT_JAR.is_file():
        pytest.skip("no target/reluconvex.jar: run mvn package first")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = subprocess.run([str(python), "-m", "pip", "install", "--no-index", str(PYTHON_DIR)],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("RELUCONVEX_JAR", "PYTHONPATH")}
    run = subprocess.run([str(python), "-c", "import reluconvex, reluconvex._jar as j; print(reluconvex.__file__); "
                          "print(j.find_jar()); print(reluconvex.check('example:beyond-icnn').verdict)"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    module, jar, verdict = run.stdout.split()
    assert module.startswith(str(venv)) and jar.startswith(str(venv)) and jar.endswith("reluconvex/reluconvex.jar")
    assert verdict == "convex"
