"""Weekly exports from backfilled recorded data: files, point in time, determinism, views, bad input."""
import csv
import datetime as dt
import json
import math
import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, RECORDED

from collectors.store import Store, sha256_file
from landscape import analysis, changes, identity, views
from landscape.export import ExportError, export_week, list_exports, previous_week, week_bounds, week_of, weekdata
from landscape.export import report as report_module
from landscape.filters import Filters

WEEK = "2026-W34"  # 2026-08-17 .. 2026-08-23: openrouter, vendor news and pricing pages all changed
EARLY = "2025-W32"  # 2025-08-04 .. 2025-08-10: the last lmarena leaderboard (2025-08-04) is in force
VIEW = "licensed-2025"
VIEW_QUERY = {"licence": "permissive,proprietary", "from": "2025-01-01"}  # keeps open and closed rows
KINDS = ("models", "scores", "prices", "releases")
TABLE_FILES = {f"{t}.{ext}" for t in KINDS for ext in ("parquet", "csv")}


def _captured(entry) -> dt.datetime:
    return dt.datetime.fromisoformat(entry["captured_at"].replace("Z", "+00:00"))


def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text())


def _snapshots(manifest, in_force_only=False):
    return {(s["source"], s["snapshot_date"], s["sha256"]) for s in manifest["snapshots"]
            if s["in_force"] or not in_force_only}


def _captured_by(data_dir, week):
    _, end = week_bounds(week)
    return [e for e in Store(data_dir).entries() if _captured(e) <= end]


def _latest_per_source(entries):
    latest = {}
    for e in entries:
        if e["source"] not in latest or (e["snapshot_date"], e["captured_at"]) > \
                (latest[e["source"]]["snapshot_date"], latest[e["source"]]["captured_at"]):
            latest[e["source"]] = e
    return latest


def _nan_for_null(frame):
    """Missing values as NaN, the way a CSV reads back (None and NaN alike)."""
    return frame.astype(object).where(frame.notna(), float("nan")).infer_objects()


def _catalog(data_dir):
    """(mentions, models) of the data directory's catalog, or (None, None) when it has none."""
    folder = data_dir / "catalog"
    if not (folder / "models.parquet").exists():
        return None, None
    return pd.read_parquet(folder / "mentions.parquet"), pd.read_parquet(folder / "models.parquet")


def _scores_known_by(data_dir, week):
    """Every score row captured by the end of the week, read straight from the snapshot files."""
    store = Store(data_dir)
    frames = [pd.read_parquet(store.path_of(e), filters=[("kind", "==", "scores")])
              for e in _captured_by(data_dir, week) if "scores" in e["kinds"]]
    return identity.attach(pd.concat(frames, ignore_index=True), *_catalog(data_dir))


def _in_view(frame, date_column):
    """VIEW_QUERY written out by hand: licence class permissive or proprietary, dated 2025 or later."""
    keep = frame["licence_class"].isin(["permissive", "proprietary"])
    if date_column:
        when = frame[date_column]
        when = when.dt.tz_convert("UTC").dt.tz_localize(None) if isinstance(when.dtype, pd.DatetimeTZDtype) \
            else when
        keep &= when >= pd.Timestamp("2025-01-01")
    return frame[keep]


# ---- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    if not RECORDED.is_dir():
        pytest.skip(f"recorded source files not found at {RECORDED} (set LANDSCAPE_FIXTURES)")
    data = tmp_path_factory.mktemp("data")
    run = subprocess.run([sys.executable, "-m", "collectors", "backfill", "--from", str(RECORDED),
                          "--data-dir", str(data)], capture_output=True, text=True, cwd=PROJECT, timeout=600)
    assert Store(data).entries(), run.stdout + run.stderr
    if not (data / "catalog").is_dir():  # backfill rebuilds the catalog; build it if this one did not
        build = pytest.importorskip("collectors.catalog.build")
        build.build_catalog(Store(data)).write(data)
    return data


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("out")


@pytest.fixture(scope="module")
def week_export(data_dir, out_dir):
    return export_week(data_dir, WEEK, out_dir)


@pytest.fixture(scope="module")
def early_export(data_dir, tmp_path_factory):
    return export_week(data_dir, EARLY, tmp_path_factory.mktemp("early"))


@pytest.fixture(scope="module")
def views_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("views")
    views.save(VIEW, Filters.from_query(VIEW_QUERY), "clear licences since 2025", folder=folder)
    return folder


@pytest.fixture(scope="module")
def view_export(data_dir, out_dir, views_dir, week_export):
    return export_week(data_dir, WEEK, out_dir, view=VIEW, views_dir=views_dir)


