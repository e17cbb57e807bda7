"""The session brief (app.brief) on the fixture world: every shortlisted role, gap, next
action and attribution in the HTML, in the PDF's extracted text (pypdf) and in the
Markdown; the HTML is self-contained and escapes what the session holds; and the
``skillgraph brief`` / ``sessions`` commands."""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from skillgraph.app.brief import ATTRIBUTIONS, SkillItem, build_brief, export_brief, render_html, render_markdown, render_pdf
from skillgraph.app.cli import main
from skillgraph.app.sessions import Session, SessionStore, ShortlistEntry
from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.settings import Settings

ALIAS = "<script>alert('x')</script> & Co"
CUSTOM_ACTION = "Join the PMO rotation in March <b>bold</b>"


@pytest.fixture(scope="module")
def session(fixture_ids) -> Session:
    ids = fixture_ids
    developer = [
        "debug software",
        "develop software prototype",
        "Python (computer programming)",
        "use software design patterns",
        "work in teams",
    ]
    return Session(
        alias=ALIAS,
        current_role=ids["software developer"],
        skills=tuple(ids[s] for s in developer) + (ids["manage budgets"],),
        interests=(("Investigative", 4), ("Enterprising", 5), ("Conventional", 4), ("Artistic", 2)),
        notes="Wants to lead projects.\nWorried about <i>budgets</i> & deadlines.",
        shortlist=(
            ShortlistEntry(
                ids["ICT project manager"],
                "Already runs the sprint planning",
                ((ids["perform project management"], CUSTOM_ACTION),),
            ),
            ShortlistEntry(ids["project manager"], "Broader management route"),
            ShortlistEntry(ids["web developer"], "A safe sideways step"),
        ),
        id="0123456789",
        created_at="2026-03-01T10:00:00+00:00",
        updated_at="2026-03-02T11:00:00+00:00",
        revision=3,
    )


@pytest.fixture(scope="module")
def brief(fixture_store, session):
    return build_brief(fixture_store, session)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_brief_contents_from_the_session_and_the_data(brief, fixture_ids):
    assert [r.occupation.label for r in brief.roles] == ["ICT project manager", "project manager", "web developer"]
    pm = brief.roles[0]
    # shared: manage budgets and work in teams are essential for ICT project manager
    assert {r.label for r in pm.shared} == {"manage budgets", "work in teams"}
    assert {g.requirement.label for g in pm.gaps} == {
        "estimate duration of work",
        "ICT project management",
        "ICT project management methodologies",
        "internal risk management policy",
        "manage ICT project",
        "perform project management",
        "perform resource planning",
        "quality standards",
    }
    by_label = {g.requirement.label: g for g in pm.gaps}
    assert by_label["perform project management"].action == CUSTOM_ACTION
    assert not by_label["perform project management"].action_is_suggestion
    assert by_label["ICT project management"].action_is_suggestion
    assert by_label["ICT project management"].step == "course"  # knowledge → a course
    assert "short course" in by_label["ICT project management"].action
    # the counsellor's own action leads the gaps that matter most; 3–5 of them, the rest apart
    assert pm.top_gaps[0].requirement.label == "perform project management"
    assert 3 <= len(pm.top_gaps) <= 5 and len(pm.top_gaps) + len(pm.other_gaps) == len(pm.gaps)
    assert pm.coverage == pytest.approx(2 / 10)
    assert pm.interest_part is not None and pm.role_code == "ECI"
    assert brief.roles[1].interest_part is None  # project manager: no O*NET interest profile
    web = brief.roles[2]
    assert web.similarity is not None and web.viable and web.paths and web.steps == 1
    assert brief.person_code == "EIC"
    assert brief.shortlist_note == ""
    assert dict(brief.versions)["ESCO"] == "1.1.1"


def test_html_holds_every_role_gap_and_attribution(brief):
    page = render_html(brief)
    for role in brief.roles:
        assert html.escape(role.occupation.label) in page
        for gap in role.gaps:
            assert html.escape(gap.requirement.label) in page
            assert html.escape(gap.action, quote=True) in page
        for item in role.shared:
            assert html.escape(item.label) in page
    for title, text in ATTRIBUTIONS:
        assert html.escape(text, quote=True) in page
    assert "This product uses the ESCO classification of the European Commission." in page
    assert "O*NET 29.3 Database" in page and "CC BY 4.0" in page and "MIT License" in page
    assert "<svg" in page and "current role" in page
    assert "(suggested)" in page
    # it leads with what the client can do: the strengths and the shortlist come before any gap
    assert page.index("brings to the shortlisted roles") < page.index("Gaps that matter most")
    assert "has 2 of its 10 essential skills" in page


