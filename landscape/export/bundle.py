"""export_week: write exports/<YYYY-Www>[-<view>]/ for one ISO week; list_exports for the dashboard."""
from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from collectors import config
from landscape import views

from . import figures, report, workbook
from .files import build_atomically, file_records, write_table
from .weekdata import WeekData, load_week
from .weeks import ExportError, week_bounds

log = logging.getLogger(__name__)

TABLES = ("models", "scores", "prices", "releases", "catalog")
POINT_IN_TIME = ("snapshots with captured_at <= the end of the week (Sunday 23:59:59 UTC); the tables hold "
                 "the latest of each source (landscape.changes.in_force on snapshot_date, the UTC date of "
                 "captured_at); gaps, charts and Changes use every snapshot captured by then")


def export_name(week: str, view: str | None) -> str:
    return f"{week}-{view}" if view else week


def export_week(data_dir: Path, week: str, out_dir: Path, view: str | None = None,
                views_dir: Path = views.VIEWS_DIR, now: dt.datetime | None = None) -> Path:
    """Write the export of `week` (optionally through a saved view) and return its folder.

    Raises ExportError, having written nothing, for a malformed week, a week that has not ended,
    a week before any data, or a view that does not exist or is not a plain name. An existing
    export of the same week and view is replaced, but only once the new one is complete.
    """
    _, end = week_bounds(week)
    if end > (now or dt.datetime.now(dt.UTC)):
        raise ExportError(f"week {week} has not ended yet (it ends {end:%Y-%m-%d %H:%M:%S} UTC)")
    try:
        filters = views.load(view, Path(views_dir)) if view is not None else None
    except views.ViewError as exc:
        raise ExportError(str(exc)) from None
    data = load_week(Path(data_dir), week, filters)
    charts = figures.all_figures(data)
    final = Path(out_dir) / "exports" / export_name(week, view)
    return build_atomically(final, lambda folder: _write(folder, data, charts, view))


def _configs() -> dict[str, config.SourceConfig]:
    try:
        return config.load()
    except config.ConfigError as exc:
        log.warning("sources.toml unreadable (%s): freshness uses a 1-day cadence, licences unknown", exc)
        return {}


def _write(folder: Path, data: WeekData, charts: list[figures.Figure], view: str | None) -> None:
    name = export_name(data.week, view)
    tables = {t: data.tables[t] for t in TABLES if t in data.tables}
    for table, frame in tables.items():
        write_table(frame, folder, table)
    data.gaps.to_csv(folder / "gaps.csv", index=False, lineterminator="\n", encoding="utf-8")
    book_name = f"landscape-{name}.xlsx"
    files = sorted([*(f"{t}.{ext}" for t in tables for ext in ("parquet", "csv")), "gaps.csv", book_name,
                    "report.html", "manifest.json"])
    summary = _summary(data, view)
    changes = workbook.changes_frame(data.changes)
    (folder / book_name).write_bytes(workbook.build(
        summary, {**tables, "gaps": data.gaps}, changes, data.end, f"AI model landscape {name}"))
    page = report.render(data, charts, _configs(), view, summary, files)
    (folder / "report.html").write_text(page, encoding="utf-8")
    (folder / "manifest.json").write_text(
        json.dumps(_manifest(folder, data, view), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8")


def _catalog_line(data: WeekData) -> str:
    if data.has_catalog:
        return (f"included: {len(data.tables['catalog'])} models from catalog/models.parquet (the catalog as "
                "built now, not as of the week; it also supplies model_id, access and licence class)")
    return ("not included: no catalog/*.parquet in the data directory; model_id falls back to the "
            "lower-cased published name and access to what each source publishes")


def _summary(data: WeekData, view: str | None) -> list[tuple[str, str]]:
    diff = data.changes
    models = diff["models"]
    lines = [
        ("week", data.week),
        ("period (UTC)", f"{data.start:%Y-%m-%d} (Monday) to {data.end:%Y-%m-%d %H:%M:%S} (Sunday)"),
        ("point in time", POINT_IN_TIME),
        ("view", view or "none: everything"),
        ("filters", json.dumps(data.filters.to_query(), sort_keys=True) if data.filters else "none"),
        ("catalog", _catalog_line(data)),
        ("snapshots", f"{len(data.in_force)} in force (one per source) of {len(data.entries)} captured by then"),
        *[(f"rows: {t}", str(len(f))) for t, f in data.tables.items()],
        ("benchmarks with a gap", str(len(data.gaps))),
        ("changes vs the week before", f"{int((models['change'] == 'new').sum()) if not models.empty else 0} new "
         f"models, {int((models['change'] == 'removed').sum()) if not models.empty else 0} removed, "
         f"{len(diff['prices'])} price changes, {len(diff['scores'])} score/rank moves"),
    ]
    return lines


def _manifest(folder: Path, data: WeekData, view: str | None) -> dict:
    in_force = set(zip(data.in_force["source"], data.in_force["snapshot_date"], strict=True))
    snapshots = [{"source": e["source"], "snapshot_date": e["snapshot_date"], "captured_at": e["captured_at"],
                  "sha256": e["sha256"], "rows": e["rows"], "path": e["path"],
                  "in_force": (e["source"], e["snapshot_date"]) in in_force}
                 for e in data.entries.sort_values(["source", "snapshot_date"]).to_dict("records")]
    return {
        "export": export_name(data.week, view), "week": data.week, "view": view,
        "filters": data.filters.to_query() if data.filters else None,
        "period": {"start": data.start.isoformat(), "end": data.end.strftime("%Y-%m-%dT%H:%M:%SZ")},
        "point_in_time": POINT_IN_TIME,
        "catalog": {"included": data.has_catalog,
                    "files": [{"path": path, "sha256": sha} for path, sha in sorted(data.catalog_files.items())]},
        "tables": {t: len(f) for t, f in data.tables.items()},
        "files": file_records(folder),
        "snapshots": snapshots,
    }


def list_exports(out_dir: Path) -> list[dict]:
    """Finished exports under <out_dir>/exports, newest week first: week, view, path, files, created."""
    root = Path(out_dir) / "exports"
    found = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        manifest_path = path / "manifest.json"
        if path.name.startswith(".") or not manifest_path.is_file():
            continue  # a build in progress, or not an export
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            log.warning("skipping %s: unreadable manifest (%s)", path, exc)
            continue
        found.append({"week": manifest.get("week"), "view": manifest.get("view"), "path": path,
                      "files": [path / f["path"] for f in manifest.get("files", [])] + [manifest_path],
                      "created": dt.datetime.fromtimestamp(manifest_path.stat().st_mtime, dt.UTC)})
    return sorted(found, key=lambda e: (e["week"] or "", e["view"] or ""), reverse=True)
