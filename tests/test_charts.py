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


def _frames():
    from landscape import analysis
    front = analysis.frontier(SCORES.assign(score_low=SCORES["score"] - 5, score_high=SCORES["score"] + 5,
                                            n=100.0), "arena_text")
    releases = pd.DataFrame({"release_date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-05-01"]),
                             "organization": ["A", "B", "A"], "access": ["open_weights", "closed", "closed"],
                             "model_name": ["a", "b", "c"], "source": "s"})
    intervals = pd.DataFrame({"start": pd.to_datetime(["2024-01-01", "2024-03-01"]), "end": [pd.NaT, pd.NaT],
                              "price": [2.0, 1.0], "model_name": ["m", "m"], "provider": ["p", "p"],
                              "input_usd_per_mtok": [1.0, 0.5], "output_usd_per_mtok": [5.0, 2.5], "source": "s"})
    cheapest = pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]), "access": "closed",
                             "price": [2.0, 1.0], "model_id": "m"})
    points = pd.DataFrame({"price": [1.0, 2.0], "score": [10.0, 20.0], "model_id": ["a", "b"],
                           "access": ["open_weights", "closed"], "provider": "p"})
    return front, analysis.lag_series(front), releases, intervals, cheapest, points


def test_every_builder_gives_a_valid_spec_with_named_layers():
    front, lag, releases, intervals, cheapest, points = _frames()
    specs = {
        "frontier": charts.frontier_chart(front, "Arena").to_dict(),
        "lag": charts.lag_chart(lag).to_dict(),
        "cumulative": charts.cumulative_chart(releases).to_dict(),
        "cadence": charts.cadence_chart(releases).to_dict(),
        "steps": charts.price_steps_chart(intervals).to_dict(),
        "capability": charts.capability_price_chart(cheapest, cheapest).to_dict(),
        "pareto": charts.pareto_chart(points, points, "score").to_dict(),
        "providers": charts.provider_chart(points.assign(input_usd_per_mtok=1.0, output_usd_per_mtok=2.0,
                                                        source="s")).to_dict(),
    }
    assert [layer["name"] for layer in specs["frontier"]["layer"]] == ["ci_band", "frontier_line"]
    assert [layer["name"] for layer in specs["lag"]["layer"]] == ["lag_band", "lag_line"]
    assert [layer["name"] for layer in specs["pareto"]["layer"]] == ["models", "pareto"]
    assert specs["cadence"]["name"] == "cadence" and specs["cumulative"]["name"] == "cumulative"
    for name in ("frontier", "cumulative", "capability", "pareto"):
        assert _colors(specs[name]), name  # the fixed open/closed colours
    assert specs["steps"]["encoding"]["y"]["scale"]["type"] == "log"


def test_no_chart_ships_more_than_the_mark_cap():
    big = pd.DataFrame({"as_of": pd.date_range("2000-01-01", periods=20_000, freq="h"), "access": "closed",
                        "frontier": 1.0, "low": 0.0, "high": 2.0, "holder": "m", "n": 1.0, "source": "s"})
    spec = charts.frontier_chart(big, "x").to_dict()
    assert max(len(v) for v in spec["datasets"].values()) <= charts.MAX_MARKS
