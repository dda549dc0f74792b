"""Real browser: start the app with `streamlit run`, open it in headless Chromium, check the charts."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Screenshots go to tests/artifacts/; `UPDATE_SCREENSHOTS=1 make test` refreshes the README's copies.
SCREENSHOTS = PROJECT / ("docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "tests/artifacts")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="no Chromium at /usr/bin/chromium (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    port = free_port()
    env = {**os.environ, "LANDSCAPE_DATA_DIR": str(tmp_path_factory.mktemp("empty"))}  # -> demo data
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true"], cwd=PROJECT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def page(app_url):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        yield page
        browser.close()


CHART_PAGES = {"": 0, "timeline": 3, "gaps": 2, "prices": 2, "open_vs_closed": 3}
OTHER_PAGES = ["models", "changes", "health"]


def _open(page, url, title_text):
    page.goto(url)
    page.wait_for_selector(f"h1:has-text('{title_text}')", timeout=60_000)


@pytest.mark.parametrize("path, charts", CHART_PAGES.items())
def test_every_chart_page_renders_its_charts(app_url, page, path, charts):
    _open(page, f"{app_url}/{path}", "")
    if charts:
        page.wait_for_function(
            f"document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length >= {charts}",
            timeout=60_000)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("text=demo data").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path or 'overview'}.png"), full_page=True)


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_table_pages_render(app_url, page, path):
    _open(page, f"{app_url}/{path}", "")
    page.wait_for_selector("[data-testid='stDataFrame'], [data-testid='stAlert']", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(SCREENSHOTS / f"{path}.png"), full_page=True)


def test_changing_a_filter_changes_the_url(app_url, page):
    _open(page, f"{app_url}/gaps", "Benchmark gaps")
    assert "benchmark=arena_text" in page.url
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Benchmark")
    box.click()
    page.keyboard.type("mmlu")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('mmlu')", timeout=60_000)
    page.wait_for_function("window.location.search.includes('benchmark=mmlu')", timeout=30_000)
    # the copied link reopens the same view
    link = page.url
    _open(page, link, "Benchmark gaps — mmlu")
