"""The Python examples of README.md and docs/guide.md (```python blocks) run as doctests, from the
repository root, in that order and in one session; python/README.md shows one of them, which must be
the same text."""

import doctest
import re

import pytest

from conftest import PYTHON_DIR, REPO

pytest.importorskip("torch")


def python_blocks(path):
    return list(re.finditer(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S))


#: the pages whose examples run, in order (the README's first: later blocks use what it defines)
PAGES = ("README.md", "docs/guide.md")


def test_the_package_readme_shows_examples_of_the_readme():
    # the README's blocks run below; the package's README repeats one instead of running it twice
    package = [b.group(1) for b in python_blocks(PYTHON_DIR / "README.md")]
    assert package, "python/README.md has lost its example"
    readme = [b.group(1) for page in PAGES for b in python_blocks(REPO / page)]
    for block in package:
        assert block in readme, "a python/README.md example differs from those of " + " and ".join(PAGES) + ":\n" + block


def test_readme_python_examples(monkeypatch):
    monkeypatch.chdir(REPO)  # the examples use paths relative to the root, as the command-line ones do
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names = {}  # one session: later blocks use what earlier ones defined
    count = 0
    for page in PAGES:
        text = (REPO / page).read_text(encoding="utf-8")
        for b in python_blocks(REPO / page):
            line = text.count("\n", 0, b.start(1))  # failures name the page's own line numbers
            test = parser.get_doctest(b.group(1), names, page, str(REPO / page), line)
            runner.run(test, clear_globs=False)
            names = test.globs  # a DocTest works on a copy
            count += 1
    assert count >= 5, "the Python examples of " + " and ".join(PAGES) + " are lost"
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0
