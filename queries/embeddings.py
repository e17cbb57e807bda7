"""Sentence embeddings of the taxonomies' texts, computed once per data version and model,
cached on disk and shared by search and text → skills.

What is embedded
----------------
Every distinct text is embedded once (texts are compared lower-cased with runs of white
space collapsed: the model's tokenizer lower-cases anyway). The texts come from what the
store returns — :meth:`~skillgraph.graph.store.GraphStore.skill_search_entries`,
:meth:`~skillgraph.graph.store.GraphStore.occupation_search_entries` and the nodes'
descriptions — so the embedded store and Neo4j get the same vectors.

* **Skills and knowledge**: preferred labels and descriptions. Their alternative labels
  are left to the lexical matcher, which reads every one of them: on the SkillSkape dev
  sentences, adding the 97,483 alternative labels to the label vectors did not help
  when ranking concepts by each whole sentence's vector (R-Precision@5 0.354 with them,
  0.379 without; a fifth of the description's cosine added to the label's gives 0.393 —
  an earlier measurement, not :mod:`bench/text.py`'s, which scores the whole matcher),
  and they would cost 377,000 more tokens, two minutes of CPU.
* **Occupations**: preferred titles, ESCO alternative labels and O*NET alternate titles
  — what people type as job titles. An alternative title whose content words (stemmed,
  without function words) are those of a title already kept for the same occupation is
  folded into it ("managing director" / "director, managing"): the lexical search finds
  it, and its vector would be the same. Occupation descriptions are not embedded (a title
  is compared with titles).

On the full reference data that is 102,165 distinct texts, ~919,000 word pieces; see the
README ("Text and search") for the build time measured on two cores.

Where it is kept
----------------
In the program's cache folder beside the snapshots (``$SKILLGRAPH_CACHE_DIR/embeddings``),
never beside the data: ``<model>-<digest>.npz`` (float16 vectors, one row per text, and which concept and field
each row stands for) and ``<model>-<digest>.json`` (format, model, the texts in row order,
their count and digest, the concept ids). The digest is a SHA-256 over the texts themselves, so a rebuilt snapshot of the
same data (another engine version, another crosswalk) reuses the file, and a new data
release embeds only the texts it adds: the vectors of texts an older file of the same
model already holds are taken from it. The arrays are read with ``allow_pickle=False``
and checked (shape, type, finite, unit length, texts identical to what the store returns,
files owned by this user and writable by no one else); any mismatch is a rebuild, never
an error. Files are written to temporary names and renamed, the JSON last, under the
folder's build lock (a second process waits for the first build, then reads it).

Examples
--------
>>> embeddings = taxonomy_embeddings(store)  # doctest: +SKIP
>>> embeddings.skills.concept_ids[:1]  # doctest: +SKIP
('http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab',)
>>> similar_concepts(embeddings, top=5, min_cosine=0.8)[:1]  # doctest: +SKIP
[('http://data.europa.eu/esco/skill/…', 'http://data.europa.eu/esco/skill/…', 0.83)]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from skillgraph.graph.model import NodeKind
from skillgraph.graph.store import GraphStore, SearchEntry
from skillgraph.queries.text_encoder import TextEncoder, default_encoder

__all__ = [
    "TextIndex",
    "TaxonomyEmbeddings",
    "EmbeddingStatus",
    "BuildReport",
    "taxonomy_embeddings",
    "prepare_embeddings",
    "embedding_status",
    "start_background_build",
    "embeddings_for_query",
    "similar_concepts",
    "text_encoder",
    "embeddings_dir",
    "normalise_text",
    "clear_query_cache",
    "FORMAT_VERSION",
    "FIELDS",
]

log = logging.getLogger(__name__)

#: Bump when what is embedded or the file layout changes.
FORMAT_VERSION = 1
#: Field codes of :attr:`TextIndex.row_field`.
FIELDS = ("label", "alt_label", "alt_title", "description")
_FIELD_CODE = {name: code for code, name in enumerate(FIELDS)}
_CONCEPT_KINDS = {NodeKind.SKILL.value, NodeKind.KNOWLEDGE.value}
_KEEP_FILES = 3  # cache entries kept per model (older ones are removed after a build)

Progress = Callable[[int, int], None]


def normalise_text(text: str) -> str:
    """The form a text is embedded and looked up in: lower case, single spaces.

    Examples
    --------
    >>> normalise_text("  Manage   Budgets ")
    'manage budgets'
    """
    return " ".join(str(text).lower().split())


def embeddings_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the embeddings are cached: ``<cache folder>/embeddings``.

    Parameters
    ----------
    cache_dir : path-like, optional
        The program's cache folder; default ``SKILLGRAPH_CACHE_DIR`` (read now, not at import).
    """
    if cache_dir is None:
        from skillgraph.graph.settings import Settings

        cache_dir = Settings.from_env().cache_dir
    return Path(cache_dir) / "embeddings"


