"""Skill leverage (queries.skill_leverage), the quick fit check (queries.fit) and the
coverage ranking (queries.match_skills) on the fixture world, every number worked out by
hand from the fixture files.

Essential requirements of the fixture's ESCO roles (count):

    ICT project manager (10)    estimate duration of work, ICT project management,
                                ICT project management methodologies, internal risk
                                management policy, manage budgets, manage ICT project,
                                perform project management, perform resource planning,
                                quality standards, work in teams
    ICT operations manager (6)  ICT infrastructure, manage budgets, manage staff,
                                perform resource planning, plan ICT capacity, quality standards
    project manager (7)         estimate duration of work, manage budgets, manage staff,
                                perform project management, perform resource planning,
                                project management, quality standards
    programme manager (6)       budgetary principles, coach employees, manage budgets,
                                manage staff, perform project management, project management
    software developer (5), mobile app developer (5), web developer (5): developer skills
    user interface developer (4)

Related concepts (coverage credit, see queries.credit): perform project management ↔ manage
ICT project ½ (broader/narrower); same skill group ¼: estimate duration of work, perform
resource planning, plan ICT capacity; manage staff, coach employees; the developer skills
debug software, develop software prototype, use software design patterns, design user
interface.

Interest profiles (O*NET, through the crosswalk): ICT project manager ← 15-1299.09
(1.72, 3.68, 1.83, 2.66, 6.02, 5.29); software and mobile app developer ← 15-1252.00
(2.33, 6.41, 2.81, 1.90, 2.12, 4.88); web and user interface developer ← 15-1254.00
(2.50, 5.62, 4.75, 1.85, 2.60, 4.60); the three other managers have none.
"""

from __future__ import annotations

import pytest

from skillgraph.graph.errors import InvalidArgumentError, UnknownOccupationError, UnknownSkillError
from skillgraph.queries.fit import fit_view, holland_code, interest_part, normalise_answers, role_fit
from skillgraph.queries.match_skills import match_skills
from skillgraph.queries.skill_leverage import skill_leverage

ANSWERS = {"Realistic": 1, "Investigative": 3, "Artistic": 1, "Social": 3, "Enterprising": 5, "Conventional": 5}
# |answer − score| on 0–1 for ICT project manager: .12, .053333, .138333, .223333, .163333, .285
ICT_PM_INTEREST = 1 - 0.983333333 / 6  # 0.836111
# software developer: .221667, .401667, .301667, .35, .813333, .353333
DEVELOPER_INTEREST = 1 - 2.441666667 / 6  # 0.593056
# web developer: .25, .27, .625, .358333, .733333, .4
WEB_INTEREST = 1 - 2.636666667 / 6  # 0.560556


@pytest.fixture(scope="module")
def ids(fixture_ids):
    return fixture_ids


def skill(ids, *labels):
    return [ids[label] for label in labels]


# -- skill leverage ------------------------------------------------------------------------------


def test_leverage_by_hand(fixture_store, ids):
    # manage budgets, manage staff, perform resource planning hold (+ related ¼ each: coach
    # employees, estimate duration of work, plan ICT capacity):
    #   ICT operations manager 3 + ¼ of 6 (open: need 3), project manager 3 + ¼ of 7 (need 3.5),
    #   programme manager 2 + ¼ of 6 (need 3), ICT project manager 2 + ¼ of 10 (need 5).
    result = skill_leverage(fixture_store, skill(ids, "manage budgets", "manage staff", "perform resource planning"))
    assert result.open_now == 1
    assert result.bar == 0.5 and result.min_essential == 5
    got = [(s.label, s.opens, round(s.coverage_gain, 6)) for s in result.skills]
    assert got == [
        # opens project manager and programme manager; gain 1/10 + 1/7 + 1/6
        ("perform project management", 2, round(1 / 10 + 1 / 7 + 1 / 6, 6)),
        ("project management", 2, round(1 / 7 + 1 / 6, 6)),
        # opens project manager; needed by ICT PM, ICT ops and project manager
        ("quality standards", 1, round(1 / 10 + 1 / 6 + 1 / 7, 6)),
        # related already (¼): learning it adds ¾ — opens project manager
        ("estimate duration of work", 1, round(0.75 * (1 / 10 + 1 / 7), 6)),
        # opens programme manager (coach employees, related, adds only ¾ of 1/6)
        ("budgetary principles", 1, round(1 / 6, 6)),
    ]
    first = result.skills[0]
    assert [(r.occupation.label, round(r.coverage_before, 4), round(r.coverage_after, 4)) for r in first.opened_roles] == [
        ("project manager", round(3.25 / 7, 4), round(4.25 / 7, 4)),
        ("programme manager", round(2.25 / 6, 4), round(3.25 / 6, 4)),
    ]
    assert first.roles_needing == 3  # ICT PM, project manager, programme manager


