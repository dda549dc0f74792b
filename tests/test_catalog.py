"""The model catalog: name rules, the alias file, bad input, openness, and the catalog built from the
recorded sources (every mention accounted for, deterministic, atomic write)."""
import atexit
import csv
import functools
import io
import math
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CAPTURED, RECORDED, as_snapshot, skip_without_recorded

from collectors import config, pipeline, sources
from collectors.catalog import fuzzy, openness
from collectors.catalog.build import Catalog, attach_ids, build_catalog, mention_name
from collectors.catalog.names import Resolver, resolve
from collectors.catalog.reference import (
    Alias,
    Organization,
    Override,
    ReferenceTableError,
    load_aliases,
    load_organizations,
    load_overrides,
)
from collectors.catalog.report import resolve_lines, unmatched_report
from collectors.store import Store

# ---- the recorded sources, backfilled once per test session (shared with test_catalog_quality) -------


@functools.cache
def recorded_store() -> Store:
    """A store holding a backfill of every registered source from the recorded files."""
    folder = Path(tempfile.mkdtemp(prefix="catalog-backfill-"))
    atexit.register(shutil.rmtree, folder, True)
    store = Store(folder)
    pipeline.backfill(store, RECORDED, list(sources.SOURCE_MODULES), config.load(), progress=False)
    return store


@functools.cache
def recorded_catalog() -> tuple[Catalog, float]:
    """The catalog built from recorded_store(), and the seconds the build took."""
    store = recorded_store()
    started = time.perf_counter()
    catalog = build_catalog(store)
    return catalog, time.perf_counter() - started


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    if not RECORDED.is_dir():
        pytest.skip(f"recorded source files not found at {RECORDED}")
    return recorded_catalog()[0]


# ---- rules ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "model_id", "variant"), [
    # spellings of one model from the issue
    ("gpt-4o-2024-08-06", "gpt-4o", "2024-08-06"),
    ("openai/gpt-4o", "gpt-4o", ""),
    ("GPT-4o (Aug '24)", "gpt-4o", "2024-08"),
    ("Llama-3-70b-Instruct", "llama-3-70b", "instruct"),
    ("meta-llama/llama-3-70b-instruct", "llama-3-70b", "instruct"),
    ("Meta-Llama-3-70B", "llama-3-70b", ""),
    ("Meta-Llama-3.1-8B-Instruct", "llama-3.1-8b", "instruct"),
    ("Claude 3.5 Sonnet (Oct 2024)", "claude-3.5-sonnet", "2024-10"),
    ("claude-3-5-sonnet-20240620", "claude-3.5-sonnet", "2024-06-20"),
    ("DeepSeek-R1-Distill-Llama-70B", "deepseek-r1-distill-llama-70b", ""),
    ("gemini-2.5-flash-lite", "gemini-2.5-flash-lite", ""),
    # host, vendor and region prefixes
    ("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3.5-sonnet", "2024-06-20+v1:0"),
    ("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3.5-sonnet", "2024-10-22+v2:0"),
    ("fireworks_ai/accounts/fireworks/models/llama-v3p1-405b-instruct", "llama-3.1-405b", "instruct"),
    ("vertex_ai/claude-opus-4@20250514", "claude-opus-4", "2025-05-14"),
    ("models/gemini-1.5-pro-002", "gemini-1.5-pro", "002"),
    ("azure/gpt-35-turbo-0613", "gpt-3.5-turbo", "0613"),
    ("databricks/databricks-meta-llama-3-1-70b-instruct", "llama-3.1-70b", "instruct"),
    ("deepseek.v3-v1:0", "deepseek-v3", "v1:0"),
    # date stamps
    ("gemini-1.5-flash-preview-0514", "gemini-1.5-flash", "0514+preview"),
    ("gemini-2.5-pro-preview-05-06", "gemini-2.5-pro", "05-06+preview"),
    ("Command R+ (08-2024)", "command-r-plus", "2024-08"),
    ("chatgpt-4o-11-25-2024", "chatgpt-4o", "2024-11-25"),
    # thinking, effort, precision, tiers, batch/fast, base/instruct/chat
    ("claude-3-7-sonnet-20250219-thinking-32k", "claude-3.7-sonnet", "2025-02-19+thinking+32k"),
    ("qwen/qwen-plus-2025-07-28:thinking", "qwen-plus", "2025-07-28+thinking"),
    ("o3-mini (high)", "o3-mini", "high"),
    ("gpt-5-2025-08-07_minimal", "gpt-5", "2025-08-07+minimal"),
    ("Meta-Llama-3.1-405B-Instruct-fp8", "llama-3.1-405b", "instruct+fp8"),
    ("codellama-7b-instruct-awq", "codellama-7b", "instruct+awq"),
    ("ollama/qwen2.5:32b-instruct-q8_0", "qwen-2.5-32b", "q8_0+instruct"),
    ("openai/gpt-4o:free", "gpt-4o", "free"),
    ("anthropic/claude-3.5-sonnet:beta", "claude-3.5-sonnet", "beta"),
    ("meta-llama/llama-3-70b-instruct:nitro", "llama-3-70b", "nitro+instruct"),
    ("openai/o3-mini:batch", "o3-mini", "batch"),
    ("anthropic/claude-opus-4.7-fast", "claude-opus-4.7", "fast"),
    ("deepseek-coder-33b-base", "deepseek-coder-33b", "base"),
    ("Qwen1.5-72B-Chat", "qwen-1.5-72b", "chat"),
])
def test_rules_give_one_identity_and_the_variant(name, model_id, variant):
    result = resolve(name)
    assert (result.model_id, result.variant, result.method) == (model_id, variant, "rule"), result