def test_html_is_self_contained_and_escapes_the_session(brief):
    page = render_html(brief)
    assert "http" not in page.lower()  # no address of any kind, not even an XML namespace
    for reference in ("src=", "href=", "url(", "@import", "<link", "<script", "<iframe", "<img"):
        assert reference not in page.lower(), reference
    assert html.escape(ALIAS) in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    assert "&lt;i&gt;budgets&lt;/i&gt;" in page


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_pdf_text_is_extractable_and_complete(brief):
    data = render_pdf(brief)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert f"Session brief: {ALIAS}" in text
    for role in brief.roles:
        assert role.occupation.label in text
        for gap in role.gaps:
            assert flat(gap.requirement.label) in text
        for gap in role.top_gaps:
            assert flat(gap.action) in text
        for item in role.shared:
            assert item.label in text
    assert CUSTOM_ACTION in text
    assert text.index("brings to the shortlisted roles") < text.index("Gaps that matter most")
    for _, attribution in ATTRIBUTIONS:
        assert flat(attribution) in text
    # the picture's labels are text too
    assert "current role" in text and "% similar" in text


def md_plain(text: str) -> str:
    """Markdown with its backslash escapes and HTML entities undone (what a reader sees)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def test_markdown_holds_every_role_gap_and_attribution(brief):
    text = render_markdown(brief)
    plain = md_plain(text)
    for role in brief.roles:
        assert f"{role.occupation.label}" in plain
        for gap in role.gaps:
            assert gap.requirement.label in plain
            assert gap.action in plain
    for _, attribution in ATTRIBUTIONS:
        assert attribution in plain
    # nothing from the session is live markup
    assert "<script>" not in text and "<b>" not in text and "<i>" not in text
    assert ALIAS in plain


def test_a_short_shortlist_is_flagged_and_an_empty_one_refused(fixture_store, session):
    short = build_brief(fixture_store, session.edit(shortlist=session.shortlist[:2]))
    assert short.shortlist_note == "The shortlist has 2 roles; 3–5 are recommended."
    assert short.shortlist_note in render_html(short)
    with pytest.raises(InvalidArgumentError, match="no shortlisted role"):
        build_brief(fixture_store, session.edit(shortlist=()))


def test_without_saved_skills_the_current_roles_skills_are_used(fixture_store, session):
    brief = build_brief(fixture_store, session.edit(skills=()))
    assert brief.skills_from_role
    # everything the role lists, essential and optional (the engine's "has")
    labels = {s.label for s in brief.skills}
    assert {
        "debug software",
        "develop software prototype",
        "Python (computer programming)",
        "use software design patterns",
        "work in teams",
    } < labels
    assert {"JavaScript", "design user interface"} <= labels  # optional for the fixture's software developer
    role = session.current_role
    assert {s.id for s in brief.skills} == {r["id"] for r in fixture_store.requirements([role])[role]}
    assert "none were chosen" in render_markdown(brief)


def test_gaps_marked_not_relevant_are_left_out_and_counted(fixture_store, session, fixture_ids):
    first = session.shortlist[0]
    dismissed = (fixture_ids["quality standards"], fixture_ids["estimate duration of work"])
    brief = build_brief(fixture_store, session.edit(shortlist=(replace(first, dismissed=dismissed), *session.shortlist[1:])))
    pm = brief.roles[0]
    assert {g.requirement.label for g in pm.gaps}.isdisjoint({"quality standards", "estimate duration of work"})
    assert pm.dismissed == 2 and len(pm.gaps) == 6
    assert "2 gap(s) marked not relevant" in render_html(brief)


def test_suggested_steps_name_the_kind_of_step(brief):
    steps = {g.step for r in brief.roles for g in r.gaps}
    assert steps <= {"course", "on-the-job", "certificate", "evidence"} and len(steps) >= 2
    for role in brief.roles:
        for gap in role.gaps:
            if gap.related and gap.action_is_suggestion:
                # no "practise X" for a skill a related one already implies
                assert gap.step == "evidence" and "Probably covered" in gap.action


def _huge(brief, fixture_store):
    """The brief with a 3,000-character label without spaces, 5,000 profile skills and
    notes of 20,000 characters on one line."""
    long_label = "x" * 3_000
    role = brief.roles[0]
    gaps = tuple(replace(g, requirement=replace(g.requirement, label=long_label + str(i))) for i, g in enumerate(role.gaps))
    roles = (
        replace(role, occupation=replace(role.occupation, label="manager " * 400), gaps=gaps, reason="why " * 500),
        *brief.roles[1:],
    )
    skills = tuple(SkillItem(f"skill:{i}", f"skill number {i} " + "y" * 50, "Skill") for i in range(5_000))
    return replace(brief, roles=roles, skills=skills, notes="n" * 20_000, alias="A" * 80)


def test_very_long_labels_and_thousands_of_skills_never_break_any_format(brief, fixture_store):
    huge = _huge(brief, fixture_store)
    data = render_pdf(huge)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "and 4940 more" in text  # the PDF says what it left out
    assert "skill number 4999" in render_html(huge) and "skill number 4999" in md_plain(render_markdown(huge))


def test_export_formats(fixture_store, session):
    assert export_brief(fixture_store, session, "md").decode().startswith("# Session brief")
    assert export_brief(fixture_store, session, "html").decode().startswith("<!DOCTYPE html>")
    with pytest.raises(InvalidArgumentError, match="html, pdf, md"):
        export_brief(fixture_store, session, "docx")


# -- the CLI -----------------------------------------------------------------------------------------


@pytest.fixture
def env(monkeypatch, tmp_path, fixture_data_dir):
    for name in ("SKILLGRAPH_BACKEND", "SKILLGRAPH_NEO4J_URI", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(fixture_data_dir))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def test_cli_brief_and_sessions(env, capsys, session):
    store = SessionStore.from_settings(Settings.from_env())
    saved = store.save(session.edit(id="", revision=0, alias="K.M."))
    other = store.create("to go")

    for fmt, suffix in (("md", "md"), ("html", "html"), ("pdf", "pdf")):
        out = env / f"brief.{suffix}"
        assert main(["brief", "--session", saved.id, "--out", str(out)]) == 0
        assert out.exists() and out.stat().st_size > 500
        assert f"wrote the {fmt.upper()} brief of K.M." in capsys.readouterr().out
    assert "ICT project manager" in pdf_text((env / "brief.pdf").read_bytes())

    # a failed --out (the name is a folder) says so in one line and leaves no temporary copy of the brief
    (env / "taken.pdf").mkdir()
    assert main(["brief", "--session", saved.id, "--out", str(env / "taken.pdf")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert not [p for p in env.iterdir() if p.name.endswith(".tmp")]
    assert main(["brief", "--session", "nope", "--format", "md", "--out", str(env / "x.md")]) == 2
    assert "No saved session 'nope'" in capsys.readouterr().err
    assert main(["brief", "--session", saved.id, "--out", str(env / "x.docx")]) == 2
    assert "add --format" in capsys.readouterr().err

    assert main(["sessions", "list"]) == 0
    listing = capsys.readouterr().out
    assert saved.id in listing and other.id in listing and "K.M." in listing
    assert main(["sessions", "delete", other.id]) == 0
    assert [s.id for s in store.list_sessions()] == [saved.id]
    assert main(["sessions", "delete-all", "--yes"]) == 0
    assert "deleted" in capsys.readouterr().out
    assert not (env / "home").exists()
    assert main(["sessions", "list"]) == 0
    assert "No saved sessions" in capsys.readouterr().out


def test_the_picture_draws_each_role_as_its_route():
    # A realistic move now: solid, thicker when more alike; a route through other roles:
    # dashed with the number of moves; none: dotted "no route". The similarity stays in
    # the label where there is a current role.
    from types import SimpleNamespace

    from skillgraph.app.brief.picture import edge_style

    def role(similarity, viable, steps):
        return SimpleNamespace(similarity=similarity, viable=viable, steps=steps)

    near, far = edge_style(role(0.4, True, 1)), edge_style(role(0.2, True, 1))
    assert near[:2] == ("1 move\n40 % similar", "solid") and near[2] > far[2]
    assert edge_style(role(0.11, False, 2))[:2] == ("2 moves\n11 % similar", "dashed")
    assert edge_style(role(0.05, False, None))[:2] == ("no route\n5 % similar", "dotted")
    # From the client's skills (no current role): moves only.
    assert edge_style(role(None, None, 3))[:2] == ("3 moves", "dashed")
    assert edge_style(role(None, None, None))[:2] == ("no route", "dotted")
