"""Reading the official files as published: folders or zips of CSV / tab-separated tables.

The file schemas are data (:class:`Table`): which member names a table may have, which
columns it must have, its delimiter. Everything is read as text and stripped; converting
values is the caller's business. Every problem becomes a :class:`DataFormatError` that
names the file (``archive.zip!member``), the line and the column.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillgraph.graph.errors import DataFormatError, DataNotFoundError

__all__ = ["Table", "Row", "SourceFiles", "read_table"]

# ESCO's descriptions and alt-label lists run to tens of kilobytes in one field.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class Table:
    """The schema of one published table.

    Parameters
    ----------
    title : str
        Human name used in messages ("ESCO occupations").
    names : tuple of str
        Accepted member file names, matched case-insensitively, in order of preference
        (e.g. v1.2 ``occupationSkillRelations_en.csv`` before v1.1 ``occupationSkillRelations.csv``).
    required : tuple of str
        Columns that must be in the header (the reader fails otherwise).
    optional : tuple of str
        Columns that are used when present.
    ignored : tuple of str
        Published columns that are knowingly not used (a column in none of the three is
        reported by the loaders as unknown).
    delimiter : str
        ``","`` for ESCO and the crosswalks, ``"\\t"`` for O*NET.
    """

    title: str
    names: tuple[str, ...]
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    delimiter: str = ","
    allow_empty: bool = False
    #: Lines of metadata the publisher puts before the header (the official ESCO–O*NET
    #: crosswalk has 16); the header is the first of the first ``preamble + 1`` records
    #: that holds every required column.
    preamble: int = 0


@dataclass(frozen=True, slots=True)
class Row:
    """One record: where it starts in the file and the values of the columns its
    :class:`Table` names (required and optional), by column name."""

    line: int
    values: dict[str, str] = field(repr=False)

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    def get(self, column: str, default: str = "") -> str:
        return self.values.get(column, default) or default


class _Member:
    """A file inside a folder or a zip archive (``origin``: the folder or zip it was found in)."""

    def __init__(self, name: str, display: str, path: Path, archive: Path | None, origin: Path | None = None) -> None:
        self.name = name  # basename
        self.origin = origin or archive or path
        self.display = display  # what messages call it
        self.path = path  # the file itself, or the member path inside the archive
        self.archive = archive
        self.header: tuple[str, ...] = ()  # the columns of the last read
        self.cleaned = 0  # control characters removed while reading
        self.first_cleaned = ""  # where the first one was ("line 12, column 'preferredLabel'")

    def open_bytes(self) -> io.BufferedIOBase:
        if self.archive is None:
            return open(self.path, "rb")
        # The member stream keeps the archive's file open after the ZipFile is closed.
        with zipfile.ZipFile(self.archive) as archive:
            return archive.open(str(self.path))


class SourceFiles:
    """The files of one published package, given as folders and/or zip archives.

    Members are found by base name, case-insensitively, wherever they sit inside
    the folders or archives (the ESCO zips put the CSVs at the top; some mirrors nest
    them in a folder).

    Examples
    --------
    >>> files = SourceFiles([Path("ESCO dataset - v1.1.1 - classification - en - csv.zip")])  # doctest: +SKIP
    >>> files.find(OCCUPATIONS)  # doctest: +SKIP
    """

    def __init__(self, paths: Sequence[Path], *, what: str) -> None:
        self.what = what
        self.paths = [Path(p) for p in paths]
        self._members: dict[str, _Member] = {}
        for path in self.paths:
            if not path.exists():
                raise DataNotFoundError(f"{what}: {path} does not exist")
            if path.is_dir():
                for file in sorted(path.rglob("*")):
                    if file.is_file() and not file.name.startswith("."):
                        if file.suffix.lower() == ".zip":
                            self._add_archive(file)
                        else:
                            self._add(_Member(file.name, str(file), file, None, path))
            elif zipfile.is_zipfile(path):
                self._add_archive(path)
            elif path.suffix.lower() == ".zip":
                raise DataFormatError(
                    str(path),
                    "not a readable zip archive (truncated or corrupt download?)",
                    expected="the zip as published",
                )
            else:
                self._add(_Member(path.name, str(path), path, None))

    def _add_archive(self, archive: Path) -> None:
        try:
            with zipfile.ZipFile(archive) as zf:
                names = [info.filename for info in zf.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, OSError) as e:
            raise DataFormatError(str(archive), f"not a readable zip archive ({e})", expected="the zip as published") from e
        for name in names:
            base = name.rsplit("/", 1)[-1]
            if base and not base.startswith(".") and not name.startswith("__MACOSX"):
                self._add(_Member(base, f"{archive.name}!{name}", Path(name), archive))

    def _add(self, member: _Member) -> None:
        # First one wins: a folder listing may hold a copy next to the zip.
        self._members.setdefault(member.name.lower(), member)

    def names(self) -> list[str]:
        """Base names of every member, sorted."""
        return sorted(m.name for m in self._members.values())

    def member_named(self, name: str) -> _Member | None:
        """The member with base name ``name`` (case-insensitive), if any."""
        return self._members.get(name.lower())

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Wrap the reading of these files: a DataFormatError about a zip member whose bytes
        are damaged becomes a corruption error.

        Damaged compressed bytes come out as garbage long before the CRC at the end of the
        member is checked, so the first complaint (a record with too many fields, an
        unknown value) is about bytes the publisher never wrote.
        """
        try:
            yield
        except DataFormatError as e:
            member = next((m for m in self._members.values() if m.display == e.file), None)
            problem = corruption(member) if member is not None else None
            if problem is None or "corrupt" in e.problem:
                raise
            raise DataFormatError(
                e.file, f"the archive member is corrupt ({problem}); download the zip again", line=e.line
            ) from e

    def notes(self) -> list[str]:
        """One line per file from which control characters were removed."""
        return [
            f"{m.display}: {m.cleaned:,} control or bidirectional-override character"
            f"{'s' if m.cleaned != 1 else ''} removed or repaired (first at {m.first_cleaned})"
            for m in self._members.values()
            if m.cleaned
        ]

    def has(self, table: Table) -> bool:
        """Whether any accepted name of ``table`` is present."""
        return any(name.lower() in self._members for name in table.names)

    def find(self, table: Table) -> _Member:
        """The member holding ``table``; DataNotFoundError listing what is there if none."""
        for name in table.names:
            member = self._members.get(name.lower())
            if member is not None:
                return member
        where = ", ".join(str(p) for p in self.paths)
        present = ", ".join(self.names()[:30]) or "no files"
        raise DataNotFoundError(
            f"{self.what}: none of {', '.join(table.names)} ({table.title}) found in {where}; found: {present}"
        )

    def read(self, table: Table) -> Iterator[Row]:
        """Rows of ``table`` (see :func:`read_table`)."""
        return read_table(self.find(table), table)