@pytest.mark.parametrize(("a", "b"), [
    ("llama-3.1-8b", "llama-3.1-70b"),            # parameter counts
    ("llama-3-70b-instruct", "llama-3.1-70b-instruct"),  # version numbers
    ("gpt-4", "gpt-4o"), ("gpt-4o", "gpt-4-turbo"), ("gpt-4o", "gpt-4o-mini"),
    ("gpt-4.1-mini", "gpt-4.1-nano"), ("gemini-2.5-flash", "gemini-2.5-flash-lite"),
    ("gemini-2.5-pro", "gemini-2.5-flash"), ("claude-3-haiku", "claude-3-5-haiku"),
    ("o3", "o3-pro"), ("qwen3-max", "qwen3-coder-plus"), ("mixtral-8x7b", "mixtral-8x22b"),
    ("DeepSeek-R1-Distill-Llama-70B", "DeepSeek-R1"),
    ("DeepSeek-R1-Distill-Llama-70B", "Llama-3.3-70B-Instruct"),
    ("grok-4-fast", "grok-4"), ("command-r", "command-r-plus"),
])
def test_sizes_versions_and_siblings_stay_in_the_identity(a, b):
    assert resolve(a).model_id != resolve(b).model_id


def test_claude_word_order_and_bedrock_versions_meet():
    assert resolve("claude-4-opus-20250514").model_id == resolve("claude-opus-4-20250514").model_id \
        == "claude-opus-4"
    assert resolve("anthropic.claude-v2").model_id == resolve("Claude 2").model_id == "claude-2"
    assert resolve("anthropic.claude-v2:1").model_id == resolve("claude-2.1").model_id == "claude-2.1"


def test_latest_is_the_undated_model_never_a_dated_row():
    latest = resolve("claude-3-5-sonnet-latest")
    assert (latest.model_id, latest.variant) == ("claude-3.5-sonnet", "latest")
    # Mistral's dates name versions: -latest is the product line, not the first (2402) version
    mistral = resolve("mistral-large-latest")
    assert (mistral.model_id, mistral.variant) == ("mistral-large", "latest")
    assert resolve("mistral-large-2402").model_id == "mistral-large-1"
    assert resolve("mistral-large-2407").model_id == "mistral-large-2"


