"""`pip install --no-build-isolation ./python` in a fresh virtual environment that sees the system's
setuptools, wheel, numpy (and torch), without a package index, then a check from outside the checkout
with the bundled jar; and the wheel itself: a platform wheel when it bundles the jar, pure without it.

The builds run on a copy of python/ next to a link target/reluconvex.jar (conftest.copy_of_checkout),
so that they leave no build/ or reluconvex.egg-info in the checkout."""

import os
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from conftest import build_wheel, copy_of_checkout
from reluconvex import __version__, _jar

needs_jar = pytest.mark.skipif(not _jar.CHECKOUT_JAR.is_file(), reason="no target/reluconvex.jar: run mvn package first")


def _dist_info(z, name):
    [path] = [n for n in z.namelist() if n.endswith(".dist-info/" + name)]
    return z.read(path).decode("utf-8")


@needs_jar
def test_pip_install_bundles_the_jar_and_checks(tmp_path):
    source = copy_of_checkout(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--no-build-isolation", str(source)],
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


@needs_jar
def test_the_wheel_with_the_jar_is_a_platform_wheel(wheel):
    # py3-none-<platform>: any Python 3, no Python C API, but native libraries (OR-Tools) inside the jar
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    assert wheel.name == f"reluconvex-{__version__}-py3-none-{platform}.whl"
    assert not wheel.name.endswith("-none-any.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        info = z.getinfo("reluconvex/reluconvex.jar")
        tags, metadata = _dist_info(z, "WHEEL"), _dist_info(z, "METADATA")
    assert info.file_size == _jar.CHECKOUT_JAR.stat().st_size
    assert "reluconvex/py.typed" in names and "reluconvex/__init__.py" in names
    assert not any(".data/" in n for n in names)  # everything in the root, installed in platlib
    assert "Root-Is-Purelib: false" in tags.splitlines() and f"Tag: py3-none-{platform}" in tags.splitlines()
    lines = metadata.splitlines()
    assert {"Name: reluconvex", f"Version: {__version__}", "Requires-Dist: numpy", "Requires-Python: >=3.9",
            "Provides-Extra: torch"} <= set(lines)


def test_without_the_jar_the_wheel_is_pure_python(tmp_path):
    wheel = build_wheel(copy_of_checkout(tmp_path, jar=False), tmp_path / "dist")
    assert wheel.name == f"reluconvex-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        tags = _dist_info(z, "WHEEL")
    assert "reluconvex/reluconvex.jar" not in names and "reluconvex/py.typed" in names
    assert "Root-Is-Purelib: true" in tags.splitlines()
