"""Network and crash faults, against a local server on 127.0.0.1 (never the internet).

Client-level tests drive PoliteSession with a short policy and count the attempts the server saw.
End-to-end tests drive pipeline.run (or `python -m collectors`) on llm_prices, whose recorded
per-vendor JSON files the local server serves: a good snapshot is published first, then the fault
is injected, and the store must still serve the good snapshot, unchanged. docs/reliability.md
lists every fault with the test that shows its behaviour.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT, RECORDED, skip_without_recorded
from fault_server import (
    FaultServer,
    Step,
    emptied,
    ok,
    recorded_bytes,
    redirect,
    renamed_key,
    slow_headers,
    status,
    trickle,
    truncated,
    without_length,
)

from collectors import config, pipeline, quarantine
from collectors.errors import FetchError, StoreError
from collectors.http import HttpPolicy, PoliteSession
from collectors.sources import llm_prices
from collectors.store import Store, sha256_file

pytestmark = skip_without_recorded()

RECORDED_DAY = "llm_prices_simonw/2026-08-05"
DAY1 = dt.datetime(2026, 8, 5, 6, tzinfo=dt.UTC)
DAY2 = DAY1 + dt.timedelta(days=1)
DAY3 = DAY1 + dt.timedelta(days=2)
FAST = HttpPolicy(connect_timeout=1.0, read_timeout=0.5, max_bytes=20_000, retries=2, backoff=0,
                  retry_after_cap=1, host_delay=0)
OUR_ROBOTS_GROUP = "User-agent: ai-landscape-dashboard\nDisallow: {path}\n\nUser-agent: *\nAllow: /\n"


def vendor_bytes(vendor: str) -> bytes:
    return recorded_bytes(f"{RECORDED_DAY}/{vendor}.json")


def data_path(vendor: str) -> str:
    return f"/simonw/llm-prices/main/data/{vendor}.json"


def session_for(server: FaultServer, **policy) -> PoliteSession:
    return PoliteSession({server.host}, replace(FAST, **policy))


def fetch_error(server: FaultServer, path: str, *steps: Step, accept=("json",), **policy) -> str:
    url = server.script(path, *steps)
    with pytest.raises(FetchError) as caught:
        session_for(server, **policy).get(url, accept=accept)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("http://")  # one line, naming the URL
    return message


@pytest.fixture
def server():
    with FaultServer() as running:
        yield running


# ---- client level: PoliteSession against each fault ----------------------------------------------
def test_a_server_that_never_answers_is_retried_then_reported_as_timed_out(server):
    started = time.monotonic()
    message = fetch_error(server, "/slow.json", slow_headers(b"{}", delay=3))
    assert "timed out" in message and "read timeout=0.5" in message
    assert server.attempts("/slow.json") == 3  # the first try and 2 retries
    assert time.monotonic() - started < 2.5  # 3 x 0.5 s, not 3 x the server's delay


def test_a_body_that_stalls_longer_than_the_read_timeout_fails(server):
    message = fetch_error(server, "/trickle.json", trickle(vendor_bytes("openai"), chunk=500, gap=1.0))
    assert "while reading the body" in message
    assert server.attempts("/trickle.json") == 1  # the body is not retried: the status was 200


def test_a_body_that_stalls_is_reported_as_a_timeout_not_a_lost_connection(server):
    message = fetch_error(server, "/trickle.json", trickle(vendor_bytes("openai"), chunk=500, gap=1.0))
    assert "timed out while reading the body" in message


def test_a_slow_but_steady_body_is_accepted_whole(server):
    body = vendor_bytes("openai")
    url = server.script("/steady.json", trickle(body, chunk=2_000, gap=0.1))
    assert session_for(server).get(url, accept=("json",)).content == body


def test_429_is_retried_honouring_retry_after_up_to_the_cap(server):
    body = vendor_bytes("minimax")
    url = server.script("/busy.json", status(429, retry_after="30"), ok(body))
    started = time.monotonic()
    assert session_for(server).get(url, accept=("json",)).content == body
    waited = time.monotonic() - started
    first, second = server.requests_to("/busy.json")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.9 and waited < 3  # Retry-After 30 s, capped at 1 s


def test_429_that_persists_gives_up_after_the_retries(server):
    message = fetch_error(server, "/busy.json", status(429, retry_after="0"))
    assert message.endswith("HTTP 429 Too Many Requests")
    assert server.attempts("/busy.json") == 3


def test_500_then_success_is_retried_and_returns_the_body(server):
    body = vendor_bytes("minimax")
    url = server.script("/flaky.json", status(500), ok(body))
    assert session_for(server).get(url, accept=("json",)).content == body
    assert [r.status for r in server.requests_to("/flaky.json")] == [500, 200]


def test_404_is_not_retried(server):
    message = fetch_error(server, "/gone.json", status(404))
    assert message.endswith("HTTP 404 Not Found")
    assert server.attempts("/gone.json") == 1


def test_a_body_shorter_than_its_content_length_is_refused(server):
    message = fetch_error(server, "/cut.json", truncated(vendor_bytes("anthropic")))
    assert "body cut short" in message
    assert server.attempts("/cut.json") == 1


def test_a_declared_oversized_body_is_refused_before_reading(server):
    body = vendor_bytes("openai")  # 12,767 bytes
    message = fetch_error(server, "/big.json", ok(body), max_bytes=5_000)
    assert f"body of {len(body)} bytes exceeds the cap of 5000" in message


def test_an_undeclared_oversized_body_is_cut_at_the_cap(server):
    message = fetch_error(server, "/big.json", without_length(vendor_bytes("openai") * 20), max_bytes=5_000)
    assert "body exceeds the cap of 5000 bytes" in message


def test_a_wrong_content_type_is_refused(server):
    message = fetch_error(server, "/page.json", ok(vendor_bytes("qwen"), "text/html; charset=utf-8"),
                          accept=llm_prices.ACCEPT)
    assert "unexpected content type 'text/html; charset=utf-8'" in message


def test_a_redirect_loop_stops_after_max_redirects(server):
    server.script("/b.json", redirect("/a.json"))
    message = fetch_error(server, "/a.json", redirect("/b.json"), max_redirects=3)
    assert message.endswith("too many redirects (loop?)")
    assert server.attempts("/a.json") + server.attempts("/b.json") == 4  # the request + 3 redirects


def test_robots_txt_is_read_first_and_a_disallowed_url_is_never_requested(server):
    server.robots(OUR_ROBOTS_GROUP.format(path="/private/"))
    server.script("/public.json", ok(b"{}"))
    session = session_for(server)
    assert session.get(server.url("/public.json")).content == b"{}"
    url = server.script("/private/prices.json", ok(b"{}"))
    with pytest.raises(FetchError, match=r"prices.json: disallowed by robots.txt for our user agent$"):
        session.get(url)
    assert server.log[0].path == "/robots.txt"
    assert server.attempts("/private/prices.json") == 0
    session.get(server.url("/public.json"))
    assert server.attempts("/robots.txt") == 1  # read once per site and session


def test_a_failing_robots_txt_stops_the_fetch(server):
    server.script("/robots.txt", status(503))
    message = fetch_error(server, "/prices.json", ok(b"{}"))
    assert "robots.txt answered 503" in message
    assert server.attempts("/prices.json") == 0


def test_a_missing_robots_txt_allows_everything(server):
    server.script("/robots.txt", status(404))
    url = server.script("/prices.json", ok(b"{}"))
    assert session_for(server).get(url).content == b"{}"


def test_a_host_not_in_the_sources_file_is_never_contacted(server):
    url = server.script("/prices.json", ok(b"{}"))
    with pytest.raises(FetchError, match=r"host localhost:\d+ is not in the allow-list"):
        session_for(server).get(url.replace("127.0.0.1", "localhost"))
    assert server.log == []


def test_a_redirect_to_a_host_not_in_the_sources_file_is_refused(server):
    server.script("/elsewhere.json", ok(b"{}"))
    message = fetch_error(server, "/moved.json", redirect(server.url("/elsewhere.json", host="localhost")))
    assert re.search(r"host localhost:\d+ is not in the allow-list", message)


def test_a_redirect_to_a_host_not_in_the_sources_file_is_not_followed(server):
    server.script("/elsewhere.json", ok(b"{}"))
    fetch_error(server, "/moved.json", redirect(server.url("/elsewhere.json", host="localhost")))
    assert [r.host for r in server.log if r.host.startswith("localhost")] == []


def test_etag_gives_a_conditional_request_and_304_not_modified(server):
    url = server.script("/prices.json", ok(b"{}", etag='"v1"'))
    session = session_for(server)
    first = session.get(url)
    assert first.etag == '"v1"' and not first.not_modified
    again = session.get(url, etag=first.etag)
    assert again.not_modified and again.status == 304 and again.content == b""
    assert server.requests_to("/prices.json")[-1].headers["If-None-Match"] == '"v1"'


# ---- end to end: pipeline.run against the local server ------------------------------------------
@dataclass
class Site:
    """The local server serving two recorded vendor files, a sources file naming it, a store."""

    server: FaultServer
    sources: Path
    store: Store

    def run(self, now: dt.datetime, **policy) -> pipeline.SourceResult:
        configs = config.load(self.sources)
        session = PoliteSession(config.allowed_hosts(configs), replace(FAST, **policy))
        [result] = pipeline.run(self.store, ["llm_prices"], configs, session, now=now)
        return result

    def served(self) -> tuple[list[dict], pd.DataFrame]:
        return self.store.entries(), self.store.read_kind("prices")

    def assert_still_serving(self, before: tuple[list[dict], pd.DataFrame]) -> None:
        """The last good snapshot stays served: manifest and rows unchanged, nothing else written."""
        entries, rows = before
        assert self.store.entries() == entries
        pd.testing.assert_frame_equal(self.store.read_kind("prices"), rows)
        listed = {self.store.path_of(e) for e in entries}
        assert set((self.store.root / "snapshots").rglob("*.parquet")) == listed
        assert quarantine.held(self.store) == []


def write_sources(path: Path, urls: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = ", ".join(f'"{u}"' for u in urls)
    path.write_text(f'[llm_prices]\nurls = [{quoted}]\ncadence = "1d"\nlicence = "test copy"\n')
    return path


def scaled_prices(raw: bytes, factor: float) -> bytes:
    """The same vendor file with every price multiplied (a unit slip upstream)."""
    payload = json.loads(raw)
    for model in payload["models"]:
        for entry in model["price_history"]:
            for key in ("input", "output", "input_cached"):
                if entry.get(key) is not None:
                    entry[key] *= factor
    return json.dumps(payload, indent=2).encode()


def make_site(server: FaultServer, tmp_path: Path, vendors: tuple[str, ...]) -> Site:
    urls = [server.script(data_path(v), ok(vendor_bytes(v))) for v in vendors]
    return Site(server, write_sources(tmp_path / "sources.toml", urls), Store(tmp_path / "data"))


@pytest.fixture
def site(server, tmp_path) -> Site:
    return make_site(server, tmp_path, ("openai", "anthropic"))


@pytest.fixture
def good(site) -> tuple[list[dict], pd.DataFrame]:
    """A first good snapshot (DAY1) of openai + anthropic: 50 + 18 price rows."""
    first = site.run(DAY1)
    assert first.ok and first.published == ["2026-08-05"] and first.rows == 68, first.line()
    return site.served()


def last_outcome(store: Store) -> str:
    return quarantine.checks(store)[-1]["outcome"]


ANTHROPIC = data_path("anthropic")
E2E_FAULTS = {  # id: (what the second URL answers, the reason the run must give, attempts seen)
    "timeout": (lambda b: slow_headers(b, 3), r"timed out", 3),
    "stalled_body": (lambda b: trickle(b, 1_000, 1.0), r"while reading the body", 1),
    "429_persisting": (lambda b: status(429, retry_after="0"), r"HTTP 429 Too Many Requests$", 3),
    "500_persisting": (lambda b: status(500), r"HTTP 500 Internal Server Error$", 3),
    "404": (lambda b: status(404), r"HTTP 404 Not Found$", 1),
    "truncated": (lambda b: truncated(b), r"body cut short", 1),
    "oversized": (lambda b: ok(b * 5), r"body of 23690 bytes exceeds the cap of 20000$", 1),
    "oversized_no_length": (lambda b: without_length(b * 5), r"body exceeds the cap of 20000 bytes", 1),
    "html_instead_of_json": (lambda b: ok(b, "text/html"), r"unexpected content type 'text/html'", 1),
    "redirect_loop": (lambda b: redirect(ANTHROPIC), r"too many redirects", 6),
    "redesigned": (lambda b: ok(renamed_key(b, "models", "items")),
                   r"layout changed in 01_anthropic.json: top-level 'models' list not found", 1),
    "empty_list": (lambda b: ok(emptied(b, "models")),
                   r"layout changed in 01_anthropic.json: found 0 rows, expected at least 1", 1),
}


@pytest.mark.parametrize("fault", E2E_FAULTS)
def test_a_faulty_source_publishes_nothing_and_the_last_good_snapshot_stays_served(site, good, fault):
    answer, reason, attempts = E2E_FAULTS[fault]
    site.server.script(ANTHROPIC, answer(vendor_bytes("anthropic")))
    result = site.run(DAY2)
    assert not result.ok and result.published == [] and result.quarantined == []
    assert len(result.errors) == 1 and "\n" not in result.errors[0]
    assert re.search(reason, result.errors[0]), result.errors[0]
    assert site.server.attempts(ANTHROPIC) == 1 + attempts  # DAY1's good fetch, then the fault
    assert result.line().startswith("llm_prices: FAILED: ") and "\n" not in result.line()
    assert last_outcome(site.store).startswith("failed: ")
    site.assert_still_serving(good)


def test_robots_disallow_fails_the_source_without_requesting_the_url(site, good):
    site.server.robots(OUR_ROBOTS_GROUP.format(path=ANTHROPIC))
    site.server.log.clear()
    result = site.run(DAY2)
    assert result.errors == [f"{site.server.url(ANTHROPIC)}: disallowed by robots.txt for our user agent"]
    assert [r.path for r in site.server.log] == ["/robots.txt", data_path("openai")]
    site.assert_still_serving(good)


def test_a_redirect_to_another_host_fails_the_source(site, good):
    site.server.script("/mirror.json", ok(vendor_bytes("anthropic")))
    site.server.script(ANTHROPIC, redirect(site.server.url("/mirror.json", host="localhost")))
    result = site.run(DAY2)
    assert len(result.errors) == 1 and "is not in the allow-list of sources.toml" in result.errors[0]
    site.assert_still_serving(good)


def test_429_then_success_publishes(site, good):
    halved = scaled_prices(vendor_bytes("anthropic"), 0.5)  # a price cut: new content to publish
    site.server.script(ANTHROPIC, status(429, retry_after="1"), ok(halved))
    result = site.run(DAY2)
    assert result.ok and result.published == ["2026-08-06"] and result.rows == 68, result.line()
    assert [r.status for r in site.server.requests_to(ANTHROPIC)] == [200, 429, 200]
    rows = site.store.read_snapshot(site.store.latest("llm_prices"))
    assert rows.query("model_key == 'claude-3-opus'")["input_usd_per_mtok"].tolist() == [7.5]  # was 15


def test_content_identical_to_the_last_capture_is_recorded_as_unchanged(site, good):
    result = site.run(DAY2)
    assert result.ok and result.unchanged and result.published == []
    assert "checked, unchanged since the last capture" in result.line()
    assert last_outcome(site.store) == "unchanged"
    assert not (site.store.raw_dir / "llm_prices" / "2026-08-06").exists()
    site.assert_still_serving(good)


def test_a_304_not_modified_is_recorded_as_unchanged(server, tmp_path):
    site = make_site(server, tmp_path, ("openai",))
    server.script(data_path("openai"), ok(vendor_bytes("openai"), etag='"abc"'))
    assert site.run(DAY1).published == ["2026-08-05"]
    before = site.served()
    result = site.run(DAY2)
    assert result.unchanged and result.ok
    last = server.requests_to(data_path("openai"))[-1]
    assert last.headers["If-None-Match"] == '"abc"' and last.status == 304
    site.assert_still_serving(before)


def test_a_304_to_an_unconditional_request_fails_the_source(server, tmp_path):
    site = make_site(server, tmp_path, ("openai",))
    server.script(data_path("openai"), Step(status=304))  # a broken cache: 304 with nothing to compare
    result = site.run(DAY1)
    assert result.errors == ["llm_prices: server answered 304 for "
                             f"{server.url(data_path('openai'))} but no earlier capture is kept"]
    assert site.store.entries() == []


def test_a_304_to_an_unconditional_request_is_logged_as_a_failed_check(server, tmp_path):
    site = make_site(server, tmp_path, ("openai",))
    server.script(data_path("openai"), Step(status=304))
    site.run(DAY1)
    assert quarantine.checks(site.store) and last_outcome(site.store).startswith("failed: ")


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "collectors", *args], capture_output=True, text=True,
                          cwd=PROJECT, timeout=timeout)


def test_a_20x_price_jump_is_quarantined_then_released_or_discarded(site, good):
    data = ["--data-dir", str(site.store.root)]
    site.server.script(ANTHROPIC, ok(scaled_prices(vendor_bytes("anthropic"), 20)))
    held = site.run(DAY2)
    assert held.quarantined == ["2026-08-06"] and held.published == [] and held.ok
    assert site.store.entries() == good[0]
    [record] = quarantine.held(site.store)
    [reason] = [r for r in record["reasons"] if r.startswith("17 input_usd_per_mtok")]
    before, after = map(float, re.search(r": ([\d.]+) -> ([\d.]+)$", reason).groups())
    assert "moved more than 10x" in reason and after == 20 * before
    shown = cli("status", *data, "--sources", str(site.sources), "llm_prices")
    assert "quarantined: 2026-08-06" in shown.stdout, shown.stdout + shown.stderr
    listed = cli("quarantine", "list", *data)
    assert listed.stdout.startswith("llm_prices 2026-08-06: ") and "moved more than 10x" in listed.stdout

    released = cli("quarantine", "release", "llm_prices", "2026-08-06", *data)
    assert released.returncode == 0 and "published 68 rows" in released.stdout, released.stderr
    latest = site.store.latest("llm_prices")
    assert latest["snapshot_date"] == "2026-08-06" and latest["released_from_quarantine"]
    rows = site.store.read_snapshot(latest)
    opus = rows[rows["model_key"] == "claude-3-opus"]  # $15 in -> $300 after the x20 slip
    assert opus["input_usd_per_mtok"].tolist() == [300.0]
    assert quarantine.held(site.store) == []

    # the vendor fixes its file: x20 down against the released snapshot -> held again; discard it
    site.server.script(ANTHROPIC, ok(vendor_bytes("anthropic")))
    assert site.run(DAY3).quarantined == ["2026-08-07"]
    entries = site.store.entries()
    discarded = cli("quarantine", "discard", "llm_prices", "2026-08-07", *data)
    assert discarded.returncode == 0 and "discarded llm_prices 2026-08-07" in discarded.stdout
    assert quarantine.held(site.store) == [] and site.store.entries() == entries
    assert list(quarantine.folder(site.store, "llm_prices").iterdir()) == []
    assert cli("quarantine", "list", *data).stdout.strip() == "nothing in quarantine"


# ---- end to end through the command line --------------------------------------------------------
def test_cli_run_publishes_after_a_500_then_success(server, tmp_path):
    path = data_path("minimax")
    url = server.script(path, status(500), ok(vendor_bytes("minimax")))
    sources = write_sources(tmp_path / "sources.toml", [url])
    done = cli("run", "--sources", str(sources), "--data-dir", str(tmp_path / "data"), "llm_prices")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"llm_prices: published 1 snapshot\(s\) \(\d{4}-\d\d-\d\d\), 1 rows", done.stdout)
    assert [r.status for r in server.requests_to(path)] == [500, 200]
    assert server.log[0].path == "/robots.txt"
    [entry] = Store(tmp_path / "data").entries()
    assert entry["inputs"][0]["url"] == url


def test_cli_run_failure_exits_non_zero_with_a_one_line_reason(server, tmp_path):
    url = server.script(data_path("minimax"), status(404))
    sources = write_sources(tmp_path / "sources.toml", [url])
    done = cli("run", "--sources", str(sources), "--data-dir", str(tmp_path / "data"), "llm_prices")
    assert done.returncode == 1
    assert f"llm_prices: FAILED: {url}: HTTP 404 Not Found\n" in done.stdout
    assert "1 failed (llm_prices)" in done.stdout
    assert Store(tmp_path / "data").entries() == []


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_a_second_run_fails_at_once_naming_the_lock_holder(server, tmp_path):
    # the first run holds the lock for ~12 s: a slow robots.txt, the CLI's 2 s host delay, a slow file
    server.script("/robots.txt", slow_headers(b"User-agent: *\nAllow: /\n", 5))
    url = server.script(data_path("minimax"), slow_headers(vendor_bytes("minimax"), 5))
    sources, data = write_sources(tmp_path / "sources.toml", [url]), tmp_path / "data"
    first = subprocess.Popen([sys.executable, "-m", "collectors", "run", "--sources", str(sources),
                              "--data-dir", str(data), "llm_prices"], cwd=PROJECT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        owner = data / "collector.owner"
        wait_until(lambda: owner.exists() and owner.read_text().strip(), 20, "the first run's lock")
        second = cli("run", "--sources", str(sources), "--data-dir", str(data), "llm_prices")
        assert first.poll() is None  # the second run did not wait for the first
        assert second.returncode == 1
        assert re.match(rf"error: another collector run holds \S+collector\.lock \(pid {first.pid} since ",
                        second.stderr), second.stderr
        assert second.stdout == ""
    finally:
        first.kill()
        first.wait(timeout=10)


# ---- a live run equals a backfill of the same files --------------------------------------------
VENDORS = tuple(sorted(p.stem for p in (RECORDED / RECORDED_DAY).glob("*.json")))


def test_a_live_run_gives_the_same_rows_as_a_backfill_of_the_same_files(server, tmp_path):
    assert len(VENDORS) == 11
    site = make_site(server, tmp_path / "live", VENDORS)
    live = site.run(DAY1)
    assert live.ok and live.rows == 148, live.line()  # 4+18+5+24+3+1+14+5+50+2+22 price entries
    backfilled = Store(tmp_path / "backfilled")
    [result] = pipeline.backfill(backfilled, RECORDED, ["llm_prices"], config.load(site.sources),
                                 progress=False)
    assert result.ok and result.rows == 148, result.line()
    ignored = ["captured_at", "snapshot_date", "source_url"]

    def rows(store: Store) -> pd.DataFrame:
        frame = store.read_kind("prices").drop(columns=ignored)
        return frame.sort_values(list(frame.columns)).reset_index(drop=True)
    pd.testing.assert_frame_equal(rows(site.store), rows(backfilled))
    gpt4o = rows(site.store).query("model_key == 'gpt-4o'")
    assert gpt4o[["input_usd_per_mtok", "output_usd_per_mtok"]].values.tolist() == [[2.5, 10.0]]


# ---- SIGKILL while publishing ------------------------------------------------------------------
CHILD = r"""
import datetime as dt, os, sys, time
import pandas as pd
from collectors import store as store_module
from collectors.store import Store