def test_hub_derivatives_keep_their_namespace_but_vendor_repos_and_reuploads_do_not():
    assert resolve("meta-llama/Meta-Llama-3-8B-Instruct", "open_llm_leaderboard").model_id == "llama-3-8b"
    assert resolve("unsloth/Kimi-K3", "huggingface").model_id == resolve("moonshotai/Kimi-K3").model_id
    derived = resolve("ministral/Ministral-3b-instruct", "open_llm_leaderboard")
    assert derived.model_id == "ministral-3b-by-ministral"  # a 2023 community model, not Mistral's
    assert resolve("failspy/llama-3-70B-Instruct-abliterated", "open_llm_leaderboard").model_id \
        == "llama-3-70b-abliterated-by-failspy"


# ---- bad input -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "reason_part"), [
    ("", "empty"), ("   \t ", "empty"), (None, "no name"), (math.nan, "no name"),
    ("openai/", "provider prefix"), ("meta-llama/", "provider prefix"), ("OpenAI", "provider name"),
    ("x" * 201, "longer than 200"), ("<script>alert(1)</script>", "markup"), ("gpt-4o<b>", "markup"),
    ("gpt&lt;4", "markup"), ("gpt-4o\x00", "control"),
    ("DeepSeek R1 + claude-3-5-sonnet-20241022", "more than one model"),
    ("openrouter/auto", "router"), ("fireworks-ai-up-to-16b", "price bucket"),
    ("Claude", "only a family name"), ("llama", "only a family name"),
])
def test_bad_input_is_unmatched_with_a_reason(name, reason_part):
    result = resolve(name)
    assert result.model_id is None and result.method == "unmatched"
    assert reason_part in result.reason


def test_a_long_but_legal_name_is_still_resolved():
    name = "a" * 190 + "-7b"
    assert resolve(name).model_id == name


# ---- the alias file -------------------------------------------------------------------------------------

def test_aliases_win_over_rules_and_can_be_source_specific():
    resolver = Resolver([
        Alias("", "gpt-4-1106", "gpt-4-turbo", "", "GPT-4 Turbo preview"),
        Alias("arena", "mystery-model", "gpt-4o", "2024-05-13", "checked"),
        Alias("", "router-x", "", "", "a router"),
    ])
    turbo = resolver.resolve("openai/gpt-4-1106-preview")
    assert (turbo.model_id, turbo.method, turbo.variant) == ("gpt-4-turbo", "alias", "1106+preview")
    assert resolver.resolve("gpt-4-1106-preview").model_id == "gpt-4-turbo"
    assert resolver.resolve("mystery-model", "arena").model_id == "gpt-4o"
    assert resolver.resolve("mystery-model", "other").model_id == "mystery-model"  # rules only
    router = resolver.resolve("router-x")
    assert router.model_id is None and router.reason == "alias file: a router"


def test_mistral_dates_without_an_alias_go_to_the_queue():
    result = resolve("mistralai/mistral-large-2609")
    assert result.model_id is None and "model_aliases.csv" in result.reason


def test_project_reference_tables_load_and_are_consistent():
    aliases = load_aliases()
    assert any(a.name == "mistral-large-2407" and a.model_id == "mistral-large-2" for a in aliases)
    organizations = load_organizations()
    for alias in ("Meta AI", "Meta", "Facebook AI Research", "FAIR"):
        assert organizations[alias.lower()].organization == "Meta"
    for alias in ("Google", "Google DeepMind", "DeepMind", "Google Brain"):
        assert organizations[alias.lower()].organization == "Google"
    for alias in ("Alibaba", "Qwen", "Alibaba Cloud"):
        assert organizations[alias.lower()].organization == "Alibaba"
    assert organizations["mistral"].organization == organizations["mistral ai"].organization == "Mistral AI"
    assert load_overrides()["qwen-max"].access == "closed"


