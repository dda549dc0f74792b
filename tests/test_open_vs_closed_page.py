"""AppTest of the Open vs closed page, and the gap it shows checked by hand against the history."""
import datetime as dt
import os

import pandas as pd
import pytest
from conftest import PROJECT, skip_without_recorded
from streamlit.testing.v1 import AppTest

from collectors.store import DEMO_DATA_DIR

APP = str(PROJECT / "dashboard" / "app.py")


def run_app(data_dir=None, **state):
    if data_dir:
        os.environ["LANDSCAPE_DATA_DIR"] = str(data_dir)
    else:
        os.environ.pop("LANDSCAPE_DATA_DIR", None)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/open_vs_closed.py")
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    if state:
        at.run()
    return at


@pytest.fixture(autouse=True)
def _clean_env():
    yield
    os.environ.pop("LANDSCAPE_DATA_DIR", None)


def gap_metric(at):
    metric = next(m for m in at.metric if m.label.startswith("Gap on"))
    return metric.label, float(metric.value.split()[0])


def test_page_renders_on_demo_data_and_says_so(tmp_path):
    at = run_app(tmp_path / "empty")  # nothing collected there -> demo fallback
    assert not at.exception
    assert any("demo data" in i.value for i in at.info)
    assert len(at.get("arrow_vega_lite_chart")) == 3  # best scores, gap, releases
    assert at.dataframe[0].value["input_usd_per_mtok"].notna().all()


def test_access_filter_changes_what_is_shown(tmp_path):
    at = run_app(tmp_path / "empty", f_access=["closed"])
    assert not at.exception
    # with only closed models there is no gap to draw, and the page says so
    assert not [m for m in at.metric if m.label.startswith("Gap on")]
    assert any("No date has both" in c.value for c in at.caption)


def test_date_filter_with_no_scores_says_so(tmp_path):
    # the recorded Arena history ends in August 2025: nothing is left in 2026
    at = run_app(tmp_path / "empty", f_dates=(dt.date(2026, 1, 1), dt.date(2026, 2, 1)))
    assert not at.exception
    assert any("match these filters" in i.value for i in at.info)


@skip_without_recorded()
def test_gap_shown_equals_gap_computed_by_hand_from_the_history(recorded):
    history = pd.read_csv(recorded / "lmarena/arena_elo_history_alltime_2023-05_to_2025-03.csv")
    day = 20240301 if 20240301 in set(history["date"]) else sorted(history["date"].unique())[60]
    rows = history[history["date"] == day]
    closed = rows[rows["License"].isin(["Proprietary", "Propretary"])]["rating"].max()
    open_licences = {"Apache 2.0", "Apache-2.0", "MIT", "Non-commercial", "Llama 2 Community",
                     "Llama 3 Community", "Llama 3.1 Community", "Llama 3.1", "Qianwen LICENSE",
                     "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "Gemma license", "Yi License", "DeepSeek",
                     "DeepSeek License", "Falcon-180B TII License", "DBRX LICENSE", "Qwen", "Gemma"}
    best_open = rows[rows["License"].isin(open_licences)]["rating"].max()
    by_hand = closed - best_open
    when = dt.datetime.strptime(str(day), "%Y%m%d").date()
    at = run_app(DEMO_DATA_DIR, f_dates=(dt.date(2023, 1, 1), when))
    label, shown = gap_metric(at)
    assert when.isoformat() in label
    assert shown == round(by_hand)  # the card shows whole points
