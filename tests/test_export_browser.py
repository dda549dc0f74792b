"""report.html in a real browser with the network cut: no request leaves the file, the charts show."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, RECORDED

from collectors.store import Store
from landscape.export import export_week

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="no Chromium at /usr/bin/chromium (apt-get install chromium)")
SOURCES = ["lmarena", "epoch_models", "openrouter", "llm_prices"]  # enough for every chart, quick to backfill
WEEK = "2026-W34"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    if not RECORDED.is_dir():
        pytest.skip(f"recorded source files not found at {RECORDED} (set LANDSCAPE_FIXTURES)")
    data = tmp_path_factory.mktemp("data")
    run = subprocess.run([sys.executable, "-m", "collectors", "backfill", "--from", str(RECORDED),
                          "--data-dir", str(data), *SOURCES], capture_output=True, text=True, cwd=PROJECT,
                         timeout=600)
    assert Store(data).entries(), run.stdout + run.stderr
    return export_week(data, WEEK, tmp_path_factory.mktemp("out")) / "report.html"


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def test_report_renders_offline_with_visible_charts(report, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    attempted, aborted, errors = [], [], []
    page.on("request", lambda request: attempted.append(request.url))  # fires even for blocked loads
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()
    page.route("**/*", only_files)
    page.goto(report.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # anything lazy (fonts, images) would have been requested by now

    assert attempted == [report.as_uri()]
    assert aborted == []
    assert errors == []  # no Content-Security-Policy violation, no failed load
    assert page.title().startswith(f"AI model landscape — {WEEK}")
    charts = page.locator("figure > svg")
    assert charts.count() >= 3  # release timeline, frontier, lag (and price at fixed capability)
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, (index, box)
        assert chart.locator("path, circle, rect, line").count() > 10  # marks were drawn
    page.close()