def test_leverage_ranked_by_gain(fixture_store, ids):
    result = skill_leverage(
        fixture_store, skill(ids, "manage budgets", "manage staff", "perform resource planning"), rank_by="gain", limit=4
    )
    # perform project management and quality standards tie on gain; more roles opened first
    assert [s.label for s in result.skills] == [
        "perform project management",
        "quality standards",
        "project management",
        "estimate duration of work",
    ]


def test_leverage_bar_and_small_roles(fixture_store, ids):
    # design user interface, develop software prototype, JavaScript; bar 1.0: a role opens
    # only with every essential requirement. Web developer (5) has 3 of 5: two short.
    # User interface developer has 3 of its 4, but roles under min_essential (5) are out.
    have = skill(ids, "design user interface", "develop software prototype", "JavaScript")
    strict = skill_leverage(fixture_store, have, bar=1.0)
    assert strict.open_now == 0 and all(s.opens == 0 for s in strict.skills)
    # then by gain: debug software (related already, ¼) is needed by the three developers
    # already partly covered: ¾ · 3/5
    assert (strict.skills[0].label, round(strict.skills[0].coverage_gain, 6)) == ("debug software", 0.45)
    small = skill_leverage(fixture_store, have, bar=1.0, min_essential=4)
    assert (small.skills[0].label, small.skills[0].opens) == ("web programming", 1)
    assert [r.occupation.label for r in small.skills[0].opened_roles] == ["user interface developer"]
    assert small.skills[0].opened_roles[0].coverage_after == 1.0


def test_leverage_never_suggests_a_skill_already_held(fixture_store, ids):
    have = skill(ids, "manage budgets", "perform project management")
    result = skill_leverage(fixture_store, have, limit=50)
    assert not set(have) & {s.id for s in result.skills}


def test_leverage_rejects_bad_input(fixture_store, ids):
    with pytest.raises(UnknownSkillError):
        skill_leverage(fixture_store, ["http://data.europa.eu/esco/skill/nope"])
    with pytest.raises(InvalidArgumentError, match="at least one skill"):
        skill_leverage(fixture_store, [])
    with pytest.raises(InvalidArgumentError, match="bar"):
        skill_leverage(fixture_store, skill(ids, "manage budgets"), bar=0)
    with pytest.raises(InvalidArgumentError, match="rank_by"):
        skill_leverage(fixture_store, skill(ids, "manage budgets"), rank_by="fun")


# -- match_skills ranking on the fixtures ------------------------------------------------------------


def test_match_ranking_by_smoothed_coverage(fixture_store, ids):
    have = skill(ids, "manage budgets", "manage staff", "perform project management", "project management")
    result = match_skills(fixture_store, have, limit=4, group_families=False)
    # fit = (held + Σ related credit) / (essential + 2): programme manager (4 + ¼ coach
    # employees) / 8, project manager 4 / 9 …
    assert [m.occupation.label for m in result[:2]] == ["programme manager", "project manager"]
    assert result[0].coverage == pytest.approx(4.25 / 6)
    assert result[1].coverage == pytest.approx(4 / 7)
    assert {r.label for r in result[0].missing} | {r.label for r in result[0].near} == {"budgetary principles", "coach employees"}


# -- the quick fit check --------------------------------------------------------------------------------


def test_answers_are_normalised():
    assert normalise_answers({"enterprising": "like", "SOCIAL": "dislike", "Artistic": 3, "Realistic": None}) == {
        "Artistic": 3,
        "Social": 1,
        "Enterprising": 5,
    }
    for bad in ({"Bold": 3}, {"Social": 6}, {"Social": "love"}, {"Social": True}):
        with pytest.raises(InvalidArgumentError):
            normalise_answers(bad)


def test_interest_part_and_holland_code_by_hand():
    scores = (1.72, 3.68, 1.83, 2.66, 6.02, 5.29)
    assert interest_part(ANSWERS, scores) == pytest.approx(ICT_PM_INTEREST, abs=1e-6)
    # only the answered areas count
    assert interest_part({"Enterprising": 5}, scores) == pytest.approx(1 - abs(1 - 5.02 / 6))
    assert holland_code(scores) == "ECI"


