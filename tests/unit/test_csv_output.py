"""CSV the product writes: no cell a spreadsheet would run as a formula (OWASP CSV
injection), the shared writer used by ``export similar``, and one-line errors for a
file that cannot be written."""

from __future__ import annotations

import csv
import io

import pytest
from fixture_world import settings_for

from skillgraph.app.cli import main
from skillgraph.graph.errors import OutputError
from skillgraph.queries.csv_writer import csv_file, safe_cell

WEB_DEV = "http://data.europa.eu/esco/occupation/0cc00007-5e1f-4c7a-9d2b-000000000007"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),
        ("＝1+1", "'＝1+1"),
        ("web developer", "web developer"),
        ("-0.250000", "-0.250000"),
        ("1e-3", "1e-3"),
        ("", ""),
        (7, 7),
        (None, None),
    ],
)
def test_safe_cell(cell, written):
    assert safe_cell(cell) == written


def test_csv_file_writes_atomically_and_neutralises_cells(tmp_path):
    out = tmp_path / "sub" / "x.csv"
    with csv_file(out) as writer:
        writer.writerow(("id", "label"))
        writer.writerows([("a", "=1+1"), ("b", 'say "hi", then\nleave')])
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows == [["id", "label"], ["a", "'=1+1"], ["b", 'say "hi", then\nleave']]
    assert sorted(p.name for p in out.parent.iterdir()) == ["x.csv"]


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path):
    out = tmp_path / "x.csv"
    with pytest.raises(RuntimeError):
        with csv_file(out) as writer:
            writer.writerow(("id",))
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("target", ["/proc/x.csv", "/proc/no/such/folder/x.csv"])
def test_an_unwritable_path_is_an_output_error(target):
    with pytest.raises(OutputError, match=f"cannot write {target}: "):
        with csv_file(target) as writer:
            writer.writerow(("id",))


@pytest.fixture
def env(make_data_dir, tmp_path, monkeypatch):
    """A fixture world whose web developer is called '=HYPERLINK(…)', and the CLI pointed at it."""
    root = make_data_dir(esco_zipped=False)
    path = root / "esco-v1.1.1" / "occupations_en.csv"
    evil = '=HYPERLINK(""http://evil.example"",""web developer"")'
    data = path.read_bytes()
    path.write_bytes(data.replace(b",web developer,", f',"{evil}",'.encode(), 1))
    settings = settings_for(root, tmp_path)
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(root))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(settings.cache_dir))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(settings.home_dir))
    monkeypatch.setenv("SKILLGRAPH_VIABILITY_THRESHOLD", "0.5")
    return tmp_path


def test_export_similar_writes_formula_labels_as_text(env, capsys):
    out = env / "similar.csv"
    assert main(["export", "similar", "--top", "5", "--out", str(out)]) == 0
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    labels = {r["origin_label"] for r in rows if r["origin_id"] == WEB_DEV}
    assert labels == {'\'=HYPERLINK("http://evil.example","web developer")'}
    targets = {r["target_label"] for r in rows if r["target_id"] == WEB_DEV}
    assert targets == labels
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r.values())


def test_export_to_an_unwritable_path_is_one_line(env, capsys):
    assert main(["export", "similar", "--out", "/proc/x.csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write /proc/x.csv: ") and err.count("\n") == 1
    assert "Traceback" not in err
