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
    return _print_results(pipeline.run(store, _names(args.source), configs, session), started)


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
    scheduler.serve(scheduler.build(store, configs, names, args.sources))
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
    common(p)
    p.set_defaults(func=cmd_schedule)
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
