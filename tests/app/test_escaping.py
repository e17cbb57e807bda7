"""Labels from the data are shown as text on every page: never as HTML, never as Markdown.

Run on the hostile fixture world: an occupation label carrying ``<script>`` and an
``<img onerror>``, a skill label carrying HTML, a Markdown link and image and a
Streamlit colour directive. The real-browser test checks the same world in Chromium.
"""

from __future__ import annotations

import json
import re

import pytest
from apphelpers import HOSTILE_OCCUPATION, HOSTILE_SKILL, assert_no_exception, open_page, texts, walk

from skillgraph.app.views.formatting import md, to_param
from skillgraph.app.views.graph_view import vis_network_js

pytestmark = pytest.mark.usefixtures("hostile_env")

MOBILE = to_param("http://data.europa.eu/esco/occupation/0cc00006-5e1f-4c7a-9d2b-000000000006")
WEB = to_param("http://data.europa.eu/esco/occupation/0cc00007-5e1f-4c7a-9d2b-000000000007")

# A '<' or a Markdown link/image opener that is not backslash-escaped.
_RAW_TAG = re.compile(r"(?<!\\)<")
_RAW_LINK = re.compile(r"(?<!\\)\]\(")


def _check_page(at, must_show: list[str]) -> None:
    assert_no_exception(at)
    shown = texts(at) + texts(at.sidebar)
    joined = "\n".join(shown)
    for label in must_show:
        assert md(label) in joined, f"{label!r} is not on the page"
    for text in shown:
        assert not _RAW_TAG.search(text), f"unescaped '<' in {text!r}"
        assert not _RAW_LINK.search(text), f"unescaped Markdown link in {text!r}"
    for el in walk(at.main):
        proto = getattr(el, "proto", None)
        if proto is not None and hasattr(proto, "allow_html"):
            assert not proto.allow_html, f"HTML allowed in {getattr(el, 'value', '')!r}"
        if getattr(el, "type", None) == "button_group":  # st.pills renders its options as Markdown
            for option in proto.options:
                assert not _RAW_TAG.search(option.content), f"unescaped '<' in the option {option.content!r}"
                assert not _RAW_LINK.search(option.content), f"unescaped Markdown link in the option {option.content!r}"


def test_search_results_show_a_script_label_as_text():
    at = open_page("find", {"q": "mobile app developer"})
    _check_page(at, [HOSTILE_OCCUPATION])
    assert any(t == f"**{md(HOSTILE_OCCUPATION)}**" for t in texts(at, "page_link"))


def test_profile_title_and_skills_with_html_are_text():
    at = open_page("profile", {"id": MOBILE})
    _check_page(at, [HOSTILE_OCCUPATION, HOSTILE_SKILL])
    assert at.title[0].value == md(HOSTILE_OCCUPATION)
    assert "\\<script\\>window" in at.title[0].value


@pytest.mark.parametrize(
    ("page", "params", "labels"),
    [
        ("similar", {"id": WEB}, [HOSTILE_OCCUPATION, HOSTILE_SKILL]),
        ("pathways", {"from": WEB, "to": MOBILE}, [HOSTILE_OCCUPATION]),
        ("compare", {"a": WEB, "b": MOBILE}, [HOSTILE_OCCUPATION, HOSTILE_SKILL]),
        ("graph", {"id": MOBILE}, []),
        ("skills", {"role": MOBILE}, [HOSTILE_OCCUPATION]),  # its skills are pills: checked above
        ("fit", {"role": MOBILE}, []),
    ],
)
def test_other_pages_show_hostile_labels_as_text(page, params, labels):
    at = open_page(page, params)
    if page == "similar":
        for expander in at.expander:  # shared and missing skills live in the expansions
            assert not _RAW_TAG.search(expander.label)
    _check_page(at, labels)


def test_graph_page_html_never_carries_the_label_as_markup():
    at = open_page("graph", {"id": MOBILE, "knowledge": "1", "tech": "1"})
    assert_no_exception(at)
    component = next(el for el in walk(at.main) if getattr(el, "type", None) == "component_instance")
    page = json.loads(component.proto.json_args)["html"].replace(vis_network_js(), "")
    assert page.count("<script") == 2  # vis-network's tag and the page's own script, nothing from the data
    assert "<img" not in page and "<b>" not in page
    assert "window.__xss=1\\u003c/script\\u003e" in page  # the label is there, as escaped JSON text
