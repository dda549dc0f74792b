"""Openness of a model from every source that says something, with an explicit precedence.

access (open_weights | closed | unknown) is decided by the first source in ACCESS_PRECEDENCE that
gives a known value, after the reviewed overrides file (data/reference/openness_overrides.csv),
which wins over all:

    1. overrides file                        reviewed by hand, with a reason per row
    2. Epoch "Model accessibility"           epoch_models, epoch_benchmarks
    3. weights on the Hugging Face Hub       open_llm_leaderboard, huggingface, hf_trending
    4. OpenRouter hugging_face_id            openrouter (a Hub repo means open weights; none says nothing)
    5. Arena licence                         lmarena (licence text -> collectors.licences)

Every source with a known value is listed in access_sources; two sources with different known
values are a disagreement, recorded with both values, never resolved silently.

licence_class (permissive | open_restricted | proprietary | unknown) is a property of the licence
text, so it prefers sources that publish one (LICENCE_PRECEDENCE: Hub licence tags, the Arena
licence) over Epoch's coarser accessibility wording; only classes consistent with the decided
access count, and a closed model with no class is proprietary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .. import licences
from .reference import Override

OVERRIDE = "overrides_file"
EPOCH_SOURCES = ("epoch_models", "epoch_benchmarks")
ACCESS_PRECEDENCE = (*EPOCH_SOURCES, "open_llm_leaderboard", "huggingface", "hf_trending", "openrouter",
                     "lmarena")
LICENCE_PRECEDENCE = ("open_llm_leaderboard", "huggingface", "hf_trending", "lmarena", *EPOCH_SOURCES)
KNOWN = ("open_weights", "closed")


@dataclass(frozen=True)
class Openness:
    access: str
    licence_class: str
    access_sources: str            # "epoch_models=open_weights; lmarena=open_weights"
    decided_by: str                # the source (or overrides_file) whose value won
    disagreements: tuple[tuple[str, str, str, str, str], ...]  # (field, source_a, value_a, source_b, value_b)


def epoch_licence_class(text: object) -> str:
    """Epoch's accessibility wording -> licence class ("Open weights (non-commercial)" -> open_restricted)."""
    if not isinstance(text, str):
        return "unknown"
    lowered = text.lower()
    if re.match(r"(api access|hosted access|unreleased)", lowered):
        return "proprietary"
    if re.match(r"open (weights|access)", lowered):
        return "permissive" if "unrestricted" in lowered else "open_restricted"
    return "unknown"


@dataclass(frozen=True)
class Evidence:
    """What one source says about one model: its access, licence class and how many rows say so."""
    source: str
    access: str
    licence_class: str
    n: int


def source_evidence(rows: pd.DataFrame) -> dict[str, list[Evidence]]:
    """model_id -> the evidence of every source that says something about its openness.

    `rows` has model_id, source, access, license (one row per snapshot row or per group with a
    count column `n`). Sources outside ACCESS_PRECEDENCE (prices, aider) say nothing.
    """
    frame = rows.loc[rows["source"].isin(ACCESS_PRECEDENCE) & rows["model_id"].notna()].copy()
    if "n" not in frame.columns:
        frame["n"] = 1
    frame["access"] = frame["access"].where(frame["access"].isin(KNOWN), "unknown").astype(str)
    frame["license"] = frame["license"].astype("object").where(frame["license"].notna(), None)
    keys = ["model_id", "source", "access", "license"]
    counted = frame.groupby(keys, dropna=False)["n"].sum().reset_index()
    out: dict[str, list[Evidence]] = {}
    for model_id, source, access, text, n in counted.itertuples(index=False):
        if source in EPOCH_SOURCES:
            licence_class = "proprietary" if access == "closed" else epoch_licence_class(text)
        else:
            licence_class = licences.classify(text)[1]
        out.setdefault(model_id, []).append(Evidence(source, access, licence_class, int(n)))
    return out


def decide(evidence: list[Evidence], override: Override | None = None) -> Openness:
    """Openness of one model from the evidence of its sources (see the module docstring)."""
    per_source = _access_per_source(evidence)
    listed = "; ".join(f"{s}={v}" for s, v in per_source.items())
    disagreements = _disagreements(evidence, per_source)
    if override is not None:
        listed = f"{OVERRIDE}={override.access}" + (f"; {listed}" if listed else "")
        return Openness(override.access, override.licence_class, listed, OVERRIDE, disagreements)
    if not per_source:
        return Openness("unknown", "unknown", listed, "", disagreements)
    decided_by, access = next(iter(per_source.items()))
    return Openness(access, _licence_class(evidence, access), listed, decided_by, disagreements)


def _access_per_source(evidence: list[Evidence]) -> dict[str, str]:
    """source -> the known access it gives most often (ties alphabetical), in precedence order."""
    counts: dict[str, dict[str, int]] = {}
    for item in evidence:
        if item.access in KNOWN:
            by_value = counts.setdefault(item.source, {})
            by_value[item.access] = by_value.get(item.access, 0) + item.n
    return {source: sorted(counts[source].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            for source in ACCESS_PRECEDENCE if source in counts}


def _licence_class(evidence: list[Evidence], access: str) -> str:
    for source in LICENCE_PRECEDENCE:
        classes: dict[str, int] = {}
        for item in evidence:
            if item.source == source and item.access == access and item.licence_class != "unknown" \
                    and not (access == "open_weights" and item.licence_class == "proprietary"):
                classes[item.licence_class] = classes.get(item.licence_class, 0) + item.n
        if classes:
            return sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return "proprietary" if access == "closed" else "unknown"


def _disagreements(evidence: list[Evidence], per_source: dict[str, str]) -> tuple:
    rows = []
    for source in per_source:
        values = sorted({e.access for e in evidence if e.source == source and e.access in KNOWN})
        if len(values) > 1:  # one source says both, for different variants of the model
            rows.append(("access", source, values[0], source, values[1]))
    sources = list(per_source)
    for i, source_a in enumerate(sources):
        for source_b in sources[i + 1:]:
            if per_source[source_a] != per_source[source_b]:
                rows.append(("access", source_a, per_source[source_a], source_b, per_source[source_b]))
    return tuple(rows)


def epoch_agreement(evidence: dict[str, list[Evidence]]) -> tuple[int, int, list[str]]:
    """(models compared, models agreeing, model_ids that disagree).

    Compared: every model with a known Epoch "Model accessibility" and a known access from at
    least one other source. Agreeing: the access the other sources decide (same precedence, Epoch
    left out, no overrides) equals the one Epoch decides.
    """
    compared, agreeing, differing = 0, 0, []
    for model_id in sorted(evidence):
        items = evidence[model_id]
        epoch = _access_per_source([e for e in items if e.source in EPOCH_SOURCES])
        others = _access_per_source([e for e in items if e.source not in EPOCH_SOURCES])
        if not epoch or not others:
            continue
        compared += 1
        if next(iter(epoch.values())) == next(iter(others.values())):
            agreeing += 1
        else:
            differing.append(model_id)
    return compared, agreeing, differing
