"""The one way the product writes CSV: cells that a spreadsheet would run as a formula are
neutralised, and the file appears complete or not at all.

Formula injection (OWASP, "CSV Injection"): a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is read by spreadsheet programs as a formula — an ESCO
label such as ``=HYPERLINK(…)`` would become a live link or a command. Such a cell is
written with a leading single quote (``'=HYPERLINK(…)``), which spreadsheets show as text;
the fullwidth forms (``＝`` …) and the same characters after leading spaces are treated
alike. Numbers (``-0.25``, ``1e-3``) are left as they are. Quoting is the csv module's:
a cell holding the delimiter, a quote or a line break is quoted.

Every CSV writer in the product goes through :func:`csv_file`.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from skillgraph.graph.errors import OutputError

__all__ = ["csv_file", "safe_cell", "SafeWriter", "FORMULA_STARTS"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet runs as a formula.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("@SUM(A1)"), safe_cell("-0.25"), safe_cell(3)
    ('\\'=HYPERLINK("http://x")', "'@SUM(A1)", '-0.25', 3)
    """
    if not isinstance(value, str) or not value:
        return value
    if value.lstrip(" ").startswith(FORMULA_STARTS) and not _NUMBER.match(value.strip()):
        return "'" + value
    return value


class SafeWriter:
    """A ``csv.writer`` whose every cell passes through :func:`safe_cell`."""

    def __init__(self, fh, **kwargs: Any) -> None:
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Sequence[Any]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)


@contextlib.contextmanager
def csv_file(path: Path, **kwargs: Any) -> Iterator[SafeWriter]:
    """Write a CSV file at ``path`` through a :class:`SafeWriter`.

    The rows go to a temporary file beside ``path``, renamed into place when the block
    ends without an error; on an error nothing is left behind. A file that cannot be
    written (a missing or read-only folder, ``/proc``, a full disk) is an
    :class:`OutputError` naming the path and the reason.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}; choose another --out file") from e
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            yield SafeWriter(fh, **kwargs)
        os.replace(tmp_name, path)
    except OSError as e:
        Path(tmp_name).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {e.strerror or e}; choose another --out file") from e
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
