"""Downloading the official files that can be fetched without a login: the O*NET text
release and the two crosswalk files. ESCO needs the portal's e-mail link (see
:data:`skillgraph.loaders.sources.ESCO_HELP`).

Each file is streamed to a temporary file beside its destination and renamed into
place only when it is complete and checked: the size the server announced, a SHA-256
when one is known, and that a zip opens and lists the expected member. An interrupted
or failed download never leaves a partial file under the final name.
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

__all__ = ["Download", "ONET_DOWNLOADS", "download_file", "download_onet"]

USER_AGENT = "skillgraph (+https://github.com/skillgraph)"


@dataclass(frozen=True)
class Download:
    """One official file: where it is published and where it goes in the cache."""

    url: str
    relative_path: str  # inside the download folder; laid out like shared/data
    sha256: str | None = None
    zip_member: str | None = None  # a member the zip must contain
    min_bytes: int = 1


ONET_DOWNLOADS: tuple[Download, ...] = (
    Download(
        "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip",
        "onet-29.3/db_29_3_text.zip",
        zip_member="Occupation Data.txt",
        min_bytes=1_000_000,
    ),
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


def download_onet(
    folder: Path,
    *,
    items: Sequence[Download] = ONET_DOWNLOADS,
    force: bool = False,
    console=None,
) -> list[Path]:
    """Fetch the O*NET release and the crosswalks into ``folder`` with a progress bar."""
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
