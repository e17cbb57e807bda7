"""The exceptions skillgraph raises: one root, specific subclasses people can act on.

Every message names the thing that is wrong (file, line, column, value, address) and,
where there is one, what to do about it. Front doors (CLI, Streamlit pages) catch
:class:`SkillgraphError` and show its message; anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "SkillgraphError",
    "DataFormatError",
    "DataNotFoundError",
    "DownloadError",
    "UnknownOccupationError",
    "UnknownSkillError",
    "InvalidArgumentError",
    "StoreUnavailableError",
    "StoreAuthError",
    "SnapshotError",
    "SnapshotKeyError",
    "SourcesShrankError",
    "OutputError",
]


class SkillgraphError(Exception):
    """Root of every error skillgraph raises on purpose."""


class DataFormatError(SkillgraphError):
    """A source file does not have the shape its publisher documents.

    Parameters
    ----------
    file : str
        The file (for a member of a zip: ``archive.zip!member.csv``).
    problem : str
        What is wrong, in words ("missing column 'conceptUri'").
    line : int, optional
        1-based physical line where the offending record starts.
    column : str, optional
        Column name involved.
    expected, found : str, optional
        What the reader expected and what it found instead.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        message = f"{where}: {problem}"
        if expected is not None:
            message += f"; expected {expected}"
        if found is not None:
            message += f", found {found}"
        super().__init__(message)

    def __reduce__(self):
        # Exceptions pickle as cls(*args); this one is rebuilt from its parts (it crosses
        # process boundaries when files are read in parallel).
        return (
            _rebuild_data_format_error,
            (self.file, self.problem, self.line, self.column, self.expected, self.found),
        )


def _rebuild_data_format_error(file, problem, line, column, expected, found) -> DataFormatError:
    return DataFormatError(file, problem, line=line, column=column, expected=expected, found=found)


class DataNotFoundError(SkillgraphError):
    """The source data (ESCO, O*NET, crosswalk) could not be found; the message says how to get it."""


class DownloadError(SkillgraphError):
    """A download failed or produced a file that is not what the publisher serves."""


class InvalidArgumentError(SkillgraphError, ValueError):
    """A query argument is out of range or of the wrong kind; the message lists allowed values."""


class _UnknownIdError(SkillgraphError, LookupError):
    what = "id"

    def __init__(self, value: str, suggestions: Sequence[tuple[str, str]] = ()) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        message = f"Unknown {self.what} {value!r}"
        if self.suggestions:
            listed = "; ".join(f"{label} ({ident})" for ident, label in self.suggestions)
            message += f". Did you mean: {listed}?"
        super().__init__(message)


class UnknownOccupationError(_UnknownIdError):
    """No occupation has this id or title; ``suggestions`` holds close matches as (id, label)."""

    what = "occupation"


class UnknownSkillError(_UnknownIdError):
    """No skill or knowledge concept has this id; ``suggestions`` holds close matches."""

    what = "skill"


class StoreUnavailableError(SkillgraphError):
    """The graph store cannot be reached (or has no data); the message names the address and the fix."""


class StoreAuthError(StoreUnavailableError):
    """The graph server refused the credentials."""


class SnapshotError(SkillgraphError):
    """A snapshot on disk is unreadable or was written by an incompatible version."""


class SnapshotKeyError(SnapshotError):
    """The per-install key that authenticates snapshots is unsafe or unusable; the message
    names the file and the fix (snapshots are not read or written meanwhile)."""


class SourcesShrankError(SkillgraphError):
    """A rebuild would replace the snapshot with a much smaller graph (tables with far fewer
    rows than the previous load); ``skillgraph load --rebuild`` accepts it."""


class OutputError(SkillgraphError):
    """A file the program was asked to write cannot be written; the message names it and why."""