# -- the encoder, once per process -----------------------------------------------------------

_encoders: dict[str, TextEncoder | None] = {}
_encoders_lock = threading.Lock()


def text_encoder() -> TextEncoder | None:
    """The process's sentence encoder (:func:`~skillgraph.queries.text_encoder.default_encoder`),
    made once per value of ``SKILLGRAPH_TEXT_MODEL``; None when no model is installed."""
    from skillgraph.queries.text_encoder import MODEL_ENV

    choice = os.environ.get(MODEL_ENV, "").strip().lower()
    with _encoders_lock:
        if choice not in _encoders:
            _encoders[choice] = default_encoder()
        return _encoders[choice]


# -- what is embedded --------------------------------------------------------------------------


@dataclass(frozen=True)
class TextIndex:
    """The embedded texts of one kind of concept (skills or occupations).

    ``vectors[row_text[r]]`` is the vector of row ``r``, a (concept, field, text) triple:
    concept ``concept_ids[row_concept[r]]``, field ``FIELDS[row_field[r]]``. Rows are sorted
    by concept id, field and text, so both stores give the same index.
    """

    kind: str  # skill | occupation
    concept_ids: tuple[str, ...]
    position: dict[str, int]  # concept id → position in concept_ids
    vectors: np.ndarray  # float32 (texts, dim): one row per distinct text of this kind
    texts: tuple[str, ...]  # normalised text of each vector row, sorted
    row_text: np.ndarray  # int32
    row_concept: np.ndarray  # int32
    row_field: np.ndarray  # int8
    label_row: np.ndarray  # int32 (concepts,): the row of each concept's preferred label
    description_row: np.ndarray  # int32 (concepts,): its description's row, -1 if none

    def row_vectors(self) -> np.ndarray:
        """float32 ``(rows, dim)``: the vector of every row (a copy)."""
        return self.vectors[self.row_text]


@dataclass(frozen=True)
class TaxonomyEmbeddings:
    """The embeddings of a store's skills and occupations, and the encoder that made them."""

    model: str
    digest: str
    skills: TextIndex
    occupations: TextIndex
    encoder: TextEncoder = field(repr=False, compare=False)
    path: str = ""  # the cached .npy file ('' when not cached)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 L2-normalised vectors of ``texts`` (normalised like the taxonomy texts).

        A single text (a search query) is remembered: the app runs the same search again on
        every click of its page, and the model costs about 10 ms a query.
        """
        normalised = [normalise_text(t) for t in texts]
        if len(normalised) != 1:
            return self.encoder.encode(normalised)
        key = (self.model, normalised[0])
        with _query_lock:
            found = _query_vectors.get(key)
            if found is not None:
                _query_vectors.move_to_end(key)
                return found[None, :].copy()
        vector = self.encoder.encode(normalised)
        with _query_lock:
            _query_vectors[key] = vector[0]
            while len(_query_vectors) > QUERY_CACHE_SIZE:
                _query_vectors.popitem(last=False)
        return vector


#: Query vectors remembered per process (see :meth:`TaxonomyEmbeddings.encode`).
QUERY_CACHE_SIZE = 512
_query_vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_query_lock = threading.Lock()


def clear_query_cache() -> None:
    """Forget the remembered query vectors (benchmarks time the model, not the cache)."""
    with _query_lock:
        _query_vectors.clear()


@dataclass(frozen=True)
class BuildReport:
    """What :func:`prepare_embeddings` did."""

    state: str  # built | cached | memory | no-model
    texts: int = 0  # distinct texts in the index
    embedded: int = 0  # texts run through the model now (0 when all came from the cache)
    reused: int = 0  # texts whose vectors came from an older cache file
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    path: str = ""
    bytes: int = 0  # size of the .npy + .json files
    load_seconds: float = 0.0


@dataclass(frozen=True)
class EmbeddingStatus:
    """Where a store's embeddings stand (see :func:`embedding_status`)."""

    state: str  # ready | cached | building | missing | no-model | failed
    done: int = 0
    total: int = 0
    message: str = ""

    @property
    def usable(self) -> bool:
        """True when queries can use them now (in memory, or read from the cache in about a second)."""
        return self.state in ("ready", "cached")


