"""ESCO → O*NET crosswalk: Nesta's Nov 2020 file (O*NET-SOC 2010 codes) through O*NET's
2010 → 2019 code crosswalk.

Nesta maps 1,680 ESCO occupations (those directly under ISCO unit groups) to one
O*NET-SOC 2010 code each, with a confidence of 0.5, 1 or 2 (2 = highest). O*NET 29.x
uses 2019 codes, and some 2010 codes split into several; every resulting 2019 code
that exists in the loaded O*NET release becomes a ``SAME_AS`` edge carrying the
confidence. Narrower ESCO occupations inherit the mapping of their nearest mapped
broader occupation (:func:`inherit_mappings`), marked ``inherited=True``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from skillgraph.graph.errors import DataFormatError
from skillgraph.loaders.onet import SOC_CODE
from skillgraph.loaders.records import LoadReport
from skillgraph.loaders.tables import SourceFiles, Table

__all__ = ["OnetMapping", "CrosswalkData", "load_crosswalk", "inherit_mappings", "ESCO_ONET", "SOC_2010_2019"]

ESCO_ONET = Table(
    "ESCO–O*NET crosswalk",
    ("esco_onet_crosswalk_Nov2020.csv",),
    required=("concept_uri", "onet_code", "confidence"),
    optional=("esco_occupation", "onet_occupation", "isco_code"),
)
SOC_2010_2019 = Table(
    "O*NET-SOC 2010 to 2019 crosswalk",
    ("onet-soc-2010_to_2019_Crosswalk.csv", "2010_to_2019_Crosswalk.csv"),
    required=("O*NET-SOC 2010 Code", "O*NET-SOC 2019 Code"),
    optional=("O*NET-SOC 2010 Title", "O*NET-SOC 2019 Title"),
)

_CONFIDENCES = {0.5, 1.0, 2.0}


@dataclass(frozen=True, slots=True)
class OnetMapping:
    """One ESCO occupation → O*NET-SOC 2019 occupation mapping."""

    esco_id: str
    onet_code: str
    confidence: float
    soc2010: str
    inherited: bool = False
    inherited_from: str = ""


@dataclass
class CrosswalkData:
    """Direct mappings from the crosswalk files, before inheritance."""

    mappings: list[OnetMapping]
    report: LoadReport


def load_crosswalk(paths: Sequence[Path]) -> CrosswalkData:
    """Read the Nesta ESCO→O*NET file and the O*NET-SOC 2010→2019 crosswalk.

    ``paths`` are files or folders holding both. Codes are checked for shape; mapping to
    ids that exist in the loaded graph happens in the build step.
    """
    files = SourceFiles(paths, what="crosswalk files")
    report = LoadReport()
    soc_member = files.find(SOC_2010_2019)
    to_2019: dict[str, list[str]] = defaultdict(list)
    rows = 0
    for row in files.read(SOC_2010_2019):
        rows += 1
        old, new = row["O*NET-SOC 2010 Code"], row["O*NET-SOC 2019 Code"]
        for column, code in (("O*NET-SOC 2010 Code", old), ("O*NET-SOC 2019 Code", new)):
            if not SOC_CODE.match(code):
                raise DataFormatError(
                    soc_member.display,
                    "not an O*NET-SOC code",
                    line=row.line,
                    column=column,
                    expected="a code like 15-1299.09",
                    found=repr(code),
                )
        if new not in to_2019[old]:
            to_2019[old].append(new)
    report.rows_read[SOC_2010_2019.title] = rows

    member = files.find(ESCO_ONET)
    mappings: list[OnetMapping] = []
    seen: dict[str, int] = {}
    rows = 0
    for row in files.read(ESCO_ONET):
        rows += 1
        uri, code = row["concept_uri"], row["onet_code"]
        if not uri.startswith("http"):
            raise DataFormatError(
                member.display,
                "not an ESCO concept URI",
                line=row.line,
                column="concept_uri",
                expected="http://data.europa.eu/esco/occupation/…",
                found=repr(uri),
            )
        if not SOC_CODE.match(code):
            raise DataFormatError(
                member.display,
                "not an O*NET-SOC code",
                line=row.line,
                column="onet_code",
                expected="a code like 15-1199.09",
                found=repr(code),
            )
        try:
            confidence = float(row["confidence"])
        except ValueError:
            confidence = -1.0
        if confidence not in _CONFIDENCES:
            raise DataFormatError(
                member.display,
                "not a crosswalk confidence",
                line=row.line,
                column="confidence",
                expected="0.5, 1 or 2",
                found=repr(row["confidence"]),
            )
        if uri in seen:
            raise DataFormatError(
                member.display,
                f"ESCO occupation mapped twice (first at line {seen[uri]})",
                line=row.line,
                column="concept_uri",
                expected="one row per ESCO occupation",
            )
        seen[uri] = row.line
        new_codes = to_2019.get(code)
        if not new_codes:
            report.skip(
                "crosswalk O*NET-SOC 2010 code not in the 2010→2019 crosswalk", f"{member.display}, line {row.line}: {code}"
            )
            continue
        for new in new_codes:
            mappings.append(OnetMapping(uri, new, confidence, code))
    report.rows_read[ESCO_ONET.title] = rows
    return CrosswalkData(mappings, report)


def inherit_mappings(
    direct: Iterable[OnetMapping],
    broader: Mapping[str, Sequence[str]],
    occupations: Iterable[str],
) -> list[OnetMapping]:
    """Direct mappings plus those inherited by narrower occupations.

    Parameters
    ----------
    direct : iterable of OnetMapping
        Mappings read from the crosswalk (already restricted to known ids).
    broader : mapping of str to sequence of str
        ESCO occupation id → its broader occupation ids (occupations only, not ISCO groups).
    occupations : iterable of str
        Every ESCO occupation id.

    Examples
    --------
    >>> m = [OnetMapping("a", "15-1299.09", 2.0, "15-1199.09")]
    >>> [(x.esco_id, x.inherited_from) for x in inherit_mappings(m, {"b": ["a"], "c": ["b"]}, ["a", "b", "c"])]
    [('a', ''), ('b', 'a'), ('c', 'a')]
    """
    by_id: dict[str, list[OnetMapping]] = defaultdict(list)
    for mapping in direct:
        by_id[mapping.esco_id].append(mapping)
    resolved: dict[str, tuple[str, list[OnetMapping]]] = {k: ("", v) for k, v in by_id.items()}

    def resolve(uri: str, visiting: set[str]) -> tuple[str, list[OnetMapping]]:
        if uri in resolved:
            return resolved[uri]
        found: tuple[str, list[OnetMapping]] = ("", [])
        visiting.add(uri)
        for parent in broader.get(uri, ()):
            if parent in visiting:
                continue
            origin, maps = resolve(parent, visiting)
            if maps:
                found = (origin or parent, maps)
                break
        visiting.discard(uri)
        resolved[uri] = found
        return found

    out: list[OnetMapping] = []
    for uri in occupations:
        origin, maps = resolve(uri, set())
        for mapping in maps:
            if origin:
                out.append(OnetMapping(uri, mapping.onet_code, mapping.confidence, mapping.soc2010, True, origin))
            else:
                out.append(mapping)
    return out
