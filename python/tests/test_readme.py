"""The Python examples of README.md (```python blocks) run as doctests, from the repository root;
python/README.md shows one of them, which must be the same text."""

import doctest
import re

import pytest

from conftest import PYTHON_DIR, REPO

pytest.importorskip("torch")


def python_blocks(path):
    return list(re.finditer(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S))


def test_the_package_readme_shows_examples_of_the_readme():
    # the README's blocks run below; the package's README repeats one instead of running it twice
    package = [b.group(1) for b in python_blocks(PYTHON_DIR / "README.md")]
    assert package, "python/README.md has lost its example"
    readme = [b.group(1) for b in python_blocks(REPO / "README.md")]
    for block in package:
        assert block in readme, "a python/README.md example differs from README.md's:\n" + block


def test_readme_python_examples(monkeypatch):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = python_blocks(REPO / "README.md")
    assert len(blocks) >= 5, "the README's Python section has lost its examples"
    monkeypatch.chdir(REPO)  # the examples use paths relative to the root, as the command-line ones do
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names = {}  # one session: later blocks use what earlier ones defined
    for b in blocks:
        line = text.count("\n", 0, b.start(1))  # failures name README.md's own line numbers
        test = parser.get_doctest(b.group(1), names, "README.md", str(REPO / "README.md"), line)
        runner.run(test, clear_globs=False)
        names = test.globs  # a DocTest works on a copy
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0
