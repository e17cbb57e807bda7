"""Finding the official files: explicit paths, ``SKILLGRAPH_DATA_DIR``, or the download cache.

A data folder is laid out like the project's shared reference data::

    esco-v1.1.1/   ESCO zips (or the unzipped CSVs)
    onet-29.3/     db_29_3_text/ (or db_29_3_text.zip)
    crosswalks/    esco_onet_crosswalk_Nov2020.csv, onet-soc-2010_to_2019_Crosswalk.csv,
                   official-ec-dol/raw_crosswalk_esco_onet.csv (the official crosswalk)

Loose files also work: ``ESCO dataset - … .zip`` and ``db_XX_X_text.zip`` anywhere in it.

Each part (ESCO, O*NET, crosswalk) is taken from the first place that has it, and where it
came from is kept (:attr:`DataSources.origins`), so a load that mixes places can say so.
A part that is there but incomplete (an O*NET folder without ``Occupation Data.txt``, an
ESCO folder without ``occupations_en.csv``) is an error, never silently replaced by
another place's copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from skillgraph.graph.errors import DataFormatError, DataNotFoundError
from skillgraph.graph.settings import Settings
from skillgraph.loaders.crosswalk import CROSSWALK_SOURCES, DEFAULT_CROSSWALK_SOURCE, ESCO_ONET, OFFICIAL, SOC_2010_2019

__all__ = [
    "DataSources",
    "find_sources",
    "fingerprint",
    "ESCO_HELP",
    "remember_sources",
    "remembered_sources",
    "sources_in",
    "PARTS",
]

ESCO_HELP = (
    "ESCO is downloaded from the ESCO portal, which sends the link by e-mail: open "
    "https://esco.ec.europa.eu/en/use-esco/download, choose version 1.1.x or 1.2.x, language "
    "'en', format CSV, enter your e-mail address, download the zip(s) from the link you receive, "
    "then run: skillgraph load --esco PATH.zip [PATH2.zip]"
)

#: The parts of a load and their display names.
PARTS = {"esco": "ESCO", "onet": "O*NET", "crosswalk": "crosswalk"}
_OFFICIAL_NAMES = {n.lower() for n in OFFICIAL.names}
_NESTA_NAMES = {n.lower() for n in (*ESCO_ONET.names, *SOC_2010_2019.names)}
# O*NET file names that make a folder look like (part of) a text release.
_ONET_MARKERS = ("Occupation Data.txt", "Skills.txt", "Knowledge.txt", "Technology Skills.txt", "Job Zones.txt")


@dataclass(frozen=True)
class DataSources:
    """Paths of one set of official files; any part may be empty (then it is not loaded).

    ``crosswalk_source`` is the crosswalk choice (``official``, ``nesta`` or ``both``);
    ``origins`` says for each part present where it was found ("command line",
    "SKILLGRAPH_DATA_DIR (…)", "last load", "download cache (…)").
    """

    esco: tuple[Path, ...] = ()
    onet: tuple[Path, ...] = ()
    crosswalk: tuple[Path, ...] = ()
    origin: str = ""  # where they were found, for messages
    notes: tuple[str, ...] = field(default=())
    crosswalk_source: str = DEFAULT_CROSSWALK_SOURCE
    origins: tuple[tuple[str, str], ...] = ()  # (part, where it was found)

    @property
    def empty(self) -> bool:
        return not self.esco and not self.onet

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts present: a subset of ``("esco", "onet", "crosswalk")``."""
        return tuple(part for part in PARTS if getattr(self, part))

    @property
    def mixed(self) -> bool:
        """Whether the parts come from more than one place."""
        return len({where for _, where in self.origins}) > 1

    def describe(self) -> list[tuple[str, str]]:
        """(part, paths) pairs for display."""

        def show(paths: Sequence[Path]) -> str:
            return ", ".join(str(p) for p in paths) if paths else "(not found)"

        crosswalk = show(self.crosswalk)
        if self.crosswalk:
            crosswalk = f"{self.crosswalk_source}: {crosswalk}"
        return [("ESCO", show(self.esco)), ("O*NET", show(self.onet)), ("crosswalk", crosswalk)]

    def origin_of(self, part: str) -> str:
        return dict(self.origins).get(part, "")


def _version_key(path: Path) -> tuple:
    return tuple(int(n) for n in re.findall(r"\d+", path.name)) or (0,)


