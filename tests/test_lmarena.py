import datetime as dt

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import lmarena

FILES = recorded_files("lmarena", "*.csv")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_file_parses_into_valid_scores(path):
    rows = as_snapshot(lmarena.parse(path.read_bytes(), CAPTURED, path.name), "lmarena")
    assert len(rows) >= lmarena.MIN_ROWS
    assert set(rows["benchmark"]) <= {"arena_text", "mmlu", "mt_bench"}
    assert rows["access"].isin(["open_weights", "closed", "unknown"]).all()
    # access follows the published licence on every row
    assert (rows.loc[rows["license"] == "Proprietary", "access"] == "closed").all()
    assert (rows.loc[rows["license"].isin(["Apache 2.0", "MIT", "Non-commercial"]), "access"]
            == "open_weights").all()


def test_history_keeps_one_row_per_model_and_date(recorded):
    path = recorded / "lmarena/arena_elo_history_alltime_2023-05_to_2025-03.csv"
    rows = lmarena.parse(path.read_bytes(), CAPTURED, path.name)
    raw = pd.read_csv(path)
    assert len(rows) == len(raw)
    assert rows["as_of"].dt.date.nunique() == raw["date"].nunique() > 100
    first = rows[(rows["model_key"] == "koala-13b") & (rows["as_of"] == "2023-05-08")].iloc[0]
    assert first["score"] == pytest.approx(1022.3520972128268)
    assert first["license"] == "Non-commercial" and first["access"] == "open_weights"


def test_scrape_reads_ci_and_votes(recorded):
    path = recorded / "lmarena/fboulnois_lmsys_2024-06-19.csv"
    rows = lmarena.parse(path.read_bytes(), dt.datetime(2024, 6, 19, tzinfo=dt.UTC), path.name)
    gpt4o = rows[rows["model_name"] == "GPT-4o-2024-05-13"].iloc[0]
    # published: 1287, +3/-3, 42046 votes, Proprietary
    assert (gpt4o["score"], gpt4o["score_low"], gpt4o["score_high"], gpt4o["n"]) == (1287, 1284, 1290, 42046)
    assert gpt4o["access"] == "closed" and gpt4o["organization"] == "OpenAI"
    assert gpt4o["as_of"] == pd.Timestamp("2024-06-19")


def test_hf_table_gives_mmlu_as_a_fraction(recorded):
    path = recorded / "lmarena/hf_space_leaderboard_table_20240515.csv"
    rows = lmarena.parse(path.read_bytes(), CAPTURED, path.name)
    llama = rows[(rows["model_key"] == "llama-3-70b-instruct") & (rows["benchmark"] == "mmlu")]
    assert llama["score"].tolist() == [pytest.approx(0.820)]
    assert rows.loc[rows["benchmark"] == "mmlu", "score"].between(0, 1).all()


def test_reordered_columns_parse_the_same(recorded):
    path = recorded / "lmarena/fboulnois_lmarena_text_2025-08-04.csv"
    table = pd.read_csv(path)
    shuffled = table[list(reversed(table.columns))].to_csv(index=False).encode()
    a = lmarena.parse(path.read_bytes(), CAPTURED, path.name)
    b = lmarena.parse(shuffled, CAPTURED, "shuffled.csv")
    pd.testing.assert_frame_equal(a.sort_index(axis=1), b.sort_index(axis=1))


def test_unknown_licence_is_unknown_not_guessed():
    raw = (b"rank,model,arena_score,95_pct_ci,votes,organization,license\n"
           + b"".join(f"{i},m{i},{1200 + i},+5/-5,100,Org,Some New Licence\n".encode() for i in range(12)))
    rows = lmarena.parse(raw, CAPTURED, "x.csv")
    assert (rows["access"] == "unknown").all()


def test_missing_score_column_is_a_layout_error_naming_it():
    raw = (OWN_FIXTURES / "lmarena" / "missing_score_column.csv").read_bytes()
    with pytest.raises(LayoutError, match="arena_score"):
        lmarena.parse(raw, CAPTURED, "missing_score_column.csv")


def test_unrecognised_table_names_the_anchors():
    with pytest.raises(LayoutError, match="none of the known headers"):
        lmarena.parse(b"a,b\n1,2\n", CAPTURED, "other.csv")


@pytest.mark.parametrize("raw, why", [(b"", "empty"), (b"\xff\xfe\x00garbage", "not UTF-8"),
                                      (b'key,Model,rating,License,Organization,date\n"x,', "readable CSV"),
                                      (b'key,Model,rating,License,Organization,date\nx,X,1', "rows")])
def test_truncated_or_undecodable_input_is_a_clear_error(raw, why):
    with pytest.raises(LayoutError, match=why):
        lmarena.parse(raw, CAPTURED, "bad.csv")
