"""Every chart builder returns a valid Vega-Lite spec with the fixed access colours."""
import pandas as pd

from landscape import charts
from landscape.analysis import best_by_class, gap_series
from landscape.theme import ACCESS_COLORS

SCORES = pd.DataFrame({
    "as_of": pd.to_datetime(["2024-01-01"] * 3 + ["2024-02-01"] * 2),
    "access": ["open_weights", "closed", "closed", "open_weights", "closed"],
    "benchmark": "arena_text", "score": [1100.0, 1250.0, 1200.0, 1150.0, 1260.0],
    "model_name": ["o1", "c1", "c2", "o2", "c3"], "source": "lmarena",
    "source_url": "https://example.org"})


def test_best_and_gap():
    best = best_by_class(SCORES, "arena_text")
    assert best["model_name"].tolist() == ["c1", "o1", "c3", "o2"]
    gap = gap_series(best)
    assert gap["gap"].tolist() == [150.0, 110.0]


def _colors(spec):
    text = str(spec)
    return all(c in text for c in (ACCESS_COLORS["open_weights"], ACCESS_COLORS["closed"]))


def test_best_scores_chart_spec():
    spec = charts.best_scores_chart(best_by_class(SCORES, "arena_text"), "Arena").to_dict()
    assert [layer["name"] for layer in spec["layer"]] == ["best_line", "best_points"]
    assert _colors(spec)


def test_gap_chart_spec():
    spec = charts.gap_chart(gap_series(best_by_class(SCORES, "arena_text")), "Arena").to_dict()
    assert spec["layer"][0]["name"] == "gap_area"
    assert "Gap" in spec["layer"][0]["encoding"]["y"]["title"]


def test_release_timeline_spec_limits_organizations():
    releases = pd.DataFrame({"release_date": pd.date_range("2024-01-01", periods=40, freq="D"),
                             "organization": [f"org{i % 30}" for i in range(40)],
                             "model_name": [f"m{i}" for i in range(40)], "access": "closed",
                             "source": "epoch_models"})
    spec = charts.release_timeline_chart(releases, max_orgs=10).to_dict()
    assert spec["name"] == "releases"
    values = next(iter(spec["datasets"].values()))
    assert len({v["organization"] for v in values}) == 10
    assert _colors(spec)
