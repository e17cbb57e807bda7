"""One real-browser run: ``streamlit run`` on 127.0.0.1, Debian's headless Chromium driven by
Selenium through search → profile → graph → click a role → its profile.

It checks what only a browser can: the graph canvas is drawn inside the component frame,
a click on a role opens its profile, labels carrying ``<script>`` / ``<img onerror>`` are
shown as text and never run, and no request leaves 127.0.0.1 (every URL the page asks
for, from the Chrome DevTools performance log). Screenshots go to ``test-artifacts/``.

Needs the apt packages ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``) and the pip package ``selenium``; Selenium is handed the
system driver, so Selenium Manager never downloads anything. Skipped when they are
missing, except on CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from apphelpers import APP, HOSTILE_OCCUPATION, HOSTILE_SKILL, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
SERVER_LOG: Path | None = None  # set by app_url, shown when a wait times out
LOCAL_HOSTS = {"127.0.0.1"}
WAIT = 60


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture(scope="module")
def webdriver_module():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        from selenium import webdriver
    except ImportError:
        webdriver = None
        missing.append("the selenium Python package")
    if missing:
        message = "browser test needs " + ", ".join(missing) + " (apt-get install chromium chromium-driver; pip install selenium)"
        if _on_ci():
            pytest.fail(message + " — on CI they must be installed", pytrace=False)
        pytest.skip(message)
    return webdriver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(hostile_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The app served by ``streamlit run`` on 127.0.0.1, on the hostile fixture world."""
    port = _free_port()
    cache = tmp_path_factory.mktemp("browser-cache")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLGRAPH_")}
    env.update(SKILLGRAPH_DATA_DIR=str(hostile_data_dir), SKILLGRAPH_CACHE_DIR=str(cache), SKILLGRAPH_HOME=str(cache / "home"))
    global SERVER_LOG
    SERVER_LOG = cache / "streamlit.log"
    log = open(SERVER_LOG, "w")  # closed below, after the server stops
    server = subprocess.Popen(
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
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"streamlit did not start: {(cache / 'streamlit.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def driver(webdriver_module):
    from selenium.webdriver.chrome.service import Service

    options = webdriver_module.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        f"--user-data-dir={tempfile.mkdtemp(prefix='skillgraph-chromium-')}",
        "--window-size=1440,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # The system chromedriver, given explicitly: Selenium Manager is never asked to fetch one.
    browser = webdriver_module.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(WAIT)
    yield browser
    browser.quit()


def _shot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"browser-{name}.png"
    driver.save_screenshot(str(path))
    return path


def _requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls


def _wait(driver, condition, what: str, timeout: float = WAIT):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,)).until(
            condition
        )
    except Exception as e:  # selenium's TimeoutException, with a screenshot and the server log to look at
        shot = _shot(driver, "failure")
        log = SERVER_LOG.read_text()[-3000:] if SERVER_LOG and SERVER_LOG.exists() else ""
        raise AssertionError(f"timed out waiting for {what} (screenshot: {shot})\nserver log:\n{log}") from e


def _idle(driver) -> None:
    """Wait until the app has finished its current run (no "Running…" status shown)."""
    from selenium.webdriver.common.by import By

    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid='stStatusWidget']"), "the app to finish its run")


