"""loaders.download against a local HTTP server on 127.0.0.1 (no other network).

The server serves files generated here and misbehaves on purpose on some paths (lies
about Content-Length and closes early, answers 404, serves a damaged zip).
"""

from __future__ import annotations

import hashlib
import io
import socket
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fixture_world import CROSSWALK_FIXTURES, FIXTURES, ONET_FIXTURES
from rich.console import Console

from skillgraph.app.cli import main
from skillgraph.graph.errors import DownloadError
from skillgraph.loaders.crosswalk import load_crosswalk
from skillgraph.loaders.download import (
    CROSSWALK_DOWNLOADS,
    OFFICIAL_CROSSWALK,
    ONET_DOWNLOADS,
    Download,
    download_file,
    download_onet,
)
from skillgraph.loaders.sources import ESCO_HELP, sources_in


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def corrupt_first_member(data: bytes) -> bytes:
    """The zip with the start of its first member's deflated data overwritten."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
    raw = bytearray(data)
    offset = info.header_offset
    start = (
        offset
        + 30
        + int.from_bytes(raw[offset + 26 : offset + 28], "little")
        + int.from_bytes(raw[offset + 28 : offset + 30], "little")
    )
    raw[start : start + 8] = b"\xff" * 8
    return bytes(raw)


ONET_ZIP = make_zip({f"db_29_3_text/{p.name}": p.read_bytes() for p in sorted(ONET_FIXTURES.iterdir())})
NESTA_CSV = (CROSSWALK_FIXTURES / "esco_onet_crosswalk_Nov2020.csv").read_bytes()
SOC_CSV = (CROSSWALK_FIXTURES / "onet-soc-2010_to_2019_Crosswalk.csv").read_bytes()


class Handler(BaseHTTPRequestHandler):
    """Serves ``server.files``; ``/short/…`` announces more bytes than it sends and hangs up."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # http.server's naming
        self.server.hits.append(self.path)
        if self.path.startswith("/short/"):
            body = self.server.files[self.path[len("/short") :]]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) + 5000))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        body = self.server.files.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.files = {
        "/db_29_3_text.zip": ONET_ZIP,
        "/esco_onet_crosswalk_Nov2020.csv": NESTA_CSV,
        "/2010_to_2019_Crosswalk.csv": SOC_CSV,
        "/no-member.zip": make_zip({"db_29_3_text/Read Me.txt": b"nothing else\n"}),
        "/corrupt.zip": corrupt_first_member(ONET_ZIP),
    }
    httpd.hits = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def onet_item(url: str, **kwargs) -> Download:
    return Download(f"{url}/db_29_3_text.zip", "onet-29.3/db_29_3_text.zip", zip_member="Occupation Data.txt", **kwargs)