#: Removed from every value: C0 controls except tab and line feed (NUL, ESC and CR
#: included), DEL, C1 controls, and the bidirectional embeddings, overrides and isolates
#: (which can make a label read differently from what it is).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A whole terminal escape sequence (CSI, OSC up to BEL or ST, or a two-character one) goes,
# not only its ESC: "\x1b[31mred" becomes "red", not "[31mred".
_ESCAPE_SEQUENCE = re.compile("\x1b(?:\\[[0-?]*[ -/]*[@-~]|\\][^\x07\x1b]*(?:\x07|\x1b\\\\)?|[@-Z\\\\-_])")
# UTF-8 sequences the publisher decoded as Latin-1: a lead byte then continuation bytes.
_MOJIBAKE = re.compile("[\xc2-\xf4][\x80-\xbf]{1,3}")
# Undecodable bytes are kept as lone surrogates (errors="surrogateescape") and reported
# with the record that holds them: a decoding error raised by the text layer would name
# the line the reader had reached, and it reads ahead by whole chunks.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def read_table(member: _Member, table: Table) -> Iterator[Row]:
    """Yield the rows of ``member`` read as ``table``; check the header first.

    Raises DataFormatError for an empty file, a wrong delimiter, missing columns,
    records with more fields than the header, undecodable bytes and corrupt zip members.
    A UTF-8 byte-order mark is accepted (spreadsheet programs add one).

    Text is decoded strictly (fast). Bytes that are not UTF-8 stop the read; the member
    is then read again keeping them, to report the record, line and column that hold
    them (a decoding error names only the chunk the text layer had reached).
    """
    try:
        yield from _read(member, table, strict=True)
    except UnicodeDecodeError as e:
        for _ in _read(member, table, strict=False):
            pass
        raise DataFormatError(  # not located (should not happen): still name the file
            member.display, "bytes that are not UTF-8", expected="UTF-8 text", found=f"byte 0x{e.object[e.start]:02x}"
        ) from e


