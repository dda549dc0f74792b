import pandas as pd
import pytest
from conftest import CAPTURED, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import arena_hard, metr


@pytest.mark.parametrize("path", recorded_files("benchmarks", "arena_hard*.csv"), ids=lambda p: p.name)
def test_arena_hard_recorded(path):
    rows = as_snapshot(arena_hard.parse(path.read_bytes(), CAPTURED, path.name), "arena_hard")
    raw = pd.read_csv(path)
    assert len(rows) == len(raw)
    top = rows[rows["model_name"] == "gpt-4-turbo-2024-04-09"].iloc[0]
    assert (top["score"], top["score_low"], top["score_high"]) == (82.63, 80.75, 84.6)
    assert top["as_of"] == pd.Timestamp("2024-07-31")


@pytest.mark.parametrize("path", recorded_files("benchmarks", "metr_*.yaml"), ids=lambda p: p.name)
def test_metr_recorded(path):
    rows = as_snapshot(metr.parse(path.read_bytes(), CAPTURED, path.name), "metr")
    sonnet = rows[(rows["model_key"] == "claude_3_5_sonnet_20240620_inspect")
                  & (rows["benchmark"] == "metr_p50_horizon_min")].iloc[0]
    assert sonnet["score"] == pytest.approx(11.395377)
    assert sonnet["score_low"] == pytest.approx(5.441687)
    assert rows["as_of"].nunique() == 1


def test_arena_hard_missing_score_column():
    with pytest.raises(LayoutError, match="'score'"):
        arena_hard.parse(b"model,date\nx,2024-01-01\n", CAPTURED, "x.csv")


def test_metr_without_results():
    with pytest.raises(LayoutError, match="results"):
        metr.parse(b"benchmark_name: x\n", CAPTURED, "x.yaml")
    with pytest.raises(LayoutError, match="YAML"):
        metr.parse(b"results: [unclosed\n", CAPTURED, "x.yaml")
