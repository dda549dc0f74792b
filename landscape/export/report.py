"""report.html: one self-contained page for stakeholders.

No scripts, no stylesheets, fonts or images from elsewhere: charts are inline SVG, styles inline,
and a Content-Security-Policy forbids the browser any other request. Every piece of scraped text
is HTML-escaped; links are emitted only for http(s) URLs.
"""
from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlsplit

import pandas as pd

from collectors.config import SourceConfig
from landscape.theme import ACCESS_COLORS

from .. import analysis
from .figures import Figure
from .weekdata import WeekData

TOP = 25  # rows per "what changed" table; the workbook's Changes sheet has all of them
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
STYLE = f"""
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 980px; padding: 0 1rem; color: #222; line-height: 1.45; }}
h1 {{ margin-bottom: .2rem; }} h2 {{ margin-top: 2.2rem; border-bottom: 1px solid #ddd; }}
.muted {{ color: #666; font-size: .9rem; }}
.tiles {{ display: flex; flex-wrap: wrap; gap: .8rem; }}
.tile {{ border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; min-width: 8rem; }}
.tile b {{ display: block; font-size: 1.5rem; }}
table {{ border-collapse: collapse; font-size: .85rem; margin: .6rem 0; }}
th, td {{ border-bottom: 1px solid #eee; padding: .25rem .5rem; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
figure {{ margin: 1rem 0; }} figure svg {{ max-width: 100%; height: auto; }}
.open_weights {{ color: {ACCESS_COLORS["open_weights"]}; }} .closed {{ color: {ACCESS_COLORS["closed"]}; }}
"""


def esc(value) -> str:
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return f"{value:%Y-%m-%d}" if value.time() == dt.time() else f"{value:%Y-%m-%d %H:%M} UTC"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return html.escape(str(value))


def link(url, text=None) -> str:
    """An <a> for http(s) URLs only; anything else is shown as plain text."""
    label = esc(text if text is not None else url)
    if isinstance(url, str) and urlsplit(url.strip()).scheme in ("http", "https"):
        return f'<a href="{html.escape(url.strip(), quote=True)}" rel="noopener noreferrer">{label}</a>'
    return label


