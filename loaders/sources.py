"""Finding the official files: explicit paths, ``SKILLGRAPH_DATA_DIR``, or the download cache.

A data folder is laid out like the project's shared reference data::

    esco-v1.1.1/   ESCO zips (or the unzipped CSVs)
    onet-29.3/     db_29_3_text/ (or db_29_3_text.zip)
    crosswalks/    esco_onet_crosswalk_Nov2020.csv, onet-soc-2010_to_2019_Crosswalk.csv

Loose files also work: ``ESCO dataset - … .zip`` and ``db_XX_X_text.zip`` anywhere in it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillgraph.graph.errors import DataNotFoundError
from skillgraph.graph.settings import Settings

__all__ = ["DataSources", "find_sources", "fingerprint", "ESCO_HELP", "remember_sources", "remembered_sources"]

ESCO_HELP = (
    "ESCO is downloaded from the ESCO portal, which sends the link by e-mail: open "
    "https://esco.ec.europa.eu/en/use-esco/download, choose version 1.1.x or 1.2.x, language "
    "'en', format CSV, enter your e-mail address, download the zip(s) from the link you receive, "
    "then run: skillgraph load --esco PATH.zip [PATH2.zip]"
)


@dataclass(frozen=True)
class DataSources:
    """Paths of one set of official files; any part may be empty (then it is not loaded)."""

    esco: tuple[Path, ...] = ()
    onet: tuple[Path, ...] = ()
    crosswalk: tuple[Path, ...] = ()
    origin: str = ""  # where they were found, for messages
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.esco and not self.onet

    def describe(self) -> list[tuple[str, str]]:
        """(part, paths) pairs for display."""

        def show(paths: Sequence[Path]) -> str:
            return ", ".join(str(p) for p in paths) if paths else "(not found)"

        return [("ESCO", show(self.esco)), ("O*NET", show(self.onet)), ("crosswalk", show(self.crosswalk))]


def _version_key(path: Path) -> tuple:
    return tuple(int(n) for n in re.findall(r"\d+", path.name)) or (0,)


def _esco_in(folder: Path) -> tuple[Path, ...]:
    candidates = sorted((p for p in folder.iterdir() if p.name.lower().startswith("esco")), key=_version_key)
    for candidate in reversed(candidates):
        if candidate.is_dir():
            zips = sorted(candidate.glob("*.zip"))
            if zips:
                return tuple(zips)
            if any(candidate.rglob("occupations_en.csv")):
                return (candidate,)
    zips = sorted(p for p in folder.glob("*.zip") if p.name.lower().startswith("esco"))
    if zips:
        newest = _version_key(zips[-1])
        return tuple(z for z in zips if _version_key(z)[:3] == newest[:3]) or (zips[-1],)
    return ()


def _onet_in(folder: Path) -> tuple[Path, ...]:
    found: list[Path] = []
    for pattern in ("db_*_text", "db_*_text.zip", "onet*/db_*_text", "onet*/db_*_text.zip", "onet*"):
        for candidate in folder.glob(pattern):
            if candidate.is_dir() and (candidate / "Occupation Data.txt").exists():
                found.append(candidate)
            elif candidate.is_file() and candidate.suffix == ".zip":
                found.append(candidate)
    if not found:
        return ()
    return (max(found, key=lambda p: (_version_key(p), p.is_dir())),)


def _crosswalk_in(folder: Path) -> tuple[Path, ...]:
    names = ("esco_onet_crosswalk_Nov2020.csv", "onet-soc-2010_to_2019_Crosswalk.csv", "2010_to_2019_Crosswalk.csv")
    hits: list[Path] = []
    for base in (folder / "crosswalks", folder):
        if base.is_dir():
            hits.extend(base / n for n in names if (base / n).exists())
    return tuple(dict.fromkeys(hits))


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
) -> DataSources:
    """Where to load from: explicit paths first, then ``SKILLGRAPH_DATA_DIR``, the paths
    remembered from the last ``skillgraph load``, then the download cache.

    Raises DataNotFoundError with instructions when neither ESCO nor O*NET is found.
    """
    for path in (*esco, *onet, *crosswalk):
        if not Path(path).exists():
            raise DataNotFoundError(f"{path} does not exist")
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

    chosen = {"esco": (), "onet": (), "crosswalk": ()}
    origins: list[str] = []
    for layer in layers:
        for part in chosen:
            value = getattr(layer, part)
            if not chosen[part] and value:
                chosen[part] = value
                if layer.origin not in origins:
                    origins.append(layer.origin)
    result = DataSources(chosen["esco"], chosen["onet"], chosen["crosswalk"], origin=" + ".join(origins))
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
    """A short hash of the source files' names, sizes and modification times plus ``extra``.

    Changing, adding or removing a source file, or passing a different ``extra``
    (the snapshot format version, engine parameters), changes the fingerprint.
    """
    digest = hashlib.sha256()
    for part, paths in (("esco", sources.esco), ("onet", sources.onet), ("crosswalk", sources.crosswalk)):
        digest.update(part.encode())
        for file in _files_of(paths):
            stat = file.stat()
            digest.update(f"{file.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for value in extra:
        digest.update(value.encode())
    return digest.hexdigest()[:20]


def remember_sources(settings: Settings, sources: DataSources) -> None:
    """Record where the last load read from, so later commands find the same files."""
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    target = settings.cache_dir / "sources.json"
    payload = {part: [str(p.resolve()) for p in getattr(sources, part)] for part in ("esco", "onet", "crosswalk")}
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    os.replace(tmp, target)


def remembered_sources(settings: Settings) -> DataSources | None:
    """The sources recorded by :func:`remember_sources`, if they still exist."""
    target = settings.cache_dir / "sources.json"
    try:
        payload = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    parts = {}
    for part in ("esco", "onet", "crosswalk"):
        paths = tuple(Path(p) for p in payload.get(part, []) if isinstance(p, str))
        parts[part] = paths if paths and all(p.exists() for p in paths) else ()
    return DataSources(**parts, origin="last load")
