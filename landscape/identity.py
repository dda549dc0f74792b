"""Attach the catalog's identity (model_id, variant) and its per-model facts to snapshot rows.

Rows are matched to catalog mentions on (source, model_key), then on (source, model_name). The
catalog's access, licence class, canonical organization and parameter count are the ones every
page and export uses, so open/closed means the same thing everywhere; a row's own published value
stays in `row_access` / `row_organization` for traceability.
"""
from __future__ import annotations

import pandas as pd

from collectors import licences

FACTS = ["access", "licence_class", "organization", "params_b"]


def attach(frame: pd.DataFrame, mentions: pd.DataFrame | None, models: pd.DataFrame | None) -> pd.DataFrame:
    if frame.empty:
        return frame.assign(**{c: pd.Series(dtype=object) for c in ["model_id", "variant", "licence_class"]})
    out = frame.copy()
    if mentions is None or mentions.empty or "model_name" not in out.columns:
        return _without_catalog(out)
    by_key = (mentions.dropna(subset=["model_key"]).drop_duplicates(["source", "model_key"])
              .set_index(["source", "model_key"])[["model_id", "variant"]])
    by_name = (mentions.dropna(subset=["model_name"]).drop_duplicates(["source", "model_name"])
               .set_index(["source", "model_name"])[["model_id", "variant"]])
    keyed = out[["source", "model_key"]].merge(by_key, left_on=["source", "model_key"], right_index=True,
                                               how="left") if "model_key" in out else None
    named = out[["source", "model_name"]].merge(by_name, left_on=["source", "model_name"], right_index=True,
                                                how="left")
    out["model_id"] = (keyed["model_id"] if keyed is not None else pd.Series(pd.NA, index=out.index)) \
        .fillna(named["model_id"]).values
    out["variant"] = (keyed["variant"] if keyed is not None else pd.Series(pd.NA, index=out.index)) \
        .fillna(named["variant"]).values
    if models is None or models.empty:
        return _fill_facts(out)
    facts = models.drop_duplicates("model_id").set_index("model_id")
    for column in FACTS:
        if column not in facts.columns:
            continue
        catalog_value = out["model_id"].map(facts[column])
        if column in out.columns:
            out[f"row_{column}"] = out[column]
            out[column] = catalog_value.where(catalog_value.notna() & (catalog_value != "unknown"), out[column])
        else:
            out[column] = catalog_value
    return _fill_facts(out)


def _fill_facts(out: pd.DataFrame) -> pd.DataFrame:
    out["access"] = out["access"].fillna("unknown") if "access" in out.columns else "unknown"
    if "licence_class" not in out.columns:
        out["licence_class"] = out["license"].map(lambda t: licences.classify(t)[1]) if "license" in out \
            else "unknown"
    out["licence_class"] = out["licence_class"].fillna("unknown")
    return out


def _without_catalog(out: pd.DataFrame) -> pd.DataFrame:
    """No catalog built yet: identity falls back to the lower-cased published name."""
    name = out["model_name"] if "model_name" in out.columns else pd.Series(pd.NA, index=out.index)
    out["model_id"] = name.str.lower().str.strip()
    out["variant"] = pd.NA
    return _fill_facts(out)
