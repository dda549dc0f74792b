"""Backfill from the recorded files: snapshots per date, provenance, idempotence, bad input."""
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import PROJECT, skip_without_recorded

from collectors import config, pipeline
from collectors.store import Store, sha256_file

SPINE = ["lmarena", "epoch_models", "llm_prices"]


def backfill(from_dir, data_dir, *names):
    return subprocess.run([sys.executable, "-m", "collectors", "backfill", "--from", str(from_dir),
                           "--data-dir", str(data_dir), *names],
                          capture_output=True, text=True, cwd=PROJECT, timeout=300)


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory, request):
    from conftest import RECORDED
    if not RECORDED.is_dir():
        pytest.skip(f"recorded source files not found at {RECORDED}")
    data = tmp_path_factory.mktemp("data")
    first = backfill(RECORDED, data, *SPINE)
    return RECORDED, data, first


@skip_without_recorded()
def test_backfill_publishes_every_spine_source(backfilled):
    _, data, first = backfilled
    assert first.returncode == 0, first.stdout + first.stderr
    entries = Store(data).entries()
    by_source = pd.DataFrame(entries).groupby("source")["snapshot_date"].nunique()
    assert by_source["lmarena"] > 100  # the history's dates plus the dated tables
    assert by_source["epoch_models"] == 2 and by_source["llm_prices"] == 1
    for source in SPINE:
        assert f"{source}: published" in first.stdout  # one summary line per source


@skip_without_recorded()
def test_every_manifest_hash_matches_and_every_row_has_provenance(backfilled):
    _, data, _ = backfilled
    store = Store(data)
    for entry in store.entries():
        assert sha256_file(store.path_of(entry)) == entry["sha256"], entry["path"]
        frame = store.read_snapshot(entry)
        assert len(frame) == entry["rows"]
        for column in ("source", "source_url", "captured_at", "snapshot_date"):
            assert frame[column].notna().all(), (entry["path"], column)
        assert (frame["snapshot_date"].dt.strftime("%Y-%m-%d") == entry["snapshot_date"]).all()
        assert frame["source_url"].str.startswith("https://").all()


@skip_without_recorded()
def test_second_backfill_changes_nothing(backfilled):
    recorded, data, _ = backfilled
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file() and p.suffix != ".lock"}
    again = backfill(recorded, data, *SPINE)
    assert again.returncode == 0, again.stderr
    after = {p: p.read_bytes() for p in data.rglob("*") if p.is_file() and p.suffix != ".lock"}
    assert before == after
    assert "already published" in again.stdout


@skip_without_recorded()
def test_history_dates_become_their_own_snapshots(backfilled):
    recorded, data, _ = backfilled
    history = pd.read_csv(recorded / "lmarena/arena_elo_history_alltime_2023-05_to_2025-03.csv")
    day = "2023-08-02"
    snap = pd.read_parquet(data / f"snapshots/lmarena/{day}.parquet")
    expected = history[history["date"] == int(day.replace("-", ""))]
    assert sorted(snap["model_key"]) == sorted(expected["key"])


@skip_without_recorded()
def test_a_broken_file_fails_its_date_only_and_other_sources_continue(tmp_path):
    from conftest import RECORDED
    fixtures = tmp_path / "fixtures"
    (fixtures / "lmarena").mkdir(parents=True)
    shutil.copy(RECORDED / "lmarena/fboulnois_lmsys_2024-06-19.csv", fixtures / "lmarena")
    good = (RECORDED / "lmarena/fboulnois_lmsys_2024-12-31.csv").read_bytes()
    (fixtures / "lmarena/fboulnois_lmsys_2024-12-31.csv").write_bytes(good[: len(good) // 3] + b'"\n')
    (fixtures / "llm_prices_simonw/2026-08-05").mkdir(parents=True)
    shutil.copy(RECORDED / "llm_prices_simonw/2026-08-05/xai.json", fixtures / "llm_prices_simonw/2026-08-05")
    data = tmp_path / "data"
    result = backfill(fixtures, data, "lmarena", "llm_prices")
    assert result.returncode == 1
    assert "fboulnois_lmsys_2024-12-31.csv" in result.stdout and "FAILED" in result.stdout
    dates = {(e["source"], e["snapshot_date"]) for e in Store(data).entries()}
    assert dates == {("lmarena", "2024-06-19"), ("llm_prices", "2026-08-05")}
    assert not (data / "snapshots/lmarena/2024-12-31.parquet").exists()


def test_missing_column_file_is_reported_with_file_and_column(tmp_path):
    fixtures = tmp_path / "fixtures" / "lmarena"
    fixtures.mkdir(parents=True)
    (fixtures / "fboulnois_lmsys_2024-01-01.csv").write_text(
        "rank,model,95_pct_ci,votes,organization,license\n1,A,+1/-1,5,Org,MIT\n")
    result = backfill(tmp_path / "fixtures", tmp_path / "data", "lmarena")
    assert result.returncode == 1
    assert "fboulnois_lmsys_2024-01-01.csv" in result.stdout and "arena_score" in result.stdout
    assert not (tmp_path / "data" / "manifest.jsonl").exists()


def test_run_without_network_fails_per_source_and_writes_nothing(tmp_path):
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text('[llm_prices]\nurls = ["http://127.0.0.1:9/nothing.json"]\ncadence = "1d"\n'
                            'licence = "test"\n')
    result = subprocess.run([sys.executable, "-m", "collectors", "run", "llm_prices", "--data-dir",
                             str(tmp_path / "data"), "--sources", str(sources_file)],
                            capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("llm_prices:")]
    assert len(lines) == 1 and "FAILED" in lines[0]
    assert not list((tmp_path / "data").glob("snapshots/**/*.parquet"))
    assert Store(tmp_path / "data").entries() == []


def test_file_dates_come_from_name_or_folder(tmp_path):
    base = tmp_path / "src"
    assert pipeline.file_date(base / "a_20240515.csv", base).isoformat() == "2024-05-15"
    assert pipeline.file_date(base / "2026-08-05" / "x.json", base).isoformat() == "2026-08-05"
    assert pipeline.file_date(base / "history_2023-05_to_2025-03.csv", base) is None


def test_sources_file_names_every_spine_source():
    configs = config.load()
    for name in SPINE:
        assert configs[name].urls and configs[name].cadence.total_seconds() > 0


def test_status_reports_each_source(tmp_path):
    result = subprocess.run([sys.executable, "-m", "collectors", "status", "--json", "--data-dir",
                             str(tmp_path)], capture_output=True, text=True, cwd=PROJECT, timeout=60)
    rows = json.loads(result.stdout)
    assert {r["source"] for r in rows} >= set(SPINE)
    assert all(r["last_snapshot"] is None and r["stale"] for r in rows)
    assert result.returncode == 1  # never collected counts as stale
