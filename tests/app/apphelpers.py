"""Helpers for the app tests: run a page with AppTest and read what it shows.

Import as ``from apphelpers import …`` (pytest puts ``tests/app`` on ``sys.path``).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from skillgraph.app.views.registry import PAGES

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"


HOSTILE_OCCUPATION = 'mobile app developer <script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
HOSTILE_SKILL = "debug software <b>bold</b> [link](https://example.com/x) ![img](https://example.com/i.png) :red[x]"
#: Which fixture labels the hostile world replaces (preferredLabel → new label).
HOSTILE_LABELS = {"mobile app developer": HOSTILE_OCCUPATION, "debug software": HOSTILE_SKILL}


def open_page(page: str, params: dict[str, str] | None = None, *, timeout: float = 120) -> AppTest:
    """Run the app on ``page`` (a key of PAGES) with ``params`` as the URL's query parameters."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if page == "find":
        at.query_params.update(params or {})
        return at.run()
    at.run()
    at.switch_page(PAGES[page])
    at.query_params.update(params or {})
    return at.run()


def walk(node):
    """Every element and block below ``node``, depth first, in page order."""
    children = getattr(node, "children", None)
    if not isinstance(children, dict):
        return
    for child in children.values():
        yield child
        yield from walk(child)


def texts(at_or_node, kind: str | None = None) -> list[str]:
    """The texts (Markdown source, labels) of every element below ``at_or_node`` (of one kind)."""
    root = at_or_node.main if isinstance(at_or_node, AppTest) else at_or_node
    out = []
    for el in walk(root):
        if kind is not None and getattr(el, "type", None) != kind:
            continue
        if getattr(el, "type", None) in ("dataframe", "component_instance"):
            continue
        for attr in ("value", "label"):
            value = getattr(el, attr, None)
            if isinstance(value, str):
                out.append(value)
                break
    return out


def page_links(at_or_node) -> list[tuple[str, str, str]]:
    """(label, page url path, query string) of every page link below ``at_or_node``."""
    root = at_or_node.main if isinstance(at_or_node, AppTest) else at_or_node
    return [
        (el.proto.label, el.proto.page, el.proto.query_string) for el in walk(root) if getattr(el, "type", None) == "page_link"
    ]


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
