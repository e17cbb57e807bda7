"""Malformed official files: every one is a DataFormatError that names the file, the line,
the column and what was expected — or a counted skip — and none leaves a snapshot behind.

Each case damages a private copy of the fixture layout and opens the embedded store the way
the CLI and the app do (:func:`skillgraph.app.workspace.open_memory_store`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from fixture_world import CROSSWALK_FIXTURES, ESCO_CLASSIFICATION_ZIP, settings_for

from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.errors import DataFormatError, DataNotFoundError
from skillgraph.loaders.sources import find_sources

ONET_DIR = ("onet-29.3", "db_29_3_text")


@dataclass(frozen=True)
class Expect:
    file: str
    problem: str
    line: int | None
    column: str | None = None
    expected: str | None = None
    found: str | None = None


def esco_file(root: Path, name: str) -> Path:
    return root / "esco-v1.1.1" / name


def onet_file(root: Path, name: str) -> Path:
    return root.joinpath(*ONET_DIR, name)


def line_of(path: Path, needle: bytes) -> int:
    """Physical line (1-based) where ``needle`` first occurs in the file."""
    data = path.read_bytes()
    return data[: data.index(needle)].count(b"\n") + 1


def rewrite_csv(
    path: Path, transform, *, delimiter: str = ",", out_delimiter: str | None = None, terminator: str = "\r\n"
) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=out_delimiter or delimiter, lineterminator=terminator)
    writer.writerows(transform(rows))
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def replace_once(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) >= 1, old
    path.write_bytes(data.replace(old, new, 1))


# -- the cases ------------------------------------------------------------------------------


def missing_column(root: Path) -> Expect:
    path = esco_file(root, "occupations_en.csv")
    rewrite_csv(path, lambda rows: [r[:3] + r[4:] for r in rows])  # drop preferredLabel
    return Expect(
        str(path),
        "missing column 'preferredLabel'",
        1,
        "preferredLabel",
        "columns conceptUri, preferredLabel, iscoGroup",
        "columns conceptType, conceptUri, iscoGroup, altLabels",
    )


def renamed_column_wrong_case(root: Path) -> Expect:
    path = esco_file(root, "skills_en.csv")
    replace_once(path, b"conceptType,conceptUri,", b"conceptType,conceptURI,")
    return Expect(
        str(path),
        "'conceptUri' (found 'conceptURI': wrong case)",
        1,
        "conceptUri",
        "columns conceptUri, preferredLabel, skillType, reuseLevel",
        "conceptURI",
    )


def semicolon_csv(root: Path) -> Expect:
    path = esco_file(root, "occupationSkillRelations.csv")
    rewrite_csv(path, lambda rows: rows, out_delimiter=";")
    return Expect(
        str(path),
        "wrong delimiter: the header is one column split by semicolons",
        1,
        "occupationUri",
        "comma-separated columns occupationUri, relationType, skillUri",
        "occupationUri;relationType;skillType;skillUri",
    )


def comma_in_onet_file(root: Path) -> Expect:
    path = onet_file(root, "Job Zones.txt")
    rewrite_csv(path, lambda rows: rows, delimiter="\t", out_delimiter=",", terminator="\n")
    return Expect(
        str(path),
        "wrong delimiter: the header is one column split by commas",
        1,
        "O*NET-SOC Code",
        "tab-separated columns O*NET-SOC Code, Job Zone",
        "O*NET-SOC Code,Title,Job Zone",
    )


def empty_file(root: Path) -> Expect:
    path = esco_file(root, "skills_en.csv")
    path.write_bytes(b"")
    return Expect(
        str(path), "the file is empty", 1, "conceptUri", "a header with conceptUri, preferredLabel, skillType, reuseLevel"
    )


def header_only_esco(root: Path) -> Expect:
    path = esco_file(root, "occupations_en.csv")
    path.write_bytes(path.read_bytes().split(b"\r\n", 1)[0] + b"\r\n")
    return Expect(str(path), "the file has a header but no records", 2, "conceptUri", "at least one record")


def header_only_onet(root: Path) -> Expect:
    path = onet_file(root, "Occupation Data.txt")
    path.write_bytes(b"O*NET-SOC Code\tTitle\tDescription\n")
    return Expect(str(path), "the file has a header but no records", 2, "O*NET-SOC Code", "at least one record")


def shifted_esco_id_column(root: Path) -> Expect:
    """A repeated id is resolved (see test_loaders_duplicates), but an id column that does
    not hold URIs is still an error: the file is not as published."""
    path = esco_file(root, "occupations_en.csv")
    uri = b"http://data.europa.eu/esco/occupation/0cc00007-5e1f-4c7a-9d2b-000000000007"
    line = line_of(path, uri)
    replace_once(path, b"Occupation," + uri + b",", b"Occupation,2512,")
    return Expect(str(path), "not a concept URI", line, "conceptUri", "an occupation URI (http://data.europa.eu/esco/", "'2512'")


def every_row_repeats_one_id(root: Path) -> Expect:
    path = esco_file(root, "skillGroups_en.csv")
    lines = path.read_bytes().split(b"\r\n")
    uri = lines[1].split(b",")[1]
    body = [b",".join([line.split(b",")[0], uri, *line.split(b",")[2:]]) for line in lines[1:-1]]
    path.write_bytes(b"\r\n".join([lines[0], *body, *body, b""]))
    return Expect(str(path), "rows repeat an id", None, "conceptUri", "each id once (a few repeats at most)")


def duplicated_onet_code(root: Path) -> Expect:
    path = onet_file(root, "Occupation Data.txt")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines) + lines[3], encoding="utf-8")  # 15-1252.00 again, at line 8
    return Expect(str(path), "duplicated O*NET-SOC code '15-1252.00' (first at line 4)", 8, "O*NET-SOC Code", "each code once")


def non_esco_csv_under_an_esco_name(root: Path) -> Expect:
    path = esco_file(root, "occupations_en.csv")
    path.write_bytes((CROSSWALK_FIXTURES / "onet-soc-2010_to_2019_Crosswalk.csv").read_bytes())
    return Expect(
        str(path),
        "this does not look like the ESCO occupations file: none of its columns are there",
        1,
        "conceptUri",
        "columns conceptUri, preferredLabel, iscoGroup",
        "O*NET-SOC 2010 Code",
    )


def not_utf8_esco(root: Path) -> Expect:
    path = esco_file(root, "occupations_en.csv")
    replace_once(path, b",programme manager,", ",programme manag\xe9r,".encode("latin-1"))
    line = line_of(path, b"programme manag\xe9r")
    assert line > 10  # far from the header: the reader must not report where it read ahead to
    return Expect(str(path), "bytes that are not UTF-8", line, "preferredLabel", "UTF-8 text", "byte 0xe9")


def not_utf8_in_a_multiline_field(root: Path) -> Expect:
    path = esco_file(root, "skills_en.csv")
    replace_once(path, b"\nmanage projects\n", "\nmanage proj\xe8cts\n".encode("latin-1"))
    return Expect(
        str(path), "bytes that are not UTF-8", line_of(path, b"manage proj\xe8cts"), "altLabels", "UTF-8 text", "byte 0xe8"
    )


def not_utf8_onet(root: Path) -> Expect:
    path = onet_file(root, "Alternate Titles.txt")
    replace_once(path, b"\tTechnical Project Manager\t", "\tT\xe9cnico Project Manager\t".encode("cp1252"))
    return Expect(str(path), "bytes that are not UTF-8", 12, "Alternate Title", "UTF-8 text", "byte 0xe9")


def bad_relation_type(root: Path) -> Expect:
    path = esco_file(root, "occupationSkillRelations.csv")
    replace_once(path, b",essential,", b",mandatory,")
    return Expect(str(path), "unknown relation type", 2, "relationType", "essential or optional", "'mandatory'")


def bad_skill_type(root: Path) -> Expect:
    path = esco_file(root, "skills_en.csv")
    replace_once(
        path,
        b",skill/competence,cross-sector,perform project management,",
        b",competence,cross-sector,perform project management,",
    )
    line = line_of(path, b",competence,cross-sector,perform project management,")
    return Expect(str(path), "unknown skill type", line, "skillType", "skill/competence, knowledge or empty", "'competence'")


def bad_job_zone(root: Path) -> Expect:
    path = onet_file(root, "Job Zones.txt")
    replace_once(path, b"15-1254.00\tWeb Developers\t3\t", b"15-1254.00\tWeb Developers\t6\t")
    return Expect(str(path), "not a job zone", 5, "Job Zone", "1 to 5", "'6'")


def bad_soc_code(root: Path) -> Expect:
    path = onet_file(root, "Technology Skills.txt")
    replace_once(path, b"\n11-3021.00\t", b"\n11-3021.0\t")
    return Expect(str(path), "not an O*NET-SOC code", 2, "O*NET-SOC Code", "a code like 15-1299.09", "'11-3021.0'")


def not_a_number(root: Path) -> Expect:
    path = onet_file(root, "Skills.txt")
    replace_once(path, b"\tIM\tImportance\t4.12\t", b"\tIM\tImportance\t4,12\t")
    return Expect(str(path), "not a number", 2, "Data Value", "a decimal number", "'4,12'")


def extra_field(root: Path) -> Expect:
    path = esco_file(root, "occupationSkillRelations.csv")
    lines = path.read_bytes().split(b"\r\n")
    lines[2] += b",stray value"
    path.write_bytes(b"\r\n".join(lines))
    return Expect(str(path), "the record has 5 fields but the header has 4", 3, None, "4 fields", "'stray value'")


def truncated_zip(root: Path) -> Expect:
    path = root / "esco-v1.1.1" / ESCO_CLASSIFICATION_ZIP
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return Expect(str(path), "not a readable zip archive", None, None, "the zip as published")


def corrupt_zip_member(root: Path) -> Expect:
    path = root / "esco-v1.1.1" / ESCO_CLASSIFICATION_ZIP
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("skills_en.csv")
    data = bytearray(path.read_bytes())
    # Local header: 30 bytes + name + extra, then the deflated data; 0xFF starts an
    # invalid deflate block, so decompression fails at once.
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    return Expect(f"{ESCO_CLASSIFICATION_ZIP}!skills_en.csv", "the archive member is corrupt or truncated", 1)


CASES = [
    missing_column,
    renamed_column_wrong_case,
    semicolon_csv,
    comma_in_onet_file,
    empty_file,
    header_only_esco,
    header_only_onet,
    shifted_esco_id_column,
    every_row_repeats_one_id,
    duplicated_onet_code,
    non_esco_csv_under_an_esco_name,
    not_utf8_esco,
    not_utf8_in_a_multiline_field,
    not_utf8_onet,
    bad_relation_type,
    bad_skill_type,
    bad_job_zone,
    bad_soc_code,
    not_a_number,
    extra_field,
]
ZIP_CASES = [truncated_zip, corrupt_zip_member]


def no_snapshot_left(settings) -> bool:
    folder = settings.snapshot_dir
    return not folder.exists() or not any(p.name != ".build.lock" for p in folder.iterdir())


def check(error: DataFormatError, expect: Expect) -> None:
    message = str(error)
    assert error.file == expect.file
    assert message.startswith(expect.file)
    assert expect.problem in error.problem
    assert error.line == expect.line
    if expect.line is not None:
        assert f"line {expect.line}" in message
    assert error.column == expect.column
    if expect.column is not None:
        assert f"column '{expect.column}'" in message
    if expect.expected is not None:
        assert error.expected is not None and expect.expected in error.expected
        assert f"expected {error.expected}" in message
    if expect.found is not None:
        assert error.found is not None and expect.found in error.found


@pytest.mark.parametrize("damage", CASES, ids=lambda f: f.__name__)
def test_bad_file_raises_a_precise_error_and_writes_no_snapshot(damage, make_data_dir, tmp_path):
    root = make_data_dir(esco_zipped=False)
    expect = damage(root)
    settings = settings_for(root, tmp_path)
    with pytest.raises(DataFormatError) as info:
        open_memory_store(settings)
    check(info.value, expect)
    assert no_snapshot_left(settings)


@pytest.mark.parametrize("damage", ZIP_CASES, ids=lambda f: f.__name__)
def test_damaged_zip_raises_a_precise_error_and_writes_no_snapshot(damage, make_data_dir, tmp_path):
    root = make_data_dir(esco_zipped=True)
    expect = damage(root)
    settings = settings_for(root, tmp_path)
    with pytest.raises(DataFormatError) as info:
        open_memory_store(settings)
    check(info.value, expect)
    assert no_snapshot_left(settings)


def test_utf8_byte_order_marks_load_fine(make_data_dir, tmp_path, fixture_store):
    root = make_data_dir(esco_zipped=False)
    # Files whose first column is a required one: a BOM left in the name would hide it.
    for path in (
        esco_file(root, "occupationSkillRelations.csv"),
        esco_file(root, "ISCOGroups_en.csv"),
        onet_file(root, "Occupation Data.txt"),
        onet_file(root, "Job Zones.txt"),
        root / "crosswalks" / "onet-soc-2010_to_2019_Crosswalk.csv",
    ):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    store = open_memory_store(settings_for(root, tmp_path)).store
    assert store.meta().node_counts == fixture_store.meta().node_counts
    assert store.meta().edge_counts == fixture_store.meta().edge_counts


def test_relation_naming_an_unknown_skill_is_a_counted_skip(make_data_dir, tmp_path):
    root = make_data_dir(esco_zipped=False)
    path = esco_file(root, "occupationSkillRelations.csv")
    unknown = "http://data.europa.eu/esco/skill/5c1000ff-a7e2-4f0d-8b3c-0000000000ff"
    occupation = "http://data.europa.eu/esco/occupation/0cc00001-5e1f-4c7a-9d2b-000000000001"
    path.write_bytes(path.read_bytes() + f"{occupation},optional,knowledge,{unknown}\r\n".encode())
    settings = settings_for(root, tmp_path)
    result = open_memory_store(settings)
    info = result.store.info
    reason = "occupation–skill relation names a skill not in skills_en"
    assert dict(info["skipped"])[reason] == 1
    assert info["skip_examples"][reason] == [f"{path}, line 82: {unknown}"]
    assert result.built and not no_snapshot_left(settings)


def test_a_csv_that_is_not_an_esco_package_names_the_missing_tables(fixture_settings):
    crosswalk = CROSSWALK_FIXTURES / "esco_onet_crosswalk_Nov2020.csv"
    sources = find_sources(fixture_settings, esco=[crosswalk])
    with pytest.raises(DataNotFoundError) as info:
        open_memory_store(fixture_settings, sources=sources)
    message = str(info.value)
    assert "ESCO package" in message and "ISCOGroups_en.csv" in message
    assert "found: esco_onet_crosswalk_Nov2020.csv" in message
    assert no_snapshot_left(fixture_settings)
