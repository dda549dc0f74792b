"""Prices as published ('$1.25', '¥2', '0.02元', 'Free') and their conversion to USD.

Prices stay in the currency the vendor published them in (`currency`, `input_price_per_mtok`,
`output_price_per_mtok`); the `*_usd_per_mtok` columns are derived with the dated reference rates in
data/reference/exchange_rates.csv (the latest rate on or before the capture date), and
`usd_converted` says whether a conversion happened.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd

from .errors import CollectorError, LayoutError
from .html_tables import clean_text

RATES_CSV = Path(__file__).resolve().parent.parent / "data" / "reference" / "exchange_rates.csv"
RATE_COLUMNS = ("date", "currency", "usd_per_unit", "source")
PRICE_FIELDS = ("input", "cached_input", "output")  # published amounts, before with_usd()
RECORD_COLUMNS = ("model_key", "model_name", "provider", "tier", "currency", *PRICE_FIELDS)

# Currency marks as they appear in price cells. '¥' is read as the Chinese yuan: the pages that use
# it (DeepSeek, Moonshot/Kimi) are Chinese; a Japanese-yen page would need its own mark.
_MARKS = {"$": "USD", "us$": "USD", "usd": "USD", "¥": "CNY", "￥": "CNY", "元": "CNY", "rmb": "CNY",
          "cny": "CNY"}
_PRICE = re.compile(
    r"^(?P<pre>us\$|\$|¥|￥|rmb|cny|usd)?\s*(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<post>元|rmb|cny|usd)?"
    r"\s*(?:(?:/|per)\s*(?:1\s*m|m|million)\s*(?:input |output )?tok(?:en)?s?|/\s*百万\s*tokens?)?$",
    re.IGNORECASE)
_FREE = re.compile(r"^(?:free|免费)$", re.IGNORECASE)


class ExchangeRateError(CollectorError):
    """No usable exchange rate: the reference table lacks the currency/date, or is malformed."""


def parse_price(value: object) -> tuple[float, str | None]:
    """One published price -> (amount, ISO currency or None when the cell names none).

    '$1.25' -> (1.25, 'USD'); '¥2' / '2元' -> (2.0, 'CNY'); '$0.5 / 1M tokens' -> (0.5, 'USD');
    a bare number (from JSON) -> (number, None); 'Free' -> (0.0, None); '-', '', None and anything
    with other units or words ('$15.00 / 1M characters', '$0.01 / use') -> (nan, None).
    """
    if isinstance(value, bool) or value is None:
        return math.nan, None
    if isinstance(value, int | float):
        return (float(value), None) if math.isfinite(value) else (math.nan, None)
    text = re.sub(r"\s+", " ", str(value)).strip()
    if _FREE.match(text):
        return 0.0, None
    match = _PRICE.match(text)
    if not match:
        return math.nan, None
    mark = (match["pre"] or match["post"] or "").lower()
    return float(match["amount"].replace(",", "")), _MARKS.get(mark)


def read_prices(cells: dict[str, object], default: str | None) -> tuple[dict[str, float], str | None]:
    """Several price cells of one row -> ({name: amount}, the row's currency).

    Cells that name no currency ('Free', JSON numbers) take the others' or `default`; a row mixing
    currencies raises ValueError (the caller turns it into a LayoutError naming the row)."""
    amounts, currencies = {}, set()
    for key, cell in cells.items():
        amounts[key], currency = parse_price(cell)
        if currency:
            currencies.add(currency)
    if len(currencies) > 1:
        raise ValueError(f"prices in several currencies: {sorted(currencies)}")
    return amounts, (currencies.pop() if currencies else default)


def price_rows(rows: Iterable[Sequence[object]], columns: dict[str, int | None], *, provider: str,
               tier: str, default: str | None, key: Callable[[str], str] = str) -> list[dict]:
    """Body rows of a price table -> records with RECORD_COLUMNS (amounts as published).

    `columns` gives the index of 'model', 'input', 'cached_input' and 'output' (None: the table does
    not publish it); `key` turns the model name into the model_key. Rows without a model name are
    skipped; a row mixing currencies raises ValueError naming the model."""
    records = []
    for row in rows:
        cell = row[columns["model"]]
        model = clean_text(cell) if cell is not None else ""
        if not model:
            continue
        cells = {what: row[columns[what]] if columns.get(what) is not None else None
                 for what in PRICE_FIELDS}
        try:
            amounts, currency = read_prices(cells, default)
        except ValueError as exc:
            raise ValueError(f"{model}: {exc}") from exc
        records.append({"model_key": key(model), "model_name": key(model), "provider": provider,
                        "tier": tier, "currency": currency, **amounts})
    return records


def price_frame(records: list[dict]) -> pd.DataFrame:
    """Price records of a page -> a frame (with its columns even when empty), rows that give
    neither an input nor an output price dropped."""
    frame = pd.DataFrame(records, columns=list(RECORD_COLUMNS))
    return frame.dropna(subset=["input", "output"], how="all").reset_index(drop=True)


@functools.cache
def load_rates(path: Path = RATES_CSV) -> pd.DataFrame:
    """The dated reference rates (lines starting with '#' are comments), checked and sorted."""
    try:
        rates = pd.read_csv(path, comment="#", dtype=str, skipinitialspace=True)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ExchangeRateError(f"cannot read exchange rates from {path}: {exc}") from exc
    missing = [c for c in RATE_COLUMNS if c not in rates.columns]
    if missing:
        raise ExchangeRateError(f"{path}: columns {missing} missing (need {list(RATE_COLUMNS)})")
    rates["date"] = pd.to_datetime(rates["date"], format="%Y-%m-%d", errors="coerce")
    rates["usd_per_unit"] = pd.to_numeric(rates["usd_per_unit"], errors="coerce")
    rates["currency"] = rates["currency"].str.strip().str.upper()
    bad = rates["date"].isna() | ~(rates["usd_per_unit"] > 0)
    if bad.any():
        raise ExchangeRateError(f"{path}: {int(bad.sum())} row(s) without a YYYY-MM-DD date or a "
                                "positive usd_per_unit")
    return rates.sort_values("date").reset_index(drop=True)


def reference_rates() -> pd.DataFrame:
    """The project's reference table (data/reference/exchange_rates.csv), read once per process."""
    return load_rates(RATES_CSV)


def _as_date(on_date: dt.date | dt.datetime) -> dt.date:
    if isinstance(on_date, dt.datetime):
        return (on_date.astimezone(dt.UTC) if on_date.tzinfo else on_date).date()
    return on_date


def usd_per_unit(currency: str, on_date: dt.date | dt.datetime, rates: pd.DataFrame | None = None) -> float:
    """The latest rate for the currency on or before the date (USD is 1.0 without a lookup)."""
    currency = currency.upper()
    if currency == "USD":
        return 1.0
    rates = reference_rates() if rates is None else rates
    day = pd.Timestamp(_as_date(on_date))
    usable = rates[(rates["currency"] == currency) & (rates["date"] <= day)]
    if usable.empty:
        raise ExchangeRateError(f"no {currency}->USD rate on or before {day.date()} in the exchange-rate "
                                f"table; add a row (date,currency,usd_per_unit,source) to {RATES_CSV.name}")
    return float(usable.sort_values("date")["usd_per_unit"].iloc[-1])


def to_usd(amount: float, currency: str, on_date: dt.date | dt.datetime,
           rates: pd.DataFrame | None = None) -> float:
    return amount * usd_per_unit(currency, on_date, rates)


def with_usd(rows: pd.DataFrame, on_date: dt.date | dt.datetime,
             rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows with `currency` and published `input`, `cached_input`, `output` amounts -> the contract's
    price columns: *_price_per_mtok as published, *_usd_per_mtok derived, usd_converted."""
    out = rows.drop(columns=["input", "cached_input", "output"])
    rate = rows["currency"].map(lambda c: usd_per_unit(c, on_date, rates))
    out["input_price_per_mtok"] = rows["input"].astype(float)
    out["output_price_per_mtok"] = rows["output"].astype(float)
    out["cached_input_price_per_mtok"] = rows["cached_input"].astype(float)
    for what in ("input", "cached_input", "output"):
        out[f"{what}_usd_per_mtok"] = (rows[what].astype(float) * rate).round(10)  # float noise only
    out["usd_converted"] = rows["currency"] != "USD"
    return out


def as_price_rows(rows: pd.DataFrame, captured_at: dt.date | dt.datetime, source: str, name: str,
                  rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The common end of a pricing-page parser: USD columns (with_usd), a plausibility check, no
    effective dates (pages show current prices only) and kind 'prices'."""
    rows = with_usd(rows.reset_index(drop=True), captured_at, rates)
    if not rows["input_usd_per_mtok"].dropna().lt(1_000).all():
        raise LayoutError(source, name, "input price above $1,000 per million tokens: did the unit "
                                        "change from 1M tokens?")
    rows["effective_from"] = pd.NaT
    rows["effective_to"] = pd.NaT
    rows["kind"] = "prices"
    return rows
