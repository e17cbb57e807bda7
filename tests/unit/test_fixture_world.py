"""The shared fixtures themselves (tests/conftest.py) and the facts tests/fixtures/README.md
promises about the store built from them."""

from __future__ import annotations

import zipfile

from fixture_world import ESCO_CLASSIFICATION_FILES, ESCO_CLASSIFICATION_ZIP, ESCO_RELATION_FILES, ESCO_RELATIONS_ZIP

from skillgraph.graph.memory_store import MemoryStore
from skillgraph.queries.profile import occupation_profile
from skillgraph.queries.search import resolve_occupation


def test_fixture_data_dir_is_laid_out_like_shared_data(fixture_data_dir):
    esco = fixture_data_dir / "esco-v1.1.1"
    assert sorted(p.name for p in esco.iterdir()) == sorted([ESCO_CLASSIFICATION_ZIP, ESCO_RELATIONS_ZIP])
    with zipfile.ZipFile(esco / ESCO_CLASSIFICATION_ZIP) as archive:
        assert sorted(archive.namelist()) == sorted(ESCO_CLASSIFICATION_FILES)
    with zipfile.ZipFile(esco / ESCO_RELATIONS_ZIP) as archive:
        assert sorted(archive.namelist()) == sorted(ESCO_RELATION_FILES)
    assert (fixture_data_dir / "onet-29.3" / "db_29_3_text" / "Occupation Data.txt").is_file()
    assert sorted(p.name for p in (fixture_data_dir / "crosswalks").iterdir()) == [
        "esco_onet_crosswalk_Nov2020.csv",
        "onet-soc-2010_to_2019_Crosswalk.csv",
    ]


def test_fixture_settings_point_at_the_fixture_data_and_a_private_cache(fixture_settings, fixture_data_dir, tmp_path):
    assert fixture_settings.data_dir == fixture_data_dir
    assert fixture_settings.cache_dir.is_relative_to(tmp_path)
    assert fixture_settings.home_dir.is_relative_to(tmp_path)
    assert fixture_settings.backend == "memory"


def test_fixture_store_counts(fixture_store):
    assert isinstance(fixture_store, MemoryStore)
    meta = fixture_store.meta()
    assert meta.node_counts == {
        "IscoGroup": 11,
        "Knowledge": 16,
        "Occupation": 14,
        "Skill": 21,
        "SkillGroup": 32,
        "Technology": 22,
    }
    edges = dict(meta.edge_counts)
    assert edges.pop("SIMILAR_TO") > 0
    assert edges == {"BROADER": 34, "IN_GROUP": 33, "REQUIRES": 126, "SAME_AS": 9, "USES": 37}
    assert dict(meta.skipped) == {
        "occupation–skill relation names an occupation not in occupations_en": 2,
        "crosswalk row names an ESCO occupation not in occupations_en": 1,
        "crosswalk maps to an O*NET-SOC 2019 code not in this O*NET release": 1,
    }
    assert meta.versions == {"ESCO": "1.1.1", "O*NET": "29.3", "crosswalk": "Nesta Nov 2020 + O*NET-SOC 2010→2019"}


def test_fixture_ids(fixture_ids, fixture_store):
    assert fixture_ids["ICT project manager"] == "http://data.europa.eu/esco/occupation/0cc00001-5e1f-4c7a-9d2b-000000000001"
    assert fixture_ids["Information Technology Project Managers"] == "15-1299.09"
    assert len(fixture_ids) == 8 + 27 + 6
    assert set(fixture_store.nodes(fixture_ids.values())) == set(fixture_ids.values())


def test_the_ict_project_manager_profile_on_the_fixture(fixture_store):
    profile = occupation_profile(fixture_store, resolve_occupation(fixture_store, "ICT project manager"))
    assert [(s.group_label, [i.label for i in s.items]) for s in profile.essential_skills] == [
        ("directing, supervising and coordinating projects", ["manage ICT project", "perform project management"]),
        ("estimating resource needs", ["estimate duration of work", "perform resource planning"]),
        ("organising, planning and scheduling work and activities", ["manage budgets"]),
    ]
    assert [k.label for k in profile.knowledge] == [
        "ICT project management",
        "ICT project management methodologies",
        "internal risk management policy",
        "Agile project management",
    ]
    assert [c.label for c in profile.cross_sector] == ["quality standards", "work in teams"]
    assert [o.label for o in profile.optional_skills] == [
        "coach employees",
        "digital communication and collaboration",
        "organise project meetings",
    ]
    assert [(t.label, t.hot) for t in profile.technologies][:2] == [("Atlassian JIRA", True), ("Microsoft Excel", True)]
    assert [t.label for t in profile.tools] == ["Desktop computers", "Laptop computers", "Smartphones"]
    assert (profile.job_zone, profile.details_source, profile.education) == (4, "15-1299.09", "Bachelor's Degree")
    assert profile.tasks[0] == "Manage project execution to ensure adherence to budget, schedule, and scope."
    assert [i.code for i in profile.isco_groups] == ["1330", "133", "13", "1"]
    assert profile.essential_count == 10


def test_the_narrower_occupation_profile_shows_its_broader_one_and_the_inherited_match(fixture_store, fixture_ids):
    profile = occupation_profile(fixture_store, fixture_ids["mobile app developer"])
    assert [b.label for b in profile.broader] == ["software developer"]
    assert [(m.id, m.inherited) for m in profile.crosswalk] == [("15-1252.00", True)]
    assert profile.job_zone == 4
    broader = occupation_profile(fixture_store, fixture_ids["software developer"])
    assert [n.label for n in broader.narrower] == ["mobile app developer"]
