"""Streamlit-free analysis shared by the dashboard and the exports: filters, saved views,
analysis functions (frontiers, lag, prices, changes) and chart builders (frame -> Altair chart)."""
