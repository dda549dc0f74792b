"""Attach the catalog's identity (model_id, variant) and its per-model facts to snapshot rows.

Rows are matched to catalog mentions on (source, model_key), then on (source, model_name). The
catalog's access, licence class, canonical organization and parameter count are the ones every
page and export uses, so open/closed means the same thing everywhere; a row's own published value
stays in `row_access` / `row_organization` for traceability.

Resolution works on the distinct (source, model_key, model_name) combinations, a few thousand even
when a history holds millions of rows, and the results are spread back as categoricals.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from collectors import licences

FACTS = ["access", "licence_class", "organization", "params_b"]
KEY = ["source", "model_key", "model_name"]


def _filled(series: pd.Series, value: str) -> pd.Series:
    """fillna that also works on categoricals (whose categories may not hold `value` yet)."""
    if isinstance(series.dtype, pd.CategoricalDtype) and value not in series.cat.categories:
        series = series.cat.add_categories([value])
    return series.fillna(value)


def _resolve_distinct(distinct: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """model_id and variant for each distinct (source, model_key, model_name)."""
    plain = distinct.astype(object).where(distinct.notna(), None)
    by_key = (mentions.dropna(subset=["model_key"]).drop_duplicates(["source", "model_key"])
              .set_index(["source", "model_key"])[["model_id", "variant"]].astype(object))
    by_name = (mentions.dropna(subset=["model_name"]).drop_duplicates(["source", "model_name"])
               .set_index(["source", "model_name"])[["model_id", "variant"]].astype(object))
    keyed = plain.merge(by_key, left_on=["source", "model_key"], right_index=True, how="left")
    named = plain.merge(by_name, left_on=["source", "model_name"], right_index=True, how="left")
    return pd.DataFrame({"model_id": keyed["model_id"].fillna(named["model_id"]).to_numpy(),
                         "variant": keyed["variant"].fillna(named["variant"]).to_numpy()})


def attach(frame: pd.DataFrame, mentions: pd.DataFrame | None, models: pd.DataFrame | None) -> pd.DataFrame:
    if frame.empty:
        return frame.assign(**{c: pd.Series(dtype=object) for c in ["model_id", "variant", "licence_class"]})
    out = frame.copy()
    if mentions is None or mentions.empty or "model_name" not in out.columns:
        return _without_catalog(out)
    for column in KEY:
        if column not in out.columns:
            out[column] = pd.NA
    group = out.groupby(KEY, observed=True, dropna=False, sort=False).ngroup().to_numpy()
    distinct = out.loc[~pd.Series(group).duplicated().to_numpy(), KEY]
    order = np.argsort(group[~pd.Series(group).duplicated().to_numpy()])  # distinct rows by group number
    resolved = _resolve_distinct(distinct.iloc[order].reset_index(drop=True), mentions)
    for column in ("model_id", "variant"):
        values = resolved[column].to_numpy(dtype=object)
        out[column] = pd.Categorical(values[group]) if len(out) > 50_000 else values[group]
    if models is None or models.empty:
        return _fill_facts(out)
    facts = models.drop_duplicates("model_id").set_index("model_id")
    ids = out["model_id"]
    for column in FACTS:
        if column not in facts.columns:
            continue
        catalog_value = ids.map(facts[column].to_dict())
        catalog_value = catalog_value.astype(object) if isinstance(catalog_value.dtype, pd.CategoricalDtype) \
            else catalog_value
        if column in out.columns:
            out[f"row_{column}"] = out[column]
            published = out[column].astype(object) if isinstance(out[column].dtype, pd.CategoricalDtype) \
                else out[column]
            merged = catalog_value.where(catalog_value.notna() & (catalog_value != "unknown"), published)
        else:
            merged = catalog_value
        out[column] = merged.astype("category") if column != "params_b" and len(out) > 50_000 else merged
    return _fill_facts(out)


def _fill_facts(out: pd.DataFrame) -> pd.DataFrame:
    out["access"] = _filled(out["access"], "unknown") if "access" in out.columns else "unknown"
    if "licence_class" not in out.columns:
        out["licence_class"] = out["license"].map(lambda t: licences.classify(t)[1]) if "license" in out \
            else "unknown"
    out["licence_class"] = _filled(out["licence_class"], "unknown")
    return out


def _without_catalog(out: pd.DataFrame) -> pd.DataFrame:
    """No catalog built yet: identity falls back to the lower-cased published name."""
    name = out["model_name"].astype(object) if "model_name" in out.columns else pd.Series(pd.NA, index=out.index)
    out["model_id"] = name.str.lower().str.strip()
    out["variant"] = pd.NA
    return _fill_facts(out)