root, day, point, n = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def pause(*_):
    print("paused", flush=True)
    time.sleep(30)  # the parent kills us here

if point == "temp_written":  # the temp parquet is written and read back, not yet renamed
    real_replace = os.replace
    store_module.os.replace = lambda src, dst: (pause(), real_replace(src, dst))
elif point == "renamed":  # the snapshot file is in place, its manifest line not yet written
    real_append = Store._append_manifest
    Store._append_manifest = lambda self, entry: (pause(), real_append(self, entry))
elif point == "manifest_half_written":  # a torn manifest line (short write, then death)
    def torn(self, entry):
        line = store_module.json.dumps(entry).encode()
        with open(self.manifest_path, "ab") as fh:
            fh.write(line[: len(line) // 2])
        pause()
    Store._append_manifest = torn

at = dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC)
frame = pd.DataFrame({
    "kind": "prices", "source": "llm_prices", "source_url": "https://example.org/big.json",
    "captured_at": pd.Timestamp(at), "snapshot_date": pd.Timestamp(day),
    "model_key": [f"m{i}" for i in range(n)], "model_name": [f"M {i}" for i in range(n)],
    "provider": "vendor", "input_usd_per_mtok": 1.0, "output_usd_per_mtok": 4.0,
    "cached_input_usd_per_mtok": None, "effective_from": None, "effective_to": None})
store = Store(root)
with store.lock():
    print("publishing", flush=True)
    store.publish("llm_prices", day, frame, captured_at=at, inputs=[])
print("published", flush=True)
"""
BIG = 200_000  # rows: about a second of publishing, so a kill lands inside it


def start_child(root: Path, day: dt.date, point: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(root), day.isoformat(), point, str(BIG)],
                            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_for_line(child: subprocess.Popen, marker: bytes, timeout: float = 30) -> None:
    seen, deadline, fd = b"", time.monotonic() + timeout, child.stdout.fileno()
    while marker not in seen:
        left = deadline - time.monotonic()
        assert left > 0 and select.select([fd], [], [], left)[0], f"no {marker!r} from the child: {seen!r}"
        chunk = os.read(fd, 4096)
        assert chunk, f"the child ended before {marker!r}: {seen!r}"
        seen += chunk


def kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()


def small_rows(day: dt.date, n: int) -> pd.DataFrame:
    at = dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC)
    return pd.DataFrame({
        "kind": "prices", "source": "llm_prices", "source_url": "https://example.org/p.json",
        "captured_at": pd.Timestamp(at), "snapshot_date": pd.Timestamp(day),
        "model_key": [f"k{i}" for i in range(n)], "model_name": [f"K {i}" for i in range(n)],
        "provider": "vendor", "input_usd_per_mtok": 2.0, "output_usd_per_mtok": 8.0,
        "cached_input_usd_per_mtok": None, "effective_from": None, "effective_to": None})


def publish_small(store: Store, day: dt.date, n: int) -> dict:
    at = dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC)
    with store.lock():  # a SIGKILLed holder does not keep the lock
        return store.publish("llm_prices", day, small_rows(day, n), captured_at=at, inputs=[])


def assert_store_consistent(store: Store) -> None:
    """Only complete snapshots are listed, their hashes match, and readers read them."""
    entries = store.entries()
    for entry in entries:
        assert sha256_file(store.path_of(entry)) == entry["sha256"], entry["path"]
        assert len(store.read_snapshot(entry)) == entry["rows"]
    assert len(store.read_kind("prices")) == sum(e["rows"] for e in entries)


KILL_POINTS = ["temp_written", "renamed", "manifest_half_written"]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_sigkill_while_publishing_leaves_only_complete_snapshots(tmp_path, point):
    store = Store(tmp_path)
    good = publish_small(store, DAY1.date(), 5)
    child = start_child(tmp_path, DAY2.date(), point)
    try:
        wait_for_line(child, b"paused")
    finally:
        kill(child)
    assert store.entries() == [good]
    assert_store_consistent(store)
    again = publish_small(store, DAY2.date(), 3)  # a new publish for the date the child died on
    assert store.entries() == [good, again]
    assert_store_consistent(store)
    assert len(store.read_kind("prices")) == 8


def test_sigkill_at_random_moments_never_lists_an_incomplete_snapshot(tmp_path):
    store = Store(tmp_path)
    publish_small(store, DAY1.date(), 5)
    days = [DAY1.date() + dt.timedelta(days=i) for i in (1, 2, 3)]
    for day, after in zip(days, (0.05, 0.4, 0.9), strict=True):  # seconds into a ~1 s publish
        child = start_child(tmp_path, day, "")
        try:
            wait_for_line(child, b"publishing")
            time.sleep(after)
        finally:
            kill(child)
        assert_store_consistent(store)
    for day in days:  # every date a child died on can still be published (or was, completely)
        if not store.has("llm_prices", day):
            publish_small(store, day, 3)
    assert {e["snapshot_date"] for e in store.entries()} == {d.isoformat() for d in [DAY1.date(), *days]}
    assert_store_consistent(store)
    with pytest.raises(StoreError, match="never overwritten"):
        publish_small(store, days[0], 1)
