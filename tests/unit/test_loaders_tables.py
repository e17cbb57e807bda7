"""loaders.tables: text cleaning at load, a truncated last record, a zip member damaged
mid-stream, and a header after a block of metadata lines."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from fixture_world import ESCO_CLASSIFICATION_ZIP, settings_for

from skillgraph.app.workspace import open_memory_store
from skillgraph.graph.errors import DataFormatError
from skillgraph.loaders.tables import SourceFiles, Table

PEOPLE = Table("people", ("people.csv",), required=("id", "name"), optional=("note",))
ICT_PM = "http://data.europa.eu/esco/occupation/0cc00001-5e1f-4c7a-9d2b-000000000001"


def read(path: Path, table: Table = PEOPLE) -> tuple[list[dict[str, str]], SourceFiles]:
    files = SourceFiles([path], what="test files")
    with files.reading():
        return [dict(row.values) for row in files.read(table)], files


def test_control_characters_and_bidi_overrides_are_removed_and_reported(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(
        "id,name,note\r\n"
        "1,plain,fine\r\n"
        "2,\x1b]8;;http://evil.example\x07click\x1b]8;;\x07,x\r\n"
        "3,abc\u202egnp.exe,y\r\n"
        "4,nul\x00byte,\x7fdel\u2066iso\u2069\r\n"
        '5,"two\nlines\tand tab",kept\r\n'.encode()
    )
    rows, files = read(path)
    assert [r["name"] for r in rows] == [
        "plain",
        "click",
        "abcgnp.exe",
        "nulbyte",
        "two\nlines\tand tab",
    ]
    assert rows[3]["note"] == "deliso"
    (note,) = files.notes()
    assert note.startswith(f"{path}: 9 control or bidirectional-override characters removed or repaired")
    assert "first at line 3, column 'name'" in note


def test_latin1_decoded_utf8_is_repaired_not_just_stripped(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("id,name\n1,studentsâ\x80\x99 progress\n".encode())
    rows, files = read(path)
    assert rows[0]["name"] == "students’ progress"
    assert "2 control" in files.notes()[0]


def test_clean_files_have_no_notes(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("id,name\n1,Zoë – “quoted” ✓\n".encode())
    rows, files = read(path)
    assert rows[0]["name"] == "Zoë – “quoted” ✓" and files.notes() == []


def test_esco_labels_with_control_characters_load_clean(make_data_dir, tmp_path, fixture_ids):
    root = make_data_dir(esco_zipped=False)
    path = root / "esco-v1.1.1" / "occupations_en.csv"
    data = path.read_bytes()
    path.write_bytes(data.replace(b",ICT project manager,", b",\x1b[31mICT\x00 project\xe2\x80\xae manager,", 1))
    result = open_memory_store(settings_for(root, tmp_path))
    assert result.store.node(ICT_PM)["label"] == "ICT project manager"
    assert any("occupations_en.csv: 3 control" in n and "column 'preferredLabel'" in n for n in result.store.meta().notes)


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(lambda data: data[: data.rindex(b"\r\n")], id="no-final-line-break"),
        pytest.param(lambda data: data[: data.rindex(b"\r\n") - 30], id="cut-inside-the-last-record"),
    ],
)
def test_a_loose_file_cut_short_is_refused(make_data_dir, tmp_path, cut):
    root = make_data_dir(esco_zipped=False)
    path = root / "esco-v1.1.1" / "occupationSkillRelations.csv"
    data = path.read_bytes()
    path.write_bytes(cut(data))
    last_line = cut(data).count(b"\n") + 1
    with pytest.raises(DataFormatError) as info:
        open_memory_store(settings_for(root, tmp_path))
    error = info.value
    assert error.file == str(path) and error.line == last_line
    assert "does not end with a line break: the file looks cut short" in str(error)
    assert not list((tmp_path / "cache").rglob("graph-*"))


def _damage_member(path: Path, member: str, offset: int, new: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length + offset
    data[start : start + len(new)] = new
    path.write_bytes(bytes(data))


def test_a_stored_zip_member_damaged_mid_stream_is_reported_as_corrupt(tmp_path):
    """The damaged bytes read as extra fields; the member's CRC says what really happened."""
    archive = tmp_path / ESCO_CLASSIFICATION_ZIP
    rows = "".join(f"{i},name {i},note {i}\r\n" for i in range(2000))
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("people.csv", "id,name,note\r\n" + rows)
    _damage_member(archive, "people.csv", 20_000, b",,,,,,")
    with pytest.raises(DataFormatError) as info:
        read(archive)
    message = str(info.value)
    assert message.startswith(f"{ESCO_CLASSIFICATION_ZIP}!people.csv")
    assert "the archive member is corrupt (Bad CRC-32" in message and "download the zip again" in message
    assert "fields" not in message


def test_a_deflated_zip_member_damaged_mid_stream_is_reported_as_corrupt(make_data_dir, tmp_path):
    root = make_data_dir(esco_zipped=True)
    archive = root / "esco-v1.1.1" / ESCO_CLASSIFICATION_ZIP
    with zipfile.ZipFile(archive) as zf:
        size = zf.getinfo("skills_en.csv").compress_size
    _damage_member(archive, "skills_en.csv", size // 2, b"\x00\x17\x42\x99")
    with pytest.raises(DataFormatError) as info:
        open_memory_store(settings_for(root, tmp_path))
    assert info.value.file == f"{ESCO_CLASSIFICATION_ZIP}!skills_en.csv"
    assert "the archive member is corrupt" in info.value.problem


PREAMBLE = Table("with metadata", ("meta.csv",), required=("O*NET Id", "Type of Match"), preamble=3)


def test_a_header_after_metadata_lines_is_found_and_lines_stay_physical(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_bytes(
        "\ufeffMapping project name,Test,,\r\nversion,1,,\r\n,,,\r\nO*NET Id,Title,Type of Match\r\n11-1011.00,CEO,exactMatch\r\n".encode()
    )
    files = SourceFiles([path], what="t")
    rows = list(files.read(PREAMBLE))
    assert [(r.line, r["O*NET Id"], r["Type of Match"]) for r in rows] == [(5, "11-1011.00", "exactMatch")]


def test_no_header_within_the_metadata_lines_is_a_precise_error(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_bytes(b"a,b\r\nc,d\r\ne,f\r\ng,h\r\ni,j\r\n")
    with pytest.raises(DataFormatError) as info:
        list(SourceFiles([path], what="t").read(PREAMBLE))
    assert "no header in the first 4 lines" in str(info.value)
    assert "then a header with O*NET Id, Type of Match" in str(info.value)