@dataclass(frozen=True)
class _KindPlan:
    kind: str
    concept_ids: tuple[str, ...]
    rows: np.ndarray  # int32 (rows, 3): concept position, text number, field code; sorted


@dataclass(frozen=True)
class _Plan:
    texts: tuple[str, ...]  # sorted distinct normalised texts of both kinds
    digest: str
    skills: _KindPlan
    occupations: _KindPlan


def _source_digest(store: GraphStore) -> tuple[str, dict[str, str]]:
    """SHA-256 over everything the embeddings are made from (the store's texts, in a
    canonical order), and the concepts' descriptions. Cheap: no stemming, no model."""
    skill_entries = store.skill_search_entries()
    props = store.nodes(sorted({e.id for e in skill_entries}))
    descriptions = {
        c: p.get("description") or ""
        for c, p in props.items()
        if p.get("kind") in _CONCEPT_KINDS and (p.get("description") or "").strip()
    }
    digest = hashlib.sha256(f"skillgraph-embeddings/{FORMAT_VERSION}\n".encode())
    for name, entries in (("skill", skill_entries), ("occupation", store.occupation_search_entries())):
        digest.update(f"[{name}]\n".encode())
        for concept_id, field_name, text in sorted((e.id, e.field, e.text) for e in entries):
            digest.update(f"{concept_id}\t{field_name}\t{text}\n".encode())
    digest.update(b"[description]\n")
    for concept_id in sorted(descriptions):
        digest.update(f"{concept_id}\t{descriptions[concept_id]}\n".encode())
    return digest.hexdigest(), descriptions


def _kind_rows(entries: Sequence[SearchEntry], descriptions: dict[str, str], fold: bool) -> set[tuple[str, str, int]]:
    from skillgraph.queries.free_text import content_stems

    rows: set[tuple[str, str, int]] = set()
    keys: dict[str, frozenset[str]] = {}

    def key(text: str) -> frozenset[str]:
        if text not in keys:
            keys[text] = frozenset(content_stems(text))
        return keys[text]

    kept: dict[str, set[frozenset[str]]] = {}
    # Preferred labels first, so alternative titles fold into them.
    for entry in sorted(entries, key=lambda e: (e.id, e.field != "label", e.field, e.text)):
        text = normalise_text(entry.text)
        if not text:
            continue
        if entry.field == "label":
            rows.add((entry.id, text, _FIELD_CODE["label"]))
            if fold:
                kept.setdefault(entry.id, set()).add(key(text))
            continue
        if not fold:
            continue  # alternative labels of skills: lexical only
        k = key(text)
        seen = kept.setdefault(entry.id, set())
        if not k or k in seen:
            continue
        seen.add(k)
        rows.add((entry.id, text, _FIELD_CODE.get(entry.field, _FIELD_CODE["alt_label"])))
    for concept_id, description in descriptions.items():
        text = normalise_text(description)
        if text:
            rows.add((concept_id, text, _FIELD_CODE["description"]))
    return rows


def _plan(store: GraphStore, digest: str, descriptions: dict[str, str]) -> _Plan:
    """What to embed (see the module docstring): rows per kind over one sorted text list."""
    skill_rows = _kind_rows(store.skill_search_entries(), descriptions, fold=False)
    occupation_rows = _kind_rows(store.occupation_search_entries(), {}, fold=True)
    texts = tuple(sorted({t for _, t, _ in skill_rows} | {t for _, t, _ in occupation_rows}))
    number = {t: i for i, t in enumerate(texts)}

    def kind_plan(kind: str, rows: set[tuple[str, str, int]]) -> _KindPlan:
        concept_ids = tuple(sorted({r[0] for r in rows}))
        position = {c: i for i, c in enumerate(concept_ids)}
        ordered = sorted((position[c], number[t], f) for c, t, f in rows)
        array = np.array(ordered, dtype=np.int32).reshape(-1, 3)
        return _KindPlan(kind, concept_ids, array)

    return _Plan(texts, digest, kind_plan("skill", skill_rows), kind_plan("occupation", occupation_rows))


