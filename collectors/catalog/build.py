"""The catalog: every model mention in the snapshots resolved to one model_id, and one row per model.

`build_catalog(store)` reads every snapshot kind from the store and returns a Catalog of five
frames, all sorted so that two builds from the same snapshots are identical:

    mentions       source, kind, model_key, model_name, model_id, variant, method, reason, count
    models         model_id, name, organization, country, access, licence_class, access_sources,
                   decided_by, disagreements, first_release_date, params_b, sources, mentions
    aliases        model_id, source, name            (every spelling a source used, for model detail)
    unmatched      name, sources, count, reason, candidates   (the review queue)
    disagreements  model_id, field, source_a, value_a, source_b, value_b

`Catalog.write(data_dir)` stores them as parquet under <data dir>/catalog/, atomically (a temp
folder, then a rename). `attach_ids(frame, catalog_or_resolver)` adds model_id and variant columns to
any frame with source / model_key / model_name columns, for dashboards and exports.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..contract import KIND_VALUES
from ..store import Store, _write_atomic_bytes
from . import fuzzy, openness
from .names import UNMATCHED, Resolver, default_resolver
from .reference import Organization, Override, default_organizations, default_overrides

log = logging.getLogger(__name__)

CATALOG_DIR = "catalog"
FRAMES = ("mentions", "models", "aliases", "unmatched", "disagreements")
MENTION_KEY = ["source", "kind", "model_key", "model_name"]

# Which field names the model best, per source. The source's own id wherever it is a model id
# (OpenRouter slug, litellm key, Epoch version id, Hub repo id: stabler than display names, which
# Epoch's benchmark hub sometimes gets wrong); the display name where the key carries something
# else (aider: "<model>|<edit format>").
NAME_FIELD = {"aider": "model_name"}

# Whose display name, organization and parameter count to show first (most careful first).
NAME_PRECEDENCE = ("epoch_models", "lmarena", "openrouter", "llm_prices", "epoch_benchmarks", "huggingface",
                   "hf_trending", "open_llm_leaderboard", "aider", "litellm")
ORGANIZATION_PRECEDENCE = ("epoch_models", "epoch_benchmarks", "lmarena", "openrouter", "huggingface",
                           "hf_trending", "open_llm_leaderboard")
PARAMS_PRECEDENCE = ("huggingface", "open_llm_leaderboard", "epoch_models")
_FACT_COLUMNS = ("organization", "license", "access", "country", "params_b", "release_date")


@dataclass
class Catalog:
    mentions: pd.DataFrame
    models: pd.DataFrame
    aliases: pd.DataFrame
    unmatched: pd.DataFrame
    disagreements: pd.DataFrame
    stats: dict = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in FRAMES}

    def write(self, data_dir: str | os.PathLike) -> Path:
        """Write the frames to <data_dir>/catalog/ atomically and return that folder.

        Everything goes to a temp folder beside it first; the finished folder then replaces the
        old one by renames, so a reader never sees a half-written catalog.
        """
        root = Path(data_dir)
        root.mkdir(parents=True, exist_ok=True)
        final = root / CATALOG_DIR
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{CATALOG_DIR}.", suffix=".tmp"))
        try:
            for name, frame in self.frames().items():
                _write_atomic_bytes(tmp / f"{name}.parquet", frame.to_parquet(index=False))
            _write_atomic_bytes(tmp / "stats.json", json.dumps(self.stats, indent=2, sort_keys=True).encode())
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        old = None
        if final.exists():  # rename() replaces only an empty folder: make a fresh one to move into
            old = Path(tempfile.mkdtemp(dir=root, prefix=f".{CATALOG_DIR}.", suffix=".old"))
            os.replace(final, old)
        try:
            os.replace(tmp, final)
        except BaseException:
            if old is not None:
                os.replace(old, final)  # put the last good catalog back
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return final

    @classmethod
    def read(cls, data_dir: str | os.PathLike) -> Catalog:
        folder = Path(data_dir) / CATALOG_DIR
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
        stats_path = folder / "stats.json"
        stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
        return cls(**frames, stats=stats)


# ---- which name a mention is resolved from ---------------------------------------------------------

def mention_name(source: str, model_key: object, model_name: object) -> object:
    """The name to resolve for one mention: the preferred field of the source, else the other one."""
    key, name = (model_key, model_name) if NAME_FIELD.get(source) != "model_name" else (model_name, model_key)
    return key if isinstance(key, str) and key.strip() else name


# ---- building ---------------------------------------------------------------------------------------

_MENTION_SCHEMA = pa.schema([*((c, pa.string()) for c in ("kind", "source", "model_key", "model_name",
                                                          "organization", "license", "access", "country")),
                             ("params_b", pa.float64()), ("release_date", pa.timestamp("ns"))])


def read_mentions(store: Store) -> pd.DataFrame:
    """Every snapshot row that names a model, with the facts the catalog uses (one frame, all kinds).

    Reads each published snapshot once, only the columns used, with pyarrow (reading the kinds one
    by one through pandas costs most of a rebuild's time).
    """
    tables = []
    for entry in store.entries():
        parquet = pq.ParquetFile(store.path_of(entry))
        present = [c for c in _MENTION_SCHEMA.names if c in parquet.schema_arrow.names]
        table = parquet.read(columns=present)
        columns = [table[c].cast(f.type) if c in present else pa.nulls(len(table), f.type)
                   for c, f in zip(_MENTION_SCHEMA.names, _MENTION_SCHEMA, strict=True)]
        tables.append(pa.Table.from_arrays(columns, schema=_MENTION_SCHEMA))
    rows = pa.concat_tables(tables).to_pandas() if tables else _MENTION_SCHEMA.empty_table().to_pandas()
    rows = rows[rows["kind"].isin(KIND_VALUES) & (rows["model_key"].notna() | rows["model_name"].notna())]
    rows = rows.reset_index(drop=True).astype({c: "object" for c in _MENTION_SCHEMA.names[:8]})
    for column in _MENTION_SCHEMA.names[:8]:
        rows[column] = rows[column].where(rows[column].notna(), None)
    return rows


def build_catalog(store: Store, resolver: Resolver | None = None,
                  organizations: dict[str, Organization] | None = None,
                  overrides: dict[str, Override] | None = None) -> Catalog:
    """Resolve every model mention of the store's snapshots and build the catalog (deterministic)."""
    resolver = resolver or default_resolver()
    organizations = default_organizations() if organizations is None else organizations
    overrides = default_overrides() if overrides is None else overrides
    rows = read_mentions(store)
    mentions = _resolve_mentions(rows, resolver)
    rows = rows.merge(mentions[[*MENTION_KEY, "model_id"]], on=MENTION_KEY, how="left")
    evidence = openness.source_evidence(rows)
    models, disagreements = _models(rows, mentions, evidence, organizations, overrides)
    aliases = _aliases(mentions)
    unmatched = _unmatched(mentions, models["model_id"])
    compared, agreeing, _ = openness.epoch_agreement(evidence)
    stats = {"mention_rows": int(mentions["count"].sum()), "mentions": len(mentions),
             "models": len(models), "unmatched_names": len(unmatched),
             "unmatched_rows": int(unmatched["count"].sum()) if len(unmatched) else 0,
             "epoch_compared": compared, "epoch_agreeing": agreeing}
    strings = {c: "string" for c in mentions.columns if c != "count"}
    return Catalog(mentions.astype(strings), models, aliases, unmatched, disagreements, stats)


def _resolve_mentions(rows: pd.DataFrame, resolver: Resolver) -> pd.DataFrame:
    grouped = (rows.groupby(MENTION_KEY, dropna=False, sort=True).size().rename("count").reset_index())
    triples = zip(grouped["source"], grouped["model_key"], grouped["model_name"], strict=True)
    resolved = [resolver.resolve(mention_name(s, k, n), s) for s, k, n in triples]
    grouped["resolved_name"] = [r.name for r in resolved]
    grouped["model_id"] = [r.model_id for r in resolved]
    grouped["variant"] = [r.variant for r in resolved]
    grouped["method"] = [r.method for r in resolved]
    grouped["reason"] = [r.reason for r in resolved]
    columns = [*MENTION_KEY, "model_id", "variant", "method", "reason", "count", "resolved_name"]
    return grouped[columns].sort_values(MENTION_KEY, na_position="first", ignore_index=True)


def _first_by(frame: pd.DataFrame, column: str, precedence: tuple[str, ...]) -> dict:
    """Per model_id, the most frequent non-null value of `column` from the first source of
    `precedence` that gives one (ties: alphabetical)."""
    present = frame[frame[column].notna() & frame["source"].isin(precedence)]
    if present.empty:
        return {}
    counted = present.groupby(["model_id", "source", column]).size().rename("n").reset_index()
    counted["rank"] = counted["source"].map({s: i for i, s in enumerate(precedence)})
    counted = counted.sort_values(["model_id", "rank", "n", column], ascending=[True, True, False, True])
    return counted.drop_duplicates("model_id").set_index("model_id")[column].to_dict()


def _first_release(rows: pd.DataFrame) -> dict:
    """Per model_id, the earliest release date that two mentions (two sources, or two keys of one)
    agree on; the earliest date at all when no date has that support.

    One source's typo must not move a model a year back (Epoch's model_versions file dates
    Kimi-K2-Instruct-0905 2024-09-05; its capabilities index and every other source say 2025).
    """
    dated = rows.assign(release_date=pd.to_datetime(rows["release_date"], errors="coerce"))
    dated = dated[dated["release_date"].notna()]
    distinct = dated.drop_duplicates(["model_id", "release_date", "source", "model_key"])
    support = distinct.groupby(["model_id", "release_date"]).size().rename("support").reset_index()
    agreed = support[support["support"] >= 2].groupby("model_id")["release_date"].min()
    earliest = support.groupby("model_id")["release_date"].min()
    return {**earliest.to_dict(), **agreed.to_dict()}


def _canonical_organization(published: object, organizations: dict[str, Organization]) -> object:
    if not isinstance(published, str) or not published.strip():
        return None
    first = published.split(",")[0].strip()  # Epoch lists co-developers: the first one leads
    known = organizations.get(first.lower())
    return known.organization if known else first


def _models(rows: pd.DataFrame, mentions: pd.DataFrame, evidence: dict, organizations: dict,
            overrides: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    resolved = rows[rows["model_id"].notna()].copy()
    resolved["organization"] = [_canonical_organization(o, organizations) for o in resolved["organization"]]
    resolved["country"] = resolved["country"].map(
        lambda c: c.split(",")[0].strip() if isinstance(c, str) and c.strip() else None)
    named = mentions[mentions["model_id"].notna()].copy()
    named["name"] = named["model_name"].where(named["model_name"].notna(), named["model_key"])
    named["plain"] = named["variant"].eq("")
    ranks = {s: i for i, s in enumerate(NAME_PRECEDENCE)}
    named["rank"] = named["source"].map(ranks).fillna(len(ranks))
    display = (named.sort_values(["model_id", "plain", "rank", "count", "name"],
                                 ascending=[True, False, True, False, True])
               .drop_duplicates("model_id").set_index("model_id")["name"].to_dict())
    model_ids = sorted(set(named["model_id"]))
    organization = _first_by(resolved, "organization", ORGANIZATION_PRECEDENCE)
    country = _first_by(resolved, "country", ORGANIZATION_PRECEDENCE)
    params = _first_by(resolved.assign(params_b=pd.to_numeric(resolved["params_b"], errors="coerce")),
                       "params_b", PARAMS_PRECEDENCE)
    first_release = _first_release(resolved)
    sources = named.groupby("model_id")["source"].agg(lambda s: ", ".join(sorted(set(s)))).to_dict()
    counts = named.groupby("model_id")["count"].sum().to_dict()
    table, disagreements = [], []
    for model_id in model_ids:
        decided = openness.decide(evidence.get(model_id, []), overrides.get(model_id))
        disagreements.extend((model_id, *row) for row in decided.disagreements)
        org = organization.get(model_id)
        org_country = organizations.get(str(org).lower())
        table.append({
            "model_id": model_id, "name": display.get(model_id, model_id), "organization": org,
            "country": country.get(model_id) or (org_country.country if org_country and org_country.country
                                                 else None),
            "access": decided.access, "licence_class": decided.licence_class,
            "access_sources": decided.access_sources, "decided_by": decided.decided_by,
            "disagreements": bool(decided.disagreements),
            "first_release_date": first_release.get(model_id), "params_b": params.get(model_id),
            "sources": sources.get(model_id, ""), "mentions": int(counts.get(model_id, 0)),
        })
    models = pd.DataFrame(table, columns=["model_id", "name", "organization", "country", "access",
                                          "licence_class", "access_sources", "decided_by", "disagreements",
                                          "first_release_date", "params_b", "sources", "mentions"])
    models["first_release_date"] = pd.to_datetime(models["first_release_date"]).astype("datetime64[ns]")
    models["params_b"] = pd.to_numeric(models["params_b"], errors="coerce").astype("float64")
    for column in ("name", "organization", "country", "access", "licence_class", "access_sources",
                   "decided_by", "sources"):
        models[column] = models[column].astype("string")
    disagreement_frame = pd.DataFrame(disagreements, columns=["model_id", "field", "source_a", "value_a",
                                                              "source_b", "value_b"]).astype("string")
    return models, disagreement_frame.sort_values(list(disagreement_frame.columns), ignore_index=True)


def _aliases(mentions: pd.DataFrame) -> pd.DataFrame:
    named = mentions[mentions["model_id"].notna()]
    spelled = pd.concat([named[["model_id", "source", "model_key"]].rename(columns={"model_key": "name"}),
                         named[["model_id", "source", "model_name"]].rename(columns={"model_name": "name"})])
    spelled = spelled[spelled["name"].notna()].drop_duplicates()
    return spelled.sort_values(["model_id", "source", "name"], ignore_index=True).astype("string")


def _unmatched(mentions: pd.DataFrame, model_ids: pd.Series) -> pd.DataFrame:
    columns = ["name", "sources", "count", "reason", "candidates"]
    queue = mentions[mentions["method"] == UNMATCHED]
    if queue.empty:
        return pd.DataFrame(columns=columns).astype({"count": "int64"})
    grouped = (queue.assign(name=queue["resolved_name"].fillna(""))
               .groupby("name", sort=True)
               .agg(sources=("source", lambda s: ", ".join(sorted(set(s)))), count=("count", "sum"),
                    reason=("reason", "first")).reset_index())
    proposals = fuzzy.propose_all(grouped["name"], model_ids)
    grouped["candidates"] = [fuzzy.format_candidates(found) for found in proposals]
    grouped = grouped.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)
    return grouped[columns].astype({"name": "string", "sources": "string", "reason": "string",
                                    "candidates": "string", "count": "int64"})


# ---- joining other frames on model_id -------------------------------------------------------------

def attach_ids(frame: pd.DataFrame, catalog_or_resolver: Catalog | Resolver | None = None) -> pd.DataFrame:
    """`frame` with model_id and variant columns, from its source / model_key / model_name columns.

    With a Catalog, mentions it already resolved are looked up (the same answer the catalog
    gives); other rows, and every row when a Resolver (or nothing) is given, are resolved with the
    rules and the alias file. Unresolvable rows get model_id <NA>.
    """
    out = frame.copy()
    empty = pd.Series(None, index=out.index, dtype="object")
    source, key, name = (out[c] if c in out.columns else empty for c in ("source", "model_key", "model_name"))
    known: dict[tuple, tuple] = {}
    resolver = catalog_or_resolver if isinstance(catalog_or_resolver, Resolver) else default_resolver()
    if isinstance(catalog_or_resolver, Catalog):
        m = catalog_or_resolver.mentions
        known = {_plain(s, k, n): (_plain(i)[0], v) for s, k, n, i, v in
                 zip(m["source"], m["model_key"], m["model_name"], m["model_id"], m["variant"], strict=True)}
    ids, variants = [], []
    for s, k, n in zip(source, key, name, strict=True):
        s, k, n = _plain(s, k, n)
        hit = known.get((s, k, n))
        if hit is None:
            resolution = resolver.resolve(mention_name(s, k, n), s)
            hit = (resolution.model_id, resolution.variant)
        ids.append(hit[0])
        variants.append(hit[1])
    out["model_id"] = pd.array(ids, dtype="string")
    out["variant"] = pd.array(variants, dtype="string")
    return out


def _plain(*values: object) -> tuple:
    """Missing values (None, NaN, <NA>) as None, so that lookups match whatever the frame's dtype."""
    return tuple(None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in values)
