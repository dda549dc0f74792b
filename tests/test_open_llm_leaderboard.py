import io
import re

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, model_row, recorded_files

from collectors.errors import LayoutError
from collectors.sources import open_llm_leaderboard as source

FILES = [p for p in recorded_files("open_llm_leaderboard") if re.search(source.FILE_PATTERN, p.name)]
V2 = "open_llm_leaderboard/fboulnois_huggingface_v2_2024-12-02.csv"
BENCHMARKS = {"olb_average", "olb_ifeval", "olb_bbh", "olb_math_lvl5", "olb_gpqa", "olb_musr", "olb_mmlu_pro"}


@pytest.fixture
def v2(recorded) -> pd.DataFrame:
    path = recorded / V2
    return source.parse(path.read_bytes(), CAPTURED, path.name)


def read_table(recorded) -> pd.DataFrame:
    return pd.read_csv(recorded / V2, dtype=str, keep_default_na=False)


def table_bytes(table: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    table.to_csv(buf, index=False)
    return buf.getvalue().encode()


def scores_of(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    return rows[(rows["kind"] == "scores") & (rows["model_key"] == key)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_file_parses_into_valid_rows(path):
    rows = as_snapshot(source.parse(path.read_bytes(), CAPTURED, path.name), source.NAME)
    assert set(rows["kind"]) == {"scores", "models"}
    assert set(rows["benchmark"].dropna()) == BENCHMARKS
    assert set(rows["access"]) == {"open_weights"}


def test_row_counts(v2):
    # 2114 evaluations x 7 scores; 2058 distinct repos (56 were evaluated at two precisions)
    assert (v2["kind"] == "scores").sum() == 2114 * 7
    assert (v2["kind"] == "models").sum() == 2058


def test_known_scores_and_model_facts(v2):
    key = "meta-llama/Meta-Llama-3.1-8B-Instruct"
    scores = scores_of(v2, key).set_index("benchmark")["score"]
    # file: average 28.2, ifeval 78.56, bbh 29.89, math_lvl_5 19.34, gpqa 2.35, musr 8.41, mmlupro 30.68
    assert scores.to_dict() == pytest.approx({
        "olb_average": 28.2, "olb_ifeval": 78.56, "olb_bbh": 29.89, "olb_math_lvl5": 19.34,
        "olb_gpqa": 2.35, "olb_musr": 8.41, "olb_mmlu_pro": 30.68})
    assert set(scores_of(v2, key)["as_of"]) == {pd.Timestamp("2024-08-15")}  # submission_date
    llama = model_row(v2, key)
    assert (llama["license"], llama["params_b"], llama["organization"]) == ("llama3.1", 8, "meta-llama")
    assert llama["release_date"] == pd.Timestamp("2024-07-18")  # upload_to_hub_date
    assert llama["hugging_face_id"] == key
    qwen = model_row(v2, "Qwen/Qwen2.5-72B-Instruct")
    assert (qwen["license"], qwen["access"]) == ("other", "open_weights")


def test_sentinels_and_fallbacks(v2):
    assert pd.isna(model_row(v2, "google/umt5-base")["params_b"])  # params_b -1
    assert pd.isna(model_row(v2, "HuggingFaceTB/SmolLM2-135M-Instruct")["params_b"])  # rounded to 0
    assert pd.isna(model_row(v2, "KSU-HW-SEC/Llama3.1-70b-SVA-FT-1000step")["license"])  # hub_license empty
    # no submission_date: the upload date stands in
    granite = scores_of(v2, "ibm-granite/granite-3.0-2b-instruct")
    assert set(granite["as_of"]) == {pd.Timestamp("2024-10-02")}
    assert granite.loc[granite["benchmark"] == "olb_average", "score"].tolist() == [18.32]


def test_a_repo_evaluated_twice_keeps_both_scores_and_one_model(v2):
    smol = scores_of(v2, "HuggingFaceTB/SmolLM2-135M-Instruct")
    average = smol[smol["benchmark"] == "olb_average"]
    assert sorted(average["score"]) == [2.99, 6.47]  # float16 on 2024-11-14, bfloat16 on 2024-11-06
    assert sorted(average["as_of"]) == [pd.Timestamp("2024-11-06"), pd.Timestamp("2024-11-14")]


def test_reordered_columns_give_the_same_rows(recorded, v2):
    table = read_table(recorded)
    shuffled = source.parse(table_bytes(table[list(reversed(table.columns))]), CAPTURED, "v2.csv")
    pd.testing.assert_frame_equal(v2[sorted(v2.columns)], shuffled[sorted(shuffled.columns)])


def test_official_dataset_headers_are_understood(recorded, v2):
    renamed = read_table(recorded).drop(columns=["model"]).rename(columns={
        "average": "Average ⬆️", "ifeval": "IFEval", "bbh": "BBH", "math_lvl_5": "MATH Lvl 5",
        "gpqa": "GPQA", "musr": "MUSR", "mmlupro": "MMLU-PRO", "hub_license": "Hub License",
        "params_b": "#Params (B)", "submission_date": "Submission Date",
        "upload_to_hub_date": "Upload To Hub Date"})
    rows = source.parse(table_bytes(renamed), CAPTURED, "contents.csv")
    pd.testing.assert_frame_equal(v2[sorted(v2.columns)], rows[sorted(rows.columns)])


def test_missing_benchmark_column_is_named():
    raw = (OWN_FIXTURES / "open_llm_leaderboard" / "huggingface_v2_without_musr.csv").read_bytes()
    with pytest.raises(LayoutError, match="musr"):
        source.parse(raw, CAPTURED, "huggingface_v2_without_musr.csv")


def test_truncated_file_is_a_layout_error(recorded):
    raw = (recorded / V2).read_bytes()
    with pytest.raises(LayoutError, match="truncated"):
        source.parse(raw[: len(raw) // 2], CAPTURED, "huggingface_v2.csv")


def test_fractions_instead_of_percentages_are_caught(recorded):
    table = read_table(recorded)
    table["gpqa"] = table["gpqa_raw"]  # 0-1 accuracies where 0-100 scores belong
    with pytest.raises(LayoutError, match=r"olb_gpqa .*switch from percentages to fractions"):
        source.parse(table_bytes(table), CAPTURED, "huggingface_v2.csv")


def test_too_few_rows_and_undecodable_input_are_layout_errors():
    raw = b"fullname,average,ifeval,bbh,math_lvl_5,gpqa,musr,mmlupro\norg/a,30,70,40,10,5,9,35\n"
    with pytest.raises(LayoutError, match="expected at least"):
        source.parse(raw, CAPTURED, "tiny.csv")
    with pytest.raises(LayoutError, match="not UTF-8"):
        source.parse(b"fullname,average\n\xff,1\n", CAPTURED, "binary.csv")