# ---- weeks ---------------------------------------------------------------------------------------
def test_week_bounds_and_previous_week():
    assert week_bounds("2025-W01") == (dt.date(2024, 12, 30), dt.datetime(2025, 1, 5, 23, 59, 59, tzinfo=dt.UTC))
    assert week_bounds(WEEK) == (dt.date(2026, 8, 17), dt.datetime(2026, 8, 23, 23, 59, 59, tzinfo=dt.UTC))
    assert previous_week("2025-W01") == "2024-W52"
    assert previous_week("2021-W01") == "2020-W53"  # 2020 had 53 ISO weeks
    assert week_of(dt.date(2026, 8, 23)) == WEEK


# ---- the files -----------------------------------------------------------------------------------
def test_every_file_is_there_and_listed_with_its_hash(week_export):
    assert week_export.name == WEEK
    names = {p.name for p in week_export.iterdir()}
    assert names == TABLE_FILES | {"catalog.parquet", "catalog.csv", "gaps.csv", f"landscape-{WEEK}.xlsx",
                                   "report.html", "manifest.json"}
    manifest = _manifest(week_export)
    assert {f["path"] for f in manifest["files"]} == names - {"manifest.json"}
    for record in manifest["files"]:
        assert sha256_file(week_export / record["path"]) == record["sha256"], record["path"]
    assert manifest["week"] == WEEK and manifest["view"] is None
    assert manifest["period"] == {"start": "2026-08-17", "end": "2026-08-23T23:59:59Z"}


