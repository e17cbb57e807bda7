"""The ``skillgraph`` CLI (app.cli.main) on the fixture world: load, stats, search, show,
and how errors are reported."""

from __future__ import annotations

import json

import pytest

from skillgraph.app.cli import main

ICT_PM = "http://data.europa.eu/esco/occupation/0cc00001-5e1f-4c7a-9d2b-000000000001"
UNKNOWN_OCCUPATION = "http://data.europa.eu/esco/occupation/0cc00099-5e1f-4c7a-9d2b-000000000099"


@pytest.fixture
def env(monkeypatch, tmp_path, fixture_data_dir):
    """SKILLGRAPH_* pointing at the fixture data and a private cache; wide output so that
    table cells are not cut."""
    for name in ("SKILLGRAPH_BACKEND", "SKILLGRAPH_NEO4J_URI", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(fixture_data_dir))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "400")
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_load_prints_counts_skips_and_writes_the_snapshot(env, capsys):
    code, out, err = run(capsys, "load")
    assert code == 0, err
    lines = out.splitlines()

    def row(label: str) -> list[str]:
        found = [line for line in lines if f" {label} " in line and "│" in line]
        assert found, label
        return [cell.strip() for cell in found[0].split("│") if cell.strip()]

    assert row("Occupation") == ["Occupation", "14"]
    assert row("Skill") == ["Skill", "21"]
    assert row("Knowledge") == ["Knowledge", "16"]
    assert row("Technology") == ["Technology", "22"]
    assert row("REQUIRES") == ["REQUIRES", "126"]
    assert row("SAME_AS") == ["SAME_AS", "9"]
    assert row("occupation–skill relation names an occupation not in occupations_en") == [
        "occupation–skill relation names an occupation not in occupations_en",
        "2",
    ]
    assert f"occupationSkillRelations.csv, line 46: {UNKNOWN_OCCUPATION}" in out
    assert "Snapshot written" in out
    assert list((env / "cache" / "snapshots").glob("graph-*.snapshot"))

    code, out, _ = run(capsys, "load")
    assert code == 0 and "Snapshot up to date" in out


def test_stats_prints_the_counts(env, capsys):
    code, out, err = run(capsys, "stats")
    assert code == 0, err
    assert "Occupation" in out and "14" in out
    assert "ESCO" in out and "1.1.1" in out and "29.3" in out


def test_search_finds_an_alt_label_despite_a_typo(env, capsys):
    code, out, err = run(capsys, "search", "IT projekt manager")
    assert code == 0, err
    assert "ICT project manager" in out
    assert "IT project manager" in out  # the alt label that matched
    code, out, _ = run(capsys, "search", "IT projekt manager", "--source", "ESCO", "--json")
    matches = json.loads(out)
    assert matches[0]["id"] == ICT_PM
    assert (matches[0]["matched_field"], matches[0]["matched_text"]) == ("alt_label", "IT project manager")


def test_search_without_a_match_exits_1(env, capsys):
    code, out, _ = run(capsys, "search", "zzzz qqqq")
    assert code == 1
    assert "No occupation matches 'zzzz qqqq'." in out


def test_show_prints_the_profile_sections(env, capsys):
    code, out, err = run(capsys, "show", "ICT project manager")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "ICT project manager"
    assert f"ESCO · {ICT_PM} · code 1330.7" in out
    # Essential skills grouped by skill group, each group followed by its skills.
    start = lines.index("Essential skills (5), by skill group")
    section = lines[start + 1 : lines.index("", start)]
    assert section == [
        "  directing, supervising and coordinating projects",
        "    • manage ICT project  (sector-specific)",
        "    • perform project management  (cross-sector)",
        "  estimating resource needs",
        "    • estimate duration of work  (cross-sector)",
        "    • perform resource planning  (cross-sector)",
        "  organising, planning and scheduling work and activities",
        "    • manage budgets  (cross-sector)",
    ]
    start = lines.index("Knowledge areas (4)")
    assert lines[start + 1 : start + 5] == [
        "    • ICT project management  (sector-specific)",
        "    • ICT project management methodologies  (sector-specific)",
        "    • internal risk management policy  (sector-specific)",
        "    • Agile project management  (optional, sector-specific)",
    ]
    assert "    • quality standards  (cross-sector)" in lines
    # Technologies through the crosswalk, hot ones marked and first.
    start = lines.index("Software and technologies (6; ★ = hot technology, O*NET 15-1299.09)")
    assert lines[start + 1].strip().split("; ") == ["★ Atlassian JIRA", "★ Microsoft Excel", "★ Asana", "★ Microsoft Project"]
    assert lines[start + 2].strip().split("; ") == ["Airtable", "Smartsheet"]
    assert "Job zone: 4 – Considerable Preparation Needed" in out
    assert "O*NET match: Information Technology Project Managers (15-1299.09, confidence 1)" in out


def test_show_an_unknown_occupation_suggests_close_titles(env, capsys):
    code, out, err = run(capsys, "show", "ICT projekt manger of doom")
    assert code == 2
    assert "Unknown occupation" in err
    assert "Traceback" not in err + out


def test_missing_data_dir_is_one_clear_error_with_exit_code_3(env, capsys, monkeypatch):
    # 3, not 2: app/cli.py reserves it for "no data found" so that scripts can offer the download.
    missing = env / "no-such-folder"
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(missing))
    code, out, err = run(capsys, "stats")
    assert code == 3
    assert out == ""
    assert "Traceback" not in err
    text = " ".join(err.split())  # rich may wrap the line; compare the words
    assert text.startswith("error: ")
    assert f"SKILLGRAPH_DATA_DIR={missing} is not a folder" in text


def test_a_malformed_file_is_one_clear_error_with_exit_code_2(env, capsys, monkeypatch, make_data_dir):
    root = make_data_dir(esco_zipped=False)
    relations = root / "esco-v1.1.1" / "occupationSkillRelations.csv"
    relations.write_bytes(relations.read_bytes().replace(b",essential,", b",mandatory,", 1))
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(root))
    code, out, err = run(capsys, "load")
    assert code == 2
    assert "Traceback" not in err
    text = " ".join(err.split())
    assert text == (
        f"error: {relations}, line 2, column 'relationType': unknown relation type; "
        "expected essential or optional, found 'mandatory'"
    )
    assert not list((env / "cache").rglob("graph-*"))


def test_error_message_is_a_single_line_when_not_on_a_terminal(env, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(env / "no-such-folder"))
    code, _, err = run(capsys, "stats")
    assert code == 3
    assert len(err.strip().splitlines()) == 1