def test_search_profile_graph_offline_and_safe(driver, app_url):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    requested: list[str] = []
    driver.get(app_url + "/")

    # -- search ---------------------------------------------------------------------------------
    box = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stTextInput'] input"), "the search box")
    box.send_keys("mobile app developer", Keys.ENTER)
    link = _wait(
        driver,
        lambda d: next(
            (a for a in d.find_elements(By.CSS_SELECTOR, "a[data-testid='stPageLink-NavLink']") if HOSTILE_OCCUPATION in a.text),
            None,
        ),
        "the search result carrying the <script> label",
    )
    _idle(driver)
    _shot(driver, "1-search")
    link = next(
        a for a in driver.find_elements(By.CSS_SELECTOR, "a[data-testid='stPageLink-NavLink']") if HOSTILE_OCCUPATION in a.text
    )
    link.click()

    # -- profile: the label is text, the script never ran ---------------------------------------------
    _wait(driver, lambda d: any(h.text == HOSTILE_OCCUPATION for h in d.find_elements(By.TAG_NAME, "h1")), "the profile title")
    _wait(driver, lambda d: HOSTILE_SKILL in d.find_element(By.TAG_NAME, "body").text, "the hostile skill label as text")
    assert driver.execute_script("return window.__xss") is None
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid='stMain'] img[src='x'], [data-testid='stMain'] b")
    _idle(driver)
    _shot(driver, "2-profile")
    requested += _requested_urls(driver)

    # -- graph: the canvas is drawn inside the component frame -------------------------------------------
    graph_link = _wait(
        driver,
        lambda d: next(
            (
                a
                for a in d.find_elements(By.CSS_SELECTOR, "a[data-testid='stPageLink-NavLink']")
                if a.text.strip().endswith("Explore the graph")
            ),
            None,
        ),
        "the graph link",
    )
    graph_link.click()
    outer = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "iframe[src*='graph_component']"), "the graph component")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", outer)
    driver.switch_to.frame(outer)
    inner = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "iframe#graph"), "the graph frame")
    driver.switch_to.frame(inner)
    _wait(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1", "the graph to settle")
    canvas = driver.find_element(By.TAG_NAME, "canvas")
    assert canvas.size["width"] > 300 and canvas.size["height"] > 300
    assert driver.execute_script("return window.skillgraphNetwork.body.data.nodes.length") > 3
    painted = driver.execute_script(
        "var c = document.querySelector('canvas'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
        "for (var i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++; }"
        "return n;"
    )
    assert painted > 1000, "the canvas is blank"
    assert driver.execute_script("return window.__xss") is None
    # A role node and where it is drawn.
    role = driver.execute_script(
        "var net = window.skillgraphNetwork, ids = net.body.data.nodes.getIds({filter: function (n) { return n.kind === 'role'; }});"
        "var id = ids[0], p = net.canvasToDOM(net.getPositions([id])[id]), n = net.body.data.nodes.get(id);"
        "return {x: p.x, y: p.y, opens: n.opens, label: n.title.split('\\n')[0]};"
    )
    driver.switch_to.default_content()
    _shot(driver, "3-graph")
    requested += _requested_urls(driver)

    # -- clicking a role opens its profile -------------------------------------------------------------
    driver.switch_to.frame(outer)
    driver.switch_to.frame(inner)
    canvas = driver.find_element(By.TAG_NAME, "canvas")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(role["x"] - size["width"] / 2), int(role["y"] - size["height"] / 2)
    ).click().perform()
    driver.switch_to.default_content()
    _wait(
        driver,
        lambda d: any(h.text == role["label"] for h in d.find_elements(By.TAG_NAME, "h1")),
        f"the profile of {role['label']!r} after clicking its node",
    )
    query = parse_qs(urlsplit(driver.current_url).query)
    assert urlsplit(driver.current_url).path.endswith("/profile") and query["id"] == [role["opens"]]
    _shot(driver, "4-clicked-profile")
    requested += _requested_urls(driver)

    # -- nothing left the machine ---------------------------------------------------------------------
    remote = [
        u for u in requested if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    other = [u for u in requested if urlsplit(u).scheme not in ("http", "https", "ws", "wss", "data", "blob", "about", "chrome")]
    assert len(requested) > 10, requested  # the log did record the page's requests
    assert not remote, remote
    assert not other, other
    assert any("/component/" in u for u in requested)


def _click_button(driver, text: str, what: str):
    from selenium.webdriver.common.by import By

    button = _wait(
        driver,
        lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "button") if text in b.text and b.is_enabled()), None),
        what,
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    return button


def _body(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def test_a_reload_in_the_middle_of_a_profile_finds_everything(driver, app_url):
    """Build part of a profile, answer a question, shortlist a role, type a note — reload
    the page — and everything is still there (the working copy is kept server-side and its
    id travels in the address)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(app_url + "/my-skills")
    box = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stTextInput'] input"), "the role search box")
    box.send_keys("software developer", Keys.ENTER)
    _click_button(driver, "software developer", "the role among the matches")
    _click_button(driver, "Tick all its essential skills", "the tick-all button")
    _wait(driver, lambda d: "skills in the profile" in _body(d), "the profile")
    _idle(driver)
    before = next(line for line in _body(driver).splitlines() if "skills in the profile" in line)
    assert "draft=" in driver.current_url
    _shot(driver, "5-profile-before-reload")

    driver.refresh()
    _wait(driver, lambda d: "skills in the profile" in _body(d), "the profile after the reload")
    _idle(driver)
    after = next(line for line in _body(driver).splitlines() if "skills in the profile" in line)
    assert after == before
    assert "Current role: software developer" in _body(driver)
    _shot(driver, "6-profile-after-reload")

    # a note on the brief page, a reload, and the note is there too (nothing saved as a session)
    driver.get(driver.current_url.replace("/my-skills", "/brief"))
    notes = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stTextArea'] textarea"), "the notes box")
    notes.send_keys("Prefers regular hours")
    notes.send_keys(Keys.TAB)  # Streamlit takes the value when the box loses focus
    _wait(driver, lambda d: "Unsaved changes" in _body(d) or "Not saved as a session yet" in _body(d), "the unsaved mark")
    _idle(driver)
    driver.refresh()
    notes = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stTextArea'] textarea"), "the notes box again")
    _wait(driver, lambda d: notes.get_attribute("value") == "Prefers regular hours", "the note after the reload")
    assert driver.execute_script("return window.__xss") is None
    _shot(driver, "7-brief-after-reload")
    # the hostile skill label (a Markdown image) is shown as text in the skill pills: no request left the machine
    remote = [
        u for u in _requested_urls(driver) if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    assert not remote, remote
