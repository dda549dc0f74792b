import io

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import epoch_models

FILES = recorded_files("epoch_ai", "*.csv")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_file_parses_into_valid_models(path):
    rows = as_snapshot(epoch_models.parse(path.read_bytes(), CAPTURED, path.name), "epoch_models")
    raw = pd.read_csv(path)
    name_col = "Model" if "Model" in raw.columns else "System"
    assert len(rows) == raw[name_col].dropna().nunique()
    assert rows["release_date"].notna().mean() > 0.9
    assert set(rows["access"]) == {"open_weights", "closed", "unknown"}


def test_known_model_facts(recorded):
    path = recorded / "epoch_ai/large_scale_ai_models_2025-05-20.csv"
    rows = epoch_models.parse(path.read_bytes(), CAPTURED, path.name).set_index("model_name")
    qwen = rows.loc["Qwen3-235B-A22B"]  # file: Alibaba, 2025-04-29, 2.35e11 parameters
    assert qwen["organization"] == "Alibaba"
    assert qwen["release_date"] == pd.Timestamp("2025-04-29")
    assert qwen["params_b"] == pytest.approx(235)


def test_accessibility_maps_to_access():
    series = pd.Series(["Open weights (unrestricted)", "Open access (non-commercial)", "API access",
                        "Hosted access (no API)", "Unreleased", None, "Something new"])
    assert epoch_models._parse_access(series).tolist() == [
        "open_weights", "open_weights", "closed", "closed", "closed", "unknown", "unknown"]


def test_old_header_system_and_reordered_columns(recorded):
    path = recorded / "epoch_ai/notable_ai_models_2024-10-18.csv"
    table = pd.read_csv(path)
    assert "System" in table.columns  # the older header name
    shuffled = table[list(reversed(table.columns))]
    buf = io.StringIO()
    shuffled.to_csv(buf, index=False)
    a = epoch_models.parse(path.read_bytes(), CAPTURED, path.name)
    b = epoch_models.parse(buf.getvalue().encode(), CAPTURED, "shuffled.csv")
    assert a["model_name"].tolist() == b["model_name"].tolist()
    assert a["access"].tolist() == b["access"].tolist()


def test_missing_accessibility_column_names_it():
    raw = (OWN_FIXTURES / "epoch_models" / "no_accessibility.csv").read_bytes()
    with pytest.raises(LayoutError, match="Model accessibility"):
        epoch_models.parse(raw, CAPTURED, "no_accessibility.csv")


def test_too_few_rows_is_a_layout_error():
    raw = b"Model,Organization,Publication date,Model accessibility\nA,Org,2024-01-01,API access\n"
    with pytest.raises(LayoutError, match="expected at least"):
        epoch_models.parse(raw, CAPTURED, "tiny.csv")
