"""The benchmark's synthetic history is a real, valid store, and its measurements return numbers.

Timings are never asserted here: `make bench` measures them."""
import datetime as dt
import hashlib
import math

import pandas as pd
import pytest

from benchmarks import run, synthetic
from collectors import contract
from collectors.store import Store
from landscape import identity

TINY = synthetic.Size(prices=3000, scores=400, days=21, models=80, validate_every=1)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    counts = synthetic.generate(root, TINY, log=lambda _: None)
    return root, counts


def test_every_snapshot_is_listed_in_the_manifest_and_matches_it(history):
    root, counts = history
    entries = Store(root).entries()
    files = sorted(p.relative_to(root).as_posix() for p in (root / "snapshots").rglob("*.parquet"))
    assert sorted(e["path"] for e in entries) == files
    assert len(entries) == counts["snapshots"]
    for entry in entries:
        path = root / entry["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        assert len(pd.read_parquet(path)) == entry["rows"]
        assert entry["source"] in synthetic.SOURCES
        assert path.stem == entry["snapshot_date"]


def test_snapshots_pass_the_contract_unchanged(history):
    root, _ = history
    for entry in Store(root).entries():
        frame = pd.read_parquet(root / entry["path"])
        pd.testing.assert_frame_equal(contract.conform(frame), frame)
        assert sorted(frame["kind"].unique()) == entry["kinds"]


def test_manifest_lines_carry_what_store_publish_writes(history, tmp_path):
    root, _ = history
    store = Store(root)
    first = store.entries()[0]
    frame = store.read_snapshot(first)
    published = Store(tmp_path).publish(first["source"], dt.date.fromisoformat(first["snapshot_date"]), frame,
                                        captured_at=dt.datetime.fromisoformat(first["captured_at"]), inputs=[])
    assert set(published) <= set(first)
    for key in ("source", "kinds", "snapshot_date", "path", "rows", "captured_at", "source_url"):
        assert published[key] == first[key], key


def test_requested_sizes_are_met_and_counted(history):
    root, counts = history
    store = Store(root)
    prices, scores = store.read_kind("prices"), store.read_kind("scores")
    assert len(prices) == counts["prices"] and len(scores) == counts["scores"]
    # units are whole offers / listings, so the totals overshoot by less than one unit's rows
    assert TINY.prices <= len(prices) < TINY.prices * 1.1
    assert TINY.scores <= len(scores) < TINY.scores * 1.1


def test_the_history_has_the_shapes_the_pages_need(history):
    root, _ = history
    store = Store(root)
    prices, scores, models = store.read_kind("prices"), store.read_kind("scores"), store.read_kind("models")
    assert set(models["access"].dropna()) == {"open_weights", "closed", "unknown"}
    arena = scores[scores["benchmark"] == "arena_text"]
    assert len(arena) and (arena["score_low"] < arena["score"]).all() and (arena["n"] > 0).all()
    assert arena["as_of"].nunique() > 1  # a leaderboard per day
    assert {"litellm", "openrouter", "llm_prices"} <= set(prices["source"])
    history_rows = prices[(prices["source"] == "llm_prices") & prices["effective_to"].notna()]
    assert (history_rows["effective_from"] < history_rows["effective_to"]).all()
    assert prices["provider"].nunique() > 5 and "standard" in set(prices["tier"].dropna())
    assert set(prices["tier"].dropna()) <= {"standard", "batch", "free"}
    assert prices.loc[prices["source"] == "litellm", "tier"].isna().all()  # litellm publishes no tier
    assert models["release_date"].notna().all() and models["params_b"].notna().any()
    assert len(store.read_kind("releases"))


def test_the_catalog_resolves_every_row(history):
    root, _ = history
    store = Store(root)
    mentions = pd.read_parquet(root / "catalog" / "mentions.parquet")
    catalog = pd.read_parquet(root / "catalog" / "models.parquet")
    assert set(mentions["model_id"]) == set(catalog["model_id"])
    for kind in ("prices", "scores", "models"):
        attached = identity.attach(store.read_kind(kind), mentions, catalog)
        assert attached["model_id"].notna().all(), kind


def test_the_same_seed_gives_the_same_history(history, tmp_path):
    root, _ = history
    synthetic.generate(tmp_path, TINY, log=lambda _: None)
    assert [e["sha256"] for e in Store(tmp_path).entries()] == [e["sha256"] for e in Store(root).entries()]


def test_a_page_is_measured_in_its_own_process(history):
    root, _ = history
    result = run.measure_in_subprocess("gaps", root, reruns=2)
    assert "error" not in result, result.get("error")
    for key in ("cold_s", "warm_p50_ms", "warm_p95_ms", "floor_ms", "ratio", "rss_mb"):
        assert isinstance(result[key], float) and math.isfinite(result[key]) and result[key] > 0, key
    assert result["reruns"] == 2 and result["filter"] == "f_benchmark"
    assert result["charts"] >= 2 and result["marks"] > 0
    printed = run.table([result])
    assert printed.splitlines()[2].startswith("gaps") and ("PASS" in printed or "FAIL" in printed)


def test_marks_count_inline_values_in_nested_specs():
    spec = {"layer": [{"data": {"values": [{"x": 1}, {"x": 2}]}}, {"mark": "rule"}],
            "datasets": {"d1": [{"x": 1}]}}
    assert run._inline_rows(spec) == 3


def test_verdict_names_each_missed_target():
    result = {"cold_s": 4.0, "warm_p50_ms": 100.0, "ratio": 5.0, "rss_mb": 100.0, "marks": 6000}
    assert run.verdict(result) == ["cold", "p50/floor", "marks"]