def _esco_in(folder: Path) -> tuple[Path, ...]:
    from skillgraph.loaders.esco import ESCO_FILES

    candidates = sorted((p for p in folder.iterdir() if p.name.lower().startswith("esco")), key=_version_key)
    for candidate in reversed(candidates):
        if candidate.is_dir():
            zips = sorted(candidate.glob("*.zip"))
            if zips:
                return tuple(zips)
            if any(candidate.rglob("occupations_en.csv")):
                return (candidate,)
            present = sorted(p.name for p in candidate.rglob("*.csv") if p.name.lower() in ESCO_FILES)
            if present:
                raise DataFormatError(
                    str(candidate),
                    "an incomplete ESCO package: occupations_en.csv is missing",
                    expected="the CSV package as published (or its zips)",
                    found=f"{len(present)} ESCO file(s): {', '.join(present[:6])}{' …' if len(present) > 6 else ''}",
                )
    zips = sorted(p for p in folder.glob("*.zip") if p.name.lower().startswith("esco"))
    if zips:
        newest = _version_key(zips[-1])
        return tuple(z for z in zips if _version_key(z)[:3] == newest[:3]) or (zips[-1],)
    return ()


def _onet_in(folder: Path) -> tuple[Path, ...]:
    found: list[Path] = []
    incomplete: list[Path] = []
    for pattern in ("db_*_text", "db_*_text.zip", "onet*/db_*_text", "onet*/db_*_text.zip", "onet*"):
        for candidate in folder.glob(pattern):
            if candidate.is_dir() and (candidate / "Occupation Data.txt").exists():
                found.append(candidate)
            elif candidate.is_dir() and any((candidate / name).exists() for name in _ONET_MARKERS):
                incomplete.append(candidate)
            elif candidate.is_file() and candidate.suffix == ".zip":
                found.append(candidate)
    if incomplete:
        folder_ = sorted(incomplete)[0]
        present = sorted(p.name for p in folder_.iterdir() if p.is_file())
        raise DataFormatError(
            str(folder_),
            "an incomplete O*NET release: 'Occupation Data.txt' is missing",
            expected="the text release as published (skillgraph download onet fetches it)",
            found=f"{len(present)} file(s): {', '.join(present[:6])}{' …' if len(present) > 6 else ''}",
        )
    if not found:
        return ()
    return (max(found, key=lambda p: (_version_key(p), p.is_dir())),)


def _crosswalk_in(folder: Path) -> tuple[Path, ...]:
    names = (
        "esco_onet_crosswalk_Nov2020.csv",
        "onet-soc-2010_to_2019_Crosswalk.csv",
        "2010_to_2019_Crosswalk.csv",
        *OFFICIAL.names,
    )
    hits: list[Path] = []
    for base in (folder / "crosswalks", folder / "crosswalks" / "official-ec-dol", folder):
        if base.is_dir():
            hits.extend(base / n for n in names if (base / n).exists())
    return tuple(dict.fromkeys(hits))


def _for_choice(paths: tuple[Path, ...], source: str) -> tuple[Path, ...]:
    """The crosswalk files ``source`` needs (folders are kept as given)."""
    if source == "both":
        return paths
    wanted = _OFFICIAL_NAMES if source == "official" else _NESTA_NAMES
    return tuple(p for p in paths if p.is_dir() or p.name.lower() in wanted)


def sources_in(folder: Path, *, origin: str) -> DataSources:
    """The official files found in ``folder`` (see the module docstring for the layout)."""
    if not folder.is_dir():
        return DataSources(origin=origin)
    return DataSources(_esco_in(folder), _onet_in(folder), _crosswalk_in(folder), origin=origin)


