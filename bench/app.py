"""Benchmark of the Streamlit app on the full data: page render times and start-up time.

Prints a table of

* the median time of a warm re-render of each page with ``streamlit.testing.v1.AppTest``
  (store already open, same session; target ≤ 1.5 s), and of the first render of the
  page in a fresh session (the store is cached per process, so it is not reopened);
* the time from ``streamlit run`` to the first served page with a warm snapshot (target
  ≤ 5 s): the process is started, Chromium (started beforehand, headless) opens the app
  and the clock stops when the "Find a role" heading is on screen — which needs the
  store opened from the snapshot. The time until ``/_stcore/health`` answers is shown too.

Usage::

    SKILLGRAPH_DATA_DIR=../shared/data [SKILLGRAPH_CACHE_DIR=…] python bench/app.py [--runs 5] [--starts 3]

The snapshot is built first if it is missing (not timed). The start-up measure needs
``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` and selenium; without them it is
reported as not measured.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from skillgraph.app.views.registry import REGISTRY
from skillgraph.graph.settings import Settings

APP = ROOT / "streamlit_app.py"
ICT_PM = "8b6388a4-4904-471b-9331-d3b1211f5525"
PROJECT_MANAGER = "bea99fea-0383-4c63-b944-70d4799de2c5"
# Query parameters per page, and the title each page must show — checked, so that a page
# that failed early cannot pass for a fast one. Pages not listed are not timed here (the
# counsellor pages need a session; bench/brief.py measures the brief).
PARAMS = {
    "find": ({"q": "ict project manager"}, "Find a role"),
    "profile": ({"id": ICT_PM}, "ICT project manager"),
    "graph": ({"id": ICT_PM, "knowledge": "1", "tech": "1", "max": "80"}, "Explore the graph"),
    "similar": ({"id": ICT_PM, "n": "30"}, "Similar roles"),
    "pathways": ({"from": ICT_PM, "to": PROJECT_MANAGER}, "Pathways"),
    "compare": ({"a": ICT_PM, "b": PROJECT_MANAGER}, "Compare two roles"),
    "about": ({}, "Data & about"),
}
PAGES = [(p.title, p.file, *PARAMS[p.key]) for p in REGISTRY if p.key in PARAMS]
PAGE_TARGET = 1.5
START_TARGET = 5.0


def _apptest(page: str, params: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=300)
    if page == PAGES[0][1]:
        at.query_params.update(params)
        return at
    at.run()
    at.switch_page(page)
    at.query_params.update(params)
    return at


def bench_pages(runs: int) -> list[tuple[str, float, float, int]]:
    """(page, first render in a new session, median warm re-render, runs)."""
    warm_up = _apptest(PAGES[-1][1], {})
    warm_up.run()  # opens the store once for the process (st.cache_resource), not timed
    rows = []
    for name, page, params, title in PAGES:
        at = _apptest(page, params)
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        _check(at, name, title)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            _check(at, name, title)
        rows.append((name, first, statistics.median(times), runs))
    return rows


def _check(at, name: str, title: str) -> None:
    if at.exception:
        raise SystemExit(f"{name}: {at.exception[0].value}")
    if not at.title or at.title[0].value != title or at.error:
        raise SystemExit(f"{name}: did not render (title {[t.value for t in at.title]}, errors {[e.value for e in at.error]})")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _browser():
    chromium, chromedriver = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
    if not (chromium.exists() and chromedriver.exists()):
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tempfile.mkdtemp(prefix='skillgraph-bench-')}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=str(chromedriver)), options=options)


def bench_start(starts: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Seconds from process start to /_stcore/health, and to the first page on screen."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = _browser()
    if driver is None:
        return [], []
    health, page = [], []
    try:
        for _ in range(starts):
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            driver.get("about:blank")
            start = time.perf_counter()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(APP),
                    "--server.address",
                    "127.0.0.1",
                    "--server.port",
                    str(port),
                    "--server.headless",
                    "true",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                while True:
                    try:
                        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                            break
                    except OSError:
                        if proc.poll() is not None:
                            raise SystemExit("streamlit exited during start-up") from None
                        time.sleep(0.02)
                health.append(time.perf_counter() - start)
                driver.get(url + "/")
                WebDriverWait(driver, 120, poll_frequency=0.05).until(
                    lambda d: any(h.text == "Find a role" for h in d.find_elements(By.TAG_NAME, "h1"))
                )
                page.append(time.perf_counter() - start)
            finally:
                proc.terminate()
                proc.wait(15)
    finally:
        driver.quit()
    return health, page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="warm re-renders per page (median)")
    parser.add_argument("--starts", type=int, default=3, help="cold starts of `streamlit run` (median)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if settings.data_dir is None:
        print("Set SKILLGRAPH_DATA_DIR to the full data (e.g. ../shared/data).", file=sys.stderr)
        return 2

    from skillgraph.app.workspace import open_memory_store

    opened = open_memory_store(settings)
    print(f"snapshot: {opened.snapshot} ({'built' if opened.built else 'opened'} in {opened.seconds:.2f} s)")
    env = dict(os.environ)
    env["SKILLGRAPH_CACHE_DIR"] = str(settings.cache_dir)

    rows = bench_pages(args.runs)
    health, page = bench_start(args.starts, env)

    print()
    print(f"{'measure':<64} {'median s':>9} {'runs':>5} {'target':>8}  ok")
    print("-" * 94)
    for title, first, warm, runs in rows:
        ok = "yes" if warm <= PAGE_TARGET else "NO"
        print(f"{'page (AppTest, warm re-render): ' + title:<64} {warm:>9.3f} {runs:>5} {'≤ 1.5':>8}  {ok}")
    for title, first, _warm, _runs in rows:
        print(f"{'page (AppTest, first render in a session): ' + title:<64} {first:>9.3f} {1:>5} {'':>8}")
    if page:
        print(f"{'streamlit run → /_stcore/health answers':<64} {statistics.median(health):>9.3f} {len(health):>5} {'':>8}")
        ok = "yes" if statistics.median(page) <= START_TARGET else "NO"
        print(
            f"{'streamlit run → first page on screen (warm snapshot)':<64} {statistics.median(page):>9.3f} {len(page):>5} "
            f"{'≤ 5':>8}  {ok}"
        )
    else:
        print(f"{'streamlit run → first page on screen':<64} {'not measured (needs chromium, chromium-driver, selenium)':>30}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
