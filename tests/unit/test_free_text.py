"""Free-text skill matching (queries.free_text) on the fixture world: realistic CV and
job-ad paragraphs, inflections, typos, coordination, positions, and no junk.

These are the lexical matcher's tests: the language model is switched off for every test
here (``SKILLGRAPH_TEXT_MODEL=none``, as on a machine without the model), so
``match_free_text`` takes its fallback path; tests/unit/test_text_skills.py covers the
path by meaning."""

from __future__ import annotations

import pytest

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.queries.free_text import MAX_TEXT_LENGTH, match_free_text, normalise_words, stem

PM_CV = """Project manager, Northwind Logistics (2017–2024)
- Managed budgets of up to EUR 3m for warehouse automation programmes and reported monthly to the board.
- Managed staff of 12 across two depots; coached employees new to agile ways of working.
- Estimated the duration of work with the engineering leads and performed resource planning for three parallel projects.
- Performed project management for the move to a new transport management system."""

JOB_AD = """We are looking for an ICT project manager to manage ICT projects from kick-off to closure.
You will control budgets, plan resources for each phase and work in teams with developers and testers."""

DEVELOPER_CV = """Software developer with five years of Python. I debug code daily, build software prototypes
for new features and apply software design patterns; I also designed the user interface of our booking app."""

PLAIN = """I enjoy walking my dog, cooking for friends and reading crime novels on the train.
Last summer we travelled to Portugal and stayed in a small village by the sea."""


@pytest.fixture(autouse=True)
def _lexical_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLGRAPH_TEXT_MODEL", "none")


def labels(result) -> list[str]:
    return [c.label for c in result.candidates]


def test_stem_conflates_simple_inflections():
    assert {stem(w) for w in ("manage", "manages", "managing", "managed")} == {"manag"}
    assert stem("budget") == stem("budgets")
    assert stem("planning") == stem("plan") == stem("planned")
    assert stem("organize") == stem("organise") == stem("organising")
    assert stem("analyses") == stem("analysis")
    assert stem("use") == stem("used") == stem("uses") == stem("using")
    # a noun of another word family stays apart
    assert stem("manager") != stem("manage")
    assert normalise_words("Managed the budgets, C++ and C#.") == ["manag", "the", "budget", "c++", "and", "c#"]


def test_project_manager_cv_finds_its_skills(fixture_store):
    found = match_free_text(fixture_store, PM_CV)
    assert set(labels(found)) == {
        "manage budgets",
        "manage staff",
        "coach employees",
        "estimate duration of work",
        "perform resource planning",
        "perform project management",
    }
    by_label = {c.label: c for c in found.candidates}
    assert by_label["manage budgets"].matched_text == "Managed budgets"
    assert by_label["manage budgets"].method == "inflected" and by_label["manage budgets"].confidence == 1.0
    # "the" between the words is skipped at a small cost
    assert by_label["estimate duration of work"].matched_text == "Estimated the duration of work"
    assert by_label["estimate duration of work"].confidence == pytest.approx(0.95)


def test_candidates_point_at_their_words_in_text_order(fixture_store):
    found = match_free_text(fixture_store, PM_CV)
    for candidate in found.candidates:
        assert PM_CV[candidate.start : candidate.end] == candidate.matched_text
    starts = [c.start for c in found.candidates]
    assert starts == sorted(starts)
    assert len(set(found.ids)) == len(found.ids)  # one candidate per concept


def test_job_ad_matches_alternative_labels(fixture_store):
    found = match_free_text(fixture_store, JOB_AD)
    by_label = {c.label: c for c in found.candidates}
    assert set(by_label) == {"manage ICT project", "manage budgets", "perform resource planning", "work in teams"}
    assert by_label["manage budgets"].matched_label == "control budgets"
    assert by_label["manage budgets"].matched_field == "alt_label"
    assert by_label["manage budgets"].confidence == pytest.approx(0.9)
    assert by_label["perform resource planning"].matched_text == "plan resources"
    # the ICT project manager *occupation* title is not a skill and does not match a skill label
    assert all("ICT project manager" != c.matched_text for c in found.candidates)