def find_sources(
    settings: Settings,
    *,
    esco: Sequence[Path] = (),
    onet: Sequence[Path] = (),
    crosswalk: Sequence[Path] = (),
    crosswalk_source: str | None = None,
) -> DataSources:
    """Where to load from: explicit paths first, then ``SKILLGRAPH_DATA_DIR``, the paths
    remembered from the last ``skillgraph load``, then the download cache.

    The crosswalk choice is ``crosswalk_source`` if given, else ``SKILLGRAPH_CROSSWALK``,
    else the one of the last load, else :data:`DEFAULT_CROSSWALK_SOURCE`.

    Raises DataNotFoundError with instructions when neither ESCO nor O*NET is found, and
    DataFormatError when a part is there but incomplete.
    """
    for path in (*esco, *onet, *crosswalk):
        if not Path(path).exists():
            raise DataNotFoundError(f"{path} does not exist")
    if crosswalk_source is not None and crosswalk_source not in CROSSWALK_SOURCES:
        raise DataNotFoundError(f"crosswalk source {crosswalk_source!r}: use one of {', '.join(CROSSWALK_SOURCES)}")
    searched: list[str] = []
    layers: list[DataSources] = []
    if esco or onet or crosswalk:
        layers.append(
            DataSources(tuple(map(Path, esco)), tuple(map(Path, onet)), tuple(map(Path, crosswalk)), origin="command line")
        )
    if settings.data_dir is not None:
        searched.append(f"SKILLGRAPH_DATA_DIR={settings.data_dir}")
        if not settings.data_dir.is_dir():
            raise DataNotFoundError(
                f"SKILLGRAPH_DATA_DIR={settings.data_dir} is not a folder; point it at a folder "
                "holding esco-*/, onet-*/ and crosswalks/ (see the README)"
            )
        layers.append(sources_in(settings.data_dir, origin=f"SKILLGRAPH_DATA_DIR ({settings.data_dir})"))
    remembered = remembered_sources(settings)
    if remembered is not None:
        searched.append(f"the paths remembered from the last load ({settings.cache_dir / 'sources.json'})")
        layers.append(remembered)
    searched.append(f"the download cache ({settings.download_dir})")
    layers.append(sources_in(settings.download_dir, origin=f"download cache ({settings.download_dir})"))

    chosen: dict[str, tuple[Path, ...]] = {"esco": (), "onet": (), "crosswalk": ()}
    origins: list[tuple[str, str]] = []
    for layer in layers:
        for part in chosen:
            value = getattr(layer, part)
            if not chosen[part] and value:
                chosen[part] = value
                origins.append((part, layer.origin))
    choice = (
        crosswalk_source
        or settings.crosswalk_source
        or (remembered.crosswalk_source if remembered is not None else None)
        or DEFAULT_CROSSWALK_SOURCE
    )
    found_crosswalks = chosen["crosswalk"]
    chosen["crosswalk"] = _for_choice(found_crosswalks, choice)
    if found_crosswalks and not chosen["crosswalk"]:
        other = "nesta" if choice == "official" else "official"
        raise DataNotFoundError(
            f"the {choice} ESCO–O*NET crosswalk is not among the crosswalk files found "
            f"({', '.join(p.name for p in found_crosswalks)}); run 'skillgraph download crosswalks', pass its file "
            f"with --crosswalk, or choose --crosswalk-source {other} or both"
        )
    if not chosen["crosswalk"]:
        origins = [(part, where) for part, where in origins if part != "crosswalk"]
    where = list(dict.fromkeys(w for _, w in origins))
    result = DataSources(
        chosen["esco"],
        chosen["onet"],
        chosen["crosswalk"],
        origin=" + ".join(where),
        crosswalk_source=choice,
        origins=tuple(origins),
    )
    if result.empty:
        raise DataNotFoundError(
            "No ESCO or O*NET data found (looked in: " + "; ".join(searched) + "). Either set "
            "SKILLGRAPH_DATA_DIR to a folder laid out like shared/data, or run "
            "'skillgraph download onet' (O*NET and the crosswalks) and get ESCO as follows. " + ESCO_HELP
        )
    return result


def _files_of(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file())
        elif path.exists():
            files.append(path)
    return files


def fingerprint(sources: DataSources, *extra: str) -> str:
    """A short hash of the source files' names, sizes and modification times, the
    crosswalk choice, plus ``extra``.

    Changing, adding or removing a source file, choosing another crosswalk, or passing a
    different ``extra`` (the snapshot format version, engine parameters), changes the
    fingerprint.
    """
    digest = hashlib.sha256()
    for part, paths in (("esco", sources.esco), ("onet", sources.onet), ("crosswalk", sources.crosswalk)):
        digest.update(part.encode())
        for file in _files_of(paths):
            stat = file.stat()
            digest.update(f"{file.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    if sources.crosswalk:
        digest.update(f"crosswalk source {sources.crosswalk_source}\n".encode())
    for value in extra:
        digest.update(value.encode())
    return digest.hexdigest()[:20]


def remember_sources(settings: Settings, sources: DataSources) -> None:
    """Record where the last load read from (and its crosswalk choice), so later commands
    find the same files. Written to a uniquely named temporary file, then renamed: two
    loads at once never write into each other's file."""
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    target = settings.cache_dir / "sources.json"
    payload: dict[str, object] = {part: [str(p.resolve()) for p in getattr(sources, part)] for part in PARTS}
    payload["crosswalk_source"] = sources.crosswalk_source
    fd, tmp_name = tempfile.mkstemp(prefix=".sources.", suffix=".json.tmp", dir=settings.cache_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def remembered_sources(settings: Settings) -> DataSources | None:
    """The sources recorded by :func:`remember_sources`, if they still exist."""
    target = settings.cache_dir / "sources.json"
    try:
        payload = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict):
        return None
    parts = {}
    for part in PARTS:
        values = payload.get(part, [])
        paths = tuple(Path(p) for p in values if isinstance(p, str)) if isinstance(values, list) else ()
        parts[part] = paths if paths and all(p.exists() for p in paths) else ()
    choice = payload.get("crosswalk_source")
    result = DataSources(**parts, origin="last load")
    if choice in CROSSWALK_SOURCES:
        result = replace(result, crosswalk_source=choice)
    return result
