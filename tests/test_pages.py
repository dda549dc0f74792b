"""An AppTest per page on the demo data, filter changes, the URL round trip and saved views."""
import datetime as dt
import os

import pytest
from conftest import PROJECT
from streamlit.testing.v1 import AppTest

APP = str(PROJECT / "dashboard" / "app.py")
PAGES = {"overview": "this week", "timeline": "Release timeline", "gaps": "Benchmark gaps",
         "prices": "Prices", "models": "Models", "changes": "Changes",
         "open_vs_closed": "Open vs closed on the Arena", "health": "Data health", "exports": "Weekly exports"}


@pytest.fixture(autouse=True)
def demo_data(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DATA_DIR", str(tmp_path / "nothing-collected"))


def open_page(page, query=None, **state):
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    if state:
        for key, value in state.items():
            at.session_state[key] = value
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def query(at) -> dict:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


@pytest.mark.parametrize("page, title", PAGES.items())
def test_every_page_renders_on_the_demo_data(page, title):
    at = open_page(page)
    assert title in at.title[0].value
    assert any("demo data" in i.value for i in at.info)


@pytest.mark.parametrize("page", ["gaps", "timeline", "prices", "open_vs_closed"])
def test_chart_pages_draw_charts(page):
    assert len(open_page(page).get("arrow_vega_lite_chart")) >= 2


def test_benchmark_filter_changes_the_gaps_page_and_the_url():
    at = open_page("gaps")
    assert at.title[0].value.endswith("arena_text")
    at.selectbox(key="f_benchmark").select("mmlu").run()
    assert at.title[0].value.endswith("mmlu")
    assert query(at)["benchmark"] == "mmlu"


def test_url_query_string_round_trip():
    wanted = {"from": "2024-01-01", "to": "2024-12-31", "access": "open_weights,closed", "benchmark": "eci",
              "licence": "permissive", "min_params": "7"}
    at = open_page("gaps", query=wanted)
    assert at.session_state["f_dates"] == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert at.session_state["f_benchmark"] == "eci"
    assert at.session_state["f_min_params"] == 7.0
    assert query(at) == wanted  # the same link comes back out


def test_access_filter_to_closed_only_says_there_is_no_gap():
    at = open_page("open_vs_closed", f_access=["closed"])
    assert not [m for m in at.metric if m.label.startswith("Gap on")]
    assert any("No date has both" in c.value for c in at.caption)
    assert query(at)["access"] == "closed"


def test_filters_that_match_nothing_say_so():
    at = open_page("timeline", f_min_params=1e6)  # no model has a million billion parameters
    assert any("match these filters" in i.value for i in at.info)
    assert not at.get("arrow_vega_lite_chart")


def test_saved_view_opens_by_name():
    at = open_page("gaps", query={"view": "open-frontier-2024"})
    assert at.session_state["f_dates"][0] == dt.date(2024, 1, 1)
    assert at.session_state["f_benchmark"] == "arena_text"


@pytest.mark.parametrize("name", ["../../etc/passwd", "no-such-view"])
def test_a_bad_view_name_is_a_warning_not_a_path(name):
    at = open_page("overview", query={"view": name})
    assert any("view" in w.value for w in at.warning)


def test_saving_a_view_writes_a_file_in_the_views_folder(tmp_path, monkeypatch):
    from landscape import views
    monkeypatch.setattr(views, "VIEWS_DIR", tmp_path)
    monkeypatch.setattr(views.list_views, "__defaults__", (tmp_path,))
    monkeypatch.setattr(views.save, "__defaults__", ("", tmp_path))
    monkeypatch.setattr(views.load, "__defaults__", (tmp_path,))
    at = open_page("gaps", f_benchmark="eci", view_name="my-eci")
    at.button[0].click().run()
    assert (tmp_path / "my-eci.json").exists()
    assert views.load("my-eci", tmp_path).benchmark == "eci"


def test_pages_offer_csv_and_excel_downloads():
    at = open_page("gaps")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download CSV" in labels and "Download Excel" in labels


def test_seed_comparisons_are_in_the_demo_data():
    """Llama-3-70B-Instruct's MMLU 0.820 next to GPT-4 Turbo's; DeepSeek Reasoner at $0.55 / $2.19."""
    from collectors.store import DEMO_DATA_DIR, Store
    store = Store(DEMO_DATA_DIR)
    scores = store.read_kind("scores")
    mmlu = scores[scores["benchmark"] == "mmlu"]
    llama = mmlu[mmlu["model_name"].str.fullmatch("Llama-3-70b-Instruct", case=False)]
    assert 0.82 in llama["score"].round(3).tolist() and (llama["source"] == "lmarena").all()
    turbo = mmlu[mmlu["model_name"].str.contains(r"GPT-4[- ]Turbo", case=False)]
    assert not turbo.empty and turbo["score"].between(0, 1).all()
    prices = store.read_kind("prices")
    reasoner = prices[(prices["model_key"] == "deepseek-reasoner") & prices["effective_to"].isna()
                      & (prices["source"] == "llm_prices")]
    assert reasoner[["input_usd_per_mtok", "output_usd_per_mtok"]].values.tolist() == [[0.55, 2.19]]
    assert reasoner["source_url"].str.startswith("https://").all()
    os.environ.pop("LANDSCAPE_DATA_DIR", None)


def test_exports_page_lists_past_exports_with_downloads(tmp_path, monkeypatch):
    import shutil

    from collectors.store import DEMO_DATA_DIR
    from landscape.export import export_week
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    export_week(data, "2026-W30", data)
    monkeypatch.setenv("LANDSCAPE_DATA_DIR", str(data))
    at = open_page("exports")
    assert any("2026-W30" in m.value for m in at.markdown)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Whole bundle (.zip)", "report.html", "Workbook (.xlsx)"]
