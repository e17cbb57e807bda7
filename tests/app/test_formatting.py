"""Display helpers: Markdown escaping, URL ids, the illustrative day, key skills."""

from __future__ import annotations

import pytest

from skillgraph.app.views import formatting as fmt
from skillgraph.queries.profile import occupation_profile


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "**bold** _it_ `code` [a](https://x.y) ![i](https://x.y/i.png)",
        ":red[alert] :material/home: $x^2$ ~~s~~ # head",
        "R&amp;D 1. item - item + item | a | b |",
        "back\\slash",
    ],
)
def test_md_escapes_every_markdown_and_html_character(text):
    escaped = fmt.md(text)
    # Every ASCII punctuation character is preceded by a backslash: nothing stays markup.
    i = 0
    while i < len(escaped):
        ch = escaped[i]
        if ch == "\\":
            assert i + 1 < len(escaped) and not escaped[i + 1].isalnum()
            i += 2
            continue
        assert ch.isalnum() or ch.isspace() or ch in ",", f"{ch!r} left unescaped in {escaped!r}"
        i += 1
    # Removing the escapes gives the text back.
    assert escaped.replace("\\\\", "\0").replace("\\", "").replace("\0", "\\") == text


def test_md_keeps_one_line():
    assert fmt.md("a\nb") == "a b"


def test_url_ids_round_trip():
    uri = "http://data.europa.eu/esco/occupation/8b6388a4-4904-471b-9331-d3b1211f5525"
    assert fmt.to_param(uri) == "8b6388a4-4904-471b-9331-d3b1211f5525"
    assert fmt.from_param(fmt.to_param(uri)) == uri
    assert fmt.to_param("15-1299.09") == fmt.from_param("15-1299.09") == "15-1299.09"
    assert fmt.from_param(" ICT project manager ") == "ICT project manager"
    # Only real ESCO occupation URIs are shortened.
    assert fmt.to_param("http://data.europa.eu/esco/skill/abc") == "http://data.europa.eu/esco/skill/abc"


def test_numbers_and_words():
    assert fmt.pct(0.4865) == "49 %" and fmt.pct(None) == "–"
    assert fmt.plural(1, "skill") == "1 skill" and fmt.plural(3, "skill") == "3 skills"
    assert fmt.article("ICT project manager") == "an" and fmt.article("nurse") == "a" and fmt.article("engineer") == "an"
    assert fmt.truncate("one two three four", 10) == "one two…"
    assert fmt.join_labels(["a", "b", "c"], escape=False) == "a, b and c"
    assert fmt.join_labels(["a", "b", "c", "d"], 2, escape=False) == "a, b and 2 more"
    assert fmt.job_zone_summary(4, "Considerable Preparation Needed") == "Job zone 4 of 5 — Considerable Preparation Needed"
    assert fmt.job_zone_summary(None) == ""


def test_day_in_the_life_uses_tasks_then_skills(fixture_store, fixture_ids):
    with_tasks = occupation_profile(fixture_store, fixture_ids["ICT project manager"])
    slots, basis = fmt.day_in_the_life(with_tasks)
    assert basis == "tasks"
    assert [s.time for s in slots] == ["09:00", "10:30", "12:00", "14:00", "15:30"][: len(slots)]
    assert [s.title for s in slots] == list(with_tasks.tasks[: len(slots)])
    without = occupation_profile(fixture_store, fixture_ids["programme manager"])
    slots, basis = fmt.day_in_the_life(without)
    assert basis == "skills" and slots
    essential = {i.label for s in without.essential_skills for i in s.items}
    assert {s.title for s in slots} <= essential and all(s.detail for s in slots)


def test_key_skills_span_the_skill_groups_first(fixture_store, fixture_ids):
    profile = occupation_profile(fixture_store, fixture_ids["ICT project manager"])
    firsts = [s.items[0].label for s in profile.essential_skills]
    assert [r.label for r in fmt.key_skills(profile, len(firsts))] == firsts
    onet = occupation_profile(fixture_store, "15-1299.09")
    importances = [r.importance for r in fmt.key_skills(onet)]
    assert importances == sorted(importances, reverse=True)