def test_developer_cv_finds_skills_and_one_word_names(fixture_store):
    found = match_free_text(fixture_store, DEVELOPER_CV)
    assert set(labels(found)) == {
        "Python (computer programming)",
        "debug software",
        "develop software prototype",
        "use software design patterns",
        "design user interface",
    }
    python = next(c for c in found.candidates if c.label.startswith("Python"))
    # the preferred label without its qualifier: a one-word name, 1.0 × 0.75
    assert python.matched_text == "Python" and python.matched_field == "label"
    assert python.confidence == pytest.approx(0.75)


def test_plain_text_about_hobbies_matches_nothing(fixture_store):
    assert match_free_text(fixture_store, PLAIN).candidates == ()


def test_coordinated_objects_share_their_verb(fixture_store):
    found = match_free_text(fixture_store, "Managed budgets, staff and suppliers for the northern region.")
    by_label = {c.label: c for c in found.candidates}
    assert set(by_label) == {"manage budgets", "manage staff"}
    assert by_label["manage staff"].matched_text == "Managed budgets, staff"
    assert by_label["manage staff"].confidence == pytest.approx(0.8)


def test_coordination_needs_a_leading_verb(fixture_store):
    # "design" is a noun here: "design patterns and software" must not read as "design software"
    found = match_free_text(fixture_store, "We reviewed the system design patterns and software budgets.")
    assert "design user interface" not in labels(found)
    assert all(c.matched_text.lower() != "design patterns and software" for c in found.candidates)


def test_phrases_do_not_cross_sentences(fixture_store):
    assert "manage budgets" not in labels(match_free_text(fixture_store, "Our team was well managed. Budgets were tight."))


def test_typos_are_read_as_the_closest_label_word(fixture_store):
    found = match_free_text(fixture_store, "Managed budjets and supervised staf across sites; debuged sofware.")
    by_label = {c.label: c for c in found.candidates}
    assert "manage budgets" in by_label
    assert by_label["manage budgets"].method == "fuzzy"
    assert by_label["manage budgets"].confidence < 0.9
    assert ("budjets", "budget") in found.corrected


def test_a_longer_match_hides_the_shorter_one_inside_it(fixture_store):
    # "ICT project management" (knowledge) lies inside "ICT project management methodologies"
    found = match_free_text(fixture_store, "Trained in ICT project management methodologies.")
    assert labels(found) == ["ICT project management methodologies"]


def test_min_confidence_and_limit(fixture_store):
    everything = match_free_text(fixture_store, JOB_AD)
    strict = match_free_text(fixture_store, JOB_AD, min_confidence=0.95)
    assert set(strict.ids) < set(everything.ids)
    assert all(c.confidence >= 0.95 for c in strict.candidates)
    two = match_free_text(fixture_store, JOB_AD, limit=2)
    assert len(two.candidates) == 2
    # the most confident are kept
    assert min(c.confidence for c in two.candidates) >= max(c.confidence for c in everything.candidates if c.id not in two.ids)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, "Paste some text"),
        ({"text": "x" * (MAX_TEXT_LENGTH + 1)}, "at most"),
        ({"text": "manage budgets", "min_confidence": 1.5}, "min_confidence"),
        ({"text": "manage budgets", "limit": 0}, "limit"),
        ({"text": "manage budgets", "source": "ISCO"}, "source"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(fixture_store, kwargs, message):
    with pytest.raises(InvalidArgumentError, match=message):
        match_free_text(fixture_store, **kwargs)


def test_an_ordinary_word_stands_alone_only_outside_a_compound(fixture_store):
    # "teamwork" is an alternative label of "work in teams"
    alone = match_free_text(fixture_store, "Known for teamwork.")
    assert labels(alone) == ["work in teams"] and alone.candidates[0].confidence == pytest.approx(0.9 * 0.6)
    assert match_free_text(fixture_store, "Ran teamwork workshops for new hires.").candidates == ()


def test_without_the_model_the_lexical_matcher_answers(fixture_store):
    found = match_free_text(fixture_store, PM_CV)
    assert found.method == "lexical" and found.notice == ""
    assert "manage budgets" in labels(found)
