"""The counsellor pages (My skills, Quick fit check, Session brief) with AppTest on the
fixture world: building a profile three ways, roles and leverage, the fit view, the
working copy that survives a new browser session (a reload) through the address, the
shortlist flow from other pages, and a session saved, reopened, exported, imported,
deleted and wiped."""

from __future__ import annotations

import io
import re

import pytest
from apphelpers import APP, assert_no_exception, texts
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from skillgraph.app.brief import build_brief
from skillgraph.app.sessions import SessionStore, ShortlistEntry, open_session_store
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


def plain(markdown: str) -> str:
    """Markdown with its backslash escapes undone (what a person reads)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def all_text(at: AppTest) -> str:
    return "\n".join(texts(at))


@pytest.fixture
def home():
    """The sessions file the app uses in this test environment, wiped before and after."""
    store = open_session_store(Settings.from_env())
    assert isinstance(store, SessionStore)
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
    assert roles["Role"].iloc[0] == "project manager" and roles["Has of its essential skills"].iloc[0] == 100
    assert roles["In words"].iloc[0] == "7 of 7 essential skills"
    assert "The client already has all 7 essential skills of project manager" in page
    assert "would open" in page or "opens no role" in page


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
    profile = next(m for m in at.get("button_group") if (m.key or "").startswith("skills_profile_"))
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
    assert "Could project manager fit the client?" in all_text(at)
    assert "no O\\*NET interest profile" in all_text(at)
    assert at.button(key="fit_one_shortlist").label.startswith("Add to shortlist")


def _button(at: AppTest, prefix: str):
    return next(b for b in at.button if (b.key or "").startswith(prefix))


def _reload(at: AppTest, page: str) -> AppTest:
    """A new browser session on ``page`` with the address ``at`` shows (what a reload does)."""
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    return open_counsellor(page, params)


def test_the_working_copy_survives_a_reload_and_page_changes(fixture_ids, home):
    at = open_counsellor("skills", {"role": to_param(fixture_ids["software developer"])})
    at.button(key="skills_all_essential").click().run()
    draft = at.query_params["draft"]
    draft = draft[0] if isinstance(draft, list) else draft
    assert draft and home.get_draft(draft).session.current_role == fixture_ids["software developer"]
    # answers on the fit page, a shortlisted role from a profile, notes and a reason on the brief page
    at.switch_page(PAGES["fit"]).run()
    assert at.query_params["draft"] in (draft, [draft])  # the id follows to every page
    at.radio(key="fit_Social").set_value(4)
    at.get("form_submit_button")[0].click().run()
    at.switch_page(PAGES["profile"])
    at.query_params["id"] = to_param(fixture_ids["web developer"])
    at.run()
    assert_no_exception(at)
    at.button(key="profile_actions_shortlist").click().run()
    assert any("Added web developer to the shortlist (1 of 5)" in plain(s.value) for s in at.success)
    assert at.button(key="profile_actions_shortlist").label.startswith("✓ On the shortlist · 1 of 5")
    at.switch_page(PAGES["brief"]).run()
    assert_no_exception(at)
    next(t for t in at.text_area if (t.key or "").startswith("brief_notes_")).set_value("Unsaved note").run()
    next(t for t in at.text_input if (t.key or "").startswith("brief_reason_")).set_value("Builds web pages already").run()

    # a reload: a new browser session with the same address finds everything
    again = _reload(at, "brief")
    assert_no_exception(again)
    work = home.get_draft(draft).session
    assert work.notes == "Unsaved note" and work.shortlist[0].reason == "Builds web pages already"
    assert next(t for t in again.text_area if (t.key or "").startswith("brief_notes_")).value == "Unsaved note"
    assert next(t for t in again.text_input if (t.key or "").startswith("brief_reason_")).value == "Builds web pages already"
    assert "Interest answers:** 1 of 6" in all_text(again)
    # the brief page's own link to My skills keeps it too
    again.switch_page(PAGES["skills"]).run()
    assert "5 skills in the profile" in all_text(again)
    assert home.list_sessions() == []  # nothing was saved as a named session: that is explicit
    assert any("Unsaved changes" in c.value for c in again.sidebar.caption)


def test_shortlist_flow_reorder_limits_save_and_reopen(fixture_ids, home):
    ids = fixture_ids
    at = open_counsellor("skills", {"role": to_param(ids["software developer"])})
    at.button(key="skills_all_essential").click().run()
    for title in ("web developer", "mobile app developer", "user interface developer", "ICT project manager", "project manager"):
        at.switch_page(PAGES["profile"])
        at.query_params["id"] = to_param(ids[title])
        at.run()
        at.button(key="profile_actions_shortlist").click().run()
        assert_no_exception(at)
    at.query_params["id"] = to_param(ids["software analyst"]) if "software analyst" in ids else to_param(ids["web developer"])
    at.run()
    button = at.button(key="profile_actions_shortlist")
    assert button.disabled and ("Shortlist full (5 of 5)" in button.label or "On the shortlist" in button.label)
    at.switch_page(PAGES["brief"]).run()
    assert_no_exception(at)
    assert "Shortlist · 5 of at most 5 roles" in all_text(at)
    # reorder: the second role moves up
    at.button(key="brief_up_1").click().run()
    names = [t for t in texts(at) if t.startswith("#### ")]
    assert names[:2] == ["#### 1. mobile app developer", "#### 2. web developer"]
    at.button(key="brief_remove_4").click().run()
    assert "Shortlist · 4 of at most 5 roles" in all_text(at)
    # save explicitly, with an alias
    at.text_input(key=next(t.key for t in at.text_input if (t.key or "").startswith("brief_alias_"))).set_value(
        "<b>K.M.</b>"
    ).run()
    at.button(key="brief_save").click().run()
    assert_no_exception(at)
    (summary,) = home.list_sessions()
    assert summary.alias == "<b>K.M.</b>" and summary.shortlisted == 4
    stored = home.get(summary.id)
    assert [e.role_id for e in stored.shortlist][:2] == [ids["mobile app developer"], ids["web developer"]]
    assert "Saved as **\\<b\\>K\\.M\\.\\<\\/b\\>**" in all_text(at)
    assert at.button(key="brief_save").disabled  # nothing unsaved


def test_session_brief_export_import_delete(fixture_ids, fixture_store, home):
    ids = fixture_ids
    stored = home.create(
        "K.M.",
        current_role=ids["software developer"],
        skills=[ids["debug software"], ids["work in teams"]],
        shortlist=[
            ShortlistEntry(ids["web developer"], "Builds web features already"),
            ShortlistEntry(ids["mobile app developer"]),
            ShortlistEntry(ids["user interface developer"]),
        ],
    )
    at = open_counsellor("brief", {"session": stored.id})
    assert_no_exception(at)
    assert "Saved as **K\\.M\\.**" in all_text(at)
    # a gap marked not relevant is kept with the role
    dismiss = next(
        b for b in at.get("button_group") if (b.key or "").startswith("brief_dismiss_") and ids["web developer"] in b.key
    )
    first_gap = build_brief(fixture_store, stored).roles[0].gaps[0].requirement.id
    dismiss.set_value([first_gap]).run()
    assert_no_exception(at)
    assert cs_work(home, at).shortlist[0].dismissed == (first_gap,)

    at.button(key="brief_prepare").click().run()
    assert_no_exception(at)
    assert len(at.get("download_button")) == 4  # HTML, PDF, Markdown, the session file
    files, failed = at.session_state["brief_files"]
    assert not failed
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages).split())
    assert "web developer" in text and "Builds web features already" in text
    assert "Builds web features already" in files["html"].decode() and "http" not in files["html"].decode()

    # delete this session, then everything (drafts included)
    at.checkbox(key="brief_delete_sure").check().run()
    at.button(key="brief_delete").click().run()
    assert_no_exception(at)
    assert home.list_sessions() == []
    home.create("another")
    at.text_input(key="brief_delete_all_text").set_value("DELETE").run()
    at.button(key="brief_delete_all").click().run()
    assert_no_exception(at)
    assert not home.path.exists() and home.files() == []
    assert any("No session is left" in s.value for s in at.success)


def cs_work(home, at: AppTest):
    draft = at.query_params["draft"]
    return home.get_draft(draft[0] if isinstance(draft, list) else draft).session


def test_a_pdf_failure_does_not_block_the_other_formats(fixture_ids, home, monkeypatch):
    import skillgraph.app.brief as brief_package

    stored = home.create(
        "K.M.", current_role=ids_of(fixture_ids, "software developer"), shortlist=[ShortlistEntry(fixture_ids["web developer"])]
    )

    def broken(_brief):
        raise RuntimeError("the PDF engine broke")

    monkeypatch.setattr(brief_package, "render_pdf", broken)
    at = open_counsellor("brief", {"session": stored.id})
    at.button(key="brief_prepare").click().run()
    assert_no_exception(at)
    files, failed = at.session_state["brief_files"]
    assert set(files) == {"html", "md"} and "the PDF engine broke" in failed["pdf"]
    assert any("PDF version could not be made" in plain(e.value) for e in at.error)


def ids_of(fixture_ids, label):
    return fixture_ids[label]


def test_pathways_also_start_from_the_clients_skills(fixture_ids, home):
    at = open_counsellor("skills", {"role": to_param(fixture_ids["project manager"])})
    at.button(key="skills_all_essential").click().run()
    assert_no_exception(at)
    at.switch_page(PAGES["pathways"])
    at.query_params.update(
        {"from": to_param(fixture_ids["ICT project manager"]), "to": to_param(fixture_ids["programme manager"])}
    )
    at.run()
    assert_no_exception(at)
    assert "From the client's skills to programme manager" in [s.value for s in at.subheader]
    body = all_text(at)
    assert "the client's skills → " in plain(body) or any("the client's skills → " in plain(e.label) for e in at.expander)