def _same_cell(value, text: str) -> bool:
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return text == str(value)
    if isinstance(value, str):
        return text == value
    if isinstance(value, int | float):
        return text != "" and math.isclose(float(text), value, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(value, dt.datetime):
        when = pd.Timestamp(text)
        when = when.tz_convert("UTC").tz_localize(None) if when.tzinfo else when
        return abs((when - pd.Timestamp(value)).total_seconds()) < 1
    return False


def test_workbook_opens_and_every_table_sheet_matches_its_csv(week_export):
    book = openpyxl.load_workbook(week_export / f"landscape-{WEEK}.xlsx", read_only=True)
    assert book.sheetnames == ["Summary", *KINDS, "catalog", "gaps", "Changes"]
    for name in [*KINDS, "catalog", "gaps"]:
        with open(week_export / f"{name}.csv", encoding="utf-8", newline="") as fh:
            expected = list(csv.reader(fh))
        rows = list(book[name].iter_rows(values_only=True))
        assert len(rows) == len(expected), name
        assert list(rows[0]) == expected[0], name
        for number, (row, text) in enumerate(zip(rows[1:], expected[1:], strict=True), 2):
            cells = list(row) + [None] * (len(text) - len(row))  # trailing empty cells are not stored
            bad = [(col, v, t) for col, v, t in zip(expected[0], cells, text, strict=True) if not _same_cell(v, t)]
            assert not bad, f"{name} row {number}: {bad[:3]}"
    summary = dict(list(book["Summary"].iter_rows(values_only=True))[1:])
    assert summary["week"] == WEEK and summary["catalog"].startswith("included")
    book.close()
    properties = openpyxl.load_workbook(week_export / f"landscape-{WEEK}.xlsx", read_only=True).properties
    assert properties.created == properties.modified == dt.datetime(2026, 8, 23, 23, 59, 59)


def test_a_second_run_is_byte_identical_and_replaces_the_first(data_dir, out_dir, week_export):
    before = {p.name: p.read_bytes() for p in week_export.iterdir()}
    again = export_week(data_dir, WEEK, out_dir)
    assert again == week_export
    after = {p.name: p.read_bytes() for p in again.iterdir()}
    assert after.keys() == before.keys()
    differing = [name for name in before if before[name] != after[name]]
    assert differing == []  # tables, gaps, workbook, report and manifest alike
    assert not [p for p in (out_dir / "exports").iterdir() if p.name.startswith(".")]  # no temp left


# ---- point in time -------------------------------------------------------------------------------
def test_tables_hold_the_latest_snapshot_per_source_captured_by_the_week_end(data_dir, week_export):
    manifest = _manifest(week_export)
    available = _captured_by(data_dir, WEEK)
    assert _snapshots(manifest) == {(e["source"], e["snapshot_date"], e["sha256"]) for e in available}
    latest = _latest_per_source(available)
    assert _snapshots(manifest, in_force_only=True) == \
        {(e["source"], e["snapshot_date"], e["sha256"]) for e in latest.values()}
    assert latest["openrouter"]["snapshot_date"] == "2026-08-22"  # not the later captures
    store = Store(data_dir)
    for kind in KINDS:
        table = pd.read_parquet(week_export / f"{kind}.parquet")
        per_snapshot = table.groupby([table["source"], table["snapshot_date"].dt.strftime("%Y-%m-%d")]).size()
        expected = {(e["source"], e["snapshot_date"]): len(pd.read_parquet(store.path_of(e),
                                                                           filters=[("kind", "==", kind)]))
                    for e in latest.values() if kind in e["kinds"]}
        assert per_snapshot.to_dict() == expected, kind


def test_two_weeks_differ_exactly_as_the_snapshots_available_to_them(data_dir, week_export, early_export):
    late, early = _manifest(week_export), _manifest(early_export)
    _, early_end = week_bounds(EARLY)
    _, late_end = week_bounds(WEEK)
    arrived = {(e["source"], e["snapshot_date"], e["sha256"]) for e in Store(data_dir).entries()
               if early_end < _captured(e) <= late_end}
    assert arrived and _snapshots(early) < _snapshots(late)
    assert _snapshots(late) - _snapshots(early) == arrived
    unchanged = {s[:2] for s in _snapshots(early, True) & _snapshots(late, True)}
    moved = {s[0] for s in _snapshots(early, True) ^ _snapshots(late, True)}
    assert ("lmarena", "2025-08-04") in unchanged and {"openrouter", "litellm", "aider"} <= moved
    for kind in KINDS:
        a = pd.read_parquet(early_export / f"{kind}.parquet")
        b = pd.read_parquet(week_export / f"{kind}.parquet")
        for source, _day in unchanged:
            rows_a = a[a["source"] == source].dropna(axis=1, how="all").reset_index(drop=True)
            rows_b = b[b["source"] == source].dropna(axis=1, how="all").reset_index(drop=True)
            pd.testing.assert_frame_equal(rows_a, rows_b[rows_a.columns], check_dtype=False, obj=f"{kind}/{source}")
        for source in moved:  # each week shows its own snapshot of a source that moved on
            for table, manifest in ((a, early), (b, late)):
                days = set(table.loc[table["source"] == source, "snapshot_date"].dt.strftime("%Y-%m-%d"))
                assert days <= {s[1] for s in _snapshots(manifest, True) if s[0] == source}


def test_gaps_equal_the_analysis_of_the_scores_known_that_week(data_dir, week_export, early_export):
    for folder, week in ((week_export, WEEK), (early_export, EARLY)):
        scores = _scores_known_by(data_dir, week)
        expected = analysis.headline(scores, sorted(scores["benchmark"].unique()))
        gaps = pd.read_csv(folder / "gaps.csv", parse_dates=["as_of"])
        pd.testing.assert_frame_equal(gaps, _nan_for_null(expected.reset_index(drop=True)), check_dtype=False)
        # What the Benchmark gaps page shows for arena_text: the last point of the lag series.
        last = analysis.lag_series(analysis.frontier(scores, "arena_text")).iloc[-1]
        row = gaps.set_index("benchmark").loc["arena_text"]
        assert (row["open_score"], row["closed_score"], row["lag_months"]) == \
            (last["open_frontier"], last["closed_frontier"], last["lag_months"])
    # The recorded leaderboards: GLM-4.5 (MIT) scored 1434 on 2025-08-04; the closed frontier is
    # Gemini-2.5-Pro's 1474 from the 2025-07-18 table (1470 on 2025-08-04).
    row = pd.read_csv(week_export / "gaps.csv").set_index("benchmark").loc["arena_text"]
    assert (row["best_open"], row["open_score"], row["closed_score"], row["gap"], row["as_of"]) == \
        ("GLM-4.5", 1434, 1474, 40, "2025-08-04")


def test_changes_sheet_and_report_agree_with_the_changes_page(data_dir, week_export):
    store = Store(data_dir)  # the Changes page: every kind from the whole store, the whole manifest
    frames = {kind: identity.attach(store.read_kind(kind), *_catalog(data_dir)) for kind in KINDS}
    sunday = dt.date(2026, 8, 23)
    diff = changes.compare(frames, pd.DataFrame(store.entries()), sunday - dt.timedelta(days=7), sunday)
    assert len(diff["models"]) and len(diff["prices"])
    sheet = pd.read_excel(week_export / f"landscape-{WEEK}.xlsx", sheet_name="Changes")
    models = sheet[sheet["section"] == "models"]
    assert sorted(zip(models["change"], models["model_id"], strict=True)) == \
        sorted(zip(diff["models"]["change"], diff["models"]["model_id"], strict=True))
    key = ["source", "provider", "model_key", "price", "old_usd_per_mtok", "new_usd_per_mtok"]
    prices = sheet[sheet["section"] == "prices"][key].round(9)  # the workbook keeps 16 significant digits
    assert sorted(prices.itertuples(index=False, name=None)) == \
        sorted(diff["prices"][key].round(9).itertuples(index=False, name=None))
    assert (sheet["section"] == "scores").sum() == len(diff["scores"])
    text = BeautifulSoup((week_export / "report.html").read_text(encoding="utf-8"), "html.parser").get_text()
    new = int((diff["models"]["change"] == "new").sum())
    assert f"New models ({new})" in text and f"Price changes ({len(diff['prices'])})" in text


# ---- views ---------------------------------------------------------------------------------------
def test_a_view_export_holds_only_rows_passing_the_view(data_dir, week_export, view_export):
    assert view_export.name == f"{WEEK}-{VIEW}"
    manifest = _manifest(view_export)
    assert manifest["view"] == VIEW and manifest["filters"] == VIEW_QUERY
    for kind in [*KINDS, "catalog"]:
        everything = pd.read_parquet(week_export / f"{kind}.parquet")
        chosen = pd.read_parquet(view_export / f"{kind}.parquet")
        assert chosen["licence_class"].isin(["permissive", "proprietary"]).all(), kind
        expected = _in_view(everything, weekdata.DATE_COLUMNS[kind])
        assert len(chosen) == len(expected) < len(everything), kind
        pd.testing.assert_frame_equal(chosen.reset_index(drop=True),
                                      expected[chosen.columns].reset_index(drop=True), check_dtype=False)
    assert len(pd.read_parquet(view_export / "scores.parquet")) > 100
    scores = _in_view(_scores_known_by(data_dir, WEEK), "as_of")  # as the gaps page filters
    gaps = pd.read_csv(view_export / "gaps.csv", parse_dates=["as_of"])
    expected = analysis.headline(scores, sorted(scores["benchmark"].unique()))
    assert "arena_text" in set(gaps["benchmark"])
    pd.testing.assert_frame_equal(gaps, _nan_for_null(expected.reset_index(drop=True)), check_dtype=False)


def test_list_exports_finds_finished_exports_only(out_dir, week_export, view_export):
    (out_dir / "exports" / f".{WEEK}.abc.tmp").mkdir()  # a build in progress is not listed
    found = list_exports(out_dir)
    assert [(e["week"], e["view"]) for e in found] == [(WEEK, VIEW), (WEEK, None)]
    for entry in found:
        assert entry["path"].parent == out_dir / "exports" and entry["created"].tzinfo is not None
        assert all(p.is_file() for p in entry["files"]) and len(entry["files"]) == 14
    (out_dir / "exports" / f".{WEEK}.abc.tmp").rmdir()
    assert list_exports(out_dir / "nowhere") == []


# ---- bad input and failures ----------------------------------------------------------------------
BAD_WEEKS = ["2025-W60", "2025-13", "abc", "2025-W00", "2021-W53", "2025-w07", " 2025-W07", "2020-W01"]


@pytest.mark.parametrize("week", BAD_WEEKS)
def test_a_bad_or_too_early_week_is_one_line_and_writes_nothing(data_dir, tmp_path, week):
    with pytest.raises(ExportError) as error:
        export_week(data_dir, week, tmp_path)
    assert "\n" not in str(error.value) and week.strip() in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_week_that_has_not_ended_is_refused(data_dir, tmp_path):
    with pytest.raises(ExportError, match="has not ended"):
        export_week(data_dir, WEEK, tmp_path, now=dt.datetime(2026, 8, 23, 12, tzinfo=dt.UTC))
    with pytest.raises(ExportError, match="has not ended"):
        export_week(data_dir, week_of(dt.datetime.now(dt.UTC).date()), tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("view", ["no-such-view", "../views/open-2025", "..", "a/b", "Open", "x" * 60, ""])
def test_a_bad_view_is_refused_and_writes_nothing(data_dir, views_dir, tmp_path, view):
    with pytest.raises(ExportError) as error:
        export_week(data_dir, WEEK, tmp_path, view=view, views_dir=views_dir)
    assert "\n" not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_data_dir_is_refused(tmp_path):
    with pytest.raises(ExportError, match="no snapshots"):
        export_week(tmp_path / "data", WEEK, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_failure_half_way_leaves_the_previous_export_and_no_partial_folder(data_dir, tmp_path, monkeypatch):
    previous = tmp_path / "exports" / EARLY
    previous.mkdir(parents=True)
    (previous / "manifest.json").write_text("{}")

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr("landscape.export.workbook.build", broken)
    with pytest.raises(OSError, match="disk full"):
        export_week(data_dir, EARLY, tmp_path)
    assert [p.name for p in (tmp_path / "exports").iterdir()] == [EARLY]
    assert [p.name for p in previous.iterdir()] == ["manifest.json"]


# ---- catalog ----------------------------------------------------------------------------------
def test_the_catalog_is_a_table_and_supplies_identity(data_dir, week_export):
    _, models = _catalog(data_dir)
    exported = pd.read_parquet(week_export / "catalog.parquet")
    assert len(exported) == len(models) and set(exported["model_id"]) == set(models["model_id"])
    catalog = _manifest(week_export)["catalog"]
    assert catalog["included"] is True
    assert {f["path"]: f["sha256"] for f in catalog["files"]} == {
        "catalog/models.parquet": sha256_file(data_dir / "catalog" / "models.parquet"),
        "catalog/mentions.parquet": sha256_file(data_dir / "catalog" / "mentions.parquet")}
    scores = pd.read_parquet(week_export / "scores.parquet")
    assert set(scores["model_id"].dropna()) <= set(models["model_id"])


def test_without_a_catalog_the_export_says_so(data_dir, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("catalog", "exports"))
    (tmp_path / "views").mkdir()
    views.save("meta", Filters.from_query({"org": "Meta"}), folder=tmp_path / "views")  # small: quick
    folder = export_week(copy, EARLY, tmp_path / "out", view="meta", views_dir=tmp_path / "views")
    assert not (folder / "catalog.parquet").exists() and not (folder / "catalog.csv").exists()
    assert _manifest(folder)["catalog"] == {"included": False, "files": []}
    summary = dict(list(openpyxl.load_workbook(folder / f"landscape-{EARLY}-meta.xlsx", read_only=True)
                        ["Summary"].iter_rows(values_only=True))[1:])
    assert summary["catalog"].startswith("not included")
    scores = pd.read_parquet(folder / "scores.parquet")  # identity falls back to the published name
    assert len(scores) and (scores["organization"] == "Meta").all()
    assert (scores["model_id"] == scores["model_name"].str.lower().str.strip()).all()


# ---- the report ----------------------------------------------------------------------------------
def _external_references(page: str) -> list[str]:
    soup = BeautifulSoup(page, "html.parser")
    found = [f"<script> {t.get('src')}" for t in soup.find_all("script")]
    found += [f"<link> {t.get('href')}" for t in soup.find_all("link")]
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            name = attribute.split(":")[-1]
            if name in ("src", "srcset", "data", "poster", "action", "background"):
                found.append(f"<{tag.name} {attribute}={value}>")
            if name == "href" and (tag.name != "a" or not str(value).startswith(("http://", "https://"))):
                found.append(f"<{tag.name} {attribute}={value}>")
            if attribute == "style" and "url(" in str(value):
                found.append(f"<{tag.name} style={value}>")
    for style in soup.find_all("style"):
        if "url(" in style.text or "@import" in style.text:
            found.append("<style> with url() or @import")
    return found


def test_report_is_self_contained_with_inline_svg(week_export):
    page = (week_export / "report.html").read_text(encoding="utf-8")
    assert _external_references(page) == []
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.select("figure > svg")) >= 3  # timeline, frontier, lag (and price at capability)
    links = [a["href"] for a in soup.find_all("a")]
    assert links and all(h.startswith(("http://", "https://")) for h in links)
    assert "https://openrouter.ai/api/v1/models" in links  # the source links
    headings = [h.get_text() for h in soup.find_all(["h2", "h3"])]
    for wanted in ("Headline", "Release timeline", "Frontier — arena_text", "What changed this week",
                   "Data freshness", "Sources"):
        assert any(h.startswith(wanted) for h in headings), wanted


def test_report_escapes_scraped_text_and_links_only_http():
    rows = pd.DataFrame({"title": ['<script>alert("x")</script>', "Fine & dandy", "Bad link"],
                         "url": ["https://example.org/a?b=1&c=2", "javascript:alert(1)", "data:text/html,hi"]})
    html = report_module.table(rows, ["title"], links={"title": "url"})
    assert "<script>" not in html and "&lt;script&gt;" in html
    soup = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == ["https://example.org/a?b=1&c=2"]
    assert "Fine &amp; dandy" in html and "javascript:" not in html and "data:text" not in html