def _text_index(plan: _KindPlan, texts: tuple[str, ...], vectors: np.ndarray) -> TextIndex:
    rows = plan.rows
    used, row_text = np.unique(rows[:, 1], return_inverse=True)
    n_concepts = len(plan.concept_ids)
    label_row = np.full(n_concepts, -1, dtype=np.int32)
    description_row = np.full(n_concepts, -1, dtype=np.int32)
    numbers = np.arange(len(rows), dtype=np.int32)
    for code, target in ((_FIELD_CODE["label"], label_row), (_FIELD_CODE["description"], description_row)):
        mask = rows[:, 2] == code
        # reversed: the first such row of each concept is written last, and wins
        target[rows[mask, 0][::-1]] = numbers[mask][::-1]
    return TextIndex(
        kind=plan.kind,
        concept_ids=plan.concept_ids,
        position={c: i for i, c in enumerate(plan.concept_ids)},
        vectors=np.ascontiguousarray(vectors[used]),
        texts=tuple(texts[i] for i in used.tolist()),
        row_text=row_text.astype(np.int32),
        row_concept=np.ascontiguousarray(rows[:, 0]),
        row_field=rows[:, 2].astype(np.int8),
        label_row=label_row,
        description_row=description_row,
    )


# -- the cache files ----------------------------------------------------------------------------


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model)


def _paths(folder: Path, model: str, digest: str) -> tuple[Path, Path]:
    stem = f"{_slug(model)}-{digest[:20]}"
    return folder / f"{stem}.npz", folder / f"{stem}.json"


