"""The counsellor pages (My skills, Quick fit check, Session brief) with AppTest on the
fixture world: building a profile three ways, roles and leverage, the fit view, and a
session saved, reopened, exported, deleted and wiped."""

from __future__ import annotations

import io

import pytest
from apphelpers import APP, assert_no_exception, texts
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from skillgraph.app.sessions import SessionStore
from skillgraph.app.views.formatting import to_param
from skillgraph.app.views.registry import PAGES
from skillgraph.graph.settings import Settings

pytestmark = pytest.mark.usefixtures("fixture_env")


def open_counsellor(page: str, params: dict[str, str] | None = None) -> AppTest:
    """Run the app on one of the counsellor pages with ``params`` in the URL."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGES[page])
    at.query_params.update(params or {})
    return at.run()


def all_text(at: AppTest) -> str:
    return "\n".join(texts(at))


@pytest.fixture
def home():
    """The sessions file the app uses in this test environment, wiped before and after."""
    store = SessionStore.from_settings(Settings.from_env())
    store.delete_all()
    yield store
    store.delete_all()


def test_my_skills_from_a_role_then_roles_and_leverage(fixture_ids):
    at = open_counsellor("skills", {"role": to_param(fixture_ids["project manager"])})
    assert_no_exception(at)
    assert "Current role:** project manager" in all_text(at)
    assert any("No skills yet" in i.value for i in at.info)
    at.button(key="skills_all_essential").click().run()
    assert_no_exception(at)
    page = all_text(at)
    assert "7 skills in the profile" in page
    assert "Roles these skills cover best" in page
    roles = at.dataframe[0].value
    assert roles["Role"].iloc[0] == "project manager" and roles["Has of its essentials"].iloc[0] == 100
    leverage = at.dataframe[1].value
    assert list(leverage.columns[:3]) == ["Skill", "Kind", "Would open"]
    assert len(leverage) >= 1


def test_my_skills_by_pasting_a_cv_and_confirming(fixture_ids):
    at = open_counsellor("skills")
    at.text_area(key="skills_paste").set_value("Managed budgets of up to EUR 2m. Coached employees. I enjoy hiking.").run()
    at.button(key="skills_find").click().run()
    assert_no_exception(at)
    boxes = {c.key: c for c in at.checkbox}
    budget = f"skills_cand_{fixture_ids['manage budgets']}"
    coach = f"skills_cand_{fixture_ids['coach employees']}"
    assert set(boxes) == {budget, coach}
    assert boxes[budget].value and "Managed budgets" in boxes[budget].label
    boxes[coach].uncheck().run()  # the person does not confirm this one
    at.button(key="skills_add_ticked").click().run()
    assert_no_exception(at)
    assert "1 skill in the profile" in all_text(at)
    profile = next(m for m in at.multiselect if (m.key or "").startswith("skills_profile_"))
    assert profile.value == [fixture_ids["manage budgets"]]


def test_my_skills_by_search():
    at = open_counsellor("skills")
    at.text_input(key="skills_search").set_value("debug code").run()
    add = [b for b in at.button if (b.key or "").startswith("skills_add_") and "debug software" in b.label]
    assert add, [b.label for b in at.button]
    add[0].click().run()
    assert_no_exception(at)
    assert "1 skill in the profile" in all_text(at)


def test_quick_fit_check_shows_what_comes_from_skills_and_from_interests(fixture_ids):
    at = open_counsellor("fit")
    assert any("Answer at least one question" in i.value for i in at.info)
    for area, value in {
        "Realistic": 1,
        "Investigative": 3,
        "Artistic": 1,
        "Social": 3,
        "Enterprising": 5,
        "Conventional": 5,
    }.items():
        at.radio(key=f"fit_{area}").set_value(value)
    at.get("form_submit_button")[0].click().run()
    assert_no_exception(at)
    page = all_text(at)
    assert "6 of 6 questions answered" in page
    assert "Fit = interests only" in page
    table = at.dataframe[0].value
    assert table["Role"].iloc[0] == "ICT project manager" and table["From interests"].iloc[0] == 84
    # one role: "could it fit you?"
    at.query_params["role"] = to_param(fixture_ids["project manager"])
    at.run()
    assert_no_exception(at)
    assert "Could project manager fit you?" in all_text(at)
    assert "no O\\*NET interest profile" in all_text(at)


def test_session_brief_create_edit_export_delete(fixture_ids, home):
    at = open_counsellor("skills", {"role": to_param(fixture_ids["software developer"])})
    at.button(key="skills_all_essential").click().run()
    at.switch_page(PAGES["brief"])
    at.run()
    assert_no_exception(at)
    assert "No saved session yet" in all_text(at)
    at.text_input[0].set_value("<b>K.M.</b>")
    at.get("form_submit_button")[0].click().run()
    assert_no_exception(at)
    saved = home.list_sessions()
    assert [s.alias for s in saved] == ["<b>K.M.</b>"] and saved[0].skills == 5
    assert at.query_params["session"] in (saved[0].id, [saved[0].id])
    assert "Session: \\<b\\>K\\.M\\.\\<\\/b\\>" in all_text(at)  # the alias is shown as text

    shortlist = next(m for m in at.multiselect if (m.key or "").startswith("brief_shortlist_"))
    wanted = [fixture_ids["web developer"], fixture_ids["mobile app developer"], fixture_ids["user interface developer"]]
    assert {"web developer", "mobile app developer", "user interface developer"} <= set(shortlist.options)
    shortlist.set_value(wanted).run()
    assert_no_exception(at)
    reason = next(
        t for t in at.text_input if (t.key or "").startswith("brief_reason_") and t.key.endswith(fixture_ids["web developer"])
    )
    reason.set_value("Builds web features already").run()
    notes = next(t for t in at.text_area if (t.key or "").startswith("brief_notes_"))
    notes.set_value("Prefers small teams.").run()
    next(b for b in at.button if (b.key or "").startswith("brief_save_")).click().run()
    assert_no_exception(at)
    stored = home.get(saved[0].id)
    assert [e.role_id for e in stored.shortlist] == wanted
    assert stored.shortlist[0].reason == "Builds web features already"
    assert stored.notes == "Prefers small teams." and stored.revision == 2

    next(b for b in at.button if (b.key or "").startswith("brief_prepare_")).click().run()
    assert_no_exception(at)
    assert len(at.get("download_button")) == 3
    files = at.session_state["brief_files"]
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages).split())
    assert "web developer" in text and "Builds web features already" in text
    assert "Builds web features already" in files["html"].decode() and "http" not in files["html"].decode()
    assert "Builds web features already" in files["md"].decode()

    # delete this session, then everything
    next(c for c in at.checkbox if (c.key or "").startswith("brief_delete_sure_")).check().run()
    next(
        b for b in at.button if (b.key or "").startswith("brief_delete_") and not (b.key or "").startswith("brief_delete_all")
    ).click().run()
    assert_no_exception(at)
    assert home.list_sessions() == []
    home.create("another")
    at.text_input(key="brief_delete_all_text").set_value("DELETE").run()
    at.button(key="brief_delete_all").click().run()
    assert_no_exception(at)
    assert not home.path.exists() and home.files() == []
    assert any("No session is left" in s.value for s in at.success)
