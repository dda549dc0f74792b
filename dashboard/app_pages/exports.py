"""Weekly exports: the bundles written by `python -m collectors export` (and the Monday job), to download."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import streamlit as st

from dashboard import widgets
from landscape.export import list_exports

loaded, _ = widgets.context()
st.title("Weekly exports")
st.caption("Each export holds the week's tables as of its end (parquet and CSV), an Excel workbook with a "
           "Changes sheet, gaps.csv, a self-contained report.html and a manifest of every file's sha256. "
           "Written every Monday 06:00 UTC by the scheduler, or by "
           "`python -m collectors export --week YYYY-Www [--view NAME]`.")


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder.name}/{path.relative_to(folder)}")
    return buffer.getvalue()


exports = list_exports(loaded.source.root)
if not exports:
    st.info("No weekly export has been written to this data directory yet.")
for export in exports:
    folder = export["path"]
    label = export["week"] + (f" · view {export['view']}" if export["view"] else "")
    with st.container(border=True):
        st.markdown(f"**{label}** — written {export['created']:%Y-%m-%d %H:%M} UTC, {len(export['files'])} files")
        left, middle, right = st.columns(3)
        left.download_button("Whole bundle (.zip)", data=lambda f=folder: _zip(f), file_name=f"{folder.name}.zip",
                             mime="application/zip", key=f"zip_{folder.name}", on_click="ignore")
        report = folder / "report.html"
        if report.exists():
            middle.download_button("report.html", data=lambda p=report: p.read_bytes(), file_name=f"{folder.name}.html",
                                   mime="text/html", key=f"html_{folder.name}", on_click="ignore")
        workbook = next((p for p in export["files"] if p.suffix == ".xlsx"), None)
        if workbook:
            right.download_button("Workbook (.xlsx)", data=lambda p=workbook: p.read_bytes(), file_name=workbook.name,
                                  mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  key=f"xlsx_{folder.name}", on_click="ignore")
