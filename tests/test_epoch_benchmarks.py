import io
import re

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, model_row, recorded_files

from collectors.errors import LayoutError
from collectors.sources import epoch_benchmarks as source

FILES = [p for p in recorded_files("epoch_benchmarks") if re.search(source.FILE_PATTERN, p.name)]
OWN = OWN_FIXTURES / "epoch_benchmarks"
CAPTURE_DAY = pd.Timestamp(CAPTURED.date())


def parse_recorded(recorded, name: str) -> pd.DataFrame:
    path = recorded / "epoch_benchmarks" / name
    return source.parse(path.read_bytes(), CAPTURED, path.name)


def table_bytes(table: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    table.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


def read_recorded(recorded, name: str) -> pd.DataFrame:
    return pd.read_csv(recorded / "epoch_benchmarks" / name, encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)


def scores_of(rows: pd.DataFrame, key: str, benchmark: str) -> list[float]:
    hit = rows[(rows["kind"] == "scores") & (rows["model_key"] == key) & (rows["benchmark"] == benchmark)]
    return sorted(hit["score"].tolist())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_file_parses_into_valid_rows(path):
    rows = as_snapshot(source.parse(path.read_bytes(), CAPTURED, path.name), source.NAME)
    assert len(rows) >= source.MIN_ROWS
    assert set(rows["kind"]) <= set(source.KINDS)


def test_file_pattern_claims_all_seven_recorded_files():
    if not recorded_files("epoch_benchmarks"):
        pytest.skip("recorded source files not found")
    assert len(FILES) == 7


def test_runs_are_fractions_keyed_by_version_and_dated_by_start(recorded):
    rows = parse_recorded(recorded, "benchmarks_runs_2025-11-21.csv")
    assert len(rows) == 541  # every run in the file has Status "Success"
    # file: gpt-5.1_medium, GPQA diamond, 0.850, started 17 November 2025 4:28pm
    first = rows[(rows["model_key"] == "gpt-5.1_medium") & (rows["benchmark"] == "gpqa_diamond")].iloc[0]
    assert first["score"] == pytest.approx(0.85)
    assert first["as_of"] == pd.Timestamp("2025-11-17")
    assert first["model_name"] == "gpt-5.1_medium"  # the runs file carries no display name
    # grok-4-0709's GPQA run has no started_at: the capture day stands in
    grok = rows[(rows["model_key"] == "grok-4-0709") & (rows["benchmark"] == "gpqa_diamond")]
    assert grok["score"].tolist() == [pytest.approx(0.87)]
    assert grok["as_of"].tolist() == [CAPTURE_DAY]
    # two runs of one model on one task (task versions 1.0.0 and 1.1.0) are both kept
    assert scores_of(rows, "gemini-2.5-pro", "frontiermath_2025_02_28_private") == [0.11, 0.121]
    assert rows["score"].between(0, 1).all()


def test_eci_gives_scores_and_models_with_access(recorded):
    rows = parse_recorded(recorded, "epoch_capabilities_index_2026-04-10.csv")
    assert (rows["kind"] == "models").sum() == 585
    assert (rows["kind"] == "scores").sum() == 300  # 285 versions have no ECI Score
    assert set(rows.loc[rows["kind"] == "scores", "benchmark"]) == {"eci"}
    sonnet = model_row(rows, "claude-3-5-sonnet-20240620")
    assert sonnet["model_name"] == "Claude 3.5 Sonnet (Jun 2024)"
    assert sonnet["organization"] == "Anthropic"
    assert sonnet["release_date"] == pd.Timestamp("2024-06-20")
    assert sonnet["access"] == "closed"  # "API access"
    assert scores_of(rows, "claude-3-5-sonnet-20240620", "eci") == [130.0]
    r1 = model_row(rows, "DeepSeek-R1")  # "Open weights (unrestricted)", China
    assert (r1["access"], r1["country"], r1["model_name"]) == ("open_weights", "China", "DeepSeek-R1")
    assert model_row(rows, "LLaMA-7B")["access"] == "open_weights"  # "Open weights (non-commercial)"
    assert model_row(rows, "gemini-2.0-pro-exp-02-05")["access"] == "closed"  # "Hosted access (no API)"
    assert model_row(rows, "Llama-2-34b")["access"] == "closed"  # "Unreleased"
    assert model_row(rows, "claude-mythos-2026-04-07")["access"] == "unknown"  # accessibility empty
    codex = model_row(rows, "gpt-5.3-codex_high")  # no ECI Score yet: a models row only
    assert codex["model_name"] == "GPT-5.3 Codex (high)"
    assert scores_of(rows, "gpt-5.3-codex_high", "eci") == []
    assert model_row(rows, "gpt-5.3-codex")["model_name"] == "GPT-5.3 Codex"  # "GPT-5.3 Codex\n" stripped


def test_accessibility_wording_maps_to_access():
    text = pd.Series(["Open weights (restricted use)", "API access", "Hosted access (no API)",
                      "Unreleased", None, "Something new"])
    assert source._parse_access(text).tolist() == [
        "open_weights", "closed", "closed", "closed", "unknown", "unknown"]


def test_external_tables_take_their_benchmark_from_the_headers(recorded):
    aider = parse_recorded(recorded, "external_benchmark_aider_polyglot_2025-11-21.csv")
    assert set(aider["benchmark"]) == {"aider_polyglot"}
    assert scores_of(aider, "gpt-5-2025-08-07_high", "aider_polyglot") == [88.0]  # percent, as published
    assert len(aider) == 63  # 5 of 68 rows have no model version (mixed architect runs) and no name
    # the same table under a name that says nothing is still recognised by its headers
    raw = (recorded / "epoch_benchmarks/external_benchmark_aider_polyglot_2025-11-21.csv").read_bytes()
    assert set(source.parse(raw, CAPTURED, "download.csv")["benchmark"]) == {"aider_polyglot"}

    simple = parse_recorded(recorded, "external_benchmark_simple_bench_2025-11-21.csv")
    assert scores_of(simple, "grok-4-0709", "simple_bench") == [60.5]  # "60.5%"


def test_livebench_names_rows_by_its_own_model_names(recorded):
    rows = parse_recorded(recorded, "external_benchmark_livebench_2025-11-21.csv").set_index("model_name")
    # Epoch maps both LiveBench entries to one version; the names keep them apart
    assert rows.loc["claude-3-7-sonnet-thinking", "score"] == pytest.approx(76.10)
    assert rows.loc["claude-3-7-sonnet", "score"] == pytest.approx(65.56)
    assert rows.loc["claude-3-7-sonnet", "model_key"] == "claude-3-7-sonnet-20250219"
    # a row without a model version keeps its score under LiveBench's name
    assert pd.isna(rows.loc["chatgpt-4o-latest-2025-03-27", "model_key"])
    assert rows.loc["chatgpt-4o-latest-2025-03-27", "score"] == pytest.approx(64.75)


def test_mmlu_is_a_fraction_and_other_shot_counts_get_their_own_id(recorded):
    rows = parse_recorded(recorded, "external_benchmark_mmlu_2025-11-21.csv")
    nova = rows[rows["model_key"] == "amazon.nova-lite-v1:0"].iloc[0]  # "77.0%", 5-shot
    assert (nova["benchmark"], nova["model_name"]) == ("mmlu", "Amazon Nova Lite")
    assert nova["score"] == pytest.approx(0.77)
    aquila = rows[rows["model_name"] == "AquilaChat2 34B"].set_index("benchmark")  # no model version
    assert aquila.loc["mmlu_0shot", "score"] == pytest.approx(0.652)
    assert aquila.loc["mmlu", "score"] == pytest.approx(0.667)
    assert aquila["model_key"].isna().all()
    assert rows["benchmark"].value_counts().to_dict() == {"mmlu": 222, "mmlu_0shot": 18, "mmlu_2shot": 6}


def test_model_versions_give_models_rows(recorded):
    rows = parse_recorded(recorded, "model_versions_2025-11-21.csv")
    assert len(rows) == 574 and set(rows["kind"]) == {"models"}
    sonnet = model_row(rows, "claude-sonnet-4-5-20250929_32K")
    assert sonnet["model_name"] == "Claude Sonnet 4.5 (32k thinking)"
    assert sonnet["release_date"] == pd.Timestamp("2025-09-29")
    gpt = model_row(rows, "gpt-5.1_medium")  # no display name in the file: the version id
    assert (gpt["model_name"], gpt["release_date"]) == ("gpt-5.1_medium", pd.Timestamp("2025-11-13"))
    assert set(rows["access"]) == {"unknown"}


def test_external_table_named_only_by_its_file_name():
    path = OWN / "external_benchmark_hellaswag_2025-01-01.csv"  # hand-written
    rows = as_snapshot(source.parse(path.read_bytes(), CAPTURED, path.name), source.NAME)
    assert rows["benchmark"].value_counts().to_dict() == {"hellaswag_10shot": 10, "hellaswag_0shot": 1}
    model_a = rows[rows["model_key"] == "model-a"].iloc[0]
    assert (model_a["model_name"], model_a["score"]) == ("Model A", 85.1)  # unknown scale: as published
    assert rows.loc[rows["model_name"] == "Model D", "model_key"].isna().all()
    live = source.parse(path.read_bytes(), CAPTURED, "03_external_benchmark_hellaswag.csv")  # live capture
    assert set(live["benchmark"]) == {"hellaswag_10shot", "hellaswag_0shot"}
    with pytest.raises(LayoutError, match="cannot tell which benchmark"):
        source.parse(path.read_bytes(), CAPTURED, "some_table.csv")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reordered_columns_give_the_same_rows(path):
    table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    shuffled = table[list(reversed(table.columns))]
    a = source.parse(path.read_bytes(), CAPTURED, path.name)
    b = source.parse(table_bytes(shuffled), CAPTURED, path.name)
    pd.testing.assert_frame_equal(a[sorted(a.columns)], b[sorted(b.columns)])


def test_missing_score_column_is_named(recorded):
    table = read_recorded(recorded, "external_benchmark_livebench_2025-11-21.csv")
    with pytest.raises(LayoutError, match="Global average"):
        source.parse(table_bytes(table.drop(columns=["Global average"])), CAPTURED, "livebench.csv")


def test_missing_model_version_column_is_named():
    raw = (OWN / "eci_without_model_version.csv").read_bytes()
    with pytest.raises(LayoutError, match="Model version"):
        source.parse(raw, CAPTURED, "eci_without_model_version.csv")


def test_truncated_files_are_layout_errors(recorded):
    raw = (recorded / "epoch_benchmarks/benchmarks_runs_2025-11-21.csv").read_bytes()
    with pytest.raises(LayoutError, match="truncated"):
        source.parse(raw[: len(raw) // 2], CAPTURED, "benchmarks_runs.csv")
    cut_in_quotes = (OWN / "model_versions_truncated.csv").read_bytes()
    with pytest.raises(LayoutError):
        source.parse(cut_in_quotes, CAPTURED, "model_versions_truncated.csv")


def test_scale_switches_are_caught(recorded):
    runs = read_recorded(recorded, "benchmarks_runs_2025-11-21.csv")
    best = "Best score (across scorers)"
    runs[best] = (pd.to_numeric(runs[best]) * 100).astype(str)
    with pytest.raises(LayoutError, match="switch from fractions to percentages"):
        source.parse(table_bytes(runs), CAPTURED, "benchmarks_runs.csv")
    live = read_recorded(recorded, "external_benchmark_livebench_2025-11-21.csv")
    live["Global average"] = (pd.to_numeric(live["Global average"]) / 100).astype(str)
    with pytest.raises(LayoutError, match="switch from percentages to fractions"):
        source.parse(table_bytes(live), CAPTURED, "livebench.csv")


def test_unknown_empty_and_undecodable_inputs_are_layout_errors():
    with pytest.raises(LayoutError, match="none of the known headers"):
        source.parse(b"a,b\n1,2\n", CAPTURED, "other.csv")
    with pytest.raises(LayoutError, match="empty"):
        source.parse(b"", CAPTURED, "empty.csv")
    with pytest.raises(LayoutError, match="not UTF-8"):
        source.parse(b"task,model\n\xff\xfe,x\n", CAPTURED, "binary.csv")


def test_too_few_rows_is_a_layout_error():
    raw = b"id,task,model,Best score (across scorers),started_at\nx,GPQA diamond,m,0.5,2025-01-01\n"
    with pytest.raises(LayoutError, match="expected at least"):
        source.parse(raw, CAPTURED, "benchmarks_runs.csv")
