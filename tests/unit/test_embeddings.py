"""The taxonomy embedding cache (queries.embeddings) on the fixture world, with a small
deterministic stand-in encoder (no model needed): where the files go, their format (no
pickle), reuse across stores and data versions, damaged files, and what is embedded."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from fixture_world import settings_for

from skillgraph.app.workspace import open_memory_store
from skillgraph.queries import embeddings as emb


class CountingEncoder:
    """A bag-of-hashed-words encoder: equal texts, equal vectors; counts what it embeds."""

    name = "test-encoder@1"
    dim = 16

    def __init__(self) -> None:
        self.embedded = 0

    def encode(self, texts, *, batch_size=64, progress=None):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.split() or [""]:
                out[i, hashlib.sha256(word.encode()).digest()[0] % self.dim] += 1.0
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        self.embedded += len(texts)
        if progress is not None:
            progress(len(texts), len(texts))
        return out


def fresh_store(data_dir, base):
    return open_memory_store(settings_for(data_dir, base)).store


def test_first_build_writes_the_cache_then_it_is_read(fixture_data_dir, tmp_path):
    cache = tmp_path / "cache"
    encoder = CountingEncoder()
    calls = []
    report = emb.prepare_embeddings(
        fresh_store(fixture_data_dir, tmp_path / "a"),
        encoder=encoder,
        cache_dir=cache,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert report.state == "built" and report.embedded == report.texts == encoder.embedded > 0
    assert calls and calls[-1][0] == calls[-1][1]  # progress shown
    files = sorted(p.name for p in (cache / "embeddings").iterdir() if not p.name.startswith("."))
    assert [f.rsplit(".", 1)[1] for f in files] == ["json", "npz"]
    # an other store over the same data (another snapshot) reads it: nothing embedded again
    second = CountingEncoder()
    again = emb.prepare_embeddings(fresh_store(fixture_data_dir, tmp_path / "b"), encoder=second, cache_dir=cache)
    assert again.state == "cached" and second.embedded == 0 and again.texts == report.texts


def test_the_arrays_load_without_pickle(fixture_store, tmp_path):
    emb.prepare_embeddings(fixture_store, encoder=CountingEncoder(), cache_dir=tmp_path)
    (npz,) = (tmp_path / "embeddings").glob("*.npz")
    with np.load(npz, allow_pickle=False) as archive:
        assert archive["vectors"].dtype == np.float16
        assert all(archive[name].dtype != object for name in archive.files)
    (meta,) = (tmp_path / "embeddings").glob("*.json")
    assert json.loads(meta.read_text(encoding="utf-8"))["model"] == CountingEncoder.name


def test_skill_labels_descriptions_and_occupation_titles_are_embedded(fixture_store, tmp_path):
    value = emb.taxonomy_embeddings(fixture_store, encoder=CountingEncoder(), cache_dir=tmp_path)
    skills = value.skills
    budgets = next(c for c in skills.concept_ids if fixture_store.node(c)["label"] == "manage budgets")
    p = skills.position[budgets]
    assert skills.texts[skills.row_text[skills.label_row[p]]] == "manage budgets"
    assert skills.description_row[p] >= 0
    titles = {value.occupations.texts[t] for t in value.occupations.row_text}
    assert "ict project manager" in titles
    assert len(value.occupations.row_text) > len(value.occupations.concept_ids)  # alternative titles too


def test_new_data_embeds_only_its_new_texts(make_data_dir, tmp_path):
    cache = tmp_path / "cache"
    first = CountingEncoder()
    old = emb.prepare_embeddings(fresh_store(make_data_dir("v1"), tmp_path / "a"), encoder=first, cache_dir=cache)
    data = make_data_dir("v2", esco_zipped=False)
    skills = data / "esco-v1.1.1" / "skills_en.csv"
    skills.write_text(skills.read_text(encoding="utf-8").replace("manage budgets", "manage the budgets"), encoding="utf-8")
    second = CountingEncoder()
    new = emb.prepare_embeddings(fresh_store(data, tmp_path / "b"), encoder=second, cache_dir=cache)
    assert new.state == "built"
    assert 0 < new.embedded < old.embedded and new.reused == new.texts - new.embedded
    assert len(list((cache / "embeddings").glob("*.npz"))) == 2


def test_a_damaged_cache_is_rebuilt_not_an_error(fixture_data_dir, tmp_path):
    cache = tmp_path / "cache"
    emb.prepare_embeddings(fresh_store(fixture_data_dir, tmp_path / "a"), encoder=CountingEncoder(), cache_dir=cache)
    (npz,) = (cache / "embeddings").glob("*.npz")
    npz.write_bytes(b"not an npz file")
    encoder = CountingEncoder()
    report = emb.prepare_embeddings(fresh_store(fixture_data_dir, tmp_path / "b"), encoder=encoder, cache_dir=cache)
    assert report.state == "built" and encoder.embedded > 0


def test_a_cache_others_can_write_is_not_read(fixture_data_dir, tmp_path):
    cache = tmp_path / "cache"
    emb.prepare_embeddings(fresh_store(fixture_data_dir, tmp_path / "a"), encoder=CountingEncoder(), cache_dir=cache)
    for path in (cache / "embeddings").glob("*.*"):
        path.chmod(0o666)
    encoder = CountingEncoder()
    assert (
        emb.prepare_embeddings(fresh_store(fixture_data_dir, tmp_path / "b"), encoder=encoder, cache_dir=cache).state == "built"
    )


def test_status_and_no_model(fixture_store, tmp_path, monkeypatch):
    encoder = CountingEncoder()
    assert emb.embedding_status(fixture_store, encoder=encoder, cache_dir=tmp_path).state == "missing"
    emb.taxonomy_embeddings(fixture_store, encoder=encoder, cache_dir=tmp_path)
    assert emb.embedding_status(fixture_store, encoder=encoder, cache_dir=tmp_path).state == "ready"
    monkeypatch.setenv("SKILLGRAPH_TEXT_MODEL", "none")
    assert emb.embedding_status(fixture_store, cache_dir=tmp_path).state == "no-model"
    assert emb.prepare_embeddings(fixture_store, cache_dir=tmp_path).state == "no-model"
    assert emb.embeddings_for_query(fixture_store) is None


def test_an_unwritable_cache_folder_keeps_them_in_memory(fixture_data_dir, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    value = emb.taxonomy_embeddings(fresh_store(fixture_data_dir, tmp_path / "a"), encoder=CountingEncoder(), cache_dir=blocker)
    assert value is not None and value.path == ""


@pytest.mark.parametrize("bad", [0, -1])
def test_similar_concepts_checks_top(fixture_store, tmp_path, bad):
    value = emb.taxonomy_embeddings(fixture_store, encoder=CountingEncoder(), cache_dir=tmp_path)
    with pytest.raises(ValueError, match="top"):
        emb.similar_concepts(value, top=bad)


def test_a_query_vector_is_remembered_and_equal(fixture_store, tmp_path):
    encoder = CountingEncoder()
    value = emb.taxonomy_embeddings(fixture_store, encoder=encoder, cache_dir=tmp_path)
    emb.clear_query_cache()
    before = encoder.embedded
    first = value.encode(["Project  Manager"])
    again = value.encode(["project manager"])
    assert encoder.embedded == before + 1
    assert np.array_equal(first, again)
    again[0, 0] = 99.0  # a copy: the remembered vector is not changed through it
    assert not np.array_equal(value.encode(["project manager"]), again)


def test_two_pages_starting_the_background_build_at_once_do_not_hang(fixture_store, tmp_path, monkeypatch):
    # The race the app has (its warm-up thread and the first page): the first status check
    # sees no build, another caller starts one before this one takes the lock. This caller
    # must then report the running build, not wait for ever on the lock it holds.
    import threading

    encoder = CountingEncoder()
    entry = emb._entry(fixture_store, encoder.name, emb.embeddings_dir(tmp_path))
    real_status = emb.embedding_status
    calls = []

    def status(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # the first check, before the other caller set `building`
            entry.building = True
            return emb.EmbeddingStatus("missing")
        return real_status(*args, **kwargs)

    monkeypatch.setattr(emb, "embedding_status", status)
    result = []
    caller = threading.Thread(
        target=lambda: result.append(emb.start_background_build(fixture_store, encoder=encoder, cache_dir=tmp_path)),
        daemon=True,
    )
    caller.start()
    caller.join(timeout=20)
    assert not caller.is_alive(), "start_background_build hung on its own lock"
    assert result[0].state == "building"
    entry.building = False
