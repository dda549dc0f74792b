"""Speed and memory benchmark of the dashboard: `make bench` (python -m benchmarks.run)."""
