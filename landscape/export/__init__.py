"""Weekly exports: everything a stakeholder needs about one ISO week, in one folder.

    exports/<YYYY-Www>[-<view>]/
        models|scores|prices|releases|catalog .parquet + .csv   the tables as of the week's end
        gaps.csv                 per benchmark: best open, best closed, gap, lag in months
        landscape-<name>.xlsx    Summary, one sheet per table, gaps, Changes (vs the week before)
        report.html              self-contained: headline, inline SVG charts, changes, freshness, sources
        manifest.json            every file's sha256 and the snapshots used

Modules: weeks (ISO week names), weekdata (what the export holds, in memory), figures (charts as
SVG), report (the HTML), workbook (the xlsx), files (deterministic writing, atomic swap), bundle
(export_week, list_exports).
"""
from .bundle import export_name, export_week, list_exports
from .weeks import ExportError, previous_week, week_bounds, week_of

__all__ = ["ExportError", "export_name", "export_week", "list_exports", "previous_week", "week_bounds",
           "week_of"]
