"""The collector service: APScheduler 3.x in its own process, each source on its cadence.

UTC everywhere; one job per source with a fixed id (`collect:<source>`) in a persistent job store
(<data dir>/scheduler.sqlite), so a restart replaces jobs instead of duplicating them; coalesce
missed runs into one; one instance per job; jobs run one at a time (a single worker) because the
store admits one writer; errors and misses are logged; SIGTERM stops cleanly after the running
job. `--once` runs what is due and exits, for cron or a Kubernetes CronJob.
"""
from __future__ import annotations

import datetime as dt
import logging
import signal
from collections.abc import Callable
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from . import config, pipeline
from .config import SourceConfig
from .errors import StoreError
from .http import HttpPolicy, PoliteSession
from .store import Store

log = logging.getLogger(__name__)
MISFIRE_GRACE = dt.timedelta(hours=1)


def due_sources(store: Store, configs: dict[str, SourceConfig], names: list[str],
                now: dt.datetime) -> list[str]:
    """Sources whose last published capture is at least one cadence old (or that have none)."""
    due = []
    for name in names:
        latest = store.latest(name)
        if latest is None:
            due.append(name)
            continue
        captured = dt.datetime.fromisoformat(latest["captured_at"].replace("Z", "+00:00"))
        if now - captured >= configs[name].cadence:
            due.append(name)
    return due


def collect_job(data_dir: str, sources_file: str | None, name: str) -> None:
    """One scheduled collection. Takes plain strings so the persistent job store can keep it."""
    configs = config.load(sources_file)
    session = PoliteSession(config.allowed_hosts(configs), HttpPolicy())
    try:
        results = pipeline.run(Store(data_dir), [name], configs, session)
    except StoreError as exc:  # another run holds the lock: try again at the next tick
        log.warning("%s: skipped, %s", name, exc)
        return
    for result in results:
        (log.info if result.ok else log.error)("%s", result.line())
    if any(r.published for r in results):
        refresh_catalog(data_dir)


def refresh_catalog(data_dir: str) -> None:
    """Rebuild the model catalog after new snapshots, so the dashboard joins on fresh identities."""
    from .catalog.build import build_catalog
    try:
        build_catalog(Store(data_dir)).write(data_dir)
    except Exception:  # the snapshots are published; a catalog failure must not hide that
        log.exception("catalog rebuild failed; the previous catalog stays in place")


def export_job(data_dir: str, out_dir: str | None = None, now: dt.datetime | None = None) -> None:
    """The weekly export of the ISO week that just ended (run Mondays 06:00 UTC)."""
    from landscape.export import ExportError, export_week, week_of
    week = week_of((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=7))
    try:
        folder = export_week(Path(data_dir), week, Path(out_dir or data_dir))
        log.info("weekly export %s written to %s", week, folder)
    except ExportError as exc:
        log.error("weekly export %s failed: %s", week, exc)


WEEKLY_EXPORT = CronTrigger(day_of_week="mon", hour=6, minute=0, timezone=dt.UTC)


def run_once(store: Store, configs: dict[str, SourceConfig], names: list[str], session: PoliteSession,
             now: dt.datetime | None = None) -> list[pipeline.SourceResult]:
    due = due_sources(store, configs, names, now or dt.datetime.now(dt.UTC))
    if not due:
        return []
    return pipeline.run(store, due, configs, session)


def build(store: Store, configs: dict[str, SourceConfig], names: list[str], sources_file: str | None,
          extra_jobs: list[tuple[str, Callable, object, list]] = (), blocking: bool = True) -> BaseScheduler:
    """A scheduler with one job per source (and any extra jobs, e.g. the weekly export)."""
    store.root.mkdir(parents=True, exist_ok=True)
    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(
        timezone=dt.UTC,
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{store.root / 'scheduler.sqlite'}")},
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": int(MISFIRE_GRACE.total_seconds())})
    now = dt.datetime.now(dt.UTC)
    due = set(due_sources(store, configs, names, now))
    for name in names:
        first = now
        if name not in due:  # not due yet: first run one cadence after the last capture
            captured = dt.datetime.fromisoformat(store.latest(name)["captured_at"].replace("Z", "+00:00"))
            first = captured + configs[name].cadence
        scheduler.add_job(collect_job, IntervalTrigger(seconds=configs[name].cadence.total_seconds(),
                                                       timezone=dt.UTC),
                          args=[str(store.root), sources_file, name], id=f"collect:{name}", name=name,
                          replace_existing=True, next_run_time=first)
    for job_id, func, trigger, args in extra_jobs:
        scheduler.add_job(func, trigger, args=args, id=job_id, name=job_id, replace_existing=True)
    scheduler.add_listener(_log_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_EXECUTED)
    return scheduler


def _announce(scheduler: BaseScheduler) -> None:
    for job in scheduler.get_jobs():
        log.warning("scheduled %s, next run %s", job.id, job.next_run_time)


def _log_event(event) -> None:
    if event.code == EVENT_JOB_ERROR:
        log.error("job %s failed: %r", event.job_id, event.exception)
    elif event.code == EVENT_JOB_MISSED:
        log.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)
    else:
        log.info("job %s done", event.job_id)


def serve(scheduler: BaseScheduler) -> None:
    """Run until SIGTERM or SIGINT; the running job finishes, then the process exits."""
    def stop(signum, frame):
        log.warning("signal %s: stopping the scheduler after the running job", signum)
        scheduler.shutdown(wait=False)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.add_listener(lambda event: _announce(scheduler), 2 ** 0)  # EVENT_SCHEDULER_STARTED
    scheduler.start()
    log.warning("scheduler stopped")
