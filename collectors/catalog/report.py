"""Text the command line prints: the `resolve` command's CSV and the unmatched queue.

`resolve_lines(lines)` is the whole behaviour of `python -m collectors resolve`: one model name per
input line, optionally "source<TAB>name", and CSV out (name, model_id, variant, method, reason).
`unmatched_report(catalog)` lists the names that resolved to nothing, most frequent first.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .build import Catalog
from .names import Resolver, default_resolver

RESOLVE_COLUMNS = ("name", "model_id", "variant", "method", "reason")


def resolve_lines(lines: Iterable[str], resolver: Resolver | None = None) -> str:
    """CSV text with one row per input line (blank lines too: they are reported as empty names)."""
    resolver = resolver or default_resolver()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESOLVE_COLUMNS)
    for line in lines:
        line = line.rstrip("\r\n")
        source, name = line.split("\t", 1) if "\t" in line else (None, line)
        source = source.strip() or None if source is not None else None
        result = resolver.resolve(name, source)
        writer.writerow([name, result.model_id or "", result.variant, result.method, result.reason])
    return out.getvalue()


def unmatched_report(catalog: Catalog) -> str:
    """The unmatched queue as a plain-text table: count, name, sources, reason and candidates."""
    queue = catalog.unmatched
    if queue.empty:
        return "no unmatched names: every model mention has a model_id\n"
    total = int(queue["count"].sum())
    lines = [f"{len(queue)} unmatched name(s) in {total} snapshot row(s); candidates are proposals to "
             "review, add the right ones to data/reference/model_aliases.csv", ""]
    for row in queue.itertuples(index=False):
        lines.append(f"{row.count:>6}  {row.name}")
        lines.append(f"        sources: {row.sources}")
        lines.append(f"        reason: {row.reason}")
        if row.candidates:
            lines.append(f"        candidates: {row.candidates}")
    return "\n".join(lines) + "\n"
