"""Downloading the official files that can be fetched without a login: the O*NET text
release, Nesta's crosswalk with O*NET's 2010 → 2019 code crosswalk, and the official
ESCO–O*NET crosswalk. ESCO needs the portal's e-mail link (see
:data:`skillgraph.loaders.sources.ESCO_HELP`).

The official crosswalk has no stable file address of its own: the ESCO portal offers it
from a web page (https://esco.ec.europa.eu, "The crosswalk between ESCO and O*NET"). It
is fetched from the copy published with the MIT-licensed MELO benchmark on GitHub, at a
fixed commit (so the bytes cannot change under the same address), and checked to be the
crosswalk as the ESCO Secretariat distributes it (its metadata block and header).

Each file is streamed to a temporary file beside its destination and renamed into
place only when it is complete and checked: the size the server announced, a SHA-256
when one is known, that a zip opens and lists the expected member, that a text file
starts as published. An interrupted or failed download never leaves a partial file
under the final name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from skillgraph.graph.errors import DownloadError

__all__ = ["Download", "ONET_DOWNLOADS", "CROSSWALK_DOWNLOADS", "OFFICIAL_CROSSWALK", "download_file", "download_onet"]

USER_AGENT = "skillgraph (+https://github.com/skillgraph)"


@dataclass(frozen=True)
class Download:
    """One official file: where it is published and where it goes in the cache."""

    url: str
    relative_path: str  # inside the download folder; laid out like shared/data
    sha256: str | None = None
    zip_member: str | None = None  # a member the zip must contain
    min_bytes: int = 1
    starts_with: bytes | None = None  # what a text file must start with (after a UTF-8 BOM)
    contains: bytes | None = None  # a line it must hold (its header)


#: The official ESCO–O*NET crosswalk (EC/USDOL, Sep 2022), from the MELO benchmark's copy.
OFFICIAL_CROSSWALK = Download(
    "https://raw.githubusercontent.com/Avature/melo-benchmark/59a5753ac136dd829fe53bbe29c90f8431d8f4b3/"
    "data/raw/crosswalks_original/onet_vs_esco/crosswalk_esco_onet.csv",
    "crosswalks/official-ec-dol/crosswalk_esco_onet.csv",
    min_bytes=1_000_000,
    starts_with=b"Mapping project name,ESCO-O*NET Crosswalk",
    contains=b"O*NET Id,O*NET Title,O*NET Description,ESCO or ISCO URI,ESCO or ISCO Title,ESCO or ISCO Description,Type of Match",
)

CROSSWALK_DOWNLOADS: tuple[Download, ...] = (
    OFFICIAL_CROSSWALK,
    Download(
        "https://raw.githubusercontent.com/nestauk/mapping-career-causeways/main/"
        "supplementary_online_data/ONET_ESCO_crosswalk/esco_onet_crosswalk_Nov2020.csv",
        "crosswalks/esco_onet_crosswalk_Nov2020.csv",
        min_bytes=10_000,
    ),
    Download(
        "https://www.onetcenter.org/taxonomy/2019/walk/2010_to_2019_Crosswalk.csv",
        "crosswalks/onet-soc-2010_to_2019_Crosswalk.csv",
        min_bytes=10_000,
    ),
)

ONET_DOWNLOADS: tuple[Download, ...] = (
    Download(
        "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip",
        "onet-29.3/db_29_3_text.zip",
        zip_member="Occupation Data.txt",
        min_bytes=1_000_000,
    ),
    *CROSSWALK_DOWNLOADS,
)


def download_file(
    item: Download,
    folder: Path,
    *,
    force: bool = False,
    progress=None,
    timeout: float = 60.0,
) -> Path:
    """Fetch ``item`` into ``folder`` (skipped when already there, unless ``force``).

    Parameters
    ----------
    progress : callable, optional
        Called as ``progress(done_bytes, total_bytes_or_None)`` while streaming.

    Raises
    ------
    DownloadError
        Network failure, HTTP error, short read, wrong size or checksum, or a zip
        that does not open or lacks its expected member. The message names the URL.
    """
    target = folder / item.relative_path
    if target.exists() and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    request = urllib.request.Request(item.url, headers={"User-Agent": USER_AGENT})
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                response = urllib.request.urlopen(request, timeout=timeout)  # fixed https URLs, or the tests' loopback
            except urllib.error.HTTPError as e:
                raise DownloadError(f"{item.url}: the server answered HTTP {e.code} {e.reason}") from e
            except (urllib.error.URLError, OSError) as e:
                reason = getattr(e, "reason", e)
                raise DownloadError(f"{item.url}: cannot connect ({reason}); check the network or proxy settings") from e
            with response:
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                done = 0
                while True:
                    try:
                        chunk = response.read(1 << 16)
                    except (OSError, ValueError) as e:
                        raise DownloadError(f"{item.url}: the connection broke after {done:,} bytes ({e})") from e
                    if not chunk:
                        break
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if total is not None and done != total:
            raise DownloadError(f"{item.url}: received {done:,} of {total:,} bytes; try again")
        if done < item.min_bytes:
            raise DownloadError(f"{item.url}: only {done:,} bytes received, expected at least {item.min_bytes:,}")
        if item.sha256 and digest.hexdigest() != item.sha256:
            raise DownloadError(f"{item.url}: SHA-256 {digest.hexdigest()} does not match the expected {item.sha256}")
        if item.zip_member is not None:
            _check_zip(tmp, item)
        if item.starts_with is not None or item.contains is not None:
            _check_text(tmp, item)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _check_zip(path: Path, item: Download) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n.rsplit("/", 1)[-1] for n in archive.namelist()]
            bad = archive.testzip()
    except zipfile.BadZipFile as e:
        raise DownloadError(f"{item.url}: the file is not a readable zip ({e})") from e
    except (zlib.error, EOFError) as e:
        # testzip() reports bad CRCs by name but lets decompression errors through.
        raise DownloadError(f"{item.url}: the zip is corrupt ({e}); try again") from e
    if bad is not None:
        raise DownloadError(f"{item.url}: the zip member {bad} is corrupt")
    if item.zip_member not in names:
        raise DownloadError(f"{item.url}: the zip has no {item.zip_member!r}; is this the O*NET text release?")


def _check_text(path: Path, item: Download) -> None:
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    head = head.removeprefix(b"\xef\xbb\xbf")
    if item.starts_with is not None and not head.startswith(item.starts_with):
        raise DownloadError(
            f"{item.url}: the file does not start as published (expected {item.starts_with.decode(errors='replace')!r}, "
            f"found {head[:40].decode(errors='replace')!r}); is the address still right?"
        )
    if item.contains is not None and item.contains not in head:
        raise DownloadError(f"{item.url}: the header {item.contains.decode(errors='replace')!r} is not there")


def download_onet(
    folder: Path,
    *,
    items: Sequence[Download] = ONET_DOWNLOADS,
    force: bool = False,
    console=None,
) -> list[Path]:
    """Fetch ``items`` (default: the O*NET release and the three crosswalk files) into
    ``folder`` with a progress bar."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    paths = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        transient=False,
    ) as bar:
        for item in items:
            task = bar.add_task(item.relative_path, total=None)

            def update(done: int, total: int | None, task=task) -> None:
                bar.update(task, completed=done, total=total)

            paths.append(download_file(item, folder, force=force, progress=update))
            bar.update(task, completed=1, total=1) if not bar.tasks[task].total else None
    return paths