def _safe_file(path: Path) -> bool:
    """A regular file of this user that no one else can write (anything else is not read)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not path.is_file() or path.is_symlink():
        return False
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return False
    return True


def _texts_digest(texts: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()


def _read_cache(
    arrays_path: Path, meta_path: Path, model: str, dim: int, digest: str | None
) -> tuple[_Plan | None, tuple[str, ...], np.ndarray]:
    """(plan, texts, float32 vectors) of one cache entry, checked; ValueError when unusable.

    With ``digest`` None (an older entry read for its vectors), the plan is not read (None).
    """
    if not (arrays_path.exists() and meta_path.exists()):
        raise FileNotFoundError(arrays_path if not arrays_path.exists() else meta_path)
    if not (_safe_file(arrays_path) and _safe_file(meta_path)):
        raise ValueError("not a private regular file")
    with open(meta_path, encoding="utf-8") as fh:
        meta = json.load(fh)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION or meta.get("model") != model or meta.get("dim") != dim:
        raise ValueError("another format, model or dimension")
    if digest is not None and meta.get("digest") != digest:
        raise ValueError("made from other data")
    texts = meta.get("texts")
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts) or meta.get("count") != len(texts):
        raise ValueError("bad text list")
    texts = tuple(texts)
    if _texts_digest(texts) != meta.get("texts_sha256"):
        raise ValueError("text list does not match its digest")
    with np.load(arrays_path, allow_pickle=False) as archive:
        if set(archive.files) != {"vectors", "skill_rows", "occupation_rows"}:
            raise ValueError(f"unexpected arrays {sorted(archive.files)}")
        array = archive["vectors"]
        if array.dtype != np.float16 or array.shape != (len(texts), dim):
            raise ValueError(f"vectors {array.dtype} {array.shape}, expected float16 {(len(texts), dim)}")
        vectors = array.astype(np.float32)
        del array
        plan = None
        if digest is not None:
            kinds = []
            for kind, name in (("skill", "skill_rows"), ("occupation", "occupation_rows")):
                concept_ids = meta.get(f"{kind}_concepts")
                if not isinstance(concept_ids, list) or not all(isinstance(c, str) for c in concept_ids):
                    raise ValueError(f"bad {kind} concept list")
                rows = archive[name]
                if rows.dtype != np.int32 or rows.ndim != 2 or rows.shape[1] != 3:
                    raise ValueError(f"{name} {rows.dtype} {rows.shape}")
                if len(rows) and (
                    rows[:, 0].min() < 0
                    or rows[:, 0].max() >= len(concept_ids)
                    or rows[:, 1].min() < 0
                    or rows[:, 1].max() >= len(texts)
                    or rows[:, 2].min() < 0
                    or rows[:, 2].max() >= len(FIELDS)
                ):
                    raise ValueError(f"{name} out of range")
                kinds.append(_KindPlan(kind, tuple(concept_ids), np.ascontiguousarray(rows)))
            plan = _Plan(texts, digest, kinds[0], kinds[1])
    if len(vectors):
        norms = np.einsum("ij,ij->i", vectors, vectors)
        if not np.isfinite(norms).all() or np.abs(norms - 1.0).max() > 0.01:
            raise ValueError("vectors are not of unit length")
        vectors /= np.sqrt(norms)[:, None]  # float16 leaves rows a little off unit length
    return plan, texts, vectors


def _atomic_write(path: Path, write: Callable[[object], None], mode: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_cache(arrays_path: Path, meta_path: Path, model: str, plan: _Plan, vectors: np.ndarray) -> None:
    def arrays(fh) -> None:
        np.savez(fh, vectors=vectors.astype(np.float16), skill_rows=plan.skills.rows, occupation_rows=plan.occupations.rows)

    _atomic_write(arrays_path, arrays, "wb")
    meta = {
        "format": FORMAT_VERSION,
        "model": model,
        "digest": plan.digest,
        "dim": int(vectors.shape[1]),
        "dtype": "float16",
        "count": len(plan.texts),
        "texts_sha256": _texts_digest(plan.texts),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "skill_concepts": list(plan.skills.concept_ids),
        "occupation_concepts": list(plan.occupations.concept_ids),
        "texts": list(plan.texts),
    }
    # The JSON is written last: an entry without it is incomplete and never read.
    _atomic_write(meta_path, lambda fh: json.dump(meta, fh, ensure_ascii=False), "w")


def _older_vectors(folder: Path, model: str, dim: int, wanted: set[str], exclude: Path) -> dict[str, np.ndarray]:
    """Vectors of ``wanted`` texts found in other cache entries of the same model."""
    found: dict[str, np.ndarray] = {}
    for meta_path in sorted(folder.glob(f"{_slug(model)}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        if meta_path == exclude:
            continue
        try:
            _, texts, vectors = _read_cache(meta_path.with_suffix(".npz"), meta_path, model, dim, None)
        except (OSError, ValueError) as e:
            log.debug("not reusing %s: %s", meta_path, e)
            continue
        for i, text in enumerate(texts):
            if text in wanted and text not in found:
                found[text] = vectors[i]
        if len(found) == len(wanted):
            break
    return found


def _remove_old(folder: Path, model: str, keep: Path) -> None:
    entries = sorted(folder.glob(f"{_slug(model)}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for meta_path in [p for p in entries if p != keep][_KEEP_FILES - 1 :]:
        for path in (meta_path, meta_path.with_suffix(".npz")):
            with contextlib.suppress(OSError):
                path.unlink()
    for tmp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - tmp.stat().st_mtime > 3600:  # an interrupted write, not a running one
                tmp.unlink()


# -- building and caching per store --------------------------------------------------------------


class _Entry:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.source: tuple[str, dict[str, str]] | None = None  # (digest, descriptions)
        self.value: TaxonomyEmbeddings | None = None
        self.report: BuildReport | None = None
        self.building = False
        self.done = 0
        self.total = 0
        self.error = ""


_entries: weakref.WeakKeyDictionary[GraphStore, dict[tuple[str, str], _Entry]] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def _entry(store: GraphStore, model: str, folder: Path) -> _Entry:
    with _guard:
        per_store = _entries.setdefault(store, {})
        return per_store.setdefault((model, str(folder)), _Entry())


def _source_of(entry: _Entry, store: GraphStore) -> tuple[str, dict[str, str]]:
    if entry.source is None:
        entry.source = _source_digest(store)
    return entry.source


def _assemble(plan: _Plan, vectors: np.ndarray, model: str, encoder: TextEncoder, path: str) -> TaxonomyEmbeddings:
    return TaxonomyEmbeddings(
        model=model,
        digest=plan.digest,
        skills=_text_index(plan.skills, plan.texts, vectors),
        occupations=_text_index(plan.occupations, plan.texts, vectors),
        encoder=encoder,
        path=path,
    )


def _load_or_build(
    store: GraphStore, encoder: TextEncoder, folder: Path, entry: _Entry, build: bool, progress: Progress | None
) -> TaxonomyEmbeddings | None:
    """Called with ``entry.lock`` held."""
    from skillgraph.graph.snapshot import build_lock

    model = encoder.name
    start, cpu = time.perf_counter(), time.process_time()
    digest, descriptions = _source_of(entry, store)
    arrays_path, meta_path = _paths(folder, model, digest)

    def size() -> int:
        return sum(p.stat().st_size for p in (arrays_path, meta_path) if p.exists())

    def cached() -> TaxonomyEmbeddings | None:
        try:
            plan, _, vectors = _read_cache(arrays_path, meta_path, model, encoder.dim, digest)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            log.warning("embeddings cache %s not used (%s): rebuilding", arrays_path, e)
            return None
        assert plan is not None
        value = _assemble(plan, vectors, model, encoder, str(arrays_path))
        entry.report = BuildReport(
            "cached", len(plan.texts), path=str(arrays_path), bytes=size(), load_seconds=time.perf_counter() - start
        )
        return value

    value = cached()
    if value is not None or not build:
        return value
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        log.warning("cannot create %s (%s): embeddings are kept in memory only", folder, e)
    lock = build_lock(folder) if folder.is_dir() else contextlib.nullcontext(True)
    with lock:
        value = cached()  # built by another process meanwhile
        if value is not None:
            return value
        plan = _plan(store, digest, descriptions)
        texts = plan.texts
        dim = encoder.dim
        vectors = np.empty((len(texts), dim), dtype=np.float32)
        reused = _older_vectors(folder, model, dim, set(texts), meta_path) if folder.is_dir() else {}
        todo = [i for i, t in enumerate(texts) if t not in reused]
        for i, t in enumerate(texts):
            if t in reused:
                vectors[i] = reused[t]
        entry.total, entry.done = len(todo), 0

        def report(done: int, total: int) -> None:
            entry.done = done
            if progress is not None:
                progress(done, total)

        if todo:
            vectors[todo] = encoder.encode([texts[i] for i in todo], progress=report)
        elif progress is not None:
            progress(0, 0)
        path = ""
        try:
            if folder.is_dir():
                _write_cache(arrays_path, meta_path, model, plan, vectors)
                _remove_old(folder, model, meta_path)
                path = str(arrays_path)
        except OSError as e:
            log.warning("cannot write the embeddings cache %s (%s): kept in memory only", arrays_path, e)
        # As read back from the cache (float16), so a fresh build and a cached one agree.
        vectors = vectors.astype(np.float16).astype(np.float32)
        norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
        vectors /= np.where(norms > 0, norms, 1.0)[:, None]
        entry.report = BuildReport(
            "built",
            len(texts),
            embedded=len(todo),
            reused=len(texts) - len(todo),
            seconds=time.perf_counter() - start,
            cpu_seconds=time.process_time() - cpu,
            path=path,
            bytes=size() if path else 0,
        )
        return _assemble(plan, vectors, model, encoder, path)


def taxonomy_embeddings(
    store: GraphStore,
    *,
    build: bool = True,
    progress: Progress | None = None,
    encoder: TextEncoder | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> TaxonomyEmbeddings | None:
    """The store's taxonomy embeddings: kept in memory, read from the cache, or built.

    Parameters
    ----------
    store : GraphStore
    build : bool
        Embed the texts when no cache entry fits (a few minutes the first time; ``progress``
        is called as it goes). With False, None is returned instead.
    progress : callable, optional
        ``progress(done, total)`` in texts embedded, during a build.
    encoder : TextEncoder, optional
        Default: :func:`text_encoder` (None when no model is installed: then None is returned).
    cache_dir : path-like, optional
        The program's cache folder (default ``SKILLGRAPH_CACHE_DIR``); the files go to its
        ``embeddings`` folder.

    Returns
    -------
    TaxonomyEmbeddings or None
        None when there is no model, or nothing is cached and ``build`` is False. A build
        that another thread of this process is running is waited for.
    """
    encoder = encoder if encoder is not None else text_encoder()
    if encoder is None:
        return None
    folder = embeddings_dir(cache_dir)
    entry = _entry(store, encoder.name, folder)
    if entry.value is not None:
        return entry.value
    if not build and entry.building:
        return None
    with entry.lock:
        if entry.value is None:
            entry.building = build
            try:
                entry.value = _load_or_build(store, encoder, folder, entry, build, progress)
                entry.error = ""
            except Exception as e:  # noqa: BLE001 - reported in the status, the caller falls back
                entry.error = f"{type(e).__name__}: {e}"
                raise
            finally:
                entry.building = False
        return entry.value


def prepare_embeddings(
    store: GraphStore,
    *,
    progress: Progress | None = None,
    encoder: TextEncoder | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> BuildReport:
    """Make sure the embeddings are there (built when missing) and say what it took.

    Returns
    -------
    BuildReport
        ``state`` is ``built`` (the model ran now), ``cached`` (read from the cache),
        ``memory`` (already loaded in this process) or ``no-model``.
    """
    encoder = encoder if encoder is not None else text_encoder()
    if encoder is None:
        return BuildReport("no-model")
    entry = _entry(store, encoder.name, embeddings_dir(cache_dir))
    if entry.value is not None and entry.report is not None:
        return BuildReport("memory", entry.report.texts, path=entry.report.path, bytes=entry.report.bytes)
    value = taxonomy_embeddings(store, progress=progress, encoder=encoder, cache_dir=cache_dir)
    assert value is not None
    return entry.report or BuildReport("memory", len(value.skills.texts))


def embedding_status(
    store: GraphStore, *, encoder: TextEncoder | None = None, cache_dir: str | os.PathLike[str] | None = None
) -> EmbeddingStatus:
    """Whether queries on ``store`` can use the embeddings now, without building them.

    ``ready``: loaded in this process; ``cached``: a valid-looking cache entry exists
    (reading it takes about a second); ``building``: a build of this process is running
    (``done``/``total`` texts); ``missing``: none yet (a build takes minutes); ``no-model``:
    the model is not installed (the lexical matcher is used); ``failed``: the last build failed.
    """
    encoder = encoder if encoder is not None else text_encoder()
    if encoder is None:
        return EmbeddingStatus("no-model", message="the language model is not installed: matching by words only")
    folder = embeddings_dir(cache_dir)
    entry = _entry(store, encoder.name, folder)
    if entry.value is not None:
        return EmbeddingStatus("ready")
    if entry.building:
        return EmbeddingStatus("building", entry.done, entry.total, "preparing search by meaning")
    if entry.error:
        return EmbeddingStatus("failed", message=entry.error)
    digest, _ = _source_of(entry, store)
    arrays_path, meta_path = _paths(folder, encoder.name, digest)
    if _safe_file(arrays_path) and _safe_file(meta_path):
        return EmbeddingStatus("cached")
    return EmbeddingStatus("missing", message="not built yet")


def start_background_build(
    store: GraphStore, *, encoder: TextEncoder | None = None, cache_dir: str | os.PathLike[str] | None = None
) -> EmbeddingStatus:
    """Build (or read) the embeddings in a daemon thread unless they are usable or being built.

    For the app: a page calls it and shows the status instead of blocking while the model
    runs; queries meanwhile fall back to the lexical matcher. Returns the status after
    starting.
    """
    status = embedding_status(store, encoder=encoder, cache_dir=cache_dir)
    if status.state in ("ready", "building", "no-model"):
        return status
    encoder = encoder if encoder is not None else text_encoder()
    entry = _entry(store, encoder.name, embeddings_dir(cache_dir))
    with _guard:  # not re-entrant: nothing in this block may call _entry (embedding_status does)
        already = entry.building
        if not already:
            entry.building = True  # before the thread starts: a second call must not start another
            entry.error = ""
    if already:
        return embedding_status(store, encoder=encoder, cache_dir=cache_dir)

    def run() -> None:
        try:
            taxonomy_embeddings(store, encoder=encoder, cache_dir=cache_dir)
        except Exception:  # noqa: BLE001 - kept in entry.error for the status
            log.exception("building the embeddings failed")

    threading.Thread(target=run, name="skillgraph-embeddings", daemon=True).start()
    return embedding_status(store, encoder=encoder, cache_dir=cache_dir)


def embeddings_for_query(store: GraphStore, semantic: bool | None = None) -> TaxonomyEmbeddings | None:
    """The embeddings a query should use, by the query's ``semantic`` argument.

    ``False``: none (lexical matching). ``True``: the embeddings, built now if needed (None
    only when no model is installed). ``None`` (the default of every query): the
    embeddings when the model is installed — read from the cache, or built now (minutes,
    the first time; the CLI shows a progress bar, ``skillgraph embeddings`` builds them
    ahead) — except while :func:`start_background_build` is building them or after a
    failed build, when the query falls back to lexical matching instead of waiting.
    """
    if semantic is False:
        return None
    encoder = text_encoder()
    if encoder is None:
        return None
    entry = _entry(store, encoder.name, embeddings_dir())
    if entry.value is not None:
        return entry.value
    if semantic is None and (entry.building or entry.error):
        return None
    try:
        return taxonomy_embeddings(store, encoder=encoder)
    except Exception as e:
        if semantic:
            raise
        log.warning("search by meaning is not available (%s): matching by words", e)
        return None


# -- very similar concepts, for the similarity engine ----------------------------------------------


def similar_concepts(
    embeddings: TaxonomyEmbeddings,
    *,
    top: int = 5,
    min_cosine: float = 0.8,
    source: str | None = "ESCO",
    store: GraphStore | None = None,
    block: int = 2048,
) -> list[tuple[str, str, float]]:
    """For each skill/knowledge concept, its nearest other concepts by meaning.

    Two concepts are compared by the cosine of their preferred labels' vectors and by that
    of their descriptions' vectors; the larger counts ("very similar labels or
    descriptions": *manage budgets* / *budget management* … or two descriptions of one
    activity in two sectors).

    Parameters
    ----------
    embeddings : TaxonomyEmbeddings
        From :func:`taxonomy_embeddings`.
    top : int
        At most this many neighbours per concept.
    min_cosine : float
        Only pairs with at least this cosine (0–1).
    source : str or None
        Only concepts whose id is an ESCO URI when "ESCO" (the default); None: every concept.
    store : GraphStore, optional
        Unused; accepted so callers can pass what they have.
    block : int
        Concepts compared per matrix product (bounds memory: block × concepts floats).

    Returns
    -------
    list of (concept id, other id, cosine)
        Sorted by concept id, then cosine descending, then other id; a pair appears in both
        directions when each is among the other's ``top``.

    Examples
    --------
    >>> pairs = similar_concepts(taxonomy_embeddings(store), top=5, min_cosine=0.8)  # doctest: +SKIP
    """
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    if not 0.0 <= float(min_cosine) <= 1.0:
        raise ValueError(f"min_cosine must be between 0 and 1, got {min_cosine!r}")
    index = embeddings.skills
    keep = np.array(
        [source is None or (source == "ESCO") == c.startswith("http://data.europa.eu/esco/") for c in index.concept_ids],
        dtype=bool,
    )
    positions = np.flatnonzero(keep & (index.label_row >= 0))
    if len(positions) < 2:
        return []
    labels = index.vectors[index.row_text[index.label_row[positions]]]
    has_description = index.description_row[positions] >= 0
    descriptions = np.zeros_like(labels)
    descriptions[has_description] = index.vectors[index.row_text[index.description_row[positions[has_description]]]]
    out: list[tuple[str, str, float]] = []
    n = len(positions)
    k = min(top, n - 1)
    for start in range(0, n, block):
        end = min(n, start + block)
        scores = labels[start:end] @ labels.T
        np.maximum(scores, descriptions[start:end] @ descriptions.T, out=scores)
        scores[np.arange(end - start), np.arange(start, end)] = -1.0  # not itself
        candidates = np.argpartition(-scores, k - 1, axis=1)[:, :k] if k < n else np.argsort(-scores, axis=1)
        for i in range(end - start):
            row = scores[i]
            chosen = [(float(row[j]), int(j)) for j in candidates[i] if row[j] >= min_cosine]
            chosen.sort(key=lambda t: (-t[0], index.concept_ids[positions[t[1]]]))
            concept = index.concept_ids[positions[start + i]]
            out.extend((concept, index.concept_ids[positions[j]], round(score, 6)) for score, j in chosen)
    return out