def _read(member: _Member, table: Table, *, strict: bool) -> Iterator[Row]:
    display = member.display
    try:
        raw = member.open_bytes()
    except (zipfile.BadZipFile, OSError, zlib.error) as e:
        raise DataFormatError(display, f"cannot open ({e})") from e
    errors = "strict" if strict else "surrogateescape"
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors=errors, newline="")
    reader = csv.reader(text, delimiter=table.delimiter)
    member.cleaned, member.first_cleaned = 0, ""
    try:
        yield from _rows(reader, member, table, check_utf8=not strict)
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise DataFormatError(display, f"the archive member is corrupt or truncated ({e})", line=reader.line_num + 1) from e
    except csv.Error as e:
        raise DataFormatError(display, f"malformed CSV ({e})", line=reader.line_num) from e
    finally:
        text.close()


def corruption(member: _Member) -> str | None:
    """Why the zip member's bytes are damaged (bad CRC, bad deflate data), or None."""
    if member.archive is None:
        return None
    try:
        with zipfile.ZipFile(member.archive) as archive, archive.open(str(member.path)) as stream:
            while stream.read(1 << 20):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        return str(e) or e.__class__.__name__
    return None


def _clean(value: str) -> tuple[str, int]:
    """``value`` without control characters (after repairing Latin-1-decoded UTF-8), and
    how many control characters it had (removed or repaired)."""

    def repair(match: re.Match[str]) -> str:
        try:
            return match.group().encode("latin-1").decode("utf-8")
        except UnicodeError:
            return match.group()

    count = len(CONTROL_CHARACTERS.findall(value))
    if "\x1b" in value:
        value = _ESCAPE_SEQUENCE.sub("", value)
    if _MOJIBAKE.search(value):
        value = _MOJIBAKE.sub(repair, value)
    return CONTROL_CHARACTERS.sub("", value), count


def _find_header(reader, display: str, table: Table) -> list[str] | None:
    """The header record: the first one, or for a table with a preamble the first of the
    first ``preamble + 1`` records holding every required column."""
    if not table.preamble:
        return next(reader, None)
    seen: list[str] = []
    for _ in range(table.preamble + 1):
        record = next(reader, None)
        if record is None:
            break
        cells = [c.strip().lstrip("\ufeff") for c in record]
        if all(c in cells for c in table.required):
            return record
        if any(cells):
            seen.append(cells[0])
    if not seen:
        return None
    raise DataFormatError(
        display,
        f"no header in the first {table.preamble + 1} lines",
        line=1,
        column=table.required[0],
        expected=f"up to {table.preamble} lines of metadata, then a header with {', '.join(table.required)}",
        found=f"lines starting {', '.join(repr(c[:30]) for c in seen[:3])}",
    )