def test_role_fit_keeps_skills_and_interests_apart(fixture_store, ids):
    have = skill(ids, "manage budgets", "perform project management", "estimate duration of work")
    fit = role_fit(fixture_store, ids["ICT project manager"], ANSWERS, have)
    assert (fit.matched, fit.essential_count) == (3, 10)
    # 3 held + manage ICT project (related to perform project management, ½) + perform
    # resource planning (same group as estimate duration of work, ¼), of 10
    assert fit.skill_part == pytest.approx(0.375)
    assert fit.interest_part == pytest.approx(ICT_PM_INTEREST, abs=1e-6)
    assert fit.combined == pytest.approx(0.6 * 0.375 + 0.4 * ICT_PM_INTEREST, abs=1e-6)
    assert fit.weights == (0.6, 0.4)
    assert fit.interest_source == "15-1299.09"
    assert fit.role_code == "ECI"
    enterprising = next(a for a in fit.areas if a.area == "Enterprising")
    assert (enterprising.answer, enterprising.role_score) == (5, 6.02)


def test_role_without_interest_data_is_marked_not_guessed(fixture_store, ids):
    fit = role_fit(fixture_store, ids["project manager"], ANSWERS, skill(ids, "manage budgets"))
    assert fit.interest_part is None and fit.combined is None
    assert not fit.has_interest_data and fit.role_code == ""
    assert fit.skill_part == pytest.approx(1 / 7)
    assert fit.weights == (1.0, 0.0)


def test_fit_view_with_skills(fixture_store, ids):
    have = skill(ids, "manage budgets", "perform project management", "estimate duration of work")
    view = fit_view(fixture_store, ANSWERS, have, group_families=False)
    assert [f.occupation.label for f in view.roles] == ["ICT project manager"]
    assert view.roles[0].combined == pytest.approx(0.6 * 0.375 + 0.4 * ICT_PM_INTEREST, abs=1e-6)
    # managers without an O*NET interest profile: listed apart, by their skill part
    # (perform resource planning and plan ICT capacity share estimate duration's group: ¼)
    assert [(f.occupation.label, round(f.skill_part, 4)) for f in view.without_interest_data] == [
        ("project manager", round(3.25 / 7, 4)),
        ("programme manager", round(2 / 6, 4)),
        ("ICT operations manager", round(1.5 / 6, 4)),
    ]
    assert all(f.combined is None for f in view.without_interest_data)
    assert (view.considered, view.lacking_interest_data) == (4, 3)
    assert view.person_code == "EC"  # Enterprising 5, Conventional 5; nothing else ≥ 4


def test_fit_view_interests_only(fixture_store):
    view = fit_view(fixture_store, ANSWERS, group_families=False)
    got = [(f.occupation.label, round(f.combined, 6)) for f in view.roles]
    assert got == [
        ("ICT project manager", round(ICT_PM_INTEREST, 6)),
        ("mobile app developer", round(DEVELOPER_INTEREST, 6)),
        ("software developer", round(DEVELOPER_INTEREST, 6)),
        ("user interface developer", round(WEB_INTEREST, 6)),
        ("web developer", round(WEB_INTEREST, 6)),
    ]
    assert all(f.skill_part is None and f.weights == (0.0, 1.0) for f in view.roles)
    assert view.without_interest_data == () and view.lacking_interest_data == 3


def test_fit_view_one_per_family_and_other_fields(fixture_store, ids):
    grouped = fit_view(fixture_store, ANSWERS)
    # the four developers are one family: the best-fitting one stands for them
    assert [f.occupation.label for f in grouped.roles] == ["ICT project manager", "mobile app developer"]
    other = fit_view(fixture_store, ANSWERS, other_fields_from=ids["software developer"])
    assert [f.occupation.label for f in other.roles] == ["ICT project manager"]


def test_fit_rejects_bad_input(fixture_store, ids):
    with pytest.raises(InvalidArgumentError, match="at least one"):
        fit_view(fixture_store, {})
    with pytest.raises(InvalidArgumentError, match="cannot both be 0"):
        fit_view(fixture_store, ANSWERS, skill_weight=0, interest_weight=0)
    with pytest.raises(UnknownOccupationError):
        role_fit(fixture_store, "http://data.europa.eu/esco/occupation/nope", ANSWERS)
    with pytest.raises(UnknownSkillError):
        fit_view(fixture_store, ANSWERS, ["http://data.europa.eu/esco/skill/nope"])
