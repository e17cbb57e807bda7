"""The fixture world's files and how to lay them out (helpers for tests and conftest).

Import from tests as ``from fixture_world import …`` (``tests/`` is on ``sys.path``
because it holds the root ``conftest.py``). The world itself is described in
``tests/fixtures/README.md``.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from skillgraph.graph.settings import Settings

__all__ = [
    "FIXTURES",
    "ESCO_FIXTURES",
    "ONET_FIXTURES",
    "CROSSWALK_FIXTURES",
    "ESCO_CLASSIFICATION_ZIP",
    "ESCO_RELATIONS_ZIP",
    "ESCO_CLASSIFICATION_FILES",
    "ESCO_RELATION_FILES",
    "zip_files",
    "write_data_dir",
    "settings_for",
]

FIXTURES = Path(__file__).parent / "fixtures"
ESCO_FIXTURES = FIXTURES / "esco"
ONET_FIXTURES = FIXTURES / "onet"
CROSSWALK_FIXTURES = FIXTURES / "crosswalks"

ESCO_CLASSIFICATION_ZIP = "ESCO dataset - v1.1.1 - classification - en - csv.zip"
ESCO_RELATIONS_ZIP = "ESCO dataset - v1.1.1 - classification - relations - csv.zip"
#: Which fixture CSV goes into which official v1.1.1 zip.
ESCO_CLASSIFICATION_FILES = (
    "ISCOGroups_en.csv",
    "occupations_en.csv",
    "skillGroups_en.csv",
    "skillsHierarchy_en.csv",
    "skills_en.csv",
)
ESCO_RELATION_FILES = (
    "broaderRelationsOccPillar.csv",
    "broaderRelationsSkillPillar.csv",
    "occupationSkillRelations.csv",
)


def zip_files(target: Path, files: dict[str, Path | bytes]) -> Path:
    """Write a deflated zip holding ``files`` (member name → source file or bytes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, source in files.items():
            archive.writestr(name, source if isinstance(source, bytes) else source.read_bytes())
    return target


def write_data_dir(root: Path, *, esco_zipped: bool = True) -> Path:
    """Lay the fixture world out in ``root`` like ``shared/data``.

    ``esco_zipped=False`` puts the ESCO CSVs unzipped in ``esco-v1.1.1/`` (easier to damage
    in a test); otherwise they go into the two zips named as the ESCO portal names them.
    """
    esco = root / "esco-v1.1.1"
    esco.mkdir(parents=True)
    if esco_zipped:
        zip_files(esco / ESCO_CLASSIFICATION_ZIP, {n: ESCO_FIXTURES / n for n in ESCO_CLASSIFICATION_FILES})
        zip_files(esco / ESCO_RELATIONS_ZIP, {n: ESCO_FIXTURES / n for n in ESCO_RELATION_FILES})
    else:
        for name in (*ESCO_CLASSIFICATION_FILES, *ESCO_RELATION_FILES):
            shutil.copyfile(ESCO_FIXTURES / name, esco / name)
    shutil.copytree(ONET_FIXTURES, root / "onet-29.3" / "db_29_3_text")
    shutil.copytree(CROSSWALK_FIXTURES, root / "crosswalks")
    return root


#: The fixture world has 8 pairs of occupations sharing an ISCO unit group: too few to
#: calibrate a viability threshold on, so tests fix it (SKILLGRAPH_VIABILITY_THRESHOLD).
#: At 0.5, ICT project manager → project manager (0.62) is viable and ICT project
#: manager → programme manager (0.43) is not, so paths have more than one step.
FIXTURE_THRESHOLD = 0.5


def settings_for(data_dir: Path | None, base: Path, *, threshold: float | None = FIXTURE_THRESHOLD) -> Settings:
    """Settings reading ``data_dir`` and keeping every cache and saved file under ``base``.

    ``threshold``: the fixed viability threshold (``None``: calibrate, as on the full data).
    """
    return Settings(
        data_dir=data_dir,
        cache_dir=base / "cache",
        home_dir=base / "home",
        config_dir=base / "config",
        viability_threshold=threshold,
    )
