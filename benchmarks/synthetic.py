"""A synthetic snapshot history at a chosen size, in the project's own schema, for the benchmark.

    python -m benchmarks.synthetic --prices 10000000 --scores 1000000 --data-dir /tmp/landscape-bench

writes what the collectors would have written after years of daily and weekly runs:
snapshots/<source>/<YYYY-MM-DD>.parquet plus one manifest.jsonl line per snapshot (the same
fields as Store.publish), and a catalog/ folder (the model identity the dashboard joins on, in
the layout collectors.catalog writes). Everything comes from one seeded RNG: the same arguments
give byte-identical snapshots.

Shapes follow the real sources: a few thousand models from ~45 organizations (big labs and a long
tail of fine-tuners) split open/closed/unknown with licences; daily LMArena scores with votes and
intervals, weekly Epoch / Open LLM Leaderboard / Aider scores fixed at their evaluation date;
daily litellm and OpenRouter prices per provider, region and tier, weekly llm-prices with
effective_from/to histories; weekly Epoch and Hugging Face model lists and daily OpenRouter model
rows; vendor announcements and OpenRouter events. Prices and scores are sized to the requested
totals by choosing which offers and listings exist (each one is listed in every snapshot while it
is live), so rows per snapshot grow over time as they do in life.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from collectors import config, contract, licences

DEFAULT_PRICES = 10_000_000
DEFAULT_SCORES = 1_000_000
END = dt.date(2025, 12, 31)
NEVER = 10**7  # an end day that never comes
SOURCES = ("lmarena", "epoch_benchmarks", "open_llm_leaderboard", "aider", "litellm", "openrouter", "llm_prices",
           "epoch_models", "huggingface", "vendor_news", "openrouter_events")
# Shares of the requested rows. A source that cannot list its share (too few models or days) passes
# the rest on to the next one, so the smallest sources come first and the largest last.
PRICE_SHARE = {"llm_prices": 0.10, "openrouter": 0.35, "litellm": 0.55}
SCORE_SHARE = {"open_llm_leaderboard": 0.12, "aider": 0.05, "epoch_benchmarks": 0.33, "lmarena": 0.50}
OLB_ARCHIVED = dt.date(2025, 3, 13)

# organization, country, share of open-weights models, families, Hub namespace, weight
ORGS = [
    ("OpenAI", "United States", 0.08, ("GPT", "o"), "openai", 9),
    ("Anthropic", "United States", 0.0, ("Claude",), "anthropic", 6),
    ("Google", "United States", 0.4, ("Gemini", "Gemma"), "google", 9),
    ("Meta", "United States", 1.0, ("Llama",), "meta-llama", 7),
    ("Mistral AI", "France", 0.6, ("Mistral", "Mixtral", "Codestral", "Ministral"), "mistralai", 6),
    ("Alibaba", "China", 0.85, ("Qwen", "QwQ"), "Qwen", 9),
    ("DeepSeek", "China", 0.95, ("DeepSeek",), "deepseek-ai", 5),
    ("xAI", "United States", 0.15, ("Grok",), "xai-org", 3),
    ("Microsoft", "United States", 0.8, ("Phi", "WizardLM"), "microsoft", 4),
    ("Cohere", "Canada", 0.4, ("Command", "Aya"), "CohereForAI", 3),
    ("Moonshot AI", "China", 0.6, ("Kimi", "Moonlight"), "moonshotai", 2),
    ("Zhipu AI", "China", 0.6, ("GLM", "ChatGLM"), "THUDM", 3),
    ("01.AI", "China", 0.8, ("Yi",), "01-ai", 2),
    ("NVIDIA", "United States", 0.9, ("Nemotron",), "nvidia", 3),
    ("Amazon", "United States", 0.0, ("Nova", "Titan"), "amazon", 2),
    ("AI21 Labs", "Israel", 0.5, ("Jamba",), "ai21labs", 2),
    ("TII", "United Arab Emirates", 1.0, ("Falcon",), "tiiuae", 2),
    ("Allen AI", "United States", 1.0, ("OLMo", "Tulu"), "allenai", 2),
    ("IBM", "United States", 0.9, ("Granite",), "ibm-granite", 2),
    ("MiniMax", "China", 0.5, ("MiniMax", "abab"), "MiniMaxAI", 2),
    ("Baidu", "China", 0.3, ("ERNIE",), "baidu", 2),
    ("Tencent", "China", 0.5, ("Hunyuan",), "tencent", 2),
    ("Reka", "United States", 0.2, ("Reka",), "RekaAI", 1),
    ("Databricks", "United States", 1.0, ("DBRX",), "databricks", 1),
    ("Snowflake", "United States", 1.0, ("Arctic",), "Snowflake", 1),
    ("StepFun", "China", 0.5, ("Step",), "stepfun-ai", 1),
    ("Upstage", "South Korea", 0.7, ("Solar",), "upstage", 1),
    ("Stability AI", "United Kingdom", 1.0, ("StableLM",), "stabilityai", 1),
    ("Perplexity", "United States", 0.3, ("Sonar", "R1-1776"), "perplexity-ai", 1),
    ("ByteDance", "China", 0.3, ("Doubao", "Seed"), "ByteDance-Seed", 2),
    ("Nous Research", "United States", 1.0, ("Hermes",), "NousResearch", 2),
    ("LG AI Research", "South Korea", 0.9, ("EXAONE",), "LGAI-EXAONE", 1),
    ("Xiaomi", "China", 0.8, ("MiMo",), "XiaomiMiMo", 1),
]
# the long tail of fine-tuners on the Hub: open weights, rarely priced, never on the Arena
COMMUNITY = ["cognitivecomputations", "mlabonne", "MaziyarPanahi", "abacusai", "teknium", "jondurbin",
             "Sao10K", "bartowski", "TheDrummer", "arcee-ai", "princeton-nlp", "HuggingFaceH4"]
COMMUNITY_FAMILIES = ("Dolphin", "NeuralBeagle", "Calme", "Smaug", "OpenHermes", "Bagel", "Euryale",
                      "Rocinante", "Virtuoso", "Zephyr", "Daredevil", "Magnum")
SIZES_B = (0.5, 1, 1.5, 2, 3, 4, 7, 8, 9, 12, 13, 14, 22, 24, 27, 32, 34, 40, 70, 72, 110, 123, 141, 235,
           405, 671)
VARIANTS = ("", "", "-Instruct", "-Chat", "-mini", "-Pro", "-Turbo", "-Flash", "-Preview", "-Base", "-Coder")
OPEN_LICENCES = {"Meta": ("Llama 3 Community", "Llama 2 Community"), "Google": ("Gemma",),
                 "Alibaba": ("Qianwen LICENSE", "Apache 2.0"), "DeepSeek": ("MIT", "DeepSeek License"),
                 "Mistral AI": ("Apache 2.0", "MRL")}
OTHER_OPEN_LICENCES = ("Apache 2.0", "MIT", "cc-by-nc-4.0", "Apache 2.0", "Llama 3 Community", "openrail")
CLOUDS = ("bedrock", "vertex_ai", "azure")
REGIONS = ("us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1", "us-gov-east-1", "eu-west-3")
HOSTS = ("together_ai", "fireworks_ai", "groq", "deepinfra", "novita", "hyperbolic", "nebius", "sambanova",
         "cerebras", "lambda", "gmi", "replicate", "cloudflare", "baseten", "parasail", "chutes")
# benchmark: (probability a listed model has it, midpoint on the latent scale, spread, samples)
EPOCH_BENCHMARKS = {"gpqa_diamond": (0.6, 1180, 70, 198), "mmlu": (0.5, 1060, 80, 14042),
                    "swe_bench_verified": (0.35, 1250, 70, 500), "math_level_5": (0.4, 1170, 60, 1324),
                    "frontiermath": (0.2, 1400, 60, 290), "otis_mock_aime": (0.3, 1300, 60, 45),
                    "simple_bench": (0.2, 1300, 90, 213), "livebench": (0.3, 1150, 90, 1000),
                    "eci": (0.7, 0, 0, 0)}
OLB_BENCHMARKS = ("olb_average", "olb_ifeval", "olb_bbh", "olb_math_lvl5", "olb_gpqa", "olb_musr",
                  "olb_mmlu_pro")


@dataclasses.dataclass(frozen=True)
class Size:
    prices: int = DEFAULT_PRICES
    scores: int = DEFAULT_SCORES
    days: int = 3 * 365
    models: int = 3000
    seed: int = 20250101
    validate_every: int = 50  # run contract.conform on the first and every n-th snapshot of a source
    catalog: bool = True

    @property
    def start(self) -> dt.date:
        return END - dt.timedelta(days=self.days - 1)


QUICK = Size(prices=200_000, scores=50_000, days=365, models=1500)


# ---- the model population -----------------------------------------------------------------------

def make_models(size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """One row per model: identity, organization, access, licence, size, release day, capability."""
    weights = np.array([o[5] for o in ORGS] + [0.6] * len(COMMUNITY), dtype=float)
    org_of = rng.choice(len(weights), size=size.models, p=weights / weights.sum())
    release = (-730 + rng.beta(1.6, 1.0, size.models) * (size.days + 730)).astype(int)
    rows, seen = [], set()
    for org_i, day in zip(org_of, release, strict=True):
        community = org_i >= len(ORGS)
        if community:
            org, country, open_share, families, hub = COMMUNITY[org_i - len(ORGS)], None, 1.0, \
                COMMUNITY_FAMILIES, COMMUNITY[org_i - len(ORGS)]
        else:
            org, country, open_share, families, hub, _ = ORGS[org_i]
        is_open = rng.random() < open_share
        access = "open_weights" if is_open else "closed"
        if rng.random() < 0.07:
            access = "unknown"
        family = families[rng.integers(len(families))]
        version = f"{1 + (day + 730) * 4 // (size.days + 730)}.{rng.integers(0, 10)}"
        params = float(SIZES_B[rng.integers(len(SIZES_B))]) if access != "closed" else float("nan")
        name = f"{family}-{version}" + (f"-{params:g}B" if params == params and access == "open_weights"
                                        else "") + VARIANTS[rng.integers(len(VARIANTS))]
        while name.lower() in seen:
            name += f"-r{rng.integers(2, 99)}"
        seen.add(name.lower())
        if access == "open_weights":
            choices = OPEN_LICENCES.get(org, OTHER_OPEN_LICENCES)
            license_ = choices[rng.integers(len(choices))]
        elif access == "closed":
            license_ = "Proprietary"
        else:
            license_ = None if rng.random() < 0.5 else "Other"
        capability = (1000 + 0.27 * (day + 730) + (45 if access == "closed" else 0)
                      + (10 * np.log2(params / 70) if params == params else 0) + rng.normal(0, 35)
                      - (60 if community else 0))
        rows.append({
            "model_id": name.lower(), "name": name, "organization": org, "country": country,
            "access": access, "license": license_, "licence_class": licences.classify(license_)[1],
            "params_b": params, "context_tokens": float(rng.choice([4096, 8192, 32768, 131072, 200000, 1048576])),
            "release_day": int(day), "capability": float(capability), "community": community,
            "vendor": hub.lower(), "hf_id": f"{hub}/{name}" if access == "open_weights" else None,
            "notable": (not community) and rng.random() < 0.7, "priced": (not community) or rng.random() < 0.1,
            "on_openrouter": (not community) and rng.random() < 0.5,
        })
    return pd.DataFrame(rows)


# ---- calendar -------------------------------------------------------------------------------------

def cadence_days() -> dict[str, int]:
    """Each source's capture cadence in whole days, from collectors/sources.toml."""
    configs = config.load()
    return {s: max(1, round(configs[s].cadence / dt.timedelta(days=1))) for s in SOURCES}


