"""Command line: python -m collectors {run,backfill,status,quarantine} ..."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import time
from pathlib import Path

from . import config, pipeline, quarantine, sources, status
from .errors import CollectorError
from .http import HttpPolicy, PoliteSession
from .store import Store, resolve_data_dir

log = logging.getLogger("collectors")


def _names(requested: list[str]) -> list[str]:
    unknown = [n for n in requested if n not in sources.SOURCE_MODULES]
    if unknown:
        raise SystemExit(f"error: unknown source(s) {', '.join(unknown)}; "
                         f"known: {', '.join(sources.SOURCE_MODULES)}")
    return requested or list(sources.SOURCE_MODULES)


def _print_results(results: list[pipeline.SourceResult], started: float) -> int:
    for result in results:
        print(result.line())
    failed = [r.source for r in results if not r.ok]
    print(f"done in {time.monotonic() - started:.1f}s: {len(results) - len(failed)} source(s) ok"
          + (f", {len(failed)} failed ({', '.join(failed)})" if failed else ""))
    return 1 if failed else 0


def cmd_run(args) -> int:
    started = time.monotonic()
    configs = config.load(args.sources)
    session = PoliteSession(config.allowed_hosts(configs), HttpPolicy())
    store = Store(resolve_data_dir(args.data_dir))
    results = pipeline.run(store, _names(args.source), configs, session)
    code = _print_results(results, started)
    _refresh_catalog(store, results)
    return code


def _refresh_catalog(store: Store, results: list[pipeline.SourceResult]) -> None:
    """New snapshots change which models exist: rebuild the catalog the dashboard joins on."""
    if not any(r.published for r in results):
        return
    from .scheduler import refresh_catalog
    started = time.monotonic()
    refresh_catalog(str(store.root))
    print(f"catalog rebuilt in {time.monotonic() - started:.1f}s")


def cmd_backfill(args) -> int:
    started = time.monotonic()
    from_dir = Path(args.from_dir)
    if not from_dir.is_dir():
        print(f"error: --from {from_dir} is not a folder", file=sys.stderr)
        return 2
    names = _names(args.source)
    store = Store(resolve_data_dir(args.data_dir))
    results = pipeline.backfill(store, from_dir, names, config.load(args.sources),
                                progress=sys.stderr.isatty())
    code = _print_results(results, started)
    _refresh_catalog(store, results)
    if not args.source:
        unclaimed, doubles = pipeline.unclaimed_files(from_dir, sources.load_all())
        for path in unclaimed:
            print(f"unclaimed: {path.relative_to(from_dir)} (no source reads this file)")
        for path, owners in doubles.items():
            print(f"claimed twice: {path.relative_to(from_dir)} by {', '.join(owners)}")
        if doubles:
            code = 1
    return code


def cmd_status(args) -> int:
    store = Store(resolve_data_dir(args.data_dir))
    rows = status.source_status(store, config.load(args.sources), _names(args.source))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"data directory: {store.root}")
        print(status.format_table(rows))
    return 1 if any(r["stale"] or r["failing"] for r in rows) else 0


def cmd_schedule(args) -> int:
    from . import scheduler
    configs = config.load(args.sources)
    names = [n for n in _names(args.source) if n in configs]
    store = Store(resolve_data_dir(args.data_dir))
    session = PoliteSession(config.allowed_hosts(configs), HttpPolicy())
    if args.once:
        started = time.monotonic()
        results = scheduler.run_once(store, configs, names, session)
        if not results:
            print("nothing due")
            return 0
        return _print_results(results, started)
    weekly = [("export:weekly", scheduler.export_job, scheduler.WEEKLY_EXPORT, [str(store.root), args.out])]
    scheduler.serve(scheduler.build(store, configs, names, args.sources, extra_jobs=weekly))
    return 0


def cmd_catalog(args) -> int:
    from .catalog.build import build_catalog
    started = time.monotonic()
    store = Store(resolve_data_dir(args.data_dir))
    if not store.entries():
        print(f"error: no snapshots in {store.root}; run backfill or run first", file=sys.stderr)
        return 1
    catalog = build_catalog(store)
    folder = catalog.write(store.root)
    models, unmatched = len(catalog.models), len(catalog.unmatched)
    print(f"catalog: {models} models, {len(catalog.aliases)} aliases, {unmatched} unmatched names, "
          f"{len(catalog.disagreements)} openness disagreements -> {folder} "
          f"({time.monotonic() - started:.1f}s)")
    return 0


def cmd_resolve(args) -> int:
    from .catalog.report import resolve_lines
    sys.stdout.write(resolve_lines(sys.stdin))
    return 0


def cmd_unmatched(args) -> int:
    from .catalog.build import Catalog, build_catalog
    from .catalog.report import unmatched_report
    store = Store(resolve_data_dir(args.data_dir))
    catalog = Catalog.read(store.root) if (store.root / "catalog").is_dir() else build_catalog(store)
    sys.stdout.write(unmatched_report(catalog))
    return 0


def cmd_export(args) -> int:
    from landscape.export import ExportError, export_week
    data_dir = resolve_data_dir(args.data_dir)
    out_dir = Path(args.out) if args.out else data_dir
    try:
        folder = export_week(data_dir, args.week, out_dir, view=args.view)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"export {args.week}{' view ' + args.view if args.view else ''}: {folder}")
    return 0


def cmd_quarantine(args) -> int:
    store = Store(resolve_data_dir(args.data_dir))
    if args.action == "list":
        held = quarantine.held(store)
        for record in held:
            print(f"{record['source']} {record['snapshot_date']}: {'; '.join(record['reasons'])}")
        if not held:
            print("nothing in quarantine")
        return 0
    if not (args.source_name and args.date):
        print("error: release and discard need SOURCE and DATE", file=sys.stderr)
        return 2
    day = dt.date.fromisoformat(args.date)
    with store.lock():
        if args.action == "release":
            entry = quarantine.release(store, args.source_name, day)
            print(f"released {args.source_name} {day}: published {entry['rows']} rows")
        else:
            quarantine.discard(store, args.source_name, day)
            print(f"discarded {args.source_name} {day}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m collectors",
                                     description="Collect AI model data into dated snapshots.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, with_sources=True):
        p.add_argument("--data-dir", help="data directory (default: $LANDSCAPE_DATA_DIR or ./data)")
        p.add_argument("--sources", help="sources file (default: collectors/sources.toml)")
        if with_sources:
            p.add_argument("source", nargs="*", help="source names (default: all)")

    p = sub.add_parser("run", help="fetch live, parse, validate, publish")
    common(p)
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("backfill", help="publish snapshots from recorded files")
    p.add_argument("--from", dest="from_dir", required=True, help="folder of recorded files")
    common(p)
    p.set_defaults(func=cmd_backfill)
    p = sub.add_parser("status", help="per source: last snapshot, rows, age, health")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    common(p)
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("schedule", help="run the collectors on their cadences (a service)")
    p.add_argument("--once", action="store_true", help="run what is due now and exit (for cron)")
    p.add_argument("--out", help="where the Monday 06:00 UTC weekly export goes (default: the data directory)")
    common(p)
    p.set_defaults(func=cmd_schedule)
    p = sub.add_parser("catalog", help="rebuild the model catalog (one identity per model) from the snapshots")
    common(p, with_sources=False)
    p.set_defaults(func=cmd_catalog)
    p = sub.add_parser("resolve", help="resolve model names from stdin ('name' or 'source<TAB>name'); CSV out")
    p.set_defaults(func=cmd_resolve)
    p = sub.add_parser("unmatched", help="list names no rule or alias resolved, with candidates to review")
    common(p, with_sources=False)
    p.set_defaults(func=cmd_unmatched)
    p = sub.add_parser("export", help="write the weekly export bundle for an ISO week")
    p.add_argument("--week", required=True, help="ISO week, e.g. 2026-W34")
    p.add_argument("--view", help="a saved view (views/NAME.json) to filter every table")
    p.add_argument("--out", help="folder to write exports/ into (default: the data directory)")
    common(p, with_sources=False)
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("quarantine", help="list, release or discard held snapshots")
    p.add_argument("action", choices=["list", "release", "discard"])
    p.add_argument("source_name", nargs="?")
    p.add_argument("date", nargs="?", help="YYYY-MM-DD")
    common(p, with_sources=False)
    p.set_defaults(func=cmd_quarantine)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    default_level = logging.INFO if args.command == "schedule" else logging.WARNING
    logging.basicConfig(level=logging.DEBUG if args.verbose else default_level,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except (CollectorError, config.ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
