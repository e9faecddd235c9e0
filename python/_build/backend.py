"""A minimal PEP 517 build backend for the reluconvex Python package.

It writes a pure-Python wheel of the ``reluconvex`` folder and, when the checkout's
``target/reluconvex.jar`` exists (``mvn package``), bundles it as ``reluconvex/reluconvex.jar``.
It needs nothing beyond the standard library, so ``pip install ./python`` works without a package
index. Name and dependencies are read from pyproject.toml, the version from reluconvex/__init__.py.
"""

import base64
import hashlib
import os
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reluconvex"
JAR = ROOT.parent / "target" / "reluconvex.jar"
TAG = "py3-none-any"


def _project():
    """name and dependencies from pyproject.toml, the version from the package (tomllib is 3.11+, so read the few lines needed)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[project]", 1)[1]

    def value(key):
        return re.search(rf'^{key}\s*=\s*"([^"]*)"', section, re.M).group(1)

    init = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'^__version__ = "([^"]+)"', init, re.M).group(1)

    deps = re.findall(r'"([^"]+)"', re.search(r"^dependencies\s*=\s*\[(.*?)\]", section, re.M | re.S).group(1))
    return value("name"), version, value("requires-python"), value("description"), deps


def _metadata():
    name, version, python, description, deps = _project()
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", f"Summary: {description}",
             f"Requires-Python: {python}"]
    lines += [f"Requires-Dist: {d}" for d in deps]
    lines += ["Provides-Extra: torch", 'Requires-Dist: torch; extra == "torch"']
    readme = ROOT / "README.md"
    body = readme.read_text(encoding="utf-8") if readme.exists() else ""
    return name, version, "\n".join(lines + ["Description-Content-Type: text/markdown", "", body])


def _dist_info_files(name, version):
    _, _, metadata = _metadata()
    wheel = f"Wheel-Version: 1.0\nGenerator: reluconvex-backend\nRoot-Is-Purelib: true\nTag: {TAG}\n"
    return {"METADATA": metadata, "WHEEL": wheel, "top_level.txt": "reluconvex\n"}


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def _write_wheel(wheel_directory, files):
    name, version, _ = _metadata()
    dist_info = f"{name}-{version}.dist-info"
    for fname, text in _dist_info_files(name, version).items():
        files[f"{dist_info}/{fname}"] = text.encode("utf-8")
    record = [_record_line(a, d) for a, d in files.items()] + [f"{dist_info}/RECORD,,"]
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode("utf-8")
    wheel_name = f"{name}-{version}-{TAG}.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, data in files.items():
            # the jar is compressed already: stored as it is, installing is a copy
            z.writestr(arcname, data, zipfile.ZIP_STORED if arcname.endswith(".jar") else zipfile.ZIP_DEFLATED)
    return wheel_name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = {}
    # py.typed: the package's type hints are for type checkers too (PEP 561)
    for p in sorted([*PACKAGE.rglob("*.py"), PACKAGE / "py.typed"]):
        files[p.relative_to(ROOT).as_posix()] = p.read_bytes()
    if JAR.is_file():
        files["reluconvex/reluconvex.jar"] = JAR.read_bytes()
    return _write_wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # the checkout itself on sys.path: the package finds ../target/reluconvex.jar from there
    return _write_wheel(wheel_directory, {"reluconvex_checkout.pth": (str(ROOT) + "\n").encode("utf-8")})
