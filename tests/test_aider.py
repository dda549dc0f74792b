import re

import pandas as pd
import pytest
import yaml
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import aider as source

FILES = [p for p in recorded_files("aider") if re.search(source.FILE_PATTERN, p.name)]
EDIT = "aider/edit_leaderboard_2024-12-22.yml"
POLYGLOT = "aider/polyglot_leaderboard_2025-10-04.yml"


def parse_recorded(recorded, name: str) -> pd.DataFrame:
    path = recorded / name
    return source.parse(path.read_bytes(), CAPTURED, path.name)


def run_rows(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    return rows[rows["model_key"] == key].set_index("benchmark")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_file_parses_into_valid_scores(path):
    rows = as_snapshot(source.parse(path.read_bytes(), CAPTURED, path.name), source.NAME)
    entries = yaml.safe_load(path.read_text())
    board = "aider_" + path.name.split("_leaderboard")[0]
    assert rows["benchmark"].value_counts().to_dict() == {board: len(entries), f"{board}_pass1": len(entries)}
    assert rows["score"].between(0, 100).all()
    assert not rows.duplicated(["model_key", "benchmark"]).any()


def test_file_pattern_claims_both_recorded_leaderboards():
    if not recorded_files("aider"):
        pytest.skip("recorded source files not found")
    assert [p.name for p in FILES] == ["edit_leaderboard_2024-12-22.yml",
                                       "polyglot_leaderboard_2025-10-04.yml"]


def test_edit_leaderboard_run(recorded):
    rows = parse_recorded(recorded, EDIT)
    # file: claude-3-opus-20240229, diff, pass_rate_1 53.4, pass_rate_2 68.4, 133 cases, $13.8395, 2024-05-01
    opus = run_rows(rows, "claude-3-opus-20240229|diff")
    assert opus.loc["aider_edit", "score"] == 68.4
    assert opus.loc["aider_edit_pass1", "score"] == 53.4
    assert set(opus["n"]) == {133}
    assert set(opus["cost_usd"]) == {13.8395}
    assert set(opus["as_of"]) == {pd.Timestamp("2024-05-01")}
    assert set(opus["model_name"]) == {"claude-3-opus-20240229"}
    sonnet = run_rows(rows, "claude-3-sonnet-20240229|whole")  # total_cost: 0.0000 -> not recorded
    assert sonnet["cost_usd"].isna().all()


def test_polyglot_leaderboard_runs(recorded):
    rows = parse_recorded(recorded, POLYGLOT)
    gpt5 = run_rows(rows, "gpt-5 (high)|diff")  # 88.0 / 52.0, $29.0829, 2025-08-23
    assert gpt5.loc["aider_polyglot", "score"] == 88.0
    assert gpt5.loc["aider_polyglot_pass1", "score"] == 52.0
    assert set(gpt5["cost_usd"]) == {29.0829}
    assert set(gpt5["as_of"]) == {pd.Timestamp("2025-08-23")}
    qwen = run_rows(rows, "qwen-max-2025-01-25|diff")  # no total_cost value
    assert qwen["cost_usd"].isna().all() and set(qwen["n"]) == {225}
    # one model run with two edit formats gives two keys
    assert {"gpt-4o-2024-08-06|diff"} <= set(rows["model_key"])


def test_benchmark_comes_from_the_file_name():
    assert source._parse_benchmark("polyglot_leaderboard.yml") == "aider_polyglot"
    assert source._parse_benchmark("data/edit_leaderboard_2024-12-22.yml") == "aider_edit"
    assert source._parse_benchmark("refactor_leaderboard.yml") == "aider_refactor"
    assert source._parse_benchmark("00_polyglot_leaderboard.yml") == "aider_polyglot"  # a live capture
    with pytest.raises(LayoutError, match="cannot tell which leaderboard"):
        source._parse_benchmark("runs.yml")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reordered_keys_give_the_same_rows(path):
    entries = yaml.safe_load(path.read_text())
    shuffled = [dict(reversed(list(entry.items()))) for entry in reversed(entries)]
    a = source.parse(path.read_bytes(), CAPTURED, path.name)
    b = source.parse(yaml.safe_dump(shuffled, sort_keys=False).encode(), CAPTURED, path.name)
    key = ["benchmark", "model_key"]
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True),
                                  b.sort_values(key).reset_index(drop=True))


def test_missing_required_key_is_named(recorded):
    entries = yaml.safe_load((recorded / POLYGLOT).read_text())
    del entries[3]["pass_rate_2"]
    with pytest.raises(LayoutError, match="pass_rate_2"):
        source.parse(yaml.safe_dump(entries).encode(), CAPTURED, "polyglot_leaderboard.yml")


def test_truncated_files_are_layout_errors(recorded):
    raw = (OWN_FIXTURES / "aider" / "polyglot_leaderboard_truncated.yml").read_bytes()  # cut mid-run
    with pytest.raises(LayoutError, match=r"lacks \['pass_rate_2', 'date'\]"):
        source.parse(raw, CAPTURED, "polyglot_leaderboard_truncated.yml")
    text = (recorded / EDIT).read_bytes()
    cut = text.index(b"pass_rate_2", len(text) // 2)  # a download that stopped inside a run
    with pytest.raises(LayoutError):
        source.parse(text[:cut], CAPTURED, "edit_leaderboard.yml")
    with pytest.raises(LayoutError):
        source.parse(text[: cut + 6], CAPTURED, "edit_leaderboard.yml")  # ... inside a key


def test_fractions_instead_of_percentages_are_caught(recorded):
    entries = yaml.safe_load((recorded / POLYGLOT).read_text())
    for entry in entries:
        entry["pass_rate_2"] = entry["pass_rate_2"] / 100
    with pytest.raises(LayoutError, match=r"pass_rate_2 .*switch from percentages to fractions"):
        source.parse(yaml.safe_dump(entries).encode(), CAPTURED, "polyglot_leaderboard.yml")


def test_not_a_list_of_runs_is_a_layout_error():
    for raw in (b"", b"leaderboard: polyglot\n", b"- just a string\n", b"- model: [unclosed\n", b"\xff\xfe"):
        with pytest.raises(LayoutError):
            source.parse(raw, CAPTURED, "polyglot_leaderboard.yml")


def test_too_few_runs_is_a_layout_error():
    raw = b"- model: m\n  edit_format: diff\n  pass_rate_1: 1.0\n  pass_rate_2: 2.0\n  date: 2025-01-01\n"
    with pytest.raises(LayoutError, match="expected at least"):
        source.parse(raw, CAPTURED, "polyglot_leaderboard.yml")
