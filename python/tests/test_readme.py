"""The Python examples of README.md (```python blocks) run as doctests, from the repository root."""

import doctest
import re

import pytest

from conftest import REPO

pytest.importorskip("torch")


def test_readme_python_examples(monkeypatch):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = list(re.finditer(r"^```python\n(.*?)^```", text, re.M | re.S))
    assert len(blocks) >= 4, "the README's Python section has lost its examples"
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
