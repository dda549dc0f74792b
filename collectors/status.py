"""Per-source health: last snapshot, rows, age against cadence, last check, quarantine."""
from __future__ import annotations

import datetime as dt

from . import quarantine
from .config import SourceConfig
from .store import Store


def source_status(store: Store, configs: dict[str, SourceConfig], names: list[str],
                  now: dt.datetime | None = None) -> list[dict]:
    now = now or dt.datetime.now(dt.UTC)
    entries = store.entries()
    checks = quarantine.checks(store)
    held = quarantine.held(store)
    out = []
    for name in names:
        mine = [e for e in entries if e["source"] == name]
        latest = max(mine, key=lambda e: (e["snapshot_date"], e["captured_at"])) if mine else None
        cadence = configs[name].cadence if name in configs else dt.timedelta(days=1)
        last_check = next((c for c in reversed(checks) if c["source"] == name), None)
        age = None
        if latest:
            captured = dt.datetime.fromisoformat(latest["captured_at"].replace("Z", "+00:00"))
            age = now - captured
        failing = bool(last_check and last_check["outcome"].startswith("failed"))
        stale = latest is None or age > 2 * cadence
        out.append({
            "source": name,
            "snapshots": len(mine),
            "last_snapshot": latest["snapshot_date"] if latest else None,
            "rows": latest["rows"] if latest else 0,
            "age_days": round(age.total_seconds() / 86400, 1) if age is not None else None,
            "cadence_days": round(cadence.total_seconds() / 86400, 2),
            "stale": stale,
            "failing": failing,
            "last_check": last_check["checked_at"] if last_check else None,
            "last_outcome": last_check["outcome"] if last_check else None,
            "quarantined": [h["snapshot_date"] for h in held if h["source"] == name],
        })
    return out


def format_table(rows: list[dict]) -> str:
    header = f"{'source':<22} {'last snapshot':<13} {'rows':>7} {'age':>8} {'cadence':>8}  state"
    lines = [header, "-" * len(header)]
    for r in rows:
        state = []
        if r["failing"]:
            state.append(f"FAILING ({r['last_outcome']})")
        if r["stale"]:
            state.append("STALE" if r["last_snapshot"] else "NEVER COLLECTED")
        if r["quarantined"]:
            state.append(f"quarantined: {', '.join(r['quarantined'])}")
        age = f"{r['age_days']}d" if r["age_days"] is not None else "-"
        lines.append(f"{r['source']:<22} {r['last_snapshot'] or '-':<13} {r['rows']:>7} {age:>8} "
                     f"{r['cadence_days']:>7}d  {'; '.join(state) or 'ok'}")
    return "\n".join(lines)