def snapshot_days(size: Size, every: int) -> np.ndarray:
    """The days (0 = size.start) a source is captured: every `every` days, ending on the last day."""
    return np.arange(size.days - 1, -1, -every)[::-1]


def as_dates(days, start: dt.date) -> np.ndarray:
    """Day numbers (NEVER: no date) as datetime64[ns] dates."""
    days = np.asarray(days)
    out = (np.datetime64(start, "D") + np.minimum(days, 10**5).astype("timedelta64[D]")).astype("M8[ns]")
    return np.where(days >= NEVER, np.datetime64("NaT", "ns"), out)


# ---- the keys and names each source uses for a model ---------------------------------------------

def source_names(models: pd.DataFrame, start: dt.date) -> dict[str, pd.DataFrame]:
    """Per source: model_key and model_name of every model (the source's own spelling), indexed like models."""
    mid, name = models["model_id"].to_numpy(object), models["name"].to_numpy(object)
    vendor, org = models["vendor"].to_numpy(object), models["organization"].to_numpy(object)
    released = [str(start + dt.timedelta(days=int(d))) for d in models["release_day"]]
    hub = [h if isinstance(h, str) else f"{v}/{n}" for h, v, n in zip(models["hf_id"], vendor, name, strict=True)]
    router = [f"{v}/{m}" for v, m in zip(vendor, mid, strict=True)]
    spellings = {
        "lmarena": (mid, name),
        "epoch_benchmarks": ([f"{m}_{r}" for m, r in zip(mid, released, strict=True)], name),
        "open_llm_leaderboard": (hub, hub),
        "aider": ([f"{m}|diff" for m in mid], name),
        "openrouter": (router, [f"{o}: {n.replace('-', ' ')}" for o, n in zip(org, name, strict=True)]),
        "llm_prices": (mid, name),
        "litellm": (mid, mid),  # the provider and region are prefixed per offer
        "epoch_models": (name, name),
        "huggingface": (hub, hub),
        "vendor_news": ([None] * len(mid), name),
        "openrouter_events": (router, name),
    }
    return {source: pd.DataFrame({"model_key": np.asarray(key, dtype=object),
                                  "model_name": np.asarray(label, dtype=object), "model": np.arange(len(mid))})
            for source, (key, label) in spellings.items()}