@pytest.mark.parametrize(("text", "message"), [
    ("source,name,model_id\n,a,b\n", "header"),
    ("source,name,model_id,variant,note\n,a,Bad Id,,\n", "not lower-case"),
    ("source,name,model_id,variant,note\n,a,b,c\n", "fields"),
    ("source,name,model_id,variant,note\n,,b,,\n", "empty name"),
])
def test_a_malformed_alias_file_names_the_problem(tmp_path, text, message):
    path = tmp_path / "aliases.csv"
    path.write_text(text)
    with pytest.raises(ReferenceTableError, match=message):
        load_aliases(path)


def test_reference_tables_skip_comments_and_check_values(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("# reviewed\nsource,name,model_id,variant,note\n\n# a comment line\n*,foo,bar,,note\n")
    assert load_aliases(path) == [Alias("", "foo", "bar", "", "note")]
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("model_id,access,licence_class,reason\nx,maybe,unknown,checked\n")
    with pytest.raises(ReferenceTableError, match="access 'maybe'"):
        load_overrides(overrides)
    overrides.write_text("model_id,access,licence_class,reason\nx,closed,proprietary,\n")
    with pytest.raises(ReferenceTableError, match="needs a reason"):
        load_overrides(overrides)
    organizations = tmp_path / "organizations.csv"
    organizations.write_text("alias,organization,country\nMeta,Meta,\nmeta,Meta AI,\n")
    with pytest.raises(ReferenceTableError, match="listed twice"):
        load_organizations(organizations)


# ---- fuzzy proposals ------------------------------------------------------------------------------------

def test_fuzzy_only_proposes_and_needs_a_shared_word():
    found = fuzzy.propose("us.mistral.pixtral-large-2502-v1:0",
                          ["pixtral-large", "pixtral-12b", "qwen-2.5-72b"])
    assert found[0][0] == "pixtral-large"
    assert "qwen-2.5-72b" not in [model_id for model_id, _ in found]
    assert fuzzy.propose("together-ai-4.1b-8b", ["llama-3-8b", "qwen-2.5-7b"]) == []
    assert fuzzy.format_candidates([("a", 91.04), ("b", 80.0)]) == "a (91); b (80)"


# ---- openness -------------------------------------------------------------------------------------------

def _evidence(*items):
    return [openness.Evidence(source, access, licence_class, 1) for source, access, licence_class in items]


def test_openness_precedence_records_disagreements():
    decided = openness.decide(_evidence(("lmarena", "open_weights", "permissive"),
                                        ("epoch_models", "closed", "proprietary"),
                                        ("openrouter", "unknown", "unknown")))
    assert (decided.access, decided.licence_class) == ("closed", "proprietary")
    assert decided.decided_by == "epoch_models"
    assert decided.access_sources == "epoch_models=closed; lmarena=open_weights"
    assert decided.disagreements == (("access", "epoch_models", "closed", "lmarena", "open_weights"),)


def test_openness_licence_class_prefers_licence_texts_and_overrides_win():
    evidence = _evidence(("epoch_models", "open_weights", "permissive"),
                         ("lmarena", "open_weights", "open_restricted"))
    # a licence text ("Llama 3 Community") says more than Epoch's accessibility wording
    assert openness.decide(evidence).licence_class == "open_restricted"
    override = Override("x", "closed", "proprietary", "checked the vendor page")
    decided = openness.decide(evidence, override)
    assert (decided.access, decided.licence_class) == ("closed", "proprietary")
    assert decided.decided_by == "overrides_file"
    assert decided.access_sources.startswith("overrides_file=closed; ")
    nobody = openness.decide(_evidence(("openrouter", "unknown", "unknown")))
    assert (nobody.access, nobody.licence_class) == ("unknown", "unknown")


def test_epoch_accessibility_wording_gives_a_licence_class():
    assert openness.epoch_licence_class("Open weights (unrestricted)") == "permissive"
    assert openness.epoch_licence_class("Open access (non-commercial)") == "open_restricted"
    assert openness.epoch_licence_class("API access") == "proprietary"
    assert openness.epoch_licence_class(None) == "unknown"


# ---- the resolve command's text ---------------------------------------------------------------------------

def test_resolve_lines_writes_csv_with_optional_sources():
    text = resolve_lines(["gpt-4o-2024-08-06\n", "epoch_benchmarks\tdeepseek-chat\n", "deepseek-chat\n", "\n",
                          "openai/\n", "<b>bold</b>\n"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["name", "model_id", "variant", "method", "reason"]
    assert (rows[0]["model_id"], rows[0]["variant"], rows[0]["method"]) == ("gpt-4o", "2024-08-06", "rule")
    assert (rows[1]["name"], rows[1]["model_id"]) == ("deepseek-chat", "deepseek-v3.2")
    assert rows[1]["method"] == "alias"
    assert rows[2]["model_id"] == "deepseek-chat"  # without a source: the API alias itself
    assert [r["method"] for r in rows[3:]] == ["unmatched"] * 3
    assert all(r["reason"] for r in rows[3:])


def test_attach_ids_with_a_resolver_uses_the_preferred_name_field():
    frame = pd.DataFrame({"source": ["openrouter", "aider", "lmarena"],
                          "model_key": ["openai/gpt-4o", "gpt-4o-2024-08-06|diff", None],
                          "model_name": ["OpenAI: GPT-4o", "gpt-4o-2024-08-06", "Claude 3 Opus"]})
    out = attach_ids(frame, Resolver([]))
    assert out["model_id"].tolist() == ["gpt-4o", "gpt-4o", "claude-3-opus"]
    assert out["variant"].tolist() == ["", "2024-08-06", ""]
    assert mention_name("aider", "x|diff", "x") == "x"


# ---- a small store of our own --------------------------------------------------------------------------

def _publish(store: Store, source: str, rows: list[dict]) -> None:
    frame = as_snapshot(pd.DataFrame(rows), source)
    store.publish(source, CAPTURED.date(), frame, captured_at=CAPTURED, inputs=[])


@pytest.fixture
def small_store(tmp_path) -> Store:
    store = Store(tmp_path / "data")
    score = {"kind": "scores", "benchmark": "arena_text", "score": 1200.0, "as_of": "2025-01-01"}
    _publish(store, "lmarena", [
        {**score, "model_key": "gpt-4o-2024-08-06", "model_name": "GPT-4o-2024-08-06",
         "organization": "OpenAI", "license": "Proprietary", "access": "closed"},
        {**score, "model_key": "llama-3.1-70b-instruct", "model_name": "Meta-Llama-3.1-70B-Instruct",
         "organization": "Meta", "license": "Llama 3.1 Community", "access": "open_weights"},
        {**score, "model_key": "<script>alert(1)</script>", "model_name": "<script>alert(1)</script>"},
        {**score, "model_key": "   ", "model_name": "   "},
    ])
    _publish(store, "epoch_models", [
        {"kind": "models", "model_key": "GPT-4o", "model_name": "GPT-4o", "organization": "OpenAI",
         "access": "closed", "license": "API access", "release_date": "2024-05-13"},
        {"kind": "models", "model_key": "Llama 3.1-70B", "model_name": "Llama 3.1-70B",
         "license": "API access", "organization": "Meta AI,Stanford", "access": "closed",
         "release_date": "2024-07-23"},
    ])
    return store


def test_a_small_store_gives_the_catalog_frames(small_store):
    orgs = {"meta ai": Organization("Meta AI", "Meta", "United States of America"),
            "meta": Organization("Meta", "Meta", "United States of America")}
    catalog = build_catalog(small_store, Resolver([]), orgs, {})
    models = catalog.models.set_index("model_id")
    assert sorted(models.index) == ["gpt-4o", "llama-3.1-70b"]
    assert models.loc["gpt-4o", "name"] == "GPT-4o"  # Epoch's undated name comes first
    assert models.loc["gpt-4o", "first_release_date"] == pd.Timestamp("2024-05-13")
    llama = models.loc["llama-3.1-70b"]
    # Epoch (wrongly, on purpose here) says closed: it wins, and the disagreement is kept with both values
    assert (llama["access"], llama["decided_by"], llama["organization"]) == ("closed", "epoch_models", "Meta")
    assert llama["disagreements"] and llama["access_sources"] == "epoch_models=closed; lmarena=open_weights"
    columns = ["model_id", "source_a", "value_a", "source_b", "value_b"]
    assert catalog.disagreements[columns].values.tolist() == \
        [["llama-3.1-70b", "epoch_models", "closed", "lmarena", "open_weights"]]
    queue = catalog.unmatched.set_index("name")
    assert queue.loc["<script>alert(1)</script>", "reason"] == "name contains markup or control characters"
    assert queue.loc["   ", "reason"] == "empty or whitespace-only name"
    assert catalog.stats["mention_rows"] == 6 and catalog.stats["unmatched_rows"] == 2
    override = {"llama-3.1-70b": Override("llama-3.1-70b", "open_weights", "open_restricted", "checked")}
    fixed = build_catalog(small_store, Resolver([]), orgs, override).models.set_index("model_id")
    assert (fixed.loc["llama-3.1-70b", "access"], fixed.loc["llama-3.1-70b", "licence_class"]) == \
        ("open_weights", "open_restricted")


def test_an_empty_store_gives_empty_frames(tmp_path):
    catalog = build_catalog(Store(tmp_path))
    assert all(frame.empty for frame in catalog.frames().values())
    assert catalog.write(tmp_path).is_dir()
    assert unmatched_report(catalog).startswith("no unmatched names")


# ---- the catalog of the recorded sources -------------------------------------------------------------

@skip_without_recorded()
def test_every_row_with_a_model_name_has_an_id_or_sits_in_the_queue(catalog):
    store = recorded_store()
    named_rows = 0
    for kind in ("models", "scores", "prices", "releases"):
        frame = store.read_kind(kind).reindex(columns=["model_key", "model_name"])
        named_rows += int((frame["model_key"].notna() | frame["model_name"].notna()).sum())
    mentions = catalog.mentions
    assert int(mentions["count"].sum()) == named_rows
    missing = mentions[mentions["model_id"].isna()]
    assert (missing["method"] == "unmatched").all() and missing["reason"].str.len().gt(0).all()
    queued = catalog.unmatched.set_index("name")
    assert set(missing["resolved_name"].fillna("")) == set(queued.index)
    assert int(queued["count"].sum()) == int(missing["count"].sum())
    assert len(missing) / len(mentions) < 0.01  # the queue is small: rules and aliases cover the rest


@skip_without_recorded()
def test_the_same_model_joins_across_sources(catalog):
    models = catalog.models.set_index("model_id")
    gpt4o = models.loc["gpt-4o"]
    for source in ("lmarena", "openrouter", "litellm", "epoch_models", "epoch_benchmarks", "aider",
                   "llm_prices"):
        assert source in gpt4o["sources"], source
    assert (gpt4o["organization"], gpt4o["access"]) == ("OpenAI", "closed")
    assert gpt4o["licence_class"] == "proprietary"
    llama = models.loc["llama-3.1-70b"]
    assert (llama["organization"], llama["country"], llama["access"]) == ("Meta", "United States of America",
                                                                          "open_weights")
    assert llama["licence_class"] == "open_restricted"  # "Llama 3.1 Community" (Arena) / hub tag llama3.1
    assert models.loc["claude-3.5-sonnet", "first_release_date"] == pd.Timestamp("2024-06-20")
    # Epoch's model_versions file dates Kimi-K2-Instruct-0905 2024-09-05 (a typo: its own capabilities
    # index says 2025-09-05); a date only one mention gives does not count when others agree on one
    assert models.loc["kimi-k2", "first_release_date"] == pd.Timestamp("2025-07-12")
    assert models.loc["llama-3.1-70b", "first_release_date"] == pd.Timestamp("2024-07-23")
    assert models.loc["gemma-2-27b", "organization"] == "Google"  # "Google" / "Google DeepMind" / "google"
    aliases = catalog.aliases[catalog.aliases["model_id"] == "claude-3.5-sonnet"]
    assert {"lmarena", "litellm", "aider", "epoch_benchmarks"} <= set(aliases["source"])
    assert "anthropic.claude-3-5-sonnet-20240620-v1:0" in set(aliases["name"])


@skip_without_recorded()
def test_disagreements_are_recorded_with_both_values(catalog):
    rows = catalog.disagreements
    qwen = rows[rows["model_id"] == "qwen-max"]  # LMArena lists Qwen-Max-0919 as open, -0428 as proprietary
    assert qwen[["source_a", "value_a", "source_b", "value_b"]].values.tolist() == \
        [["lmarena", "closed", "lmarena", "open_weights"]]
    models = catalog.models.set_index("model_id")
    assert models.loc["qwen-max", "disagreements"]
    assert models.loc["qwen-max", "decided_by"] == "overrides_file"
    hunyuan = rows[rows["model_id"] == "hunyuan-large"].iloc[0]
    assert (hunyuan["source_a"], hunyuan["value_a"], hunyuan["source_b"], hunyuan["value_b"]) == \
        ("epoch_models", "open_weights", "lmarena", "closed")
    assert models.loc["hunyuan-large", "access"] == "open_weights"  # Epoch comes first
    assert set(rows["field"]) == {"access"}


@skip_without_recorded()
def test_building_twice_gives_identical_frames(catalog):
    again = build_catalog(recorded_store())
    for name, frame in catalog.frames().items():
        pd.testing.assert_frame_equal(frame, again.frames()[name], obj=name)


@skip_without_recorded()
def test_write_is_atomic_and_reads_back(catalog, tmp_path):
    folder = catalog.write(tmp_path)
    assert folder == tmp_path / "catalog"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["aliases.parquet", "disagreements.parquet", "mentions.parquet", "models.parquet", "stats.json",
         "unmatched.parquet"])
    catalog.write(tmp_path)  # replacing an existing catalog leaves no temp folders behind
    assert [p.name for p in tmp_path.iterdir()] == ["catalog"]
    back = Catalog.read(tmp_path)
    for name, frame in catalog.frames().items():
        pd.testing.assert_frame_equal(frame, back.frames()[name], obj=name)
    assert back.stats == catalog.stats


@skip_without_recorded()
def test_attach_ids_with_the_catalog_matches_its_mentions(catalog):
    prices = recorded_store().read_kind("prices")
    joined = attach_ids(prices, catalog)
    assert len(joined) == len(prices)
    litellm = joined[joined["model_key"] == "bedrock/invoke/anthropic.claude-3-5-sonnet-20240620-v1:0"]
    assert set(litellm["model_id"]) == {"claude-3.5-sonnet"}
    missing = set(joined.loc[joined["model_id"].isna(), "model_key"])
    queued = catalog.mentions[(catalog.mentions["kind"] == "prices") & catalog.mentions["model_id"].isna()]
    assert missing == set(queued["model_key"])  # exactly the names in the unmatched queue
    assert {"together-ai-4.1b-8b", "openrouter/switchpoint/router"} <= missing
    assert joined["model_id"].notna().mean() > 0.98


@skip_without_recorded()
def test_unmatched_report_lists_the_queue(catalog):
    text = unmatched_report(catalog)
    assert text.startswith(f"{len(catalog.unmatched)} unmatched name(s)")
    assert "DeepSeek R1 + claude-3-5-sonnet-20241022" in text and "names more than one model" in text
    empty = Catalog(catalog.mentions, catalog.models, catalog.aliases, catalog.unmatched.iloc[0:0],
                    catalog.disagreements)
    assert unmatched_report(empty).startswith("no unmatched names")
