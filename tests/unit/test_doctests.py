"""The Examples sections of the docstrings run, module by module, as the installed package
names them (``skillgraph.*``; pytest's own ``--doctest-modules`` would import the files under
their bare folder names and load a second copy of every module)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

#: Streamlit page scripts run top to bottom when imported: they are not modules to test.
_SKIP = ("skillgraph.app.pages",)


#: The installed packages (``skillgraph`` itself is a namespace, which pkgutil cannot walk
#: through an editable install's finder).
_PACKAGES = ("skillgraph.app", "skillgraph.graph", "skillgraph.loaders", "skillgraph.queries")


def _modules() -> list[str]:
    names = []
    for package in _PACKAGES:
        names.append(package)
        for info in pkgutil.walk_packages(importlib.import_module(package).__path__, prefix=package + "."):
            if not info.name.startswith(_SKIP):
                names.append(info.name)
    return sorted(names)


def _with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    out = []
    for name in _modules():
        module = importlib.import_module(name)
        if any(test.examples for test in finder.find(module)):
            out.append(name)
    return out


MODULES = _with_examples()


def test_the_examples_are_collected():
    # A packaging or import change that hid the modules would otherwise pass silently.
    assert len(MODULES) >= 13, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (run python -m doctest -v on it)"