# ---- offers and listings, sized to the requested totals ------------------------------------------

def listed(start: np.ndarray, end: np.ndarray, days: np.ndarray) -> np.ndarray:
    """How many of the (sorted) `days` fall in [start, end) for each unit."""
    return np.maximum(np.searchsorted(days, end, side="left") - np.searchsorted(days, start, side="left"), 0)


def choose(rows: np.ndarray, total: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of units, taken in random order until their rows reach `total` (all, if they cannot)."""
    order = rng.permutation(len(rows))
    reached = np.cumsum(rows[order])
    keep = int(np.searchsorted(reached, total, side="left")) + 1
    return np.sort(order[:keep])


def price_offers(models: pd.DataFrame, source: str, names: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Every (model, provider, region, tier) a price source could list, with its price history:
    a base price, up to three changes (mostly cuts) and, for some, a day it was withdrawn."""
    records = []
    for m in models[models["priced"]].itertuples():
        closed = m.access == "closed"
        if source == "llm_prices":  # vendors' own list prices
            if m.community or not (closed or rng.random() < 0.35):
                continue
            sellers = [(m.vendor, "")]
        elif source == "openrouter" and not m.on_openrouter:
            continue
        elif closed:
            sellers = [(m.vendor, "")] + [(cloud, REGIONS[r]) for cloud in CLOUDS if rng.random() < 0.5
                                          for r in rng.choice(len(REGIONS), rng.integers(1, 4), replace=False)]
        else:
            hosts = rng.choice(len(HOSTS), rng.integers(1, 11), replace=False)
            sellers = [(HOSTS[h], "") for h in hosts] + [(c, REGIONS[rng.integers(len(REGIONS))])
                                                         for c in CLOUDS if rng.random() < 0.25]
        if source == "openrouter":  # one endpoint per upstream provider; regions do not show
            sellers = sorted({(provider, "") for provider, _ in sellers})
        tiers = ["standard"]
        if source != "llm_prices" and closed and rng.random() < 0.5:
            tiers.append("batch")
        if source == "openrouter" and not closed and rng.random() < 0.05:
            tiers.append("free")
        base = (3.0 * 2 ** ((m.capability - 1150) / 80) * 0.35 ** (m.release_day / 365)
                * (1.8 if closed else 1.0) * rng.lognormal(0, 0.4))
        key, name = names.at[m.Index, "model_key"], names.at[m.Index, "model_name"]
        for provider, region in sellers:
            for tier in tiers:
                factor = {"standard": 1.0, "batch": 0.5, "free": 0.0}[tier] * rng.lognormal(0, 0.25)
                start = m.release_day + int(rng.integers(0, 45))
                changes = np.sort(start + rng.integers(15, 800, 3))
                changes[rng.choice(4, p=[0.55, 0.28, 0.12, 0.05]):] = NEVER
                if source == "litellm":  # litellm's key carries the provider and region
                    key = name = f"{provider}/{region + '/' if region else ''}{m.model_id}"
                records.append({
                    "model": m.Index, "model_key": key, "model_name": name, "provider": provider,
                    "tier": tier if source != "litellm" else None, "start": start,
                    "end": start + int(rng.integers(120, 900)) if rng.random() < 0.15 else NEVER,
                    "input": float(np.clip(base * factor, 0.01, 150)) if tier != "free" else 0.0,
                    "ratio": float(rng.uniform(2, 5)), "cached": float(rng.choice([0.1, 0.25, 0.5, np.nan])),
                    **{f"c{j}": int(changes[j]) for j in range(3)},
                    **{f"f{j}": float(rng.uniform(0.4, 0.9) if rng.random() < 0.85 else rng.uniform(1.05, 1.6))
                       for j in range(3)}})
    return pd.DataFrame.from_records(records)


def score_listings(models: pd.DataFrame, source: str, size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """Every (model, benchmark) a score source could list, with the score it shows."""
    records = []
    archived = (OLB_ARCHIVED - size.start).days
    for m in models.itertuples():
        benchmarks = []
        if source == "lmarena" and (not m.community or rng.random() < 0.3):
            benchmarks = ["arena_text"] + (["arena_vision"] if rng.random() < 0.25 else [])
        elif source == "epoch_benchmarks" and m.notable:
            benchmarks = [b for b, spec in EPOCH_BENCHMARKS.items() if rng.random() < spec[0]]
        elif source == "open_llm_leaderboard" and m.access == "open_weights":
            benchmarks = [b for b in OLB_BENCHMARKS if rng.random() < 0.9]
        elif source == "aider" and not m.community and rng.random() < 0.25:
            benchmarks = ["aider_polyglot"]
        for benchmark in benchmarks:
            start = m.release_day + int(rng.integers(3, 60))
            end = start + int(rng.integers(200, 900)) if rng.random() < 0.1 else NEVER
            if source == "open_llm_leaderboard":
                end = archived
            records.append({"model": m.Index, "benchmark": benchmark, "start": start, "end": end,
                            **_score(benchmark, m.capability, rng)})
    return pd.DataFrame.from_records(records)


def _sigmoid(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


def _score(benchmark: str, capability: float, rng: np.random.Generator) -> dict:
    """The score a listing shows (on the benchmark's own scale), its interval half-width and samples."""
    if benchmark.startswith("arena"):  # votes per day here; the daily rows accumulate them
        score = capability + rng.normal(0, 8) - (30 if benchmark == "arena_vision" else 0)
        return {"score": score, "half": np.nan, "n": float(rng.uniform(50, 400)), "cost": np.nan}
    if benchmark == "eci":
        return {"score": 100 + (capability - 1100) / 3 + rng.normal(0, 3), "half": 2.0, "n": np.nan,
                "cost": np.nan}
    if benchmark.startswith("olb_"):  # percentages, no intervals
        p = float(np.clip(_sigmoid((capability - 1050) / 90) + rng.normal(0, 0.05), 0.01, 0.99))
        return {"score": round(100 * p, 2), "half": np.nan, "n": np.nan, "cost": np.nan}
    _, mid, spread, samples = EPOCH_BENCHMARKS.get(benchmark, (0, 1200, 80, 225))
    p = float(np.clip(_sigmoid((capability - mid) / spread) + rng.normal(0, 0.03), 0.0, 1.0))
    half = 1.96 * np.sqrt(max(p * (1 - p), 0.01) / samples)
    return {"score": p, "half": half, "n": float(samples),
            "cost": float(rng.uniform(0.5, 150)) if benchmark == "aider_polyglot" else np.nan}


# ---- the rows of one snapshot (column arrays; "unit" = row of the unit table it came from) -----------

def live_on(units: dict[str, np.ndarray], day: int) -> dict[str, np.ndarray]:
    """The units (offers or listings, as column arrays) live on `day`, with their row numbers as "unit"."""
    keep = (units["start"] <= day) & (units["end"] > day)
    return {"unit": np.flatnonzero(keep), **{column: values[keep] for column, values in units.items()}}


def price_rows(offers: dict[str, np.ndarray], day: int, start: dt.date, history: bool) -> dict:
    """Prices live on `day`; with `history`, also one row per superseded period (effective_from/to)."""
    live = live_on(offers, day)
    changed = [live[f"c{j}"] <= day for j in range(3)]
    mult, since = np.ones(len(live["unit"])), live["start"]
    for j in range(3):
        mult = mult * np.where(changed[j], live[f"f{j}"], 1.0)
        since = np.where(changed[j], live[f"c{j}"], since)
    parts = [(np.ones(len(mult), bool), mult, since if history else np.full(len(mult), NEVER),
              np.full(len(mult), NEVER))]
    if history:
        mult, since = np.ones(len(mult)), live["start"]
        for j in range(3):
            parts.append((changed[j], mult, since, live[f"c{j}"]))
            mult = mult * np.where(changed[j], live[f"f{j}"], 1.0)
            since = np.where(changed[j], live[f"c{j}"], since)
    cols = defaultdict(list)
    for keep, mult, since, until in parts:
        price = np.round(live["input"][keep] * mult[keep], 4)
        for column in ("unit", "model_key", "model_name", "provider", "tier"):
            cols[column].append(live[column][keep])
        cols["input_usd_per_mtok"].append(price)
        cols["output_usd_per_mtok"].append(np.round(price * live["ratio"][keep], 4))
        cols["cached_input_usd_per_mtok"].append(np.round(price * live["cached"][keep], 4))
        cols["effective_from"].append(as_dates(since[keep], start))
        cols["effective_to"].append(as_dates(until[keep], start))
    return {column: np.concatenate(values) for column, values in cols.items()}


def score_rows(listings: dict[str, np.ndarray], names: pd.DataFrame, models: pd.DataFrame, source: str, day: int,
               start: dt.date) -> dict:
    live = live_on(listings, day)
    idx = live["model"]
    score, half, n = live["score"], live["half"], live["n"]
    age = day - live["start"]
    as_of = live["start"]  # the evaluation date, re-listed unchanged in later snapshots
    if source == "lmarena":  # re-rated every day: scores wander, votes pile up, intervals narrow
        score = score + 5 * np.sin(age / 45 + idx)
        n = np.round(500 + n * age)
        half = 1.96 * 160 / np.sqrt(n)
        as_of = np.full(len(idx), day)
    cols = {"unit": idx, "model_key": names["model_key"].to_numpy()[idx],
            "model_name": names["model_name"].to_numpy()[idx],
            "organization": models["organization"].to_numpy(object)[idx],
            "benchmark": live["benchmark"], "score": np.round(score, 4),
            "score_low": np.round(score - half, 4), "score_high": np.round(score + half, 4),
            "n": n, "as_of": as_dates(as_of, start)}
    if source in ("lmarena", "open_llm_leaderboard"):
        cols["license"] = models["license"].to_numpy(object)[idx]
        cols["access"] = models["access"].to_numpy(object)[idx]
    if source == "aider":
        cols["cost_usd"] = np.round(live["cost"], 2)
    return cols


def model_rows(models: pd.DataFrame, idx: np.ndarray, names: pd.DataFrame, source: str, start: dt.date,
               rng: np.random.Generator) -> dict:
    def of(column):
        return models[column].to_numpy(object if models[column].dtype == object else None)[idx]
    cols = {"unit": idx, "model_key": names["model_key"].to_numpy()[idx],
            "model_name": names["model_name"].to_numpy()[idx],
            "release_date": as_dates(of("release_day"), start), "access": of("access"),
            "params_b": of("params_b"), "context_tokens": of("context_tokens")}
    if source == "epoch_models":
        published = np.where(of("access") == "open_weights", "Open weights (unrestricted)", "API access")
        cols |= {"organization": of("organization"), "country": of("country"),
                 "license": np.where(of("access") == "unknown", None, published)}
    elif source == "huggingface":
        cols |= {"organization": of("vendor"), "license": of("license"), "hugging_face_id": of("hf_id"),
                 "downloads": np.round(rng.lognormal(9, 2, len(idx))),
                 "likes": np.round(rng.lognormal(4, 1.5, len(idx)))}
    elif source == "openrouter":
        cols |= {"organization": np.full(len(idx), None), "license": np.full(len(idx), None),
                 "hugging_face_id": of("hf_id"), "modalities": np.full(len(idx), "text->text", dtype=object)}
    return cols


def release_rows(models: pd.DataFrame, idx: np.ndarray, names: pd.DataFrame, event: str, days: np.ndarray,
                 start: dt.date) -> dict:
    org = models["organization"].to_numpy(object)[idx]
    name = names["model_name"].to_numpy()[idx]
    title = [f"Introducing {n}" if event == "announcement" else f"Model added: {n}" for n in name]
    url = [f"https://news.example.com/{o.lower().replace(' ', '-')}/{m}" for o, m in
           zip(org, models["model_id"].to_numpy(object)[idx], strict=True)]
    return {"unit": idx, "model_key": names["model_key"].to_numpy()[idx], "model_name": name,
            "organization": org, "event": np.full(len(idx), event, dtype=object),
            "title": np.array(title, dtype=object), "url": np.array(url, dtype=object),
            "published_at": as_dates(days, start) + np.timedelta64(15, "h")}


# ---- writing snapshots like Store.publish -----------------------------------------------------------

def typed(columns: dict, n: int) -> pd.DataFrame:
    """The frame contract.conform returns (dtypes, column order), built without its checks."""
    out = {}
    for name, field in contract.FIELDS.items():
        if name not in columns:
            continue
        value = columns[name]
        if not np.ndim(value):
            value = np.full(n, value, dtype=object if field.type != "date" else "M8[ns]")
        if field.type == "string":
            out[name] = pd.array(np.asarray(value, dtype=object), dtype="string")
        elif field.type == "float":
            out[name] = np.asarray(value, dtype="float64")
        elif field.type == "date":
            out[name] = np.asarray(value, dtype="M8[ns]")
        elif field.type == "timestamp":
            out[name] = pd.to_datetime(value, utc=True).astype("datetime64[ns, UTC]")
        else:
            out[name] = pd.array(value, dtype="boolean")
    return pd.DataFrame(out)


_ARROW = {"string": pa.string(), "float": pa.float64(), "date": pa.timestamp("ns"),
          "timestamp": pa.timestamp("ns", tz="UTC"), "bool": pa.bool_()}


def arrow_arrays(columns: dict, n: int) -> list[pa.Array]:
    """The same columns straight to Arrow (what pandas hands to pyarrow for that frame), much faster."""
    arrays = []
    for name, field in contract.FIELDS.items():
        if name not in columns:
            continue
        value = columns[name]
        if field.type == "timestamp":
            value = value.astimezone(dt.UTC).replace(tzinfo=None) if not np.ndim(value) else value
        if not np.ndim(value):
            value = np.full(n, value, dtype="M8[ns]" if field.type in ("date", "timestamp") else object)
        if field.type in ("date", "timestamp"):
            value = np.asarray(value, dtype="M8[ns]")
        arrays.append(pa.array(value, type=_ARROW[field.type], from_pandas=True))
    return arrays


def stack(parts: list[tuple[str, dict]]) -> tuple[dict, int]:
    """Rows of several kinds in one snapshot: the union of their columns, nulls where a kind has none."""
    order = list(contract.FIELDS)
    names = sorted({c for _, cols in parts for c in cols if c in contract.FIELDS}, key=order.index)
    sizes = [len(cols["unit"]) for _, cols in parts]
    out = {"kind": np.concatenate([np.full(n, kind, dtype=object) for (kind, _), n in zip(parts, sizes, strict=True)])}
    for name in names:
        kind = contract.FIELDS[name].type
        dtype, filler = {"float": ("float64", np.nan), "date": ("M8[ns]", np.datetime64("NaT", "ns")),
                         "timestamp": ("M8[ns]", np.datetime64("NaT", "ns"))}.get(kind, (object, None))
        out[name] = np.concatenate([np.asarray(cols[name], dtype=dtype) if name in cols else np.full(n, filler, dtype)
                                    for (_, cols), n in zip(parts, sizes, strict=True)])
    return out, sum(sizes)


class Writer:
    """Snapshots and manifest lines in Store.publish's layout and format. The first snapshot of each
    column layout and every `validate_every`-th snapshot of each source also go through
    contract.conform and pandas, and must give exactly the same frame and Arrow table."""

    def __init__(self, root: Path, size: Size):
        self.root, self.size = Path(root), size
        self.urls = {name: cfg.urls[0] for name, cfg in config.load().items()}
        self.snapshots: dict[str, int] = defaultdict(int)
        self.validated = 0
        self.rows: dict[str, int] = defaultdict(int)
        self.units: dict[tuple[str, str], pd.DataFrame] = {}  # (source, kind) -> key, name, model per unit
        self.mentions: dict[tuple[str, str], np.ndarray] = {}  # (source, kind) -> rows per unit
        self.schemas: dict[tuple[str, ...], pa.Schema] = {}  # column layout -> schema with pandas metadata

    def write(self, source: str, day: int, parts: list[tuple[str, dict, pd.DataFrame]]) -> dict | None:
        parts = [(kind, cols, units) for kind, cols, units in parts if len(cols["unit"])]
        if not parts:
            return None
        for kind, cols, units in parts:
            self.units[(source, kind)] = units
            counted = np.bincount(cols["unit"], minlength=len(units))
            self.mentions[(source, kind)] = self.mentions.get((source, kind), 0) + counted
            self.rows[kind] += len(cols["unit"])
        columns, n = stack([(kind, cols) for kind, cols, _ in parts])
        date = self.size.start + dt.timedelta(days=day)
        captured = dt.datetime.combine(date, dt.time(6, 0), tzinfo=dt.UTC)
        columns |= {"source": source, "source_url": self.urls[source], "captured_at": captured,
                    "snapshot_date": np.datetime64(date, "ns")}
        layout = tuple(c for c in contract.FIELDS if c in columns)
        table = arrow_arrays(columns, n)
        if layout not in self.schemas or self.snapshots[source] % self.size.validate_every == 0:
            self.schemas[layout] = self._validate(columns, n, table)
        self.snapshots[source] += 1
        return self._publish(source, date, captured, pa.Table.from_arrays(table, schema=self.schemas[layout]))

    def _validate(self, columns: dict, n: int, arrays: list[pa.Array]) -> pa.Schema:
        """contract.conform accepts the rows, and the fast paths give exactly what it gives."""
        raw = pd.DataFrame({c: v if np.ndim(v) else [v] * n for c, v in columns.items() if c != "unit"})
        conformed = contract.conform(raw)
        pd.testing.assert_frame_equal(conformed, typed(columns, n))
        expected = pa.Table.from_pandas(conformed, preserve_index=False)
        if not pa.Table.from_arrays(arrays, schema=expected.schema).equals(expected, check_metadata=True):
            raise AssertionError("the Arrow fast path differs from pandas' conversion of the conformed frame")
        self.validated += 1
        return expected.schema

    def _publish(self, source: str, date: dt.date, captured: dt.datetime, table: pa.Table) -> dict:
        """Write atomically (temp file, rename), then append the manifest line: the commit marker."""
        rel = Path("snapshots") / source / f"{date.isoformat()}.parquet"
        final = self.root / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
        os.close(fd)
        pq.write_table(table, tmp)
        os.replace(tmp, final)
        kinds = pc.unique(table.column("kind")).to_pylist()
        entry = {"source": source, "kinds": sorted(kinds), "snapshot_date": date.isoformat(), "path": rel.as_posix(),
                 "sha256": hashlib.sha256(final.read_bytes()).hexdigest(), "rows": table.num_rows,
                 "captured_at": captured.strftime("%Y-%m-%dT%H:%M:%SZ"), "source_url": self.urls[source],
                 "inputs": [], "mode": "synthetic", "parser_version": "synthetic"}
        with open(self.root / "manifest.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
        return entry


# ---- the catalog ---------------------------------------------------------------------------------

def write_catalog(root: Path, models: pd.DataFrame, writer: Writer, start: dt.date) -> None:
    """catalog/{mentions,models,aliases,unmatched,disagreements}.parquet as collectors.catalog writes
    them, with every synthetic spelling resolved to its model (the dashboard joins on these)."""
    mentions = []
    for (source, kind), counts in sorted(writer.mentions.items()):
        units = writer.units[(source, kind)]
        used = units[counts > 0].assign(count=counts[counts > 0], source=source, kind=kind)
        mentions.append(used.groupby(["source", "kind", "model_key", "model_name", "model"], dropna=False)["count"]
                        .sum().reset_index())
    frame = pd.concat(mentions, ignore_index=True)
    frame = frame.assign(model_id=models["model_id"].to_numpy()[frame["model"]], variant="", method="rule",
                         reason="synthetic", resolved_name=models["model_id"].to_numpy()[frame["model"]])
    frame = frame[["source", "kind", "model_key", "model_name", "model_id", "variant", "method", "reason", "count",
                   "resolved_name"]].sort_values(["source", "kind", "model_key", "model_name"], ignore_index=True)
    frame = frame.astype({c: "string" for c in frame.columns if c != "count"} | {"count": "int64"})
    seen = models[models["model_id"].isin(set(frame["model_id"]))]
    table = pd.DataFrame({
        "model_id": seen["model_id"], "name": seen["name"], "organization": seen["organization"],
        "country": seen["country"], "access": seen["access"], "licence_class": seen["licence_class"],
        "access_sources": "synthetic", "decided_by": "synthetic", "disagreements": False,
        "first_release_date": as_dates(seen["release_day"].to_numpy(), start), "params_b": seen["params_b"],
        "sources": seen["model_id"].map(frame.groupby("model_id")["source"].agg(lambda s: ", ".join(sorted(set(s))))),
        "mentions": seen["model_id"].map(frame.groupby("model_id")["count"].sum()).astype("int64"),
    }).sort_values("model_id", ignore_index=True)
    for column in ("model_id", "name", "organization", "country", "access", "licence_class", "access_sources",
                   "decided_by", "sources"):
        table[column] = table[column].astype("string")
    aliases = (pd.concat([frame[["model_id", "source", "model_key"]].rename(columns={"model_key": "name"}),
                          frame[["model_id", "source", "model_name"]].rename(columns={"model_name": "name"})])
               .dropna().drop_duplicates().sort_values(["model_id", "source", "name"], ignore_index=True))
    unmatched = pd.DataFrame({"name": [], "sources": [], "count": [], "reason": [], "candidates": []}).astype(
        {"name": "string", "sources": "string", "count": "int64", "reason": "string", "candidates": "string"})
    disagreements = pd.DataFrame(columns=["model_id", "field", "source_a", "value_a", "source_b",
                                          "value_b"]).astype("string")
    folder = root / "catalog"
    folder.mkdir(parents=True, exist_ok=True)
    for name, table_ in (("mentions", frame), ("models", table), ("aliases", aliases), ("unmatched", unmatched),
                         ("disagreements", disagreements)):
        table_.to_parquet(folder / f"{name}.parquet", index=False)
    (folder / "stats.json").write_text(json.dumps({"mentions": len(frame), "models": len(table), "synthetic": True},
                                                  indent=2))


# ---- the whole history ---------------------------------------------------------------------------

def generate(data_dir: str | os.PathLike, size: Size | None = None, log=print) -> dict:
    """Write the synthetic history into `data_dir` (which must hold no manifest yet); return counts."""
    size = size or Size()
    root = Path(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    if (root / "manifest.jsonl").exists():
        raise FileExistsError(f"{root} already holds a manifest: use an empty directory")
    started = time.perf_counter()
    rng = np.random.default_rng(size.seed)
    every = cadence_days()
    models = make_models(size, rng)
    names = source_names(models, size.start)
    offers, listings, carry = {}, {}, 0
    for source, share in PRICE_SHARE.items():
        pool = price_offers(models, source, names[source], rng)
        days = snapshot_days(size, every[source])
        rows = listed(pool["start"].to_numpy(), pool["end"].to_numpy(), days)
        if source == "llm_prices":  # its snapshots also list every superseded period
            rows = rows + sum(listed(pool[f"c{j}"].to_numpy(), pool["end"].to_numpy(), days) for j in range(3))
        chosen, carry = _sized(rows, round(size.prices * share) + carry, rng)
        offers[source] = pool.iloc[chosen].reset_index(drop=True)
    _short("prices", carry, log)
    carry = 0
    for source, share in SCORE_SHARE.items():
        pool = score_listings(models, source, size, rng)
        rows = listed(pool["start"].to_numpy(), pool["end"].to_numpy(), snapshot_days(size, every[source])) \
            if len(pool) else np.zeros(0, int)
        chosen, carry = _sized(rows, round(size.scores * share) + carry, rng)
        listings[source] = pool.iloc[chosen].reset_index(drop=True)
    _short("scores", carry, log)
    offers = {source: frame for source, frame in offers.items() if len(frame)}
    listings = {source: frame for source, frame in listings.items() if len(frame)}
    added = offers["openrouter"].groupby("model")["start"].min() if "openrouter" in offers else pd.Series()
    offer_units = {source: offers[source][["model_key", "model_name", "model"]] for source in offers}
    offers = {source: {c: frame[c].to_numpy() for c in frame.columns} for source, frame in offers.items()}
    listings = {source: {c: frame[c].to_numpy() for c in frame.columns} for source, frame in listings.items()}
    writer = Writer(root, size)
    for day in range(size.days):
        due = {s for s in SOURCES if (size.days - 1 - day) % every[s] == 0}
        snapshot: dict[str, list] = defaultdict(list)
        for source in due & set(offers):
            snapshot[source].append(("prices", price_rows(offers[source], day, size.start, source == "llm_prices"),
                                     offer_units[source]))
        for source in due & set(listings):
            snapshot[source].append(("scores", score_rows(listings[source], names[source], models, source, day,
                                                          size.start), names[source]))
        for source, kind, cols in _lists(due, models, names, offers, added, day, size.start, rng):
            snapshot[source].append((kind, cols, names[source]))
        for source in sorted(snapshot):
            writer.write(source, day, snapshot[source])
    if size.catalog:
        write_catalog(root, models, writer, size.start)
    counts = {**{kind: writer.rows[kind] for kind in ("prices", "scores", "models", "releases")},
              "snapshots": sum(writer.snapshots.values()), "model_population": len(models),
              "seconds": round(time.perf_counter() - started, 1)}
    log(f"synthetic history in {root}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return counts


def _sized(rows: np.ndarray, total: int, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """The units chosen for `total` rows, and the rows still missing (0 when the source had enough)."""
    chosen = choose(rows, total, rng) if len(rows) else np.array([], dtype=int)
    return chosen, max(0, total - int(rows[chosen].sum()))


def _short(kind: str, missing: int, log) -> None:
    if missing:
        log(f"note: {missing:,} {kind} rows fewer than asked for: too few models or days for that many")


def _lists(due: set, models: pd.DataFrame, names: dict, offers: dict, added: pd.Series, day: int,
           start: dt.date, rng: np.random.Generator):
    """The models and releases rows of the sources due on `day`: (source, kind, columns)."""
    release = models["release_day"].to_numpy()
    if "openrouter" in due and "openrouter" in offers:  # its API lists the models it sells beside prices
        live = np.unique(live_on(offers["openrouter"], day)["model"])
        yield "openrouter", "models", model_rows(models, live, names["openrouter"], "openrouter", start, rng)
    if "epoch_models" in due:
        notable = np.flatnonzero(models["notable"].to_numpy() & (release + 30 <= day))
        yield "epoch_models", "models", model_rows(models, notable, names["epoch_models"], "epoch_models", start,
                                                   rng)
    if "huggingface" in due:  # the 100 newest open models stand in for the trending list
        hub = np.flatnonzero(models["hf_id"].notna().to_numpy() & (release <= day))
        hub = hub[np.argsort(release[hub], kind="stable")][-100:]
        yield "huggingface", "models", model_rows(models, np.sort(hub), names["huggingface"], "huggingface", start,
                                                  rng)
    if "vendor_news" in due:  # a feed shows the last month
        news = np.flatnonzero(~models["community"].to_numpy() & (release <= day) & (release > day - 30))
        yield "vendor_news", "releases", release_rows(models, news, names["vendor_news"], "announcement",
                                                      release[news], start)
    if "openrouter_events" in due:
        recent = added[(added <= day) & (added > day - 30)]
        yield "openrouter_events", "releases", release_rows(models, recent.index.to_numpy(),
                                                            names["openrouter_events"], "model_added",
                                                            recent.to_numpy(), start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prices", type=int, default=DEFAULT_PRICES, help="price rows (default 10,000,000)")
    parser.add_argument("--scores", type=int, default=DEFAULT_SCORES, help="score rows (default 1,000,000)")
    parser.add_argument("--days", type=int, default=Size.days, help="days of history (default 3 years)")
    parser.add_argument("--models", type=int, default=Size.models, help="models in the population")
    parser.add_argument("--seed", type=int, default=Size.seed)
    parser.add_argument("--no-catalog", action="store_true", help="leave out catalog/ (the identity fallback path)")
    parser.add_argument("--data-dir", help="where to write (default: a new temp dir)")
    args = parser.parse_args(argv)
    root = args.data_dir or tempfile.mkdtemp(prefix="landscape-bench-")
    generate(root, Size(prices=args.prices, scores=args.scores, days=args.days, models=args.models,
                        seed=args.seed, catalog=not args.no_catalog))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
