"""The data contract: every snapshot column declared once, and the check every frame passes.

A frame is validated against these declarations before it is written; a failure names the
column and what was wrong, and the frame is not written.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .errors import ContractError

ACCESS_VALUES = ("open_weights", "closed", "unknown")
EVENT_VALUES = ("announcement", "model_added", "model_removed", "price_changed")
KIND_VALUES = ("models", "scores", "prices", "releases")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # "string" | "float" | "bool" | "date" | "timestamp"
    description: str
    unit: str = ""
    allowed: tuple[str, ...] | None = None
    required: bool = False  # must be non-null on every row of a kind that has it
    min_value: float | None = None
    max_value: float | None = None


FIELDS: dict[str, Field] = {
    f.name: f
    for f in [
        # provenance, on every row
        Field("kind", "string", "which table the row belongs to", allowed=KIND_VALUES, required=True),
        Field("source", "string", "collector name, e.g. lmarena", required=True),
        Field("source_url", "string", "http(s) URL the fact was read from", required=True),
        Field("captured_at", "timestamp", "when the bytes were captured", unit="UTC", required=True),
        Field("snapshot_date", "date", "date of the snapshot the row belongs to", unit="UTC date",
              required=True),
        # identity, shared by all kinds that name a model
        Field("model_key", "string", "the source's own id for the model"),
        Field("model_name", "string", "model name as the source displays it"),
        Field("organization", "string", "developer organization as published"),
        Field("license", "string", "licence text as published"),
        Field("access", "string", "open_weights | closed | unknown", allowed=ACCESS_VALUES),
        # models
        Field("release_date", "date", "publication / release date", unit="UTC date"),
        Field("params_b", "float", "parameter count", unit="billions", min_value=0),
        Field("context_tokens", "float", "context window", unit="tokens", min_value=0),
        Field("country", "string", "country of the organization, where published"),
        Field("hugging_face_id", "string", "Hugging Face repo id of the weights, where published"),
        Field("downloads", "float", "Hugging Face downloads (last 30 days)", unit="count", min_value=0),
        Field("likes", "float", "Hugging Face likes", unit="count", min_value=0),
        Field("modalities", "string", "input->output modalities as published, e.g. text+image->text"),
        # scores
        Field("benchmark", "string", "benchmark id, lower snake case (arena_text, mmlu, ...)"),
        Field("score", "float", "score on the benchmark's own scale"),
        Field("score_low", "float", "lower bound of the published confidence interval"),
        Field("score_high", "float", "upper bound of the published confidence interval"),
        Field("n", "float", "votes or samples behind the score, where given", unit="count",
              min_value=0),
        Field("as_of", "date", "date the score describes", unit="UTC date"),
        Field("cost_usd", "float", "cost of the benchmark run, where published", unit="USD",
              min_value=0),
        # prices
        Field("provider", "string", "who sells at this price"),
        Field("input_usd_per_mtok", "float", "input price", unit="USD per million tokens",
              min_value=0),
        Field("output_usd_per_mtok", "float", "output price", unit="USD per million tokens",
              min_value=0),
        Field("cached_input_usd_per_mtok", "float", "cached input price",
              unit="USD per million tokens", min_value=0),
        Field("effective_from", "date", "first day the price applies (null: not published)",
              unit="UTC date"),
        Field("effective_to", "date", "day the price was superseded (null: still current)",
              unit="UTC date"),
        Field("tier", "string", "price tier as published: standard, batch, flex, priority, "
              "cache-hit, long-context..."),
        Field("currency", "string", "ISO 4217 currency the price was published in", unit="ISO 4217"),
        Field("input_price_per_mtok", "float", "input price as published", unit="currency per "
              "million tokens", min_value=0),
        Field("output_price_per_mtok", "float", "output price as published", unit="currency per "
              "million tokens", min_value=0),
        Field("cached_input_price_per_mtok", "float", "cached input price as published",
              unit="currency per million tokens", min_value=0),
        Field("usd_converted", "bool", "true when the USD columns were derived from another "
              "currency with data/reference/exchange_rates.csv"),
        # releases
        Field("event", "string", "what happened", allowed=EVENT_VALUES),
        Field("title", "string", "headline as published"),
        Field("url", "string", "link to the announcement"),
        Field("published_at", "timestamp", "when it was published", unit="UTC"),
    ]
}

PROVENANCE = ("kind", "source", "source_url", "captured_at", "snapshot_date")

# Per kind: the minimal columns (must be present) and those that must be non-null.
KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "models": {
        "columns": ("model_key", "model_name", "organization", "release_date", "access",
                    "license", "params_b", "context_tokens"),
        "non_null": ("model_key", "model_name", "access"),
    },
    "scores": {
        "columns": ("model_key", "model_name", "organization", "benchmark", "score",
                    "score_low", "score_high", "n", "as_of"),
        "non_null": ("model_name", "benchmark", "score", "as_of"),
    },
    "prices": {
        "columns": ("model_key", "model_name", "provider", "input_usd_per_mtok",
                    "output_usd_per_mtok", "cached_input_usd_per_mtok", "effective_from",
                    "effective_to"),
        "non_null": ("model_key", "provider"),
    },
    "releases": {
        "columns": ("event", "title", "url", "organization", "published_at", "model_name"),
        "non_null": ("event", "title", "published_at"),
    },
}


def describe() -> pd.DataFrame:
    """The declarations as a table (for docs and the data-health page)."""
    return pd.DataFrame([f.__dict__ for f in FIELDS.values()])


def complete(frame: pd.DataFrame) -> pd.DataFrame:
    """Add every minimal column of the kinds present that the parser left out, as nulls."""
    frame = frame.copy()
    for kind in frame["kind"].dropna().unique():
        for column in KINDS[kind]["columns"]:
            if column not in frame.columns:
                frame[column] = pd.NA
    return frame


def _coerce(series: pd.Series, field: Field) -> pd.Series:
    if field.type == "string":
        return series.astype("string")
    if field.type == "bool":
        if not series.dropna().isin([True, False]).all():
            raise ValueError("expected True/False")
        return series.astype("boolean")
    if field.type in ("float", "int"):
        return pd.to_numeric(series, errors="raise").astype("float64")
    if field.type == "date":
        return (pd.to_datetime(series, errors="raise", utc=True).dt.tz_localize(None)
                .dt.normalize().astype("datetime64[ns]"))
    if field.type == "timestamp":
        return pd.to_datetime(series, errors="raise", utc=True).astype("datetime64[ns, UTC]")
    raise AssertionError(f"unknown field type {field.type}")


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with declared dtypes and a stable column order, or raise ContractError.

    Checks, each with a message naming the column: unknown columns, missing minimal columns,
    values that do not parse as the declared type, values outside the allowed set or range,
    nulls where a value is required, and non-http(s) source URLs.
    """
    if frame.empty:
        raise ContractError("empty frame: a snapshot must hold at least one row")
    unknown = [c for c in frame.columns if c not in FIELDS]
    if unknown:
        raise ContractError(f"columns not in the contract: {unknown}; declare them in contract.FIELDS")
    missing = [c for c in PROVENANCE if c not in frame.columns]
    if missing:
        raise ContractError(f"provenance columns missing: {missing}")
    out = frame.copy()
    for name in out.columns:
        field = FIELDS[name]
        try:
            out[name] = _coerce(out[name], field)
        except (ValueError, TypeError) as exc:
            raise ContractError(f"column {name!r}: values are not {field.type}: {exc}") from exc
        _check_values(out[name], field)
    for kind in out["kind"].dropna().unique():
        rows = out[out["kind"] == kind]
        spec = KINDS[kind]
        absent = [c for c in spec["columns"] if c not in out.columns]
        if absent:
            raise ContractError(f"kind {kind!r}: minimal columns missing: {absent}")
        for col in PROVENANCE + spec["non_null"]:
            nulls = int(rows[col].isna().sum())
            if nulls:
                raise ContractError(f"column {col!r}: {nulls} null value(s) in {kind} rows; "
                                    "it is required for that kind")
    bad_url = ~out["source_url"].str.match(r"https?://", na=False)
    if bad_url.any():
        raise ContractError(f"column 'source_url': {int(bad_url.sum())} value(s) are not http(s) "
                            f"URLs, e.g. {out.loc[bad_url, 'source_url'].iloc[0]!r}")
    order = [c for c in FIELDS if c in out.columns]
    return out[order].reset_index(drop=True)


def _check_values(series: pd.Series, field: Field) -> None:
    present = series.dropna()
    if field.allowed is not None:
        bad = present[~present.isin(field.allowed)]
        if len(bad):
            raise ContractError(f"column {field.name!r}: {len(bad)} value(s) outside "
                                f"{list(field.allowed)}, e.g. {bad.iloc[0]!r}")
    if field.min_value is not None and len(present):
        low = present[present < field.min_value]
        if len(low):
            raise ContractError(f"column {field.name!r}: {len(low)} value(s) below "
                                f"{field.min_value} ({field.unit}), e.g. {low.iloc[0]!r}: "
                                "a sentinel or a unit slip?")
