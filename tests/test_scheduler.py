"""The scheduler as a real process: runs due sources, fixed job ids, clean stop on SIGTERM."""
import datetime as dt
import functools
import http.server
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import PROJECT, RECORDED, skip_without_recorded

from collectors import config, scheduler
from collectors.store import Store

PRICES = RECORDED / "llm_prices_simonw" / "2026-08-05"


@pytest.fixture
def server():
    """Serves the recorded llm-prices files where they lie, on 127.0.0.1."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(PRICES))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def sources_file(tmp_path, base, cadence="1d"):
    path = tmp_path / "sources.toml"
    path.write_text(f'[llm_prices]\nurls = ["{base}/deepseek.json", "{base}/xai.json"]\n'
                    f'cadence = "{cadence}"\nlicence = "test"\n')
    return path


def collectors_cmd(*args):
    return [sys.executable, "-m", "collectors", *args]


@skip_without_recorded()
def test_schedule_service_collects_then_stops_cleanly_on_sigterm(tmp_path, server):
    data = tmp_path / "data"
    proc = subprocess.Popen(collectors_cmd("schedule", "llm_prices", "--data-dir", str(data), "--sources",
                                           str(sources_file(tmp_path, server))),
                            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not Store(data).entries():
            time.sleep(0.5)
        assert [e["source"] for e in Store(data).entries()] == ["llm_prices"]
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert "scheduled collect:llm_prices" in out and "scheduler stopped" in out
    assert Store(data).entries()[0]["rows"] == 27  # 5 deepseek + 22 xai price rows


@skip_without_recorded()
def test_once_runs_only_what_is_due(tmp_path, server):
    data = tmp_path / "data"
    args = ("schedule", "--once", "llm_prices", "--data-dir", str(data), "--sources",
            str(sources_file(tmp_path, server)))
    first = subprocess.run(collectors_cmd(*args), cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "llm_prices: published 1 snapshot" in first.stdout
    second = subprocess.run(collectors_cmd(*args), cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "nothing due" in second.stdout


def test_restarts_keep_one_job_per_source_with_fixed_ids(tmp_path):
    configs = {"llm_prices": config.SourceConfig("llm_prices", ("http://127.0.0.1:9/x.json",),
                                                 dt.timedelta(days=1), "test")}
    store = Store(tmp_path)
    for _ in range(3):  # three restarts against the same persistent job store
        sched = scheduler.build(store, configs, ["llm_prices"], None, blocking=False)
        sched.start(paused=True)
        jobs = sched.get_jobs()
        sched.shutdown(wait=False)
    assert [job.id for job in jobs] == ["collect:llm_prices"]
    job = jobs[0]
    assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time == 3600
    assert job.trigger.interval == dt.timedelta(days=1)
    assert (tmp_path / "scheduler.sqlite").exists()


def test_due_sources_follow_cadence(tmp_path):
    import pandas as pd
    store = Store(tmp_path)
    at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    frame = pd.DataFrame({"kind": ["prices"], "source": "llm_prices", "source_url": "https://e.org",
                          "captured_at": pd.Timestamp(at), "snapshot_date": pd.Timestamp(at.date()),
                          "model_key": "m", "model_name": "M", "provider": "p",
                          "input_usd_per_mtok": 1.0, "output_usd_per_mtok": 2.0,
                          "cached_input_usd_per_mtok": None, "effective_from": None, "effective_to": None})
    store.publish("llm_prices", at.date(), frame, captured_at=at, inputs=[])
    configs = {"llm_prices": config.SourceConfig("llm_prices", ("https://e.org",), dt.timedelta(days=1), "")}
    def due(hours):
        return scheduler.due_sources(store, configs, ["llm_prices"], at + dt.timedelta(hours=hours))
    assert due(23) == []
    assert due(24) == ["llm_prices"]


def test_weekly_export_job_runs_mondays_at_six_utc(tmp_path):
    configs = {"llm_prices": config.SourceConfig("llm_prices", ("http://127.0.0.1:9/x.json",),
                                                 dt.timedelta(days=1), "test")}
    weekly = [("export:weekly", scheduler.export_job, scheduler.WEEKLY_EXPORT, [str(tmp_path), None])]
    sched = scheduler.build(Store(tmp_path), configs, ["llm_prices"], None, extra_jobs=weekly, blocking=False)
    sched.start(paused=True)
    job = sched.get_job("export:weekly")
    fire = job.trigger.get_next_fire_time(None, dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC))  # a Wednesday
    sched.shutdown(wait=False)
    assert fire == dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)  # the next Monday, 06:00 UTC


def test_export_job_writes_the_week_that_just_ended(tmp_path):
    import shutil

    from collectors.store import DEMO_DATA_DIR
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    scheduler.export_job(str(data), None, now=dt.datetime(2026, 8, 24, 6, tzinfo=dt.UTC))  # Monday of W35
    assert (data / "exports" / "2026-W34" / "manifest.json").exists()
