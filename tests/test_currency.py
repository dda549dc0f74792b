"""Published price text, the dated exchange-rate table and the USD columns derived from it."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from collectors import contract
from collectors.currency import (
    ExchangeRateError,
    as_price_rows,
    load_rates,
    parse_price,
    price_rows,
    read_prices,
    reference_rates,
    to_usd,
    usd_per_unit,
    with_usd,
)
from collectors.errors import LayoutError

RATES = pd.DataFrame({"date": pd.to_datetime(["2026-07-01", "2026-08-01"]), "currency": ["CNY", "CNY"],
                      "usd_per_unit": [0.14, 0.15], "source": ["test", "test"]})


@pytest.mark.parametrize(("text", "expected"), [
    ("$1.25", (1.25, "USD")), ("$3.125", (3.125, "USD")), ("¥1.10", (1.1, "CNY")),
    ("0.02元", (0.02, "CNY")), ("￥2", (2.0, "CNY")), ("$1,200.00", (1200.0, "USD")),
    ("$0.03 / MTok", (0.03, "USD")), ("$0.5 per 1M tokens", (0.5, "USD")), (2.5, (2.5, None)),
    ("Free", (0.0, None)), ("免费", (0.0, None)),
])
def test_parse_price(text, expected):
    assert parse_price(text) == expected


@pytest.mark.parametrize("text", ["-", "\\", "", None, "$15.00 / 1M characters", "$0.01 / use",
                                  "$100.00 / hour", "Limited-time Free", float("nan"), True])
def test_parse_price_rejects_what_is_not_a_token_price(text):
    amount, currency = parse_price(text)
    assert math.isnan(amount) and currency is None


def test_read_prices_takes_the_row_currency_and_refuses_a_mix():
    expected = ({"input": 1.0, "output": 0.0}, "CNY")
    assert read_prices({"input": "¥1", "output": "Free"}, default=None) == expected
    assert read_prices({"input": 1.5}, default="USD") == ({"input": 1.5}, "USD")
    with pytest.raises(ValueError, match="several currencies"):
        read_prices({"input": "¥1", "output": "$2"}, default=None)


def test_price_rows_by_column_index():
    rows = [["m", "$1", "-", "$2"], ["", "$9", "$9", "$9"]]
    columns = {"model": 0, "input": 1, "cached_input": 2, "output": 3}
    records = price_rows(rows, columns, provider="p", tier="batch", default="USD", key=str.upper)
    assert len(records) == 1  # a row without a model name is skipped
    record = records[0]
    assert [record[c] for c in ("model_key", "provider", "tier", "currency")] == ["M", "p", "batch", "USD"]
    assert (record["input"], record["output"]) == (1.0, 2.0) and math.isnan(record["cached_input"])
    with pytest.raises(ValueError, match="x: prices in several currencies"):
        price_rows([["x", "$1", "", "¥2"]], columns, provider="p", tier="standard", default=None)


def test_latest_rate_on_or_before_the_date():
    assert usd_per_unit("CNY", dt.date(2026, 7, 1), RATES) == 0.14
    assert usd_per_unit("CNY", dt.date(2026, 7, 31), RATES) == 0.14
    assert usd_per_unit("cny", dt.datetime(2026, 9, 3, tzinfo=dt.UTC), RATES) == 0.15
    assert to_usd(2.0, "CNY", dt.date(2026, 8, 1), RATES) == pytest.approx(0.30)
    assert to_usd(2.0, "USD", dt.date(1999, 1, 1), RATES) == 2.0  # no lookup for dollars


def test_no_rate_is_a_clear_error():
    with pytest.raises(ExchangeRateError, match=r"no CNY->USD rate on or before 2026-06-30"):
        to_usd(1.0, "CNY", dt.date(2026, 6, 30), RATES)
    with pytest.raises(ExchangeRateError, match="EUR"):
        to_usd(1.0, "EUR", dt.date(2026, 8, 1), RATES)


def test_the_project_reference_table_covers_the_recorded_pages():
    rates = reference_rates()
    assert list(rates.columns) == ["date", "currency", "usd_per_unit", "source"]
    assert set(rates["currency"]) >= {"CNY"}
    # July and August 2026: the months of the recorded DeepSeek and Kimi pages
    assert 0.12 < usd_per_unit("CNY", dt.date(2026, 7, 17)) < 0.16
    assert 0.12 < usd_per_unit("CNY", dt.date(2026, 8, 21)) < 0.16


def test_malformed_rate_files(tmp_path):
    missing = tmp_path / "missing_column.csv"
    missing.write_text("date,currency,usd_per_unit\n2026-07-01,CNY,0.14\n")
    with pytest.raises(ExchangeRateError, match="source"):
        load_rates(missing)
    bad = tmp_path / "bad_value.csv"
    bad.write_text("# comment\ndate,currency,usd_per_unit,source\n2026-07-01,CNY,-1,x\n")
    with pytest.raises(ExchangeRateError, match="positive"):
        load_rates(bad)
    with pytest.raises(ExchangeRateError, match="cannot read"):
        load_rates(tmp_path / "absent.csv")


def _published(currency: str, amounts: tuple[float, float, float]) -> pd.DataFrame:
    return pd.DataFrame([{"model_key": "m", "model_name": "m", "provider": "p", "currency": currency,
                          "input": amounts[0], "cached_input": amounts[1], "output": amounts[2]}])


def test_cny_prices_keep_the_published_values_and_get_usd_columns():
    rows = with_usd(_published("CNY", (1.0, 0.02, 2.0)), dt.date(2026, 7, 17), RATES)
    row = rows.iloc[0]
    assert (row["currency"], row["input_price_per_mtok"], row["output_price_per_mtok"]) == ("CNY", 1.0, 2.0)
    assert row["input_usd_per_mtok"] == pytest.approx(0.14)
    assert row["cached_input_usd_per_mtok"] == pytest.approx(0.0028)
    assert row["output_usd_per_mtok"] == pytest.approx(0.28)
    assert bool(row["usd_converted"]) is True
    assert "input" not in rows.columns


def test_usd_prices_fill_both_column_pairs_unconverted():
    row = with_usd(_published("USD", (1.25, 0.125, 10.0)), dt.date(2020, 1, 1), RATES).iloc[0]
    assert row["input_price_per_mtok"] == row["input_usd_per_mtok"] == 1.25
    assert row["output_price_per_mtok"] == row["output_usd_per_mtok"] == 10.0
    assert bool(row["usd_converted"]) is False


def test_as_price_rows_passes_the_contract_and_flags_unit_slips():
    rows = as_price_rows(_published("CNY", (1.0, 0.02, 2.0)), dt.date(2026, 8, 2), "src", "x", RATES)
    rows["source"], rows["source_url"] = "src", "https://example.org/p"
    rows["captured_at"] = pd.Timestamp("2026-08-02", tz="UTC")
    rows["snapshot_date"] = pd.Timestamp("2026-08-02")
    contract.conform(rows)
    with pytest.raises(LayoutError, match="per million tokens"):
        as_price_rows(_published("USD", (5000.0, 0.0, 1.0)), dt.date(2026, 8, 2), "src", "x", RATES)