def table(frame: pd.DataFrame, columns: list[str], links: dict[str, str] | None = None) -> str:
    """An HTML table of some columns; `links` maps a column to the column holding its URL."""
    columns = [c for c in columns if c in frame.columns]
    if frame.empty or not columns:
        return '<p class="muted">Nothing to show.</p>'
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = []
    for record in frame[columns + [u for u in (links or {}).values() if u not in columns]].to_dict("records"):
        cells = []
        for column in columns:
            value = record[column]
            text = link(record[links[column]], value) if links and column in links else esc(value)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(f'<td class="num">{text}</td>' if number else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _tiles(items: list[tuple[str, object]]) -> str:
    return '<div class="tiles">' + "".join(
        f'<div class="tile"><b>{esc(v)}</b><span class="muted">{esc(k)}</span></div>' for k, v in items) + "</div>"


def _figure(figure: Figure) -> str:
    body = figure.svg if figure.svg else ""
    return (f"<h3>{esc(figure.title)}</h3><figure>{body}<figcaption class=\"muted\">{esc(figure.caption)}"
            "</figcaption></figure>")


def freshness(data: WeekData, configs: dict[str, SourceConfig]) -> pd.DataFrame:
    """Per source in force: its snapshot, age at the week's end and whether that is stale (> 2 cadences)."""
    rows = []
    for entry in data.in_force.to_dict("records"):
        captured = dt.datetime.fromisoformat(entry["captured_at"].replace("Z", "+00:00"))
        age = data.end - captured
        cadence = configs[entry["source"]].cadence if entry["source"] in configs else dt.timedelta(days=1)
        rows.append({"source": entry["source"], "snapshot_date": entry["snapshot_date"],
                     "captured_at": entry["captured_at"], "age_days": round(age.total_seconds() / 86400, 1),
                     "cadence_days": round(cadence.total_seconds() / 86400, 2), "stale": age > 2 * cadence,
                     "rows": entry["rows"]})
    return pd.DataFrame(rows)


def _sources(data: WeekData, configs: dict[str, SourceConfig]) -> str:
    items = []
    for entry in data.in_force.to_dict("records"):
        urls = entry["source_url"] if isinstance(entry["source_url"], list) else [entry["source_url"]]
        licence = configs[entry["source"]].licence if entry["source"] in configs else "unknown"
        items.append(f"<li><b>{esc(entry['source'])}</b> ({esc(licence)}): "
                     + ", ".join(link(u) for u in urls) + "</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _announcements(data: WeekData) -> pd.DataFrame:
    releases = data.tables["releases"]
    if releases.empty:
        return releases
    when = releases["published_at"]
    start = pd.Timestamp(data.start, tz="UTC")
    week = releases[(when >= start) & (when <= pd.Timestamp(data.end))]
    return week.sort_values(["published_at", "title"], ascending=[False, True])


def _of_change(models: pd.DataFrame, change: str) -> pd.DataFrame:
    return models[models["change"] == change] if not models.empty else models


def _section(title: str, frame: pd.DataFrame, columns: list[str], links: dict[str, str] | None = None) -> list[str]:
    """A heading with the count, the first TOP rows, and where the rest are."""
    more = f'<p class="muted">The first {TOP} of {len(frame)}; the workbook has all of them.</p>' \
        if len(frame) > TOP else ""
    return [f"<h3>{esc(title)} ({len(frame)})</h3>", table(frame.head(TOP), columns, links), more]


def render(data: WeekData, figures: list[Figure], configs: dict[str, SourceConfig], view: str | None,
           summary: list[tuple[str, str]], files: list[str]) -> str:
    diff = data.changes
    headline = data.gaps[data.gaps["benchmark"].isin(analysis.HEADLINE_BENCHMARKS)]
    headline = headline if not headline.empty else data.gaps
    tiles = [("models in force", data.tables["models"]["model_id"].nunique()
              if "model_id" in data.tables["models"] else 0),
             ("new models this week", int((diff["models"]["change"] == "new").sum())
              if not diff["models"].empty else 0),
             ("price changes", len(diff["prices"])), ("score / rank moves", len(diff["scores"])),
             ("sources in force", len(data.in_force))]
    week_news = _announcements(data)
    view_line = f"<p>View <b>{esc(view)}</b>: only what its filters select.</p>" if view else ""
    parts = [
        f"<h1>AI model landscape — week {esc(data.week)}</h1>",
        f'<p class="muted">Monday {data.start:%Y-%m-%d} to Sunday {data.end:%Y-%m-%d} (UTC). Every number '
        f"comes from the snapshots captured by {data.end:%Y-%m-%d %H:%M:%S} UTC.</p>", view_line,
        "<h2>Headline</h2>", _tiles(tiles),
        "<p>Where open weights stand: best open and best closed score per benchmark, the gap (closed − open) "
        "and how many months the closed frontier was ahead.</p>",
        table(headline, ["benchmark", "best_open", "open_score", "best_closed", "closed_score", "gap",
                         "lag_months", "as_of"]),
        "<h2>Charts</h2>", *[_figure(f) for f in figures],
        "<h2>What changed this week</h2>",
        f'<p class="muted">Snapshots in force on {data.sunday - dt.timedelta(days=7):%Y-%m-%d} compared with '
        f"{data.sunday:%Y-%m-%d} (the dashboard's Changes page gives the same for these dates).</p>",
        *_section("New models", _of_change(diff["models"], "new"), ["model_name", "model_id", "sources"]),
        *_section("Removed models", _of_change(diff["models"], "removed"), ["model_name", "model_id", "sources"]),
        *_section("Price changes", diff["prices"], ["model_name", "provider", "source", "price",
                                                    "old_usd_per_mtok", "new_usd_per_mtok", "change_pct"]),
        *_section("Largest score moves", diff["scores"], ["benchmark", "model_name", "source", "score_old",
                                                          "score_new", "rank_change"]),
        *_section("Announcements published this week", week_news, ["published_at", "organization", "event",
                                                                   "title"], links={"title": "url"}),
        "<h2>Data freshness</h2>",
        table(freshness(data, configs), ["source", "snapshot_date", "age_days", "cadence_days", "stale", "rows"]),
        "<h2>Sources</h2>", _sources(data, configs),
        "<h2>About this export</h2>", table(pd.DataFrame(summary, columns=["item", "value"]), ["item", "value"]),
        '<p class="muted">Files: ' + ", ".join(esc(f) for f in files) + ".</p>",
    ]
    body = "\n".join(p for p in parts if p)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>AI model landscape — {esc(data.week)}{' — ' + esc(view) if view else ''}</title>"
            f"<style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")
