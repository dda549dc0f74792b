"""Measured quality of the catalog: precision and recall of "same model_id" on hand-labelled name pairs
drawn from the recorded sources, and openness agreement with Epoch's "Model accessibility".

Run with `pytest -s tests/test_catalog_quality.py` to see the figures.
"""
import csv
from pathlib import Path

from conftest import skip_without_recorded
from test_catalog import recorded_catalog, recorded_store

from collectors.catalog.names import resolve

PAIRS = Path(__file__).resolve().parent / "fixtures" / "catalog" / "labelled_pairs.csv"


def labelled_pairs() -> list[dict]:
    with open(PAIRS, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def confusion(pairs: list[dict]) -> dict[str, list[dict]]:
    """Pairs by outcome: a pair is predicted "same" when both names resolve to one model_id."""
    out = {"tp": [], "fp": [], "fn": [], "tn": []}
    for pair in pairs:
        a, b = resolve(pair["name_a"], pair["source_a"]), resolve(pair["name_b"], pair["source_b"])
        predicted = a.model_id is not None and a.model_id == b.model_id
        gold = pair["same"] == "1"
        out[("t" if predicted == gold else "f") + ("p" if predicted else "n")].append(pair)
    return out


def test_the_labelled_set_is_large_balanced_and_holds_the_traps():
    pairs = labelled_pairs()
    assert len(pairs) >= 300
    assert {p["same"] for p in pairs} == {"0", "1"}
    assert sum(p["same"] == "1" for p in pairs) >= 100 and sum(p["same"] == "0" for p in pairs) >= 100
    assert all(p["name_a"] and p["name_b"] and p["source_a"] and p["source_b"] and p["trap"] for p in pairs)
    by_names = {(p["name_a"], p["name_b"]): p["same"] for p in pairs}
    for names, same in [
        (("gpt-4-0613", "gpt-4o-2024-05-13"), "0"),                          # gpt-4 vs gpt-4o
        (("GPT-4", "gpt-4-turbo-2024-04-09"), "0"),                          # gpt-4 vs gpt-4-turbo
        (("meta-llama/llama-3-70b-instruct", "Meta-Llama-3.1-70B-Instruct"), "0"),  # llama 3 vs 3.1
        (("claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"), "1"),  # dated variants of one model
        (("gpt-4.1-mini", "gpt-4.1-nano"), "0"),                             # siblings
        (("DeepSeek-R1", "DeepSeek-R1-Distill-Qwen-14B"), "0"),               # distill vs base
        (("mistral-large-latest", "mistral-large-2402"), "0"),               # -latest vs a dated version
        (("meta-llama/llama-4-maverick", "Llama-4-Maverick-17B-128E-Instruct-FP8"), "1"),  # cross-source
    ]:
        assert by_names.get(names) == same, names
    assert {"openrouter", "litellm", "lmarena", "epoch_benchmarks", "epoch_models"} <= \
        {p["source_a"] for p in pairs} | {p["source_b"] for p in pairs}


@skip_without_recorded()
def test_every_labelled_name_occurs_in_the_recorded_snapshots():
    store = recorded_store()
    seen = set()
    for kind in ("models", "scores", "prices", "releases"):
        frame = store.read_kind(kind).reindex(columns=["source", "model_key", "model_name"])
        for column in ("model_key", "model_name"):
            seen.update(zip(frame["source"], frame[column], strict=True))
    missing = [(p[f"source_{s}"], p[f"name_{s}"]) for p in labelled_pairs() for s in "ab"
               if (p[f"source_{s}"], p[f"name_{s}"]) not in seen]
    assert not missing, missing[:10]


def test_precision_and_recall_of_same_model_id():
    outcome = confusion(labelled_pairs())
    tp, fp, fn, tn = (len(outcome[k]) for k in ("tp", "fp", "fn", "tn"))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\nlabelled pairs: {tp + fp + fn + tn} ({tp + fn} same, {fp + tn} different)")
    print(f"precision {precision:.4f}  recall {recall:.4f}  (tp={tp} fp={fp} fn={fn} tn={tn})")
    for kind in ("fp", "fn"):
        for pair in outcome[kind]:
            print(f"  {kind}: {pair['name_a']!r} vs {pair['name_b']!r} ({pair['trap']})")
    assert precision >= 0.99, outcome["fp"]
    assert recall >= 0.95, outcome["fn"]


@skip_without_recorded()
def test_openness_agrees_with_epoch_model_accessibility():
    catalog, seconds = recorded_catalog()
    compared, agreeing = catalog.stats["epoch_compared"], catalog.stats["epoch_agreeing"]
    share = agreeing / compared
    print(f"\nopenness agreement with Epoch 'Model accessibility': {agreeing}/{compared} = {share:.4f} "
          f"(models with a known Epoch access and a known access from another source)")
    print(f"catalog build over the backfill of every recorded file: {seconds:.2f} s, "
          f"{catalog.stats['mention_rows']} rows, {catalog.stats['models']} models, "
          f"{catalog.stats['unmatched_names']} unmatched names")
    assert compared >= 100
    assert share >= 0.98