def _rows(reader, member: _Member, table: Table, *, check_utf8: bool) -> Iterator[Row]:
    display = member.display
    header = _find_header(reader, display, table)
    if header is None or not any(h.strip() for h in header):
        raise DataFormatError(
            display,
            "the file is empty",
            line=1,
            column=table.required[0],
            expected=f"a header with {', '.join(table.required)}",
        )
    header_line = reader.line_num
    if check_utf8:
        _check_utf8(display, header, [""] * len(header), header_line)
    header = [h.strip().lstrip("\ufeff") for h in header]
    _check_header(display, table, header)
    member.header = tuple(header)
    width = len(header)
    # Only the columns the schema names are kept: the big O*NET tables have a dozen
    # columns of which a loader reads four, and building every value dominates reading.
    wanted = [(name, header.index(name)) for name in dict.fromkeys((*table.required, *table.optional)) if name in header]
    previous_end = reader.line_num
    count = 0
    start = header_line
    for record in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # blank line
        if check_utf8:
            _check_utf8(display, record, header, start)
        if len(record) > width:
            extra = [v for v in record[width:] if v.strip()]
            if extra:
                raise DataFormatError(
                    display,
                    f"the record has {len(record)} fields but the header has {width}",
                    line=start,
                    expected=f"{width} fields",
                    found=f"extra value {extra[0][:60]!r}",
                )
        # Short records are normal in ESCO's skillsHierarchy (trailing empty columns omitted).
        size = len(record)
        values = {name: record[i].strip() if i < size else "" for name, i in wanted}
        joined = "".join(record)
        # isprintable() is a fast C scan that is False for every control character (and
        # for line feeds and tabs, which are kept): only then the exact check runs.
        if not joined.isprintable() and CONTROL_CHARACTERS.search(joined):
            _clean_values(values, member, start)
        count += 1
        yield Row(start, values)
    if count == 0 and not table.allow_empty:
        raise DataFormatError(
            display, "the file has a header but no records", line=2, column=table.required[0], expected="at least one record"
        )
    if member.archive is None and count and not _ends_with_line_break(member.path):
        raise DataFormatError(
            display,
            "the last record does not end with a line break: the file looks cut short (an interrupted download or copy?)",
            line=start,
            expected="the file as published (every record ends with a line break)",
        )


def _clean_values(values: dict[str, str], member: _Member, line: int) -> None:
    for name, value in values.items():
        if not CONTROL_CHARACTERS.search(value):
            continue
        cleaned, removed = _clean(value)
        values[name] = cleaned.strip()
        if removed and not member.cleaned:
            member.first_cleaned = f"line {line}, column '{name}'"
        member.cleaned += removed


def _ends_with_line_break(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(0, io.SEEK_END)
        if fh.tell() == 0:
            return True
        fh.seek(-1, io.SEEK_END)
        return fh.read(1) in (b"\n", b"\r")


def _check_utf8(display: str, record: list[str], header: list[str], start: int) -> None:
    """DataFormatError naming the line and column of the first undecodable byte, if any."""
    if not _NOT_UTF8.search("".join(record)):
        return
    line = start
    for index, value in enumerate(record):
        bad = _NOT_UTF8.search(value)
        if bad is None:
            line += value.count("\n")
            continue
        line += value.count("\n", 0, bad.start())
        raise DataFormatError(
            display,
            "bytes that are not UTF-8",
            line=line,
            column=(header[index].strip() or None) if index < len(header) else None,
            expected="UTF-8 text",
            found=f"byte 0x{ord(bad.group()) - 0xDC00:02x}",
        )


def _check_header(display: str, table: Table, header: list[str]) -> None:
    missing = [c for c in table.required if c not in header]
    if not missing:
        dupes = {c for c in header if c and header.count(c) > 1 and c in table.required}
        if dupes:
            raise DataFormatError(display, f"column {sorted(dupes)[0]!r} appears twice in the header", line=1)
        return
    joined = header[0] if len(header) == 1 else ""
    for other, name in ((",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if other != table.delimiter and joined.count(other) >= 1 and len(header) == 1:
            expected = "tab" if table.delimiter == "\t" else "comma"
            raise DataFormatError(
                display,
                f"wrong delimiter: the header is one column split by {name}s",
                line=1,
                column=table.required[0],
                expected=f"{expected}-separated columns {', '.join(table.required)}",
                found=repr(joined[:80]),
            )
    lowered = {h.lower(): h for h in header}
    hints = []
    for column in missing:
        if column.lower() in lowered:
            hints.append(f"{column!r} (found {lowered[column.lower()]!r}: wrong case)")
        else:
            hints.append(repr(column))
    looks_wrong = len(missing) == len(table.required)
    problem = (
        f"this does not look like the {table.title} file: none of its columns are there"
        if looks_wrong and len(table.required) > 1
        else f"missing column{'s' if len(missing) > 1 else ''} {', '.join(hints)}"
    )
    raise DataFormatError(
        display,
        problem,
        line=1,
        column=missing[0],
        expected=f"columns {', '.join(table.required)}",
        found=f"columns {', '.join(header[:12])}{' …' if len(header) > 12 else ''}",
    )
