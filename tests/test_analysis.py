"""Analysis functions on small frames whose answers are worked out by hand in the comments."""
import numpy as np
import pandas as pd
import pytest

from landscape import analysis


def scores(rows):
    frame = pd.DataFrame(rows, columns=["as_of", "access", "score", "model_name"])
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return frame.assign(benchmark="b", source="s", score_low=frame["score"] - 5,
                        score_high=frame["score"] + 5, n=100.0)


FRAME = scores([
    ("2024-01-01", "closed", 100, "C1"), ("2024-01-01", "open_weights", 80, "O1"),
    ("2024-04-01", "closed", 120, "C2"), ("2024-04-01", "open_weights", 90, "O2"),
    ("2024-07-01", "closed", 110, "C3"), ("2024-07-01", "open_weights", 101, "O3"),
    ("2024-10-01", "closed", 130, "C4"), ("2024-10-01", "open_weights", 125, "O4"),
])


def test_frontier_is_a_running_best_with_its_holder():
    front = analysis.frontier(FRAME, "b")
    closed = front[front["access"] == "closed"]
    # the 2024-07 closed best (110) is below the April frontier (120, held by C2)
    assert closed["frontier"].tolist() == [100, 120, 120, 130]
    assert closed["holder"].tolist() == ["C1", "C2", "C2", "C4"]


def test_lag_in_months_against_the_closed_frontier():
    lag = analysis.lag_series(analysis.frontier(FRAME, "b")).set_index("as_of")
    # 2024-07: open frontier 101; closed first reached >= 101 on 2024-04-01 -> 91 days = 2.99 months
    assert lag.loc["2024-07-01", "lag_months"] == pytest.approx(91 / (365.25 / 12))
    # 2024-10: open 125 -> closed first reached 125 on 2024-10-01 itself -> 0
    assert lag.loc["2024-10-01", "lag_months"] == 0
    # 2024-01: open 80, closed reached 100 on 2024-01-01 -> lag 0 (same day)
    assert lag.loc["2024-01-01", "lag_months"] == 0
    # band: 101 +/- 5 -> target 96 reached 2024-01-01 (182 days), target 106 reached 2024-04-01
    assert lag.loc["2024-07-01", "lag_high"] == pytest.approx(182 / (365.25 / 12))
    assert lag.loc["2024-07-01", "lag_low"] == pytest.approx(91 / (365.25 / 12))
    assert lag.loc["2024-07-01", "gap"] == 120 - 101


def test_current_best_and_headline():
    best = analysis.current_best(FRAME).set_index("access")
    assert best.loc["closed", "model_name"] == "C4" and best.loc["open_weights", "score"] == 125
    head = analysis.headline(FRAME, ["b", "missing"])
    assert head["benchmark"].tolist() == ["b"] and head.iloc[0]["gap"] == 5


def test_blended_price_default_three_to_one():
    prices = pd.DataFrame({"input_usd_per_mtok": [1.0], "output_usd_per_mtok": [5.0]})
    assert analysis.blended_price(prices).iloc[0] == pytest.approx((3 * 1 + 5) / 4)
    assert analysis.blended_price(prices, 1).iloc[0] == pytest.approx(3.0)


def test_loglinear_fit_recovers_a_tenfold_yearly_drop():
    months = pd.date_range("2023-01-01", periods=25, freq="MS")
    years = (months - months[0]).days / 365.25
    frame = pd.DataFrame({"month": months, "price": 100 * np.power(10.0, -years)})
    fit = analysis.loglinear_fit(frame)
    assert fit["fold_per_year"] == pytest.approx(10, rel=1e-6)


def test_pareto_frontier():
    points = pd.DataFrame({"price": [1, 2, 3, 4, 5], "score": [10, 9, 20, 15, 30]})
    assert analysis.pareto_frontier(points)["price"].tolist() == [1, 3, 5]


def test_cheapest_at_capability_per_month():
    sc = pd.DataFrame({"model_id": ["a", "b", "c"], "benchmark": "b", "score": [90, 95, 50],
                       "access": ["open_weights", "closed", "open_weights"]})
    pr = pd.DataFrame({
        "source": "p", "provider": "v", "model_key": ["a", "b", "c", "a"], "model_id": ["a", "b", "c", "a"],
        "model_name": ["A", "B", "C", "A"], "tier": None,
        "input_usd_per_mtok": [4.0, 8.0, 0.1, 2.0], "output_usd_per_mtok": [4.0, 8.0, 0.1, 2.0],
        "effective_from": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01", "2024-03-01"]),
        "effective_to": pd.to_datetime(["2024-03-01", None, None, None]),
        "snapshot_date": pd.Timestamp("2024-04-01")})
    out = analysis.cheapest_at_capability(sc, pr, "b", 80)
    open_ = out[out["access"] == "open_weights"].set_index("month")["price"]
    # c is cheap but scores 50 (< 80): never chosen; a costs 4 until March, then 2
    assert open_.loc["2024-02-01"] == 4.0 and open_.loc["2024-03-01"] == 2.0
    assert set(out.loc[out["access"] == "closed", "price"]) == {8.0}