def leftovers(folder: Path) -> list[str]:
    """Every file under ``folder`` (temporary .part files included)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_download_success_with_progress(server, tmp_path):
    seen: list[tuple[int, int | None]] = []
    path = download_file(onet_item(server.url), tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert path == tmp_path / "onet-29.3" / "db_29_3_text.zip"
    assert path.read_bytes() == ONET_ZIP
    assert seen[-1] == (len(ONET_ZIP), len(ONET_ZIP))
    assert leftovers(tmp_path) == ["onet-29.3/db_29_3_text.zip"]


def test_existing_file_is_not_downloaded_again_unless_forced(server, tmp_path):
    item = Download(f"{server.url}/2010_to_2019_Crosswalk.csv", "crosswalks/onet-soc-2010_to_2019_Crosswalk.csv")
    path = download_file(item, tmp_path)
    assert server.hits == ["/2010_to_2019_Crosswalk.csv"]
    server.files["/2010_to_2019_Crosswalk.csv"] = SOC_CSV + b"15-1299.09,x,15-1299.09,x\r\n"
    assert download_file(item, tmp_path) == path
    assert len(server.hits) == 1 and path.read_bytes() == SOC_CSV
    download_file(item, tmp_path, force=True)
    assert len(server.hits) == 2
    assert path.read_bytes().endswith(b"15-1299.09,x,15-1299.09,x\r\n")


def test_short_read_is_an_error_and_leaves_no_partial_file(server, tmp_path):
    item = Download(f"{server.url}/short/esco_onet_crosswalk_Nov2020.csv", "crosswalks/esco_onet_crosswalk_Nov2020.csv")
    with pytest.raises(DownloadError) as info:
        download_file(item, tmp_path)
    message = str(info.value)
    assert item.url in message
    assert f"of {len(NESTA_CSV) + 5000:,} bytes" in message
    assert leftovers(tmp_path) == []


def test_failed_forced_download_keeps_the_previous_file(server, tmp_path):
    target = tmp_path / "crosswalks" / "esco_onet_crosswalk_Nov2020.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"the previous good copy\n")
    item = Download(f"{server.url}/short/esco_onet_crosswalk_Nov2020.csv", "crosswalks/esco_onet_crosswalk_Nov2020.csv")
    with pytest.raises(DownloadError):
        download_file(item, tmp_path, force=True)
    assert target.read_bytes() == b"the previous good copy\n"
    assert leftovers(tmp_path) == ["crosswalks/esco_onet_crosswalk_Nov2020.csv"]


def test_http_404_names_the_url(server, tmp_path):
    item = Download(f"{server.url}/moved/db_29_3_text.zip", "onet-29.3/db_29_3_text.zip")
    with pytest.raises(DownloadError) as info:
        download_file(item, tmp_path)
    assert str(info.value).startswith(item.url)
    assert "HTTP 404" in str(info.value)
    assert leftovers(tmp_path) == []


def test_connection_refused_names_the_url(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens there
    item = Download(f"http://127.0.0.1:{port}/db_29_3_text.zip", "onet-29.3/db_29_3_text.zip")
    with pytest.raises(DownloadError, match="cannot connect") as info:
        download_file(item, tmp_path, timeout=5)
    assert item.url in str(info.value)
    assert leftovers(tmp_path) == []


def test_zip_without_the_expected_member(server, tmp_path):
    item = Download(f"{server.url}/no-member.zip", "onet-29.3/db_29_3_text.zip", zip_member="Occupation Data.txt")
    with pytest.raises(DownloadError, match="has no 'Occupation Data.txt'"):
        download_file(item, tmp_path)
    assert leftovers(tmp_path) == []


def test_a_file_that_is_not_a_zip(server, tmp_path):
    item = Download(f"{server.url}/2010_to_2019_Crosswalk.csv", "onet-29.3/db_29_3_text.zip", zip_member="Occupation Data.txt")
    with pytest.raises(DownloadError, match="not a readable zip"):
        download_file(item, tmp_path)
    assert leftovers(tmp_path) == []


def test_a_zip_with_a_corrupt_member(server, tmp_path):
    item = Download(f"{server.url}/corrupt.zip", "onet-29.3/db_29_3_text.zip", zip_member="Occupation Data.txt")
    with pytest.raises(DownloadError) as info:
        download_file(item, tmp_path)
    assert item.url in str(info.value) and "corrupt" in str(info.value)
    assert leftovers(tmp_path) == []


def test_sha256_is_checked(server, tmp_path):
    good = hashlib.sha256(ONET_ZIP).hexdigest()
    with pytest.raises(DownloadError) as info:
        download_file(onet_item(server.url, sha256="0" * 64), tmp_path)
    assert f"SHA-256 {good} does not match the expected {'0' * 64}" in str(info.value)
    assert leftovers(tmp_path) == []
    assert download_file(onet_item(server.url, sha256=good), tmp_path).read_bytes() == ONET_ZIP


def test_a_file_smaller_than_published_is_rejected(server, tmp_path):
    item = Download(f"{server.url}/2010_to_2019_Crosswalk.csv", "crosswalks/x.csv", min_bytes=10_000)
    with pytest.raises(DownloadError, match=f"only {len(SOC_CSV):,} bytes received"):
        download_file(item, tmp_path)
    assert leftovers(tmp_path) == []


def test_download_onet_fetches_every_item_into_the_shared_data_layout(server, tmp_path):
    items = (
        onet_item(server.url),
        Download(f"{server.url}/esco_onet_crosswalk_Nov2020.csv", "crosswalks/esco_onet_crosswalk_Nov2020.csv"),
        Download(f"{server.url}/2010_to_2019_Crosswalk.csv", "crosswalks/onet-soc-2010_to_2019_Crosswalk.csv"),
    )
    paths = download_onet(tmp_path, items=items, console=Console(file=io.StringIO()))
    assert paths == [tmp_path / i.relative_path for i in items]
    assert leftovers(tmp_path) == [
        "crosswalks/esco_onet_crosswalk_Nov2020.csv",
        "crosswalks/onet-soc-2010_to_2019_Crosswalk.csv",
        "onet-29.3/db_29_3_text.zip",
    ]


def test_cli_download_esco_prints_the_instructions(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SKILLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["download", "esco"]) == 0
    out = capsys.readouterr().out
    assert ESCO_HELP in out
    assert "https://esco.ec.europa.eu/en/use-esco/download" in out
    assert "skillgraph load --esco" in out
    assert not (tmp_path / "cache").exists()  # nothing downloaded


# -- the official ESCO–O*NET crosswalk ----------------------------------------------------------

OFFICIAL_CSV = (FIXTURES / "crosswalks-official" / "raw_crosswalk_esco_onet.csv").read_bytes()


def official_item(url: str, path: str = "/crosswalk_esco_onet.csv") -> Download:
    from dataclasses import replace

    return replace(OFFICIAL_CROSSWALK, url=f"{url}{path}", min_bytes=100)


def test_the_official_crosswalk_is_fetched_checked_and_then_found(server, tmp_path):
    server.files["/crosswalk_esco_onet.csv"] = OFFICIAL_CSV
    path = download_file(official_item(server.url), tmp_path)
    assert path == tmp_path / "crosswalks" / "official-ec-dol" / "crosswalk_esco_onet.csv"
    assert path.read_bytes() == OFFICIAL_CSV
    found = sources_in(tmp_path, origin="download cache")
    assert path in found.crosswalk
    assert load_crosswalk(list(found.crosswalk), source="official").report.rows_read["official ESCO–O*NET crosswalk"] == 8


def test_a_file_that_is_not_the_official_crosswalk_is_rejected(server, tmp_path):
    server.files["/crosswalk_esco_onet.csv"] = b"<html>moved</html>\n" * 20
    with pytest.raises(DownloadError, match="does not start as published"):
        download_file(official_item(server.url), tmp_path)
    server.files["/crosswalk_esco_onet.csv"] = OFFICIAL_CSV.replace(b"Type of Match", b"Match")
    with pytest.raises(DownloadError, match="is not there"):
        download_file(official_item(server.url), tmp_path)
    assert leftovers(tmp_path) == []


def test_download_onet_and_download_crosswalks_include_the_official_crosswalk():
    assert OFFICIAL_CROSSWALK in ONET_DOWNLOADS and OFFICIAL_CROSSWALK in CROSSWALK_DOWNLOADS
    assert OFFICIAL_CROSSWALK.url.startswith("https://raw.githubusercontent.com/Avature/melo-benchmark/59a5753")
    assert not any(item.zip_member for item in CROSSWALK_DOWNLOADS)
