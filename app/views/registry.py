"""The app's pages, in one place: the navigation (``streamlit_app.py``), links between pages
(``st.page_link`` / ``st.switch_page``), the page tests and the app benchmark all read
this list.

Page files are given relative to ``streamlit_app.py`` (the form Streamlit's links take).

Examples
--------
>>> PAGES["profile"]
'app/pages/profile.py'
>>> [page.key for page in REGISTRY if page.section == "Counsellor"]
['skills', 'fit', 'brief']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Page", "REGISTRY", "PAGES", "SECTIONS", "page"]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the app."""

    key: str  # how code names the page
    file: str  # relative to streamlit_app.py
    title: str
    icon: str  # a Material icon name (drawn from Streamlit's own font, never fetched)
    url_path: str  # "" for the default page at /
    section: str  # the navigation group


REGISTRY: tuple[Page, ...] = (
    Page("find", "app/pages/find_role.py", "Find a role", ":material/search:", "", "Explore"),
    Page("profile", "app/pages/profile.py", "Occupation profile", ":material/badge:", "profile", "Explore"),
    Page("graph", "app/pages/graph.py", "Explore the graph", ":material/hub:", "graph", "Explore"),
    Page("similar", "app/pages/similar_roles.py", "Similar roles", ":material/compare_arrows:", "similar", "Plan a move"),
    Page("pathways", "app/pages/pathways.py", "Pathways", ":material/route:", "pathways", "Plan a move"),
    Page("compare", "app/pages/compare.py", "Compare two roles", ":material/splitscreen:", "compare", "Plan a move"),
    Page("skills", "app/pages/my_skills.py", "My skills", ":material/checklist:", "my-skills", "Counsellor"),
    Page("fit", "app/pages/fit_check.py", "Quick fit check", ":material/psychology:", "fit", "Counsellor"),
    Page("brief", "app/pages/session_brief.py", "Session brief", ":material/description:", "brief", "Counsellor"),
    Page("about", "app/pages/about.py", "Data & about", ":material/info:", "about", "About"),
)

#: Page key → page file, the targets of st.page_link and st.switch_page.
PAGES: dict[str, str] = {p.key: p.file for p in REGISTRY}

#: Navigation groups in menu order.
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(p.section for p in REGISTRY))


def page(key: str) -> Page:
    """The page named ``key`` (KeyError naming the keys otherwise)."""
    for entry in REGISTRY:
        if entry.key == key:
            return entry
    raise KeyError(f"no page {key!r}; pages: {', '.join(PAGES)}")
