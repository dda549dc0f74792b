"""The catalog commands as a user runs them: resolve (stdin -> CSV), catalog, unmatched."""
import csv
import io
import subprocess
import sys

from conftest import PROJECT

from collectors.store import DEMO_DATA_DIR


def collectors(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "collectors", *args], input=stdin, capture_output=True,
                          text=True, cwd=PROJECT, timeout=300)


def test_resolve_reads_names_and_writes_csv():
    names = "openai/gpt-4o\nlmarena\tGPT-4o-2024-08-06\nclaude-3-5-sonnet-20240620\nopenai/\n<b>x</b>\n"
    result = collectors("resolve", stdin=names)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["model_id"] for r in rows[:3]] == ["gpt-4o", "gpt-4o", "claude-3.5-sonnet"]
    assert rows[1]["variant"] == "2024-08-06" and rows[2]["variant"] == "2024-06-20"
    assert rows[3]["method"] == rows[4]["method"] == "unmatched"
    assert rows[3]["reason"] and rows[4]["reason"]


def test_catalog_rebuild_and_unmatched_queue(tmp_path):
    import shutil
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data, ignore=shutil.ignore_patterns("catalog"))
    built = collectors("catalog", "--data-dir", str(data))
    assert built.returncode == 0, built.stderr
    assert "models" in built.stdout and (data / "catalog" / "models.parquet").exists()
    queue = collectors("unmatched", "--data-dir", str(data))
    assert queue.returncode == 0
    assert "unmatched name" in queue.stdout or "no unmatched names" in queue.stdout


def test_catalog_without_snapshots_is_a_clear_error(tmp_path):
    result = collectors("catalog", "--data-dir", str(tmp_path))
    assert result.returncode == 1 and "no snapshots" in result.stderr
