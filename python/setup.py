"""Build steps that pyproject.toml cannot say: the jar, and the wheel's tag.

When the checkout's ``target/reluconvex.jar`` exists (``mvn package``), it is bundled as
``reluconvex/reluconvex.jar``; when it does not, the wheel has no jar (and a copy left in ``build/``
by an earlier build is removed, so that it is never bundled stale).

The jar carries native libraries (OR-Tools, for several platforms), so a wheel that bundles it is
not pure Python: it is a platform wheel, tagged ``py3-none-<platform>`` (``py3-none-linux_x86_64``
here). The chosen tag says what is true of it: the Python code runs on any Python 3 and uses no
Python C API (hence ``py3`` and ``none``, not ``cp311-cp311``, which would tie it to one interpreter
for nothing), while the binary content is what a platform tag is for. Without the jar the wheel is
pure Python, ``py3-none-any``; the package then finds a jar through $RELUCONVEX_JAR or the checkout.
"""

import os
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py as _build_py

try:  # setuptools >= 70.1 has its own; Debian 12's setuptools 66 uses the one of python3-wheel
    from setuptools.command.bdist_wheel import bdist_wheel as _bdist_wheel
except ImportError:
    from wheel.bdist_wheel import bdist_wheel as _bdist_wheel

ROOT = Path(__file__).resolve().parent
JAR = ROOT.parent / "target" / "reluconvex.jar"
BUNDLED = "reluconvex/reluconvex.jar"


def _bundles_jar():
    return JAR.is_file()


class build_py(_build_py):
    """The package's files, then the jar next to them."""

    def run(self):
        super().run()
        target = os.path.join(self.build_lib, *BUNDLED.split("/"))
        if getattr(self, "editable_mode", False):
            return  # an editable install imports the checkout, which finds ../target/reluconvex.jar itself
        if _bundles_jar():
            self.mkpath(os.path.dirname(target))
            self.copy_file(str(JAR), target, preserve_mode=False)
        else:
            self.announce(f"no {JAR} (run mvn package first): the wheel bundles no jar", level=3)
            if os.path.exists(target):
                os.remove(target)

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if _bundles_jar() and not getattr(self, "editable_mode", False):
            outputs.append(os.path.join(self.build_lib, *BUNDLED.split("/")))
        return outputs


class BinaryDistribution(Distribution):
    """Not pure Python when the jar is bundled: the wheel is then a platform wheel, installed in
    platlib (bdist_wheel sets Root-Is-Purelib: false from this)."""

    def has_ext_modules(self):
        return _bundles_jar() or super().has_ext_modules()


class bdist_wheel(_bdist_wheel):
    """py3-none-<platform> rather than cpXY-cpXY-<platform> (see the module's docstring)."""

    def get_tag(self):
        python, abi, platform = super().get_tag()
        if not self.root_is_pure:
            python, abi = "py3", "none"
        return python, abi, platform


setup(distclass=BinaryDistribution, cmdclass={"build_py": build_py, "bdist_wheel": bdist_wheel})
