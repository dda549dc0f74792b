"""Speed and memory of every dashboard page on a synthetic history: `make bench`.

    python -m benchmarks.run                      # 10M price rows, 1M score rows (a few minutes per page)
    python -m benchmarks.run --quick              # 200k / 50k: a smoke run
    python -m benchmarks.run --prices N --scores N --data-dir DIR --pages gaps,prices --reruns 10

The history is generated into DIR (default: a temp dir, removed afterwards) unless DIR already
holds one. Each page is then measured in a fresh Python process, so caches and peak memory
belong to that page alone:

  cold       the first AppTest run of the page (router + page), including reading every snapshot
  warm       p50 / p95 of the following reruns, each after a filter change (the filter alternates
             between two values, e.g. access all <-> open+closed)
  floor      the raw pandas query behind the page's main chart, timed on the frames the page had
             loaded, under the same two filter states (one small function per page below)
  peak RSS   ru_maxrss of the page's process
  marks      the most data rows any one chart of the page sent to the browser (all its datasets)

Targets: warm p50 <= 150 ms and <= 3x the floor, cold <= 3 s, peak RSS <= 1.5 GB, marks <= 5000.
The exit code is 0 whether or not they are met: this is a measurement, the table says PASS/FAIL.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks import synthetic

PROJECT = Path(__file__).resolve().parent.parent
APP = PROJECT / "dashboard" / "app.py"
PAGES = ("overview", "timeline", "gaps", "prices", "models", "changes", "open_vs_closed", "health")
TARGETS = {"cold_s": 3.0, "warm_p50_ms": 150.0, "ratio": 3.0, "rss_mb": 1536.0, "marks": 5000}
CLASSES = ["open_weights", "closed"]
HEADLINE = ["arena_text", "eci", "gpqa_diamond", "mmlu", "swe_bench_verified", "aider_polyglot", "olb_average",
            "simple_bench", "livebench"]  # as on the overview page
APP_TIMEOUT_S = 3600


# ---- the floor: the raw pandas query behind each page's main chart ---------------------------------

def _mask(frame: pd.DataFrame, filters, date_column: str | None = None) -> pd.Series:
    """The global filters as one boolean mask (what landscape.filters.apply keeps)."""
    keep = pd.Series(True, index=frame.index)
    if date_column and filters.start:
        keep &= frame[date_column] >= pd.Timestamp(filters.start)
    if date_column and filters.end:
        keep &= frame[date_column] < pd.Timestamp(filters.end) + pd.Timedelta(days=1)
    if len(filters.access) < 3:
        keep &= frame["access"].isin(filters.access)
    if filters.licence:
        keep &= frame["licence_class"].isin(filters.licence)
    if filters.organizations:
        keep &= frame["organization"].isin(filters.organizations)
    if filters.min_params_b:
        keep &= frame["params_b"] >= filters.min_params_b
    return keep


def _best_per_day(scores: pd.DataFrame, filters, benchmarks: list[str], by: list[str]) -> pd.DataFrame:
    keep = _mask(scores, filters, "as_of") & scores["benchmark"].isin(benchmarks) & scores["access"].isin(CLASSES)
    return scores.loc[keep, [*by, "score"]].groupby(by, observed=True)["score"].max().reset_index()


def floor_overview(loaded, filters, state) -> pd.DataFrame:
    """Headline cards: best open and closed score per headline benchmark and date."""
    return _best_per_day(loaded.scores, filters, HEADLINE, ["benchmark", "as_of", "access"])


def floor_timeline(loaded, filters, state) -> pd.DataFrame:
    """Release dots: one per model, its earliest release date."""
    models = loaded.models
    keep = _mask(models, filters, "release_date") & models["release_date"].notna()
    return models.loc[keep].groupby("model_id", observed=True)["release_date"].min().reset_index()


def floor_gaps(loaded, filters, state) -> pd.DataFrame:
    """Frontier chart: best score per date and class on the chosen benchmark."""
    return _best_per_day(loaded.scores, filters, [filters.benchmark], ["as_of", "access"])


def floor_open_vs_closed(loaded, filters, state) -> pd.DataFrame:
    """Best Arena score per leaderboard date and class."""
    return _best_per_day(loaded.scores, filters, ["arena_text"], ["as_of", "access"])


def floor_prices(loaded, filters, state) -> pd.DataFrame:
    """Price history steps of the models picked on the page: first and last day of each price."""
    prices = loaded.prices
    picked = list(state.get("price_models") or [])
    keep = _mask(prices, filters) & prices["model_name"].isin(picked) & prices["input_usd_per_mtok"].notna()
    rows = prices.loc[keep, ["source", "provider", "model_key", "tier", "input_usd_per_mtok",
                             "output_usd_per_mtok", "snapshot_date"]]
    return rows.groupby(["source", "provider", "model_key", "tier", "input_usd_per_mtok", "output_usd_per_mtok"],
                        observed=True, dropna=False)["snapshot_date"].agg(["min", "max"]).reset_index()


def floor_models(loaded, filters, state) -> pd.DataFrame:
    """The catalog table under the filters."""
    catalog = loaded.catalog.get("models")
    return catalog[_mask(catalog, filters)] if catalog is not None else loaded.models.iloc[0:0]


def floor_changes(loaded, filters, state) -> pd.DataFrame:
    """Prices in force on the two compared dates (each source's latest snapshot by then), joined."""
    manifest = loaded.manifest.assign(day=pd.to_datetime(loaded.manifest["snapshot_date"]))
    prices = loaded.prices
    key = ["source", "provider", "model_key", "tier"]
    sides = []
    for day in (state.get("changes_from"), state.get("changes_to")):
        in_force = manifest[manifest["day"] <= pd.Timestamp(day)].groupby("source")["day"].max()
        rows = prices[prices["snapshot_date"] == prices["source"].map(in_force).astype("datetime64[ns]")]
        sides.append(rows[rows["effective_to"].isna()].drop_duplicates(key).set_index(key)["input_usd_per_mtok"])
    joined = sides[0].to_frame("old").join(sides[1].rename("new"), how="inner")
    return joined[joined["old"] != joined["new"]]


def floor_health(loaded, filters, state) -> pd.DataFrame:
    """Per source: the last snapshot and its rows."""
    return loaded.manifest.sort_values("snapshot_date").groupby("source").tail(1)[["source", "snapshot_date", "rows"]]


FLOORS: dict[str, Callable] = {"overview": floor_overview, "timeline": floor_timeline, "gaps": floor_gaps,
                               "prices": floor_prices, "models": floor_models, "changes": floor_changes,
                               "open_vs_closed": floor_open_vs_closed, "health": floor_health}


# ---- measuring one page (in its own process) ---------------------------------------------------------

def chart_marks(at) -> list[int]:
    """Data rows each chart of the last run sent: its Arrow datasets plus any inline values."""
    return [_arrow_rows(chart.proto.data.data) + sum(_arrow_rows(d.data.data) for d in chart.proto.datasets)
            + _inline_rows(json.loads(chart.proto.spec or "{}")) for chart in at.get("arrow_vega_lite_chart")]


def _arrow_rows(data: bytes) -> int:
    return pa.ipc.open_stream(data).read_all().num_rows if data else 0


def _inline_rows(spec) -> int:
    """Rows written into the spec itself: {"values": [...]} anywhere, and top-level "datasets"."""
    if isinstance(spec, dict):
        values = spec.get("values") if isinstance(spec.get("values"), list) else []
        named = spec.get("datasets") if isinstance(spec.get("datasets"), dict) else {}
        return (len(values) + sum(len(v) for v in named.values() if isinstance(v, list))
                + sum(_inline_rows(v) for k, v in spec.items() if k not in ("values", "datasets")))
    if isinstance(spec, list):
        return sum(_inline_rows(v) for v in spec)
    return 0


def filter_change(page: str, state) -> tuple[str, object, object]:
    """(session_state key, a changed value, the page's own value): what the warm reruns alternate."""
    if page == "gaps":
        loaded, filters = state["_context"]
        other = [b for b in ("gpqa_diamond", "mmlu", "eci", "olb_average")
                 if b != filters.benchmark and b in set(loaded.scores["benchmark"].astype(str))]
        if other:
            return "f_benchmark", other[0], state["f_benchmark"]
    if page == "open_vs_closed" and state["f_dates"]:
        start, end = state["f_dates"]
        return "f_dates", (max(start, min(dt.date(2024, 1, 1), end)), end), state["f_dates"]
    return "f_access", list(CLASSES), list(state["f_access"])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def measure_page(page: str, data_dir: str | os.PathLike, reruns: int = 10, floor_runs: int = 10) -> dict:
    """Cold render, warm reruns after filter changes, peak RSS, the floor and chart marks of one page."""
    from streamlit.testing.v1 import AppTest

    os.environ["LANDSCAPE_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    at.switch_page(f"app_pages/{page}.py")
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    _check(at, page)
    marks = chart_marks(at)
    key, changed, original = filter_change(page, at.session_state)
    warm, states = [], []
    for i in range(reruns):
        at.session_state[key] = changed if i % 2 == 0 else original
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
        _check(at, page)
        marks += chart_marks(at)
        states.append((at.session_state["_context"], {k: at.session_state[k] for k in
                                                      ("price_models", "changes_from", "changes_to")
                                                      if k in at.session_state}))
    rss = peak_rss_mb()  # before the floor runs, so it is the page's own peak
    floor = time_floor(FLOORS[page], states[-2:] or [(at.session_state["_context"], {})], floor_runs)
    p50 = statistics.median(warm) if warm else float("nan")
    return {"page": page, "cold_s": round(cold, 2), "warm_p50_ms": _ms(p50),
            "warm_p95_ms": _ms(float(np.percentile(warm, 95))) if warm else float("nan"),
            "floor_ms": _ms(floor), "ratio": round(p50 / floor, 1) if floor else float("inf"),
            "rss_mb": round(rss, 1), "marks": max(marks, default=0), "charts": len(chart_marks(at)),
            "filter": key, "reruns": len(warm)}


def _check(at, page: str) -> None:
    if at.exception:
        raise RuntimeError(f"page {page} raised: {[e.value for e in at.exception]}")


def time_floor(query: Callable, states: list, runs: int) -> float:
    """Median seconds of the page's raw query, alternating over the filter states the reruns used."""
    for (loaded, filters), extra in states:  # warm-up: first touches of lazily built pandas caches
        query(loaded, filters, extra)
    times = []
    for i in range(runs):
        (loaded, filters), extra = states[i % len(states)]
        started = time.perf_counter()
        query(loaded, filters, extra)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def profile_page(page: str, data_dir: str | os.PathLike, top: int = 40) -> str:
    """cProfile of the cold run and of one warm rerun after a filter change (cumulative time).
    AppTest runs the script in a thread of its own: the profiler is switched on inside it."""
    import cProfile
    import io
    import pstats
    import threading

    from streamlit.testing.v1 import AppTest

    os.environ["LANDSCAPE_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    at.switch_page(f"app_pages/{page}.py")
    report = io.StringIO()
    for label in ("cold", "warm"):
        if label == "warm":
            key, changed, _ = filter_change(page, at.session_state)
            at.session_state[key] = changed
        profiler = cProfile.Profile()

        def start_in_thread(*_, profiler=profiler):
            sys.setprofile(None)
            profiler.enable()
        threading.setprofile(start_in_thread)
        try:
            at.run()
        finally:
            threading.setprofile(None)
        report.write(f"==== {page}: {label} run\n")
        pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(top)
    return report.getvalue()


# ---- running every page and printing the table ---------------------------------------------------------

def measure_in_subprocess(page: str, data_dir: str | os.PathLike, reruns: int = 10) -> dict:
    """measure_page in a fresh interpreter (caches and peak RSS are the page's alone)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    try:
        done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--measure", page, "--data-dir", str(data_dir),
                               "--reruns", str(reruns), "--result", str(out)], cwd=PROJECT, capture_output=True,
                              text=True, timeout=APP_TIMEOUT_S * 2)
        if done.returncode != 0 or not out.stat().st_size:  # died before writing a result (e.g. killed)
            lines = [line for line in (done.stderr or done.stdout).splitlines() if "ScriptRunContext" not in line]
            return {"page": page, "error": f"exit {done.returncode}: " + (lines[-1] if lines else "no output")}
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def verdict(result: dict) -> list[str]:
    """The targets a page misses (empty: all met)."""
    if "error" in result:
        return ["error"]
    missed = []
    if result["cold_s"] > TARGETS["cold_s"]:
        missed.append("cold")
    if result["warm_p50_ms"] > TARGETS["warm_p50_ms"]:
        missed.append("warm p50")
    if result["ratio"] > TARGETS["ratio"]:
        missed.append("p50/floor")
    if result["rss_mb"] > TARGETS["rss_mb"]:
        missed.append("RSS")
    if result["marks"] > TARGETS["marks"]:
        missed.append("marks")
    return missed


COLUMNS = [("page", "page", "{}"), ("cold_s", "cold render s", "{:.2f}"), ("warm_p50_ms", "warm p50 ms", "{:.1f}"),
           ("warm_p95_ms", "warm p95 ms", "{:.1f}"), ("floor_ms", "floor ms", "{:.1f}"),
           ("ratio", "ratio p50/floor", "{:.1f}"), ("rss_mb", "peak RSS MB", "{:.0f}"), ("marks", "max marks", "{}")]


def table(results: list[dict]) -> str:
    header = [title for _, title, _ in COLUMNS] + ["verdict"]
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["page"]] + ["-"] * (len(COLUMNS) - 1) + ["ERROR: " + r["error"].splitlines()[-1][:100]])
            continue
        missed = verdict(r)
        rows.append([fmt.format(r[key]) for key, _, fmt in COLUMNS] +
                    ["PASS" if not missed else "FAIL: " + ", ".join(missed)])
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
    lines = [" | ".join(str(x).ljust(w) if i in (0, len(header) - 1) else str(x).rjust(w)
                        for i, (x, w) in enumerate(zip(row, widths, strict=True))) for row in [header, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def describe_data(data_dir: Path) -> str:
    """Snapshots, sources and rows per kind of a history (mixed-kind snapshots are counted by row)."""
    manifest = pd.read_json(data_dir / "manifest.jsonl", lines=True)
    per_kind: dict[str, int] = {}
    for entry in manifest.itertuples():
        if len(entry.kinds) == 1:
            per_kind[entry.kinds[0]] = per_kind.get(entry.kinds[0], 0) + entry.rows
        else:
            kinds = pq.read_table(data_dir / entry.path, columns=["kind"]).column("kind").to_pandas()
            for kind, n in kinds.value_counts().items():
                per_kind[kind] = per_kind.get(kind, 0) + int(n)
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(per_kind.items()))
    return (f"data: {data_dir} — {len(manifest):,} snapshots of {manifest['source'].nunique()} sources, "
            f"{manifest['rows'].sum():,} rows ({counts})")


def code_version() -> str:
    """The commit measured, and whether the measured packages had uncommitted edits (read-only git)."""
    def git(*args):
        done = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""
    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return f"code: {PROJECT} (not a git checkout)"
    edited = git("status", "--porcelain", "--", "dashboard", "landscape", "collectors")
    return f"code: commit {commit}" + (f", with uncommitted changes:\n{edited}" if edited else ", clean")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Speed and memory of every dashboard page on synthetic data.")
    parser.add_argument("--prices", type=int, help=f"price rows (default {synthetic.DEFAULT_PRICES:,})")
    parser.add_argument("--scores", type=int, help=f"score rows (default {synthetic.DEFAULT_SCORES:,})")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 200k prices, 50k scores, one year")
    parser.add_argument("--data-dir", help="use (or first fill) this directory instead of a temp dir")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated pages (default: all)")
    parser.add_argument("--reruns", type=int, default=10, help="warm reruns per page (default 10)")
    parser.add_argument("--profile", choices=PAGES, help="print a cProfile of PAGE's cold run and one warm rerun")
    parser.add_argument("--measure", choices=PAGES, help=argparse.SUPPRESS)  # child process: one page
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.profile:
        if not args.data_dir:
            parser.error("--profile needs --data-dir (a directory holding a history)")
        print(profile_page(args.profile, args.data_dir))
        return 0
    if args.measure:
        try:
            result = measure_page(args.measure, args.data_dir, args.reruns)
        except Exception as exc:  # reported in the table; the traceback goes to the child's stderr
            import traceback
            traceback.print_exc()
            result = {"page": args.measure, "error": f"{type(exc).__name__}: {exc}"}
        Path(args.result).write_text(json.dumps(result))
        return 0

    size = synthetic.QUICK if args.quick else synthetic.Size()
    size = dataclasses.replace(size, prices=args.prices or size.prices, scores=args.scores or size.scores)
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="landscape-bench-"))
    try:
        if (data_dir / "manifest.jsonl").exists():
            print(f"using the existing history in {data_dir} (size arguments ignored)")
        else:
            synthetic.generate(data_dir, size)
        print(describe_data(data_dir))
        print(code_version(), flush=True)
        results = []
        for page in [p.strip() for p in args.pages.split(",") if p.strip()]:
            started = time.perf_counter()
            results.append(measure_in_subprocess(page, data_dir, args.reruns))
            print(f"  measured {page} in {time.perf_counter() - started:.0f} s", flush=True)
        print()
        print(table(results))
        failing = [r["page"] for r in results if verdict(r)]
        print()
        print("Targets: warm p50 <= 150 ms and <= 3x floor; cold <= 3 s; peak RSS <= 1.5 GB; marks <= 5000 per chart.")
        print(code_version())
        print("ALL PAGES PASS" if not failing else f"TARGETS MISSED on {len(failing)} of {len(results)} pages: "
              + ", ".join(failing))
    finally:
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
