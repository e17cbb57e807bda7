"""The two ESCO–O*NET crosswalks on the full data, alone and together: what each maps.

Counts on ESCO v1.1.1 + O*NET 29.3 (the README's table "What each crosswalk maps"). The
graph is built without the similarity step (the crosswalk part is all that differs).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from skillgraph.loaders.build import build_graph
from skillgraph.loaders.sources import _for_choice, sources_in

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def built(full_data_dir):
    base = sources_in(full_data_dir, origin="test")
    assert any(p.name == "raw_crosswalk_esco_onet.csv" for p in base.crosswalk)
    out = {}
    for choice in ("official", "nesta", "both"):
        sources = replace(base, crosswalk_source=choice, crosswalk=_for_choice(base.crosswalk, choice))
        out[choice] = build_graph(sources)
    return out


def mapped(result) -> set[str]:
    return {s for s, _, kind in result.graph.edges(data="kind") if kind == "SAME_AS"}


def note(result, start: str) -> str:
    (found,) = [n for n in result.report.notes if n.startswith(start)]
    return found


def test_official(built):
    result = built["official"]
    assert len(mapped(result)) == 2776
    assert note(result, "Crosswalk official") == (
        "Crosswalk official (4,253 rows) maps 2,609 ESCO and 940 O*NET occupations of this data; used for 2,776 ESCO "
        "occupations (2,609 directly, 141 through a broader occupation, 26 through their ISCO group) ↔ 875 O*NET "
        "occupations; 687 looser matches set aside where the same ESCO occupation has a closer one"
    )
    assert result.versions["crosswalk"] == "official EC/USDOL Sep 2022"


def test_nesta(built):
    result = built["nesta"]
    assert len(mapped(result)) == 2922
    assert note(result, "2922 of 3007 ESCO occupations mapped to O*NET (1679 directly, 1243 through a broader occupation)")


def test_both_official_first(built):
    result = built["both"]
    assert len(mapped(result)) == 2976
    assert note(result, "Crosswalk nesta").endswith(
        "used for the ESCO occupations the official one leaves out: 226 ESCO occupations "
        "(222 directly, 4 through a broader occupation) ↔ 162 O*NET occupations"
    )
    assert mapped(built["official"]) | mapped(built["nesta"]) >= mapped(result)


def test_the_seed_role_keeps_its_exact_match(built):
    """ICT project manager: the official exactMatch (Information Technology Project
    Managers) wins over its broadMatch (Project Management Specialists)."""
    for choice in ("official", "both"):
        graph = built[choice].graph
        ict_pm = next(n for n, d in graph.nodes(data=True) if d.get("label") == "ICT project manager")
        edges = {t: d for t, d in graph.succ[ict_pm].items() if d["kind"] == "SAME_AS"}
        assert {t: (d["match"], d["confidence"]) for t, d in edges.items()} == {"15-1299.09": ("exactMatch", 2.0)}
        assert graph.nodes[ict_pm]["job_zone_source"] == "15-1299.09"
