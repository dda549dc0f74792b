import datetime as dt

import pandas as pd
import pytest

from landscape import changes, views
from landscape.filters import Filters, apply


def test_filters_round_trip_through_the_query_string():
    chosen = Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), access=["open_weights"],
                     licence=["permissive"], organizations=["Meta", "Mistral AI"], benchmark="mmlu", min_params_b=7)
    assert Filters.from_query(chosen.to_query()) == chosen
    assert Filters().to_query() == {}  # defaults make a short link


@pytest.mark.parametrize("query", [{"from": "not-a-date"}, {"access": "everything"}, {"min_params": "-3"},
                                   {"benchmark": "../../x"}, {"org": "<script>alert(1)</script>"}])
def test_malformed_query_values_are_dropped(query):
    assert Filters.from_query(query) == Filters()


def test_apply_filters_rows():
    frame = pd.DataFrame({"as_of": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-05-01"]),
                          "access": ["open_weights", "closed", "open_weights"],
                          "organization": ["Meta", "OpenAI", "Mistral AI"], "params_b": [70, None, 7],
                          "licence_class": ["open_restricted", "proprietary", "permissive"]})
    f = Filters(start=dt.date(2024, 2, 1), access=["open_weights"])
    assert apply(frame, f, "as_of")["organization"].tolist() == ["Mistral AI"]
    assert apply(frame, Filters(min_params_b=10))["organization"].tolist() == ["Meta"]
    assert apply(frame, Filters(licence=["permissive"]))["organization"].tolist() == ["Mistral AI"]
    assert apply(frame, Filters(end=dt.date(2024, 3, 1)), "as_of")["organization"].tolist() == ["Meta", "OpenAI"]


@pytest.mark.parametrize("name", ["../x", "a/b", "", "UPPER", "x" * 60, "..", "a.json"])
def test_view_names_never_become_paths(name, tmp_path):
    with pytest.raises(views.ViewError):
        views.path_for(name, tmp_path)


def test_views_save_and_load(tmp_path):
    views.save("frontier", Filters(benchmark="eci"), folder=tmp_path)
    assert views.list_views(tmp_path) == ["frontier"]
    assert views.load("frontier", tmp_path).benchmark == "eci"
    with pytest.raises(views.ViewError, match="no saved view"):
        views.load("missing", tmp_path)


def _entries():
    return pd.DataFrame({"source": ["p", "p", "s"], "snapshot_date": ["2024-01-01", "2024-01-08", "2024-01-01"],
                         "captured_at": ["2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z", "2024-01-01T00:00:00Z"]})


def _frames():
    prices = pd.DataFrame({
        "source": "p", "snapshot_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-08", "2024-01-08"]),
        "provider": "v", "model_key": ["a", "b", "a", "c"], "model_name": ["A", "B", "A", "C"], "tier": None,
        "input_usd_per_mtok": [1.0, 2.0, 0.5, 3.0], "output_usd_per_mtok": [4.0, 8.0, 2.0, 9.0],
        "effective_to": pd.NaT})
    scores = pd.DataFrame({"source": "s", "snapshot_date": pd.to_datetime(["2024-01-01"]), "benchmark": "b",
                           "model_key": ["a"], "model_name": ["A"], "score": [1.0],
                           "as_of": pd.to_datetime(["2024-01-01"])})
    return {"prices": prices, "scores": scores}


def test_in_force_takes_the_latest_snapshot_of_each_source_by_then():
    chosen = changes.in_force(_entries(), dt.date(2024, 1, 7))
    assert sorted(zip(chosen["source"], chosen["snapshot_date"], strict=True)) == [
        ("p", "2024-01-01"), ("s", "2024-01-01")]


def test_compare_lists_new_removed_and_price_moves():
    diff = changes.compare(_frames(), _entries(), dt.date(2024, 1, 1), dt.date(2024, 1, 8))
    models = diff["models"].set_index("model_id")["change"].to_dict()
    assert models == {"c": "new", "b": "removed"}
    moves = diff["prices"].set_index("price")
    assert moves.loc["input", "old_usd_per_mtok"] == 1.0 and moves.loc["input", "new_usd_per_mtok"] == 0.5
    assert moves.loc["input", "change_pct"] == -50
