"""Tiny hand-built graphs (the shape loaders/build.py produces) for engine tests.

ESCO world (``esco_world``)::

    concepts: s1, s2 (Skill, group g1), s3 (Skill, group g2), k1 (Knowledge, group g3)
    A "analyst"      ISCO 2511, job zone 3: s1 essential, s2 essential, k1 optional
    B "builder"      ISCO 2512, job zone 4: s1 essential, s3 essential
    C "coordinator"  ISCO 2512, job zone 5: s3 essential, k1 essential

O*NET world (``onet_tech_world``): three occupations described only by technologies:
P uses t1, t2; Q uses t1; R uses t2, t3.
"""

from __future__ import annotations

import networkx as nx

ESCO = "ESCO"
ONET = "O*NET"


def _occupation(graph, node, label, source, **props):
    graph.add_node(node, kind="Occupation", id=node, label=label, source=source, **props)


def _concept(graph, node, kind, group):
    graph.add_node(
        node,
        kind=kind,
        id=node,
        label=f"{node} label",
        source=ESCO,
        group_id=group,
        group_path=(group,),
        skill_type="knowledge" if kind == "Knowledge" else "skill/competence",
        reuse_level="cross-sector",
    )


def esco_world() -> nx.DiGraph:
    g = nx.DiGraph()
    for group in ("g1", "g2", "g3"):
        g.add_node(group, kind="SkillGroup", id=group, label=f"group {group}", source=ESCO)
    _concept(g, "s1", "Skill", "g1")
    _concept(g, "s2", "Skill", "g1")
    _concept(g, "s3", "Skill", "g2")
    _concept(g, "k1", "Knowledge", "g3")
    _occupation(g, "A", "analyst", ESCO, isco_code="2511", job_zone=3, essential_count=2)
    _occupation(g, "B", "builder", ESCO, isco_code="2512", job_zone=4, essential_count=2)
    _occupation(g, "C", "coordinator", ESCO, isco_code="2512", job_zone=5, essential_count=2)
    for occupation, concept, relation in (
        ("A", "s1", "essential"),
        ("A", "s2", "essential"),
        ("A", "k1", "optional"),
        ("B", "s1", "essential"),
        ("B", "s3", "essential"),
        ("C", "s3", "essential"),
        ("C", "k1", "essential"),
    ):
        g.add_edge(occupation, concept, kind="REQUIRES", relation=relation)
    for concept in ("s1", "s2", "s3", "k1"):
        g.add_edge(concept, g.nodes[concept]["group_id"], kind="IN_GROUP")
    return g


def onet_tech_world() -> nx.DiGraph:
    g = nx.DiGraph()
    for code, label in (("11-1111.00", "P"), ("11-1112.00", "Q"), ("11-1113.00", "R")):
        _occupation(g, code, label, ONET, code=code)
    for tech in ("t1", "t2", "t3"):
        g.add_node(tech, kind="Technology", id=tech, label=tech, source=ONET, category="software")
    for code, tech in (
        ("11-1111.00", "t1"),
        ("11-1111.00", "t2"),
        ("11-1112.00", "t1"),
        ("11-1113.00", "t2"),
        ("11-1113.00", "t3"),
    ):
        g.add_edge(code, tech, kind="USES", hot=False, in_demand=False)
    return g
